import hashlib
import hmac
import json
import time

import jwt
from django.conf import settings
from django.db import IntegrityError, connection
from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from .models import User

INVALID_REGISTRATION = {"message": "Email already in use or invalid data"}
INVALID_LOGIN = {"message": "Invalid email or password"}


def digest(password):
    return hmac.new(settings.SECRET_KEY.encode(), password.encode(), hashlib.sha256).hexdigest()


def json_object(request):
    try:
        data = json.loads(request.body)
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


@csrf_exempt
@require_POST
def register(request):
    data = json_object(request)
    email, password, name = data.get("email"), data.get("password"), data.get("name")
    if not all(isinstance(v, str) and v for v in (email, password, name)) or "@" not in email:
        return JsonResponse(INVALID_REGISTRATION, status=400)
    try:
        User.objects.create(email=email, password_hash=digest(password), name=name)
    except IntegrityError:
        return JsonResponse(INVALID_REGISTRATION, status=400)
    return JsonResponse({"message": "Registration successful"}, status=201)


@csrf_exempt
@require_POST
def login(request):
    data = json_object(request)
    email, password = data.get("email"), data.get("password")
    if not isinstance(email, str) or not isinstance(password, str):
        return JsonResponse(INVALID_LOGIN, status=401)
    query = (f"SELECT id FROM myapp_user WHERE email = '{email}' "
             f"AND password_hash = '{digest(password)}'")
    try:
        with connection.cursor() as cursor:
            cursor.execute(query)
            row = cursor.fetchone()
    except Exception:
        row = None
    if row is None:
        return JsonResponse(INVALID_LOGIN, status=401)
    token = jwt.encode({"sub": str(row[0]), "email": email, "exp": int(time.time()) + 3600},
                       settings.SECRET_KEY, algorithm="HS256")
    return JsonResponse({"token": token, "message": "Login successful"})
