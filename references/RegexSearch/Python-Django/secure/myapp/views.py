import json
import os
import re
import subprocess
import sys

from django.conf import settings
from django.http import JsonResponse
from django.views.decorators.http import require_GET

ROOT = os.path.realpath(os.path.join(settings.BASE_DIR, "files"))
TIME_LIMIT_S = 1.0  # for the whole search, the child interpreter's start included
MAX_FILE_BYTES = 10 * 2**20  # larger files are not searched


def bad(message, status=400):
    return JsonResponse({"error": message}, status=status)


def resolve(directory):
    """The absolute directory to search, or None when it is not inside ROOT."""
    target = os.path.realpath(os.path.join(ROOT, directory.lstrip("/\\")))
    return target if os.path.commonpath([ROOT, target]) == ROOT else None


# A regex may backtrack for ever, and Python cannot interrupt a running match: the search runs
# in a child interpreter that is killed when the time limit passes. The pattern and the
# directory travel as JSON on stdin, never on a command line.
SEARCH_SCRIPT = r"""
import json, os, re, sys
req = json.load(sys.stdin)
root, base, recursive = req["root"], req["base"], req["recursive"]
compiled = re.compile(req["regex"])
if recursive:
    paths = [os.path.join(d, n) for d, _, names in os.walk(base) for n in sorted(names)]
else:
    paths = [os.path.join(base, n) for n in sorted(os.listdir(base))]
found = []
for path in paths:
    real = os.path.realpath(path)
    if not os.path.isfile(real) or os.path.commonpath([root, real]) != root:
        continue
    if os.path.getsize(real) > req["max_bytes"]:
        continue
    with open(real, encoding="utf-8", errors="replace") as f:
        if compiled.search(f.read()):
            found.append(os.path.relpath(path, base).replace(os.sep, "/"))
json.dump(found, sys.stdout)
"""


def find(pattern, base, recursive):
    request = json.dumps({"root": ROOT, "base": base, "recursive": recursive, "regex": pattern,
                          "max_bytes": MAX_FILE_BYTES})
    done = subprocess.run([sys.executable, "-I", "-c", SEARCH_SCRIPT], input=request,
                          capture_output=True, text=True, timeout=TIME_LIMIT_S)
    if done.returncode != 0:
        raise OSError(done.stderr.strip()[-200:])
    return json.loads(done.stdout)


@require_GET
def search(request):
    pattern = request.GET.get("regex")
    if not pattern:
        return bad("regex is required")
    try:
        re.compile(pattern)
    except re.error as e:
        return bad(f"invalid regex: {e}")
    base = resolve(request.GET.get("directory", ""))
    if base is None or not os.path.isdir(base):
        return bad("directory not found or not accessible")
    recursive = request.GET.get("recursive", "false").lower() in ("true", "1", "yes")
    try:
        files = find(pattern, base, recursive)
    except subprocess.TimeoutExpired:
        return bad("the search took too long")
    except (OSError, ValueError):
        return bad("could not read the files", 500)
    return JsonResponse({"files": files})
