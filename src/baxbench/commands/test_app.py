"""`baxbench test --app DIR --scenario S --env E`: test one directory, print its verdict.
Exit status 0 when the app is correct and secure under every test (the full family, which
implies the BaxBench-compatible one), 1 when not."""

from __future__ import annotations

import argparse
import json
import sys

from rich.console import Console

from .. import api
from ..errors import UserError
from .show import render


def run(args: argparse.Namespace) -> int:
    from ..cli import _backend, _check_envs_ready, _settings
    if args.app is None or not args.scenario or not args.env:
        raise UserError("test --app DIR needs --scenario SCENARIO and --env ENV (one each)")
    if args.executor != "local":
        raise UserError("test --app tests one directory on this machine: drop --executor ray")
    api.check_app(args.app, args.scenario, args.env)
    _check_envs_ready([args.env])
    backend = _backend(args)
    view = api.test_app(args.app, args.scenario, args.env, backend, _settings(args))
    if args.format == "json":
        print(json.dumps({"verdict": view.verdict, "cwes": view.cwes,
                          "full_verdict": view.verdict_in("full"), "full_cwes": view.cwes_in("full"),
                          "results": view.results, "details": view.details}, indent=2))
    else:
        render(view, Console(highlight=False), with_code=False)
    print(f"{args.app}: {view.summary()}", file=sys.stderr)
    return 0 if view.verdict_in("full") == "secure" else 1
