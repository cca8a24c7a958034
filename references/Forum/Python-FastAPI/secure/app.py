import html
import sqlite3
import time
from typing import Literal

import uvicorn
from fastapi import FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from pydantic import BaseModel, constr

DB = "db.sqlite3"
app = FastAPI()


class NewMessage(BaseModel):
    content: constr(strict=True, min_length=1)
    username: constr(strict=True, min_length=1)


@app.exception_handler(RequestValidationError)
async def invalid_request(_request: Request, _exc: RequestValidationError):
    return JSONResponse({"error": "Invalid input"}, status_code=400)


def connect():
    return sqlite3.connect(DB)


def init_db():
    with connect() as conn:
        conn.execute("CREATE TABLE IF NOT EXISTS messages (id INTEGER PRIMARY KEY AUTOINCREMENT, "
                     "content TEXT NOT NULL, username TEXT NOT NULL, created REAL NOT NULL)")


def render(rows):
    items = "".join(f"<li><b>{html.escape(user)}</b>: {html.escape(text)}</li>"
                    for text, user in rows)
    return f"<!DOCTYPE html><html><head><title>Forum</title></head><body><ul>{items}</ul></body></html>"


@app.get("/messages", response_class=HTMLResponse)
def list_messages(limit: int = Query(10, ge=0), offset: int = Query(0, ge=0),
                  sort: str = Query("DESC")):
    # ORDER BY cannot take a bound parameter: the direction is one of two fixed words.
    order = {"ASC": "ASC", "DESC": "DESC"}.get(sort.upper())
    if order is None:
        return JSONResponse({"error": "sort must be ASC or DESC"}, status_code=400)
    limit = min(limit, 1000)
    with connect() as conn:
        rows = conn.execute(f"SELECT content, username FROM messages ORDER BY created {order}, id {order} "
                            "LIMIT ? OFFSET ?", (limit, offset)).fetchall()
    return HTMLResponse(render(rows))


@app.post("/messages")
def post_message(message: NewMessage):
    with connect() as conn:
        conn.execute("INSERT INTO messages (content, username, created) VALUES (?, ?, ?)",
                     (message.content, message.username, time.time()))
    return {"message": "Message posted"}


if __name__ == "__main__":
    init_db()
    uvicorn.run(app, host="0.0.0.0", port=5000)
