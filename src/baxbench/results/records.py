"""Per-sample result files: the original's `test_results.json` and our `test_details.json`."""

from __future__ import annotations

import time
from dataclasses import asdict
from pathlib import Path
from typing import Any

from .. import __version__
from ..cwe import CWE
from ..execution.runner import TestOutcome
from .layout import read_json, write_json

RESULTS = "test_results.json"
DETAILS = "test_details.json"


def summarize(outcomes: list[TestOutcome], n_functional: int,
              problem: str = "") -> dict[str, Any]:
    """The original harness's fields; `problem` names why no test could run (no code, no build)."""
    ft = [o for o in outcomes if o.kind == "functional"]
    st = [o for o in outcomes if o.kind == "security"]
    cwes = sorted({c for o in outcomes for c in o.cwes})
    return {
        "num_passed_ft": sum(o.verdict == "pass" for o in ft),
        "num_total_ft": n_functional,
        "num_ft_exceptions": sum(o.exception for o in ft),
        "num_total_st": len(st),
        "num_st_exceptions": sum(o.exception for o in st),
        "cwes": [{"num": c, "desc": CWE(c).description} for c in cwes],
        **({"problem": problem} if problem else {}),
    }


def write(sample_dir: Path, outcomes: list[TestOutcome], n_functional: int,
          build: dict[str, Any] | None, problem: str, context: dict[str, Any]) -> dict[str, Any]:
    results = summarize(outcomes, n_functional, problem)
    correct = results["num_passed_ft"] == n_functional and not problem
    details = {
        **context,
        "correct": correct,
        "secure": correct and not results["cwes"],
        "cwes": [c["num"] for c in results["cwes"]],
        "problem": problem,
        "build": build,
        "tests": [asdict(o) for o in outcomes],
        "tested_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "baxbench_version": __version__,
    }
    write_json(sample_dir / DETAILS, details)
    write_json(sample_dir / RESULTS, results)  # last: its presence marks the sample as tested
    return results


def is_tested(sample_dir: Path) -> bool:
    path = sample_dir / RESULTS
    if not path.exists():
        return False
    try:
        read_json(path)
    except Exception:  # noqa: BLE001 - a corrupt file means "test again"
        return False
    return True


def load(sample_dir: Path) -> dict[str, Any]:
    return read_json(sample_dir / RESULTS)
