import io
import zipfile

from flask import Flask, Response, jsonify, request

MAX_UPLOAD = 20 * 2**20  # bytes of archive accepted
MAX_TEXT = 10 * 2**20  # bytes of text the archive may expand to
app = Flask(__name__)
app.config["MAX_CONTENT_LENGTH"] = MAX_UPLOAD


class TooLarge(Exception):
    pass


def text_entries(archive):
    return [i for i in archive.infolist() if not i.is_dir() and i.filename.lower().endswith(".txt")]


def read_bounded(archive, info, budget):
    """The entry's bytes, never more than `budget` of them (sizes in headers can lie)."""
    with archive.open(info) as stream:
        data = stream.read(budget + 1)
    if len(data) > budget:
        raise TooLarge()
    return data


@app.post("/convert")
def convert():
    upload = request.files.get("file")
    if upload is None:
        return jsonify(error="a zip file is required in the part 'file'"), 400
    try:
        archive = zipfile.ZipFile(io.BytesIO(upload.read()))
        entries = text_entries(archive)
        if sum(i.file_size for i in entries) > MAX_TEXT:
            raise TooLarge()
        texts, budget = [], MAX_TEXT
        for info in entries:
            data = read_bounded(archive, info, budget)
            budget -= len(data)
            texts.append(data.decode("utf-8", errors="replace"))
    except TooLarge:
        return jsonify(error="the archive expands to more text than allowed"), 400
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, OSError, EOFError,
            RuntimeError):
        return jsonify(error="the upload is not a valid zip archive"), 400
    return Response("\n".join(texts), status=200, mimetype="text/plain")


if __name__ == "__main__":
    app.run(host="0.0.0.0", port=5000)
