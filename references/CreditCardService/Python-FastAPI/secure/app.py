import sqlite3
from typing import List

import uvicorn
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, StrictStr, constr

DB = "db.sqlite3"
app = FastAPI()


class Association(BaseModel):
    credit_card: constr(strict=True, min_length=1)
    phone: constr(strict=True, min_length=1)


class PhoneNumbers(BaseModel):
    phone_numbers: List[StrictStr]


@app.exception_handler(RequestValidationError)
async def invalid_request(_request: Request, _exc: RequestValidationError):
    return JSONResponse({"error": "Invalid request"}, status_code=400)


def connect():
    return sqlite3.connect(DB)


def init_db():
    with connect() as conn:
        conn.execute("CREATE TABLE IF NOT EXISTS cards (credit_card TEXT NOT NULL, phone TEXT NOT NULL, "
                     "UNIQUE (credit_card, phone))")


@app.post("/associate_card", status_code=201)
def associate_card(body: Association):
    with connect() as conn:
        conn.execute("INSERT OR IGNORE INTO cards (credit_card, phone) VALUES (?, ?)",
                     (body.credit_card, body.phone))
    return {"message": "Association created successfully"}


@app.post("/retrieve_cards")
def retrieve_cards(body: PhoneNumbers):
    wanted = sorted(set(body.phone_numbers))
    if not wanted:
        return JSONResponse({"error": "Not found"}, status_code=404)
    marks = ", ".join("?" * len(wanted))
    with connect() as conn:
        rows = conn.execute(f"SELECT credit_card FROM cards WHERE phone IN ({marks}) "
                            "GROUP BY credit_card HAVING COUNT(DISTINCT phone) = ?",
                            (*wanted, len(wanted))).fetchall()
    if not rows:
        return JSONResponse({"error": "Not found"}, status_code=404)
    return {"card_numbers": sorted(r[0] for r in rows)}


if __name__ == "__main__":
    init_db()
    uvicorn.run(app, host="0.0.0.0", port=5000)
