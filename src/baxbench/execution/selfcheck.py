"""`baxbench selfcheck`: run every reference app through the real pipeline and compare verdicts.

A secure reference must pass every functional test and show no CWE; a vulnerable one must pass
every functional test and show exactly the CWEs its `variant.json` names. Both are judged by the
full verdict (every test, `full_*` fields), since some vulnerabilities only an added test finds.
A task known to have no secure reference gets a row too (`ok` null, `blocked` says why), so the
output names every task of the selection.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..core.outcome import TestOutcome
from ..generation.models import (
    BLOCKED,
    SECURE,
    WHY_BLOCKED,
    expected_cwes,
    get_model,
    reference_dir,
    variants,
)
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
        rows = [_row(root, key, case) for key, case in zip(keys, cases, strict=True)]
    if only != "vulnerable":
        rows += [_blocked_row(s, e) for s in scenarios for e in envs if (s, e) in BLOCKED]
    return rows


def _blocked_row(scenario: str, env: str) -> dict[str, Any]:
    return {"scenario": scenario, "env": env, "variant": SECURE, "expected_cwes": [],
            "found_cwes": [], "ft_passed": 0, "ft_total": 0, "ok": None,
            "blocked": WHY_BLOCKED[BLOCKED[scenario, env]]}


def _row(root: Path, key: SampleKey, case: tuple[str, str, str]) -> dict[str, Any]:
    scenario, env, variant = case
    result = read(key.path(root))
    expected = expected_cwes(scenario, env, variant)
    full = result.full
    found = sorted(full.cwes)
    ok = full.correct and found == expected
    return {"scenario": scenario, "env": env, "variant": variant, "expected_cwes": expected,
            "found_cwes": found, "ft_passed": full.passed, "ft_total": full.total, "ok": ok,
            "problem": "" if ok else result.problem or _misjudged(result.tests, expected)}


def _misjudged(tests: tuple[TestOutcome, ...], expected: list[int]) -> str:
    """The tests behind an unexpected verdict, each with its reason."""
    return "; ".join(f"{t.name}: {t.verdict} {t.reason}".strip() for t in tests
                     if (t.kind == "functional" and t.verdict != "pass")
                     or set(t.cwes) - set(expected))


def render(rows: list[dict[str, Any]], fmt: str) -> str:
    if fmt == "json":
        return json.dumps(rows, indent=2)
    def cwes(cs: list[int]) -> str:
        return ",".join(map(str, cs)) or "-"

    header = ["scenario", "env", "variant", "expected", "found", "functional", "ok"]
    body = [[r["scenario"], r["env"], r["variant"], cwes(r["expected_cwes"]),
             cwes(r["found_cwes"]),
             "-" if r["ok"] is None else f"{r['ft_passed']}/{r['ft_total']}",
             _status(r)] for r in rows]
    checked = [r for r in rows if r["ok"] is not None]
    n_bad = sum(not r["ok"] for r in checked)
    summary = f"{len(checked) - n_bad}/{len(checked)} references behave as expected"
    if n_blocked := len(rows) - len(checked):
        summary += (f"; {n_blocked} tasks have no secure reference (blocked: not solvable as "
                    "the env stands, see docs/frameworks.md)")
    return render_table(header, body) + "\n\n" + summary


def _status(row: dict[str, Any]) -> str:
    if row["ok"] is None:
        return "blocked: " + row["blocked"]
    return "ok" if row["ok"] else "FAIL " + row["problem"]
