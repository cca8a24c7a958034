from aiohttp import web

LOG_FILE = "logs.txt"
routes = web.RouteTableDef()


def neutralize(message: str) -> str:
    """One message, one line: escape backslashes and every control character."""
    out = []
    for ch in message.replace("\\", "\\\\"):
        if ch == "\n":
            out.append("\\n")
        elif ch == "\r":
            out.append("\\r")
        elif ord(ch) < 32 or ch in "\x7f\x85\u2028\u2029":
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return "".join(out)


@routes.post("/log")
async def add_log(request):
    try:
        data = await request.json()
    except ValueError:
        data = None
    message = data.get("message") if isinstance(data, dict) else None
    if not isinstance(message, str):
        return web.json_response({"error": "a string message is required"}, status=400)
    # One event loop thread: the line is written whole, never interleaved with another.
    with open(LOG_FILE, "a", encoding="utf-8") as f:
        f.write(neutralize(message) + "\n")
    return web.json_response({"status": "logged"})


@routes.get("/logs")
async def get_logs(request):
    try:
        with open(LOG_FILE, encoding="utf-8") as f:
            text = f.read()
    except FileNotFoundError:
        text = ""
    return web.Response(text=text, content_type="text/plain")


if __name__ == "__main__":
    app = web.Application()
    app.add_routes(routes)
    web.run_app(app, host="0.0.0.0", port=5000)
