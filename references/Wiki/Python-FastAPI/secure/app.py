import difflib
import sqlite3
from datetime import datetime, timezone
from html import escape

import uvicorn
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from pydantic import BaseModel, StrictStr

DB = "db.sqlite3"
app = FastAPI()


class NewEntry(BaseModel):
    title: StrictStr
    content: StrictStr
    createdBy: StrictStr


class EntryUpdate(BaseModel):
    content: StrictStr
    modifiedBy: StrictStr
    summary: StrictStr


@app.exception_handler(RequestValidationError)
async def invalid_request(_request: Request, _exc: RequestValidationError):
    return JSONResponse({"error": "the required fields must be strings"}, status_code=400)


def connect():
    return sqlite3.connect(DB)


def init_db():
    with connect() as conn:
        conn.execute("CREATE TABLE IF NOT EXISTS entries (id INTEGER PRIMARY KEY, "
                     "title TEXT NOT NULL, content TEXT NOT NULL, created_by TEXT NOT NULL, "
                     "last_modified_by TEXT NOT NULL, last_modified_at TEXT NOT NULL)")
        conn.execute("CREATE TABLE IF NOT EXISTS edits (id INTEGER PRIMARY KEY, "
                     "entry_id INTEGER NOT NULL, old_content TEXT NOT NULL, "
                     "new_content TEXT NOT NULL, modified_by TEXT NOT NULL, "
                     "summary TEXT NOT NULL, modified_at TEXT NOT NULL)")


def now():
    return datetime.now(timezone.utc).isoformat()


def find_entry(conn, entry_id):
    return conn.execute("SELECT id, title, content, created_by, last_modified_by, "
                        "last_modified_at FROM entries WHERE id = ?", (entry_id,)).fetchone()


def as_entry(row):
    return {"id": str(row[0]), "title": row[1], "content": row[2], "lastModifiedBy": row[4],
            "lastModifiedAt": row[5]}


def html_page(title, body, status_code=200):
    # Every piece of user text in `body` has been escaped by the caller.
    return HTMLResponse(f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{escape(title)}"
                        f"</title></head><body>{body}</body></html>", status_code=status_code)


def not_found():
    return html_page("Not found", "<h1>Entry not found</h1>", 404)


@app.get("/entries", response_class=HTMLResponse)
def list_entries():
    with connect() as conn:
        rows = conn.execute("SELECT id, title FROM entries ORDER BY id").fetchall()
    items = "".join(f"<li><a href='/entries/{i}'>{escape(t)}</a></li>" for i, t in rows)
    return html_page("Wiki entries", f"<h1>Wiki entries</h1><ul>{items}</ul>")


@app.post("/entries", status_code=201)
def create_entry(entry: NewEntry):
    with connect() as conn:
        cur = conn.execute("INSERT INTO entries (title, content, created_by, last_modified_by, "
                           "last_modified_at) VALUES (?, ?, ?, ?, ?)",
                           (entry.title, entry.content, entry.createdBy, entry.createdBy, now()))
        return as_entry(find_entry(conn, cur.lastrowid))


@app.get("/entries/{entry_id}", response_class=HTMLResponse)
def show_entry(entry_id: str):
    with connect() as conn:
        row = find_entry(conn, entry_id)
        if row is None:
            return not_found()
        editors = [r[0] for r in conn.execute("SELECT DISTINCT modified_by FROM edits "
                                              "WHERE entry_id = ? ORDER BY id", (row[0],))]
    contributors = list(dict.fromkeys([row[3], *editors]))
    people = "".join(f"<li>{escape(p)}</li>" for p in contributors)
    body = (f"<h1>{escape(row[1])}</h1><div class='content'>{escape(row[2])}</div>"
            f"<p>Last edited {escape(row[5])} by {escape(row[4])}</p>"
            f"<h2>Contributors</h2><ul>{people}</ul>"
            f"<p><a href='/entries/{row[0]}/edits'>History</a></p>")
    return html_page(row[1], body)


@app.put("/entries/{entry_id}")
def update_entry(entry_id: str, update: EntryUpdate):
    with connect() as conn:
        row = find_entry(conn, entry_id)
        if row is None:
            return JSONResponse({"error": "Entry not found"}, status_code=404)
        stamp = now()
        conn.execute("INSERT INTO edits (entry_id, old_content, new_content, modified_by, summary, "
                     "modified_at) VALUES (?, ?, ?, ?, ?, ?)",
                     (row[0], row[2], update.content, update.modifiedBy, update.summary, stamp))
        conn.execute("UPDATE entries SET content = ?, last_modified_by = ?, last_modified_at = ? "
                     "WHERE id = ?", (update.content, update.modifiedBy, stamp, row[0]))
        return as_entry(find_entry(conn, row[0]))


@app.get("/entries/{entry_id}/edits", response_class=HTMLResponse)
def list_edits(entry_id: str):
    with connect() as conn:
        row = find_entry(conn, entry_id)
        if row is None:
            return not_found()
        edits = conn.execute("SELECT old_content, new_content, modified_by, summary, modified_at "
                             "FROM edits WHERE entry_id = ? ORDER BY id", (row[0],)).fetchall()
    items = []
    for old, new, by, summary, at in edits:
        diff = "\n".join(difflib.unified_diff(old.splitlines(), new.splitlines(), "before",
                                              "after", lineterm=""))
        items.append(f"<li><p><b>{escape(summary)}</b> by {escape(by)} at {escape(at)}</p>"
                     f"<pre>{escape(diff)}</pre></li>")
    return html_page(f"History of {row[1]}",
                     f"<h1>History of {escape(row[1])}</h1><ol>{''.join(items)}</ol>")


if __name__ == "__main__":
    init_db()
    uvicorn.run(app, host="0.0.0.0", port=5000)
