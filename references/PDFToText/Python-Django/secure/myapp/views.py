import os
import subprocess
import tempfile

from django.http import HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST


@csrf_exempt
@require_POST
def convert(request):
    upload = request.FILES.get("file")
    if getattr(request, "upload_too_large", False):
        return JsonResponse({"error": "The uploaded file is too large."}, status=413)
    if upload is None:
        return JsonResponse({"error": "Missing file."}, status=400)
    with tempfile.TemporaryDirectory() as workdir:
        # The client's file name is never used: the upload is stored under a fixed name.
        path = os.path.join(workdir, "input.pdf")
        with open(path, "wb") as f:
            for chunk in upload.chunks():
                f.write(chunk)
        with open(path, "rb") as f:
            if f.read(5) != b"%PDF-":
                return JsonResponse({"error": "The file is not a PDF."}, status=400)
        try:
            done = subprocess.run(["pdftotext", "-enc", "UTF-8", path, "-"],
                                  capture_output=True, timeout=30)
        except subprocess.TimeoutExpired:
            return JsonResponse({"error": "The conversion took too long."}, status=500)
    if done.returncode != 0:
        return JsonResponse({"error": "The file could not be converted."}, status=500)
    return HttpResponse(done.stdout.decode("utf-8", errors="replace"), content_type="text/plain")
