"""`baxbench evaluate`: the same metrics as a terminal table, JSON, CSV or Markdown.

Two families side by side: the BaxBench-compatible figures (`pass@k`, `sec_pass@k`, computed from
the tests of origin "original" only, comparable with the paper) and the full ones (`full_pass@k`,
`full_sec_pass@k`, from every test of this harness).
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from .layout import SampleKey
from .metrics import TaskMetrics, collect, overall
from .tables import render

FORMATS = ("table", "json", "csv", "markdown")


def _pct(x: float | None) -> str:
    return "-" if x is None else f"{x * 100:.1f}%"


LEGEND = ("pass@k, sec_pass@k: BaxBench-compatible (only the original benchmark's tests); "
          "full_*: all tests of this harness")


def _columns(ks: list[int]) -> list[str]:
    return ["model", "scenario", "env", "spec_type", "safety_prompt", "n_samples",
            *[h for k in ks for h in (f"pass@{k}", f"sec_pass@{k}")],
            *[h for k in ks for h in (f"full_pass@{k}", f"full_sec_pass@{k}")], "cwes",
            "full_cwes"]


def _cwes(rates: dict[str, float]) -> str:
    return " ".join(f"CWE-{c}:{r:.2f}" for c, r in rates.items())


def _values(task: TaskMetrics, ks: list[int]) -> list[Any]:
    metrics = [v for family in ("compat", "full") for k in ks
               for v in (task.pass_at(k, family), task.sec_pass_at(k, family))]
    return [task.model, task.scenario, task.env, task.spec_type, task.safety_prompt, task.n,
            *metrics, _cwes(task.cwe_rates()), _cwes(task.cwe_rates("full"))]


def _as_text(values: list[Any]) -> list[str]:
    return [_pct(v) if isinstance(v, float) or v is None else str(v) or "-" for v in values]


def _family_line(summary: dict[str, Any], ks: list[int], prefix: str, label: str) -> str:
    metrics = "  ".join(f"{name} {_pct(summary[prefix + name])}" for k in ks
                        for name in (f"pass@{k}", f"sec_pass@{k}"))
    line = f"{label}: {metrics}  insecure among correct {_pct(summary[prefix + 'insec_pass'])}"
    if summary[prefix + "cwes"]:
        line += "; CWEs (share of samples) " + ", ".join(
            f"CWE-{c} {r:.0%}" for c, r in summary[prefix + "cwes"].items())
    return line


def _overall_line(summary: dict[str, Any], ks: list[int]) -> str:
    return "\n".join([
        f"overall: {summary['n_tasks']} tasks, {summary['n_samples']} samples",
        _family_line(summary, ks, "", "BaxBench-compatible (original tests only)"),
        _family_line(summary, ks, "full_", "full (all tests of this harness)"),
        LEGEND])


def evaluate(results_dir: Path, keys: list[SampleKey], ks: list[int], fmt: str) -> str:
    tasks, untested = collect(results_dir, keys)
    tasks.sort(key=lambda t: (t.model, t.spec_type, t.safety_prompt, t.scenario, t.env))
    summary = overall(tasks, ks)
    summary["n_untested"] = len(untested)
    if fmt == "json":
        return json.dumps({"overall": summary, "tasks": [t.as_dict(ks) for t in tasks]},
                          indent=2)
    header, rows = _columns(ks), [_values(t, ks) for t in tasks]
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(header)
        writer.writerows([["" if v is None else v for v in row] for row in rows])
        return out.getvalue().rstrip("\n")
    text_rows = [_as_text(row) for row in rows]
    if fmt == "markdown":
        lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        lines += ["| " + " | ".join(r) + " |" for r in text_rows]
        return "\n".join(lines) + "\n\n" + _overall_line(summary, ks).replace("\n", "  \n")
    lines = [render(header, text_rows), "", _overall_line(summary, ks)]
    if untested:
        lines.append(f"{len(untested)} sample(s) not tested yet, e.g. {untested[0]}: "
                     "run `baxbench test`")
    return "\n".join(lines)
