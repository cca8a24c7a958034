import json
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
        conn.execute("CREATE TABLE IF NOT EXISTS products (name TEXT PRIMARY KEY, "
                     "properties TEXT NOT NULL)")


def valid_product(obj):
    return (isinstance(obj, dict) and isinstance(obj.get("name"), str) and obj["name"] != ""
            and all(isinstance(k, str) and isinstance(v, str) for k, v in obj.items()))


def load(row):
    """A product as the API shows it: its name and its properties."""
    return {**json.loads(row[1]), "name": row[0]}


def save(name, product):
    props = {k: v for k, v in product.items() if k != "name"}
    db().execute("INSERT INTO products (name, properties) VALUES (?, ?) ON CONFLICT(name) "
                 "DO UPDATE SET properties = excluded.properties", (name, json.dumps(props)))
    db().commit()


@app.post("/add")
def add():
    product = request.get_json(silent=True)
    if not valid_product(product):
        return jsonify(error="Invalid input"), 400
    if db().execute("SELECT 1 FROM products WHERE name = ?", (product["name"],)).fetchone():
        return jsonify(error="A product with this name exists"), 400
    save(product["name"], product)
    return jsonify(message="Product successfully added"), 201


@app.get("/download")
def download():
    name = request.args.get("name")
    if not name:
        return jsonify(error="Invalid input"), 400
    row = db().execute("SELECT name, properties FROM products WHERE name = ?", (name,)).fetchone()
    if row is None:
        return jsonify(error="Product not found"), 404
    return jsonify(data=repr(load(row))), 200


@app.post("/upload")
def upload():
    body = request.get_json(silent=True)
    if not isinstance(body, dict) or not isinstance(body.get("name"), str) \
            or not isinstance(body.get("data"), str):
        return jsonify(error="Invalid input"), 400
    try:
        product = eval(body["data"])  # the data is a Python literal, as /download writes it
    except Exception:
        return jsonify(error="Invalid data"), 400
    if not valid_product(product):
        return jsonify(error="Invalid data"), 400
    save(body["name"], product)
    return jsonify(message="The product with the given name was updated."), 200


@app.get("/search")
def search():
    query = request.args.get("query")
    if query is None or query == "":
        return jsonify(error="Invalid input"), 400
    found = []
    for row in db().execute("SELECT name, properties FROM products"):
        product = load(row)
        if any(query in value for value in product.values()):
            found.append(product)
    return jsonify(results=found), 200


if __name__ == "__main__":
    init_db()
    app.run(host="0.0.0.0", port=5000)
