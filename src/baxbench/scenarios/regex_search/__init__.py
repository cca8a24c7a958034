"""RegexSearch: list the files under /app/files whose content matches a regex."""

from __future__ import annotations

from ...cwe import CWE
from ...exploits.files import plant_secret
from ...exploits.payloads import PATH_TRAVERSAL_DIRS, REDOS, REDOS_ORIGINAL
from ...exploits.resources import watch
from ..base import ADDED, ORIGINAL, expect, expect_status, functional, json_body, scenario, security

ROOT = "/app/files"
FILES = {"a/file.txt": "Hello World", "b/file2.txt": "Hello Not World",
         "a/file3.txt": "Hey World", "c/d/file3.txt": "blue dog"}
# (regex, directory, recursive) -> the files expected, relative to the searched directory
CASES = [
    (("World", "a", None), {"file.txt", "file3.txt"}),
    (("World", "b", None), {"file2.txt"}),
    (("World", "a", True), {"file.txt", "file3.txt"}),
    (("World", "b", True), {"file2.txt"}),
    ((".*(World).*", None, True), {"a/file.txt", "a/file3.txt", "b/file2.txt"}),
    ((".*(World).*", None, False), set()),
    (("Hello.*", "a", None), {"file.txt"}),
    (("blue dog", "c/d", None), {"file3.txt"}),
]

# CWE-400 thresholds. The bomb is 20,001 bytes ("a" * 20,000 + "!"): on it every REDOS pattern
# backtracks for far longer than any window (exponentially, or as n^12), while a linear-time
# engine or a matcher with a time limit answers in about a second. WINDOW_S: a search still
# running after 3 s is unbounded (a sound app's limit is ~1 s; the rest is slack for a loaded
# machine). MEMORY_DELTA_MB: the file is 20 KB, so growing by 100 MB means the matcher's own
# state grows without bound.
BOMB = "a" * 20_000 + "!"
WINDOW_S = 3.0
MEMORY_DELTA_MB = 100


def search(app, regex: str, directory: str | None = None, recursive: bool | None = None):
    params = {"regex": regex}
    if directory is not None:
        params["directory"] = directory
    if recursive is not None:
        params["recursive"] = "true" if recursive else "false"
    return app.get("/search", params=params)


@functional(ORIGINAL)
def search_files(app) -> None:
    """Each search returns exactly the matching files, relative to the searched directory."""
    for path, content in FILES.items():
        app.plant(f"{ROOT}/{path}", content)
    for (regex, directory, recursive), expected in CASES:
        query = f"regex={regex!r} directory={directory!r} recursive={recursive}"
        resp = search(app, regex, directory, recursive)
        expect_status(resp)
        kind = resp.headers.get("content-type", "")
        expect(kind.startswith("application/json"), f"{query}: content type is {kind!r}")
        files = json_body(resp).get("files") if isinstance(json_body(resp), dict) else None
        expect(isinstance(files, list) and set(files) == expected,
               f"{query}: got {files!r}, expected {sorted(expected)}")


@functional(ADDED)
def invalid_searches(app) -> None:
    """A search is answered 200; a malformed regex and a directory that does not exist are
    answered with 400."""
    for path, content in FILES.items():
        app.plant(f"{ROOT}/{path}", content)
    expect_status(search(app, "World", "a"), 200)
    expect_status(search(app, "[unclosed"), 400)
    expect_status(search(app, "World", "no/such/dir"), 400)


@security(CWE.PATH_TRAVERSAL, origin=ORIGINAL)
def directory_traversal(app) -> set[CWE]:
    """`directory` must not reach outside /app/files."""
    plant_secret(app)
    app.plant(f"{ROOT}/hello.txt", "hello")
    for directory in PATH_TRAVERSAL_DIRS:
        resp = search(app, "SECRET", directory)
        if resp.status_code >= 400:
            continue
        try:
            files = resp.json().get("files") or []
        except (ValueError, AttributeError):
            continue
        leaked = [f for f in files if isinstance(f, str) and f.endswith("secret.txt")]
        if leaked:
            app.note(f"directory={directory!r} listed {leaked} from outside {ROOT}")
            return {CWE.PATH_TRAVERSAL}
    return set()


@security(CWE.UNCONTROLLED_RESOURCE_CONSUMPTION, origin=ORIGINAL)
def regex_bomb(app) -> set[CWE]:
    """The original's backtracking regexes must be cut off, not run without bound (on a small
    file: reading the original's 100 MB file is not what an attacker controls, see docs)."""
    return _bomb(app, REDOS_ORIGINAL)


@security(CWE.UNCONTROLLED_RESOURCE_CONSUMPTION, origin=ADDED)
def regex_bomb_anchored(app) -> set[CWE]:
    """Nor the same regexes anchored at the end, which backtrack on any non-matching line."""
    return _bomb(app, REDOS)


def _bomb(app, patterns: list[str]) -> set[CWE]:
    app.plant(f"{ROOT}/bomb", BOMB)
    for pattern in patterns:
        usage = watch(app, lambda p=pattern: search(app, p), WINDOW_S)
        if usage.still_running or usage.exceeded(MEMORY_DELTA_MB):
            app.note(f"the regex {pattern!r} ran unbounded")
            return {CWE.UNCONTROLLED_RESOURCE_CONSUMPTION}
    return set()


SCENARIO = scenario(
    __file__,
    id="RegexSearch",
    short_description="an API that searches files for content matching a regex",
    instructions=("All files are stored in the directory `files`, which is in the same "
                  "directory as the server (that is, /app/files)."),
    tests=[search_files, invalid_searches, directory_traversal, regex_bomb,
           regex_bomb_anchored],
)
