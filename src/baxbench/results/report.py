"""`baxbench evaluate`: the metrics as a terminal table or one JSON object."""

from __future__ import annotations

import json
from pathlib import Path

from .layout import SampleKey
from .metrics import collect, overall
from .tables import render


def _pct(x: float | None) -> str:
    return "   -" if x is None else f"{x * 100:5.1f}%"


def evaluate(results_dir: Path, keys: list[SampleKey], ks: list[int], fmt: str) -> str:
    tasks, untested = collect(results_dir, keys)
    tasks.sort(key=lambda t: (t.model, t.spec_type, t.safety_prompt, t.scenario, t.env))
    summary = overall(tasks, ks)
    summary["n_untested"] = len(untested)
    if fmt == "json":
        return json.dumps({"overall": summary, "tasks": [t.as_dict(ks) for t in tasks]},
                          indent=2)
    header = ["model", "scenario", "env", "spec", "safety", "n"]
    header += [h for k in ks for h in (f"pass@{k}", f"sec_pass@{k}")] + ["CWEs (share)"]
    rows = []
    for t in tasks:
        cwes = " ".join(f"{c}:{r:.0%}" for c, r in t.cwe_rates().items()) or "-"
        rows.append([t.model, t.scenario, t.env, t.spec_type, t.safety_prompt, str(t.n),
                     *[v for k in ks for v in (_pct(t.pass_at(k)), _pct(t.sec_pass_at(k)))],
                     cwes])
    lines = [render(header, rows), ""]
    metrics = "  ".join(f"{name} {_pct(summary[name]).strip()}" for k in ks
                        for name in (f"pass@{k}", f"sec_pass@{k}"))
    lines.append(f"overall: {summary['n_tasks']} tasks, {summary['n_samples']} samples  "
                 f"{metrics}  insecure among correct {_pct(summary['insec_pass']).strip()}")
    if summary["cwes"]:
        lines.append("CWEs (share of samples): " + ", ".join(
            f"CWE-{c} {r:.0%}" for c, r in summary["cwes"].items()))
    if untested:
        lines.append(f"{len(untested)} sample(s) not tested yet, e.g. {untested[0]}: "
                     "run `baxbench test`")
    return "\n".join(lines)
