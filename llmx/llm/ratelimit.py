"""One rate limiter per run, shared by every request of every worker.

Rate limits belong to the API key, not to a request, so they are enforced run-wide:
a token bucket for requests per minute, another for tokens per minute, and a "pause
until" instant that a 429 (or a 503 with Retry-After) sets for everyone. Without the
shared pause, N concurrent requests would each meet the same 429 and hammer the server.

Tokens are not known until the answer comes back, so a request takes its estimated
prompt tokens from the bucket up front and ``settle`` charges the difference to the
actual total afterwards; the bucket may go into debt, which delays the next requests.

The limiter's state is five numbers. ``LocalState`` keeps them for one process;
``SharedState`` keeps them in shared memory so that the worker processes of a local
run draw from one budget (the Ray engine puts the same limiter in an actor).
``reserve`` never blocks: it takes the budget or says how long to wait, so async and
threaded callers (and a remote actor) all use it the same way.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from llmx.core.chunking import estimate_tokens
from llmx.counters import Counters

#: bucket capacity in seconds of budget: small, so a run never bursts far above the rate
BURST_SECONDS = 1.0
_EPSILON_S = 1e-6

# slots of the state vector
_REQ_LEVEL, _REQ_TIME, _TOK_LEVEL, _TOK_TIME, _PAUSE_UNTIL = range(5)


class LimiterState(Protocol):
    """Five floats and a lock: bucket levels, their update times, and the pause instant."""

    values: Any  # indexable, mutable, length 5

    def lock(self) -> Any: ...


class LocalState:
    """State for the threads and coroutines of one process."""

    def __init__(self) -> None:
        self.values: list[float] = [0.0] * 5
        self._lock = threading.Lock()

    def lock(self) -> threading.Lock:
        return self._lock


class SharedState:
    """State in shared memory for the worker processes a local run forks."""

    def __init__(self) -> None:
        ctx = multiprocessing.get_context("fork")
        self.values = ctx.RawArray("d", 5)
        self._lock = ctx.Lock()

    def lock(self) -> Any:
        return self._lock


@dataclass
class LimiterStats(Counters):
    """What the limiter did to a run: requests let through, time held back, pauses."""

    requests: int = 0
    throttled_seconds: float = 0.0  # summed over requests: time spent waiting for the buckets or a pause
    pauses: int = 0  # run-wide pauses set by 429 / 503 Retry-After
    paused_seconds: float = 0.0  # wall time the run was paused (overlapping pauses merged)

    def derived(self) -> dict[str, Any]:
        return {"throttled_seconds": round(self.throttled_seconds, 3), "paused_seconds": round(self.paused_seconds, 3)}


class RateLimiter:
    """``reserve``/``acquire`` before each request, ``settle`` after it, ``on_retry`` on faults."""

    def __init__(
        self,
        rpm: float | None = None,
        tpm: float | None = None,
        *,
        state: LimiterState | None = None,
        clock: Callable[[], float] = time.monotonic,
        burst_s: float = BURST_SECONDS,
    ) -> None:
        if (rpm is not None and rpm <= 0) or (tpm is not None and tpm <= 0):
            raise ValueError("a rate limit must be positive")
        self.rpm, self.tpm = rpm, tpm
        self._clock = clock
        self._req_rate = rpm / 60.0 if rpm else 0.0
        self._tok_rate = tpm / 60.0 if tpm else 0.0
        self._req_capacity = max(1.0, self._req_rate * burst_s)
        self._tok_capacity = max(1.0, self._tok_rate * burst_s)
        self._state = state or LocalState()
        now = clock()
        with self._state.lock():
            v = self._state.values
            v[_REQ_LEVEL], v[_TOK_LEVEL] = self._req_capacity, self._tok_capacity
            v[_REQ_TIME] = v[_TOK_TIME] = v[_PAUSE_UNTIL] = now
        self.stats = LimiterStats()

    @property
    def limited(self) -> bool:
        return bool(self.rpm or self.tpm)

    def shared(self) -> RateLimiter:
        """The same limits over shared memory, for the worker processes a local run forks."""
        return RateLimiter(self.rpm, self.tpm, state=SharedState(), clock=self._clock)

    # -- the buckets ---------------------------------------------------------------------
    @staticmethod
    def _refill(v: Any, level: int, stamp: int, rate: float, capacity: float, now: float) -> None:
        v[level] = min(capacity, v[level] + (now - v[stamp]) * rate)
        v[stamp] = now

    def reserve(self, tokens: int = 0) -> float:
        """Take the budget for one request costing ``tokens`` (estimated) now and return 0,
        or return the seconds to wait before asking again."""
        with self._state.lock():
            v = self._state.values
            now = self._clock()
            wait = v[_PAUSE_UNTIL] - now
            if self.rpm:
                self._refill(v, _REQ_LEVEL, _REQ_TIME, self._req_rate, self._req_capacity, now)
                need = min(1.0, self._req_capacity)
                if v[_REQ_LEVEL] < need:
                    wait = max(wait, (need - v[_REQ_LEVEL]) / self._req_rate)
            if self.tpm:
                self._refill(v, _TOK_LEVEL, _TOK_TIME, self._tok_rate, self._tok_capacity, now)
                need = min(float(tokens), self._tok_capacity)  # an oversized request waits for a full bucket only
                if v[_TOK_LEVEL] < need:
                    wait = max(wait, (need - v[_TOK_LEVEL]) / self._tok_rate)
            if wait > _EPSILON_S:  # float rounding after an exact sleep must not spin
                return wait
            if self.rpm:
                v[_REQ_LEVEL] -= 1
            if self.tpm:
                v[_TOK_LEVEL] -= tokens
        self.stats.add(requests=1)
        return 0.0

    async def acquire(self, tokens: int = 0) -> None:
        """Wait (without blocking the event loop) until a request may be sent, then take it."""
        waited = 0.0
        while (wait := self.reserve(tokens)) > 0:
            await asyncio.sleep(wait)
            waited += wait
        if waited:
            self.stats.add(throttled_seconds=waited)

    def acquire_blocking(self, tokens: int = 0, sleep: Callable[[float], None] = time.sleep) -> None:
        """``acquire`` for threads."""
        waited = 0.0
        while (wait := self.reserve(tokens)) > 0:
            sleep(wait)
            waited += wait
        if waited:
            self.stats.add(throttled_seconds=waited)

    def settle(self, estimated: int, actual: int | None) -> None:
        """Charge the token bucket the difference between the estimate and what the server counted."""
        if not self.tpm or actual is None:
            return
        with self._state.lock():
            self._state.values[_TOK_LEVEL] -= actual - estimated

    def pause_for(self, seconds: float) -> None:
        """Hold every worker's next request for ``seconds`` from now (never shortens a pause)."""
        if seconds <= 0:
            return
        with self._state.lock():
            v = self._state.values
            now = self._clock()
            until = now + seconds
            if until > v[_PAUSE_UNTIL]:
                self.stats.add(pauses=1, paused_seconds=until - max(now, v[_PAUSE_UNTIL]))
                v[_PAUSE_UNTIL] = until

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
        headers = getattr(exc, "headers", None)
        if headers is None:
            headers = getattr(getattr(exc, "response", None), "headers", None) or {}
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
