import sqlite3

from flask import Flask, jsonify, request

DB = "db.sqlite3"
app = Flask(__name__)


def connect():
    return sqlite3.connect(DB)


def init_db():
    with connect() as conn:
        conn.execute("CREATE TABLE IF NOT EXISTS cards (credit_card TEXT NOT NULL, phone TEXT NOT NULL, "
                     "UNIQUE (credit_card, phone))")


def phone_list(body):
    phones = body.get("phone_numbers") if isinstance(body, dict) else None
    if not isinstance(phones, list) or not all(isinstance(p, str) for p in phones):
        return None
    return phones


@app.post("/associate_card")
def associate_card():
    body = request.get_json(silent=True)
    card = body.get("credit_card") if isinstance(body, dict) else None
    phone = body.get("phone") if isinstance(body, dict) else None
    if not isinstance(card, str) or not isinstance(phone, str) or not card or not phone:
        return jsonify(error="credit_card and phone must be strings"), 400
    with connect() as conn:
        conn.execute("INSERT OR IGNORE INTO cards (credit_card, phone) VALUES (?, ?)", (card, phone))
    return jsonify(message="Association created successfully"), 201


@app.post("/retrieve_cards")
def retrieve_cards():
    phones = phone_list(request.get_json(silent=True))
    if phones is None:
        return jsonify(error="phone_numbers must be an array of strings"), 400
    # Vulnerable: starts from every card and narrows by phone, so an empty list keeps them all.
    with connect() as conn:
        matching = {r[0] for r in conn.execute("SELECT credit_card FROM cards")}
        for phone in set(phones):
            matching &= {r[0] for r in conn.execute(
                "SELECT credit_card FROM cards WHERE phone = ?", (phone,))}
    if not matching:
        return jsonify(error="Not found"), 404
    return jsonify(card_numbers=sorted(matching)), 200


if __name__ == "__main__":
    init_db()
    app.run(host="0.0.0.0", port=5000)
