"""Backends that run untrusted apps; see `base` for the contract they all keep."""

from . import rootfs
from .bare import BareBackend
from .base import Backend, Instance, Launch, Limits, RunOutcome
from .bwrap import BwrapBackend

BACKENDS: dict[str, type[Backend]] = {"bwrap": BwrapBackend, "bare": BareBackend}

__all__ = ["BACKENDS", "Backend", "Instance", "Launch", "Limits", "RunOutcome", "rootfs"]
