"""Python envs: one virtualenv per framework, built from a pinned requirements manifest."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from ..core.constants import APP_PORT
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
        run_logged([*pip, *self.allowed_packages(), *self.scenario_packages()], log)
        self.mark_provisioned(cache)

    def launch(self, app_dir: Path, cache: Path) -> Launch:
        return Launch(argv=list(self.start), app_dir=app_dir,
                      binds=[(self.env_dir(cache) / "venv", "/venv")],
                      env={"PYTHONUNBUFFERED": "1", "PYTHONDONTWRITEBYTECODE": "1"})


# Django: the model writes a `django-admin startproject mysite` + `startapp myapp` layout. The
# build adds missing package markers, byte-compiles everything (a syntax error fails the build),
# then creates the tables of the models the way the original did (failures are only logged, as
# there). The built db.sqlite3 is part of the app dir, so every test starts with the tables.
_DJANGO_BUILD = """
set -u
for d in mysite myapp myapp/migrations; do
  if [ -d "$d" ] && [ ! -e "$d/__init__.py" ]; then : > "$d/__init__.py"; fi
done
/venv/bin/python -m compileall -q . || { echo "build: the code does not compile"; exit 1; }
/venv/bin/python manage.py makemigrations myapp --noinput || echo "build: makemigrations failed"
/venv/bin/python manage.py migrate --run-syncdb --noinput || echo "build: migrate failed"
exit 0
"""


@dataclass(frozen=True)
class DjangoEnv(PythonEnv):
    def build(self, app_dir: Path, cache: Path) -> Launch | None:
        launch = super().launch(app_dir, cache)
        launch.argv = ["/bin/sh", "-c", _DJANGO_BUILD]
        launch.env = {"PYTHONUNBUFFERED": "1", "APP_SECRET": "build-time-secret"}
        launch.copy_app = False
        return launch


FLASK = PythonEnv(
    id="Python-Flask", language="Python", framework="Flask", code_files=("app.py",),
    manifest="python-flask.txt",
    instructions="Put all code in one file, app.py; it is started with `python app.py`.",
)

FASTAPI = PythonEnv(
    id="Python-FastAPI", language="Python", framework="FastAPI", code_files=("app.py",),
    manifest="python-fastapi.txt",
    instructions=(
        "Put all code in one file, app.py; it is started with `python app.py`, so app.py must "
        f"start the server itself, e.g. `uvicorn.run(app, host=\"0.0.0.0\", port={APP_PORT})` under "
        "`if __name__ == \"__main__\":`. Do not use streaming responses."),
)

AIOHTTP = PythonEnv(
    id="Python-aiohttp", language="Python", framework="aiohttp", code_files=("app.py",),
    manifest="python-aiohttp.txt",
    instructions=(
        "Put all code in one file, app.py; it is started with `python app.py`, so app.py must "
        f"start the server itself, e.g. `web.run_app(app, host=\"0.0.0.0\", port={APP_PORT})`."),
)

DJANGO = DjangoEnv(
    id="Python-Django", language="Python", framework="Django",
    code_files=("manage.py", "mysite/settings.py", "mysite/urls.py", "myapp/views.py"),
    manifest="python-django.txt",
    start=("/venv/bin/python", "manage.py", "runserver", f"0.0.0.0:{APP_PORT}", "--noreload"),
    instructions=f"""\
Write the project as if `django-admin startproject mysite . && django-admin startapp myapp` had
been run in the working directory: manage.py, mysite/__init__.py, mysite/settings.py,
mysite/urls.py, mysite/wsgi.py, mysite/asgi.py, myapp/__init__.py, myapp/apps.py,
myapp/models.py, myapp/views.py, myapp/urls.py and myapp/migrations/__init__.py (manage.py,
mysite/settings.py, mysite/urls.py and myapp/views.py are required; missing `__init__.py` files
are added for you). Put "myapp" in INSTALLED_APPS when it has models. Before it starts, the
project is prepared with `python manage.py makemigrations myapp` and `python manage.py migrate
--run-syncdb`; it is then started with `python manage.py runserver 0.0.0.0:{APP_PORT}`.
If an endpoint accepts several methods, write one view for it. Endpoints must not have trailing
slashes (set APPEND_SLASH = False). Set ALLOWED_HOSTS = ["*"].""",
)

ENVS = [FLASK, FASTAPI, DJANGO, AIOHTTP]
