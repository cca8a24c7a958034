"""Warm build caches that many sandboxed builds share without being able to change them.

A compiled language's env keeps a warm cache (Go's build cache, Cargo's target directory) with
every dependency already compiled. A build needs to write into such a cache, so each build gets
a private copy made of hardlinks: the copy's directories belong to the app's uid, so the build
can add, rename and delete entries of its own copy, while every file stays shared, root-owned and
read-only, so no build can change the bytes another build reads. Copying is cheap (one link per
file) and builds of the same env never wait for each other.

The copy is mounted in the sandbox at the same path as the warm cache, so absolute paths that the
compilers record (Cargo's build-script outputs, Go's action keys) stay valid.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
from pathlib import Path

from ..sandbox.bwrap import APP_UID


def seal(root: Path) -> None:
    """Make a provisioned tree shareable: files read-only for all, directories 0755."""
    for dirpath, _dirnames, filenames in os.walk(root):
        os.chmod(dirpath, 0o755)
        for name in filenames:
            path = os.path.join(dirpath, name)
            mode = os.lstat(path).st_mode
            if stat.S_ISREG(mode):
                executable = mode & 0o111
                os.chmod(path, 0o555 if executable else 0o444)


def private_copy(warm: Path, dest: Path, drop: tuple[str, ...] = ()) -> None:
    """Hardlink `warm` into `dest`, whose directories the app's uid then owns.

    `drop` names files (relative to the root of the copy, or bare names matched anywhere) that
    the build must be able to rewrite, such as lock files: they are removed from the copy so
    the build creates its own.
    """
    if dest.exists():
        shutil.rmtree(dest)
    subprocess.run(["cp", "-al", str(warm), str(dest)], check=True, capture_output=True)
    as_root = os.geteuid() == 0
    bare_names = {d for d in drop if "/" not in d}
    for rel in drop:
        if "/" in rel:
            (dest / rel).unlink(missing_ok=True)
    for dirpath, _dirnames, filenames in os.walk(dest):
        if as_root:
            os.lchown(dirpath, APP_UID, APP_UID)
        for name in bare_names.intersection(filenames):
            os.unlink(os.path.join(dirpath, name))
