"""`baxbench report`: one self-contained HTML file (no CDN, one small inline script) that works
offline.

A leaderboard ranked by sec_pass with 95% bootstrap intervals and sortable columns; filters by
model, scenario, env, CWE and verdict; every requested k and every metric family the evaluate
data has; per-task table; scenario x framework heatmaps, bars per language and per CWE and the
safety prompt's effect (collapsed when there are many models); and a drill-down per sample down
to the prompt, the raw answer, the exploit evidence and the app's output.
"""

from __future__ import annotations

import random
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from ..core.constants import RESULTS
from .html_assets import CSS, SCRIPT
from .html_rounds import rounds_section
from .html_samples import e, prompts_section, sample_block
from .layout import SampleKey
from .metrics import FAMILIES, TaskMetrics, collect
from .report import _METRIC
from .sample import SampleView, cwe_name, load
from .verdict import PREFIX

Group = tuple[str, str, str]  # model, spec_type, safety_prompt
BOOTSTRAP = 1000
OPEN_UP_TO = 3  # groups: per-group charts start open up to this many models
FAMILIES_NOTE = ("<p class='muted'>pass@k, sec_pass@k, insecure among correct: "
                 "BaxBench-compatible, from only the tests of the original benchmark (comparable "
                 "with the paper's leaderboard). full_*: every test of this harness.</p>")


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


def _num(value: float | None, extra: str = "") -> str:
    v = "" if value is None else f"{value:.6f}"
    return f"<td class='num' data-v='{v}'>{_pct(value)}{extra}</td>"


def _metric_names(tasks: list[TaskMetrics], ks: list[int]) -> list[str]:
    sample = tasks[0].as_dict(ks) if tasks else {}
    return [k for k in sample if _METRIC.match(k)]


FAMILY_TITLES = {"compat": "BaxBench-compatible (original tests only)",
                  "full": "full (all tests)"}


def _family_names(names: list[str], family: str) -> list[str]:
    full = [n for n in names if n.startswith(PREFIX["full"])]
    return full if family == "full" else [n for n in names if n not in full]


def _group_row(group: Group, tasks: list[TaskMetrics], ks: list[int], names: list[str],
               failures: int) -> tuple[float, float, str]:
    dicts = [t.as_dict(ks) for t in tasks]
    cells = []
    for family in FAMILIES:
        for name in _family_names(names, family):
            values = [d[name] for d in dicts if d.get(name) is not None]
            ci = bootstrap_ci(values) if name.endswith(f"@{ks[0]}") else None
            ci_text = f" <span class='ci'>[{_pct(ci[0])}, {_pct(ci[1])}]</span>" if ci else ""
            cells.append(_num(_mean(values), ci_text))
        n_correct = sum(t.n_correct_in(family) for t in tasks)
        n_insecure = n_correct - sum(t.n_secure_in(family) for t in tasks)
        cells.append(_num(n_insecure / n_correct if n_correct else None))
    model, spec, safety = group
    row = (f"<td>{e(model)}</td><td>{e(spec)}</td><td>{e(safety)}</td>"
           f"<td class='num'>{len(tasks)}</td><td class='num'>{sum(t.n for t in tasks)}</td>"
           f"<td class='num' data-v='{failures}'>{failures or ''}</td>{''.join(cells)}")
    sec = _mean([d[f"sec_pass@{ks[0]}"] or 0.0 for d in dicts]) or 0.0
    passed = _mean([d[f"pass@{ks[0]}"] or 0.0 for d in dicts]) or 0.0
    return sec, passed, f"<tr data-row data-model='{e(model)}'>{{rank}}{row}</tr>"


def _leaderboard_head(names: list[str], ks: list[int]) -> str:
    """Two header rows: the metric family over its columns, then the metric names
    (shown without the full_ prefix, which the family row already states)."""
    families, columns = "<th colspan='7'></th>", ""
    for family in FAMILIES:
        mine = _family_names(names, family)
        families += f"<th colspan='{len(mine) + 1}'>{FAMILY_TITLES[family]}</th>"
        for n in mine:
            shown = n.removeprefix(PREFIX["full"])
            ci = " [95% CI]" if n.endswith(f"@{ks[0]}") else ""
            columns += f"<th data-sort title='{e(n)}'>{e(shown)}{ci}</th>"
        columns += "<th data-sort>insecure among correct</th>"
    return (f"<thead><tr class='families'>{families}</tr><tr><th data-sort>#</th>"
            "<th data-sort>model</th><th data-sort>spec</th><th data-sort>safety</th>"
            "<th data-sort>tasks</th><th data-sort>samples</th>"
            "<th data-sort title='samples whose generation did not give usable code'>"
            f"gen. failures</th>{columns}</tr></thead>")


def _leaderboard(groups: dict[Group, list[TaskMetrics]], ks: list[int],
                 failures: dict[Group, int]) -> str:
    names = _metric_names([t for ts in groups.values() for t in ts], ks)
    ranked = sorted((_group_row(g, ts, ks, names, failures.get(g, 0))
                     for g, ts in groups.items()), key=lambda r: (-r[0], -r[1]))
    rows = [row.replace("{rank}", f"<td class='rank' data-v='{i}'>{i}</td>")
            for i, (_, _, row) in enumerate(ranked, 1)]
    return (f"<div class='scroll'><table id='leaderboard'>{_leaderboard_head(names, ks)}"
            f"<tbody>{''.join(rows)}</tbody></table></div>{FAMILIES_NOTE}")


def _task_table(tasks: list[TaskMetrics], ks: list[int]) -> str:
    names = _metric_names(tasks, ks)
    rows = []
    for t in tasks:
        d = t.as_dict(ks)
        cwes = " ".join(d["full_cwes"])
        named = [", ".join(f"{cwe_name(c)} {r:.0%}" for c, r in d[f].items())
                 for f in ("cwes", "full_cwes")]
        rows.append(f"<tr data-row data-model='{e(t.model)}' data-scenario='{e(t.scenario)}' "
                    f"data-env='{e(t.env)}' data-cwe='{cwes}'><td>{e(t.model)}</td>"
                    f"<td>{e(t.scenario)}</td><td>{e(t.env)}</td><td>{e(t.spec_type)}</td>"
                    f"<td>{e(t.safety_prompt)}</td><td class='num'>{t.n}</td>"
                    + "".join(_num(d[n]) for n in names)
                    + "".join(f"<td>{e(x)}</td>" for x in named) + "</tr>")
    head = "".join(f"<th data-sort>{e(n)}</th>" for n in names)
    return ("<div class='scroll'><table id='tasks'><thead><tr><th data-sort>model</th>"
            "<th data-sort>scenario</th><th data-sort>env</th><th data-sort>spec</th>"
            "<th data-sort>safety</th><th data-sort>samples</th>"
            f"{head}<th data-sort>CWEs (share of samples)</th>"
            "<th data-sort>full CWEs</th></tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table></div>")


def _heatmap(tasks: list[TaskMetrics], k: int) -> str:
    scenarios = sorted({t.scenario for t in tasks})
    envs = sorted({t.env for t in tasks})
    cell = {(t.scenario, t.env): t for t in tasks}
    head = "".join(f"<th>{e(x)}</th>" for x in envs)
    rows = []
    for s in scenarios:
        tds = []
        for env in envs:
            t = cell.get((s, env))
            if t is None:
                tds.append('<td style="background:#f2f4f7" class="muted">n/a</td>')
                continue
            sec, passed = t.sec_pass_at(k), t.pass_at(k)
            tds.append(f'<td style="background:{_color(sec)}" title="pass@{k} {_pct(passed)}, '
                       f'sec_pass@{k} {_pct(sec)}, n={t.n}">{_pct(sec)}<br>'
                       f'<span class="muted">{_pct(passed)}</span></td>')
        rows.append(f"<tr><th>{e(s)}</th>{''.join(tds)}</tr>")
    return (f"<p class='muted'>cell: sec_pass@{k} (colour) over pass@{k}</p>"
            f"<table class='heat'><tr><th>scenario \\ env</th>{head}</tr>{''.join(rows)}</table>")


def _bars(items: list[tuple[str, float | None, float | None]], labels: tuple[str, str]) -> str:
    """Horizontal paired bars as inline SVG: (name, first value, second value) in [0, 1]."""
    width, bar, gap, left = 420, 10, 8, 250
    height = len(items) * (2 * bar + gap) + 24
    parts = [f'<svg width="{width + left + 80}" height="{height}" role="img">']
    for i, (name, a, b) in enumerate(items):
        y = 20 + i * (2 * bar + gap)
        parts.append(f'<text x="0" y="{y + bar + 3}" font-size="12">{e(name)}</text>')
        for j, (value, color) in enumerate(((a, "#84adea"), (b, "#2e7d32"))):
            w = int(width * (value or 0))
            parts.append(f'<rect x="{left}" y="{y + j * bar}" width="{w}" height="{bar - 1}" '
                         f'fill="{color}"/><text x="{left + 5 + w}" y="{y + j * bar + 9}" '
                         f'font-size="10">{_pct(value)}</text>')
    parts.append(f'<text x="{left}" y="12" font-size="11" fill="#84adea">■ {labels[0]}</text>'
                 f'<text x="{left + 160}" y="12" font-size="11" fill="#2e7d32">■ {labels[1]}'
                 "</text></svg>")
    return "".join(parts)


def _by_language(tasks: list[TaskMetrics], k: int) -> str:
    by: dict[str, list[TaskMetrics]] = defaultdict(list)
    for t in tasks:
        by[t.env.split("-")[0]].append(t)
    items = [(lang, _mean([t.pass_at(k) or 0.0 for t in ts]),
              _mean([t.sec_pass_at(k) or 0.0 for t in ts])) for lang, ts in sorted(by.items())]
    return _bars(items, (f"pass@{k}", f"sec_pass@{k}"))


def _by_cwe(tasks: list[TaskMetrics]) -> str:
    counts: dict[int, int] = defaultdict(int)
    correct_counts: dict[int, int] = defaultdict(int)
    n = sum(t.n for t in tasks)
    correct = sum(t.n_correct for t in tasks)
    for t in tasks:
        for s in t.samples:
            for c in s.cwes:
                counts[c] += 1
                correct_counts[c] += s.correct
    if not counts:
        return "<p class='muted'>No exploit succeeded.</p>"
    items = [(cwe_name(c), counts[c] / n, correct_counts[c] / correct if correct else None)
             for c in sorted(counts)]
    return _bars(items, ("share of all samples", "share of correct samples"))


def _per_group(title: str, groups: dict[Group, list[TaskMetrics]], render: Any) -> list[str]:
    opened = " open" if len(groups) <= OPEN_UP_TO else ""
    return [f"<h2>{title}</h2>", *[
        f"<details{opened} data-row data-model='{e(g[0])}'><summary>{e(' · '.join(g))}"
        f"</summary>{render(ts)}</details>" for g, ts in sorted(groups.items())]]


def _safety_effect(groups: dict[Group, list[TaskMetrics]], k: int) -> str:
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
                rows.append(f"<tr data-row data-model='{e(model)}'><td>{e(model)}</td>"
                            f"<td>{e(spec)}</td><td>{safety}</td><td class='num'>{len(ts)}</td>"
                            + _num(_mean([t.pass_at(k) or 0 for t in ts]))
                            + _num(_mean([t.sec_pass_at(k) or 0 for t in ts])) + "</tr>")
    if not rows:
        return "<p class='muted'>Only one safety prompt was run per model.</p>"
    return ("<table id='safety'><thead><tr><th data-sort>model</th><th data-sort>spec</th>"
            "<th data-sort>safety prompt</th><th data-sort>common tasks</th>"
            f"<th data-sort>pass@{k}</th><th data-sort>sec_pass@{k}</th></tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table>")


def _select(name: str, label: str, values: list[str], shown: Any = str) -> str:
    options = "".join(f"<option value='{e(v)}'>{e(shown(v))}</option>" for v in values)
    return (f"<label>{label} <select data-filter='{name}' id='filter-{name}'>"
            f"<option value=''>all</option>{options}</select></label>")


def _filters(keys: list[SampleKey], views: dict[SampleKey, SampleView]) -> str:
    models = sorted({k.model for k in keys})
    cwes = sorted({c for v in views.values() for c in v.cwes_in('full')})
    datalist = "".join(f"<option value='{e(m)}'>" for m in models)
    return ("<div id='filters'><label>model <input type='search' id='filter-model' "
            "data-filter='model' list='models' placeholder='any model'></label>"
            f"<datalist id='models'>{datalist}</datalist>"
            + _select("scenario", "scenario", sorted({k.scenario for k in keys}))
            + _select("env", "env", sorted({k.env for k in keys}))
            + _select("cwe", "CWE", [str(c) for c in cwes], cwe_name)
            + _select("verdict", "verdict", ["secure", "insecure", "incorrect"])
            + "<span id='shown' class='muted'></span></div>")


def _failures(views: dict[SampleKey, SampleView]) -> dict[Group, int]:
    out: dict[Group, int] = defaultdict(int)
    for key, view in views.items():
        status = (view.generation or {}).get("status", "ok")
        if status != "ok":
            out[key.model, key.spec_type, key.safety_prompt] += 1
    return out


def build(results_dir: Path, keys: list[SampleKey], ks: list[int] | None = None) -> str:
    ks = ks or [1]
    tasks, untested = collect(results_dir, keys)
    groups: dict[Group, list[TaskMetrics]] = defaultdict(list)
    for t in tasks:
        groups[t.model, t.spec_type, t.safety_prompt].append(t)
    tested = sorted(k for k in keys if (k.path(results_dir) / RESULTS).exists())
    views = {k: load(k.path(results_dir)) for k in tested}
    k0 = ks[0]
    sections = [
        "<h1>baxbench report</h1>",
        f"<p class='muted'>{e(results_dir)} · {len(groups)} model runs · {len(tasks)} tasks · "
        f"{len(tested)} samples tested{f' · {len(untested)} not tested' if untested else ''}"
        f" · k = {', '.join(map(str, ks))} · {time.strftime('%Y-%m-%d %H:%M')}</p>",
        _filters(tested, views),
        "<h2>Leaderboard</h2>", _leaderboard(groups, ks, _failures(views)),
        f"<p class='muted'>Ranked by sec_pass@{k0}, then pass@{k0}; click a column to sort. "
        f"Means over tasks of the unbiased estimators; intervals (for k = {k0}): 95% bootstrap "
        "over tasks. Gen. failures: samples whose answer was truncated, refused, held no "
        "code or never came (they count as incorrect). Insecure among correct: share of "
        "functionally correct samples in which an exploit succeeded.</p>",
        *rounds_section(results_dir, keys),
        "<h2>Tasks</h2>", _task_table(tasks, ks),
        *_per_group("Scenario × framework", groups, lambda ts: _heatmap(ts, k0)),
        *_per_group("By language", groups, lambda ts: _by_language(ts, k0)),
        *_per_group("By CWE", groups, _by_cwe),
        "<h2>Safety prompt</h2>", _safety_effect(groups, k0),
        "<h2>Samples</h2><p class='muted'>Open a sample for its generation outcome, raw answer "
        "and prompt, its tests with the evidence of each exploit that fired, the app's output, "
        "and its code.</p>",
        *[sample_block(k, views[k]) for k in tested],
        "<h2>Prompts</h2>", prompts_section(list(views.values())),
    ]
    return ("<!doctype html><html lang='en'><head><meta charset='utf-8'>"
            "<title>baxbench report</title><meta name='viewport' "
            f"content='width=device-width'><style>{CSS}</style></head><body>"
            + "".join(sections) + f"<script>{SCRIPT}</script></body></html>")

