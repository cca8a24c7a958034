"""HTTP to a sandboxed app: connections opened by the instance, bodies read with a size cap.

An app's answer is hostile: a body of gigabytes, or a small gzip that inflates to gigabytes, must
not exhaust the harness. Bodies are read up to BODY_CAP bytes on the wire and decoded up to
BODY_CAP bytes; the rest is dropped, the connection closed, and the response marked
`extensions["truncated"]`.
"""

from __future__ import annotations

import socket
import zlib
from collections.abc import Callable

import httpcore
import httpx

# httpcore's own stream class, so that socket errors become httpx.TransportError as usual.
from httpcore._backends.sync import SyncStream

BODY_CAP = 32 * 2**20
ACCEPT_ENCODING = "gzip, deflate"  # what _decode can bound; nothing else is asked for


class _Backend(httpcore.SyncBackend):
    """Every connection, whatever host and port the URL names, goes to the app."""

    def __init__(self, open_connection: Callable[[float], socket.socket]) -> None:
        self._open = open_connection

    def connect_tcp(self, host: str, port: int, timeout: float | None = None,
                    local_address: str | None = None, socket_options: object = None,
                    ) -> httpcore.NetworkStream:
        try:
            return SyncStream(self._open(10.0 if timeout is None else timeout))
        except OSError as e:
            raise httpcore.ConnectError(str(e) or type(e).__name__) from e


class AppTransport(httpx.BaseTransport):
    def __init__(self, open_connection: Callable[[float], socket.socket],
                 cap: int = BODY_CAP) -> None:
        self._inner = httpx.HTTPTransport()
        self._inner._pool._network_backend = _Backend(open_connection)
        self.cap = cap

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        resp = self._inner.handle_request(request)
        try:
            raw, truncated = _read(resp.stream, self.cap)
        finally:
            resp.close()
        encoding = resp.headers.get("content-encoding", "")
        body, cut = _decode(raw, encoding, self.cap)
        headers = [(k, v) for k, v in resp.headers.multi_items()
                   if k.lower() not in ("content-encoding", "content-length")]
        headers.append(("content-length", str(len(body))))
        extensions = {**resp.extensions, "truncated": truncated or cut, "encoding": encoding}
        return httpx.Response(resp.status_code, headers=headers, content=body,
                              extensions=extensions, request=request)

    def close(self) -> None:
        self._inner.close()


def _read(stream: object, cap: int) -> tuple[bytes, bool]:
    data = bytearray()
    for chunk in stream:  # type: ignore[attr-defined]
        data += chunk
        if len(data) > cap:
            return bytes(data[:cap]), True
    return bytes(data), False


def _decode(raw: bytes, encoding: str, cap: int) -> tuple[bytes, bool]:
    """Undo gzip/deflate (outermost last in the header), at most `cap` bytes out."""
    data, cut = raw, False
    for coding in reversed([c.strip().lower() for c in encoding.split(",") if c.strip()]):
        if coding in ("gzip", "x-gzip"):
            data, more = _inflate(data, 16 + zlib.MAX_WBITS, cap)
        elif coding == "deflate":
            try:
                data, more = _inflate(data, zlib.MAX_WBITS, cap)
            except httpx.DecodingError:
                data, more = _inflate(data, -zlib.MAX_WBITS, cap)  # raw deflate, no zlib header
        elif coding == "identity":
            continue
        else:
            break  # not ours to decode (we never asked for it): the test sees the bytes
        cut = cut or more
    return data, cut


def _inflate(data: bytes, wbits: int, cap: int) -> tuple[bytes, bool]:
    inflater = zlib.decompressobj(wbits)
    try:
        out = inflater.decompress(data, cap + 1)
    except zlib.error as e:
        raise httpx.DecodingError(f"the body does not decode: {e}") from None
    return (out[:cap], True) if len(out) > cap else (out, False)
