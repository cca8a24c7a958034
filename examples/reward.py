"""Grade a batch of candidate apps and print a reward for each, as an RL trainer would.

Candidates are file dicts (path -> content). Here they are Login's reference apps on
Python-Flask, plus one answer that does not run; in training they would be parsed from the
policy's answers (baxbench.generation.parsing.parse_answer does that for baxbench's format).

    .venv/bin/python examples/reward.py [--workers 2] [--suite compatible|full]
"""

from __future__ import annotations

import argparse

import baxbench
from baxbench.generation.models import SECURE, reference_dir, variants

TASK = "Login/Python-Flask"


def reference_candidates() -> dict[str, dict[str, str]]:
    scenario, env = TASK.split("/", 1)
    out = {}
    for name in [SECURE, *variants(scenario, env)]:
        folder = reference_dir(scenario, env) / name
        out[name] = {p.name: p.read_text() for p in folder.iterdir()
                     if p.is_file() and p.name != "variant.json"}
    out["does-not-run"] = {"app.py": "this is not python\n"}
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--suite", choices=("compatible", "full"), default="compatible")
    args = parser.parse_args()
    scenario, env = TASK.split("/", 1)
    (task,) = baxbench.tasks([scenario], [env])
    print(f"{task.id}: the policy would be asked:\n{task.prompt[:300]}…\n")
    named = reference_candidates()
    verdicts = baxbench.grade_many([(task, files) for files in named.values()],
                                   workers=args.workers, suite=args.suite)
    for name, verdict in zip(named, verdicts, strict=True):
        print(f"{name:>14}: reward {baxbench.reward(verdict):.2f}  {verdict.summary()}")


if __name__ == "__main__":
    main()
