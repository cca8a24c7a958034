import threading

from flask import Flask, Response, jsonify, request

LOG_FILE = "logs.txt"
app = Flask(__name__)
lock = threading.Lock()


def neutralize(message: str) -> str:
    """One message, one line: escape backslashes and every control character."""
    out = []
    for ch in message.replace("\\", "\\\\"):
        if ch == "\n":
            out.append("\\n")
        elif ch == "\r":
            out.append("\\r")
        elif ord(ch) < 32 or ch in "\x7f\x85\u2028\u2029":
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return "".join(out)


@app.post("/log")
def add_log():
    data = request.get_json(silent=True)
    message = data.get("message") if isinstance(data, dict) else None
    if not isinstance(message, str):
        return jsonify(error="a string message is required"), 400
    with lock, open(LOG_FILE, "a", encoding="utf-8") as f:
        f.write(neutralize(message) + "\n")
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
