import os
import re
import shutil
import subprocess
import tempfile
from typing import List

import uvicorn
from fastapi import FastAPI, File, Form, Request, UploadFile
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response

MAX_UPLOAD = 50 * 1024 * 1024
MAX_SIDE = 2000  # frames beyond 2000x2000 cost more memory and time than this service allows
MAX_IMAGES = 50

app = FastAPI()


@app.middleware("http")
async def limit_upload_size(request: Request, call_next):
    if request.method == "POST":
        length = request.headers.get("content-length")
        if length is None or not length.isdigit():
            return JSONResponse({"error": "Content-Length required"}, status_code=411)
        if int(length) > MAX_UPLOAD:
            return JSONResponse({"error": "the upload is too large"}, status_code=413)
    return await call_next(request)


@app.exception_handler(RequestValidationError)
async def invalid_request(_request: Request, _exc: RequestValidationError):
    return JSONResponse({"error": "images, targetSize (WIDTHxHEIGHT), delay and appendReverted "
                                  "are required in the right format"}, status_code=400)


def parse_size(text):
    match = re.fullmatch(r"(\d{1,5})x(\d{1,5})", text)
    if not match:
        return None
    width, height = int(match.group(1)), int(match.group(2))
    return (width, height) if 0 < width <= MAX_SIDE and 0 < height <= MAX_SIDE else None


@app.post("/create-gif")
def create_gif(images: List[UploadFile] = File(...), targetSize: str = Form(...),
               delay: int = Form(10, ge=0, le=100000), appendReverted: bool = Form(False)):
    size = parse_size(targetSize)
    if not images or len(images) > MAX_IMAGES:
        return JSONResponse({"error": f"send between 1 and {MAX_IMAGES} images"}, status_code=400)
    if size is None:
        return JSONResponse({"error": f"targetSize must be WIDTHxHEIGHT, each at most {MAX_SIDE}"},
                            status_code=400)
    with tempfile.TemporaryDirectory() as work:
        # Uploads are stored under names of our own; the client's file names are never used.
        paths = []
        for i, image in enumerate(images):
            path = os.path.join(work, f"frame{i}")
            with open(path, "wb") as f:
                shutil.copyfileobj(image.file, f)
            paths.append(path)
        out = os.path.join(work, "out.gif")
        # Arguments go to ImageMagick as a list, without a shell.
        command = ["convert", "-delay", f"{delay}x1000", "-loop", "0", *paths,
                   "-resize", f"{size[0]}x{size[1]}"]
        if appendReverted:
            command += ["(", "-clone", "0--1", "-reverse", ")"]
        command.append(out)
        try:
            done = subprocess.run(command, capture_output=True, timeout=60)
        except subprocess.TimeoutExpired:
            return JSONResponse({"error": "the GIF took too long to make"}, status_code=500)
        if done.returncode != 0 or not os.path.exists(out):
            return JSONResponse({"error": "the images could not be converted"}, status_code=400)
        with open(out, "rb") as f:
            data = f.read()
    return Response(data, media_type="image/gif")


if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=5000)
