"""The chat client: which faults are retried, Retry-After, the in-flight cap, token counts."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Mapping
from typing import Any

import aiohttp
import pytest

from llmx.config import ExtractConfig
from llmx.core.meta import Usage
from llmx.errors import BackendError
from llmx.llm.client import ChatClient, HttpResponse
from llmx.llm.health import ServerUnusableError
from llmx.llm.retry import BadResponseError, HttpStatusError, is_transport_fault, retry_after_seconds

OK = {"choices": [{"message": {"content": "{}"}, "finish_reason": "stop"}],
      "usage": {"prompt_tokens": 100, "completion_tokens": 20, "total_tokens": 120,
                "prompt_tokens_details": {"cached_tokens": 64}}}


class Script:
    """A transport that answers from a script: a status, a body, or an exception per call."""

    def __init__(self, *steps: Any) -> None:
        self.steps = list(steps)
        self.calls = 0
        self.in_flight = 0
        self.most_in_flight = 0

    async def post(self, url: str, body: bytes, headers: Mapping[str, str], timeout_s: float) -> HttpResponse:
        self.calls += 1
        self.in_flight += 1
        self.most_in_flight = max(self.most_in_flight, self.in_flight)
        try:
            await asyncio.sleep(0.01)
            step = self.steps.pop(0) if self.steps else OK
            if isinstance(step, BaseException):
                raise step
            if isinstance(step, tuple):
                status, answer, response_headers = step
                return HttpResponse(status, response_headers, json.dumps(answer).encode())
            if isinstance(step, bytes):
                return HttpResponse(200, {}, step)
            return HttpResponse(200, {}, json.dumps(step).encode())
        finally:
            self.in_flight -= 1

    async def aclose(self) -> None:
        return None


def _client(script: Script, **config: Any) -> ChatClient:
    cfg = ExtractConfig(backend="openai", base_url="http://gpu-box:9000/v1", model="m", **config)
    return ChatClient(cfg, api_key="k", transport=script)


def _complete(client: ChatClient, usage: Usage, n: int = 1) -> list[dict[str, Any]]:
    async def run() -> list[dict[str, Any]]:
        return await asyncio.gather(*(client.complete({"messages": []}, usage) for _ in range(n)))

    return asyncio.run(run())


@pytest.mark.parametrize(
    ("fault", "retried"),
    [
        (HttpStatusError(429, "slow down"), True), (HttpStatusError(503, "busy"), True),
        (HttpStatusError(500, "oops"), True), (HttpStatusError(408, "timeout"), True),
        (HttpStatusError(400, "bad request"), False), (HttpStatusError(401, "no key"), False),
        (BadResponseError("cut off"), True), (TimeoutError(), True),
        (aiohttp.ClientConnectionError("refused"), True), (aiohttp.ClientPayloadError("short"), True),
        (ValueError("a bug"), False),
    ],
)
def test_which_faults_are_worth_sending_again(fault: BaseException, retried: bool) -> None:
    assert is_transport_fault(fault) is retried


def test_retry_after_is_read_from_our_errors_headers() -> None:
    assert retry_after_seconds(HttpStatusError(429, "x", {"Retry-After": "3"})) == 3.0
    assert retry_after_seconds(HttpStatusError(429, "x", {"retry-after-ms": "250"})) == 0.25
    assert retry_after_seconds(HttpStatusError(429, "x")) is None


def test_a_429_is_retried_after_the_wait_it_asks_and_pauses_the_run() -> None:
    script = Script((429, {"error": {"message": "rate limited"}}, {"Retry-After": "0.2"}), OK)
    client = _client(script, rpm=6000)
    usage = Usage()
    [answer] = _complete(client, usage)
    assert answer["choices"] and script.calls == 2
    assert (usage.calls, usage.transport_retries) == (2, 1)
    assert client.limiter.stats.pauses == 1 and client.limiter.stats.paused_seconds >= 0.19


def test_a_cut_off_body_is_retried_and_a_bad_request_is_not() -> None:
    script = Script(b'{"choices": [', OK)
    usage = Usage()
    _complete(_client(script), usage)
    assert (usage.calls, usage.transport_retries) == (2, 1)
    script = Script((400, {"error": {"message": "max_tokens too large"}}, {}))
    with pytest.raises(BackendError, match="400: max_tokens too large") as info:
        _complete(_client(script), Usage())
    assert info.value.stage == "call" and script.calls == 1


def test_a_connection_that_keeps_failing_fails_the_call_after_the_retries() -> None:
    script = Script(*[aiohttp.ClientConnectionError("refused")] * 4)
    usage = Usage()
    client = _client(script, transport_retries=2)
    client.health.on_answer()  # a server that has answered before: a passing outage is retried
    with pytest.raises(BackendError, match="cannot connect"):
        _complete(client, usage)
    assert (script.calls, usage.transport_retries) == (3, 2)


def test_a_server_that_never_answered_is_given_up_after_a_third_attempt() -> None:
    script = Script(*[aiohttp.ClientConnectionError("refused")] * 6)
    usage = Usage()
    client = _client(script, transport_retries=5)
    with pytest.raises(ServerUnusableError, match="cannot reach the server"):
        _complete(client, usage)
    assert script.calls == 3
    with pytest.raises(ServerUnusableError):  # and every later request fails without sending
        _complete(client, usage)
    assert script.calls == 3


def test_concurrency_caps_the_requests_in_flight() -> None:
    script = Script()
    _complete(_client(script, concurrency=3), Usage(), n=12)
    assert script.calls == 12 and script.most_in_flight == 3


def test_tokens_include_the_providers_cached_prompt_tokens() -> None:
    usage = Usage()
    _complete(_client(Script()), usage, n=2)
    assert (usage.prompt_tokens, usage.completion_tokens, usage.cached_prompt_tokens) == (200, 40, 128)
