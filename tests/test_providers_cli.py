"""The generation options of the `baxbench` command against the scripted server: keys, errors,
interruption and resume, usage and cost, and one whole run through the sandbox."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import fake_llm as fake
import pytest
from conftest import sigint_as_in_a_terminal

from baxbench.cli import main

KEY_VARS = ("OPENAI_API_KEY", "ANTHROPIC_API_KEY", "TOGETHER_API_KEY", "OPENROUTER_API_KEY")
BASE_VARS = ("OPENAI_BASE_URL", "ANTHROPIC_BASE_URL", "TOGETHER_BASE_URL", "OPENROUTER_BASE_URL")
TASK = ["--scenarios", "Login", "--envs", "Python-Flask"]


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in KEY_VARS + BASE_VARS:
        monkeypatch.delenv(var, raising=False)


@pytest.fixture
def server(clean_env: None) -> Iterator[fake.FakeLLM]:
    with fake.FakeLLM() as s:
        yield s


def cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize(("model", "var"), [
    ("openai/gpt-4o", "OPENAI_API_KEY"), ("anthropic/claude-sonnet-4-5", "ANTHROPIC_API_KEY"),
    ("together/meta-llama/Llama-3.3-70B-Instruct-Turbo", "TOGETHER_API_KEY"),
    ("openrouter/openai/gpt-4o", "OPENROUTER_API_KEY")])
def test_missing_key_is_one_line_naming_the_variable(
        clean_env: None, capsys: pytest.CaptureFixture[str], tmp_path: Path, model: str,
        var: str) -> None:
    code, _, err = cli(capsys, "generate", "--models", model, *TASK, "--results-dir",
                       str(tmp_path))
    assert code == 2 and err.strip() == (f"baxbench: error: {var} is not set: export it to use "
                                         f"{model}")
    assert not any(tmp_path.iterdir())


def test_unknown_provider_is_one_line(clean_env: None, capsys: pytest.CaptureFixture[str],
                                      tmp_path: Path) -> None:
    code, _, err = cli(capsys, "generate", "--models", "acme/model-1", *TASK)
    assert code == 2 and len(err.strip().splitlines()) == 1 and "unknown model 'acme/model-1'" in err


def test_local_server_needs_no_key(server: fake.FakeLLM, capsys: pytest.CaptureFixture[str],
                                   tmp_path: Path) -> None:
    code, _, err = cli(capsys, "generate", "--models", "openai/llama3", *TASK, "--results-dir",
                       str(tmp_path), "--base-url", server.openai_url)
    assert code == 0, err
    assert len(server.requests()) == 1


def test_key_appears_nowhere(server: fake.FakeLLM, monkeypatch: pytest.MonkeyPatch,
                             capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    secret = uuid.uuid4().hex + uuid.uuid4().hex
    key = f"sk-proj-{secret}"
    monkeypatch.setenv("OPENAI_API_KEY", key)
    monkeypatch.setenv("ANTHROPIC_API_KEY", key)
    # servers echo keys in errors, whole or masked; they must not reach our output or files
    server.always(fake.status(401, message=f"Incorrect API key provided: {key[:12]}****"
                                           f"{key[-6:]}."), model="refused")
    server.script(fake.status(500, message=f"upstream failed for key {key}"), model="gpt-4o")
    server.script(fake.status(503, message=f"retry later, {secret[3:40]}"),
                  model="claude-haiku-4-5")
    code, out, err = cli(capsys, "generate", "--models", "openai/refused", "openai/gpt-4o",
                         "anthropic/claude-haiku-4-5", *TASK, "--n-samples", "2",
                         "--results-dir", str(tmp_path), "--base-url", server.openai_url,
                         "--anthropic-base-url", server.url, "--max-attempts", "3")
    assert code == 1  # the refused model stopped
    assert "error: model openai/refused: HTTP 401" in err and "***" in err
    assert len(list(tmp_path.glob("**/generation.json"))) == 6  # the refused: status error
    retried = json.loads(next((tmp_path / "openai_gpt-4o").glob("**/sample0/generation.json"))
                         .read_text())
    assert retried["retries"] + json.loads(next((tmp_path / "openai_gpt-4o").glob(
        "**/sample1/generation.json")).read_text())["retries"] == 1
    # the key did reach the server, so it was really in use
    assert any(key in r.headers.get("authorization", "") + r.headers.get("x-api-key", "")
               for r in server.requests())
    texts = [out, err] + [p.read_text(errors="replace") for p in tmp_path.rglob("*")
                          if p.is_file()]
    for text in texts:
        for i in range(0, len(secret) - 8):
            assert secret[i:i + 8] not in text


def test_price_flags(server: fake.FakeLLM, capsys: pytest.CaptureFixture[str],
                     monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "k")
    code, _, err = cli(capsys, "generate", "--models", "openai/gpt-4o", *TASK,
                       "--price", "openai/gpt-4o=abc")
    assert code == 2 and "--price 'openai/gpt-4o=abc'" in err and len(err.splitlines()) == 1
    prices = tmp_path / "prices.json"
    prices.write_text(json.dumps({"openai/house-model": {"input": 1, "output": 2}}))
    code, _, err = cli(capsys, "generate", "--models", "openai/house-model-2025",
                       "openai/gpt-4o", *TASK, "--results-dir", str(tmp_path / "r"),
                       "--base-url", server.openai_url, "--prices", str(prices),
                       "--price", "openai/gpt-4o=1000,0")
    assert code == 0, err
    house = json.loads(next((tmp_path / "r" / "openai_house-model-2025").glob(
        "**/generation.json")).read_text())
    assert house["price"] == {"input_per_mtok": 1, "output_per_mtok": 2,
                              "source": str(prices)}
    gpt = json.loads(next((tmp_path / "r" / "openai_gpt-4o").glob("**/generation.json"))
                     .read_text())
    assert gpt["cost_usd"] == pytest.approx(gpt["usage"]["input_tokens"] * 1000 / 1e6)
    code, out, err = cli(capsys, "evaluate", "--results-dir", str(tmp_path / "r"), "--usage",
                         "--format", "json")
    assert code == 0, err
    usage = {row["model"]: row for row in json.loads(out)["usage"]}
    # models are named as generated, not by their folders
    assert usage["openai/gpt-4o"]["cost_usd"] == pytest.approx(gpt["cost_usd"])
    assert usage["openai/gpt-4o"]["samples"] == 1 and usage["openai/gpt-4o"]["input_tokens"] > 0
    code, out, _ = cli(capsys, "evaluate", "--results-dir", str(tmp_path / "r"), "--usage",
                       "--models", "openai/gpt-4o", "openai/house-model-2025")
    assert code == 0 and "usage per model:" in out and "openai/house-model-2025" in out


def _spawn(server: fake.FakeLLM, results: Path, *extra: str) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if k not in KEY_VARS + BASE_VARS}
    env["OPENAI_API_KEY"] = "k"
    return subprocess.Popen(
        [sys.executable, "-m", "baxbench.cli", "generate", "--models", "openai/gpt-4o", *TASK,
         "--results-dir", str(results), "--base-url", server.openai_url, *extra],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        preexec_fn=sigint_as_in_a_terminal)


def _wait_for_samples(results: Path, n: int, proc: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 30
    while len(list(results.glob("**/generation.json"))) < n:
        assert proc.poll() is None and time.monotonic() < deadline, proc.communicate()
        time.sleep(0.02)


def test_kill_9_loses_nothing_received(server: fake.FakeLLM, tmp_path: Path) -> None:
    server.latency = 0.15
    proc = _spawn(server, tmp_path, "--n-samples", "12", "--max-concurrency", "2")
    _wait_for_samples(tmp_path, 3, proc)
    proc.kill()
    proc.communicate()
    kept = list(tmp_path.glob("**/generation.json"))
    for path in kept:
        record = json.loads(path.read_text())  # whole, never half written
        assert record["status"] == "ok" and (path.parent / "code" / "app.py").is_file()
    asked = len(server.requests())
    server.latency = 0
    proc = _spawn(server, tmp_path, "--n-samples", "12", "--max-concurrency", "4")
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    assert len(list(tmp_path.glob("**/generation.json"))) == 12
    assert len(server.requests()) - asked == 12 - len(kept)  # only the missing were asked for


def test_ctrl_c_stops_at_once_and_keeps_what_arrived(server: fake.FakeLLM,
                                                     tmp_path: Path) -> None:
    server.script(fake.answer(), fake.answer())
    server.always(fake.slow(30))
    proc = _spawn(server, tmp_path, "--n-samples", "6", "--max-concurrency", "2")
    _wait_for_samples(tmp_path, 2, proc)
    time.sleep(0.2)  # the next requests are in flight, and slow
    proc.send_signal(signal.SIGINT)
    started = time.monotonic()
    _, err = proc.communicate(timeout=20)
    assert proc.returncode == 130 and time.monotonic() - started < 5, err
    assert "interrupted" in err and "Traceback" not in err
    assert len(list(tmp_path.glob("**/generation.json"))) == 2


def test_run_end_to_end_survives_a_429(server: fake.FakeLLM, monkeypatch: pytest.MonkeyPatch,
                                       capsys: pytest.CaptureFixture[str],
                                       tmp_path: Path) -> None:
    """The issue's acceptance run: the reference answer comes over HTTP after a 429, is parsed,
    built and tested in the sandbox, and the metrics print; the key is nowhere in the results."""
    key = "x" + uuid.uuid4().hex
    monkeypatch.setenv("OPENAI_API_KEY", key)
    server.script(fake.rate_limited(1))
    code, out, err = cli(capsys, "run", "--models", "openai/fake-model", "--base-url",
                         server.openai_url, *TASK, "--results-dir", str(tmp_path), "--usage")
    assert code == 0, err
    assert "retry in" in err and "HTTP 429" in err
    row = next(line for line in out.splitlines() if line.startswith("openai/fake-model  Login"))
    assert "100.0%  100.0%" in row  # pass@1 and sec_pass@1: the secure reference
    assert "usage per model:" in out
    assert all(key not in p.read_text(errors="replace") for p in tmp_path.rglob("*")
               if p.is_file())
    assert len(server.requests()) == 2


def test_a_model_whose_samples_all_failed_stays_in_the_table(
        server: fake.FakeLLM, capsys: pytest.CaptureFixture[str], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 18: invalid JSON from the provider, after retries, wrote nothing, and the model
    vanished from `run`'s results. Now each sample is recorded (status error) and counted."""
    monkeypatch.setenv("OPENAI_API_KEY", "x")
    server.always(fake.malformed(), model="broken")
    code, out, err = cli(capsys, "run", "--models", "openai/broken", *TASK, "--n-samples", "2",
                         "--max-attempts", "1", "--base-url", server.openai_url,
                         "--results-dir", str(tmp_path), "--format", "json")
    assert code == 1, err
    tasks = json.loads(out)["tasks"]
    assert [(t["model"], t["n_samples"], t["pass@1"]) for t in tasks] == [
        ("openai/broken", 2, 0.0)]
    for record in tmp_path.glob("**/generation.json"):
        assert json.loads(record.read_text())["status"] == "error"
    details = json.loads(next(tmp_path.glob("**/test_results.json")).read_text())
    assert details["problem"].startswith("generation error: gave up after 1 attempts: "
                                         "malformed response body: Expecting")
