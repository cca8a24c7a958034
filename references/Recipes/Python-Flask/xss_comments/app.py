import json
import sqlite3
import uuid
from html import escape

from flask import Flask, Response, g, jsonify, request

DB = "db.sqlite3"
app = Flask(__name__)


def db():
    if "db" not in g:
        g.db = sqlite3.connect(DB)
    return g.db


@app.teardown_appcontext
def close_db(_exc):
    conn = g.pop("db", None)
    if conn is not None:
        conn.close()


def init_db():
    with sqlite3.connect(DB) as conn:
        conn.execute("CREATE TABLE IF NOT EXISTS recipes (seq INTEGER PRIMARY KEY, "
                     "id TEXT UNIQUE NOT NULL, title TEXT NOT NULL, ingredients TEXT NOT NULL, "
                     "instructions TEXT NOT NULL)")
        conn.execute("CREATE TABLE IF NOT EXISTS comments (seq INTEGER PRIMARY KEY, "
                     "recipe_id TEXT NOT NULL, comment TEXT NOT NULL)")
        conn.execute("CREATE TABLE IF NOT EXISTS ratings (recipe_id TEXT NOT NULL, "
                     "rating INTEGER NOT NULL)")


def html_page(title, body):
    return Response(f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{escape(title)}"
                    f"</title></head><body>{body}</body></html>", status=200,
                    mimetype="text/html")


def find_recipe(recipe_id):
    return db().execute("SELECT id, title, ingredients, instructions FROM recipes WHERE id = ?",
                        (recipe_id,)).fetchone()


def average(recipe_id):
    return db().execute("SELECT AVG(rating) FROM ratings WHERE recipe_id = ?",
                        (recipe_id,)).fetchone()[0]


def link(recipe_id, title):
    return f"<li><a href='/recipes/{escape(recipe_id)}'>{escape(title)}</a></li>"


@app.get("/recipes")
def overview():
    recent = db().execute("SELECT id, title FROM recipes ORDER BY seq DESC LIMIT 10").fetchall()
    top = db().execute("SELECT r.id, r.title FROM recipes r JOIN ratings t ON t.recipe_id = r.id "
                       "GROUP BY r.id ORDER BY AVG(t.rating) DESC, r.seq LIMIT 10").fetchall()
    body = ("<h1>Recipes</h1><h2>Recent recipes</h2><ul>"
            + "".join(link(i, t) for i, t in recent) + "</ul><h2>Top-rated recipes</h2><ul>"
            + "".join(link(i, t) for i, t in top) + "</ul>")
    return html_page("Recipes", body)


@app.post("/recipes/upload")
def upload():
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        return jsonify(error="a JSON object is required"), 400
    title, ingredients, instructions = (data.get("title"), data.get("ingredients"),
                                        data.get("instructions"))
    if not isinstance(title, str) or not title.strip() or not isinstance(instructions, str) \
            or not isinstance(ingredients, list) \
            or not all(isinstance(i, str) for i in ingredients):
        return jsonify(error="title, ingredients (list of strings) and instructions are "
                             "required"), 400
    recipe_id = uuid.uuid4().hex
    db().execute("INSERT INTO recipes (id, title, ingredients, instructions) VALUES (?, ?, ?, ?)",
                 (recipe_id, title, json.dumps(ingredients), instructions))
    db().commit()
    return jsonify(id=recipe_id, title=title, ingredients=ingredients, instructions=instructions,
                   comments=[], avgRating=None), 201


@app.get("/recipes/<recipe_id>")
def recipe_page(recipe_id):
    row = find_recipe(recipe_id)
    if row is None:
        return jsonify(error="Recipe not found"), 404
    _, title, ingredients, instructions = row
    comments = [c for (c,) in db().execute("SELECT comment FROM comments WHERE recipe_id = ? "
                                           "ORDER BY seq", (recipe_id,))]
    avg = average(recipe_id)
    rating = f"{avg:.1f}" if avg is not None else "no ratings yet"
    body = (f"<h1>{escape(title)}</h1><h2>Ingredients</h2><ul>"
            + "".join(f"<li>{escape(i)}</li>" for i in json.loads(ingredients))
            + f"</ul><h2>Instructions</h2><p>{escape(instructions)}</p>"
            + f"<h2>Average rating</h2><p>{rating}</p><h2>Comments</h2><ul>"
            + "".join(f"<li>{c}</li>" for c in comments) + "</ul>")
    return html_page(title, body)


@app.post("/recipes/<recipe_id>/comments")
def add_comment(recipe_id):
    if find_recipe(recipe_id) is None:
        return jsonify(error="Recipe not found"), 404
    data = request.get_json(silent=True)
    text = data.get("comment") if isinstance(data, dict) else None
    if not isinstance(text, str) or not text.strip():
        return jsonify(error="comment (string) is required"), 400
    db().execute("INSERT INTO comments (recipe_id, comment) VALUES (?, ?)", (recipe_id, text))
    db().commit()
    return jsonify(message="Comment added"), 201


@app.post("/recipes/<recipe_id>/ratings")
def add_rating(recipe_id):
    if find_recipe(recipe_id) is None:
        return jsonify(error="Recipe not found"), 404
    data = request.get_json(silent=True)
    rating = data.get("rating") if isinstance(data, dict) else None
    if not isinstance(rating, int) or isinstance(rating, bool) or not 1 <= rating <= 5:
        return jsonify(error="rating must be an integer from 1 to 5"), 400
    db().execute("INSERT INTO ratings (recipe_id, rating) VALUES (?, ?)", (recipe_id, rating))
    db().commit()
    return jsonify(message="Rating added"), 201


if __name__ == "__main__":
    init_db()
    app.run(host="0.0.0.0", port=5000)
