"""The `baxbench` command: list, setup, doctor, generate, test, evaluate, run, selfcheck, cleanup."""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn

from .envs import ENVS, ProvisionError, cache_dir
from .execution import distributed, pipeline
from .execution.runner import Settings
from .generation.models import ModelError, get_model
from .generation.prices import PriceError, PriceTable
from .generation.prompts import SAFETY_PROMPTS, SPEC_TYPES
from .generation.providers import (
    ANTHROPIC_DEFAULT_MAX_TOKENS,
    REASONING_EFFORTS,
    THINKING_BUDGETS,
    ModelOptions,
)
from .generation.retry import RetryPolicy
from .results import report, usage
from .results.layout import CorruptResult
from .sandbox import BACKENDS, bwrap
from .sandbox.base import SandboxError
from .scenarios import SCENARIOS


class UserError(Exception):
    """Something the user can fix; printed as one line."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        print(f"baxbench: error: {message} (see `{self.prog} --help`)", file=sys.stderr)
        sys.exit(2)


def _choose(kind: str, wanted: list[str] | None, valid: list[str],
            excluded: list[str] | None) -> list[str]:
    chosen = wanted or valid
    for name in [*chosen, *(excluded or [])]:
        if name not in valid:
            raise UserError(f"unknown {kind} {name!r}: choose from {', '.join(valid)}")
    return [n for n in chosen if n not in (excluded or [])]


def _add_selection(p: argparse.ArgumentParser, models_default: str) -> None:
    g = p.add_argument_group("selection")
    g.add_argument("--models", "--model", nargs="+", metavar="MODEL",
                   help=f"models to use ({models_default})")
    g.add_argument("--scenarios", nargs="+", metavar="SCENARIO", help="default: all")
    g.add_argument("--envs", nargs="+", metavar="ENV", help="default: all")
    g.add_argument("--exclude-scenarios", "--exclude_scenarios", nargs="+", default=[],
                   metavar="SCENARIO")
    g.add_argument("--exclude-envs", "--exclude_envs", nargs="+", default=[], metavar="ENV")
    g.add_argument("--results-dir", "--results_dir", type=Path, default=Path("results"),
                   help="default: ./results")
    g.add_argument("--n-samples", "--n_samples", type=_positive,
                   help="samples per task (generate/run: default 1; otherwise: all found)")
    g.add_argument("--only-samples", "--only_samples", nargs="+", type=int, metavar="I",
                   help="only these sample indices")
    g.add_argument("--temperature", type=float,
                   help="generate/run: default 0.2; otherwise: any found")
    g.add_argument("--spec-type", "--spec_type", choices=SPEC_TYPES,
                   help="generate/run: default openapi; otherwise: any found")
    g.add_argument("--safety-prompt", "--safety_prompt", choices=SAFETY_PROMPTS,
                   help="generate/run: default none; otherwise: any found")
    g.add_argument("--force", action="store_true", help="redo samples that are already done")


def _add_generation(p: argparse.ArgumentParser, workers_alias: bool) -> None:
    g = p.add_argument_group("generation (API models: openai/, anthropic/, together/, "
                             "openrouter/; see docs/models.md)")
    names = ["--max-concurrency", "--max_concurrency"] + (["--workers"] if workers_alias else [])
    g.add_argument(*names, dest="max_concurrency", type=_positive, default=8, metavar="N",
                   help="model requests in flight at once (default 8)")
    g.add_argument("--base-url", "--base_url", metavar="URL",
                   help="OpenAI-compatible endpoint for openai/, together/ and openrouter/ "
                        "models, e.g. a local vLLM, Ollama or LM Studio (default: "
                        "$OPENAI_BASE_URL for openai/, $TOGETHER_BASE_URL, $OPENROUTER_BASE_URL, "
                        "else the provider's own)")
    g.add_argument("--anthropic-base-url", metavar="URL",
                   help="endpoint for anthropic/ models (default: $ANTHROPIC_BASE_URL, else "
                        "Anthropic's)")
    g.add_argument("--max-tokens", "--max_tokens", type=_positive, metavar="N",
                   help="output token limit per answer, reasoning included (default: the "
                        f"provider's; anthropic/ {ANTHROPIC_DEFAULT_MAX_TOKENS})")
    g.add_argument("--reasoning-effort", "--reasoning_effort", choices=REASONING_EFFORTS,
                   help="for reasoning models (OpenAI reasoning_effort; Anthropic: extended "
                        "thinking with a budget of " + ", ".join(
                            f"{v} for {k}" for k, v in THINKING_BUDGETS.items()) + " tokens)")
    g.add_argument("--thinking-budget", "--thinking_budget", type=_positive, metavar="TOKENS",
                   help="Anthropic extended thinking budget (at least 1024)")
    g.add_argument("--request-timeout", type=float, default=600.0, metavar="S",
                   help="seconds for one model request (default 600)")
    g.add_argument("--max-attempts", type=_positive, metavar="N", default=RetryPolicy.max_attempts,
                   help="tries per sample on rate limits, server errors, timeouts and "
                        f"dropped connections (default {RetryPolicy.max_attempts})")
    g.add_argument("--price", action="append", default=[], metavar="MODEL=IN,OUT",
                   help="USD per 1M input and output tokens for a model (repeatable)")
    g.add_argument("--prices", action="append", default=[], type=Path, metavar="FILE",
                   help='JSON file of prices: {"openai/gpt-4o": [2.5, 10]} (repeatable)')


def _add_testing(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("testing")
    g.add_argument("--workers", type=_positive, default=os.cpu_count() or 2,
                   help="samples tested at once (default: number of cores)")
    g.add_argument("--backend", choices=sorted(BACKENDS), default="bwrap",
                   help="sandbox backend (default bwrap; bare = no isolation, for bench only)")
    g.add_argument("--test-timeout", type=float, default=120.0, help="seconds per test")
    g.add_argument("--start-timeout", type=float, default=60.0,
                   help="seconds for the app to answer its first request")
    g.add_argument("--keep-instances", action="store_true",
                   help="keep each instance's files (for debugging)")
    _add_executor(p)


def _add_executor(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("executor (see docs/scale-out.md)")
    g.add_argument("--executor", choices=("local", "ray"), default="local",
                   help="local: this machine (default); ray: one task per sample on a Ray "
                        "cluster (pip install 'baxbench[ray]')")
    g.add_argument("--ray-address", default="auto", metavar="ADDRESS",
                   help="the Ray cluster to join, e.g. 10.0.0.5:6379 (default auto: the "
                        "cluster this machine is part of, else a new local Ray)")


def _add_output(p: argparse.ArgumentParser, ks: bool = True) -> None:
    p.add_argument("--format", choices=report.FORMATS, default="table")
    p.add_argument("--usage", action="store_true",
                   help="also show tokens, cost, latency and retries per model")
    if ks:
        p.add_argument("--ks", nargs="+", type=_positive, default=[1],
                       help="k values for pass@k (default 1)")


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} must be at least 1")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="baxbench", description=(
        "BaxBench: LLMs write web backends from a spec; baxbench runs them in a sandbox and "
        "checks them with functional tests and real exploits."))
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    p = sub.add_parser("list", help="list scenarios, envs or models")
    p.add_argument("what", choices=("scenarios", "envs", "models"))
    p.add_argument("--format", choices=("table", "json"), default="table")

    p = sub.add_parser("setup", help="install system packages and provision env runtimes")
    p.add_argument("--envs", nargs="+", metavar="ENV", help="default: all")
    p.add_argument("--force", action="store_true", help="provision again even if ready")

    p = sub.add_parser("doctor", help="say, per env and tool, whether it is ready and why not")
    p.add_argument("--format", choices=("table", "json"), default="table")
    _add_executor(p)

    p = sub.add_parser("generate", help="ask models for code (writes code/ per sample)")
    _add_selection(p, "default: reference")
    _add_generation(p, workers_alias=True)

    p = sub.add_parser("test", help="build and test generated code found in the results dir")
    _add_selection(p, "default: every model folder in the results dir")
    _add_testing(p)

    p = sub.add_parser("evaluate", help="print pass@k, sec_pass@k and CWE rates")
    _add_selection(p, "default: every model folder in the results dir")
    _add_output(p)

    p = sub.add_parser("report", help="write one self-contained HTML report of a results dir")
    _add_selection(p, "default: every model folder in the results dir")
    p.add_argument("-o", "--output", type=Path, default=Path("report.html"),
                   help="default: ./report.html")

    p = sub.add_parser("export-tasks", help="write the task set (specs, prompts, CWEs) as "
                       "JSONL or Parquet")
    p.add_argument("-o", "--output", type=Path, required=True,
                   help="tasks.jsonl or tasks.parquet")
    p.add_argument("--scenarios", nargs="+", metavar="SCENARIO", help="default: all")
    p.add_argument("--envs", nargs="+", metavar="ENV", help="default: all")

    p = sub.add_parser("run", help="generate, test and evaluate in one go")
    _add_selection(p, "default: reference")
    _add_generation(p, workers_alias=False)
    _add_testing(p)
    _add_output(p)

    p = sub.add_parser("selfcheck", help="check every secure and vulnerable reference app")
    p.add_argument("--scenarios", nargs="+", metavar="SCENARIO", help="default: all")
    p.add_argument("--envs", nargs="+", metavar="ENV", help="default: all")
    p.add_argument("--results-dir", "--results_dir", type=Path,
                   help="keep the runs here (default: a temporary directory)")
    _add_testing(p)
    p.add_argument("--format", choices=("table", "json"), default="table")

    p = sub.add_parser("cleanup", help="remove instances and cgroups that runs which are gone "
                       "left behind (live runs are spared)")
    _add_executor(p)
    return parser


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


def _found_keys(args: argparse.Namespace, selection: pipeline.Selection) -> list[Any]:
    keys = pipeline.generated_keys(args.results_dir, selection,
                                   all_indices=args.n_samples is None)
    if not keys:
        raise UserError(f"no samples for this selection under {args.results_dir}: run "
                        "`baxbench generate` first, or check the selection flags")
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


def _check_envs_ready(args: argparse.Namespace, envs: list[str]) -> None:
    if args.executor == "ray":  # each node provisions what it lacks
        return
    for env_id in envs:
        ok, why = ENVS[env_id].status(cache_dir())
        if not ok:
            raise UserError(f"env {env_id} is {why}")


def _generation_settings(args: argparse.Namespace) -> pipeline.GenerationSettings:
    if args.thinking_budget is not None and args.thinking_budget < 1024:
        raise UserError(f"--thinking-budget {args.thinking_budget}: Anthropic needs at least 1024")
    if args.request_timeout <= 0:
        raise UserError("--request-timeout must be more than 0 seconds")
    try:
        prices = PriceTable.load(args.prices, args.price)
    except PriceError as e:
        raise UserError(str(e)) from None
    options = ModelOptions(base_url=args.base_url, anthropic_base_url=args.anthropic_base_url,
                           max_tokens=args.max_tokens, reasoning_effort=args.reasoning_effort,
                           thinking_budget=args.thinking_budget, timeout=args.request_timeout)
    return pipeline.GenerationSettings(options, RetryPolicy(max_attempts=args.max_attempts),
                                       prices)


def _validate_models(models: list[str], settings: pipeline.GenerationSettings) -> None:
    """Fail before any request when a model is unknown or its key is missing."""
    for name in models:
        get_model(name, settings.model_options)


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
    settings = _generation_settings(args)
    _validate_models(selection.models, settings)
    failed = pipeline.generate(selection, args.results_dir, args.force, args.max_concurrency,
                               settings)
    return 1 if failed else 0


def cmd_test(args: argparse.Namespace) -> int:
    keys = _found_keys(args, _selection(args, None))
    _check_envs_ready(args, sorted({k.env for k in keys}))
    _tester(args)(keys, args.results_dir, args.force)
    return 0


def cmd_evaluate(args: argparse.Namespace) -> int:
    keys = _found_keys(args, _selection(args, None))
    print(_with_usage(args, report.evaluate(args.results_dir, keys, args.ks, args.format), keys))
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from .results import html
    keys = _found_keys(args, _selection(args, None))
    args.output.write_text(html.build(args.results_dir, keys))
    print(f"wrote {args.output} ({args.output.stat().st_size // 1024} KiB, {len(keys)} samples)")
    return 0


def cmd_export_tasks(args: argparse.Namespace) -> int:
    from .results import tasks
    rows = tasks.records(_choose("scenario", args.scenarios, list(SCENARIOS), None),
                         _choose("env", args.envs, list(ENVS), None))
    try:
        tasks.write(rows, args.output)
    except tasks.ExportError as e:
        raise UserError(str(e)) from None
    print(f"wrote {len(rows)} tasks to {args.output}")
    return 0


def cmd_run(args: argparse.Namespace) -> int:
    selection = _selection(args, ["reference"], generating=True)
    settings = _generation_settings(args)
    _validate_models(selection.models, settings)
    _check_envs_ready(args, selection.envs)
    tester = _tester(args)
    failed = pipeline.generate(selection, args.results_dir, args.force, args.max_concurrency,
                               settings)
    keys = pipeline.generated_keys(args.results_dir, selection)
    tester(keys, args.results_dir, args.force)
    print(_with_usage(args, report.evaluate(args.results_dir, keys, args.ks, args.format), keys))
    return 1 if failed else 0


def cmd_selfcheck(args: argparse.Namespace) -> int:
    from .execution import selfcheck
    scenarios = _choose("scenario", args.scenarios, list(SCENARIOS), None)
    envs = _choose("env", args.envs, list(ENVS), None)
    _check_envs_ready(args, envs)
    rows = selfcheck.run(scenarios, envs, args.results_dir, _tester(args))
    print(selfcheck.render(rows, args.format))
    return 0 if all(r["ok"] for r in rows) else 1


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
    cgroups_removed, dirs_removed = bwrap.cleanup_leftovers()
    print(f"removed {len(cgroups_removed)} cgroups and {len(dirs_removed)} instance directories "
          "left by runs that are gone (runs still going are left alone)")
    return 0


COMMANDS = {"list": cmd_list, "setup": cmd_setup, "doctor": cmd_doctor,
            "generate": cmd_generate, "test": cmd_test, "evaluate": cmd_evaluate, "run": cmd_run,
            "report": cmd_report, "export-tasks": cmd_export_tasks,
            "selfcheck": cmd_selfcheck, "cleanup": cmd_cleanup}


def _on_term(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    signal.signal(signal.SIGTERM, _on_term)
    bwrap.resume()
    try:
        return COMMANDS[args.command](args)
    except (UserError, ModelError, ProvisionError, CorruptResult, SandboxError,
            distributed.ExecutorError) as e:
        print(f"baxbench: error: {e}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # output piped into `head` and the like
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    except KeyboardInterrupt:
        bwrap.interrupt()
        print("baxbench: interrupted; finished samples are kept, rerun to continue",
              file=sys.stderr)
        return 130
    finally:
        bwrap.stop_all()


if __name__ == "__main__":
    sys.exit(main())
