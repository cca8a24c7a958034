import email
from email import policy
from email.utils import parseaddr

from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

PHRASES = ("unsubscribe", "remove me", "deregister me", "stop sending me", "delete me")


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


@csrf_exempt
@require_POST
def decide_unsubscribe(request):
    msg = email.message_from_string(request.body.decode("utf-8", errors="replace"),
                                    policy=policy.default)
    # The sender is the one address the From header names, parsed as a whole header.
    _, address = parseaddr(str(msg.get("From", "")))
    text = message_text(msg).lower()
    return JsonResponse({"email": address, "unsubscribe": any(p in text for p in PHRASES)})
