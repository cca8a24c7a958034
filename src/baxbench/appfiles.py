"""Write an app given as a mapping of relative path -> content into a fresh directory.

The paths come from a model, so they are hostile: an absolute path, a `..` component, an empty
or NUL-bearing name is refused before anything is written, and every file is created with
O_EXCL | O_NOFOLLOW below directories this module made itself, so nothing is written through a
symlink or outside the directory.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Mapping
from pathlib import Path, PurePosixPath

from .errors import UserError

_FILE_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
_DIR_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC


class UnsafePath(UserError, ValueError):
    """A file path that is not a plain relative path inside the app directory."""


def safe_relpath(raw: str) -> PurePosixPath:
    """The path as a relative POSIX path inside the app dir; raises UnsafePath otherwise."""
    if not isinstance(raw, str) or not raw or "\x00" in raw:
        raise UnsafePath(f"file path {raw!r}: not a non-empty string")
    path = PurePosixPath(raw)
    if path.is_absolute() or raw.startswith("~"):
        raise UnsafePath(f"file path {raw!r}: absolute; give a path relative to the app dir")
    if ".." in path.parts:
        raise UnsafePath(f"file path {raw!r}: has '..', which could leave the app dir")
    if not path.parts or path == PurePosixPath("."):
        raise UnsafePath(f"file path {raw!r}: names no file")
    return path


def check_files(files: Mapping[str, str]) -> dict[PurePosixPath, str]:
    """Every path safe, no two naming the same file, every content a string."""
    checked: dict[PurePosixPath, str] = {}
    for raw, content in files.items():
        path = safe_relpath(raw)
        if path in checked:
            raise UnsafePath(f"file path {raw!r}: names the same file as another entry")
        if not isinstance(content, str):
            raise UnsafePath(f"file {raw!r}: content is {type(content).__name__}, not str")
        checked[path] = content
    parents = {p for path in checked for p in path.parents}
    clash = sorted(str(p) for p in checked if p in parents)
    if clash:
        raise UnsafePath(f"file path {clash[0]!r}: is also used as a directory")
    return checked


def _open_dir(parent_fd: int, name: str) -> int:
    with contextlib.suppress(FileExistsError):  # made for an earlier file of this app
        os.mkdir(name, 0o755, dir_fd=parent_fd)
    return os.open(name, _DIR_FLAGS, dir_fd=parent_fd)


def _write_one(root_fd: int, path: PurePosixPath, content: str) -> None:
    fds = [root_fd]
    try:
        for part in path.parts[:-1]:
            fds.append(_open_dir(fds[-1], part))
        fd = os.open(path.parts[-1], _FILE_FLAGS, 0o644, dir_fd=fds[-1])
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(content)
    finally:
        for fd in fds[1:]:
            os.close(fd)


def write_files(files: Mapping[str, str], into: Path) -> None:
    """Write the files into the directory `into`, which must be new and empty (made by the
    caller). Raises UnsafePath, before writing anything, for a path that could escape."""
    checked = check_files(files)
    root_fd = os.open(into, _DIR_FLAGS)
    try:
        if os.listdir(root_fd):
            raise UnsafePath(f"{into}: not empty; files go into a new directory")
        for path, content in checked.items():
            _write_one(root_fd, path, content)
    finally:
        os.close(root_fd)
