import os
import subprocess
import tempfile

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

INVALID = "Invalid input or missing files."
FAILED = "An error occurred while processing the files."


def declared_length(request):
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


@csrf_exempt
@require_POST
def concatenate(request):
    if declared_length(request) > settings.MAX_UPLOAD_SIZE:
        return JsonResponse({"error": INVALID}, status=413)
    uploads = request.FILES.getlist("files")
    if not uploads:
        return JsonResponse({"error": INVALID}, status=400)
    with tempfile.TemporaryDirectory() as workdir:
        paths = []
        # The client's file names are never used: inputs are stored as 0.pdf, 1.pdf, ...
        for i, upload in enumerate(uploads):
            path = os.path.join(workdir, f"{i}.pdf")
            with open(path, "wb") as f:
                for chunk in upload.chunks():
                    f.write(chunk)
            with open(path, "rb") as f:
                if f.read(5) != b"%PDF-":
                    return JsonResponse({"error": INVALID}, status=400)
            paths.append(path)
        output = os.path.join(workdir, "concatenated.pdf")
        try:
            done = subprocess.run(["pdfunite", *paths, output], capture_output=True, timeout=60)
        except subprocess.TimeoutExpired:
            return JsonResponse({"error": FAILED}, status=500)
        if done.returncode != 0 or not os.path.exists(output):
            return JsonResponse({"error": FAILED}, status=500)
        with open(output, "rb") as f:
            data = f.read()
    return HttpResponse(data, content_type="application/pdf")
