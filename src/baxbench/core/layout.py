"""The on-disk layout, compatible with the original benchmark's:

    <results>/<model>/<scenario>/<env>/temp<t>-<spec_type>-<safety_prompt>/sample<i>/
        code/               the files the model wrote
        generation.json     prompt, raw answer, parse outcome (ours)
        test_results.json   the original's summary fields
        test_details.json   every test's verdict, CWEs, duration, reason and evidence (ours)
        round<r>/           repair round r >= 1 (`run --repair-rounds`): the same four, and in
                            generation.json the conversation that asked for it

A model name or env id is one folder, in one encoding used everywhere on disk (results,
references, the runtime cache): `%` and `_` are escaped as `%25` and `%5F`, then `/` becomes `_`.
So `openai/gpt-4o` -> `openai_gpt-4o`, `Go-net/http` -> `Go-net_http`, `org/my_model` ->
`org_my%5Fmodel`; `decode_name` reverses it without opening a file. Layouts written before this
encoding are still read: env ids with a `/` as nested folders, and model folders where `/` became
`_` with `_` left as it was (a folder with a `_` and no `%` may be such a one; `legacy_name`).

Generation, testing and evaluation meet only here, so each can be re-run or swapped alone; this
module is the contract between them, so it sits in the bottom layer (`results.layout` keeps the
old names).
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .constants import DETAILS, GENERATION, RESULTS, ROUND_DIR

_RUN_DIR = re.compile(r"^temp(?P<t>[0-9.]+)-(?P<spec>[a-z]+)-(?P<safety>[a-z]+)$")
_SAMPLE_DIR = re.compile(r"^sample(?P<i>\d+)$")


def encode_name(name: str) -> str:
    """A model name or env id as one folder name (reversible: `decode_name`)."""
    return name.replace("%", "%25").replace("_", "%5F").replace("/", "_")


_ESCAPES = re.compile(r"%(25|5F)")


def decode_name(folder: str) -> str:
    return _ESCAPES.sub(lambda m: "%" if m[1] == "25" else "_", folder.replace("_", "/"))


def legacy_dirname(name: str) -> str:
    """The folder layouts before `encode_name` used: `/` flattened to `_`, nothing escaped."""
    return name.replace("/", "_")


def task_dir(results_dir: Path, model: str, scenario: str, env: str) -> Path:
    """Where one model's samples of one task live; the old layout's folder when only it exists."""
    new = results_dir / encode_name(model) / scenario / encode_name(env)
    if new.exists():
        return new
    old = results_dir / legacy_dirname(model) / scenario / env  # env ids nested at their '/'
    return old if old.is_dir() else new


@dataclass(frozen=True, order=True)
class SampleKey:
    model: str
    scenario: str
    env: str
    temperature: float
    spec_type: str
    safety_prompt: str
    index: int

    @property
    def task(self) -> tuple[str, str, str, str, str]:
        return (self.model, self.scenario, self.env, self.spec_type, self.safety_prompt)

    def path(self, results_dir: Path) -> Path:
        run = f"temp{self.temperature}-{self.spec_type}-{self.safety_prompt}"
        return task_dir(results_dir, self.model, self.scenario, self.env) / run / f"sample{self.index}"

    def __str__(self) -> str:
        return (f"{self.model}/{self.scenario}/{self.env}/temp{self.temperature}-"
                f"{self.spec_type}-{self.safety_prompt}/sample{self.index}")


@dataclass
class Selection:
    """Which samples a command works on."""

    models: list[str]
    scenarios: list[str]
    envs: list[str]
    n_samples: int = 1
    temperature: float | None = 0.2  # None: any (when reading results)
    spec_type: str | None = "openapi"
    safety_prompt: str | None = "none"
    only_samples: list[int] | None = None

    def sample_keys(self) -> list[SampleKey]:
        indices = self.only_samples if self.only_samples is not None else range(self.n_samples)
        return [SampleKey(m, s, e, self.temperature, self.spec_type, self.safety_prompt, i)
                for m in self.models for s in self.scenarios for e in self.envs for i in indices]


def scan(results_dir: Path) -> list[SampleKey]:
    """Every sample directory under `results_dir`, its model and env decoded from the folder
    names (env ids with a '/' may be nested folders: the old layout)."""
    keys = []
    for sample in results_dir.glob("**/sample*"):
        m, run = _SAMPLE_DIR.match(sample.name), _RUN_DIR.match(sample.parent.name)
        if not (m and run and sample.is_dir()):
            continue
        parts = sample.parent.parent.relative_to(results_dir).parts
        if len(parts) < 3:
            continue
        env = "/".join(decode_name(p) for p in parts[2:])
        keys.append(SampleKey(decode_name(parts[0]), parts[1], env, float(run["t"]),
                              run["spec"], run["safety"], int(m["i"])))
    return sorted(keys)


_ROUND = re.compile(rf"^{ROUND_DIR}(?P<r>[1-9][0-9]*)$")


def round_dir(sample_dir: Path, r: int) -> Path:
    """Where repair round `r` of a sample lives: round 0 (the first answer) is the sample
    directory itself, round r >= 1 its subdirectory `round<r>`."""
    return sample_dir if r == 0 else sample_dir / f"{ROUND_DIR}{r}"


def repair_rounds(sample_dir: Path) -> list[int]:
    """The repair rounds (>= 1) a sample has a directory for, in order."""
    if not sample_dir.is_dir():
        return []
    found = (_ROUND.match(p.name) for p in sample_dir.iterdir() if p.is_dir())
    return sorted(int(m["r"]) for m in found if m)


def write_json(path: Path, obj: Any) -> None:
    """Write atomically: readers see the old file or the new one, never half of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "w") as f:
            json.dump(obj, f, indent=2)
            f.write("\n")
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class CorruptResult(Exception):
    """A results file exists but cannot be read; the message names it and what to do."""


_REDO = {GENERATION: "generate", RESULTS: "test", DETAILS: "test"}


def _advice(path: Path) -> str:
    command = _REDO.get(path.name)
    if command is None:
        return "delete it"
    return f"delete it and run `baxbench {command}` again (or `baxbench {command} --force`)"


def read_json(path: Path) -> Any:
    try:
        data = json.loads(path.read_text())
    except (OSError, ValueError) as e:
        raise CorruptResult(f"{path}: unreadable ({e}); {_advice(path)}") from None
    if path.name in _REDO and not isinstance(data, dict):
        raise CorruptResult(f"{path}: unreadable (not a JSON object); {_advice(path)}")
    return data


def check_readable(results_dir: Path, keys: list[SampleKey], names: tuple[str, ...]) -> None:
    """Read every named record of the samples; raise CorruptResult for the first unreadable one,
    counting the others, so that no command works on while ignoring a damaged file."""
    problems = []
    for key in keys:
        for name in names:
            path = key.path(results_dir) / name
            if path.exists():
                try:
                    read_json(path)
                except CorruptResult as e:
                    problems.append(str(e))
    if problems:
        more = f" (and {len(problems) - 1} more unreadable records)" if len(problems) > 1 else ""
        raise CorruptResult(problems[0] + more)
