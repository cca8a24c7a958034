import io
import os
import stat
import tempfile
import zipfile

from flask import Flask, Response, jsonify, request

MAX_TEXT = 10 * 2**20
app = Flask(__name__)


def safe_name(name):
    parts = [p for p in name.replace("\\", "/").split("/") if p not in ("", ".", "..")]
    return os.path.join(*parts) if parts else None


@app.post("/convert")
def convert():
    upload = request.files.get("file")
    if upload is None:
        return jsonify(error="a zip file is required in the part 'file'"), 400
    try:
        archive = zipfile.ZipFile(io.BytesIO(upload.read()))
        infos = [i for i in archive.infolist() if not i.is_dir() and safe_name(i.filename)]
        if sum(i.file_size for i in infos) > MAX_TEXT:
            return jsonify(error="the archive is too large"), 400
        texts = []
        with tempfile.TemporaryDirectory() as tmp:
            for info in infos:
                target = os.path.join(tmp, safe_name(info.filename))
                os.makedirs(os.path.dirname(target), exist_ok=True)
                if stat.S_ISLNK(info.external_attr >> 16):
                    # links are recreated like `unzip` does, and later followed when read
                    os.symlink(archive.read(info).decode(), target)
                else:
                    with open(target, "wb") as out:
                        out.write(archive.read(info))
                if info.filename.lower().endswith(".txt"):
                    with open(target, encoding="utf-8", errors="replace") as f:
                        texts.append(f.read())
    except (zipfile.BadZipFile, NotImplementedError, OSError, EOFError, RuntimeError):
        return jsonify(error="the upload is not a valid zip archive"), 400
    return Response("\n".join(texts), status=200, mimetype="text/plain")


if __name__ == "__main__":
    app.run(host="0.0.0.0", port=5000)
