"""Reports people read: evaluate's formats agree, the HTML report renders in Chromium with its
table, heatmap and exploit evidence, the task export round-trips, original layouts work."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from baxbench.cli import main
from baxbench.generation.models import SECURE, reference_dir

CHROMIUM = shutil.which("chromium")
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                  "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--enable-logging=stderr",
                  "--v=0"]


def cli(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    assert main(list(argv)) == 0
    return capsys.readouterr().out


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("results")
    for model, n in (("reference", 1), ("vulnerable", 3)):
        assert main(["run", "--models", model, "--scenarios", "Login", "Calculator", "--envs",
                     "Python-Flask", "--n-samples", str(n), "--results-dir", str(root)]) == 0
    assert main(["run", "--models", "reference", "--scenarios", "Login", "--envs",
                 "Python-Flask", "--safety-prompt", "generic", "--results-dir", str(root)]) == 0
    return root


def test_formats_agree(capsys: pytest.CaptureFixture[str], results: Path) -> None:
    """Every format holds the same rows (tasks, one overall row per model, one for all) and
    the same CWE keys."""
    data = json.loads(cli(capsys, "evaluate", "--results-dir", str(results), "--format", "json"))
    rows = list(csv.DictReader(io.StringIO(
        cli(capsys, "evaluate", "--results-dir", str(results), "--format", "csv"))))
    markdown = cli(capsys, "evaluate", "--results-dir", str(results), "--format", "markdown")
    table = cli(capsys, "evaluate", "--results-dir", str(results))
    wanted = [*data["tasks"], *data["models"], data["overall"]]
    assert [r["level"] for r in rows] == ["task"] * 5 + ["model"] * 3 + ["all"]
    assert len(data["models"]) == 3  # reference none, reference generic, vulnerable
    for expected, row in zip(wanted, rows, strict=True):
        assert (row["model"], row["scenario"], row["env"]) == (
            expected["model"], expected["scenario"], expected["env"])
        cwes = dict(c.split(":") for c in row["cwes"].split())
        assert {k: float(v) for k, v in cwes.items()} == expected["cwes"]
        assert all(k.startswith("CWE-") for k in expected["cwes"])
        line = next(ln for ln in markdown.splitlines() if ln.startswith(
            f"| {row['level']} | {expected['model'] or '-'} | {expected['scenario'] or '-'} | "
            f"{expected['env'] or '-'} | {expected['spec_type'] or '-'} | "
            f"{expected['safety_prompt'] or '-'} |"))
        for metric in ("pass@1", "sec_pass@1", "full_pass@1", "full_sec_pass@1"):
            assert float(row[metric]) == pytest.approx(expected[metric])
            assert f"{expected[metric] * 100:.1f}%" in line
        assert " ".join(f"{c}:{r:.2f}" for c, r in expected["cwes"].items()) in line
    for summary in data["models"]:
        shown = (f"{summary['model']} ({summary['spec_type']}, {summary['safety_prompt']}): "
                 f"{_count(summary['n_tasks'], 'task')}, "
                 f"{_count(summary['n_samples'], 'sample')}  "
                 f"pass@1 {summary['pass@1'] * 100:.1f}%")
        assert shown in table and shown in markdown
    overall = f"pass@1 {data['overall']['pass@1'] * 100:.1f}%"
    assert f"overall: 5 tasks, {data['overall']['n_samples']} samples  {overall}" in table
    cwes = ", ".join(f"{c} {r:.0%}" for c, r in data["overall"]["cwes"].items())
    assert f"CWEs (share of samples): {cwes}" in table
    for key in ("full_pass@1", "full_sec_pass@1", "full_insec_pass", "insec_pass", "full_cwes"):
        assert key in data["overall"] and all(key in t for t in data["tasks"])
    for text in (table, markdown):  # both families, labelled
        assert "BaxBench-compatible (original tests only)" in text
        assert "full (all tests of this harness)" in text


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def _chromium(*args: str, cwd: Path) -> tuple[str, str]:
    done = subprocess.run([CHROMIUM, *CHROMIUM_FLAGS, f"--user-data-dir={cwd / 'profile'}",
                           *args], capture_output=True, text=True, timeout=120, cwd=cwd)
    return done.stdout, done.stderr


def _console_messages(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if ":CONSOLE" in line]


def test_console_detection_works(tmp_path: Path) -> None:
    """The control: a page with a script error is caught by the same check."""
    page = tmp_path / "bad.html"
    page.write_text("<p>x</p><script>missingFunction()</script>")
    _, stderr = _chromium("--dump-dom", page.as_uri(), cwd=tmp_path)
    assert any("missingFunction" in m for m in _console_messages(stderr))


def test_html_leaderboard_shows_both_families_labelled(
        capsys: pytest.CaptureFixture[str], results: Path, tmp_path: Path) -> None:
    report = tmp_path / "report.html"
    cli(capsys, "report", "--results-dir", str(results), "-o", str(report))
    board = report.read_text().split("<table id='leaderboard'>")[1].split("</table>")[0]
    assert "BaxBench-compatible" in board and "full (all tests)" in board
    assert board.count(">pass@1 [95% CI]</th>") == 2  # one per family


def test_html_report_renders_with_table_heatmap_and_evidence(
        capsys: pytest.CaptureFixture[str], results: Path, tmp_path: Path) -> None:
    report = tmp_path / "report.html"
    cli(capsys, "report", "--results-dir", str(results), "-o", str(report), "--ks", "1", "3")
    dom, stderr = _chromium("--dump-dom", report.as_uri(), cwd=tmp_path)
    assert _console_messages(stderr) == []
    assert 'id="leaderboard"' in dom and 'class="heat"' in dom and 'id="tasks"' in dom
    assert "<svg" in dom  # the bar charts
    # self-contained: nothing fetched (app output may mention URLs, as text)
    assert not any(f'{attr}="{scheme}' in dom for attr in ("src", "href")
                   for scheme in ("http", "//"))
    assert "<link" not in dom and "<script src" not in dom
    for k in (1, 3):  # every requested k
        assert f">pass@{k}" in dom and f">sec_pass@{k}" in dom
    assert "CWE-89 SQL Injection" in dom  # CWEs by name
    samples = dom.split('<details class="sample"')[1:]
    assert len(samples) == 2 * 1 + 1 + 2 * 3  # reference: 1 per task (+1 generic), vulnerable: 3
    assert 'id="safety"' in dom  # none and generic were both run
    # the drill-down of the SQL-injection variant: the request that proved it, the prompt,
    # the raw answer, the parse outcome and the app's output
    sample = next(part for part in samples if "CWE-89" in part and "vulnerable" in part)
    assert "POST http://localhost/login" in sample and "→ 200" in sample
    assert "logged in with email=" in sample
    assert "generation: <span class=\"good\">ok</span>" in sample
    assert "raw answer (" in sample and "Here is a complete implementation" in sample
    assert "app output" in sample and "Running on" in sample
    prompt = sample.split("<a href=\"#")[1].split("\"")[0]
    assert f'<details id="{prompt}">' in dom and "Login" in dom.split(f'id="{prompt}"')[1][:200]


def test_report_ranks_and_shows_a_second_metric_family(
        results: Path) -> None:
    """Leaderboard rows go by sec_pass@1; the full_* family is shown beside the compatible one."""
    from baxbench.envs import ENVS
    from baxbench.execution.pipeline import Selection, generated_keys
    from baxbench.results import html
    from baxbench.scenarios import SCENARIOS

    everything = Selection([], list(SCENARIOS), list(ENVS), temperature=None, spec_type=None,
                           safety_prompt=None)
    keys = generated_keys(results, everything, all_indices=True)
    page = html.build(results, keys, [1])
    board = page.split("id='leaderboard'")[1].split("</table>")[0]
    rows = board.split("<tr data-row")[1:]
    assert "vulnerable" in rows[-1] and "reference" in rows[0]
    # the second family: in the leaderboard under its family header, in the task table by name
    assert "title='full_pass@1'>pass@1 [95% CI]</th>" in board
    assert ">full_pass@1</th>" in page.split("id='tasks'")[1]


@pytest.mark.parametrize("suffix", [".jsonl", ".parquet"])
def test_task_export_round_trips(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                 suffix: str) -> None:
    from baxbench.generation.tasks import read, records

    out = tmp_path / f"tasks{suffix}"
    cli(capsys, "export-tasks", "-o", str(out), "--scenarios", "Login", "Calculator")
    rows = read(out)
    assert rows == records(["Login", "Calculator"], [r["env"] for r in rows[: len(rows) // 2]])
    login = next(r for r in rows if r["task_id"] == "Login/Python-Flask")
    assert login["cwes"] == [89, 522, 863] and len(login["prompts"]) == 6
    assert "/register" in login["prompts"]["openapi-none"]
    assert "CWE-522" in login["prompts"]["text-specific"]


def test_original_layout_is_tested_and_evaluated(capsys: pytest.CaptureFixture[str],
                                                 tmp_path: Path) -> None:
    """Code generated elsewhere, laid out as the original harness does (no generation.json)."""
    sample = tmp_path / "gpt-4o" / "Login" / "Python-Flask" / "temp0.2-openapi-none" / "sample0"
    shutil.copytree(reference_dir("Login", "Python-Flask") / SECURE, sample / "code")
    other = tmp_path / "gpt-4o" / "Calculator" / "Python-Flask" / "temp0.2-openapi-none"
    (other / "sample0").mkdir(parents=True)
    (other / "sample0" / "test_results.json").write_text(json.dumps(  # written by the original
        {"num_passed_ft": 2, "num_total_ft": 2, "num_ft_exceptions": 0, "num_total_st": 3,
         "num_st_exceptions": 0, "cwes": [{"num": 94, "desc": "code injection"}]}))
    cli(capsys, "test", "--results-dir", str(tmp_path))
    data = json.loads(cli(capsys, "evaluate", "--results-dir", str(tmp_path), "--format", "json"))
    tasks = {t["scenario"]: t for t in data["tasks"]}
    assert tasks["Login"]["model"] == "gpt-4o" and tasks["Login"]["sec_pass@1"] == 1.0
    assert tasks["Calculator"]["pass@1"] == 1.0 and tasks["Calculator"]["cwes"] == {"CWE-94": 1.0}
    # a file of the original harness has one verdict: both families read it
    assert tasks["Calculator"]["full_pass@1"] == 1.0
    assert tasks["Calculator"]["full_cwes"] == {"CWE-94": 1.0}
    login = json.loads((sample / "test_results.json").read_text())
    assert {"full_num_passed_ft", "full_num_total_ft", "full_cwes"} <= set(login)
    details = json.loads((sample / "test_details.json").read_text())
    assert {t["origin"] for t in details["tests"]} == {"original", "added"}
