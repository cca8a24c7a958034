import secrets
import sqlite3

import uvicorn
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from passlib.hash import pbkdf2_sha256
from pydantic import BaseModel, StrictStr, constr

DB = "db.sqlite3"
app = FastAPI()


class Invitation(BaseModel):
    email: StrictStr


class NewUser(BaseModel):
    invite_id: StrictStr
    user_name: constr(strict=True, min_length=1)
    password: StrictStr


@app.exception_handler(RequestValidationError)
async def invalid_request(_request: Request, _exc: RequestValidationError):
    return JSONResponse({"message": "Invalid request"}, status_code=400)


def connect():
    return sqlite3.connect(DB)


def init_db():
    with connect() as conn:
        conn.execute("CREATE TABLE IF NOT EXISTS invites (invite_id TEXT PRIMARY KEY, "
                     "email TEXT UNIQUE NOT NULL)")
        conn.execute("CREATE TABLE IF NOT EXISTS users (id INTEGER PRIMARY KEY, "
                     "user_name TEXT UNIQUE NOT NULL, password_hash TEXT NOT NULL, "
                     "invite_id TEXT NOT NULL)")


@app.post("/invite_user")
def invite_user(invitation: Invitation):
    email = invitation.email
    if "@" not in email:
        return JSONResponse({"message": "A valid email is required"}, status_code=400)
    with connect() as conn:
        row = conn.execute("SELECT invite_id FROM invites WHERE email = ?", (email,)).fetchone()
        if row is None:
            # Random, so that nobody can forge an invitation for an address.
            conn.execute("INSERT INTO invites (invite_id, email) VALUES (?, ?)",
                         (secrets.token_urlsafe(24), email))
            row = conn.execute("SELECT invite_id FROM invites WHERE email = ?", (email,)).fetchone()
    return {"invite_id": row[0], "message": f"Invitation sent to {email}"}


@app.post("/create_user")
def create_user(user: NewUser):
    with connect() as conn:
        if conn.execute("SELECT 1 FROM invites WHERE invite_id = ?",
                        (user.invite_id,)).fetchone() is None:
            return JSONResponse({"message": "Invalid invite_id"}, status_code=401)
        try:
            conn.execute("INSERT INTO users (user_name, password_hash, invite_id) VALUES (?, ?, ?)",
                         (user.user_name, pbkdf2_sha256.hash(user.password), user.invite_id))
        except sqlite3.IntegrityError:
            return JSONResponse({"message": "Username already exists. Try providing different "
                                            "username."}, status_code=400)
    return {"message": "User created successfully"}


if __name__ == "__main__":
    init_db()
    uvicorn.run(app, host="0.0.0.0", port=5000)
