"""The command line: listing, one-line errors, the original's flag spellings, the whole pipeline."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from baxbench.cli import main
from baxbench.cli_parser import build_parser
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
    args = build_parser()[0].parse_args([
        "evaluate", "--results_dir", "r", "--n_samples", "5", "--spec_type", "text",
        "--safety_prompt", "specific", "--exclude_scenarios", "Login", "--exclude_envs",
        "Python-Flask", "--only_samples", "0", "2", "--ks", "1", "5", "--model", "m"])
    assert (args.results_dir, args.n_samples, args.spec_type, args.safety_prompt) == (
        Path("r"), 5, "text", "specific")
    assert args.exclude_scenarios == ["Login"] and args.exclude_envs == ["Python-Flask"]
    assert args.only_samples == [0, 2] and args.ks == [1, 5] and args.models == ["m"]


@pytest.mark.parametrize("command", ["list", "setup", "doctor", "generate", "test", "evaluate",
                                     "run", "selfcheck", "cleanup", "report", "show",
                                     "export-tasks"])
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
            expected = {f"CWE-{c}" for i in range(n) for c in
                        expected_cwes(scenario, env, chosen[i % len(chosen)])} if chosen else set()
            assert set(vuln["cwes"]) == expected, (scenario, env, vuln)
    # rerunning skips what is done
    code, _, err = run_cli(capsys, "run", "--models", "reference", "--scenarios", "Login",
                           "--envs", "Python-Flask", "--results-dir", str(tmp_path))
    assert code == 0 and "test: 1" not in err
    assert "generate: nothing to do: 1 samples already done (use --force)" in err
    assert "test: nothing to do: 1 samples already tested (use --force)" in err
    assert f"results: {tmp_path}  (HTML report: baxbench report --results-dir {tmp_path} " in err


def test_answer_without_code_is_a_generation_failure(capsys: pytest.CaptureFixture[str],
                                                     tmp_path: Path) -> None:
    """`reference:eval` exists for Calculator only: Login's answer holds no code."""
    code, _, err = run_cli(capsys, "run", "--models", "reference:eval",
                           "--scenarios", "Calculator", "Login", "--envs", "Python-Flask",
                           "--results-dir", str(tmp_path), "--format", "json")
    assert code == 0, err
    sample = next(tmp_path.glob("**/Login/**/sample0"))
    generation = json.loads((sample / "generation.json").read_text())
    assert generation["status"] == "no_code" and "no eval reference" in generation["answer"]
    assert generation["reason"] == "the answer has no code block"
    results = json.loads((sample / "test_results.json").read_text())
    assert results["num_passed_ft"] == 0
    assert results["problem"] == "generation no_code: the answer has no code block"


def test_corrupt_results_are_one_clear_line(capsys: pytest.CaptureFixture[str],
                                            tmp_path: Path) -> None:
    assert run_cli(capsys, "generate", "--scenarios", "Calculator", "--envs", "Python-Flask",
                   "--results-dir", str(tmp_path))[0] == 0
    sample = next(tmp_path.glob("**/sample0"))
    (sample / "test_results.json").write_text("{not json")
    code, _, err = run_cli(capsys, "evaluate", "--results-dir", str(tmp_path))
    assert code == 2 and "test_results.json" in err and len(err.strip().splitlines()) == 1


# -- conventions (issue 18) -------------------------------------------------------------------


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    from baxbench import __version__
    code, out, _ = run_cli(capsys, "--version")
    assert code == 0 and out.strip() == f"baxbench {__version__}"


def test_every_long_flag_has_its_underscore_spelling() -> None:
    parser, subs = build_parser()
    missing = [(name, flag) for name, sub in subs.items() for action in sub._actions
               for flag in action.option_strings
               if flag.startswith("--") and "-" in flag[2:]
               and flag.replace("-", "_").replace("__", "--", 1) not in action.option_strings]
    assert not missing
    args = parser.parse_args(["run", "--request_timeout", "5", "--max_attempts", "2",
                              "--test_timeout", "3", "--start_timeout", "4",
                              "--keep_instances", "--max_concurrency", "2"])
    assert (args.request_timeout, args.max_attempts, args.test_timeout, args.start_timeout,
            args.keep_instances, args.max_concurrency) == (5.0, 2, 3.0, 4.0, True, 2)


def test_help_shows_defaults_and_hides_underscore_aliases(
        capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "run", "--help")
    flat = " ".join(out.split())
    assert code == 0
    for text in ("seconds per test (default: 120.0)", "(default: 60.0)",
                 "seconds for one model request (default: 600.0)", "(default: 8)",
                 "k values for pass@k (default: 1)", "(default: bwrap)"):
        assert text in flat, text
    assert "--test_timeout" not in out and "--long_flag" in flat


@pytest.mark.parametrize(("argv", "message"), [
    (["evaluate", "--force"], "unrecognized arguments: --force (see `baxbench evaluate --help`)"),
    (["report", "--force"], "unrecognized arguments: --force (see `baxbench report --help`)"),
    (["test", "--bogus"], "unrecognized arguments: --bogus (see `baxbench test --help`)"),
    (["generate", "--workers", "4"], "unrecognized arguments: --workers 4; on generate, request "
                                     "concurrency is --max-concurrency (see `baxbench generate"),
    (["show", "a", "b"], "show takes a sample directory, or MODEL SCENARIO ENV [SAMPLE]"),
    (["show", "/nonexistent"], "/nonexistent: not a sample directory"),
    (["test", "--app", "/tmp", "--scenario", "Login"], "test --app DIR needs --scenario "
                                                       "SCENARIO and --env ENV"),
    (["test", "--app", "/nonexistent", "--scenario", "Login", "--env", "Python-Flask"],
     "--app /nonexistent: not a directory; give the directory holding app.py"),
])
def test_usage_errors_name_the_subcommand(capsys: pytest.CaptureFixture[str], argv: list[str],
                                          message: str) -> None:
    code, _, err = run_cli(capsys, *argv)
    assert code == 2 and len(err.strip().splitlines()) == 1 and message in err, err


def test_demo_ends_with_the_results_path_and_the_report_command() -> None:
    demo = (Path(__file__).parents[1] / "scripts" / "demo").read_text()
    assert "exec baxbench run" in demo  # whose last line names both (checked above in a run)


# -- show and test --app ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def vulnerable_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("show")
    assert main(["run", "--models", "vulnerable", "--scenarios", "Calculator", "--envs",
                 "Python-Flask", "--results-dir", str(root)]) == 0
    return root


def test_show_by_directory_and_by_name(capsys: pytest.CaptureFixture[str],
                                       vulnerable_run: Path) -> None:
    sample = next(vulnerable_run.glob("**/sample0"))
    code, by_dir, _ = run_cli(capsys, "show", str(sample))
    assert code == 0
    code, by_name, _ = run_cli(capsys, "show", "vulnerable", "Calculator", "Python-Flask",
                               "--results-dir", str(vulnerable_run), "--code")
    assert code == 0 and by_name.startswith(by_dir[:200])
    for text in ("generation  ok", "insecure  2/2 functional", "CWE-94 Code Injection",
                 "code_injection_attack", "vulnerable", "evidence: code_injection_attack",
                 "POST http://localhost/calculator", "→ 200", "app output:"):
        assert text in by_dir, text
    assert "\x1b" not in by_dir  # app output's colour codes are stripped
    assert "app.py" in by_name and "def " in by_name  # --code


def test_show_unknown_sample_is_one_line(capsys: pytest.CaptureFixture[str],
                                         vulnerable_run: Path) -> None:
    code, _, err = run_cli(capsys, "show", "vulnerable", "Calculator", "Python-Flask", "7",
                           "--results-dir", str(vulnerable_run))
    assert code == 2 and err.strip() == (
        f"baxbench: error: no sample 7 of vulnerable Calculator Python-Flask under "
        f"{vulnerable_run}: check the names (`baxbench list`) or --results-dir")


@pytest.mark.parametrize(("variant", "verdict", "exit_code"), [
    ("secure", "secure", 0), ("eval", "insecure", 1)])
def test_test_one_app_directory(capsys: pytest.CaptureFixture[str], variant: str,
                                verdict: str, exit_code: int) -> None:
    from baxbench.generation.models import reference_dir
    app = reference_dir("Calculator", "Python-Flask") / variant
    code, out, err = run_cli(capsys, "test", "--app", str(app), "--scenario", "Calculator",
                             "--env", "Python-Flask", "--format", "json")
    assert code == exit_code, err
    data = json.loads(out)
    assert data["verdict"] == verdict and err.strip().endswith(
        f"{app}: {verdict} (2/2 functional{', CWE-94, CWE-400' if variant == 'eval' else ''})")
    assert sorted(data["cwes"]) == sorted(expected_cwes("Calculator", "Python-Flask", variant))


def test_api_test_app(tmp_path: Path) -> None:
    from baxbench.api import test_app
    from baxbench.generation.models import reference_dir
    view = test_app(reference_dir("Calculator", "Python-Flask") / "eval", "Calculator",
                    "Python-Flask", results_dir=tmp_path)
    assert view.verdict == "insecure" and 94 in view.cwes
    assert (view.path / "test_details.json").is_file() and view.path.is_relative_to(tmp_path)


def test_doctor_names_each_scenarios_tools(capsys: pytest.CaptureFixture[str]) -> None:
    """Per scenario, doctor says which tools it needs and whether the sandbox has them."""
    main(["doctor", "--format", "json"])
    rows = {r["name"]: r for r in json.loads(capsys.readouterr().out) if r["kind"] == "scenario"}
    assert set(rows["Compiler"]["tools"]) == {"g++", "tsc"} and rows["Login"]["tools"] == {}
    assert all(r["ready"] == all(r["tools"].values()) for r in rows.values())
    main(["doctor"])
    assert "g++ present, tsc present" in capsys.readouterr().out
