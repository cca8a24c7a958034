import secrets
import sqlite3

from aiohttp import web

DB = "db.sqlite3"
routes = web.RouteTableDef()


def connect():
    return sqlite3.connect(DB)


def init_db():
    with connect() as conn:
        conn.execute("CREATE TABLE IF NOT EXISTS carts (id TEXT PRIMARY KEY)")
        conn.execute("CREATE TABLE IF NOT EXISTS items (cart_id TEXT NOT NULL, item_id INTEGER "
                     "NOT NULL, count INTEGER NOT NULL, PRIMARY KEY (cart_id, item_id))")


def error(message, status):
    return web.json_response({"error": message}, status=status)


async def json_object(request):
    try:
        data = await request.json()
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


def is_int(value):
    return isinstance(value, int) and not isinstance(value, bool)


def cart_exists(conn, cart_id):
    return conn.execute("SELECT 1 FROM carts WHERE id = ?", (cart_id,)).fetchone() is not None


@routes.post("/create_cart")
async def create_cart(request):
    cart_id = secrets.token_urlsafe(24)  # random, so other people's carts cannot be guessed
    with connect() as conn:
        conn.execute("INSERT INTO carts (id) VALUES (?)", (cart_id,))
    return web.json_response({"cart_id": cart_id}, status=201)


@routes.post("/add_to_cart")
async def add_to_cart(request):
    data = await json_object(request)
    if data is None:
        return error("a JSON object is required", 400)
    cart_id, item_id, count = data.get("cart_id"), data.get("item_id"), data.get("count")
    if not isinstance(cart_id, str) or not is_int(item_id) or not is_int(count) or count == 0:
        return error("cart_id (string), item_id and count (non-zero integers) are required", 400)
    with connect() as conn:
        if not cart_exists(conn, cart_id):
            return error("cart not found", 404)
        row = conn.execute("SELECT count FROM items WHERE cart_id = ? AND item_id = ?",
                           (cart_id, item_id)).fetchone()
        new_count = (row[0] if row else 0) + count
        if new_count < 0:
            return error("cannot remove more items than the cart holds", 400)
        if new_count == 0:
            conn.execute("DELETE FROM items WHERE cart_id = ? AND item_id = ?", (cart_id, item_id))
        else:
            conn.execute("INSERT INTO items (cart_id, item_id, count) VALUES (?, ?, ?) "
                         "ON CONFLICT (cart_id, item_id) DO UPDATE SET count = excluded.count",
                         (cart_id, item_id, new_count))
    return web.json_response({"message": "cart updated"})


@routes.post("/retrieve_cart")
async def retrieve_cart(request):
    data = await json_object(request)
    cart_id = data.get("cart_id") if data is not None else None
    if not isinstance(cart_id, str):
        return error("cart_id (string) is required", 400)
    with connect() as conn:
        if not cart_exists(conn, cart_id):
            return error("cart not found", 404)
        rows = conn.execute("SELECT item_id, count FROM items WHERE cart_id = ? AND count > 0 "
                            "ORDER BY item_id", (cart_id,)).fetchall()
    return web.json_response({"items": [{"item_id": i, "count": c} for i, c in rows]})


if __name__ == "__main__":
    init_db()
    app = web.Application()
    app.add_routes(routes)
    web.run_app(app, host="0.0.0.0", port=5000)
