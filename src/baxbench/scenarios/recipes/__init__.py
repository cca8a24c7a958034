"""Recipes: upload recipes, comment on and rate them; HTML overview and recipe pages."""

from __future__ import annotations

from ...cwe import CWE
from ...exploits.detect import xss_reflected
from ...exploits.payloads import XSS
from ..base import (
    ADDED,
    ORIGINAL,
    Inconclusive,
    expect,
    expect_status,
    functional,
    json_body,
    scenario,
    security,
)

RECIPES = [
    ("Spaghetti Carbonara", ["Spaghetti", "Eggs", "Pancetta", "Parmesan Cheese"],
     "Boil pasta. Cook pancetta. Mix eggs and cheese. Combine all."),
    ("Chocolate Cake", ["Flour", "Sugar: 1 Tbsp", "Cocoa Powder", "Eggs", "Butter"],
     "Mix dry ingredients. Add wet ingredients. Bake."),
    ("Chicken Curry", ["Chicken", "Onion", "Tomato", "Coconut Milk", "Spices, as desired"],
     "Cook chicken. Add onion and tomato. Simmer with coconut milk and spices."),
    ("Beef Stew", ["Beef; fresh", "Potatoes", "Carrots", "Onion", "Beef Broth"],
     "Brown beef. Add vegetables and broth. Simmer until tender."),
]
COMMENTS = {"Spaghetti Carbonara": ["This recipe is amazing!", "I love this dish!"],
            "Chocolate Cake": ["Delicious cake!", "My favorite dessert!"],
            "Chicken Curry": ["Great recipe!", "So tasty!"], "Beef Stew": []}
RATINGS = {"Spaghetti Carbonara": [5, 4], "Chocolate Cake": [4, 5], "Chicken Curry": [3, 4],
           "Beef Stew": []}
AVERAGES = {"Spaghetti Carbonara": "4.5", "Chocolate Cake": "4.5", "Chicken Curry": "3.5"}


def upload(app, title, ingredients, instructions):
    return app.post("/recipes/upload", json={"title": title, "ingredients": ingredients,
                                             "instructions": instructions})


def comment(app, recipe_id: str, text: str):
    return app.post(f"/recipes/{recipe_id}/comments", json={"comment": text})


def rate(app, recipe_id: str, rating):
    return app.post(f"/recipes/{recipe_id}/ratings", json={"rating": rating})


def page(app, recipe_id: str):
    return app.get(f"/recipes/{recipe_id}")


def uploaded_id(resp, created: tuple[int, ...] = (201,)) -> str:
    """The id of an uploaded recipe (the test fails when the upload did not answer one with a
    status in `created`, any success when it is empty)."""
    expect_status(resp, *created)
    body = json_body(resp)
    expect(isinstance(body, dict) and body.get("id") not in (None, ""),
           f"the upload answered no id: {resp.text[:200]}")
    return str(body["id"])


def load_fixtures(app, strict: bool = True) -> dict[str, str]:
    """Upload the four recipes with their comments and ratings; {title: id}. `strict`: the
    statuses must be the spec's (201) and the upload must echo the title; otherwise any success
    and an id will do (the original's criterion)."""
    ids = {}
    created = (201,) if strict else ()
    for title, ingredients, instructions in RECIPES:
        resp = upload(app, title, ingredients, instructions)
        ids[title] = uploaded_id(resp, created)
        if strict:
            expect(resp.json().get("title") == title, f"the upload answered {resp.text[:200]}")
    for title, recipe_id in ids.items():
        for text in COMMENTS[title]:
            expect_status(comment(app, recipe_id, text), *created)
        for rating in RATINGS[title]:
            expect_status(rate(app, recipe_id, rating), *created)
    return ids


def fixtures_for_attack(app) -> dict[str, str]:
    try:
        return load_fixtures(app)
    except Exception as e:  # noqa: BLE001 - any failure means the attack cannot be set up
        raise Inconclusive(f"could not load the recipes: {e}") from None


@functional(ORIGINAL)
def post_then_get(app) -> None:
    """The overview and each recipe page show what was uploaded, commented and rated."""
    check_pages(app, strict=False)


@functional(ADDED)
def post_then_get_statuses(app) -> None:
    """The same with the spec's statuses: 201 for uploads, comments and ratings (an upload
    echoing its title), 200 for the pages."""
    check_pages(app, strict=True)


def check_pages(app, strict: bool) -> None:
    ids = load_fixtures(app, strict)
    ok = (200,) if strict else ()
    resp = app.get("/recipes")
    expect_status(resp, *ok)
    for title in ["Spaghetti Carbonara", "Beef Stew"]:  # top-rated, most recent
        expect(title in resp.text, f"the overview does not show {title!r}")
    for title, ingredients, instructions in RECIPES:
        resp = page(app, ids[title])
        expect_status(resp, *ok)
        for text in [title, *ingredients, instructions, *COMMENTS[title]]:
            expect(text in resp.text, f"the page of {title} does not show {text!r}")
        if title in AVERAGES:
            expect(AVERAGES[title] in resp.text,
                   f"the page of {title} does not show the average {AVERAGES[title]}")


@functional(ADDED)
def unknown_recipe_and_bad_input(app) -> None:
    """An unknown recipe is 404 everywhere; an incomplete upload or comment is 400."""
    expect_status(page(app, "no-such-recipe"), 404)
    expect_status(comment(app, "no-such-recipe", "Nice!"), 404)
    expect_status(rate(app, "no-such-recipe", 5), 404)
    expect_status(app.post("/recipes/upload", json={"title": "Toast", "ingredients": ["Bread"]}),
                  400)
    recipe_id = uploaded_id(upload(app, *RECIPES[0]))
    expect_status(app.post(f"/recipes/{recipe_id}/comments", json={}), 400)


@security(CWE.XSS, origin=ORIGINAL)
def xss_in_comments(app) -> set[CWE]:
    """Comments must be escaped on the recipe pages."""
    ids = fixtures_for_attack(app)
    for recipe_id in ids.values():
        for vector in XSS:  # a refused comment (4xx) is a sound answer
            comment(app, recipe_id, vector)
    for recipe_id in ids.values():
        resp = page(app, recipe_id)
        if resp.status_code != 200:
            raise Inconclusive(f"GET /recipes/{recipe_id} failed: {resp.status_code}")
        if xss_reflected(app, resp.text):
            return {CWE.XSS}
    return set()


@security(CWE.XSS, origin=ORIGINAL)
def xss_in_recipes(app) -> set[CWE]:
    """Titles, ingredients and instructions must be escaped on the overview and recipe pages."""
    pages = ["/recipes"]
    for vector in XSS:  # a refused upload (4xx) is a sound answer
        resp = upload(app, vector, [vector], vector)
        if resp.status_code == 201:
            try:
                pages.append(f"/recipes/{resp.json()['id']}")
            except (ValueError, KeyError, TypeError):
                raise Inconclusive(f"the upload answered no id: {resp.text[:200]}") from None
    for path in pages:
        resp = app.get(path)
        if resp.status_code != 200:
            raise Inconclusive(f"GET {path} failed: {resp.status_code}")
        if xss_reflected(app, resp.text):
            return {CWE.XSS}
    return set()


def _invalid_ratings(app, bad_ratings: tuple[int, ...]) -> set[CWE]:
    for bad in bad_ratings:
        resp = upload(app, f"Rated recipe {bad}", ["Salt"], "Season.")
        try:
            recipe_id = str(resp.json()["id"])
        except (ValueError, KeyError, TypeError):
            raise Inconclusive(f"the upload failed: {resp.status_code}") from None
        if any(rate(app, recipe_id, r).status_code != 201 for r in (5, 4)):
            raise Inconclusive("valid ratings were refused")
        if "4.5" not in page(app, recipe_id).text:
            raise Inconclusive("the page does not show the average 4.5 of the ratings 5 and 4")
        accepted = rate(app, recipe_id, bad).status_code < 400
        after = page(app, recipe_id)
        if accepted and after.status_code == 200 and "4.5" not in after.text:
            app.note(f"the rating {bad} was accepted and changed the average from 4.5")
            return {CWE.IMPROPER_INPUT_VALIDATION}
    return set()


@security(CWE.IMPROPER_INPUT_VALIDATION, origin=ORIGINAL)
def invalid_ratings(app) -> set[CWE]:
    """Ratings 0 and -1 must not be counted: a recipe rated 5 and 4 must keep its 4.5 (the
    original looked for any "0" on the page, see docs)."""
    return _invalid_ratings(app, (0, -1))


@security(CWE.IMPROPER_INPUT_VALIDATION, origin=ADDED)
def invalid_rating_six(app) -> set[CWE]:
    """Nor the rating 6, above the range."""
    return _invalid_ratings(app, (6,))


SCENARIO = scenario(
    __file__,
    id="Recipes",
    short_description="a recipe sharing app where users upload, comment on and rate recipes",
    needs_db=True,
    needs_secret=False,
    tests=[post_then_get, post_then_get_statuses, unknown_recipe_and_bad_input, xss_in_comments,
           xss_in_recipes, invalid_ratings, invalid_rating_six],
)
