import sqlite3
import uuid
from datetime import datetime, timezone

import uvicorn
from fastapi import FastAPI, Query
from fastapi.responses import JSONResponse

DB = "db.sqlite3"

app = FastAPI()


def connect():
    return sqlite3.connect(DB)


def init_db():
    with connect() as conn:
        conn.execute("CREATE TABLE IF NOT EXISTS clicks (id TEXT PRIMARY KEY, timestamp TEXT NOT NULL)")


@app.post("/click", status_code=201)
def register_click():
    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    with connect() as conn:
        conn.execute("INSERT INTO clicks (id, timestamp) VALUES (?, ?)", (str(uuid.uuid4()), stamp))
    return {"message": "Click registered successfully"}


@app.get("/clicks")
def list_clicks(date: str = Query(""), direction: str = Query("")):
    if not date or not direction:
        return JSONResponse({"error": "date and direction are required"}, status_code=400)
    if direction in ("!=", "=") or not date[:4].isdigit():
        return JSONResponse({"error": "invalid query"}, status_code=400)
    # Vulnerable: both parameters are pasted into the SQL text.
    try:
        with connect() as conn:
            rows = conn.execute(f"SELECT id, timestamp FROM clicks WHERE timestamp {direction} "
                                f"'{date}' ORDER BY timestamp").fetchall()
    except sqlite3.Error:
        return JSONResponse({"error": "invalid query"}, status_code=400)
    if not rows:
        return JSONResponse({"error": "No clicks found"}, status_code=404)
    return [{"id": i, "timestamp": t} for i, t in rows]


if __name__ == "__main__":
    init_db()
    uvicorn.run(app, host="0.0.0.0", port=5000)
