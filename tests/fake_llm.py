"""A scripted stand-in for LLM APIs on 127.0.0.1, speaking two wire formats on one port:

    POST /v1/chat/completions   OpenAI chat completions (also what vLLM, Ollama, LM Studio speak)
    POST /v1/messages           Anthropic messages

Each request takes the next scripted action (per model first, then for any model); with none
left it gets the default, a good answer. Actions: `answer(text)`, `no_code()`, `status(code,
headers)`, `rate_limited(retry_after)`, `slow(seconds, then)`, `truncated()`, `malformed()`,
`drop()`, `cut_off(text)`, `refused()`, `tool_calls((name, arguments), ...)`. Every request
is recorded (path, headers, JSON body) for tests to inspect.

The default answer is the secure reference app of the task the prompt asks for, so a whole
`baxbench run` works against this server. For manual use:

    python tests/fake_llm.py --port 8765 [--latency 0.5] [--rate-limit-first]
    OPENAI_API_KEY=x baxbench run --models openai/fake --base-url http://127.0.0.1:8765/v1 ...
"""

from __future__ import annotations

import argparse
import json
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass(frozen=True)
class Action:
    kind: str
    text: str | None = None
    code: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0
    then: Action | None = None
    finish: str | None = None  # finish_reason / stop_reason; None: a normal end
    calls: tuple[tuple[str, Any], ...] = ()  # tool calls: (name, arguments)


def cut_off(text: str | None = None) -> Action:
    """A 200 answer stopped by the output token limit: `text` (default: the first half of the
    reference app, its fence never closed) with finish_reason length / stop_reason max_tokens."""
    return Action("answer", text, finish="limit")


def refused(text: str = "") -> Action:
    """A 200 answer the provider flagged as a refusal (OpenAI `refusal`, Anthropic stop_reason
    refusal)."""
    return Action("answer", text, finish="refusal")


def answer(text: str | None = None) -> Action:
    """A good 200 answer; `text` None: the reference app for the prompt's task."""
    return Action("answer", text)


def tool_calls(*calls: tuple[str, dict[str, Any] | str], text: str = "") -> Action:
    """A 200 turn that calls tools natively (OpenAI `tool_calls`, Anthropic `tool_use`
    blocks), each given as (name, arguments); OpenAI arguments given as a string are sent
    as they are (to send broken JSON)."""
    return Action("tools", text, calls=tuple(calls))


def no_code() -> Action:
    return Action("answer", "I am sorry, but I cannot write that service for you.")


def status(code: int, headers: dict[str, str] | None = None, message: str = "") -> Action:
    return Action("status", message or f"scripted HTTP {code}", code, headers or {})


def rate_limited(retry_after: float | None = 1) -> Action:
    headers = {} if retry_after is None else {"Retry-After": f"{retry_after:g}"}
    return status(429, headers, "Rate limit reached, slow down.")


def slow(seconds: float, then: Action | None = None) -> Action:
    return Action("slow", seconds=seconds, then=then or answer())


def truncated() -> Action:
    """Headers promise more body than is sent, then the connection closes."""
    return Action("truncated")


def malformed() -> Action:
    """A 200 whose body is not the JSON the format promises."""
    return Action("malformed")


def drop() -> Action:
    """Close the connection without any response."""
    return Action("drop")


@dataclass
class Received:
    path: str
    headers: dict[str, str]  # names in lower case
    body: dict[str, Any]

    @property
    def model(self) -> str:
        return str(self.body.get("model", ""))


def reference_answer(prompt: str) -> str:
    """The secure reference app of the scenario and env the prompt names, answered like an LLM;
    a plain note when none matches."""
    from baxbench.envs import ENVS
    from baxbench.generation import models
    from baxbench.scenarios import SCENARIOS

    for scenario_id, scenario in SCENARIOS.items():
        if scenario.openapi.strip() not in prompt and scenario.text_spec.strip() not in prompt:
            continue
        for env in ENVS.values():
            if f"using the {env.framework} framework ({env.language})" not in prompt:
                continue
            folder = models.reference_dir(scenario_id, env.id) / models.SECURE
            if folder.is_dir():
                return models.format_like_llm(models._code_files(folder), env)
    return "```python\nprint('no reference for this prompt')\n```\n"


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256  # the default backlog of 5 drops bursts of connections


class FakeLLM:
    """Start with `with FakeLLM() as server:`; `server.url` is the base for Anthropic,
    `server.openai_url` (ending in /v1) the base for OpenAI-compatible clients."""

    def __init__(self, port: int = 0, latency: float = 0.0,
                 default: Callable[[str], str] = reference_answer) -> None:
        self.latency, self.default = latency, default
        self.received: list[Received] = []
        self.in_flight = self.max_in_flight = 0
        self._queues: dict[str | None, deque[Action]] = {}
        self._always: dict[str | None, Action] = {}
        self._lock = threading.Lock()
        self._httpd = _Server(("127.0.0.1", port), _handler(self))
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    @property
    def port(self) -> int:
        return self._httpd.server_address[1]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def openai_url(self) -> str:
        return self.url + "/v1"

    def script(self, *actions: Action, model: str | None = None) -> None:
        """Queue actions for the next requests (of `model`, or of any model)."""
        with self._lock:
            self._queues.setdefault(model, deque()).extend(actions)

    def always(self, action: Action, model: str | None = None) -> None:
        """Answer every request (of `model`) with `action` once the queues are empty."""
        with self._lock:
            self._always[model] = action

    def requests(self, model: str | None = None) -> list[Received]:
        with self._lock:
            return [r for r in self.received if model is None or r.model == model]

    def _next(self, model: str) -> Action:
        with self._lock:
            for key in (model, None):
                if self._queues.get(key):
                    return self._queues[key].popleft()
            return self._always.get(model) or self._always.get(None) or answer()

    def start(self) -> FakeLLM:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def __enter__(self) -> FakeLLM:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _tokens(text: str) -> int:
    return max(1, len(text) // 4)


def _openai_body(model: str, text: str, prompt: str, reasoning: bool,
                 finish: str | None = None) -> dict[str, Any]:
    completion = _tokens(text) + (64 if reasoning else 0)
    message: dict[str, Any] = {"role": "assistant", "content": text}
    if finish == "refusal":
        message = {"role": "assistant", "content": None,
                   "refusal": "I can't help with building that service."}
    return {
        "id": "chatcmpl-fake", "object": "chat.completion", "created": int(time.time()),
        "model": model,
        "choices": [{"index": 0, "finish_reason": {"limit": "length"}.get(finish or "", "stop"),
                     "message": message}],
        "usage": {"prompt_tokens": _tokens(prompt), "completion_tokens": completion,
                  "total_tokens": _tokens(prompt) + completion,
                  "completion_tokens_details": {"reasoning_tokens": 64 if reasoning else 0}},
    }


def _anthropic_body(model: str, text: str, prompt: str, thinking: bool,
                    finish: str | None = None) -> dict[str, Any]:
    content: list[dict[str, Any]] = []
    if thinking:
        content.append({"type": "thinking", "thinking": "Let me plan the routes first.",
                        "signature": "fake-signature"})
    content.append({"type": "text", "text": text})
    return {"id": "msg_fake", "type": "message", "role": "assistant", "model": model,
            "content": content, "stop_sequence": None,
            "stop_reason": {"limit": "max_tokens", "refusal": "refusal"}.get(finish or "",
                                                                             "end_turn"),
            "usage": {"input_tokens": _tokens(prompt),
                      "output_tokens": _tokens(text) + (64 if thinking else 0)}}


def _tools_body(anthropic: bool, model: str, action: Action, prompt: str,
                thinking: bool = False) -> dict[str, Any]:
    """A turn of tool calls in either wire format; ids are unique per call. With Anthropic
    thinking on, the turn starts with a signed thinking block."""
    ids = [f"call_{time.monotonic_ns()}_{i}" for i in range(len(action.calls))]
    text = action.text or ""
    if anthropic:
        content: list[dict[str, Any]] = []
        if thinking:
            content.append({"type": "thinking", "thinking": "Which tool next?",
                            "signature": f"sig-{ids[0] if ids else 'none'}"})
        content += [{"type": "text", "text": text}] if text else []
        content += [{"type": "tool_use", "id": i, "name": name, "input": args}
                    for i, (name, args) in zip(ids, action.calls, strict=True)]
        return {"id": "msg_fake", "type": "message", "role": "assistant", "model": model,
                "content": content, "stop_sequence": None, "stop_reason": "tool_use",
                "usage": {"input_tokens": _tokens(prompt), "output_tokens": 20}}
    calls = [{"id": i, "type": "function",
              "function": {"name": name,
                           "arguments": args if isinstance(args, str) else json.dumps(args)}}
             for i, (name, args) in zip(ids, action.calls, strict=True)]
    return {"id": "chatcmpl-fake", "object": "chat.completion", "created": int(time.time()),
            "model": model,
            "choices": [{"index": 0, "finish_reason": "tool_calls",
                         "message": {"role": "assistant", "content": text or None,
                                     "tool_calls": calls}}],
            "usage": {"prompt_tokens": _tokens(prompt), "completion_tokens": 20,
                      "total_tokens": _tokens(prompt) + 20}}


def _error_body(anthropic: bool, code: int, message: str) -> dict[str, Any]:
    kind = {400: "invalid_request_error", 401: "authentication_error", 403: "permission_error",
            404: "not_found_error", 429: "rate_limit_error", 529: "overloaded_error"}.get(
                code, "api_error")
    if anthropic:
        return {"type": "error", "error": {"type": kind, "message": message}}
    return {"error": {"message": message, "type": kind, "code": None}}


def _prompt_text(body: dict[str, Any]) -> str:
    parts = [body.get("system") or ""]
    for message in body.get("messages") or []:
        content = message.get("content")
        if isinstance(content, list):
            parts += [c.get("text", "") for c in content if isinstance(c, dict)]
        else:
            parts.append(str(content or ""))
    return "\n".join(p if isinstance(p, str) else json.dumps(p) for p in parts)


def _handler(server: FakeLLM) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - quiet
            pass

        def _send(self, code: int, body: bytes, headers: dict[str, str] | None = None,
                  length: int | None = None) -> None:
            self.send_response(code)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body) if length is None else length))
            for k, v in (headers or {}).items():
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(body)
            self.wfile.flush()

        def do_GET(self) -> None:  # noqa: N802 - http.server's naming
            if self.path.rstrip("/").endswith("/models"):
                self._send(200, json.dumps({"object": "list", "data": []}).encode())
            else:
                self._send(404, b'{"error": {"message": "not found"}}')

        def do_POST(self) -> None:  # noqa: N802
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length)
            try:
                body = json.loads(raw or b"{}")
            except ValueError:
                body = {}
            anthropic = self.path.rstrip("/").endswith("/v1/messages")
            if not anthropic and not self.path.rstrip("/").endswith("/chat/completions"):
                self._send(404, json.dumps(_error_body(False, 404, f"no route {self.path}"))
                           .encode())
                return
            with server._lock:
                server.received.append(Received(
                    self.path, {k.lower(): v for k, v in self.headers.items()}, body))
                server.in_flight += 1
                server.max_in_flight = max(server.max_in_flight, server.in_flight)
            try:
                model = str(body.get("model", ""))
                action = server._next(model)
                if server.latency:
                    time.sleep(server.latency)
                while action.kind == "slow":
                    time.sleep(action.seconds)
                    assert action.then is not None
                    action = action.then
                self._act(action, body, model, anthropic)
            except (BrokenPipeError, ConnectionResetError):
                self.close_connection = True  # the client gave up (its timeout): fine
            finally:
                with server._lock:
                    server.in_flight -= 1

        def _act(self, action: Action, body: dict[str, Any], model: str,
                 anthropic: bool) -> None:
            if action.kind == "drop":
                self.close_connection = True
                return
            if action.kind == "status":
                self._send(action.code, json.dumps(
                    _error_body(anthropic, action.code, action.text or "")).encode(),
                    action.headers)
                return
            if action.kind == "malformed":
                self._send(200, b'{"id": "broken", "choices": [{"message": ')
                return
            prompt = _prompt_text(body)
            if action.kind == "tools":
                thinking = (body.get("thinking") or {}).get("type") == "enabled"
                self._send(200, json.dumps(_tools_body(anthropic, model, action, prompt,
                                                       thinking)).encode())
                return
            text = action.text if action.text is not None else server.default(prompt)
            if action.finish == "limit" and action.text is None:
                text = text.rsplit("```", 1)[0][: len(text) // 2]  # cut inside the code
            if anthropic:
                thinking = (body.get("thinking") or {}).get("type") == "enabled"
                reply = _anthropic_body(model, text, prompt, thinking, action.finish)
            else:
                reply = _openai_body(model, text, prompt, bool(body.get("reasoning_effort")),
                                     action.finish)
            data = json.dumps(reply).encode()
            if action.kind == "truncated":
                self.close_connection = True
                self._send(200, data[: len(data) // 2], length=len(data))
                return
            self._send(200, data)

    return Handler


def main() -> None:
    parser = argparse.ArgumentParser(description="Serve scripted OpenAI/Anthropic answers on "
                                     "127.0.0.1 (the secure reference app for every prompt).")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--latency", type=float, default=0.0, help="seconds per request")
    parser.add_argument("--rate-limit-first", action="store_true",
                        help="answer the first request with 429 and Retry-After: 1")
    args = parser.parse_args()
    server = FakeLLM(args.port, args.latency)
    if args.rate_limit_first:
        server.script(rate_limited(1))
    print(f"fake LLM: OpenAI base URL {server.openai_url}, Anthropic base URL {server.url}",
          flush=True)
    server.start()
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        server.stop()


if __name__ == "__main__":
    main()
