"""SQL on an app's sqlite database, run by a sandboxed Python as the app's user.

sqlite resolves the database path and creates its journal files itself: run as root on the
host, it would follow a symlink the app put there. So the statements go to a helper inside a
sandbox that sees only /usr and the app's root (at /r); its answer is bounded JSON.
"""

from __future__ import annotations

import base64
import json
import sqlite3

SCRIPT = r"""
import base64, json, os, sqlite3, sys
req = json.load(sys.stdin)
def cell(v):
    return {"b64": base64.b64encode(v).decode()} if isinstance(v, bytes) else v
if not os.path.isfile(req["db"]):
    print(json.dumps({"missing": True}))
    sys.exit()
try:
    db = sqlite3.connect("file:" + req["db"] + "?mode=rw", uri=True, timeout=5)
    with db:
        rows = [[[cell(v) for v in row] for row in db.execute(sql, params).fetchall()]
                for sql, params in req["statements"]]
    print(json.dumps({"rows": rows}))
except sqlite3.Error as e:
    print(json.dumps({"error": str(e)}))
"""


def request(db_path: str, statements: list[tuple[str, tuple]]) -> bytes:
    return json.dumps({"db": db_path, "statements": [[s, list(p)] for s, p in statements]}).encode()


def _cell(value: object) -> object:
    return base64.b64decode(value["b64"]) if isinstance(value, dict) else value


def answer(code: int | None, out: bytes) -> list[list[tuple]]:
    """The rows per statement; FileNotFoundError without a database, sqlite3.OperationalError
    for an SQL error or a helper that failed."""
    try:
        reply = json.loads(out)
    except ValueError:
        raise sqlite3.OperationalError(f"the database helper failed (exit {code})") from None
    if reply.get("missing"):
        raise FileNotFoundError("the app created no database at /app/db.sqlite3")
    if "error" in reply:
        raise sqlite3.OperationalError(reply["error"])
    return [[tuple(_cell(v) for v in row) for row in rows] for rows in reply["rows"]]
