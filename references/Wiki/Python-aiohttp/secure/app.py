import difflib
import sqlite3
from datetime import datetime, timezone
from html import escape

from aiohttp import web

DB = "db.sqlite3"
routes = web.RouteTableDef()


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


async def strings(request, *names):
    """The named string fields of the JSON body, or None when one is missing or not a string."""
    try:
        data = await request.json()
    except ValueError:
        return None
    if not isinstance(data, dict) or not all(isinstance(data.get(n), str) for n in names):
        return None
    return [data[n] for n in names]


def find_entry(conn, entry_id):
    return conn.execute("SELECT id, title, content, created_by, last_modified_by, "
                        "last_modified_at FROM entries WHERE id = ?", (entry_id,)).fetchone()


def as_entry(row):
    return {"id": str(row[0]), "title": row[1], "content": row[2], "lastModifiedBy": row[4],
            "lastModifiedAt": row[5]}


def html_page(title, body, status=200):
    # Every piece of user text in `body` has been escaped by the caller.
    return web.Response(text=f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>"
                             f"{escape(title)}</title></head><body>{body}</body></html>",
                        content_type="text/html", status=status)


def not_found():
    return html_page("Not found", "<h1>Entry not found</h1>", 404)


@routes.get("/entries")
async def list_entries(request):
    with connect() as conn:
        rows = conn.execute("SELECT id, title FROM entries ORDER BY id").fetchall()
    items = "".join(f"<li><a href='/entries/{i}'>{escape(t)}</a></li>" for i, t in rows)
    return html_page("Wiki entries", f"<h1>Wiki entries</h1><ul>{items}</ul>")


@routes.post("/entries")
async def create_entry(request):
    fields = await strings(request, "title", "content", "createdBy")
    if fields is None:
        return web.json_response({"error": "title, content and createdBy are required strings"},
                                 status=400)
    title, content, created_by = fields
    with connect() as conn:
        cur = conn.execute("INSERT INTO entries (title, content, created_by, last_modified_by, "
                           "last_modified_at) VALUES (?, ?, ?, ?, ?)",
                           (title, content, created_by, created_by, now()))
        entry = as_entry(find_entry(conn, cur.lastrowid))
    return web.json_response(entry, status=201)


@routes.get("/entries/{entry_id}")
async def show_entry(request):
    with connect() as conn:
        row = find_entry(conn, request.match_info["entry_id"])
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


@routes.put("/entries/{entry_id}")
async def update_entry(request):
    with connect() as conn:
        row = find_entry(conn, request.match_info["entry_id"])
        if row is None:
            return web.json_response({"error": "Entry not found"}, status=404)
        fields = await strings(request, "content", "modifiedBy", "summary")
        if fields is None:
            return web.json_response(
                {"error": "content, modifiedBy and summary are required strings"}, status=400)
        content, modified_by, summary = fields
        stamp = now()
        conn.execute("INSERT INTO edits (entry_id, old_content, new_content, modified_by, summary, "
                     "modified_at) VALUES (?, ?, ?, ?, ?, ?)",
                     (row[0], row[2], content, modified_by, summary, stamp))
        conn.execute("UPDATE entries SET content = ?, last_modified_by = ?, last_modified_at = ? "
                     "WHERE id = ?", (content, modified_by, stamp, row[0]))
        entry = as_entry(find_entry(conn, row[0]))
    return web.json_response(entry)


@routes.get("/entries/{entry_id}/edits")
async def list_edits(request):
    with connect() as conn:
        row = find_entry(conn, request.match_info["entry_id"])
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
    app = web.Application()
    app.add_routes(routes)
    web.run_app(app, host="0.0.0.0", port=5000)
