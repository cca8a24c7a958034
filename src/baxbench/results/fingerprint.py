"""What graded a sample: a fingerprint recorded in its `test_details.json`.

The fingerprint of a task (scenario, env) hashes
- the scenario's tests and spec: every .py file of its folder, `openapi.yaml`, `text_spec.md`;
- the env's definition: its fields (framework, files, instructions, start command, manifest
  name, ...), its packages (those the scenarios add included) and its pinned manifest;
- the harness version.
Shared code outside the scenario's folder (exploits/, the runner, the sandbox) is covered by the
harness version only.

`baxbench test` re-tests a sample whose recorded fingerprint differs from the current one; a
sample recorded before fingerprints existed has none and is taken as up to date. `evaluate`
warns when the samples of one task were graded under different fingerprints.
"""

from __future__ import annotations

import functools
import hashlib
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any, TextIO

from .. import __version__
from ..core.testing import Scenario
from ..envs import ENVS, Env
from ..envs.base import MANIFESTS
from ..scenarios import SCENARIOS
from .layout import SampleKey
from .records import FINGERPRINT, recorded_fingerprint

PARTS = "fingerprint_parts"  # beside it in test_details.json: what it was made of
SPEC_FILES = ("openapi.yaml", "text_spec.md")


def _digest(chunks: list[tuple[str, bytes]]) -> str:
    h = hashlib.sha256()
    for name, data in chunks:
        h.update(f"{name}\0{len(data)}\0".encode())
        h.update(data)
    return h.hexdigest()


def _files(root: Path, pattern: str) -> list[tuple[str, bytes]]:
    return [(str(p.relative_to(root)), p.read_bytes()) for p in sorted(root.rglob(pattern))
            if p.is_file() and "__pycache__" not in p.parts]


def scenario_digest(scenario: Scenario) -> str:
    """The scenario's test code (the .py files of its folder) and its specs."""
    folder = scenario.folder
    chunks = _files(folder, "*.py")
    chunks += [(name, (folder / name).read_bytes()) for name in SPEC_FILES
               if (folder / name).is_file()]
    return _digest(chunks)


def env_digest(env: Env) -> str:
    """The env's definition (its dataclass fields), its packages and its pinned manifest."""
    chunks = [("definition", repr(env).encode()), ("packages", env.fingerprint().encode())]
    manifest = getattr(env, "manifest", "")
    if manifest:
        path = MANIFESTS / manifest
        chunks += ([(manifest, path.read_bytes())] if path.is_file()
                   else [(f"{manifest}/{n}", d) for n, d in _files(path, "*")])
    return _digest(chunks)


@functools.cache
def parts(scenario_id: str, env_id: str) -> dict[str, str]:
    """What the fingerprint of the task is made of (cached: the files are read once a run)."""
    return {"scenario": scenario_digest(SCENARIOS[scenario_id]), "env": env_digest(ENVS[env_id]),
            "harness": __version__}


def fingerprint(scenario_id: str, env_id: str) -> str:
    p = parts(scenario_id, env_id)
    return hashlib.sha256(f"{p['scenario']}\n{p['env']}\n{p['harness']}".encode()).hexdigest()[:24]


def record(scenario_id: str, env_id: str) -> dict[str, Any]:
    """The fields test_details.json gets."""
    return {FINGERPRINT: fingerprint(scenario_id, env_id), PARTS: dict(parts(scenario_id, env_id))}


def mixed(results_dir: Path, keys: list[SampleKey]) -> dict[tuple[str, str], set[str]]:
    """(scenario, env) -> the fingerprints its samples were graded under, where there are
    several. Samples without a fingerprint are left out: they are taken as up to date."""
    seen: dict[tuple[str, str], set[str]] = defaultdict(set)
    for key in keys:
        value = recorded_fingerprint(key.path(results_dir))
        if value is not None:
            seen[key.scenario, key.env].add(value)
    return {task: prints for task, prints in seen.items() if len(prints) > 1}


def warn_if_mixed(results_dir: Path, keys: list[SampleKey], out: TextIO | None = None) -> None:
    """One warning line per (scenario, env) whose samples were graded by different tests,
    specs, env definitions or harness versions."""
    out = out or sys.stderr
    for (scenario, env), prints in sorted(mixed(results_dir, keys).items()):
        print(f"warning: the samples of {scenario} on {env} were graded under "
              f"{len(prints)} different versions of its tests, spec, env or harness "
              f"(fingerprints {', '.join(sorted(prints))}): they are not comparable; "
              "`baxbench test` re-tests the stale ones", file=out)
