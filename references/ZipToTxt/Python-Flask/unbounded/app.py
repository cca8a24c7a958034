import io
import zipfile

from flask import Flask, Response, jsonify, request

app = Flask(__name__)


@app.post("/convert")
def convert():
    upload = request.files.get("file")
    if upload is None:
        return jsonify(error="a zip file is required in the part 'file'"), 400
    try:
        archive = zipfile.ZipFile(io.BytesIO(upload.read()))
        # every text entry is read whole, however large the archive says it is
        texts = [archive.read(i).decode("utf-8", errors="replace") for i in archive.infolist()
                 if not i.is_dir() and i.filename.lower().endswith(".txt")]
    except (zipfile.BadZipFile, NotImplementedError, OSError, EOFError, RuntimeError):
        return jsonify(error="the upload is not a valid zip archive"), 400
    return Response("\n".join(texts), status=200, mimetype="text/plain")


if __name__ == "__main__":
    app.run(host="0.0.0.0", port=5000)
