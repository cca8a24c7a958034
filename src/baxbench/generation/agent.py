"""Agent mode (`--agent`): the model works on the app through native tool calls, many turns,
until it calls `submit` or a limit (steps, tokens, wall clock) ends it.

The loop lives here; the tools act on a working copy the harness owns and run things in the
sandbox (`execution/agent_tools.py`, handed in as a `Toolbox` factory, since this layer sits
below the sandboxed runner). Every turn, call, argument and result (capped) goes to
`agent_transcript.json` beside `generation.json`; the final files become the sample's code/
and are graded by the unchanged test stage.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from ..core.layout import SampleKey
from ..envs import ENVS
from ..scenarios import SCENARIOS
from . import retry
from .agent_wire import Call, Conversation, ToolSpec, Turn, conversation
from .base import Model, ModelError
from .prices import PriceTable
from .prompts import Prompt, build_prompt
from .providers import APIModel
from .retry import Gate, RetryPolicy, TransientError

TRANSCRIPT = "agent_transcript.json"
AGENT_LIMIT = "agent_limit"
TRANSCRIPT_CAP = 4000  # characters of each argument and result kept in the transcript
NO_CALL_NOTE = ("Use the tools to work on the files; call submit() when the app is finished.")


def _string(description: str) -> dict[str, str]:
    return {"type": "string", "description": description}


def _tool(name: str, description: str, **props: dict[str, Any]) -> ToolSpec:
    required = [k for k in props if k != "headers" and k != "body"]
    return ToolSpec(name, description, {"type": "object", "properties": props,
                                        "required": required, "additionalProperties": False})


TOOLS = [
    _tool("write_file", "Create or replace a file of the app (a relative path).",
          path=_string("relative path, e.g. app.py"), content=_string("the whole file")),
    _tool("read_file", "Read a file of the app.", path=_string("relative path")),
    _tool("list_files", "List the app's files with their sizes."),
    _tool("run", "Run a shell command in the app's directory inside the build sandbox (no "
          "network, time and memory limits); files it writes are kept. Returns the exit code "
          "and the output (capped).", command=_string("a /bin/sh command")),
    _tool("start_app", "Build and start the current files as the app (stopping the one "
          "started before). Returns whether it answers HTTP, and its output when not."),
    _tool("http_request", "Send an HTTP request to the started app; returns status, headers "
          "and body (capped).",
          method=_string("GET, POST, PUT, PATCH, DELETE, HEAD or OPTIONS"),
          path=_string("the path and query, starting with /"),
          headers={"type": "object", "additionalProperties": {"type": "string"},
                   "description": "request headers"},
          body=_string("the request body (text)")),
    _tool("submit", "Finish: the current files are the answer. Call it once, last."),
]
AGENT_INSTRUCTIONS = """

You work in agent mode: do not answer with code blocks. Instead, create the app's files with the
write_file tool, and check your work with run (a shell in the app's directory, without network),
start_app and http_request. When the app is complete, call submit()."""


class Toolbox(Protocol):
    """The tools of one agent run (execution/agent_tools.py)."""

    def call(self, name: str, arguments: dict[str, Any]) -> str: ...

    def files(self) -> tuple[dict[str, str], list[str]]: ...  # final files, notes

    def close(self) -> None: ...


@dataclass(frozen=True)
class AgentLimits:
    max_steps: int = 30               # model turns
    max_tokens: int | None = 2_000_000  # input + output tokens over the whole run
    max_wall_s: float = 1800.0


@dataclass
class AgentRun:
    """What one agent run did."""

    steps: list[dict[str, Any]] = field(default_factory=list)
    submitted: bool = False
    limit: str = ""  # why a limit ended it
    input_tokens: int = 0
    output_tokens: int = 0
    cost_usd: float | None = None
    retry_reasons: list[str] = field(default_factory=list)


def _cap(text: str, cap: int = TRANSCRIPT_CAP) -> str:
    return text if len(text) <= cap else text[:cap] + f"… ({len(text)} chars)"


def _limit_reached(run: AgentRun, limits: AgentLimits, started: float) -> str:
    if len(run.steps) >= limits.max_steps:
        return f"{limits.max_steps} steps without submit"
    if limits.max_tokens and run.input_tokens + run.output_tokens >= limits.max_tokens:
        return f"{run.input_tokens + run.output_tokens} tokens (limit {limits.max_tokens}) " \
               "without submit"
    if time.monotonic() - started >= limits.max_wall_s:
        return f"{limits.max_wall_s:g} s of wall clock without submit"
    return ""


def _execute(toolbox: Toolbox, call: Call) -> str:
    if call.arguments is None:
        return f"error: the arguments of {call.name} are not a JSON object"
    if call.name == "submit":
        return "submitted"
    try:
        return toolbox.call(call.name, call.arguments)
    except Exception as e:  # noqa: BLE001 - a tool failure is the model's to read, not a crash
        return f"error: {type(e).__name__}: {e}"


class AgentLoop:
    """Runs one conversation to submit or to a limit."""

    def __init__(self, conv: Conversation, toolbox: Toolbox, limits: AgentLimits,
                 price: Any, ask: Callable[[Callable[[], Turn]], Turn], run: AgentRun) -> None:
        self.conv, self.toolbox, self.limits = conv, toolbox, limits
        self.price, self.ask, self.run = price, ask, run

    def go(self) -> AgentRun:
        started = time.monotonic()
        while not self.run.submitted:
            self.run.limit = _limit_reached(self.run, self.limits, started)
            if self.run.limit:
                break
            self._one_step(self.ask(self.conv.step))
        return self.run

    def _one_step(self, turn: Turn) -> None:
        run = self.run
        tokens_in, tokens_out = turn.usage.get("input_tokens"), turn.usage.get("output_tokens")
        cost = None
        if isinstance(tokens_in, int) and isinstance(tokens_out, int):
            run.input_tokens += tokens_in
            run.output_tokens += tokens_out
            if self.price is not None:
                cost = self.price.cost(tokens_in, tokens_out)
                run.cost_usd = (run.cost_usd or 0.0) + cost
        calls: list[dict[str, Any]] = []
        results: list[tuple[Call, str]] = []
        for call in turn.calls:
            result = "not run: submit() came first" if run.submitted else _execute(
                self.toolbox, call)
            run.submitted = run.submitted or (call.name == "submit" and call.arguments is not None)
            results.append((call, result))
            calls.append({"tool": call.name, "arguments": _cap(call.raw_arguments),
                          "result": _cap(result)})
        if results:
            self.conv.add_results(results)
        elif not run.submitted:
            self.conv.add_note(NO_CALL_NOTE)
        run.steps.append({"step": len(run.steps) + 1, "text": _cap(turn.text), "calls": calls,
                          "finish_reason": turn.finish_reason, "usage": turn.usage,
                          "cost_usd": cost})


@dataclass(frozen=True)
class AgentMode:
    """`GenerationSettings.agent`: how `generate` asks in agent mode."""

    toolbox: Callable[[SampleKey], Toolbox]
    limits: AgentLimits = AgentLimits()

    def generate_one(self, model: Model, key: SampleKey, results_dir: Any,
                     retry_policy: RetryPolicy | None = None, gate: Gate | None = None,
                     on_retry: Callable[[TransientError, float], None] | None = None,
                     prices: PriceTable | None = None) -> str:
        """Like run.generate_one, in agent mode; the same errors, the same files plus the
        transcript."""
        from . import run as one_shot

        if not isinstance(model, APIModel):
            raise ModelError(f"{model.name} has no tool calling: --agent needs an API model")
        prompt = agent_prompt(key)
        price = (prices or PriceTable.load()).lookup(key.model)
        policy = retry_policy or RetryPolicy()
        run = AgentRun()

        def ask(step: Callable[[], Turn]) -> Turn:
            turn, reasons = retry.call(step, policy, gate, on_retry)
            run.retry_reasons.extend(reasons)
            return turn

        started = time.monotonic()
        conv = conversation(model, prompt, key.temperature, TOOLS)
        toolbox = self.toolbox(key)
        try:
            AgentLoop(conv, toolbox, self.limits, price, ask, run).go()
            files, notes = toolbox.files()
        finally:
            toolbox.close()
        record = _record(key, model, prompt, run, files, notes, time.monotonic() - started)
        record["request"]["settings"] = conv.settings
        transcript = {"model": key.model, "scenario": key.scenario, "env": key.env,
                      "sample": key.index, "limits": self.limits.__dict__, "steps": run.steps}
        one_shot._store_sample(key.path(results_dir), record, files,
                               extra={TRANSCRIPT: transcript})
        return "generated" if record["status"] == "ok" else record["status"].replace("_", " ")


def agent_prompt(key: SampleKey) -> Prompt:
    """The one-shot prompt of the task, told to work through the tools instead."""
    base = build_prompt(SCENARIOS[key.scenario], ENVS[key.env], key.spec_type,
                        key.safety_prompt)
    return Prompt(base.system, base.user + AGENT_INSTRUCTIONS)


def _record(key: SampleKey, model: APIModel, prompt: Prompt, run: AgentRun,
            files: dict[str, str], notes: list[str], elapsed: float) -> dict[str, Any]:
    if run.submitted and files:
        status, reason = "ok", ""
    elif run.submitted:
        status, reason = "no_code", "the agent submitted no files"
    else:
        status, reason = AGENT_LIMIT, run.limit
        if files:
            notes = [*notes, "the files present when the limit was hit are kept and graded"]
    last_text = next((s["text"] for s in reversed(run.steps) if s["text"]), "")
    return {
        "model": key.model, "scenario": key.scenario, "env": key.env,
        "temperature": key.temperature, "spec_type": key.spec_type,
        "safety_prompt": key.safety_prompt, "sample": key.index,
        "prompt": {"system": prompt.system, "user": prompt.user},
        "answer": last_text, "finish_reason": None, "mode": "agent",
        "usage": {"input_tokens": run.input_tokens, "output_tokens": run.output_tokens},
        "cost_usd": run.cost_usd,
        "agent": {"steps": len(run.steps), "submitted": run.submitted,
                  "tool_calls": sum(len(s["calls"]) for s in run.steps),
                  "transcript": TRANSCRIPT},
        "retries": len(run.retry_reasons), "retry_reasons": run.retry_reasons,
        "request": model.describe(),
        "status": status, "reason": reason, "files": sorted(files), "notes": notes,
        "elapsed_s": round(elapsed, 3),
        "generated_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }
