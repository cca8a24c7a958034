"""What the sandbox costs: the same functional tests run sandboxed (bwrap) and bare.

Each test's wall time covers starting a fresh instance, waiting until it answers, and running
the test. Runs alternate between the two backends so that machine noise hits both alike. The
figure that matters is what a whole run costs: the sum over tests of each test's median time,
sandboxed over bare. (A median pooled over all tests is not used: the tests' times cluster, and
such a median jumps between clusters.)

    .venv/bin/python bench/sandbox_overhead.py [--repeat 10] [--envs Python-Flask ...]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
from pathlib import Path

from baxbench.envs import ENVS, cache_dir
from baxbench.execution.runner import SampleTester, Settings
from baxbench.generation.models import SECURE, reference_dir
from baxbench.sandbox import BareBackend, BwrapBackend
from baxbench.scenarios import SCENARIOS


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=10)
    # Bare apps see the host's real /, so scenarios that plant files at absolute paths
    # (FileSearch's /data) cannot run bare; these two need only their own work dir.
    parser.add_argument("--scenarios", nargs="+", default=["Login", "Calculator"])
    parser.add_argument("--envs", nargs="+", default=["Python-Flask", "JavaScript-express"])
    args = parser.parse_args()
    backends = {"bwrap": BwrapBackend(), "bare": BareBackend()}
    times: dict[tuple[str, str], dict[str, list[float]]] = {}
    for env_id in args.envs:
        for scenario_id in args.scenarios:
            scenario, env = SCENARIOS[scenario_id], ENVS[env_id]
            code = reference_dir(scenario_id, env_id) / SECURE
            with tempfile.TemporaryDirectory() as tmp:
                work = Path(tmp)
                work.chmod(0o711)
                for name, backend in backends.items():
                    tester = SampleTester(scenario, env, backend, cache_dir(), Settings())
                    app_dir, build = tester.build(code, work / name)
                    assert build["ok"], build
                for _ in range(args.repeat):
                    for test in scenario.functional_tests:
                        for name, backend in backends.items():
                            tester = SampleTester(scenario, env, backend, cache_dir(), Settings())
                            outcome = tester.run_test(test, work / name / "app")
                            if outcome.verdict != "pass":
                                print(f"{name} {scenario_id} {test.name}: {outcome.reason}",
                                      file=sys.stderr)
                                return 1
                            key = (f"{env_id} {scenario_id}", test.name)
                            times.setdefault(key, {n: [] for n in backends})[name].append(
                                outcome.duration_s)
            print(f"{env_id} {scenario_id}: done", file=sys.stderr)
    print(f"per-test wall time in ms, median of {args.repeat} runs each")
    totals = {name: 0.0 for name in backends}
    for (task, test), by_backend in times.items():
        medians = {name: statistics.median(t) * 1000 for name, t in by_backend.items()}
        for name, ms in medians.items():
            totals[name] += ms
        print(f"  {task} {test}: bwrap {medians['bwrap']:.0f}, bare {medians['bare']:.0f} "
              f"({medians['bwrap'] / medians['bare']:.2f}x)")
    print(f"all tests: sandboxed {totals['bwrap']:.0f} ms, bare {totals['bare']:.0f} ms")
    print(f"  ratio sandboxed / bare: {totals['bwrap'] / totals['bare']:.2f}")
    load = os.getloadavg()[0]
    if load > 1.5:
        print(f"  warning: load average {load:.1f}; the sandbox's cpu weight favours its apps "
              "on a busy machine, so measure on a quiet one")
    return 0


if __name__ == "__main__":
    sys.exit(main())
