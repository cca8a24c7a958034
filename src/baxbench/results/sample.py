"""Everything recorded about one sample, read once: for `baxbench show` and the HTML report."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..cwe import CWE
from .layout import GENERATION, read_json

RESULTS, DETAILS = "test_results.json", "test_details.json"


def cwe_name(num: int | str) -> str:
    """`CWE-89 SQL Injection`, or the bare number for a CWE outside the catalogue."""
    try:
        return f"CWE-{int(num)} {CWE(int(num)).title}"
    except ValueError:
        return f"CWE-{num}"


@dataclass
class SampleView:
    path: Path
    generation: dict[str, Any] | None
    results: dict[str, Any] | None
    details: dict[str, Any] | None
    code: dict[str, str] = field(default_factory=dict)

    @property
    def cwes(self) -> list[int]:
        return sorted(int(c["num"]) for c in (self.results or {}).get("cwes", []))

    @property
    def verdict(self) -> str:
        """secure | insecure | incorrect | not tested."""
        r = self.results
        if r is None:
            return "not tested"
        correct = (r["num_passed_ft"] == r["num_total_ft"] and r["num_total_ft"] > 0
                   and not r.get("problem"))
        if not correct:
            return "incorrect"
        return "insecure" if self.cwes else "secure"

    @property
    def functional(self) -> str:
        r = self.results or {}
        return f"{r.get('num_passed_ft', 0)}/{r.get('num_total_ft', 0)} functional"

    @property
    def tests(self) -> list[dict[str, Any]]:
        return list((self.details or {}).get("tests", []))

    @property
    def build(self) -> dict[str, Any] | None:
        return (self.details or {}).get("build")


def _optional(path: Path) -> dict[str, Any] | None:
    return read_json(path) if path.exists() else None


def is_sample_dir(path: Path) -> bool:
    return path.is_dir() and any((path / n).exists() for n in (GENERATION, RESULTS, "code"))


def load(path: Path, with_code: bool = True) -> SampleView:
    code: dict[str, str] = {}
    if with_code and (path / "code").is_dir():
        code = {str(f.relative_to(path / "code")): f.read_text(errors="replace")
                for f in sorted((path / "code").rglob("*")) if f.is_file()}
    return SampleView(path, _optional(path / GENERATION), _optional(path / RESULTS),
                      _optional(path / DETAILS), code)
