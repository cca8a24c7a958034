"""Backends that run untrusted apps; see `base` for the contract they all keep."""

from . import rootfs
from .bare import BareBackend
from .base import Backend, Instance, Launch, Limits, RunOutcome
from .bwrap import BwrapBackend

BACKENDS: dict[str, type[Backend]] = {"bwrap": BwrapBackend, "bare": BareBackend}


def all_backends() -> list[Backend]:
    """One object of each backend. Their lifecycle state is process-wide, so these reach every
    instance this process runs, whichever object started it (for Ctrl-C and exit)."""
    return [cls() for cls in BACKENDS.values()]


def cleanup_leftovers() -> tuple[list[str], list[str]]:
    """Every backend's leftovers of runs that are gone, removed; (cgroups, dirs)."""
    found = [backend.cleanup_leftovers() for backend in all_backends()]
    return [c for cgroups, _ in found for c in cgroups], [d for _, dirs in found for d in dirs]


__all__ = ["BACKENDS", "Backend", "Instance", "Launch", "Limits", "RunOutcome", "all_backends",
           "cleanup_leftovers", "rootfs"]
