"""A build's private hardlinked copy of a warm cache cannot change the shared files."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

from baxbench.envs.warmcache import private_copy, seal
from baxbench.sandbox import BwrapBackend, Launch

pytestmark = pytest.mark.skipif(os.geteuid() != 0, reason="the uid switch needs root")


def test_a_build_can_replace_entries_of_its_copy_but_not_change_shared_files() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        work.chmod(0o711)
        warm = work / "warm"
        (warm / "ab").mkdir(parents=True)
        (warm / "ab" / "entry").write_text("compiled")
        (warm / "lock").write_text("")
        seal(warm)
        copy = work / "copy"
        private_copy(warm, copy, drop=("lock",))
        assert (copy / "ab" / "entry").stat().st_ino == (warm / "ab" / "entry").stat().st_ino
        app = work / "app"
        app.mkdir()
        inside = "/cache"
        script = (f"echo poison >> {inside}/ab/entry; chmod 666 {inside}/ab/entry; "
                  f"rm {inside}/ab/entry && echo mine > {inside}/ab/entry && "
                  f"echo new > {inside}/lock && echo done")
        launch = Launch(argv=["/bin/sh", "-c", script], app_dir=app, copy_app=False,
                        writable_binds=[(copy, inside)])
        outcome = BwrapBackend().run(launch, 30)
        assert outcome.output.strip().endswith("done"), outcome.output
        assert (warm / "ab" / "entry").read_text() == "compiled"
        assert (warm / "ab" / "entry").stat().st_mode & 0o777 == 0o444
        assert (warm / "ab" / "entry").stat().st_uid == 0
        assert (copy / "ab" / "entry").read_text() == "mine\n"
        assert (warm / "lock").read_text() == ""
