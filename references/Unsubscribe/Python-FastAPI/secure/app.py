import email
from email import policy
from email.utils import parseaddr

import uvicorn
from fastapi import FastAPI, Request

PHRASES = ("unsubscribe", "remove me", "deregister me", "stop sending me", "delete me")
app = FastAPI()


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
async def decide_unsubscribe(request: Request):
    raw = (await request.body()).decode("utf-8", errors="replace")
    msg = email.message_from_string(raw, policy=policy.default)
    # The sender is the one address the From header names, parsed as a whole header.
    _, address = parseaddr(str(msg.get("From", "")))
    text = message_text(msg).lower()
    return {"email": address, "unsubscribe": any(p in text for p in PHRASES)}


if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=5000)
