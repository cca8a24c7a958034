"""`--agent` on generate and run: check the models can call tools, and wire the agent loop
(generation/agent.py) to its sandboxed tools (execution/agent_tools.py)."""

from __future__ import annotations

import argparse
import dataclasses
from typing import Any

from .. import api
from ..core.layout import SampleKey
from ..envs import ENVS, cache_dir
from ..errors import UserError
from ..execution.agent_tools import AgentToolbox
from ..generation.agent import AgentLimits, AgentMode
from ..generation.providers import is_api_model


def agent_settings(args: argparse.Namespace, selection: Any, settings: Any) -> Any:
    """`settings` with agent mode on; UserError when a model cannot do it or an env is not
    ready."""
    offline = [m for m in selection.models if not is_api_model(m)]
    if offline:
        raise UserError(f"--agent needs API models with tool calling (openai/..., "
                        f"anthropic/...): {offline[0]!r} is an offline model without tools")
    if getattr(args, "backend", "bwrap") != "bwrap":
        raise UserError("--agent runs the model's commands and app while it works: it needs "
                        "--backend bwrap")
    api.ensure_ready(selection.envs)
    backend = api.default_backend()
    cache = cache_dir()

    def toolbox(key: SampleKey) -> AgentToolbox:
        return AgentToolbox(key.scenario, ENVS[key.env], backend, cache)

    limits = AgentLimits(args.max_steps, args.agent_max_tokens, args.agent_timeout)
    return dataclasses.replace(settings, agent=AgentMode(toolbox, limits))
