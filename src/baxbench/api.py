"""The library's front door for one-off use: test one code directory against one task.

    from baxbench.api import test_app
    sample = test_app("my_app/", "Login", "Python-Flask")
    print(sample.verdict, sample.cwes)
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from .envs import ENVS, cache_dir
from .envs.base import using
from .errors import UserError
from .execution import pipeline
from .execution.runner import Settings
from .results.layout import SampleKey
from .results.sample import SampleView, load
from .sandbox import BACKENDS, Backend
from .scenarios import SCENARIOS

APP_MODEL = "app"


def check_app(app_dir: Path, scenario: str, env: str) -> None:
    """The directory holds files and the task exists; raises UserError saying what to fix."""
    if scenario not in SCENARIOS:
        raise UserError(f"unknown scenario {scenario!r}: choose from {', '.join(SCENARIOS)}")
    if env not in ENVS:
        raise UserError(f"unknown env {env!r}: choose from {', '.join(ENVS)}")
    if not app_dir.is_dir():
        raise UserError(f"--app {app_dir}: not a directory; give the directory holding "
                        f"{', '.join(ENVS[env].code_files)}")
    missing = [f for f in ENVS[env].code_files if not (app_dir / f).is_file()]
    if missing:
        raise UserError(f"--app {app_dir}: missing {', '.join(missing)}, which {env} starts")


def test_app(app_dir: Path | str, scenario: str, env: str, backend: Backend | None = None,
             settings: Settings | None = None, results_dir: Path | None = None) -> SampleView:
    """Build and test the directory as one sample of (scenario, env); return what was found.
    The sample's records go under `results_dir` (default: a temporary directory, removed)."""
    app_dir = Path(app_dir)
    check_app(app_dir, scenario, env)
    with tempfile.TemporaryDirectory(prefix="baxbench-app-") as tmp:
        root = results_dir or Path(tmp)
        key = SampleKey(APP_MODEL, scenario, env, 0.0, "openapi", "none", 0)
        sample = key.path(root)
        shutil.rmtree(sample, ignore_errors=True)
        shutil.copytree(app_dir, sample / "code", symlinks=False)
        with using(cache_dir(), [env]):  # setup may not re-provision the env meanwhile
            pipeline.test_one(key, root, backend or BACKENDS["bwrap"](), cache_dir(),
                              settings or Settings())
        return load(sample)
