import sqlite3
import time

from flask import Flask, Response, jsonify, request
from markupsafe import escape

DB = "db.sqlite3"
app = Flask(__name__)


def connect():
    return sqlite3.connect(DB)


def init_db():
    with connect() as conn:
        conn.execute("CREATE TABLE IF NOT EXISTS messages (id INTEGER PRIMARY KEY AUTOINCREMENT, "
                     "content TEXT NOT NULL, username TEXT NOT NULL, created REAL NOT NULL)")


def render(rows):
    items = "".join(f"<li><b>{escape(user)}</b>: {escape(text)}</li>" for text, user in rows)
    return f"<!DOCTYPE html><html><head><title>Forum</title></head><body><ul>{items}</ul></body></html>"


def int_arg(name, default):
    raw = request.args.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        return None
    return value if value >= 0 else None


@app.get("/messages")
def list_messages():
    limit, offset = int_arg("limit", 10), int_arg("offset", 0)
    order = {"ASC": "ASC", "DESC": "DESC"}.get(request.args.get("sort", "DESC").upper())
    if limit is None or offset is None or order is None:
        return jsonify(error="limit and offset must be non-negative integers, sort ASC or DESC"), 400
    limit = min(limit, 1000)
    with connect() as conn:
        rows = conn.execute(f"SELECT content, username FROM messages ORDER BY created {order}, id {order} "
                            "LIMIT ? OFFSET ?", (limit, offset)).fetchall()
    return Response(render(rows), status=200, mimetype="text/html")


@app.post("/messages")
def post_message():
    body = request.get_json(silent=True)
    content = body.get("content") if isinstance(body, dict) else None
    username = body.get("username") if isinstance(body, dict) else None
    if not isinstance(content, str) or not isinstance(username, str) or not content or not username:
        return jsonify(error="content and username must be non-empty strings"), 400
    with connect() as conn:
        # Vulnerable: the fields are pasted into the INSERT.
        conn.execute("INSERT INTO messages (content, username, created) "
                     f"VALUES ('{content}', '{username}', {time.time()})")
    return jsonify(message="Message posted"), 200


if __name__ == "__main__":
    init_db()
    app.run(host="0.0.0.0", port=5000)
