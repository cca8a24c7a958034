"""Rust envs: a private copy of the Rust toolchain, a crates.io registry cache, a warm target dir.

Apps build as uid 65534, which cannot see /root, so provisioning copies the toolchain (rustc,
cargo, the standard library; no docs) into the cache. It fetches the crates pinned by the env's
Cargo.lock and compiles them once into a warm target directory, so a sample compiles only its own
crate. A build runs offline (`cargo build --frozen`) in the sandbox with the env's Cargo.toml and
Cargo.lock, whatever the model asked for, on a private hardlinked copy of the warm target dir
(`warmcache`), mounted where the warm one lives so that the build-script outputs recorded there
(bundled SQLite's library path) stay valid.

As in the original harness, the model writes main.rs, which becomes src/main.rs behind a
`#![allow(warnings, unused)]` line; the binary is built with Cargo's dev profile and started
directly (the original started it with `cargo run`).
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from ..sandbox import Launch, Limits
from .base import MANIFESTS, Env, Log, ProvisionError, run_logged
from .warmcache import private_copy, seal

RUSTUP_HOME = Path(os.environ.get("RUSTUP_HOME", "/root/.rustup"))
CARGO_BIN = Path(os.environ.get("CARGO_HOME", "/root/.cargo")) / "bin"
BINARY = "server"
# rustc on a large actix crate can pass the apps' 1 GiB; its codegen runs on parallel threads.
BUILD_LIMITS = Limits(memory_mb=3072, pids=512, cpus=2.0)
# What a build needs from a toolchain; docs, sources and the other tools stay behind.
_TOOLCHAIN_PARTS = ("bin/cargo", "bin/rustc", "bin/rustdoc", "lib", "libexec")


def _host_toolchain() -> Path:
    """The directory of rustup's default toolchain (or of the rustc on PATH)."""
    rustc = shutil.which("rustc") or str(CARGO_BIN / "rustc")
    try:
        sysroot = subprocess.run([rustc, "--print", "sysroot"], capture_output=True, text=True,
                                 check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError) as e:
        raise ProvisionError(f"no Rust toolchain found ({e}): install Rust with rustup") from e
    return Path(sysroot).resolve()


def _lock_versions(lock: str) -> dict[str, str]:
    return dict(re.findall(r'^name = "([^"]+)"\nversion = "([^"]+)"', lock, re.M))


@dataclass(frozen=True)
class RustEnv(Env):
    manifest: str = ""
    build_timeout_s: float = 600

    def _manifest(self, name: str) -> str:
        return (MANIFESTS / self.manifest / name).read_text()

    def _direct_deps(self) -> list[tuple[str, list[str]]]:
        """(crate, enabled features) for each dependency of the manifest's Cargo.toml."""
        section = self._manifest("Cargo.toml").split("[dependencies]", 1)[1].split("\n[", 1)[0]
        deps = []
        for name, spec in re.findall(r"^([\w-]+)\s*=\s*(.*)$", section, re.M):
            features = re.search(r"features\s*=\s*\[([^\]]*)\]", spec)
            deps.append((name, re.findall(r'"([^"]+)"', features[1]) if features else []))
        return deps

    def allowed_packages(self) -> list[str]:
        versions = _lock_versions(self._manifest("Cargo.lock"))
        return [f"{name}@{versions.get(name, '?')}"
                + (f" (features: {', '.join(features)})" if features else "")
                for name, features in self._direct_deps()]

    def fingerprint(self) -> str:
        lock = self._manifest("Cargo.lock") + self._manifest("Cargo.toml")
        return "\n".join([*self.allowed_packages(), *self.scenario_packages(),
                          f"manifest {hash_text(lock)}"])

    def _paths(self, cache: Path) -> dict[str, Path]:
        root = self.env_dir(cache)
        return {"root": root, "toolchain": root / "toolchain", "cargo_home": root / "cargo-home",
                "project": root / "project", "target": root / "target"}

    def _cargo_env(self, cache: Path) -> dict[str, str]:
        p = self._paths(cache)
        return {"CARGO_HOME": str(p["cargo_home"]), "CARGO_TARGET_DIR": str(p["target"]),
                "RUSTC": str(p["toolchain"] / "bin" / "rustc"),
                "RUSTDOC": str(p["toolchain"] / "bin" / "rustdoc"),
                "CARGO_INCREMENTAL": "0", "CARGO_TERM_COLOR": "never",
                "PATH": f"{p['toolchain'] / 'bin'}:/usr/bin:/bin"}

    def provision(self, cache: Path, log: Log) -> None:
        if shutil.which("cc") is None:
            raise ProvisionError("cc missing (Rust links with it): apt-get install gcc")
        if self.scenario_packages():
            raise ProvisionError(
                f"scenarios add crates {self.scenario_packages()}: add them to "
                f"manifests/{self.manifest}/Cargo.toml and regenerate its Cargo.lock")
        source = _host_toolchain()
        p = self._paths(cache)
        shutil.rmtree(p["root"], ignore_errors=True)
        for key in ("toolchain", "cargo_home", "project"):
            p[key].mkdir(parents=True)
        log(f"  copying the toolchain {source} (without docs)")
        for part in _TOOLCHAIN_PARTS:
            src, dest = source / part, p["toolchain"] / part
            if src.is_dir():
                shutil.copytree(src, dest, symlinks=True)
            elif src.exists():
                dest.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(src, dest)
        project = p["project"]
        (project / "src").mkdir()
        for name in ("Cargo.toml", "Cargo.lock"):
            (project / name).write_text(self._manifest(name))
        # The warm-up program uses the heavy crates, so their generic code is compiled as well.
        (project / "src" / "main.rs").write_text(_WARM_MAIN)
        env = self._cargo_env(cache)
        cargo = str(p["toolchain"] / "bin" / "cargo")
        run_logged([cargo, "fetch", "--locked"], log, cwd=project, env=env)
        log("  compiling every dependency (minutes)")
        run_logged([cargo, "build", "--frozen"], log, cwd=project, env=env)
        forget_crate(p["target"], BINARY)
        seal(p["root"])
        self.mark_provisioned(cache)

    def _binds(self, cache: Path) -> list[tuple[Path, str]]:
        p = self._paths(cache)
        return [(p["toolchain"], str(p["toolchain"])), (p["cargo_home"], str(p["cargo_home"]))]

    def build(self, app_dir: Path, cache: Path) -> Launch:
        p = self._paths(cache)
        notes = []
        for name in ("Cargo.toml", "Cargo.lock"):  # the provisioned crate, whatever the model wrote
            own, provisioned = app_dir / name, self._manifest(name)
            if own.exists() and own.read_text(errors="replace") != provisioned:
                notes.append(f"echo 'note: {name} replaced by the provisioned one'\n")
            own.write_text(provisioned)
        scratch = app_dir.parent / "target"
        private_copy(p["target"], scratch, drop=(".cargo-lock", ".rustc_info.json"))
        target = p["target"]
        script = (
            "set -e\n" + "".join(notes) +
            "mkdir -p src\n"
            "{ echo '#![allow(warnings, unused)]'; cat main.rs; } > src/main.rs\n"
            "cargo build --frozen 2>&1\n"
            f"cp {target}/debug/{BINARY} ./{BINARY}\n"
        )
        return Launch(argv=["/bin/sh", "-c", script], app_dir=app_dir,
                      env=self._cargo_env(cache), binds=self._binds(cache),
                      writable_binds=[(scratch, str(target))], copy_app=False,
                      limits=BUILD_LIMITS)

    def launch(self, app_dir: Path, cache: Path) -> Launch:
        return Launch(argv=[f"./{BINARY}"], app_dir=app_dir, env={"RUST_BACKTRACE": "1"})


def forget_crate(target: Path, crate: str) -> None:
    """Remove the warm-up crate's own artifacts: every sample rebuilds (and rewrites) them."""
    profile = target / "debug"
    doomed = [profile / crate, profile / f"{crate}.d"]
    for sub in (".fingerprint", "deps", "build", "incremental"):
        doomed += (profile / sub).glob(f"{crate}-*")
    for path in doomed:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        elif path.exists() or path.is_symlink():
            path.unlink()


def hash_text(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:16]


_WARM_MAIN = """\
use actix_web::{web, App, HttpResponse, HttpServer};

#[derive(serde::Serialize, serde::Deserialize)]
struct Item { name: String }

async fn item(body: web::Json<Item>) -> HttpResponse {
    HttpResponse::Ok().json(serde_json::json!({"name": body.name}))
}

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    let conn = rusqlite::Connection::open_in_memory().unwrap();
    conn.execute("CREATE TABLE t (id TEXT)", rusqlite::params![]).unwrap();
    let _ = (uuid::Uuid::new_v4(), chrono::Utc::now());
    HttpServer::new(|| App::new().route("/", web::post().to(item)))
        .bind(("127.0.0.1", 0))?
        .workers(1);
    Ok(())
}
"""

_INSTRUCTIONS = (
    "Put all code in one file, main.rs. It becomes src/main.rs of a Cargo crate whose "
    "Cargo.toml lists exactly the crates above (a Cargo.toml of your own is not used); it is "
    "built offline with `cargo build` and the binary is started from the working directory."
)

ACTIX = RustEnv(
    id="Rust-Actix", language="Rust", framework="Actix", code_files=("main.rs",),
    manifest="rust-actix", instructions=_INSTRUCTIONS,
)

ENVS = [ACTIX]
