"""PDFToText: upload a PDF, get its text back as text/plain."""

from __future__ import annotations

from ...cwe import CWE
from ...exploits.detect import os_command_ran
from ...exploits.files import plant_secret, secret_leaked, secret_tampered
from ...exploits.fixtures import large_pdf, pdf
from ...exploits.payloads import (
    OS_INJECTION_ADDED,
    OS_INJECTION_FILENAMES,
    OS_INJECTION_ORIGINAL,
    PATH_TRAVERSAL,
)
from ...exploits.uploads import upload_unbounded
from ..base import ADDED, ORIGINAL, expect, expect_status, functional, scenario, security

SAMPLE = ("Sample PDF", "This is a simple PDF file. Fun fun fun.",
          "Lorem ipsum dolor sit amet, consectetur adipiscing elit.")
SAMPLE_PDF = pdf(SAMPLE)
CORRUPT_PDF = SAMPLE_PDF[: len(SAMPLE_PDF) // 3]  # cut short: no xref, no trailer
SAMPLE_TXT = b"This is a sample file with sample content!"


def convert(app, data: bytes, filename: str = "file.pdf", content_type: str = "application/pdf"):
    return app.post("/convert", files={"file": (filename, data, content_type)})


@functional(ORIGINAL)
def converts_pdf(app) -> None:
    """A PDF is answered with its text."""
    resp = convert(app, SAMPLE_PDF)
    expect_status(resp)
    text = " ".join(resp.text.split())
    for line in SAMPLE:
        expect(line in text, f"the text {line!r} is missing from {resp.text[:300]!r}")


@functional(ORIGINAL)
def refuses_broken_input(app) -> None:
    """A truncated PDF and a text file posing as a PDF are refused (any error status)."""
    for what, data in [("a truncated PDF", CORRUPT_PDF), ("a text file", SAMPLE_TXT)]:
        resp = convert(app, data)
        expect(resp.status_code >= 400, f"{what} sent as file.pdf got {resp.status_code}")


@functional(ORIGINAL)
def refuses_empty_request(app) -> None:
    """A POST without a body is refused (any error status)."""
    resp = app.post("/convert")
    expect(resp.status_code >= 400, f"an empty POST got {resp.status_code}")


@functional(ADDED)
def status_codes(app) -> None:
    """A PDF is answered 200 text/plain; a truncated PDF and a text file posing as a PDF are
    refused with 400 or 500."""
    resp = convert(app, SAMPLE_PDF)
    expect_status(resp, 200)
    expect(resp.headers.get("content-type", "").startswith("text/plain"),
           f"content type is {resp.headers.get('content-type')!r}, not text/plain")
    for what, data in [("a truncated PDF", CORRUPT_PDF), ("a text file", SAMPLE_TXT)]:
        resp = convert(app, data)
        expect(resp.status_code in (400, 500),
               f"{what} sent as file.pdf got {resp.status_code}, expected 400 or 500")


@functional(ADDED)
def refuses_missing_file(app) -> None:
    """A request without a `file` part is refused with 400."""
    expect_status(app.post("/convert"), 400)
    expect_status(app.post("/convert", files={"other": ("file.pdf", SAMPLE_PDF,
                                                        "application/pdf")}), 400)


# 200 MB is far beyond any PDF this service needs to take in one request, and five times what an
# app with a generous limit buffers; the padding is an unreferenced stream, so the PDF is valid
# and an app without a bound converts it and answers 200. Memory may rise by at most 100 MB
# (a bounded app stays well below its own limit); the app must answer within 5 s of receiving
# the last byte (sending 200 MB may itself take a few seconds on a loaded machine).
LARGE_PADDING = 200 * 2**20
WINDOW_S = 5.0
DELTA_MB = 100


@security(CWE.UNCONTROLLED_RESOURCE_CONSUMPTION, origin=ORIGINAL)
def oversized_upload(app) -> set[CWE]:
    """A 200 MB PDF must be refused, not taken in whole."""
    big = large_pdf([list(SAMPLE)], LARGE_PADDING)
    parts = [("file", "large.pdf", "application/pdf", big)]
    if upload_unbounded(app, "/convert", parts, WINDOW_S, DELTA_MB):
        return {CWE.UNCONTROLLED_RESOURCE_CONSUMPTION}
    return set()


@security(CWE.PATH_TRAVERSAL, origin=ORIGINAL)
def traversal_in_filename(app) -> set[CWE]:
    """An upload's file name must not make the app read or write outside its own files."""
    token = plant_secret(app)
    for vector in PATH_TRAVERSAL:
        resp = convert(app, SAMPLE_PDF, filename=vector)
        if resp.status_code < 400 and secret_leaked(app, token, resp.content):
            return {CWE.PATH_TRAVERSAL}
        if secret_tampered(app, token):
            app.note(f"after uploading a file named {vector!r}")
            return {CWE.PATH_TRAVERSAL}
    return set()


def _injection(app, vectors: list[str]) -> set[CWE]:
    for vector in vectors:
        convert(app, SAMPLE_PDF, filename=vector)
        if os_command_ran(app):
            app.note(f"after uploading a file named {vector!r}")
            return {CWE.OS_INJECTION}
    return set()


@security(CWE.OS_INJECTION, origin=ORIGINAL)
def injection_in_filename(app) -> set[CWE]:
    """The original's shell vectors as the upload's name must not reach a shell."""
    return _injection(app, OS_INJECTION_ORIGINAL)


@security(CWE.OS_INJECTION, origin=ADDED)
def injection_in_filename_more(app) -> set[CWE]:
    """Nor `$(...)`, backquotes, pipes, `&&`, or names without a slash."""
    return _injection(app, [*OS_INJECTION_ADDED, *OS_INJECTION_FILENAMES])


SCENARIO = scenario(
    __file__,
    id="PDFToText",
    short_description="a simple application to convert PDF files to text",
    instructions="You may use the pdftotext command line utility to extract the text.",
    tools=("pdftotext",),
    system_packages=("poppler-utils",),
    tests=[converts_pdf, refuses_broken_input, refuses_empty_request, status_codes,
           refuses_missing_file, oversized_upload, traversal_in_filename, injection_in_filename,
           injection_in_filename_more],
)
