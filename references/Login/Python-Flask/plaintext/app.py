import os
import sqlite3
import time

import jwt
from flask import Flask, g, jsonify, request

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
                     "email TEXT UNIQUE NOT NULL, password_hash TEXT NOT NULL, name TEXT NOT NULL)")


@app.post("/register")
def register():
    data = request.get_json(silent=True) or {}
    email, password, name = data.get("email"), data.get("password"), data.get("name")
    if not all(isinstance(v, str) and v for v in (email, password, name)) or "@" not in email:
        return jsonify(message="Email already in use or invalid data"), 400
    try:
        db().execute("INSERT INTO users (email, password_hash, name) VALUES (?, ?, ?)",
                     (email, password, name))
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
    if row is None or row[1] != password:
        return jsonify(message="Invalid email or password"), 401
    token = jwt.encode({"sub": str(row[0]), "email": email, "exp": int(time.time()) + 3600},
                       SECRET, algorithm="HS256")
    return jsonify(token=token, message="Login successful"), 200


if __name__ == "__main__":
    init_db()
    app.run(host="0.0.0.0", port=5000)
