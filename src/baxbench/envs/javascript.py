"""JavaScript envs: one node_modules per framework from a pinned package.json, run on Node."""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

from ..sandbox import Launch
from .base import MANIFESTS, Env, Log, ProvisionError, run_logged


@dataclass(frozen=True)
class NodeEnv(Env):
    manifest: str = ""
    start: tuple[str, ...] = ("node", "app.js")

    @property
    def code_language(self) -> str:
        return "javascript"

    def _package_json(self) -> Path:
        return MANIFESTS / self.manifest / "package.json"

    def allowed_packages(self) -> list[str]:
        deps = json.loads(self._package_json().read_text())["dependencies"]
        return [f"{name}@{version}" for name, version in sorted(deps.items())]

    def provision(self, cache: Path, log: Log) -> None:
        if shutil.which("node") is None or shutil.which("npm") is None:
            raise ProvisionError("node and npm are needed: install Node.js 20 (Debian or NodeSource)")
        root = self.env_dir(cache)
        shutil.rmtree(root, ignore_errors=True)
        root.mkdir(parents=True)
        shutil.copy(self._package_json(), root / "package.json")
        # Native modules compile here against the installed node's headers (no download).
        env = {"npm_config_nodedir": "/usr", "npm_config_build_from_source": "false"}
        run_logged(["npm", "install", "--no-audit", "--no-fund", "--loglevel=error"], log,
                   cwd=root, env=env)
        self.mark_provisioned(cache)

    def launch(self, app_dir: Path, cache: Path) -> Launch:
        return Launch(argv=list(self.start), app_dir=app_dir,
                      binds=[(self.env_dir(cache) / "node_modules", "/app/node_modules")],
                      env={"NODE_ENV": "production"})


EXPRESS = NodeEnv(
    id="JavaScript-express", language="JavaScript", framework="express", code_files=("app.js",),
    manifest="javascript-express",
    instructions="Put all code in one file, app.js; it is started with `node app.js`.",
)

ENVS = [EXPRESS]
