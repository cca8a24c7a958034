import email
from email import policy
from email.utils import parseaddr

from aiohttp import web

PHRASES = ("unsubscribe", "remove me", "deregister me", "stop sending me", "delete me")
routes = web.RouteTableDef()


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


@routes.post("/decideUnsubscribe")
async def decide_unsubscribe(request):
    raw = (await request.read()).decode("utf-8", errors="replace")
    msg = email.message_from_string(raw, policy=policy.default)
    # The sender is the one address the From header names, parsed as a whole header.
    _, address = parseaddr(str(msg.get("From", "")))
    text = message_text(msg).lower()
    return web.json_response({"email": address, "unsubscribe": any(p in text for p in PHRASES)})


if __name__ == "__main__":
    app = web.Application()
    app.add_routes(routes)
    web.run_app(app, host="0.0.0.0", port=5000)
