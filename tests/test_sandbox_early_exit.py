"""An app that dies at once (a model's answer that does not even parse) is a failed start, not a
harness error: connecting to its sandbox is refused at once instead of raising SandboxError
after waiting for a network namespace that will never appear."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from baxbench.sandbox import BwrapBackend, Launch, Limits
from baxbench.sandbox.base import SandboxError


def test_connecting_to_a_sandbox_that_exited_is_refused(tmp_path: Path) -> None:
    app = tmp_path / "app"
    app.mkdir()
    instance = BwrapBackend().start(Launch(argv=["/bin/true"], app_dir=app, limits=Limits()))
    try:
        deadline = time.monotonic() + 10
        while instance.is_alive() and time.monotonic() < deadline:
            time.sleep(0.01)
        assert not instance.is_alive()
        started = time.monotonic()
        with pytest.raises(OSError) as caught:
            instance.open_connection(2)
        assert not isinstance(caught.value, SandboxError)
        assert time.monotonic() - started < 2  # not the 5 s wait for a namespace
    finally:
        instance.stop()
