"""`--executor ray` on a real two-node Ray cluster started here (a head and a second node, each
with 1 CPU, on this machine): the same verdicts and files as the local executor, nothing lost or
duplicated when a node dies mid-run, and nothing left behind by Ctrl-C."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import sigint_as_in_a_terminal

from baxbench.cli import main

ray_cluster_utils = pytest.importorskip("ray.cluster_utils")

SCENARIOS = ["Login", "Calculator", "ClickCount"]
ENV = "Python-Flask"
# The verdict-bearing fields of test_details.json; the rest (times, memory, node) may differ.
VERDICT_FIELDS = ("correct", "secure", "cwes", "problem", "backend", "model", "scenario", "env")


@pytest.fixture(scope="module")
def scratch() -> Iterator[Path]:
    """Instance dirs of this module's runs (the nodes inherit BAXBENCH_TMP): reachable by the
    sandbox's uid, and ours alone, so checks for leftovers look at nothing else."""
    path = Path(tempfile.mkdtemp(prefix="baxbench-ray-test-"))
    path.chmod(0o755)
    before = os.environ.get("BAXBENCH_TMP")
    os.environ["BAXBENCH_TMP"] = str(path)
    yield path
    if before is None:
        os.environ.pop("BAXBENCH_TMP", None)
    else:
        os.environ["BAXBENCH_TMP"] = before
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture(scope="module")
def cluster(scratch: Path) -> Iterator[object]:
    # a dead node is noticed after ~2 s instead of Ray's default of tens of seconds
    fast = {"health_check_period_ms": 500, "health_check_failure_threshold": 4}
    c = ray_cluster_utils.Cluster(initialize_head=True, head_node_args={
        "num_cpus": 1, "include_dashboard": False, "_system_config": fast})
    try:
        c.add_node(num_cpus=1)
        c.wait_for_nodes()
        yield c
    finally:
        c.shutdown()


def _generate(results: Path, n_samples: int = 1) -> None:
    assert main(["generate", "--models", "reference", "--scenarios", *SCENARIOS, "--envs", ENV,
                 "--n-samples", str(n_samples), "--results-dir", str(results)]) == 0


def _cli(*args: str, **popen: object) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "baxbench.cli", *args], text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, **popen)


def _files(results: Path) -> dict[str, dict[str, object]]:
    """Per sample: its files, its summary, and the verdict fields of its details."""
    out = {}
    for sample in sorted(results.glob("**/sample*")):
        details = json.loads((sample / "test_details.json").read_text())
        out[str(sample.relative_to(results))] = {
            "files": sorted(p.name for p in sample.iterdir()),
            "results": json.loads((sample / "test_results.json").read_text()),
            "verdicts": {k: details[k] for k in VERDICT_FIELDS},
            "tests": [(t["name"], t["verdict"], t["cwes"]) for t in details["tests"]]}
    return out


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


def test_same_results_as_the_local_executor(cluster: object, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    on_ray, local = tmp_path / "ray", tmp_path / "local"
    _generate(on_ray)
    shutil.copytree(on_ray, local)
    assert main(["test", "--results-dir", str(local), "--workers", "2"]) == 0
    assert main(["test", "--executor", "ray", "--ray-address", cluster.address,
                 "--results-dir", str(on_ray)]) == 0
    err = capsys.readouterr().err
    assert _files(on_ray) == _files(local) and len(_files(local)) == len(SCENARIOS)
    nodes = re.search(r"samples per node: (.*)", err)
    assert nodes and len(nodes[1].split(", ")) == 2, err  # both nodes ran samples
    # resume works the same: nothing left to do, nothing rewritten
    stamp = {p: p.stat().st_mtime_ns for p in on_ray.glob("**/test_results.json")}
    assert main(["test", "--executor", "ray", "--ray-address", cluster.address,
                 "--results-dir", str(on_ray)]) == 0
    assert stamp == {p: p.stat().st_mtime_ns for p in on_ray.glob("**/test_results.json")}


def test_selfcheck_on_ray(cluster: object, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["selfcheck", "--executor", "ray", "--ray-address", cluster.address,
                 "--scenarios", "ClickCount", "--envs", ENV, "--format", "json"])
    rows = json.loads(capsys.readouterr().out)
    assert code == 0 and {r["variant"] for r in rows} >= {"secure", "sqli"}, rows


def test_ctrl_c_cancels_every_task_and_leaves_no_sandbox(cluster: object, scratch: Path,
                                                          tmp_path: Path) -> None:
    results = tmp_path / "results"
    _generate(results)
    proc = _cli("test", "--executor", "ray", "--ray-address", cluster.address,
                "--results-dir", str(results), preexec_fn=sigint_as_in_a_terminal)
    instances = scratch / "baxbench-instances"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not (
            instances.is_dir() and any("-run-" in d.name for d in instances.iterdir())):
        time.sleep(0.02)
    assert time.monotonic() < deadline, "no sandbox started"
    proc.send_signal(signal.SIGINT)
    output = proc.communicate(timeout=60)[0]
    assert proc.returncode == 130 and "interrupted" in output, output
    time.sleep(0.5)
    assert list(instances.iterdir()) == [], output
    assert _processes_mentioning(str(scratch)) == []
    for sample in results.glob("**/sample*"):  # nothing half-written
        assert (sample / "test_results.json").exists() == (sample / "test_details.json").exists()


def test_a_node_killed_mid_run_loses_and_duplicates_nothing(cluster: object, scratch: Path,
                                                            tmp_path: Path) -> None:
    victim = cluster.add_node(num_cpus=1)
    cluster.wait_for_nodes()
    label = victim.node_id[:8]
    results = tmp_path / "results"
    _generate(results, n_samples=2)
    proc = _cli("test", "--executor", "ray", "--ray-address", cluster.address,
                "--results-dir", str(results))
    lines = []
    for line in proc.stdout:  # kill the node as soon as it has finished one sample: it is
        lines.append(line)    # then busy with the next one
        if line.startswith("[") and f"/{label}]" in line:
            cluster.remove_node(victim, allow_graceful=False)
            break
    lines += proc.stdout.readlines()
    proc.wait(timeout=120)
    output = "".join(lines)
    assert proc.returncode == 0, output
    assert "lost with node" in output, output
    done = Counter(re.findall(r"^\[\s*\d+/\d+\] test (.*?):", output, re.M))
    assert len(done) == 2 * len(SCENARIOS) and set(done.values()) == {1}, output
    assert all(r["results"]["num_passed_ft"] == r["results"]["num_total_ft"]
               for r in _files(results).values())
    assert _processes_mentioning(str(scratch)) == []  # the dead node's sandboxes died with it


def test_a_node_without_the_sandbox_refuses_samples(cluster: object, tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    """A node whose workers find no bwrap says why and gets no sample; the others run them."""
    path = os.environ["PATH"]
    os.environ["PATH"] = str(tmp_path)  # the node's processes inherit it: no bwrap, no setpriv
    try:
        bare = cluster.add_node(num_cpus=1)
    finally:
        os.environ["PATH"] = path
    try:
        cluster.wait_for_nodes()
        results = tmp_path / "results"
        _generate(results)
        assert main(["test", "--executor", "ray", "--ray-address", cluster.address,
                     "--results-dir", str(results)]) == 0
        err = capsys.readouterr().err
        assert f"/{bare.node_id[:8]} refuses samples: missing bwrap" in err, err
        assert f"/{bare.node_id[:8]}]" not in err
        assert len(_files(results)) == len(SCENARIOS)
        assert main(["doctor", "--executor", "ray", "--ray-address", cluster.address,
                     "--format", "json"]) == 1
        rows = json.loads(capsys.readouterr().out)
        assert [r["ready"] for r in rows if r["node"].endswith(bare.node_id[:8])
                and r["name"] == "bwrap"] == [False]
    finally:
        cluster.remove_node(bare)


def test_without_ray_one_clear_error_line(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    _generate(tmp_path)
    capsys.readouterr()
    monkeypatch.setitem(sys.modules, "ray", None)  # what `import ray` does where it is absent
    assert main(["test", "--executor", "ray", "--results-dir", str(tmp_path)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == ["baxbench: error: --executor ray needs Ray: pip install 'baxbench[ray]' "
                   "(or pip install ray)"]


def test_an_unreachable_address_is_one_clear_error_line(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    _generate(tmp_path)
    capsys.readouterr()
    assert main(["test", "--executor", "ray", "--ray-address", "127.0.0.1:9",
                 "--results-dir", str(tmp_path)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith(
        "baxbench: error: cannot join the Ray cluster at 127.0.0.1:9"), err


def test_grade_many_on_ray_gives_the_local_verdicts(cluster: object) -> None:
    """The Python API's executor="ray" passes through to the Ray executor."""
    import baxbench
    from baxbench.generation.models import reference_dir
    items = [(f"{s}/{ENV}", reference_dir(s, ENV) / v)
             for s, v in (("Login", "secure"), ("Login", "sqli"), ("Calculator", "eval"))]
    on_ray = baxbench.grade_many(items, executor="ray", ray_address=cluster.address)
    local = baxbench.grade_many(items, workers=2)

    def verdicts(vs: list[baxbench.Verdict]) -> list[tuple[object, ...]]:
        return [(v.correct, v.secure, v.cwes, [(t.name, t.verdict) for t in v.tests])
                for v in vs]

    assert verdicts(on_ray) == verdicts(local)
    assert [v.secure for v in local] == [True, False, False]
