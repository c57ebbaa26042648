"""Transport-fault retries (tenacity), kept apart from re-asks for the model's answers.

Retried: 429 (waiting what Retry-After says), 408, 5xx, timeouts, connection errors and
cut-off bodies. Not retried: other 4xx (a bad request stays bad) and anything that is
not transport.
"""

from __future__ import annotations

import asyncio
import email.utils
import time
from collections.abc import Awaitable, Callable, Mapping

import aiohttp
import openai
from tenacity import (
    AsyncRetrying,
    RetryCallState,
    retry_if_exception,
    stop_after_attempt,
    wait_exponential_jitter,
)

from llmx.errors import LlmxError

MAX_RETRY_AFTER_S = 120.0


class HttpStatusError(LlmxError):
    """The server answered with an error status; ``headers`` may say when to come back."""

    def __init__(self, status_code: int, message: str, headers: Mapping[str, str] | None = None) -> None:
        super().__init__(f"server answered {status_code}: {message}")
        self.status_code = status_code
        self.message = message
        self.headers = {k.lower(): v for k, v in (headers or {}).items()}


class BadResponseError(LlmxError):
    """The server's 200 answer is not a chat completion (a cut-off or garbled body)."""


def _retryable_status(status: int) -> bool:
    return status in (408, 429) or status >= 500


def is_transport_fault(exc: BaseException) -> bool:
    """True for faults worth sending the same request again."""
    if isinstance(exc, HttpStatusError | openai.APIStatusError):
        return _retryable_status(exc.status_code)
    return isinstance(
        exc,
        BadResponseError | asyncio.TimeoutError | aiohttp.ClientConnectionError | aiohttp.ClientPayloadError
        | openai.APITimeoutError | openai.APIConnectionError,
    )


def retry_after_seconds(exc: BaseException) -> float | None:
    """Seconds the server asked us to wait (Retry-After / retry-after-ms), if it said."""
    headers = getattr(exc, "headers", None)
    if headers is None:
        headers = getattr(getattr(exc, "response", None), "headers", None)
    if headers is None:
        return None
    if (ms := headers.get("retry-after-ms")) is not None:
        try:
            return min(float(ms) / 1000.0, MAX_RETRY_AFTER_S)
        except ValueError:
            pass
    value = headers.get("retry-after")
    if value is None:
        return None
    try:
        return min(max(float(value), 0.0), MAX_RETRY_AFTER_S)
    except ValueError:
        parsed = email.utils.parsedate_to_datetime(value) if value else None
        if parsed is None:
            return None
        return min(max(parsed.timestamp() - time.time(), 0.0), MAX_RETRY_AFTER_S)


class _WaitRetryAfterOrBackoff:
    """Wait what the server asked for, else exponential backoff with jitter."""

    def __init__(self, initial: float, maximum: float) -> None:
        self._backoff = wait_exponential_jitter(multiplier=initial, max=maximum, jitter=initial)

    def __call__(self, state: RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome else None
        asked = retry_after_seconds(exc) if exc is not None else None
        return asked if asked is not None else self._backoff(state)


def _before_sleep(on_retry: Callable[[BaseException, float], None] | None) -> Callable[[RetryCallState], None]:
    def before_sleep(state: RetryCallState) -> None:
        if on_retry is not None and state.outcome is not None:
            exc = state.outcome.exception()
            wait = state.next_action.sleep if state.next_action else 0.0
            if exc is not None:
                on_retry(exc, float(wait))

    return before_sleep


def async_transport_retrying(
    attempts_after_first: int,
    *,
    on_retry: Callable[[BaseException, float], None] | None = None,
    initial_wait: float = 0.5,
    max_wait: float = 30.0,
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
) -> AsyncRetrying:
    """A tenacity ``AsyncRetrying`` for transport faults; ``on_retry(exc, wait_s)`` sees every
    retry, and the waits do not block the event loop."""
    return AsyncRetrying(
        retry=retry_if_exception(is_transport_fault),
        stop=stop_after_attempt(attempts_after_first + 1),
        wait=_WaitRetryAfterOrBackoff(initial_wait, max_wait),
        before_sleep=_before_sleep(on_retry),
        sleep=sleep,
        reraise=True,
    )
