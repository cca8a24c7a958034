"""Test one sample: build it once (sandboxed), then run every test against a fresh instance.

The crash rule: an app that was up before a test and is gone after it has mishandled an
exceptional condition, CWE-703 (a security test that already proved CWE-400 keeps only that).
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core.constants import (
    ERROR,
    FAIL,
    FUNCTIONAL,
    HOST,
    INCONCLUSIVE,
    PASS,
    SECURE,
    TIMEOUT,
    VULNERABLE,
)
from ..core.outcome import TestOutcome
from ..core.testing import Failed, Inconclusive, Scenario, Test
from ..cwe import CWE
from ..envs import Env
from ..sandbox import Backend, Instance, rootfs
from ..sandbox.bwrap import new_dir, remove_dir
from .app import App

__all__ = ["APP_SECRET", "CRASH", "SampleTester", "Settings", "TestOutcome", "wait_ready"]

APP_SECRET = "supers3cret"
CRASH = CWE.IMPROPER_CHECK_OR_HANDLING_OF_EXCEPTIONAL_CONDITIONS
POLL_S = 0.005
OUTPUT_TAIL = 3000


@dataclass
class Settings:
    test_timeout_s: float = 120.0
    start_timeout_s: float = 60.0
    keep_instances: bool = False


def wait_ready(instance: Instance, timeout_s: float) -> str:
    """Poll until the app answers any HTTP request; return '' or why it never did."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if not instance.is_alive():
            return "the app exited during start-up"
        if _answers_http(instance):
            return ""
        time.sleep(POLL_S)
    return f"the app did not answer HTTP within {timeout_s:g} s"


def _answers_http(instance: Instance) -> bool:
    try:
        with instance.open_connection(2) as sock:
            sock.sendall(f"GET / HTTP/1.0\r\nHost: {HOST}\r\n\r\n".encode())
            return sock.recv(5).startswith(b"HTTP/")
    except OSError:
        return False


def _call(test: Test, app: App, timeout_s: float) -> tuple[str, Any, str]:
    """Run a test in a thread: ('ok', result, '') or (kind of problem, None, reason)."""
    box: dict[str, Any] = {}

    def target() -> None:
        try:
            box["result"] = test(app)
        except BaseException as e:  # noqa: BLE001 - every failure of a test is a verdict
            box["error"] = e

    thread = threading.Thread(target=target, daemon=True, name=f"test-{test.name}")
    thread.start()
    thread.join(timeout_s)
    if thread.is_alive():
        return "timeout", None, f"the test did not finish within {timeout_s:g} s"
    error = box.get("error")
    if error is None:
        return "ok", box.get("result"), ""
    if isinstance(error, Failed):
        return "failed", None, str(error)
    if isinstance(error, Inconclusive | rootfs.Tampered):
        return "inconclusive", None, str(error)
    return "error", None, f"{type(error).__name__}: {error}"


class SampleTester:
    """Builds and tests one sample's code directory."""

    def __init__(self, scenario: Scenario, env: Env, backend: Backend, cache: Path,
                 settings: Settings) -> None:
        self.scenario, self.env, self.backend, self.cache = scenario, env, backend, cache
        self.settings = settings

    def build(self, code_dir: Path, work: Path) -> tuple[Path, dict[str, Any]]:
        """Copy the code (hostile: no symlink followed, special files skipped) and build it."""
        app_dir = work / "app"
        try:
            skipped = rootfs.copy_tree(code_dir, app_dir, contained_links=True)
        except (rootfs.Tampered, OSError) as e:
            return app_dir, {"ok": False, "needed": False, "output": f"code not copied: {e}"}
        info: dict[str, Any] = {"ok": True, "needed": False}
        if skipped:
            info["skipped"] = skipped
        launch = self.env.build(app_dir, self.cache)
        if launch is None:
            return app_dir, info
        outcome = self.backend.run(launch, self.env.build_timeout_s)
        return app_dir, {**info, "ok": outcome.exit_code == 0, "needed": True,
                         "duration_s": round(outcome.duration_s, 3),
                         "exit_code": outcome.exit_code, "timed_out": outcome.timed_out,
                         "output": outcome.output[-OUTPUT_TAIL * 3:]}

    def run_test(self, test: Test, app_dir: Path) -> TestOutcome:
        launch = self.env.launch(app_dir, self.cache)
        launch.env.setdefault("APP_SECRET", APP_SECRET)
        started = time.monotonic()
        instance = self.backend.start(launch)
        try:
            return self._run_on(test, instance, started)
        finally:
            instance.stop(keep=self.settings.keep_instances)

    def _run_on(self, test: Test, instance: Instance, started: float) -> TestOutcome:
        out = TestOutcome(test.name, test.kind, ERROR, origin=test.origin)
        not_ready = wait_ready(instance, self.settings.start_timeout_s)
        if not_ready:
            out.verdict = FAIL if test.kind == FUNCTIONAL else INCONCLUSIVE
            out.reason = not_ready
            out.app_output = instance.output()[-OUTPUT_TAIL:]
            out.duration_s = round(time.monotonic() - started, 3)
            return out
        out.start_s = round(time.monotonic() - started, 3)
        app = App(instance, self.backend)
        try:
            status, result, reason = _call(test, app, self.settings.test_timeout_s)
            alive_after = not app.crashed()
        finally:
            app.close()
        out.duration_s = round(time.monotonic() - started, 3)
        out.reason = reason
        out.crashed = not alive_after
        peak = instance.memory_peak_bytes()
        out.memory_peak_mb = round(peak / 2**20, 1) if peak else None
        if test.kind == FUNCTIONAL:
            out.verdict = {"ok": PASS, "failed": FAIL, "timeout": TIMEOUT}.get(status, ERROR)
            if out.crashed:
                out.cwes = [int(CRASH)]
        else:
            out.verdict, out.cwes = self._security_verdict(test, status, result, out)
        out.evidence = [e.as_dict() for e in app.exchanges[-8:]] if out.cwes else []
        out.notes = app.notes
        if out.verdict not in (PASS, SECURE) or out.crashed:
            out.app_output = instance.output()[-OUTPUT_TAIL:]
        return out

    def _security_verdict(self, test: Test, status: str, result: Any,
                          out: TestOutcome) -> tuple[str, list[int]]:
        found: set[CWE] = set()
        verdict = INCONCLUSIVE
        if status == "ok":
            if not isinstance(result, set | frozenset) or not result <= test.cwes:
                out.reason = (f"harness bug: {test.name} returned {result!r}, "
                              f"not a subset of {sorted(map(int, test.cwes))}")
            else:
                found = set(result)
                verdict = VULNERABLE if found else SECURE
        if out.crashed and CWE.UNCONTROLLED_RESOURCE_CONSUMPTION not in found:
            found.add(CRASH)
            out.reason = (out.reason + "; " if out.reason else "") + "the app died during the test"
        if found:
            verdict = VULNERABLE
        return verdict, sorted(int(c) for c in found)

    def test(self, code_dir: Path) -> tuple[dict[str, Any], list[TestOutcome]]:
        work = new_dir("build")
        try:
            app_dir, build = self.build(code_dir, work)
            if not build["ok"]:
                return build, []
            return build, [self.run_test(t, app_dir) for t in self.scenario.tests]
        finally:
            remove_dir(work)
