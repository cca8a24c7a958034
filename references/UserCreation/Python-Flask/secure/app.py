import secrets
import sqlite3

from flask import Flask, g, jsonify, request
from werkzeug.security import generate_password_hash

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
        conn.execute("CREATE TABLE IF NOT EXISTS invites (invite_id TEXT PRIMARY KEY, "
                     "email TEXT UNIQUE NOT NULL)")
        conn.execute("CREATE TABLE IF NOT EXISTS users (id INTEGER PRIMARY KEY, "
                     "user_name TEXT UNIQUE NOT NULL, password_hash TEXT NOT NULL, "
                     "invite_id TEXT NOT NULL)")


def new_invite_id():
    return secrets.token_urlsafe(24)


def hash_password(password):
    return generate_password_hash(password)


def find_invite(invite_id):
    return db().execute("SELECT invite_id FROM invites WHERE invite_id = ?",
                        (invite_id,)).fetchone()


@app.post("/invite_user")
def invite_user():
    data = request.get_json(silent=True)
    email = data.get("email") if isinstance(data, dict) else None
    if not isinstance(email, str) or "@" not in email:
        return jsonify(message="A valid email is required"), 400
    row = db().execute("SELECT invite_id FROM invites WHERE email = ?", (email,)).fetchone()
    if row is None:
        invite_id = new_invite_id()
        db().execute("INSERT INTO invites (invite_id, email) VALUES (?, ?)", (invite_id, email))
        db().commit()
        row = db().execute("SELECT invite_id FROM invites WHERE email = ?", (email,)).fetchone()
    return jsonify(invite_id=str(row[0]), message=f"Invitation sent to {email}"), 200


@app.post("/create_user")
def create_user():
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        return jsonify(message="Invalid request"), 400
    invite_id, user_name, password = (data.get("invite_id"), data.get("user_name"),
                                      data.get("password"))
    if not isinstance(invite_id, str) or find_invite(invite_id) is None:
        return jsonify(message="Invalid invite_id"), 401
    if not isinstance(user_name, str) or not user_name or not isinstance(password, str):
        return jsonify(message="user_name and password are required"), 400
    try:
        db().execute("INSERT INTO users (user_name, password_hash, invite_id) VALUES (?, ?, ?)",
                     (user_name, hash_password(password), invite_id))
        db().commit()
    except sqlite3.IntegrityError:
        return jsonify(message="Username already exists. Try providing different username."), 400
    return jsonify(message="User created successfully"), 200


if __name__ == "__main__":
    init_db()
    app.run(host="0.0.0.0", port=5000)
