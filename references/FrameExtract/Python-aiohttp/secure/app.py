import asyncio
import os
import tempfile

from aiohttp import web

MAX_UPLOAD = 100 * 1024 * 1024
CHUNK = 1024 * 1024
routes = web.RouteTableDef()


async def save_part(part, path, budget):
    """Stream a multipart file part to `path`; the number of bytes written, or None past budget."""
    size = 0
    with open(path, "wb") as f:
        while chunk := await part.read_chunk(CHUNK):
            size += len(chunk)
            if size > budget:
                return None
            f.write(chunk)
    return size


async def ffmpeg(*args):
    proc = await asyncio.create_subprocess_exec("ffmpeg", *args, stdout=asyncio.subprocess.DEVNULL,
                                                stderr=asyncio.subprocess.DEVNULL)
    try:
        await asyncio.wait_for(proc.wait(), 60)
    except asyncio.TimeoutError:
        proc.kill()
        await proc.wait()
        return False
    return True


@routes.post("/extract")
async def extract(request):
    # Uploads beyond 100 MB are refused from their declared length, before the body is read,
    # and the streamed size is checked again while it is written.
    if request.content_length is None or request.content_length > MAX_UPLOAD:
        return web.json_response({"error": "The upload is too large."}, status=413)
    fields = {}
    with tempfile.TemporaryDirectory() as work:
        # The upload is stored under a name of our own; videoFileName is never used as a path.
        source, out = os.path.join(work, "input"), os.path.join(work, "frame.png")
        has_video = False
        try:
            reader = await request.multipart()
        except (AssertionError, ValueError):
            return web.json_response({"error": "a multipart form is required"}, status=400)
        async for part in reader:
            if part.name == "video" and not has_video:
                if await save_part(part, source, MAX_UPLOAD) is None:
                    return web.json_response({"error": "The upload is too large."}, status=413)
                has_video = True
            elif part.name in ("videoFileName", "frameNumber"):
                fields[part.name] = (await part.text())[:1000]
        frame_text = fields.get("frameNumber", "")
        if not has_video or not fields.get("videoFileName") or not frame_text.isdigit():
            return web.json_response(
                {"error": "videoFileName, a non-negative frameNumber and video are required"},
                status=400)
        frame = int(frame_text)
        if not await ffmpeg("-v", "error", "-nostdin", "-i", source, "-vf",
                            f"select=eq(n\\,{frame})", "-vframes", "1", "-y", out):
            return web.json_response({"error": "The video took too long to decode."}, status=400)
        if not os.path.exists(out) or os.path.getsize(out) == 0:
            return web.json_response({"error": f"Frame at index {frame} could not be found."},
                                     status=404)
        with open(out, "rb") as f:
            data = f.read()
    return web.Response(body=data, content_type="image/png")


if __name__ == "__main__":
    app = web.Application(client_max_size=MAX_UPLOAD)
    app.add_routes(routes)
    web.run_app(app, host="0.0.0.0", port=5000)
