"""generate -> test: the two stages that write into the results directory, run many at once."""

from __future__ import annotations

import itertools
import os
import queue
import shutil
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ..envs import ENVS
from ..envs.base import using
from ..generation import retry
from ..generation.models import Model, ModelError, Reply, Request, get_model
from ..generation.parsing import ParseError, parse
from ..generation.prices import PriceTable
from ..generation.progress import GenerationProgress
from ..generation.prompts import build_prompt
from ..generation.providers import ModelOptions
from ..generation.retry import Gate, RetryPolicy, Stopped, TransientError
from ..results import records
from ..results.layout import (
    CorruptResult,
    SampleKey,
    model_dirname,
    read_json,
    scan,
    write_json,
)
from ..sandbox import Backend
from ..sandbox import bwrap as bwrap_backend
from ..scenarios import SCENARIOS
from .runner import SampleTester, Settings

GENERATION = "generation.json"


@dataclass
class Selection:
    models: list[str]
    scenarios: list[str]
    envs: list[str]
    n_samples: int = 1
    temperature: float | None = 0.2  # None: any (when reading results)
    spec_type: str | None = "openapi"
    safety_prompt: str | None = "none"
    only_samples: list[int] | None = None

    def sample_keys(self) -> list[SampleKey]:
        indices = self.only_samples if self.only_samples is not None else range(self.n_samples)
        return [SampleKey(m, s, e, self.temperature, self.spec_type, self.safety_prompt, i)
                for m in self.models for s in self.scenarios for e in self.envs for i in indices]


@dataclass
class Progress:
    """One line per finished item; a summary count at the end."""

    total: int
    label: str
    done: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    started: float = field(default_factory=time.monotonic)
    lock: threading.Lock = field(default_factory=threading.Lock)
    out: Any = sys.stderr

    def tick(self, what: str, outcome: str, detail: str = "") -> None:
        with self.lock:
            self.done += 1
            self.counts[outcome] = self.counts.get(outcome, 0) + 1
            width = len(str(self.total))
            eta = (time.monotonic() - self.started) / self.done * (self.total - self.done)
            print(f"[{self.done:>{width}}/{self.total}] {self.label} {what}: {outcome}"
                  f"{' ' + detail if detail else ''}  (eta {eta:.0f} s)", file=self.out,
                  flush=True)

    def summary(self) -> str:
        parts = ", ".join(f"{v} {k}" for k, v in sorted(self.counts.items()))
        return f"{self.label}: {self.done} done ({parts}) in {time.monotonic() - self.started:.1f} s"


def _parallel(items: Iterable[Any], fn: Callable[[Any], None], workers: int) -> None:
    items = list(items)
    if workers <= 1:
        for item in items:
            fn(item)
        return
    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(fn, item) for item in items]
        try:
            for f in as_completed(futures):
                f.result()
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            raise


# -- generation ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class GenerationSettings:
    """How generation asks its models; the defaults suit the offline models."""

    model_options: ModelOptions = field(default_factory=ModelOptions)
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    prices: PriceTable | None = None   # None: the built-in table
    live_progress: bool | None = None  # None: a live bar when stderr is a terminal


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


def _store_sample(sample_dir: Path, record: dict[str, Any], files: dict[str, str]) -> None:
    """Replace the sample's code/ and generation.json. generation.json goes last (atomically):
    its presence says the sample is complete, so a kill at any point leaves it absent or whole."""
    sample_dir.mkdir(parents=True, exist_ok=True)
    (sample_dir / GENERATION).unlink(missing_ok=True)
    for stale in (records.RESULTS, records.DETAILS):
        (sample_dir / stale).unlink(missing_ok=True)
    for leftover in sample_dir.glob(".code-*"):  # from a run killed while writing
        shutil.rmtree(leftover, ignore_errors=True)
    shutil.rmtree(sample_dir / "code", ignore_errors=True)
    if files:
        tmp = Path(tempfile.mkdtemp(dir=sample_dir, prefix=".code-"))
        for rel, content in files.items():
            (tmp / rel).parent.mkdir(parents=True, exist_ok=True)
            (tmp / rel).write_text(content)
        tmp.rename(sample_dir / "code")
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
            outcome = generate_one(
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


# -- testing ------------------------------------------------------------------------------------


def sample_context(key: SampleKey, backend_name: str) -> dict[str, Any]:
    """The fields of test_details.json that say which sample was tested, and how."""
    return {"model": key.model, "scenario": key.scenario, "env": key.env,
            "spec_type": key.spec_type, "safety_prompt": key.safety_prompt,
            "temperature": key.temperature, "sample": key.index, "backend": backend_name}


def _ft_origins(key: SampleKey) -> list[str]:
    return [t.origin for t in SCENARIOS[key.scenario].functional_tests]


def write_untestable(key: SampleKey, results_dir: Path, backend_name: str) -> dict[str, Any] | None:
    """Record why a sample without code cannot be tested; None when it has code."""
    sample_dir = key.path(results_dir)
    if (sample_dir / "code").is_dir():
        return None
    why = "no code"
    if (sample_dir / GENERATION).exists():
        record = read_json(sample_dir / GENERATION)
        status = {"failed": "no_code"}.get(record.get("status"), record.get("status"))
        why = f"generation {status or 'failed'}: {record.get('reason') or '?'}"
    return records.write(sample_dir, [], _ft_origins(key), None, why,
                         sample_context(key, backend_name))


def write_tested(key: SampleKey, results_dir: Path, context: dict[str, Any],
                 build: dict[str, Any], outcomes: list[Any]) -> dict[str, Any]:
    """Write the results of a sample that was built (and, if that worked, tested)."""
    problem = "" if build["ok"] else "build failed"
    return records.write(key.path(results_dir), outcomes, _ft_origins(key), build, problem,
                         context)


def test_one(key: SampleKey, results_dir: Path, backend: Backend, cache: Path,
             settings: Settings) -> dict[str, Any]:
    untestable = write_untestable(key, results_dir, backend.name)
    if untestable is not None:
        return untestable
    started = time.monotonic()
    scenario, env = SCENARIOS[key.scenario], ENVS[key.env]
    code_dir = key.path(results_dir) / "code"
    build, outcomes = SampleTester(scenario, env, backend, cache, settings).test(code_dir)
    if bwrap_backend.stopping():
        raise KeyboardInterrupt  # interrupted: write nothing rather than a false verdict
    context = sample_context(key, backend.name)
    context["duration_s"] = round(time.monotonic() - started, 3)
    return write_tested(key, results_dir, context, build, outcomes)


def describe(results: dict[str, Any]) -> tuple[str, str]:
    ft = f"{results['num_passed_ft']}/{results['num_total_ft']} functional"
    cwes = ", ".join(f"CWE-{c['num']}" for c in results["cwes"]) or "no CWE"
    if results.get("problem"):
        return results["problem"].split(":")[0], ft
    correct = results["num_passed_ft"] == results["num_total_ft"]
    outcome = ("secure" if not results["cwes"] else "insecure") if correct else "incorrect"
    return outcome, f"{ft}, {cwes}"


def test(keys: list[SampleKey], results_dir: Path, backend: Backend, cache: Path,
         settings: Settings, force: bool, workers: int, quiet: bool = False) -> None:
    """Build and test the samples not yet tested (all with `force`), `workers` at a time;
    one progress line per sample on stderr unless `quiet`."""
    out = open(os.devnull, "w") if quiet else sys.stderr  # noqa: SIM115 - closed below
    try:
        _test(keys, results_dir, backend, cache, settings, force, workers, out)
    finally:
        if quiet:
            out.close()


def _test(keys: list[SampleKey], results_dir: Path, backend: Backend, cache: Path,
          settings: Settings, force: bool, workers: int, out: Any) -> None:
    todo = [k for k in keys if force or not records.is_tested(k.path(results_dir))]
    if not todo:
        if keys:
            print(f"test: nothing to do: {len(keys)} samples already tested (use --force)",
                  file=out)
        return
    progress = Progress(len(todo), "test", out=out)

    def one(key: SampleKey) -> None:
        what = f"{key.model} {key.scenario} {key.env} sample{key.index}"
        try:
            results = test_one(key, results_dir, backend, cache, settings)
        except Exception as e:  # noqa: BLE001 - one sample's trouble never stops the run
            if bwrap_backend.stopping():
                raise KeyboardInterrupt from None
            progress.tick(what, "harness error", f"{type(e).__name__}: {e} (not recorded; "
                          "rerun to retry)")
            return
        outcome, detail = describe(results)
        progress.tick(what, outcome, detail)

    with using(cache, [k.env for k in todo]):
        _parallel(todo, one, workers)
    print(progress.summary(), file=out)


def _recorded_name(results_dir: Path, folder: str) -> str:
    """The model name a folder's samples were generated with (the folder name if none says)."""
    for record in itertools.islice((results_dir / folder).rglob(GENERATION), 5):
        try:
            name = read_json(record).get("model")
        except CorruptResult:
            continue
        if isinstance(name, str) and model_dirname(name) == folder:
            return name
    return folder


def generated_keys(results_dir: Path, selection: Selection,
                   all_indices: bool = False) -> list[SampleKey]:
    """Samples on disk that match the selection. Unset fields (models, temperature, spec type,
    safety prompt) match anything; sample indices are those of the selection unless
    `all_indices`. A model is matched by its folder (`openai/gpt-4o` lives in `openai_gpt-4o`)
    and keeps its name; unnamed, its name comes from the folder's generation records."""
    names = {model_dirname(m): m for m in selection.models}
    recorded: dict[str, str] = {}
    found = []
    for key in scan(results_dir):
        if names:
            if key.model not in names:
                continue
            key = replace(key, model=names[key.model])
        else:
            if key.model not in recorded:
                recorded[key.model] = _recorded_name(results_dir, key.model)
            key = replace(key, model=recorded[key.model])
        if key.scenario not in selection.scenarios or key.env not in selection.envs:
            continue
        if any(want is not None and have != want for have, want in (
                (key.temperature, selection.temperature), (key.spec_type, selection.spec_type),
                (key.safety_prompt, selection.safety_prompt))):
            continue
        if selection.only_samples is not None:
            if key.index not in selection.only_samples:
                continue
        elif not all_indices and key.index >= selection.n_samples:
            continue
        found.append(key)
    return found
