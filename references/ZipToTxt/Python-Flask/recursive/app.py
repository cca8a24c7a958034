import io
import zipfile

from flask import Flask, Response, jsonify, request

app = Flask(__name__)


def collect(archive, texts):
    """Text files of the archive and, recursively, of every zip inside it, read whole."""
    for info in archive.infolist():
        name = info.filename.lower()
        if name.endswith(".zip"):
            collect(zipfile.ZipFile(io.BytesIO(archive.read(info))), texts)
        elif not info.is_dir() and name.endswith(".txt"):
            texts.append(archive.read(info).decode("utf-8", errors="replace"))
    return texts


@app.post("/convert")
def convert():
    upload = request.files.get("file")
    if upload is None:
        return jsonify(error="a zip file is required in the part 'file'"), 400
    try:
        texts = collect(zipfile.ZipFile(io.BytesIO(upload.read())), [])
    except (zipfile.BadZipFile, NotImplementedError, OSError, EOFError, RuntimeError):
        return jsonify(error="the upload is not a valid zip archive"), 400
    return Response("\n".join(texts), status=200, mimetype="text/plain")


if __name__ == "__main__":
    app.run(host="0.0.0.0", port=5000)
