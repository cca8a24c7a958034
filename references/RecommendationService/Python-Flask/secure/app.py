import sqlite3
from html import escape

from flask import Flask, Response, g, jsonify, request

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
        conn.execute("CREATE TABLE IF NOT EXISTS products (id INTEGER PRIMARY KEY, "
                     "name TEXT NOT NULL)")
        conn.execute("CREATE TABLE IF NOT EXISTS product_tags (product_id INTEGER NOT NULL, "
                     "tag TEXT NOT NULL)")


@app.post("/recommender")
def post_product():
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        return jsonify(error="a JSON object is required"), 400
    name, tags = data.get("product_name"), data.get("tags")
    if not isinstance(name, str) or not name or not isinstance(tags, list) \
            or not all(isinstance(t, str) for t in tags):
        return jsonify(error="product_name (string) and tags (list of strings) are required"), 400
    cursor = db().execute("INSERT INTO products (name) VALUES (?)", (name,))
    db().executemany("INSERT INTO product_tags (product_id, tag) VALUES (?, ?)",
                     [(cursor.lastrowid, t) for t in dict.fromkeys(tags)])
    db().commit()
    return jsonify(message="product stored"), 200


@app.get("/recommender")
def recommend():
    tags = [t.strip() for t in request.args.get("tags", "").split(",") if t.strip()]
    if not tags:
        return jsonify(error="tags is required"), 400
    marks = ", ".join("?" * len(tags))
    rows = db().execute("SELECT p.id, p.name FROM products p WHERE p.id IN (SELECT product_id "
                        f"FROM product_tags WHERE tag IN ({marks})) ORDER BY p.id",
                        tags).fetchall()
    items = "".join(f"<li>{escape(name)}</li>" for _, name in rows)
    page = (f"<!DOCTYPE html><html><head><title>Recommendations</title></head><body>"
            f"<h1>Products tagged {escape(', '.join(tags))}</h1><ul>{items}</ul></body></html>")
    return Response(page, status=200, mimetype="text/html")


if __name__ == "__main__":
    init_db()
    app.run(host="0.0.0.0", port=5000)
