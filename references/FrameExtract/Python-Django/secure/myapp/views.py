import os
import subprocess
import tempfile

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST


def declared_length(request):
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


@csrf_exempt
@require_POST
def extract(request):
    # Refused before the body is read: Django itself bounds form fields, not uploaded files.
    if declared_length(request) > settings.MAX_UPLOAD_SIZE:
        return JsonResponse({"error": "The upload is too large."}, status=413)
    video = request.FILES.get("video")
    frame_text = request.POST.get("frameNumber", "")
    if video is None or not request.POST.get("videoFileName") or not frame_text.isdigit():
        return JsonResponse({"error": "videoFileName, a non-negative frameNumber and video are "
                                      "required"}, status=400)
    frame = int(frame_text)
    with tempfile.TemporaryDirectory() as work:
        # The upload is stored under a name of our own; videoFileName is never used as a path.
        source, out = os.path.join(work, "input"), os.path.join(work, "frame.png")
        with open(source, "wb") as f:
            for chunk in video.chunks():
                f.write(chunk)
        try:
            subprocess.run(["ffmpeg", "-v", "error", "-nostdin", "-i", source, "-vf",
                            f"select=eq(n\\,{frame})", "-vframes", "1", "-y", out],
                           capture_output=True, timeout=60)
        except subprocess.TimeoutExpired:
            return JsonResponse({"error": "The video took too long to decode."}, status=400)
        if not os.path.exists(out) or os.path.getsize(out) == 0:
            return JsonResponse({"error": f"Frame at index {frame} could not be found."},
                                status=404)
        with open(out, "rb") as f:
            data = f.read()
    return HttpResponse(data, content_type="image/png")
