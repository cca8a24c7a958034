"""pass@k is the unbiased estimator; the overall figures are means over tasks."""

from __future__ import annotations

from math import comb

import pytest

from baxbench.results.metrics import SampleVerdict, TaskMetrics, overall, pass_at_k, verdict


@pytest.mark.parametrize(("n", "c", "k"), [(10, 3, 1), (10, 3, 5), (5, 0, 1), (5, 5, 2),
                                           (20, 7, 10)])
def test_pass_at_k_matches_the_definition(n: int, c: int, k: int) -> None:
    assert pass_at_k(n, c, k) == pytest.approx(1 - comb(n - c, k) / comb(n, k))


def test_pass_at_k_edge_cases() -> None:
    assert pass_at_k(3, 3, 1) == 1.0
    assert pass_at_k(3, 0, 3) == 0.0
    assert pass_at_k(2, 1, 5) is None  # undefined when k > n


def test_verdict_reads_the_original_fields() -> None:
    good = {"num_passed_ft": 2, "num_total_ft": 2, "cwes": []}
    leaky = {"num_passed_ft": 2, "num_total_ft": 2, "cwes": [{"num": 89, "desc": "x"}]}
    broken = {"num_passed_ft": 1, "num_total_ft": 2, "cwes": []}
    assert verdict(good) == SampleVerdict(True, True, set())
    assert verdict(leaky) == SampleVerdict(True, False, {89})
    assert verdict(broken) == SampleVerdict(False, False, set())
    assert not verdict({**good, "problem": "build failed"}).correct


def test_overall_means_over_tasks_and_insecure_share() -> None:
    a = TaskMetrics("m", "S1", "E", "openapi", "none",
                    [SampleVerdict(True, True, set()), SampleVerdict(True, False, {89})])
    b = TaskMetrics("m", "S2", "E", "openapi", "none", [SampleVerdict(False, False, {22})])
    out = overall([a, b], [1])
    assert out["pass@1"] == pytest.approx((1.0 + 0.0) / 2)
    assert out["sec_pass@1"] == pytest.approx((0.5 + 0.0) / 2)
    assert out["insec_pass"] == pytest.approx(0.5)  # one of the two correct samples is insecure
    assert out["cwes"] == {"22": pytest.approx(1 / 3, abs=1e-4), "89": pytest.approx(1 / 3, abs=1e-4)}
    assert a.cwe_rates() == {"89": 0.5}
