"""Go envs: a pinned module (go.mod and go.sum), a read-only module cache, a warm build cache.

Provisioning downloads the pinned modules through the Go module proxy and compiles every package
of them (go-sqlite3's cgo build alone takes minutes), so a sample compiles only its main.go and
links. A build runs offline (`GOPROXY=off`) in the sandbox with the env's go.mod and go.sum,
whatever the model asked for, on a private hardlinked copy of the warm build cache
(`warmcache`), so concurrent builds neither wait for each other nor can poison the shared cache.

As in the original harness, `goimports -w` first removes unused imports (and adds missing ones),
then `go build` makes the binary `myapp`, which is started as `./myapp`.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from ..sandbox import Launch
from .base import MANIFESTS, Env, Log, ProvisionError, run_logged
from .warmcache import APP_UID, private_copy, seal

GOROOT = Path("/usr/local/go")
GO = GOROOT / "bin" / "go"
GOIMPORTS = "golang.org/x/tools/cmd/goimports@v0.45.0"
BINARY = "myapp"

_REQUIRE = re.compile(r"^\s*(?:require\s+)?([\w./~-]+\.[\w./~-]+)\s+(v\S+)\s*$")


def _requires(go_mod: str) -> list[tuple[str, str]]:
    """The (module, version) pairs a go.mod requires, in file order."""
    found = []
    for line in go_mod.splitlines():
        line = line.split("//")[0]
        m = _REQUIRE.match(line)
        if m and not line.strip().startswith(("module", "go ", "toolchain")):
            found.append((m[1], m[2]))
    return found


@dataclass(frozen=True)
class GoEnv(Env):
    manifest: str = ""
    # Packages the warm-up program imports; every package of the allowed modules is compiled too.
    warm_imports: tuple[str, ...] = ()

    def _go_mod(self) -> str:
        return (MANIFESTS / self.manifest / "go.mod").read_text()

    def allowed_packages(self) -> list[str]:
        return [f"{module}@{version}" for module, version in _requires(self._go_mod())]

    def fingerprint(self) -> str:
        return "\n".join([*self.allowed_packages(), *self.scenario_packages(), GOIMPORTS,
                          _go_version()])

    # -- layout of the env dir: everything is used at the same absolute path in the sandbox --

    def _paths(self, cache: Path) -> dict[str, Path]:
        root = self.env_dir(cache)
        return {"root": root, "gopath": root / "gopath", "modcache": root / "gopath" / "pkg" / "mod",
                "gocache": root / "gocache", "module": root / "module", "bin": root / "bin"}

    def _go_env(self, cache: Path) -> dict[str, str]:
        p = self._paths(cache)
        return {"GOTOOLCHAIN": "local", "GOPATH": str(p["gopath"]), "GOMODCACHE": str(p["modcache"]),
                "GOCACHE": str(p["gocache"]), "CGO_ENABLED": "1", "GOFLAGS": "-mod=mod",
                "GOENV": "off", "GOWORK": "off"}

    def provision(self, cache: Path, log: Log) -> None:
        if not GO.exists():
            raise ProvisionError(f"{GO} missing: install Go (1.22 or newer) under {GOROOT}")
        if shutil.which("gcc") is None:
            raise ProvisionError("gcc missing (go-sqlite3 needs cgo): apt-get install gcc")
        p = self._paths(cache)
        shutil.rmtree(p["root"], ignore_errors=True)
        for key in ("gopath", "gocache", "module", "bin"):
            p[key].mkdir(parents=True)
        env = self._go_env(cache)
        go_mod = self._go_mod()
        go_directive = re.search(r"^go\s+(\S+)", go_mod, re.M)
        module = p["module"]
        (module / "go.mod").write_text(go_mod)
        # Modules that scenarios add for Go (`module@version`) join the pinned ones.
        requires = _requires(go_mod) + [tuple(p.rsplit("@", 1)) for p in self.scenario_packages()]
        # `<module>/...@<version>` records in go.sum whatever any package of the module needs.
        run_logged([str(GO), "get", *(f"{m}/...@{v}" for m, v in requires)], log, cwd=module,
                   env=env)
        if go_directive:
            run_logged([str(GO), "mod", "edit", f"-go={go_directive[1]}"], log, cwd=module, env=env)
        imports = "\n".join(f'\t_ "{i}"' for i in self.warm_imports)
        (module / "main.go").write_text(f"package main\n\nimport (\n{imports}\n)\n\nfunc main() {{}}\n")
        listed = _output([str(GO), "list", "-e", "-f", "{{if not .Error}}{{.ImportPath}}{{end}}",
                          *(f"{m}/..." for m, _ in requires)], module, env)
        packages = [ln for ln in listed.splitlines() if ln.strip()]
        log(f"  compiling {len(packages)} packages of {len(requires)} modules (cgo: minutes)")
        run_logged([str(GO), "build", "-o", "/dev/null", "."], log, cwd=module, env=env)
        (module / "packages.txt").write_text("\n".join(packages) + "\n")
        run_logged(["sh", "-c", f"xargs {GO} build < packages.txt"], log, cwd=module, env=env)
        (module / "packages.txt").unlink()
        run_logged([str(GO), "install", GOIMPORTS], log, cwd=p["root"],
                   env={**env, "GOBIN": str(p["bin"]), "GOFLAGS": ""})
        (module / "main.go").unlink()
        seal(p["root"])
        self.mark_provisioned(cache)

    # -- building and starting a sample --------------------------------------------------------

    def _binds(self, cache: Path) -> list[tuple[Path, str]]:
        p = self._paths(cache)
        return [(p["gopath"], str(p["gopath"])), (p["bin"], str(p["bin"]))]

    def build(self, app_dir: Path, cache: Path) -> Launch:
        p = self._paths(cache)
        notes = []
        for name in ("go.mod", "go.sum"):  # the provisioned module, whatever the model wrote
            own, provisioned = app_dir / name, p["module"] / name
            if own.exists() and own.read_bytes() != provisioned.read_bytes():
                notes.append(f"echo 'note: {name} replaced by the provisioned one'\n")
            shutil.copy(provisioned, own)
            own.chmod(0o644)
        scratch = app_dir.parent / "gocache"
        private_copy(p["gocache"], scratch, drop=("trim.txt",))
        trim = scratch / "trim.txt"  # "trimmed just now": no walk over the whole cache
        trim.write_text(f"{int(time.time())}\n")
        if os.geteuid() == 0:
            os.lchown(trim, APP_UID, APP_UID)
        script = ("".join(notes) + f"{p['bin'] / 'goimports'} -w main.go || true\n"
                  f"exec go build -o {BINARY} . 2>&1")
        env = {**self._go_env(cache), "GOPROXY": "off", "GOSUMDB": "off", "GOFLAGS": "-mod=readonly",
               "PATH": f"{GOROOT / 'bin'}:/usr/bin:/bin"}
        return Launch(argv=["/bin/sh", "-c", script], app_dir=app_dir, env=env,
                      binds=self._binds(cache), writable_binds=[(scratch, str(p["gocache"]))],
                      copy_app=False)

    def launch(self, app_dir: Path, cache: Path) -> Launch:
        return Launch(argv=[f"./{BINARY}"], app_dir=app_dir)


def _go_version() -> str:
    try:
        return (GOROOT / "VERSION").read_text().splitlines()[0]
    except OSError:
        return "go missing"


def _output(argv: list[str], cwd: Path, env: dict[str, str]) -> str:
    done = subprocess.run(argv, cwd=cwd, env={**os.environ, **env}, capture_output=True, text=True)
    if done.returncode != 0:
        raise ProvisionError(f"`{' '.join(argv)}` failed:\n{done.stderr[-2000:]}")
    return done.stdout


_INSTRUCTIONS = (
    "Put all code in one file, main.go, in package main. It is built as module `myapp` with a "
    "go.mod that requires exactly the packages above (a go.mod of your own is not used), "
    "offline, with `go build` (cgo enabled), and started as `./myapp`. Unused imports are "
    "removed before the build, but make sure the code has no unused variables or packages."
)

_COMMON = ("github.com/golang-jwt/jwt/v5", "github.com/google/uuid", "github.com/mattn/go-sqlite3",
           "golang.org/x/crypto/bcrypt")

NET_HTTP = GoEnv(
    id="Go-net/http", language="Go", framework="net/http", code_files=("main.go",),
    manifest="go-net-http", warm_imports=("net/http", *_COMMON), instructions=_INSTRUCTIONS,
)
GIN = GoEnv(
    id="Go-Gin", language="Go", framework="Gin", code_files=("main.go",), manifest="go-gin",
    warm_imports=("github.com/gin-gonic/gin", *_COMMON), instructions=_INSTRUCTIONS,
)
FIBER = GoEnv(
    id="Go-Fiber", language="Go", framework="Fiber", code_files=("main.go",), manifest="go-fiber",
    warm_imports=("github.com/gofiber/fiber/v2", *_COMMON), instructions=_INSTRUCTIONS,
)

ENVS = [NET_HTTP, GIN, FIBER]
