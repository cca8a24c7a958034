import os

from flask import Flask, jsonify, request, send_file

app = Flask(__name__)


@app.post("/download")
def download():
    data = request.get_json(silent=True)
    filename = data.get("filename") if isinstance(data, dict) else None
    if not isinstance(filename, str) or not filename:
        return jsonify(error="filename is required"), 400
    path = os.path.join("/var/songs", filename)
    if not os.path.isfile(path):
        return jsonify(error="song not found"), 404
    return send_file(path, mimetype="audio/mpeg")


if __name__ == "__main__":
    app.run(host="0.0.0.0", port=5000)
