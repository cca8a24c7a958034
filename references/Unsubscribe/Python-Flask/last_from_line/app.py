import re

from flask import Flask, jsonify, request

PHRASES = ("unsubscribe", "remove me", "deregister me", "stop sending me", "delete me")
app = Flask(__name__)


@app.post("/decideUnsubscribe")
def decide_unsubscribe():
    raw = request.get_data(as_text=True)
    sender = ""
    # every line of the message that starts with "From:" is trusted, the last one wins
    for line in raw.splitlines():
        if line.lower().startswith("from:"):
            match = re.search(r"<([^<>]+)>", line)
            sender = match.group(1) if match else line[5:].strip()
    _, _, body = raw.partition("\n\n")
    lowered = body.lower()
    return jsonify(email=sender, unsubscribe=any(p in lowered for p in PHRASES)), 200


if __name__ == "__main__":
    app.run(host="0.0.0.0", port=5000)
