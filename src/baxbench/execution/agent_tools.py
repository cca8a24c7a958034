"""The tools of agent mode, on a working copy of the app that the harness owns.

Everything the agent sends is hostile: paths are relative, plain and short (no `..`, no
absolute path), files are written and read through `sandbox.rootfs` (one component at a time,
O_NOFOLLOW, regular files only, bounded), and sizes are capped. `run` executes in a build
sandbox of the env (the same backend, limits and binds as a sample's build step) on a copy of
the files; what it leaves is copied back by `rootfs.copy_tree`, which follows nothing and skips
special files and symlinks that leave the tree. `start_app` builds and starts a copy like the
test stage does (`SampleTester.build`, `Backend.start`), and `http_request` talks to it through
the sandbox's own connection.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path
from typing import Any

import httpx

from ..envs import Env
from ..sandbox import Backend, Instance, bwrap, rootfs
from ..sandbox.bwrap import new_dir, remove_dir
from ..scenarios import SCENARIOS
from .app import App
from .runner import APP_SECRET, SampleTester, Settings, wait_ready

MAX_PATH = 200
MAX_FILE = 256 * 1024            # bytes a write_file may write, and a final file may have
MAX_FILES = 200                  # files write_file may create
MAX_TOTAL = 4 * 2**20            # bytes of the final code
RESULT_CAP = 8000                # characters of a tool result the model gets
RUN_TIMEOUT_S = 120.0
RUN_DISK_MB = 256                # the tmpfs a run command works in (as root)
MAX_WORKING = 64 * 2**20         # bytes of files a run may leave for the working copy
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS")
_PATH_CHARS = re.compile(r"[A-Za-z0-9._\-/]+")


class ToolError(Exception):
    """The agent asked for something refused; the message is its answer."""


def safe_relative(path: Any) -> str:
    """`path` if it is a plain relative path inside the app; ToolError otherwise."""
    if not isinstance(path, str) or not path:
        raise ToolError("path must be a non-empty string")
    if len(path) > MAX_PATH or not _PATH_CHARS.fullmatch(path):
        raise ToolError(f"path {path[:80]!r}: use at most {MAX_PATH} characters of "
                        "A-Z a-z 0-9 . _ - /")
    if path.startswith("/"):
        raise ToolError(f"path {path!r} is absolute: give a path relative to the app")
    parts = path.split("/")
    if any(p in ("", ".", "..") for p in parts):
        raise ToolError(f"path {path!r}: no empty, '.' or '..' components")
    return path


def _cap(text: str, cap: int = RESULT_CAP) -> str:
    return text if len(text) <= cap else text[:cap] + f"\n… (cut: {len(text)} characters)"


def walk(root: Path) -> list[tuple[str, str, int]]:
    """(relative path, kind, size) of every entry under root, following nothing."""
    found: list[tuple[str, str, int]] = []

    def visit(fd: int, rel: str) -> None:
        for name in sorted(os.listdir(fd)):
            path = f"{rel}/{name}" if rel else name
            info = os.stat(name, dir_fd=fd, follow_symlinks=False)
            if stat.S_ISDIR(info.st_mode):
                child = os.open(name, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW, dir_fd=fd)
                try:
                    visit(child, path)
                finally:
                    os.close(child)
            else:
                kind = ("file" if stat.S_ISREG(info.st_mode) else
                        "symlink" if stat.S_ISLNK(info.st_mode) else "special")
                found.append((path, kind, info.st_size))

    fd = os.open(root, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
    try:
        visit(fd, "")
    finally:
        os.close(fd)
    return found


class AgentToolbox:
    """The tools of one agent run; `close()` stops the app and removes every file."""

    def __init__(self, scenario_id: str, env: Env, backend: Backend, cache: Path,
                 settings: Settings | None = None, run_timeout_s: float = RUN_TIMEOUT_S) -> None:
        self.env, self.backend, self.cache = env, backend, cache
        self.settings = settings or Settings(test_timeout_s=30, start_timeout_s=30)
        self.tester = SampleTester(SCENARIOS[scenario_id], env, backend, cache, self.settings)
        self.run_timeout_s = run_timeout_s
        self.work = new_dir("agent")
        self.root = self.work / "files"
        self.root.mkdir(mode=0o700)
        self.written: set[str] = set()
        self._instance: Instance | None = None
        self._app: App | None = None
        self._app_work: Path | None = None

    # -- dispatch ------------------------------------------------------------------------------

    def call(self, name: str, arguments: dict[str, Any]) -> str:
        handlers = {"write_file": self.write_file, "read_file": self.read_file,
                    "list_files": self.list_files, "run": self.run,
                    "start_app": self.start_app, "http_request": self.http_request}
        handler = handlers.get(name)
        if handler is None:
            return f"error: no tool {name!r}"
        try:
            return _cap(handler(**arguments))
        except TypeError as e:
            return f"error: bad arguments for {name}: {e}"
        except (ToolError, rootfs.Tampered) as e:
            return f"error: {e}"

    # -- files ---------------------------------------------------------------------------------

    def write_file(self, path: str, content: str) -> str:
        rel = safe_relative(path)
        if not isinstance(content, str):
            raise ToolError("content must be a string")
        data = content.encode()
        if len(data) > MAX_FILE:
            raise ToolError(f"{rel}: {len(data)} bytes, more than the {MAX_FILE} allowed")
        if rel not in self.written and len(self.written) >= MAX_FILES:
            raise ToolError(f"at most {MAX_FILES} files may be written")
        rootfs.write(self.root, "/" + rel, data, owner=None)
        self.written.add(rel)
        return f"wrote {rel} ({len(data)} bytes)"

    def read_file(self, path: str) -> str:
        rel = safe_relative(path)
        data = rootfs.read(self.root, "/" + rel, cap=MAX_FILE)
        if data is None:
            raise ToolError(f"{rel}: no such file")
        return data.decode(errors="replace")

    def list_files(self) -> str:
        entries = walk(self.root)
        if not entries:
            return "(no files)"
        return "\n".join(f"{p}  {size} bytes" if kind == "file" else f"{p}  ({kind}, not "
                         "followed)" for p, kind, size in entries)

    # -- run: a build sandbox of the env on a copy of the files --------------------------------

    def run(self, command: str) -> str:
        if not isinstance(command, str) or not command.strip():
            raise ToolError("command must be a non-empty string")
        scratch = new_dir("agent-run")
        try:
            if os.geteuid() == 0:  # a size-capped tmpfs: a full disk is the command's problem
                bwrap.mount_tmpfs(scratch, RUN_DISK_MB)
            app_dir = scratch / "app"
            rootfs.copy_tree(self.root, app_dir, contained_links=True)
            launch = self.env.launch(app_dir, self.cache)
            launch.argv = ["/bin/sh", "-c", command]
            launch.copy_app = False  # bound read-write at /app, as a build step is
            outcome = self.backend.run(launch, self.run_timeout_s)
            skipped = self._take_back(app_dir)
        finally:
            remove_dir(scratch)
        code = "killed at the time limit" if outcome.timed_out else str(outcome.exit_code)
        notes = "".join(f"\nnot kept: {s}" for s in skipped)
        return f"exit code: {code}\noutput:\n{outcome.output[-RESULT_CAP // 2:]}{notes}"

    def _take_back(self, app_dir: Path) -> list[str]:
        """Make what the command left the new working copy: copied without following anything,
        links leaving the tree and special files skipped."""
        fresh = self.work / "back"
        try:
            size = sum(n for _, kind, n in walk(app_dir) if kind == "file")
            if size > MAX_WORKING:
                raise rootfs.Tampered(f"{size} bytes, more than {MAX_WORKING >> 20} MiB")
            skipped = rootfs.copy_tree(app_dir, fresh, contained_links=True)
        except (rootfs.Tampered, OSError) as e:
            remove_dir(fresh)
            return [f"the files were not taken back ({e}); the working copy is unchanged"]
        old = self.work / "old"
        self.root.rename(old)
        fresh.rename(self.root)
        self.root.chmod(0o700)
        remove_dir(old)
        self.written = {p for p, kind, _ in walk(self.root) if kind == "file"}
        return skipped

    # -- the app -------------------------------------------------------------------------------

    def start_app(self) -> str:
        self._stop_app()
        self._app_work = new_dir("agent-app")
        app_dir, build = self.tester.build(self.root, self._app_work)
        if not build["ok"]:
            return f"the build failed:\n{build.get('output', '')[-RESULT_CAP // 2:]}"
        launch = self.env.launch(app_dir, self.cache)
        launch.env.setdefault("APP_SECRET", APP_SECRET)
        self._instance = self.backend.start(launch)
        not_ready = wait_ready(self._instance, self.settings.start_timeout_s)
        if not_ready:
            return f"{not_ready}; its output:\n{self._instance.output()[-RESULT_CAP // 2:]}"
        self._app = App(self._instance, self.backend)
        return "the app is up and answers HTTP"

    def http_request(self, method: str, path: str, headers: dict[str, str] | None = None,
                     body: str | None = None) -> str:
        if self._app is None or not self._app.is_alive():
            raise ToolError("no app is running: call start_app first")
        method = str(method).upper()
        if method not in METHODS:
            raise ToolError(f"method {method!r}: choose one of {', '.join(METHODS)}")
        if not isinstance(path, str) or not path.startswith("/") or len(path) > 2000:
            raise ToolError("path must start with / (at most 2000 characters)")
        if headers is not None and not (isinstance(headers, dict) and all(
                isinstance(k, str) and isinstance(v, str) for k, v in headers.items())):
            raise ToolError("headers must map names to strings")
        if body is not None and not isinstance(body, str):
            raise ToolError("body must be a string")
        try:
            resp = self._app.request(method, path, headers=headers or {},
                                     content=(body or "").encode())
        except (httpx.HTTPError, OSError) as e:
            return f"no response: {type(e).__name__}: {e}"
        shown = "\n".join(f"{k}: {v}" for k, v in resp.headers.items())
        return f"HTTP {resp.status_code}\n{shown}\n\n{resp.text}"

    def _stop_app(self) -> None:
        if self._app is not None:
            self._app.close()
            self._app = None
        if self._instance is not None:
            self._instance.stop()
            self._instance = None
        if self._app_work is not None:
            remove_dir(self._app_work)
            self._app_work = None

    # -- the end -------------------------------------------------------------------------------

    def files(self) -> tuple[dict[str, str], list[str]]:
        """The final code: regular UTF-8 files within the caps; why others were left out."""
        files: dict[str, str] = {}
        notes: list[str] = []
        total = 0
        for rel, kind, size in walk(self.root):
            why = self._unkept(rel, kind, size, total)
            if why:
                notes.append(f"{rel}: {why}; not kept")
                continue
            data = rootfs.read(self.root, "/" + rel, cap=MAX_FILE)
            try:
                files[rel] = (data or b"").decode()
            except UnicodeDecodeError:
                notes.append(f"{rel}: not UTF-8 text; not kept")
                continue
            total += size
        return files, notes

    @staticmethod
    def _unkept(rel: str, kind: str, size: int, total: int) -> str:
        if kind != "file":
            return f"a {kind}"
        try:
            safe_relative(rel)
        except ToolError:
            return "a name outside the allowed characters"
        if "__pycache__" in rel.split("/"):
            return "a build artifact"
        if size > MAX_FILE or total + size > MAX_TOTAL:
            return "too large"
        return ""

    def close(self) -> None:
        self._stop_app()
        remove_dir(self.work)
