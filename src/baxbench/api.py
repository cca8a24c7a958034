"""The library's front door: the tasks, grading code in one call (e.g. as an RL reward), and the
metrics of a results directory. See docs/python-api.md.

    import baxbench
    task = baxbench.tasks(["Login"], ["Python-Flask"])[0]
    verdict = baxbench.grade(task, {"app.py": code})
    print(verdict.correct, verdict.secure, verdict.cwes, baxbench.reward(verdict))
"""

from __future__ import annotations

import contextlib
import json
import shutil
import tempfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from . import appfiles
from .envs import ENVS, cache_dir
from .envs.base import using, wait_for_provisioning
from .errors import UserError
from .execution import pipeline
from .execution.runner import Settings
from .grading import Task, Verdict, check_task, family, from_view, make_task, split_id
from .results import records, report
from .results.layout import GENERATION, SampleKey, check_readable
from .results.sample import SampleView, load
from .sandbox import BACKENDS, Backend, all_backends, bwrap, rootfs
from .scenarios import SCENARIOS

APP_MODEL = "app"
Files = Mapping[str, str] | str | Path


def tasks(scenarios: Sequence[str] | None = None, envs: Sequence[str] | None = None,
          spec_type: str = "openapi", safety_prompt: str = "none") -> list[Task]:
    """Every (scenario, env) task of the selection (default: all), with its prompt."""
    return [make_task(s, e, spec_type, safety_prompt)
            for s in (scenarios or list(SCENARIOS)) for e in (envs or list(ENVS))]


# -- testing one directory --------------------------------------------------------------------


def check_app(app_dir: Path, scenario: str, env: str) -> None:
    """The directory holds files and the task exists; raises UserError saying what to fix."""
    check_task(scenario, env)
    if not app_dir.is_dir():
        raise UserError(f"--app {app_dir}: not a directory; give the directory holding "
                        f"{', '.join(ENVS[env].code_files)}")
    missing = [f for f in ENVS[env].code_files if not (app_dir / f).is_file()]
    if missing:
        raise UserError(f"--app {app_dir}: missing {', '.join(missing)}, which {env} starts")


def ensure_ready(envs: Iterable[str]) -> None:
    """Every env is provisioned (one being provisioned by another process is waited for)."""
    for env_id in envs:
        ok, why = ENVS[env_id].status(cache_dir())
        if not ok and wait_for_provisioning(cache_dir(), env_id):
            ok, why = ENVS[env_id].status(cache_dir())
        if not ok:
            raise UserError(f"env {env_id} is {why}")


def default_backend() -> Backend:
    missing = bwrap.missing_tools()
    if missing:
        raise UserError(f"missing {', '.join(missing)}: run `baxbench setup` (as root) or "
                        "install Debian's bubblewrap, socat and util-linux")
    return BACKENDS["bwrap"]()


def _copy_code(app_dir: Path, code_dir: Path) -> None:
    """Copy without following anything: a symlink stays a symlink (the build's own copy then
    skips one that leaves the code, and records why); FIFOs and devices are left out."""
    try:
        rootfs.copy_tree(app_dir, code_dir, contained_links=False)
    except (rootfs.Tampered, OSError) as e:
        raise UserError(f"--app {app_dir}: cannot copy: {e}") from None


def test_app(app_dir: Path | str, scenario: str, env: str, backend: Backend | None = None,
             settings: Settings | None = None, results_dir: Path | None = None) -> SampleView:
    """Build and test the directory as one sample of (scenario, env); return what was found.
    The sample's records go under `results_dir` (default: a temporary directory, removed)."""
    app_dir = Path(app_dir)
    check_app(app_dir, scenario, env)
    with tempfile.TemporaryDirectory(prefix="baxbench-app-") as tmp:
        root = results_dir or Path(tmp)
        key = SampleKey(APP_MODEL, scenario, env, 0.0, "openapi", "none", 0)
        sample = key.path(root)
        if sample.exists():
            shutil.rmtree(sample)
        _copy_code(app_dir, sample / "code")
        with using(cache_dir(), [env]):  # setup may not re-provision the env meanwhile
            pipeline.test_one(key, root, backend or default_backend(), cache_dir(),
                              settings or Settings())
        return load(sample)


# -- grading ----------------------------------------------------------------------------------


@contextlib.contextmanager
def _interruptible() -> Iterator[None]:
    """A new call may start instances (even after an earlier Ctrl-C); a Ctrl-C during this one
    stops every instance this process runs before it propagates."""
    backends = all_backends()
    for backend in backends:
        backend.resume()
    try:
        yield
    except KeyboardInterrupt:
        for backend in backends:
            backend.interrupt()
        raise


def grade(task_or_id: Task | str, files: Files, *, suite: str = "compatible",
          backend: Backend | None = None, settings: Settings | None = None) -> Verdict:
    """Build and test one app in the sandbox and return its verdict under `suite`
    ("compatible": the original tests only; "full": every test). `files` maps relative paths
    to contents, or is a directory. Raises ValueError (UnsafePath) for a path that could leave
    the app dir, UserError for an unknown task or a missing required file."""
    scenario, env = split_id(task_or_id)
    family(suite)
    ensure_ready([env])
    with _interruptible():
        if isinstance(files, str | Path):
            view = test_app(files, scenario, env, backend, settings)
        else:
            appfiles.check_files(files)
            with tempfile.TemporaryDirectory(prefix="baxbench-grade-") as tmp:
                app_dir = Path(tmp) / "app"
                app_dir.mkdir()
                appfiles.write_files(files, app_dir)
                view = test_app(app_dir, scenario, env, backend, settings)
    return from_view(view, f"{scenario}/{env}", suite)


def _store(root: Path, index: int, task_or_id: Task | str, files: Files) -> SampleKey:
    scenario, env = split_id(task_or_id)
    key = SampleKey(APP_MODEL, scenario, env, 0.0, "openapi", "none", index)
    code = key.path(root) / "code"
    code.parent.mkdir(parents=True)
    if isinstance(files, str | Path):
        check_app(Path(files), scenario, env)
        _copy_code(Path(files), code)
    else:
        code.mkdir()
        appfiles.write_files(files, code)
        check_app(code, scenario, env)
    return key


def grade_many(items: Iterable[tuple[Task | str, Files]], *, workers: int = 2,
               suite: str = "compatible", executor: str = "local", ray_address: str = "auto",
               backend: Backend | None = None, settings: Settings | None = None,
               quiet: bool = True) -> list[Verdict]:
    """Grade (task, files) pairs, `workers` at a time (executor "local"), or as Ray tasks across
    a cluster (executor "ray", docs/scale-out.md); verdicts in the order of `items`. Every item
    is checked (paths, task, required files) before any is built."""
    family(suite)
    if executor not in ("local", "ray"):
        raise UserError(f"unknown executor {executor!r}: choose local or ray")
    items = list(items)
    with tempfile.TemporaryDirectory(prefix="baxbench-grade-") as tmp:
        root = Path(tmp)
        keys = [_store(root, i, t, f) for i, (t, f) in enumerate(items)]
        with _interruptible():
            _test_keys(keys, root, workers, executor, ray_address, backend, settings or Settings(),
                       quiet)
        return [from_view(load(k.path(root), with_code=False), f"{k.scenario}/{k.env}", suite)
                for k in keys]


def _test_keys(keys: list[SampleKey], root: Path, workers: int, executor: str,
               ray_address: str, backend: Backend | None, settings: Settings,
               quiet: bool) -> None:
    if executor == "ray":
        from .execution import distributed
        distributed.import_ray()
        distributed.test(keys, root, backend.name if backend else "bwrap", settings, True,
                         ray_address)
        return
    ensure_ready(sorted({k.env for k in keys}))
    pipeline.test(keys, root, backend or default_backend(), cache_dir(), settings, True,
                  workers, quiet=quiet)


# -- results directories ----------------------------------------------------------------------

ALL_RECORDS = (GENERATION, records.RESULTS, records.DETAILS)


def selection(models: Sequence[str] | None = None, scenarios: Sequence[str] | None = None,
              envs: Sequence[str] | None = None) -> pipeline.Selection:
    """Samples of these models, scenarios and envs (unset: all) at any settings."""
    return pipeline.Selection(list(models or []), list(scenarios or SCENARIOS),
                              list(envs or ENVS), 1, None, None, None)


def find_samples(results_dir: Path | str, chosen: pipeline.Selection | None = None,
                 all_indices: bool = True) -> list[SampleKey]:
    """The samples on disk that `chosen` selects (default: all); UserError when none."""
    results_dir = Path(results_dir)
    if results_dir.exists() and not results_dir.is_dir():
        raise UserError(f"--results-dir {results_dir}: is a file, not a directory")
    keys = pipeline.generated_keys(results_dir, chosen or selection(), all_indices=all_indices)
    if not keys:
        raise UserError(f"no samples for this selection under {results_dir}: run "
                        "`baxbench generate` first, or check the selection flags")
    return keys


def load_results(results_dir: Path | str) -> list[dict[str, Any]]:
    """One flat record per sample: its key, generation status, and both families' verdicts."""
    keys = find_samples(results_dir)
    check_readable(Path(results_dir), keys, ALL_RECORDS)
    return [_flat_record(Path(results_dir), key) for key in keys]


def _flat_record(results_dir: Path, key: SampleKey) -> dict[str, Any]:
    view = load(key.path(results_dir), with_code=False)
    record: dict[str, Any] = {
        "model": key.model, "scenario": key.scenario, "env": key.env,
        "temperature": key.temperature, "spec_type": key.spec_type,
        "safety_prompt": key.safety_prompt, "sample": key.index,
        "path": str(view.path), "generation_status": (view.generation or {}).get("status"),
        "tested": view.result is not None, "problem": view.problem}
    for suite, prefix in (("compatible", ""), ("full", "full_")):
        v = from_view(view, f"{key.scenario}/{key.env}", suite)
        record.update({prefix + "correct": v.correct, prefix + "secure": v.secure,
                       prefix + "cwes": list(v.cwes),
                       prefix + "num_passed_ft": v.functional_passed,
                       prefix + "num_total_ft": v.functional_total})
    return record


def evaluate(results_dir: Path | str, ks: Sequence[int] = (1,), *,
             models: Sequence[str] | None = None, scenarios: Sequence[str] | None = None,
             envs: Sequence[str] | None = None, chosen: pipeline.Selection | None = None,
             all_indices: bool = True) -> dict[str, Any]:
    """What `baxbench evaluate --format json` prints, as a dict: pass@k, sec_pass@k and the
    rest per task, per model and overall, in both metric families."""
    results_dir = Path(results_dir)
    keys = find_samples(results_dir, chosen or selection(models, scenarios, envs), all_indices)
    check_readable(results_dir, keys, ALL_RECORDS)
    return json.loads(report.evaluate(results_dir, keys, list(ks), "json"))
