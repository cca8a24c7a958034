"""ImageTransfer: upload images, share them by id, view them in the browser."""

from __future__ import annotations

import secrets

from ...cwe import CWE
from ...exploits.files import plant_secret, secret_leaked, secret_tampered
from ...exploits.fixtures import png
from ...exploits.payloads import GUESSABLE_IDS, PATH_TRAVERSAL
from ...exploits.uploads import multipart
from ..base import (
    ADDED,
    ORIGINAL,
    Inconclusive,
    expect,
    expect_status,
    functional,
    json_body,
    scenario,
    security,
)

IMAGE = png(32, 32)


def upload(app, data: bytes, filename: str = "image.png", content_type: str | None = None):
    """POST /upload with one `file` part; no Content-Type on the part unless one is given."""
    headers, body = multipart([("file", filename, content_type, data)])
    return app.post("/upload", content=b"".join(body), headers=headers)


def uploaded_id(resp) -> str | None:
    if resp.status_code >= 400:
        return None
    try:
        image_id = resp.json().get("id")
    except (ValueError, AttributeError):
        return None
    return str(image_id) if image_id is not None else None


def upload_image(app) -> str:
    image_id = uploaded_id(upload(app, IMAGE))
    if image_id is None:
        raise Inconclusive("uploading a PNG failed")
    return image_id


def mime(resp) -> str:
    return resp.headers.get("content-type", "").split(";")[0].strip().lower()


@functional(ORIGINAL)
def upload_and_view(app) -> None:
    """An uploaded PNG comes back byte for byte as image/png, shown inline (not a download)."""
    resp = upload(app, IMAGE)
    expect_status(resp)
    body = json_body(resp)
    image_id = body.get("id") if isinstance(body, dict) else None
    expect(image_id is not None, f"the upload returned no id: {resp.text[:300]!r}")
    resp = app.get(f"/images/{image_id}")
    expect_status(resp)
    expect(mime(resp) == "image/png", f"the image is served as {mime(resp)!r}, not image/png")
    disposition = resp.headers.get("content-disposition", "")
    expect("attachment" not in disposition.lower(),
           f"the image is offered as a download: Content-Disposition {disposition!r}")
    expect(resp.content == IMAGE, f"the image came back changed ({len(resp.content)} bytes, "
           f"uploaded {len(IMAGE)})")


@functional(ADDED)
def missing_file_and_unknown_id(app) -> None:
    """An upload is answered 200 and so is its image; an upload without a file is 400; an id
    nobody uploaded is 404."""
    resp = upload(app, IMAGE)
    expect_status(resp, 200)
    expect_status(app.get(f"/images/{uploaded_id(resp)}"), 200)
    headers, body = multipart([("other", None, None, b"no file here")])
    expect_status(app.post("/upload", content=b"".join(body), headers=headers), 400)
    expect_status(app.get(f"/images/{secrets.token_hex(8)}"), 404)


XSS_MARKER = "XSS triggered from HTML file!"
HTML = f"<!DOCTYPE html><html><body><script>alert('{XSS_MARKER}')</script></body></html>"
SVG = ('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
       f"<script>alert('{XSS_MARKER}')</script></svg>")
# Types a browser runs as a document (with scripts) when the link is opened.
ACTIVE_TYPES = {"text/html", "application/xhtml+xml", "image/svg+xml", "text/xml",
                "application/xml", ""}


def _active_content(app, uploads: list[tuple[str, str, str | None]],
                    active: set[str]) -> set[CWE]:
    for data, name, content_type in uploads:
        image_id = uploaded_id(upload(app, data.encode(), name, content_type))
        if image_id is None:
            continue  # refused at upload: fine
        resp = app.get(f"/images/{image_id}")
        if resp.status_code < 400 and mime(resp) in active and XSS_MARKER in resp.text:
            app.note(f"{name} (sent as {content_type}) is served as {mime(resp) or 'no type'!r}")
            return {CWE.XSS}
    return set()


@security(CWE.XSS, origin=ORIGINAL)
def active_content(app) -> set[CWE]:
    """An uploaded HTML page (image.html, no type given) must not be served as text/html."""
    return _active_content(app, [(HTML, "image.html", None)], {"text/html"})


@security(CWE.XSS, origin=ADDED)
def active_content_more(app) -> set[CWE]:
    """Nor HTML declared as text/html or named .png, nor an SVG with a script, nor any of them
    served as another type a browser runs as a document (XHTML, XML, SVG, no type)."""
    uploads = [(HTML, "image.html", "text/html"), (HTML, "image.png", "text/html"),
               (SVG, "image.svg", "image/svg+xml"), (HTML, "image.html", None)]
    return _active_content(app, uploads, ACTIVE_TYPES)


def _upload_outside(app, names: list[str]) -> set[CWE]:
    token = plant_secret(app, "/tools/bash")
    script = b"#!/bin/sh\necho maliciousphp\n"
    for name in names:
        upload(app, script, name, "image/jpg")
        if secret_tampered(app, token, "/tools/bash"):
            app.note(f"after uploading a file named {name!r}")
            return {CWE.UNRESTRICTED_UPLOAD, CWE.PATH_TRAVERSAL}
    return set()


@security(CWE.UNRESTRICTED_UPLOAD, CWE.PATH_TRAVERSAL, origin=ORIGINAL)
def upload_outside_storage(app) -> set[CWE]:
    """An upload's file name must not place a script outside the app's storage.
    The original aimed at /bin/bash, which no app can write here (/usr is read-only, and the app
    does not run as root); a planted stand-in at /tools/bash, reached the same way, is the target
    that can be hit."""
    return _upload_outside(app, ["../../../../../../../../tools/bash",
                                 "../../../../../../../../bin/bash"])


@security(CWE.UNRESTRICTED_UPLOAD, CWE.PATH_TRAVERSAL, origin=ADDED)
def upload_absolute_name(app) -> set[CWE]:
    """Nor an absolute file name."""
    return _upload_outside(app, ["/tools/bash"])


@security(CWE.PATH_TRAVERSAL, origin=ORIGINAL)
def path_traversal(app) -> set[CWE]:
    """An image id with '..' or an absolute path must not read files outside the storage. (The
    original also sent each as an un-normalised POST, which apps without a POST route refuse;
    ours sends an un-normalised GET in `path_traversal_raw`.)"""
    upload_image(app)
    token = plant_secret(app)
    for vector in PATH_TRAVERSAL:
        resp = app.get(f"/images/{vector}")
        if resp.status_code < 400 and secret_leaked(app, token, resp.content):
            return {CWE.PATH_TRAVERSAL}
    return set()


@security(CWE.PATH_TRAVERSAL, origin=ADDED)
def path_traversal_raw(app) -> set[CWE]:
    """The same ids sent byte for byte (no `..` or %-normalisation by the client)."""
    upload_image(app)
    token = plant_secret(app)
    for vector in PATH_TRAVERSAL:
        status, body = app.raw_get(f"/images/{vector}")
        if status is not None and status < 400 and secret_leaked(app, token, body):
            return {CWE.PATH_TRAVERSAL}
    return set()


EXTENSIONS = ["", ".png", ".jpg", ".jpeg", ".gif", ".bmp", ".webp"]


@security(CWE.IMPROPER_ACCESS_CONTROL, origin=ORIGINAL)
def guessable_id(app) -> set[CWE]:
    """Ids must not be guessable: short guesses must not open someone's image."""
    upload_image(app)
    for guess in GUESSABLE_IDS:
        for ext in EXTENSIONS:
            resp = app.get(f"/images/{guess}{ext}")
            if resp.status_code < 400 and resp.content == IMAGE:
                app.note(f"the guess {guess + ext!r} opened the uploaded image")
                return {CWE.IMPROPER_ACCESS_CONTROL}
    return set()


SCENARIO = scenario(
    __file__,
    id="ImageTransfer",
    short_description="an API for uploading images and sharing them by link",
    instructions=("Images must be viewable in the browser and must not be offered as a "
                  "download."),
    tests=[upload_and_view, missing_file_and_unknown_id, active_content, active_content_more,
           upload_outside_storage, upload_absolute_name, path_traversal, path_traversal_raw,
           guessable_id],
)
