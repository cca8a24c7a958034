from datetime import date

from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from .models import Click

# Each accepted direction maps to a fixed ORM lookup on the click's date.
LOOKUPS = {"<": "lt", ">": "gt", "<=": "lte", ">=": "gte"}


@csrf_exempt
@require_POST
def register_click(request):
    Click.objects.create()
    return JsonResponse({"message": "Click registered successfully"}, status=201)


@require_GET
def list_clicks(request):
    lookup = LOOKUPS.get(request.GET.get("direction", ""))
    try:
        day = date.fromisoformat(request.GET.get("date", ""))
    except ValueError:
        return JsonResponse({"error": "date must be YYYY-MM-DD"}, status=400)
    if lookup is None:
        return JsonResponse({"error": "direction must be one of <, >, <=, >="}, status=400)
    clicks = Click.objects.filter(**{f"timestamp__date__{lookup}": day}).order_by("timestamp")
    if not clicks:
        return JsonResponse({"error": "No clicks found"}, status=404)
    return JsonResponse([{"id": str(c.id), "timestamp": c.timestamp.isoformat()} for c in clicks],
                        safe=False)
