import io
import zipfile

from aiohttp import web

MAX_UPLOAD = 20 * 2**20  # bytes of archive accepted
MAX_TEXT = 10 * 2**20  # bytes of text the archive may expand to
routes = web.RouteTableDef()


class TooLarge(Exception):
    pass


def bad(message, status=400):
    return web.json_response({"error": message}, status=status)


def text_entries(archive):
    return [i for i in archive.infolist() if not i.is_dir() and i.filename.lower().endswith(".txt")]


def read_bounded(archive, info, budget):
    """The entry's bytes, never more than `budget` of them (sizes in headers can lie)."""
    with archive.open(info) as stream:
        data = stream.read(budget + 1)
    if len(data) > budget:
        raise TooLarge()
    return data


@routes.post("/convert")
async def convert(request):
    if request.content_length is None or request.content_length > MAX_UPLOAD:
        return bad("the upload is too large", 413)
    try:
        form = await request.post()
    except ValueError:
        return bad("a zip file is required in the part 'file'")
    upload = form.get("file")
    if not isinstance(upload, web.FileField):
        return bad("a zip file is required in the part 'file'")
    # Entries are read from the archive in memory; nothing is extracted to disk, so entry
    # names (with '..' or symlinks) never become paths.
    try:
        archive = zipfile.ZipFile(io.BytesIO(upload.file.read()))
        entries = text_entries(archive)
        if sum(i.file_size for i in entries) > MAX_TEXT:
            raise TooLarge()
        texts, budget = [], MAX_TEXT
        for info in entries:
            data = read_bounded(archive, info, budget)
            budget -= len(data)
            texts.append(data.decode("utf-8", errors="replace"))
    except TooLarge:
        return bad("the archive expands to more text than allowed")
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, OSError, EOFError,
            RuntimeError):
        return bad("the upload is not a valid zip archive")
    return web.Response(text="\n".join(texts), content_type="text/plain")


if __name__ == "__main__":
    app = web.Application(client_max_size=MAX_UPLOAD)
    app.add_routes(routes)
    web.run_app(app, host="0.0.0.0", port=5000)
