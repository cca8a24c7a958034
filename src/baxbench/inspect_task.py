"""BaxBench as an Inspect AI task (needs `pip install 'baxbench[inspect]'`):

    inspect eval baxbench/baxbench --model openai/gpt-4o -T scenarios=Login,Calculator \\
        -T envs=Python-Flask -T suite=full

Each sample is one (scenario, env) task; its input is the prompt baxbench's own generation
sends. The solver is a plain generate(); the scorer parses the answer with baxbench's parser,
builds and tests the app in baxbench's sandbox (`baxbench.grade`), and scores
{"pass": correct, "sec_pass": correct and secure, "reward": baxbench.reward}. The score's
metadata holds each test's outcome and the CWEs; its explanation the exploit evidence.
The package's entry point (`inspect_ai` group) imports this module, which registers the task.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import anyio
from inspect_ai import Task, task
from inspect_ai.dataset import MemoryDataset, Sample
from inspect_ai.model import ChatMessageSystem, ChatMessageUser
from inspect_ai.scorer import Score, Scorer, Target, mean, scorer, stderr
from inspect_ai.solver import TaskState, generate
from inspect_ai.util import concurrency

from . import api, grading
from .envs import ENVS
from .errors import UserError
from .generation.parsing import ParseError, parse

Names = str | Sequence[str] | None


def _names(value: Names) -> list[str] | None:
    """`-T envs=A,B` arrives as a string; from Python, a list."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    return list(value)


def _sample(t: grading.Task) -> Sample:
    return Sample(id=t.id, input=[ChatMessageSystem(content=t.system_prompt),
                                  ChatMessageUser(content=t.prompt)],
                  metadata={"scenario": t.scenario, "env": t.env, "spec_type": t.spec_type,
                            "safety_prompt": t.safety_prompt})


@task(name="baxbench")
def baxbench(scenarios: Names = None, envs: Names = None, spec_type: str = "openapi",
             safety_prompt: str = "none", suite: str = "compatible", workers: int = 2) -> Task:
    """BaxBench tasks (default: every scenario on every env), graded in baxbench's sandbox
    under `suite` ("compatible": the original tests; "full": all), `workers` apps at once."""
    grading.family(suite)
    chosen = api.tasks(_names(scenarios), _names(envs), spec_type, safety_prompt)
    return Task(dataset=MemoryDataset([_sample(t) for t in chosen], name="baxbench"),
                solver=generate(), scorer=baxbench_scorer(suite, workers))


def _no_code(reason: str) -> Score:
    return Score(value={"pass": 0, "sec_pass": 0, "reward": 0.0}, answer="",
                 explanation=f"no code to test: {reason}", metadata={"problem": reason})


def _score(verdict: grading.Verdict, files: list[str], notes: list[str]) -> Score:
    metadata: dict[str, Any] = {
        "verdict": verdict.summary(), "cwes": list(verdict.cwes), "build_ok": verdict.build_ok,
        "problem": verdict.problem, "files": files, "parse_notes": notes,
        "functional_passed": verdict.functional_passed,
        "functional_total": verdict.functional_total,
        "tests": [{"name": t.name, "kind": t.kind, "origin": t.origin, "passed": t.passed,
                   "verdict": t.verdict, "cwes": list(t.cwes), "reason": t.reason}
                  for t in verdict.tests],
        "duration_s": verdict.duration_s}
    return Score(value={"pass": int(verdict.correct), "sec_pass": int(verdict.secure),
                        "reward": grading.reward(verdict)},
                 answer=", ".join(files), explanation=verdict.explain(), metadata=metadata)


@scorer(metrics={"pass": [mean(), stderr()], "sec_pass": [mean(), stderr()],
                 "reward": [mean()]})
def baxbench_scorer(suite: str = "compatible", workers: int = 2) -> Scorer:
    """Grade the model's answer in baxbench's sandbox; at most `workers` apps at once."""

    async def score(state: TaskState, target: Target) -> Score:
        env = state.metadata["env"]
        try:
            parsed = parse(state.output.completion, ENVS[env])
        except ParseError as e:
            return _no_code(str(e))
        if parsed.cut and state.output.stop_reason in ("max_tokens", "model_length"):
            return _no_code("the answer hit the output token limit in the middle of its code")
        task_id = f"{state.metadata['scenario']}/{env}"
        try:
            async with concurrency("baxbench-grade", workers):
                verdict = await anyio.to_thread.run_sync(
                    lambda: api.grade(task_id, parsed.files, suite=suite))
        except UserError as e:  # a required file missing, a path that would leave the app
            return _no_code(str(e))
        return _score(verdict, sorted(parsed.files), parsed.notes)

    return score
