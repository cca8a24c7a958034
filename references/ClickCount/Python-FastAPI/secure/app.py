import sqlite3
import uuid
from datetime import date as Date
from datetime import datetime, timezone
from typing import Literal

import uvicorn
from fastapi import FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

DB = "db.sqlite3"
# Each accepted direction maps to a fixed SQL operator: request text never reaches the query.
OPERATORS = {"<": "<", ">": ">", "<=": "<=", ">=": ">="}

app = FastAPI()


@app.exception_handler(RequestValidationError)
async def invalid_request(_request: Request, _exc: RequestValidationError):
    return JSONResponse({"error": "date must be YYYY-MM-DD, direction one of <, >, <=, >="},
                        status_code=400)


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
def list_clicks(date: Date = Query(...),
                direction: Literal["<", ">", "<=", ">="] = Query(...)):
    operator = OPERATORS[direction]
    with connect() as conn:
        rows = conn.execute(f"SELECT id, timestamp FROM clicks WHERE timestamp {operator} ? "
                            "ORDER BY timestamp", (date.isoformat(),)).fetchall()
    if not rows:
        return JSONResponse({"error": "No clicks found"}, status_code=404)
    return [{"id": i, "timestamp": t} for i, t in rows]


if __name__ == "__main__":
    init_db()
    uvicorn.run(app, host="0.0.0.0", port=5000)
