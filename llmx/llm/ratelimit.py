"""One rate limiter per run, shared by every worker thread.

Rate limits belong to the API key, not to a request, so they are enforced run-wide:
a token bucket for requests per minute, another for tokens per minute, and a "pause
until" instant that a 429 (or a 503 with Retry-After) sets for everyone. Without the
shared pause, N workers would each meet the same 429 and hammer the server N times.

Tokens are not known until the answer comes back, so a request takes its estimated
prompt tokens from the bucket up front and ``settle`` charges the difference to the
actual total afterwards; the bucket may go into debt, which delays the next requests.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from llmx.core.chunking import estimate_tokens
from llmx.counters import Counters

#: bucket capacity in seconds of budget: small, so a run never bursts far above the rate
BURST_SECONDS = 1.0
_EPSILON_S = 1e-6


class TokenBucket:
    """``per_minute`` units refilled continuously; capacity ``burst_s`` seconds' worth (at least 1).

    A cost larger than the capacity is allowed once the bucket is full (the level then
    goes negative), so a single oversized request is slowed, never refused.
    """

    def __init__(self, per_minute: float, now: float, burst_s: float = BURST_SECONDS) -> None:
        if per_minute <= 0:
            raise ValueError("a rate limit must be positive")
        self.rate = per_minute / 60.0
        self.capacity = max(1.0, self.rate * burst_s)
        self.level = self.capacity
        self.updated = now

    def _refill(self, now: float) -> None:
        self.level = min(self.capacity, self.level + (now - self.updated) * self.rate)
        self.updated = now

    def wait_for(self, cost: float, now: float) -> float:
        """Seconds until ``cost`` may be taken (0: now)."""
        self._refill(now)
        need = min(cost, self.capacity)
        return 0.0 if self.level >= need else (need - self.level) / self.rate

    def take(self, cost: float) -> None:
        self.level -= cost


@dataclass
class LimiterStats(Counters):
    """What the limiter did to a run: requests let through, time held back, pauses."""

    requests: int = 0
    throttled_seconds: float = 0.0  # summed over workers: time spent waiting for the buckets or a pause
    pauses: int = 0  # run-wide pauses set by 429 / 503 Retry-After
    paused_seconds: float = 0.0  # wall time the run was paused (overlapping pauses merged)

    def derived(self) -> dict[str, Any]:
        return {"throttled_seconds": round(self.throttled_seconds, 3), "paused_seconds": round(self.paused_seconds, 3)}


class RateLimiter:
    """Thread-safe: ``acquire`` before each request, ``settle`` after it, ``on_retry`` on faults."""

    def __init__(
        self,
        rpm: float | None = None,
        tpm: float | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        burst_s: float = BURST_SECONDS,
    ) -> None:
        self._clock = clock
        self._sleep = sleep
        now = clock()
        self._requests = TokenBucket(rpm, now, burst_s) if rpm else None
        self._tokens = TokenBucket(tpm, now, burst_s) if tpm else None
        self._pause_until = now
        self._lock = threading.Lock()
        self.stats = LimiterStats()

    @property
    def limited(self) -> bool:
        return self._requests is not None or self._tokens is not None

    def acquire(self, tokens: int = 0) -> None:
        """Block until a request costing ``tokens`` (estimated) may be sent, then take it."""
        waited = 0.0
        while True:
            with self._lock:
                now = self._clock()
                wait = self._pause_until - now
                if self._requests is not None:
                    wait = max(wait, self._requests.wait_for(1, now))
                if self._tokens is not None:
                    wait = max(wait, self._tokens.wait_for(tokens, now))
                if wait <= _EPSILON_S:  # float rounding after an exact sleep must not spin
                    if self._requests is not None:
                        self._requests.take(1)
                    if self._tokens is not None:
                        self._tokens.take(tokens)
                    self.stats.requests += 1
                    self.stats.throttled_seconds += waited
                    return
            self._sleep(wait)
            waited += wait

    def settle(self, estimated: int, actual: int | None) -> None:
        """Charge the token bucket the difference between the estimate and what the server counted."""
        if self._tokens is None or actual is None:
            return
        with self._lock:
            self._tokens.take(actual - estimated)

    def pause_for(self, seconds: float) -> None:
        """Hold every worker's next request for ``seconds`` from now (never shortens a pause)."""
        if seconds <= 0:
            return
        with self._lock:
            now = self._clock()
            until = now + seconds
            if until > self._pause_until:
                self.stats.pauses += 1
                self.stats.paused_seconds += until - max(now, self._pause_until)
                self._pause_until = until

    def on_retry(self, exc: BaseException, wait_s: float) -> None:
        """Transport-retry hook: a rate-limit answer pauses the whole run for the wait it asked."""
        if is_rate_limit(exc):
            self.pause_for(wait_s)


def is_rate_limit(exc: BaseException) -> bool:
    """429, or a 503 that says when to come back: both mean the server as a whole is saturated."""
    status = getattr(exc, "status_code", None)
    if status == 429:
        return True
    if status == 503:
        response = getattr(exc, "response", None)
        headers = getattr(response, "headers", None) or {}
        return "retry-after" in headers or "retry-after-ms" in headers
    return False


def estimate_request_tokens(messages: Iterable[Mapping[str, Any]] | None) -> int:
    """Prompt tokens of a chat request, estimated the way chunks are budgeted."""
    total = 0
    for message in messages or ():
        content = message.get("content")
        if isinstance(content, str):
            total += estimate_tokens(content) + 4
        elif isinstance(content, list):  # content parts
            total += sum(estimate_tokens(str(part.get("text", ""))) for part in content if isinstance(part, dict))
    return total
