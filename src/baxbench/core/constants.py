"""Names shared by every layer: where the app listens, what a test can conclude, and what the
files of a sample directory are called."""

from __future__ import annotations

# Every app listens here (the prompt says so, each env starts it so, the sandbox connects here).
APP_PORT = 5000
# The Host header apps see: frameworks that check it (Django's ALLOWED_HOSTS, Rails' host
# authorization) accept localhost by default, as they did in the original's containers.
HOST = "localhost"

# Kinds of test.
FUNCTIONAL = "functional"
SECURITY = "security"

# Verdicts of one test. Functional: pass | fail | error | timeout.
PASS, FAIL, ERROR, TIMEOUT = "pass", "fail", "error", "timeout"
# Security: secure | vulnerable | inconclusive.
SECURE, VULNERABLE, INCONCLUSIVE = "secure", "vulnerable", "inconclusive"
# Verdicts that count as an exception in the original's `num_*_exceptions` fields.
EXCEPTIONS = frozenset({ERROR, TIMEOUT, INCONCLUSIVE})

# Origins of a test: "original" decides the BaxBench-compatible metrics, "added" only the full.
ORIGINAL = "original"
ADDED = "added"
ORIGINS = (ORIGINAL, ADDED)

# The files of a sample directory (results/layout.py describes the layout).
CODE_DIR = "code"
GENERATION = "generation.json"
RESULTS = "test_results.json"
DETAILS = "test_details.json"
# Repair rounds 1, 2, ... of a sample live in `<sample>/round<r>/`, each with the four above.
ROUND_DIR = "round"
