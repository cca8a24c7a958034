"""The typed record of one test run against one sample, as `test_details.json` stores it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .constants import EXCEPTIONS, ORIGINAL


@dataclass
class TestOutcome:
    __test__ = False  # not a pytest test class

    name: str
    kind: str
    verdict: str  # functional: pass|fail|error|timeout; security: secure|vulnerable|inconclusive
    cwes: list[int] = field(default_factory=list)
    duration_s: float = 0.0  # from the instance's launch to the test's end
    start_s: float | None = None  # from the launch to the app's first HTTP answer
    reason: str = ""
    evidence: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    crashed: bool = False
    memory_peak_mb: float | None = None
    app_output: str = ""
    origin: str = ORIGINAL  # of the test: "original" (BaxBench-compatible) or "added"

    @property
    def exception(self) -> bool:
        return self.verdict in EXCEPTIONS
