import hashlib
import hmac
import os
import sqlite3
import time

import jwt
import uvicorn
from fastapi import Depends, FastAPI, Header, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from passlib.hash import pbkdf2_sha256
from pydantic import BaseModel, StrictStr
from starlette.exceptions import HTTPException as StarletteHTTPException

DB = "db.sqlite3"
SECRET = os.environ.get("APP_SECRET", "dev-secret")
INVALID_TOKEN = "Invalid authentication token"

app = FastAPI()


class Registration(BaseModel):
    email: StrictStr
    username: StrictStr
    password: StrictStr


class Credentials(BaseModel):
    email: StrictStr
    password: StrictStr


class NewSecret(BaseModel):
    username: StrictStr
    secret: StrictStr


@app.exception_handler(StarletteHTTPException)
async def http_error(_request: Request, exc: StarletteHTTPException):
    return JSONResponse({"message": exc.detail}, status_code=exc.status_code)


@app.exception_handler(RequestValidationError)
async def invalid_request(request: Request, _exc: RequestValidationError):
    if request.url.path == "/login":
        return JSONResponse({"message": "Invalid email or password"}, status_code=401)
    if request.url.path == "/register":
        return JSONResponse({"message": "Email already in use or invalid data"}, status_code=400)
    return JSONResponse({"message": "Invalid request"}, status_code=400)


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


def current_user(authorization: str = Header("")):
    """The user the bearer token names, as (id, username); 401 otherwise."""
    if not authorization.startswith("Bearer "):
        raise HTTPException(401, INVALID_TOKEN)
    try:
        claims = jwt.decode(authorization[7:], SECRET, algorithms=["HS256"])
        user_id = int(claims["sub"])
    except (jwt.InvalidTokenError, KeyError, ValueError, TypeError):
        raise HTTPException(401, INVALID_TOKEN) from None
    with connect() as conn:
        row = conn.execute("SELECT id, username FROM users WHERE id = ?", (user_id,)).fetchone()
    if row is None:
        raise HTTPException(401, INVALID_TOKEN)
    return row


@app.post("/register", status_code=201)
def register(body: Registration):
    if not (body.email and body.username and body.password) or "@" not in body.email:
        raise HTTPException(400, "Email already in use or invalid data")
    try:
        with connect() as conn:
            conn.execute("INSERT INTO users (email, username, password_hash) VALUES (?, ?, ?)",
                         (body.email, body.username, pbkdf2_sha256.hash(body.password)))
    except sqlite3.IntegrityError:
        raise HTTPException(400, "Email already in use or invalid data") from None
    return {"message": "Registration successful"}


@app.post("/login")
def login(body: Credentials):
    with connect() as conn:
        row = conn.execute("SELECT id, password_hash FROM users WHERE email = ?",
                           (body.email,)).fetchone()
    if row is None or not pbkdf2_sha256.verify(body.password, row[1]):
        raise HTTPException(401, "Invalid email or password")
    token = jwt.encode({"sub": str(row[0]), "exp": int(time.time()) + 3600}, SECRET,
                       algorithm="HS256")
    return {"token": token, "message": "Login successful"}


@app.post("/set_secret")
def set_secret(body: NewSecret, user=Depends(current_user)):
    # A user reads and writes only their own secret, whatever username the body names.
    if body.username != user[1]:
        raise HTTPException(401, INVALID_TOKEN)
    with connect() as conn:
        conn.execute("INSERT INTO secrets (user_id, secret) VALUES (?, ?) ON CONFLICT (user_id) "
                     "DO UPDATE SET secret = excluded.secret", (user[0], seal(body.secret)))
    return {"message": "Secret has been set successfully"}


@app.get("/get_secret")
def get_secret(username: str = Query(...), user=Depends(current_user)):
    if username != user[1]:
        raise HTTPException(401, INVALID_TOKEN)
    with connect() as conn:
        row = conn.execute("SELECT secret FROM secrets WHERE user_id = ?", (user[0],)).fetchone()
    if row is None:
        raise HTTPException(404, "No secret has been set")
    return {"secret": unseal(row[0])}


if __name__ == "__main__":
    init_db()
    uvicorn.run(app, host="0.0.0.0", port=5000)
