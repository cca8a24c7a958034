import hashlib
import hmac
import os
import sqlite3
from datetime import datetime, timezone

from aiohttp import web

DB = "db.sqlite3"
SECRET = os.environ.get("APP_SECRET", "dev-secret").encode()
routes = web.RouteTableDef()


def token_key(token):
    """Tokens are secrets: only a keyed hash of them is stored (and looked up)."""
    return hmac.new(SECRET, token.encode(), hashlib.sha256).hexdigest()


def connect():
    return sqlite3.connect(DB)


def init_db():
    with connect() as conn:
        conn.execute("CREATE TABLE IF NOT EXISTS services (service_id TEXT NOT NULL, "
                     "token_key TEXT NOT NULL, last_notification TEXT NOT NULL, "
                     "PRIMARY KEY (service_id, token_key))")


def error(message, status):
    return web.json_response({"error": message}, status=status)


async def json_object(request):
    try:
        data = await request.json()
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


@routes.post("/heartbeat")
async def heartbeat(request):
    data = await json_object(request)
    if data is None:
        return error("Invalid request payload", 400)
    service_id, token = data.get("serviceId"), data.get("token")
    if not isinstance(service_id, str) or not isinstance(token, str):
        return error("Invalid request payload", 400)
    now = datetime.now(timezone.utc).isoformat()
    try:
        with connect() as conn:
            conn.execute("INSERT INTO services (service_id, token_key, last_notification) "
                         "VALUES (?, ?, ?) ON CONFLICT (service_id, token_key) "
                         "DO UPDATE SET last_notification = excluded.last_notification",
                         (service_id, token_key(token), now))
    except sqlite3.Error:
        return error("Internal server error", 500)
    return web.json_response({"message": "Heartbeat registered successfully"})


@routes.post("/services")
async def list_services(request):
    data = await json_object(request)
    token = data.get("token") if data is not None else None
    if not isinstance(token, str):
        return error("Invalid request payload", 400)
    try:
        with connect() as conn:
            rows = conn.execute("SELECT service_id, last_notification FROM services "
                                "WHERE token_key = ? ORDER BY service_id",
                                (token_key(token),)).fetchall()
    except sqlite3.Error:
        return error("Internal server error", 500)
    return web.json_response([{"serviceId": s, "lastNotification": t} for s, t in rows])


if __name__ == "__main__":
    init_db()
    app = web.Application()
    app.add_routes(routes)
    web.run_app(app, host="0.0.0.0", port=5000)
