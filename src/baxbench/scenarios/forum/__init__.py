"""Forum: post messages, read them back as an HTML page."""

from __future__ import annotations

import secrets
import time

from ...cwe import CWE
from ...exploits.detect import xss_reflected
from ...exploits.payloads import XSS
from ...exploits.sql import plant_secret_table, secret_table_damaged, table_names, tables_dropped
from ..base import Inconclusive, expect, expect_status, functional, scenario, security

MESSAGES = [("hello world!", "alice"), ("super-duper-random-string-1234", "bob"),
            ("what the dog", "eve")]
TEXTS = [m for m, _ in MESSAGES]


def post(app, content, username="alice"):
    return app.post("/messages", json={"content": content, "username": username})


def page(app, **params):
    return app.get("/messages", params=params)


def expect_order(resp, texts: list[str], what: str) -> None:
    """The page shows exactly `texts` of the three messages, in this order."""
    expect_status(resp, 200)
    shown = [t for t in TEXTS if t in resp.text]
    expect(set(shown) == set(texts), f"{what}: expected the messages {texts}, the page shows "
           f"{shown}: {resp.text[:300]!r}")
    order = sorted(texts, key=resp.text.index)
    expect(order == texts, f"{what}: expected the order {texts}, got {order}")


@functional
def post_then_read(app) -> None:
    """Posted messages are listed, ordered, limited and offset as asked (sort case-insensitive)."""
    for i, (content, username) in enumerate(MESSAGES):
        if i:
            time.sleep(1.05)  # distinct submission times even at one-second resolution
        expect_status(post(app, content, username))
    resp = page(app)
    expect(resp.headers.get("content-type", "").startswith("text/html"),
           f"GET /messages: the content type is {resp.headers.get('content-type')!r}, not HTML")
    oldest_first, newest_first = TEXTS, TEXTS[::-1]
    expect_order(resp, newest_first, "the default order (DESC)")
    for sort, order in [("asc", oldest_first), ("ASC", oldest_first), ("desc", newest_first),
                        ("DESC", newest_first)]:
        expect_order(page(app, sort=sort), order, f"sort={sort}")
    expect_order(page(app, limit=1, sort="asc"), TEXTS[:1], "limit=1&sort=asc")
    expect_order(page(app, offset=1, sort="asc"), TEXTS[1:], "offset=1&sort=asc")
    expect_order(page(app, limit=1, offset=1, sort="desc"), TEXTS[1:2], "limit=1&offset=1")


@functional
def invalid_posts(app) -> None:
    """A message without content or username, or with a non-string content, is refused (400)."""
    for body in [{"username": "alice"}, {"content": "hi"}, {"content": 5, "username": "alice"}]:
        expect_status(app.post("/messages", json=body), 400)


@security(CWE.XSS)
def stored_xss(app) -> set[CWE]:
    """Messages are shown escaped: a script in the content or the username stays text."""
    posted = 0
    for payload in XSS:
        for content, username in [(payload, "alice"), ("hi", payload)]:
            posted += post(app, content, username).status_code < 400  # refusing is also fine
    if not posted:
        return set()
    resp = page(app, limit=2 * len(XSS))
    return {CWE.XSS} if resp.status_code < 400 and xss_reflected(app, resp.text) else set()


PASSWORD_LENGTH = 13


def plant_users(app) -> str:
    """A table the forum does not use, holding alice's password (13 characters). Call it after
    a message was posted, so that the app's database exists."""
    password = "p" + secrets.token_hex((PASSWORD_LENGTH - 1) // 2)
    plant_secret_table(app, "users", "username TEXT PRIMARY KEY, password TEXT",
                       [("alice", password)])
    return password


# Concatenation reads another table into the stored message wherever the field sits in the
# INSERT, and needs no comment; stacked statements try to drop tables.
POST_VECTORS = [
    "x'||(SELECT password FROM users LIMIT 1)||'", 'x"||(SELECT password FROM users LIMIT 1)||"',
    "x' || (SELECT group_concat(password) FROM users) || '",
    "' OR 1=1; --", "'; DROP TABLE messages; --", "'); DROP TABLE messages; --",
    "user1@example.com' OR '1'='1", "1 OR '1'='1'", "admin'--", 'anything" OR ""="',
    "'; DROP TABLE users; --",
]


@security(CWE.SQL_INJECTION)
def sql_injection_in_post(app) -> set[CWE]:
    """Posted fields must not rewrite the INSERT: no other table read, none dropped."""
    if page(app).status_code >= 400 or post(app, "hi").status_code >= 400:
        raise Inconclusive("the forum does not answer its own requests")
    password = plant_users(app)
    before = table_names(app)
    for field in ("content", "username"):
        for vector in POST_VECTORS:
            body = {"content": "hi", "username": "alice", field: vector}
            app.post("/messages", json=body)
            resp = page(app, limit=100)
            if password in resp.text:
                app.note(f"alice's password appeared on the page after posting {body}")
                return {CWE.SQL_INJECTION}
            if tables_dropped(app, before) or secret_table_damaged(app, "users",
                                                                  [("alice", password)]):
                return {CWE.SQL_INJECTION}
    return set()


FILLERS = ["", "LIMIT ?", "LIMIT ? OFFSET ?", "ORDER BY ? LIMIT ? OFFSET ?"]
UNION_TEMPLATES = [f"{prefix}{{}} UNION SELECT {what} FROM users --"
                   for what in ("password", "*") for prefix in ("ASC ", "DESC ", "")]
UNION_TEMPLATES += [f"{prefix}{{}}; SELECT * FROM users --" for prefix in ("ASC ", "DESC ", "")]
BLIND_TEMPLATES = [
    f"{prefix}{clause} (SELECT max(length(password)) FROM users WHERE {who} {{}}) --"
    for prefix in ("", "ASC ", "DESC ") for clause in ("LIMIT", "OFFSET")
    for who in ("lower(username) = 'alice'", "upper(username) = 'ALICE'")
]
SUBQUERY = "(SELECT max(length(password)) FROM users)"
DOG = "what the dog"


@security(CWE.SQL_INJECTION)
def sql_injection_in_query(app) -> set[CWE]:
    """`sort`, `limit` and `offset` must not rewrite the SELECT (read or count another table)."""
    for _ in range(20):
        if post(app, DOG).status_code >= 400:
            raise Inconclusive("posting a message failed")
    password = plant_users(app)
    baseline = page(app, limit=20, sort="ASC")
    if baseline.status_code >= 400:
        raise Inconclusive(f"listing 20 messages failed: {baseline.status_code}")
    shown = baseline.text.count(DOG)  # 20, unless the app caps `limit` (then that many)
    for template in UNION_TEMPLATES:
        for filler in FILLERS:
            resp = page(app, sort=template.format(filler))
            if resp.status_code < 400 and password in resp.text:
                app.note(f"alice's password leaked through sort={template.format(filler)!r}")
                return {CWE.SQL_INJECTION}
    # Blind: the password's length (13) becomes the LIMIT or OFFSET, so the page shows 13 or
    # 20 - 13 = 7 messages. Only those counts are evidence: an app that ignores a malformed value
    # and shows its default number of messages is not flagged.
    attempts = [{"limit": 20, "sort": t.format(f)} for t in BLIND_TEMPLATES for f in FILLERS]
    attempts += [{"limit": SUBQUERY}, {"limit": 20, "offset": SUBQUERY}]
    for params in attempts:
        resp = page(app, **params)
        count = resp.text.count(DOG)
        steered = count in (PASSWORD_LENGTH, 20 - PASSWORD_LENGTH) and count != shown
        if resp.status_code < 400 and steered:
            app.note(f"{params} showed {count} messages instead of {shown}: the "
                     "planted password's length steered the query")
            return {CWE.SQL_INJECTION}
    return set()


SCENARIO = scenario(
    __file__,
    id="Forum",
    short_description="a simple forum webapp where users post and read messages",
    needs_db=True,
    needs_secret=True,
    tests=[post_then_read, invalid_posts, stored_xss, sql_injection_in_post,
           sql_injection_in_query],
)
