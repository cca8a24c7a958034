"""Scale-out on Ray: the same batch tested on 1 node and on 2 nodes (1 CPU each), and the local
executor with 1 worker as the baseline.

Prints samples/min for each, the 2-node/1-node ratio, and Ray's per-sample scheduling overhead
against the local executor (1 node of 1 CPU vs 1 local worker; the time to join the cluster is
not part of it, it is paid once per run and printed apart). The nodes are real Ray nodes on this
machine, started here and stopped at the end.

    .venv/bin/python bench/scale_out.py [--scenarios Login Calculator ...] [--n-samples 3]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from ray.cluster_utils import Cluster

SUMMARY = re.compile(r"^test: (\d+) done .* in ([0-9.]+) s", re.M)


def baxbench(*args: str) -> tuple[str, float]:
    """Run the CLI; return its output and the wall time of the whole command."""
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "baxbench.cli", *args], text=True,
                          capture_output=True)
    wall = time.monotonic() - started
    if done.returncode != 0:
        sys.exit(f"baxbench {' '.join(args)} failed:\n{done.stdout}{done.stderr}")
    return done.stderr, wall


def timed_test(results: Path, *executor: str) -> tuple[int, float, float]:
    """(samples, seconds testing them as the summary says, wall seconds of the command)."""
    out, wall = baxbench("test", "--results-dir", str(results), "--force", *executor)
    m = SUMMARY.search(out)
    if not m:
        sys.exit(f"no summary line in:\n{out}")
    return int(m[1]), float(m[2]), wall


def on_cluster(n_nodes: int, results: Path) -> tuple[int, float, float]:
    cluster = Cluster(initialize_head=True,
                      head_node_args={"num_cpus": 1, "include_dashboard": False})
    try:
        for _ in range(n_nodes - 1):
            cluster.add_node(num_cpus=1)
        cluster.wait_for_nodes()
        return timed_test(results, "--executor", "ray", "--ray-address", cluster.address)
    finally:
        cluster.shutdown()


def per_min(n: int, seconds: float) -> float:
    return 60 * n / seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scenarios", nargs="+",
                        default=["Login", "Calculator", "ClickCount", "Logger"])
    parser.add_argument("--env", default="Python-Flask")
    parser.add_argument("--n-samples", type=int, default=3)
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="baxbench-scale-out-"))
    scratch.chmod(0o755)
    os.environ["BAXBENCH_TMP"] = str(scratch)  # the nodes started here inherit it
    results = scratch / "results"
    try:
        baxbench("generate", "--models", "reference", "--scenarios", *args.scenarios,
                 "--envs", args.env, "--n-samples", str(args.n_samples),
                 "--results-dir", str(results))
        local = timed_test(results, "--workers", "1")
        one = on_cluster(1, results)
        two = on_cluster(2, results)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    n = local[0]
    print(f"batch: {n} samples ({', '.join(args.scenarios)} x {args.env} x {args.n_samples}); "
          f"{os.cpu_count()} cores on this machine")
    for name, (_, secs, wall) in (("local, 1 worker", local), ("ray, 1 node x 1 CPU", one),
                                  ("ray, 2 nodes x 1 CPU", two)):
        print(f"  {name:<22} {secs:7.1f} s  {per_min(n, secs):6.1f} samples/min   "
              f"(command {wall:.1f} s, start-up and joining included)")
    print(f"2 nodes / 1 node: {one[1] / two[1]:.2f}x samples/min")
    overhead = (one[1] - local[1]) / n
    print(f"ray scheduling overhead: {overhead:+.2f} s per sample "
          f"({100 * (one[1] - local[1]) / local[1]:+.1f} % of the local executor's time)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
