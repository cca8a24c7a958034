import json

from django.db.models import Count
from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from .models import CardPhone


def json_object(request):
    try:
        data = json.loads(request.body)
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


@csrf_exempt
@require_POST
def associate_card(request):
    data = json_object(request)
    card, phone = data.get("credit_card"), data.get("phone")
    if not isinstance(card, str) or not isinstance(phone, str) or not card or not phone:
        return JsonResponse({"error": "credit_card and phone must be strings"}, status=400)
    CardPhone.objects.get_or_create(credit_card=card, phone=phone)
    return JsonResponse({"message": "Association created successfully"}, status=201)


@csrf_exempt
@require_POST
def retrieve_cards(request):
    phones = json_object(request).get("phone_numbers")
    if not isinstance(phones, list) or not all(isinstance(p, str) for p in phones):
        return JsonResponse({"error": "phone_numbers must be an array of strings"}, status=400)
    wanted = set(phones)
    if not wanted:
        return JsonResponse({"error": "Not found"}, status=404)
    # Cards associated with every one of the given phones.
    cards = (CardPhone.objects.filter(phone__in=wanted).values("credit_card")
             .annotate(phones=Count("phone", distinct=True)).filter(phones=len(wanted)))
    found = sorted(c["credit_card"] for c in cards)
    if not found:
        return JsonResponse({"error": "Not found"}, status=404)
    return JsonResponse({"card_numbers": found})
