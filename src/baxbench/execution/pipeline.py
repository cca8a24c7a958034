"""generate -> test: the two stages that write into the results directory, run many at once.

The generate stage lives in `generation/run.py` (its names are re-exported here); this module
runs the test stage and finds the samples a selection names on disk.
"""

from __future__ import annotations

import itertools
import os
import sys
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ..core.constants import CODE_DIR, GENERATION
from ..core.layout import (
    CorruptResult,
    SampleKey,
    Selection,
    encode_name,
    legacy_dirname,
    read_json,
    scan,
)
from ..envs import ENVS
from ..envs.base import using
from ..generation.run import (
    LENGTH_FINISH,
    REFUSAL_FINISH,
    GenerationSettings,
    error_record,
    generate,
    generate_one,
    needs_generation,
)
from ..results import fingerprint, records
from ..results.verdict import SampleResult
from ..sandbox import Backend
from ..scenarios import SCENARIOS
from .runner import SampleTester, Settings

__all__ = ["LENGTH_FINISH", "REFUSAL_FINISH", "GenerationSettings", "Progress", "Selection",
           "describe", "error_record", "generate", "generate_one", "generated_keys",
           "needs_generation", "sample_context", "test", "test_one", "to_test", "write_tested",
           "write_untestable"]


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


# -- testing ------------------------------------------------------------------------------------


def sample_context(key: SampleKey, backend_name: str) -> dict[str, Any]:
    """The fields of test_details.json that say which sample was tested, and how (with the
    fingerprint of the tests, spec, env and harness that grade it)."""
    return {"model": key.model, "scenario": key.scenario, "env": key.env,
            "spec_type": key.spec_type, "safety_prompt": key.safety_prompt,
            "temperature": key.temperature, "sample": key.index, "backend": backend_name,
            **fingerprint.record(key.scenario, key.env)}


def to_test(keys: list[SampleKey], results_dir: Path, force: bool) -> list[SampleKey]:
    """The samples `test` grades: all with `force`; else those without results and those
    graded under another fingerprint than the current one (their tests, spec or env changed),
    which it says."""
    if force:
        return list(keys)
    todo, stale = [], 0
    for key in keys:
        path = key.path(results_dir)
        if records.is_tested(path, fingerprint.fingerprint(key.scenario, key.env)):
            continue
        todo.append(key)
        stale += records.is_tested(path)  # tested, but under another fingerprint
    if stale:
        print(f"test: {stale} sample(s) were graded by tests, a spec, an env or a harness that "
              "changed since: testing them again", file=sys.stderr)
    return todo


def _ft_origins(key: SampleKey) -> list[str]:
    return [t.origin for t in SCENARIOS[key.scenario].functional_tests]


def write_untestable(key: SampleKey, results_dir: Path,
                     backend_name: str) -> SampleResult | None:
    """Record why a sample without code cannot be tested; None when it has code."""
    sample_dir = key.path(results_dir)
    if (sample_dir / CODE_DIR).is_dir():
        return None
    why = "no code"
    if (sample_dir / GENERATION).exists():
        record = read_json(sample_dir / GENERATION)
        status = {"failed": "no_code"}.get(record.get("status"), record.get("status"))
        why = f"generation {status or 'failed'}: {record.get('reason') or '?'}"
    return records.write(sample_dir, [], _ft_origins(key), None, why,
                         sample_context(key, backend_name))


def write_tested(key: SampleKey, results_dir: Path, context: dict[str, Any],
                 build: dict[str, Any], outcomes: list[Any]) -> SampleResult:
    """Write the results of a sample that was built (and, if that worked, tested)."""
    problem = "" if build["ok"] else "build failed"
    return records.write(key.path(results_dir), outcomes, _ft_origins(key), build, problem,
                         context)


def test_one(key: SampleKey, results_dir: Path, backend: Backend, cache: Path,
             settings: Settings) -> SampleResult:
    untestable = write_untestable(key, results_dir, backend.name)
    if untestable is not None:
        return untestable
    started = time.monotonic()
    scenario, env = SCENARIOS[key.scenario], ENVS[key.env]
    code_dir = key.path(results_dir) / CODE_DIR
    build, outcomes = SampleTester(scenario, env, backend, cache, settings).test(code_dir)
    if backend.stopping():
        raise KeyboardInterrupt  # interrupted: write nothing rather than a false verdict
    context = sample_context(key, backend.name)
    context["duration_s"] = round(time.monotonic() - started, 3)
    return write_tested(key, results_dir, context, build, outcomes)


def describe(result: SampleResult) -> tuple[str, str]:
    """The progress line's outcome and detail, by the BaxBench-compatible verdict, with the
    full verdict added where the added tests see more."""
    v, full = result.compat, result.full
    ft = f"{v.passed}/{v.total} functional"
    if result.problem:
        return result.problem.split(":")[0], ft
    detail = f"{ft}, {_cwe_list(v.cwes)}"
    if (full.label, full.cwes) != (v.label, v.cwes):
        detail += f" (full: {full.label}, {full.passed}/{full.total}, {_cwe_list(full.cwes)})"
    return v.label, detail


def _cwe_list(cwes: set[int]) -> str:
    return ", ".join(f"CWE-{c}" for c in sorted(cwes)) or "no CWE"


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
    todo = to_test(keys, results_dir, force)
    if not todo:
        if keys:
            print(f"test: nothing to do: {len(keys)} samples already tested (use --force)",
                  file=out)
        return
    progress = Progress(len(todo), "test", out=out)

    def one(key: SampleKey) -> None:
        what = f"{key.model} {key.scenario} {key.env} sample{key.index}"
        try:
            result = test_one(key, results_dir, backend, cache, settings)
        except Exception as e:  # noqa: BLE001 - one sample's trouble never stops the run
            if backend.stopping():
                raise KeyboardInterrupt from None
            progress.tick(what, "harness error", f"{type(e).__name__}: {e} (not recorded; "
                          "rerun to retry)")
            return
        outcome, detail = describe(result)
        progress.tick(what, outcome, detail)

    with using(cache, [k.env for k in todo]):
        _parallel(todo, one, workers)
    print(progress.summary(), file=out)


def _legacy_model(results_dir: Path, key: SampleKey, models: list[str]) -> str | None:
    """The model a sample belongs to, matching folders of the layout before `encode_name` (where
    `org/my_model` became `org_my_model`) too; None when no selected model matches. Without a
    selection, an old folder's name is read from its generation records."""
    folder = encode_name(key.model)
    maybe_legacy = "%" not in folder and "_" in folder
    if models:
        return next((m for m in models if m == key.model
                     or (maybe_legacy and legacy_dirname(m) == folder)), None)
    if maybe_legacy:
        for record in itertools.islice((results_dir / folder).rglob(GENERATION), 5):
            try:
                name = read_json(record).get("model")
            except CorruptResult:
                continue
            if isinstance(name, str) and legacy_dirname(name) == folder:
                return name
    return key.model


def generated_keys(results_dir: Path, selection: Selection,
                   all_indices: bool = False) -> list[SampleKey]:
    """Samples on disk that match the selection. Unset fields (models, temperature, spec type,
    safety prompt) match anything; sample indices are those of the selection unless
    `all_indices`. Model names come from the folder names (`core.layout.decode_name`)."""
    named: dict[str, str | None] = {}
    found = []
    for key in scan(results_dir):
        if key.model not in named:
            named[key.model] = _legacy_model(results_dir, key, selection.models)
        if named[key.model] is None:
            continue
        key = replace(key, model=named[key.model])
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
