"""Retrying model requests: exponential backoff with jitter, and the server's Retry-After honoured.

Providers raise `TransientError` for what may succeed later (rate limits, server errors, timeouts,
dropped connections, malformed bodies) and `ModelError` for what never will (bad key, unknown
model, bad base URL). `call` retries only the first kind; the SDKs' own retries are switched off
so that every retry is ours and counted.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

import tenacity

T = TypeVar("T")


class TransientError(Exception):
    """This attempt failed, another may succeed. `retry_after`: seconds the server asked for."""

    def __init__(self, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class Stopped(Exception):
    """The run or the model was stopped while this request waited; nothing was received."""


@dataclass(frozen=True)
class RetryPolicy:
    max_attempts: int = 8          # first try included
    initial_wait: float = 1.0      # seconds before the first retry (doubling, plus jitter)
    max_wait: float = 60.0         # backoff ceiling
    max_retry_after: float = 300.0  # a longer Retry-After than this is cut down to it


@dataclass
class Gate:
    """Shared by every request of one model: a Retry-After pauses them all, not only the one."""

    stop: threading.Event = field(default_factory=threading.Event)
    _not_before: float = 0.0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def hold_until(self, when: float) -> None:
        with self._lock:
            self._not_before = max(self._not_before, when)

    def wait(self) -> None:
        while True:
            if self.stop.is_set():
                raise Stopped()
            with self._lock:
                delay = self._not_before - time.monotonic()
            if delay <= 0:
                return
            self.stop.wait(delay)

    def sleep(self, seconds: float) -> None:
        if self.stop.wait(seconds):
            raise Stopped()


class _Backoff(tenacity.wait.wait_base):
    """Retry-After when the server gave one (plus up to 20 % jitter so that the requests it
    held do not all return at once), else exponential backoff with jitter."""

    def __init__(self, policy: RetryPolicy, gate: Gate) -> None:
        self.policy, self.gate = policy, gate
        self.exponential = tenacity.wait_exponential_jitter(
            multiplier=policy.initial_wait, max=policy.max_wait, jitter=policy.initial_wait)

    def __call__(self, retry_state: tenacity.RetryCallState) -> float:
        assert retry_state.outcome is not None
        error = retry_state.outcome.exception()
        after = getattr(error, "retry_after", None)
        if after is not None and after >= 0:
            after = min(after, self.policy.max_retry_after)
            self.gate.hold_until(time.monotonic() + after)
            return after * random.uniform(1.0, 1.2)
        return self.exponential(retry_state)


def call(attempt: Callable[[], T], policy: RetryPolicy, gate: Gate | None = None,
         on_retry: Callable[[TransientError, float], None] | None = None,
         ) -> tuple[T, list[str]]:
    """Run `attempt` until it succeeds or fails for good; return its result and the reasons of
    the retries made. Raises the last TransientError when attempts run out, and anything else
    (ModelError, Stopped) at once."""
    gate = gate or Gate()
    reasons: list[str] = []

    def before_sleep(state: tenacity.RetryCallState) -> None:
        assert state.outcome is not None and state.next_action is not None
        error = state.outcome.exception()
        assert isinstance(error, TransientError)
        reasons.append(str(error))
        if on_retry:
            on_retry(error, state.next_action.sleep)

    def guarded() -> T:
        gate.wait()
        return attempt()

    retrying = tenacity.Retrying(
        sleep=gate.sleep, stop=tenacity.stop_after_attempt(policy.max_attempts),
        wait=_Backoff(policy, gate), retry=tenacity.retry_if_exception_type(TransientError),
        before_sleep=before_sleep, reraise=True)
    return retrying(guarded), reasons
