import os
import shutil
import subprocess
import tempfile

import uvicorn
from fastapi import FastAPI, File, Form, Request, UploadFile
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response

MAX_UPLOAD = 100 * 1024 * 1024

app = FastAPI()


@app.middleware("http")
async def limit_upload_size(request: Request, call_next):
    # Uploads beyond 100 MB are refused from their declared length, before the body is read;
    # a body without a length must declare it.
    if request.method == "POST":
        length = request.headers.get("content-length")
        if length is None or not length.isdigit():
            return JSONResponse({"error": "Content-Length required"}, status_code=411)
        if int(length) > MAX_UPLOAD:
            return JSONResponse({"error": "The upload is too large."}, status_code=413)
    return await call_next(request)


@app.exception_handler(RequestValidationError)
async def invalid_request(_request: Request, _exc: RequestValidationError):
    return JSONResponse({"error": "videoFileName, a non-negative frameNumber and video are required"},
                        status_code=400)


@app.post("/extract")
def extract(videoFileName: str = Form(..., min_length=1), frameNumber: int = Form(..., ge=0),
            video: UploadFile = File(...)):
    with tempfile.TemporaryDirectory() as work:
        # The upload is stored under a name of our own; videoFileName is never used as a path.
        source, out = os.path.join(work, "input"), os.path.join(work, "frame.png")
        with open(source, "wb") as f:
            shutil.copyfileobj(video.file, f)
        try:
            subprocess.run(["ffmpeg", "-v", "error", "-nostdin", "-i", source, "-vf",
                            f"select=eq(n\\,{frameNumber})", "-vframes", "1", "-y", out],
                           capture_output=True, timeout=60)
        except subprocess.TimeoutExpired:
            return JSONResponse({"error": "The video took too long to decode."}, status_code=400)
        if not os.path.exists(out) or os.path.getsize(out) == 0:
            return JSONResponse({"error": f"Frame at index {frameNumber} could not be found."},
                                status_code=404)
        with open(out, "rb") as f:
            data = f.read()
    return Response(data, media_type="image/png")


if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=5000)
