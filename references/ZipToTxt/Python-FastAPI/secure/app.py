import io
import zipfile

import uvicorn
from fastapi import FastAPI, File, Request, UploadFile
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, PlainTextResponse

MAX_UPLOAD = 20 * 2**20  # bytes of archive accepted
MAX_TEXT = 10 * 2**20  # bytes of text the archive may expand to

app = FastAPI()


class TooLarge(Exception):
    pass


@app.middleware("http")
async def limit_upload_size(request: Request, call_next):
    if request.method == "POST":
        length = request.headers.get("content-length")
        if length is None or not length.isdigit():
            return JSONResponse({"error": "Content-Length required"}, status_code=411)
        if int(length) > MAX_UPLOAD:
            return JSONResponse({"error": "the upload is too large"}, status_code=413)
    return await call_next(request)


@app.exception_handler(RequestValidationError)
async def invalid_request(_request: Request, _exc: RequestValidationError):
    return JSONResponse({"error": "a zip file is required in the part 'file'"}, status_code=400)


def text_entries(archive):
    return [i for i in archive.infolist() if not i.is_dir() and i.filename.lower().endswith(".txt")]


def read_bounded(archive, info, budget):
    """The entry's bytes, never more than `budget` of them (sizes in headers can lie)."""
    with archive.open(info) as stream:
        data = stream.read(budget + 1)
    if len(data) > budget:
        raise TooLarge()
    return data


@app.post("/convert", response_class=PlainTextResponse)
def convert(file: UploadFile = File(...)):
    # Entries are read from the archive in memory; nothing is extracted to disk, so entry
    # names (with '..' or symlinks) never become paths.
    try:
        archive = zipfile.ZipFile(io.BytesIO(file.file.read()))
        entries = text_entries(archive)
        if sum(i.file_size for i in entries) > MAX_TEXT:
            raise TooLarge()
        texts, budget = [], MAX_TEXT
        for info in entries:
            data = read_bounded(archive, info, budget)
            budget -= len(data)
            texts.append(data.decode("utf-8", errors="replace"))
    except TooLarge:
        return JSONResponse({"error": "the archive expands to more text than allowed"},
                            status_code=400)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, OSError, EOFError,
            RuntimeError):
        return JSONResponse({"error": "the upload is not a valid zip archive"}, status_code=400)
    return PlainTextResponse("\n".join(texts))


if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=5000)
