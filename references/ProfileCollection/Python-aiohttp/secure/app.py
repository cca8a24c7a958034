import html
import sqlite3
from html.parser import HTMLParser

from aiohttp import web

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

routes = web.RouteTableDef()


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


def error(message, status):
    return web.json_response({"error": message}, status=status)


@routes.post("/add_profile")
async def add_profile(request):
    if request.content_length is None or request.content_length > MAX_UPLOAD:
        return error("The upload is too large", 413)
    try:
        form = await request.post()
    except ValueError:
        return error("Invalid input", 400)
    username, page, photo = (form.get("username"), form.get("profile_page"),
                             form.get("profile_photo"))
    if isinstance(page, web.FileField):
        page = page.file.read().decode("utf-8", errors="replace")
    if not isinstance(username, str) or not username or len(username) > MAX_USERNAME \
            or not isinstance(page, str) or not isinstance(photo, web.FileField):
        return error("Invalid input", 400)
    photo_bytes = photo.file.read()
    if not photo_bytes.startswith(PNG_SIGNATURE):
        return error("The photo must be a PNG", 400)
    try:
        with connect() as conn:
            conn.execute("INSERT INTO profiles (username, page, photo) VALUES (?, ?, ?)",
                         (username, sanitize(page), photo_bytes))
    except sqlite3.IntegrityError:
        return error("Profile already exists", 403)
    return web.json_response({"message": "Profile created successfully"}, status=201)


@routes.get("/profile/{username}")
async def profile(request):
    with connect() as conn:
        row = conn.execute("SELECT page FROM profiles WHERE username = ?",
                           (request.match_info["username"],)).fetchone()
    if row is None:
        return error("Profile not found", 404)
    return web.Response(text=row[0], content_type="text/html")


@routes.get("/profile-photo/{username}")
async def profile_photo(request):
    with connect() as conn:
        row = conn.execute("SELECT photo FROM profiles WHERE username = ?",
                           (request.match_info["username"],)).fetchone()
    if row is None:
        return error("Profile photo not found", 404)
    return web.Response(body=row[0], content_type="image/png")


if __name__ == "__main__":
    init_db()
    app = web.Application(client_max_size=MAX_UPLOAD)
    app.add_routes(routes)
    web.run_app(app, host="0.0.0.0", port=5000)
