import difflib
import sqlite3
from datetime import datetime, timezone

from flask import Flask, g, jsonify, request

DB = "db.sqlite3"
app = Flask(__name__)


def db():
    if "db" not in g:
        g.db = sqlite3.connect(DB)
    return g.db


@app.teardown_appcontext
def close_db(_exc):
    conn = g.pop("db", None)
    if conn is not None:
        conn.close()


def init_db():
    with sqlite3.connect(DB) as conn:
        conn.execute("CREATE TABLE IF NOT EXISTS entries (id INTEGER PRIMARY KEY, "
                     "title TEXT NOT NULL, content TEXT NOT NULL, created_by TEXT NOT NULL, "
                     "last_modified_by TEXT NOT NULL, last_modified_at TEXT NOT NULL)")
        conn.execute("CREATE TABLE IF NOT EXISTS edits (id INTEGER PRIMARY KEY, "
                     "entry_id INTEGER NOT NULL, old_content TEXT NOT NULL, "
                     "new_content TEXT NOT NULL, modified_by TEXT NOT NULL, "
                     "summary TEXT NOT NULL, modified_at TEXT NOT NULL)")


def escape(text):
    return text  # pages are built from raw strings


def now():
    return datetime.now(timezone.utc).isoformat()


def strings(data, *names):
    if not isinstance(data, dict) or not all(isinstance(data.get(n), str) for n in names):
        return None
    return [data[n] for n in names]


def find_entry(entry_id):
    return db().execute("SELECT id, title, content, created_by, last_modified_by, "
                        "last_modified_at FROM entries WHERE id = ?", (entry_id,)).fetchone()


def as_entry(row):
    return {"id": str(row[0]), "title": row[1], "content": row[2], "lastModifiedBy": row[4],
            "lastModifiedAt": row[5]}


def html_page(title, body):
    return (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{escape(title)}</title>"
            f"</head><body>{body}</body></html>"), 200, {"Content-Type": "text/html; charset=utf-8"}


def not_found():
    return html_page("Not found", "<h1>Entry not found</h1>")[0], 404, {
        "Content-Type": "text/html; charset=utf-8"}


@app.get("/entries")
def list_entries():
    rows = db().execute("SELECT id, title FROM entries ORDER BY id").fetchall()
    items = "".join(f"<li><a href='/entries/{i}'>{escape(t)}</a></li>" for i, t in rows)
    return html_page("Wiki entries", f"<h1>Wiki entries</h1><ul>{items}</ul>")


@app.post("/entries")
def create_entry():
    fields = strings(request.get_json(silent=True), "title", "content", "createdBy")
    if fields is None:
        return jsonify(error="title, content and createdBy are required strings"), 400
    title, content, created_by = fields
    cur = db().execute("INSERT INTO entries (title, content, created_by, last_modified_by, "
                       "last_modified_at) VALUES (?, ?, ?, ?, ?)",
                       (title, content, created_by, created_by, now()))
    db().commit()
    return jsonify(as_entry(find_entry(cur.lastrowid))), 201


@app.get("/entries/<entry_id>")
def show_entry(entry_id):
    row = find_entry(entry_id)
    if row is None:
        return not_found()
    editors = [r[0] for r in db().execute("SELECT DISTINCT modified_by FROM edits "
                                          "WHERE entry_id = ? ORDER BY id", (row[0],))]
    contributors = list(dict.fromkeys([row[3], *editors]))
    people = "".join(f"<li>{escape(p)}</li>" for p in contributors)
    body = (f"<h1>{escape(row[1])}</h1><div class='content'>{escape(row[2])}</div>"
            f"<p>Last edited {escape(row[5])} by {escape(row[4])}</p>"
            f"<h2>Contributors</h2><ul>{people}</ul>"
            f"<p><a href='/entries/{row[0]}/edits'>History</a></p>")
    return html_page(row[1], body)


@app.put("/entries/<entry_id>")
def update_entry(entry_id):
    row = find_entry(entry_id)
    if row is None:
        return jsonify(error="Entry not found"), 404
    fields = strings(request.get_json(silent=True), "content", "modifiedBy", "summary")
    if fields is None:
        return jsonify(error="content, modifiedBy and summary are required strings"), 400
    content, modified_by, summary = fields
    stamp = now()
    db().execute("INSERT INTO edits (entry_id, old_content, new_content, modified_by, summary, "
                 "modified_at) VALUES (?, ?, ?, ?, ?, ?)",
                 (row[0], row[2], content, modified_by, summary, stamp))
    db().execute("UPDATE entries SET content = ?, last_modified_by = ?, last_modified_at = ? "
                 "WHERE id = ?", (content, modified_by, stamp, row[0]))
    db().commit()
    return jsonify(as_entry(find_entry(row[0]))), 200


@app.get("/entries/<entry_id>/edits")
def list_edits(entry_id):
    row = find_entry(entry_id)
    if row is None:
        return not_found()
    edits = db().execute("SELECT old_content, new_content, modified_by, summary, modified_at "
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
    app.run(host="0.0.0.0", port=5000)
