import asyncio
import os
import shutil
import tempfile

from aiohttp import web

MAX_UPLOAD = 10 * 1024 * 1024
routes = web.RouteTableDef()


def fail(message, status):
    return web.json_response({"error": message}, status=status)


@routes.post("/convert")
async def convert(request):
    # Uploads beyond 10 MB are refused from their declared length, before they are read.
    if request.content_length is None or request.content_length > MAX_UPLOAD:
        return fail("The uploaded file is too large.", 413)
    try:
        form = await request.post()
    except ValueError:
        return fail("Missing file.", 400)
    upload = form.get("file")
    if not isinstance(upload, web.FileField):
        return fail("Missing file.", 400)
    with tempfile.TemporaryDirectory() as workdir:
        # The client's file name is never used: the upload is stored under a fixed name.
        path = os.path.join(workdir, "input.pdf")
        with open(path, "wb") as f:
            shutil.copyfileobj(upload.file, f)
        with open(path, "rb") as f:
            if f.read(5) != b"%PDF-":
                return fail("The file is not a PDF.", 400)
        proc = await asyncio.create_subprocess_exec("pdftotext", "-enc", "UTF-8", path, "-",
                                                    stdout=asyncio.subprocess.PIPE,
                                                    stderr=asyncio.subprocess.DEVNULL)
        try:
            out, _ = await asyncio.wait_for(proc.communicate(), 30)
        except asyncio.TimeoutError:
            proc.kill()
            await proc.wait()
            return fail("The conversion took too long.", 500)
    if proc.returncode != 0:
        return fail("The file could not be converted.", 500)
    return web.Response(text=out.decode("utf-8", errors="replace"), content_type="text/plain")


if __name__ == "__main__":
    app = web.Application(client_max_size=MAX_UPLOAD)
    app.add_routes(routes)
    web.run_app(app, host="0.0.0.0", port=5000)
