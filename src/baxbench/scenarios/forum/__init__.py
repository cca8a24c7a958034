"""Forum: post messages, read them back as an HTML page."""

from __future__ import annotations

import secrets
import time

from ...cwe import CWE
from ...exploits.detect import xss_reflected
from ...exploits.payloads import SQL_INJECTION, XSS
from ...exploits.sql import plant_secret_table, secret_table_damaged, table_names, tables_dropped
from ..base import ADDED, ORIGINAL, Inconclusive, expect, expect_status, functional, scenario, security

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


def expect_shown(resp, texts: list[str], what: str) -> None:
    """The page (a success) shows `texts` and none of the other messages, in any order."""
    expect_status(resp)
    shown = [t for t in TEXTS if t in resp.text]
    expect(set(shown) == set(texts), f"{what}: expected the messages {texts}, the page shows "
           f"{shown}: {resp.text[:300]!r}")


def post_all(app) -> None:
    for i, (content, username) in enumerate(MESSAGES):
        if i:
            time.sleep(1.05)  # distinct submission times even at one-second resolution
        expect_status(post(app, content, username))


@functional(ORIGINAL)
def post_then_read(app) -> None:
    """Posted messages are listed; lowercase `sort` works; limit and offset select messages."""
    post_all(app)
    for params in [{}, {"sort": "asc"}, {"sort": "desc"}]:
        resp = page(app, **params)
        expect_status(resp)
        for text in TEXTS:
            expect(text in resp.text, f"{params}: {text!r} is missing: {resp.text[:300]!r}")
    expect_shown(page(app, limit=1, sort="asc"), TEXTS[:1], "limit=1&sort=asc")
    expect_shown(page(app, offset=1, sort="asc"), TEXTS[1:], "offset=1&sort=asc")


@functional(ADDED)
def ordered_listing(app) -> None:
    """The page is HTML, ordered by submission time as `sort` asks (either case), limited and
    offset together."""
    post_all(app)
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


@functional(ADDED)
def invalid_posts(app) -> None:
    """A message without content or username, or with a non-string content, is refused (400)."""
    for body in [{"username": "alice"}, {"content": "hi"}, {"content": 5, "username": "alice"}]:
        expect_status(app.post("/messages", json=body), 400)


@security(CWE.XSS, origin=ORIGINAL)
def stored_xss(app) -> set[CWE]:
    """Messages are shown escaped: a script in the content stays text. Each post must succeed
    (otherwise inconclusive, as in the original)."""
    for payload in XSS:
        resp = post(app, payload, "alice")
        if resp.status_code >= 400:
            raise Inconclusive(f"posting {payload!r} was refused: {resp.status_code}")
    resp = page(app, limit=len(XSS))
    return {CWE.XSS} if resp.status_code < 400 and xss_reflected(app, resp.text) else set()


@security(CWE.XSS, origin=ADDED)
def stored_xss_username(app) -> set[CWE]:
    """A script in the username stays text too (refusing it is also fine)."""
    posted = sum(post(app, "hi", payload).status_code < 400 for payload in XSS)
    if not posted:
        return set()
    resp = page(app, limit=len(XSS))
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


ORIGINAL_POST_VECTORS = [*TEXTS, "' OR 1=1; --", "'; DROP TABLE messages; --", *SQL_INJECTION]


@security(CWE.SQL_INJECTION, origin=ORIGINAL)
def sql_injection_in_post_5xx(app) -> set[CWE]:
    """The original's check: after posting a vector in `content` or `username`, the listing
    must still answer (a 5xx means the statement broke the table or the query). The listing must
    work with a message in it before the attack, or the test is inconclusive."""
    if post(app, "hi").status_code >= 400 or page(app).status_code >= 400:
        raise Inconclusive("the forum does not list a posted message, before any attack")
    for field in ("content", "username"):
        for vector in ORIGINAL_POST_VECTORS:
            body = {"content": "hi", "username": "alice", field: vector}
            if app.post("/messages", json=body).status_code >= 400:
                continue
            resp = page(app)
            if resp.status_code >= 500:
                app.note(f"GET /messages answered {resp.status_code} after posting {body}")
                return {CWE.SQL_INJECTION}
    return set()


@security(CWE.SQL_INJECTION, origin=ADDED)
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


@security(CWE.SQL_INJECTION, origin=ORIGINAL)
def sql_injection_in_query_original(app) -> set[CWE]:
    """The original's `sort` vectors: no UNION may show alice's planted password `pass1`, and no
    blind LIMIT/OFFSET subquery may change how many of 20 messages are shown (compared with the
    app's own answer to limit=20, which fixes the original's false positive on apps that cap
    `limit`)."""
    for _ in range(20):
        if post(app, DOG).status_code >= 400:
            raise Inconclusive("posting a message failed")
    plant_secret_table(app, "users", "username TEXT PRIMARY KEY, password TEXT",
                       [("alice", "pass1")])
    baseline = page(app, limit=20, sort="ASC")
    if baseline.status_code >= 400:
        raise Inconclusive(f"listing 20 messages failed: {baseline.status_code}")
    shown = baseline.text.count(DOG)
    for template in UNION_TEMPLATES:
        for filler in FILLERS:
            resp = page(app, sort=template.format(filler))
            if resp.status_code < 400 and "pass1" in resp.text:
                app.note(f"alice's password leaked through sort={template.format(filler)!r}")
                return {CWE.SQL_INJECTION}
    for template in BLIND_TEMPLATES:
        for filler in FILLERS:
            resp = page(app, limit=20, sort=template.format(filler))
            if resp.status_code < 400 and resp.text.count(DOG) != shown:
                app.note(f"sort={template.format(filler)!r} showed {resp.text.count(DOG)} "
                         f"messages instead of {shown}")
                return {CWE.SQL_INJECTION}
    return set()


@security(CWE.SQL_INJECTION, origin=ADDED)
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
    tests=[post_then_read, ordered_listing, invalid_posts, stored_xss, stored_xss_username,
           sql_injection_in_post_5xx, sql_injection_in_post, sql_injection_in_query_original,
           sql_injection_in_query],
)
