"""What every model is: it takes a `Request` and gives a `Reply`, or raises `ModelError`.

The offline models (models.py) and the API models (providers.py) both build on this module, so
neither has to import the other's module to know what a model is.
"""

from __future__ import annotations

import abc
from dataclasses import dataclass, field
from typing import Any

from ..envs import Env
from .prompts import Prompt


class ModelError(Exception):
    """The model cannot answer at all (unknown name, bad key); the message says what to do."""


@dataclass(frozen=True)
class Request:
    prompt: Prompt
    scenario: str
    env: Env
    temperature: float
    sample_index: int
    # The conversation after the prompt's user message (repair rounds): alternating
    # {"role": "assistant" | "user", "content": text}; empty for a first answer.
    history: tuple[dict[str, str], ...] = ()


@dataclass
class Reply:
    text: str
    usage: dict[str, Any] = field(default_factory=dict)  # input_tokens, output_tokens, ...
    meta: dict[str, Any] = field(default_factory=dict)   # provider, settings, finish_reason, ...


class Model(abc.ABC):
    name: str

    @abc.abstractmethod
    def complete(self, request: Request) -> Reply:
        """Answer one prompt. Raise ModelError when no request of this model can succeed."""
