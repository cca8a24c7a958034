"""Touching an app-owned tree from the host without following what the app planted there.

The harness runs as root; an instance's root directory belongs to the app, which may replace any
path in it with a symlink (to a host file), a FIFO (to hang a reader) or a hard-to-read special
file. Every operation here walks the path one component at a time from a descriptor of the root,
with O_NOFOLLOW on every component, and refuses anything but plain directories and regular files
(`Tampered`). Reads are bounded. Nothing here ever resolves a path with root's authority.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from collections.abc import Callable, Iterator
from pathlib import Path

READ_CAP = 16 * 2**20
_DIR = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
_FILE = os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC  # NONBLOCK: a FIFO must not hang us


class Tampered(Exception):
    """A path inside the app's tree is not what the harness put there (a symlink, a FIFO, …)."""


def _parts(sandbox_path: str) -> list[str]:
    parts = [p for p in sandbox_path.split("/") if p not in ("", ".")]
    if not parts or ".." in parts:
        raise ValueError(f"not a plain absolute path: {sandbox_path!r}")
    return parts


@contextlib.contextmanager
def _parent(root: Path, sandbox_path: str, create: Callable[[int, str], None] | None = None,
            ) -> Iterator[tuple[int, str]]:
    """(descriptor of the parent directory, last name) of `sandbox_path` under `root`.
    Missing directories raise FileNotFoundError, or are made with `create(dir_fd, name)`."""
    *dirs, name = _parts(sandbox_path)
    fd = os.open(root, _DIR)
    try:
        for i, part in enumerate(dirs):
            try:
                child = os.open(part, _DIR, dir_fd=fd)
            except FileNotFoundError:
                if create is None:
                    raise
                create(fd, part)
                child = os.open(part, _DIR, dir_fd=fd)
            except OSError as e:
                if e.errno in (errno.ELOOP, errno.ENOTDIR):
                    where = "/" + "/".join(dirs[:i + 1])
                    raise Tampered(f"{where} is not a directory (the app replaced it)") from None
                raise
            os.close(fd)
            fd = child
        yield fd, name
    finally:
        os.close(fd)


def _regular(fd: int, sandbox_path: str) -> os.stat_result:
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        raise Tampered(f"{sandbox_path} is not a regular file (the app replaced it)")
    return info


def _open(dir_fd: int, name: str, flags: int, sandbox_path: str, mode: int = 0o644) -> int:
    try:
        return os.open(name, flags | _FILE, mode, dir_fd=dir_fd)
    except OSError as e:
        if e.errno in (errno.ELOOP, errno.ENXIO, errno.EISDIR, errno.ENOTDIR):
            raise Tampered(f"{sandbox_path} is not a regular file (the app replaced it)") from None
        raise


def write(root: Path, sandbox_path: str, data: bytes, owner: int | None) -> None:
    """Create or overwrite a regular file (and missing parents), owned by `owner` when given."""

    def mkdir(dir_fd: int, name: str) -> None:
        os.mkdir(name, 0o755, dir_fd=dir_fd)
        if owner is not None:
            os.chown(name, owner, owner, dir_fd=dir_fd, follow_symlinks=False)

    with _parent(root, sandbox_path, create=mkdir) as (dir_fd, name):
        fd = _open(dir_fd, name, os.O_WRONLY | os.O_CREAT, sandbox_path)
        try:
            if _regular(fd, sandbox_path).st_nlink != 1:
                raise Tampered(f"{sandbox_path} is a hard link (the app made it)")
            os.ftruncate(fd, 0)
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
            if owner is not None:
                os.fchown(fd, owner, owner)
        finally:
            os.close(fd)


def read(root: Path, sandbox_path: str, cap: int = READ_CAP) -> bytes | None:
    """The content of a regular file (None when missing); Tampered when it is larger than `cap`
    or not a regular file."""
    try:
        with _parent(root, sandbox_path) as (dir_fd, name):
            fd = _open(dir_fd, name, os.O_RDONLY, sandbox_path)
    except FileNotFoundError:
        return None
    try:
        _regular(fd, sandbox_path)
        chunks, size = [], 0
        while chunk := os.read(fd, min(2**20, cap + 1 - size)):
            chunks.append(chunk)
            size += len(chunk)
            if size > cap:
                raise Tampered(f"{sandbox_path} is larger than {cap} bytes")
        return b"".join(chunks)
    finally:
        os.close(fd)


def exists(root: Path, sandbox_path: str) -> bool:
    """Is there any entry at `sandbox_path` (a symlink counts; it is not followed)?"""
    try:
        with _parent(root, sandbox_path) as (dir_fd, name):
            os.stat(name, dir_fd=dir_fd, follow_symlinks=False)
    except FileNotFoundError:
        return False
    return True


COPY_CAP = 512 * 2**20
ENTRY_CAP = 50_000


def copy_tree(src: Path, dst: Path, contained_links: bool) -> list[str]:
    """Copy the tree at `src` (hostile) to the new directory `dst` without following anything:
    symlinks stay symlinks (with `contained_links`, one that leaves the tree is skipped), and
    FIFOs, sockets and devices are skipped. Returns why each skipped entry was skipped; raises
    Tampered when the tree is larger than COPY_CAP bytes or ENTRY_CAP entries."""
    skipped: list[str] = []
    budget = [COPY_CAP, ENTRY_CAP]
    fd = os.open(src, _DIR)
    try:
        _copy_dir(fd, dst, "", contained_links, skipped, budget)
    finally:
        os.close(fd)
    return skipped


def _copy_dir(fd: int, dst: Path, rel: str, contained: bool, skipped: list[str],
              budget: list[int]) -> None:
    dst.mkdir(parents=True, exist_ok=True)
    for name in os.listdir(fd):
        budget[1] -= 1
        if budget[1] < 0:
            raise Tampered(f"the code has more than {ENTRY_CAP} files")
        path = f"{rel}/{name}" if rel else name
        mode = os.stat(name, dir_fd=fd, follow_symlinks=False).st_mode
        if stat.S_ISDIR(mode):
            child = os.open(name, _DIR, dir_fd=fd)
            try:
                _copy_dir(child, dst / name, path, contained, skipped, budget)
            finally:
                os.close(child)
        elif stat.S_ISREG(mode):
            _copy_file(fd, name, dst / name, path, budget)
        elif stat.S_ISLNK(mode):
            target = os.readlink(name, dir_fd=fd)
            if contained and _leaves_tree(path, target):
                skipped.append(f"{path}: a symlink to {target!r}, outside the code; not copied")
            else:
                os.symlink(target, dst / name)
        else:
            skipped.append(f"{path}: {_kind(mode)}, not a regular file; not copied")


def _copy_file(dir_fd: int, name: str, target: Path, path: str, budget: list[int]) -> None:
    fd = _open(dir_fd, name, os.O_RDONLY, path)
    try:
        mode = _regular(fd, path).st_mode
        with open(target, "wb") as out:
            while chunk := os.read(fd, 2**20):
                budget[0] -= len(chunk)
                if budget[0] < 0:
                    raise Tampered(f"the code is larger than {COPY_CAP >> 20} MiB")
                out.write(chunk)
        target.chmod(mode & 0o755)
    finally:
        os.close(fd)


def _leaves_tree(path: str, target: str) -> bool:
    if target.startswith("/"):
        return True
    resolved = os.path.normpath(os.path.join(os.path.dirname(path), target))
    return resolved == ".." or resolved.startswith("../")


def _kind(mode: int) -> str:
    for test, kind in ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISSOCK, "a socket"),
                       (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device")):
        if test(mode):
            return kind
    return "a special file"
