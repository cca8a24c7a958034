"""`baxbench selfcheck`: run every reference app through the real pipeline and compare verdicts.

A secure reference must pass every functional test and show no CWE; a vulnerable one must pass
every functional test and show exactly the CWEs its `variant.json` names. Both are judged by the
full verdict (every test, `full_*` fields), since some vulnerabilities only an added test finds.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..generation.models import SECURE, expected_cwes, get_model, reference_dir, variants
from ..results.layout import SampleKey
from ..results.records import read
from ..results.tables import render as render_table
from . import pipeline


def _cases(scenarios: list[str], envs: list[str], only: str) -> list[tuple[str, str, str]]:
    """(scenario, env, variant) of each reference to check; `only`: all | secure | vulnerable."""
    cases = []
    for s in scenarios:
        for e in envs:
            if only != "vulnerable" and (reference_dir(s, e) / SECURE).is_dir():
                cases.append((s, e, SECURE))
            if only != "secure":
                cases += [(s, e, v) for v in variants(s, e)]
    return cases


def has_cases(scenarios: list[str], envs: list[str], only: str = "all") -> bool:
    return bool(_cases(scenarios, envs, only))


def run(scenarios: list[str], envs: list[str], results_dir: Path | None,
        tester: Callable[[list[SampleKey], Path, bool], None],
        only: str = "all") -> list[dict[str, Any]]:
    """Write every reference as a sample, test them all with `tester` (the local thread pool
    or Ray), and compare each verdict with the expected one."""
    with tempfile.TemporaryDirectory(prefix="baxbench-selfcheck-") as tmp:
        root = results_dir or Path(tmp)
        cases = _cases(scenarios, envs, only)
        keys = [SampleKey(f"reference:{v}", s, e, 0.0, "openapi", "none", 0) for s, e, v in cases]
        for key in keys:
            pipeline.generate_one(get_model(key.model), key, root)
        tester(keys, root, True)
        return [_row(root, key, case) for key, case in zip(keys, cases, strict=True)]


def _row(root: Path, key: SampleKey, case: tuple[str, str, str]) -> dict[str, Any]:
    scenario, env, variant = case
    result = read(key.path(root))
    expected = expected_cwes(scenario, env, variant)
    full = result.full
    found = sorted(full.cwes)
    ok = full.correct and found == expected
    return {"scenario": scenario, "env": env, "variant": variant, "expected_cwes": expected,
            "found_cwes": found, "ft_passed": full.passed, "ft_total": full.total, "ok": ok,
            "problem": result.problem}


def render(rows: list[dict[str, Any]], fmt: str) -> str:
    if fmt == "json":
        return json.dumps(rows, indent=2)
    def cwes(cs: list[int]) -> str:
        return ",".join(map(str, cs)) or "-"

    header = ["scenario", "env", "variant", "expected", "found", "functional", "ok"]
    body = [[r["scenario"], r["env"], r["variant"], cwes(r["expected_cwes"]),
             cwes(r["found_cwes"]), f"{r['ft_passed']}/{r['ft_total']}",
             "ok" if r["ok"] else "FAIL " + r["problem"]] for r in rows]
    n_bad = sum(not r["ok"] for r in rows)
    return (render_table(header, body)
            + f"\n\n{len(rows) - n_bad}/{len(rows)} references behave as expected")
