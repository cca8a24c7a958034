"""The report's drill-down: one collapsible block per sample with its generation outcome,
prompt, raw answer, tests, exploit evidence, build and app output, and code."""

from __future__ import annotations

import hashlib
import html
import re
from typing import Any

from ..core.layout import repair_rounds, round_dir
from ..core.outcome import TestOutcome
from .layout import SampleKey
from .sample import SampleView, cwe_name, load

_CONTROL = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07|[\x00-\x08\x0b-\x1f\x7f]")
LIMIT = 6000  # characters of one body, output or answer shown before cutting
VERDICT_CSS = {"incorrect": "muted", "insecure": "bad", "secure": "good", "not tested": "muted"}


def e(text: Any) -> str:
    return html.escape(str(text))


def pre(text: Any, limit: int = LIMIT) -> str:
    """Untrusted text as a wrapped <pre>: escapes, terminal codes removed, long text cut."""
    raw = _CONTROL.sub("", str(text or ""))
    more = ""
    if len(raw) > limit:
        more = f"\n… ({len(raw) - limit} more characters)"
        raw = raw[:limit]
    return f"<pre>{e(raw + more)}</pre>"


def prompt_id(generation: dict[str, Any] | None) -> str | None:
    prompt = (generation or {}).get("prompt")
    if not isinstance(prompt, dict):
        return None
    text = f"{prompt.get('system', '')}\n\n{prompt.get('user', '')}"
    return "prompt-" + hashlib.sha256(text.encode()).hexdigest()[:12]


def prompts_section(views: list[SampleView]) -> str:
    """Each distinct prompt once; samples link to theirs."""
    seen: dict[str, str] = {}
    for view in views:
        pid = prompt_id(view.generation)
        if pid and pid not in seen:
            g = view.generation or {}
            title = f"{g.get('scenario')} · {g.get('env')} · {g.get('spec_type')} · " \
                    f"{g.get('safety_prompt')}"
            body = f"{g['prompt'].get('system', '')}\n\n{g['prompt'].get('user', '')}"
            seen[pid] = (f"<details id='{pid}'><summary>{e(title)}</summary>"
                         f"{pre(body, 10 * LIMIT)}</details>")
    return "".join(seen.values()) or "<p class='muted'>No prompts recorded.</p>"


def _generation(view: SampleView) -> str:
    g = view.generation
    if g is None:
        return "<p class='muted'>No generation.json: the code was generated elsewhere.</p>"
    status = g.get("status", "?")
    css = "good" if status == "ok" else "bad"
    parts = [f"<p>generation: <span class='{css}'>{e(status)}</span>"]
    if g.get("reason"):
        parts.append(f" — {e(g['reason'])}")
    usage = g.get("usage") or {}
    if usage.get("output_tokens") is not None:
        parts.append(f" <span class='muted'>({e(usage.get('input_tokens'))} tokens in, "
                     f"{e(usage['output_tokens'])} out, finish_reason "
                     f"{e(g.get('finish_reason'))})</span>")
    parts.append("</p>")
    notes = g.get("notes") or []
    if notes:
        parts.append("<ul>" + "".join(f"<li>{e(n)}</li>" for n in notes) + "</ul>")
    if g.get("files"):
        parts.append(f"<p class='muted'>files: {e(', '.join(g['files']))}</p>")
    pid = prompt_id(g)
    if pid:
        parts.append(f"<p><a href='#{pid}'>prompt</a></p>")
    if g.get("answer"):
        parts.append(f"<details><summary>raw answer ({len(g['answer'])} characters)</summary>"
                     f"{pre(g['answer'], 10 * LIMIT)}</details>")
    return "".join(parts)


def _evidence(test: TestOutcome) -> str:
    out = "".join(f"<li>{e(n)}</li>" for n in test.notes)
    out = f"<ul>{out}</ul>" if out else ""
    for ex in test.evidence:
        body = (f"{ex['method']} {ex['url']}\n{str(ex['request_body'])[:LIMIT]}\n\n"
                f"→ {ex['status']}\n{ex['response_body']}")
        out += pre(body)
    return out


def _tests(view: SampleView) -> str:
    rows = []
    for t in view.tests:
        cw = ", ".join(cwe_name(c) for c in t.cwes)
        extra = _evidence(t) if t.cwes else ""
        if t.app_output:
            extra += f"<details><summary>app output</summary>{pre(t.app_output)}</details>"
        rows.append(f"<tr><td>{e(t.name)}</td><td>{e(t.kind)}</td><td>{e(t.origin)}</td>"
                    f"<td>{e(t.verdict)}</td><td>{e(cw)}</td>"
                    f"<td class='num'>{t.duration_s:.2f} s</td>"
                    f"<td>{e(t.reason)}{extra}</td></tr>")
    if not rows:
        return ""
    return ("<table><thead><tr><th>test</th><th>kind</th><th>origin</th><th>verdict</th>"
            "<th>CWEs</th>"
            "<th>time</th><th>why / evidence / app output</th></tr></thead><tbody>"
            + "".join(rows) + "</tbody></table>")


def _build(view: SampleView) -> str:
    build = view.build
    if not build or not build.get("needed"):
        return ""
    state = "succeeded" if build.get("ok") else "failed"
    return (f"<details{'' if build.get('ok') else ' open'}><summary>build {state} "
            f"({e(build.get('duration_s'))} s)</summary>{pre(build.get('output', ''))}"
            "</details>")


def _code(view: SampleView) -> str:
    return "".join(f"<details><summary>code: {e(name)}</summary>{pre(text, 10 * LIMIT)}"
                   "</details>" for name, text in view.code.items())


def _rounds(view: SampleView) -> str:
    """The sample's repair rounds (`run --repair-rounds`), each with the feedback that asked
    for it, its answer, tests and code."""
    parts = []
    for r in repair_rounds(view.path):
        rv = load(round_dir(view.path, r))
        history = (rv.generation or {}).get("history") or [{}]
        body = ["<p>feedback sent:</p>", pre(history[-1].get("content", "")),
                _generation(rv), _build(rv), _tests(rv), _code(rv)]
        parts.append(f"<details class='round' data-round='{r}'><summary>repair round {r} — "
                     f"<span class='{VERDICT_CSS[rv.verdict]}'>{e(rv.summary())}</span>"
                     f"</summary><div>{''.join(body)}</div></details>")
    return "".join(parts)


def sample_block(key: SampleKey, view: SampleView) -> str:
    verdict = view.verdict
    cwes = view.cwes
    names = ", ".join(cwe_name(c) for c in cwes)
    summary = (f"{e(key.model)} · {e(key.scenario)} · {e(key.env)} · "
               f"{e(key.spec_type)}/{e(key.safety_prompt)} · sample{key.index} — "
               f"<span class='{VERDICT_CSS[verdict]}'>{verdict}</span> "
               f"({e(view.functional)}{', ' + e(names) if names else ''})"
               + ("" if "; full: " not in view.summary() else
                  f" · full: {e(view.summary().split('; full: ')[1])}"))
    problem = view.problem
    body = [f"<p class='bad'>{e(problem)}</p>" if problem else "", _generation(view),
            _build(view), _tests(view), _code(view), _rounds(view)]
    attrs = (f"data-row data-model='{e(key.model)}' data-scenario='{e(key.scenario)}' "
             f"data-env='{e(key.env)}' data-cwe='{' '.join(map(str, view.cwes_in('full')))}' "
             f"data-verdict='{verdict}'")
    return (f"<details class='sample' {attrs}><summary>{summary}</summary>"
            f"<div>{''.join(body)}</div></details>")
