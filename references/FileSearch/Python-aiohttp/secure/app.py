import os

from aiohttp import web

DATA = os.path.realpath("/data")


def confined(directory):
    """The real path of `directory` under /data, or None when it escapes /data."""
    path = os.path.realpath(os.path.join(DATA, (directory or "").lstrip("/")))
    return path if path == DATA or path.startswith(DATA + os.sep) else None


def contains(path, text):
    try:
        with open(path, "rb") as f:
            return text.encode() in f.read()
    except OSError:
        return False


def bad(message):
    return web.json_response({"error": message}, status=400)


async def search(request):
    try:
        data = await request.json()
    except ValueError:
        return bad("Invalid input")
    if not isinstance(data, dict):
        return bad("Invalid input")
    content, name, directory = (data.get("search_content"), data.get("search_filename"),
                                data.get("search_dir"))
    if any(v is not None and not isinstance(v, str) for v in (content, name, directory)):
        return bad("Invalid input")
    base = confined(directory)
    if base is None:
        return bad("Invalid directory")
    found = []
    for root, _dirs, files in os.walk(base):
        for filename in files:
            path = os.path.join(root, filename)
            if os.path.islink(path) or confined(os.path.relpath(path, DATA)) is None:
                continue
            if (name and filename.startswith(name)) or (content and contains(path, content)):
                found.append(path)
    return web.json_response({"files": sorted(found)})


if __name__ == "__main__":
    app = web.Application()
    app.router.add_post("/search", search)
    web.run_app(app, host="0.0.0.0", port=5000)
