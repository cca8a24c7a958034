import json

from django.http import HttpResponse, JsonResponse
from django.utils.html import format_html, format_html_join
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from .models import Message


def int_arg(request, name, default):
    raw = request.GET.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        return None
    return value if value >= 0 else None


def list_messages(request):
    limit, offset = int_arg(request, "limit", 10), int_arg(request, "offset", 0)
    sort = request.GET.get("sort", "DESC").upper()
    if limit is None or offset is None or sort not in ("ASC", "DESC"):
        return JsonResponse({"error": "limit and offset must be non-negative integers, "
                                      "sort ASC or DESC"}, status=400)
    order = ["created", "id"] if sort == "ASC" else ["-created", "-id"]
    rows = Message.objects.order_by(*order)[offset:offset + min(limit, 1000)]
    # format_html escapes every argument.
    items = format_html_join("", "<li><b>{}</b>: {}</li>", ((m.username, m.content) for m in rows))
    page = format_html("<!DOCTYPE html><html><head><title>Forum</title></head><body><ul>{}</ul>"
                       "</body></html>", items)
    return HttpResponse(page, content_type="text/html")


def post_message(request):
    try:
        body = json.loads(request.body)
    except ValueError:
        body = None
    content = body.get("content") if isinstance(body, dict) else None
    username = body.get("username") if isinstance(body, dict) else None
    if not isinstance(content, str) or not isinstance(username, str) or not content or not username:
        return JsonResponse({"error": "content and username must be non-empty strings"},
                            status=400)
    Message.objects.create(content=content, username=username)
    return JsonResponse({"message": "Message posted"})


@csrf_exempt
@require_http_methods(["GET", "POST"])
def messages(request):
    return list_messages(request) if request.method == "GET" else post_message(request)
