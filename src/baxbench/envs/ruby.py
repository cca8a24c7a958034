"""Ruby env: Rails 6.1 (API only) on Ruby 3.1, from Debian 12's packages (no rubygems here).

The env ships a Rails API project skeleton and a Gemfile pinned to Debian's gems, locked once at
provisioning (`bundle lock --local`). A sample is built by laying the skeleton under the model's
files inside the sandbox (the env's Gemfile, boot, database and server files always win),
checking every Ruby file's syntax and preparing the database; it starts with `bin/rails server`
in the production environment.
"""

from __future__ import annotations

import json
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..core.constants import APP_PORT
from ..sandbox import Launch
from . import debian
from .base import Log, ProvisionError, run_logged

SUPPORT_IN_SANDBOX = "/opt/baxbench/rails"
# Rails refuses to start in production without one; the apps' own secret is APP_SECRET.
SECRET_KEY_BASE = "baxbench0" * 8
_GEM = re.compile(r"""^\s*gem\s+["']([^"']+)["']\s*,\s*["']([^"']+)["']""", re.M)

RAILS_INSTRUCTIONS = f"""\
This is a Rails 6.1 API-only project (`rails new --api` layout) on Ruby 3.1, run in the \
production environment; its skeleton is already in place and Bundler uses only the gems listed \
above (rails, sqlite3, puma, bcrypt, jwt, rack-cors), which are required at boot, so `BCrypt::Password` \
and `JWT.encode`/`JWT.decode` need no require. The skeleton provides:
- Gemfile and Gemfile.lock, bin/rails, config.ru, Rakefile, config/boot.rb, \
config/environment.rb, config/environments/production.rb, config/puma.rb and \
config/database.yml (sqlite3, the file db.sqlite3 in /app). These are fixed: versions you \
write are replaced.
- config/application.rb (module `App`, `config.load_defaults 6.1`, `config.api_only = true`, \
with Active Model, Active Job, Active Record, Action Controller and Action View loaded), \
app/controllers/application_controller.rb (`class ApplicationController < \
ActionController::API`) and app/models/application_record.rb. You may replace these.
You write config/routes.rb (required) and your controllers in app/controllers/ (e.g. \
`AuthController` in app/controllers/auth_controller.rb), and as needed models in app/models/, \
initializers in config/initializers/, and migrations in db/migrate/ (classes inheriting \
from `ActiveRecord::Migration[6.1]`) or db/schema.rb; \
`bin/rails db:prepare` runs before start when there are any. Classes are loaded by Zeitwerk, so \
each file's name must match the constant it defines. Do not use the asset pipeline.
The app is started with `bin/rails server --binding 0.0.0.0 --port {APP_PORT}` with \
RAILS_ENV=production."""


@dataclass(frozen=True)
class RailsEnv(debian.DebianEnv):
    @property
    def code_language(self) -> str:
        return "ruby"

    def debian_packages(self) -> dict[str, str]:
        return json.loads((self._manifest_dir() / "debian-packages.json").read_text())

    def allowed_packages(self) -> list[str]:
        gemfile = (self._manifest_dir() / "Gemfile").read_text()
        return [f"{name}=={version}" for name, version in _GEM.findall(gemfile)]

    def provision(self, cache: Path, log: Log) -> None:
        self.install_packages(log)
        if shutil.which("bundle") is None:
            raise ProvisionError("bundle missing: install Debian's ruby-bundler")
        root = self.env_dir(cache)
        root.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory() as tmp:
            shutil.copy(self._manifest_dir() / "Gemfile", tmp)
            # Resolves the pinned gems against Debian's installed ones; fails on a mismatch.
            run_logged(["bundle", "lock", "--local"], log, cwd=Path(tmp),
                       env={"BUNDLE_GEMFILE": f"{tmp}/Gemfile", "BUNDLE_FROZEN": "false"})
            support = root / "rails"
            debian.install_readonly(self._manifest_dir(), support)
            shutil.copy(Path(tmp) / "Gemfile.lock", support / "Gemfile.lock")
            (support / "Gemfile.lock").chmod(0o644)
        self.mark_provisioned(cache)

    def _env(self) -> dict[str, str]:
        return {"RAILS_ENV": "production", "SECRET_KEY_BASE": SECRET_KEY_BASE,
                "BUNDLE_GEMFILE": "/app/Gemfile", "BUNDLE_FROZEN": "true",
                "RAILS_LOG_TO_STDOUT": "1"}

    def build(self, app_dir: Path, cache: Path) -> Launch:
        return Launch(argv=["ruby", f"{SUPPORT_IN_SANDBOX}/build.rb"], app_dir=app_dir,
                      binds=[(self.env_dir(cache) / "rails", SUPPORT_IN_SANDBOX)],
                      env=self._env(), copy_app=False)

    def launch(self, app_dir: Path, cache: Path) -> Launch:
        return Launch(argv=["ruby", "bin/rails", "server", "--binding", "0.0.0.0",
                            "--port", str(APP_PORT)],
                      app_dir=app_dir, env=self._env())


RAILS = RailsEnv(
    id="Ruby-Rails", language="Ruby", framework="Rails", code_files=("config/routes.rb",),
    manifest="ruby-rails", instructions=RAILS_INSTRUCTIONS, build_timeout_s=180,
)

ENVS = [RAILS]
