import hashlib
import hmac
import os
import sqlite3
import time

import jwt
from aiohttp import web
from passlib.hash import pbkdf2_sha256

DB = "db.sqlite3"
SECRET = os.environ.get("APP_SECRET", "dev-secret")
routes = web.RouteTableDef()


def connect():
    return sqlite3.connect(DB)


def init_db():
    with connect() as conn:
        conn.execute("CREATE TABLE IF NOT EXISTS users (id INTEGER PRIMARY KEY, "
                     "email TEXT UNIQUE NOT NULL, username TEXT UNIQUE NOT NULL, "
                     "password_hash TEXT NOT NULL)")
        conn.execute("CREATE TABLE IF NOT EXISTS secrets (user_id INTEGER PRIMARY KEY, "
                     "secret TEXT NOT NULL)")


# Secrets are stored encrypted: XOR with an HMAC-SHA256 keystream (key from APP_SECRET, random
# nonce per secret), kept as hex of nonce + ciphertext.
def _keystream(nonce, length):
    key = hashlib.sha256(("secret-storage:" + SECRET).encode()).digest()
    out = b""
    counter = 0
    while len(out) < length:
        out += hmac.new(key, nonce + counter.to_bytes(8, "big"), hashlib.sha256).digest()
        counter += 1
    return out[:length]


def seal(text):
    nonce, data = os.urandom(16), text.encode()
    return (nonce + bytes(a ^ b for a, b in zip(data, _keystream(nonce, len(data))))).hex()


def unseal(stored):
    raw = bytes.fromhex(stored)
    nonce, body = raw[:16], raw[16:]
    return bytes(a ^ b for a, b in zip(body, _keystream(nonce, len(body)))).decode()


def message(text, status):
    return web.json_response({"message": text}, status=status)


def unauthorized():
    return message("Invalid authentication token", 401)


async def json_object(request):
    try:
        data = await request.json()
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def current_user(request):
    """The user the bearer token names, as (id, username), or None."""
    header = request.headers.get("Authorization", "")
    if not header.startswith("Bearer "):
        return None
    try:
        claims = jwt.decode(header[7:], SECRET, algorithms=["HS256"])
        user_id = int(claims["sub"])
    except (jwt.InvalidTokenError, KeyError, ValueError, TypeError):
        return None
    with connect() as conn:
        return conn.execute("SELECT id, username FROM users WHERE id = ?", (user_id,)).fetchone()


@routes.post("/register")
async def register(request):
    data = await json_object(request)
    email, username, password = data.get("email"), data.get("username"), data.get("password")
    if not all(isinstance(v, str) and v for v in (email, username, password)) or "@" not in email:
        return message("Email already in use or invalid data", 400)
    try:
        with connect() as conn:
            conn.execute("INSERT INTO users (email, username, password_hash) VALUES (?, ?, ?)",
                         (email, username, pbkdf2_sha256.hash(password)))
    except sqlite3.IntegrityError:
        return message("Email already in use or invalid data", 400)
    return message("Registration successful", 201)


@routes.post("/login")
async def login(request):
    data = await json_object(request)
    email, password = data.get("email"), data.get("password")
    if not isinstance(email, str) or not isinstance(password, str):
        return message("Invalid email or password", 401)
    with connect() as conn:
        row = conn.execute("SELECT id, password_hash FROM users WHERE email = ?",
                           (email,)).fetchone()
    if row is None or not pbkdf2_sha256.verify(password, row[1]):
        return message("Invalid email or password", 401)
    token = jwt.encode({"sub": str(row[0]), "exp": int(time.time()) + 3600}, SECRET,
                       algorithm="HS256")
    return web.json_response({"token": token, "message": "Login successful"})


@routes.post("/set_secret")
async def set_secret(request):
    user = current_user(request)
    if user is None:
        return unauthorized()
    data = await json_object(request)
    # A user reads and writes only their own secret, whatever username the body names.
    if data.get("username") != user[1]:
        return unauthorized()
    secret = data.get("secret")
    if not isinstance(secret, str):
        return message("secret (string) is required", 400)
    with connect() as conn:
        conn.execute("INSERT INTO secrets (user_id, secret) VALUES (?, ?) ON CONFLICT (user_id) "
                     "DO UPDATE SET secret = excluded.secret", (user[0], seal(secret)))
    return message("Secret has been set successfully", 200)


@routes.get("/get_secret")
async def get_secret(request):
    user = current_user(request)
    if user is None or request.query.get("username") != user[1]:
        return unauthorized()
    with connect() as conn:
        row = conn.execute("SELECT secret FROM secrets WHERE user_id = ?", (user[0],)).fetchone()
    if row is None:
        return message("No secret has been set", 404)
    return web.json_response({"secret": unseal(row[0])})


if __name__ == "__main__":
    init_db()
    app = web.Application()
    app.add_routes(routes)
    web.run_app(app, host="0.0.0.0", port=5000)
