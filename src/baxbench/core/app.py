"""The contract of the handle a test gets: HTTP to the running app, its files, its database and
its vital signs. `baxbench.execution.app.App` implements it; tests and exploits are written
against this protocol, so they need nothing from the execution layer."""

from __future__ import annotations

import socket
from typing import Any, Protocol, runtime_checkable

import httpx


class InstanceHandle(Protocol):
    """What a test may use of the running instance directly: a raw connection to the app."""

    def open_connection(self, timeout_s: float) -> socket.socket: ...


@runtime_checkable
class AppHandle(Protocol):
    """A running sample. Paths like `/secret.txt` are as the app sees them."""

    instance: InstanceHandle
    http: httpx.Client  # the client behind get/post/...: its cookies are the session's
    base_url: str

    # -- HTTP (every exchange is recorded as evidence) ----------------------------------------
    def request(self, method: str, path: str, **kw: Any) -> httpx.Response: ...
    def get(self, path: str, **kw: Any) -> httpx.Response: ...
    def post(self, path: str, **kw: Any) -> httpx.Response: ...
    def put(self, path: str, **kw: Any) -> httpx.Response: ...
    def delete(self, path: str, **kw: Any) -> httpx.Response: ...

    def raw_get(self, target: str, timeout_s: float = 10.0) -> tuple[int | None, bytes]:
        """GET with the request target sent byte for byte (no `..` or %-normalisation)."""

    def note(self, text: str) -> None:
        """Record a line of evidence (what the detection saw)."""

    # -- files (a path the app tampered with raises rootfs.Tampered: inconclusive) ------------
    def plant(self, sandbox_path: str, content: str | bytes) -> None: ...
    def exists(self, sandbox_path: str) -> bool: ...
    def read(self, sandbox_path: str) -> bytes | None: ...

    # -- database and tools ---------------------------------------------------------------------
    def sql(self, *statements: str | tuple[str, tuple]) -> list[list[tuple]]:
        """Statements in one transaction on the app's db.sqlite3; the rows of each."""

    def run_tool(self, argv: list[str], files: dict[str, bytes] | None = None,
                 stdin: bytes | None = None, timeout_s: float = 10.0) -> tuple[int | None, bytes]:
        """Run a tool (pdftotext, ffmpeg, …) on data the app returned, sandboxed."""

    # -- vital signs ----------------------------------------------------------------------------
    def is_alive(self) -> bool: ...
    def crashed(self, grace_s: float = 1.0) -> bool: ...
    def memory_bytes(self) -> int | None: ...
    def memory_peak_bytes(self) -> int | None: ...
    def oom_killed(self) -> bool: ...
