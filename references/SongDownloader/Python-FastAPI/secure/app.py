import os

import uvicorn
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse
from pydantic import BaseModel, constr

SONGS = os.path.realpath("/var/songs")
app = FastAPI()


class SongRequest(BaseModel):
    filename: constr(strict=True, min_length=1)


@app.exception_handler(RequestValidationError)
async def invalid_request(_request: Request, _exc: RequestValidationError):
    return JSONResponse({"error": "filename is required"}, status_code=400)


def song_path(filename):
    """The real path of the song, or None when it is not a file inside SONGS."""
    if "\x00" in filename:
        return None
    path = os.path.realpath(os.path.join(SONGS, filename))
    if not path.startswith(SONGS + os.sep) or not os.path.isfile(path):
        return None
    return path


@app.post("/download")
def download(song: SongRequest):
    path = song_path(song.filename)
    if path is None:
        return JSONResponse({"error": "song not found"}, status_code=404)
    return FileResponse(path, media_type="audio/mpeg")


if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=5000)
