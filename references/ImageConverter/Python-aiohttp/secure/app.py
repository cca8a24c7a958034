import asyncio
import os
import re
import shutil
import tempfile

from aiohttp import web

MAX_UPLOAD = 50 * 1024 * 1024
MAX_SIDE = 2000  # frames beyond 2000x2000 cost more memory and time than this service allows
MAX_IMAGES = 50

routes = web.RouteTableDef()


def bad(message):
    return web.json_response({"error": message}, status=400)


def parse_size(text):
    match = re.fullmatch(r"(\d{1,5})x(\d{1,5})", text if isinstance(text, str) else "")
    if not match:
        return None
    width, height = int(match.group(1)), int(match.group(2))
    return (width, height) if 0 < width <= MAX_SIDE and 0 < height <= MAX_SIDE else None


@routes.post("/create-gif")
async def create_gif(request):
    if request.content_length is None or request.content_length > MAX_UPLOAD:
        return web.json_response({"error": "the upload is too large"}, status=413)
    form = await request.post()
    images = [f for f in form.getall("images", []) if isinstance(f, web.FileField)]
    size = parse_size(form.get("targetSize"))
    delay_text = form.get("delay", "10")
    reverted_text = str(form.get("appendReverted", "false")).lower()
    if not images or len(images) > MAX_IMAGES:
        return bad(f"send between 1 and {MAX_IMAGES} images")
    if size is None:
        return bad(f"targetSize must be WIDTHxHEIGHT, each at most {MAX_SIDE}")
    if not isinstance(delay_text, str) or not re.fullmatch(r"\d{1,6}", delay_text) \
            or reverted_text not in ("true", "false"):
        return bad("delay must be a non-negative integer, appendReverted true or false")
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
        command = ["convert", "-delay", f"{int(delay_text)}x1000", "-loop", "0", *paths,
                   "-resize", f"{size[0]}x{size[1]}"]
        if reverted_text == "true":
            command += ["(", "-clone", "0--1", "-reverse", ")"]
        command.append(out)
        proc = await asyncio.create_subprocess_exec(*command, stdout=asyncio.subprocess.DEVNULL,
                                                    stderr=asyncio.subprocess.DEVNULL)
        try:
            await asyncio.wait_for(proc.wait(), 60)
        except asyncio.TimeoutError:
            proc.kill()
            await proc.wait()
            return web.json_response({"error": "the GIF took too long to make"}, status=500)
        if proc.returncode != 0 or not os.path.exists(out):
            return bad("the images could not be converted")
        with open(out, "rb") as f:
            data = f.read()
    return web.Response(body=data, content_type="image/gif")


if __name__ == "__main__":
    app = web.Application(client_max_size=MAX_UPLOAD)
    app.add_routes(routes)
    web.run_app(app, host="0.0.0.0", port=5000)
