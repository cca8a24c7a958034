"""How fast `baxbench.grade` serves as an RL reward: grades per minute of Login apps at 1 and at
N workers, and what the harness adds to each grade beyond the app's own work.

Candidates are Login's reference apps (the secure one and each vulnerable variant, cycled) as
file dicts, the way a trainer holds a model's answer. For each env:

- single grades (`grade`, --repeat times): wall time per call, split into the build step,
  the tests' own time (each test starts a fresh sandboxed instance, waits until it answers and
  sends its requests: the app's start and requests), and the rest, which is harness overhead:
  writing and copying files, preparing the build's scratch directory, verdicts and records
  (`grade wall - build - tests`), split into what the pipeline records for the sample
  (`duration_s - build - tests`) and what the API adds around it (`wall - duration_s`). Each
  test's time includes its instance's sandbox set-up and teardown, which the records do not
  separate from the app's start (bench/sandbox_overhead.py measures that: sandboxed vs bare);
- batches (`grade_many`, --batch items) at 1 worker and at --workers: grades per minute.

    .venv/bin/python bench/reward_throughput.py [--repeat 5] [--batch 8] [--workers 2]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import baxbench
from baxbench.generation.models import SECURE, reference_dir, variants

SCENARIO = "Login"


def candidates(env: str) -> list[dict[str, str]]:
    """Login's reference apps of the env as file dicts: secure first, then each variant."""
    out = []
    for name in [SECURE, *variants(SCENARIO, env)]:
        folder = reference_dir(SCENARIO, env) / name
        out.append({str(p.relative_to(folder)): p.read_text() for p in sorted(folder.rglob("*"))
                    if p.is_file() and p.name != "variant.json"})
    return out


def single(env: str, apps: list[dict[str, str]], repeat: int) -> dict[str, list[float]]:
    times: dict[str, list[float]] = {"wall": [], "build": [], "tests": [], "overhead": [],
                                     "in_sample": [], "api": []}
    for i in range(repeat):
        started = time.monotonic()
        verdict = baxbench.grade(f"{SCENARIO}/{env}", apps[i % len(apps)])
        wall = time.monotonic() - started
        if not verdict.build_ok:
            raise SystemExit(f"{env}: the reference did not build: {verdict.problem}")
        times["wall"].append(wall)
        times["build"].append(verdict.build_s)
        times["tests"].append(verdict.tests_s)
        times["overhead"].append(wall - verdict.build_s - verdict.tests_s)
        times["in_sample"].append(verdict.duration_s - verdict.build_s - verdict.tests_s)
        times["api"].append(wall - verdict.duration_s)
    return times


def batch_rate(env: str, apps: list[dict[str, str]], n: int, workers: int) -> float:
    items = [(f"{SCENARIO}/{env}", apps[i % len(apps)]) for i in range(n)]
    started = time.monotonic()
    verdicts = baxbench.grade_many(items, workers=workers)
    wall = time.monotonic() - started
    untested = [v for v in verdicts if v.problem]
    if untested:
        print(f"warning: {env}: {len(untested)} of {n} not graded: {untested[0].problem}",
              file=sys.stderr)
    return n / wall * 60


def bench_env(env: str, args: argparse.Namespace) -> dict[str, Any]:
    apps = candidates(env)
    baxbench.grade(f"{SCENARIO}/{env}", apps[0])  # warm-up: caches, imports
    times = single(env, apps, args.repeat)
    med = {k: statistics.median(v) for k, v in times.items()}
    one = batch_rate(env, apps, args.batch, 1)
    many = batch_rate(env, apps, args.batch, args.workers)
    return {"env": env, "apps": len(apps), **{f"{k}_s": round(v, 3) for k, v in med.items()},
            "overhead_share": round(med["overhead"] / med["wall"], 3),
            "grades_per_min_1": round(one, 1), f"grades_per_min_{args.workers}": round(many, 1),
            "speedup": round(many / one, 2)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=5, help="single grades per env")
    parser.add_argument("--batch", type=int, default=8, help="apps per grade_many batch")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--envs", nargs="+", default=["Python-Flask", "Go-Fiber"])
    args = parser.parse_args()
    envs = [e for e in args.envs if (reference_dir(SCENARIO, e) / SECURE).is_dir()]
    print(f"{SCENARIO}; {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at start; "
          f"repeat {args.repeat}, batch {args.batch}, workers 1 and {args.workers}")
    for env in envs:
        row = bench_env(env, args)
        print(f"{env} ({row['apps']} reference apps): median grade {row['wall_s']:.2f} s = "
              f"build {row['build_s']:.2f} + tests {row['tests_s']:.2f} "
              f"+ harness overhead {row['overhead_s']:.2f} ({row['overhead_share']:.0%}: "
              f"{row['in_sample_s']:.2f} in the pipeline, {row['api_s']:.2f} in the API); "
              f"{row['grades_per_min_1']} grades/min at 1 worker, "
              f"{row[f'grades_per_min_{args.workers}']} at {args.workers} "
              f"(x{row['speedup']})")
    print(f"(load average {os.getloadavg()[0]:.1f} at the end; "
          f"{Path(__file__).name} --help says what each figure covers)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
