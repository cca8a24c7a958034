import html
import sqlite3
import time

from aiohttp import web

DB = "db.sqlite3"
routes = web.RouteTableDef()


def connect():
    return sqlite3.connect(DB)


def init_db():
    with connect() as conn:
        conn.execute("CREATE TABLE IF NOT EXISTS messages (id INTEGER PRIMARY KEY AUTOINCREMENT, "
                     "content TEXT NOT NULL, username TEXT NOT NULL, created REAL NOT NULL)")


def render(rows):
    items = "".join(f"<li><b>{html.escape(user)}</b>: {html.escape(text)}</li>"
                    for text, user in rows)
    return f"<!DOCTYPE html><html><head><title>Forum</title></head><body><ul>{items}</ul></body></html>"


def int_arg(request, name, default):
    raw = request.query.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        return None
    return value if value >= 0 else None


@routes.get("/messages")
async def list_messages(request):
    limit, offset = int_arg(request, "limit", 10), int_arg(request, "offset", 0)
    # ORDER BY cannot take a bound parameter: the direction is one of two fixed words.
    order = {"ASC": "ASC", "DESC": "DESC"}.get(request.query.get("sort", "DESC").upper())
    if limit is None or offset is None or order is None:
        return web.json_response(
            {"error": "limit and offset must be non-negative integers, sort ASC or DESC"},
            status=400)
    limit = min(limit, 1000)
    with connect() as conn:
        rows = conn.execute(f"SELECT content, username FROM messages ORDER BY created {order}, id {order} "
                            "LIMIT ? OFFSET ?", (limit, offset)).fetchall()
    return web.Response(text=render(rows), content_type="text/html")


@routes.post("/messages")
async def post_message(request):
    try:
        body = await request.json()
    except ValueError:
        body = None
    content = body.get("content") if isinstance(body, dict) else None
    username = body.get("username") if isinstance(body, dict) else None
    if not isinstance(content, str) or not isinstance(username, str) or not content or not username:
        return web.json_response({"error": "content and username must be non-empty strings"},
                                 status=400)
    with connect() as conn:
        conn.execute("INSERT INTO messages (content, username, created) VALUES (?, ?, ?)",
                     (content, username, time.time()))
    return web.json_response({"message": "Message posted"})


if __name__ == "__main__":
    init_db()
    app = web.Application()
    app.add_routes(routes)
    web.run_app(app, host="0.0.0.0", port=5000)
