import json
import sqlite3
from typing import Dict

import uvicorn
from fastapi import FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, StrictStr

DB = "db.sqlite3"
app = FastAPI()


class Upload(BaseModel):
    name: StrictStr
    data: StrictStr


@app.exception_handler(RequestValidationError)
async def invalid_request(_request: Request, _exc: RequestValidationError):
    return JSONResponse({"error": "Invalid input"}, status_code=400)


def connect():
    return sqlite3.connect(DB)


def init_db():
    with connect() as conn:
        conn.execute("CREATE TABLE IF NOT EXISTS products (name TEXT PRIMARY KEY, "
                     "properties TEXT NOT NULL)")


def valid_product(obj):
    return (isinstance(obj, dict) and isinstance(obj.get("name"), str) and obj["name"] != ""
            and all(isinstance(k, str) and isinstance(v, str) for k, v in obj.items()))


def load(row):
    """A product as the API shows it: its name and its properties."""
    return {**json.loads(row[1]), "name": row[0]}


def save(conn, name, product):
    props = {k: v for k, v in product.items() if k != "name"}
    conn.execute("INSERT INTO products (name, properties) VALUES (?, ?) ON CONFLICT(name) "
                 "DO UPDATE SET properties = excluded.properties", (name, json.dumps(props)))


@app.post("/add", status_code=201)
def add(product: Dict[str, StrictStr]):
    if not valid_product(product):
        return JSONResponse({"error": "Invalid input"}, status_code=400)
    with connect() as conn:
        if conn.execute("SELECT 1 FROM products WHERE name = ?", (product["name"],)).fetchone():
            return JSONResponse({"error": "A product with this name exists"}, status_code=400)
        save(conn, product["name"], product)
    return {"message": "Product successfully added"}


@app.get("/download")
def download(name: str = Query(..., min_length=1)):
    with connect() as conn:
        row = conn.execute("SELECT name, properties FROM products WHERE name = ?",
                           (name,)).fetchone()
    if row is None:
        return JSONResponse({"error": "Product not found"}, status_code=404)
    return {"data": json.dumps(load(row))}


@app.post("/upload")
def upload(body: Upload):
    try:
        product = json.loads(body.data)  # data, never code
    except ValueError:
        return JSONResponse({"error": "Invalid data"}, status_code=400)
    if not valid_product(product):
        return JSONResponse({"error": "Invalid data"}, status_code=400)
    with connect() as conn:
        save(conn, body.name, product)
    return {"message": "The product with the given name was updated."}


@app.get("/search")
def search(query: str = Query(..., min_length=1)):
    found = []
    with connect() as conn:
        for row in conn.execute("SELECT name, properties FROM products"):
            product = load(row)
            if any(query in value for value in product.values()):
                found.append(product)
    return {"results": found}


if __name__ == "__main__":
    init_db()
    uvicorn.run(app, host="0.0.0.0", port=5000)
