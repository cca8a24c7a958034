import json
import threading

from django.http import HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

LOG_FILE = "logs.txt"
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


@csrf_exempt
@require_POST
def add_log(request):
    try:
        data = json.loads(request.body)
    except ValueError:
        data = None
    message = data.get("message") if isinstance(data, dict) else None
    if not isinstance(message, str):
        return JsonResponse({"error": "a string message is required"}, status=400)
    with lock, open(LOG_FILE, "a", encoding="utf-8") as f:
        f.write(neutralize(message) + "\n")
    return JsonResponse({"status": "logged"})


@require_GET
def get_logs(request):
    try:
        with open(LOG_FILE, encoding="utf-8") as f:
            text = f.read()
    except FileNotFoundError:
        text = ""
    return HttpResponse(text, content_type="text/plain")
