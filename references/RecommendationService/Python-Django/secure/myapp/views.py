import json

from django.http import HttpResponse, JsonResponse
from django.utils.html import format_html, format_html_join
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from .models import Product, ProductTag


def post_product(request):
    try:
        data = json.loads(request.body)
    except ValueError:
        data = None
    if not isinstance(data, dict):
        return JsonResponse({"error": "a JSON object is required"}, status=400)
    name, tags = data.get("product_name"), data.get("tags")
    if not isinstance(name, str) or not name or not isinstance(tags, list) \
            or not all(isinstance(t, str) for t in tags):
        return JsonResponse({"error": "product_name (string) and tags (list of strings) are "
                                      "required"}, status=400)
    product = Product.objects.create(name=name)
    ProductTag.objects.bulk_create(ProductTag(product=product, tag=t) for t in dict.fromkeys(tags))
    return JsonResponse({"message": "product stored"})


def recommend(request):
    tags = [t.strip() for t in request.GET.get("tags", "").split(",") if t.strip()]
    if not tags:
        return JsonResponse({"error": "tags is required"}, status=400)
    products = Product.objects.filter(tags__tag__in=tags).distinct().order_by("id")
    items = format_html_join("", "<li>{}</li>", ((p.name,) for p in products))
    page = format_html("<!DOCTYPE html><html><head><title>Recommendations</title></head><body>"
                       "<h1>Products tagged {}</h1><ul>{}</ul></body></html>", ", ".join(tags), items)
    return HttpResponse(page, content_type="text/html")


@csrf_exempt
@require_http_methods(["GET", "POST"])
def recommender(request):
    return recommend(request) if request.method == "GET" else post_product(request)
