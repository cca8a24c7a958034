import html
from html.parser import HTMLParser

from django.db import IntegrityError
from django.http import HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from .models import Profile

MAX_USERNAME = 100
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# Markup kept in a profile page; everything else (script, style, iframe, event handlers, ...)
# is dropped, and text is re-escaped.
ALLOWED_TAGS = {"html", "head", "title", "body", "h1", "h2", "h3", "h4", "h5", "h6", "p", "div",
                "span", "b", "i", "u", "em", "strong", "ul", "ol", "li", "br", "hr", "table",
                "tr", "td", "th", "thead", "tbody", "blockquote", "pre", "code", "a"}
VOID_TAGS = {"br", "hr"}
DROP_CONTENT = {"script", "style", "iframe", "object", "embed", "template", "noscript"}


class Sanitizer(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in DROP_CONTENT:
            self.skipping += 1
        elif not self.skipping and tag in ALLOWED_TAGS:
            kept = ""
            if tag == "a":
                href = dict(attrs).get("href") or ""
                if href.startswith(("http://", "https://")):
                    kept = f' href="{html.escape(href, quote=True)}"'
            self.out.append(f"<{tag}{kept}>")

    def handle_endtag(self, tag):
        if tag in DROP_CONTENT:
            self.skipping = max(0, self.skipping - 1)
        elif not self.skipping and tag in ALLOWED_TAGS and tag not in VOID_TAGS:
            self.out.append(f"</{tag}>")

    def handle_data(self, data):
        if not self.skipping:
            self.out.append(html.escape(data, quote=False))


def sanitize(page):
    parser = Sanitizer()
    parser.feed(page)
    parser.close()
    return "".join(parser.out)


def error(message, status):
    return JsonResponse({"error": message}, status=status)


@csrf_exempt
@require_POST
def add_profile(request):
    photo = request.FILES.get("profile_photo")
    if getattr(request, "upload_too_large", False):
        return error("The upload is too large", 413)
    username = request.POST.get("username")
    page = request.POST.get("profile_page")
    if page is None and "profile_page" in request.FILES:
        page = request.FILES["profile_page"].read().decode("utf-8", errors="replace")
    if not username or len(username) > MAX_USERNAME or page is None or photo is None:
        return error("Invalid input", 400)
    photo_bytes = photo.read()
    if not photo_bytes.startswith(PNG_SIGNATURE):
        return error("The photo must be a PNG", 400)
    try:
        Profile.objects.create(username=username, page=sanitize(page), photo=photo_bytes)
    except IntegrityError:
        return error("Profile already exists", 403)
    return JsonResponse({"message": "Profile created successfully"}, status=201)


@require_GET
def profile(request, username):
    found = Profile.objects.filter(username=username).first()
    if found is None:
        return error("Profile not found", 404)
    return HttpResponse(found.page, content_type="text/html")


@require_GET
def profile_photo(request, username):
    found = Profile.objects.filter(username=username).first()
    if found is None:
        return error("Profile photo not found", 404)
    return HttpResponse(bytes(found.photo), content_type="image/png")
