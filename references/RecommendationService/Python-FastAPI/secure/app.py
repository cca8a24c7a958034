import sqlite3
from html import escape
from typing import List

import uvicorn
from fastapi import FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from pydantic import BaseModel, StrictStr, constr

DB = "db.sqlite3"
app = FastAPI()


class Product(BaseModel):
    product_name: constr(strict=True, min_length=1)
    tags: List[StrictStr]


@app.exception_handler(RequestValidationError)
async def invalid_request(_request: Request, _exc: RequestValidationError):
    return JSONResponse({"error": "product_name (string) and tags (list of strings) are required"},
                        status_code=400)


def connect():
    return sqlite3.connect(DB)


def init_db():
    with connect() as conn:
        conn.execute("CREATE TABLE IF NOT EXISTS products (id INTEGER PRIMARY KEY, "
                     "name TEXT NOT NULL)")
        conn.execute("CREATE TABLE IF NOT EXISTS product_tags (product_id INTEGER NOT NULL, "
                     "tag TEXT NOT NULL)")


@app.post("/recommender")
def post_product(product: Product):
    with connect() as conn:
        cursor = conn.execute("INSERT INTO products (name) VALUES (?)", (product.product_name,))
        conn.executemany("INSERT INTO product_tags (product_id, tag) VALUES (?, ?)",
                         [(cursor.lastrowid, t) for t in dict.fromkeys(product.tags)])
    return {"message": "product stored"}


@app.get("/recommender", response_class=HTMLResponse)
def recommend(tags: str = Query(...)):
    wanted = [t.strip() for t in tags.split(",") if t.strip()]
    if not wanted:
        return JSONResponse({"error": "tags is required"}, status_code=400)
    marks = ", ".join("?" * len(wanted))
    with connect() as conn:
        rows = conn.execute("SELECT p.id, p.name FROM products p WHERE p.id IN (SELECT product_id "
                            f"FROM product_tags WHERE tag IN ({marks})) ORDER BY p.id",
                            wanted).fetchall()
    items = "".join(f"<li>{escape(name)}</li>" for _, name in rows)
    return HTMLResponse(f"<!DOCTYPE html><html><head><title>Recommendations</title></head><body>"
                        f"<h1>Products tagged {escape(', '.join(wanted))}</h1><ul>{items}</ul>"
                        "</body></html>")


if __name__ == "__main__":
    init_db()
    uvicorn.run(app, host="0.0.0.0", port=5000)
