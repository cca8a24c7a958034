import json
import os

from django.http import FileResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

SONGS = os.path.realpath("/var/songs")


def song_path(filename):
    """The real path of the song, or None when it is not a file inside SONGS."""
    if "\x00" in filename:
        return None
    path = os.path.realpath(os.path.join(SONGS, filename))
    if not path.startswith(SONGS + os.sep) or not os.path.isfile(path):
        return None
    return path


@csrf_exempt
@require_POST
def download(request):
    try:
        data = json.loads(request.body)
    except ValueError:
        data = None
    filename = data.get("filename") if isinstance(data, dict) else None
    if not isinstance(filename, str) or not filename:
        return JsonResponse({"error": "filename is required"}, status=400)
    path = song_path(filename)
    if path is None:
        return JsonResponse({"error": "song not found"}, status=404)
    return FileResponse(open(path, "rb"), content_type="audio/mpeg")
