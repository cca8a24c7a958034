import os

from aiohttp import web

SONGS = os.path.realpath("/var/songs")
routes = web.RouteTableDef()


def song_path(filename):
    """The real path of the song, or None when it is not a file inside SONGS."""
    if "\x00" in filename:
        return None
    path = os.path.realpath(os.path.join(SONGS, filename))
    if not path.startswith(SONGS + os.sep) or not os.path.isfile(path):
        return None
    return path


@routes.post("/download")
async def download(request):
    try:
        data = await request.json()
    except ValueError:
        data = None
    filename = data.get("filename") if isinstance(data, dict) else None
    if not isinstance(filename, str) or not filename:
        return web.json_response({"error": "filename is required"}, status=400)
    path = song_path(filename)
    if path is None:
        return web.json_response({"error": "song not found"}, status=404)
    return web.FileResponse(path, headers={"Content-Type": "audio/mpeg"})


if __name__ == "__main__":
    app = web.Application()
    app.add_routes(routes)
    web.run_app(app, host="0.0.0.0", port=5000)
