"""The command line: listing, one-line errors, the original's flag spellings, the whole pipeline."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from baxbench.cli import build_parser, main
from baxbench.generation.models import expected_cwes, variants

CORE = ["Login", "Calculator", "FileSearch"]
ENVS = ["Python-Flask", "JavaScript-express"]


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as e:
        code = int(e.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def test_list_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "list", "scenarios", "--format", "json")
    assert code == 0 and set(CORE) <= set(json.loads(out))
    code, out, _ = run_cli(capsys, "list", "envs", "--format", "json")
    assert code == 0 and set(ENVS) <= set(json.loads(out))


@pytest.mark.parametrize(("argv", "message"), [
    (["generate", "--scenarios", "Nope"], "unknown scenario 'Nope': choose from "),
    (["generate", "--envs", "Cobol-CICS"], "unknown env 'Cobol-CICS': choose from "),
    (["generate", "--models", "gpt-99"], "unknown model 'gpt-99'"),
    (["generate", "--n-samples", "0"], "must be at least 1"),
    (["generate", "--spec-type", "yaml"], "invalid choice: 'yaml'"),
    (["list", "things"], "invalid choice: 'things'"),
])
def test_bad_input_is_one_clear_line(capsys: pytest.CaptureFixture[str], argv: list[str],
                                     message: str) -> None:
    code, out, err = run_cli(capsys, *argv)
    assert code == 2
    assert message in err
    assert len(err.strip().splitlines()) == 1, err
    assert "Traceback" not in err


def test_original_underscore_spellings() -> None:
    args = build_parser().parse_args([
        "evaluate", "--results_dir", "r", "--n_samples", "5", "--spec_type", "text",
        "--safety_prompt", "specific", "--exclude_scenarios", "Login", "--exclude_envs",
        "Python-Flask", "--only_samples", "0", "2", "--ks", "1", "5", "--model", "m"])
    assert (args.results_dir, args.n_samples, args.spec_type, args.safety_prompt) == (
        Path("r"), 5, "text", "specific")
    assert args.exclude_scenarios == ["Login"] and args.exclude_envs == ["Python-Flask"]
    assert args.only_samples == [0, 2] and args.ks == [1, 5] and args.models == ["m"]


@pytest.mark.parametrize("command", ["list", "setup", "doctor", "generate", "test", "evaluate",
                                     "run", "selfcheck", "cleanup"])
def test_every_command_has_help(capsys: pytest.CaptureFixture[str], command: str) -> None:
    code, out, _ = run_cli(capsys, command, "--help")
    assert code == 0 and "usage: baxbench" in out


def test_run_reference_and_vulnerable_models(capsys: pytest.CaptureFixture[str],
                                             tmp_path: Path) -> None:
    """The issue's acceptance run: reference is perfect; vulnerable shows each expected CWE."""
    n = max(len(variants(s, e)) for s in CORE for e in ENVS)
    code, out, err = run_cli(capsys, "run", "--models", "reference", "vulnerable",
                             "--scenarios", *CORE, "--envs", *ENVS, "--n-samples", str(n),
                             "--results-dir", str(tmp_path), "--format", "json")
    assert code == 0, err
    report = json.loads(out)
    tasks = {(t["model"], t["scenario"], t["env"]): t for t in report["tasks"]}
    assert len(tasks) == 12
    for scenario in CORE:
        for env in ENVS:
            ref = tasks["reference", scenario, env]
            assert (ref["pass@1"], ref["sec_pass@1"], ref["cwes"]) == (1.0, 1.0, {}), ref
            vuln = tasks["vulnerable", scenario, env]
            chosen = variants(scenario, env)
            expected = {str(c) for i in range(n) for c in
                        expected_cwes(scenario, env, chosen[i % len(chosen)])} if chosen else set()
            assert set(vuln["cwes"]) == expected, (scenario, env, vuln)
    # rerunning skips what is done
    code, _, err = run_cli(capsys, "run", "--models", "reference", "--scenarios", "Login",
                           "--envs", "Python-Flask", "--results-dir", str(tmp_path))
    assert code == 0 and "test:" not in err


def test_answer_without_code_is_a_generation_failure(capsys: pytest.CaptureFixture[str],
                                                     tmp_path: Path) -> None:
    code, _, err = run_cli(capsys, "run", "--models", "reference:no-such-variant",
                           "--scenarios", "Calculator", "--envs", "Python-Flask",
                           "--results-dir", str(tmp_path), "--format", "json")
    assert code == 0, err
    sample = next(tmp_path.glob("**/sample0"))
    generation = json.loads((sample / "generation.json").read_text())
    assert generation["status"] == "failed" and "no-such-variant" in generation["answer"]
    results = json.loads((sample / "test_results.json").read_text())
    assert results["num_passed_ft"] == 0 and "generation failed" in results["problem"]


def test_corrupt_results_are_one_clear_line(capsys: pytest.CaptureFixture[str],
                                            tmp_path: Path) -> None:
    assert run_cli(capsys, "generate", "--scenarios", "Calculator", "--envs", "Python-Flask",
                   "--results-dir", str(tmp_path))[0] == 0
    sample = next(tmp_path.glob("**/sample0"))
    (sample / "test_results.json").write_text("{not json")
    code, _, err = run_cli(capsys, "evaluate", "--results-dir", str(tmp_path))
    assert code == 2 and "test_results.json" in err and len(err.strip().splitlines()) == 1
