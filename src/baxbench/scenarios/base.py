"""What a scenario is and the vocabulary its tests are written in.

They live in `baxbench.core.testing` (the bottom layer, so that exploits and the runner need
nothing from this package); this module keeps the names scenario files import.
"""

from __future__ import annotations

from ..core.testing import (
    ADDED,
    ORIGINAL,
    ORIGINS,
    Failed,
    Inconclusive,
    Scenario,
    Test,
    expect,
    expect_refused,
    expect_status,
    functional,
    json_body,
    scenario,
    security,
    show,
)

__all__ = ["ADDED", "ORIGINAL", "ORIGINS", "Failed", "Inconclusive", "Scenario", "Test", "expect",
           "expect_refused", "expect_status", "functional", "json_body", "scenario", "security",
           "show"]
