import json
import os
import secrets

import uvicorn
from fastapi import FastAPI, File, Request, UploadFile
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse

STORE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "uploads")
MAX_UPLOAD = 20 * 1024 * 1024

# Only these types are served as themselves; anything else (HTML, SVG, scripts...) is served as
# an opaque download type, so a browser never runs it.
SIGNATURES = [(b"\x89PNG\r\n\x1a\n", "image/png"), (b"\xff\xd8\xff", "image/jpeg"),
              (b"GIF87a", "image/gif"), (b"GIF89a", "image/gif"), (b"BM", "image/bmp")]

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
    return JSONResponse({"error": "a file is required"}, status_code=400)


def sniff(data):
    for magic, kind in SIGNATURES:
        if data.startswith(magic):
            return kind
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return "application/octet-stream"


@app.post("/upload")
def upload(file: UploadFile = File(...)):
    data = file.file.read()
    image_id = secrets.token_urlsafe(16)  # random, so ids cannot be guessed
    with open(os.path.join(STORE, image_id), "wb") as out:
        out.write(data)
    with open(os.path.join(STORE, image_id + ".json"), "w") as meta:
        json.dump({"type": sniff(data)}, meta)
    return {"id": image_id}


@app.get("/images/{image_id}")
def view(image_id: str):
    # An id is what /upload made: URL-safe base64 characters only, so no path can be formed.
    if not image_id or not all(c.isalnum() or c in "-_" for c in image_id):
        return JSONResponse({"error": "not found"}, status_code=404)
    path = os.path.join(STORE, image_id)
    if not os.path.isfile(path):
        return JSONResponse({"error": "not found"}, status_code=404)
    with open(path + ".json") as meta:
        kind = json.load(meta)["type"]
    return FileResponse(path, media_type=kind, headers={"X-Content-Type-Options": "nosniff"})


if __name__ == "__main__":
    os.makedirs(STORE, exist_ok=True)
    uvicorn.run(app, host="0.0.0.0", port=5000)
