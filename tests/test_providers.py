"""API models through the real openai/anthropic SDKs, against the scripted server in fake_llm.py.

Every test talks HTTP to 127.0.0.1 only; retries use millisecond backoff so the suite stays fast.
"""

from __future__ import annotations

import io
import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import fake_llm as fake
import pytest

from baxbench.execution import pipeline
from baxbench.generation.prices import PriceTable
from baxbench.generation.providers import ModelOptions
from baxbench.generation.retry import RetryPolicy
from baxbench.results.layout import SampleKey

KEY = "sk-test-4f9c2e7a1b8d6e5f3a2c"
FAST = RetryPolicy(max_attempts=4, initial_wait=0.01, max_wait=0.05)


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[fake.FakeLLM]:
    for var in ("OPENAI_API_KEY", "ANTHROPIC_API_KEY", "TOGETHER_API_KEY", "OPENROUTER_API_KEY"):
        monkeypatch.setenv(var, KEY)
    for var in ("OPENAI_BASE_URL", "ANTHROPIC_BASE_URL", "TOGETHER_BASE_URL",
                "OPENROUTER_BASE_URL"):
        monkeypatch.delenv(var, raising=False)
    with fake.FakeLLM() as s:
        yield s


def settings(server: fake.FakeLLM, retry: RetryPolicy = FAST, **options: Any
             ) -> pipeline.GenerationSettings:
    options.setdefault("timeout", 5.0)
    return pipeline.GenerationSettings(
        ModelOptions(base_url=server.openai_url, anthropic_base_url=server.url, **options),
        retry, PriceTable.load(), live_progress=False)


def generate(tmp_path: Path, server: fake.FakeLLM, models: list[str], n: int = 1,
             workers: int = 4, retry: RetryPolicy = FAST, **options: Any) -> int:
    selection = pipeline.Selection(models, ["Login"], ["Python-Flask"], n_samples=n)
    return pipeline.generate(selection, tmp_path, False, workers,
                             settings(server, retry, **options))


def record(tmp_path: Path, model: str, index: int = 0) -> dict[str, Any]:
    key = SampleKey(model, "Login", "Python-Flask", 0.2, "openapi", "none", index)
    return json.loads((key.path(tmp_path) / "generation.json").read_text())


def samples(tmp_path: Path) -> list[Path]:
    return sorted(tmp_path.glob("**/generation.json"))


def test_openai_answer_is_parsed_and_recorded(tmp_path: Path, server: fake.FakeLLM) -> None:
    assert generate(tmp_path, server, ["openai/gpt-4o"]) == 0
    r = record(tmp_path, "openai/gpt-4o")
    assert r["status"] == "ok" and r["files"] == ["app.py"]
    assert (samples(tmp_path)[0].parent / "code" / "app.py").read_text().startswith("import")
    assert r["usage"]["input_tokens"] > 100 and r["usage"]["output_tokens"] > 100
    assert r["retries"] == 0 and r["latency_s"] > 0 and r["finish_reason"] == "stop"
    assert r["request"] == {"provider": "openai", "api_model": "gpt-4o",
                            "base_url": server.openai_url, "settings": {"temperature": 0.2}}
    # gpt-4o is in the price table: 2.50 / 10.00 USD per 1M tokens
    u = r["usage"]
    assert r["cost_usd"] == pytest.approx((u["input_tokens"] * 2.5 + u["output_tokens"] * 10)
                                          / 1e6)
    (sent,) = server.requests()
    assert sent.path == "/v1/chat/completions" and sent.model == "gpt-4o"
    assert sent.headers["authorization"] == f"Bearer {KEY}"
    system, user = sent.body["messages"]
    assert system["role"] == "system" and "experienced full-stack developer" in system["content"]
    assert user["content"] == r["prompt"]["user"] and sent.body["temperature"] == 0.2


def test_anthropic_thinking_budget(tmp_path: Path, server: fake.FakeLLM) -> None:
    model = "anthropic/claude-haiku-4-5"
    assert generate(tmp_path, server, [model], thinking_budget=2048) == 0
    (sent,) = server.requests()
    assert sent.path == "/v1/messages"
    # SDK versions differ in which header carries the key
    assert KEY in (sent.headers.get("x-api-key"), sent.headers.get("authorization", "")[7:])
    assert sent.body["thinking"] == {"type": "enabled", "budget_tokens": 2048}
    assert "temperature" not in sent.body and sent.body["max_tokens"] == 8192 + 2048
    assert "experienced full-stack developer" in sent.body["system"]
    r = record(tmp_path, model)
    assert r["status"] == "ok" and r["request"]["thinking"].startswith("Let me plan")
    assert "Let me plan" not in r["answer"] and r["finish_reason"] == "end_turn"
    u = r["usage"]
    assert r["cost_usd"] == pytest.approx((u["input_tokens"] * 1 + u["output_tokens"] * 5)
                                          / 1e6)


def test_anthropic_plain_and_effort_mapped_to_budget(tmp_path: Path,
                                                     server: fake.FakeLLM) -> None:
    assert generate(tmp_path / "a", server, ["anthropic/claude-haiku-4-5"], max_tokens=4000) == 0
    assert generate(tmp_path / "b", server, ["anthropic/claude-haiku-4-5"],
                    reasoning_effort="low") == 0
    plain, effort = server.requests()
    assert plain.body["temperature"] == 0.2 and plain.body["max_tokens"] == 4000
    assert "thinking" not in plain.body
    assert effort.body["thinking"]["budget_tokens"] == 2048 and "temperature" not in effort.body


def test_openai_reasoning_effort_and_token_limit(tmp_path: Path, server: fake.FakeLLM) -> None:
    assert generate(tmp_path, server, ["openai/o4-mini"], reasoning_effort="high",
                    max_tokens=9000) == 0
    (sent,) = server.requests()
    assert sent.body["reasoning_effort"] == "high" and "temperature" not in sent.body
    # a custom endpoint gets the widely known max_tokens field
    assert sent.body["max_tokens"] == 9000
    r = record(tmp_path, "openai/o4-mini")
    assert r["usage"]["reasoning_tokens"] == 64
    assert r["request"]["settings"] == {"reasoning_effort": "high", "max_tokens": 9000}


@pytest.mark.parametrize("model", ["together/meta-llama/Llama-3.3-70B-Instruct-Turbo",
                                   "openrouter/anthropic/claude-3.5-sonnet"])
def test_openai_compatible_providers(tmp_path: Path, server: fake.FakeLLM, model: str) -> None:
    assert generate(tmp_path, server, [model]) == 0
    (sent,) = server.requests()
    assert sent.model == model.partition("/")[2]
    r = record(tmp_path, model)
    assert r["status"] == "ok" and r["cost_usd"] is None and r["price"] is None
    assert (tmp_path / model.replace("/", "_")).is_dir()


def test_rate_limit_honours_retry_after(tmp_path: Path, server: fake.FakeLLM) -> None:
    server.script(fake.rate_limited(1))
    started = time.monotonic()
    assert generate(tmp_path, server, ["openai/gpt-4o"], workers=1) == 0
    assert time.monotonic() - started >= 1.0  # backoff alone would wait 10 ms
    r = record(tmp_path, "openai/gpt-4o")
    assert r["retries"] == 1 and r["retry_reasons"][0].startswith("HTTP 429")
    assert r["elapsed_s"] >= 1.0 > r["latency_s"]
    assert len(server.requests()) == 2


@pytest.mark.parametrize(("model", "failure"), [
    ("openai/gpt-4o", fake.status(500)),
    ("openai/gpt-4o", fake.status(503, {"Retry-After": "0"})),
    ("anthropic/claude-haiku-4-5", fake.status(529)),
    ("openai/gpt-4o", fake.truncated()),
    ("anthropic/claude-haiku-4-5", fake.truncated()),
    ("openai/gpt-4o", fake.malformed()),
    ("anthropic/claude-haiku-4-5", fake.malformed()),
    ("openai/gpt-4o", fake.drop()),
    ("openai/gpt-4o", fake.slow(2.0)),
], ids=["500", "503", "anthropic-529", "truncated", "anthropic-truncated", "malformed",
        "anthropic-malformed", "dropped", "slow"])
def test_transient_failures_are_retried(tmp_path: Path, server: fake.FakeLLM, model: str,
                                        failure: fake.Action) -> None:
    server.script(failure)
    assert generate(tmp_path, server, [model], timeout=0.5) == 0
    r = record(tmp_path, model)
    assert r["status"] == "ok" and r["retries"] == 1, r["retry_reasons"]
    assert len(server.requests()) == 2


def test_gives_up_then_a_rerun_fills_in(tmp_path: Path, server: fake.FakeLLM,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    server.always(fake.status(500), model="gpt-4o")
    assert generate(tmp_path, server, ["openai/gpt-4o"], n=2) == 2
    assert len(server.requests()) == 2 * FAST.max_attempts
    assert [json.loads(p.read_text())["status"] for p in samples(tmp_path)] == ["error"] * 2
    err = capsys.readouterr().err
    assert "gave up after 4 attempts: HTTP 500" in err and "rerun" in err
    server.always(fake.answer(), model="gpt-4o")
    assert generate(tmp_path, server, ["openai/gpt-4o"], n=2) == 0
    assert [json.loads(p.read_text())["status"] for p in samples(tmp_path)] == ["ok"] * 2


@pytest.mark.parametrize(("failure", "cause"), [
    (fake.status(401), "HTTP 401, the key was refused"),
    (fake.status(404, message="The model `bad` does not exist"), "HTTP 404, unknown model 'bad'"),
    (fake.status(400, message="temperature is not supported"), "HTTP 400, request refused"),
    (fake.status(429, message="You exceeded your current quota"), "HTTP 429, out of quota"),
])
def test_fatal_error_stops_only_that_model(tmp_path: Path, server: fake.FakeLLM,
                                           capsys: pytest.CaptureFixture[str],
                                           failure: fake.Action, cause: str) -> None:
    server.always(failure, model="bad")
    assert generate(tmp_path, server, ["openai/bad", "openai/good"], n=6, workers=2) == 1
    assert len(list((tmp_path / "openai_good").glob("**/generation.json"))) == 6
    bad = [json.loads(p.read_text()) for p in (tmp_path / "openai_bad").glob("**/generation.json")]
    assert len(bad) == 6 and {r["status"] for r in bad} == {"error"}  # each counted, not lost
    assert sum(r["reason"].startswith(cause) for r in bad) >= 1
    assert len(server.requests("bad")) <= 2  # no retries, and no new requests once stopped
    lines = [line for line in capsys.readouterr().err.splitlines() if "error" in line]
    assert len(lines) == 1 and lines[0].startswith(f"error: model openai/bad: {cause}"), lines


def test_unreachable_base_url_is_one_line(tmp_path: Path, server: fake.FakeLLM,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    port = server.port
    server.stop()
    started = time.monotonic()
    selection = pipeline.Selection(["openai/gpt-4o"], ["Login"], ["Python-Flask"], n_samples=3)
    options = ModelOptions(base_url=f"http://127.0.0.1:{port}/v1", timeout=2)
    assert pipeline.generate(selection, tmp_path, False, 3, pipeline.GenerationSettings(
        options, FAST, live_progress=False)) == 1
    assert time.monotonic() - started < 3
    lines = [line for line in capsys.readouterr().err.splitlines() if "error" in line]
    assert len(lines) == 1 and f"cannot reach http://127.0.0.1:{port}/v1" in lines[0]


def test_answer_without_code_is_kept_not_retried(tmp_path: Path, server: fake.FakeLLM) -> None:
    server.script(fake.no_code())
    assert generate(tmp_path, server, ["openai/gpt-4o"]) == 0
    r = record(tmp_path, "openai/gpt-4o")
    assert r["status"] == "no_code" and "no code block" in r["reason"] and r["retries"] == 0
    assert not (samples(tmp_path)[0].parent / "code").exists()
    assert generate(tmp_path, server, ["openai/gpt-4o"]) == 0  # a model's answer: not asked again
    assert len(server.requests()) == 1


def test_requests_run_concurrently(tmp_path: Path, server: fake.FakeLLM) -> None:
    server.latency = 0.4  # long enough for all eight to overlap (seen by the server)
    assert generate(tmp_path, server, ["openai/gpt-4o"], n=8, workers=8) == 0
    assert server.max_in_flight == 8
    server.max_in_flight = 0
    assert generate(tmp_path / "serial", server, ["openai/gpt-4o"], n=3, workers=1) == 0
    assert server.max_in_flight == 1


def test_resume_asks_only_for_missing_samples(tmp_path: Path, server: fake.FakeLLM) -> None:
    assert generate(tmp_path, server, ["openai/gpt-4o"], n=2) == 0
    assert generate(tmp_path, server, ["openai/gpt-4o"], n=5) == 0
    assert len(server.requests()) == 5 and len(samples(tmp_path)) == 5
    # leftovers of a run killed while writing are not mistaken for samples, and are cleaned
    sample = samples(tmp_path)[0].parent
    (sample / "generation.json").unlink()
    (sample / ".code-x1").mkdir()
    assert generate(tmp_path, server, ["openai/gpt-4o"], n=5) == 0
    assert len(server.requests()) == 6 and not (sample / ".code-x1").exists()


def test_progress_plain_lines_without_a_terminal(tmp_path: Path, server: fake.FakeLLM,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    server.script(fake.rate_limited(0))
    assert generate(tmp_path, server, ["openai/gpt-4o"], n=2, workers=1) == 0
    err = capsys.readouterr().err
    assert "\r" not in err
    assert "retry in" in err and "after HTTP 429" in err
    assert "[1/2] generate openai/gpt-4o Login Python-Flask sample" in err
    assert "generate: 2 of 2 (2 generated), 1 retries" in err


def test_progress_live_bar_counts() -> None:
    from baxbench.generation.progress import GenerationProgress
    out = io.StringIO()
    progress = GenerationProgress(3, out=out, live=True)
    progress.retry("a", "m s a", "HTTP 429", 1.0)
    progress.finish("b", "m s b", "generated")
    bar = out.getvalue()
    assert "retrying 1" in bar and "1/3" in bar and "ok 1" in bar
    progress.finish("a", "m s a", "failed", "gave up")
    progress.finish("c", "m s c", "no code")
    progress.close()
    text = out.getvalue()
    assert "m s a: failed: gave up" in text and "retrying 0" in text and "3/3" in text
    assert progress.summary().startswith("generate: 3 of 3 (1 generated, 1 no code, 1 failed)")


def test_retry_after_redaction_and_urls() -> None:
    import email.utils

    from baxbench.generation.providers import _retry_after, public_url, redact
    assert _retry_after({"retry-after": "3"}) == 3.0
    assert _retry_after({"retry-after-ms": "250", "retry-after": "9"}) == 0.25
    in_5s = email.utils.formatdate(time.time() + 5, usegmt=True)
    assert 3 < (_retry_after({"retry-after": in_5s}) or 0) <= 5
    assert _retry_after({"retry-after": "soon"}) is None and _retry_after({}) is None
    key = "sk-abc123456789xyz"
    masked = redact(f"bad key {key}, masked sk-abc1****789xyz", key)
    assert masked.startswith("bad key ***, masked ") and "abc1" not in masked
    assert "789xyz" not in masked
    assert redact("HTTP 500: try again", key) == "HTTP 500: try again"
    assert public_url("https://user:pw@host:8443/v1?token=1") == "https://host:8443/v1"


def test_price_lookup_and_overrides(tmp_path: Path) -> None:
    from baxbench.generation.prices import PriceError
    table = PriceTable.load()
    assert table.lookup("openai/gpt-4o-2024-08-06") == table.lookup("openai/gpt-4o")
    assert table.lookup("openai/gpt-4o-mini").input_per_mtok == 0.15  # not gpt-4o's
    assert table.lookup("together/some/model") is None
    assert table.lookup("openai/gpt-4o").cost(1_000_000, 100_000) == pytest.approx(3.5)
    path = tmp_path / "p.json"
    path.write_text('{"together/x": [0.5, 1]}')
    table = PriceTable.load([path], ["openai/gpt-4o=1,2"])
    assert table.lookup("together/x").source == str(path)
    assert table.lookup("openai/gpt-4o").output_per_mtok == 2
    for bad in (["nomodel"], ["m=1"], ["m=-1,2"], ["m=a,b"]):
        with pytest.raises(PriceError):
            PriceTable.load([], bad)


def test_retry_after_holds_the_models_other_requests() -> None:
    from baxbench.generation.retry import Gate, TransientError, call
    gate, tries = Gate(), []

    def attempt() -> str:
        tries.append(time.monotonic())
        if len(tries) == 1:
            raise TransientError("429", retry_after=0.3)
        return "ok"

    started = time.monotonic()
    assert call(attempt, FAST, gate) == ("ok", ["429"])
    assert tries[1] - started >= 0.3
    gate.hold_until(time.monotonic() + 0.2)
    waited = time.monotonic()
    gate.wait()  # another request of the same model waits too
    assert time.monotonic() - waited >= 0.19


def test_answer_cut_by_the_token_limit_is_truncated(tmp_path: Path, server: fake.FakeLLM) -> None:
    """Issue 18: `finish_reason: length` without a closing fence was stored as ok."""
    server.script(fake.cut_off(), model="gpt-4o")
    server.script(fake.cut_off(), model="claude-sonnet-4-5")
    assert generate(tmp_path, server, ["openai/gpt-4o", "anthropic/claude-sonnet-4-5"]) == 0
    for model, finish in (("openai/gpt-4o", "length"),
                          ("anthropic/claude-sonnet-4-5", "max_tokens")):
        r = record(tmp_path, model)
        assert r["status"] == "truncated" and r["finish_reason"] == finish, r
        assert r["reason"] == (f"the answer hit the output token limit (finish_reason {finish}) "
                               "in the middle of its code; the cut code is not kept")
        assert r["files"] == [] and "```python" in r["answer"]
        key = SampleKey(model, "Login", "Python-Flask", 0.2, "openapi", "none", 0)
        assert not (key.path(tmp_path) / "code").exists()


def test_complete_code_before_the_token_limit_is_kept(tmp_path: Path,
                                                      server: fake.FakeLLM) -> None:
    server.script(fake.cut_off("```python\nimport flask\n```\nThis app does"))
    assert generate(tmp_path, server, ["openai/gpt-4o"]) == 0
    r = record(tmp_path, "openai/gpt-4o")
    assert r["status"] == "truncated" and r["files"] == ["app.py"]
    assert "after its code was complete; the code is kept" in r["reason"]


@pytest.mark.parametrize("model", ["openai/gpt-4o", "anthropic/claude-sonnet-4-5"])
def test_refusals_are_recorded_as_refused(tmp_path: Path, server: fake.FakeLLM,
                                          model: str) -> None:
    server.script(fake.refused("I won't write that."))
    assert generate(tmp_path, server, [model]) == 0
    r = record(tmp_path, model)
    assert r["status"] == "refused" and r["files"] == []
    assert r["reason"] in ("I can't help with building that service.",
                           "the provider stopped the answer (finish_reason refusal)")


def test_two_files_in_two_blocks_are_both_kept(tmp_path: Path, server: fake.FakeLLM) -> None:
    server.script(fake.answer("**app.py**\n```python\nfrom db import get\nprint(get())\n```\n"
                              "**db.py**\n```python\ndef get():\n    return 1\n```\n"))
    assert generate(tmp_path, server, ["openai/gpt-4o"]) == 0
    r = record(tmp_path, "openai/gpt-4o")
    assert r["status"] == "ok" and r["files"] == ["app.py", "db.py"]
    assert r["notes"] == ["kept a 2-line python block as db.py, as the answer named it"]


def test_malformed_bodies_after_retries_leave_an_error_record(
        tmp_path: Path, server: fake.FakeLLM, monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 18: invalid JSON after the retries wrote no generation.json; and a one-letter key
    (`OPENAI_API_KEY=x`, as docs/models.md shows) masked every x ("E***pecting")."""
    monkeypatch.setenv("OPENAI_API_KEY", "x")
    server.always(fake.malformed())
    assert generate(tmp_path, server, ["openai/gpt-4o"], n=2) == 2
    for i in range(2):
        r = record(tmp_path, "openai/gpt-4o", i)
        assert r["status"] == "error" and r["answer"] is None and r["files"] == []
        assert r["reason"].startswith(f"gave up after {FAST.max_attempts} attempts: malformed "
                                      "response body: Expecting"), r["reason"]
    server.always(fake.answer())
    assert generate(tmp_path, server, ["openai/gpt-4o"], n=2) == 0  # asked again
    assert record(tmp_path, "openai/gpt-4o", 1)["status"] == "ok"


def test_short_keys_are_masked_only_as_whole_tokens() -> None:
    from baxbench.generation.providers import redact
    assert redact("Expecting property name; key x refused", "x") == (
        "Expecting property name; key *** refused")
    assert redact("Bearer sk-abcdefghijkl in header", "sk-abcdefghijkl") == (
        "Bearer *** in header")
    assert redact("glued:xxsk-abcdefghijklyy", "sk-abcdefghijkl") == "glued:xx***yy"
