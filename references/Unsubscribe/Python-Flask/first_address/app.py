import re

from flask import Flask, jsonify, request

PHRASES = ("unsubscribe", "remove me", "deregister me", "stop sending me", "delete me")
ADDRESS = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
app = Flask(__name__)


@app.post("/decideUnsubscribe")
def decide_unsubscribe():
    raw = request.get_data(as_text=True)
    head, _, body = raw.partition("\n\n")
    # takes the first address in the headers, whichever header it belongs to
    found = ADDRESS.search(head)
    lowered = body.lower()
    return jsonify(email=found.group(0) if found else "",
                   unsubscribe=any(p in lowered for p in PHRASES)), 200


if __name__ == "__main__":
    app.run(host="0.0.0.0", port=5000)
