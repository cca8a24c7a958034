"""BaxBench: can LLMs write correct and secure web backends?

The Python API (docs/python-api.md): `tasks`, `grade`, `grade_many`, `reward`, `load_results`,
`evaluate`, and the values `Task`, `Verdict`, `TestResult`. They are imported on first use, so
that `import baxbench` stays cheap.
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"

_API = {"tasks": "api", "grade": "api", "grade_many": "api", "load_results": "api",
        "evaluate": "api", "test_app": "api", "reward": "grading", "Task": "grading",
        "Verdict": "grading", "TestResult": "grading", "UserError": "errors",
        "UnsafePath": "appfiles"}
__all__ = ["__version__", *_API]


def __getattr__(name: str) -> Any:
    if name not in _API:
        raise AttributeError(f"module 'baxbench' has no attribute {name!r}")
    import importlib
    value = getattr(importlib.import_module(f".{_API[name]}", __name__), name)
    globals()[name] = value
    return value
