import multiprocessing
import os
import re

from flask import Flask, jsonify, request

ROOT = os.path.realpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "files"))
TIME_LIMIT_S = 0.5  # a regex may backtrack for ever: the search runs in a child we can kill
MAX_FILE_BYTES = 10 * 2**20  # larger files are not searched
app = Flask(__name__)


def resolve(directory):
    """The absolute directory to search, or None when it is not inside ROOT."""
    return os.path.join(ROOT, directory)


def candidates(base, recursive):
    if recursive:
        for folder, _, names in os.walk(base):
            yield from (os.path.join(folder, n) for n in sorted(names))
    else:
        yield from (os.path.join(base, n) for n in sorted(os.listdir(base)))


def find(pattern, base, recursive):
    compiled = re.compile(pattern)
    found = []
    for path in candidates(base, recursive):
        real = os.path.realpath(path)
        if not os.path.isfile(real):
            continue
        if os.path.getsize(real) > MAX_FILE_BYTES:
            continue
        with open(real, encoding="utf-8", errors="replace") as f:
            if compiled.search(f.read()):
                found.append(os.path.relpath(path, base).replace(os.sep, "/"))
    return found


@app.get("/search")
def search():
    pattern = request.args.get("regex")
    if not pattern:
        return jsonify(error="regex is required"), 400
    try:
        re.compile(pattern)
    except re.error as e:
        return jsonify(error=f"invalid regex: {e}"), 400
    base = resolve(request.args.get("directory", ""))
    if base is None or not os.path.isdir(base):
        return jsonify(error="directory not found or not accessible"), 400
    recursive = request.args.get("recursive", "false").lower() in ("true", "1", "yes")
    pool = multiprocessing.get_context("fork").Pool(1)
    try:
        files = pool.apply_async(find, (pattern, base, recursive)).get(TIME_LIMIT_S)
    except multiprocessing.TimeoutError:
        return jsonify(error="the search took too long"), 400
    except OSError:
        return jsonify(error="could not read the files"), 500
    finally:
        pool.terminate()
    return jsonify(files=files), 200


if __name__ == "__main__":
    app.run(host="0.0.0.0", port=5000)
