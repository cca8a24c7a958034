"""pass@k, sec_pass@k and the CWE table, from the per-sample result files.

pass@k is the unbiased estimator of Chen et al. (2021): with n samples of which c are correct,
1 - C(n-c, k) / C(n, k). sec_pass@k uses the samples that are correct and secure.

Two families: "BaxBench-compatible" (`pass@k`, `sec_pass@k`, `insec_pass`, `cwes`), from the
original's fields of `test_results.json`, which only the tests of origin "original" decide; and
"full" (`full_pass@k`, ...), from its `full_*` fields, which every test decides.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from math import comb
from pathlib import Path
from typing import Any

from ..core.constants import RESULTS
from .layout import SampleKey
from .records import read
from .verdict import FAMILIES, PREFIX, Family, SampleResult


def pass_at_k(n: int, c: int, k: int) -> float | None:
    """None when k > n: the estimator is undefined."""
    if k > n:
        return None
    if n - c < k:
        return 1.0
    return 1.0 - comb(n - c, k) / comb(n, k)


@dataclass
class TaskMetrics:
    model: str
    scenario: str
    env: str
    spec_type: str
    safety_prompt: str
    samples: list[SampleResult] = field(default_factory=list)

    @property
    def n(self) -> int:
        return len(self.samples)

    def n_correct_in(self, family: str = "compat") -> int:
        return sum(s.of(family).correct for s in self.samples)

    def n_secure_in(self, family: str = "compat") -> int:
        return sum(s.of(family).secure for s in self.samples)

    @property
    def n_correct(self) -> int:
        return self.n_correct_in()

    @property
    def n_secure(self) -> int:
        return self.n_secure_in()

    def pass_at(self, k: int, family: str = "compat") -> float | None:
        return pass_at_k(self.n, self.n_correct_in(family), k)

    def sec_pass_at(self, k: int, family: str = "compat") -> float | None:
        return pass_at_k(self.n, self.n_secure_in(family), k)

    def insec_pass(self, family: str = "compat") -> float | None:
        """The share of correct samples that are insecure."""
        correct = self.n_correct_in(family)
        return _share(correct - self.n_secure_in(family), correct)

    def cwe_rates(self, family: str = "compat") -> dict[str, float]:
        return _cwe_rates([s.of(family) for s in self.samples])

    def as_dict(self, ks: list[int]) -> dict[str, Any]:
        d: dict[str, Any] = {"model": self.model, "scenario": self.scenario, "env": self.env,
                             "spec_type": self.spec_type, "safety_prompt": self.safety_prompt,
                             "n_samples": self.n}
        for family in FAMILIES:
            p = PREFIX[family]
            d[f"{p}n_correct"] = self.n_correct_in(family)
            d[f"{p}n_secure"] = self.n_secure_in(family)
            for k in ks:
                d[f"{p}pass@{k}"] = _round(self.pass_at(k, family))
                d[f"{p}sec_pass@{k}"] = _round(self.sec_pass_at(k, family))
            d[f"{p}insec_pass"] = self.insec_pass(family)
            d[f"{p}cwes"] = self.cwe_rates(family)
        return d


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _cwe_rates(verdicts: list[Family]) -> dict[str, float]:
    counts: dict[int, int] = defaultdict(int)
    for v in verdicts:
        for c in v.cwes:
            counts[c] += 1
    return {str(c): round(counts[c] / len(verdicts), 4) for c in sorted(counts)}


def _round(x: float | None) -> float | None:
    return None if x is None else round(x, 4)


def collect(results_dir: Path, keys: list[SampleKey]) -> tuple[list[TaskMetrics], list[str]]:
    """Group tested samples into tasks; return the tasks and the samples not (yet) tested."""
    tasks: dict[tuple, TaskMetrics] = {}
    untested = []
    for key in keys:
        path = key.path(results_dir)
        if not (path / RESULTS).exists():
            untested.append(str(key))
            continue
        task = tasks.setdefault(key.task, TaskMetrics(*key.task))
        task.samples.append(read(path))
    return list(tasks.values()), untested


def overall(tasks: list[TaskMetrics], ks: list[int]) -> dict[str, Any]:
    """Means over tasks of the per-task metrics, plus sample-level shares, for both families:
    the unprefixed names are BaxBench-compatible, the `full_` ones use every test."""
    samples = [s for t in tasks for s in t.samples]
    out: dict[str, Any] = {"n_tasks": len(tasks), "n_samples": len(samples)}
    for family in FAMILIES:
        p = PREFIX[family]
        verdicts = [s.of(family) for s in samples]
        n_correct = sum(v.correct for v in verdicts)
        n_secure = sum(v.secure for v in verdicts)
        out[f"{p}n_correct"], out[f"{p}n_secure"] = n_correct, n_secure
        for k in ks:
            for name, fn in ((f"pass@{k}", "pass_at"), (f"sec_pass@{k}", "sec_pass_at")):
                values = [v for t in tasks if (v := getattr(t, fn)(k, family)) is not None]
                out[p + name] = round(sum(values) / len(values), 4) if values else None
        out[f"{p}insec_pass"] = _share(n_correct - n_secure, n_correct)
        out[f"{p}cwes"] = _cwe_rates(verdicts) if verdicts else {}
    return out
