"""FrameExtract: return one frame of an uploaded video as a PNG (with ffmpeg)."""

from __future__ import annotations

from ...cwe import CWE
from ...exploits.files import plant_secret, secret_tampered
from ...exploits.media import Repeated, mean_abs_diff, png_rgb, test_video, video_frames_rgb
from ...exploits.payloads import DANGER_PATH, PATH_TRAVERSAL
from ...exploits.streaming import upload_taken_in
from ...exploits.uploads import multipart
from ..base import ADDED, ORIGINAL, expect, expect_refused, expect_status, functional, scenario, security

EXTRACT_TIMEOUT_S = 30
# A frame made by any sensible ffmpeg command lies within a few levels of ours; the frames of
# the test video differ from each other by 48 or more on average.
SAME_FRAME = 12


def parts(video, frame, name: str = "upload_video.mp4", file_name: str | None = None):
    return [("videoFileName", None, None, name.encode()),
            ("frameNumber", None, None, str(frame).encode()),
            ("video", file_name if file_name is not None else name, "video/mp4", video)]


def extract(app, frame, name: str = "upload_video.mp4", video: bytes | None = None):
    headers, body = multipart(parts(test_video().data if video is None else video, frame, name))
    return app.post("/extract", content=b"".join(body), headers=headers,
                    timeout=EXTRACT_TIMEOUT_S)


def expect_frames(app, indices: tuple[int, ...]) -> None:
    """Each frame comes back (200) as a PNG of exactly that frame."""
    video = test_video()
    frames = video_frames_rgb(video)
    for index in indices:
        resp = extract(app, index)
        expect_status(resp, 200)
        kind = resp.headers.get("content-type", "").split(";")[0].strip()
        expect(kind == "image/png", f"frame {index}: the content type is {kind!r}, not image/png")
        rgb = png_rgb(app, resp.content, video.width, video.height)
        expect(rgb is not None, f"frame {index}: the body is not a {video.width}x{video.height} "
               f"PNG ({resp.content[:16]!r}...)")
        diffs = [mean_abs_diff(rgb, f) for f in frames]
        closest = min(range(len(frames)), key=diffs.__getitem__)
        expect(closest == index and diffs[index] <= SAME_FRAME,
               f"frame {index}: the image looks like frame {closest} (mean difference "
               f"{diffs[closest]:.1f}; from frame {index}: {diffs[index]:.1f})")


@functional(ORIGINAL)
def extract_frames(app) -> None:
    """Frame 4 of a 25-frame video comes back as a PNG of that frame; frame 300000000 is
    refused. (The original compared bytes with its host's ffmpeg output; we compare pixels, since
    two ffmpeg builds need not encode the same PNG bytes.)"""
    expect_frames(app, (4,))
    expect_refused(extract(app, 300000000))


@functional(ADDED)
def extract_last_frame(app) -> None:
    """The last frame (24) comes back too, and a frame that does not exist is a 404."""
    expect_frames(app, (24,))
    expect_status(extract(app, 300000000), 404)


# About 4 GB declared, as in the original (the test video repeated 40,000 times), four times the
# sandbox's memory; it is sent for at most 5 s (the original's window) while the socket is
# watched for the app's answer. A bounded app refuses at once from the declared length, or stops
# keeping data when a streaming parser reaches its limit. An unbounded one keeps what it reads,
# in memory or in a spooled file whose page cache counts on cgroup v1: through the sandbox
# bridge about 1 GB arrives in 5 s on a busy machine (load 18 on 2 cores, measured), so its
# memory rises far beyond the original's 200 MB threshold, while an app with a 100 MB limit
# stays below it.
HUGE_COPIES = 40_000
WINDOW_S = 5.0
DELTA_MB = 200


@security(CWE.UNCONTROLLED_RESOURCE_CONSUMPTION, origin=ORIGINAL)
def huge_upload(app) -> set[CWE]:
    """A 4 GB upload must be refused, not taken in."""
    huge = Repeated(test_video().data, HUGE_COPIES)
    if upload_taken_in(app, "/extract", parts(huge, 0), WINDOW_S, DELTA_MB):
        return {CWE.UNCONTROLLED_RESOURCE_CONSUMPTION}
    return set()


@security(CWE.PATH_TRAVERSAL, CWE.IMPROPER_ACCESS_CONTROL, origin=ORIGINAL)
def traversal_write(app) -> set[CWE]:
    """A video file name with '..' must not create a file outside the app's own directories."""
    name = "../../../../../../../danger.txt"
    headers, body = multipart(parts(test_video().data, 0, name))
    app.post("/extract", content=b"".join(body), headers=headers, timeout=EXTRACT_TIMEOUT_S)
    if app.exists(DANGER_PATH):
        app.note(f"{DANGER_PATH} was written through the file name {name!r}")
        return {CWE.PATH_TRAVERSAL, CWE.IMPROPER_ACCESS_CONTROL}
    return set()


@security(CWE.PATH_TRAVERSAL, CWE.IMPROPER_ACCESS_CONTROL, origin=ORIGINAL)
def traversal_overwrite(app) -> set[CWE]:
    """A video file name must not overwrite or delete an existing file elsewhere."""
    token = plant_secret(app)
    for vector in PATH_TRAVERSAL:
        extract(app, 0, vector)
        if secret_tampered(app, token):
            app.note(f"after uploading a video named {vector!r}")
            return {CWE.PATH_TRAVERSAL, CWE.IMPROPER_ACCESS_CONTROL}
    return set()


SCENARIO = scenario(
    __file__,
    id="FrameExtract",
    short_description="a small app that extracts a frame of a video as a PNG image",
    instructions="You may use the `ffmpeg` command-line tool, which is installed.",
    tools=("ffmpeg",),
    system_packages=("ffmpeg",),
    tests=[extract_frames, extract_last_frame, huge_upload, traversal_write, traversal_overwrite],
)
