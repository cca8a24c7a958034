"""The Python API (docs/python-api.md) on the real sandbox: grading reference apps, file dicts,
hostile paths, evaluate() against the CLI, and the reward."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import baxbench
from baxbench.appfiles import UnsafePath, write_files
from baxbench.cli import main
from baxbench.generation.models import expected_cwes, reference_dir
from baxbench.generation.prompts import build_prompt
from baxbench.grading import Verdict
from baxbench.scenarios import SCENARIOS

SCENARIO, ENV = "Login", "Python-Flask"
TASK_ID = f"{SCENARIO}/{ENV}"


def reference_files(variant: str) -> dict[str, str]:
    folder = reference_dir(SCENARIO, ENV) / variant
    return {str(p.relative_to(folder)): p.read_text() for p in folder.rglob("*")
            if p.is_file() and p.name != "variant.json"}


def test_tasks_carry_the_prompt_the_models_get() -> None:
    (task,) = baxbench.tasks([SCENARIO], [ENV], spec_type="text", safety_prompt="generic")
    from baxbench.envs import ENVS
    prompt = build_prompt(SCENARIOS[SCENARIO], ENVS[ENV], "text", "generic")
    assert (task.id, task.prompt, task.system_prompt) == (TASK_ID, prompt.user, prompt.system)
    assert task.spec == SCENARIOS[SCENARIO].text_spec and task.code_files == ("app.py",)
    assert any(p.startswith("Flask==") for p in task.allowed_packages)
    assert len(baxbench.tasks([SCENARIO])) == len(baxbench.tasks(None, None)) // len(SCENARIOS)
    with pytest.raises(baxbench.UserError, match="unknown scenario"):
        baxbench.tasks(["Nope"])


def test_grade_secure_reference_from_a_dict_of_files() -> None:
    task = baxbench.tasks([SCENARIO], [ENV])[0]
    verdict = baxbench.grade(task, reference_files("secure"))
    assert (verdict.correct, verdict.secure, verdict.cwes, verdict.build_ok) == (
        True, True, (), True)
    assert verdict.functional_passed == verdict.functional_total > 0
    assert {t.origin for t in verdict.tests} == {"original"}  # the compatible suite
    assert all(t.passed for t in verdict.tests)
    assert baxbench.reward(verdict) == 1.0
    assert json.loads(json.dumps(verdict.to_dict()))["task_id"] == TASK_ID


@pytest.mark.parametrize("variant", ["sqli", "plaintext"])
def test_grade_vulnerable_reference_catches_exactly_its_cwes(variant: str) -> None:
    verdict = baxbench.grade(TASK_ID, reference_dir(SCENARIO, ENV) / variant, suite="full")
    assert list(verdict.cwes) == expected_cwes(SCENARIO, ENV, variant)
    assert verdict.correct and not verdict.secure
    fired = [t for t in verdict.tests if t.verdict == "vulnerable"]
    assert fired and all(t.evidence for t in fired)  # the requests that proved it
    assert {c for t in fired for c in t.cwes} == set(verdict.cwes)
    assert baxbench.reward(verdict) == 0.5


def test_grade_many_keeps_order_and_grades_each() -> None:
    broken = {"app.py": "this is not python\n"}
    items = [(TASK_ID, broken), (TASK_ID, reference_files("secure")),
             (TASK_ID, reference_dir(SCENARIO, ENV) / "sqli")]
    verdicts = baxbench.grade_many(items, workers=2)
    assert [v.secure for v in verdicts] == [False, True, False]
    assert verdicts[0].build_ok and verdicts[0].functional_passed == 0  # starts, never answers
    assert [baxbench.reward(v) for v in verdicts] == [0.0, 1.0, 0.5]
    assert list(verdicts[2].cwes) == expected_cwes(SCENARIO, ENV, "sqli")


@pytest.mark.parametrize("path", ["../app.py", "/etc/app.py", "a/../../app.py", "", "..",
                                  "sub/..", "x\x00y"])
def test_paths_that_could_escape_are_refused(path: str, tmp_path: Path) -> None:
    files = {"app.py": "print('hi')\n", path: "pwned\n"}
    with pytest.raises(ValueError):
        baxbench.grade(TASK_ID, files)
    with pytest.raises(UnsafePath):
        baxbench.grade_many([(TASK_ID, files)])
    into = tmp_path / "app"
    into.mkdir()
    with pytest.raises(UnsafePath):
        write_files(files, into)
    assert list(tmp_path.rglob("*")) == [into]  # nothing written, not even the good file


def test_write_files_makes_subdirectories_and_refuses_clashes(tmp_path: Path) -> None:
    write_files({"app.py": "a", "static/css/x.css": "b", "./static/y": "c"}, tmp_path)
    assert (tmp_path / "static/css/x.css").read_text() == "b"
    assert (tmp_path / "static/y").read_text() == "c"
    for clash in ({"a": "1", "a/b": "2"}, {"a/b": "1", "a//b": "2"}):
        into = tmp_path / f"clash{len(list(tmp_path.iterdir()))}"
        into.mkdir()
        with pytest.raises(UnsafePath):
            write_files(clash, into)
    with pytest.raises(UnsafePath, match="not empty"):
        write_files({"z": "1"}, tmp_path)


def test_a_missing_required_file_is_a_user_error() -> None:
    with pytest.raises(baxbench.UserError, match="missing app.py"):
        baxbench.grade(TASK_ID, {"main.py": "print(1)\n"})
    with pytest.raises(baxbench.UserError, match="unknown suite"):
        baxbench.grade(TASK_ID, {"app.py": ""}, suite="strict")


def _verdict(**fields: object) -> Verdict:
    base: dict[str, object] = dict(
        task_id=TASK_ID, suite="compatible", correct=False, secure=False, cwes=(),
        build_ok=True, problem="", functional_passed=0, functional_total=3, tests=(),
        duration_s=1.0, build_s=0.0, tests_s=0.9)
    return Verdict(**{**base, **fields})  # type: ignore[arg-type]


def test_reward_values() -> None:
    assert baxbench.reward(_verdict(build_ok=False, problem="build failed")) == 0.0
    assert baxbench.reward(_verdict(functional_passed=2)) == pytest.approx(1 / 3)
    assert baxbench.reward(_verdict(functional_passed=3, correct=True, cwes=(89,))) == 0.5
    secure = _verdict(functional_passed=3, correct=True, secure=True)
    assert baxbench.reward(secure) == 1.0
    assert baxbench.reward(secure, {"functional": 0.2, "secure": 0.8}) == pytest.approx(1.0)
    assert baxbench.reward(_verdict(functional_passed=3, correct=True),
                           {"functional": 0.2, "secure": 0.8}) == pytest.approx(0.2)
    assert baxbench.reward(secure, lambda v: 7.0 if v.secure else 0.0) == 7.0
    with pytest.raises(ValueError, match="unknown reward weights"):
        baxbench.reward(secure, {"speed": 1.0})


def test_evaluate_and_load_results_match_the_cli(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", "--models", "reference", "vulnerable", "--scenarios", SCENARIO,
                 "--envs", ENV, "--n-samples", "2", "--results-dir", str(tmp_path)]) == 0
    capsys.readouterr()
    assert main(["evaluate", "--results-dir", str(tmp_path), "--ks", "1", "2",
                 "--format", "json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert baxbench.evaluate(tmp_path, ks=(1, 2)) == printed
    from baxbench.results import report
    keys = baxbench.api.find_samples(tmp_path)
    assert printed == json.loads(report.evaluate(tmp_path, keys, [1, 2], "json"))
    assert printed["overall"]["n_samples"] == 4
    rows = baxbench.load_results(tmp_path)
    assert sorted((r["model"], r["sample"]) for r in rows) == [
        ("reference", 0), ("reference", 1), ("vulnerable", 0), ("vulnerable", 1)]
    for row in rows:
        results = json.loads((Path(row["path"]) / "test_results.json").read_text())
        assert row["cwes"] == sorted(c["num"] for c in results["cwes"])
        assert row["full_num_total_ft"] == results["full_num_total_ft"]
        assert row["secure"] == (row["model"] == "reference")


def test_a_directory_is_copied_without_following_symlinks(tmp_path: Path) -> None:
    """A symlink in the app dir must not turn into a copy of what it points at (read as root)."""
    app = tmp_path / "app"
    app.mkdir()
    (app / "app.py").write_text((reference_dir(SCENARIO, ENV) / "secure" / "app.py").read_text())
    (app / "leak.txt").symlink_to("/etc/shadow")
    view = baxbench.api.test_app(app, SCENARIO, ENV, results_dir=tmp_path / "results")
    copied = view.path / "code" / "leak.txt"
    assert copied.is_symlink() and str(copied.readlink()) == "/etc/shadow"
    assert any("leak.txt" in why for why in view.build["skipped"])  # not into the sandbox
    assert view.verdict == "secure"
