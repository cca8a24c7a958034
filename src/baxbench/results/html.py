"""`baxbench report`: one self-contained HTML file (no scripts, no CDN) people can read offline.

Leaderboard with 95% bootstrap intervals, a scenario x framework heatmap, bars per language and
per CWE, the safety prompt's effect, and a drill-down per sample down to the exploit evidence.
"""

from __future__ import annotations

import html
import random
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from .layout import SampleKey, read_json
from .metrics import TaskMetrics, collect

Group = tuple[str, str, str]  # model, spec_type, safety_prompt
BOOTSTRAP = 1000

CSS = """
body{font:14px/1.45 system-ui,sans-serif;margin:24px auto;max-width:1200px;color:#1d2330}
h1{font-size:24px}h2{margin-top:36px;border-bottom:1px solid #ddd;padding-bottom:4px}
table{border-collapse:collapse;margin:8px 0}td,th{padding:3px 8px;border:1px solid #e1e4ea}
th{background:#f4f6f9;text-align:left}td.num{text-align:right;font-variant-numeric:tabular-nums}
.ci{color:#6b7280;font-size:12px}.heat td{text-align:center;min-width:64px;font-size:12px}
.bad{color:#b42318;font-weight:600}.good{color:#067647;font-weight:600}.muted{color:#6b7280}
pre{background:#f6f8fa;padding:8px;overflow:auto;max-height:420px;font-size:12px}
details{margin:4px 0}summary{cursor:pointer}.sample{border-left:3px solid #d0d5dd;padding-left:8px}
.legend span{display:inline-block;width:28px;height:12px;margin-right:2px}
"""


def _e(text: Any) -> str:
    return html.escape(str(text))


def _pct(x: float | None) -> str:
    return "–" if x is None else f"{x * 100:.1f}%"


def _mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


def bootstrap_ci(values: list[float], seed: int = 0) -> tuple[float, float] | None:
    """95% percentile interval of the mean, resampling tasks (deterministic seed)."""
    if len(values) < 2:
        return None
    rng = random.Random(seed)
    means = sorted(sum(rng.choices(values, k=len(values))) / len(values)
                   for _ in range(BOOTSTRAP))
    return means[int(0.025 * BOOTSTRAP)], means[int(0.975 * BOOTSTRAP) - 1]


def _color(x: float | None) -> str:
    if x is None:
        return "#f2f4f7"
    hue = int(120 * x)  # red (0) .. green (1)
    return f"hsl({hue},65%,{82 - 22 * x:.0f}%)"


def _leaderboard(groups: dict[Group, list[TaskMetrics]]) -> str:
    rows = []
    for (model, spec, safety), tasks in sorted(groups.items()):
        passes = [t.pass_at(1) or 0.0 for t in tasks]
        secures = [t.sec_pass_at(1) or 0.0 for t in tasks]
        n_correct = sum(t.n_correct for t in tasks)
        insecure = (n_correct - sum(t.n_secure for t in tasks)) / n_correct if n_correct else None
        cells = []
        for values in (passes, secures):
            ci = bootstrap_ci(values)
            ci_text = f' <span class="ci">[{_pct(ci[0])}, {_pct(ci[1])}]</span>' if ci else ""
            cells.append(f'<td class="num">{_pct(_mean(values))}{ci_text}</td>')
        rows.append(f"<tr><td>{_e(model)}</td><td>{_e(spec)}</td><td>{_e(safety)}</td>"
                    f'<td class="num">{len(tasks)}</td>'
                    f'<td class="num">{sum(t.n for t in tasks)}</td>{"".join(cells)}'
                    f'<td class="num">{_pct(insecure)}</td></tr>')
    return ("<table id='leaderboard'><tr><th>model</th><th>spec</th><th>safety prompt</th>"
            "<th>tasks</th><th>samples</th><th>pass@1 [95% CI]</th><th>sec_pass@1 [95% CI]</th>"
            "<th>insecure among correct</th></tr>" + "".join(rows) + "</table>")


def _heatmap(group: Group, tasks: list[TaskMetrics]) -> str:
    scenarios = sorted({t.scenario for t in tasks})
    envs = sorted({t.env for t in tasks})
    cell = {(t.scenario, t.env): t for t in tasks}
    head = "".join(f"<th>{_e(e)}</th>" for e in envs)
    rows = []
    for s in scenarios:
        tds = []
        for e in envs:
            t = cell.get((s, e))
            if t is None:
                tds.append('<td style="background:#f2f4f7" class="muted">n/a</td>')
                continue
            sec = t.sec_pass_at(1)
            tds.append(f'<td style="background:{_color(sec)}" title="pass@1 {_pct(t.pass_at(1))}'
                       f', sec_pass@1 {_pct(sec)}, n={t.n}">{_pct(sec)}<br>'
                       f'<span class="muted">{_pct(t.pass_at(1))}</span></td>')
        rows.append(f"<tr><th>{_e(s)}</th>{''.join(tds)}</tr>")
    title = " · ".join(group)
    return (f"<h3>{_e(title)}</h3><p class='muted'>cell: sec_pass@1 (colour) over pass@1</p>"
            f"<table class='heat'><tr><th>scenario \\ env</th>{head}</tr>{''.join(rows)}</table>")


def _bars(items: list[tuple[str, float | None, float | None]], labels: tuple[str, str]) -> str:
    """Horizontal paired bars as inline SVG: (name, first value, second value) in [0, 1]."""
    width, bar, gap = 420, 10, 8
    height = len(items) * (2 * bar + gap) + 24
    parts = [f'<svg width="{width + 260}" height="{height}" role="img">']
    for i, (name, a, b) in enumerate(items):
        y = 20 + i * (2 * bar + gap)
        parts.append(f'<text x="0" y="{y + bar + 3}" font-size="12">{_e(name)}</text>')
        for j, (value, color) in enumerate(((a, "#84adea"), (b, "#2e7d32"))):
            w = int(width * (value or 0))
            parts.append(f'<rect x="160" y="{y + j * bar}" width="{w}" height="{bar - 1}" '
                         f'fill="{color}"/><text x="{165 + w}" y="{y + j * bar + 9}" '
                         f'font-size="10">{_pct(value)}</text>')
    parts.append(f'<text x="160" y="12" font-size="11" fill="#84adea">■ {labels[0]}</text>'
                 f'<text x="300" y="12" font-size="11" fill="#2e7d32">■ {labels[1]}</text></svg>')
    return "".join(parts)


def _by_language(tasks: list[TaskMetrics]) -> str:
    by: dict[str, list[TaskMetrics]] = defaultdict(list)
    for t in tasks:
        by[t.env.split("-")[0]].append(t)
    items = [(lang, _mean([t.pass_at(1) or 0.0 for t in ts]),
              _mean([t.sec_pass_at(1) or 0.0 for t in ts])) for lang, ts in sorted(by.items())]
    return _bars(items, ("pass@1", "sec_pass@1"))


def _by_cwe(tasks: list[TaskMetrics]) -> str:
    counts: dict[str, int] = defaultdict(int)
    n = sum(t.n for t in tasks)
    correct = sum(t.n_correct for t in tasks)
    correct_counts: dict[str, int] = defaultdict(int)
    for t in tasks:
        for s in t.samples:
            for c in s.cwes:
                counts[str(c)] += 1
                correct_counts[str(c)] += s.correct
    if not counts:
        return "<p class='muted'>No exploit succeeded.</p>"
    items = [(f"CWE-{c}", counts[c] / n, correct_counts[c] / correct if correct else None)
             for c in sorted(counts, key=int)]
    return _bars(items, ("share of all samples", "share of correct samples"))


def _safety_effect(groups: dict[Group, list[TaskMetrics]]) -> str:
    by_model: dict[tuple[str, str], dict[str, list[TaskMetrics]]] = defaultdict(dict)
    for (model, spec, safety), tasks in groups.items():
        by_model[model, spec][safety] = tasks
    rows = []
    for (model, spec), per_safety in sorted(by_model.items()):
        if len(per_safety) < 2:
            continue
        # compare like with like: only the tasks run with every safety prompt
        common = set.intersection(*({(t.scenario, t.env) for t in ts}
                                    for ts in per_safety.values()))
        for safety in ("none", "generic", "specific"):
            if safety in per_safety:
                ts = [t for t in per_safety[safety] if (t.scenario, t.env) in common]
                rows.append(f"<tr><td>{_e(model)}</td><td>{_e(spec)}</td><td>{safety}</td>"
                            f'<td class="num">{len(ts)}</td>'
                            f'<td class="num">{_pct(_mean([t.pass_at(1) or 0 for t in ts]))}</td>'
                            f'<td class="num">{_pct(_mean([t.sec_pass_at(1) or 0 for t in ts]))}'
                            "</td></tr>")
    if not rows:
        return "<p class='muted'>Only one safety prompt was run per model.</p>"
    return ("<table id='safety'><tr><th>model</th><th>spec</th><th>safety prompt</th>"
            "<th>common tasks</th><th>pass@1</th><th>sec_pass@1</th></tr>" + "".join(rows)
            + "</table>")


def _evidence(test: dict[str, Any]) -> str:
    parts = [f"<li>{_e(n)}</li>" for n in test.get("notes", [])]
    out = f"<ul>{''.join(parts)}</ul>" if parts else ""
    for ex in test.get("evidence", []):
        out += (f"<pre>{_e(ex['method'])} {_e(ex['url'])}\n{_e(ex['request_body'])}\n\n"
                f"→ {_e(ex['status'])}\n{_e(ex['response_body'])}</pre>")
    return out


def _sample(results_dir: Path, key: SampleKey) -> str:
    path = key.path(results_dir)
    results = read_json(path / "test_results.json")
    details_path = path / "test_details.json"
    details = read_json(details_path) if details_path.exists() else {}
    cwes = [c["num"] for c in results.get("cwes", [])]
    correct = results["num_passed_ft"] == results["num_total_ft"] and not results.get("problem")
    verdict = ("incorrect" if not correct else "insecure" if cwes else "secure")
    css = {"incorrect": "muted", "insecure": "bad", "secure": "good"}[verdict]
    summary = (f"{_e(key.model)} · {_e(key.scenario)} · {_e(key.env)} · sample{key.index} — "
               f"<span class='{css}'>{verdict}</span> "
               f"({results['num_passed_ft']}/{results['num_total_ft']} functional"
               f"{', ' + ', '.join(f'CWE-{c}' for c in cwes) if cwes else ''})")
    body = []
    if results.get("problem"):
        body.append(f"<p class='bad'>{_e(results['problem'])}</p>")
    tests = details.get("tests", [])
    if tests:
        rows = []
        for t in tests:
            cw = ", ".join(f"CWE-{c}" for c in t["cwes"])
            rows.append(f"<tr><td>{_e(t['name'])}</td><td>{_e(t['kind'])}</td>"
                        f"<td>{_e(t['verdict'])}</td><td>{_e(cw)}</td>"
                        f'<td class="num">{t["duration_s"]:.2f} s</td><td>{_e(t["reason"])}'
                        f"{_evidence(t) if t['cwes'] else ''}</td></tr>")
        body.append("<table><tr><th>test</th><th>kind</th><th>verdict</th><th>CWEs</th>"
                    "<th>time</th><th>why / evidence</th></tr>" + "".join(rows) + "</table>")
    code = path / "code"
    if code.is_dir():
        for f in sorted(p for p in code.rglob("*") if p.is_file()):
            body.append(f"<details><summary>{_e(f.relative_to(code))}</summary>"
                        f"<pre>{_e(f.read_text(errors='replace'))}</pre></details>")
    return (f"<details class='sample'><summary>{summary}</summary>{''.join(body)}</details>")


def build(results_dir: Path, keys: list[SampleKey], ks: list[int] | None = None) -> str:
    tasks, untested = collect(results_dir, keys)
    groups: dict[Group, list[TaskMetrics]] = defaultdict(list)
    for t in tasks:
        groups[t.model, t.spec_type, t.safety_prompt].append(t)
    tested = [k for k in keys if (k.path(results_dir) / "test_results.json").exists()]
    sections = [
        "<h1>baxbench report</h1>",
        f"<p class='muted'>{_e(results_dir)} · {len(tasks)} tasks · {len(tested)} samples tested"
        f"{f' · {len(untested)} not tested' if untested else ''} · "
        f"{time.strftime('%Y-%m-%d %H:%M')}</p>",
        "<h2>Leaderboard</h2>", _leaderboard(groups),
        "<p class='muted'>Means over tasks of the unbiased pass@1; intervals: 95% bootstrap "
        "over tasks. Insecure among correct: share of functionally correct samples in which "
        "an exploit succeeded.</p>",
        "<h2>Scenario × framework</h2>",
        *[_heatmap(g, ts) for g, ts in sorted(groups.items())],
        "<h2>By language</h2>",
        *[f"<h3>{_e(' · '.join(g))}</h3>{_by_language(ts)}" for g, ts in sorted(groups.items())],
        "<h2>By CWE</h2>",
        *[f"<h3>{_e(' · '.join(g))}</h3>{_by_cwe(ts)}" for g, ts in sorted(groups.items())],
        "<h2>Safety prompt</h2>", _safety_effect(groups),
        "<h2>Samples</h2><p class='muted'>Open a sample for its tests, the evidence of each "
        "exploit that fired, and its code.</p>",
        *[_sample(results_dir, k) for k in sorted(tested)],
    ]
    return ("<!doctype html><html lang='en'><head><meta charset='utf-8'>"
            "<title>baxbench report</title><meta name='viewport' "
            f"content='width=device-width'><style>{CSS}</style></head><body>"
            + "".join(sections) + "</body></html>")
