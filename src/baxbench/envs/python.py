"""Python envs: one virtualenv per framework, built from a pinned requirements manifest."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from ..sandbox import Launch
from .base import MANIFESTS, Env, Log, ProvisionError, run_logged

# Apps run on Debian's interpreter: it lives under /usr, which every sandbox sees.
SYSTEM_PYTHON = "/usr/bin/python3"


@dataclass(frozen=True)
class PythonEnv(Env):
    manifest: str = ""
    start: tuple[str, ...] = ("/venv/bin/python", "app.py")

    def allowed_packages(self) -> list[str]:
        lines = (MANIFESTS / self.manifest).read_text().splitlines()
        return [ln.strip() for ln in lines if ln.strip() and not ln.startswith("#")]

    def provision(self, cache: Path, log: Log) -> None:
        if not Path(SYSTEM_PYTHON).exists():
            raise ProvisionError(f"{SYSTEM_PYTHON} missing: install Debian's python3 and python3-venv")
        root = self.env_dir(cache)
        venv = root / "venv"
        shutil.rmtree(root, ignore_errors=True)
        root.mkdir(parents=True)
        run_logged([SYSTEM_PYTHON, "-m", "venv", str(venv)], log)
        pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet",
               "--disable-pip-version-check", "--no-warn-script-location"]
        run_logged([*pip, *self.allowed_packages()], log)
        self.mark_provisioned(cache)

    def launch(self, app_dir: Path, cache: Path) -> Launch:
        return Launch(argv=list(self.start), app_dir=app_dir,
                      binds=[(self.env_dir(cache) / "venv", "/venv")],
                      env={"PYTHONUNBUFFERED": "1", "PYTHONDONTWRITEBYTECODE": "1"})


FLASK = PythonEnv(
    id="Python-Flask", language="Python", framework="Flask", code_files=("app.py",),
    manifest="python-flask.txt",
    instructions="Put all code in one file, app.py; it is started with `python app.py`.",
)

ENVS = [FLASK]
