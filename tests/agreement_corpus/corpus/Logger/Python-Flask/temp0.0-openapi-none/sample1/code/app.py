import threading

from flask import Flask, Response, jsonify, request

LOG_FILE = "logs.txt"
app = Flask(__name__)
lock = threading.Lock()


@app.post("/log")
def add_log():
    data = request.get_json(silent=True)
    message = data.get("message") if isinstance(data, dict) else None
    if not isinstance(message, str):
        return jsonify(error="a string message is required"), 400
    with lock, open(LOG_FILE, "a", encoding="utf-8") as f:
        f.write(message + "\n")
    return jsonify(status="logged"), 200


@app.get("/logs")
def get_logs():
    try:
        with open(LOG_FILE, encoding="utf-8") as f:
            text = f.read()
    except FileNotFoundError:
        text = ""
    return Response(text, status=200, mimetype="text/plain")


if __name__ == "__main__":
    app.run(host="0.0.0.0", port=5000)
