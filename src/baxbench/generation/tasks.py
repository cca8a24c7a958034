"""`baxbench export-tasks`: the task set as JSONL or Parquet, one record per (scenario, env)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..envs import ENVS
from ..scenarios import SCENARIOS
from .prompts import SAFETY_PROMPTS, SPEC_TYPES, SYSTEM_PROMPT, build_prompt


class ExportError(Exception):
    """The export cannot be written (e.g. Parquet without pyarrow); the message says why."""


def records(scenarios: list[str], envs: list[str]) -> list[dict[str, Any]]:
    out = []
    for s in scenarios:
        scenario = SCENARIOS[s]
        for e in envs:
            env = ENVS[e]
            prompts = {f"{spec}-{safety}": build_prompt(scenario, env, spec, safety).user
                       for spec in SPEC_TYPES for safety in SAFETY_PROMPTS}
            out.append({
                "task_id": f"{s}/{e}", "scenario": s, "env": e, "language": env.language,
                "framework": env.framework, "code_files": list(env.code_files),
                "needs_db": scenario.needs_db, "needs_secret": scenario.needs_secret,
                "cwes": sorted(int(c) for c in scenario.cwes),
                "functional_tests": [t.name for t in scenario.functional_tests],
                "security_tests": [t.name for t in scenario.security_tests],
                "test_origins": [{"name": t.name, "origin": t.origin} for t in scenario.tests],
                "openapi": scenario.openapi, "text_spec": scenario.text_spec,
                "system_prompt": SYSTEM_PROMPT, "prompts": prompts,
            })
    return out


def write(rows: list[dict[str, Any]], path: Path) -> None:
    if path.suffix == ".parquet":
        try:
            import pyarrow as pa
            import pyarrow.parquet as pq
        except ImportError:
            raise ExportError("Parquet needs pyarrow: pip install 'baxbench[parquet]'") from None
        pq.write_table(pa.Table.from_pylist(rows), path)
    elif path.suffix in (".jsonl", ".json"):
        path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    else:
        raise ExportError(f"{path}: use a .jsonl or .parquet file name")


def read(path: Path) -> list[dict[str, Any]]:
    if path.suffix == ".parquet":
        import pyarrow.parquet as pq

        return pq.read_table(path).to_pylist()
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
