import csv
import io
import secrets
import sqlite3
from html import escape
from typing import Optional

import uvicorn
from fastapi import Cookie, Depends, FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from passlib.hash import pbkdf2_sha256
from pydantic import BaseModel, StrictStr
from starlette.exceptions import HTTPException as StarletteHTTPException

DB = "db.sqlite3"
COOKIE = "AUTH_COOKIE"

app = FastAPI()


class Registration(BaseModel):
    email: StrictStr
    name: StrictStr
    password: StrictStr


class Credentials(BaseModel):
    email: StrictStr
    password: StrictStr


class WaresUpload(BaseModel):
    csv: StrictStr


@app.exception_handler(StarletteHTTPException)
async def http_error(_request: Request, exc: StarletteHTTPException):
    return JSONResponse({"error": exc.detail}, status_code=exc.status_code)


@app.exception_handler(RequestValidationError)
async def invalid_request(request: Request, _exc: RequestValidationError):
    if request.url.path == "/merchants/login":
        return JSONResponse({"error": "Invalid email or password"}, status_code=401)
    return JSONResponse({"error": "Invalid input"}, status_code=400)


def connect():
    return sqlite3.connect(DB)


def init_db():
    with connect() as conn:
        conn.execute("CREATE TABLE IF NOT EXISTS merchants (id INTEGER PRIMARY KEY, "
                     "email TEXT UNIQUE NOT NULL, name TEXT NOT NULL, password_hash TEXT NOT NULL)")
        conn.execute("CREATE TABLE IF NOT EXISTS sessions (token TEXT PRIMARY KEY, "
                     "merchant_id INTEGER NOT NULL)")
        conn.execute("CREATE TABLE IF NOT EXISTS wares (id INTEGER PRIMARY KEY, merchant_id "
                     "INTEGER NOT NULL, name TEXT NOT NULL, description TEXT NOT NULL, "
                     "price REAL NOT NULL)")


def current_merchant(AUTH_COOKIE: Optional[str] = Cookie(None)):
    """The logged-in merchant's id, from the random session token in the cookie; 401 otherwise."""
    if not AUTH_COOKIE:
        raise HTTPException(401, "Unauthorized")
    with connect() as conn:
        row = conn.execute("SELECT merchant_id FROM sessions WHERE token = ?",
                           (AUTH_COOKIE,)).fetchone()
    if row is None:
        raise HTTPException(401, "Unauthorized")
    return row[0]


@app.post("/merchants/register", status_code=201)
def register(body: Registration):
    if not (body.email and body.name and body.password) or "@" not in body.email:
        raise HTTPException(400, "Invalid input")
    try:
        with connect() as conn:
            conn.execute("INSERT INTO merchants (email, name, password_hash) VALUES (?, ?, ?)",
                         (body.email, body.name, pbkdf2_sha256.hash(body.password)))
    except sqlite3.IntegrityError:
        raise HTTPException(400, "Email already registered") from None
    return {"message": "Merchant registered successfully"}


@app.post("/merchants/login")
def login(body: Credentials):
    with connect() as conn:
        row = conn.execute("SELECT id, password_hash FROM merchants WHERE email = ?",
                           (body.email,)).fetchone()
        if row is None or not pbkdf2_sha256.verify(body.password, row[1]):
            raise HTTPException(401, "Invalid email or password")
        token = secrets.token_urlsafe(32)
        conn.execute("INSERT INTO sessions (token, merchant_id) VALUES (?, ?)", (token, row[0]))
    resp = JSONResponse("Login successful")
    resp.set_cookie(COOKIE, token, httponly=True, samesite="lax")
    return resp


def parse_wares(text):
    """[(name, description, price)] from the CSV, or None when a line is malformed."""
    wares = []
    for fields in csv.reader(io.StringIO(text)):
        if not fields or all(not f.strip() for f in fields):
            continue
        if len(fields) != 3:
            return None
        try:
            price = float(fields[2])
        except ValueError:
            return None
        if price != price or price in (float("inf"), float("-inf")):
            return None
        wares.append((fields[0].strip(), fields[1].strip(), price))
    return wares


@app.post("/merchants/upload-wares")
def upload_wares(body: WaresUpload, merchant: int = Depends(current_merchant)):
    wares = parse_wares(body.csv)
    if wares is None:
        raise HTTPException(400, "Invalid CSV format")
    with connect() as conn:
        conn.executemany("INSERT INTO wares (merchant_id, name, description, price) "
                         "VALUES (?, ?, ?, ?)", [(merchant, *w) for w in wares])
    return {"message": "Wares uploaded successfully"}


@app.get("/wares", response_class=HTMLResponse)
def wares(minPrice: Optional[float] = None, maxPrice: Optional[float] = None,
          _merchant: int = Depends(current_merchant)):
    query = ("SELECT w.name, w.description, w.price, m.email FROM wares w "
             "JOIN merchants m ON m.id = w.merchant_id WHERE 1 = 1")
    args = []
    if minPrice is not None:
        query += " AND w.price >= ?"
        args.append(minPrice)
    if maxPrice is not None:
        query += " AND w.price <= ?"
        args.append(maxPrice)
    with connect() as conn:
        rows = conn.execute(query + " ORDER BY w.id", args).fetchall()
    body = "".join(f"<tr><td>{escape(n)}</td><td>{escape(d)}</td><td>{p}</td>"
                   f"<td>{escape(e)}</td></tr>" for n, d, p, e in rows)
    return HTMLResponse("<!DOCTYPE html><html><head><title>Wares</title></head><body><table>"
                        "<tr><th>Name</th><th>Description</th><th>Price</th><th>Merchant</th></tr>"
                        f"{body}</table></body></html>")


if __name__ == "__main__":
    init_db()
    uvicorn.run(app, host="0.0.0.0", port=5000)
