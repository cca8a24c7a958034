"""Runtimes taken from Debian's packages (PHP-Lumen, Ruby-Rails: no packagist or rubygems here).

Debian installs under /usr, which every sandbox sees read-only, so apps need no bind for them.
A package list maps each package to the upstream version the env is pinned to; provisioning
installs what is missing and refuses versions that differ from the pin.
"""

from __future__ import annotations

import abc
import hashlib
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from .base import MANIFESTS, Env, Log, ProvisionError

_APT_ENV = {"DEBIAN_FRONTEND": "noninteractive"}


def installed_version(package: str) -> str | None:
    """The installed Debian version of `package` (e.g. `2:6.1.7.10+dfsg-1~deb12u4`), or None."""
    if shutil.which("dpkg-query") is None:
        return None
    done = subprocess.run(["dpkg-query", "-W", "-f=${Status}|${Version}", package],
                          capture_output=True, text=True)
    status, _, version = done.stdout.partition("|")
    return version if done.returncode == 0 and "install ok installed" in status else None


def upstream(version: str) -> str:
    """The upstream part of a Debian version: no epoch, no `+dfsg`/`+ds`, no Debian revision."""
    version = version.split(":", 1)[-1]
    version = version.rsplit("-", 1)[0] if "-" in version else version
    return re.split(r"[+~]", version, maxsplit=1)[0]


def matches(version: str, pin: str) -> bool:
    """A pin `8.2` matches 8.2.x; a pin `6.1.7.10` matches exactly that upstream release."""
    up = upstream(version)
    return up == pin or up.startswith(pin + ".")


def check(packages: dict[str, str]) -> tuple[bool, str]:
    """(all installed at their pinned versions, why not)."""
    problems = []
    for package, pin in packages.items():
        version = installed_version(package)
        if version is None:
            problems.append(f"{package} missing")
        elif not matches(version, pin):
            problems.append(f"{package} is {version}, pinned {pin}")
    return (not problems, ", ".join(problems))


def ensure(packages: dict[str, str], log: Log) -> dict[str, str]:
    """Install the missing packages with apt-get; return {package: installed version}."""
    missing = [p for p in packages if installed_version(p) is None]
    if missing:
        if os.geteuid() != 0:
            raise ProvisionError(f"missing Debian packages: run `sudo apt-get install "
                                 f"--no-install-recommends {' '.join(missing)}`")
        log(f"  installing Debian packages: {' '.join(missing)}")
        env = {**os.environ, **_APT_ENV}
        install = ["apt-get", "install", "-y", "-qq", "--no-install-recommends",
                   "-o", "DPkg::Lock::Timeout=300", *missing]
        done = subprocess.run(install, env=env, capture_output=True, text=True)
        if done.returncode != 0:  # perhaps stale package lists: refresh them once and retry
            subprocess.run(["apt-get", "update", "-qq", "-o", "DPkg::Lock::Timeout=300"],
                           env=env, capture_output=True)
            done = subprocess.run(install, env=env, capture_output=True, text=True)
        if done.returncode != 0:
            tail = "\n".join((done.stdout + done.stderr).strip().splitlines()[-10:])
            raise ProvisionError(f"apt-get install {' '.join(missing)} failed:\n{tail}")
    ok, why = check(packages)
    if not ok:
        raise ProvisionError(f"Debian packages do not match the env's pins: {why}")
    return {p: installed_version(p) or "" for p in packages}


def tree_digest(root: Path) -> str:
    """A short hash of every file's path and content under `root` (support files changed?)."""
    h = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        h.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()[:16]


def install_readonly(src: Path, dest: Path, renames: dict[str, str] | None = None) -> None:
    """Copy `src` to `dest` as root-owned, world-readable, not-writable files and dirs.

    `renames` maps file names to the names they get (e.g. `dot-env` -> `.env`, since package data
    skips dotfiles).
    """
    shutil.rmtree(dest, ignore_errors=True)
    shutil.copytree(src, dest, symlinks=False, ignore=shutil.ignore_patterns("__pycache__"))
    for old, new in (renames or {}).items():
        for path in list(dest.rglob(old)):
            path.rename(path.with_name(new))
    for dirpath, _dirs, files in os.walk(dest):
        os.chmod(dirpath, 0o755)
        for name in files:
            path = os.path.join(dirpath, name)
            os.chmod(path, 0o755 if os.access(path, os.X_OK) else 0o644)


@dataclass(frozen=True)
class DebianEnv(Env):
    """An env whose runtime and framework come from Debian's packages, plus support files of
    ours (a project skeleton) under its manifest directory."""

    manifest: str = ""

    def _manifest_dir(self) -> Path:
        return MANIFESTS / self.manifest

    @abc.abstractmethod
    def debian_packages(self) -> dict[str, str]:
        """Debian package -> pinned version (upstream part)."""

    def fingerprint(self) -> str:
        return "\n".join([*self.allowed_packages(), *self.scenario_packages(),
                          f"support {tree_digest(self._manifest_dir())}"])

    def status(self, cache: Path) -> tuple[bool, str]:
        ok, why = check(self.debian_packages())
        if not ok:
            return False, f"{why}: run `baxbench setup --envs {self.id}`"
        return super().status(cache)

    def install_packages(self, log: Log) -> None:
        for package, version in ensure(self.debian_packages(), log).items():
            log(f"  {package} {version}")
