"""`cleanup` run by one harness must not kill the instances another harness starts meanwhile.

No real cgroup or instance dir is touched: both trees are fakes under tmp_path.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from baxbench.sandbox import bwrap, cgroups


@pytest.fixture
def fake_trees(tmp_path, monkeypatch):
    instances = tmp_path / "instances"
    instances.mkdir()
    root = tmp_path / "cgroup"
    (root / cgroups.GROUP).mkdir(parents=True)
    (root / "cgroup.controllers").write_text("")  # a pure v2 layout
    monkeypatch.setattr(bwrap, "work_base", lambda: instances)
    monkeypatch.setattr(cgroups, "ROOT", root)
    monkeypatch.setattr(cgroups, "available", lambda: (True, ""))
    return instances, root / cgroups.GROUP


def instance(instances: Path, groups: Path, name: str, owner: int | None) -> tuple[Path, Path]:
    """An instance as `bwrap._Process` makes one: dir, then owner file, then cgroup."""
    d = instances / f"{name}-x"
    d.mkdir()
    if owner is not None:
        (d / bwrap.OWNER).write_text(str(owner))
    g = groups / name
    g.mkdir()
    return d, g


def dead_pid() -> int:
    gone = subprocess.Popen(["true"])
    gone.wait()
    return gone.pid


def test_an_instance_started_during_cleanup_keeps_its_cgroup(fake_trees, monkeypatch) -> None:
    instances, groups = fake_trees
    dead_dir, dead_group = instance(instances, groups, "dead", dead_pid())
    started = {}
    rmtree = bwrap.shutil.rmtree

    def rmtree_while_a_run_starts(path, *args, **kwargs):
        started["new"] = instance(instances, groups, "new", os.getpid())
        rmtree(path, *args, **kwargs)

    monkeypatch.setattr(bwrap.shutil, "rmtree", rmtree_while_a_run_starts)
    removed_groups, removed_dirs = bwrap.cleanup_leftovers()
    new_dir, new_group = started["new"]
    assert removed_dirs == [str(dead_dir)] and str(dead_group) in removed_groups
    assert new_dir.exists() and new_group.exists() and str(new_group) not in removed_groups


def test_a_fresh_dir_without_owner_yet_is_spared_and_an_old_one_is_not(fake_trees) -> None:
    instances, groups = fake_trees
    fresh_dir, fresh_group = instance(instances, groups, "fresh", None)
    old_dir, old_group = instance(instances, groups, "old", None)
    os.utime(old_dir, (0, 0))
    removed_groups, removed_dirs = bwrap.cleanup_leftovers()
    assert fresh_dir.exists() and fresh_group.exists()
    assert removed_dirs == [str(old_dir)] and str(old_group) in removed_groups
