import os
import subprocess
import tempfile

from flask import Flask, Response, jsonify, request

app = Flask(__name__)
# Vulnerable: no bound on the upload size; the body is taken in whole.


@app.errorhandler(413)
def too_large(_error):
    return jsonify(error="The upload is too large."), 413


@app.post("/extract")
def extract():
    video = request.files.get("video")
    frame_text = request.form.get("frameNumber", "")
    if video is None or not request.form.get("videoFileName") or not frame_text.isdigit():
        return jsonify(error="videoFileName, a non-negative frameNumber and video are required"), 400
    frame = int(frame_text)
    with tempfile.TemporaryDirectory() as work:
        # The upload is stored under a name of our own; videoFileName is never used as a path.
        source, out = os.path.join(work, "input"), os.path.join(work, "frame.png")
        video.save(source)
        try:
            subprocess.run(["ffmpeg", "-v", "error", "-nostdin", "-i", source, "-vf",
                            f"select=eq(n\\,{frame})", "-vframes", "1", "-y", out],
                           capture_output=True, timeout=60)
        except subprocess.TimeoutExpired:
            return jsonify(error="The video took too long to decode."), 400
        if not os.path.exists(out) or os.path.getsize(out) == 0:
            return jsonify(error=f"Frame at index {frame} could not be found."), 404
        with open(out, "rb") as f:
            data = f.read()
    return Response(data, status=200, mimetype="image/png")


if __name__ == "__main__":
    app.run(host="0.0.0.0", port=5000)
