"""Models behind real APIs, through the vendors' official SDKs.

    openai/<model>                 OpenAI (chat completions)
    anthropic/<model>              Anthropic (messages)
    together/<vendor>/<model>      Together AI (OpenAI-compatible)
    openrouter/<vendor>/<model>    OpenRouter (OpenAI-compatible)

Any OpenAI-compatible server (vLLM, Ollama, LM Studio, ...) is reached by naming the model
`openai/<its model name>` and giving `--base-url` or OPENAI_BASE_URL. Keys come only from the
environment; they stay inside the SDK client and are masked in any message we print or store.

One call of `complete` is one HTTP request: the SDKs' own retries are off, and what went wrong is
raised as a TransientError (retry may help: see retry.py) or a ModelError (it will not).
"""

from __future__ import annotations

import abc
import email.utils
import os
import re
import threading
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from .base import Model, ModelError, Reply, Request
from .retry import TransientError


@dataclass(frozen=True)
class Provider:
    name: str
    wire: str            # "openai" or "anthropic": which SDK and wire format
    key_env: str         # the environment variable holding the key
    base_url: str        # the vendor's own endpoint
    base_url_env: str    # the environment variable that may point elsewhere


PROVIDERS = {
    p.name: p for p in (
        Provider("openai", "openai", "OPENAI_API_KEY", "https://api.openai.com/v1",
                 "OPENAI_BASE_URL"),
        Provider("anthropic", "anthropic", "ANTHROPIC_API_KEY", "https://api.anthropic.com",
                 "ANTHROPIC_BASE_URL"),
        Provider("together", "openai", "TOGETHER_API_KEY", "https://api.together.xyz/v1",
                 "TOGETHER_BASE_URL"),
        Provider("openrouter", "openai", "OPENROUTER_API_KEY", "https://openrouter.ai/api/v1",
                 "OPENROUTER_BASE_URL"),
    )
}

REASONING_EFFORTS = ("low", "medium", "high")
# Anthropic extended thinking: the budget used for --reasoning-effort when none is given.
THINKING_BUDGETS = {"low": 2048, "medium": 8192, "high": 16384}
ANTHROPIC_DEFAULT_MAX_TOKENS = 8192  # the messages API requires a limit; OpenAI's does not


@dataclass(frozen=True)
class ModelOptions:
    """How to reach and ask API models; offline models ignore all of it."""

    base_url: str | None = None            # OpenAI-compatible providers
    anthropic_base_url: str | None = None
    max_tokens: int | None = None          # output tokens (reasoning/thinking ones included)
    reasoning_effort: str | None = None    # low | medium | high
    thinking_budget: int | None = None     # Anthropic extended thinking, tokens
    timeout: float = 600.0                 # seconds for one request


def is_api_model(name: str) -> bool:
    return name.partition("/")[0] in PROVIDERS and "/" in name


SHORT_SECRET = 8


def redact(text: str, secret: str) -> str:
    """`text` with the secret, and any run of 6+ of its characters (as servers echo masked
    keys: sk-ab...wxyz), replaced by ***. A short secret (a placeholder key such as `x`) is
    masked only where it stands as a whole token, leaving the words around it alone."""
    if not secret:
        return text
    if len(secret) >= SHORT_SECRET:
        text = text.replace(secret, "***")
    else:
        token = r"[A-Za-z0-9_\-]"
        text = re.sub(rf"(?<!{token}){re.escape(secret)}(?!{token})", "***", text)

    def mask(m: re.Match[str]) -> str:
        return "***" if m.group(0) in secret else m.group(0)

    return re.sub(r"[A-Za-z0-9_\-]{6,}", mask, text)


def public_url(url: str) -> str:
    """A base URL fit to store: no user:password@, no query string."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    return urlunsplit((parts.scheme, host, parts.path, "", ""))


def _error_message(error: Any) -> str:
    """The server's own words from an SDK status error, in one line."""
    body = getattr(error, "body", None)
    message = None
    if isinstance(body, dict):
        inner = body.get("error", body)
        message = inner.get("message") if isinstance(inner, dict) else str(inner)
    text = str(message or getattr(error, "message", "") or error)
    return " ".join(text.split())[:300]


def _retry_after(headers: Any) -> float | None:
    """Seconds from retry-after-ms or retry-after (a number or an HTTP date)."""
    if headers is None:
        return None
    raw_ms = headers.get("retry-after-ms")
    if raw_ms:
        try:
            return max(0.0, float(raw_ms) / 1000)
        except ValueError:
            pass
    raw = headers.get("retry-after")
    if not raw:
        return None
    try:
        return max(0.0, float(raw))
    except ValueError:
        try:
            return max(0.0, email.utils.parsedate_to_datetime(raw).timestamp() - time.time())
        except (TypeError, ValueError):
            return None


_TRANSIENT_STATUS = {408, 409, 425, 429}
_CANNOT_CONNECT = {"ConnectError", "UnsupportedProtocol", "InvalidURL", "ConnectTimeout"}


class APIModel(Model):
    """What the OpenAI and Anthropic models share: the key, the client and error sorting."""

    def __init__(self, name: str, provider: Provider, api_model: str, options: ModelOptions
                 ) -> None:
        self.name, self.provider, self.api_model, self.options = name, provider, api_model, options
        override = (options.anthropic_base_url if provider.wire == "anthropic"
                    else options.base_url)
        self.base_url = (override or os.environ.get(provider.base_url_env)
                         or provider.base_url).rstrip("/")
        self.custom_endpoint = self.base_url != provider.base_url
        key = os.environ.get(provider.key_env, "").strip()
        if not key and not self.custom_endpoint:
            raise ModelError(f"{provider.key_env} is not set: export it to use {name}")
        # local OpenAI-compatible servers (vLLM, Ollama, LM Studio) take any key
        self._key = key or "no-key"
        self._answered = threading.Event()  # set once any request of this model succeeded
        if options.reasoning_effort not in (None, *REASONING_EFFORTS):
            raise ModelError(f"reasoning effort {options.reasoning_effort!r}: choose one of "
                             f"{', '.join(REASONING_EFFORTS)}")
        self.client = self._make_client()

    @abc.abstractmethod
    def _make_client(self) -> Any:
        """The SDK client for this wire format, with its own retries off."""

    def describe(self) -> dict[str, Any]:
        """What is stored beside each sample about how it was asked (never the key)."""
        return {"provider": self.provider.name, "api_model": self.api_model,
                "base_url": public_url(self.base_url)}

    def _fail(self, error: BaseException) -> Exception:
        """Sort an SDK error into TransientError or ModelError (secrets masked)."""
        def clean(text: str) -> str:
            return redact(text, self._key)

        status = getattr(error, "status_code", None)
        if status is not None:
            message = clean(_error_message(error))
            headers = getattr(getattr(error, "response", None), "headers", None)
            if status == 429 and "quota" in message.lower() and "exceeded" in message.lower():
                return ModelError(f"HTTP 429, out of quota: {message}")
            if status >= 500 or status in _TRANSIENT_STATUS:
                return TransientError(f"HTTP {status}: {message}", _retry_after(headers))
            hint = {401: "the key was refused", 403: "the key may not use this model",
                    404: f"unknown model {self.api_model!r} or wrong base URL "
                         f"{public_url(self.base_url)}"}.get(status, "request refused")
            return ModelError(f"HTTP {status}, {hint}: {message}")
        cause = error.__cause__ or error.__context__
        cause_name = type(cause).__name__ if cause is not None else ""
        if type(error).__name__ == "APITimeoutError":
            return TransientError(f"timed out after {self.options.timeout:g} s")
        if type(error).__name__ == "APIConnectionError":
            detail = clean(" ".join(str(cause or error).split()))[:200]
            if cause_name in _CANNOT_CONNECT and not self._answered.is_set():
                return ModelError(f"cannot reach {public_url(self.base_url)} ({detail}): check "
                                  f"the base URL")
            return TransientError(f"connection failed: {detail}")
        if isinstance(error, ValueError):  # JSON or schema errors in a 200 body
            return TransientError(f"malformed response body: "
                                  f"{clean(' '.join(str(error).split()))[:200]}")
        return ModelError(f"{type(error).__name__}: {clean(str(error))[:300]}")

    def complete(self, request: Request) -> Reply:
        try:
            reply = self._send(request)
        except (TransientError, ModelError):
            raise
        except Exception as e:  # noqa: BLE001 - every SDK error is sorted, none escapes raw
            raise self._fail(e) from None
        self._answered.set()
        reply.meta = {**self.describe(), **reply.meta}
        return reply

    @abc.abstractmethod
    def _send(self, request: Request) -> Reply:
        """One HTTP request; SDK errors propagate for `_fail` to sort."""


class OpenAIChatModel(APIModel):
    def _make_client(self) -> Any:
        import openai
        return openai.OpenAI(api_key=self._key, base_url=self.base_url, max_retries=0,
                             timeout=self.options.timeout)

    def _send(self, request: Request) -> Reply:
        o = self.options
        kwargs: dict[str, Any] = {
            "model": self.api_model,
            "messages": [{"role": "system", "content": request.prompt.system},
                         {"role": "user", "content": request.prompt.user},
                         *request.history],
        }
        settings: dict[str, Any] = {}
        if o.reasoning_effort:
            # reasoning models take no temperature other than their default
            kwargs["reasoning_effort"] = settings["reasoning_effort"] = o.reasoning_effort
        else:
            kwargs["temperature"] = settings["temperature"] = request.temperature
        if o.max_tokens:
            # OpenAI itself wants max_completion_tokens; compatible servers know max_tokens
            field = "max_tokens" if self.custom_endpoint else "max_completion_tokens"
            kwargs[field] = settings[field] = o.max_tokens
        response = self.client.chat.completions.create(**kwargs)
        choices = getattr(response, "choices", None)
        if not choices:
            raise TransientError("the response holds no answer (no choices)")
        choice = choices[0]
        message = choice.message
        text = message.content or ""
        usage: dict[str, Any] = {}
        if response.usage is not None:
            u = response.usage
            details = getattr(u, "completion_tokens_details", None)
            prompt_details = getattr(u, "prompt_tokens_details", None)
            usage = {"input_tokens": u.prompt_tokens, "output_tokens": u.completion_tokens,
                     "reasoning_tokens": getattr(details, "reasoning_tokens", None),
                     "cached_input_tokens": getattr(prompt_details, "cached_tokens", None)}
        meta: dict[str, Any] = {"settings": settings, "finish_reason": choice.finish_reason}
        refusal = getattr(message, "refusal", None)
        if refusal:
            meta["refusal"] = refusal
        return Reply(text, usage, meta=meta)


class AnthropicModel(APIModel):
    def _make_client(self) -> Any:
        import anthropic
        return anthropic.Anthropic(api_key=self._key, base_url=self.base_url, max_retries=0,
                                   timeout=self.options.timeout)

    def _send(self, request: Request) -> Reply:
        o = self.options
        budget = o.thinking_budget or THINKING_BUDGETS.get(o.reasoning_effort or "")
        max_tokens = o.max_tokens or ANTHROPIC_DEFAULT_MAX_TOKENS
        kwargs: dict[str, Any] = {
            "model": self.api_model, "system": request.prompt.system,
            "messages": [{"role": "user", "content": request.prompt.user},
                         *request.history],
        }
        settings: dict[str, Any] = {}
        if budget:
            # thinking tokens count against max_tokens, and thinking requires temperature 1
            max_tokens += budget
            kwargs["thinking"] = {"type": "enabled", "budget_tokens": budget}
            settings["thinking_budget"] = budget
        else:
            # a wire field of the messages API that recent SDKs no longer name as a parameter
            kwargs["extra_body"] = {"temperature": request.temperature}
            settings["temperature"] = request.temperature
        kwargs["max_tokens"] = settings["max_tokens"] = max_tokens
        response = self.client.messages.create(**kwargs)
        blocks = getattr(response, "content", None)
        if blocks is None:
            raise TransientError("the response holds no answer (no content)")
        text = "".join(b.text for b in blocks if getattr(b, "type", "") == "text")
        u = response.usage
        usage = {"input_tokens": u.input_tokens, "output_tokens": u.output_tokens,
                 "reasoning_tokens": None,
                 "cached_input_tokens": getattr(u, "cache_read_input_tokens", None)}
        thinking = [b.thinking for b in blocks if getattr(b, "type", "") == "thinking"]
        meta: dict[str, Any] = {"settings": settings, "finish_reason": response.stop_reason}
        if thinking:
            meta["thinking"] = "\n\n".join(thinking)
        return Reply(text, usage, meta=meta)


def get_api_model(name: str, options: ModelOptions) -> Model:
    prefix, _, api_model = name.partition("/")
    provider = PROVIDERS.get(prefix)
    if provider is None or not api_model:
        raise ModelError(f"unknown model {name!r}: name API models <provider>/<model> with a "
                         f"provider among {', '.join(PROVIDERS)}")
    cls = AnthropicModel if provider.wire == "anthropic" else OpenAIChatModel
    return cls(name, provider, api_model, options)
