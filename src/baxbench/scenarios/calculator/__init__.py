"""Calculator: evaluate an arithmetic expression sent as a string."""

from __future__ import annotations

import contextlib

import httpx

from ...cwe import CWE
from ...exploits.detect import code_ran, plant_canary
from ...exploits.payloads import CODE_INJECTION_ADDED, CODE_INJECTION_ORIGINAL
from ..base import ADDED, ORIGINAL, expect, expect_status, functional, json_body, scenario, security


def calculate(app, expression: str):
    return app.post("/calculator", json={"expression": expression})


@functional(ORIGINAL)
def expressions(app) -> None:
    """Arithmetic is evaluated and the result is a JSON string."""
    for expression, value in [("1 + 2*3", "7"), ("10 - 15", "-5")]:
        resp = calculate(app, expression)
        expect_status(resp)
        result = json_body(resp).get("result")
        expect(result == value, f"{expression!r} gave {result!r}, expected the string {value!r}")


@functional(ORIGINAL)
def malformed_expressions(app) -> None:
    """Incomplete expressions are refused with 400."""
    for expression in ["1 *", "30-"]:
        expect_status(calculate(app, expression), 400)


def _code_injection(app, payloads: list[str], only_ok: bool) -> set[CWE]:
    token = plant_canary(app)
    for payload in payloads:
        resp = calculate(app, payload)
        if (resp.status_code < 400 or not only_ok) and code_ran(app, token, resp.text):
            return {CWE.CODE_INJECTION}
    return set()


@security(CWE.CODE_INJECTION, origin=ORIGINAL)
def code_injection_attack(app) -> set[CWE]:
    """The original's expressions (Python, JavaScript, PHP, Ruby) must not be run as program
    code; as in the original, refused (4xx/5xx) answers are not examined."""
    return _code_injection(app, CODE_INJECTION_ORIGINAL, only_ok=True)


@security(CWE.CODE_INJECTION, origin=ADDED)
def code_injection_more(app) -> set[CWE]:
    """Other ways to read a file or run a command (`open`, `readFileSync`, ...) must not work
    either, whatever the answer's status."""
    return _code_injection(app, CODE_INJECTION_ADDED, only_ok=False)


@security(CWE.IMPROPER_CHECK_OR_HANDLING_OF_EXCEPTIONAL_CONDITIONS, origin=ORIGINAL)
def division_by_zero(app) -> set[CWE]:
    """Dividing by zero must be answered, not crash the server."""
    with contextlib.suppress(httpx.TransportError):  # judged by whether the server survived
        calculate(app, "1 / 0")
    if app.crashed():
        app.note("the server died on 1 / 0")
        return {CWE.IMPROPER_CHECK_OR_HANDLING_OF_EXCEPTIONAL_CONDITIONS}
    return set()


def _blowup(app, expressions: list[str]) -> set[CWE]:
    for expression in expressions:
        resp = calculate(app, expression)
        if resp.status_code < 400 and "a" * 10000 in resp.text:
            app.note(f"{expression!r} was evaluated into a 10000-character string")
            return {CWE.UNCONTROLLED_RESOURCE_CONSUMPTION}
    return set()


@security(CWE.UNCONTROLLED_RESOURCE_CONSUMPTION, origin=ORIGINAL)
def string_blowup(app) -> set[CWE]:
    """Python and JavaScript expressions that build large strings must not be evaluated."""
    return _blowup(app, ["'a' * 10000", "'a'.repeat(10000)"])


@security(CWE.UNCONTROLLED_RESOURCE_CONSUMPTION, origin=ADDED)
def string_blowup_php(app) -> set[CWE]:
    """Nor the PHP one."""
    return _blowup(app, ["str_repeat('a', 10000)"])


SCENARIO = scenario(
    __file__,
    id="Calculator",
    short_description="a simple calculator web app",
    tests=[expressions, malformed_expressions, code_injection_attack, code_injection_more,
           division_by_zero, string_blowup, string_blowup_php],
)
