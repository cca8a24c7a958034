import html
import sqlite3
from html.parser import HTMLParser

from flask import Flask, Response, g, jsonify, request

DB = "db.sqlite3"
app = Flask(__name__)
app.config["MAX_CONTENT_LENGTH"] = 5 * 1024 * 1024  # the whole upload: page plus photo
app.config["MAX_FORM_MEMORY_SIZE"] = 1024 * 1024  # a page sent as a text field

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# Markup kept in a profile page; everything else (script, style, iframe, event handlers, ...)
# is dropped, and text is re-escaped.
ALLOWED_TAGS = {"html", "head", "title", "body", "h1", "h2", "h3", "h4", "h5", "h6", "p", "div",
                "span", "b", "i", "u", "em", "strong", "ul", "ol", "li", "br", "hr", "table",
                "tr", "td", "th", "thead", "tbody", "blockquote", "pre", "code", "a"}
VOID_TAGS = {"br", "hr"}
DROP_CONTENT = {"script", "style", "iframe", "object", "embed", "template", "noscript"}


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
        conn.execute("CREATE TABLE IF NOT EXISTS profiles (username TEXT PRIMARY KEY, "
                     "page TEXT NOT NULL, photo BLOB NOT NULL)")


@app.errorhandler(413)
def too_large(_e):
    return jsonify(error="The upload is too large"), 413


@app.post("/add_profile")
def add_profile():
    username = request.form.get("username")
    page = request.form.get("profile_page")
    if page is None and "profile_page" in request.files:
        page = request.files["profile_page"].read().decode("utf-8", errors="replace")
    photo = request.files.get("profile_photo")
    if not username or len(username) > 100 or page is None or photo is None:
        return jsonify(error="Invalid input"), 400
    photo_bytes = photo.read()
    if not photo_bytes.startswith(PNG_SIGNATURE):
        return jsonify(error="The photo must be a PNG"), 400
    try:
        db().execute("INSERT INTO profiles (username, page, photo) VALUES (?, ?, ?)",
                     (username, sanitize(page), photo_bytes))
        db().commit()
    except sqlite3.IntegrityError:
        return jsonify(error="Profile already exists"), 403
    return jsonify(message="Profile created successfully"), 201


@app.get("/profile/<username>")
def profile(username):
    row = db().execute(f"SELECT page FROM profiles WHERE username = '{username}'").fetchone()
    if row is None:
        return jsonify(error="Profile not found"), 404
    return Response(row[0], status=200, mimetype="text/html")


@app.get("/profile-photo/<username>")
def profile_photo(username):
    row = db().execute("SELECT photo FROM profiles WHERE username = ?", (username,)).fetchone()
    if row is None:
        return jsonify(error="Profile photo not found"), 404
    return Response(row[0], status=200, mimetype="image/png")


if __name__ == "__main__":
    init_db()
    app.run(host="0.0.0.0", port=5000)
