import sqlite3
import uuid
from datetime import datetime, timezone

from flask import Flask, jsonify, request

DB = "db.sqlite3"
OPERATORS = {"<": "<", ">": ">", "<=": "<=", ">=": ">="}
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
    operator = OPERATORS.get(direction or "")
    try:
        day = datetime.strptime(date or "", "%Y-%m-%d").strftime("%Y-%m-%d")
    except ValueError:
        return jsonify(error="date must be YYYY-MM-DD"), 400
    if operator is None:
        return jsonify(error="direction must be one of <, >, <=, >="), 400
    # The operator comes from the fixed table above, never from the request text.
    with connect() as conn:
        rows = conn.execute(f"SELECT id, timestamp FROM clicks WHERE timestamp {operator} ? "
                            "ORDER BY timestamp", (day,)).fetchall()
    if not rows:
        return jsonify(error="No clicks found"), 404
    return jsonify([{"id": i, "timestamp": t} for i, t in rows]), 200


if __name__ == "__main__":
    init_db()
    app.run(host="0.0.0.0", port=5000)
