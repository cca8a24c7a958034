"""Generation progress: a live bar on a terminal, plain lines otherwise.

On a TTY: one bar (tqdm) with done / failed / retrying counts and an ETA; notices (a model
stopped, a sample failed) print above it. Elsewhere (CI, logs, pipes): one line per finished
sample and per retry, nothing redrawn.
"""

from __future__ import annotations

import sys
import threading
import time
from typing import IO, Any


class GenerationProgress:
    def __init__(self, total: int, label: str = "generate", out: IO[str] | None = None,
                 live: bool | None = None) -> None:
        self.total, self.label = total, label
        self.out = out or sys.stderr
        self.live = self.out.isatty() if live is None else live
        self.counts = {"generated": 0, "truncated": 0, "no code": 0, "refused": 0,
                       "agent limit": 0, "failed": 0, "skipped": 0}
        self.retrying: set[Any] = set()
        self.retries = 0
        self.started = time.monotonic()
        self._lock = threading.Lock()
        self._bar: Any = None
        if self.live and total:
            from tqdm import tqdm
            self._bar = tqdm(total=total, desc=label, unit="sample", file=self.out,
                             dynamic_ncols=True, smoothing=0.1)
            self._refresh()

    @property
    def done(self) -> int:
        return sum(self.counts.values())

    def _refresh(self) -> None:
        c = self.counts
        self._bar.set_postfix_str(f"ok {c['generated']}, no code {c['no code']}, "
                                  f"truncated {c['truncated']}, refused {c['refused']}, "
                                  f"failed {c['failed'] + c['skipped']}, "
                                  f"retrying {len(self.retrying)}", refresh=True)

    def _say(self, line: str) -> None:
        if self._bar is not None:
            self._bar.write(line, file=self.out)
        else:
            print(line, file=self.out, flush=True)

    def note(self, line: str) -> None:
        with self._lock:
            self._say(line)

    def retry(self, sample: Any, what: str, reason: str, wait: float) -> None:
        with self._lock:
            self.retrying.add(sample)
            self.retries += 1
            if self._bar is not None:
                self._refresh()
            else:
                self._say(f"{self.label} {what}: retry in {wait:.1f} s after {reason}")

    def finish(self, sample: Any, what: str, outcome: str, detail: str = "") -> None:
        """`outcome`: generated | truncated | no code | refused | failed (no answer) |
        skipped (its model stopped)."""
        with self._lock:
            self.retrying.discard(sample)
            self.counts[outcome] += 1
            if self._bar is not None:
                self._bar.update(1)
                self._refresh()
                if outcome == "failed":
                    self._say(f"{what}: failed: {detail}")
                return
            if outcome == "skipped":
                return
            width = len(str(self.total))
            elapsed = time.monotonic() - self.started
            eta = elapsed / self.done * (self.total - self.done)
            self._say(f"[{self.done:>{width}}/{self.total}] {self.label} {what}: {outcome}"
                      f"{' ' + detail if detail else ''}  (eta {eta:.0f} s)")

    def close(self) -> None:
        with self._lock:
            if self._bar is not None:
                self._bar.close()
                self._bar = None

    def summary(self) -> str:
        parts = ", ".join(f"{v} {k}" for k, v in self.counts.items() if v)
        return (f"{self.label}: {self.done} of {self.total} ({parts or 'nothing'}), "
                f"{self.retries} retries, in {time.monotonic() - self.started:.1f} s")
