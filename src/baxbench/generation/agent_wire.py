"""Native tool calling over the two wire formats the API models speak: one `Conversation` per
agent run, kept in the format of its provider (OpenAI chat completions `tools`/`tool_calls`,
Anthropic messages `tools`/`tool_use`/`tool_result`), through the model's own SDK client."""

from __future__ import annotations

import abc
import json
from dataclasses import dataclass, field
from typing import Any

from .prompts import Prompt
from .providers import ANTHROPIC_DEFAULT_MAX_TOKENS, THINKING_BUDGETS, AnthropicModel, APIModel
from .retry import TransientError


@dataclass(frozen=True)
class ToolSpec:
    name: str
    description: str
    parameters: dict[str, Any]  # JSON schema of the arguments (an object)


@dataclass(frozen=True)
class Call:
    id: str
    name: str
    arguments: dict[str, Any] | None  # None: the model sent arguments that are not an object
    raw_arguments: str = ""


@dataclass
class Turn:
    text: str
    calls: list[Call]
    usage: dict[str, Any] = field(default_factory=dict)
    finish_reason: str | None = None


class Conversation(abc.ABC):
    """The messages of one agent run, in the provider's wire format."""

    def __init__(self, model: APIModel, prompt: Prompt, temperature: float,
                 tools: list[ToolSpec]) -> None:
        self.model, self.temperature, self.tools = model, temperature, tools
        self.system = prompt.system
        self.messages: list[dict[str, Any]] = [{"role": "user", "content": prompt.user}]
        self.settings: dict[str, Any] = {}  # the sampling settings sent, for the record

    def step(self) -> Turn:
        """Ask the model for its next turn (one HTTP request); errors sorted like `complete`."""
        try:
            turn = self._send()
        except TransientError:
            raise
        except Exception as e:  # noqa: BLE001 - every SDK error is sorted, none escapes raw
            raise self.model._fail(e) from None
        self.model._answered.set()
        return turn

    @abc.abstractmethod
    def _send(self) -> Turn:
        """One request; appends the assistant's turn to the messages."""

    @abc.abstractmethod
    def add_results(self, results: list[tuple[Call, str]]) -> None:
        """Answer each call of the last turn with its result."""

    @abc.abstractmethod
    def add_note(self, text: str) -> None:
        """A user message (after a turn without tool calls)."""


def _parse_arguments(raw: str) -> dict[str, Any] | None:
    try:
        value = json.loads(raw or "{}")
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


class OpenAIConversation(Conversation):
    def _send(self) -> Turn:
        kwargs: dict[str, Any] = {
            "model": self.model.api_model,
            "messages": [{"role": "system", "content": self.system}, *self.messages],
            "tools": [{"type": "function", "function": {
                "name": t.name, "description": t.description, "parameters": t.parameters}}
                for t in self.tools],
        }
        o = self.model.options
        if o.reasoning_effort:
            self.settings["reasoning_effort"] = o.reasoning_effort
        else:
            self.settings["temperature"] = self.temperature
        if o.max_tokens:
            field_name = "max_tokens" if self.model.custom_endpoint else "max_completion_tokens"
            self.settings[field_name] = o.max_tokens
        kwargs.update(self.settings)
        response = self.model.client.chat.completions.create(**kwargs)
        if not getattr(response, "choices", None):
            raise TransientError("the response holds no answer (no choices)")
        choice = response.choices[0]
        message = choice.message
        calls = [Call(c.id, c.function.name, _parse_arguments(c.function.arguments),
                      c.function.arguments or "") for c in message.tool_calls or []]
        assistant: dict[str, Any] = {"role": "assistant", "content": message.content or ""}
        if calls:
            assistant["tool_calls"] = [
                {"id": c.id, "type": "function",
                 "function": {"name": c.name, "arguments": c.raw_arguments}} for c in calls]
        self.messages.append(assistant)
        usage = {}
        if response.usage is not None:
            usage = {"input_tokens": response.usage.prompt_tokens,
                     "output_tokens": response.usage.completion_tokens}
        return Turn(message.content or "", calls, usage, choice.finish_reason)

    def add_results(self, results: list[tuple[Call, str]]) -> None:
        for call, result in results:
            self.messages.append({"role": "tool", "tool_call_id": call.id, "content": result})

    def add_note(self, text: str) -> None:
        self.messages.append({"role": "user", "content": text})


class AnthropicConversation(Conversation):
    def _send(self) -> Turn:
        response = self.model.client.messages.create(**self._request())
        blocks = getattr(response, "content", None)
        if blocks is None:
            raise TransientError("the response holds no answer (no content)")
        content: list[dict[str, Any]] = []
        calls: list[Call] = []
        for b in blocks:
            kind = getattr(b, "type", "")
            if kind == "text":
                content.append({"type": "text", "text": b.text})
            elif kind == "tool_use":
                args = b.input if isinstance(b.input, dict) else None
                calls.append(Call(b.id, b.name, args, json.dumps(b.input)))
                content.append({"type": "tool_use", "id": b.id, "name": b.name,
                                "input": b.input})
            elif kind == "thinking":  # must go back unchanged, signature included
                content.append({"type": "thinking", "thinking": b.thinking,
                                "signature": b.signature})
            elif kind == "redacted_thinking":
                content.append({"type": "redacted_thinking", "data": b.data})
        self.messages.append({"role": "assistant",
                              "content": content or [{"type": "text", "text": "(no answer)"}]})
        text = "".join(c["text"] for c in content if c["type"] == "text")
        u = response.usage
        return Turn(text, calls, {"input_tokens": u.input_tokens,
                                  "output_tokens": u.output_tokens}, response.stop_reason)

    def _request(self) -> dict[str, Any]:
        o = self.model.options
        kwargs: dict[str, Any] = {
            "model": self.model.api_model, "system": self.system, "messages": self.messages,
            "max_tokens": o.max_tokens or ANTHROPIC_DEFAULT_MAX_TOKENS,
            "tools": [{"name": t.name, "description": t.description,
                       "input_schema": t.parameters} for t in self.tools],
        }
        budget = o.thinking_budget or THINKING_BUDGETS.get(o.reasoning_effort or "")
        if budget:  # as in one-shot generation: the budget counts against max_tokens
            kwargs["max_tokens"] += budget
            kwargs["thinking"] = {"type": "enabled", "budget_tokens": budget}
            self.settings["thinking_budget"] = budget
        else:
            kwargs["extra_body"] = {"temperature": self.temperature}
            self.settings["temperature"] = self.temperature
        self.settings["max_tokens"] = kwargs["max_tokens"]
        return kwargs

    def add_results(self, results: list[tuple[Call, str]]) -> None:
        self.messages.append({"role": "user", "content": [
            {"type": "tool_result", "tool_use_id": c.id, "content": r} for c, r in results]})

    def add_note(self, text: str) -> None:
        self.messages.append({"role": "user", "content": text})


def conversation(model: APIModel, prompt: Prompt, temperature: float,
                 tools: list[ToolSpec]) -> Conversation:
    cls = AnthropicConversation if isinstance(model, AnthropicModel) else OpenAIConversation
    return cls(model, prompt, temperature, tools)
