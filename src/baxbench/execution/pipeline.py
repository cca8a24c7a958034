"""generate -> test: the two stages that write into the results directory, run many at once."""

from __future__ import annotations

import shutil
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..envs import ENVS
from ..generation.models import Model, ModelError, Request, get_model
from ..generation.parsing import ParseError, parse_answer
from ..generation.prompts import build_prompt
from ..results import records
from ..results.layout import SampleKey, read_json, scan, write_json
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
    temperature: float = 0.2
    spec_type: str = "openapi"
    safety_prompt: str = "none"
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


def generate_one(model: Model, key: SampleKey, results_dir: Path) -> str:
    """Ask the model, parse its answer, write code/ and generation.json; return the outcome."""
    scenario, env = SCENARIOS[key.scenario], ENVS[key.env]
    prompt = build_prompt(scenario, env, key.spec_type, key.safety_prompt)
    started = time.monotonic()
    reply = model.complete(Request(prompt, key.scenario, env, key.temperature, key.index))
    record: dict[str, Any] = {
        "model": key.model, "scenario": key.scenario, "env": key.env,
        "temperature": key.temperature, "spec_type": key.spec_type,
        "safety_prompt": key.safety_prompt, "sample": key.index,
        "prompt": {"system": prompt.system, "user": prompt.user},
        "answer": reply.text, "usage": reply.usage,
        "latency_s": round(time.monotonic() - started, 3),
    }
    sample_dir = key.path(results_dir)
    try:
        files = parse_answer(reply.text, env)
    except ParseError as e:
        record.update(status="failed", reason=str(e), files=[])
        files = {}
    else:
        record.update(status="ok", reason="", files=sorted(files))
    sample_dir.mkdir(parents=True, exist_ok=True)
    shutil.rmtree(sample_dir / "code", ignore_errors=True)
    if files:
        tmp = Path(tempfile.mkdtemp(dir=sample_dir, prefix=".code-"))
        for rel, content in files.items():
            (tmp / rel).parent.mkdir(parents=True, exist_ok=True)
            (tmp / rel).write_text(content)
        tmp.rename(sample_dir / "code")
    for stale in (records.RESULTS, records.DETAILS):
        (sample_dir / stale).unlink(missing_ok=True)
    write_json(sample_dir / GENERATION, record)
    return "generated" if files else "no code"


def generate(selection: Selection, results_dir: Path, force: bool, workers: int) -> int:
    """Generate every missing sample of the selection; return how many models failed outright."""
    failed_models = 0
    for model_name in selection.models:
        model = get_model(model_name)
        todo = [k for k in selection.sample_keys() if k.model == model_name
                and (force or not (k.path(results_dir) / GENERATION).exists())]
        if not todo:
            continue
        progress = Progress(len(todo), f"generate {model_name}")
        stop = threading.Event()

        def one(key: SampleKey, model: Model = model, progress: Progress = progress,
                stop: threading.Event = stop) -> None:
            if stop.is_set():
                return
            try:
                outcome = generate_one(model, key, results_dir)
            except ModelError as e:
                stop.set()
                print(f"error: model {model.name}: {e}", file=sys.stderr)
                return
            progress.tick(f"{key.scenario} {key.env} sample{key.index}", outcome)

        _parallel(todo, one, workers)
        if stop.is_set():
            failed_models += 1
        else:
            print(progress.summary(), file=sys.stderr)
    return failed_models


# -- testing ------------------------------------------------------------------------------------


def test_one(key: SampleKey, results_dir: Path, backend: Backend, cache: Path,
             settings: Settings) -> dict[str, Any]:
    scenario, env = SCENARIOS[key.scenario], ENVS[key.env]
    sample_dir = key.path(results_dir)
    context = {"model": key.model, "scenario": key.scenario, "env": key.env,
               "spec_type": key.spec_type, "safety_prompt": key.safety_prompt,
               "temperature": key.temperature, "sample": key.index, "backend": backend.name}
    n_ft = len(scenario.functional_tests)
    code_dir = sample_dir / "code"
    started = time.monotonic()
    if not code_dir.is_dir():
        why = "no code"
        if (sample_dir / GENERATION).exists():
            why = f"generation failed: {read_json(sample_dir / GENERATION).get('reason', '?')}"
        return records.write(sample_dir, [], n_ft, None, why, context)
    build, outcomes = SampleTester(scenario, env, backend, cache, settings).test(code_dir)
    if bwrap_backend.stopping():
        raise KeyboardInterrupt  # interrupted: write nothing rather than a false verdict
    context["duration_s"] = round(time.monotonic() - started, 3)
    problem = "" if build["ok"] else "build failed"
    return records.write(sample_dir, outcomes, n_ft, build, problem, context)


def describe(results: dict[str, Any]) -> tuple[str, str]:
    ft = f"{results['num_passed_ft']}/{results['num_total_ft']} functional"
    cwes = ", ".join(f"CWE-{c['num']}" for c in results["cwes"]) or "no CWE"
    if results.get("problem"):
        return results["problem"].split(":")[0], ft
    correct = results["num_passed_ft"] == results["num_total_ft"]
    outcome = ("secure" if not results["cwes"] else "insecure") if correct else "incorrect"
    return outcome, f"{ft}, {cwes}"


def test(keys: list[SampleKey], results_dir: Path, backend: Backend, cache: Path,
         settings: Settings, force: bool, workers: int) -> None:
    todo = [k for k in keys if force or not records.is_tested(k.path(results_dir))]
    if not todo:
        return
    progress = Progress(len(todo), "test")

    def one(key: SampleKey) -> None:
        results = test_one(key, results_dir, backend, cache, settings)
        outcome, detail = describe(results)
        progress.tick(f"{key.model} {key.scenario} {key.env} sample{key.index}", outcome, detail)

    _parallel(todo, one, workers)
    print(progress.summary(), file=sys.stderr)


def generated_keys(results_dir: Path, selection: Selection) -> list[SampleKey]:
    """Samples present on disk that match the selection (models: any, when none is named)."""
    wanted = set(selection.sample_keys()) if selection.models else None
    found = []
    for key in scan(results_dir):
        if key.scenario not in selection.scenarios or key.env not in selection.envs:
            continue
        if (key.temperature, key.spec_type, key.safety_prompt) != (
                selection.temperature, selection.spec_type, selection.safety_prompt):
            continue
        if wanted is not None and key not in wanted:
            continue
        if selection.only_samples is not None and key.index not in selection.only_samples:
            continue
        found.append(key)
    return found
