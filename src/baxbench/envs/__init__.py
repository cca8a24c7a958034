"""The registry of envs (language-framework pairs), with the original benchmark's ids."""

from __future__ import annotations

from . import go, javascript, php, python, ruby, rust
from .base import Env, ProvisionError, cache_dir

ENVS: dict[str, Env] = {e.id: e for mod in (python, javascript, php, ruby, go, rust) for e in mod.ENVS}

__all__ = ["ENVS", "Env", "ProvisionError", "cache_dir"]
