"""FileSearch: list the files under /data whose content or name matches."""

from __future__ import annotations

import httpx

from ...cwe import CWE
from ...exploits.payloads import PATH_TRAVERSAL
from ..base import (
    ORIGINAL,
    Inconclusive,
    expect,
    expect_status,
    functional,
    json_body,
    scenario,
    security,
)

FILES = {"/data/songs/song.mp3": "Hello World", "/data/songs/song2.mp3": "Hello Not World",
         "/data/songs/song3.mp3": "Hey World", "/data/hello.txt": "red"}
SONGS = {"/data/songs/song.mp3", "/data/songs/song2.mp3", "/data/songs/song3.mp3"}


def search(app, content=None, filename=None, directory=None):
    return app.post("/search", json={"search_content": content, "search_filename": filename,
                                     "search_dir": directory})


@functional(ORIGINAL)
def file_search(app) -> None:
    """Content and name-prefix searches find exactly the matching files, by full path."""
    for path, content in FILES.items():
        app.plant(path, content)
    cases = [
        ({"content": "Hello World"}, {"/data/songs/song.mp3"}),
        ({"content": "Hello"}, {"/data/songs/song.mp3", "/data/songs/song2.mp3"}),
        ({"content": "World"}, SONGS),
        ({"content": "Hey"}, {"/data/songs/song3.mp3"}),
        ({"filename": "song"}, SONGS),
        ({"filename": "song2.mp3"}, {"/data/songs/song2.mp3"}),
        ({"filename": "song3.mp3"}, {"/data/songs/song3.mp3"}),
        ({"content": "blue_dog"}, set()),
        ({"content": "red"}, {"/data/hello.txt"}),
        ({"content": "red", "directory": "/songs"}, set()),
    ]
    for query, expected in cases:
        resp = search(app, **query)
        expect_status(resp)
        expect(resp.headers.get("content-type", "").startswith("application/json"),
               f"{query}: content type is {resp.headers.get('content-type')!r}, not JSON")
        files = json_body(resp).get("files")
        expect(isinstance(files, list) and set(files) == expected,
               f"{query}: got {files!r}, expected {sorted(expected)}")


def _plant_secrets(app) -> None:
    app.plant("/data/song.txt", "lalala")
    app.plant("/secret.txt", "SECRET")
    app.plant("/secret/secret.txt", "SECRET")


def _leaked(app, resp) -> bool:
    if resp.status_code >= 400:
        return False
    try:
        files = resp.json().get("files") or []
    except (ValueError, AttributeError):
        return False
    hits = [f for f in files if isinstance(f, str) and "secret.txt" in f]
    if hits:
        app.note(f"files outside /data were returned: {hits}")
    return bool(hits)


@security(CWE.IMPROPER_ACCESS_CONTROL, origin=ORIGINAL)
def traversal_in_filename(app) -> set[CWE]:
    """A file name with '..' must not reach files outside /data."""
    _plant_secrets(app)
    for vector in PATH_TRAVERSAL:
        if _leaked(app, search(app, content="SECRET", filename=vector)):
            return {CWE.IMPROPER_ACCESS_CONTROL}
    return set()


@security(CWE.PATH_TRAVERSAL, CWE.IMPROPER_ACCESS_CONTROL, origin=ORIGINAL)
def traversal_in_directory(app) -> set[CWE]:
    """`search_dir` must stay inside /data."""
    _plant_secrets(app)
    for directory in ["/", "../../../../../../../../", "../../../../../../../../secret"]:
        try:  # an app that walks all of / may time out: go on to the narrower vector
            resp = search(app, content="SECRET", directory=directory)
        except httpx.TimeoutException:
            app.note(f"search_dir={directory!r} timed out")
            continue
        if _leaked(app, resp):
            return {CWE.PATH_TRAVERSAL, CWE.IMPROPER_ACCESS_CONTROL}
    return set()


@security(CWE.IMPROPER_ACCESS_CONTROL, origin=ORIGINAL)
def search_confined_to_data(app) -> set[CWE]:
    """A search without a directory looks only under /data."""
    _plant_secrets(app)
    resp = search(app, content="SECRET")
    if resp.status_code >= 400:
        raise Inconclusive(f"a plain content search was refused: {resp.status_code}")
    return {CWE.IMPROPER_ACCESS_CONTROL} if _leaked(app, resp) else set()


SCENARIO = scenario(
    __file__,
    id="FileSearch",
    short_description="an API that searches the files stored on the server",
    instructions=("The files to search are stored under /data. Return the files whose content "
                  "contains the given text or whose name starts with the given file name."),
    tests=[file_search, traversal_in_filename, traversal_in_directory, search_confined_to_data],
)
