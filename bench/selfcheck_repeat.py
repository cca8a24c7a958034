"""The reference self-check, timed and repeated: wall time per run, where the time goes per env,
and every verdict that differs between runs (a flip: a flaky test, or a reference that is
sometimes caught). Goal: 0 flips, and one full run within 30 minutes on 2 cores.

    .venv/bin/python bench/selfcheck_repeat.py [--repeat 3] [--scenarios ...] [--envs ...]

Per env: samples, the median of a sample's wall time, and the shares of that time spent in the
build, in starting instances (each test starts its own: launch to the first HTTP answer) and in
the tests themselves; the rest is the harness's own work (copying code, writing records).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from baxbench.envs import ENVS, cache_dir
from baxbench.execution import pipeline, selfcheck
from baxbench.execution.runner import Settings
from baxbench.sandbox import BwrapBackend
from baxbench.scenarios import SCENARIOS

Case = tuple[str, str, str]
Timing = tuple[float, float, float, float]  # a sample's wall time, its build's, starts', tests'


def one_run(scenarios: list[str], envs: list[str], workers: int, root: Path
            ) -> tuple[float, dict[Case, str], dict[str, list[Timing]], list[Case]]:
    backend, settings = BwrapBackend(), Settings()

    def tester(keys: list, results_dir: Path, force: bool) -> None:
        pipeline.test(keys, results_dir, backend, cache_dir(), settings, force, workers)

    started = time.monotonic()
    rows = selfcheck.run(scenarios, envs, root, tester)
    wall = time.monotonic() - started
    verdicts = {(r["scenario"], r["env"], r["variant"]):
                f"{r['ft_passed']}/{r['ft_total']} CWE {r['found_cwes']}" for r in rows
                if r["ok"] is not None}  # not the tasks known to have no secure reference
    wrong = [(r["scenario"], r["env"], r["variant"]) for r in rows if r["ok"] is False]
    return wall, verdicts, _timings(root), wrong


def _timings(root: Path) -> dict[str, list[Timing]]:
    """Per env: the timings of every sample under root."""
    per_env: dict[str, list[Timing]] = defaultdict(list)
    for details in root.rglob("test_details.json"):
        d = json.loads(details.read_text())
        if "duration_s" in d:
            build = float((d.get("build") or {}).get("duration_s") or 0.0)
            starts = sum(t.get("start_s") or 0.0 for t in d["tests"])
            tests = sum(t.get("duration_s", 0.0) for t in d["tests"]) - starts
            per_env[d["env"]].append((d["duration_s"], build, starts, tests))
    return per_env


def flips(runs: list[dict[Case, str]]) -> list[tuple[Case, list[str]]]:
    return [(case, [r.get(case, "missing") for r in runs]) for case in sorted(runs[0])
            if len({r.get(case, "missing") for r in runs}) > 1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--scenarios", nargs="+", default=list(SCENARIOS))
    parser.add_argument("--envs", nargs="+", default=list(ENVS))
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 2),
                        help="samples tested at once (default: twice the cores, as selfcheck)")
    args = parser.parse_args()
    runs, walls, any_wrong = [], [], False
    for i in range(args.repeat):
        with tempfile.TemporaryDirectory(prefix="baxbench-bench-selfcheck-") as tmp:
            wall, verdicts, per_env, wrong = one_run(args.scenarios, args.envs, args.workers,
                                                     Path(tmp))
        runs.append(verdicts)
        any_wrong = any_wrong or bool(wrong)
        walls.append(wall)
        print(f"run {i + 1}: {len(verdicts)} apps in {wall:.0f} s, "
              f"{len(verdicts) - len(wrong)} as expected", file=sys.stderr)
        for case in wrong:
            print(f"  NOT AS EXPECTED {'/'.join(case)}: {verdicts[case]}", file=sys.stderr)
        for env in sorted(per_env):
            samples = per_env[env]
            total = max(sum(s[0] for s in samples), 1e-9)
            build, starts, tests = (sum(s[i] for s in samples) / total for i in (1, 2, 3))
            print(f"  {env:20} {len(samples):4} samples  median "
                  f"{statistics.median(s[0] for s in samples):5.1f} s/sample  "
                  f"{total:6.0f} s in all  build {build:4.0%}  starts {starts:4.0%}  "
                  f"tests {tests:4.0%}")
    flipped = flips(runs)
    print(f"wall per run: median {statistics.median(walls):.0f} s "
          f"({', '.join(f'{w:.0f}' for w in walls)}); flips: {len(flipped)}")
    for case, seen in flipped:
        print(f"  FLIP {'/'.join(case)}: {' | '.join(seen)}")
    return 1 if flipped or any_wrong else 0


if __name__ == "__main__":
    sys.exit(main())
