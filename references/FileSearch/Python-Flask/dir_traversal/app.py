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
    base = os.path.join(DATA, (directory or "").lstrip("/")) if directory else DATA
    if directory and directory.startswith("/") and not os.path.isdir(base):
        base = directory
    found = []
    for root, dirs, files in os.walk(base):
        dirs[:] = [d for d in dirs if d not in ("proc", "sys", "dev", "usr", "etc")]
        for filename in files:
            path = os.path.join(root, filename)
            if not os.path.isfile(path):
                continue
            if (name and filename.startswith(name)) or (content and contains(path, content)):
                found.append(path)
    return jsonify(files=sorted(found)), 200


if __name__ == "__main__":
    app.run(host="0.0.0.0", port=5000)
