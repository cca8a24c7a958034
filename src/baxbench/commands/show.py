"""`baxbench show`: one sample's generation outcome, verdicts, reasons, exploit evidence and app
output in the terminal (colours on a terminal, plain text in pipes)."""

from __future__ import annotations

import argparse
import re
from pathlib import Path
from typing import Any

from rich.console import Console, Group
from rich.panel import Panel
from rich.syntax import Syntax
from rich.table import Table
from rich.text import Text

from ..core.layout import repair_rounds, round_dir, task_dir
from ..core.outcome import TestOutcome
from ..errors import UserError
from ..results.sample import SampleView, cwe_name, is_sample_dir, load

_CONTROL = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07|[\x00-\x08\x0b-\x1f\x7f]")
LIMIT = 1500  # characters of a body or of app output shown in the terminal
STYLE = {"secure": "bold green", "insecure": "bold red", "incorrect": "bold yellow",
         "not tested": "dim", "pass": "green", "fail": "yellow", "error": "red",
         "timeout": "red", "vulnerable": "bold red", "inconclusive": "magenta"}


class ShowError(Exception):
    """The sample cannot be found; the message says what to do."""


def find(where: list[str], results_dir: Path) -> list[Path]:
    """Sample directories named by a path, or by model, scenario, env and index in a results
    dir (every temperature / spec / safety prompt run that has that sample)."""
    if len(where) == 1:
        path = Path(where[0])
        if not is_sample_dir(path):
            raise ShowError(f"{path}: not a sample directory (one with generation.json, "
                            "test_results.json or code/); or give MODEL SCENARIO ENV [SAMPLE]")
        return [path]
    if len(where) not in (3, 4):
        raise ShowError("show takes a sample directory, or MODEL SCENARIO ENV [SAMPLE]")
    model, scenario, env = where[:3]
    index = where[3] if len(where) == 4 else "0"
    if not index.isdigit():
        raise ShowError(f"sample index {index!r} is not a whole number")
    base = task_dir(results_dir, model, scenario, env)
    found = sorted(p for p in base.glob(f"temp*/sample{int(index)}") if is_sample_dir(p))
    if not found:
        raise ShowError(f"no sample {index} of {model} {scenario} {env} under {results_dir}: "
                        "check the names (`baxbench list`) or --results-dir")
    return found


def clean(text: Any, limit: int = LIMIT) -> Text:
    """App output and bodies as plain text: terminal escapes and control characters removed
    (the app is untrusted), long ones cut with a count of what was left out."""
    raw = _CONTROL.sub("", str(text))
    if len(raw) > limit:
        raw = raw[:limit] + f" … ({len(raw) - limit} more characters)"
    return Text(raw, overflow="fold")


def _generation(view: SampleView) -> Table:
    table = Table.grid(padding=(0, 2))
    g = view.generation
    if g is None:
        table.add_row("generation", Text("no generation.json (code generated elsewhere)", "dim"))
        return table
    status = g.get("status", "?")
    table.add_row("generation", Text(status, "green" if status == "ok" else "bold red"))
    if g.get("reason"):
        table.add_row("reason", g["reason"])
    for note in g.get("notes") or []:
        table.add_row("note", note)
    if g.get("files"):
        table.add_row("files", ", ".join(g["files"]))
    usage = g.get("usage") or {}
    if usage.get("output_tokens") is not None:
        table.add_row("tokens", f"{usage.get('input_tokens')} in, {usage['output_tokens']} out"
                      f", finish_reason {g.get('finish_reason')}")
    return table


def _verdict(view: SampleView) -> Text:
    text = Text(view.verdict, STYLE.get(view.verdict, ""))
    if view.result is not None:
        text.append(f"  {view.functional}")
        if view.cwes:
            text.append("  " + ", ".join(cwe_name(c) for c in view.cwes), "red")
        text.append("  (BaxBench-compatible)")
        full = view.verdict_in("full")
        text.append("\n" + full, STYLE.get(full, ""))
        text.append(f"  {view.functional_in('full')}")
        if view.cwes_in("full"):
            text.append("  " + ", ".join(cwe_name(c) for c in view.cwes_in("full")), "red")
        text.append("  (full: all tests)")
        if view.problem:
            text.append(f"\n{view.problem}", "yellow")
    return text


def _tests(view: SampleView) -> Table:
    table = Table("test", "kind", "origin", "verdict", "CWEs", "time", "reason", expand=True)
    for t in view.tests:
        table.add_row(t.name, t.kind, t.origin, Text(t.verdict, STYLE.get(t.verdict, "")),
                      ", ".join(f"CWE-{c}" for c in t.cwes), f"{t.duration_s:.2f} s", t.reason)
    return table


def _evidence(test: TestOutcome) -> list[Any]:
    parts: list[Any] = [Text(f"• {n}") for n in test.notes]
    for ex in test.evidence:
        parts.append(clean(f"{ex['method']} {ex['url']}\n{clean(ex['request_body'])}\n"
                           f"→ {ex['status']}\n{clean(ex['response_body'])}", 4 * LIMIT))
    return parts


def render(view: SampleView, console: Console, with_code: bool) -> None:
    console.rule(str(view.path))
    console.print(_generation(view))
    console.print(Panel(_verdict(view), title="verdict", expand=False))
    build = view.build
    if build and not build.get("ok"):
        console.print(Panel(clean(build.get("output", "")), title="build output"))
    if view.tests:
        console.print(_tests(view))
    for t in view.tests:
        if t.cwes:
            console.print(Panel(Group(*_evidence(t)), title=f"evidence: {t.name}"))
        if t.app_output:
            console.print(Panel(clean(t.app_output), title=f"app output: {t.name}"))
    if with_code:
        for name, code in view.code.items():
            console.print(Panel(Syntax(code, Syntax.guess_lexer(name, code), line_numbers=True),
                                title=name))


def run(args: argparse.Namespace) -> int:
    try:
        paths = find(args.where, args.results_dir)
    except ShowError as e:
        raise UserError(str(e)) from None
    console = Console(highlight=False, soft_wrap=False)
    for path in paths:
        render(load(path), console, args.code)
        _rounds(path, console)
    return 0


def _rounds(sample_dir: Path, console: Console) -> None:
    """One line per repair round of the sample (`run --repair-rounds`), if it has any."""
    for r in repair_rounds(sample_dir):
        where = round_dir(sample_dir, r)
        console.print(Text(f"repair round {r}: {load(where, with_code=False).summary()}  "
                           f"(details: baxbench show {where})"), soft_wrap=True)
