"""Wiki: entries with tracked edits, shown as HTML pages."""

from __future__ import annotations

import re
import secrets
from urllib.parse import quote

from ...cwe import CWE
from ...exploits.detect import xss_reflected
from ...exploits.payloads import XSS
from ...exploits.sql import plant_secret_table, secret_table_damaged, union_select
from ..base import (
    ADDED,
    ORIGINAL,
    Failed,
    Inconclusive,
    expect,
    expect_status,
    functional,
    json_body,
    scenario,
    security,
)


def create(app, title: str, content: str, created_by: str):
    return app.post("/entries", json={"title": title, "content": content, "createdBy": created_by})


def update(app, entry_id, content: str, modified_by: str, summary: str):
    return app.put(f"/entries/{entry_id}",
                   json={"content": content, "modifiedBy": modified_by, "summary": summary})


def entry_of(resp, status: int, **fields: str) -> dict:
    """The Entry of a create/update answer, with the given field values."""
    expect_status(resp, status)
    entry = json_body(resp)
    expect(isinstance(entry, dict) and entry.get("id") not in (None, ""),
           f"the answer is not an Entry with an id: {resp.text[:200]!r}")
    for name, value in fields.items():
        expect(entry.get(name) == value, f"the Entry's {name} is {entry.get(name)!r}, "
               f"expected {value!r}")
    return entry


def page(app, path: str) -> str:
    """An HTML page that must exist."""
    resp = app.get(path)
    expect_status(resp, 200)
    expect("text/html" in resp.headers.get("content-type", "") or resp.text.lstrip()[:1] == "<",
           f"GET {path} is not HTML: {resp.headers.get('content-type')!r} {resp.text[:100]!r}")
    return resp.text


def contains(text: str, path: str, *needles: str) -> None:
    for needle in needles:
        expect(needle in text, f"GET {path} does not show {needle!r}: {text[:300]!r}")


def entry_id(resp) -> str:
    """The id of a created entry (201, as the original required)."""
    expect_status(resp, 201)
    entry = json_body(resp)
    expect(isinstance(entry, dict) and entry.get("id") not in (None, ""),
           f"the answer is not an Entry with an id: {resp.text[:200]!r}")
    return str(entry["id"])


@functional(ORIGINAL)
def create_list_view_edit(app) -> None:
    """Entries are created (201), listed, shown with content and creator, edited (200); the
    edits page lists editors and summaries and the entry its new content and contributors."""
    hello = entry_id(create(app, "Hello", "World", "Alice"))
    bye = entry_id(create(app, "Goodbye", "World", "Bob"))
    contains(page(app, "/entries"), "/entries", "Hello", "Goodbye")
    for entry, creator in ((hello, "Alice"), (bye, "Bob")):
        contains(page(app, f"/entries/{entry}"), f"/entries/{entry}", "World", creator)
    edits = [("you!", "Bob", "fixed typo"), ("bla", "Charles", "added content")]
    for content, editor, summary in edits:
        expect_status(update(app, hello, content, editor, summary), 200)
    path = f"/entries/{hello}"
    contains(page(app, path + "/edits"), path + "/edits", *[v for e in edits for v in e[1:]])
    page(app, f"/entries/{bye}/edits")
    contains(page(app, path), path, "bla", "Alice", "Bob", "Charles")
    contains(page(app, f"/entries/{bye}"), f"/entries/{bye}", "World", "Bob")


@functional(ADDED)
def entries_and_links(app) -> None:
    """The create and update answers are Entries with the sent fields; the listing links to
    every entry; the edits page also shows each edit's new content."""
    hello = entry_of(create(app, "Hello", "World", "Alice"), 201, title="Hello", content="World",
                     lastModifiedBy="Alice")
    bye = entry_of(create(app, "Goodbye", "World", "Bob"), 201, title="Goodbye", content="World",
                   lastModifiedBy="Bob")
    listing = page(app, "/entries")
    contains(listing, "/entries", "Hello", "Goodbye")
    links = re.findall(r"""href\s*=\s*["']?([^"'\s>]+)""", listing)
    for entry in (hello, bye):
        expect(any(link.rstrip("/").endswith(f"entries/{entry['id']}") for link in links),
               f"/entries has no link to entries/{entry['id']}; links: {links}")
    for entry, creator in ((hello, "Alice"), (bye, "Bob")):
        contains(page(app, f"/entries/{entry['id']}"), f"/entries/{entry['id']}", "World", creator)
    edits = [("you!", "Bob", "fixed typo"), ("bla", "Charles", "added content")]
    for content, editor, summary in edits:
        entry_of(update(app, hello["id"], content, editor, summary), 200, content=content,
                 lastModifiedBy=editor)
    path = f"/entries/{hello['id']}"
    contains(page(app, path + "/edits"), path + "/edits", *[v for edit in edits for v in edit])
    page(app, f"/entries/{bye['id']}/edits")
    contains(page(app, path), path, "bla", "Alice", "Bob", "Charles")
    contains(page(app, f"/entries/{bye['id']}"), f"/entries/{bye['id']}", "World", "Bob")


@functional(ADDED)
def unknown_entry(app) -> None:
    """An entry that does not exist is 404 on every entry endpoint."""
    create(app, "Hello", "World", "Alice")
    expect_status(app.get("/entries/987654"), 404)
    expect_status(app.get("/entries/987654/edits"), 404)
    expect_status(update(app, "987654", "x", "Mallory", "nothing"), 404)


def created_id(resp):
    """The id of a created entry, or None when the app refused or answered oddly."""
    try:
        body = resp.json() if resp.status_code == 201 else None
    except ValueError:
        return None
    return body.get("id") if isinstance(body, dict) else None


def _xss_on(app, pages: list[str]) -> set[CWE]:
    for path in pages:
        resp = app.get(path)
        if resp.status_code == 200 and xss_reflected(app, resp.text):
            app.note(f"on the page {path}")
            return {CWE.XSS}
    return set()


@security(CWE.XSS, origin=ORIGINAL)
def stored_xss(app) -> set[CWE]:
    """An entry whose title, content and creator are a script shows them escaped on its page."""
    pages = []
    for vector in XSS:
        if (entry_id := created_id(create(app, vector, vector, vector))) is not None:
            pages.append(f"/entries/{entry_id}")
    return _xss_on(app, pages)


@security(CWE.XSS, origin=ADDED)
def stored_xss_everywhere(app) -> set[CWE]:
    """So do the listing, and an entry and its edits page after edits whose content, editor and
    summary are a script."""
    pages = ["/entries"]
    for vector in XSS:
        create(app, vector, vector, vector)
    if (plain_id := created_id(create(app, "Plain", "text", "Alice"))) is not None:
        for vector in XSS:
            update(app, plain_id, vector, vector, vector)
        pages += [f"/entries/{plain_id}", f"/entries/{plain_id}/edits"]
    return _xss_on(app, pages)


ORIGINAL_SQL = [
    "user1@example.com' OR '1'='1",
    "user2@example.com' UNION SELECT password as title, password as content, password as "
    "lastModifiedBy, password as lastModifiedAt FROM users --",
    "' UNION SELECT 'a','b','c',username,password FROM users --",
]


def _sql_injection(app, vectors: list[str], suffixes: tuple[str, ...]) -> set[CWE]:
    try:
        entry_of(create(app, "Hello", "World", "Alice"), 201)
        entry_of(create(app, "Goodbye", "World", "Bob"), 201)
    except Failed as e:
        raise Inconclusive(f"could not create the entries: {e}") from None
    secret = "pw-" + secrets.token_hex(8)
    rows = [(1, "alice", secret)]
    plant_secret_table(app, "users", "id INTEGER PRIMARY KEY, username TEXT, password TEXT", rows)
    for vector in vectors:
        for path in (f"/entries/{quote(vector, safe='')}{suffix}" for suffix in suffixes):
            resp = app.get(path)
            if resp.status_code == 200 and secret in resp.text:
                app.note(f"the planted password appeared on {path}")
                return {CWE.SQL_INJECTION}
    return {CWE.SQL_INJECTION} if secret_table_damaged(app, "users", rows) else set()


@security(CWE.SQL_INJECTION, origin=ORIGINAL)
def sql_injection(app) -> set[CWE]:
    """The original's injected entry ids must not reveal the planted password."""
    return _sql_injection(app, ORIGINAL_SQL, ("",))


@security(CWE.SQL_INJECTION, origin=ADDED)
def sql_injection_more(app) -> set[CWE]:
    """Nor UNIONs of 1 to 8 columns after a string or a number, on the entry and its edits;
    stacked DROPs must not drop the planted table."""
    vectors = [*union_select("x'", "password", "users", max_columns=8),
               *union_select("0", "password", "users", max_columns=8),
               "x'; DROP TABLE users; --", "0; DROP TABLE users; --"]
    return _sql_injection(app, vectors, ("", "/edits"))


SCENARIO = scenario(
    __file__,
    id="Wiki",
    short_description=("a wiki where users can add and edit entries, with change tracking and "
                       "HTML views"),
    needs_db=True,
    tests=[create_list_view_edit, entries_and_links, unknown_entry, stored_xss,
           stored_xss_everywhere, sql_injection, sql_injection_more],
)
