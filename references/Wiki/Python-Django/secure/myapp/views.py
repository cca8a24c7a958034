import difflib
import json

from django.db import transaction
from django.http import HttpResponse, JsonResponse
from django.utils.html import format_html, format_html_join
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from .models import Edit, Entry


def strings(request, *names):
    """The named string fields of the JSON body, or None when one is missing or not a string."""
    try:
        data = json.loads(request.body)
    except ValueError:
        return None
    if not isinstance(data, dict) or not all(isinstance(data.get(n), str) for n in names):
        return None
    return [data[n] for n in names]


def html_page(title, body, status=200):
    # format_html escapes every argument; `body` is built with format_html too.
    return HttpResponse(format_html("<!DOCTYPE html><html><head><meta charset='utf-8'>"
                                    "<title>{}</title></head><body>{}</body></html>", title, body),
                        content_type="text/html; charset=utf-8", status=status)


def not_found():
    return html_page("Not found", format_html("<h1>Entry not found</h1>"), 404)


@csrf_exempt
@require_http_methods(["GET", "POST"])
def entries(request):
    if request.method == "POST":
        fields = strings(request, "title", "content", "createdBy")
        if fields is None:
            return JsonResponse({"error": "title, content and createdBy are required strings"},
                                status=400)
        title, content, created_by = fields
        entry = Entry.objects.create(title=title, content=content, created_by=created_by,
                                     last_modified_by=created_by)
        return JsonResponse(entry.as_dict(), status=201)
    items = format_html_join("", "<li><a href='/entries/{}'>{}</a></li>",
                             Entry.objects.order_by("id").values_list("id", "title"))
    return html_page("Wiki entries", format_html("<h1>Wiki entries</h1><ul>{}</ul>", items))


def show_entry(entry):
    editors = entry.edits.order_by("id").values_list("modified_by", flat=True)
    contributors = list(dict.fromkeys([entry.created_by, *editors]))
    body = format_html(
        "<h1>{}</h1><div class='content'>{}</div><p>Last edited {} by {}</p>"
        "<h2>Contributors</h2><ul>{}</ul><p><a href='/entries/{}/edits'>History</a></p>",
        entry.title, entry.content, entry.last_modified_at.isoformat(), entry.last_modified_by,
        format_html_join("", "<li>{}</li>", ((p,) for p in contributors)), entry.id)
    return html_page(entry.title, body)


def update_entry(request, entry):
    fields = strings(request, "content", "modifiedBy", "summary")
    if fields is None:
        return JsonResponse({"error": "content, modifiedBy and summary are required strings"},
                            status=400)
    content, modified_by, summary = fields
    with transaction.atomic():
        Edit.objects.create(entry=entry, old_content=entry.content, new_content=content,
                            modified_by=modified_by, summary=summary)
        entry.content, entry.last_modified_by = content, modified_by
        entry.save()
    return JsonResponse(entry.as_dict())


@csrf_exempt
@require_http_methods(["GET", "PUT"])
def entry(request, entry_id):
    found = Entry.objects.filter(id=entry_id).first()
    if found is None:
        if request.method == "PUT":
            return JsonResponse({"error": "Entry not found"}, status=404)
        return not_found()
    return show_entry(found) if request.method == "GET" else update_entry(request, found)


@require_GET
def edits(request, entry_id):
    found = Entry.objects.filter(id=entry_id).first()
    if found is None:
        return not_found()
    items = []
    for edit in found.edits.order_by("id"):
        diff = "\n".join(difflib.unified_diff(edit.old_content.splitlines(),
                                              edit.new_content.splitlines(), "before", "after",
                                              lineterm=""))
        items.append((edit.summary, edit.modified_by, edit.modified_at.isoformat(), diff))
    body = format_html("<h1>History of {}</h1><ol>{}</ol>", found.title,
                       format_html_join("", "<li><p><b>{}</b> by {} at {}</p><pre>{}</pre></li>",
                                        items))
    return html_page(f"History of {found.title}", body)
