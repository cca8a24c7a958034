import sqlite3
from html import escape

from aiohttp import web

DB = "db.sqlite3"
routes = web.RouteTableDef()


def connect():
    return sqlite3.connect(DB)


def init_db():
    with connect() as conn:
        conn.execute("CREATE TABLE IF NOT EXISTS products (id INTEGER PRIMARY KEY, "
                     "name TEXT NOT NULL)")
        conn.execute("CREATE TABLE IF NOT EXISTS product_tags (product_id INTEGER NOT NULL, "
                     "tag TEXT NOT NULL)")


@routes.post("/recommender")
async def post_product(request):
    try:
        data = await request.json()
    except ValueError:
        data = None
    if not isinstance(data, dict):
        return web.json_response({"error": "a JSON object is required"}, status=400)
    name, tags = data.get("product_name"), data.get("tags")
    if not isinstance(name, str) or not name or not isinstance(tags, list) \
            or not all(isinstance(t, str) for t in tags):
        return web.json_response(
            {"error": "product_name (string) and tags (list of strings) are required"}, status=400)
    with connect() as conn:
        cursor = conn.execute("INSERT INTO products (name) VALUES (?)", (name,))
        conn.executemany("INSERT INTO product_tags (product_id, tag) VALUES (?, ?)",
                         [(cursor.lastrowid, t) for t in dict.fromkeys(tags)])
    return web.json_response({"message": "product stored"})


@routes.get("/recommender")
async def recommend(request):
    tags = [t.strip() for t in request.query.get("tags", "").split(",") if t.strip()]
    if not tags:
        return web.json_response({"error": "tags is required"}, status=400)
    marks = ", ".join("?" * len(tags))
    with connect() as conn:
        rows = conn.execute("SELECT p.id, p.name FROM products p WHERE p.id IN (SELECT product_id "
                            f"FROM product_tags WHERE tag IN ({marks})) ORDER BY p.id",
                            tags).fetchall()
    items = "".join(f"<li>{escape(name)}</li>" for _, name in rows)
    page = (f"<!DOCTYPE html><html><head><title>Recommendations</title></head><body>"
            f"<h1>Products tagged {escape(', '.join(tags))}</h1><ul>{items}</ul></body></html>")
    return web.Response(text=page, content_type="text/html")


if __name__ == "__main__":
    init_db()
    app = web.Application()
    app.add_routes(routes)
    web.run_app(app, host="0.0.0.0", port=5000)
