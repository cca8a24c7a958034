"""`baxbench evaluate`: the same metrics as a terminal table, JSON, CSV or Markdown.

Every format holds the same rows: one per task, one overall row per model (with its spec type
and safety prompt), and one overall row for everything; CWEs are keyed `CWE-<n>` in all of them.
Each row has two metric families: the BaxBench-compatible figures (`pass@k`, `sec_pass@k`,
`insec_pass`, `cwes`: from the tests of origin "original" only, comparable with the paper) and the
full ones (`full_pass@k`, `full_sec_pass@k`, `full_insec_pass`, `full_cwes`: every test).
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections import defaultdict
from pathlib import Path
from typing import Any

from .fingerprint import warn_if_mixed
from .layout import SampleKey
from .metrics import TaskMetrics, collect, overall
from .rounds import per_round
from .tables import render

FORMATS = ("table", "json", "csv", "markdown")
_METRIC = re.compile(r"^(?:\w+_)?pass@\d+$")
LEGEND = ("pass@k, sec_pass@k, insecure among correct, CWEs: BaxBench-compatible "
          "(original tests only); full_*: full (all tests of this harness)")


def cwe_key(num: int | str) -> str:
    return f"CWE-{num}"


def _pct(x: float | None) -> str:
    return "-" if x is None else f"{x * 100:.1f}%"


def _metric_names(sample: dict[str, Any]) -> list[str]:
    """Every pass@k-like key the evaluate data holds (pass@k, sec_pass@k, and any other
    family such as full_pass@k), in their order."""
    return [k for k in sample if _METRIC.match(k)]


def _keyed_cwes(row: dict[str, Any]) -> dict[str, Any]:
    for field in ("cwes", "full_cwes"):
        row[field] = {cwe_key(c): r for c, r in row[field].items()}
    return row


def _task_row(task: TaskMetrics, ks: list[int]) -> dict[str, Any]:
    return {"level": "task", **_keyed_cwes(task.as_dict(ks))}


def _summary_row(tasks: list[TaskMetrics], ks: list[int], model: str | None,
                 spec: str | None, safety: str | None) -> dict[str, Any]:
    s = _keyed_cwes(overall(tasks, ks))
    return {"level": "model" if model is not None else "all", "model": model or "",
            "scenario": "", "env": "", "spec_type": spec or "", "safety_prompt": safety or "",
            **s}


def model_rows(tasks: list[TaskMetrics], ks: list[int]) -> list[dict[str, Any]]:
    """One overall row per (model, spec type, safety prompt)."""
    groups: dict[tuple[str, str, str], list[TaskMetrics]] = defaultdict(list)
    for t in tasks:
        groups[t.model, t.spec_type, t.safety_prompt].append(t)
    return [_summary_row(ts, ks, *g) for g, ts in sorted(groups.items())]


def _cwes_text(cwes: dict[str, float], exact: bool = False) -> str:
    return " ".join(f"{c}:{r:g}" if exact else f"{c}:{r:.2f}" for c, r in cwes.items())


def _columns(rows: list[dict[str, Any]]) -> list[str]:
    metrics = _metric_names(rows[0]) if rows else []
    return ["level", "model", "scenario", "env", "spec_type", "safety_prompt", "n_tasks",
            "n_samples", *metrics, "insec_pass", "full_insec_pass", "cwes", "full_cwes"]


def _flat(row: dict[str, Any], columns: list[str], exact: bool = False) -> list[Any]:
    values = {**row, "cwes": _cwes_text(row["cwes"], exact),
              "full_cwes": _cwes_text(row["full_cwes"], exact), "n_tasks": row.get("n_tasks", 1)}
    return [values.get(c) for c in columns]


def _as_text(values: list[Any]) -> list[str]:
    return [_pct(v) if isinstance(v, float) or v is None else str(v) or "-" for v in values]


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _family(row: dict[str, Any], prefix: str) -> str:
    names = [n for n in _metric_names(row) if n.startswith("full_") == (prefix == "full_")]
    metrics = "  ".join(f"{name} {_pct(row[name])}" for name in names)
    return f"{metrics}  insecure among correct {_pct(row[prefix + 'insec_pass'])}"


def _overall_line(row: dict[str, Any]) -> str:
    who = "overall" if row["level"] == "all" else (
        f"{row['model']} ({row['spec_type']}, {row['safety_prompt']})")
    line = (f"{who}: {_count(row['n_tasks'], 'task')}, {_count(row['n_samples'], 'sample')}  "
            f"{_family(row, '')}\n  full: {_family(row, 'full_')}")
    for prefix in ("", "full_") if row["level"] == "all" else ():
        if row[prefix + "cwes"]:
            line += f"\n{'full ' if prefix else ''}CWEs (share of samples): " + ", ".join(
                f"{c} {r:.0%}" for c, r in row[prefix + "cwes"].items())
    return line


def round_lines(rows: list[dict[str, Any]]) -> list[str]:
    """One line per repair round: pass@1 and sec_pass@1 of both families (none without
    repair rounds)."""
    if not rows:
        return []
    lines = ["repair rounds (a sample counts with its last round <= r):"]
    for row in rows:
        lines.append(f"  round {row['round']}: answers {row['n_answers']}  "
                     f"pass@1 {_pct(row['pass@1'])}  sec_pass@1 {_pct(row['sec_pass@1'])}  "
                     f"full_pass@1 {_pct(row['full_pass@1'])}  "
                     f"full_sec_pass@1 {_pct(row['full_sec_pass@1'])}")
    return lines


def _text_table(task_rows: list[dict[str, Any]]) -> str:
    columns = [c for c in _columns(task_rows)
               if c not in ("level", "n_tasks", "insec_pass", "full_insec_pass")]
    return render(columns, [_as_text(_flat(r, columns)) for r in task_rows])


def evaluate(results_dir: Path, keys: list[SampleKey], ks: list[int], fmt: str) -> str:
    """The metrics of the samples in `fmt`; a warning on stderr for each task whose samples were
    graded under different fingerprints (results/fingerprint.py)."""
    warn_if_mixed(results_dir, keys)
    tasks, untested = collect(results_dir, keys)
    tasks.sort(key=lambda t: (t.model, t.spec_type, t.safety_prompt, t.scenario, t.env))
    task_rows = [_task_row(t, ks) for t in tasks]
    per_model = model_rows(tasks, ks)
    everything = _summary_row(tasks, ks, None, None, None)
    everything["n_untested"] = len(untested)
    round_rows, task_rounds = per_round(results_dir, keys)
    if len(round_rows) > 1:  # repair rounds: per-round figures (none without them)
        everything["rounds"] = round_rows
        for task, row in zip(tasks, task_rows, strict=True):
            row["rounds"] = task_rounds.get((task.model, task.scenario, task.env,
                                             task.spec_type, task.safety_prompt), [])
    if fmt == "json":
        return json.dumps({"overall": everything, "models": per_model, "tasks": task_rows},
                          indent=2)
    rows = [*task_rows, *per_model, everything]
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        columns = _columns(rows)
        writer.writerow(columns)
        writer.writerows([["" if v is None else v for v in _flat(r, columns, exact=True)]
                          for r in rows])
        return out.getvalue().rstrip("\n")
    summaries = [_overall_line(r) for r in [*per_model, everything]] + [LEGEND]
    summaries += round_lines(everything.get("rounds", []))
    if fmt == "markdown":
        columns = _columns(rows)
        lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
        lines += ["| " + " | ".join(_as_text(_flat(r, columns))) + " |" for r in rows]
        return "\n".join(lines) + "\n\n" + "\n".join(summaries).replace("\n", "  \n")
    lines = [_text_table(task_rows), "", *summaries]
    if untested:
        lines.append(f"{len(untested)} sample(s) not tested yet, e.g. {untested[0]}: "
                     "run `baxbench test`")
    return "\n".join(lines)
