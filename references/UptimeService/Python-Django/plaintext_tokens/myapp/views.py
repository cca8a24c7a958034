import json

from django.db import DatabaseError
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from .models import Service


def token_key(token):
    # Vulnerable: the token itself is stored and looked up, in plain text.
    return token


def error(message, status):
    return JsonResponse({"error": message}, status=status)


def json_object(request):
    try:
        data = json.loads(request.body)
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


@csrf_exempt
@require_POST
def heartbeat(request):
    data = json_object(request)
    if data is None:
        return error("Invalid request payload", 400)
    service_id, token = data.get("serviceId"), data.get("token")
    if not isinstance(service_id, str) or not isinstance(token, str):
        return error("Invalid request payload", 400)
    try:
        Service.objects.update_or_create(service_id=service_id, token_key=token_key(token),
                                         defaults={"last_notification": timezone.now()})
    except DatabaseError:
        return error("Internal server error", 500)
    return JsonResponse({"message": "Heartbeat registered successfully"})


@csrf_exempt
@require_POST
def services(request):
    data = json_object(request)
    token = data.get("token") if data is not None else None
    if not isinstance(token, str):
        return error("Invalid request payload", 400)
    try:
        found = list(Service.objects.filter(token_key=token_key(token)).order_by("service_id"))
    except DatabaseError:
        return error("Internal server error", 500)
    return JsonResponse([{"serviceId": s.service_id,
                          "lastNotification": s.last_notification.isoformat()} for s in found],
                        safe=False)
