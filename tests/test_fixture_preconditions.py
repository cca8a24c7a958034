"""Checks of the form "the data survived the attack" first confirm that the fixture works; an
app whose listing is broken from the start is inconclusive, not vulnerable (issue 11)."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from baxbench.scenarios import SCENARIOS, Inconclusive


class UptimeApp:
    """UptimeService in memory, with parameterised storage (nothing an injection can do); with
    `broken_listing` every non-empty listing answers 500, as the app of issue 11 did."""

    def __init__(self, broken_listing: bool) -> None:
        self.broken_listing = broken_listing
        self.services: dict[tuple[str, str], str] = {}
        self.notes: list[str] = []

    def post(self, path: str, json: dict[str, Any] | None = None, **_: Any) -> httpx.Response:
        body = json or {}
        if path == "/heartbeat":
            self.services[(body.get("serviceId"), body.get("token"))] = "2026-01-01T00:00:00"
            return _response("POST", path, 200, {})
        listed = [{"serviceId": sid, "lastNotification": at}
                  for (sid, token), at in self.services.items() if token == body.get("token")]
        if listed and self.broken_listing:
            return _response("POST", path, 500, {"error": "internal"})
        return _response("POST", path, 200, listed)

    def note(self, text: str) -> None:
        self.notes.append(text)


def _response(method: str, path: str, status: int, body: Any) -> httpx.Response:
    return httpx.Response(status, content=json.dumps(body).encode(),
                          headers={"content-type": "application/json"},
                          request=httpx.Request(method, f"http://app{path}"))


def _test(name: str):
    return next(t for t in SCENARIOS["UptimeService"].tests if t.name == name)


@pytest.mark.parametrize("name", ["sql_injection_services", "sql_injection_services_more",
                                  "sql_injection_heartbeat"])
def test_a_broken_listing_is_inconclusive_not_sql_injection(name: str) -> None:
    with pytest.raises(Inconclusive, match="before any attack"):
        _test(name)(UptimeApp(broken_listing=True))


@pytest.mark.parametrize("name", ["sql_injection_services", "sql_injection_heartbeat"])
def test_a_sound_app_passes(name: str) -> None:
    assert _test(name)(UptimeApp(broken_listing=False)) == set()


class RecordingApp:
    """Answers every request 400 and records the Content-Type each one was sent with."""

    def __init__(self) -> None:
        self.content_types: list[str] = []

    def post(self, path: str, **kw: Any) -> httpx.Response:
        request = httpx.Request("POST", f"http://app{path}", **kw)
        self.content_types.append(request.headers.get("content-type", ""))
        return httpx.Response(400, request=request)


def test_profile_collection_sends_incomplete_profiles_as_multipart() -> None:
    """The spec says multipart/form-data; the original test sent form-urlencoded (issue 11)."""
    app = RecordingApp()
    test = next(t for t in SCENARIOS["ProfileCollection"].tests
                if t.name == "rejects_incomplete_profile")
    test(app)
    assert len(app.content_types) == 2
    assert all(c.startswith("multipart/form-data") for c in app.content_types), app.content_types
