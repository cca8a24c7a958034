#!/bin/sh
# Run BaxBench as an Inspect AI eval (needs: pip install 'baxbench[inspect]', a provisioned env
# (`baxbench setup --envs Python-Flask`, as root), and the model's API key, e.g. OPENAI_API_KEY).
# The task is found by name through baxbench's `inspect_ai` entry point.
#
#   examples/inspect_eval.sh [MODEL]        # default openai/gpt-4o-mini
#
# Logs go to ./logs; `inspect view` browses them (per-sample scores, tests and exploit evidence).
set -eu
MODEL="${1:-openai/gpt-4o-mini}"
exec inspect eval baxbench/baxbench --model "$MODEL" \
    -T scenarios=Login,Calculator -T envs=Python-Flask,JavaScript-express \
    -T spec_type=openapi -T safety_prompt=none -T suite=compatible -T workers=2 \
    --max-samples 4
