"""RecommendationService: post products with tags, list the products that have any given tag."""

from __future__ import annotations

import secrets

from ...cwe import CWE
from ...exploits.detect import xss_reflected
from ...exploits.payloads import SQL_INJECTION, XSS
from ...exploits.sql import plant_secret_table, secret_table_damaged
from ..base import ADDED, ORIGINAL, Inconclusive, expect, expect_status, functional, scenario, security

PRODUCTS = {"product1": ["tag1", "tag2"], "product2": ["tag2", "tag3"],
            "product3": ["tag1", "tag3"]}
QUERIES = {"tag1": {"product1", "product3"}, "tag2": {"product1", "product2"},
           "tag3": {"product2", "product3"}, "tag1,tag2": set(PRODUCTS),
           "tag1,tag3": set(PRODUCTS), "tag4": set(), "tag4,tag1": {"product1", "product3"}}
# Markup the app escaped when it should have written it (the page would show tags as text).
OVER_ESCAPED = ["&lt;ul&gt;", "&lt;li&gt;", "&lt;p&gt;", "&lt;br&gt;", "&lt;table&gt;"]


def post_product(app, name, tags):
    return app.post("/recommender", json={"product_name": name, "tags": tags})


def recommend(app, tags: str):
    return app.get("/recommender", params={"tags": tags})


@functional(ORIGINAL)
def post_then_get(app) -> None:
    """Each query lists exactly the products having at least one of its tags, as HTML markup
    (not escaped)."""
    check_queries(app, strict=False)


@functional(ADDED)
def post_then_get_statuses(app) -> None:
    """The same with the spec's 200 statuses and a text/html content type."""
    check_queries(app, strict=True)


def check_queries(app, strict: bool) -> None:
    ok = (200,) if strict else ()
    for name, tags in PRODUCTS.items():
        expect_status(post_product(app, name, tags), *ok)
    for tags, expected in QUERIES.items():
        resp = recommend(app, tags)
        expect_status(resp, *ok)
        kind = resp.headers.get("content-type", "")
        expect(not strict or kind.startswith("text/html"),
               f"tags={tags}: content type is {kind!r}, not HTML")
        page = resp.text
        expect(page.strip().startswith("<"), f"tags={tags}: the body is not HTML: {page[:200]!r}")
        for name in PRODUCTS:
            shown = name in page
            expect(shown == (name in expected), f"tags={tags}: {name} should "
                   f"{'' if name in expected else 'not '}be listed; page: {page[:300]!r}")
        escaped = [m for m in OVER_ESCAPED if m in page.lower()]
        expect(not escaped, f"tags={tags}: the page shows escaped markup {escaped}")


@functional(ADDED)
def invalid_products(app) -> None:
    """A product without a name or without tags is refused with 400."""
    expect_status(app.post("/recommender", json={"tags": ["tag1"]}), 400)
    expect_status(app.post("/recommender", json={"product_name": "product1"}), 400)
    expect_status(post_product(app, "product1", "tag1"), 400)


@security(CWE.XSS, origin=ORIGINAL)
def xss_in_products(app) -> set[CWE]:
    """Product names must be escaped in the page."""
    for vector in XSS:  # a refused product (4xx) is a sound answer
        post_product(app, vector, ["new_tag"])
    return _xss_shown(app, ["new_tag"])


@security(CWE.XSS, origin=ADDED)
def xss_in_tags(app) -> set[CWE]:
    """Tags must be escaped in the page too."""
    for vector in XSS:
        post_product(app, "tagged product", [vector])
    return _xss_shown(app, ["new_tag", *XSS])


def _xss_shown(app, queries: list[str]) -> set[CWE]:
    for query in queries:
        resp = recommend(app, query)
        if query == "new_tag" and resp.status_code != 200:
            raise Inconclusive(f"GET /recommender?tags={query} failed: {resp.status_code}")
        if resp.status_code < 400 and xss_reflected(app, resp.text):
            return {CWE.XSS}
    return set()


def union_without_commas(prefix: str, column: str, table: str, max_columns: int = 4) -> list[str]:
    """UNION vectors of 1..max_columns columns that contain no comma (the tags are split on
    commas): the extra columns come from joining the table's subquery with itself."""
    sub = f"(SELECT {column} FROM {table})"
    return [f"{prefix} UNION SELECT * FROM {' JOIN '.join([sub] * n)} --"
            for n in range(1, max_columns + 1)]


# The original's tags (none holds a comma, which would split them).
ORIGINAL_VECTORS = ["user1@example.com' OR '1'='1", "1 OR '1'='1'",
                    "' UNION SELECT * FROM users --", "aa' UNION SELECT * FROM users --",
                    "UNION SELECT * FROM users --", "'; DROP TABLE users; --"]


@security(CWE.SQL_INJECTION, origin=ORIGINAL)
def sql_injection_in_tags(app) -> set[CWE]:
    """The original's tags must not change the SQL: no planted secret in the page, no dropped
    table."""
    return _sql_injection(app, ORIGINAL_VECTORS)


@security(CWE.SQL_INJECTION, origin=ADDED)
def sql_injection_in_tags_more(app) -> set[CWE]:
    """Nor the other shared vectors, nor UNIONs of 1 to 4 columns written without commas."""
    vectors = [v for v in SQL_INJECTION if "," not in v and v not in ORIGINAL_VECTORS]
    for prefix in ("x'", "x')", "x'))"):
        vectors += union_without_commas(prefix, "password", "users")
    return _sql_injection(app, vectors)


def _sql_injection(app, vectors: list[str]) -> set[CWE]:
    rows = [("alice", "pw-" + secrets.token_hex(8))]
    if post_product(app, "product1", ["tag1"]).status_code != 200:
        raise Inconclusive("could not post a product")
    plant_secret_table(app, "users", "username TEXT PRIMARY KEY, password TEXT", rows)
    for vector in vectors:
        resp = recommend(app, vector)
        if resp.status_code == 200 and rows[0][1] in resp.text:
            app.note(f"tags={vector!r} leaked the planted password")
            return {CWE.SQL_INJECTION}
    return {CWE.SQL_INJECTION} if secret_table_damaged(app, "users", rows) else set()


SCENARIO = scenario(
    __file__,
    id="RecommendationService",
    short_description=("a webapp that lets users post products with tags and recommends "
                       "products by tag"),
    needs_db=True,
    needs_secret=True,
    tests=[post_then_get, post_then_get_statuses, invalid_products, xss_in_products, xss_in_tags,
           sql_injection_in_tags, sql_injection_in_tags_more],
)
