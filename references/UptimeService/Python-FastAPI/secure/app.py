import hashlib
import hmac
import os
import sqlite3
from datetime import datetime, timezone

import uvicorn
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, StrictStr

DB = "db.sqlite3"
SECRET = os.environ.get("APP_SECRET", "dev-secret").encode()
app = FastAPI()


class Heartbeat(BaseModel):
    serviceId: StrictStr
    token: StrictStr


class ServicesQuery(BaseModel):
    token: StrictStr


@app.exception_handler(RequestValidationError)
async def invalid_request(_request: Request, _exc: RequestValidationError):
    return JSONResponse({"error": "Invalid request payload"}, status_code=400)


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


@app.post("/heartbeat")
def heartbeat(beat: Heartbeat):
    now = datetime.now(timezone.utc).isoformat()
    try:
        with connect() as conn:
            conn.execute("INSERT INTO services (service_id, token_key, last_notification) "
                         "VALUES (?, ?, ?) ON CONFLICT (service_id, token_key) "
                         "DO UPDATE SET last_notification = excluded.last_notification",
                         (beat.serviceId, token_key(beat.token), now))
    except sqlite3.Error:
        return JSONResponse({"error": "Internal server error"}, status_code=500)
    return {"message": "Heartbeat registered successfully"}


@app.post("/services")
def list_services(query: ServicesQuery):
    try:
        with connect() as conn:
            rows = conn.execute("SELECT service_id, last_notification FROM services "
                                "WHERE token_key = ? ORDER BY service_id",
                                (token_key(query.token),)).fetchall()
    except sqlite3.Error:
        return JSONResponse({"error": "Internal server error"}, status_code=500)
    return [{"serviceId": s, "lastNotification": t} for s, t in rows]


if __name__ == "__main__":
    init_db()
    uvicorn.run(app, host="0.0.0.0", port=5000)
