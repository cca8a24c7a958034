"""The report's "Repair rounds" section: pass@1 and sec_pass@1 of both families against the
round, one table row per (model, round). Results without repair rounds get no section."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from .html_samples import e
from .layout import SampleKey
from .rounds import per_round

COLUMNS = ("pass@1", "sec_pass@1", "full_pass@1", "full_sec_pass@1")


def _pct(x: float | None) -> str:
    return "–" if x is None else f"{x * 100:.1f}%"


def rounds_section(results_dir: Path, keys: list[SampleKey]) -> list[str]:
    by_model: dict[str, list[SampleKey]] = defaultdict(list)
    for key in keys:
        by_model[key.model].append(key)
    rows = []
    for model, model_keys in sorted(by_model.items()):
        overall, _ = per_round(results_dir, model_keys)
        if len(overall) < 2:
            continue
        for row in overall:
            cells = "".join(f"<td class='num'>{_pct(row[c])}</td>" for c in COLUMNS)
            rows.append(f"<tr data-round='{row['round']}'><td>{e(model)}</td>"
                        f"<td class='num'>{row['round']}</td>"
                        f"<td class='num'>{row['n_answers']}</td>{cells}</tr>")
    if not rows:
        return []
    head = "".join(f"<th>{c}</th>" for c in COLUMNS)
    return ["<h2>Repair rounds</h2>",
            "<div class='scroll'><table id='rounds'><thead><tr><th>model</th><th>round</th>"
            f"<th>answers</th>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>",
            "<p class='muted'>Round 0 is the first answer; round r ≥ 1 answers the feedback on "
            "round r−1 in the same conversation. A sample counts at round r with its last "
            "round ≤ r (one that was already right is not asked again). Answers: samples "
            "that have an answer of that round.</p>"]
