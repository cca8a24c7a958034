"""pass@k is the unbiased estimator; the overall figures are means over tasks."""

from __future__ import annotations

import json
from math import comb
from pathlib import Path

import pytest

from baxbench.execution.runner import TestOutcome
from baxbench.results.metrics import Family, SampleResult, TaskMetrics, overall, pass_at_k
from baxbench.results.records import is_tested, summarize
from baxbench.results.verdict import verdict


@pytest.mark.parametrize(("n", "c", "k"), [(10, 3, 1), (10, 3, 5), (5, 0, 1), (5, 5, 2),
                                           (20, 7, 10)])
def test_pass_at_k_matches_the_definition(n: int, c: int, k: int) -> None:
    assert pass_at_k(n, c, k) == pytest.approx(1 - comb(n - c, k) / comb(n, k))


def test_pass_at_k_edge_cases() -> None:
    assert pass_at_k(3, 3, 1) == 1.0
    assert pass_at_k(3, 0, 3) == 0.0
    assert pass_at_k(2, 1, 5) is None  # undefined when k > n


def _same(correct: bool, secure: bool, cwes: set[int]) -> SampleResult:
    """A verdict that is the same in both families."""
    return SampleResult(Family(correct, secure, cwes), Family(correct, secure, cwes))


def test_verdict_reads_the_original_fields() -> None:
    good = {"num_passed_ft": 2, "num_total_ft": 2, "cwes": []}
    leaky = {"num_passed_ft": 2, "num_total_ft": 2, "cwes": [{"num": 89, "desc": "x"}]}
    broken = {"num_passed_ft": 1, "num_total_ft": 2, "cwes": []}
    assert verdict(good) == _same(True, True, set())
    assert verdict(leaky) == _same(True, False, {89})
    assert verdict(broken) == _same(False, False, set())
    assert not verdict({**good, "problem": "build failed"}).correct


def test_verdict_reads_both_families() -> None:
    results = {"num_passed_ft": 1, "num_total_ft": 1, "cwes": [],
               "full_num_passed_ft": 1, "full_num_total_ft": 2,
               "full_cwes": [{"num": 79, "desc": "x"}]}
    v = verdict(results)
    assert v.compat == Family(True, True, set())
    assert v.full == Family(False, False, {79})


def test_overall_means_over_tasks_and_insecure_share() -> None:
    a = TaskMetrics("m", "S1", "E", "openapi", "none",
                    [_same(True, True, set()), _same(True, False, {89})])
    b = TaskMetrics("m", "S2", "E", "openapi", "none", [_same(False, False, {22})])
    out = overall([a, b], [1])
    assert out["pass@1"] == pytest.approx((1.0 + 0.0) / 2)
    assert out["sec_pass@1"] == pytest.approx((0.5 + 0.0) / 2)
    assert out["insec_pass"] == pytest.approx(0.5)  # one of the two correct samples is insecure
    assert out["cwes"] == {"22": pytest.approx(1 / 3, abs=1e-4), "89": pytest.approx(1 / 3, abs=1e-4)}
    assert a.cwe_rates() == {"89": 0.5}
    assert out["full_pass@1"] == out["pass@1"] and out["full_insec_pass"] == out["insec_pass"]


def test_the_families_differ_when_added_tests_fail() -> None:
    # compatible: correct and secure; full: one added functional test failed
    sample = SampleResult(Family(True, True, set()), Family(False, False, set()))
    out = overall([TaskMetrics("m", "S", "E", "openapi", "none", [sample])], [1])
    assert out["pass@1"] == 1.0 and out["sec_pass@1"] == 1.0
    assert out["full_pass@1"] == 0.0 and out["full_sec_pass@1"] == 0.0
    assert out["full_insec_pass"] is None


def _outcome(kind: str, verdict_: str, origin: str, cwes: list[int] | None = None) -> TestOutcome:
    return TestOutcome("t", kind, verdict_, cwes=cwes or [], origin=origin)


def test_test_results_keep_the_compatible_verdict_and_add_the_full_one() -> None:
    outcomes = [_outcome("functional", "pass", "original"),
                _outcome("functional", "fail", "added"),
                _outcome("security", "secure", "original"),
                _outcome("security", "vulnerable", "added", [79]),
                _outcome("functional", "fail", "added", [703])]  # crashed an added test
    results = summarize(outcomes, ["original", "added", "added"])
    assert (results["num_passed_ft"], results["num_total_ft"], results["cwes"]) == (1, 1, [])
    assert results["num_total_st"] == 1
    assert (results["full_num_passed_ft"], results["full_num_total_ft"]) == (1, 3)
    assert [c["num"] for c in results["full_cwes"]] == [79, 703]


def test_results_written_before_the_two_families_are_tested_again(tmp_path: Path) -> None:
    old = {"num_passed_ft": 2, "num_total_ft": 2, "cwes": []}
    (tmp_path / "test_results.json").write_text(json.dumps(old))
    assert is_tested(tmp_path)  # the original harness's file: kept
    (tmp_path / "test_details.json").write_text("{}")
    assert not is_tested(tmp_path)  # ours, from before origins: its verdict is the full one
    new = {**old, "full_num_passed_ft": 2, "full_num_total_ft": 2, "full_cwes": []}
    (tmp_path / "test_results.json").write_text(json.dumps(new))
    assert is_tested(tmp_path)


@pytest.mark.parametrize(("results", "expected"), [
    ({"num_passed_ft": 2, "num_total_ft": 2, "cwes": []}, ("secure", "2/2 functional, no CWE")),
    ({"num_passed_ft": 2, "num_total_ft": 2, "cwes": [{"num": 89, "desc": "x"}, 79]},
     ("insecure", "2/2 functional, CWE-79, CWE-89")),
    ({"num_passed_ft": 1, "num_total_ft": 2, "cwes": [{"num": 89, "desc": "x"}]},
     ("incorrect", "1/2 functional, CWE-89")),
    # no functional test counted is not "correct", though 0 == 0
    ({"num_passed_ft": 0, "num_total_ft": 0, "cwes": []}, ("incorrect", "0/0 functional, no CWE")),
    ({"num_passed_ft": 0, "num_total_ft": 1, "cwes": [], "problem": "build failed"},
     ("build failed", "0/1 functional")),
    # an added test sees more: the progress line says so beside the compatible verdict
    ({"num_passed_ft": 1, "num_total_ft": 1, "cwes": [], "full_num_passed_ft": 2,
      "full_num_total_ft": 2, "full_cwes": [{"num": 89, "desc": "x"}]},
     ("secure", "1/1 functional, no CWE (full: insecure, 2/2, CWE-89)")),
])
def test_one_rule_decides_correct_everywhere(tmp_path: Path, results: dict,
                                             expected: tuple[str, str]) -> None:
    """The progress line of `test`, `show`/the report (SampleView) and the metrics agree."""
    from baxbench.execution.pipeline import describe
    from baxbench.results.sample import SampleView

    assert describe(verdict(results)) == expected
    view = SampleView(tmp_path, None, results, None)
    v = verdict(results)
    assert view.verdict == v.compat.label
    assert (view.verdict == "secure") == v.secure
    assert (view.verdict != "incorrect") == v.correct
    assert view.functional == expected[1].split(",")[0]
    task = TaskMetrics("m", "S", "E", "openapi", "none", [v])
    assert task.n_correct == (expected[0] in ("secure", "insecure"))
    assert task.n_secure == (expected[0] == "secure")


def test_one_typed_record_per_sample(tmp_path: Path) -> None:
    """What `test` writes is what metrics, selfcheck, show and the report read back."""
    from baxbench.results import records
    from baxbench.results.sample import load

    outcomes = [TestOutcome("works", "functional", "pass"),
                TestOutcome("sqli", "security", "vulnerable", cwes=[89], origin="added")]
    written = records.write(tmp_path, outcomes, ["original"], {"ok": True, "duration_s": 1.5},
                            "", {"duration_s": 3.0})
    result = records.read(tmp_path)
    assert written == result == load(tmp_path).result
    assert result.compat.secure and not result.full.secure and result.full.cwes == {89}
    assert result.tests == tuple(outcomes)
    assert result.build == {"ok": True, "duration_s": 1.5} and result.duration_s == 3.0
    (tmp_path / "test_details.json").write_text("{not json")
    assert records.read(tmp_path) == result  # the verdict needs only the results
    assert records.read(tmp_path).tests == ()
