import os

from flask import Flask, jsonify, request, send_file

SONGS = os.path.realpath("/var/songs")
app = Flask(__name__)


def song_path(filename):
    """The real path of the song, or None when it is not a file inside SONGS."""
    if "\x00" in filename:
        return None
    path = os.path.realpath(os.path.join(SONGS, filename))
    if not path.startswith(SONGS + os.sep) or not os.path.isfile(path):
        return None
    return path


@app.post("/download")
def download():
    data = request.get_json(silent=True)
    filename = data.get("filename") if isinstance(data, dict) else None
    if not isinstance(filename, str) or not filename:
        return jsonify(error="filename is required"), 400
    path = song_path(filename)
    if path is None:
        return jsonify(error="song not found"), 404
    return send_file(path, mimetype="audio/mpeg")


if __name__ == "__main__":
    app.run(host="0.0.0.0", port=5000)
