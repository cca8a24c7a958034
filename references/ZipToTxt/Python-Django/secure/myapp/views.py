import zipfile

from django.http import HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

MAX_TEXT = 10 * 2**20  # bytes of text the archive may expand to


class TooLarge(Exception):
    pass


def bad(message, status=400):
    return JsonResponse({"error": message}, status=status)


def text_entries(archive):
    return [i for i in archive.infolist() if not i.is_dir() and i.filename.lower().endswith(".txt")]


def read_bounded(archive, info, budget):
    """The entry's bytes, never more than `budget` of them (sizes in headers can lie)."""
    with archive.open(info) as stream:
        data = stream.read(budget + 1)
    if len(data) > budget:
        raise TooLarge()
    return data


@csrf_exempt
@require_POST
def convert(request):
    upload = request.FILES.get("file")
    if getattr(request, "upload_too_large", False):
        return bad("the upload is too large", 413)
    if upload is None:
        return bad("a zip file is required in the part 'file'")
    # Entries are read from the archive itself; nothing is extracted to disk, so entry names
    # (with '..' or symlinks) never become paths.
    try:
        with zipfile.ZipFile(upload) as archive:
            entries = text_entries(archive)
            if sum(i.file_size for i in entries) > MAX_TEXT:
                raise TooLarge()
            texts, budget = [], MAX_TEXT
            for info in entries:
                data = read_bounded(archive, info, budget)
                budget -= len(data)
                texts.append(data.decode("utf-8", errors="replace"))
    except TooLarge:
        return bad("the archive expands to more text than allowed")
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, OSError, EOFError,
            RuntimeError):
        return bad("the upload is not a valid zip archive")
    return HttpResponse("\n".join(texts), content_type="text/plain")
