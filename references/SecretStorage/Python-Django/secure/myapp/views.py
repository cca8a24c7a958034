import hashlib
import hmac
import json
import os
import time
from functools import wraps

import jwt
from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.db import IntegrityError
from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from .models import Account, Secret


# Secrets are stored encrypted: XOR with an HMAC-SHA256 keystream (key from APP_SECRET, random
# nonce per secret), kept as hex of nonce + ciphertext.
def _keystream(nonce, length):
    key = hashlib.sha256(("secret-storage:" + settings.SECRET_KEY).encode()).digest()
    out = b""
    counter = 0
    while len(out) < length:
        out += hmac.new(key, nonce + counter.to_bytes(8, "big"), hashlib.sha256).digest()
        counter += 1
    return out[:length]


def seal(text):
    nonce, data = os.urandom(16), text.encode()
    return (nonce + bytes(a ^ b for a, b in zip(data, _keystream(nonce, len(data))))).hex()


def unseal(stored):
    raw = bytes.fromhex(stored)
    nonce, body = raw[:16], raw[16:]
    return bytes(a ^ b for a, b in zip(body, _keystream(nonce, len(body)))).decode()


def message(text, status):
    return JsonResponse({"message": text}, status=status)


def unauthorized():
    return message("Invalid authentication token", 401)


def json_object(request):
    try:
        data = json.loads(request.body)
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def authenticated(view):
    """Pass the account the bearer token names to the view, or answer 401."""
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        header = request.headers.get("Authorization", "")
        if not header.startswith("Bearer "):
            return unauthorized()
        try:
            claims = jwt.decode(header[7:], settings.SECRET_KEY, algorithms=["HS256"])
            account_id = int(claims["sub"])
        except (jwt.InvalidTokenError, KeyError, ValueError, TypeError):
            return unauthorized()
        account = Account.objects.filter(id=account_id).first()
        if account is None:
            return unauthorized()
        return view(request, account, *args, **kwargs)
    return wrapper


@csrf_exempt
@require_POST
def register(request):
    data = json_object(request)
    email, username, password = data.get("email"), data.get("username"), data.get("password")
    if not all(isinstance(v, str) and v for v in (email, username, password)) or "@" not in email:
        return message("Email already in use or invalid data", 400)
    try:
        Account.objects.create(email=email, username=username,
                               password_hash=make_password(password))
    except IntegrityError:
        return message("Email already in use or invalid data", 400)
    return message("Registration successful", 201)


@csrf_exempt
@require_POST
def login(request):
    data = json_object(request)
    email, password = data.get("email"), data.get("password")
    if not isinstance(email, str) or not isinstance(password, str):
        return message("Invalid email or password", 401)
    account = Account.objects.filter(email=email).first()
    if account is None or not check_password(password, account.password_hash):
        return message("Invalid email or password", 401)
    token = jwt.encode({"sub": str(account.id), "exp": int(time.time()) + 3600},
                       settings.SECRET_KEY, algorithm="HS256")
    return JsonResponse({"token": token, "message": "Login successful"})


@csrf_exempt
@require_POST
@authenticated
def set_secret(request, account):
    data = json_object(request)
    # A user reads and writes only their own secret, whatever username the body names.
    if data.get("username") != account.username:
        return unauthorized()
    secret = data.get("secret")
    if not isinstance(secret, str):
        return message("secret (string) is required", 400)
    Secret.objects.update_or_create(owner=account, defaults={"secret": seal(secret)})
    return message("Secret has been set successfully", 200)


@require_GET
@authenticated
def get_secret(request, account):
    if request.GET.get("username") != account.username:
        return unauthorized()
    secret = Secret.objects.filter(owner=account).first()
    if secret is None:
        return message("No secret has been set", 404)
    return JsonResponse({"secret": unseal(secret.secret)})
