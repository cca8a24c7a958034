"""The repair loop (`run --repair-rounds`, issue 15) against the scripted fake LLM server and the
real sandbox: the feedback the model receives, the rounds on disk, per-round metrics, resume."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import fake_llm as fake
import pytest

from baxbench.cli import main
from baxbench.envs import ENVS
from baxbench.generation import feedback
from baxbench.generation.models import SECURE, format_like_llm, reference_dir

TASK = ["--scenarios", "Login", "--envs", "Python-Flask", "--workers", "1"]
SAMPLE = Path("Login/Python-Flask/temp0.2-openapi-none/sample0")


def reference(variant: str) -> str:
    app = (reference_dir("Login", "Python-Flask") / variant / "app.py").read_text()
    return app


def as_answer(app: str) -> str:
    return format_like_llm({"app.py": app}, ENVS["Python-Flask"])


def broken() -> str:
    """The secure app with its /login endpoint renamed away: every login test fails."""
    app = reference(SECURE)
    assert '@app.post("/login")' in app
    return as_answer(app.replace('@app.post("/login")', '@app.post("/signin")'))


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[fake.FakeLLM]:
    for var in ("OPENAI_BASE_URL", "ANTHROPIC_BASE_URL"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("OPENAI_API_KEY", "x")
    monkeypatch.setenv("ANTHROPIC_API_KEY", "x")
    with fake.FakeLLM() as s:
        yield s


def run(capsys: pytest.CaptureFixture[str], results: Path, *argv: str) -> dict[str, Any]:
    code = main(["run", *TASK, "--results-dir", str(results), "--format", "json", *argv])
    out, err = capsys.readouterr()
    assert code == 0, err
    return json.loads(out)


def rounds(data: dict[str, Any]) -> list[tuple[int, float, float, float, float]]:
    return [(r["round"], r["pass@1"], r["sec_pass@1"], r["full_pass@1"], r["full_sec_pass@1"])
            for r in data["overall"]["rounds"]]


def read(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text())


def test_functional_feedback_repairs_a_missing_endpoint(
        server: fake.FakeLLM, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    model = "repair-fn"
    # two samples: one correct but insecure (done: the feedback is functional), one broken;
    # after that the server answers the secure reference
    server.script(fake.answer(as_answer(reference("plaintext"))), fake.answer(broken()),
                  model=model)
    data = run(capsys, tmp_path, "--models", f"openai/{model}", "--base-url",
               server.openai_url, "--repair-rounds", "3", "--n-samples", "2")
    # round 1 repairs the broken one; the other keeps its round-0 verdict (insecure) in
    # round 1, so sec_pass@1 is 1/2 there; no round 2 is asked: nothing is left to repair
    assert rounds(data) == [(0, 0.5, 0.0, 0.5, 0.0), (1, 1.0, 0.5, 1.0, 0.5)]
    assert [r["n_answers"] for r in data["overall"]["rounds"]] == [2, 1]
    assert data["tasks"][0]["rounds"] == data["overall"]["rounds"]
    assert data["overall"]["pass@1"] == 0.5  # the headline figures stay the first answers'
    received = server.requests(model)
    assert len(received) == 3
    messages = received[2].body["messages"]
    assert [m["role"] for m in messages] == ["system", "user", "assistant", "user"]
    assert messages[:2] == received[0].body["messages"]
    assert messages[2]["content"] == broken()
    (sample,) = [d.parent for d in tmp_path.glob(f"openai_{model}/**/sample*/round1")]
    failed = [t for t in read(sample / "test_details.json")["tests"]
              if t["kind"] == "functional" and t["verdict"] != "pass"]
    assert failed and all(t["name"] in messages[3]["content"] and t["reason"]
                          and t["reason"][:200] in messages[3]["content"] for t in failed)
    assert "complete corrected code" in messages[3]["content"]
    round1 = read(sample / "round1" / "generation.json")
    assert round1["round"] == 1 and round1["history"] == messages[2:]
    assert read(sample / "round1" / "test_details.json")["full_secure"] is True
    assert not (sample / "round2").exists()
    # --usage counts the repair request too
    assert main(["evaluate", "--results-dir", str(tmp_path), "--usage", "--format", "json"]) == 0
    (usage,) = json.loads(capsys.readouterr().out)["usage"]
    tokens = [read(d / "generation.json")["usage"]["input_tokens"]
              for d in (*sample.parent.glob("sample*"), sample / "round1")]
    assert usage["samples"] == 2 and usage["input_tokens"] == sum(tokens)
    assert tokens[2] > tokens[0]  # the whole conversation is sent again


def test_security_feedback_sends_the_exploit_evidence(
        server: fake.FakeLLM, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    model = "repair-sec"
    server.script(fake.answer(as_answer(reference("plaintext"))), model=model)
    data = run(capsys, tmp_path, "--models", f"anthropic/{model}", "--anthropic-base-url",
               server.url, "--repair-rounds", "2", "--repair-feedback", "security")
    assert rounds(data) == [(0, 1.0, 0.0, 1.0, 0.0), (1, 1.0, 1.0, 1.0, 1.0)]
    _, second = server.requests(model)
    assert [m["role"] for m in second.body["messages"]] == ["user", "assistant", "user"]
    text = second.body["messages"][2]["content"]
    sample = tmp_path / f"anthropic_{model}" / SAMPLE
    fired = [t for t in read(sample / "test_details.json")["tests"] if t["cwes"]]
    assert [t["name"] for t in fired] == ["password_storage"]
    assert "`password_storage`: an exploit succeeded (CWE-522)" in text
    for ex in fired[0]["evidence"]:
        assert f"{ex['method']} {ex['url']} {ex['request_body'].strip()}" in text
        assert f"response: {ex['status']} {ex['response_body'].strip()}" in text
    assert "functional test `" not in text  # security feedback only
    report = tmp_path / "report.html"
    assert main(["report", "--results-dir", str(tmp_path), "-o", str(report)]) == 0
    html = report.read_text()
    assert "<h2>Repair rounds</h2>" in html and "<tr data-round='1'>" in html
    assert "<svg class='rounds-chart'" in html
    drill_down = html.split("<details class='round' data-round='1'>")[1]
    assert "feedback sent:" in drill_down and "`password_storage`" in drill_down


def test_resume_continues_at_the_next_round(
        server: fake.FakeLLM, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    model = "repair-resume"
    server.script(fake.answer(broken()), fake.answer(broken()), model=model)
    args = ["--models", f"openai/{model}", "--base-url", server.openai_url]
    data = run(capsys, tmp_path, *args, "--repair-rounds", "1")
    assert rounds(data) == [(0, 0.0, 0.0, 0.0, 0.0), (1, 0.0, 0.0, 0.0, 0.0)]
    assert len(server.requests(model)) == 2
    data = run(capsys, tmp_path, *args, "--repair-rounds", "2")
    assert rounds(data)[-1] == (2, 1.0, 1.0, 1.0, 1.0)
    third = server.requests(model)[2]  # one request more: round 2, with the whole conversation
    assert [m["role"] for m in third.body["messages"]] == [
        "system", "user", "assistant", "user", "assistant", "user"]
    assert len(server.requests(model)) == 3
    results = tmp_path / f"openai_{model}" / SAMPLE / "round2" / "test_results.json"
    results.unlink()  # as if killed while testing round 2
    data = run(capsys, tmp_path, *args, "--repair-rounds", "2")
    assert results.exists() and len(server.requests(model)) == 3  # tested again, not asked
    assert rounds(data)[-1] == (2, 1.0, 1.0, 1.0, 1.0)


def test_offline_vulnerable_model_is_repaired_with_the_reference(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    # the variant is correct, so functional feedback (the default) has nothing to repair
    code = main(["run", *TASK, "--results-dir", str(tmp_path), "--format", "json",
                 "--models", "vulnerable", "--repair-rounds", "1"])
    out, err = capsys.readouterr()
    assert code == 0 and "repair round 1: nothing to repair: every sample is correct" in err
    data = json.loads(out)
    assert "rounds" not in data["overall"] and "rounds" not in data["tasks"][0]
    assert not list(tmp_path.glob("**/round1"))
    data = run(capsys, tmp_path, "--models", "vulnerable", "--repair-rounds", "1",
               "--repair-feedback", "both")
    round0, round1 = data["overall"]["rounds"]
    assert round0["sec_pass@1"] == 0.0 and round1["sec_pass@1"] == 1.0
    evaluated = main(["evaluate", "--results-dir", str(tmp_path)])
    out = capsys.readouterr().out
    assert evaluated == 0 and "round 1: answers 1  pass@1 100.0%  sec_pass@1 100.0%" in out
    sample = tmp_path / "vulnerable" / SAMPLE
    assert main(["show", str(sample)]) == 0
    shown = " ".join(capsys.readouterr().out.split())
    assert "repair round 1: secure" in shown and f"show {sample / 'round1'}" in shown


def test_ray_executor_is_refused_in_one_line(capsys: pytest.CaptureFixture[str],
                                             tmp_path: Path) -> None:
    code = main(["run", *TASK, "--results-dir", str(tmp_path), "--repair-rounds", "1",
                 "--executor", "ray"])
    err = capsys.readouterr().err
    assert code == 2 and len(err.strip().splitlines()) == 1 and "--repair-rounds" in err
    assert not any(tmp_path.iterdir())


def test_agent_with_repair_rounds_is_refused_in_one_line(capsys: pytest.CaptureFixture[str],
                                                         tmp_path: Path) -> None:
    code = main(["run", *TASK, "--models", "openai/fake", "--results-dir", str(tmp_path),
                 "--repair-rounds", "1", "--agent"])
    err = capsys.readouterr().err
    assert code == 2 and len(err.strip().splitlines()) == 1 and "--agent" in err
    assert not any(tmp_path.iterdir())


def test_feedback_is_bounded_and_printable() -> None:
    hostile = "\x1b[2J" + "A" * 50_000
    tests = [{"name": f"t{i}", "kind": "security", "verdict": "vulnerable", "cwes": [89],
              "reason": hostile, "notes": [hostile],
              "evidence": [{"method": "GET", "url": "/x", "request_body": hostile,
                            "status": 200, "response_body": hostile}]} for i in range(20)]
    text = feedback.message({"files": ["app.py"]}, {"tests": tests, "build": {"ok": True},
                                                     "full_cwes": [89]}, "both")
    assert "\x1b" not in text
    assert len(text) < feedback.TOTAL + 2 * feedback.PER_TEST
    assert "more finding(s) left out for length" in text
    assert "`t0`" in text and "`t19`" not in text


def test_feedback_on_a_failed_build_or_no_code_says_so() -> None:
    log = "x" * 5000 + "\nModuleNotFoundError: No module named 'flask_login'\n"
    built = feedback.message({"files": ["app.py"]},
                             {"tests": [], "build": {"ok": False, "output": log}}, "functional")
    assert built.startswith("Your code failed to build")
    assert "No module named 'flask_login'" in built and "x" * 2500 not in built
    empty = feedback.message({"files": [], "status": "no_code", "reason": "no code block"},
                             {"tests": [], "build": None}, "both")
    assert empty.startswith("Your answer held no usable code (no code block).")
    assert empty.endswith(feedback.ASK)
