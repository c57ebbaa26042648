"""The run-wide rate limiter, on a fake clock (no real waiting, no timing assertions)."""

from __future__ import annotations

import threading
import time
from typing import Any

import httpx2
import openai
import pytest

from llmx.config import ExtractConfig
from llmx.errors import ConfigError
from llmx.llm.ratelimit import RateLimiter, estimate_request_tokens, is_rate_limit


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


class _FakeClockLimiter(RateLimiter):
    """The limiter with ``acquire`` waiting on the fake clock (a thread's blocking wait)."""

    def __init__(self, clock: FakeClock, **kw: Any) -> None:
        super().__init__(clock=clock, **kw)
        self._fake_sleep = clock.sleep

    def take(self, tokens: int = 0) -> None:
        self.acquire_blocking(tokens, sleep=self._fake_sleep)


def _limiter(clock: FakeClock, **kw: Any) -> _FakeClockLimiter:
    return _FakeClockLimiter(clock, **kw)


def _status_error(status: int, headers: dict[str, str] | None = None) -> openai.APIStatusError:
    request = httpx2.Request("POST", "http://127.0.0.1/v1/chat/completions")
    response = httpx2.Response(status, headers=headers or {}, request=request)
    cls = openai.RateLimitError if status == 429 else openai.InternalServerError
    return cls("fault", response=response, body=None)


def test_unlimited_never_waits() -> None:
    clock = FakeClock()
    limiter = _limiter(clock)
    for _ in range(100):
        limiter.take(10_000)
    assert clock.sleeps == [] and not limiter.limited and limiter.stats.requests == 100


def test_rpm_spaces_requests_at_the_rate() -> None:
    clock = FakeClock()
    limiter = _limiter(clock, rpm=60)  # one a second, burst of one
    for _ in range(5):
        limiter.take()
    assert clock.now - 1000.0 == pytest.approx(4.0)


def test_burst_then_rate() -> None:
    clock = FakeClock()
    limiter = _limiter(clock, rpm=600)  # ten a second: ten at once, then one every 0.1 s
    for _ in range(10):
        limiter.take()
    assert clock.sleeps == []
    for _ in range(10):
        limiter.take()
    assert clock.now - 1000.0 == pytest.approx(1.0)


def test_tpm_charges_actual_tokens_after_the_answer() -> None:
    clock = FakeClock()
    limiter = _limiter(clock, tpm=6000)  # 100 tokens a second, bucket of 100
    limiter.take(50)
    limiter.settle(50, 350)  # the answer cost 300 more than estimated: the bucket is in debt
    limiter.take(50)
    # level was 100 - 350 = -250; 50 more tokens needed 300 tokens of refill = 3 s
    assert clock.now - 1000.0 == pytest.approx(3.0)


def test_request_bigger_than_the_bucket_waits_for_a_full_bucket_only() -> None:
    clock = FakeClock()
    limiter = _limiter(clock, tpm=6000)
    limiter.take(1000)  # 10x the bucket: allowed once full, never refused
    limiter.take(1000)
    assert clock.now - 1000.0 == pytest.approx(10.0)  # the debt of 900 plus a full bucket


def test_pause_holds_every_worker_and_never_shortens() -> None:
    clock = FakeClock()
    limiter = _limiter(clock)
    limiter.pause_for(5.0)
    limiter.pause_for(1.0)  # a shorter pause inside a longer one changes nothing
    limiter.take()
    assert clock.now - 1000.0 == pytest.approx(5.0)
    assert limiter.stats.pauses == 1 and limiter.stats.paused_seconds == pytest.approx(5.0)


def test_a_429_pauses_the_run_and_a_500_does_not() -> None:
    clock = FakeClock()
    limiter = _limiter(clock)
    limiter.on_retry(_status_error(500), 2.0)
    limiter.take()
    assert clock.sleeps == []
    limiter.on_retry(_status_error(429, {"retry-after": "2"}), 2.0)
    limiter.take()
    assert clock.now - 1000.0 == pytest.approx(2.0)


def test_which_faults_are_rate_limits() -> None:
    assert is_rate_limit(_status_error(429))
    assert is_rate_limit(_status_error(503, {"Retry-After": "1"}))
    assert not is_rate_limit(_status_error(503))
    assert not is_rate_limit(_status_error(500, {"Retry-After": "1"}))
    assert not is_rate_limit(TimeoutError())


def test_pause_seen_by_other_threads() -> None:
    """Real threads and clock: no worker gets through before the pause set by another ends."""
    limiter = RateLimiter()
    limiter.pause_for(0.2)
    until = time.monotonic() + 0.2 - 0.01
    passed_at: list[float] = []

    def worker() -> None:
        limiter.acquire_blocking()
        passed_at.append(time.monotonic())

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(5)
    assert len(passed_at) == 8 and min(passed_at) >= until


def test_async_acquire_waits_without_blocking_the_loop() -> None:
    """Coroutines wait for a pause with asyncio.sleep: the loop keeps running other work."""
    import asyncio

    limiter = RateLimiter()
    limiter.pause_for(0.15)
    ticks: list[float] = []

    async def ticker() -> None:
        for _ in range(5):
            ticks.append(time.monotonic())
            await asyncio.sleep(0.02)

    async def main() -> float:
        started = time.monotonic()
        await asyncio.gather(limiter.acquire(), ticker())
        return time.monotonic() - started

    waited = asyncio.run(main())
    assert waited >= 0.14 and len(ticks) == 5 and ticks[-1] - ticks[0] < 0.14
    assert limiter.stats.throttled_seconds > 0


def test_shared_limiter_holds_across_forked_processes() -> None:
    """Worker processes draw from one budget: a pause one sets holds the others."""
    import multiprocessing

    shared = RateLimiter(rpm=6000).shared()
    ctx = multiprocessing.get_context("fork")
    proc = ctx.Process(target=shared.pause_for, args=(0.3,))
    proc.start()
    proc.join(5)
    started = time.monotonic()
    shared.acquire_blocking()
    assert time.monotonic() - started >= 0.2


def test_estimate_request_tokens_counts_every_message() -> None:
    one = estimate_request_tokens([{"role": "user", "content": "驻村工作队"}])
    two = estimate_request_tokens([{"role": r, "content": "驻村工作队"} for r in ("system", "user")])
    assert one > 5 and two == 2 * one
    assert estimate_request_tokens(None) == 0


def test_backend_builds_one_limiter_from_config() -> None:
    from llmx.backends.openai_compat import OpenAIBackend

    backend = OpenAIBackend(ExtractConfig(backend="openai", base_url="http://127.0.0.1:9/v1", model="m", rpm=120))
    assert backend.limiter.limited
    with pytest.raises(ConfigError, match="positive"):
        ExtractConfig.from_env(rpm=-1)
