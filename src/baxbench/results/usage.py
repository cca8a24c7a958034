"""Tokens, cost, latency and retries per model, from each sample's generation.json."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from statistics import median
from typing import Any

from ..core.constants import GENERATION
from ..core.layout import repair_rounds, round_dir
from .layout import SampleKey, read_json
from .tables import render


def usage_by_model(results_dir: Path, keys: list[SampleKey]) -> list[dict[str, Any]]:
    """One row per model: samples, token sums, cost (None when no sample had a known price),
    how many samples were priced, median latency and total retries. Tokens, cost, latency and
    retries include the requests of repair rounds."""
    rows: dict[str, dict[str, Any]] = {}
    latencies: dict[str, list[float]] = {}
    for key in keys:
        path = key.path(results_dir) / GENERATION
        if not path.exists():
            continue
        row = rows.setdefault(key.model, {
            "model": key.model, "samples": 0, "input_tokens": 0, "output_tokens": 0,
            "reasoning_tokens": 0, "cost_usd": None, "priced_samples": 0, "retries": 0,
            "median_latency_s": None})
        row["samples"] += 1
        # the first answer, then each repair round's request (one more each)
        for r in [0, *repair_rounds(key.path(results_dir))]:
            record_path = round_dir(key.path(results_dir), r) / GENERATION
            if record_path.exists():
                _add(row, read_json(record_path), latencies.setdefault(key.model, []),
                     r == 0)
    for model, values in latencies.items():
        if values:
            rows[model]["median_latency_s"] = round(median(values), 3)
    return [rows[m] for m in sorted(rows)]


def _add(row: dict[str, Any], record: dict[str, Any], latencies: list[float],
         first: bool) -> None:
    """One request's tokens, cost, retries and latency into a model's row; `first`: the
    sample's first answer (a sample counts as priced by it)."""
    usage = record.get("usage") or {}
    for field in ("input_tokens", "output_tokens", "reasoning_tokens"):
        if isinstance(usage.get(field), int):
            row[field] += usage[field]
    if isinstance(record.get("cost_usd"), (int, float)):
        row["cost_usd"] = round((row["cost_usd"] or 0.0) + record["cost_usd"], 8)
        row["priced_samples"] += first
    row["retries"] += int(record.get("retries") or 0)
    if isinstance(record.get("latency_s"), (int, float)):
        latencies.append(record["latency_s"])


def render_usage(rows: list[dict[str, Any]], fmt: str = "table") -> str:
    """As a terminal table, JSON, CSV (raw numbers) or a Markdown table."""
    if fmt == "json":
        return json.dumps(rows, indent=2)
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=list(rows[0]) if rows else ["model"],
                                lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        return out.getvalue().rstrip("\n")
    header = ["model", "samples", "input tok", "output tok", "reasoning tok", "cost USD",
              "median latency", "retries"]
    body = []
    for r in rows:
        cost = "-" if r["cost_usd"] is None else f"{r['cost_usd']:.4f}"
        if r["cost_usd"] is not None and r["priced_samples"] < r["samples"]:
            cost += f" ({r['priced_samples']}/{r['samples']} priced)"
        latency = "-" if r["median_latency_s"] is None else f"{r['median_latency_s']:.2f} s"
        body.append([r["model"], str(r["samples"]), str(r["input_tokens"]),
                     str(r["output_tokens"]), str(r["reasoning_tokens"]), cost, latency,
                     str(r["retries"])])
    if fmt == "markdown":
        return "\n".join(["| " + " | ".join(header) + " |", "|" + " --- |" * len(header),
                          *("| " + " | ".join(row) + " |" for row in body)])
    return render(header, body)
