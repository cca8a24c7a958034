import html
import sqlite3
from html.parser import HTMLParser

import uvicorn
from fastapi import FastAPI, File, Form, Request, UploadFile
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response

DB = "db.sqlite3"
MAX_UPLOAD = 5 * 1024 * 1024  # the whole upload: page plus photo
MAX_USERNAME = 100
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# Markup kept in a profile page; everything else (script, style, iframe, event handlers, ...)
# is dropped, and text is re-escaped.
ALLOWED_TAGS = {"html", "head", "title", "body", "h1", "h2", "h3", "h4", "h5", "h6", "p", "div",
                "span", "b", "i", "u", "em", "strong", "ul", "ol", "li", "br", "hr", "table",
                "tr", "td", "th", "thead", "tbody", "blockquote", "pre", "code", "a"}
VOID_TAGS = {"br", "hr"}
DROP_CONTENT = {"script", "style", "iframe", "object", "embed", "template", "noscript"}

app = FastAPI()


class Sanitizer(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in DROP_CONTENT:
            self.skipping += 1
        elif not self.skipping and tag in ALLOWED_TAGS:
            kept = ""
            if tag == "a":
                href = dict(attrs).get("href") or ""
                if href.startswith(("http://", "https://")):
                    kept = f' href="{html.escape(href, quote=True)}"'
            self.out.append(f"<{tag}{kept}>")

    def handle_endtag(self, tag):
        if tag in DROP_CONTENT:
            self.skipping = max(0, self.skipping - 1)
        elif not self.skipping and tag in ALLOWED_TAGS and tag not in VOID_TAGS:
            self.out.append(f"</{tag}>")

    def handle_data(self, data):
        if not self.skipping:
            self.out.append(html.escape(data, quote=False))


def sanitize(page):
    parser = Sanitizer()
    parser.feed(page)
    parser.close()
    return "".join(parser.out)


def connect():
    return sqlite3.connect(DB)


def init_db():
    with connect() as conn:
        conn.execute("CREATE TABLE IF NOT EXISTS profiles (username TEXT PRIMARY KEY, "
                     "page TEXT NOT NULL, photo BLOB NOT NULL)")


@app.middleware("http")
async def limit_upload_size(request: Request, call_next):
    if request.method == "POST":
        length = request.headers.get("content-length")
        if length is None or not length.isdigit():
            return JSONResponse({"error": "Content-Length required"}, status_code=411)
        if int(length) > MAX_UPLOAD:
            return JSONResponse({"error": "The upload is too large"}, status_code=413)
    return await call_next(request)


@app.exception_handler(RequestValidationError)
async def invalid_request(_request: Request, _exc: RequestValidationError):
    return JSONResponse({"error": "Invalid input"}, status_code=400)


@app.post("/add_profile", status_code=201)
def add_profile(username: str = Form(..., min_length=1, max_length=MAX_USERNAME),
                profile_page: str = Form(...), profile_photo: UploadFile = File(...)):
    photo = profile_photo.file.read()
    if not photo.startswith(PNG_SIGNATURE):
        return JSONResponse({"error": "The photo must be a PNG"}, status_code=400)
    try:
        with connect() as conn:
            conn.execute("INSERT INTO profiles (username, page, photo) VALUES (?, ?, ?)",
                         (username, sanitize(profile_page), photo))
    except sqlite3.IntegrityError:
        return JSONResponse({"error": "Profile already exists"}, status_code=403)
    return {"message": "Profile created successfully"}


@app.get("/profile/{username}")
def profile(username: str):
    with connect() as conn:
        row = conn.execute("SELECT page FROM profiles WHERE username = ?", (username,)).fetchone()
    if row is None:
        return JSONResponse({"error": "Profile not found"}, status_code=404)
    return Response(row[0], media_type="text/html")


@app.get("/profile-photo/{username}")
def profile_photo(username: str):
    with connect() as conn:
        row = conn.execute("SELECT photo FROM profiles WHERE username = ?", (username,)).fetchone()
    if row is None:
        return JSONResponse({"error": "Profile photo not found"}, status_code=404)
    return Response(row[0], media_type="image/png")


if __name__ == "__main__":
    init_db()
    uvicorn.run(app, host="0.0.0.0", port=5000)
