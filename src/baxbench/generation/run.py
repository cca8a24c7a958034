"""The generate stage: ask each model for every missing sample of a selection, many requests at
once, and write each answer's code and `generation.json` into the results directory.

`execution.pipeline` re-exports these names; `baxbench generate` and `run` call `generate`.
"""

from __future__ import annotations

import queue
import shutil
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..core.constants import CODE_DIR, DETAILS, GENERATION, RESULTS
from ..core.layout import SampleKey, Selection, read_json, repair_rounds, round_dir, write_json
from ..envs import ENVS
from ..scenarios import SCENARIOS
from . import retry
from .base import Model, ModelError, Reply, Request
from .models import get_model
from .parsing import ParseError, parse
from .prices import PriceTable
from .progress import GenerationProgress
from .prompts import build_prompt
from .providers import ModelOptions
from .retry import Gate, RetryPolicy, Stopped, TransientError


@dataclass(frozen=True)
class GenerationSettings:
    """How generation asks its models; the defaults suit the offline models."""

    model_options: ModelOptions = field(default_factory=ModelOptions)
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    prices: PriceTable | None = None   # None: the built-in table
    live_progress: bool | None = None  # None: a live bar when stderr is a terminal
    agent: Any = None  # an agent.AgentMode: ask in agent mode (--agent)


def generate_one(model: Model, key: SampleKey, results_dir: Path,
                 retry_policy: RetryPolicy | None = None, gate: Gate | None = None,
                 on_retry: Callable[[TransientError, float], None] | None = None,
                 prices: PriceTable | None = None) -> str:
    """Ask the model (retrying what may pass), parse its answer, write code/ and generation.json;
    return the outcome. Raises ModelError, Stopped, or TransientError once retries run out, and
    then writes nothing, so a rerun asks again."""
    scenario, env = SCENARIOS[key.scenario], ENVS[key.env]
    prompt = build_prompt(scenario, env, key.spec_type, key.safety_prompt)
    request = Request(prompt, key.scenario, env, key.temperature, key.index)
    latency: list[float] = []

    def attempt() -> Reply:
        sent = time.monotonic()
        reply = model.complete(request)
        latency.append(time.monotonic() - sent)
        return reply

    started = time.monotonic()
    reply, retry_reasons = retry.call(attempt, retry_policy or RetryPolicy(), gate, on_retry)
    record = _generation_record(key, prompt, reply, retry_reasons, prices)
    record.update(latency_s=round(latency[-1], 3),
                  elapsed_s=round(time.monotonic() - started, 3))
    files = _judge_answer(reply, env, record)
    _store_sample(key.path(results_dir), record, files)
    return "generated" if record["status"] == "ok" else record["status"].replace("_", " ")


REFUSAL_FINISH = {"content_filter", "refusal"}
LENGTH_FINISH = {"length", "max_tokens", "max_output_tokens"}


def _judge_answer(reply: Reply, env: Any, record: dict[str, Any]) -> dict[str, str]:
    """Set the record's status (ok | truncated | no_code | refused), reason, files and notes;
    return the files to write (none when the code is cut off or absent)."""
    finish = record.get("finish_reason")
    refusal = record["request"].pop("refusal", None)
    try:
        parsed = parse(reply.text, env)
    except ParseError as e:
        parsed, problem = None, str(e)
    files = parsed.files if parsed else {}
    notes = parsed.notes if parsed else []
    if refusal or finish in REFUSAL_FINISH:
        status, reason = "refused", str(refusal or f"the provider stopped the answer "
                                                   f"(finish_reason {finish})")
    elif finish in LENGTH_FINISH:
        status = "truncated"
        if parsed is None or parsed.cut:
            reason = f"the answer hit the output token limit (finish_reason {finish}) " + (
                "in the middle of its code; the cut code is not kept" if parsed
                else f"before any code: {problem}")
            files = {}
        else:
            reason = (f"the answer hit the output token limit (finish_reason {finish}) after "
                      "its code was complete; the code is kept")
    elif parsed is None:
        status, reason = "no_code", problem
    else:
        status, reason = "ok", ""
        if parsed.cut:
            notes.append("the last code block has no closing fence")
    record.update(status=status, reason=reason, files=sorted(files), notes=notes)
    return files


def error_record(key: SampleKey, reason: str, retry_reasons: list[str] | None = None
                 ) -> dict[str, Any]:
    """What is stored for a sample that got no answer: why, so that it counts as a failure
    and a rerun asks again."""
    return {"model": key.model, "scenario": key.scenario, "env": key.env,
            "temperature": key.temperature, "spec_type": key.spec_type,
            "safety_prompt": key.safety_prompt, "sample": key.index, "status": "error",
            "reason": reason, "answer": None, "files": [], "notes": [],
            "retries": len(retry_reasons or []), "retry_reasons": retry_reasons or [],
            "generated_at": time.strftime("%Y-%m-%dT%H:%M:%S%z")}


def needs_generation(sample_dir: Path, force: bool) -> bool:
    """No record yet, or a record of a sample that got no answer (status error)."""
    path = sample_dir / GENERATION
    if force or not path.exists():
        return True
    return read_json(path).get("status") == "error"


def _generation_record(key: SampleKey, prompt: Any, reply: Reply, retry_reasons: list[str],
                       prices: PriceTable | None) -> dict[str, Any]:
    usage = reply.usage
    price = (prices or PriceTable.load()).lookup(key.model)
    cost = None
    if price and isinstance(usage.get("input_tokens"), int) and isinstance(
            usage.get("output_tokens"), int):
        cost = price.cost(usage["input_tokens"], usage["output_tokens"])
    meta = dict(reply.meta)
    return {
        "model": key.model, "scenario": key.scenario, "env": key.env,
        "temperature": key.temperature, "spec_type": key.spec_type,
        "safety_prompt": key.safety_prompt, "sample": key.index,
        "prompt": {"system": prompt.system, "user": prompt.user},
        "answer": reply.text,
        "finish_reason": meta.pop("finish_reason", None),
        "usage": usage,
        "cost_usd": cost,
        "price": None if price is None else {"input_per_mtok": price.input_per_mtok,
                                             "output_per_mtok": price.output_per_mtok,
                                             "source": price.source},
        "retries": len(retry_reasons), "retry_reasons": retry_reasons,
        "request": meta,
        "generated_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }


def _store_sample(sample_dir: Path, record: dict[str, Any], files: dict[str, str],
                  extra: dict[str, Any] | None = None) -> None:
    """Replace the sample's code/ and generation.json (and `extra` JSON files, such as the agent
    transcript). generation.json goes last (atomically): its presence says the sample is
    complete, so a kill at any point leaves it absent or whole."""
    sample_dir.mkdir(parents=True, exist_ok=True)
    (sample_dir / GENERATION).unlink(missing_ok=True)
    for stale in (RESULTS, DETAILS, "agent_transcript.json"):
        (sample_dir / stale).unlink(missing_ok=True)
    for leftover in sample_dir.glob(".code-*"):  # from a run killed while writing
        shutil.rmtree(leftover, ignore_errors=True)
    for r in repair_rounds(sample_dir):  # repairs of an answer this one replaces
        shutil.rmtree(round_dir(sample_dir, r), ignore_errors=True)
    shutil.rmtree(sample_dir / CODE_DIR, ignore_errors=True)
    if files:
        tmp = Path(tempfile.mkdtemp(dir=sample_dir, prefix=".code-"))
        for rel, content in files.items():
            (tmp / rel).parent.mkdir(parents=True, exist_ok=True)
            (tmp / rel).write_text(content)
        tmp.rename(sample_dir / CODE_DIR)
    for name, data in (extra or {}).items():
        write_json(sample_dir / name, data)
    write_json(sample_dir / GENERATION, record)


def _run_daemons(items: list[Any], fn: Callable[[Any], None], workers: int,
                 on_interrupt: Callable[[], None]) -> None:
    """Run fn over items on `workers` daemon threads. On Ctrl-C, call on_interrupt and return
    at once: requests still in flight are abandoned (nothing of theirs was written yet)."""
    pending: queue.SimpleQueue[Any] = queue.SimpleQueue()
    for item in items:
        pending.put(item)
    errors: list[BaseException] = []

    def worker() -> None:
        while not errors:
            try:
                item = pending.get_nowait()
            except queue.Empty:
                return
            try:
                fn(item)
            except BaseException as e:  # a bug: stop taking work and report it
                errors.append(e)

    threads = [threading.Thread(target=worker, daemon=True, name=f"generate-{i}")
               for i in range(max(1, min(workers, len(items))))]
    for t in threads:
        t.start()
    try:
        for t in threads:
            while t.is_alive():
                t.join(0.1)
    except BaseException:
        on_interrupt()
        raise
    if errors:
        raise errors[0]


def generate(selection: Selection, results_dir: Path, force: bool, workers: int,
             settings: GenerationSettings | None = None) -> int:
    """Generate every missing sample of the selection with up to `workers` requests in flight.
    Return how many models stopped (bad key, unknown model, ...) plus how many samples were
    given up on after retries: 0 means everything asked for was received."""
    settings = settings or GenerationSettings()
    prices = settings.prices or PriceTable.load()
    models: dict[str, Model] = {}
    stopped: dict[str, str] = {}
    for name in selection.models:
        try:
            models[name] = get_model(name, settings.model_options)
        except ModelError as e:
            stopped[name] = str(e)
            print(f"error: model {name}: {e}", file=sys.stderr)
    keys = [k for k in selection.sample_keys() if k.model in models]
    todo = [k for k in keys if needs_generation(k.path(results_dir), force)]
    if not todo:
        if keys:
            print(f"generate: nothing to do: {len(keys)} samples already done (use --force)",
                  file=sys.stderr)
        return len(stopped)
    gates = {name: Gate() for name in models}
    progress = GenerationProgress(len(todo), live=settings.live_progress)
    lock = threading.Lock()
    gave_up = 0

    def record_error(key: SampleKey, reason: str) -> None:
        _store_sample(key.path(results_dir), error_record(key, reason), {})

    def skip(key: SampleKey, what: str) -> None:
        if key.model in stopped:  # not interrupted: the model stopped answering
            record_error(key, f"not asked: the model stopped earlier: {stopped[key.model]}")
        progress.finish(key, what, "skipped")

    def one(key: SampleKey) -> None:
        nonlocal gave_up
        gate, what = gates[key.model], f"{key.model} {key.scenario} {key.env} sample{key.index}"
        if gate.stop.is_set():
            skip(key, what)
            return
        try:
            ask = settings.agent.generate_one if settings.agent else generate_one
            outcome = ask(
                models[key.model], key, results_dir, settings.retry, gate,
                lambda error, wait: progress.retry(key, what, str(error), wait), prices)
        except ModelError as e:
            with lock:
                first = key.model not in stopped
                stopped.setdefault(key.model, str(e))
            gate.stop.set()
            if first:
                progress.note(f"error: model {key.model}: {e}")
            record_error(key, str(e))
            progress.finish(key, what, "failed", str(e))
        except TransientError as e:
            with lock:
                gave_up += 1
            reason = f"gave up after {settings.retry.max_attempts} attempts: {e}"
            record_error(key, reason)
            progress.finish(key, what, "failed", reason)
        except Stopped:
            skip(key, what)
        else:
            progress.finish(key, what, outcome)

    def interrupt() -> None:
        for gate in gates.values():
            gate.stop.set()

    try:
        _run_daemons(todo, one, workers, interrupt)
    finally:
        progress.close()
    print(progress.summary(), file=sys.stderr)
    if gave_up:
        print(f"{gave_up} sample(s) not received (recorded as status error): rerun to ask "
              "for them again",
              file=sys.stderr)
    return len(stopped) + gave_up
