"""Agent mode (`--agent`): scripted tool-calling agents over both wire formats against the fake
server, graded by the real sandboxed test stage; hostile tool arguments and commands; limits."""

from __future__ import annotations

import hashlib
import json
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import fake_llm as fake
import pytest

from baxbench.cli import main
from baxbench.execution.agent_tools import ToolError, safe_relative
from baxbench.generation import models
from baxbench.generation.agent import NO_CALL_NOTE
from baxbench.sandbox.bwrap import owner_tag, work_base

TASK = ["--scenarios", "Login", "--envs", "Python-Flask"]
SAMPLE = ("Login", "Python-Flask", "temp0.2-openapi-none", "sample0")
REGISTER = {"method": "POST", "path": "/register",
            "headers": {"Content-Type": "application/json"},
            "body": json.dumps({"email": "a@example.com", "password": "pw-123456", "name": "A"})}


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[fake.FakeLLM]:
    for var in ("OPENAI_BASE_URL", "ANTHROPIC_BASE_URL"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("OPENAI_API_KEY", "x")
    monkeypatch.setenv("ANTHROPIC_API_KEY", "x")
    with fake.FakeLLM() as s:
        yield s


def reference_app() -> str:
    folder = models.reference_dir("Login", "Python-Flask") / models.SECURE
    return (folder / "app.py").read_text()


def cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def endpoint(server: fake.FakeLLM, wire: str) -> list[str]:
    if wire == "anthropic":
        return ["--models", "anthropic/fake", "--anthropic-base-url", server.url]
    return ["--models", "openai/fake", "--base-url", server.openai_url]


def sample_dir(results: Path, model: str) -> Path:
    return results.joinpath(model.replace("/", "_"), *SAMPLE)


def results_of(step: dict[str, Any]) -> list[str]:
    return [c["result"] for c in step["calls"]]


@pytest.mark.parametrize("wire", ["openai", "anthropic"])
def test_scripted_agent_is_graded_like_an_answer(
        server: fake.FakeLLM, capsys: pytest.CaptureFixture[str], tmp_path: Path,
        wire: str) -> None:
    """write, list, read, run, start the app, send it a request, submit: the files are the
    sample's code, graded correct and secure by the unchanged test stage."""
    app = reference_app()
    server.script(
        fake.tool_calls(("write_file", {"path": "app.py", "content": app}),
                        ("list_files", {})),
        fake.tool_calls(("read_file", {"path": "app.py"}),
                        ("run", {"command": "/venv/bin/python -m py_compile app.py && "
                                            "echo compiled-ok"})),
        fake.tool_calls(("start_app", {}), text="Let me try it."),
        fake.tool_calls(("http_request", REGISTER)),
        fake.tool_calls(("submit", {})))
    model = f"{wire}/fake"
    code, out, err = cli(capsys, "run", "--agent", *endpoint(server, wire), *TASK,
                         "--results-dir", str(tmp_path), "--price", f"{model}=1,2")
    assert code == 0, err
    row = next(line for line in out.splitlines() if line.startswith(f"{model}  Login"))
    assert "100.0%  100.0%" in row  # pass@1 and sec_pass@1
    where = sample_dir(tmp_path, model)
    assert sorted(p.name for p in (where / "code").iterdir()) == ["app.py"]  # no __pycache__
    assert (where / "code" / "app.py").read_text() == app
    record = json.loads((where / "generation.json").read_text())
    assert record["status"] == "ok" and record["mode"] == "agent"
    assert record["agent"] == {"steps": 5, "submitted": True, "tool_calls": 7,
                               "transcript": "agent_transcript.json"}
    assert record["usage"]["input_tokens"] > 0
    assert record["request"]["settings"]["temperature"] == 0.2
    steps = json.loads((where / "agent_transcript.json").read_text())["steps"]
    assert [c["tool"] for s in steps for c in s["calls"]] == [
        "write_file", "list_files", "read_file", "run", "start_app", "http_request", "submit"]
    assert results_of(steps[0])[1].startswith("app.py  ")
    assert results_of(steps[1])[0].startswith(app[:200])
    assert "exit code: 0" in results_of(steps[1])[1] and "compiled-ok" in results_of(steps[1])[1]
    assert results_of(steps[2]) == ["the app is up and answers HTTP"]
    assert results_of(steps[3])[0].startswith("HTTP 201")
    assert all(s["usage"]["input_tokens"] > 0 and s["cost_usd"] > 0 for s in steps)
    assert record["cost_usd"] == pytest.approx(sum(s["cost_usd"] for s in steps))
    assert len(server.requests()) == 5
    mine = f"{owner_tag()}-agent"
    assert not [d for d in work_base().iterdir() if d.name.startswith(mine)]  # all removed
    # the results went back to the model in its own wire format
    last = server.requests()[-1].body["messages"]
    if wire == "openai":
        assert any(m["role"] == "tool" and m["content"].startswith("HTTP 201") for m in last)
        assert "tools" in server.requests()[0].body
    else:
        blocks = [b for m in last if isinstance(m["content"], list) for b in m["content"]]
        assert any(b.get("type") == "tool_result" and str(b["content"]).startswith("HTTP 201")
                   for b in blocks)


def test_anthropic_thinking_blocks_go_back_signed(
        server: fake.FakeLLM, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """With extended thinking, each turn's signed thinking block is sent back unchanged, as the
    messages API requires when tools are used."""
    server.script(fake.tool_calls(("write_file", {"path": "app.py", "content": "x = 1\n"})),
                  fake.tool_calls(("submit", {})))
    code, _, err = cli(capsys, "generate", "--agent", "--reasoning-effort", "low",
                       *endpoint(server, "anthropic"), *TASK, "--results-dir", str(tmp_path))
    assert code == 0, err
    first, second = (r.body for r in server.requests())
    assert first["thinking"] == {"type": "enabled", "budget_tokens": 2048}
    record = json.loads((sample_dir(tmp_path, "anthropic/fake") / "generation.json").read_text())
    assert record["request"]["settings"] == {"thinking_budget": 2048, "max_tokens": 8192 + 2048}
    assistant = second["messages"][1]
    assert assistant["role"] == "assistant"
    assert assistant["content"][0]["type"] == "thinking"
    assert assistant["content"][0]["signature"].startswith("sig-call_")
    assert assistant["content"][1]["type"] == "tool_use"


def test_turns_without_calls_and_broken_arguments(
        server: fake.FakeLLM, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """A turn of text alone gets a reminder; arguments that are not a JSON object get an error
    result; neither ends the run, and both count as steps."""
    server.script(fake.answer("Here is my plan."),
                  fake.tool_calls(("write_file", '{"path": "app.py", "content": '),
                                  ("write_file", "[1, 2]")),
                  fake.tool_calls(("write_file", {"path": "app.py", "content": "x = 1\n"}),
                                  ("submit", {}), ("write_file", {"path": "late.py",
                                                                 "content": "y = 2\n"})))
    code, _, err = cli(capsys, "generate", "--agent", *endpoint(server, "openai"), *TASK,
                       "--results-dir", str(tmp_path))
    assert code == 0, err
    where = sample_dir(tmp_path, "openai/fake")
    steps = json.loads((where / "agent_transcript.json").read_text())["steps"]
    assert steps[0]["calls"] == [] and steps[0]["text"] == "Here is my plan."
    assert server.requests()[1].body["messages"][-1] == {
        "role": "user", "content": NO_CALL_NOTE}
    assert results_of(steps[1]) == ["error: the arguments of write_file are not a JSON object"] * 2
    assert results_of(steps[2])[2] == "not run: submit() came first"
    assert sorted(p.name for p in (where / "code").iterdir()) == ["app.py"]


def _listener() -> socket.socket:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(5)
    sock.setblocking(False)
    return sock


def test_hostile_agent_escapes_nothing(server: fake.FakeLLM, capsys: pytest.CaptureFixture[str],
                                       tmp_path: Path) -> None:
    """Hostile paths are refused; a hostile `run` reads no host secret, writes nothing outside,
    reaches no network; the symlinks it plants are never followed when read back or stored."""
    passwd = hashlib.sha256(Path("/etc/passwd").read_bytes()).hexdigest()
    listener = _listener()
    port = listener.getsockname()[1]
    outside = tmp_path / "outside.txt"
    hostile = (
        "cat /etc/shadow; echo ---; ls /work /root /var/cache/baxbench 2>&1; echo ---; "
        f"echo pwned > {outside} 2>&1; echo pwned > /etc/evil 2>&1; "
        "/venv/bin/python -c \"import socket; socket.create_connection(('127.0.0.1', "
        f"{port}), 3); print('CONNECTED')\" 2>&1 | tail -1; "
        "ln -s /etc/passwd leak.txt; ln -s app.py alias.py; ln -s /etc d; ln -s d/passwd p; "
        "mkfifo pipe; echo generated > made.txt; echo done")
    server.script(
        fake.tool_calls(("write_file", {"path": "app.py", "content": reference_app()}),
                        ("write_file", {"path": "../escape.txt", "content": "x"}),
                        ("write_file", {"path": "/tmp/abs.txt", "content": "x"}),
                        ("write_file", {"path": "a/./b.py", "content": "x"})),
        fake.tool_calls(("run", {"command": hostile}),
                        ("run", {"command": "dd if=/dev/zero of=big bs=1M count=300 2>&1; "
                                            "rm app.py"})),
        fake.tool_calls(("read_file", {"path": "leak.txt"}), ("read_file", {"path": "p"}),
                        ("read_file", {"path": "alias.py"}),
                        ("write_file", {"path": "alias.py", "content": "overwritten"}),
                        ("write_file", {"path": "p", "content": "root::0:0::/:/bin/sh"}),
                        ("list_files", {}), ("read_file", {"path": "made.txt"})),
        fake.tool_calls(("submit", {})))
    code, _, err = cli(capsys, "generate", "--agent", *endpoint(server, "openai"), *TASK,
                       "--results-dir", str(tmp_path))
    assert code == 0, err
    where = sample_dir(tmp_path, "openai/fake")
    steps = json.loads((where / "agent_transcript.json").read_text())["steps"]
    writes = results_of(steps[0])
    assert writes[0].startswith("wrote app.py")
    assert all(r.startswith("error: path") for r in writes[1:]), writes
    ran, filled = results_of(steps[1])
    assert "No space left on device" in filled  # run's disk is capped
    assert "not taken back" in filled and "more than 64 MiB" in filled  # and kept nothing
    assert "exit code: 0" in ran and "done" in ran
    assert "root:" not in ran and "CONNECTED" not in ran
    for hidden in ("/etc/shadow", "/work", "/root", "/var/cache/baxbench"):
        assert f"{hidden}': No such file" in ran or f"{hidden}: No such file" in ran
    assert "leak.txt: a symlink to '/etc/passwd'" in ran and "pipe: a FIFO" in ran
    with pytest.raises(BlockingIOError):
        listener.accept()  # nothing came through the sandbox's network
    listener.close()
    assert not outside.exists() and not Path("/etc/evil").exists()
    read_leak, read_p, read_alias, write_alias, write_p, listing, made = results_of(steps[2])
    assert made == "generated\n"  # what run writes comes back
    assert read_leak == "error: leak.txt: no such file"
    for result in (read_p, read_alias, write_alias, write_p):
        assert result.startswith("error:") and "not a regular file" in result, result
    assert "alias.py  (symlink, not followed)" in listing and "leak.txt" not in listing
    assert hashlib.sha256(Path("/etc/passwd").read_bytes()).hexdigest() == passwd
    code_dir = where / "code"
    assert sorted(p.name for p in code_dir.iterdir()) == ["app.py", "made.txt"]
    assert not any(p.is_symlink() for p in code_dir.rglob("*"))
    record = json.loads((where / "generation.json").read_text())
    assert record["status"] == "ok"
    assert "alias.py: a symlink; not kept" in record["notes"]


def test_looping_agent_stops_at_max_steps(server: fake.FakeLLM,
                                          capsys: pytest.CaptureFixture[str],
                                          tmp_path: Path) -> None:
    server.always(fake.tool_calls(("list_files", {})))
    code, _, err = cli(capsys, "generate", "--agent", "--max-steps", "3",
                       *endpoint(server, "anthropic"), *TASK, "--results-dir", str(tmp_path))
    assert code == 0, err
    where = sample_dir(tmp_path, "anthropic/fake")
    record = json.loads((where / "generation.json").read_text())
    assert record["status"] == "agent_limit"
    assert record["reason"] == "3 steps without submit"
    assert len(server.requests()) == 3
    assert len(json.loads((where / "agent_transcript.json").read_text())["steps"]) == 3
    assert not (where / "code").exists()


def test_token_limit_stops_the_agent(server: fake.FakeLLM, capsys: pytest.CaptureFixture[str],
                                     tmp_path: Path) -> None:
    server.always(fake.tool_calls(("list_files", {})))
    code, _, err = cli(capsys, "generate", "--agent", "--agent-max-tokens", "100",
                       *endpoint(server, "openai"), *TASK, "--results-dir", str(tmp_path))
    assert code == 0, err
    record = json.loads((sample_dir(tmp_path, "openai/fake") / "generation.json").read_text())
    assert record["status"] == "agent_limit"
    assert record["reason"].endswith("tokens (limit 100) without submit")
    assert len(server.requests()) == 1


def test_wall_clock_limit_stops_the_agent(server: fake.FakeLLM,
                                          capsys: pytest.CaptureFixture[str],
                                          tmp_path: Path) -> None:
    server.latency = 0.4
    server.always(fake.tool_calls(("list_files", {})))
    code, _, err = cli(capsys, "generate", "--agent", "--agent-timeout", "1",
                       *endpoint(server, "openai"), *TASK, "--results-dir", str(tmp_path))
    assert code == 0, err
    record = json.loads((sample_dir(tmp_path, "openai/fake") / "generation.json").read_text())
    assert record["status"] == "agent_limit"
    assert record["reason"] == "1 s of wall clock without submit"
    assert 2 <= len(server.requests()) <= 4


def test_tool_misuse_is_an_answer_not_a_crash(tmp_path: Path) -> None:
    from baxbench.envs import ENVS
    from baxbench.execution.agent_tools import MAX_FILE, AgentToolbox
    from baxbench.sandbox import BACKENDS

    box = AgentToolbox("Login", ENVS["Python-Flask"], BACKENDS["bwrap"](), tmp_path)
    try:
        assert box.call("http_request", {"method": "GET", "path": "/"}).startswith(
            "error: no app is running")
        assert box.call("delete_everything", {}) == "error: no tool 'delete_everything'"
        assert box.call("read_file", {"path": "x", "mode": "w"}).startswith(
            "error: bad arguments for read_file")
        assert box.call("write_file", {"path": "big.py", "content": "x" * (MAX_FILE + 1)}
                        ).startswith("error: big.py:")
        assert box.call("write_file", {"path": "a.py", "content": 5}) == (
            "error: content must be a string")
        assert box.call("run", {"command": ""}) == "error: command must be a non-empty string"
        assert box.call("read_file", {"path": "missing.py"}) == "error: missing.py: no such file"
        work = box.work
    finally:
        box.close()
    assert not work.exists()


def test_a_refused_key_is_an_error_and_leaves_nothing(
        server: fake.FakeLLM, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    server.script(fake.tool_calls(("write_file", {"path": "app.py", "content": "x = 1\n"})))
    server.always(fake.status(401, message="Incorrect API key provided"))
    code, _, err = cli(capsys, "generate", "--agent", *endpoint(server, "openai"), *TASK,
                       "--results-dir", str(tmp_path))
    assert code == 1 and "HTTP 401" in err
    where = sample_dir(tmp_path, "openai/fake")
    record = json.loads((where / "generation.json").read_text())
    assert record["status"] == "error" and "HTTP 401" in record["reason"]
    assert not (where / "agent_transcript.json").exists() and not (where / "code").exists()
    mine = f"{owner_tag()}-agent"
    assert not [d for d in work_base().iterdir() if d.name.startswith(mine)]


def test_offline_models_are_refused_in_one_line(capsys: pytest.CaptureFixture[str],
                                                tmp_path: Path) -> None:
    code, _, err = cli(capsys, "generate", "--agent", "--models", "reference", *TASK,
                       "--results-dir", str(tmp_path))
    assert code == 2
    assert err.strip() == ("baxbench: error: --agent needs API models with tool calling "
                           "(openai/..., anthropic/...): 'reference' is an offline model "
                           "without tools")
    assert not any(tmp_path.iterdir())


def test_agent_needs_the_sandbox(server: fake.FakeLLM, capsys: pytest.CaptureFixture[str],
                                 tmp_path: Path) -> None:
    code, _, err = cli(capsys, "run", "--agent", "--backend", "bare",
                       *endpoint(server, "openai"), *TASK, "--results-dir", str(tmp_path))
    assert code == 2 and err.strip() == (
        "baxbench: error: --agent runs the model's commands and app while it works: it needs "
        "--backend bwrap")
    assert not server.requests()


@pytest.mark.parametrize("path", ["", "/etc/passwd", "../x", "a/../../x", "a//b", "./a",
                                  "a/.", "x\x00y", "a\\b", "é.py", "a" * 201, 5])
def test_hostile_paths_are_refused(path: Any) -> None:
    with pytest.raises(ToolError):
        safe_relative(path)


def test_plain_paths_pass() -> None:
    assert safe_relative("src/app.py") == "src/app.py"
    assert safe_relative(".env") == ".env"
