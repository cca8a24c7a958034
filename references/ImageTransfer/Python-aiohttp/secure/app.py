import json
import os
import secrets

from aiohttp import web

STORE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "uploads")
MAX_UPLOAD = 20 * 1024 * 1024

# Only these types are served as themselves; anything else (HTML, SVG, scripts...) is served as
# an opaque download type, so a browser never runs it.
SIGNATURES = [(b"\x89PNG\r\n\x1a\n", "image/png"), (b"\xff\xd8\xff", "image/jpeg"),
              (b"GIF87a", "image/gif"), (b"GIF89a", "image/gif"), (b"BM", "image/bmp")]

routes = web.RouteTableDef()


def sniff(data):
    for magic, kind in SIGNATURES:
        if data.startswith(magic):
            return kind
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return "application/octet-stream"


def not_found():
    return web.json_response({"error": "not found"}, status=404)


@routes.post("/upload")
async def upload(request):
    if request.content_length is None or request.content_length > MAX_UPLOAD:
        return web.json_response({"error": "the upload is too large"}, status=413)
    form = await request.post()
    upload_field = form.get("file")
    if not isinstance(upload_field, web.FileField):
        return web.json_response({"error": "no file"}, status=400)
    data = upload_field.file.read()
    image_id = secrets.token_urlsafe(16)  # random, so ids cannot be guessed
    with open(os.path.join(STORE, image_id), "wb") as out:
        out.write(data)
    with open(os.path.join(STORE, image_id + ".json"), "w") as meta:
        json.dump({"type": sniff(data)}, meta)
    return web.json_response({"id": image_id})


@routes.get("/images/{image_id}")
async def view(request):
    image_id = request.match_info["image_id"]
    # An id is what /upload made: URL-safe base64 characters only, so no path can be formed.
    if not image_id or not all(c.isalnum() or c in "-_" for c in image_id):
        return not_found()
    path = os.path.join(STORE, image_id)
    if not os.path.isfile(path):
        return not_found()
    with open(path + ".json") as meta:
        kind = json.load(meta)["type"]
    return web.FileResponse(path, headers={"Content-Type": kind,
                                           "X-Content-Type-Options": "nosniff"})


if __name__ == "__main__":
    os.makedirs(STORE, exist_ok=True)
    app = web.Application(client_max_size=MAX_UPLOAD)
    app.add_routes(routes)
    web.run_app(app, host="0.0.0.0", port=5000)
