"""The HTTP client for chat completions: one ``openai.AsyncOpenAI`` over aiohttp per run.

Everything a run's requests share lives here: the cap on requests in flight
(``--concurrency``), the run-wide rate limiter, the transport retries (429 with
Retry-After honoured, 5xx, timeouts, connection errors: counted in ``Usage``, apart from
re-asks) and the token accounting, including the prompt tokens a provider reports as
served from its prompt cache.

Requests go through ``chat.completions.create``: the SDK's own path, error types and
headers. Its async client with the aiohttp transport keeps up with a plain aiohttp
client (``bench/bench_batch.py`` prints both); the thread-based client it replaces did not.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import openai
from openai.types.chat import ChatCompletion

from llmx.config import ExtractConfig
from llmx.core.meta import Usage
from llmx.errors import BackendError
from llmx.llm.ratelimit import RateLimiter, estimate_request_tokens
from llmx.llm.retry import async_transport_retrying

RetryHook = Callable[[BaseException, float], None]


def _root_cause(err: BaseException) -> BaseException:
    seen = set()
    while err.__cause__ is not None and id(err) not in seen:
        seen.add(id(err))
        err = err.__cause__
    return err


def transport_error(err: BaseException) -> BackendError:
    """A BackendError (stage call) that says what went wrong underneath the SDK."""
    if isinstance(err, openai.APIStatusError):
        return BackendError(f"server answered {err.status_code}: {err.message}", stage="call")
    if isinstance(err, openai.APITimeoutError):
        return BackendError("request timed out after all retries", stage="call")
    if isinstance(err, openai.APIConnectionError):
        inner = _root_cause(err.__context__) if err.__context__ else err
        return BackendError(f"cannot connect to the server: {inner}", stage="call")
    return BackendError(f"request failed: {err}", stage="call")


class ChatClient:
    """Sends chat-completion bodies; safe for many concurrent coroutines on one event loop.

    The SDK client and the in-flight cap are created on first use, inside the event loop
    that will use them (an aiohttp session belongs to one loop).
    """

    def __init__(
        self,
        config: ExtractConfig,
        *,
        api_key: str,
        limiter: RateLimiter | None = None,
        max_in_flight: int | None = None,
        http_client: Any | None = None,
        on_transport_retry: RetryHook | None = None,
    ) -> None:
        self.config = config
        self._api_key = api_key
        self.limiter = limiter or RateLimiter(config.rpm, config.tpm)
        self.max_in_flight = max_in_flight or config.concurrency
        self._http_client = http_client
        self._on_transport_retry = on_transport_retry
        self._client: openai.AsyncOpenAI | None = None
        self._slots: asyncio.Semaphore | None = None

    def _sdk(self) -> openai.AsyncOpenAI:
        if self._client is None:
            http = self._http_client
            if http is None:
                http = openai.DefaultAioHttpClient(timeout=self.config.timeout_s)
            self._client = openai.AsyncOpenAI(
                base_url=self.config.base_url,
                api_key=self._api_key,
                timeout=self.config.timeout_s,
                max_retries=0,  # transport retries are ours (tenacity), so they are counted
                http_client=http,
            )
            self._slots = asyncio.Semaphore(self.max_in_flight)
        return self._client

    async def complete(self, body: dict[str, Any], usage: Usage) -> ChatCompletion:
        """One chat completion for ``body``, retried on transport faults; every attempt is a call."""
        client = self._sdk()
        assert self._slots is not None  # created with the client
        limiter = self.limiter
        estimate = estimate_request_tokens(body.get("messages")) if limiter.limited else 0

        def on_retry(exc: BaseException, wait_s: float) -> None:
            usage.add(transport_retries=1)
            limiter.on_retry(exc, wait_s)  # a 429 pauses every request of the run, not just this one
            if self._on_transport_retry is not None:
                self._on_transport_retry(exc, wait_s)

        slots = self._slots

        async def attempt() -> ChatCompletion:
            async with slots:  # held for the request only, not across a retry's back-off
                await limiter.acquire(estimate)
                usage.add(calls=1)
                response: ChatCompletion = await client.chat.completions.create(**body)
            tokens = response.usage
            limiter.settle(estimate, tokens.total_tokens if tokens is not None else None)
            return response

        retrying = async_transport_retrying(self.config.transport_retries, on_retry=on_retry)
        try:
            response = await retrying(attempt)
        except openai.APIError as err:
            raise transport_error(err) from err
        record_tokens(usage, response)
        return response

    async def aclose(self) -> None:
        if self._client is not None:
            await self._client.close()
            self._client = None


def record_tokens(usage: Usage, response: Any) -> int:
    """Add a response's token counts to ``usage``; returns its total (0 when not reported)."""
    tokens = getattr(response, "usage", None)
    if tokens is None and isinstance(response, dict):
        tokens = response.get("usage")
    if tokens is None:
        return 0

    def read(obj: Any, name: str) -> int:
        value = obj.get(name) if isinstance(obj, dict) else getattr(obj, name, None)
        return int(value or 0)

    prompt, completion = read(tokens, "prompt_tokens"), read(tokens, "completion_tokens")
    details = tokens.get("prompt_tokens_details") if isinstance(tokens, dict) else getattr(
        tokens, "prompt_tokens_details", None
    )
    cached = read(details, "cached_tokens") if details is not None else 0
    usage.add(prompt_tokens=prompt, completion_tokens=completion, cached_prompt_tokens=cached)
    return prompt + completion
