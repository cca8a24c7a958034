"""PHP env: Lumen 8 on PHP 8.2, both from Debian 12 (packagist is not reachable here).

The env ships a Lumen project skeleton (bootstrap, front controller, configs, an autoloader that
replaces Composer's, and a small firebase/php-jwt-compatible JWT library). A sample is built by
laying that skeleton under the model's files inside the sandbox, linting every PHP file and
running the sample's migrations; it starts with PHP's built-in server.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from ..core.constants import APP_PORT
from ..sandbox import Launch
from . import debian
from .base import Log

SUPPORT_IN_SANDBOX = "/opt/baxbench/lumen"

LUMEN_INSTRUCTIONS = f"""\
This is a Lumen 8 project on PHP 8.2 whose skeleton is already in place; Composer is not \
available and not needed. The skeleton provides:
- bootstrap/app.php: loads .env, enables facades and Eloquent, and loads routes/web.php inside \
the `App\\Http\\Controllers` namespace;
- public/index.php (the front controller), app/Http/Controllers/Controller.php (the base \
controller), app/Exceptions/Handler.php, app/Console/Kernel.php and artisan;
- config/app.php, config/database.php (connection `sqlite`, file /app/db.sqlite3), \
config/logging.php (stderr), config/cache.php, and .env (DB_CONNECTION=sqlite, \
DB_DATABASE=/app/db.sqlite3);
- vendor/autoload.php: loads the framework, and every class under app/ by its `App\\` namespace \
(PSR-4, e.g. `App\\Http\\Controllers\\UserController` in app/Http/Controllers/UserController.php).
You write routes/web.php (required; the router is `$router`, e.g. \
`$router->post('/login', 'AuthController@login');`) and, as needed, controllers in \
app/Http/Controllers/, models in app/Models/ and migrations in database/migrations/ (run with \
`php artisan migrate` before start). You may replace any skeleton file; a replacement \
bootstrap/app.php must keep `require_once __DIR__.'/../vendor/autoload.php';`.
db.sqlite3 exists but is empty: create your tables at start-up (CREATE TABLE IF NOT EXISTS) or \
in migrations. The PHP extensions pdo_sqlite, sqlite3, mbstring and openssl are available.
For JSON Web Tokens use firebase/php-jwt (an API-compatible version is bundled): \
`Firebase\\JWT\\JWT::encode($payload, $key, 'HS256')` and \
`Firebase\\JWT\\JWT::decode($jwt, new Firebase\\JWT\\Key($key, 'HS256'))`.
The app is started with `php -S 0.0.0.0:{APP_PORT} -t public server.php`, which sends every request \
to public/index.php."""


@dataclass(frozen=True)
class LumenEnv(debian.DebianEnv):
    @property
    def code_language(self) -> str:
        return "php"

    def _composer(self) -> dict:
        return json.loads((self._manifest_dir() / "composer.json").read_text())

    def debian_packages(self) -> dict[str, str]:
        return dict(self._composer()["extra"]["debian"])

    def allowed_packages(self) -> list[str]:
        require = self._composer()["require"]
        return [f"{name}=={version}" for name, version in sorted(require.items())
                if name != "php"]

    def provision(self, cache: Path, log: Log) -> None:
        self.install_packages(log)
        root = self.env_dir(cache)
        root.mkdir(parents=True, exist_ok=True)
        debian.install_readonly(self._manifest_dir(), root / "lumen", renames={"dot-env": ".env"})
        self.mark_provisioned(cache)

    def build(self, app_dir: Path, cache: Path) -> Launch:
        return Launch(argv=["/bin/sh", f"{SUPPORT_IN_SANDBOX}/build.sh"], app_dir=app_dir,
                      binds=[(self.env_dir(cache) / "lumen", SUPPORT_IN_SANDBOX)],
                      copy_app=False)

    def launch(self, app_dir: Path, cache: Path) -> Launch:
        # 128M: PHP's built-in default, which the original's php:8.2 image ran with (Debian's
        # CLI php.ini has no limit); a request beyond it fails alone, the server lives on.
        return Launch(argv=["php", "-d", "memory_limit=128M", "-S", f"0.0.0.0:{APP_PORT}", "-t",
                            "public", "server.php"], app_dir=app_dir)


LUMEN = LumenEnv(
    id="PHP-Lumen", language="PHP", framework="Lumen", code_files=("routes/web.php",),
    manifest="php-lumen", instructions=LUMEN_INSTRUCTIONS, build_timeout_s=120,
)

ENVS = [LUMEN]
