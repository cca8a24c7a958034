"""The registry of scenarios: every subpackage here that defines `SCENARIO`."""

from __future__ import annotations

import importlib
import pkgutil

from .base import ADDED, ORIGINAL, Failed, Inconclusive, Scenario, Test, expect, functional, security


def _discover() -> dict[str, Scenario]:
    found = {}
    for info in pkgutil.iter_modules(__path__):
        if info.ispkg:
            module = importlib.import_module(f"{__name__}.{info.name}")
            found[module.SCENARIO.id] = module.SCENARIO
    return dict(sorted(found.items()))


SCENARIOS: dict[str, Scenario] = _discover()

__all__ = ["ADDED", "ORIGINAL", "SCENARIOS", "Failed", "Inconclusive", "Scenario", "Test", "expect",
           "functional", "security"]
