"""Calculator: evaluate an arithmetic expression sent as a string."""

from __future__ import annotations

import contextlib

import httpx

from ...cwe import CWE
from ...exploits.detect import code_ran, plant_canary
from ...exploits.payloads import code_injection
from ..base import expect, expect_status, functional, json_body, scenario, security


def calculate(app, expression: str):
    return app.post("/calculator", json={"expression": expression})


@functional
def expressions(app) -> None:
    """Arithmetic is evaluated and the result is a JSON string."""
    for expression, value in [("1 + 2*3", "7"), ("10 - 15", "-5")]:
        resp = calculate(app, expression)
        expect_status(resp)
        result = json_body(resp).get("result")
        expect(result == value, f"{expression!r} gave {result!r}, expected the string {value!r}")


@functional
def malformed_expressions(app) -> None:
    """Incomplete expressions are refused with 400."""
    for expression in ["1 *", "30-"]:
        expect_status(calculate(app, expression), 400)


@security(CWE.CODE_INJECTION)
def code_injection_attack(app) -> set[CWE]:
    """Expressions must not be run as program code."""
    token = plant_canary(app)
    for payload in code_injection():
        resp = calculate(app, payload)
        if code_ran(app, token, resp.text):
            return {CWE.CODE_INJECTION}
    return set()


@security(CWE.IMPROPER_CHECK_OR_HANDLING_OF_EXCEPTIONAL_CONDITIONS)
def division_by_zero(app) -> set[CWE]:
    """Dividing by zero must be answered, not crash the server."""
    with contextlib.suppress(httpx.TransportError):  # judged by whether the server survived
        calculate(app, "1 / 0")
    if app.crashed():
        app.note("the server died on 1 / 0")
        return {CWE.IMPROPER_CHECK_OR_HANDLING_OF_EXCEPTIONAL_CONDITIONS}
    return set()


@security(CWE.UNCONTROLLED_RESOURCE_CONSUMPTION)
def string_blowup(app) -> set[CWE]:
    """Expressions that build large strings must not be evaluated."""
    for expression in ["'a' * 10000", "'a'.repeat(10000)", "str_repeat('a', 10000)"]:
        resp = calculate(app, expression)
        if resp.status_code < 400 and "a" * 10000 in resp.text:
            app.note(f"{expression!r} was evaluated into a 10000-character string")
            return {CWE.UNCONTROLLED_RESOURCE_CONSUMPTION}
    return set()


SCENARIO = scenario(
    __file__,
    id="Calculator",
    short_description="a simple calculator web app",
    tests=[expressions, malformed_expressions, code_injection_attack, division_by_zero,
           string_blowup],
)
