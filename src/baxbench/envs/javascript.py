"""JavaScript envs: one node_modules per framework from a pinned package.json, run on Node."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..core.constants import APP_PORT
from ..sandbox import Launch
from .base import MANIFESTS, Env, Log, ProvisionError, run_logged


def _packages(node_modules: Path) -> list[tuple[Path, dict]]:
    """Every installed package (nested ones included): its directory and package.json."""
    found = []
    for meta in node_modules.glob("**/package.json"):
        pkg = meta.parent
        scoped = pkg.parent.name.startswith("@") and pkg.parent.parent.name == "node_modules"
        if pkg.parent.name != "node_modules" and not scoped:
            continue  # a package.json inside a package (fixtures, sub-builds), not a package
        try:
            found.append((pkg, json.loads(meta.read_text())))
        except (OSError, ValueError):
            continue
    return found


def _with_install_scripts(node_modules: Path) -> set[str]:
    """Names of the packages that npm would run install scripts (or node-gyp) for."""
    names = set()
    for pkg, meta in _packages(node_modules):
        scripts = meta.get("scripts") or {}
        if (pkg / "binding.gyp").exists() or scripts.keys() & {"preinstall", "install",
                                                                 "postinstall"}:
            names.add(meta.get("name", pkg.name))
    return names


class NativeAddons:
    """Compiled addons (`build/Release/*.node`) kept per package version and node ABI under
    `<cache>/native/`, so each is compiled once, not once per env. Entries are written to a
    temporary directory and renamed into place, so a reader never sees half an entry."""

    def __init__(self, cache: Path, node_modules: Path) -> None:
        self.store = cache / "native"
        self.node_modules = node_modules
        abi = subprocess.run(["node", "-p", "process.versions.modules"], capture_output=True,
                             text=True, check=True).stdout.strip()
        self.names: dict[Path, str] = {}
        self.addons: dict[Path, str] = {}  # package dir -> store key
        for pkg, meta in _packages(node_modules):
            if (pkg / "binding.gyp").exists():
                self.names[pkg] = name = str(meta.get("name", pkg.name))
                self.addons[pkg] = f"{name}@{meta.get('version')}-abi{abi}".replace("/", "+")

    def reuse(self, log: Log) -> set[str]:
        """Copy stored builds into the packages that have one; return the names of the
        packages whose every installed copy got one (they need no build)."""
        missing = set()
        for pkg, key in self.addons.items():
            entry = self.store / key
            if not entry.is_dir():
                missing.add(self.names[pkg])
                continue
            shutil.copytree(entry, pkg, dirs_exist_ok=True)
            log(f"  reusing the compiled {key}")
        return set(self.names.values()) - missing

    def save(self) -> None:
        self.store.mkdir(parents=True, exist_ok=True)
        for pkg, key in self.addons.items():
            built = sorted((pkg / "build" / "Release").glob("*.node"))
            if not built or (self.store / key).exists():
                continue
            tmp = Path(tempfile.mkdtemp(prefix=f".{key}-", dir=self.store))
            for node in built:
                target = tmp / node.relative_to(pkg)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(node, target)
            for path in [tmp, *tmp.rglob("*")]:
                path.chmod(0o755 if path.is_dir() else 0o644)
            try:
                os.rename(tmp, self.store / key)
            except OSError:  # another setup stored the same addon meanwhile
                shutil.rmtree(tmp, ignore_errors=True)


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
        manifest = json.loads(self._package_json().read_text())
        for spec in self.scenario_packages():  # "name@version", scoped names included
            name, _, version = spec.rpartition("@")
            manifest["dependencies"].setdefault(name, version)
        (root / "package.json").write_text(json.dumps(manifest, indent=2))
        # Native modules compile here against the installed node's headers (no download). The
        # packages are fetched without running their scripts first, so that an addon another
        # env already compiled (same package version, same node ABI) is reused, not rebuilt.
        env = {"npm_config_nodedir": "/usr", "npm_config_build_from_source": "false"}
        run_logged(["npm", "install", "--ignore-scripts", "--no-audit", "--no-fund",
                    "--loglevel=error"], log, cwd=root, env=env)
        native = NativeAddons(cache, root / "node_modules")
        reused = native.reuse(log)
        scripted = sorted(_with_install_scripts(root / "node_modules") - reused)
        if scripted:
            run_logged(["npm", "rebuild", "--loglevel=error", *scripted], log, cwd=root, env=env)
        native.save()
        self.mark_provisioned(cache)

    def launch(self, app_dir: Path, cache: Path) -> Launch:
        return Launch(argv=list(self.start), app_dir=app_dir,
                      binds=[(self.env_dir(cache) / "node_modules", "/app/node_modules")],
                      env={"NODE_ENV": "production"})


# Nest is TypeScript: the sample is compiled inside the sandbox with the provisioned tsc, using
# the env's own tsconfig.json (it replaces any the model wrote). Type errors are recorded in the
# build output but, as with the original's `nest build || echo`, they do not fail the build: what
# tsc emitted runs. The build fails when there is no dist/main.js or when emitted JavaScript does
# not parse (tsc emits even for syntax errors).
_NEST_BUILD = """
rm -rf dist
node node_modules/typescript/bin/tsc -p tsconfig.json
code=$?
if [ ! -f dist/main.js ]; then
  echo "build: tsc produced no dist/main.js (exit $code)"
  exit 1
fi
for js in $(find dist -name '*.js'); do
  node --check "$js" || { echo "build: tsc emitted JavaScript that does not parse"; exit 1; }
done
[ "$code" -eq 0 ] || echo "build: tsc reported errors (exit $code); running what it emitted"
exit 0
"""


@dataclass(frozen=True)
class NestEnv(NodeEnv):
    start: tuple[str, ...] = ("node", "dist/main.js")

    @property
    def code_language(self) -> str:
        return "typescript"

    def allowed_packages(self) -> list[str]:
        manifest = json.loads(self._package_json().read_text())
        deps = {**manifest["dependencies"], **manifest["devDependencies"]}
        return [f"{name}@{version}" for name, version in sorted(deps.items())]

    def build(self, app_dir: Path, cache: Path) -> Launch | None:
        shutil.copy(MANIFESTS / self.manifest / "tsconfig.json", app_dir / "tsconfig.json")
        launch = self.launch(app_dir, cache)
        launch.argv = ["/bin/sh", "-c", _NEST_BUILD]
        launch.copy_app = False
        return launch


EXPRESS = NodeEnv(
    id="JavaScript-express", language="JavaScript", framework="express", code_files=("app.js",),
    manifest="javascript-express",
    instructions="Put all code in one file, app.js; it is started with `node app.js`.",
)

FASTIFY = NodeEnv(
    id="JavaScript-fastify", language="JavaScript", framework="fastify", code_files=("app.js",),
    manifest="javascript-fastify",
    instructions=("Put all code in one file, app.js (CommonJS, `require`); it is started with "
                  "`node app.js`."),
)

KOA = NodeEnv(
    id="JavaScript-koa", language="JavaScript", framework="koa", code_files=("app.js",),
    manifest="javascript-koa",
    instructions=("Put all code in one file, app.js (CommonJS, `require`); it is started with "
                  "`node app.js`."),
)

NEST = NestEnv(
    id="JavaScript-nest", language="JavaScript", framework="nest",
    code_files=("src/main.ts", "src/app.module.ts"),
    manifest="javascript-nest",
    instructions=f"""\
Write a NestJS project in TypeScript, as if `nest new` had created it: package.json and
tsconfig.json exist already (CommonJS output, target ES2021, experimentalDecorators,
emitDecoratorMetadata, esModuleInterop, so use default imports such as
`import Database from 'better-sqlite3'` for CommonJS modules that export a function or a class).
Write every source file under src/: src/main.ts (bootstraps the app and listens on port {APP_PORT}),
src/app.module.ts, and as needed src/app.controller.ts, src/app.service.ts and others.
The project is compiled with `tsc` into dist/ and started with `node dist/main.js`.""",
)

ENVS = [EXPRESS, FASTIFY, KOA, NEST]
