"""The bubblewrap backend: mount, pid, net, ipc and user namespaces, cgroups, an unprivileged uid.

The app's port 5000 lives in a network namespace with no route out. `socat`, started inside the
same namespace, bridges it to a unix socket in the instance root, which the harness connects to:
nothing inside can reach the host's loopback or any other address, and no root or firewall
change is needed for the network part.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import tempfile
import threading
import time
import uuid
from pathlib import Path

from . import cgroups
from .base import APP_PORT, Backend, Instance, Launch, RunOutcome, SandboxError

APP_UID = int(os.environ.get("BAXBENCH_APP_UID", "65534"))
OUTPUT_CAP = 256 * 1024
BRIDGE = "/bridge/app.sock"
SANDBOX_PATH = "/usr/local/bin:/usr/bin:/bin"
_ROOT_DIRS = ("app", "bridge", "dev", "etc", "proc", "tmp", "usr", "data")
_ROOT_LINKS = {"bin": "usr/bin", "lib": "usr/lib", "lib64": "usr/lib64", "sbin": "usr/sbin"}
_JOIN_CGROUPS = 'for p in $BAX_CG; do echo $$ > "$p" || exit 97; done; exec "$@"'
_WITH_BRIDGE = (
    f'socat UNIX-LISTEN:{BRIDGE},fork,mode=777 TCP:127.0.0.1:{APP_PORT} 2>/dev/null & exec "$@"'
)


def work_base() -> Path:
    """Where instance directories live: world-traversable, outside the harness's checkout."""
    base = Path(os.environ.get("BAXBENCH_TMP", tempfile.gettempdir())) / "baxbench-instances"
    base.mkdir(parents=True, exist_ok=True)
    base.chmod(0o711)
    closed = [p for p in [base, *base.parents] if not os.stat(p).st_mode & 0o001]
    if closed and os.geteuid() == 0:
        raise SandboxError(f"{closed[0]} is not searchable by the sandbox's user (uid {APP_UID}): "
                           "set BAXBENCH_TMP to a directory whose parents all are (e.g. /var/tmp)")
    return base


OWNER = "owner.pid"


def _mark_owner(instance_dir: Path) -> None:
    """Record which harness process owns an instance dir, so `cleanup` spares live runs."""
    (instance_dir / OWNER).write_text(str(os.getpid()))


# A run makes its instance dir, then writes the owner file into it: a dir this young without
# one may be a run in between, not a leftover.
_OWNERLESS_GRACE_S = 60.0


def _owner_alive(instance_dir: Path) -> bool:
    try:
        pid = int((instance_dir / OWNER).read_text())
    except (OSError, ValueError):
        try:
            return time.time() - instance_dir.stat().st_mtime < _OWNERLESS_GRACE_S
        except OSError:
            return False
    try:
        os.kill(pid, 0)
    except PermissionError:
        return True  # the process exists; another user owns it
    except OSError:
        return False
    return True


def cleanup_leftovers() -> tuple[list[str], list[str]]:
    """Remove the instance dirs and cgroups of harness processes that are gone (a crash, a
    kill -9); a run still going is left alone. Returns (cgroups, dirs) removed."""
    dirs = []
    for d in work_base().iterdir():
        if not _owner_alive(d):
            shutil.rmtree(d, ignore_errors=True)
            dirs.append(str(d))

    def live(name: str) -> bool:
        # Asked when each cgroup is examined, not answered from a list made before: a run that
        # started meanwhile (another harness, another checkout) wrote its dir and owner file
        # before it created its cgroups, so it is seen here and its instance is not killed.
        return any(_owner_alive(d) for d in work_base().glob(f"{name}-*"))

    removed = cgroups.cleanup_leftovers(keep=live) if cgroups.available()[0] else []
    return removed, dirs


def missing_tools() -> list[str]:
    return [t for t in ("bwrap", "socat", "setpriv") if shutil.which(t) is None]


class _Process:
    """One sandboxed process tree: its directory, cgroups and host process."""

    def __init__(self, launch: Launch, bridge: bool) -> None:
        if _stopping.is_set():
            raise KeyboardInterrupt("baxbench is stopping")
        self.id = uuid.uuid4().hex[:12]
        self.dir = Path(tempfile.mkdtemp(prefix=f"{self.id}-", dir=work_base()))
        self.dir.chmod(0o711)
        _mark_owner(self.dir)
        self.root = self.dir / "root"
        self.log_path = self.dir / "output.log"
        self._make_root(launch)
        ok, _ = cgroups.available()
        self.cgroups = (
            cgroups.Cgroups(
                f"{self.id}", launch.limits.memory_mb, launch.limits.pids, launch.limits.cpus
            )
            if ok
            else None
        )
        self._stopped = False
        self._lock = threading.Lock()
        _live.add(self)
        argv = self._command(launch, bridge)
        env = {"PATH": SANDBOX_PATH}
        if self.cgroups:
            env["BAX_CG"] = " ".join(str(p) for p in self.cgroups.procs_files)
            argv = ["/bin/sh", "-c", _JOIN_CGROUPS, "sh", *argv]
        try:
            with open(self.log_path, "wb") as log:
                self.proc = subprocess.Popen(
                    argv, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                    env=env, start_new_session=True, close_fds=True,
                )
        except OSError:
            self.stop(keep=False)
            raise

    def _make_root(self, launch: Launch) -> None:
        self.root.mkdir()
        for d in _ROOT_DIRS:
            (self.root / d).mkdir()
        for link, target in _ROOT_LINKS.items():
            (self.root / link).symlink_to(target)
        if launch.copy_app:
            shutil.copytree(launch.app_dir, self.root / "app", dirs_exist_ok=True, symlinks=True)
        _chown_tree(self.root)

    def _command(self, launch: Launch, bridge: bool) -> list[str]:
        cmd = []
        if os.geteuid() == 0:
            cmd += ["setpriv", f"--reuid={APP_UID}", f"--regid={APP_UID}", "--clear-groups",
                    "--inh-caps=-all", "--"]
        cmd += [
            "bwrap", "--unshare-all", "--unshare-user", "--disable-userns", "--die-with-parent",
            "--new-session", "--clearenv", "--cap-drop", "ALL",
            "--bind", str(self.root), "/",
            "--ro-bind", "/usr", "/usr", "--ro-bind", "/etc", "/etc",
            "--proc", "/proc", "--dev", "/dev",
        ]
        if not launch.copy_app:
            cmd += ["--bind", str(launch.app_dir), "/app"]
        for host, inside in launch.binds:
            cmd += ["--ro-bind", str(host), inside]
        for host, inside in launch.writable_binds:
            cmd += ["--bind", str(host), inside]
        env = {"PATH": SANDBOX_PATH, "HOME": "/tmp", "LANG": "C.UTF-8", **launch.env}
        for key, value in env.items():
            cmd += ["--setenv", key, value]
        cmd += ["--chdir", launch.cwd, "--"]
        if bridge:
            cmd += ["/bin/sh", "-c", _WITH_BRIDGE, "sh"]
        return cmd + launch.argv

    def output(self) -> str:
        try:
            with open(self.log_path, "rb") as f:
                f.seek(max(0, self.log_path.stat().st_size - OUTPUT_CAP))
                return f.read().decode(errors="replace")
        except OSError:
            return ""

    def stop(self, keep: bool) -> None:
        with self._lock:
            if self._stopped:
                return
            self._stopped = True
        if self.cgroups:
            self.cgroups.kill_all()
        proc = getattr(self, "proc", None)  # None when Popen itself failed
        if proc is not None:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(proc.pid, 9)
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(timeout=5)
        if self.cgroups:
            self.cgroups.remove()
        _live.discard(self)
        if not keep:
            shutil.rmtree(self.dir, ignore_errors=True)


def _chown_tree(path: Path) -> None:
    if os.geteuid() != 0:
        return
    for dirpath, dirnames, filenames in os.walk(path):
        os.lchown(dirpath, APP_UID, APP_UID)
        for name in dirnames + filenames:
            os.lchown(os.path.join(dirpath, name), APP_UID, APP_UID)


_live: set[_Process] = set()
_stopping = threading.Event()


def stopping() -> bool:
    return _stopping.is_set()


def stop_all() -> None:
    """Stop every instance this process started."""
    for p in list(_live):
        p.stop(keep=False)


def interrupt() -> None:
    """Ctrl-C: refuse new instances, then stop the running ones."""
    _stopping.set()
    stop_all()


def resume() -> None:
    """Allow instances again (a new command in the same process)."""
    _stopping.clear()


class BwrapInstance(Instance):
    def __init__(self, launch: Launch) -> None:
        self._p = _Process(launch, bridge=True)
        self.root = self._p.root

    @property
    def connect_to(self) -> str:
        return f"unix:{self.root / BRIDGE.lstrip('/')}"

    def is_alive(self) -> bool:
        return self._p.proc.poll() is None

    def memory_bytes(self) -> int | None:
        return self._p.cgroups.memory_bytes() if self._p.cgroups else None

    def memory_peak_bytes(self) -> int | None:
        return self._p.cgroups.memory_peak_bytes() if self._p.cgroups else None

    def oom_killed(self) -> bool:
        return bool(self._p.cgroups and self._p.cgroups.oom_kills())

    def output(self) -> str:
        return self._p.output()

    def stop(self, keep: bool = False) -> None:
        self._p.stop(keep)


class BwrapBackend(Backend):
    name = "bwrap"

    def start(self, launch: Launch) -> Instance:
        return BwrapInstance(launch)

    def run(self, launch: Launch, timeout_s: float) -> RunOutcome:
        if os.geteuid() == 0:
            _chown_tree(launch.app_dir)
        started = time.monotonic()
        p = _Process(launch, bridge=False)
        timed_out = False
        try:
            p.proc.wait(timeout=timeout_s)
        except subprocess.TimeoutExpired:
            timed_out = True
        code = None if timed_out else p.proc.returncode
        output = p.output()
        p.stop(keep=False)
        return RunOutcome(code, output, time.monotonic() - started, timed_out)

    def weaknesses(self) -> list[str]:
        ok, why = cgroups.available()
        return [] if ok else [f"no memory, pids or cpu limits: {why}"]

    def prepare_owner(self, path: Path) -> None:
        if os.geteuid() == 0:
            os.lchown(path, APP_UID, APP_UID)


def run_tool(argv: list[str], files: dict[str, bytes] | None = None, stdin: bytes | None = None,
             timeout_s: float = 10.0) -> tuple[int | None, bytes]:
    """Run a harness-side tool (pdftotext, ffmpeg, …) on data an app produced, sandboxed like an
    app: the data is hostile, and C parsers have bugs. `files` appear read-only under /in.
    Returns (exit code or None on timeout, stdout)."""
    with tempfile.TemporaryDirectory(prefix="tool-", dir=work_base()) as tmp:
        _mark_owner(Path(tmp))
        inputs = Path(tmp) / "in"
        inputs.mkdir()
        Path(tmp).chmod(0o711)
        inputs.chmod(0o755)
        for name, data in (files or {}).items():
            (inputs / name).write_bytes(data)
            (inputs / name).chmod(0o644)
        cmd = []
        if os.geteuid() == 0:
            cmd += ["setpriv", f"--reuid={APP_UID}", f"--regid={APP_UID}", "--clear-groups",
                    "--inh-caps=-all", "--"]
        cmd += ["bwrap", "--unshare-all", "--unshare-user", "--disable-userns",
                "--die-with-parent", "--new-session", "--clearenv", "--cap-drop", "ALL",
                "--ro-bind", "/usr", "/usr", "--ro-bind", "/etc", "/etc", "--proc", "/proc",
                "--dev", "/dev", "--tmpfs", "/tmp", "--ro-bind", str(inputs), "/in",
                *[a for link, target in _ROOT_LINKS.items() for a in ("--symlink", target,
                                                                      f"/{link}")],
                "--setenv", "PATH", SANDBOX_PATH, "--chdir", "/tmp", "--", *argv]
        try:
            done = subprocess.run(cmd, input=stdin, capture_output=True, timeout=timeout_s,
                                  env={"PATH": SANDBOX_PATH})
        except subprocess.TimeoutExpired:
            return None, b""
        return done.returncode, done.stdout
