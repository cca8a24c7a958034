"""No isolation at all: the app runs as a plain process on the host's 127.0.0.1:5000.

Only for measuring what the sandbox costs (bench/); never for untrusted code. One instance at a
time, since every app listens on port 5000.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import sqlite3
import subprocess
import tempfile
import time
from pathlib import Path

from .base import APP_PORT, Backend, Instance, Launch, LiveInstances, RunOutcome
from .rootfs import copy_tree


def _prepare(launch: Launch) -> tuple[Path, Path, list[str], dict[str, str]]:
    """Lay out the instance dir and map sandbox paths (binds, /app) to host paths."""
    work = Path(tempfile.mkdtemp(prefix="baxbench-bare-"))
    root = work / "root"
    app = root / "app"
    copy_tree(launch.app_dir, app, contained_links=False)
    binds = {inside: str(host) for host, inside in [*launch.binds, *launch.writable_binds]}
    for inside, host_path in binds.items():  # binds into the app dir become symlinks
        if inside.startswith("/app/"):
            (app / inside[len("/app/"):]).symlink_to(host_path)

    def host(arg: str) -> str:
        for inside, h in sorted(binds.items(), key=lambda kv: -len(kv[0])):
            if arg == inside or arg.startswith(inside + "/"):
                return h + arg[len(inside):]
        return str(app) + arg[4:] if arg.startswith("/app") else arg

    argv = [host(a) for a in launch.argv]
    env = {"PATH": os.environ.get("PATH", ""), "HOME": str(root / "tmp"), "LANG": "C.UTF-8"}
    env.update({k: host(v) for k, v in launch.env.items()})
    return work, app, argv, env


_live = LiveInstances()  # the bare instances (and builds) of this process


class BareInstance(Instance):
    def __init__(self, launch: Launch) -> None:
        _live.check()
        self.work, self.app, argv, env = _prepare(launch)
        self.root = self.work / "root"
        self._log = self.work / "output.log"
        with open(self._log, "wb") as log:
            self._proc = subprocess.Popen(argv, cwd=self.app, env=env, stdout=log,
                                          stderr=subprocess.STDOUT, start_new_session=True)
        try:
            _live.add(self)
        except KeyboardInterrupt:  # interrupted meanwhile
            self.stop()
            raise

    def open_connection(self, timeout_s: float) -> socket.socket:
        return socket.create_connection(("127.0.0.1", APP_PORT), timeout=timeout_s)

    def sql(self, db_path: str, statements: list[tuple[str, tuple]]) -> list[list[tuple]]:
        path = self.root / db_path.lstrip("/")
        if not path.is_file():
            raise FileNotFoundError(f"the app created no database at {db_path}")
        with contextlib.closing(sqlite3.connect(path, timeout=5)) as db, db:
            return [db.execute(sql, params).fetchall() for sql, params in statements]

    def is_alive(self) -> bool:
        return self._proc.poll() is None

    def memory_bytes(self) -> int | None:
        return None

    def memory_peak_bytes(self) -> int | None:
        return None

    def oom_killed(self) -> bool:
        return False

    def output(self) -> str:
        return self._log.read_text(errors="replace") if self._log.exists() else ""

    def wait(self, timeout_s: float) -> int:
        """The exit code of the app's process (subprocess.TimeoutExpired at the timeout)."""
        return self._proc.wait(timeout=timeout_s)

    def stop(self, keep: bool = False) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self._proc.pid, 9)
        self._proc.wait()
        _live.discard(self)
        if not keep:
            shutil.rmtree(self.work, ignore_errors=True)


class BareBackend(Backend):
    name = "bare"
    live = _live

    def start(self, launch: Launch) -> Instance:
        return BareInstance(launch)

    def run(self, launch: Launch, timeout_s: float) -> RunOutcome:
        started = time.monotonic()
        instance = BareInstance(launch)
        try:
            code: int | None = instance.wait(timeout_s)
        except subprocess.TimeoutExpired:
            code = None
        outcome = RunOutcome(code, instance.output(), time.monotonic() - started, code is None)
        if code is not None and not self.stopping():  # what the build wrote is the app's
            shutil.copytree(instance.app, launch.app_dir, dirs_exist_ok=True, symlinks=True)
        instance.stop()
        return outcome

    def weaknesses(self) -> list[str]:
        return ["no isolation of any kind: for measurements only"]

    def cleanup_leftovers(self) -> tuple[list[str], list[str]]:
        return [], []  # no cgroups; its temporary dirs carry no owner to judge them by

    def run_tool(self, argv: list[str], files: dict[str, bytes] | None = None,
                 stdin: bytes | None = None, timeout_s: float = 10.0) -> tuple[int | None, bytes]:
        _live.check()
        with tempfile.TemporaryDirectory() as tmp:
            for name, data in (files or {}).items():
                (Path(tmp) / name).write_bytes(data)
            argv = [a.replace("/in/", f"{tmp}/") for a in argv]
            try:
                done = subprocess.run(argv, input=stdin, capture_output=True, timeout=timeout_s)
            except subprocess.TimeoutExpired:
                return None, b""
            return done.returncode, done.stdout
