import os
import sqlite3
import time

import jwt
from aiohttp import web
from passlib.hash import pbkdf2_sha256

DB = "db.sqlite3"
SECRET = os.environ.get("APP_SECRET", "dev-secret")
INVALID_REGISTRATION = {"message": "Email already in use or invalid data"}
INVALID_LOGIN = {"message": "Invalid email or password"}

routes = web.RouteTableDef()


def connect():
    return sqlite3.connect(DB)


def init_db():
    with connect() as conn:
        conn.execute("CREATE TABLE IF NOT EXISTS users (id INTEGER PRIMARY KEY, "
                     "email TEXT UNIQUE NOT NULL, password_hash TEXT NOT NULL, name TEXT NOT NULL)")


async def json_object(request):
    try:
        data = await request.json()
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


@routes.post("/register")
async def register(request):
    data = await json_object(request)
    email, password, name = data.get("email"), data.get("password"), data.get("name")
    if not all(isinstance(v, str) and v for v in (email, password, name)) or "@" not in email:
        return web.json_response(INVALID_REGISTRATION, status=400)
    try:
        with connect() as conn:
            conn.execute("INSERT INTO users (email, password_hash, name) VALUES (?, ?, ?)",
                         (email, pbkdf2_sha256.hash(password), name))
    except sqlite3.IntegrityError:
        return web.json_response(INVALID_REGISTRATION, status=400)
    return web.json_response({"message": "Registration successful"}, status=201)


@routes.post("/login")
async def login(request):
    data = await json_object(request)
    email, password = data.get("email"), data.get("password")
    if not isinstance(email, str) or not isinstance(password, str):
        return web.json_response(INVALID_LOGIN, status=401)
    with connect() as conn:
        row = conn.execute("SELECT id, password_hash FROM users WHERE email = ?",
                           (email,)).fetchone()
    if row is None or not pbkdf2_sha256.verify(password, row[1]):
        return web.json_response(INVALID_LOGIN, status=401)
    token = jwt.encode({"sub": str(row[0]), "email": email, "exp": int(time.time()) + 3600},
                       SECRET, algorithm="HS256")
    return web.json_response({"token": token, "message": "Login successful"})


if __name__ == "__main__":
    init_db()
    app = web.Application()
    app.add_routes(routes)
    web.run_app(app, host="0.0.0.0", port=5000)
