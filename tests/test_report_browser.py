"""The HTML report in real Chromium, driven like a user: columns sorted by clicking their
headers, rows filtered by typing a model and picking a verdict, no script error; and the
screenshot of the report on a results dir with eleven models (docs/report.png).

Refresh the picture in docs with: BAXBENCH_DOCS_SCREENSHOT=1 pytest tests/test_report_browser.py
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import fake_llm as fake
import pytest
from cdp import Browser

from baxbench.cli import main

CHROMIUM = shutil.which("chromium")
DOCS = Path(__file__).resolve().parents[1] / "docs" / "report.png"
TASK = ["--scenarios", "Login", "Calculator", "FileSearch", "--envs", "Python-Flask"]
OFFLINE = ["reference", "vulnerable", "reference:eval", "reference:sqli", "reference:plaintext",
           "reference:shared_token", "reference:dir_traversal"]
API = ["openai/gpt-fake", "anthropic/claude-fake", "openai/cut-off", "openai/refuser"]

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="needs Debian's chromium")


@pytest.fixture(scope="module")
def eleven_models(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    root = tmp_path_factory.mktemp("eleven") / "results"
    assert main(["run", "--models", *OFFLINE, *TASK, "--results-dir", str(root)]) == 0
    saved = {v: os.environ.get(v) for v in ("OPENAI_API_KEY", "ANTHROPIC_API_KEY")}
    os.environ.update(OPENAI_API_KEY="sk-fake-key-for-tests", ANTHROPIC_API_KEY="sk-fake")
    try:
        with fake.FakeLLM() as server:
            server.always(fake.cut_off(), model="cut-off")
            server.always(fake.refused(), model="refuser")
            assert main(["run", "--models", *API, *TASK, "--results-dir", str(root),
                         "--base-url", server.openai_url, "--anthropic-base-url",
                         server.url]) == 0
    finally:
        for var, value in saved.items():
            os.environ.pop(var, None)
            if value is not None:
                os.environ[var] = value
    yield root


@pytest.fixture
def page(eleven_models: Path, tmp_path: Path) -> Iterator[Browser]:
    report = tmp_path / "report.html"
    assert main(["report", "--results-dir", str(eleven_models), "-o", str(report),
                 "--ks", "1", "2"]) == 0
    assert CHROMIUM is not None
    browser = Browser(CHROMIUM, tmp_path / "profile")
    try:
        browser.open(report.as_uri(), height=1500)
        yield browser
        assert browser.errors == []
    finally:
        browser.close()


def column(browser: Browser, table: str, index: int, visible_only: bool = True) -> list[str]:
    """The cells of a column (1-based), as data-v when present, else the text."""
    return browser.js(
        f"Array.from(document.querySelectorAll('#{table} tbody tr')).filter(r => "
        f"{'!r.hidden' if visible_only else 'true'}).map(r => {{var c = r.children[{index - 1}];"
        " return c.dataset.v !== undefined ? c.dataset.v : c.textContent;})")


def header(browser: Browser, table: str, name: str) -> int:
    """1-based index of the header whose text starts with `name`."""
    return browser.js(
        f"Array.from(document.querySelectorAll('#{table} thead tr:last-child th')).findIndex(th => "
        f"th.textContent.startsWith({name!r})) + 1")


def test_leaderboard_is_ranked_and_sorts_by_click(page: Browser) -> None:
    models = column(page, "leaderboard", header(page, "leaderboard", "model"))
    assert len(models) == 11
    sec = header(page, "leaderboard", "sec_pass@1")
    ranked = [float(v) for v in column(page, "leaderboard", sec)]
    assert ranked == sorted(ranked, reverse=True) and ranked[0] == 1.0 and ranked[-1] == 0.0
    model = header(page, "leaderboard", "model")
    page.click(f"#leaderboard thead tr:last-child th:nth-child({model})")
    assert column(page, "leaderboard", model) == sorted(models, key=str.lower)
    page.click(f"#leaderboard thead tr:last-child th:nth-child({model})")
    assert column(page, "leaderboard", model) == sorted(models, key=str.lower, reverse=True)
    assert page.js(f"document.querySelector('#leaderboard thead tr:last-child th:nth-child({model})')"
                   ".getAttribute('aria-sort')") == "descending"
    page.click(f"#leaderboard thead tr:last-child th:nth-child({sec})")
    ascending = [float(v) for v in column(page, "leaderboard", sec)]
    assert ascending == sorted(ranked)
    failures = header(page, "leaderboard", "gen. failures")
    counts = dict(zip(column(page, "leaderboard", model), column(page, "leaderboard", failures),
                      strict=True))
    assert counts["openai/cut-off"] == "3" and counts["openai/refuser"] == "3"
    assert counts["reference:eval"] == "2" and counts["reference"] == "0"


def test_filters_by_model_and_verdict(page: Browser) -> None:
    total = page.js("document.querySelectorAll('.sample').length")
    assert page.js("document.getElementById('shown').textContent") == (
        f"{total} of {total} samples shown")
    page.type("#filter-model", "reference:")
    models = column(page, "leaderboard", header(page, "leaderboard", "model"))
    assert len(models) == 5 and all(m.startswith("reference:") for m in models)
    shown = page.js("Array.from(document.querySelectorAll('.sample')).filter(s => !s.hidden)"
                    ".map(s => s.dataset.model)")
    assert len(shown) == 5 * 3 and set(shown) == set(OFFLINE[2:])
    page.js("document.getElementById('filter-verdict').focus()")
    page.key("ArrowDown", "ArrowDown", 40)  # all -> secure
    page.key("ArrowDown", "ArrowDown", 40)  # secure -> insecure
    assert page.js("document.getElementById('filter-verdict').value") == "insecure"
    insecure = page.js("Array.from(document.querySelectorAll('.sample')).filter(s => "
                       "!s.hidden).map(s => s.dataset.verdict + ' ' + s.dataset.model)")
    assert sorted(insecure) == [f"insecure {m}" for m in sorted(OFFLINE[2:])]
    assert page.js("document.getElementById('shown').textContent") == (
        f"5 of {total} samples shown")


def test_screenshot(page: Browser, tmp_path: Path) -> None:
    shot = tmp_path / "report.png"
    page.screenshot(shot)
    assert shot.stat().st_size > 50_000
    if os.environ.get("BAXBENCH_DOCS_SCREENSHOT"):
        shutil.copy(shot, DOCS)


def test_evidence_wraps_and_many_models_start_collapsed(page: Browser) -> None:
    """A 2000-character unbroken response body wraps inside the page instead of running off it; with
    eleven models the per-model charts start closed."""
    page.click(".sample[data-model='vulnerable'][data-scenario='Calculator'] > summary")
    widths = page.js("Array.from(document.querySelectorAll(\".sample[data-model='vulnerable']"
                     "[data-scenario='Calculator'] pre\")).filter(p => p.offsetParent)"
                     ".map(p => [p.scrollWidth, p.clientWidth, p.textContent.length])")
    assert widths and max(n for _, _, n in widths) > 2000  # the "aaaa…" body, unbroken
    assert all(scroll <= client for scroll, client, _ in widths), widths
    assert page.js("document.body.scrollWidth <= window.innerWidth")
    closed = page.js("Array.from(document.querySelectorAll('details[data-row]'))"
                     ".filter(d => !d.classList.contains('sample')).map(d => d.open)")
    assert len(closed) == 3 * 11 and not any(closed)
