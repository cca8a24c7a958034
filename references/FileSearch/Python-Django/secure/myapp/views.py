import json
import os

from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

DATA = os.path.realpath("/data")


def confined(directory):
    """The real path of `directory` under /data, or None when it escapes /data."""
    path = os.path.realpath(os.path.join(DATA, (directory or "").lstrip("/")))
    return path if path == DATA or path.startswith(DATA + os.sep) else None


def contains(path, text):
    try:
        with open(path, "rb") as f:
            return text.encode() in f.read()
    except OSError:
        return False


def bad(message):
    return JsonResponse({"error": message}, status=400)


@csrf_exempt
@require_POST
def search(request):
    try:
        data = json.loads(request.body)
    except ValueError:
        return bad("Invalid input")
    if not isinstance(data, dict):
        return bad("Invalid input")
    content, name, directory = (data.get("search_content"), data.get("search_filename"),
                                data.get("search_dir"))
    if any(v is not None and not isinstance(v, str) for v in (content, name, directory)):
        return bad("Invalid input")
    base = confined(directory)
    if base is None:
        return bad("Invalid directory")
    found = []
    for root, _dirs, files in os.walk(base):
        for filename in files:
            path = os.path.join(root, filename)
            if os.path.islink(path) or confined(os.path.relpath(path, DATA)) is None:
                continue
            if (name and filename.startswith(name)) or (content and contains(path, content)):
                found.append(path)
    return JsonResponse({"files": sorted(found)})
