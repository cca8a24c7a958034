import csv
import io
import secrets
import sqlite3
from html import escape

from flask import Flask, Response, g, jsonify, request
from werkzeug.security import check_password_hash, generate_password_hash

DB = "db.sqlite3"
COOKIE = "AUTH_COOKIE"
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
        conn.execute("CREATE TABLE IF NOT EXISTS merchants (id INTEGER PRIMARY KEY, "
                     "email TEXT UNIQUE NOT NULL, name TEXT NOT NULL, password_hash TEXT NOT NULL)")
        conn.execute("CREATE TABLE IF NOT EXISTS sessions (token TEXT PRIMARY KEY, "
                     "merchant_id INTEGER NOT NULL)")
        conn.execute("CREATE TABLE IF NOT EXISTS wares (id INTEGER PRIMARY KEY, merchant_id "
                     "INTEGER NOT NULL, name TEXT NOT NULL, description TEXT NOT NULL, "
                     "price REAL NOT NULL)")


def current_merchant():
    token = request.cookies.get(COOKIE)
    if not token:
        return None
    row = db().execute("SELECT merchant_id FROM sessions WHERE token = ?", (token,)).fetchone()
    return row[0] if row else None


@app.post("/merchants/register")
def register():
    data = request.get_json(silent=True) or {}
    email, name, password = data.get("email"), data.get("name"), data.get("password")
    if not all(isinstance(v, str) and v for v in (email, name, password)) or "@" not in email:
        return jsonify(error="Invalid input"), 400
    try:
        db().execute("INSERT INTO merchants (email, name, password_hash) VALUES (?, ?, ?)",
                     (email, name, generate_password_hash(password)))
        db().commit()
    except sqlite3.IntegrityError:
        return jsonify(error="Email already registered"), 400
    return jsonify(message="Merchant registered successfully"), 201


@app.post("/merchants/login")
def login():
    data = request.get_json(silent=True) or {}
    email, password = data.get("email"), data.get("password")
    if not isinstance(email, str) or not isinstance(password, str):
        return jsonify(error="Invalid email or password"), 401
    row = db().execute("SELECT id, password_hash FROM merchants WHERE email = ?",
                       (email,)).fetchone()
    if row is None or not check_password_hash(row[1], password):
        return jsonify(error="Invalid email or password"), 401
    token = secrets.token_urlsafe(32)
    db().execute("INSERT INTO sessions (token, merchant_id) VALUES (?, ?)", (token, row[0]))
    db().commit()
    resp = jsonify("Login successful")
    resp.set_cookie(COOKIE, token, httponly=True, samesite="Lax")
    return resp, 200


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


@app.post("/merchants/upload-wares")
def upload_wares():
    merchant = current_merchant()
    if merchant is None:
        return jsonify(error="Unauthorized"), 401
    data = request.get_json(silent=True) or {}
    text = data.get("csv")
    wares = parse_wares(text) if isinstance(text, str) else None
    if wares is None:
        return jsonify(error="Invalid CSV format"), 400
    db().executemany("INSERT INTO wares (merchant_id, name, description, price) "
                     "VALUES (?, ?, ?, ?)", [(merchant, *w) for w in wares])
    db().commit()
    return jsonify(message="Wares uploaded successfully"), 200


def price_arg(name):
    value = request.args.get(name)
    if value is None or value == "":
        return None
    return float(value)


@app.get("/wares")
def wares():
    if current_merchant() is None:
        return jsonify(error="Unauthorized"), 401
    try:
        low, high = price_arg("minPrice"), price_arg("maxPrice")
    except ValueError:
        return jsonify(error="minPrice and maxPrice must be numbers"), 400
    query = ("SELECT w.name, w.description, w.price, m.email FROM wares w "
             "JOIN merchants m ON m.id = w.merchant_id WHERE 1 = 1")
    args = []
    if low is not None:
        query += " AND w.price >= ?"
        args.append(low)
    if high is not None:
        query += " AND w.price <= ?"
        args.append(high)
    rows = db().execute(query + " ORDER BY w.id", args).fetchall()
    body = "".join(f"<tr><td>{escape(n)}</td><td>{escape(d)}</td><td>{p}</td>"
                   f"<td>{escape(e)}</td></tr>" for n, d, p, e in rows)
    page = ("<!DOCTYPE html><html><head><title>Wares</title></head><body><table>"
            "<tr><th>Name</th><th>Description</th><th>Price</th><th>Merchant</th></tr>"
            f"{body}</table></body></html>")
    return Response(page, status=200, mimetype="text/html")


if __name__ == "__main__":
    init_db()
    app.run(host="0.0.0.0", port=5000)
