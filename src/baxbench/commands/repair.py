"""`baxbench run --repair-rounds N`: the command-line side of the repair loop
(`execution/repair.py`)."""

from __future__ import annotations

import argparse
from typing import Any

from ..envs import cache_dir
from ..errors import UserError
from ..execution import pipeline, repair
from ..execution.runner import Settings
from ..generation.models import get_model
from ..sandbox import BACKENDS


def check(args: argparse.Namespace) -> None:
    """Refuse what the loop cannot do, before any request."""
    if args.repair_rounds and args.executor == "ray":
        raise UserError("--repair-rounds runs on this machine only: drop --executor ray, or "
                        "--repair-rounds")
    if args.repair_rounds and getattr(args, "agent", False):
        raise UserError("--repair-rounds continues a one-answer conversation; an --agent run "
                        "has its own test loop: use one of the two")


def run(args: argparse.Namespace, keys: list[Any], settings: pipeline.GenerationSettings
        ) -> int:
    """Run the repair rounds over the tested samples; return how many answers did not arrive."""
    if not args.repair_rounds:
        return 0
    models = {name: get_model(name, settings.model_options) for name in {k.model for k in keys}}
    plan = repair.RepairPlan(args.repair_rounds, args.repair_feedback)
    limits = Settings(args.test_timeout, args.start_timeout, args.keep_instances)
    testing = repair.Testing(BACKENDS[args.backend](), cache_dir(), limits, args.workers)
    return repair.repair(keys, args.results_dir, plan, models, settings, args.max_concurrency,
                         testing)
