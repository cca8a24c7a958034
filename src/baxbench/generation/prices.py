"""What a sample cost: a small table of list prices, overridable by flag or file.

Prices are US dollars per million tokens, (input, output). Reasoning and thinking tokens are
billed as output tokens by both OpenAI and Anthropic, and are already counted in their output
token figures. A dated snapshot (`openai/gpt-4o-2024-08-06`) takes its family's price. Models not
in the table get no cost rather than a guessed one.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# List prices (USD per 1M tokens) as published by the vendors in 2025; check before relying.
DEFAULT_PRICES: dict[str, tuple[float, float]] = {
    "openai/gpt-4o": (2.50, 10.00),
    "openai/gpt-4o-mini": (0.15, 0.60),
    "openai/gpt-4.1": (2.00, 8.00),
    "openai/gpt-4.1-mini": (0.40, 1.60),
    "openai/gpt-4.1-nano": (0.10, 0.40),
    "openai/gpt-5": (1.25, 10.00),
    "openai/gpt-5-mini": (0.25, 2.00),
    "openai/gpt-5-nano": (0.05, 0.40),
    "openai/o1": (15.00, 60.00),
    "openai/o3": (2.00, 8.00),
    "openai/o3-mini": (1.10, 4.40),
    "openai/o4-mini": (1.10, 4.40),
    "anthropic/claude-opus-4-1": (15.00, 75.00),
    "anthropic/claude-opus-4-5": (5.00, 25.00),
    "anthropic/claude-sonnet-4": (3.00, 15.00),
    "anthropic/claude-sonnet-4-5": (3.00, 15.00),
    "anthropic/claude-3-7-sonnet": (3.00, 15.00),
    "anthropic/claude-haiku-4-5": (1.00, 5.00),
    "anthropic/claude-3-5-haiku": (0.80, 4.00),
}


class PriceError(ValueError):
    """A price override could not be read; the message says which and why."""


@dataclass(frozen=True)
class Price:
    input_per_mtok: float
    output_per_mtok: float
    source: str  # "table", "flag" or the file it came from

    def cost(self, input_tokens: int, output_tokens: int) -> float:
        return round((input_tokens * self.input_per_mtok
                      + output_tokens * self.output_per_mtok) / 1e6, 8)


class PriceTable:
    def __init__(self, prices: dict[str, Price]) -> None:
        self.prices = prices

    @classmethod
    def load(cls, files: list[Path] = (), flags: list[str] = ()) -> PriceTable:
        """The default table, then each file (JSON: {"model": [in, out]} or {"model":
        {"input": x, "output": y}}), then each flag `MODEL=IN,OUT`; later ones win."""
        prices = {m: Price(i, o, "table") for m, (i, o) in DEFAULT_PRICES.items()}
        for path in files:
            try:
                data = json.loads(Path(path).read_text())
            except (OSError, ValueError) as e:
                raise PriceError(f"price file {path}: {e}") from None
            if not isinstance(data, dict):
                raise PriceError(f"price file {path}: expected an object of model: price")
            for model, value in data.items():
                prices[model] = _price(value, str(path), f"price file {path}, {model}")
        for flag in flags:
            model, sep, value = flag.partition("=")
            if not sep or not model:
                raise PriceError(f"--price {flag!r}: expected MODEL=INPUT,OUTPUT (USD per 1M "
                                 "tokens)")
            prices[model] = _price(value.split(","), "flag", f"--price {flag!r}")
        return cls(prices)

    def lookup(self, model: str) -> Price | None:
        if model in self.prices:
            return self.prices[model]
        # a dated or suffixed snapshot: the longest table entry it extends
        family = [m for m in self.prices if model.startswith(m + "-")]
        return self.prices[max(family, key=len)] if family else None


def _price(value: Any, source: str, where: str) -> Price:
    try:
        if isinstance(value, dict):
            pair = (float(value["input"]), float(value["output"]))
        else:
            first, second = value
            pair = (float(first), float(second))
    except (KeyError, TypeError, ValueError):
        raise PriceError(f"{where}: expected two numbers, input and output USD per 1M "
                         "tokens") from None
    if min(pair) < 0:
        raise PriceError(f"{where}: a price cannot be negative")
    return Price(pair[0], pair[1], source)
