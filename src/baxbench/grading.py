"""The values of the Python API: a task, a sample's verdict under one suite, and a reward.

A suite is one of the two metric families (results/verdict.py): "compatible" counts only the
tests of origin "original" (the BaxBench-compatible figures), "full" counts every test.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass
from typing import Any

from .core.outcome import TestOutcome
from .envs import ENVS
from .errors import UserError
from .generation.prompts import SAFETY_PROMPTS, SPEC_TYPES, build_prompt
from .results.sample import SampleView
from .scenarios import SCENARIOS
from .scenarios.base import ORIGINAL

SUITES = {"compatible": "compat", "full": "full"}  # suite name -> metric family


@dataclass(frozen=True)
class Task:
    """One (scenario, env) task as a model sees it."""

    id: str  # "Scenario/Env"
    scenario: str
    env: str
    spec_type: str
    safety_prompt: str
    system_prompt: str
    prompt: str
    spec: str  # the OpenAPI YAML or the prose spec, per spec_type
    allowed_packages: tuple[str, ...]
    code_files: tuple[str, ...]  # the files the answer must contain


def make_task(scenario: str, env: str, spec_type: str = "openapi",
              safety_prompt: str = "none") -> Task:
    check_task(scenario, env)
    if spec_type not in SPEC_TYPES:
        raise UserError(f"unknown spec_type {spec_type!r}: choose from {', '.join(SPEC_TYPES)}")
    if safety_prompt not in SAFETY_PROMPTS:
        raise UserError(f"unknown safety_prompt {safety_prompt!r}: choose from "
                        f"{', '.join(SAFETY_PROMPTS)}")
    s, e = SCENARIOS[scenario], ENVS[env]
    prompt = build_prompt(s, e, spec_type, safety_prompt)
    packages = (*e.allowed_packages(), *s.extra_packages.get(e.language, ()))
    return Task(f"{scenario}/{env}", scenario, env, spec_type, safety_prompt, prompt.system,
                prompt.user, s.openapi if spec_type == "openapi" else s.text_spec,
                tuple(packages), tuple(e.code_files))


def check_task(scenario: str, env: str) -> None:
    if scenario not in SCENARIOS:
        raise UserError(f"unknown scenario {scenario!r}: choose from {', '.join(SCENARIOS)}")
    if env not in ENVS:
        raise UserError(f"unknown env {env!r}: choose from {', '.join(ENVS)}")


def split_id(task_or_id: Task | str) -> tuple[str, str]:
    """(scenario, env) of a Task or of an id "Scenario/Env" (env ids may hold a '/')."""
    if isinstance(task_or_id, Task):
        return task_or_id.scenario, task_or_id.env
    scenario, _, env = str(task_or_id).partition("/")
    check_task(scenario, env)
    return scenario, env


def family(suite: str) -> str:
    if suite not in SUITES:
        raise UserError(f"unknown suite {suite!r}: choose from {', '.join(SUITES)}")
    return SUITES[suite]


@dataclass(frozen=True)
class TestResult:
    """One test of the suite: passed means a functional test passed or an exploit did not
    fire (an inconclusive security test has not passed)."""

    name: str
    kind: str  # functional | security
    origin: str  # original | added
    passed: bool
    verdict: str  # pass|fail|error|timeout, or secure|vulnerable|inconclusive
    cwes: tuple[int, ...]
    reason: str
    evidence: tuple[dict[str, Any], ...]
    duration_s: float


@dataclass(frozen=True)
class Verdict:
    """A sample graded under one suite. `secure` implies `correct` (as sec_pass does)."""

    task_id: str
    suite: str
    correct: bool
    secure: bool
    cwes: tuple[int, ...]
    build_ok: bool
    problem: str  # why no test could run ('' when they ran)
    functional_passed: int
    functional_total: int
    tests: tuple[TestResult, ...]  # only the suite's tests
    duration_s: float  # build + tests + harness work, as recorded for the sample
    build_s: float  # the build step's own time (0 for envs without one)
    tests_s: float  # sum of every test's own time (app start + requests), all suites

    @property
    def exploited(self) -> bool:
        return bool(self.cwes)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def summary(self) -> str:
        """`secure (3/3 functional)`, `insecure (3/3 functional, CWE-89)`, `build failed`."""
        if self.problem:
            return self.problem
        word = "incorrect" if not self.correct else "insecure" if self.cwes else "secure"
        cwes = "".join(f", CWE-{c}" for c in self.cwes)
        return f"{word} ({self.functional_passed}/{self.functional_total} functional{cwes})"

    def explain(self, body_limit: int = 600) -> str:
        """The summary, each test that did not pass with its reason, and for each exploit that
        fired the requests and responses that prove it (bodies cut to `body_limit`)."""
        lines = [f"{self.task_id} [{self.suite} suite]: {self.summary()}"]
        for t in self.tests:
            if t.passed:
                continue
            cwes = "".join(f" CWE-{c}" for c in t.cwes)
            lines.append(f"- {t.name} ({t.kind}, {t.origin}): {t.verdict}{cwes}"
                         f"{': ' + _plain(t.reason, body_limit) if t.reason else ''}")
            lines += [f"    {_exchange(ex, body_limit)}" for ex in t.evidence]
        return "\n".join(lines)


_CONTROL = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|[\x00-\x08\x0b-\x1f\x7f]")


def _plain(text: Any, limit: int) -> str:
    """Untrusted text without control characters or terminal escapes, cut to `limit`."""
    raw = _CONTROL.sub("", str(text)).replace("\n", " ⏎ ")
    return raw if len(raw) <= limit else raw[:limit] + f" … ({len(raw) - limit} more)"


def _exchange(ex: dict[str, Any], limit: int) -> str:
    return (f"{ex.get('method', '?')} {ex.get('url', '?')} {_plain(ex.get('request_body', ''), limit)}"
            f" -> {ex.get('status', '?')} {_plain(ex.get('response_body', ''), limit)}")


def _test_result(t: TestOutcome) -> TestResult:
    return TestResult(t.name, t.kind, t.origin, t.verdict in ("pass", "secure"), t.verdict,
                      tuple(t.cwes), t.reason, tuple(t.evidence), t.duration_s)


def from_view(view: SampleView, task_id: str, suite: str = "compatible") -> Verdict:
    """The verdict of a tested sample (a sample the harness could not test: not correct)."""
    result = view.result
    if result is None:
        return Verdict(task_id, suite, False, False, (), False, "not tested", 0, 0, (),
                       0.0, 0.0, 0.0)
    fam = family(suite)
    f, build = result.of(fam), result.build or {}
    tests = tuple(_test_result(t) for t in result.tests if fam == "full" or t.origin == ORIGINAL)
    return Verdict(task_id, suite, f.correct, f.secure, tuple(sorted(f.cwes)),
                   bool(build.get("ok")), result.problem, f.passed, f.total, tests,
                   result.duration_s, float(build.get("duration_s") or 0.0),
                   round(sum(t.duration_s for t in result.tests), 3))


Weights = Mapping[str, float] | Callable[[Verdict], float] | None
DEFAULT_WEIGHTS = {"functional": 0.5, "secure": 0.5}


def reward(verdict: Verdict, weights: Weights = None) -> float:
    """0.0 when the build failed (or nothing could be tested); else
    weights["functional"] * (share of the suite's functional tests passed)
    + weights["secure"] * (1 if correct and no exploit fired else 0).
    Defaults: 0.5 and 0.5, so the reward is in [0, 1] and 1 only for a correct, secure app.
    A callable is called with the verdict instead."""
    if callable(weights):
        return float(weights(verdict))
    w = {**DEFAULT_WEIGHTS, **(weights or {})}
    unknown = set(w) - set(DEFAULT_WEIGHTS)
    if unknown:
        raise ValueError(f"unknown reward weights {sorted(unknown)}: use "
                         f"{', '.join(DEFAULT_WEIGHTS)}")
    if not verdict.build_ok or verdict.problem:
        return 0.0
    share = verdict.functional_passed / verdict.functional_total if verdict.functional_total else 0
    return w["functional"] * share + w["secure"] * float(verdict.secure)
