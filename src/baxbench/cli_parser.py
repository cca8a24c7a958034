"""The `baxbench` argument parser: one convention for every subcommand.

Every `--long-flag` also answers to `--long_flag` (the original harness's spelling), help shows
each default, and a usage error names the subcommand's own `--help`.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any, NoReturn

from . import __version__
from .generation.prompts import SAFETY_PROMPTS, SPEC_TYPES
from .generation.providers import (
    ANTHROPIC_DEFAULT_MAX_TOKENS,
    REASONING_EFFORTS,
    THINKING_BUDGETS,
)
from .generation.retry import RetryPolicy
from .results import report
from .sandbox import BACKENDS


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        print(f"baxbench: error: {message} (see `{self.prog} --help`)", file=sys.stderr)
        sys.exit(2)


class _Help(argparse.HelpFormatter):
    """Hides the underscore aliases and appends each default that the help does not state."""

    def _format_action_invocation(self, action: argparse.Action) -> str:
        shown = [s for s in action.option_strings if "_" not in s]
        if shown == action.option_strings:
            return super()._format_action_invocation(action)
        return super()._format_action_invocation(_Shown(action, shown))

    def _get_help_string(self, action: argparse.Action) -> str:
        text = action.help or ""
        default = action.default
        if (action.option_strings and "default" not in text and default not in (None, False, [])
                and default is not argparse.SUPPRESS):
            shown = " ".join(map(str, default)) if isinstance(default, list) else default
            text += f" (default: {shown})"
        return text


class _Shown(argparse.Action):
    """A copy of an action with fewer option strings, for the help text only."""

    def __init__(self, action: argparse.Action, option_strings: list[str]) -> None:
        super().__init__(option_strings, action.dest, action.nargs, action.const, action.default,
                         action.type, action.choices, action.required, action.help,
                         action.metavar)

    def __call__(self, *args: Any, **kwargs: Any) -> None:  # pragma: no cover - never parsed
        raise NotImplementedError


def opt(group: Any, *names: str, **kwargs: Any) -> argparse.Action:
    """add_argument with the underscore spelling of each --long-flag added."""
    spelled = list(names)
    for name in names:
        alias = "--" + name[2:].replace("-", "_")
        if name.startswith("--") and alias not in spelled:
            spelled.append(alias)
    return group.add_argument(*spelled, **kwargs)


def positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} must be at least 1")
    return value


def seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"{text} must be more than 0 seconds")
    return value


def _selection(p: argparse.ArgumentParser, models_default: str, force: str | None) -> None:
    g = p.add_argument_group("selection")
    opt(g, "--models", "--model", nargs="+", metavar="MODEL", help=models_default)
    opt(g, "--scenarios", nargs="+", metavar="SCENARIO", help="default: all")
    opt(g, "--envs", nargs="+", metavar="ENV", help="default: all")
    opt(g, "--exclude-scenarios", nargs="+", default=[], metavar="SCENARIO")
    opt(g, "--exclude-envs", nargs="+", default=[], metavar="ENV")
    opt(g, "--results-dir", type=Path, default=Path("results"), help="default: ./results")
    opt(g, "--n-samples", type=positive,
        help="samples per task (generate/run: default 1; otherwise: all found)")
    opt(g, "--only-samples", nargs="+", type=int, metavar="I", help="only these sample indices")
    opt(g, "--temperature", type=float, help="generate/run: default 0.2; otherwise: any found")
    opt(g, "--spec-type", choices=SPEC_TYPES,
        help="generate/run: default openapi; otherwise: any found")
    opt(g, "--safety-prompt", choices=SAFETY_PROMPTS,
        help="generate/run: default none; otherwise: any found")
    if force:
        opt(g, "--force", action="store_true", help=force)


def _generation(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("generation (API models: openai/, anthropic/, together/, "
                             "openrouter/; see docs/models.md)")
    opt(g, "--max-concurrency", type=positive, default=8, metavar="N",
        help="model requests in flight at once, across all models")
    opt(g, "--base-url", metavar="URL",
        help="OpenAI-compatible endpoint for openai/, together/ and openrouter/ models, e.g. a "
             "local vLLM, Ollama or LM Studio (default: $OPENAI_BASE_URL for openai/, "
             "$TOGETHER_BASE_URL, $OPENROUTER_BASE_URL, else the provider's own)")
    opt(g, "--anthropic-base-url", metavar="URL",
        help="endpoint for anthropic/ models (default: $ANTHROPIC_BASE_URL, else Anthropic's)")
    opt(g, "--max-tokens", type=positive, metavar="N",
        help="output token limit per answer, reasoning included (default: the provider's; "
             f"anthropic/ {ANTHROPIC_DEFAULT_MAX_TOKENS})")
    opt(g, "--reasoning-effort", choices=REASONING_EFFORTS,
        help="for reasoning models (OpenAI reasoning_effort; Anthropic: extended thinking with "
             "a budget of " + ", ".join(f"{v} for {k}" for k, v in THINKING_BUDGETS.items())
             + " tokens)")
    opt(g, "--thinking-budget", type=positive, metavar="TOKENS",
        help="Anthropic extended thinking budget (at least 1024)")
    opt(g, "--request-timeout", type=seconds, default=600.0, metavar="S",
        help="seconds for one model request")
    opt(g, "--max-attempts", type=positive, metavar="N", default=RetryPolicy.max_attempts,
        help="tries per sample on rate limits, server errors, timeouts and dropped connections")
    opt(g, "--price", action="append", default=[], metavar="MODEL=IN,OUT",
        help="USD per 1M input and output tokens for a model (repeatable)")
    opt(g, "--prices", action="append", default=[], type=Path, metavar="FILE",
        help='JSON file of prices: {"openai/gpt-4o": [2.5, 10]} (repeatable)')


def _agent(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("agent mode (API models only; see docs/modes.md)")
    opt(g, "--agent", action="store_true",
        help="the model works through tool calls (write_file, read_file, list_files, run, "
             "start_app, http_request, submit) over many turns instead of one answer; run and "
             "the app execute in the sandbox; our tests never run before submit")
    opt(g, "--max-steps", type=positive, default=30, metavar="N",
        help="model turns before an agent that has not submitted is stopped (status "
             "agent_limit; the files it wrote are still graded)")
    opt(g, "--agent-max-tokens", type=positive, default=2_000_000, metavar="N",
        help="input+output tokens of one agent run before it is stopped")
    opt(g, "--agent-timeout", type=seconds, default=1800.0, metavar="S",
        help="wall-clock seconds of one agent run before it is stopped")


def non_negative(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"{value} must be at least 0")
    return value


def _repair(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("repair loop (see docs/modes.md)")
    opt(g, "--repair-rounds", type=non_negative, default=0, metavar="N",
        help="after testing, send each sample that is not yet right its test failures in the "
             "same conversation and test the corrected code, up to N times; each round is one "
             "more request carrying the whole conversation. Offline models answer a repair "
             "with the secure reference (default: 0, one answer per sample)")
    opt(g, "--repair-feedback", choices=("functional", "security", "both"),
        default="functional",
        help="what the feedback reports: the failing functional tests' reasons, the "
             "succeeded exploits' requests and responses, or both; with security or both a "
             "sample is repaired until it is also secure")


def _testing(p: argparse.ArgumentParser, workers_per_core: int = 1,
             why: str = "number of cores") -> None:
    g = p.add_argument_group("testing")
    opt(g, "--workers", type=positive, default=workers_per_core * (os.cpu_count() or 2),
        metavar="N", help=f"samples tested at once (default: {why}, here %(default)s)")
    opt(g, "--backend", choices=sorted(BACKENDS), default="bwrap",
        help="sandbox backend (bare = no isolation, for bench only)")
    opt(g, "--test-timeout", type=seconds, default=120.0, metavar="S", help="seconds per test")
    opt(g, "--start-timeout", type=seconds, default=60.0, metavar="S",
        help="seconds for the app to answer its first request")
    opt(g, "--keep-instances", action="store_true",
        help="keep each instance's files (for debugging)")
    executor(p)


def executor(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("executor (see docs/scale-out.md)")
    opt(g, "--executor", choices=("local", "ray"), default="local",
        help="local: this machine; ray: one task per sample on a Ray cluster "
             "(pip install 'baxbench[ray]')")
    opt(g, "--ray-address", default="auto", metavar="ADDRESS",
        help="the Ray cluster to join, e.g. 10.0.0.5:6379 (auto: the cluster this machine is "
             "part of, else a new local Ray)")


def _output(p: argparse.ArgumentParser) -> None:
    opt(p, "--format", choices=report.FORMATS, default="table")
    opt(p, "--usage", action="store_true",
        help="also show tokens, cost, latency and retries per model")
    _ks(p)


def _ks(p: argparse.ArgumentParser) -> None:
    opt(p, "--ks", nargs="+", type=positive, default=[1], metavar="K",
        help="k values for pass@k")


def _app_test(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("one directory (instead of a results dir)")
    opt(g, "--app", type=Path, metavar="DIR",
        help="test this code directory alone; name its task with --scenario and --env")
    opt(g, "--scenario", metavar="SCENARIO", help="with --app: the scenario it implements")
    opt(g, "--env", metavar="ENV", help="with --app: its framework")
    opt(g, "--format", choices=("table", "json"), default="table", help="with --app")


REDO = "redo samples that are already done"
ALIASES = "Every --long-flag may also be written --long_flag."


def build_parser() -> tuple[Parser, dict[str, Parser]]:
    """The parser and each subcommand's own (to report errors against the right help)."""
    parser = Parser(prog="baxbench", formatter_class=_Help, description=(
        "BaxBench: LLMs write web backends from a spec; baxbench runs them in a sandbox and "
        "checks them with functional tests and real exploits."),
        epilog=ALIASES)
    parser.add_argument("--version", action="version", version=f"baxbench {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=Parser)
    subs: dict[str, Parser] = {}

    def add(name: str, help_text: str) -> Parser:
        subs[name] = sub.add_parser(name, help=help_text, description=help_text,
                                    formatter_class=_Help, epilog=ALIASES)
        return subs[name]

    p = add("list", "list scenarios, envs or models")
    p.add_argument("what", choices=("scenarios", "envs", "models"))
    opt(p, "--format", choices=("table", "json"), default="table")

    p = add("setup", "install system packages and provision env runtimes")
    opt(p, "--envs", nargs="+", metavar="ENV", help="default: all")
    opt(p, "--force", action="store_true", help="provision again even if ready")

    p = add("doctor", "say, per env and tool, whether it is ready and why not")
    opt(p, "--format", choices=("table", "json"), default="table")
    executor(p)

    p = add("generate", "ask models for code (writes code/ and generation.json per sample)")
    _selection(p, "default: reference", REDO)
    _generation(p)
    _agent(p)

    p = add("test", "build and test generated code found in the results dir, or one --app DIR")
    _selection(p, "default: every model folder in the results dir", REDO)
    _testing(p)
    _app_test(p)

    p = add("evaluate", "print pass@k, sec_pass@k and CWE rates")
    _selection(p, "default: every model folder in the results dir", None)
    _output(p)

    p = add("report", "write one self-contained HTML report of a results dir")
    _selection(p, "default: every model folder in the results dir", None)
    _ks(p)
    opt(p, "-o", "--output", type=Path, default=Path("report.html"), help="default: ./report.html")

    p = add("show", "show one sample's verdicts, reasons, evidence and app output")
    p.add_argument("where", nargs="+", metavar="WHERE",
                   help="a sample directory, or MODEL SCENARIO ENV [SAMPLE]: a model, "
                        "scenario, env and sample index (default 0) in --results-dir")
    opt(p, "--results-dir", type=Path, default=Path("results"), help="default: ./results")
    opt(p, "--code", action="store_true", help="also print the code files")

    p = add("export-tasks", "write the task set (specs, prompts, CWEs) as JSONL or Parquet")
    opt(p, "-o", "--output", type=Path, required=True, help="tasks.jsonl or tasks.parquet")
    opt(p, "--scenarios", nargs="+", metavar="SCENARIO", help="default: all")
    opt(p, "--envs", nargs="+", metavar="ENV", help="default: all")

    p = add("run", "generate, test and evaluate in one go")
    _selection(p, "default: reference", REDO)
    _generation(p)
    _agent(p)
    _repair(p)
    _testing(p)
    _output(p)

    p = add("selfcheck", "check every secure and vulnerable reference app")
    opt(p, "--scenarios", nargs="+", metavar="SCENARIO", help="default: all")
    opt(p, "--envs", nargs="+", metavar="ENV", help="default: all")
    opt(p, "--results-dir", type=Path, help="keep the runs here (default: a temporary directory)")
    opt(p, "--only", choices=("all", "secure", "vulnerable"), default="all",
        help="which references to check (default: all)")
    # A reference app mostly waits on the harness: two per core keep the cores busy
    # (bench/selfcheck_repeat.py measures it).
    _testing(p, 2, "twice the number of cores")
    opt(p, "--format", choices=("table", "json"), default="table")

    executor(add("cleanup", "remove instances and cgroups that runs which are gone left "
                 "behind (live runs are spared)"))
    return parser, subs


def parse(argv: list[str] | None) -> argparse.Namespace:
    """Parse; an unknown flag is reported against its subcommand's help."""
    parser, subs = build_parser()
    args, extra = parser.parse_known_args(argv)
    if extra:
        where = subs.get(args.command, parser)
        hint = ""
        if args.command == "generate" and any(a.split("=")[0] == "--workers" for a in extra):
            hint = "; on generate, request concurrency is --max-concurrency"
        where.error(f"unrecognized arguments: {' '.join(extra)}{hint}")
    return args
