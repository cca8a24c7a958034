"""The `baxbench` command: list, setup, doctor, generate, test, evaluate, report, show, run,
selfcheck, export-tasks, cleanup. Bad input is one line (what, where, what to do), found before
any model is asked or any app is built."""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from . import api, writable
from .cli_parser import build_parser, parse
from .envs import ENVS, ProvisionError, cache_dir
from .errors import UserError
from .execution import distributed, pipeline
from .execution.runner import Settings
from .generation.models import ModelError, check_variant, get_model
from .generation.prices import PriceError, PriceTable
from .generation.providers import ModelOptions
from .generation.retry import RetryPolicy
from .results import report, usage
from .results.layout import GENERATION, CorruptResult, check_readable
from .sandbox import BACKENDS, all_backends, bwrap, cleanup_leftovers
from .sandbox.base import SandboxError
from .scenarios import SCENARIOS

__all__ = ["UserError", "build_parser", "main"]


def _choose(kind: str, wanted: list[str] | None, valid: list[str],
            excluded: list[str] | None) -> list[str]:
    chosen = wanted or valid
    for name in [*chosen, *(excluded or [])]:
        if name not in valid:
            raise UserError(f"unknown {kind} {name!r}: choose from {', '.join(valid)}")
    return [n for n in chosen if n not in (excluded or [])]


def _selection(args: argparse.Namespace, default_models: list[str] | None,
               generating: bool = False) -> pipeline.Selection:
    """What to work on. Generating needs concrete settings; reading results takes any found."""
    scenarios = _choose("scenario", args.scenarios, list(SCENARIOS), args.exclude_scenarios)
    envs = _choose("env", args.envs, list(ENVS), args.exclude_envs)
    models = args.models or default_models or []
    settings = (args.temperature, args.spec_type, args.safety_prompt)
    if generating:
        settings = tuple(given if given is not None else default
                         for given, default in zip(settings, (0.2, "openapi", "none"), strict=True))
    return pipeline.Selection(models, scenarios, envs, args.n_samples or 1, *settings,
                              only_samples=args.only_samples)


ALL_RECORDS = api.ALL_RECORDS


def _found_keys(args: argparse.Namespace, selection: pipeline.Selection,
                check: tuple[str, ...] = ALL_RECORDS) -> list[Any]:
    keys = api.find_samples(args.results_dir, selection, all_indices=args.n_samples is None)
    check_readable(args.results_dir, keys, check)
    return keys


def _backend(args: argparse.Namespace) -> Any:
    if args.backend == "bwrap":
        missing = bwrap.missing_tools()
        if missing:
            raise UserError(f"missing {', '.join(missing)}: run `baxbench setup` (as root) or "
                            "install Debian's bubblewrap, socat and util-linux")
        for weakness in BACKENDS["bwrap"]().weaknesses():
            print(f"warning: sandbox: {weakness}", file=sys.stderr)
    return BACKENDS[args.backend]()


def _settings(args: argparse.Namespace) -> Settings:
    return Settings(args.test_timeout, args.start_timeout, args.keep_instances)


Tester = Callable[[list[Any], Path, bool], None]


def _tester(args: argparse.Namespace) -> Tester:
    """How samples get tested: here (a thread pool) or as Ray tasks across a cluster."""
    settings = _settings(args)
    if args.executor == "ray":
        distributed.import_ray()  # fail now, before any work, when Ray is not installed
        return lambda keys, results_dir, force: distributed.test(
            keys, results_dir, args.backend, settings, force, args.ray_address)
    backend = _backend(args)
    return lambda keys, results_dir, force: pipeline.test(
        keys, results_dir, backend, cache_dir(), settings, force, args.workers)


def _check_envs_ready(envs: list[str], executor: str = "local") -> None:
    """Every env is provisioned; one that another process is provisioning is waited for.
    On Ray each node provisions what it lacks."""
    if executor != "ray":
        api.ensure_ready(envs)


def _generation_settings(args: argparse.Namespace) -> pipeline.GenerationSettings:
    if args.thinking_budget is not None and args.thinking_budget < 1024:
        raise UserError(f"--thinking-budget {args.thinking_budget}: Anthropic needs at least 1024")
    try:
        prices = PriceTable.load(args.prices, args.price)
    except PriceError as e:
        raise UserError(str(e)) from None
    options = ModelOptions(base_url=args.base_url, anthropic_base_url=args.anthropic_base_url,
                           max_tokens=args.max_tokens, reasoning_effort=args.reasoning_effort,
                           thinking_budget=args.thinking_budget, timeout=args.request_timeout)
    return pipeline.GenerationSettings(options, RetryPolicy(max_attempts=args.max_attempts),
                                       prices)


def _prepare_generation(args: argparse.Namespace, selection: pipeline.Selection
                        ) -> pipeline.GenerationSettings:
    """Everything generation needs, checked before the first request: a writable results dir,
    known models with their keys, readable records of the samples that would be skipped."""
    settings = _generation_settings(args)
    tasks = [(s, e) for s in selection.scenarios for e in selection.envs]
    for name in selection.models:
        get_model(name, settings.model_options)
        check_variant(name, tasks)
    writable.directory(args.results_dir)
    if not args.force:
        check_readable(args.results_dir, selection.sample_keys(), (GENERATION,))
    if args.agent:
        from .commands.agent import agent_settings
        settings = agent_settings(args, selection, settings)
    return settings


def _explain_ks(keys: list[Any], ks: list[int]) -> None:
    """Say why pass@k shows '-' when some task has fewer than k samples."""
    per_task: dict[Any, int] = {}
    for key in keys:
        per_task[key.task] = per_task.get(key.task, 0) + 1
    fewest = min(per_task.values(), default=0)
    for k in ks:
        if k > fewest:
            print(f"note: pass@{k} and sec_pass@{k} need at least {k} samples per task; "
                  f"some tasks have {fewest}, shown as '-' (generate more with --n-samples {k})",
                  file=sys.stderr)


def _with_usage(args: argparse.Namespace, report_text: str, keys: list[Any]) -> str:
    if not args.usage:
        return report_text
    rows = usage.usage_by_model(args.results_dir, keys)
    if args.format == "json":
        return json.dumps({**json.loads(report_text), "usage": rows}, indent=2)
    title = {"csv": "", "markdown": "### Usage per model\n\n"}.get(args.format,
                                                                   "usage per model:\n")
    return report_text + "\n\n" + title + usage.render_usage(rows, args.format)


def cmd_list(args: argparse.Namespace) -> int:
    from .generation.models import OFFLINE_MODELS
    from .generation.providers import PROVIDERS
    items = {"scenarios": list(SCENARIOS), "envs": list(ENVS),
             "models": [*OFFLINE_MODELS, *(f"{p}/<model>" for p in PROVIDERS)]}[args.what]
    print(json.dumps(items) if args.format == "json" else "\n".join(items))
    return 0


def cmd_generate(args: argparse.Namespace) -> int:
    selection = _selection(args, ["reference"], generating=True)
    settings = _prepare_generation(args, selection)
    failed = pipeline.generate(selection, args.results_dir, args.force, args.max_concurrency,
                               settings)
    return 1 if failed else 0


def cmd_test(args: argparse.Namespace) -> int:
    if args.app is not None or args.scenario or args.env:
        from .commands import test_app
        return test_app.run(args)
    keys = _found_keys(args, _selection(args, None),
                       (GENERATION,) if args.force else ALL_RECORDS)
    writable.directory(args.results_dir)
    _check_envs_ready(sorted({k.env for k in keys}), args.executor)
    _tester(args)(keys, args.results_dir, args.force)
    return 0


def cmd_evaluate(args: argparse.Namespace) -> int:
    selection = _selection(args, None)
    keys = _found_keys(args, selection)
    _explain_ks(keys, args.ks)
    if args.format == "json":  # the Python API's evaluate(), printed
        data = api.evaluate(args.results_dir, args.ks, chosen=selection,
                            all_indices=args.n_samples is None)
        text = _with_usage(args, json.dumps(data, indent=2), keys)
    else:
        text = _with_usage(args, report.evaluate(args.results_dir, keys, args.ks, args.format),
                           keys)
    print(text)
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from .results import html
    writable.output_file(args.output)
    keys = _found_keys(args, _selection(args, None))
    _explain_ks(keys, args.ks)
    args.output.write_text(html.build(args.results_dir, keys, args.ks))
    print(f"wrote {args.output} ({args.output.stat().st_size // 1024} KiB, {len(keys)} samples)")
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    from .commands import show
    return show.run(args)


def cmd_export_tasks(args: argparse.Namespace) -> int:
    from .generation import tasks
    rows = tasks.records(_choose("scenario", args.scenarios, list(SCENARIOS), None),
                         _choose("env", args.envs, list(ENVS), None))
    writable.output_file(args.output)
    try:
        tasks.write(rows, args.output)
    except tasks.ExportError as e:
        raise UserError(str(e)) from None
    print(f"wrote {len(rows)} tasks to {args.output}")
    return 0


def cmd_run(args: argparse.Namespace) -> int:
    from .commands import repair
    repair.check(args)
    selection = _selection(args, ["reference"], generating=True)
    settings = _prepare_generation(args, selection)
    _check_envs_ready(selection.envs, args.executor)
    tester = _tester(args)
    failed = pipeline.generate(selection, args.results_dir, args.force, args.max_concurrency,
                               settings)
    keys = pipeline.generated_keys(args.results_dir, selection)
    check_readable(args.results_dir, keys, (GENERATION,) if args.force else ALL_RECORDS)
    tester(keys, args.results_dir, args.force)
    if args.repair_rounds:
        failed += repair.run(args, keys, settings)
    _explain_ks(keys, args.ks)
    print(_with_usage(args, report.evaluate(args.results_dir, keys, args.ks, args.format), keys))
    print(f"results: {args.results_dir}  (HTML report: baxbench report --results-dir "
          f"{args.results_dir} -o report.html)", file=sys.stderr)
    return 1 if failed else 0


def cmd_selfcheck(args: argparse.Namespace) -> int:
    from .execution import selfcheck
    scenarios = _choose("scenario", args.scenarios, list(SCENARIOS), None)
    envs = _choose("env", args.envs, list(ENVS), None)
    if args.results_dir is not None:
        writable.directory(args.results_dir)
    if not selfcheck.has_cases(scenarios, envs, args.only):
        raise UserError(f"no {'' if args.only == 'all' else args.only + ' '}reference apps for "
                        "these scenarios and envs: see docs/frameworks.md for the matrix")
    _check_envs_ready(envs, args.executor)
    rows = selfcheck.run(scenarios, envs, args.results_dir, _tester(args), args.only)
    print(selfcheck.render(rows, args.format))
    return 1 if any(r["ok"] is False for r in rows) else 0


def cmd_setup(args: argparse.Namespace) -> int:
    from . import setup
    envs = _choose("env", args.envs, list(ENVS), None)
    return setup.setup(envs, args.force)


def cmd_doctor(args: argparse.Namespace) -> int:
    from . import setup
    if args.executor == "ray":
        return setup.print_rows(distributed.doctor_rows(args.ray_address), args.format)
    return setup.doctor(args.format)


def cmd_cleanup(args: argparse.Namespace) -> int:
    if args.executor == "ray":
        for node, n_cgroups, n_dirs in sorted(distributed.cleanup(args.ray_address)):
            print(f"node {node}: removed {n_cgroups} cgroups and {n_dirs} instance directories "
                  "left by runs that are gone")
        return 0
    cgroups_removed, dirs_removed = cleanup_leftovers()
    print(f"removed {len(cgroups_removed)} cgroups and {len(dirs_removed)} instance directories "
          "left by runs that are gone (runs still going are left alone)")
    return 0


COMMANDS = {"list": cmd_list, "setup": cmd_setup, "doctor": cmd_doctor,
            "generate": cmd_generate, "test": cmd_test, "evaluate": cmd_evaluate, "run": cmd_run,
            "report": cmd_report, "show": cmd_show, "export-tasks": cmd_export_tasks,
            "selfcheck": cmd_selfcheck, "cleanup": cmd_cleanup}
ERRORS = (UserError, ModelError, ProvisionError, CorruptResult, SandboxError,
          writable.PathProblem, distributed.ExecutorError)


def _on_term(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    signal.signal(signal.SIGTERM, _on_term)
    backends = all_backends()
    for backend in backends:
        backend.resume()
    try:
        return COMMANDS[args.command](args)
    except ERRORS as e:
        print(f"baxbench: error: {e}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # output piped into `head` and the like
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    except KeyboardInterrupt:
        for backend in backends:
            backend.interrupt()
        print("baxbench: interrupted; finished samples are kept, rerun to continue",
              file=sys.stderr)
        return 130
    finally:
        for backend in backends:
            backend.stop_all()


if __name__ == "__main__":
    sys.exit(main())
