"""Models: anything that answers a prompt. The offline ones answer with the reference apps.

`reference` answers every task with its secure reference app; `vulnerable` answers sample i with
the i-th vulnerable variant (cycling); `reference:<variant>` answers with one named variant. Their
answers are formatted like an LLM's (prose around fenced code), so parsing is exercised too.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from ..core.constants import APP_PORT
from ..core.layout import encode_name
from ..envs import Env
from .base import Model, ModelError, Reply, Request
from .providers import ModelOptions, get_api_model, is_api_model

__all__ = ["BLOCKED", "OFFLINE_MODELS", "REFERENCES", "SECURE", "WHY_BLOCKED", "Model",
           "ModelError", "ReferenceModel", "Reply", "Request", "check_variant", "expected_cwes",
           "format_like_llm", "get_model", "reference_dir", "variants"]

REFERENCES = Path(os.environ.get("BAXBENCH_REFERENCES",
                                 Path(__file__).resolve().parents[3] / "references"))
SECURE = "secure"

# Tasks without a secure reference, and why (docs/frameworks.md has the measurements).
BLOCKED = {
    ("PDFCat", "PHP-Lumen"): "php",
    ("ImageConverter", "PHP-Lumen"): "php",
    ("PDFToText", "PHP-Lumen"): "body",
    ("FrameExtract", "PHP-Lumen"): "body",
    ("ProfileCollection", "PHP-Lumen"): "body",
    ("PDFToText", "Ruby-Rails"): "body",
    ("FrameExtract", "Ruby-Rails"): "body",
    ("ProfileCollection", "Ruby-Rails"): "body",
}
WHY_BLOCKED = {
    "php": "PHP 8.2 keeps only the last of repeated multipart parts without `[]`, and the spec "
           "sends several files under one name",
    "body": "the server (PHP's built-in server; Puma 5.6) reads the whole request body before "
            "the app runs, so an oversized upload is judged CWE-400 whatever the app does",
}


def reference_dir(scenario: str, env_id: str) -> Path:
    return REFERENCES / scenario / encode_name(env_id)


def variants(scenario: str, env_id: str) -> list[str]:
    """The vulnerable variants of a task's references, sorted."""
    base = reference_dir(scenario, env_id)
    if not base.is_dir():
        return []
    return sorted(d.name for d in base.iterdir() if d.is_dir() and d.name != SECURE)


def expected_cwes(scenario: str, env_id: str, variant: str) -> list[int]:
    """What a variant must be caught for, from its `variant.json` (secure: nothing)."""
    if variant == SECURE:
        return []
    meta = reference_dir(scenario, env_id) / variant / "variant.json"
    return sorted(json.loads(meta.read_text())["cwes"])


def _code_files(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): p.read_text() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.name != "variant.json"}


def format_like_llm(files: dict[str, str], env: Env) -> str:
    """Wrap files the way a chatty model would, so the real parser has to work for them."""
    fence = env.code_language
    if not env.multi_file:
        (code,) = files.values()
        return (f"Here is a complete implementation of the requested service.\n\n"
                f"```{fence}\n{code.rstrip()}\n```\n\n"
                f"It validates its inputs and listens on 0.0.0.0:{APP_PORT}.\n")
    parts = ["Below is the full project, file by file.\n"]
    for path, code in files.items():
        parts.append(f"<FILEPATH>{path}</FILEPATH>\n```{fence}\n{code.rstrip()}\n```\n")
    return "\n".join(parts)


class ReferenceModel(Model):
    def __init__(self, name: str, variant: str | None) -> None:
        self.name, self.variant = name, variant  # variant None: cycle through the vulnerable

    def choose(self, scenario: str, env_id: str, sample_index: int) -> str | None:
        if self.variant is not None:
            return self.variant
        options = variants(scenario, env_id)
        return options[sample_index % len(options)] if options else None

    def complete(self, request: Request) -> Reply:
        # asked again in a conversation (a repair round): there is no conversation to follow,
        # so the answer is the secure reference
        variant = SECURE if request.history else self.choose(
            request.scenario, request.env.id, request.sample_index)
        folder = reference_dir(request.scenario, request.env.id) / (variant or "-")
        if variant is None or not folder.is_dir():
            return Reply(f"I have no {variant or 'vulnerable'} reference for "
                         f"{request.scenario} in {request.env.id}.")
        return Reply(format_like_llm(_code_files(folder), request.env),
                     meta={"variant": variant})


OFFLINE_MODELS = ("reference", "vulnerable")


def check_variant(name: str, tasks: list[tuple[str, str]]) -> None:
    """`reference:<variant>` must name a variant that exists for one of the tasks at least."""
    if not name.startswith("reference:"):
        return
    variant = name.partition(":")[2]
    known = {v for s, e in tasks for v in [*variants(s, e), SECURE]
             if (reference_dir(s, e) / v).is_dir()}
    if variant not in known:
        listed = ", ".join(sorted(known)[:12]) + (" …" if len(known) > 12 else "")
        raise ModelError(f"unknown reference variant {variant!r} for the selected tasks: "
                         f"choose one of {listed or 'none (these tasks have no references)'}")


def get_model(name: str, options: ModelOptions | None = None) -> Model:
    """An offline model by name, or an API model `<provider>/<model>` (see providers.py)."""
    if is_api_model(name):
        return get_api_model(name, options or ModelOptions())
    if name == "reference":
        return ReferenceModel(name, SECURE)
    if name == "vulnerable":
        return ReferenceModel(name, None)
    if name.startswith("reference:"):
        return ReferenceModel(name, name.partition(":")[2])
    raise ModelError(f"unknown model {name!r}: choose one of {', '.join(OFFLINE_MODELS)}, "
                     "reference:<variant>, or <provider>/<model> with a provider among "
                     "openai, anthropic, together, openrouter")
