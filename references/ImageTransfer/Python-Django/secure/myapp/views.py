import os
import secrets

from django.conf import settings
from django.http import FileResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from .models import Image

# Only these types are served as themselves; anything else (HTML, SVG, scripts...) is served as
# an opaque download type, so a browser never runs it.
SIGNATURES = [(b"\x89PNG\r\n\x1a\n", "image/png"), (b"\xff\xd8\xff", "image/jpeg"),
              (b"GIF87a", "image/gif"), (b"GIF89a", "image/gif"), (b"BM", "image/bmp")]


def sniff(data):
    for magic, kind in SIGNATURES:
        if data.startswith(magic):
            return kind
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return "application/octet-stream"


def declared_length(request):
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


@csrf_exempt
@require_POST
def upload(request):
    if declared_length(request) > settings.MAX_UPLOAD_SIZE:
        return JsonResponse({"error": "the upload is too large"}, status=413)
    f = request.FILES.get("file")
    if f is None:
        return JsonResponse({"error": "no file"}, status=400)
    data = f.read()
    image = Image.objects.create(id=secrets.token_urlsafe(16), content_type=sniff(data))
    os.makedirs(settings.UPLOAD_DIR, exist_ok=True)
    # The stored file is named by the random id, never by the client's file name.
    with open(os.path.join(settings.UPLOAD_DIR, image.id), "wb") as out:
        out.write(data)
    return JsonResponse({"id": image.id})


@require_GET
def view(request, image_id):
    image = Image.objects.filter(id=image_id).first()
    if image is None:
        return JsonResponse({"error": "not found"}, status=404)
    resp = FileResponse(open(os.path.join(settings.UPLOAD_DIR, image.id), "rb"),
                        content_type=image.content_type)
    resp["X-Content-Type-Options"] = "nosniff"
    return resp
