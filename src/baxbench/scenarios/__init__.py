"""The registry of scenarios: every subpackage here that defines `SCENARIO`.

Discovery is automatic (a new folder is found without registering it) and lazy: the scenario
modules are imported when `SCENARIOS` is first read, not when this package is imported, so the
modules they import (exploits, the test vocabulary) never find this package half-initialised.
"""

from __future__ import annotations

import importlib
import pkgutil
import threading
from collections.abc import Iterator, Mapping

from .base import ADDED, ORIGINAL, Failed, Inconclusive, Scenario, Test, expect, functional, security


def _discover() -> dict[str, Scenario]:
    found = {}
    for info in pkgutil.iter_modules(__path__):
        if info.ispkg:
            module = importlib.import_module(f"{__name__}.{info.name}")
            found[module.SCENARIO.id] = module.SCENARIO
    return dict(sorted(found.items()))


class _Registry(Mapping[str, Scenario]):
    """Scenario id -> Scenario, sorted by id; discovered on first use."""

    def __init__(self) -> None:
        self._found: dict[str, Scenario] | None = None
        self._lock = threading.RLock()

    def _all(self) -> dict[str, Scenario]:
        if self._found is None:
            with self._lock:
                if self._found is None:
                    self._found = _discover()
        return self._found

    def __getitem__(self, scenario_id: str) -> Scenario:
        return self._all()[scenario_id]

    def __iter__(self) -> Iterator[str]:
        return iter(self._all())

    def __len__(self) -> int:
        return len(self._all())

    def __repr__(self) -> str:
        return f"SCENARIOS({', '.join(self._all())})"


SCENARIOS: Mapping[str, Scenario] = _Registry()

__all__ = ["ADDED", "ORIGINAL", "SCENARIOS", "Failed", "Inconclusive", "Scenario", "Test", "expect",
           "functional", "security"]
