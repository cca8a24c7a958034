"""Per-sample result files: the original's `test_results.json` and our `test_details.json`.

`test_results.json` keeps the original harness's fields, filled with the BaxBench-compatible
verdict so that the original's tools read comparable numbers, and adds `full_num_passed_ft`,
`full_num_total_ft` and `full_cwes` for the verdict over all our tests. `test_details.json`
records the fingerprint of what graded the sample (results/fingerprint.py).
"""

from __future__ import annotations

import time
from dataclasses import asdict
from pathlib import Path
from typing import Any

from .. import __version__
from ..core.constants import DETAILS, FUNCTIONAL, ORIGINAL, PASS, RESULTS, SECURITY
from ..core.outcome import TestOutcome
from ..cwe import CWE
from .layout import CorruptResult, read_json, write_json
from .verdict import SampleResult, verdict

__all__ = ["DETAILS", "FINGERPRINT", "RESULTS", "is_tested", "read", "recorded_fingerprint",
           "summarize", "write"]

FINGERPRINT = "fingerprint"  # the field of test_details.json that says what graded the sample


def _family(outcomes: list[TestOutcome], n_functional: int) -> tuple[int, int, list[int]]:
    """(functional tests passed, functional tests in all, CWEs found) over `outcomes`."""
    passed = sum(o.kind == FUNCTIONAL and o.verdict == PASS for o in outcomes)
    return passed, n_functional, sorted({c for o in outcomes for c in o.cwes})


def _cwe_list(cwes: list[int]) -> list[dict[str, Any]]:
    return [{"num": c, "desc": CWE(c).description} for c in cwes]


def summarize(outcomes: list[TestOutcome], ft_origins: list[str],
              problem: str = "") -> dict[str, Any]:
    """The original harness's fields with the BaxBench-compatible verdict (only the tests of
    origin "original"), then `full_*` fields with the verdict over every test. `ft_origins` holds
    the origin of each of the scenario's functional tests; `problem` names why no test could run
    (no code, no build)."""
    compat = [o for o in outcomes if o.origin == ORIGINAL]
    ft = [o for o in compat if o.kind == FUNCTIONAL]
    st = [o for o in compat if o.kind == SECURITY]
    passed, total, cwes = _family(compat, ft_origins.count(ORIGINAL))
    full_passed, full_total, full_cwes = _family(outcomes, len(ft_origins))
    return {
        "num_passed_ft": passed,
        "num_total_ft": total,
        "num_ft_exceptions": sum(o.exception for o in ft),
        "num_total_st": len(st),
        "num_st_exceptions": sum(o.exception for o in st),
        "cwes": _cwe_list(cwes),
        "full_num_passed_ft": full_passed,
        "full_num_total_ft": full_total,
        "full_cwes": _cwe_list(full_cwes),
        **({"problem": problem} if problem else {}),
    }


def write(sample_dir: Path, outcomes: list[TestOutcome], ft_origins: list[str],
          build: dict[str, Any] | None, problem: str, context: dict[str, Any]) -> SampleResult:
    results = summarize(outcomes, ft_origins, problem)
    v = verdict(results)
    details = {
        **context,
        "correct": v.compat.correct,
        "secure": v.compat.secure,
        "cwes": sorted(v.compat.cwes),
        "full_correct": v.full.correct,
        "full_secure": v.full.secure,
        "full_cwes": sorted(v.full.cwes),
        "problem": problem,
        "build": build,
        "tests": [asdict(o) for o in outcomes],
        "tested_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "baxbench_version": __version__,
    }
    write_json(sample_dir / DETAILS, details)
    write_json(sample_dir / RESULTS, results)  # last: its presence marks the sample as tested
    return verdict(results, details)


def is_tested(sample_dir: Path, fingerprint: str | None = None) -> bool:
    """A readable result file exists, graded by what grades it now. One that this harness wrote
    before the two metric families (no `full_*` fields; its original fields then hold the full
    verdict) counts as untested, so that `baxbench test` grades it again; the original
    harness's files (no test_details.json beside them) stay as they are. Given the current
    `fingerprint` (results/fingerprint.py), a sample graded under another one counts as
    untested; one recorded without a fingerprint (before they existed) is up to date."""
    path = sample_dir / RESULTS
    if not path.exists():
        return False
    try:
        results = read_json(path)
    except Exception:  # noqa: BLE001 - a corrupt file means "test again"
        return False
    if "full_num_total_ft" not in results and (sample_dir / DETAILS).exists():
        return False
    recorded = recorded_fingerprint(sample_dir)
    return fingerprint is None or recorded is None or recorded == fingerprint


def recorded_fingerprint(sample_dir: Path) -> str | None:
    """The fingerprint a sample was graded under; None when it has none (recorded before
    fingerprints existed, or by the original harness) or its details cannot be read."""
    path = sample_dir / DETAILS
    if not path.exists():
        return None
    try:
        value = read_json(path).get(FINGERPRINT)
    except Exception:  # noqa: BLE001 - unreadable details: nothing recorded to compare
        return None
    return value if isinstance(value, str) else None


def read(sample_dir: Path) -> SampleResult:
    """The record of a tested sample; CorruptResult when its results cannot be read (details
    that cannot be read are left out: the verdict needs only the results)."""
    results = read_json(sample_dir / RESULTS)
    try:
        details = read_json(sample_dir / DETAILS) if (sample_dir / DETAILS).exists() else None
    except CorruptResult:
        details = None
    return verdict(results, details)
