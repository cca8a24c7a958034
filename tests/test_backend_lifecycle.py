"""The lifecycle part of the Backend contract (stop_all, interrupt, resume, stopping, run_tool),
kept by every backend, and the App reaching tools through the backend it runs on."""

from __future__ import annotations

import inspect
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from baxbench.execution.app import App
from baxbench.exploits.fixtures import pdf, read_pdf
from baxbench.exploits.media import gradient_png, png_rgb
from baxbench.sandbox import BACKENDS, Backend, Instance, Launch, all_backends, bwrap

CONTRACT = ("start", "run", "run_tool", "stop_all", "interrupt", "resume", "stopping",
            "cleanup_leftovers")
SLEEP = "import time; time.sleep(60)"
NO_BWRAP = bwrap.missing_tools()


@pytest.fixture(params=["bare", pytest.param("bwrap", marks=pytest.mark.skipif(
    bool(NO_BWRAP), reason=f"missing {', '.join(NO_BWRAP)}"))])
def backend(request: pytest.FixtureRequest) -> Iterator[Backend]:
    chosen = BACKENDS[request.param]()
    yield chosen
    chosen.resume()  # a failed test must not leave the backend refusing
    chosen.stop_all()


def sleeper(backend: Backend, app_dir: Path) -> Instance:
    python = "/usr/bin/python3" if backend.name == "bwrap" else sys.executable
    return backend.start(Launch(argv=[python, "-c", SLEEP], app_dir=app_dir))


@pytest.mark.parametrize("cls", list(BACKENDS.values()), ids=list(BACKENDS))
def test_every_backend_keeps_the_whole_contract(cls: type[Backend]) -> None:
    assert not inspect.isabstract(cls), sorted(cls.__abstractmethods__)
    backend = cls()
    for name in CONTRACT:
        assert callable(getattr(backend, name)), name
        assert name in vars(Backend), f"{name} is not declared by the contract"
    assert "live" in vars(cls), "each backend keeps its own live instances"


def test_all_backends_gives_one_of_each() -> None:
    assert sorted(b.name for b in all_backends()) == sorted(BACKENDS)


def test_stop_all_stops_every_live_instance(backend: Backend, tmp_path: Path) -> None:
    first, second = sleeper(backend, tmp_path), sleeper(backend, tmp_path)
    assert first.is_alive() and second.is_alive()
    type(backend)().stop_all()  # process-wide: any object of the backend reaches them
    assert not first.is_alive() and not second.is_alive()
    assert not first.root.exists() and not second.root.exists()


def test_interrupt_refuses_new_instances_until_resume(backend: Backend, tmp_path: Path) -> None:
    running = sleeper(backend, tmp_path)
    assert not backend.stopping()
    backend.interrupt()
    assert backend.stopping() and not running.is_alive()
    with pytest.raises(KeyboardInterrupt):
        sleeper(backend, tmp_path)
    with pytest.raises(KeyboardInterrupt):
        backend.run(Launch(argv=["true"], app_dir=tmp_path), timeout_s=10)
    with pytest.raises(KeyboardInterrupt):
        backend.run_tool(["true"])
    backend.resume()
    assert not backend.stopping()
    again = sleeper(backend, tmp_path)
    try:
        assert again.is_alive()
    finally:
        again.stop()


def test_run_kills_at_the_timeout_and_keeps_the_output(backend: Backend, tmp_path: Path) -> None:
    python = "/usr/bin/python3" if backend.name == "bwrap" else sys.executable
    code = "print('building', flush=True); import time; time.sleep(60)"
    outcome = backend.run(Launch(argv=[python, "-c", code], app_dir=tmp_path), timeout_s=2)
    assert outcome.timed_out and outcome.exit_code is None
    assert "building" in outcome.output


def test_fixtures_read_hostile_output_through_the_app(backend: Backend, tmp_path: Path) -> None:
    """read_pdf and png_rgb run poppler and ffmpeg via app.run_tool, on the app's backend."""
    instance = sleeper(backend, tmp_path)
    app = App(instance, backend)
    try:
        pages, text = read_pdf(app, pdf(("First page",), ("Second page",)))
        assert pages == 2 and text.split() == ["First", "page", "Second", "page"]
        assert read_pdf(app, b"%PDF-1.4 not really") is None
        rgb = png_rgb(app, gradient_png(16, 8), 16, 8)
        assert rgb is not None and len(rgb) == 16 * 8 * 3
    finally:
        app.close()
        instance.stop()
