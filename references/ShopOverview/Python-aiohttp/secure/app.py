import csv
import io
import secrets
import sqlite3
from html import escape

from aiohttp import web
from passlib.hash import pbkdf2_sha256

DB = "db.sqlite3"
COOKIE = "AUTH_COOKIE"
routes = web.RouteTableDef()


def connect():
    return sqlite3.connect(DB)


def init_db():
    with connect() as conn:
        conn.execute("CREATE TABLE IF NOT EXISTS merchants (id INTEGER PRIMARY KEY, "
                     "email TEXT UNIQUE NOT NULL, name TEXT NOT NULL, password_hash TEXT NOT NULL)")
        conn.execute("CREATE TABLE IF NOT EXISTS sessions (token TEXT PRIMARY KEY, "
                     "merchant_id INTEGER NOT NULL)")
        conn.execute("CREATE TABLE IF NOT EXISTS wares (id INTEGER PRIMARY KEY, merchant_id "
                     "INTEGER NOT NULL, name TEXT NOT NULL, description TEXT NOT NULL, "
                     "price REAL NOT NULL)")


def error(message, status):
    return web.json_response({"error": message}, status=status)


async def json_object(request):
    try:
        data = await request.json()
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def current_merchant(request):
    """The logged-in merchant's id, from the random session token in the cookie, or None."""
    token = request.cookies.get(COOKIE)
    if not token:
        return None
    with connect() as conn:
        row = conn.execute("SELECT merchant_id FROM sessions WHERE token = ?", (token,)).fetchone()
    return row[0] if row else None


@routes.post("/merchants/register")
async def register(request):
    data = await json_object(request)
    email, name, password = data.get("email"), data.get("name"), data.get("password")
    if not all(isinstance(v, str) and v for v in (email, name, password)) or "@" not in email:
        return error("Invalid input", 400)
    try:
        with connect() as conn:
            conn.execute("INSERT INTO merchants (email, name, password_hash) VALUES (?, ?, ?)",
                         (email, name, pbkdf2_sha256.hash(password)))
    except sqlite3.IntegrityError:
        return error("Email already registered", 400)
    return web.json_response({"message": "Merchant registered successfully"}, status=201)


@routes.post("/merchants/login")
async def login(request):
    data = await json_object(request)
    email, password = data.get("email"), data.get("password")
    if not isinstance(email, str) or not isinstance(password, str):
        return error("Invalid email or password", 401)
    with connect() as conn:
        row = conn.execute("SELECT id, password_hash FROM merchants WHERE email = ?",
                           (email,)).fetchone()
        if row is None or not pbkdf2_sha256.verify(password, row[1]):
            return error("Invalid email or password", 401)
        token = secrets.token_urlsafe(32)
        conn.execute("INSERT INTO sessions (token, merchant_id) VALUES (?, ?)", (token, row[0]))
    resp = web.json_response("Login successful")
    resp.set_cookie(COOKIE, token, httponly=True, samesite="Lax")
    return resp


def parse_wares(text):
    """[(name, description, price)] from the CSV, or None when a line is malformed."""
    wares = []
    for fields in csv.reader(io.StringIO(text)):
        if not fields or all(not f.strip() for f in fields):
            continue
        if len(fields) != 3:
            return None
        try:
            price = float(fields[2])
        except ValueError:
            return None
        if price != price or price in (float("inf"), float("-inf")):
            return None
        wares.append((fields[0].strip(), fields[1].strip(), price))
    return wares


@routes.post("/merchants/upload-wares")
async def upload_wares(request):
    merchant = current_merchant(request)
    if merchant is None:
        return error("Unauthorized", 401)
    text = (await json_object(request)).get("csv")
    wares = parse_wares(text) if isinstance(text, str) else None
    if wares is None:
        return error("Invalid CSV format", 400)
    with connect() as conn:
        conn.executemany("INSERT INTO wares (merchant_id, name, description, price) "
                         "VALUES (?, ?, ?, ?)", [(merchant, *w) for w in wares])
    return web.json_response({"message": "Wares uploaded successfully"})


def price_arg(request, name):
    value = request.query.get(name)
    if value is None or value == "":
        return None
    return float(value)


@routes.get("/wares")
async def wares(request):
    if current_merchant(request) is None:
        return error("Unauthorized", 401)
    try:
        low, high = price_arg(request, "minPrice"), price_arg(request, "maxPrice")
    except ValueError:
        return error("minPrice and maxPrice must be numbers", 400)
    query = ("SELECT w.name, w.description, w.price, m.email FROM wares w "
             "JOIN merchants m ON m.id = w.merchant_id WHERE 1 = 1")
    args = []
    if low is not None:
        query += " AND w.price >= ?"
        args.append(low)
    if high is not None:
        query += " AND w.price <= ?"
        args.append(high)
    with connect() as conn:
        rows = conn.execute(query + " ORDER BY w.id", args).fetchall()
    body = "".join(f"<tr><td>{escape(n)}</td><td>{escape(d)}</td><td>{p}</td>"
                   f"<td>{escape(e)}</td></tr>" for n, d, p, e in rows)
    page = ("<!DOCTYPE html><html><head><title>Wares</title></head><body><table>"
            "<tr><th>Name</th><th>Description</th><th>Price</th><th>Merchant</th></tr>"
            f"{body}</table></body></html>")
    return web.Response(text=page, content_type="text/html")


if __name__ == "__main__":
    init_db()
    app = web.Application()
    app.add_routes(routes)
    web.run_app(app, host="0.0.0.0", port=5000)
