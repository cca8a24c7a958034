"""Every reference app behaves as claimed: secure ones pass everything, vulnerable ones are
caught with exactly their CWEs. One test per (scenario, env) that has references.

By default a slice of the matrix runs: every scenario on Python-Flask and JavaScript-express,
every other env on three or four scenarios (a rotation), and elsewhere the vulnerable
references alone, so each vulnerable variant runs once; BAXBENCH_SELFCHECK=full runs all
pairs. The full matrix is also `baxbench selfcheck` (docs/frameworks.md), run before a change to
references is merged."""

from __future__ import annotations

import json
import os

import pytest

from baxbench.cli import main
from baxbench.envs import ENVS
from baxbench.generation.models import reference_dir, variants
from baxbench.scenarios import SCENARIOS

ALWAYS = ("Python-Flask", "JavaScript-express")
ROTATION = 9  # each other env runs every ROTATION-th scenario, offset by its position


def _in_slice(scenario: str, env: str) -> bool:
    if env in ALWAYS or os.environ.get("BAXBENCH_SELFCHECK") == "full":
        return True
    return list(SCENARIOS).index(scenario) % ROTATION == list(ENVS).index(env) % ROTATION


# (scenario, env, which references): the slice's pairs whole, the vulnerable ones elsewhere.
PAIRS = [(s, e, "all" if _in_slice(s, e) else "vulnerable") for s in SCENARIOS for e in ENVS
         if reference_dir(s, e).is_dir() and (_in_slice(s, e) or variants(s, e))]


@pytest.mark.parametrize(("scenario", "env", "only"), PAIRS,
                         ids=[f"{s}-{e}" + ("" if o == "all" else f"-{o}") for s, e, o in PAIRS])
def test_references(capsys: pytest.CaptureFixture[str], scenario: str, env: str,
                    only: str) -> None:
    code = main(["selfcheck", "--scenarios", scenario, "--envs", env, "--format", "json",
                 "--workers", "2", "--only", only])
    out, err = capsys.readouterr()
    assert out, f"selfcheck printed nothing (exit {code}): {err}"
    rows = json.loads(out)
    bad = [r for r in rows if r["ok"] is False]
    assert not bad, json.dumps(bad, indent=1)
    assert code == 0 and rows


def test_every_scenario_has_a_secure_reference_in_flask_and_express() -> None:
    missing = [(s, e) for s in SCENARIOS for e in ("Python-Flask", "JavaScript-express")
               if not (reference_dir(s, e) / "secure").is_dir()]
    assert not missing


def test_every_security_test_is_proven_by_a_vulnerable_reference() -> None:
    """Each CWE a scenario can report is the expected CWE of at least one vulnerable variant."""
    from baxbench.generation.models import expected_cwes, variants

    unproven = []
    for scenario in SCENARIOS.values():
        claimed = {int(c) for e in ENVS for v in variants(scenario.id, e)
                   for c in expected_cwes(scenario.id, e, v)}
        unproven += [(scenario.id, int(c)) for c in scenario.cwes if int(c) not in claimed]
    assert not unproven


def test_scenario_docs_are_current() -> None:
    from pathlib import Path

    from baxbench.scenarios.catalog import markdown

    docs = Path(__file__).resolve().parents[1] / "docs"
    assert (docs / "scenarios.md").read_text() == markdown(), (
        "regenerate: python -m baxbench.scenarios.catalog > docs/scenarios.md")
    assert not [s for s in SCENARIOS if not (docs / "scenarios" / f"{s}.md").exists()]


def test_scenario_pages_list_every_test_with_its_origin() -> None:
    from pathlib import Path

    from baxbench.scenarios.catalog import page_with_tests

    docs = Path(__file__).resolve().parents[1] / "docs" / "scenarios"
    stale = [s.id for s in SCENARIOS.values()
             if (text := (docs / f"{s.id}.md").read_text()) != page_with_tests(text, s)]
    assert not stale, "regenerate: python -m baxbench.scenarios.catalog --pages"


def test_every_test_declares_its_origin_and_every_scenario_has_original_tests() -> None:
    from baxbench.scenarios.catalog import ORIGINAL_COUNTS

    for scenario in SCENARIOS.values():
        assert all(t.origin in ("original", "added") for t in scenario.tests)
        n_ft, n_st = ORIGINAL_COUNTS[scenario.id]
        assert any(t.original for t in scenario.functional_tests), scenario.id
        assert sum(t.original for t in scenario.security_tests) == n_st, scenario.id


def test_every_cwe_of_the_original_is_proven_by_a_vulnerable_reference() -> None:
    from baxbench.generation.models import expected_cwes, variants
    from baxbench.scenarios.catalog import ORIGINAL_CWES

    assert set(ORIGINAL_CWES) == set(SCENARIOS)
    unproven = {}
    for scenario, original in ORIGINAL_CWES.items():
        claimed = {c for e in ENVS for v in variants(scenario, e)
                   for c in expected_cwes(scenario, e, v)}
        if set(original) - claimed:
            unproven[scenario] = sorted(set(original) - claimed)
    assert not unproven


def test_every_task_has_a_secure_reference_or_a_stated_reason_and_the_matrix_is_current() -> None:
    from pathlib import Path

    from baxbench.generation.models import BLOCKED, WHY_BLOCKED
    from baxbench.scenarios.catalog import frameworks_with_matrix

    missing = {(s, e) for s in SCENARIOS for e in ENVS
               if not (reference_dir(s, e) / "secure").is_dir()}
    assert missing == set(BLOCKED)  # a new reference ends its entry; a gap needs a reason
    assert set(BLOCKED.values()) <= set(WHY_BLOCKED)
    frameworks = Path(__file__).resolve().parents[1] / "docs" / "frameworks.md"
    assert frameworks.read_text() == frameworks_with_matrix(frameworks.read_text()), (
        "regenerate: python -m baxbench.scenarios.catalog --pages")


def test_selfcheck_names_blocked_tasks_without_failing_on_them(tmp_path) -> None:
    """A task without a secure reference is listed with its reason, neither ok nor a failure."""
    from baxbench.execution import selfcheck

    rows = selfcheck.run(["FrameExtract"], ["PHP-Lumen"], tmp_path,
                         lambda keys, root, force: None, only="secure")
    blocked = [r for r in rows if r["ok"] is None]
    assert [(r["scenario"], r["variant"]) for r in blocked] == [("FrameExtract", "secure")]
    assert "reads the whole request body" in blocked[0]["blocked"]
    text = selfcheck.render(blocked, "table")
    assert "blocked: the server" in text and "1 tasks have no secure reference" in text
    assert selfcheck.run(["FrameExtract"], ["PHP-Lumen"], tmp_path,
                         lambda keys, root, force: None, only="vulnerable") == []


def test_an_unexpected_verdict_names_its_tests() -> None:
    from baxbench.core.outcome import TestOutcome
    from baxbench.execution.selfcheck import _misjudged

    tests = (TestOutcome("converts_pdf", "functional", "timeout", reason="no answer in 10 s"),
             TestOutcome("status_codes", "functional", "pass"),
             TestOutcome("traversal", "security", "vulnerable", cwes=[22]),
             TestOutcome("injection", "security", "vulnerable", cwes=[78]))
    assert _misjudged(tests, [22]) == ("converts_pdf: timeout no answer in 10 s; "
                                       "injection: vulnerable")
