"""The package layers of docs/architecture.md hold: every module imports on its own, no import
runs back up the declared order, and no two packages import each other.

Imports are read with `ast`, not executed. An import counts wherever it stands (module level,
inside a function, under `if TYPE_CHECKING:`); the few that may break the order are listed in
EXCEPTIONS with the reason, and may only be function-local.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
ROOT = "baxbench"

# Lowest first. A module may import modules of its own layer or of a lower one.
LAYERS: list[tuple[str, tuple[str, ...]]] = [
    ("core", ("baxbench.core", "baxbench.cwe", "baxbench.errors", "baxbench.writable")),
    ("sandbox", ("baxbench.sandbox",)),
    ("exploits", ("baxbench.exploits",)),
    ("scenarios", ("baxbench.scenarios",)),
    ("envs", ("baxbench.envs",)),
    ("generation", ("baxbench.generation",)),
    ("results", ("baxbench.results",)),
    ("setup", ("baxbench.setup",)),
    ("execution", ("baxbench.execution",)),
    # The entry points; any other top-level module (a new one) belongs here too.
    ("interface", ("baxbench.api", "baxbench.commands", "baxbench.cli", "baxbench.cli_parser")),
]
# Modules whose layer is not their package's.
MODULE_LAYER = {
    # A documentation generator run as `python -m baxbench.scenarios.catalog`; nothing imports
    # it, and it reads the envs and the reference apps to count them.
    "baxbench.scenarios.catalog": "interface",
}
# (importer, imported): why this function-local import may break the layer order or close a
# cycle between packages. Nothing else may.
EXCEPTIONS = {
    ("baxbench.commands.test_app", "baxbench.cli"):
        "`test --app` reuses cli's backend and settings helpers; moving them out of cli.py is "
        "left for a change that does not race other work on cli.py",
}
RANK = {name: i for i, (name, _) in enumerate(LAYERS)}


@dataclass(frozen=True)
class Import:
    importer: str
    target: str  # the module imported, or the package an attribute was imported from
    names: tuple[str, ...]
    where: str  # "module", "function" or "typing" (under `if TYPE_CHECKING:`)
    line: int


def modules(src: Path = SRC) -> dict[str, Path]:
    """Every module of the package, by dotted name."""
    found = {}
    for path in sorted((src / ROOT).rglob("*.py")):
        parts = list(path.relative_to(src).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def imports_of(name: str, path: Path, known: set[str]) -> list[Import]:
    """The baxbench imports in one module, resolved to module names."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: list[Import] = []

    def visit(node: ast.AST, where: str) -> None:
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name == ROOT or alias.name.startswith(ROOT + "."):
                    found.append(Import(name, alias.name, (), where, node.lineno))
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[:len(base) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            if module != ROOT and not module.startswith(ROOT + "."):
                return
            names = tuple(a.name for a in node.names)
            submodules = [f"{module}.{n}" for n in names if f"{module}.{n}" in known]
            for target in submodules or [module]:
                found.append(Import(name, target, names, where, node.lineno))
        elif isinstance(node, ast.If) and _is_type_checking(node.test):
            for child in node.body:
                visit(child, "typing")
            for child in node.orelse:
                visit(child, where)
        else:
            inner = where
            if where == "module" and isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                inner = "function"
            for child in ast.iter_child_nodes(node):
                visit(child, inner)

    visit(ast.parse(path.read_text(), str(path)), "module")
    return found


def unit(module: str) -> str:
    """The package (or top-level module) a module belongs to: what the cycle check compares. A
    module placed in another layer than its package's (MODULE_LAYER) stands alone."""
    if module in MODULE_LAYER:
        return module
    parts = module.split(".")
    return ".".join(parts[:2])


def layer(module: str) -> str:
    if module in MODULE_LAYER:
        return MODULE_LAYER[module]
    for name, prefixes in LAYERS:
        if any(module == p or module.startswith(p + ".") for p in prefixes):
            return name
    return "interface"  # a top-level module nobody declared: an entry point


def all_imports(src: Path = SRC) -> list[Import]:
    mods = modules(src)
    return [i for name, path in mods.items() for i in imports_of(name, path, set(mods))]


def _version_only(imp: Import) -> bool:
    """`from .. import __version__`: the root package holds only the version for the layers;
    Python has run it before any submodule anyway."""
    return imp.target == ROOT and imp.names == ("__version__",)


def violations(imports: list[Import]) -> list[str]:
    bad = []
    for imp in imports:
        excepted = (imp.importer, imp.target) in EXCEPTIONS and imp.where == "function"
        if excepted or _version_only(imp):
            continue
        if imp.target == ROOT:
            bad.append(f"{imp.importer}:{imp.line} imports from the root package "
                       f"{imp.names}: import the module that defines them")
            continue
        low, high = layer(imp.importer), layer(imp.target)
        if RANK[high] > RANK[low]:
            bad.append(f"{imp.importer}:{imp.line} ({low}) imports {imp.target} ({high}) "
                       f"[{imp.where}]")
    return bad


def cycles(imports: list[Import]) -> list[list[str]]:
    """Cycles in the graph of packages (top-level modules count as their own package), over
    runtime imports (not those under TYPE_CHECKING), minus the listed exceptions."""
    graph: dict[str, set[str]] = {}
    for imp in imports:
        if imp.where == "typing" or _version_only(imp) or (imp.importer, imp.target) in EXCEPTIONS:
            continue
        a, b = unit(imp.importer), unit(imp.target)
        if a != b:
            graph.setdefault(a, set()).add(b)
    # Tarjan's strongly connected components: a component of more than one node is a cycle.
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def strong(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                strong(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            strong(v)
    return found


# -- the checks ---------------------------------------------------------------------------------


def test_no_import_runs_up_the_layers() -> None:
    assert violations(all_imports()) == []


def test_no_cycle_between_packages() -> None:
    assert cycles(all_imports()) == []


def test_every_exception_is_function_local_and_still_needed() -> None:
    imports = all_imports()
    for (importer, target), why in EXCEPTIONS.items():
        uses = [i for i in imports if (i.importer, i.target) == (importer, target)]
        assert uses, f"exception {importer} -> {target} no longer needed: remove it ({why})"
        assert all(i.where == "function" for i in uses), f"{importer}: {target} at module level"


def test_every_package_has_a_layer() -> None:
    """A new package must say where it stands (a new top-level module is an entry point)."""
    packages = {f"{ROOT}.{d.name}" for d in (SRC / ROOT).iterdir() if (d / "__init__.py").exists()}
    declared = {p for _, prefixes in LAYERS for p in prefixes}
    assert packages <= declared, f"declare the layer of {sorted(packages - declared)}"


def _import_alone(module: str) -> tuple[str, str]:
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    proc = subprocess.run([sys.executable, "-c", f"import {module}"], capture_output=True,
                          text=True, env=env, timeout=120)
    return module, "" if proc.returncode == 0 else proc.stderr.strip().splitlines()[-1]


def test_every_module_imports_on_its_own() -> None:
    """Each module in a fresh interpreter, as `python -c "import baxbench.exploits.detect"`."""
    with ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 2)) as pool:
        failed = {m: err for m, err in pool.map(_import_alone, modules()) if err}
    assert failed == {}


# -- the checker itself -------------------------------------------------------------------------


def _tree(tmp_path: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        path = tmp_path / ROOT / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return tmp_path


def test_checker_finds_an_upward_import_and_a_cycle(tmp_path: Path) -> None:
    src = _tree(tmp_path, {
        "__init__.py": "__version__ = '0'\n",
        "core/__init__.py": "",
        "core/a.py": "from ..execution import runner\n",  # core -> execution: upward
        "execution/__init__.py": "",
        "execution/runner.py": "from ..core import a\n",
        "sandbox/__init__.py": "",
        "sandbox/b.py": ("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
                         "    from ..results import x\n"
                         "def f():\n    from ..envs import y\n"),
        "results/__init__.py": "",
        "results/x.py": "from .. import __version__\n",
        "envs/__init__.py": "",
        "envs/y.py": "",
    })
    imports = all_imports(src)
    where = {(i.importer, i.target): i.where for i in imports}
    assert where == {
        ("baxbench.core.a", "baxbench.execution.runner"): "module",
        ("baxbench.execution.runner", "baxbench.core.a"): "module",
        ("baxbench.sandbox.b", "baxbench.results.x"): "typing",
        ("baxbench.sandbox.b", "baxbench.envs.y"): "function",
        ("baxbench.results.x", "baxbench"): "module",
    }
    bad = violations(imports)
    assert len(bad) == 3 and all(s in " ".join(bad) for s in ("core.a:1", "[typing]", "[function]"))
    assert cycles(imports) == [["baxbench.core", "baxbench.execution"]]


@pytest.mark.parametrize(("module", "expected"), [
    ("baxbench.core.testing", "core"), ("baxbench.cwe", "core"),
    ("baxbench.scenarios.login", "scenarios"), ("baxbench.scenarios.catalog", "interface"),
    ("baxbench.setup", "setup"), ("baxbench.brand_new", "interface"),
])
def test_layer_of(module: str, expected: str) -> None:
    assert layer(module) == expected


# -- the contracts that let the lower layers do without the upper ones --------------------------


def test_app_keeps_the_handle_contract() -> None:
    """Tests and exploits are written against core.app.AppHandle; execution.app.App must have
    every member of it, with the same parameters."""
    import inspect

    from baxbench.core.app import AppHandle
    from baxbench.execution.app import App

    class Instance:
        def open_connection(self, timeout_s: float) -> None:
            raise OSError("no app")

    app = App(Instance(), backend=None)  # type: ignore[arg-type]
    try:
        assert isinstance(app, AppHandle)
    finally:
        app.close()
    methods = [n for n, v in vars(AppHandle).items() if inspect.isfunction(v) and n[0] != "_"]
    assert len(methods) > 15

    def params(cls: type, name: str) -> list[tuple[str, object]]:
        return [(p.name, p.default) for p in inspect.signature(getattr(cls, name)).parameters.values()]

    for name in methods:
        assert params(App, name) == params(AppHandle, name), name


def test_scenarios_are_discovered_lazily_and_completely() -> None:
    code = ("import sys, baxbench.scenarios as s; "
            "before = [m for m in sys.modules if m.startswith('baxbench.scenarios.')]; "
            "n = len(s.SCENARIOS); "
            "after = [m for m in sys.modules if m.startswith('baxbench.scenarios.')]; "
            "print(sorted(before), n, len(after))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={**os.environ, "PYTHONPATH": str(SRC)}).stdout.split()
    folders = [d for d in (SRC / ROOT / "scenarios").iterdir() if (d / "__init__.py").exists()]
    assert out[0] == "['baxbench.scenarios.base']"  # nothing but the vocabulary yet
    assert int(out[1]) == len(folders) == 28
    assert int(out[2]) >= len(folders) + 1


FILE_NAMES = {"generation.json": "GENERATION", "test_results.json": "RESULTS",
              "test_details.json": "DETAILS"}
PORT_SPELLINGS = ("5000", ":5000", "port 5000", "port=5000")


def _literals(tree: ast.AST) -> Iterator[tuple[int, object]]:
    """Constants in code: not docstrings, which may name the port and the files in prose."""
    scopes = ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef
    docstrings = {id(n.body[0].value) for n in ast.walk(tree)
                  if isinstance(n, scopes) and n.body and isinstance(n.body[0], ast.Expr)
                  and isinstance(n.body[0].value, ast.Constant)}
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and id(node) not in docstrings:
            yield node.lineno, node.value


def _spelled_out(value: object) -> str:
    """The shared constant a literal spells out by hand ('' when none)."""
    if isinstance(value, int) and not isinstance(value, bool) and value == 5000:
        return "APP_PORT"
    if isinstance(value, str):
        if value in FILE_NAMES:
            return FILE_NAMES[value]
        if value == "5000" or any(p in value for p in PORT_SPELLINGS[1:]):
            return "APP_PORT"
    return ""


def test_the_port_and_the_file_names_are_spelled_once() -> None:
    """Only core.constants writes them out; the prompt, the envs, the sandbox and the results
    modules use its names (a file name in a help text is prose, and allowed)."""
    found = []
    for name, path in modules().items():
        if name == "baxbench.core.constants":
            continue
        for line, value in _literals(ast.parse(path.read_text())):
            if constant := _spelled_out(value):
                found.append(f"{name}:{line}: {value!r}: use core.constants.{constant}")
    assert found == []


@pytest.mark.parametrize(("value", "constant"), [
    (5000, "APP_PORT"), ("0.0.0.0:5000", "APP_PORT"), ("listens on port 5000 and", "APP_PORT"),
    ("test_results.json", "RESULTS"), ("writes generation.json per sample", ""), (50000, ""),
    (True, ""),
])
def test_spelled_out(value: object, constant: str) -> None:
    assert _spelled_out(value) == constant
