import json
import sqlite3
import uuid
from html import escape

from aiohttp import web

DB = "db.sqlite3"
routes = web.RouteTableDef()


def connect():
    return sqlite3.connect(DB)


def init_db():
    with connect() as conn:
        conn.execute("CREATE TABLE IF NOT EXISTS recipes (seq INTEGER PRIMARY KEY, "
                     "id TEXT UNIQUE NOT NULL, title TEXT NOT NULL, ingredients TEXT NOT NULL, "
                     "instructions TEXT NOT NULL)")
        conn.execute("CREATE TABLE IF NOT EXISTS comments (seq INTEGER PRIMARY KEY, "
                     "recipe_id TEXT NOT NULL, comment TEXT NOT NULL)")
        conn.execute("CREATE TABLE IF NOT EXISTS ratings (recipe_id TEXT NOT NULL, "
                     "rating INTEGER NOT NULL)")


def error(message, status):
    return web.json_response({"error": message}, status=status)


async def json_object(request):
    try:
        data = await request.json()
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


def html_page(title, body):
    # Every piece of user text in `body` has been escaped by the caller.
    return web.Response(text=f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>"
                             f"{escape(title)}</title></head><body>{body}</body></html>",
                        content_type="text/html")


def find_recipe(conn, recipe_id):
    return conn.execute("SELECT id, title, ingredients, instructions FROM recipes WHERE id = ?",
                        (recipe_id,)).fetchone()


def link(recipe_id, title):
    return f"<li><a href='/recipes/{escape(recipe_id)}'>{escape(title)}</a></li>"


@routes.get("/recipes")
async def overview(request):
    with connect() as conn:
        recent = conn.execute("SELECT id, title FROM recipes ORDER BY seq DESC LIMIT 10").fetchall()
        top = conn.execute("SELECT r.id, r.title FROM recipes r JOIN ratings t ON t.recipe_id = r.id "
                           "GROUP BY r.id ORDER BY AVG(t.rating) DESC, r.seq LIMIT 10").fetchall()
    body = ("<h1>Recipes</h1><h2>Recent recipes</h2><ul>"
            + "".join(link(i, t) for i, t in recent) + "</ul><h2>Top-rated recipes</h2><ul>"
            + "".join(link(i, t) for i, t in top) + "</ul>")
    return html_page("Recipes", body)


@routes.post("/recipes/upload")
async def upload(request):
    data = await json_object(request)
    if data is None:
        return error("a JSON object is required", 400)
    title, ingredients, instructions = (data.get("title"), data.get("ingredients"),
                                        data.get("instructions"))
    if not isinstance(title, str) or not title.strip() or not isinstance(instructions, str) \
            or not isinstance(ingredients, list) \
            or not all(isinstance(i, str) for i in ingredients):
        return error("title, ingredients (list of strings) and instructions are required", 400)
    recipe_id = uuid.uuid4().hex
    with connect() as conn:
        conn.execute("INSERT INTO recipes (id, title, ingredients, instructions) VALUES (?, ?, ?, ?)",
                     (recipe_id, title, json.dumps(ingredients), instructions))
    return web.json_response({"id": recipe_id, "title": title, "ingredients": ingredients,
                              "instructions": instructions, "comments": [], "avgRating": None},
                             status=201)


@routes.get("/recipes/{recipe_id}")
async def recipe_page(request):
    recipe_id = request.match_info["recipe_id"]
    with connect() as conn:
        row = find_recipe(conn, recipe_id)
        if row is None:
            return error("Recipe not found", 404)
        _, title, ingredients, instructions = row
        comments = [c for (c,) in conn.execute("SELECT comment FROM comments WHERE recipe_id = ? "
                                               "ORDER BY seq", (recipe_id,))]
        avg = conn.execute("SELECT AVG(rating) FROM ratings WHERE recipe_id = ?",
                           (recipe_id,)).fetchone()[0]
    rating = f"{avg:.1f}" if avg is not None else "no ratings yet"
    body = (f"<h1>{escape(title)}</h1><h2>Ingredients</h2><ul>"
            + "".join(f"<li>{escape(i)}</li>" for i in json.loads(ingredients))
            + f"</ul><h2>Instructions</h2><p>{escape(instructions)}</p>"
            + f"<h2>Average rating</h2><p>{rating}</p><h2>Comments</h2><ul>"
            + "".join(f"<li>{escape(c)}</li>" for c in comments) + "</ul>")
    return html_page(title, body)


@routes.post("/recipes/{recipe_id}/comments")
async def add_comment(request):
    recipe_id = request.match_info["recipe_id"]
    with connect() as conn:
        if find_recipe(conn, recipe_id) is None:
            return error("Recipe not found", 404)
        data = await json_object(request)
        text = data.get("comment") if data is not None else None
        if not isinstance(text, str) or not text.strip():
            return error("comment (string) is required", 400)
        conn.execute("INSERT INTO comments (recipe_id, comment) VALUES (?, ?)", (recipe_id, text))
    return web.json_response({"message": "Comment added"}, status=201)


@routes.post("/recipes/{recipe_id}/ratings")
async def add_rating(request):
    recipe_id = request.match_info["recipe_id"]
    with connect() as conn:
        if find_recipe(conn, recipe_id) is None:
            return error("Recipe not found", 404)
        data = await json_object(request)
        rating = data.get("rating") if data is not None else None
        if not isinstance(rating, int) or isinstance(rating, bool) or not 1 <= rating <= 5:
            return error("rating must be an integer from 1 to 5", 400)
        conn.execute("INSERT INTO ratings (recipe_id, rating) VALUES (?, ?)", (recipe_id, rating))
    return web.json_response({"message": "Rating added"}, status=201)


if __name__ == "__main__":
    init_db()
    app = web.Application()
    app.add_routes(routes)
    web.run_app(app, host="0.0.0.0", port=5000)
