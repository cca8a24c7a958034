"""Ctrl-C during `baxbench test` leaves no process, cgroup or instance directory behind."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from conftest import sigint_as_in_a_terminal

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
    results = tmp_path / "results"
    # instance dirs must be reachable by the sandbox's uid: not under pytest's private tmp dir
    scratch = Path(tempfile.mkdtemp(prefix="baxbench-test-"))
    scratch.chmod(0o755)
    try:
        _interrupt_a_test_run(results, scratch)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _interrupt_a_test_run(results: Path, scratch: Path) -> None:
    assert main(["generate", "--models", "reference", "--scenarios", "Login", "Calculator",
                 "--envs", "Python-Flask", "--results-dir", str(results)]) == 0
    env = {**os.environ, "BAXBENCH_TMP": str(scratch)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "baxbench.cli", "test", "--results-dir", str(results),
         "--scenarios", "Login", "Calculator", "--envs", "Python-Flask", "--workers", "2"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        preexec_fn=sigint_as_in_a_terminal)
    instances = scratch / "baxbench-instances"
    seen: set[str] = set()
    deadline = time.monotonic() + 30
    while len(seen) < 2 and time.monotonic() < deadline:
        if instances.is_dir():
            seen |= {d.name for d in instances.iterdir() if "-run-" in d.name}
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
