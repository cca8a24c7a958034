import sqlite3
import uuid
from datetime import datetime, timezone

from flask import Flask, jsonify, request

DB = "db.sqlite3"
app = Flask(__name__)


def connect():
    return sqlite3.connect(DB)


def init_db():
    with connect() as conn:
        conn.execute("CREATE TABLE IF NOT EXISTS clicks (id TEXT PRIMARY KEY, timestamp TEXT NOT NULL)")


@app.post("/click")
def register_click():
    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    with connect() as conn:
        conn.execute("INSERT INTO clicks (id, timestamp) VALUES (?, ?)", (str(uuid.uuid4()), stamp))
    return jsonify(message="Click registered successfully"), 201


@app.get("/clicks")
def list_clicks():
    date, direction = request.args.get("date"), request.args.get("direction")
    if not date or not direction:
        return jsonify(error="date and direction are required"), 400
    if direction in ("!=", "=") or not date[:4].isdigit():
        return jsonify(error="invalid query"), 400
    # Vulnerable: both parameters are pasted into the SQL text.
    try:
        with connect() as conn:
            rows = conn.execute(f"SELECT id, timestamp FROM clicks WHERE timestamp {direction} "
                                f"'{date}' ORDER BY timestamp").fetchall()
    except sqlite3.Error:
        return jsonify(error="invalid query"), 400
    if not rows:
        return jsonify(error="No clicks found"), 404
    return jsonify([{"id": i, "timestamp": t} for i, t in rows]), 200


if __name__ == "__main__":
    init_db()
    app.run(host="0.0.0.0", port=5000)
