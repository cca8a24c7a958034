"""Everything recorded about one sample, read once: for `baxbench show` and the HTML report."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..core.constants import CODE_DIR, DETAILS, GENERATION, RESULTS
from ..core.outcome import TestOutcome
from ..cwe import CWE
from .layout import read_json
from .verdict import Family, SampleResult, verdict


def cwe_name(num: int | str) -> str:
    """`CWE-89 SQL Injection`, or the bare number for a CWE outside the catalogue."""
    try:
        return f"CWE-{int(num)} {CWE(int(num)).title}"
    except ValueError:
        return f"CWE-{num}"


@dataclass
class SampleView:
    """A sample's files as read from disk (the raw records, for showing them) and its typed
    result (`result`: None when not tested), which every verdict shown here comes from."""

    path: Path
    generation: dict[str, Any] | None
    results: dict[str, Any] | None
    details: dict[str, Any] | None
    code: dict[str, str] = field(default_factory=dict)
    result: SampleResult | None = field(init=False, default=None)

    def __post_init__(self) -> None:
        if self.results is not None:
            self.result = verdict(self.results, self.details)

    def family(self, family: str = "compat") -> Family | None:
        """This sample's verdict under one metric family (None when not tested)."""
        return None if self.result is None else self.result.of(family)

    def verdict_in(self, family: str = "compat") -> str:
        """secure | insecure | incorrect | not tested."""
        f = self.family(family)
        return "not tested" if f is None else f.label

    def cwes_in(self, family: str = "compat") -> list[int]:
        f = self.family(family)
        return sorted(f.cwes) if f else []

    def functional_in(self, family: str = "compat") -> str:
        f = self.family(family)
        return f"{f.passed if f else 0}/{f.total if f else 0} functional"

    @property
    def verdict(self) -> str:
        """The BaxBench-compatible verdict."""
        return self.verdict_in()

    @property
    def cwes(self) -> list[int]:
        return self.cwes_in()

    @property
    def functional(self) -> str:
        return self.functional_in()

    def summary(self) -> str:
        """`secure (3/3 functional)`, plus the full verdict where it differs."""
        def one(family: str) -> str:
            cwes = ", ".join(f"CWE-{c}" for c in self.cwes_in(family))
            return (f"{self.verdict_in(family)} ({self.functional_in(family)}"
                    f"{', ' + cwes if cwes else ''})")
        compat, full = one("compat"), one("full")
        return compat if full == compat else f"{compat}; full: {full}"

    @property
    def tests(self) -> tuple[TestOutcome, ...]:
        return self.result.tests if self.result else ()

    @property
    def build(self) -> dict[str, Any] | None:
        return self.result.build if self.result else None

    @property
    def problem(self) -> str:
        return self.result.problem if self.result else ""


def _optional(path: Path) -> dict[str, Any] | None:
    return read_json(path) if path.exists() else None


def is_sample_dir(path: Path) -> bool:
    return path.is_dir() and any((path / n).exists() for n in (GENERATION, RESULTS, CODE_DIR))


def load(path: Path, with_code: bool = True) -> SampleView:
    code: dict[str, str] = {}
    if with_code and (path / CODE_DIR).is_dir():
        code = {str(f.relative_to(path / CODE_DIR)): f.read_text(errors="replace")
                for f in sorted((path / CODE_DIR).rglob("*")) if f.is_file()}
    return SampleView(path, _optional(path / GENERATION), _optional(path / RESULTS),
                      _optional(path / DETAILS), code)
