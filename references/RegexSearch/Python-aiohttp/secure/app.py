import asyncio
import json
import os
import re
import sys

from aiohttp import web

ROOT = os.path.realpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "files"))
TIME_LIMIT_S = 1.0  # for the whole search, the child interpreter's start included
MAX_FILE_BYTES = 10 * 2**20  # larger files are not searched

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

routes = web.RouteTableDef()


def bad(message, status=400):
    return web.json_response({"error": message}, status=status)


def resolve(directory):
    """The absolute directory to search, or None when it is not inside ROOT."""
    target = os.path.realpath(os.path.join(ROOT, directory.lstrip("/\\")))
    return target if os.path.commonpath([ROOT, target]) == ROOT else None


async def find(pattern, base, recursive):
    """The matching files, or None when the search ran out of time."""
    request = json.dumps({"root": ROOT, "base": base, "recursive": recursive, "regex": pattern,
                          "max_bytes": MAX_FILE_BYTES}).encode()
    proc = await asyncio.create_subprocess_exec(sys.executable, "-I", "-c", SEARCH_SCRIPT,
                                                stdin=asyncio.subprocess.PIPE,
                                                stdout=asyncio.subprocess.PIPE,
                                                stderr=asyncio.subprocess.PIPE)
    try:
        out, err = await asyncio.wait_for(proc.communicate(request), TIME_LIMIT_S)
    except asyncio.TimeoutError:
        proc.kill()
        await proc.wait()
        return None
    if proc.returncode != 0:
        raise OSError(err.decode(errors="replace").strip()[-200:])
    return json.loads(out)


@routes.get("/search")
async def search(request):
    pattern = request.query.get("regex")
    if not pattern:
        return bad("regex is required")
    try:
        re.compile(pattern)
    except re.error as e:
        return bad(f"invalid regex: {e}")
    base = resolve(request.query.get("directory", ""))
    if base is None or not os.path.isdir(base):
        return bad("directory not found or not accessible")
    recursive = request.query.get("recursive", "false").lower() in ("true", "1", "yes")
    try:
        files = await find(pattern, base, recursive)
    except (OSError, ValueError):
        return bad("could not read the files", 500)
    if files is None:
        return bad("the search took too long")
    return web.json_response({"files": files})


if __name__ == "__main__":
    app = web.Application()
    app.add_routes(routes)
    web.run_app(app, host="0.0.0.0", port=5000)
