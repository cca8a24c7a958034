"""The sandbox's guarantees, each checked by a hostile app in the real bwrap backend (as root)."""

from __future__ import annotations

import contextlib
import json
import os
import re
import socket
import subprocess
import threading
import time
import uuid
from pathlib import Path

import httpx
from conftest import hostile_app

from baxbench.sandbox import Limits
from baxbench.sandbox.bwrap import work_base

CHECKOUT = Path(__file__).resolve().parents[1]


def text(app, route: str, **params: str) -> str:
    return app.get(route, params=params).text


def test_writes_to_root_land_in_the_instance_root(hostile) -> None:
    name = f"/hostile-{uuid.uuid4().hex}.txt"
    assert text(hostile, "/write", path=name, content="mine") == "written"
    assert hostile.read(name) == b"mine"
    assert not Path(name).exists()


def test_harness_files_and_root_home_are_invisible(hostile) -> None:
    for path in [str(CHECKOUT / "pyproject.toml"), str(CHECKOUT), "/root", "/root/.bashrc",
                 "/etc/shadow"]:
        answer = text(hostile, "/read", path=path)
        assert answer.startswith("denied:"), f"{path}: {answer[:200]}"


def test_harness_environment_is_invisible() -> None:
    os.environ["OPENAI_API_KEY"] = "sk-baxbench-test-secret"
    try:
        with hostile_app() as app:
            seen = app.get("/env").text
    finally:
        del os.environ["OPENAI_API_KEY"]
    assert "sk-baxbench-test-secret" not in seen
    assert set(json.loads(seen)) <= {"PATH", "HOME", "LANG", "PWD", "LC_CTYPE", "SHLVL", "_"}


def _host_addresses() -> list[str]:
    out = subprocess.run(["ip", "-4", "-o", "addr", "show", "scope", "global"],
                         capture_output=True, text=True).stdout
    return re.findall(r"inet (\d+\.\d+\.\d+\.\d+)/", out)


def test_no_network_not_even_the_hosts_loopback(hostile) -> None:
    listener = socket.socket()
    listener.bind(("0.0.0.0", 0))
    listener.listen()
    listener.settimeout(0.2)
    port = listener.getsockname()[1]
    accepted = []

    def accept() -> None:
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError):
                accepted.append(listener.accept())

    thread = threading.Thread(target=accept)
    thread.start()
    try:
        for host in ["127.0.0.1", *_host_addresses()]:
            answer = text(hostile, "/connect", host=host, port=str(port))
            assert answer.startswith("failed:"), f"{host}:{port}: {answer}"
        assert text(hostile, "/resolve", host="pypi.org").startswith("failed:")
    finally:
        thread.join()
        listener.close()
    assert accepted == []


def test_memory_beyond_the_cap_kills_the_app_and_the_peak_is_recorded() -> None:
    with hostile_app(Limits(memory_mb=128)) as app:
        with contextlib.suppress(httpx.TransportError):  # the connection dies with the app
            app.get("/alloc", params={"mb": "400"})
        assert app.crashed(grace_s=5)
        assert app.oom_killed()
        assert app.memory_peak_bytes() >= 100 << 20


def test_memory_within_the_cap_is_fine() -> None:
    with hostile_app(Limits(memory_mb=256)) as app:
        assert text(app, "/alloc", mb="50") == "allocated:50"
        assert app.is_alive() and not app.oom_killed()


def test_fork_bomb_is_contained() -> None:
    with hostile_app(Limits(pids=64)) as app:
        assert text(app, "/forkbomb", wait="2") == "forked"
        cgroups = app.instance._p.cgroups
        assert 32 < len(cgroups.pids()) <= 64  # the bomb went off, and hit the ceiling
        started = time.monotonic()
        subprocess.run(["true"], check=True)  # the host can still start processes
        assert time.monotonic() - started < 1
    assert not cgroups.dirs["unified"].exists()  # removable only once every fork is gone


def _processes_with(marker: str) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if marker in (entry / "cmdline").read_bytes().decode(errors="replace"):
                    found.append(int(entry.name))
            except OSError:
                pass
    return found


def test_teardown_kills_double_forked_daemons() -> None:
    marker = str(4000 + uuid.uuid4().int % 1000) + ".5"  # `sleep 4xxx.5`: unique enough
    with hostile_app() as app:
        assert text(app, "/daemon", marker=marker) == "daemonized"
        time.sleep(0.2)
        assert _processes_with(f"sleep\x00{marker}"), "the daemon did not start"
        root = app.instance.root
    assert _processes_with(f"sleep\x00{marker}") == []
    assert not root.exists()


def test_runs_as_unprivileged_user_without_capabilities(hostile) -> None:
    ident = json.loads(text(hostile, "/id"))
    assert ident["uid"] != 0 and ident["euid"] != 0 and ident["gid"] != 0
    assert int(ident["cap_eff"], 16) == 0
    assert int(ident["cap_prm"], 16) == 0


def test_instances_leave_no_directory_behind(hostile) -> None:
    assert hostile.instance.root.exists()
    assert hostile.instance.root.parent.parent == work_base()


def test_tools_reading_app_output_run_sandboxed_too() -> None:
    """pdftotext/ffmpeg parse what apps return; they run unprivileged, without /root or network."""
    from baxbench.sandbox.bwrap import run_tool

    code, out = run_tool(["sh", "-c", "id -u; cat /in/data; cat /root/.bashrc || echo no-root; "
                          f"ls {CHECKOUT} || echo no-checkout"], files={"data": b"DATA\n"})
    lines = out.decode().split()
    assert code == 0 and lines[0] != "0" and "DATA" in lines
    assert "no-root" in lines and "no-checkout" in lines


def test_cleanup_removes_what_dead_runs_left_and_spares_live_ones(hostile) -> None:
    from baxbench.sandbox import cgroups
    from baxbench.sandbox.bwrap import cleanup_leftovers

    gone = subprocess.Popen(["true"])
    gone.wait()  # a harness that died: its pid is free
    name = f"{gone.pid}.12345-run-{uuid.uuid4().hex[:8]}"
    leftover = work_base() / name
    (leftover / "root").mkdir(parents=True)
    build = work_base() / name.replace("-run-", "-build-")  # a build dir after a kill -9
    (build / "app").mkdir(parents=True)
    stale = cgroups.Cgroups(name, memory_mb=64, pids=8, cpus=0.1)
    removed_cgroups, removed_dirs = cleanup_leftovers()
    assert str(leftover) in removed_dirs and not leftover.exists()
    assert str(build) in removed_dirs and not build.exists()
    assert any(name in c for c in removed_cgroups) and not stale.dirs["unified"].exists()
    assert hostile.is_alive() and hostile.get("/id").status_code == 200  # the live run is spared
