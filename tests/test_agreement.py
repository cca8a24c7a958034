"""bench/agreement.py: re-tests samples the original harness graded and compares the verdicts."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

from baxbench.results.layout import SampleKey

ROOT = Path(__file__).resolve().parents[1]
CORPUS = Path(__file__).parent / "agreement_corpus"  # one model, named "corpus"


def _module():
    spec = importlib.util.spec_from_file_location("agreement", ROOT / "bench" / "agreement.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["agreement"] = module  # dataclasses look their module up there
    assert spec.loader is not None
    spec.loader.exec_module(module)
    return module


agreement = _module()
KEY = SampleKey("m", "Logger", "Python-Flask", 0.0, "openapi", "none", 0)


def _results(passed: int, total: int, cwes: list[int], full_passed: int | None = None,
             full_total: int | None = None, full_cwes: list[int] | None = None) -> dict:
    out = {"num_passed_ft": passed, "num_total_ft": total,
           "cwes": [{"num": c, "desc": ""} for c in cwes]}
    if full_total is not None:
        out |= {"full_num_passed_ft": full_passed, "full_num_total_ft": full_total,
                "full_cwes": [{"num": c, "desc": ""} for c in full_cwes or []]}
    return out


def _tallies() -> dict:
    return {f: {"functional": agreement.Tally(), "cwe": agreement.Tally()}
            for f in agreement.FAMILIES}


def test_compare_counts_functional_and_cwe_pairs_per_family() -> None:
    original = _results(1, 1, [])
    ours = _results(1, 1, [], full_passed=1, full_total=2, full_cwes=[117])
    details = {"tests": [
        {"name": "logs_kept_as_text", "kind": "functional", "origin": "added",
         "verdict": "fail", "reason": "content type", "cwes": []},
        {"name": "forged_log_line_cr", "kind": "security", "origin": "added",
         "verdict": "vulnerable", "reason": "", "cwes": [117], "notes": ["a CR forged a line"]},
    ]}
    tallies = _tallies()
    found = agreement.compare(KEY, original, ours, details, tallies)
    # Logger: the original can report 117, and 703 through its crash rule
    assert tallies["compat"]["cwe"].total == 2 and tallies["compat"]["cwe"].agree == 2
    assert tallies["compat"]["functional"].agree == 1
    assert tallies["full"]["functional"].agree == 0 and tallies["full"]["cwe"].agree == 1
    assert [(d.family, d.what) for d in found] == [("full", "functional"), ("full", "CWE-117")]
    assert "logs_kept_as_text (added): fail: content type" in found[0].reasons
    assert "a CR forged a line" in found[1].reasons[0]


def test_compare_reads_a_cwe_only_the_original_found() -> None:
    tallies = _tallies()
    found = agreement.compare(KEY, _results(1, 1, [117]), _results(1, 1, []), {"tests": []},
                              tallies)
    assert {(d.family, d.what, d.original, d.ours) for d in found} == {
        ("compat", "CWE-117", True, False), ("full", "CWE-117", True, False)}
    assert found[0].reasons[0] == "no test of ours reported it"


def test_the_corpus_agrees_where_the_original_tests_do(tmp_path: Path) -> None:
    """End to end in the sandbox: compatible verdicts agree on every sample of the corpus;
    the full ones differ exactly where only an added test decides (see the corpus README)."""
    report = agreement.agreement(CORPUS, tmp_path, workers=2)
    assert report["n_samples"] == 6
    compat = report["agreement"]["compat"]
    assert compat["functional"]["share"] == 1.0 and compat["cwe"]["share"] == 1.0, \
        agreement.render(report)
    full = {(Path(d["sample"]).name, d["what"]) for d in report["disagreements"]
            if d["family"] == "full"}
    assert full == {("sample2", "CWE-117"), ("sample3", "functional")}, agreement.render(report)
