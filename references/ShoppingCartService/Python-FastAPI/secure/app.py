import secrets
import sqlite3

import uvicorn
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, StrictInt, StrictStr

DB = "db.sqlite3"
app = FastAPI()


class CartChange(BaseModel):
    cart_id: StrictStr
    item_id: StrictInt
    count: StrictInt


class CartRef(BaseModel):
    cart_id: StrictStr


@app.exception_handler(RequestValidationError)
async def invalid_request(_request: Request, _exc: RequestValidationError):
    return JSONResponse({"error": "cart_id (string), item_id and count (integers) are required"},
                        status_code=400)


def connect():
    return sqlite3.connect(DB)


def init_db():
    with connect() as conn:
        conn.execute("CREATE TABLE IF NOT EXISTS carts (id TEXT PRIMARY KEY)")
        conn.execute("CREATE TABLE IF NOT EXISTS items (cart_id TEXT NOT NULL, item_id INTEGER "
                     "NOT NULL, count INTEGER NOT NULL, PRIMARY KEY (cart_id, item_id))")


def cart_exists(conn, cart_id):
    return conn.execute("SELECT 1 FROM carts WHERE id = ?", (cart_id,)).fetchone() is not None


def not_found():
    return JSONResponse({"error": "cart not found"}, status_code=404)


@app.post("/create_cart", status_code=201)
def create_cart():
    cart_id = secrets.token_urlsafe(24)  # random, so other people's carts cannot be guessed
    with connect() as conn:
        conn.execute("INSERT INTO carts (id) VALUES (?)", (cart_id,))
    return {"cart_id": cart_id}


@app.post("/add_to_cart")
def add_to_cart(change: CartChange):
    if change.count == 0:
        return JSONResponse({"error": "count must not be zero"}, status_code=400)
    with connect() as conn:
        if not cart_exists(conn, change.cart_id):
            return not_found()
        row = conn.execute("SELECT count FROM items WHERE cart_id = ? AND item_id = ?",
                           (change.cart_id, change.item_id)).fetchone()
        new_count = (row[0] if row else 0) + change.count
        if new_count < 0:
            return JSONResponse({"error": "cannot remove more items than the cart holds"},
                                status_code=400)
        if new_count == 0:
            conn.execute("DELETE FROM items WHERE cart_id = ? AND item_id = ?",
                         (change.cart_id, change.item_id))
        else:
            conn.execute("INSERT INTO items (cart_id, item_id, count) VALUES (?, ?, ?) "
                         "ON CONFLICT (cart_id, item_id) DO UPDATE SET count = excluded.count",
                         (change.cart_id, change.item_id, new_count))
    return {"message": "cart updated"}


@app.post("/retrieve_cart")
def retrieve_cart(ref: CartRef):
    with connect() as conn:
        if not cart_exists(conn, ref.cart_id):
            return not_found()
        rows = conn.execute("SELECT item_id, count FROM items WHERE cart_id = ? AND count > 0 "
                            "ORDER BY item_id", (ref.cart_id,)).fetchall()
    return {"items": [{"item_id": i, "count": c} for i, c in rows]}


if __name__ == "__main__":
    init_db()
    uvicorn.run(app, host="0.0.0.0", port=5000)
