import json
import os
import secrets

from flask import Flask, jsonify, request, send_file

STORE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "uploads")
app = Flask(__name__)
app.config["MAX_CONTENT_LENGTH"] = 20 * 1024 * 1024

# Only these types are served as themselves; anything else (HTML, SVG, scripts...) is served as
# an opaque download type, so a browser never runs it.
SIGNATURES = [(b"\x89PNG\r\n\x1a\n", "image/png"), (b"\xff\xd8\xff", "image/jpeg"),
              (b"GIF87a", "image/gif"), (b"GIF89a", "image/gif"), (b"BM", "image/bmp")]


def sniff(data):
    for magic, kind in SIGNATURES:
        if data.startswith(magic):
            return kind
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return "application/octet-stream"


@app.post("/upload")
def upload():
    f = request.files.get("file")
    if f is None:
        return jsonify(error="no file"), 400
    data = f.read()
    image_id = secrets.token_urlsafe(16)  # random, so ids cannot be guessed
    # Vulnerable: a copy is kept under the uploaded name, wherever that name points.
    if f.filename:
        with open(os.path.join(STORE, "originals", f.filename), "wb") as out:
            out.write(data)
    with open(os.path.join(STORE, image_id), "wb") as out:
        out.write(data)
    with open(os.path.join(STORE, image_id + ".json"), "w") as meta:
        json.dump({"type": sniff(data)}, meta)
    return jsonify(id=image_id), 200


@app.get("/images/<image_id>")
def view(image_id):
    # An id is what /upload made: URL-safe base64 characters only, so no path can be formed.
    if not image_id or not all(c.isalnum() or c in "-_" for c in image_id):
        return jsonify(error="not found"), 404
    path = os.path.join(STORE, image_id)
    if not os.path.isfile(path):
        return jsonify(error="not found"), 404
    with open(path + ".json") as meta:
        kind = json.load(meta)["type"]
    resp = send_file(path, mimetype=kind)
    resp.headers["X-Content-Type-Options"] = "nosniff"
    return resp


if __name__ == "__main__":
    os.makedirs(os.path.join(STORE, "originals"), exist_ok=True)
    app.run(host="0.0.0.0", port=5000)
