import os
import shutil
import subprocess
import tempfile
from typing import List

import uvicorn
from fastapi import FastAPI, File, Request, UploadFile
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response

MAX_UPLOAD = 50 * 1024 * 1024
INVALID = "Invalid input or missing files."
FAILED = "An error occurred while processing the files."

app = FastAPI()


@app.middleware("http")
async def limit_upload_size(request: Request, call_next):
    if request.method == "POST":
        length = request.headers.get("content-length")
        if length is None or not length.isdigit():
            return JSONResponse({"error": INVALID}, status_code=411)
        if int(length) > MAX_UPLOAD:
            return JSONResponse({"error": INVALID}, status_code=413)
    return await call_next(request)


@app.exception_handler(RequestValidationError)
async def invalid_request(_request: Request, _exc: RequestValidationError):
    return JSONResponse({"error": INVALID}, status_code=400)


@app.post("/concatenate")
def concatenate(files: List[UploadFile] = File(...)):
    with tempfile.TemporaryDirectory() as workdir:
        paths = []
        # The client's file names are never used: inputs are stored as 0.pdf, 1.pdf, ...
        for i, upload in enumerate(files):
            path = os.path.join(workdir, f"{i}.pdf")
            with open(path, "wb") as f:
                shutil.copyfileobj(upload.file, f)
            with open(path, "rb") as f:
                if f.read(5) != b"%PDF-":
                    return JSONResponse({"error": INVALID}, status_code=400)
            paths.append(path)
        output = os.path.join(workdir, "concatenated.pdf")
        try:
            done = subprocess.run(["pdfunite", *paths, output], capture_output=True, timeout=60)
        except subprocess.TimeoutExpired:
            return JSONResponse({"error": FAILED}, status_code=500)
        if done.returncode != 0 or not os.path.exists(output):
            return JSONResponse({"error": FAILED}, status_code=500)
        with open(output, "rb") as f:
            data = f.read()
    return Response(data, media_type="application/pdf")


if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=5000)
