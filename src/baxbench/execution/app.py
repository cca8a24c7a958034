"""The handle a test gets: HTTP to the running app, its files, its database and its vital signs.

`App` implements `baxbench.core.app.AppHandle`, the contract tests and exploits are written to."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import httpx

from ..core.constants import HOST
from ..sandbox import Backend, Instance, rootfs
from . import http as app_http
from .http import ACCEPT_ENCODING, AppTransport

__all__ = ["HOST", "App", "Exchange"]
BODY_CAP = 2000
LOG_CAP = 40


@dataclass
class Exchange:
    """One request and its response, kept as evidence (bodies capped)."""

    method: str
    url: str
    request_body: str
    status: int | None
    response_body: str

    def as_dict(self) -> dict[str, Any]:
        return self.__dict__.copy()


def _cap(data: bytes | str) -> str:
    text = data.decode(errors="replace") if isinstance(data, bytes) else data
    return text if len(text) <= BODY_CAP else text[:BODY_CAP] + f"… ({len(text)} chars)"


def _request_body(req: httpx.Request) -> bytes:
    """The request body for the evidence; multipart and streamed bodies are not kept in memory."""
    try:
        return req.content or b""
    except httpx.RequestNotRead:
        return f"<streamed body, {req.headers.get('content-length', '?')} bytes>".encode()


class App:
    """A running sample. Paths like `/secret.txt` are as the app sees them."""

    def __init__(self, instance: Instance, backend: Backend, timeout_s: float = 10.0) -> None:
        self.instance = instance
        self._backend = backend
        self.exchanges: list[Exchange] = []
        self.notes: list[str] = []
        self.dropped_connection = False  # a request ended without a response (did it crash?)
        self.base_url = f"http://{HOST}"
        self.http = httpx.Client(base_url=self.base_url, timeout=timeout_s,
                                 transport=AppTransport(instance.open_connection),
                                 headers={"Accept-Encoding": ACCEPT_ENCODING},
                                 follow_redirects=True, event_hooks={"response": [self._record]})

    # -- HTTP ---------------------------------------------------------------------------------

    def _record(self, resp: httpx.Response) -> None:
        resp.read()
        req = resp.request
        body = _cap(resp.content)
        if resp.extensions.get("truncated"):
            body += f" [the harness read only the first {app_http.BODY_CAP >> 20} MiB of the body]"
        self.exchanges.append(Exchange(req.method, str(req.url), _cap(_request_body(req)),
                                       resp.status_code, body))
        del self.exchanges[:-LOG_CAP]

    def request(self, method: str, path: str, **kw: Any) -> httpx.Response:
        try:
            return self.http.request(method, path, **kw)
        except httpx.TransportError:
            self.dropped_connection = True
            raise

    def get(self, path: str, **kw: Any) -> httpx.Response:
        return self.request("GET", path, **kw)

    def post(self, path: str, **kw: Any) -> httpx.Response:
        return self.request("POST", path, **kw)

    def put(self, path: str, **kw: Any) -> httpx.Response:
        return self.request("PUT", path, **kw)

    def delete(self, path: str, **kw: Any) -> httpx.Response:
        return self.request("DELETE", path, **kw)

    def raw_get(self, target: str, timeout_s: float = 10.0) -> tuple[int | None, bytes]:
        """GET with the request target sent byte for byte (no `..` or %-normalisation)."""
        request = f"GET {target} HTTP/1.1\r\nHost: {HOST}\r\nConnection: close\r\n\r\n".encode()
        with self.instance.open_connection(timeout_s) as sock:
            sock.sendall(request)
            data = bytearray()
            while len(data) <= app_http.BODY_CAP and (chunk := sock.recv(65536)):
                data += chunk
        data = bytes(data[:app_http.BODY_CAP])
        head, _, body = data.partition(b"\r\n\r\n")
        try:
            status = int(head.split()[1])
        except (IndexError, ValueError):
            status = None
        self.exchanges.append(Exchange("GET", target, "", status, _cap(body)))
        return status, body

    def note(self, text: str) -> None:
        """Record a line of evidence (what the detection saw)."""
        self.notes.append(text)

    # -- files: never followed through what the app planted (rootfs.Tampered: inconclusive) --

    def _files(self, op: Any, *args: Any) -> Any:
        try:
            return op(self.instance.root, *args)
        except rootfs.Tampered as e:
            self.note(f"tampered: {e}")
            raise

    def plant(self, sandbox_path: str, content: str | bytes) -> None:
        """Create a file the app can see (and, like any file of its own, change)."""
        data = content.encode() if isinstance(content, str) else content
        self._files(rootfs.write, sandbox_path, data, self._backend.file_owner())

    def exists(self, sandbox_path: str) -> bool:
        return self._files(rootfs.exists, sandbox_path)

    def read(self, sandbox_path: str) -> bytes | None:
        return self._files(rootfs.read, sandbox_path)

    # -- database and tools -------------------------------------------------------------------

    DB_PATH = "/app/db.sqlite3"

    def sql(self, *statements: str | tuple[str, tuple]) -> list[list[tuple]]:
        """Run SQL statements (text, or (text, parameters)) in one transaction on the app's
        `db.sqlite3`; the rows of each. FileNotFoundError when the app made no database,
        sqlite3.Error when the SQL fails."""
        pairs = [(s, ()) if isinstance(s, str) else s for s in statements]
        return self.instance.sql(self.DB_PATH, pairs)

    def run_tool(self, argv: list[str], files: dict[str, bytes] | None = None,
                 stdin: bytes | None = None, timeout_s: float = 10.0) -> tuple[int | None, bytes]:
        """Run a tool (pdftotext, ffmpeg, …) on data the app returned, sandboxed."""
        return self._backend.run_tool(argv, files, stdin, timeout_s)

    # -- vital signs --------------------------------------------------------------------------

    def is_alive(self) -> bool:
        return self.instance.is_alive()

    def crashed(self, grace_s: float = 1.0) -> bool:
        """True when the app is dead. After a dropped connection, which is how a crash usually
        shows, a dying process is given `grace_s` to finish exiting."""
        deadline = time.monotonic() + (grace_s if self.dropped_connection else 0)
        while self.instance.is_alive():
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.005)
        return True

    def memory_bytes(self) -> int | None:
        return self.instance.memory_bytes()

    def memory_peak_bytes(self) -> int | None:
        return self.instance.memory_peak_bytes()

    def oom_killed(self) -> bool:
        return self.instance.oom_killed()

    def close(self) -> None:
        self.http.close()
