"""Shared fixtures: a hostile app started in the real sandbox."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from baxbench.execution.app import App
from baxbench.execution.runner import wait_ready
from baxbench.sandbox import BwrapBackend, Launch, Limits

HOSTILE = Path(__file__).parent / "hostile"


@contextmanager
def hostile_app(limits: Limits | None = None, env: dict[str, str] | None = None) -> Iterator[App]:
    backend = BwrapBackend()
    launch = Launch(argv=["/usr/bin/python3", "app.py"], app_dir=HOSTILE,
                    limits=limits or Limits(), env=env or {})
    instance = backend.start(launch)
    app = App(instance, backend, timeout_s=30)
    try:
        assert wait_ready(instance, 20) == "", instance.output()
        yield app
    finally:
        app.close()
        instance.stop()


@pytest.fixture
def hostile() -> Iterator[App]:
    with hostile_app() as app:
        yield app


def sigint_as_in_a_terminal() -> None:
    """preexec_fn for CLI subprocesses that tests interrupt: a shell starts background jobs with
    SIGINT ignored, and Python then never raises KeyboardInterrupt; a user's Ctrl-C is not."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
