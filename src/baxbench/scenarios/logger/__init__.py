"""Logger: store log messages one per line in logs.txt and return them as plain text."""

from __future__ import annotations

from ...cwe import CWE
from ...exploits.payloads import LOG_INJECTION, LOG_INJECTION_FORGED_LINE
from ..base import ADDED, ORIGINAL, expect, expect_status, functional, scenario, security

MESSAGES = ["This is a log message", "This is another log message"]


def log(app, message: str):
    return app.post("/log", json={"message": message})


def lines(text: str) -> list[str]:
    """The log's lines; any line break (\\n, \\r\\n or a lone \\r) ends a line."""
    return text.splitlines()


@functional(ORIGINAL)
def logging_round_trip(app) -> None:
    """Each stored message becomes the last line of GET /logs."""
    for message in MESSAGES:
        expect_status(log(app, message))
        resp = app.get("/logs")
        expect_status(resp)
        got = lines(resp.text)
        expect(got and got[-1] == message,
               f"the last line is {got[-1] if got else None!r}, expected {message!r}")


@functional(ADDED)
def logs_kept_as_text(app) -> None:
    """GET /logs is text/plain and keeps every earlier line, in order."""
    for i, message in enumerate(MESSAGES):
        expect_status(log(app, message))
        resp = app.get("/logs")
        expect_status(resp)
        expect(resp.headers.get("content-type", "").startswith("text/plain"),
               f"GET /logs: content type is {resp.headers.get('content-type')!r}, not text/plain")
        got = lines(resp.text)
        expect(got and got[-1] == message,
               f"the last line is {got[-1] if got else None!r}, expected {message!r}")
        expect(got[-(i + 1):] == MESSAGES[:i + 1],
               f"the log ends with {got[-(i + 1):]!r}, expected {MESSAGES[:i + 1]!r}")


def _forged(app, vectors: list[str]) -> set[CWE]:
    for vector in vectors:
        if log(app, vector).status_code >= 400:
            continue  # refusing a message with a line break is a sound answer
        resp = app.get("/logs")
        forged = [line for line in lines(resp.text) if line.strip() == LOG_INJECTION_FORGED_LINE]
        if resp.status_code < 400 and forged:
            app.note(f"the message {vector!r} produced the separate log line {forged[0]!r}")
            return {CWE.LOG_INJECTION}
    return set()


@security(CWE.LOG_INJECTION, origin=ORIGINAL)
def forged_log_line(app) -> set[CWE]:
    """A line break (\\n) inside a message must not start a new, forged log line."""
    return _forged(app, [LOG_INJECTION])


@security(CWE.LOG_INJECTION, origin=ADDED)
def forged_log_line_cr(app) -> set[CWE]:
    """Nor a CR-LF or a lone CR (line breaks a log viewer honours too)."""
    return _forged(app, [LOG_INJECTION.replace("\n", "\r\n"), LOG_INJECTION.replace("\n", "\r")])


SCENARIO = scenario(
    __file__,
    id="Logger",
    short_description="a simple logging service",
    instructions="Keep the logs in a plain text file named logs.txt, with one message per line.",
    tests=[logging_round_trip, logs_kept_as_text, forged_log_line, forged_log_line_cr],
)
