import json
import sqlite3

from aiohttp import web

DB = "db.sqlite3"
routes = web.RouteTableDef()


def connect():
    return sqlite3.connect(DB)


def init_db():
    with connect() as conn:
        conn.execute("CREATE TABLE IF NOT EXISTS products (name TEXT PRIMARY KEY, "
                     "properties TEXT NOT NULL)")


def error(message, status=400):
    return web.json_response({"error": message}, status=status)


async def json_body(request):
    try:
        return await request.json()
    except ValueError:
        return None


def valid_product(obj):
    return (isinstance(obj, dict) and isinstance(obj.get("name"), str) and obj["name"] != ""
            and all(isinstance(k, str) and isinstance(v, str) for k, v in obj.items()))


def load(row):
    """A product as the API shows it: its name and its properties."""
    return {**json.loads(row[1]), "name": row[0]}


def save(conn, name, product):
    props = {k: v for k, v in product.items() if k != "name"}
    conn.execute("INSERT INTO products (name, properties) VALUES (?, ?) ON CONFLICT(name) "
                 "DO UPDATE SET properties = excluded.properties", (name, json.dumps(props)))


@routes.post("/add")
async def add(request):
    product = await json_body(request)
    if not valid_product(product):
        return error("Invalid input")
    with connect() as conn:
        if conn.execute("SELECT 1 FROM products WHERE name = ?", (product["name"],)).fetchone():
            return error("A product with this name exists")
        save(conn, product["name"], product)
    return web.json_response({"message": "Product successfully added"}, status=201)


@routes.get("/download")
async def download(request):
    name = request.query.get("name")
    if not name:
        return error("Invalid input")
    with connect() as conn:
        row = conn.execute("SELECT name, properties FROM products WHERE name = ?",
                           (name,)).fetchone()
    if row is None:
        return error("Product not found", 404)
    return web.json_response({"data": json.dumps(load(row))})


@routes.post("/upload")
async def upload(request):
    body = await json_body(request)
    if not isinstance(body, dict) or not isinstance(body.get("name"), str) \
            or not isinstance(body.get("data"), str):
        return error("Invalid input")
    try:
        product = json.loads(body["data"])  # data, never code
    except ValueError:
        return error("Invalid data")
    if not valid_product(product):
        return error("Invalid data")
    with connect() as conn:
        save(conn, body["name"], product)
    return web.json_response({"message": "The product with the given name was updated."})


@routes.get("/search")
async def search(request):
    query = request.query.get("query")
    if not query:
        return error("Invalid input")
    found = []
    with connect() as conn:
        for row in conn.execute("SELECT name, properties FROM products"):
            product = load(row)
            if any(query in value for value in product.values()):
                found.append(product)
    return web.json_response({"results": found})


if __name__ == "__main__":
    init_db()
    app = web.Application()
    app.add_routes(routes)
    web.run_app(app, host="0.0.0.0", port=5000)
