"""Ctrl-C during `baxbench test` leaves no process, cgroup or instance directory behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from baxbench.cli import main
from baxbench.sandbox import cgroups


def _processes_mentioning(text: str) -> list[str]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                cmdline = (entry / "cmdline").read_bytes().decode(errors="replace")
            except OSError:
                continue
            if text in cmdline:
                found.append(cmdline.replace("\0", " ")[:200])
    return found


def test_ctrl_c_leaves_nothing_behind(tmp_path: Path) -> None:
    results, scratch = tmp_path / "results", tmp_path / "scratch"
    scratch.mkdir()
    scratch.chmod(0o755)
    tmp_path.chmod(0o755)
    assert main(["generate", "--models", "reference", "--scenarios", "Login", "Calculator",
                 "--envs", "Python-Flask", "--results-dir", str(results)]) == 0
    env = {**os.environ, "BAXBENCH_TMP": str(scratch)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "baxbench.cli", "test", "--results-dir", str(results),
         "--scenarios", "Login", "Calculator", "--envs", "Python-Flask", "--workers", "2"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    instances = scratch / "baxbench-instances"
    seen: set[str] = set()
    deadline = time.monotonic() + 30
    while len(seen) < 2 and time.monotonic() < deadline:
        if instances.is_dir():
            seen |= {d.name.split("-")[0] for d in instances.iterdir()}
        time.sleep(0.01)
    assert seen, "no instance started"
    proc.send_signal(signal.SIGINT)
    output = proc.communicate(timeout=30)[0].decode()
    assert proc.returncode == 130, output
    assert "interrupted" in output, output
    assert list(instances.iterdir()) == []
    assert _processes_mentioning(str(scratch)) == []
    if cgroups.available()[0]:
        leftovers = [p for p in Path("/sys/fs/cgroup").glob(f"*/{cgroups.GROUP}/*")
                     if p.name in seen]
        assert leftovers == []
    # nothing half-written: a sample is either fully tested or has no results file
    for sample in results.glob("**/sample0"):
        has_results = (sample / "test_results.json").exists()
        assert has_results == (sample / "test_details.json").exists()
