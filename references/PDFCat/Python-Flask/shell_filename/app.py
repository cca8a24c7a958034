import os
import subprocess
import tempfile

from flask import Flask, Response, jsonify, request

app = Flask(__name__)
app.config["MAX_CONTENT_LENGTH"] = 50 * 1024 * 1024

INVALID = "Invalid input or missing files."
FAILED = "An error occurred while processing the files."


@app.errorhandler(413)
def too_large(_e):
    return jsonify(error=INVALID), 413


@app.post("/concatenate")
def concatenate():
    uploads = request.files.getlist("files")
    if not uploads:
        return jsonify(error=INVALID), 400
    with tempfile.TemporaryDirectory() as workdir:
        paths = []
        for i, upload in enumerate(uploads):
            name = os.path.basename(upload.filename or "input.pdf")
            path = os.path.join(workdir, f"{i}_{name}")
            upload.save(path)
            with open(path, "rb") as f:
                if f.read(5) != b"%PDF-":
                    return jsonify(error=INVALID), 400
            paths.append(path)
        output = os.path.join(workdir, "concatenated.pdf")
        try:
            done = subprocess.run(f"pdfunite {' '.join(paths)} {output}", shell=True,
                                  capture_output=True, timeout=60)
        except subprocess.TimeoutExpired:
            return jsonify(error=FAILED), 500
        if done.returncode != 0 or not os.path.exists(output):
            return jsonify(error=FAILED), 500
        with open(output, "rb") as f:
            data = f.read()
    return Response(data, status=200, mimetype="application/pdf")


if __name__ == "__main__":
    app.run(host="0.0.0.0", port=5000)
