"""Env cache locks: setup never re-provisions an env while samples use it, nor the reverse."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from baxbench.envs.base import using


def test_setup_waits_for_runs_and_runs_share(tmp_path: Path) -> None:
    events: list[str] = []
    with using(tmp_path, ["Go-net/http", "Python-Flask"]):
        with using(tmp_path, ["Python-Flask"]):  # another run: shared, no wait
            events.append("second run")

        def setup() -> None:
            with using(tmp_path, ["Python-Flask"], exclusive=True):
                events.append("setup")

        thread = threading.Thread(target=setup)
        thread.start()
        time.sleep(0.3)
        events.append("run done")
    thread.join(5)
    assert events == ["second run", "run done", "setup"]
