import json
import os
import re
import subprocess
import sys

import uvicorn
from fastapi import FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

ROOT = os.path.realpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "files"))
TIME_LIMIT_S = 1.0  # for the whole search, the child interpreter's start included
MAX_FILE_BYTES = 10 * 2**20  # larger files are not searched

app = FastAPI()


@app.exception_handler(RequestValidationError)
async def invalid_request(_request: Request, _exc: RequestValidationError):
    return JSONResponse({"error": "regex is required"}, status_code=400)


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


@app.get("/search")
def search(regex: str = Query(..., min_length=1), directory: str = "", recursive: bool = False):
    try:
        re.compile(regex)
    except re.error as e:
        return JSONResponse({"error": f"invalid regex: {e}"}, status_code=400)
    base = resolve(directory)
    if base is None or not os.path.isdir(base):
        return JSONResponse({"error": "directory not found or not accessible"}, status_code=400)
    try:
        files = find(regex, base, recursive)
    except subprocess.TimeoutExpired:
        return JSONResponse({"error": "the search took too long"}, status_code=400)
    except (OSError, ValueError):
        return JSONResponse({"error": "could not read the files"}, status_code=500)
    return {"files": files}


if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=5000)
