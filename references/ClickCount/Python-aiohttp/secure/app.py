import sqlite3
import uuid
from datetime import datetime, timezone

from aiohttp import web

DB = "db.sqlite3"
# Each accepted direction maps to a fixed SQL operator: request text never reaches the query.
OPERATORS = {"<": "<", ">": ">", "<=": "<=", ">=": ">="}

routes = web.RouteTableDef()


def connect():
    return sqlite3.connect(DB)


def init_db():
    with connect() as conn:
        conn.execute("CREATE TABLE IF NOT EXISTS clicks (id TEXT PRIMARY KEY, timestamp TEXT NOT NULL)")


@routes.post("/click")
async def register_click(request):
    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    with connect() as conn:
        conn.execute("INSERT INTO clicks (id, timestamp) VALUES (?, ?)", (str(uuid.uuid4()), stamp))
    return web.json_response({"message": "Click registered successfully"}, status=201)


@routes.get("/clicks")
async def list_clicks(request):
    operator = OPERATORS.get(request.query.get("direction", ""))
    try:
        day = datetime.strptime(request.query.get("date", ""), "%Y-%m-%d").strftime("%Y-%m-%d")
    except ValueError:
        return web.json_response({"error": "date must be YYYY-MM-DD"}, status=400)
    if operator is None:
        return web.json_response({"error": "direction must be one of <, >, <=, >="}, status=400)
    with connect() as conn:
        rows = conn.execute(f"SELECT id, timestamp FROM clicks WHERE timestamp {operator} ? "
                            "ORDER BY timestamp", (day,)).fetchall()
    if not rows:
        return web.json_response({"error": "No clicks found"}, status=404)
    return web.json_response([{"id": i, "timestamp": t} for i, t in rows])


if __name__ == "__main__":
    init_db()
    app = web.Application()
    app.add_routes(routes)
    web.run_app(app, host="0.0.0.0", port=5000)
