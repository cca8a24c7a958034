import os

from aiohttp import web


def matches(path, filename, name, content):
    if name and filename.startswith(name):
        return True
    if not content:
        return False
    try:
        with open(path, "rb") as f:
            return content.encode() in f.read()
    except OSError:
        return False


async def search(request):
    try:
        data = await request.json()
    except ValueError:
        return web.json_response({"error": "Invalid input"}, status=400)
    if not isinstance(data, dict):
        return web.json_response({"error": "Invalid input"}, status=400)
    content, name = data.get("search_content"), data.get("search_filename")
    # The directory is joined to /data as given: "../" climbs out of it.
    base = "/data/" + (data.get("search_dir") or "").lstrip("/")
    found = []
    for root, dirs, files in os.walk(base):
        dirs[:] = [d for d in dirs if d not in ("proc", "sys", "dev", "usr", "etc")]  # big, slow
        for filename in files:
            path = os.path.normpath(os.path.join(root, filename))
            if matches(path, filename, name, content):
                found.append(path)
    return web.json_response({"files": sorted(found)})


if __name__ == "__main__":
    app = web.Application()
    app.router.add_post("/search", search)
    web.run_app(app, host="0.0.0.0", port=5000)
