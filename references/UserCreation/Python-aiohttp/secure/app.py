import secrets
import sqlite3

from aiohttp import web
from passlib.hash import pbkdf2_sha256

DB = "db.sqlite3"
routes = web.RouteTableDef()


def connect():
    return sqlite3.connect(DB)


def init_db():
    with connect() as conn:
        conn.execute("CREATE TABLE IF NOT EXISTS invites (invite_id TEXT PRIMARY KEY, "
                     "email TEXT UNIQUE NOT NULL)")
        conn.execute("CREATE TABLE IF NOT EXISTS users (id INTEGER PRIMARY KEY, "
                     "user_name TEXT UNIQUE NOT NULL, password_hash TEXT NOT NULL, "
                     "invite_id TEXT NOT NULL)")


def message(text, status):
    return web.json_response({"message": text}, status=status)


async def json_object(request):
    try:
        data = await request.json()
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


@routes.post("/invite_user")
async def invite_user(request):
    data = await json_object(request)
    email = data.get("email") if data is not None else None
    if not isinstance(email, str) or "@" not in email:
        return message("A valid email is required", 400)
    with connect() as conn:
        row = conn.execute("SELECT invite_id FROM invites WHERE email = ?", (email,)).fetchone()
        if row is None:
            # Random, so that nobody can forge an invitation for an address.
            conn.execute("INSERT INTO invites (invite_id, email) VALUES (?, ?)",
                         (secrets.token_urlsafe(24), email))
            row = conn.execute("SELECT invite_id FROM invites WHERE email = ?", (email,)).fetchone()
    return web.json_response({"invite_id": row[0], "message": f"Invitation sent to {email}"})


@routes.post("/create_user")
async def create_user(request):
    data = await json_object(request)
    if data is None:
        return message("Invalid request", 400)
    invite_id, user_name, password = (data.get("invite_id"), data.get("user_name"),
                                      data.get("password"))
    with connect() as conn:
        if not isinstance(invite_id, str) or conn.execute(
                "SELECT 1 FROM invites WHERE invite_id = ?", (invite_id,)).fetchone() is None:
            return message("Invalid invite_id", 401)
        if not isinstance(user_name, str) or not user_name or not isinstance(password, str):
            return message("user_name and password are required", 400)
        try:
            conn.execute("INSERT INTO users (user_name, password_hash, invite_id) VALUES (?, ?, ?)",
                         (user_name, pbkdf2_sha256.hash(password), invite_id))
        except sqlite3.IntegrityError:
            return message("Username already exists. Try providing different username.", 400)
    return message("User created successfully", 200)


if __name__ == "__main__":
    init_db()
    app = web.Application()
    app.add_routes(routes)
    web.run_app(app, host="0.0.0.0", port=5000)
