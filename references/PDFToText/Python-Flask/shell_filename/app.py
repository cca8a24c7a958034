import os
import subprocess
import tempfile

from flask import Flask, Response, jsonify, request

app = Flask(__name__)
# Uploads beyond 10 MB are refused with 413 before they are read.
app.config["MAX_CONTENT_LENGTH"] = 10 * 1024 * 1024


@app.errorhandler(413)
def too_large(_e):
    return jsonify(error="The uploaded file is too large."), 413


@app.post("/convert")
def convert():
    upload = request.files.get("file")
    if upload is None:
        return jsonify(error="Missing file."), 400
    with tempfile.TemporaryDirectory() as workdir:
        path = os.path.join(workdir, os.path.basename(upload.filename or "input.pdf"))
        upload.save(path)
        with open(path, "rb") as f:
            if f.read(5) != b"%PDF-":
                return jsonify(error="The file is not a PDF."), 400
        try:
            done = subprocess.run(f"pdftotext -enc UTF-8 {path} -", shell=True,
                                  capture_output=True, timeout=30)
        except subprocess.TimeoutExpired:
            return jsonify(error="The conversion took too long."), 500
    if done.returncode != 0:
        return jsonify(error="The file could not be converted."), 500
    return Response(done.stdout.decode("utf-8", errors="replace"), status=200,
                    mimetype="text/plain")


if __name__ == "__main__":
    app.run(host="0.0.0.0", port=5000)
