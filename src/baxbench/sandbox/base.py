"""The sandbox contract: how untrusted, LLM-written code is built and run.

Every backend gives the same guarantees for what runs inside an instance:

- filesystem: the instance sees its own root directory as `/` (host path `Instance.root`); writes
  to `/` land there and nowhere else. The app's files are at `/app`. Read-only binds (runtimes,
  caches) are listed in `Launch.binds`. The harness's checkout, /root and home dirs are invisible.
- environment: only `Launch.env` (plus PATH/HOME/LANG set by the backend) is visible.
- network: nothing is reachable from inside, loopback of the host included. The harness talks to
  the app's port 5000 through `Instance.open_connection()`.
- limits: memory (`Limits.memory_mb`; the app is killed beyond it, peak and OOM kills are
  readable), process count (`Limits.pids`), CPU (`Limits.cpus`) and disk (`Limits.disk_mb`, for
  everything the app writes, its output included).
- the harness never follows what the app leaves in its root: files are reached through
  `rootfs` (no symlink followed, bounded reads) and the database through `Instance.sql`.
- identity: a non-root uid without capabilities.
- lifetime: `Instance.stop()` kills every process the instance started, double-forked daemons
  included, and removes its files unless `keep=True`.

The lifecycle is part of the contract too, and callers reach it only through a `Backend`:
`start` and `run` make instances (a build is one), `run_tool` runs a tool on hostile data in
one. `stop_all()` stops every instance the backend started in this process; `interrupt()`
(Ctrl-C) makes `start`, `run` and `run_tool` refuse with KeyboardInterrupt, then stops them
all; `stopping()` is True from then until `resume()`. `cleanup_leftovers()` removes what runs
that died left behind, and spares runs still going. What the instances are and whether the
backend is stopping is process-wide (`LiveInstances`, one per backend class): any object of a
backend reaches every instance of that backend in the process, which is what a Ctrl-C needs.

Backends that cannot give a guarantee say so in `Backend.weaknesses()`; the `bare` backend (no
isolation at all) exists only to measure the sandbox's cost.
"""

from __future__ import annotations

import abc
import socket
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from ..core.constants import APP_PORT as APP_PORT  # where every app listens


class SandboxError(Exception):
    """The sandbox cannot work as configured; the message says what to change."""


@dataclass(frozen=True)
class Limits:
    memory_mb: int = 1024
    pids: int = 512
    cpus: float = 1.0
    disk_mb: int = 512


@dataclass
class Launch:
    """What to run: `argv` inside the sandbox, with the app's files copied from `app_dir`."""

    argv: list[str]
    app_dir: Path | None
    env: dict[str, str] = field(default_factory=dict)
    binds: list[tuple[Path, str]] = field(default_factory=list)  # (host path, sandbox path), ro
    # (host path, sandbox path), read-write: private scratch a build may write, such as a
    # hardlinked copy of a warm cache; the caller prepares its ownership.
    writable_binds: list[tuple[Path, str]] = field(default_factory=list)
    cwd: str = "/app"
    limits: Limits = field(default_factory=Limits)
    copy_app: bool = True  # False: bind app_dir read-write at /app itself (used for builds)


@dataclass
class RunOutcome:
    exit_code: int | None  # None: killed at the timeout
    output: str
    duration_s: float
    timed_out: bool = False


class Instance(abc.ABC):
    """A running app. `root` is the host directory the app sees as `/`."""

    root: Path
    skipped: list[str] = []  # entries of the app dir not copied into the root, and why

    @abc.abstractmethod
    def open_connection(self, timeout_s: float) -> socket.socket:
        """A socket connected to the app's port 5000 (OSError when nothing listens)."""

    @abc.abstractmethod
    def sql(self, db_path: str, statements: list[tuple[str, tuple]]) -> list[list[tuple]]:
        """Run `statements` (SQL, parameters) in one transaction on the sqlite database at
        `db_path` (as the app sees it) without following the app's symlinks; the rows of each.
        FileNotFoundError when there is no database, sqlite3.Error when SQL fails."""

    @abc.abstractmethod
    def is_alive(self) -> bool:
        """True while the app's main process runs."""

    @abc.abstractmethod
    def memory_bytes(self) -> int | None:
        """Current memory use of the whole instance, or None when not measurable."""

    @abc.abstractmethod
    def memory_peak_bytes(self) -> int | None:
        """Peak memory use since start, or None when not measurable."""

    @abc.abstractmethod
    def oom_killed(self) -> bool:
        """True when the memory limit killed a process of this instance."""

    @abc.abstractmethod
    def output(self) -> str:
        """The app's stdout and stderr so far (capped)."""

    @abc.abstractmethod
    def stop(self, keep: bool = False) -> None:
        """Kill every process of the instance; remove its files unless `keep`. Idempotent."""


class Stoppable(Protocol):
    def stop(self, keep: bool = False) -> None: ...


class LiveInstances:
    """The running instances of one backend in this process, and whether it is stopping."""

    def __init__(self) -> None:
        self._items: set[Stoppable] = set()
        self._lock = threading.Lock()
        self._stopping = False

    def check(self) -> None:
        """Refuse a new instance once the backend is stopping."""
        if self._stopping:
            raise KeyboardInterrupt("baxbench is stopping")

    def add(self, item: Stoppable) -> None:
        """Track `item` (KeyboardInterrupt once stopping: the caller stops what it made)."""
        with self._lock:  # together with interrupt(): nothing added after it is missed
            self.check()
            self._items.add(item)

    def discard(self, item: Stoppable) -> None:
        with self._lock:
            self._items.discard(item)

    def stop_all(self) -> None:
        with self._lock:
            items = list(self._items)
        for item in items:
            item.stop(keep=False)

    def interrupt(self) -> None:
        with self._lock:
            self._stopping = True
        self.stop_all()

    def resume(self) -> None:
        self._stopping = False

    def stopping(self) -> bool:
        return self._stopping


class Backend(abc.ABC):
    name: str
    live: LiveInstances  # each backend class sets its own, shared by all its objects

    @abc.abstractmethod
    def start(self, launch: Launch) -> Instance:
        """Start `launch.argv` in a fresh instance and return at once (readiness is the caller's)."""

    @abc.abstractmethod
    def run(self, launch: Launch, timeout_s: float) -> RunOutcome:
        """Run a command to completion in a fresh instance (builds); kill it at the timeout."""

    @abc.abstractmethod
    def run_tool(self, argv: list[str], files: dict[str, bytes] | None = None,
                 stdin: bytes | None = None, timeout_s: float = 10.0) -> tuple[int | None, bytes]:
        """Run a tool on hostile data an app returned (files under /in); (exit code or None on
        timeout, stdout)."""

    @abc.abstractmethod
    def cleanup_leftovers(self) -> tuple[list[str], list[str]]:
        """Remove what runs that died left behind; (cgroups, dirs) removed."""

    def stop_all(self) -> None:
        """Stop every instance of this backend that runs in this process."""
        self.live.stop_all()

    def interrupt(self) -> None:
        """Ctrl-C: refuse new instances and stop the running ones."""
        self.live.interrupt()

    def resume(self) -> None:
        """Accept new instances again (a new command in the same process)."""
        self.live.resume()

    def stopping(self) -> bool:
        """True after `interrupt()`, until `resume()`."""
        return self.live.stopping()

    def weaknesses(self) -> list[str]:
        """Guarantees of the contract this backend cannot give on this machine."""
        return []

    def file_owner(self) -> int | None:
        """The uid that files planted for the app must belong to (None: the harness's own)."""
        return None
