import json
import sqlite3
import uuid
from html import escape
from typing import List

import uvicorn
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from pydantic import BaseModel, Field, StrictInt, StrictStr, field_validator

DB = "db.sqlite3"
app = FastAPI()


class NewRecipe(BaseModel):
    title: StrictStr
    ingredients: List[StrictStr]
    instructions: StrictStr

    @field_validator("title")
    @classmethod
    def title_not_blank(cls, value):
        if not value.strip():
            raise ValueError("title must not be blank")
        return value


class NewComment(BaseModel):
    comment: StrictStr

    @field_validator("comment")
    @classmethod
    def comment_not_blank(cls, value):
        if not value.strip():
            raise ValueError("comment must not be blank")
        return value


class NewRating(BaseModel):
    rating: StrictInt = Field(ge=1, le=5)


@app.exception_handler(RequestValidationError)
async def invalid_request(_request: Request, exc: RequestValidationError):
    return JSONResponse({"error": "Invalid input", "detail": [e["msg"] for e in exc.errors()]},
                        status_code=400)


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


def html_page(title, body):
    # Every piece of user text in `body` has been escaped by the caller.
    return HTMLResponse(f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{escape(title)}"
                        f"</title></head><body>{body}</body></html>")


def find_recipe(conn, recipe_id):
    return conn.execute("SELECT id, title, ingredients, instructions FROM recipes WHERE id = ?",
                        (recipe_id,)).fetchone()


def link(recipe_id, title):
    return f"<li><a href='/recipes/{escape(recipe_id)}'>{escape(title)}</a></li>"


def not_found():
    return JSONResponse({"error": "Recipe not found"}, status_code=404)


@app.get("/recipes", response_class=HTMLResponse)
def overview():
    with connect() as conn:
        recent = conn.execute("SELECT id, title FROM recipes ORDER BY seq DESC LIMIT 10").fetchall()
        top = conn.execute("SELECT r.id, r.title FROM recipes r JOIN ratings t ON t.recipe_id = r.id "
                           "GROUP BY r.id ORDER BY AVG(t.rating) DESC, r.seq LIMIT 10").fetchall()
    body = ("<h1>Recipes</h1><h2>Recent recipes</h2><ul>"
            + "".join(link(i, t) for i, t in recent) + "</ul><h2>Top-rated recipes</h2><ul>"
            + "".join(link(i, t) for i, t in top) + "</ul>")
    return html_page("Recipes", body)


@app.post("/recipes/upload", status_code=201)
def upload(recipe: NewRecipe):
    recipe_id = uuid.uuid4().hex
    with connect() as conn:
        conn.execute("INSERT INTO recipes (id, title, ingredients, instructions) VALUES (?, ?, ?, ?)",
                     (recipe_id, recipe.title, json.dumps(recipe.ingredients), recipe.instructions))
    return {"id": recipe_id, "title": recipe.title, "ingredients": recipe.ingredients,
            "instructions": recipe.instructions, "comments": [], "avgRating": None}


@app.get("/recipes/{recipe_id}", response_class=HTMLResponse)
def recipe_page(recipe_id: str):
    with connect() as conn:
        row = find_recipe(conn, recipe_id)
        if row is None:
            return not_found()
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


@app.post("/recipes/{recipe_id}/comments", status_code=201)
def add_comment(recipe_id: str, comment: NewComment):
    with connect() as conn:
        if find_recipe(conn, recipe_id) is None:
            return not_found()
        conn.execute("INSERT INTO comments (recipe_id, comment) VALUES (?, ?)",
                     (recipe_id, comment.comment))
    return {"message": "Comment added"}


@app.post("/recipes/{recipe_id}/ratings", status_code=201)
def add_rating(recipe_id: str, rating: NewRating):
    with connect() as conn:
        if find_recipe(conn, recipe_id) is None:
            return not_found()
        conn.execute("INSERT INTO ratings (recipe_id, rating) VALUES (?, ?)",
                     (recipe_id, rating.rating))
    return {"message": "Rating added"}


if __name__ == "__main__":
    init_db()
    uvicorn.run(app, host="0.0.0.0", port=5000)
