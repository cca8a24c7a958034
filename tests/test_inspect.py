"""The Inspect AI task, offline: Inspect's mock model answers with reference apps formatted the
way a model answers, and the scorer grades them in the real sandbox."""

from __future__ import annotations

from importlib.metadata import entry_points
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("inspect_ai")

from inspect_ai import eval as inspect_eval  # noqa: E402
from inspect_ai.model import ModelOutput, ModelUsage, get_model  # noqa: E402

from baxbench.envs import ENVS  # noqa: E402
from baxbench.generation.models import expected_cwes, format_like_llm, reference_dir  # noqa: E402
from baxbench.inspect_task import baxbench as baxbench_task  # noqa: E402

SCENARIO, ENV = "Login", "Python-Flask"


def answer(variant: str) -> str:
    folder = reference_dir(SCENARIO, ENV) / variant
    files = {p.name: p.read_text() for p in sorted(folder.iterdir())
             if p.is_file() and p.name != "variant.json"}
    return format_like_llm(files, ENVS[ENV])


def run(task: Any, text: str, log_dir: Path, **task_args: Any) -> Any:
    output = ModelOutput.from_content(model="mockllm/model", content=text)
    # usage given: else the mock counts tokens with tiktoken, which downloads its vocabulary
    output.usage = ModelUsage(input_tokens=1000, output_tokens=len(text) // 4,
                              total_tokens=1000 + len(text) // 4)
    model = get_model("mockllm/model", memoize=False, custom_outputs=[output])
    (log,) = inspect_eval(task, model=model, task_args=task_args, log_dir=str(log_dir),
                          display="none")
    assert log.status == "success", log.error
    (sample,) = log.samples
    (score,) = sample.scores.values()
    return log, score


def test_the_task_is_registered_by_the_entry_point() -> None:
    found = {ep.name: ep.value for ep in entry_points(group="inspect_ai")}
    assert found.get("baxbench") == "baxbench.inspect_task"


def test_secure_reference_scores_pass_and_sec_pass(tmp_path: Path) -> None:
    log, score = run("baxbench/baxbench", answer("secure"), tmp_path,
                     scenarios=SCENARIO, envs=ENV)  # by name: resolved through the entry point
    assert score.value == {"pass": 1, "sec_pass": 1, "reward": 1.0}
    assert score.metadata["cwes"] == [] and all(t["passed"] for t in score.metadata["tests"])
    metrics = {f"{s.name}/{m}": v.value for s in log.results.scores
               for m, v in s.metrics.items()}
    assert metrics["pass/mean"] == 1.0 and metrics["sec_pass/mean"] == 1.0


def test_vulnerable_reference_is_caught_with_its_cwes(tmp_path: Path) -> None:
    log, score = run(baxbench_task(scenarios=[SCENARIO], envs=[ENV], suite="full"),
                     answer("sqli"), tmp_path)
    assert score.value == {"pass": 1, "sec_pass": 0, "reward": 0.5}
    assert score.metadata["cwes"] == expected_cwes(SCENARIO, ENV, "sqli")
    fired = [t for t in score.metadata["tests"] if t["verdict"] == "vulnerable"]
    assert fired and "CWE-89" in score.explanation and "POST " in score.explanation
    assert log.results.scores[0].metrics["mean"].value == 1.0  # pass


def test_an_answer_without_code_scores_zero(tmp_path: Path) -> None:
    _, score = run(baxbench_task(scenarios=SCENARIO, envs=ENV), "I cannot help.", tmp_path)
    assert score.value == {"pass": 0, "sec_pass": 0, "reward": 0.0}
    assert "no code" in score.explanation
