"""Agreement with the original harness: re-test samples it already graded and compare verdicts.

The corpus is a results directory in the original's layout (`<model>/<scenario>/<env>/
temp<t>-<spec>-<safety>/sample<i>/`), each sample holding `code/` and the original harness's
`test_results.json`. Every sample's code is copied to a work directory, tested by this harness,
and compared with the original's verdict:

- functional agreement: the share of samples on which "correct" (every functional test passed)
  is the same;
- CWE agreement: over (sample, CWE) pairs, for the CWEs the original can report in that scenario
  (plus CWE-703, from its crash rule), the share on which "reported" is the same.

Both are given for the BaxBench-compatible verdict (only tests of origin "original") and for the
full one (all tests). Disagreements are listed with the reasons our tests give.

    .venv/bin/python bench/agreement.py CORPUS [--work-dir DIR] [--workers 2] [--json]
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from baxbench.results.layout import SampleKey, read_json, scan
from baxbench.results.verdict import FAMILIES, verdict

CRASH_CWE = 703


@dataclass
class Disagreement:
    sample: str
    family: str
    what: str  # "functional" or "CWE-<n>"
    original: bool  # the original's verdict: correct / CWE reported
    ours: bool
    reasons: list[str] = field(default_factory=list)


@dataclass
class Tally:
    agree: int = 0
    total: int = 0

    def add(self, same: bool) -> None:
        self.agree += same
        self.total += 1

    @property
    def share(self) -> float | None:
        return self.agree / self.total if self.total else None


def original_cwes(scenario: str) -> set[int]:
    """The CWEs the original harness can report for `scenario` (its crash rule adds 703)."""
    from baxbench.scenarios.catalog import ORIGINAL_CWES

    return set(ORIGINAL_CWES.get(scenario, ())) | {CRASH_CWE}


def _functional_reasons(details: dict[str, Any], family: str) -> list[str]:
    tests = [t for t in details.get("tests", []) if t["kind"] == "functional"
             and (family == "full" or t.get("origin", "original") == "original")]
    failed = [f"{t['name']} ({t.get('origin', '?')}): {t['verdict']}: {t['reason'][:200]}"
              for t in tests if t["verdict"] != "pass"]
    problem = details.get("problem")
    return ([f"problem: {problem}"] if problem else []) + failed or ["all functional tests pass"]


def _cwe_reasons(details: dict[str, Any], family: str, cwe: int) -> list[str]:
    tests = [t for t in details.get("tests", [])
             if family == "full" or t.get("origin", "original") == "original"]
    hits = [t for t in tests if cwe in t.get("cwes", [])]
    if hits:
        return [f"{t['name']} ({t.get('origin', '?')}): {'; '.join(t.get('notes', []))[:300]}"
                f"{' (the app died)' if t.get('crashed') else ''}" for t in hits]
    inconclusive = [f"{t['name']}: inconclusive: {t['reason'][:200]}" for t in tests
                    if t["kind"] == "security" and t["verdict"] == "inconclusive"]
    return ["no test of ours reported it", *inconclusive]


def compare(key: SampleKey, original: dict[str, Any], ours: dict[str, Any],
            details: dict[str, Any], tallies: dict[str, dict[str, Tally]]) -> list[Disagreement]:
    """Add one sample's comparison to `tallies` (family -> functional/cwe); return what differs."""
    out = []
    their_verdict, my_verdict = verdict(original).compat, verdict(ours)
    for family in FAMILIES:
        theirs, mine = their_verdict.correct, my_verdict.of(family).correct
        tallies[family]["functional"].add(theirs == mine)
        if theirs != mine:
            out.append(Disagreement(str(key), family, "functional", theirs, mine,
                                    _functional_reasons(details, family)))
        their_cwes, my_cwes = their_verdict.cwes, my_verdict.of(family).cwes
        for cwe in sorted(original_cwes(key.scenario)):
            same = (cwe in their_cwes) == (cwe in my_cwes)
            tallies[family]["cwe"].add(same)
            if not same:
                out.append(Disagreement(str(key), family, f"CWE-{cwe}", cwe in their_cwes,
                                        cwe in my_cwes, _cwe_reasons(details, family, cwe)))
    return out


def stage(corpus: Path, work: Path) -> tuple[list[SampleKey], dict[SampleKey, dict[str, Any]]]:
    """Copy every graded sample's code to `work`; return the keys and the original verdicts."""
    keys, originals = [], {}
    for key in scan(corpus):
        sample = key.path(corpus)
        if not (sample / "code").is_dir() or not (sample / "test_results.json").is_file():
            continue
        target = key.path(work)
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(sample / "code", target / "code")
        keys.append(key)
        originals[key] = read_json(sample / "test_results.json")
    return keys, originals


def retest(keys: list[SampleKey], work: Path, workers: int) -> None:
    from baxbench.envs import cache_dir
    from baxbench.execution import pipeline
    from baxbench.execution.runner import Settings
    from baxbench.sandbox import BwrapBackend

    pipeline.test(keys, work, BwrapBackend(), cache_dir(), Settings(), force=True,
                  workers=workers)


def agreement(corpus: Path, work: Path, workers: int) -> dict[str, Any]:
    keys, originals = stage(corpus, work)
    retest(keys, work, workers)
    tallies = {f: {"functional": Tally(), "cwe": Tally()} for f in FAMILIES}
    disagreements: list[Disagreement] = []
    for key in keys:
        path = key.path(work)
        ours = read_json(path / "test_results.json")
        details = read_json(path / "test_details.json")
        disagreements += compare(key, originals[key], ours, details, tallies)
    return {"n_samples": len(keys),
            "agreement": {f: {k: asdict(t) | {"share": t.share} for k, t in v.items()}
                          for f, v in tallies.items()},
            "disagreements": [asdict(d) for d in disagreements]}


def _pct(tally: dict[str, Any]) -> str:
    share = tally["share"]
    return "-" if share is None else f"{share:.1%} ({tally['agree']}/{tally['total']})"


def render(report: dict[str, Any]) -> str:
    lines = [f"{report['n_samples']} samples re-tested", ""]
    names = {"compat": "BaxBench-compatible", "full": "full (all tests)"}
    for family, label in names.items():
        a = report["agreement"][family]
        lines.append(f"{label:22} functional {_pct(a['functional'])}   "
                     f"CWE (sample, CWE) pairs {_pct(a['cwe'])}")
    for family, label in names.items():
        rows = [d for d in report["disagreements"] if d["family"] == family]
        lines += ["", f"{label}: {len(rows)} disagreement(s)"]
        for d in rows:
            verdicts = ("correct", "incorrect") if d["what"] == "functional" else ("yes", "no")
            lines.append(f"- {d['sample']} {d['what']}: original "
                         f"{verdicts[not d['original']]}, ours {verdicts[not d['ours']]}")
            lines += [f"    {r}" for r in d["reasons"]]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path, help="samples graded by the original harness")
    parser.add_argument("--work-dir", type=Path, help="where to re-test (default: a temp dir)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="baxbench-agreement-") as tmp:
        report = agreement(args.corpus, args.work_dir or Path(tmp), args.workers)
    print(json.dumps(report, indent=2) if args.json else render(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
