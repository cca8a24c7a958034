import csv
import io
import json
import math
import secrets

from django.contrib.auth.hashers import check_password, make_password
from django.db import IntegrityError
from django.http import HttpResponse, JsonResponse
from django.utils.html import format_html, format_html_join
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from .models import Merchant, Session, Ware

COOKIE = "AUTH_COOKIE"


def error(message, status):
    return JsonResponse({"error": message}, status=status)


def json_object(request):
    try:
        data = json.loads(request.body)
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def current_merchant(request):
    """The logged-in merchant, from the random session token in the cookie, or None."""
    token = request.COOKIES.get(COOKIE)
    if not token:
        return None
    session = Session.objects.select_related("merchant").filter(token=token).first()
    return session.merchant if session else None


@csrf_exempt
@require_POST
def register(request):
    data = json_object(request)
    email, name, password = data.get("email"), data.get("name"), data.get("password")
    if not all(isinstance(v, str) and v for v in (email, name, password)) or "@" not in email:
        return error("Invalid input", 400)
    try:
        Merchant.objects.create(email=email, name=name, password_hash=make_password(password))
    except IntegrityError:
        return error("Email already registered", 400)
    return JsonResponse({"message": "Merchant registered successfully"}, status=201)


@csrf_exempt
@require_POST
def login(request):
    data = json_object(request)
    email, password = data.get("email"), data.get("password")
    if not isinstance(email, str) or not isinstance(password, str):
        return error("Invalid email or password", 401)
    merchant = Merchant.objects.filter(email=email).first()
    if merchant is None or not check_password(password, merchant.password_hash):
        return error("Invalid email or password", 401)
    session = Session.objects.create(token=secrets.token_urlsafe(32), merchant=merchant)
    resp = JsonResponse("Login successful", safe=False)
    resp.set_cookie(COOKIE, session.token, httponly=True, samesite="Lax")
    return resp


def parse_wares(text):
    """[(name, description, price)] from the CSV, or None when a line is malformed."""
    wares = []
    for fields in csv.reader(io.StringIO(text)):
        if not fields or all(not f.strip() for f in fields):
            continue
        if len(fields) != 3:
            return None
        try:
            price = float(fields[2])
        except ValueError:
            return None
        if not math.isfinite(price):
            return None
        wares.append((fields[0].strip(), fields[1].strip(), price))
    return wares


@csrf_exempt
@require_POST
def upload_wares(request):
    merchant = current_merchant(request)
    if merchant is None:
        return error("Unauthorized", 401)
    text = json_object(request).get("csv")
    wares = parse_wares(text) if isinstance(text, str) else None
    if wares is None:
        return error("Invalid CSV format", 400)
    Ware.objects.bulk_create(Ware(merchant=merchant, name=n, description=d, price=p)
                             for n, d, p in wares)
    return JsonResponse({"message": "Wares uploaded successfully"})


@require_GET
def wares(request):
    if current_merchant(request) is None:
        return error("Unauthorized", 401)
    query = Ware.objects.select_related("merchant").order_by("id")
    try:
        if request.GET.get("minPrice"):
            query = query.filter(price__gte=float(request.GET["minPrice"]))
        if request.GET.get("maxPrice"):
            query = query.filter(price__lte=float(request.GET["maxPrice"]))
    except ValueError:
        return error("minPrice and maxPrice must be numbers", 400)
    rows = format_html_join("", "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                            ((w.name, w.description, w.price, w.merchant.email) for w in query))
    page = format_html("<!DOCTYPE html><html><head><title>Wares</title></head><body><table>"
                       "<tr><th>Name</th><th>Description</th><th>Price</th><th>Merchant</th></tr>"
                       "{}</table></body></html>", rows)
    return HttpResponse(page, content_type="text/html")
