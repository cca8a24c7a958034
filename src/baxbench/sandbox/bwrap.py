"""The bubblewrap backend: mount, pid, net, ipc and user namespaces, cgroups, a seccomp filter,
an unprivileged uid, a size-capped root.

As root (the supported way), each instance's directory is a tmpfs of `Limits.disk_mb`, holding
the root the app sees as `/` and its output log: a full disk is the app's problem, never the
host's, and no host path shows in the sandbox's mount table. The app's port 5000 lives in a
network namespace with no interface but loopback; the harness opens its connections from inside
that namespace (setns on a socket's creation only), so there is no bridge the app could replace.
The app is the sandbox's PID 1: no bubblewrap command line or environment is visible inside.

Without root there are no cgroups and no tmpfs, and a `socat` bridge inside the namespace
exposes port 5000 as a unix socket in the app's own root (see `weaknesses()`).
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import selectors
import shutil
import socket
import subprocess
import tempfile
import threading
import time
import uuid
from pathlib import Path

from . import cgroups, seccomp
from .base import (
    APP_PORT,
    Backend,
    Instance,
    Launch,
    Limits,
    LiveInstances,
    RunOutcome,
    SandboxError,
)

APP_UID = int(os.environ.get("BAXBENCH_APP_UID", "65534"))
OUTPUT_CAP = 256 * 1024
TOOL_OUTPUT_CAP = 32 * 2**20
TOOL_LIMITS = Limits(memory_mb=512, pids=64, cpus=1.0, disk_mb=128)
BRIDGE = "/bridge/app.sock"  # only without root
SANDBOX_PATH = "/usr/local/bin:/usr/bin:/bin"
_ROOT_DIRS = ("app", "bridge", "dev", "etc", "proc", "tmp", "usr", "data")
_ROOT_LINKS = {"bin": "usr/bin", "lib": "usr/lib", "lib64": "usr/lib64", "sbin": "usr/sbin"}
# What of the host's /etc an app or tool may need: users and name lookup for libc, dynamic
# linker config, certificates, MIME and magic databases, time zone, fonts, and the config of
# the runtimes and tools (php, python, ImageMagick, ghostscript, perl). Nothing else is visible.
ETC_ALLOWED = (
    "alternatives", "ca-certificates", "ca-certificates.conf", "fonts", "gai.conf", "ghostscript",
    "group", "host.conf", "hosts", "ImageMagick-6", "ld.so.cache", "ld.so.conf", "ld.so.conf.d",
    "localtime", "magic", "magic.mime", "mailcap", "mime.types", "nsswitch.conf", "passwd", "perl",
    "php", "protocols", "python3", "python3.11", "services", "ssl", "timezone",
)
_JOIN_CGROUPS = 'for p in $BAX_CG; do echo $$ > "$p" || exit 97; done; exec "$@"'
_WITH_BRIDGE = (
    f'socat UNIX-LISTEN:{BRIDGE},fork,mode=777 TCP:127.0.0.1:{APP_PORT} 2>/dev/null & exec "$@"'
)
_AS_ROOT = os.geteuid() == 0
_libc = ctypes.CDLL(None, use_errno=True)
_CLONE_NEWNET = 0x40000000
_MS_NOSUID, _MS_NODEV, _MNT_DETACH = 2, 4, 2
_HOST_NET = os.open("/proc/self/ns/net", os.O_RDONLY | os.O_CLOEXEC)


def work_base() -> Path:
    """Where instance directories live: world-traversable, outside the harness's checkout."""
    base = Path(os.environ.get("BAXBENCH_TMP", tempfile.gettempdir())) / "baxbench-instances"
    base.mkdir(parents=True, exist_ok=True)
    base.chmod(0o711)
    closed = [p for p in [base, *base.parents] if not os.stat(p).st_mode & 0o001]
    if closed and _AS_ROOT:
        raise SandboxError(f"{closed[0]} is not searchable by the sandbox's user (uid {APP_UID}): "
                           "set BAXBENCH_TMP to a directory whose parents all are (e.g. /var/tmp)")
    return base


# -- ownership: every instance dir and cgroup is named after the run that made it --------------


def _start_time(pid: int) -> str | None:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return stat.rsplit(")", 1)[1].split()[19]


def owner_tag() -> str:
    """`<pid>.<start time>` of this process: unique for the machine's uptime, so a pid reused by
    another process does not pass for a live owner."""
    return f"{os.getpid()}.{_start_time(os.getpid())}"


def owner_alive(name: str) -> bool:
    """Is the run whose owner_tag starts `name` still going? (Names of baxbench before 0.2,
    an instance id alone, are judged by the owner.pid file of their instance dir.)"""
    pid, _, start = name.split("-", 1)[0].partition(".")
    if pid.isdigit() and start:
        return _start_time(int(pid)) == start
    return _legacy_owner_alive(name.split("-", 1)[0])


def _legacy_owner_alive(instance_id: str) -> bool:
    for d in work_base().glob(f"{instance_id}-*"):
        with contextlib.suppress(OSError, ValueError):
            os.kill(int((d / "owner.pid").read_text()), 0)
            return True
    return False


def new_dir(kind: str) -> Path:
    """A fresh directory under work_base() owned by this run (cleanup spares it while we live)."""
    path = work_base() / f"{owner_tag()}-{kind}-{uuid.uuid4().hex[:12]}"
    path.mkdir(mode=0o711)
    path.chmod(0o711)
    return path


def _is_mount(path: Path) -> bool:
    with contextlib.suppress(OSError):
        return os.stat(path).st_dev != os.stat(path.parent).st_dev
    return False


def remove_dir(path: Path) -> None:
    if _is_mount(path):
        _libc.umount2(os.fsencode(path), _MNT_DETACH)
    shutil.rmtree(path, ignore_errors=True)  # fd-based: never follows a symlink


def cleanup_leftovers() -> tuple[list[str], list[str]]:
    """Remove the instance dirs and cgroups of runs that are gone (a crash, a kill -9), in any
    TMPDIR; a run still going is left alone. Returns (cgroups, dirs) removed."""
    dirs = []
    for d in work_base().iterdir():
        if not owner_alive(d.name):
            remove_dir(d)
            dirs.append(str(d))
    removed = cgroups.cleanup_leftovers(owner_alive) if cgroups.available()[0] else []
    return removed, dirs


def missing_tools() -> list[str]:
    needed = ("bwrap", "setpriv") if _AS_ROOT else ("bwrap", "socat")
    return [t for t in needed if shutil.which(t) is None]


# -- one sandboxed process tree ----------------------------------------------------------------


def mount_tmpfs(path: Path, size_mb: int) -> None:
    """Mount a size-capped tmpfs on a directory of `new_dir` (as root); `remove_dir` unmounts."""
    _mount_tmpfs(path, size_mb)


def _mount_tmpfs(path: Path, size_mb: int) -> None:
    options = f"size={size_mb}m,mode=0711".encode()
    if _libc.mount(b"baxbench", os.fsencode(path), b"tmpfs", _MS_NOSUID | _MS_NODEV, options):
        err = ctypes.get_errno()
        raise SandboxError(f"cannot mount a tmpfs on {path}: {os.strerror(err)}")


def _seccomp_fd() -> int | None:
    program = seccomp.program()
    if program is None:
        return None
    fd = os.memfd_create("baxbench-seccomp", 0)  # inherited by bwrap, which reads it
    os.write(fd, program)
    os.lseek(fd, 0, os.SEEK_SET)
    return fd


def _bwrap(root_args: list[str], launch: Launch, seccomp_fd: int | None) -> list[str]:
    cmd = []
    if _AS_ROOT:
        cmd += ["setpriv", f"--reuid={APP_UID}", f"--regid={APP_UID}", "--clear-groups",
                "--inh-caps=-all", "--"]
    cmd += ["bwrap", "--unshare-all", "--unshare-user", "--disable-userns", "--die-with-parent",
            "--new-session", "--as-pid-1", "--clearenv", "--cap-drop", "ALL", *root_args,
            "--ro-bind", "/usr", "/usr", "--proc", "/proc", "--dev", "/dev"]
    for name in ETC_ALLOWED:
        if os.path.exists(f"/etc/{name}"):
            cmd += ["--ro-bind", f"/etc/{name}", f"/etc/{name}"]
    if seccomp_fd is not None:
        cmd += ["--seccomp", str(seccomp_fd)]
    for host, inside in launch.binds:
        cmd += ["--ro-bind", str(host), inside]
    for host, inside in launch.writable_binds:
        cmd += ["--bind", str(host), inside]
    env = {"PATH": SANDBOX_PATH, "HOME": "/tmp", "LANG": "C.UTF-8", **launch.env}
    for key, value in env.items():
        cmd += ["--setenv", key, value]
    return cmd + ["--chdir", launch.cwd, "--"]


class _Process:
    """One sandboxed process tree: its directory (a tmpfs as root), cgroups and host process."""

    def __init__(self, launch: Launch, bridge: bool, stdout: int | None = None,
                 files: dict[str, bytes] | None = None) -> None:
        _live.check()
        self.dir = new_dir("run")
        self.id = self.dir.name
        self.cgroups: cgroups.Cgroups | None = None
        self.proc: subprocess.Popen | None = None
        self._netns: int | None = None
        self._stopped = False
        self._lock = threading.Lock()
        try:
            _live.add(self)
            if _AS_ROOT:
                _mount_tmpfs(self.dir, launch.limits.disk_mb)
            self.root = self.dir / "root"
            self.log_path = self.dir / "output.log"
            self.skipped = self._make_root(launch, files or {})
            if cgroups.available()[0]:
                limits = launch.limits
                self.cgroups = cgroups.Cgroups(self.id, limits.memory_mb, limits.pids, limits.cpus)
            self._spawn(launch, bridge, stdout)
        except BaseException:
            self.stop(keep=False)
            raise

    def _make_root(self, launch: Launch, files: dict[str, bytes]) -> list[str]:
        from .rootfs import copy_tree

        self.root.mkdir()
        for d in _ROOT_DIRS:
            (self.root / d).mkdir()
        for link, target in _ROOT_LINKS.items():
            (self.root / link).symlink_to(target)
        skipped = []
        if launch.copy_app and launch.app_dir is not None:
            skipped = copy_tree(launch.app_dir, self.root / "app", contained_links=False)
        if files:
            (self.root / "in").mkdir()
        for name, data in files.items():
            (self.root / "in" / name).write_bytes(data)
        _chown_tree(self.root)
        return skipped

    def _spawn(self, launch: Launch, bridge: bool, stdout: int | None) -> None:
        root_args = ["--bind", str(self.root), "/"]
        if not launch.copy_app and launch.app_dir is not None:
            root_args += ["--bind", str(launch.app_dir), "/app"]
        seccomp_fd = _seccomp_fd()
        argv = _bwrap(root_args, launch, seccomp_fd)
        argv += ["/bin/sh", "-c", _WITH_BRIDGE, "sh"] if bridge and not _AS_ROOT else []
        argv += launch.argv
        env = {"PATH": SANDBOX_PATH}
        if self.cgroups:
            env["BAX_CG"] = " ".join(str(p) for p in self.cgroups.procs_files)
            argv = ["/bin/sh", "-c", _JOIN_CGROUPS, "sh", *argv]
        try:
            with open(self.log_path, "wb") as log:
                self.proc = subprocess.Popen(
                    argv, stdin=subprocess.PIPE if stdout is not None else subprocess.DEVNULL,
                    stdout=log if stdout is None else stdout,
                    stderr=subprocess.STDOUT if stdout is None else log, env=env,
                    start_new_session=True, close_fds=True,
                    pass_fds=() if seccomp_fd is None else (seccomp_fd,))
        finally:
            if seccomp_fd is not None:
                os.close(seccomp_fd)

    def netns(self, timeout_s: float = 5.0) -> int:
        """A descriptor of the sandbox's network namespace (found once, then kept)."""
        if self._netns is None:
            self._netns = _find_netns(self.proc, timeout_s)
        return self._netns

    def output(self) -> str:
        try:
            with open(self.log_path, "rb") as f:
                f.seek(max(0, os.fstat(f.fileno()).st_size - OUTPUT_CAP))
                return f.read(OUTPUT_CAP).decode(errors="replace")
        except OSError:
            return ""

    def stop(self, keep: bool = False) -> None:
        with self._lock:
            if self._stopped:
                return
            self._stopped = True
        if self.cgroups:
            self.cgroups.kill_all()
        if self.proc is not None:  # None when the start failed
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(self.proc.pid, 9)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.proc.wait(timeout=5)
        if self.cgroups:
            self.cgroups.remove()
        if self._netns is not None:
            os.close(self._netns)
        _live.discard(self)
        if not keep:
            remove_dir(self.dir)


def _find_netns(proc: subprocess.Popen[bytes], timeout_s: float) -> int:
    """bwrap's child (the sandbox's PID 1) is born in the new network namespace: open it.
    A sandbox that has exited (an app that dies at once) has none: that is refused like a
    connection to an app that does not listen, not a harness failure."""
    host = os.fstat(_HOST_NET).st_ino
    deadline = time.monotonic() + timeout_s
    pid = proc.pid
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise ConnectionRefusedError("the sandbox has exited: no network namespace")
        with contextlib.suppress(OSError):
            for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split():
                fd = os.open(f"/proc/{child}/ns/net", os.O_RDONLY | os.O_CLOEXEC)
                if os.fstat(fd).st_ino != host:
                    return fd
                os.close(fd)
        time.sleep(0.001)
    raise SandboxError("the sandbox's network namespace did not appear")


def _socket_in(netns: int) -> socket.socket:
    """A TCP socket created in another network namespace (this thread switches there for the
    socket() call only)."""
    if _libc.setns(netns, _CLONE_NEWNET):
        raise OSError(ctypes.get_errno(), "setns into the sandbox's network namespace failed")
    try:
        return socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    finally:
        if _libc.setns(_HOST_NET, _CLONE_NEWNET):
            os._exit(70)  # a harness thread stuck inside a sandbox must not go on


def _chown_tree(path: Path) -> None:
    if not _AS_ROOT:
        return
    for dirpath, dirnames, filenames in os.walk(path):
        os.lchown(dirpath, APP_UID, APP_UID)
        for name in dirnames + filenames:
            os.lchown(os.path.join(dirpath, name), APP_UID, APP_UID)


_live = LiveInstances()  # every sandboxed process tree of this process: apps, builds, tools


class BwrapInstance(Instance):
    def __init__(self, launch: Launch) -> None:
        self._p = _Process(launch, bridge=True)
        self.root = self._p.root
        self.skipped = self._p.skipped

    def open_connection(self, timeout_s: float) -> socket.socket:
        if not _AS_ROOT:
            return _connected(socket.socket(socket.AF_UNIX), str(self.root / BRIDGE[1:]),
                              timeout_s)
        return _connected(_socket_in(self._p.netns()), ("127.0.0.1", APP_PORT), timeout_s)

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

    def sql(self, db_path: str, statements: list[tuple[str, tuple]]) -> list[list[tuple]]:
        from . import sqlhelper

        code, out = _tool(["python3", "-I", "-S", "-c", sqlhelper.SCRIPT], timeout_s=30,
                          stdin=sqlhelper.request("/r" + db_path, statements), rw_root=self.root)
        return sqlhelper.answer(code, out)


def _connected(sock: socket.socket, address: object, timeout_s: float) -> socket.socket:
    try:
        sock.settimeout(timeout_s)
        sock.connect(address)
    except OSError:
        sock.close()
        raise
    return sock


class BwrapBackend(Backend):
    name = "bwrap"
    live = _live

    def start(self, launch: Launch) -> Instance:
        return BwrapInstance(launch)

    def run(self, launch: Launch, timeout_s: float) -> RunOutcome:
        if launch.app_dir is not None:
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
        found = []
        ok, why = cgroups.available()
        if not ok:
            found.append(f"no memory, pids or cpu limits: {why}")
        if not _AS_ROOT:
            found += ["no disk cap (a tmpfs per instance needs root)",
                      "the bridge socket lies in the app's own root (connecting from inside its "
                      "network namespace needs root)"]
        if seccomp.program() is None:
            found.append("no seccomp filter (it is written for x86-64)")
        return found

    def file_owner(self) -> int | None:
        return APP_UID if _AS_ROOT else None

    def cleanup_leftovers(self) -> tuple[list[str], list[str]]:
        return cleanup_leftovers()

    def run_tool(self, argv: list[str], files: dict[str, bytes] | None = None,
                 stdin: bytes | None = None, timeout_s: float = 10.0) -> tuple[int | None, bytes]:
        return run_tool(argv, files, stdin, timeout_s)


def run_tool(argv: list[str], files: dict[str, bytes] | None = None, stdin: bytes | None = None,
             timeout_s: float = 10.0) -> tuple[int | None, bytes]:
    """Run a harness-side tool (pdftotext, ffmpeg, …) on data an app produced, sandboxed like an
    app: the data is hostile, and C parsers have bugs. `files` appear under /in. Returns (exit
    code, or None on a timeout or when its output passed TOOL_OUTPUT_CAP; stdout)."""
    return _tool(argv, files=files, stdin=stdin, timeout_s=timeout_s)


def _tool(argv: list[str], files: dict[str, bytes] | None = None, stdin: bytes | None = None,
          timeout_s: float = 10.0, rw_root: Path | None = None) -> tuple[int | None, bytes]:
    binds = [(rw_root, "/r")] if rw_root is not None else []
    launch = Launch(argv=argv, app_dir=None, cwd="/tmp", limits=TOOL_LIMITS, copy_app=False,
                    writable_binds=binds)
    read_end, write_end = os.pipe()
    try:
        p = _Process(launch, bridge=False, stdout=write_end, files=files)
    finally:
        os.close(write_end)
    try:
        return _collect(p, read_end, stdin, timeout_s)
    finally:
        os.close(read_end)
        p.stop(keep=False)


def _collect(p: _Process, out_fd: int, stdin: bytes | None,
             timeout_s: float) -> tuple[int | None, bytes]:
    if p.proc.stdin is not None:
        threading.Thread(target=_feed, args=(p.proc.stdin, stdin or b""), daemon=True).start()
    out = bytearray()
    deadline = time.monotonic() + timeout_s
    with selectors.DefaultSelector() as sel:
        sel.register(out_fd, selectors.EVENT_READ)
        while len(out) <= TOOL_OUTPUT_CAP:
            left = deadline - time.monotonic()
            if left <= 0:
                return None, bytes(out)
            if not sel.select(left):
                continue
            chunk = os.read(out_fd, 2**16)
            if not chunk:
                break
            out += chunk
    if len(out) > TOOL_OUTPUT_CAP:
        return None, bytes(out[:TOOL_OUTPUT_CAP])
    try:
        return p.proc.wait(timeout=max(0.1, deadline - time.monotonic())), bytes(out)
    except subprocess.TimeoutExpired:
        return None, bytes(out)


def _feed(pipe: object, data: bytes) -> None:
    with contextlib.suppress(OSError):
        pipe.write(data)  # type: ignore[attr-defined]
        pipe.close()  # type: ignore[attr-defined]
