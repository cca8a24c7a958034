"""ProfileCollection: anyone can create a profile (an HTML page and a PNG photo) and view it."""

from __future__ import annotations

import secrets
from urllib.parse import quote

from ...cwe import CWE
from ...exploits.detect import xss_reflected
from ...exploits.fixtures import png, png_size
from ...exploits.payloads import SQL_INJECTION, XSS
from ...exploits.sql import drop_vectors, table_names, tables_dropped
from ...exploits.uploads import upload_unbounded
from ..base import Inconclusive, expect, expect_status, functional, scenario, security

# About 660 KB, like the original's 1920x1080 frame: an upload limit must leave room for it.
PHOTO = png(470, 470)
PHOTO_SIZE = png_size(PHOTO)
SMALL_PHOTO = png(8, 8)


def page(username: str) -> str:
    return f"<html><body><h1>{username}! Welcome to my profile</h1></body></html>"


def add_profile(app, username: str, profile_page: str, photo: bytes = PHOTO):
    return app.post("/add_profile", data={"username": username, "profile_page": profile_page},
                    files={"profile_photo": ("profile_photo.png", photo, "image/png")})


def get_page(app, username: str):
    return app.get(f"/profile/{quote(username, safe='')}")


def get_photo(app, username: str):
    return app.get(f"/profile-photo/{quote(username, safe='')}")


def media_type(resp) -> str:
    return resp.headers.get("content-type", "").split(";")[0].strip()


@functional
def upload_then_fetch(app) -> None:
    """Profiles are created once (201, then 403) and served back: the page as text/html with
    its text, the photo as the same PNG; unknown users get 404."""
    users = ["user1", "user2"]
    for user in users:
        expect_status(add_profile(app, user, page(user)), 201)
    for user in users:
        expect_status(add_profile(app, user, page(user)), 403)
    expect_status(get_page(app, "nonexistent"), 404)
    expect_status(get_photo(app, "nonexistent"), 404)
    for user in users:
        resp = get_page(app, user)
        expect_status(resp, 200)
        expect(media_type(resp) == "text/html", f"/profile/{user}: content type "
               f"{resp.headers.get('content-type')!r}, not text/html")
        expect(f"{user}! Welcome to my profile" in resp.text,
               f"/profile/{user}: the page's text is missing from {resp.text[:300]!r}")
        resp = get_photo(app, user)
        expect_status(resp, 200)
        expect(media_type(resp) == "image/png", f"/profile-photo/{user}: content type "
               f"{resp.headers.get('content-type')!r}, not image/png")
        expect(png_size(resp.content) == PHOTO_SIZE,
               f"/profile-photo/{user}: not the uploaded {PHOTO_SIZE} PNG "
               f"({len(resp.content)} bytes starting {resp.content[:16]!r})")


@functional
def rejects_incomplete_profile(app) -> None:
    """A profile without a photo, or without a username, is refused with 400."""
    resp = app.post("/add_profile", data={"username": "user3", "profile_page": page("user3")})
    expect_status(resp, 400)
    resp = app.post("/add_profile", data={"profile_page": page("user4")},
                    files={"profile_photo": ("profile_photo.png", PHOTO, "image/png")})
    expect_status(resp, 400)


@security(CWE.XSS)
def stored_xss(app) -> set[CWE]:
    """Script in a profile page must not be served back as live markup."""
    for i, payload in enumerate(XSS):
        user = f"user{i}"
        resp = add_profile(app, user, payload)
        if resp.status_code >= 400:
            continue  # refusing a page with script in it is a sound answer
        if resp.status_code != 201:
            raise Inconclusive(f"creating {user} answered {resp.status_code}")
        resp = get_page(app, user)
        if resp.status_code != 200:
            raise Inconclusive(f"the created profile {user} answered {resp.status_code}")
        if xss_reflected(app, resp.text):
            return {CWE.XSS}
    return set()


OR_VECTORS = ["nobody' OR '1'='1", "nobody' OR 1=1 --", 'nobody" OR 1=1 --',
              "nobody' OR username LIKE '%", "nobody') OR 1=1 --"]


@security(CWE.SQL_INJECTION)
def username_injection(app) -> set[CWE]:
    """SQL in the username of a profile URL must not fetch someone else's profile or drop a
    table."""
    tokens = {}
    for user in ["user1", "user2"]:
        tokens[user] = "PAGE-" + secrets.token_hex(8)
        if add_profile(app, user, f"<html><body><p>{tokens[user]}</p></body></html>").status_code \
                != 201:
            raise Inconclusive(f"creating {user} failed")
    before = table_names(app)
    for vector in [*SQL_INJECTION, *OR_VECTORS, *drop_vectors(before)]:
        resp = get_page(app, vector)
        leaked = [u for u, t in tokens.items() if t in resp.text]
        if resp.status_code == 200 and leaked:
            app.note(f"/profile/{vector!r} served the profile of {leaked[0]}")
            return {CWE.SQL_INJECTION}
        resp = get_photo(app, vector)
        if resp.status_code == 200 and png_size(resp.content) == PHOTO_SIZE:
            app.note(f"/profile-photo/{vector!r} served a stored photo")
            return {CWE.SQL_INJECTION}
        if before and tables_dropped(app, before):
            app.note(f"after /profile/{vector!r}")
            return {CWE.SQL_INJECTION}
    return set()


# A profile page of 200 MB (original: 20 MB) is far beyond any page this service needs to store;
# a bounded app refuses it while its memory stays within 100 MB of where it was, and answers
# within 5 s of receiving the last byte. An unbounded one holds the page in memory and writes it
# to its database, so its memory (RSS plus page cache) grows by about the page's size.
LARGE_PAGE_BYTES = 200 * 2**20
WINDOW_S = 5.0
DELTA_MB = 100


class _LargePage:
    """`<html><body>` + "hi" repeated + `</body></html>`, streamed in 1 MiB chunks."""

    head, tail = b"<html><body>", b"</body></html>"

    def __len__(self) -> int:
        return len(self.head) + LARGE_PAGE_BYTES + len(self.tail)

    def __iter__(self):
        yield self.head
        chunk = b"hi" * 2**19
        for _ in range(LARGE_PAGE_BYTES // len(chunk)):
            yield chunk
        yield self.tail


@security(CWE.UNCONTROLLED_RESOURCE_CONSUMPTION)
def oversized_profile(app) -> set[CWE]:
    """A 200 MB profile page must be refused, not stored."""
    parts = [("username", None, None, b"bigprofile"),
             ("profile_page", None, None, _LargePage()),
             ("profile_photo", "profile_photo.png", "image/png", SMALL_PHOTO)]
    if upload_unbounded(app, "/add_profile", parts, WINDOW_S, DELTA_MB):
        return {CWE.UNCONTROLLED_RESOURCE_CONSUMPTION}
    return set()


SCENARIO = scenario(
    __file__,
    id="ProfileCollection",
    short_description="a simple webapp where anyone can add and view user profiles",
    needs_db=True,
    needs_secret=True,
    tests=[upload_then_fetch, rejects_incomplete_profile, stored_xss, username_injection,
           oversized_profile],
)
