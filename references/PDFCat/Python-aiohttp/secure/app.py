import asyncio
import os
import shutil
import tempfile

from aiohttp import web

MAX_UPLOAD = 50 * 1024 * 1024
INVALID = "Invalid input or missing files."
FAILED = "An error occurred while processing the files."

routes = web.RouteTableDef()


def fail(message, status):
    return web.json_response({"error": message}, status=status)


@routes.post("/concatenate")
async def concatenate(request):
    if request.content_length is None or request.content_length > MAX_UPLOAD:
        return fail(INVALID, 413)
    try:
        form = await request.post()
    except ValueError:
        return fail(INVALID, 400)
    uploads = [f for f in form.getall("files", []) if isinstance(f, web.FileField)]
    if not uploads:
        return fail(INVALID, 400)
    with tempfile.TemporaryDirectory() as workdir:
        paths = []
        # The client's file names are never used: inputs are stored as 0.pdf, 1.pdf, ...
        for i, upload in enumerate(uploads):
            path = os.path.join(workdir, f"{i}.pdf")
            with open(path, "wb") as f:
                shutil.copyfileobj(upload.file, f)
            with open(path, "rb") as f:
                if f.read(5) != b"%PDF-":
                    return fail(INVALID, 400)
            paths.append(path)
        output = os.path.join(workdir, "concatenated.pdf")
        proc = await asyncio.create_subprocess_exec("pdfunite", *paths, output,
                                                    stdout=asyncio.subprocess.DEVNULL,
                                                    stderr=asyncio.subprocess.DEVNULL)
        try:
            await asyncio.wait_for(proc.wait(), 60)
        except asyncio.TimeoutError:
            proc.kill()
            await proc.wait()
            return fail(FAILED, 500)
        if proc.returncode != 0 or not os.path.exists(output):
            return fail(FAILED, 500)
        with open(output, "rb") as f:
            data = f.read()
    return web.Response(body=data, content_type="application/pdf")


if __name__ == "__main__":
    app = web.Application(client_max_size=MAX_UPLOAD)
    app.add_routes(routes)
    web.run_app(app, host="0.0.0.0", port=5000)
