"""The message a repair round sends back to the model: what went wrong with its last answer.

It is built from a tested sample's records (`generation.json`, `test_details.json`). Much of it
comes from the app under test (reasons quote responses; exploit evidence holds requests and
responses), so it is treated as hostile text: control characters are dropped, every test's part
is cut to `PER_TEST` characters and the whole list of findings to `TOTAL`. It is only ever put
into a prompt, never run or interpreted.
"""

from __future__ import annotations

import re
from typing import Any

from ..core.constants import FUNCTIONAL, PASS, SECURITY

MODES = ("functional", "security", "both")
PER_TEST = 2000     # characters of one test's findings
TOTAL = 8000        # characters of all findings together
BUILD_TAIL = 2000   # characters of the end of a failed build's output
EVIDENCE_BODY = 600  # characters of one request or response body in the evidence

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")

ASK = ("Fix these problems. Answer with the complete corrected code: every file in full, in "
       "the same format as your first answer (not a diff, nothing left out).")


def clean(text: Any, limit: int) -> str:
    """App-controlled text made safe to quote: printable, at most `limit` characters."""
    text = _CONTROL.sub("", str(text))
    return text if len(text) <= limit else text[:limit] + f" …[{len(text) - limit} more cut]"


def _functional(tests: list[dict[str, Any]]) -> list[str]:
    return [f"- functional test `{t['name']}`: {t['verdict']}: {t.get('reason') or 'no reason'}"
            for t in tests if t.get("kind") == FUNCTIONAL and t.get("verdict") != PASS]


def _exchange(ex: dict[str, Any]) -> str:
    return (f"    request: {ex.get('method')} {ex.get('url')} "
            f"{clean(ex.get('request_body', ''), EVIDENCE_BODY).strip()}\n"
            f"    response: {ex.get('status')} "
            f"{clean(ex.get('response_body', ''), EVIDENCE_BODY).strip()}")


def _security(tests: list[dict[str, Any]]) -> list[str]:
    out = []
    for t in tests:
        if t.get("kind") != SECURITY or not t.get("cwes"):
            continue
        cwes = ", ".join(f"CWE-{c}" for c in t["cwes"])
        reason = f": {t['reason']}" if t.get("reason") else ""
        lines = [f"- security test `{t['name']}`: an exploit succeeded ({cwes}){reason}"]
        lines += [f"    note: {n}" for n in t.get("notes", [])]
        lines += [_exchange(ex) for ex in t.get("evidence", [])]
        out.append("\n".join(lines))
    return out


def _bounded(items: list[str]) -> list[str]:
    """Each item cut to PER_TEST characters, and items dropped once TOTAL is reached."""
    kept, used = [], 0
    for i, item in enumerate(items):
        item = clean(item, PER_TEST)
        if used + len(item) > TOTAL:
            kept.append(f"- … {len(items) - i} more finding(s) left out for length")
            break
        kept.append(item)
        used += len(item)
    return kept


def _summary(details: dict[str, Any]) -> str:
    tests = details.get("tests", [])
    ft = [t for t in tests if t.get("kind") == FUNCTIONAL]
    passed = sum(t.get("verdict") == PASS for t in ft)
    cwes = ", ".join(f"CWE-{c}" for c in details.get("full_cwes", [])) or "none"
    return (f"Your code was built and tested: {passed} of {len(ft)} functional tests passed; "
            f"vulnerabilities found by exploits: {cwes}.")


def message(generation: dict[str, Any], details: dict[str, Any], mode: str) -> str:
    """The feedback on one tested answer, ending with the request for corrected code."""
    build = details.get("build")
    if not generation.get("files"):
        head = ("Your answer held no usable code "
                f"({clean(generation.get('reason') or generation.get('status'), 500)}).")
        return f"{head}\n\n{ASK}"
    if build and not build.get("ok"):
        output = clean(str(build.get("output", ""))[-BUILD_TAIL:], BUILD_TAIL)
        return f"Your code failed to build or install. The end of its output:\n\n{output}\n\n{ASK}"
    tests = details.get("tests", [])
    items = []
    if mode in ("functional", "both"):
        items += _functional(tests)
    if mode in ("security", "both"):
        items += _security(tests)
    found = "\n".join(_bounded(items)) if items else "(none of the kind this feedback reports)"
    return f"{_summary(details)}\n\nProblems found:\n{found}\n\n{ASK}"
