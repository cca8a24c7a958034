"""The report's "Repair rounds" section: pass@1 and sec_pass@1 of both families against the
round, one table row per (model, round). Results without repair rounds get no section."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

from .html_samples import e
from .layout import SampleKey
from .rounds import per_round

COLUMNS = ("pass@1", "sec_pass@1", "full_pass@1", "full_sec_pass@1")


def _pct(x: float | None) -> str:
    return "–" if x is None else f"{x * 100:.1f}%"


LINES = (("pass@1", "#2563eb"), ("sec_pass@1", "#16a34a"))


def chart(model: str, rows: list[dict[str, Any]]) -> str:
    """pass@1 and sec_pass@1 (BaxBench-compatible) against the round, as a small inline SVG."""
    width, height, pad = 300, 120, 30
    step = (width - 2 * pad) / max(1, len(rows) - 1)

    def point(i: int, value: float | None) -> str:
        return f"{pad + i * step:.1f},{height - pad - (value or 0.0) * (height - 2 * pad):.1f}"

    lines = "".join(
        f"<polyline fill='none' stroke='{color}' stroke-width='2' points='"
        + " ".join(point(i, row[name]) for i, row in enumerate(rows)) + f"'><title>{name}"
        "</title></polyline>" for name, color in LINES)
    ticks = "".join(f"<text x='{pad + i * step:.1f}' y='{height - 14}' font-size='10' "
                    f"text-anchor='middle'>{row['round']}</text>" for i, row in enumerate(rows))
    legend = "".join(f"<text x='{pad + 80 * j}' y='12' font-size='10' fill='{color}'>{name}"
                     "</text>" for j, (name, color) in enumerate(LINES))
    legend += (f"<text x='{pad + 160}' y='12' font-size='10'>{e(model)}</text>"
               f"<text x='2' y='{pad + 4}' font-size='9'>100%</text>"
               f"<text x='2' y='{height - pad + 4}' font-size='9'>0%</text>"
               f"<line x1='{pad}' x2='{width - pad}' y1='{height - pad}' y2='{height - pad}' "
               f"stroke='#ccc'/><text x='{width // 2}' y='{height - 2}' font-size='9' "
               "text-anchor='middle'>round</text>")
    return (f"<svg class='rounds-chart' width='{width}' height='{height}' role='img' "
            f"aria-label='{e(model)}: pass@1 and sec_pass@1 by repair round'>"
            f"<title>{e(model)}</title>{legend}{lines}{ticks}</svg>")


def rounds_section(results_dir: Path, keys: list[SampleKey]) -> list[str]:
    by_model: dict[str, list[SampleKey]] = defaultdict(list)
    for key in keys:
        by_model[key.model].append(key)
    rows, charts = [], []
    for model, model_keys in sorted(by_model.items()):
        overall, _ = per_round(results_dir, model_keys)
        if len(overall) < 2:
            continue
        charts.append(chart(model, overall))
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
            f"<div>{''.join(charts)}</div>",
            "<p class='muted'>Round 0 is the first answer; round r ≥ 1 answers the feedback on "
            "round r−1 in the same conversation. A sample counts at round r with its last "
            "round ≤ r (one that was already right is not asked again). Answers: samples "
            "that have an answer of that round.</p>"]
