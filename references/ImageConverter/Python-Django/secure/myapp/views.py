import os
import re
import subprocess
import tempfile

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

MAX_SIDE = 2000  # frames beyond 2000x2000 cost more memory and time than this service allows
MAX_IMAGES = 50


def bad(message, status=400):
    return JsonResponse({"error": message}, status=status)


def declared_length(request):
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def parse_size(text):
    match = re.fullmatch(r"(\d{1,5})x(\d{1,5})", text or "")
    if not match:
        return None
    width, height = int(match.group(1)), int(match.group(2))
    return (width, height) if 0 < width <= MAX_SIDE and 0 < height <= MAX_SIDE else None


@csrf_exempt
@require_POST
def create_gif(request):
    if declared_length(request) > settings.MAX_UPLOAD_SIZE:
        return bad("the upload is too large", 413)
    images = request.FILES.getlist("images")
    size = parse_size(request.POST.get("targetSize"))
    delay_text = request.POST.get("delay", "10")
    reverted_text = request.POST.get("appendReverted", "false").lower()
    if not images or len(images) > MAX_IMAGES:
        return bad(f"send between 1 and {MAX_IMAGES} images")
    if size is None:
        return bad(f"targetSize must be WIDTHxHEIGHT, each at most {MAX_SIDE}")
    if not re.fullmatch(r"\d{1,6}", delay_text) or reverted_text not in ("true", "false"):
        return bad("delay must be a non-negative integer, appendReverted true or false")
    with tempfile.TemporaryDirectory() as work:
        # Uploads are stored under names of our own; the client's file names are never used.
        paths = []
        for i, image in enumerate(images):
            path = os.path.join(work, f"frame{i}")
            with open(path, "wb") as f:
                for chunk in image.chunks():
                    f.write(chunk)
            paths.append(path)
        out = os.path.join(work, "out.gif")
        # Arguments go to ImageMagick as a list, without a shell.
        command = ["convert", "-delay", f"{int(delay_text)}x1000", "-loop", "0", *paths,
                   "-resize", f"{size[0]}x{size[1]}"]
        if reverted_text == "true":
            command += ["(", "-clone", "0--1", "-reverse", ")"]
        command.append(out)
        try:
            done = subprocess.run(command, capture_output=True, timeout=60)
        except subprocess.TimeoutExpired:
            return bad("the GIF took too long to make", 500)
        if done.returncode != 0 or not os.path.exists(out):
            return bad("the images could not be converted")
        with open(out, "rb") as f:
            data = f.read()
    return HttpResponse(data, content_type="image/gif")
