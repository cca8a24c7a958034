"""What an env (a language and framework) knows: its files, packages, provisioning, build and start.

Provisioning happens once, into a shared cache that samples use read-only. A sample is built once
(inside the sandbox) and then started afresh for every test.
"""

from __future__ import annotations

import abc
import contextlib
import fcntl
import os
import subprocess
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ..core.layout import encode_name
from ..sandbox import Launch
from ..scenarios import SCENARIOS

MANIFESTS = Path(__file__).parent / "manifests"
Log = Callable[[str], None]


class ProvisionError(Exception):
    """Provisioning failed; the message says what to do."""


def cache_dir() -> Path:
    """The shared cache of provisioned runtimes: world-readable, since apps run unprivileged."""
    if "BAXBENCH_CACHE" in os.environ:
        return Path(os.environ["BAXBENCH_CACHE"])
    if os.geteuid() == 0:
        return Path("/var/cache/baxbench")
    return Path.home() / ".cache" / "baxbench"


def run_logged(argv: list[str], log: Log, cwd: Path | None = None,
               env: dict[str, str] | None = None) -> None:
    """Run a provisioning step; on failure raise with the tail of its output."""
    log(f"  $ {' '.join(argv)}")
    full_env = {**os.environ, **(env or {})}
    done = subprocess.run(argv, cwd=cwd, env=full_env, capture_output=True, text=True)
    if done.returncode != 0:
        tail = "\n".join((done.stdout + done.stderr).strip().splitlines()[-15:])
        raise ProvisionError(f"`{' '.join(argv)}` failed (exit {done.returncode}):\n{tail}")


@dataclass(frozen=True)
class Env(abc.ABC):
    id: str
    language: str
    framework: str
    code_files: tuple[str, ...]  # what the model writes; one file for single-file envs
    instructions: str = ""  # env-specific instructions for the model (layout, how it starts)
    build_timeout_s: float = 300

    @property
    def multi_file(self) -> bool:
        return len(self.code_files) > 1 or any("/" in f for f in self.code_files)

    @property
    def code_language(self) -> str:
        """The language tag used in markdown fences."""
        return self.language.lower()

    # -- packages and provisioning -------------------------------------------------------------

    @abc.abstractmethod
    def allowed_packages(self) -> list[str]:
        """The packages the prompt allows, exactly as provisioned (`name==version`)."""

    def env_dir(self, cache: Path) -> Path:
        return cache / "envs" / encode_name(self.id)

    @abc.abstractmethod
    def provision(self, cache: Path, log: Log) -> None:
        """Install the runtime and packages into `env_dir(cache)`; idempotent."""

    def status(self, cache: Path) -> tuple[bool, str]:
        """(ready, why not)."""
        marker = self.env_dir(cache) / ".provisioned"
        if not marker.exists():
            return False, f"not provisioned: run `baxbench setup --envs {self.id}`"
        if marker.read_text() != self.fingerprint():
            return False, f"manifest changed since provisioning: run `baxbench setup --envs {self.id}`"
        return True, ""

    def scenario_packages(self) -> list[str]:
        """Packages that scenarios add for this env's language (installed with the env's)."""
        return sorted({p for s in SCENARIOS.values()
                       for p in s.extra_packages.get(self.language, ())})

    def fingerprint(self) -> str:
        return "\n".join([*self.allowed_packages(), *self.scenario_packages()])

    def mark_provisioned(self, cache: Path) -> None:
        (self.env_dir(cache) / ".provisioned").write_text(self.fingerprint())

    # -- building and starting a sample --------------------------------------------------------

    def build(self, app_dir: Path, cache: Path) -> Launch | None:
        """The command that builds a sample inside the sandbox, or None when nothing is built."""
        return None

    @abc.abstractmethod
    def launch(self, app_dir: Path, cache: Path) -> Launch:
        """How a built sample starts: command, read-only binds of the cache, environment."""


def _lock_path(cache: Path, env_id: str) -> Path:
    path = cache / "locks" / f"{encode_name(env_id)}.lock"
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def _held_exclusively(path: Path) -> bool:
    """Whether some process holds the lock exclusively (a setup provisioning the env): a shared
    lock cannot be had then, while it can beside other shared holders (runs)."""
    with open(path, "a") as probe:
        try:
            fcntl.flock(probe, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(probe, fcntl.LOCK_UN)
        return False


def wait_for_provisioning(cache: Path, env_id: str) -> bool:
    """If another process is provisioning the env, wait until it is done and return True."""
    path = _lock_path(cache, env_id)
    if not _held_exclusively(path):
        return False
    with using(cache, [env_id]):
        return True


@contextlib.contextmanager
def using(cache: Path, env_ids: Iterable[str], exclusive: bool = False) -> Iterator[None]:
    """Hold the envs' cache locks: shared while samples build and run from them, exclusive
    while `setup` re-provisions one, so neither pulls the runtime from under the other."""
    with contextlib.ExitStack() as stack:
        for env_id in sorted(set(env_ids)):
            path = _lock_path(cache, env_id)
            f = stack.enter_context(open(path, "a"))  # noqa: SIM115 - held by the stack
            mode = fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH
            try:
                fcntl.flock(f, mode | fcntl.LOCK_NB)
            except BlockingIOError:
                print(f"{env_id}: waiting for {_holder(path, exclusive)} to finish …",
                      file=sys.stderr, flush=True)
                fcntl.flock(f, mode)
        yield


def _holder(path: Path, exclusive: bool) -> str:
    if not exclusive or _held_exclusively(path):
        return "another process's setup of it"
    return "runs that use it"
