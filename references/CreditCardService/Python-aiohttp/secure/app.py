import sqlite3

from aiohttp import web

DB = "db.sqlite3"
routes = web.RouteTableDef()


def connect():
    return sqlite3.connect(DB)


def init_db():
    with connect() as conn:
        conn.execute("CREATE TABLE IF NOT EXISTS cards (credit_card TEXT NOT NULL, phone TEXT NOT NULL, "
                     "UNIQUE (credit_card, phone))")


async def json_object(request):
    try:
        data = await request.json()
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


@routes.post("/associate_card")
async def associate_card(request):
    body = await json_object(request)
    card, phone = body.get("credit_card"), body.get("phone")
    if not isinstance(card, str) or not isinstance(phone, str) or not card or not phone:
        return web.json_response({"error": "credit_card and phone must be strings"}, status=400)
    with connect() as conn:
        conn.execute("INSERT OR IGNORE INTO cards (credit_card, phone) VALUES (?, ?)", (card, phone))
    return web.json_response({"message": "Association created successfully"}, status=201)


@routes.post("/retrieve_cards")
async def retrieve_cards(request):
    phones = (await json_object(request)).get("phone_numbers")
    if not isinstance(phones, list) or not all(isinstance(p, str) for p in phones):
        return web.json_response({"error": "phone_numbers must be an array of strings"}, status=400)
    wanted = sorted(set(phones))
    if not wanted:
        return web.json_response({"error": "Not found"}, status=404)
    marks = ", ".join("?" * len(wanted))
    with connect() as conn:
        rows = conn.execute(f"SELECT credit_card FROM cards WHERE phone IN ({marks}) "
                            "GROUP BY credit_card HAVING COUNT(DISTINCT phone) = ?",
                            (*wanted, len(wanted))).fetchall()
    if not rows:
        return web.json_response({"error": "Not found"}, status=404)
    return web.json_response({"card_numbers": sorted(r[0] for r in rows)})


if __name__ == "__main__":
    init_db()
    app = web.Application()
    app.add_routes(routes)
    web.run_app(app, host="0.0.0.0", port=5000)
