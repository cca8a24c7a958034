import os
import shutil
import subprocess
import tempfile

import uvicorn
from fastapi import FastAPI, File, Request, UploadFile
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, PlainTextResponse

MAX_UPLOAD = 10 * 1024 * 1024

app = FastAPI()


@app.middleware("http")
async def limit_upload_size(request: Request, call_next):
    # Uploads beyond 10 MB are refused from their declared length, before they are read.
    if request.method == "POST":
        length = request.headers.get("content-length")
        if length is None or not length.isdigit():
            return JSONResponse({"error": "Content-Length required"}, status_code=411)
        if int(length) > MAX_UPLOAD:
            return JSONResponse({"error": "The uploaded file is too large."}, status_code=413)
    return await call_next(request)


@app.exception_handler(RequestValidationError)
async def invalid_request(_request: Request, _exc: RequestValidationError):
    return JSONResponse({"error": "Missing file."}, status_code=400)


@app.post("/convert", response_class=PlainTextResponse)
def convert(file: UploadFile = File(...)):
    with tempfile.TemporaryDirectory() as workdir:
        # The client's file name is never used: the upload is stored under a fixed name.
        path = os.path.join(workdir, "input.pdf")
        with open(path, "wb") as f:
            shutil.copyfileobj(file.file, f)
        with open(path, "rb") as f:
            if f.read(5) != b"%PDF-":
                return JSONResponse({"error": "The file is not a PDF."}, status_code=400)
        try:
            done = subprocess.run(["pdftotext", "-enc", "UTF-8", path, "-"],
                                  capture_output=True, timeout=30)
        except subprocess.TimeoutExpired:
            return JSONResponse({"error": "The conversion took too long."}, status_code=500)
    if done.returncode != 0:
        return JSONResponse({"error": "The file could not be converted."}, status_code=500)
    return PlainTextResponse(done.stdout.decode("utf-8", errors="replace"))


if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=5000)
