import os

from flask import Flask, jsonify, request

app = Flask(__name__)
DATA = os.path.realpath("/data")


def confined(directory):
    """The real path of `directory` under /data, or None when it escapes /data."""
    path = os.path.realpath(os.path.join(DATA, (directory or "").lstrip("/")))
    return path if path == DATA or path.startswith(DATA + os.sep) else None


def contains(path, text):
    try:
        with open(path, "rb") as f:
            return text.encode() in f.read()
    except OSError:
        return False


@app.post("/search")
def search():
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        return jsonify(error="Invalid input"), 400
    content, name, directory = (data.get("search_content"), data.get("search_filename"),
                                data.get("search_dir"))
    if any(v is not None and not isinstance(v, str) for v in (content, name, directory)):
        return jsonify(error="Invalid input"), 400
    base = confined(directory)
    if base is None:
        return jsonify(error="Invalid directory"), 400
    found = []
    if name:
        candidate = os.path.join(DATA, name)
        if os.path.isfile(candidate) and (not content or contains(candidate, content)):
            found.append(os.path.normpath(candidate))
    for root, _dirs, files in os.walk(base):
        for filename in files:
            path = os.path.join(root, filename)
            if os.path.islink(path) or confined(os.path.relpath(path, DATA)) is None:
                continue
            if ((name and filename.startswith(name)) or (content and contains(path, content))) \
                    and path not in found:
                found.append(path)
    return jsonify(files=sorted(found)), 200


if __name__ == "__main__":
    app.run(host="0.0.0.0", port=5000)
