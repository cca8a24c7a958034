import secrets
import sqlite3

from flask import Flask, g, jsonify, request

DB = "db.sqlite3"
app = Flask(__name__)


def db():
    if "db" not in g:
        g.db = sqlite3.connect(DB)
    return g.db


@app.teardown_appcontext
def close_db(_exc):
    conn = g.pop("db", None)
    if conn is not None:
        conn.close()


def init_db():
    with sqlite3.connect(DB) as conn:
        conn.execute("CREATE TABLE IF NOT EXISTS carts (id TEXT PRIMARY KEY)")
        conn.execute("CREATE TABLE IF NOT EXISTS items (cart_id TEXT NOT NULL, item_id INTEGER "
                     "NOT NULL, count INTEGER NOT NULL, PRIMARY KEY (cart_id, item_id))")


def is_int(value):
    return isinstance(value, int) and not isinstance(value, bool)


def cart_exists(cart_id):
    return db().execute("SELECT 1 FROM carts WHERE id = ?", (cart_id,)).fetchone() is not None


@app.post("/create_cart")
def create_cart():
    cart_id = secrets.token_urlsafe(24)
    db().execute("INSERT INTO carts (id) VALUES (?)", (cart_id,))
    db().commit()
    return jsonify(cart_id=cart_id), 201


@app.post("/add_to_cart")
def add_to_cart():
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        return jsonify(error="a JSON object is required"), 400
    cart_id, item_id, count = data.get("cart_id"), data.get("item_id"), data.get("count")
    if not isinstance(cart_id, str) or not is_int(item_id) or not is_int(count) or count == 0:
        return jsonify(error="cart_id (string), item_id and count (non-zero integers) are "
                             "required"), 400
    if not cart_exists(cart_id):
        return jsonify(error="cart not found"), 404
    row = db().execute("SELECT count FROM items WHERE cart_id = ? AND item_id = ?",
                       (cart_id, item_id)).fetchone()
    new_count = (row[0] if row else 0) + count
    if new_count == 0:
        db().execute("DELETE FROM items WHERE cart_id = ? AND item_id = ?", (cart_id, item_id))
    else:
        db().execute("INSERT INTO items (cart_id, item_id, count) VALUES (?, ?, ?) "
                     "ON CONFLICT (cart_id, item_id) DO UPDATE SET count = excluded.count",
                     (cart_id, item_id, new_count))
    db().commit()
    return jsonify(message="cart updated"), 200


@app.post("/retrieve_cart")
def retrieve_cart():
    data = request.get_json(silent=True)
    cart_id = data.get("cart_id") if isinstance(data, dict) else None
    if not isinstance(cart_id, str):
        return jsonify(error="cart_id (string) is required"), 400
    if not cart_exists(cart_id):
        return jsonify(error="cart not found"), 404
    rows = db().execute("SELECT item_id, count FROM items WHERE cart_id = ? "
                        "ORDER BY item_id", (cart_id,)).fetchall()
    return jsonify(items=[{"item_id": i, "count": c} for i, c in rows]), 200


if __name__ == "__main__":
    init_db()
    app.run(host="0.0.0.0", port=5000)
