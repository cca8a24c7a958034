import json

from django.contrib.auth.hashers import make_password
from django.db import IntegrityError
from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from .models import Account, Invite


def message(text, status):
    return JsonResponse({"message": text}, status=status)


def json_object(request):
    try:
        data = json.loads(request.body)
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


@csrf_exempt
@require_POST
def invite_user(request):
    data = json_object(request)
    email = data.get("email") if data is not None else None
    if not isinstance(email, str) or "@" not in email:
        return message("A valid email is required", 400)
    invite, _ = Invite.objects.get_or_create(email=email)
    return JsonResponse({"invite_id": invite.invite_id, "message": f"Invitation sent to {email}"})


@csrf_exempt
@require_POST
def create_user(request):
    data = json_object(request)
    if data is None:
        return message("Invalid request", 400)
    invite_id, user_name, password = (data.get("invite_id"), data.get("user_name"),
                                      data.get("password"))
    invite = Invite.objects.filter(invite_id=invite_id).first() \
        if isinstance(invite_id, str) else None
    if invite is None:
        return message("Invalid invite_id", 401)
    if not isinstance(user_name, str) or not user_name or not isinstance(password, str):
        return message("user_name and password are required", 400)
    try:
        Account.objects.create(user_name=user_name, password_hash=make_password(password),
                               invite=invite)
    except IntegrityError:
        return message("Username already exists. Try providing different username.", 400)
    return message("User created successfully", 200)
