"""The root harness never follows what a hostile app leaves behind (issue 17): each test plants a
trap from inside a real sandboxed app, then has the harness do its usual work."""

from __future__ import annotations

import contextlib
import json
import os
import resource
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import HOSTILE, hostile_app

from baxbench.execution import http as app_http
from baxbench.execution.runner import wait_ready
from baxbench.sandbox import BwrapBackend, Launch, rootfs
from baxbench.sandbox.bwrap import new_dir, remove_dir, work_base


def do(app, route: str, **params: str) -> str:
    return app.get(route, params=params).text


def host_file(tmp_path: Path, content: str = "host data") -> Path:
    victim = tmp_path / "victim.txt"
    victim.write_text(content)
    victim.chmod(0o600)
    return victim


def test_a_symlinked_canary_is_refused_and_the_host_file_untouched(hostile, tmp_path) -> None:
    victim = host_file(tmp_path)
    assert do(hostile, "/symlink", target=str(victim), link="/canary.txt") == "linked"
    with pytest.raises(rootfs.Tampered):
        hostile.plant("/canary.txt", "canary-123")
    assert victim.read_text() == "host data"


def test_a_symlinked_directory_is_not_planted_into(hostile, tmp_path) -> None:
    host_dir = tmp_path / "hostdir"
    host_dir.mkdir()
    assert do(hostile, "/symlink", target=str(host_dir), link="/var") == "linked"
    with pytest.raises(rootfs.Tampered):
        hostile.plant("/var/songs/song.mp3", b"content")
    assert list(host_dir.iterdir()) == []


def test_a_secret_replaced_by_a_symlink_is_not_read(hostile, tmp_path) -> None:
    victim = host_file(tmp_path, "root-only host secret")
    hostile.plant("/secret.txt", "SECRET")
    assert do(hostile, "/symlink", target=str(victim), link="/secret.txt") == "linked"
    with pytest.raises(rootfs.Tampered):
        hostile.read("/secret.txt")
    assert hostile.exists("/secret.txt")  # the link itself, not followed


def test_a_fifo_neither_hangs_nor_passes_for_a_file(hostile) -> None:
    assert do(hostile, "/mkfifo", path="/secret.txt") == "made"
    started = time.monotonic()
    for op in (lambda: hostile.read("/secret.txt"), lambda: hostile.plant("/secret.txt", "x")):
        with pytest.raises(rootfs.Tampered):
            op()
    assert time.monotonic() - started < 2


def test_a_hijacked_bridge_socket_does_not_redirect_the_harness(hostile, tmp_path) -> None:
    path = str(tmp_path / "host.sock")
    host = socket.socket(socket.AF_UNIX)
    host.bind(path)
    host.listen()
    host.settimeout(0.5)
    os.chmod(tmp_path, 0o755)
    try:
        assert do(hostile, "/symlink", target=path, link="/bridge/app.sock") == "linked"
        assert do(hostile, "/listen-unix", path="/bridge/other.sock") == "listening"
        assert '"uid"' in do(hostile, "/id")  # still the app answering
        with pytest.raises(TimeoutError):
            host.accept()
    finally:
        host.close()


def test_the_database_helper_does_not_follow_a_symlinked_database(hostile, tmp_path) -> None:
    host_db = tmp_path / "host.sqlite3"
    with sqlite3.connect(host_db) as db:
        db.execute("CREATE TABLE precious (x)")
    host_db.chmod(0o600)
    before = host_db.read_bytes()
    do(hostile, "/symlink", target=str(host_db), link="/app/db.sqlite3")
    with pytest.raises(FileNotFoundError):
        hostile.sql("CREATE TABLE planted (secret TEXT)")
    assert host_db.read_bytes() == before


def test_the_database_helper_writes_only_as_the_app(hostile, tmp_path) -> None:
    victim = host_file(tmp_path)
    hostile.plant("/app/db.sqlite3", b"")
    do(hostile, "/symlink", target=str(victim), link="/app/db.sqlite3-journal")
    with contextlib.suppress(sqlite3.Error):  # sqlite may refuse the dangling journal
        hostile.sql("CREATE TABLE planted (s TEXT)", ("INSERT INTO planted VALUES (?)", ("s",)))
    assert victim.read_text() == "host data"


def test_the_code_copy_keeps_links_inside_and_skips_the_rest(tmp_path) -> None:
    code = tmp_path / "code"
    (code / "pkg").mkdir(parents=True)
    (code / "app.py").write_text("print('hi')")
    (code / "pkg" / "inside").symlink_to("../app.py")
    (code / "leak").symlink_to("/etc/shadow")
    (code / "up").symlink_to("../../..")
    (code / "rootdir").symlink_to("/root")
    (code / "dangling").symlink_to("missing.py")
    os.mkfifo(code / "pipe")
    skipped = rootfs.copy_tree(code, tmp_path / "copy", contained_links=True)
    copy = tmp_path / "copy"
    assert sorted(p.name for p in copy.iterdir()) == ["app.py", "dangling", "pkg"]
    assert os.readlink(copy / "pkg" / "inside") == "../app.py"
    assert len(skipped) == 4 and any("pipe: a FIFO" in s for s in skipped)
    assert any("leak: a symlink to '/etc/shadow'" in s for s in skipped)


def test_a_fifo_and_links_made_by_a_build_do_not_stop_the_instance() -> None:
    backend = BwrapBackend()
    work = new_dir("build")
    app_dir = work / "app"
    rootfs.copy_tree(HOSTILE, app_dir, contained_links=True)
    build = Launch(argv=["/bin/sh", "-c", "mkfifo /app/pipe && ln -s /etc/shadow /app/shadow"],
                   app_dir=app_dir, copy_app=False)
    try:
        assert backend.run(build, timeout_s=30).exit_code == 0
        instance = backend.start(Launch(argv=["/usr/bin/python3", "app.py"], app_dir=app_dir))
        try:
            assert any("pipe: a FIFO" in s for s in instance.skipped)
            assert wait_ready(instance, 20) == ""
        finally:
            instance.stop()
    finally:
        remove_dir(work)


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def test_huge_and_gzip_bomb_bodies_are_read_only_up_to_the_cap() -> None:
    with hostile_app() as app:
        before = _peak_rss_mb()
        huge = app.get("/huge", params={"mb": "512"})
        bomb = app.get("/gzip-bomb", params={"mb": "1024"})
        grew = _peak_rss_mb() - before
    for resp in (huge, bomb):
        assert resp.extensions["truncated"] and len(resp.content) == app_http.BODY_CAP
    assert "read only the first" in app.exchanges[-1].response_body
    assert grew < 256, f"the harness grew by {grew:.0f} MB"


def test_disk_is_capped_per_instance() -> None:
    with hostile_app() as app:
        assert do(app, "/fill", path="/tmp/fill", mb="20480") == "stopped:28"  # ENOSPC
        assert app.is_alive()
        root = app.instance.root
        assert os.stat(root.parent).st_dev != os.stat(work_base()).st_dev  # its own filesystem


def test_a_stdout_flood_stays_within_the_instance() -> None:
    with hostile_app() as app:
        assert do(app, "/flood", mb="2048") == "stopped:28"
        assert len(app.instance.output()) <= 256 * 1024
        log = app.instance.root.parent / "output.log"
        assert log.stat().st_size < 600 * 2**20


def test_the_app_sees_no_sandbox_command_line_nor_host_path(hostile) -> None:
    cmdline = do(hostile, "/read", path="/proc/1/cmdline")
    assert "app.py" in cmdline and "bwrap" not in cmdline and "setenv" not in cmdline
    environ = do(hostile, "/read", path="/proc/1/environ")
    assert "BAX_CG" not in environ and "cgroup" not in environ
    listing = do(hostile, "/read", path="/proc").removeprefix("listing:").split(",")
    for pid in filter(str.isdigit, listing):
        assert "bwrap" not in do(hostile, "/read", path=f"/proc/{pid}/cmdline")
    mounts = do(hostile, "/read", path="/proc/self/mountinfo")
    assert "baxbench-instances" not in mounts and str(work_base()) not in mounts


def test_only_the_needed_part_of_etc_is_visible(hostile) -> None:
    assert do(hostile, "/read", path="/etc/passwd").startswith("content:")
    for secret in ("/etc/shadow", "/etc/hostname", "/etc/machine-id", "/etc/ssh"):
        assert do(hostile, "/read", path=secret).startswith("denied:"), secret


@pytest.mark.parametrize("name", ["ptrace", "keyctl", "unshare", "io_uring_setup", "setns"])
def test_the_seccomp_filter_denies_what_no_web_app_needs(hostile, name) -> None:
    assert do(hostile, "/syscall", name=name) == "denied"


def _cleanup_elsewhere(tmp_dir: Path, times: int = 1) -> subprocess.CompletedProcess:
    code = ("from baxbench.sandbox.bwrap import cleanup_leftovers\n"
            f"for _ in range({times}): cleanup_leftovers()")
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env={**os.environ, "BAXBENCH_TMP": str(tmp_dir)}, timeout=120)


@pytest.fixture
def other_tmpdir() -> Iterator[Path]:
    """A TMPDIR another run could use (searchable by the sandbox's user)."""
    path = Path(tempfile.mkdtemp(dir="/var/tmp", prefix="baxbench-other-"))
    path.chmod(0o755)
    yield path
    shutil.rmtree(path, ignore_errors=True)


def test_cleanup_from_another_tmpdir_spares_a_live_run(hostile, other_tmpdir) -> None:
    tmp_path = other_tmpdir
    cgroup_dirs = hostile.instance._p.cgroups.dirs
    assert _cleanup_elsewhere(tmp_path).returncode == 0
    assert hostile.is_alive() and '"uid"' in do(hostile, "/id")
    assert all(d.exists() for d in cgroup_dirs.values())


def test_cleanup_racing_instance_creation_breaks_nothing(other_tmpdir) -> None:
    tmp_path = other_tmpdir
    errors: list[BaseException] = []

    def start_many() -> None:
        try:
            for _ in range(6):
                with hostile_app() as app:
                    assert '"uid"' in do(app, "/id")
        except BaseException as e:  # noqa: BLE001 - reported below
            errors.append(e)

    thread = threading.Thread(target=start_many)
    thread.start()
    while thread.is_alive():
        assert _cleanup_elsewhere(tmp_path, times=5).returncode == 0
        assert _cleanup_elsewhere(Path(work_base()).parent).returncode == 0
    thread.join()
    assert errors == []


def test_special_files_in_code_do_not_stop_the_run(capsys, tmp_path) -> None:
    from baxbench.cli import main

    args = ["--scenarios", "Calculator", "--envs", "Python-Flask", "--n-samples", "2",
            "--results-dir", str(tmp_path)]
    assert main(["generate", *args]) == 0
    code = next(tmp_path.glob("**/sample0/code"))
    os.mkfifo(code / "pipe")
    (code / "leak").symlink_to("/etc/shadow")
    (code / "rootdir").symlink_to("/root")
    (code / "gone").symlink_to("/nonexistent")
    assert main(["test", *args]) == 0
    for sample in ("sample0", "sample1"):
        results = json.loads(next(tmp_path.glob(f"**/{sample}/test_results.json")).read_text())
        assert results["num_passed_ft"] == results["num_total_ft"] > 0
    details = next(tmp_path.glob("**/sample0/test_details.json")).read_text()
    assert "pipe: a FIFO" in details and "leak: a symlink" in details
