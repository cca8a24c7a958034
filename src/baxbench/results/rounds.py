"""Metrics per repair round (`run --repair-rounds`).

A sample's verdict at round r is the verdict of its last tested round <= r: a sample repaired in
round 1 and left alone afterwards (it was already correct) keeps its round-1 verdict at round 2.
Round 0 is the first answer, the one every other metric describes. Results without repair
rounds have no per-round figures at all, so their reports stay as they were.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

from ..core.constants import RESULTS
from ..core.layout import repair_rounds, round_dir
from .layout import SampleKey
from .metrics import TaskMetrics
from .records import read
from .verdict import FAMILIES, PREFIX, SampleResult


def tested_rounds(sample_dir: Path) -> list[int]:
    """The rounds of a sample that have results: 0 (when tested) and the repair rounds."""
    rounds = [0, *repair_rounds(sample_dir)]
    return [r for r in rounds if (round_dir(sample_dir, r) / RESULTS).exists()]


def verdict_at(sample_dir: Path, r: int) -> SampleResult | None:
    """The verdict of the sample's last tested round <= r; None when round 0 is untested."""
    done = [x for x in tested_rounds(sample_dir) if x <= r]
    if not done or done[0] != 0:
        return None
    return read(round_dir(sample_dir, done[-1]))


def _row(r: int, tasks: list[TaskMetrics], repaired: int) -> dict[str, Any]:
    """pass@1 and sec_pass@1 (means over tasks) in both families at round r."""
    row: dict[str, Any] = {"round": r, "n_samples": sum(t.n for t in tasks),
                           "n_answers": repaired}
    for family in FAMILIES:
        p = PREFIX[family]
        for name, fn in (("pass@1", "pass_at"), ("sec_pass@1", "sec_pass_at")):
            values = [v for t in tasks if (v := getattr(t, fn)(1, family)) is not None]
            row[p + name] = round(sum(values) / len(values), 4) if values else None
    return row


def _tasks_at(results_dir: Path, keys: list[SampleKey], r: int) -> dict[tuple, TaskMetrics]:
    tasks: dict[tuple, TaskMetrics] = {}
    for key in keys:
        v = verdict_at(key.path(results_dir), r)
        if v is not None:
            tasks.setdefault(key.task, TaskMetrics(*key.task)).samples.append(v)
    return tasks


def last_round(results_dir: Path, keys: list[SampleKey]) -> int:
    """The highest tested repair round of any of the samples (0: no repair rounds)."""
    return max((max(tested_rounds(k.path(results_dir)), default=0) for k in keys), default=0)


def per_round(results_dir: Path, keys: list[SampleKey]
              ) -> tuple[list[dict[str, Any]], dict[tuple, list[dict[str, Any]]]]:
    """Rows per round r = 0 .. last: overall, and per task (keyed like `SampleKey.task`).
    `n_answers` counts the samples that have an answer of that very round."""
    overall, by_task = [], defaultdict(list)
    answered: dict[int, dict[tuple, int]] = defaultdict(lambda: defaultdict(int))
    for key in keys:
        for r in tested_rounds(key.path(results_dir)):
            answered[r][key.task] += 1
    for r in range(last_round(results_dir, keys) + 1):
        tasks = _tasks_at(results_dir, keys, r)
        overall.append(_row(r, list(tasks.values()), sum(answered[r].values())))
        for task_key, task in tasks.items():
            by_task[task_key].append(_row(r, [task], answered[r][task_key]))
    return overall, dict(by_task)
