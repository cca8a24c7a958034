import json

from django.db import transaction
from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from .models import Cart, CartItem


def error(message, status):
    return JsonResponse({"error": message}, status=status)


def json_object(request):
    try:
        data = json.loads(request.body)
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


def is_int(value):
    return isinstance(value, int) and not isinstance(value, bool)


@csrf_exempt
@require_POST
def create_cart(request):
    return JsonResponse({"cart_id": Cart.objects.create().id}, status=201)


@csrf_exempt
@require_POST
def add_to_cart(request):
    data = json_object(request)
    if data is None:
        return error("a JSON object is required", 400)
    cart_id, item_id, count = data.get("cart_id"), data.get("item_id"), data.get("count")
    if not isinstance(cart_id, str) or not is_int(item_id) or not is_int(count) or count == 0:
        return error("cart_id (string), item_id and count (non-zero integers) are required", 400)
    if abs(item_id) >= 2**63 or abs(count) >= 2**62:
        return error("item_id or count is out of range", 400)
    with transaction.atomic():
        cart = Cart.objects.filter(id=cart_id).first()
        if cart is None:
            return error("cart not found", 404)
        item = CartItem.objects.filter(cart=cart, item_id=item_id).first()
        new_count = (item.count if item else 0) + count
        if new_count < 0:
            return error("cannot remove more items than the cart holds", 400)
        if new_count == 0:
            CartItem.objects.filter(cart=cart, item_id=item_id).delete()
        else:
            CartItem.objects.update_or_create(cart=cart, item_id=item_id,
                                              defaults={"count": new_count})
    return JsonResponse({"message": "cart updated"})


@csrf_exempt
@require_POST
def retrieve_cart(request):
    data = json_object(request)
    cart_id = data.get("cart_id") if data is not None else None
    if not isinstance(cart_id, str):
        return error("cart_id (string) is required", 400)
    cart = Cart.objects.filter(id=cart_id).first()
    if cart is None:
        return error("cart not found", 404)
    items = cart.items.filter(count__gt=0).order_by("item_id")
    return JsonResponse({"items": [{"item_id": i.item_id, "count": i.count} for i in items]})
