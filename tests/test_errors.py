"""Issue 18's reproductions: bad paths, damaged records and bad numbers are one clear line
(what, where, what to do), found before any model is asked; never a traceback."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from baxbench.cli import main
from baxbench.envs import ENVS
from baxbench.envs.base import using

TASK = ["--scenarios", "Calculator", "--envs", "Python-Flask"]


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as e:
        code = int(e.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def one_error_line(err: str, *expected: str) -> None:
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("baxbench: error: "), err
    for text in expected:
        assert text in lines[0], lines[0]


def read_only_cli(read_only: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    """The CLI as a process that sees `read_only` through a read-only bind mount (we run as
    root, whom permission bits do not stop; a read-only mount does)."""
    return subprocess.run(
        ["bwrap", "--dev-bind", "/", "/", "--ro-bind", str(read_only), str(read_only),
         sys.executable, "-m", "baxbench.cli", *argv],
        capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("generated")
    assert main(["generate", *TASK, "--results-dir", str(root)]) == 0
    return root


@pytest.mark.parametrize("command", ["generate", "run"])
def test_results_dir_that_is_a_file(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                    command: str) -> None:
    (tmp_path / "f").write_text("")
    code, _, err = run_cli(capsys, command, *TASK, "--results-dir", str(tmp_path / "f"))
    assert code == 2
    one_error_line(err, f"--results-dir {tmp_path / 'f'}: is a file, not a directory")
    code, _, err = run_cli(capsys, command, *TASK, "--results-dir", str(tmp_path / "f" / "r"))
    assert code == 2
    one_error_line(err, f"is under the file {tmp_path / 'f'}")


@pytest.mark.parametrize("command", ["generate", "run"])
def test_read_only_results_dir(tmp_path: Path, command: str) -> None:
    (tmp_path / "ro").mkdir()
    done = read_only_cli(tmp_path / "ro", command, *TASK, "--results-dir", str(tmp_path / "ro"))
    assert done.returncode == 2, done.stderr
    one_error_line(done.stderr, f"cannot write in {tmp_path / 'ro'} (Read-only file system); "
                                "choose a writable directory")
    assert not any((tmp_path / "ro").iterdir())


@pytest.mark.parametrize(("where", "expected"), [
    ("missing/report.html", "the directory {tmp}/missing does not exist; create it"),
    ("adir", "{tmp}/adir: is a directory; name a file"),
    ("afile/report.html", "{tmp}/afile is a file, not a directory"),
])
def test_report_output_paths(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                             generated: Path, where: str, expected: str) -> None:
    (tmp_path / "adir").mkdir()
    (tmp_path / "afile").write_text("")
    code, _, err = run_cli(capsys, "report", "--results-dir", str(generated), "-o",
                           str(tmp_path / where))
    assert code == 2
    one_error_line(err, "-o " + str(tmp_path / where), expected.format(tmp=tmp_path))


@pytest.mark.parametrize("command", [["report", "--results-dir", "{results}"],
                                     ["export-tasks", "--scenarios", "Login"]])
def test_output_into_a_read_only_dir(tmp_path: Path, generated: Path, command: list[str]
                                     ) -> None:
    (tmp_path / "ro").mkdir()
    argv = [a.format(results=generated) for a in command]
    target = tmp_path / "ro" / ("report.html" if "report" in argv else "tasks.jsonl")
    done = read_only_cli(tmp_path / "ro", *argv, "-o", str(target))
    assert done.returncode == 2, done.stderr
    one_error_line(done.stderr, f"-o {target}: cannot write in {tmp_path / 'ro'} "
                                "(Read-only file system)")


@pytest.mark.parametrize("command", ["evaluate", "report", "test", "generate", "run", "show"])
def test_truncated_generation_record_is_reported(capsys: pytest.CaptureFixture[str],
                                                 tmp_path: Path, command: str) -> None:
    assert run_cli(capsys, "generate", *TASK, "--results-dir", str(tmp_path))[0] == 0
    record = next(tmp_path.glob("**/generation.json"))
    record.write_text(record.read_text()[:40])
    argv = ([command, "reference", "Calculator", "Python-Flask"] if command == "show"
            else [command, *TASK])
    code, out, err = run_cli(capsys, *argv, "--results-dir", str(tmp_path),
                             *(["-o", str(tmp_path / "r.html")] if command == "report" else []))
    assert code == 2 and out == ""
    one_error_line(err, f"{record}: unreadable", "delete it and run `baxbench generate` again")
    assert record.read_text() and len(record.read_text()) == 40  # left as it was


def test_corrupt_results_advice_names_a_command_that_takes_it(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert run_cli(capsys, "generate", *TASK, "--results-dir", str(tmp_path))[0] == 0
    sample = next(tmp_path.glob("**/sample0"))
    (sample / "test_results.json").write_text("[1, 2]")
    code, _, err = run_cli(capsys, "evaluate", "--results-dir", str(tmp_path))
    assert code == 2
    one_error_line(err, "test_results.json: unreadable (not a JSON object); delete it and run "
                        "`baxbench test` again (or `baxbench test --force`)")


@pytest.mark.parametrize("flag", ["--test-timeout", "--start-timeout", "--test_timeout"])
@pytest.mark.parametrize("value", ["0", "-1", "nan"])
def test_timeouts_must_be_positive(capsys: pytest.CaptureFixture[str], generated: Path,
                                   flag: str, value: str) -> None:
    before = {p: p.stat().st_mtime for p in generated.rglob("*.json")}
    code, _, err = run_cli(capsys, "test", "--results-dir", str(generated), flag, value)
    assert code == 2
    one_error_line(err, "must be more than 0 seconds (see `baxbench test --help`)")
    assert {p: p.stat().st_mtime for p in generated.rglob("*.json")} == before


def test_request_timeout_must_be_positive(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_cli(capsys, "generate", "--request-timeout", "0")
    assert code == 2
    one_error_line(err, "--request-timeout", "0 must be more than 0 seconds")


def test_unknown_reference_variant_is_rejected(capsys: pytest.CaptureFixture[str],
                                               tmp_path: Path) -> None:
    code, _, err = run_cli(capsys, "run", "--models", "reference:no-such-variant", *TASK,
                           "--results-dir", str(tmp_path))
    assert code == 2
    one_error_line(err, "unknown reference variant 'no-such-variant' for the selected tasks: "
                        "choose one of ", "secure")
    assert not any(tmp_path.iterdir())


def test_ks_larger_than_the_samples_is_explained(capsys: pytest.CaptureFixture[str],
                                                 generated: Path) -> None:
    code, out, err = run_cli(capsys, "test", "--results-dir", str(generated))
    assert code == 0
    code, out, err = run_cli(capsys, "evaluate", "--results-dir", str(generated), "--ks", "1",
                             "5")
    assert code == 0 and "pass@5" in out
    assert ("note: pass@5 and sec_pass@5 need at least 5 samples per task; some tasks have 1, "
            "shown as '-' (generate more with --n-samples 5)") in err
    assert "pass@1 and" not in err


def test_a_check_waits_for_another_process_provisioning_the_env(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Issue 18: selfcheck printed nothing while another process provisioned its env: the
    env looked unprovisioned. Now the check waits for that provisioning to finish."""
    from baxbench.cli import _check_envs_ready
    monkeypatch.setenv("BAXBENCH_CACHE", str(tmp_path))
    env = ENVS["Python-Flask"]
    holding = threading.Event()

    def provision() -> None:  # what `baxbench setup` does, in miniature
        with using(tmp_path, [env.id], exclusive=True):
            holding.set()
            time.sleep(1.0)
            env.env_dir(tmp_path).mkdir(parents=True)
            env.mark_provisioned(tmp_path)

    other = threading.Thread(target=provision)
    other.start()
    holding.wait(5)
    started = time.monotonic()
    _check_envs_ready([env.id])  # raised "not provisioned" before
    assert time.monotonic() - started > 0.5
    other.join()


@pytest.mark.parametrize(("holder", "said"), [
    ("shared", "waiting for runs that use it to finish"),
    ("exclusive", "waiting for another process's setup of it to finish")])
def test_setup_says_what_it_waits_for(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                      holder: str, said: str) -> None:
    release = threading.Event()
    holding = threading.Event()

    def hold() -> None:
        with using(tmp_path, ["Python-Flask"], exclusive=holder == "exclusive"):
            holding.set()
            release.wait(5)

    other = threading.Thread(target=hold)
    other.start()
    holding.wait(5)
    threading.Timer(0.5, release.set).start()
    with using(tmp_path, ["Python-Flask"], exclusive=True):
        pass
    other.join()
    assert f"Python-Flask: {said} …" in capsys.readouterr().err


def test_records_stay_json(generated: Path) -> None:
    for path in generated.rglob("generation.json"):
        assert json.loads(path.read_text())["status"] == "ok"


def test_nothing_is_created_for_a_run_that_cannot_start(capsys: pytest.CaptureFixture[str],
                                                        tmp_path: Path) -> None:
    code, _, err = run_cli(capsys, "generate", "--models", "gpt-99", *TASK, "--results-dir",
                           str(tmp_path / "new"))
    assert code == 2 and "unknown model 'gpt-99'" in err
    assert not (tmp_path / "new").exists()


def test_selfcheck_with_nothing_to_check(capsys: pytest.CaptureFixture[str]) -> None:
    """A pair without vulnerable references asked for them: one line, not "0/0 as expected"."""
    code, out, err = run_cli(capsys, "selfcheck", "--scenarios", "Wiki", "--envs", "Go-Gin",
                             "--only", "vulnerable")
    assert code == 2 and not out
    one_error_line(err, "no vulnerable reference apps", "docs/frameworks.md")
