"""Checks that a directory or file can be written, made before any work starts, so that a bad
path costs one clear line instead of a traceback after the first model answer."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


class PathProblem(Exception):
    """The path cannot be written; the message says what, where and what to do."""


def _nearest_existing(path: Path) -> Path:
    for candidate in [path, *path.parents]:
        if candidate.exists() or candidate.is_symlink():
            return candidate
    return Path(".")


def _probe(directory: Path, flag: str, shown: Path) -> None:
    try:
        with tempfile.TemporaryFile(dir=directory, prefix=".baxbench-probe-"):
            pass
    except OSError as e:
        raise PathProblem(f"{flag} {shown}: cannot write in {directory} "
                          f"({e.strerror or e}); choose a writable directory") from None


def directory(path: Path, flag: str = "--results-dir") -> None:
    """`path` is, or can be made, a directory we can write in (it is created if missing)."""
    existing = _nearest_existing(path)
    if not existing.is_dir():
        where = "is a file" if existing == path else f"is under the file {existing}"
        raise PathProblem(f"{flag} {path}: {where}, not a directory; choose a directory")
    if existing != path:
        _probe(existing, flag, path)
        try:
            path.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise PathProblem(f"{flag} {path}: cannot create it ({e.strerror or e}); "
                              "choose a writable directory") from None
    _probe(path, flag, path)


def output_file(path: Path, flag: str = "-o") -> None:
    """`path` names a file (not a directory) in an existing directory we can write in."""
    if path.is_dir():
        raise PathProblem(f"{flag} {path}: is a directory; name a file, e.g. "
                          f"{path / 'report.html'}")
    parent = path.parent
    existing = _nearest_existing(parent)
    if not existing.is_dir():
        raise PathProblem(f"{flag} {path}: {existing} is a file, not a directory; "
                          "choose another path")
    if existing != parent:
        raise PathProblem(f"{flag} {path}: the directory {parent} does not exist; create it "
                          "or choose another path")
    if path.exists() and not os.access(path, os.W_OK):
        raise PathProblem(f"{flag} {path}: the file is not writable; choose another path")
    _probe(parent, flag, path)
