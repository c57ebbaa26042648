"""The HTTP client for chat completions: one aiohttp session per run and event loop.

Everything a run's requests share lives here: the cap on requests in flight
(``--concurrency``), the run-wide rate limiter, the transport retries (429 with
Retry-After honoured, 408, 5xx, timeouts, connection errors, cut-off bodies: counted in
``Usage``, apart from re-asks) and the token accounting, including the prompt tokens a
provider reports as served from its prompt cache.

Requests are plain JSON POSTs to ``{base_url}/chat/completions`` with a Bearer key: the
one endpoint every OpenAI-compatible server implements the same way. The ``openai``
SDK's async client was measured here at about 1 ms of CPU per request more than aiohttp
itself (it walks every typed parameter and builds response models), which is what a
client at 64 requests in flight on two cores cannot spare (``bench/bench_batch.py``
prints llmx against a plain aiohttp client). The SDK remains what the provider Batch API
path uses (files and batches).

The transport is an object with one ``post`` coroutine, so tests can answer in-process.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

import aiohttp

from llmx.config import ExtractConfig
from llmx.core.meta import Usage
from llmx.errors import BackendError
from llmx.llm.health import ServerHealth, ServerUnusableError, split_credentials
from llmx.llm.ratelimit import RateLimiter, estimate_request_tokens
from llmx.llm.retry import BadResponseError, HttpStatusError, async_transport_retrying, is_transport_fault

RetryHook = Callable[[BaseException, float], None]


@dataclass(frozen=True, slots=True)
class HttpResponse:
    status: int
    headers: Mapping[str, str]
    body: bytes


class Transport(Protocol):
    """Sends one POST; raises for connection faults, returns any status as it came."""

    async def post(self, url: str, body: bytes, headers: Mapping[str, str], timeout_s: float) -> HttpResponse: ...

    async def aclose(self) -> None: ...


class AiohttpTransport:
    """The default transport: one aiohttp session, created in the loop that uses it."""

    def __init__(self, max_connections: int) -> None:
        self._max_connections = max_connections
        self._session: aiohttp.ClientSession | None = None

    async def post(self, url: str, body: bytes, headers: Mapping[str, str], timeout_s: float) -> HttpResponse:
        if self._session is None:
            connector = aiohttp.TCPConnector(limit=self._max_connections, limit_per_host=self._max_connections)
            self._session = aiohttp.ClientSession(connector=connector)
        timeout = aiohttp.ClientTimeout(total=timeout_s)
        async with self._session.post(url, data=body, headers=dict(headers), timeout=timeout) as response:
            return HttpResponse(response.status, dict(response.headers), await response.read())

    async def aclose(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None


def _error_message(body: bytes) -> str:
    try:
        data = json.loads(body)
    except ValueError:
        return body[:300].decode("utf-8", errors="replace")
    error = data.get("error") if isinstance(data, dict) else None
    if isinstance(error, dict) and error.get("message"):
        return str(error["message"])[:300]
    return json.dumps(data, ensure_ascii=False)[:300]


def transport_error(err: BaseException) -> BackendError:
    """A BackendError (stage call) that says what went wrong underneath."""
    if isinstance(err, HttpStatusError):
        return BackendError(str(err), stage="call")
    if isinstance(err, asyncio.TimeoutError):
        return BackendError("request timed out after all retries", stage="call")
    if isinstance(err, BadResponseError):
        return BackendError(f"{err} (after all retries)", stage="call")
    if isinstance(err, aiohttp.ClientError | OSError):
        return BackendError(f"cannot connect to the server: {err}", stage="call")
    return BackendError(f"request failed: {err!r}", stage="call")


class ChatClient:
    """Sends chat-completion bodies; safe for many concurrent coroutines on one event loop."""

    def __init__(
        self,
        config: ExtractConfig,
        *,
        api_key: str,
        limiter: RateLimiter | None = None,
        max_in_flight: int | None = None,
        transport: Transport | None = None,
        on_transport_retry: RetryHook | None = None,
    ) -> None:
        self.config = config
        self.limiter = limiter or RateLimiter(config.rpm, config.tpm)
        self.max_in_flight = max_in_flight or config.concurrency
        base, basic = split_credentials(config.base_url or "https://api.openai.com/v1")
        self.url = base.rstrip("/") + "/chat/completions"
        # credentials in the URL (a proxy with basic auth) are sent as such, never printed
        auth = f"Basic {basic}" if basic is not None else f"Bearer {api_key}"
        self._headers = {"Authorization": auth, "Content-Type": "application/json"}
        self._transport = transport
        self._on_transport_retry = on_transport_retry
        self._slots: asyncio.Semaphore | None = None
        self.health = ServerHealth(self.url.removesuffix("/chat/completions"))

    def _ready(self) -> tuple[Transport, asyncio.Semaphore]:
        # created on first use, inside the event loop that will use them
        if self._transport is None:
            self._transport = AiohttpTransport(self.max_in_flight)
        if self._slots is None:
            self._slots = asyncio.Semaphore(self.max_in_flight)
        return self._transport, self._slots

    async def _post(self, transport: Transport, data: bytes) -> dict[str, Any]:
        response = await transport.post(self.url, data, self._headers, self.config.timeout_s)
        self.health.on_answer()
        if response.status != 200:
            raise HttpStatusError(response.status, _error_message(response.body), response.headers)
        try:
            completion: Any = json.loads(response.body)
        except ValueError as err:
            raise BadResponseError(f"the server's answer is not JSON ({len(response.body)} bytes)") from err
        if not isinstance(completion, dict):
            raise BadResponseError("the server's answer is not a JSON object")
        return completion

    async def complete(self, body: dict[str, Any], usage: Usage) -> dict[str, Any]:
        """One chat completion for ``body``, retried on transport faults; every attempt is a call."""
        transport, slots = self._ready()
        limiter = self.limiter
        estimate = estimate_request_tokens(body.get("messages")) if limiter.limited else 0
        data = json.dumps(body, ensure_ascii=False).encode("utf-8")

        def on_retry(exc: BaseException, wait_s: float) -> None:
            usage.add(transport_retries=1)
            limiter.on_retry(exc, wait_s)  # a 429 pauses every request of the run, not just this one
            if self._on_transport_retry is not None:
                self._on_transport_retry(exc, wait_s)

        health = self.health
        attempts = 0

        async def attempt() -> dict[str, Any]:
            nonlocal attempts
            health.check()  # a server known to be unusable: fail now, send nothing
            attempts += 1
            async with slots:  # held for the request only, not across a retry's back-off
                await limiter.acquire(estimate)
                usage.add(calls=1)
                try:
                    completion = await self._post(transport, data)
                except Exception as err:
                    verdict = health.on_failure(err, attempts)
                    if verdict is not None:
                        raise verdict from err
                    raise
            limiter.settle(estimate, total_tokens(completion))
            return completion

        retrying = async_transport_retrying(self.config.transport_retries, on_retry=on_retry)
        try:
            completion: dict[str, Any] = await retrying(attempt)
        except ServerUnusableError:
            raise
        except Exception as err:  # whatever the transport raised: a call failure, its cause chained
            raise transport_error(err) from err
        record_tokens(usage, completion)
        return completion

    async def aclose(self) -> None:
        if self._transport is not None:
            await self._transport.aclose()


def total_tokens(completion: Mapping[str, Any]) -> int | None:
    tokens = completion.get("usage")
    return int(tokens.get("total_tokens") or 0) if isinstance(tokens, Mapping) else None


def record_tokens(usage: Usage, completion: Any) -> int:
    """Add a completion's token counts to ``usage``; returns its total (0 when not reported)."""
    tokens = completion.get("usage") if isinstance(completion, Mapping) else None
    if not isinstance(tokens, Mapping):
        return 0
    prompt = int(tokens.get("prompt_tokens") or 0)
    completion_tokens = int(tokens.get("completion_tokens") or 0)
    details = tokens.get("prompt_tokens_details")
    cached = int(details.get("cached_tokens") or 0) if isinstance(details, Mapping) else 0
    usage.add(prompt_tokens=prompt, completion_tokens=completion_tokens, cached_prompt_tokens=cached)
    return prompt + completion_tokens


__all__ = ["AiohttpTransport", "BadResponseError", "ChatClient", "HttpResponse", "HttpStatusError", "Transport",
           "is_transport_fault", "record_tokens"]
