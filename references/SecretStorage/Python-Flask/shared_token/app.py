import hashlib
import hmac
import os
import sqlite3
from functools import wraps

import jwt
from flask import Flask, g, jsonify, request
from werkzeug.security import check_password_hash, generate_password_hash

DB = "db.sqlite3"
SECRET = os.environ.get("APP_SECRET", "dev-secret")
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


def unauthorized():
    return jsonify(message="Invalid authentication token"), 401


def authenticated(view):
    """Pass the user the bearer token names (id, username) to the view, or answer 401."""
    @wraps(view)
    def wrapper(*args, **kwargs):
        header = request.headers.get("Authorization", "")
        if not header.startswith("Bearer "):
            return unauthorized()
        try:
            jwt.decode(header[7:], SECRET, algorithms=["HS256"])
        except jwt.InvalidTokenError:
            return unauthorized()
        data = request.get_json(silent=True) or {}
        username = request.args.get("username") or data.get("username")
        row = db().execute("SELECT id, username FROM users WHERE username = ?",
                           (username,)).fetchone()
        if row is None:
            return unauthorized()
        return view(row, *args, **kwargs)
    return wrapper


@app.post("/register")
def register():
    data = request.get_json(silent=True) or {}
    email, username, password = data.get("email"), data.get("username"), data.get("password")
    if not all(isinstance(v, str) and v for v in (email, username, password)) or "@" not in email:
        return jsonify(message="Email already in use or invalid data"), 400
    try:
        db().execute("INSERT INTO users (email, username, password_hash) VALUES (?, ?, ?)",
                     (email, username, generate_password_hash(password)))
        db().commit()
    except sqlite3.IntegrityError:
        return jsonify(message="Email already in use or invalid data"), 400
    return jsonify(message="Registration successful"), 201


@app.post("/login")
def login():
    data = request.get_json(silent=True) or {}
    email, password = data.get("email"), data.get("password")
    if not isinstance(email, str) or not isinstance(password, str):
        return jsonify(message="Invalid email or password"), 401
    row = db().execute("SELECT id, password_hash FROM users WHERE email = ?", (email,)).fetchone()
    if row is None or not check_password_hash(row[1], password):
        return jsonify(message="Invalid email or password"), 401
    token = jwt.encode({"scope": "secrets"}, SECRET, algorithm="HS256")
    return jsonify(token=token, message="Login successful"), 200


@app.post("/set_secret")
@authenticated
def set_secret(user):
    data = request.get_json(silent=True) or {}
    username, secret = data.get("username"), data.get("secret")
    if username != user[1]:
        return unauthorized()
    if not isinstance(secret, str):
        return jsonify(message="secret (string) is required"), 400
    db().execute("INSERT INTO secrets (user_id, secret) VALUES (?, ?) ON CONFLICT (user_id) "
                 "DO UPDATE SET secret = excluded.secret", (user[0], seal(secret)))
    db().commit()
    return jsonify(message="Secret has been set successfully"), 200


@app.get("/get_secret")
@authenticated
def get_secret(user):
    if request.args.get("username") != user[1]:
        return unauthorized()
    row = db().execute("SELECT secret FROM secrets WHERE user_id = ?", (user[0],)).fetchone()
    if row is None:
        return jsonify(message="No secret has been set"), 404
    return jsonify(secret=unseal(row[0])), 200


if __name__ == "__main__":
    init_db()
    app.run(host="0.0.0.0", port=5000)
