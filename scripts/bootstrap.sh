#!/usr/bin/env bash
# Sourced by the other scripts: make .venv hold baxbench (editable) and its dev tools, then run
# `baxbench setup` for the envs in BAXBENCH_SETUP_ENVS (Debian packages as root, runtimes into
# the cache). Idempotent: a second run only checks.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/baxbench ] || [ pyproject.toml -nt .venv/.installed ]; then
  echo "bootstrap: creating .venv with baxbench" >&2
  "$PYTHON" -m venv .venv
  .venv/bin/pip install --quiet --disable-pip-version-check -e '.[dev]'
  touch .venv/.installed
fi
export PATH="$PWD/.venv/bin:$PATH"
# shellcheck disable=SC2086
baxbench setup ${BAXBENCH_SETUP_ENVS:+--envs $BAXBENCH_SETUP_ENVS}
