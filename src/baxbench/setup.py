"""`baxbench setup` and `baxbench doctor`: install and check what running the benchmark needs."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from typing import Any

from .envs import ENVS, ProvisionError, cache_dir
from .envs.base import using
from .results.tables import render
from .sandbox import bwrap, cgroups
from .scenarios import SCENARIOS

# The sandbox (bwrap, socat, setpriv), Debian's Python for app venvs, the sqlite3 CLI for
# exploits, and a C/C++ toolchain for native npm modules.
BASE_PACKAGES = ("bubblewrap", "socat", "util-linux", "python3", "python3-venv", "sqlite3",
                 "g++", "make")


def _missing_packages(packages: list[str]) -> list[str]:
    missing = []
    for pkg in packages:
        done = subprocess.run(["dpkg-query", "-W", "-f=${Status}", pkg], capture_output=True,
                              text=True)
        if "install ok installed" not in done.stdout:
            missing.append(pkg)
    return missing


def install_system_packages() -> None:
    wanted = list(BASE_PACKAGES) + [p for s in SCENARIOS.values() for p in s.system_packages]
    if shutil.which("dpkg-query") is None:
        print("setup: not a Debian system; install by hand: " + " ".join(wanted), file=sys.stderr)
        return
    missing = _missing_packages(sorted(set(wanted)))
    if not missing:
        return
    if os.geteuid() != 0:
        raise ProvisionError(f"missing Debian packages {' '.join(missing)}: run "
                             f"`sudo apt-get install {' '.join(missing)}` or setup as root")
    print(f"setup: installing Debian packages: {' '.join(missing)}", file=sys.stderr)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], env=env, check=False, capture_output=True)
    done = subprocess.run(["apt-get", "install", "-y", "-qq", "--no-install-recommends",
                           *missing], env=env, capture_output=True, text=True)
    if done.returncode != 0:
        tail = (done.stdout + done.stderr).strip().splitlines()[-5:]
        raise ProvisionError("apt-get install failed: " + " | ".join(tail))


def setup(env_ids: list[str], force: bool) -> int:
    install_system_packages()
    cache = cache_dir()
    cache.mkdir(parents=True, exist_ok=True)
    for i, env_id in enumerate(env_ids, 1):
        env = ENVS[env_id]
        ready, _ = env.status(cache)
        prefix = f"setup [{i}/{len(env_ids)}] {env_id}"
        if ready and not force:
            print(f"{prefix}: ready", file=sys.stderr)
            continue
        print(f"{prefix}: provisioning into {env.env_dir(cache)} …", file=sys.stderr)
        started = time.monotonic()
        with using(cache, [env_id], exclusive=True):
            env.provision(cache, lambda line: print(f"    {line}", file=sys.stderr))
        print(f"{prefix}: ready ({time.monotonic() - started:.0f} s)", file=sys.stderr)
    return 0


def checks() -> list[dict[str, str | bool]]:
    rows: list[dict[str, str | bool]] = []
    missing = bwrap.missing_tools()
    rows.append({"kind": "sandbox", "name": "bwrap", "ready": not missing,
                 "why": f"missing {', '.join(missing)}: run `baxbench setup`" if missing else ""})
    ok, why = cgroups.available()
    rows.append({"kind": "sandbox", "name": "cgroups", "ready": ok, "why": why})
    cache = cache_dir()
    for env in ENVS.values():
        ready, why = env.status(cache)
        rows.append({"kind": "env", "name": env.id, "ready": ready, "why": why})
    for scenario in SCENARIOS.values():
        absent = [t for t in scenario.tools if shutil.which(t) is None]
        rows.append({"kind": "scenario", "name": scenario.id, "ready": not absent,
                     "why": f"missing {', '.join(absent)}: run `baxbench setup`" if absent
                     else "", "tools": {t: t not in absent for t in scenario.tools}})
    return rows


def doctor(fmt: str) -> int:
    return print_rows(checks(), fmt)


def _tools(row: dict[str, Any]) -> str:
    """A scenario's tools as the sandbox sees them (it binds the host's /usr read-only)."""
    return ", ".join(f"{t} present" for t, present in row.get("tools", {}).items() if present)


def print_rows(rows: list[dict[str, Any]], fmt: str) -> int:
    """Print doctor's rows (with a node column when they come from a cluster); 0 if all ready."""
    if fmt == "json":
        print(json.dumps(rows, indent=2))
    else:
        node = ["node"] if rows and "node" in rows[0] else []
        print(render([*node, "kind", "name", "status", "why not (scenarios: their tools)"],
                     [[*(str(r[c]) for c in node), str(r["kind"]), str(r["name"]),
                       "ready" if r["ready"] else "NOT READY", str(r["why"]) or _tools(r)]
                      for r in rows]))
    return 0 if rows and all(r["ready"] for r in rows) else 1
