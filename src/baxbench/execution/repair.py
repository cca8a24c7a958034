"""The repair loop (`run --repair-rounds N`): after a sample is tested, send what went wrong back
to the model in the same conversation, test its new code, and so on for up to N rounds.

Round 0 is the sample as `generate` and `test` leave it; round r >= 1 lives in `round<r>/` of the
sample directory (`core.layout.round_dir`) with its own code/, generation.json (which holds the
feedback and the conversation sent), test_results.json and test_details.json. A sample is asked
again while its last round is tested and not yet done: correct (feedback `functional`), or
correct and secure (`security`, `both`), both by the full family (every test). Everything is
resumable: each round runs only what its directory lacks (an answer, then results).
"""

from __future__ import annotations

import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from ..core.constants import CODE_DIR, DETAILS, GENERATION
from ..core.layout import SampleKey, read_json, round_dir
from ..envs import ENVS
from ..envs.base import using
from ..generation import feedback, retry
from ..generation.base import Model, ModelError, Reply, Request
from ..generation.prompts import Prompt
from ..generation.retry import Gate, TransientError
from ..generation.run import (
    GenerationSettings,
    _generation_record,
    _judge_answer,
    _run_daemons,
    _store_sample,
    needs_generation,
)
from ..results import fingerprint, records
from ..results.verdict import SampleResult
from ..sandbox import Backend
from ..scenarios import SCENARIOS
from .pipeline import Progress, _parallel, describe, sample_context
from .runner import SampleTester, Settings


@dataclass(frozen=True)
class RepairPlan:
    rounds: int
    mode: str = "functional"  # feedback.MODES


@dataclass(frozen=True)
class Testing:
    backend: Backend
    cache: Path
    settings: Settings
    workers: int


def is_done(result: SampleResult, mode: str) -> bool:
    """Nothing left to repair: correct, and secure too when the feedback covers security."""
    full = result.full
    return full.correct if mode == "functional" else full.secure


def wants_round(sample_dir: Path, r: int, mode: str) -> bool:
    """Round r is due: round r-1 has an answer (not an error) and results that are not done."""
    prev = round_dir(sample_dir, r - 1)
    if not (prev / GENERATION).exists() or not records.is_tested(prev):
        return False
    if read_json(prev / GENERATION).get("status") == "error":
        return False
    return not is_done(records.read(prev), mode)


def conversation(sample_dir: Path, r: int, mode: str) -> tuple[Prompt, list[dict[str, str]]]:
    """The first prompt and the messages after it that ask for round r."""
    first = read_json(sample_dir / GENERATION)["prompt"]
    prev = read_json(round_dir(sample_dir, r - 1) / GENERATION)
    details = read_json(round_dir(sample_dir, r - 1) / DETAILS)
    history = list(prev.get("history") or [])
    # APIs refuse an empty assistant message: an empty answer is sent as a note saying so
    history += [{"role": "assistant", "content": prev.get("answer") or "(no answer)"},
                {"role": "user", "content": feedback.message(prev, details, mode)}]
    return Prompt(first["system"], first["user"]), history


def ask(model: Model, key: SampleKey, r: int, results_dir: Path, plan: RepairPlan,
        settings: GenerationSettings, gate: Gate) -> str:
    """Ask for round r and store its answer; raises ModelError/TransientError/Stopped (and then
    stores nothing, so a rerun asks again)."""
    sample_dir = key.path(results_dir)
    prompt, history = conversation(sample_dir, r, plan.mode)
    env = ENVS[key.env]
    request = Request(prompt, key.scenario, env, key.temperature, key.index, tuple(history))
    started, latency = time.monotonic(), [0.0]

    def attempt() -> Reply:
        sent = time.monotonic()
        reply = model.complete(request)
        latency.append(time.monotonic() - sent)
        return reply

    reply, reasons = retry.call(attempt, settings.retry, gate, None)
    record = _generation_record(key, prompt, reply, reasons, settings.prices)
    record.update(round=r, feedback_mode=plan.mode, history=history,
                  latency_s=round(latency[-1], 3),
                  elapsed_s=round(time.monotonic() - started, 3))
    files = _judge_answer(reply, env, record)
    _store_sample(round_dir(sample_dir, r), record, files)
    return "generated" if record["status"] == "ok" else record["status"].replace("_", " ")


def test_round(key: SampleKey, r: int, results_dir: Path, testing: Testing) -> SampleResult:
    """Build and test round r's code (or record why there is none)."""
    where = round_dir(key.path(results_dir), r)
    origins = [t.origin for t in SCENARIOS[key.scenario].functional_tests]
    context = {**sample_context(key, testing.backend.name), "round": r}
    if not (where / CODE_DIR).is_dir():
        status = read_json(where / GENERATION).get("status")
        why = f"generation {status}: {read_json(where / GENERATION).get('reason') or '?'}"
        return records.write(where, [], origins, None, why, context)
    started = time.monotonic()
    tester = SampleTester(SCENARIOS[key.scenario], ENVS[key.env], testing.backend,
                          testing.cache, testing.settings)
    build, outcomes = tester.test(where / CODE_DIR)
    if testing.backend.stopping():
        raise KeyboardInterrupt  # interrupted: write nothing rather than a false verdict
    context["duration_s"] = round(time.monotonic() - started, 3)
    return records.write(where, outcomes, origins, build, "" if build["ok"] else "build failed",
                         context)


def _generate_round(keys: list[SampleKey], r: int, results_dir: Path, plan: RepairPlan,
                    models: dict[str, Model], settings: GenerationSettings, workers: int) -> int:
    """Ask for round r of each key; return how many got no answer."""
    gates = {name: Gate() for name in models}
    progress = Progress(len(keys), f"repair round {r}: generate")
    failed: list[SampleKey] = []
    lock = threading.Lock()

    def one(key: SampleKey) -> None:
        what = f"{key.model} {key.scenario} {key.env} sample{key.index}"
        try:
            outcome = ask(models[key.model], key, r, results_dir, plan, settings,
                          gates[key.model])
        except (ModelError, TransientError, retry.Stopped) as e:
            if isinstance(e, ModelError):  # no request of this model can succeed
                gates[key.model].stop.set()
            with lock:
                failed.append(key)
            why = str(e) or "the model stopped earlier"
            progress.tick(what, "failed", f"{why} (not recorded; rerun to ask again)")
            return
        progress.tick(what, outcome)

    def interrupt() -> None:
        for gate in gates.values():
            gate.stop.set()

    _run_daemons(keys, one, workers, interrupt)  # Ctrl-C abandons requests in flight
    print(progress.summary(), file=sys.stderr)
    return len(failed)


def _test_round(keys: list[SampleKey], r: int, results_dir: Path, testing: Testing) -> None:
    progress = Progress(len(keys), f"repair round {r}: test")

    def one(key: SampleKey) -> None:
        what = f"{key.model} {key.scenario} {key.env} sample{key.index}"
        try:
            result = test_round(key, r, results_dir, testing)
        except Exception as e:  # noqa: BLE001 - one sample's trouble never stops the run
            if testing.backend.stopping():
                raise KeyboardInterrupt from None
            progress.tick(what, "harness error", f"{type(e).__name__}: {e} (rerun to retry)")
            return
        progress.tick(what, *describe(result))

    with using(testing.cache, [k.env for k in keys]):
        _parallel(keys, one, testing.workers)
    print(progress.summary(), file=sys.stderr)


def _untested(where: Path, key: SampleKey) -> bool:
    """Round answered but without results graded by today's tests, spec, env and harness."""
    current = fingerprint.fingerprint(key.scenario, key.env)
    return (where / GENERATION).exists() and not records.is_tested(where, current)


def repair(keys: list[SampleKey], results_dir: Path, plan: RepairPlan,
           models: dict[str, Model], settings: GenerationSettings, max_concurrency: int,
           testing: Testing) -> int:
    """Run rounds 1..plan.rounds over the tested samples; return how many answers were not
    received (0: everything asked for arrived)."""
    missing = 0
    for r in range(1, plan.rounds + 1):
        due = [k for k in keys if k.model in models
               and wants_round(k.path(results_dir), r, plan.mode)]
        if not due:
            goal = "correct" if plan.mode == "functional" else "correct and secure"
            print(f"repair round {r}: nothing to repair: every sample is {goal} (or untested) "
                  f"after round {r - 1}", file=sys.stderr)
            break
        ask_now = [k for k in due
                   if needs_generation(round_dir(k.path(results_dir), r), force=False)]
        if ask_now:
            missing += _generate_round(ask_now, r, results_dir, plan, models, settings,
                                       max_concurrency)
        untested = [k for k in due if _untested(round_dir(k.path(results_dir), r), k)]
        if untested:
            _test_round(untested, r, results_dir, testing)
    return missing
