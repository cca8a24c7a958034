"""Per env: how long a warm per-sample build takes and how soon a fresh instance answers.

For each env the secure reference of one scenario (Login by default, the one most apps need a
database for) is built N times from scratch in the real sandbox (the cache is already warm:
`baxbench setup` has run), then started N times from one build; "first answer" is the time from
asking the sandbox to start the app until it answers its first HTTP request, as the runner
measures it before every test. Prints the medians (and min/max) per env.

    .venv/bin/python bench/frameworks.py --envs Python-Django JavaScript-nest [--repeat 5]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from baxbench.envs import ENVS, cache_dir
from baxbench.execution.runner import wait_ready
from baxbench.generation.models import SECURE, reference_dir
from baxbench.sandbox import BwrapBackend


def _spread(values: list[float]) -> str:
    if not values:
        return "-"
    if max(values) == 0:
        return "no build step"
    return (f"{statistics.median(values):6.2f} s  ({min(values):.2f}-{max(values):.2f})")


def measure(env_id: str, scenario_id: str, repeat: int) -> tuple[list[float], list[float], str]:
    """(build times, first-answer times, problem)."""
    env, backend, cache = ENVS[env_id], BwrapBackend(), cache_dir()
    ready, why = env.status(cache)
    if not ready:
        return [], [], why
    code = reference_dir(scenario_id, env_id) / SECURE
    if not code.is_dir():
        return [], [], f"no secure {scenario_id} reference for {env_id}"
    builds: list[float] = []
    answers: list[float] = []
    with tempfile.TemporaryDirectory(prefix="bench-frameworks-") as tmp:
        work = Path(tmp)
        work.chmod(0o711)
        app_dir = work / "app"
        for _ in range(repeat):
            shutil.rmtree(app_dir, ignore_errors=True)
            shutil.copytree(code, app_dir)
            started = time.monotonic()
            launch = env.build(app_dir, cache)
            if launch is None:
                builds.append(0.0)
                continue
            outcome = backend.run(launch, env.build_timeout_s)
            if outcome.exit_code != 0:
                return builds, answers, f"build failed: {outcome.output[-500:]}"
            builds.append(time.monotonic() - started)
        for _ in range(repeat):
            launch = env.launch(app_dir, cache)
            launch.env.setdefault("APP_SECRET", "bench")
            started = time.monotonic()
            instance = backend.start(launch)
            try:
                problem = wait_ready(instance, 60)
                if problem:
                    return builds, answers, f"{problem}: {instance.output()[-500:]}"
                answers.append(time.monotonic() - started)
            finally:
                instance.stop()
    return builds, answers, ""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--envs", nargs="+", default=sorted(ENVS))
    parser.add_argument("--scenario", default="Login")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    unknown = [e for e in args.envs if e not in ENVS]
    if unknown:
        parser.error(f"unknown envs: {', '.join(unknown)}")
    print(f"{'env':<22} {'build (median, min-max)':<28} {'first answer (median, min-max)'}")
    failed = False
    for env_id in args.envs:
        builds, answers, problem = measure(env_id, args.scenario, args.repeat)
        print(f"{env_id:<22} {_spread(builds):<28} {_spread(answers)}", flush=True)
        if problem:
            failed = True
            print(f"  {env_id}: {problem}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
