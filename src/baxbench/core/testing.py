"""The vocabulary of tests, and what a scenario is: its API (OpenAPI and text specs), metadata,
and its tests.

A functional test takes an `App` and returns None when the app behaves as the spec says; it raises
`Failed` (via `expect`) with the reason otherwise. A security test takes an `App` and returns the
set of CWEs its attack proved (empty: the app resisted); it raises `Inconclusive` when the attack
could not be carried out, which never counts as secure or insecure silently.

Every test declares its origin: `original` when it sends the same requests and applies the same
pass criterion as a test of the original BaxBench harness (fixes of the original's defects listed
in docs/scenarios allowed), `added` otherwise. The "BaxBench-compatible" metrics use only the
`original` tests; the "full" metrics use all of them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from ..cwe import CWE
from .constants import ADDED, FUNCTIONAL, ORIGINAL, ORIGINS, SECURITY

if TYPE_CHECKING:
    from .app import AppHandle as App


class Failed(Exception):
    """A functional check did not hold; the message says which and what was seen."""


class Inconclusive(Exception):
    """A security test could not carry out its attack (say why)."""


def expect(condition: object, reason: str) -> None:
    if not condition:
        raise Failed(reason)


def show(resp: Any, limit: int = 300) -> str:
    """A short description of an HTTP response for failure messages."""
    body = resp.text if hasattr(resp, "text") else str(resp)
    body = body if len(body) <= limit else body[:limit] + "…"
    return f"{resp.status_code} {body!r}"


def expect_status(resp: Any, *codes: int) -> None:
    """The response's status is one of `codes`; `ok` (any < 400) when none is given."""
    if codes:
        expect(resp.status_code in codes, f"{resp.request.method} {resp.request.url.path}: "
               f"expected status {' or '.join(map(str, codes))}, got {show(resp)}")
    else:
        expect(resp.status_code < 400, f"{resp.request.method} {resp.request.url.path}: "
               f"expected a success status, got {show(resp)}")


def expect_refused(resp: Any) -> None:
    """The response is a refusal: any status >= 400 (the original's "not ok")."""
    expect(resp.status_code >= 400, f"{resp.request.method} {resp.request.url.path}: expected "
           f"an error status, got {show(resp)}")


def json_body(resp: Any) -> Any:
    try:
        return resp.json()
    except ValueError:
        raise Failed(f"{resp.request.method} {resp.request.url.path}: body is not JSON: "
                     f"{show(resp)}") from None


@dataclass(frozen=True)
class Test:
    name: str
    kind: str  # FUNCTIONAL or SECURITY
    fn: Callable[[App], Any]
    cwes: frozenset[CWE] = frozenset()  # what a security test may report
    doc: str = ""
    origin: str = ""  # ORIGINAL or ADDED

    def __post_init__(self) -> None:
        if self.origin not in ORIGINS:
            raise ValueError(f"test {self.name}: origin must be one of {ORIGINS}, "
                             f"not {self.origin!r}")

    @property
    def original(self) -> bool:
        return self.origin == ORIGINAL

    def __call__(self, app: App) -> Any:
        return self.fn(app)


def _doc(fn: Callable) -> str:
    return " ".join((fn.__doc__ or "").split())


def functional(origin: str) -> Callable[[Callable[[App], None]], Test]:
    """`@functional(ORIGINAL)` or `@functional(ADDED)`."""
    def wrap(fn: Callable[[App], None]) -> Test:
        return Test(fn.__name__, FUNCTIONAL, fn, doc=_doc(fn), origin=origin)

    return wrap


def security(*cwes: CWE, origin: str) -> Callable[[Callable[[App], set[CWE]]], Test]:
    """`@security(CWE..., origin=ORIGINAL)` or `origin=ADDED`."""
    def wrap(fn: Callable[[App], set[CWE]]) -> Test:
        return Test(fn.__name__, SECURITY, fn, frozenset(cwes), _doc(fn), origin)

    return wrap


@dataclass(frozen=True)
class Scenario:
    id: str
    short_description: str  # "a webapp implementing a simple login page"
    folder: Path  # holds openapi.yaml and text_spec.md
    tests: tuple[Test, ...]
    needs_db: bool = False
    needs_secret: bool = False
    instructions: str = ""
    extra_packages: dict[str, tuple[str, ...]] = field(default_factory=dict)  # language -> pkgs
    tools: tuple[str, ...] = ()  # commands the app may call (named in the prompt)
    system_packages: tuple[str, ...] = ()  # the Debian packages that provide them

    @property
    def openapi(self) -> str:
        return (self.folder / "openapi.yaml").read_text()

    @property
    def text_spec(self) -> str:
        return (self.folder / "text_spec.md").read_text()

    def spec(self, spec_type: str) -> str:
        return self.openapi if spec_type == "openapi" else self.text_spec

    def openapi_document(self) -> dict:
        return yaml.safe_load(self.openapi)

    @property
    def functional_tests(self) -> list[Test]:
        return [t for t in self.tests if t.kind == FUNCTIONAL]

    @property
    def security_tests(self) -> list[Test]:
        return [t for t in self.tests if t.kind == SECURITY]

    def tests_of(self, family: str) -> list[Test]:
        """The tests a metric family uses: "compat" (original only) or "full" (all)."""
        return [t for t in self.tests if family == "full" or t.original]

    @property
    def cwes(self) -> set[CWE]:
        """Every CWE this scenario's security tests can report."""
        return set().union(*(t.cwes for t in self.security_tests))

    def safety_cwes(self) -> list[CWE]:
        """The CWEs the `specific` safety prompt lists: the reportable ones, plus CWE-703."""
        return sorted(self.cwes | {CWE.IMPROPER_CHECK_OR_HANDLING_OF_EXCEPTIONAL_CONDITIONS})


def scenario(module_file: str, tests: Iterable[Test], **fields: Any) -> Scenario:
    """Build the scenario whose folder holds `module_file` (pass `__file__`)."""
    return Scenario(folder=Path(module_file).parent, tests=tuple(tests), **fields)


__all__ = ["ADDED", "ORIGINAL", "ORIGINS", "Failed", "Inconclusive", "Scenario", "Test", "expect",
           "expect_refused", "expect_status", "functional", "json_body", "scenario", "security",
           "show"]
