import json

from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from .models import Product


def error(message, status=400):
    return JsonResponse({"error": message}, status=status)


def json_body(request):
    try:
        return json.loads(request.body)
    except ValueError:
        return None


def valid_product(obj):
    return (isinstance(obj, dict) and isinstance(obj.get("name"), str) and obj["name"] != ""
            and all(isinstance(k, str) and isinstance(v, str) for k, v in obj.items()))


def properties(product):
    return {k: v for k, v in product.items() if k != "name"}


@csrf_exempt
@require_POST
def add(request):
    product = json_body(request)
    if not valid_product(product):
        return error("Invalid input")
    if Product.objects.filter(name=product["name"]).exists():
        return error("A product with this name exists")
    Product.objects.create(name=product["name"], properties=properties(product))
    return JsonResponse({"message": "Product successfully added"}, status=201)


@require_GET
def download(request):
    name = request.GET.get("name")
    if not name:
        return error("Invalid input")
    product = Product.objects.filter(name=name).first()
    if product is None:
        return error("Product not found", 404)
    return JsonResponse({"data": json.dumps(product.as_dict())})


@csrf_exempt
@require_POST
def upload(request):
    body = json_body(request)
    if not isinstance(body, dict) or not isinstance(body.get("name"), str) \
            or not isinstance(body.get("data"), str):
        return error("Invalid input")
    try:
        product = json.loads(body["data"])  # data, never code
    except ValueError:
        return error("Invalid data")
    if not valid_product(product):
        return error("Invalid data")
    Product.objects.update_or_create(name=body["name"],
                                     defaults={"properties": properties(product)})
    return JsonResponse({"message": "The product with the given name was updated."})


@require_GET
def search(request):
    query = request.GET.get("query")
    if not query:
        return error("Invalid input")
    found = [p.as_dict() for p in Product.objects.order_by("id")
             if any(query in value for value in p.as_dict().values())]
    return JsonResponse({"results": found})
