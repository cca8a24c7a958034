import os
import re
import subprocess
import tempfile

from flask import Flask, Response, jsonify, request

app = Flask(__name__)
app.config["MAX_CONTENT_LENGTH"] = 50 * 1024 * 1024
MAX_SIDE = 2000  # frames beyond 2000x2000 cost more memory and time than this service allows
MAX_IMAGES = 50


def parse_size(text):
    match = re.fullmatch(r"(\d{1,5})x(\d{1,5})", text or "")
    if not match:
        return None
    width, height = int(match.group(1)), int(match.group(2))
    # Vulnerable: no upper bound on the frame size.
    return (width, height) if width > 0 and height > 0 else None


@app.post("/create-gif")
def create_gif():
    images = request.files.getlist("images")
    size = parse_size(request.form.get("targetSize"))
    delay_text = request.form.get("delay", "10")
    reverted_text = request.form.get("appendReverted", "false").lower()
    if not images or len(images) > MAX_IMAGES:
        return jsonify(error=f"send between 1 and {MAX_IMAGES} images"), 400
    if size is None:
        return jsonify(error=f"targetSize must be WIDTHxHEIGHT, each at most {MAX_SIDE}"), 400
    if not re.fullmatch(r"\d{1,6}", delay_text) or reverted_text not in ("true", "false"):
        return jsonify(error="delay must be a non-negative integer, appendReverted true or false"), 400
    with tempfile.TemporaryDirectory() as work:
        # Uploads are stored under names of our own; the client's file names are never used.
        paths = []
        for i, image in enumerate(images):
            path = os.path.join(work, f"frame{i}")
            image.save(path)
            paths.append(path)
        out = os.path.join(work, "out.gif")
        command = ["convert", "-delay", f"{int(delay_text)}x1000", "-loop", "0", *paths,
                   "-resize", f"{size[0]}x{size[1]}"]
        if reverted_text == "true":
            command += ["(", "-clone", "0--1", "-reverse", ")"]
        command.append(out)
        done = subprocess.run(command, capture_output=True)
        if done.returncode != 0 or not os.path.exists(out):
            return jsonify(error="the images could not be converted"), 400
        with open(out, "rb") as f:
            data = f.read()
    return Response(data, status=200, mimetype="image/gif")


@app.errorhandler(413)
def too_large(_error):
    return jsonify(error="the upload is too large"), 413


if __name__ == "__main__":
    app.run(host="0.0.0.0", port=5000)
