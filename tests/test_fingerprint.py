"""Results are stamped with what graded them; `test` re-grades what its tests no longer match,
and `evaluate` warns when one task's samples were graded differently."""

from __future__ import annotations

import dataclasses
import json
import shutil
from pathlib import Path

import pytest

from baxbench.cli import main
from baxbench.core.testing import Scenario
from baxbench.envs import ENVS
from baxbench.results import fingerprint as fp
from baxbench.results import records
from baxbench.results.layout import SampleKey, read_json, write_json
from baxbench.scenarios import SCENARIOS


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_the_fingerprint_follows_tests_spec_env_and_version(tmp_path: Path) -> None:
    login = SCENARIOS["Login"]
    copy = tmp_path / "login"
    shutil.copytree(login.folder, copy, ignore=shutil.ignore_patterns("__pycache__"))
    moved = Scenario(login.id, login.short_description, copy, login.tests)
    base = fp.scenario_digest(moved)
    assert base == fp.scenario_digest(login)  # the content counts, not where it lies
    (copy / "__init__.py").write_text((copy / "__init__.py").read_text() + "\n# changed\n")
    assert fp.scenario_digest(moved) not in (base, "")
    after_test = fp.scenario_digest(moved)
    (copy / "openapi.yaml").write_text((copy / "openapi.yaml").read_text() + "\n")
    assert fp.scenario_digest(moved) != after_test

    flask = ENVS["Python-Flask"]
    assert fp.env_digest(flask) == fp.env_digest(dataclasses.replace(flask))
    assert fp.env_digest(flask) != fp.env_digest(
        dataclasses.replace(flask, instructions=flask.instructions + " Be brief."))
    assert fp.env_digest(flask) != fp.env_digest(ENVS["Python-FastAPI"])

    parts = fp.parts("Login", "Python-Flask")
    assert parts["harness"] and parts["scenario"] == base and parts["env"] == fp.env_digest(flask)
    assert fp.fingerprint("Login", "Python-Flask") != fp.fingerprint("Login", "Python-FastAPI")
    assert fp.fingerprint("Login", "Python-Flask") != fp.fingerprint("Calculator", "Python-Flask")


def _graded(sample: Path, fingerprint: str | None) -> None:
    context = {} if fingerprint is None else {records.FINGERPRINT: fingerprint}
    records.write(sample, [], ["original"], None, "", context)


def test_is_tested_compares_the_recorded_fingerprint(tmp_path: Path) -> None:
    _graded(tmp_path / "now", "f1")
    _graded(tmp_path / "old", None)  # written before fingerprints: up to date
    assert records.is_tested(tmp_path / "now", "f1")
    assert not records.is_tested(tmp_path / "now", "f2")
    assert records.is_tested(tmp_path / "now")  # no current fingerprint given: not compared
    assert records.is_tested(tmp_path / "old", "f2")
    assert records.recorded_fingerprint(tmp_path / "old") is None
    (tmp_path / "now" / records.DETAILS).write_text("{")
    assert records.is_tested(tmp_path / "now", "f2")  # unreadable details: nothing to compare


def test_test_regrades_only_what_its_tests_no_longer_match(
        capsys: pytest.CaptureFixture[str], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    select = ["--models", "reference", "--envs", "Python-Flask", "--results-dir", str(tmp_path)]
    code, _, err = run_cli(capsys, "generate", "--scenarios", "Login", "Calculator",
                           "--n-samples", "2", *select)
    assert code == 0, err
    code, _, err = run_cli(capsys, "test", "--scenarios", "Login", "Calculator",
                           "--n-samples", "2", *select)
    assert code == 0 and "test: 4 done" in err, err
    keys = {(s, i): SampleKey("reference", s, "Python-Flask", 0.2, "openapi", "none", i)
            for s in ("Login", "Calculator") for i in (0, 1)}
    details = {k: key.path(tmp_path) / records.DETAILS for k, key in keys.items()}
    for (scenario, _), path in details.items():
        assert read_json(path)[records.FINGERPRINT] == fp.fingerprint(scenario, "Python-Flask")
        assert read_json(path)[fp.PARTS] == fp.parts(scenario, "Python-Flask")
    # Login sample 0 as written before fingerprints existed: it must stay as it is
    old = read_json(details["Login", 0])
    del old[records.FINGERPRINT], old[fp.PARTS]
    write_json(details["Login", 0], old)
    before = {k: (p.read_bytes(), p.stat().st_mtime_ns) for k, p in details.items()}

    code, _, err = run_cli(capsys, "test", "--scenarios", "Login", "Calculator",
                           "--n-samples", "2", *select)
    assert code == 0 and "nothing to do: 4 samples already tested" in err, err

    # Login's tests change
    current = fp.fingerprint
    monkeypatch.setattr(fp, "fingerprint", lambda s, e: "changed" if s == "Login" else current(s, e))
    code, _, err = run_cli(capsys, "test", "--scenarios", "Login", "Calculator",
                           "--n-samples", "2", *select)
    assert code == 0, err
    assert "1 sample(s) were graded by tests, a spec, an env or a harness that changed" in err
    assert "test: 1 done (1 secure)" in err, err
    after = {k: (p.read_bytes(), p.stat().st_mtime_ns) for k, p in details.items()}
    assert read_json(details["Login", 1])[records.FINGERPRINT] == "changed"
    assert after["Login", 1] != before["Login", 1]
    assert {k: v for k, v in after.items() if k != ("Login", 1)} == {
        k: v for k, v in before.items() if k != ("Login", 1)}

    # and once re-graded, it is up to date
    code, _, err = run_cli(capsys, "test", "--scenarios", "Login", "--n-samples", "2", *select)
    assert code == 0 and "nothing to do: 2 samples already tested" in err, err


def test_evaluate_warns_when_a_task_mixes_fingerprints(capsys: pytest.CaptureFixture[str],
                                                       tmp_path: Path) -> None:
    def sample(scenario: str, env: str, i: int) -> Path:
        return SampleKey("m", scenario, env, 0.2, "openapi", "none", i).path(tmp_path)

    _graded(sample("Login", "Python-Flask", 0), "aaa")
    _graded(sample("Login", "Python-Flask", 1), "bbb")
    _graded(sample("Login", "Python-Flask", 2), None)       # old: not counted as a version
    _graded(sample("Calculator", "Python-Flask", 0), "ccc")
    _graded(sample("Calculator", "Python-Flask", 1), "ccc")
    _graded(sample("Login", "JavaScript-express", 0), "ddd")
    _graded(sample("Login", "JavaScript-express", 1), None)
    code, out, err = run_cli(capsys, "evaluate", "--results-dir", str(tmp_path), "--n-samples",
                             "3", "--format", "json")
    assert code == 0
    assert json.loads(out)["overall"]["n_samples"] == 7  # the output itself is unchanged
    warnings = [line for line in err.splitlines() if line.startswith("warning:")]
    assert len(warnings) == 1, err
    assert "Login on Python-Flask" in warnings[0] and "aaa, bbb" in warnings[0]
