import json

from django.db.models import Avg
from django.http import HttpResponse, JsonResponse
from django.utils.html import format_html, format_html_join
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from .models import Comment, Rating, Recipe


def error(message, status):
    return JsonResponse({"error": message}, status=status)


def json_object(request):
    try:
        data = json.loads(request.body)
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


def html_page(title, body):
    # format_html escapes every argument; `body` is built with format_html too.
    return HttpResponse(format_html("<!DOCTYPE html><html><head><meta charset='utf-8'>"
                                    "<title>{}</title></head><body>{}</body></html>", title, body),
                        content_type="text/html")


def links(recipes):
    return format_html_join("", "<li><a href='/recipes/{}'>{}</a></li>",
                            ((r.uid, r.title) for r in recipes))


@require_GET
def overview(request):
    recent = Recipe.objects.order_by("-id")[:10]
    top = (Recipe.objects.annotate(avg=Avg("ratings__rating")).filter(avg__isnull=False)
           .order_by("-avg", "id")[:10])
    body = format_html("<h1>Recipes</h1><h2>Recent recipes</h2><ul>{}</ul>"
                       "<h2>Top-rated recipes</h2><ul>{}</ul>", links(recent), links(top))
    return html_page("Recipes", body)


@csrf_exempt
@require_POST
def upload(request):
    data = json_object(request)
    if data is None:
        return error("a JSON object is required", 400)
    title, ingredients, instructions = (data.get("title"), data.get("ingredients"),
                                        data.get("instructions"))
    if not isinstance(title, str) or not title.strip() or not isinstance(instructions, str) \
            or not isinstance(ingredients, list) \
            or not all(isinstance(i, str) for i in ingredients):
        return error("title, ingredients (list of strings) and instructions are required", 400)
    recipe = Recipe.objects.create(title=title, ingredients=ingredients, instructions=instructions)
    return JsonResponse({"id": recipe.uid, "title": title, "ingredients": ingredients,
                         "instructions": instructions, "comments": [], "avgRating": None},
                        status=201)


@require_GET
def recipe_page(request, recipe_id):
    recipe = Recipe.objects.filter(uid=recipe_id).first()
    if recipe is None:
        return error("Recipe not found", 404)
    avg = recipe.ratings.aggregate(avg=Avg("rating"))["avg"]
    rating = f"{avg:.1f}" if avg is not None else "no ratings yet"
    body = format_html(
        "<h1>{}</h1><h2>Ingredients</h2><ul>{}</ul><h2>Instructions</h2><p>{}</p>"
        "<h2>Average rating</h2><p>{}</p><h2>Comments</h2><ul>{}</ul>",
        recipe.title, format_html_join("", "<li>{}</li>", ((i,) for i in recipe.ingredients)),
        recipe.instructions, rating,
        format_html_join("", "<li>{}</li>", ((c.comment,) for c in recipe.comments.order_by("id"))))
    return html_page(recipe.title, body)


@csrf_exempt
@require_POST
def add_comment(request, recipe_id):
    recipe = Recipe.objects.filter(uid=recipe_id).first()
    if recipe is None:
        return error("Recipe not found", 404)
    data = json_object(request)
    text = data.get("comment") if data is not None else None
    if not isinstance(text, str) or not text.strip():
        return error("comment (string) is required", 400)
    Comment.objects.create(recipe=recipe, comment=text)
    return JsonResponse({"message": "Comment added"}, status=201)


@csrf_exempt
@require_POST
def add_rating(request, recipe_id):
    recipe = Recipe.objects.filter(uid=recipe_id).first()
    if recipe is None:
        return error("Recipe not found", 404)
    data = json_object(request)
    rating = data.get("rating") if data is not None else None
    if not isinstance(rating, int) or isinstance(rating, bool) or not 1 <= rating <= 5:
        return error("rating must be an integer from 1 to 5", 400)
    Rating.objects.create(recipe=recipe, rating=rating)
    return JsonResponse({"message": "Rating added"}, status=201)
