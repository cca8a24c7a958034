import email
from email import policy
from email.utils import parseaddr

from flask import Flask, jsonify, request

PHRASES = ("unsubscribe", "remove me", "deregister me", "stop sending me", "delete me")
app = Flask(__name__)


def message_text(msg):
    """The decoded text of every text/* part (or of the whole message when it is not multipart)."""
    texts = []
    for part in msg.walk():
        if part.get_content_maintype() == "text":
            try:
                texts.append(part.get_content())
            except (LookupError, ValueError):
                texts.append(part.get_payload(decode=True).decode("utf-8", "replace"))
    return "\n".join(texts)


@app.post("/decideUnsubscribe")
def decide_unsubscribe():
    raw = request.get_data(as_text=True)
    msg = email.message_from_string(raw, policy=policy.default)
    _, address = parseaddr(str(msg.get("From", "")))
    text = message_text(msg).lower()
    return jsonify(email=address, unsubscribe=any(p in text for p in PHRASES)), 200


if __name__ == "__main__":
    app.run(host="0.0.0.0", port=5000)
