"""Cache keys change with anything that changes an answer; transport retries are counted
and honour Retry-After; prompt files are versioned."""

from __future__ import annotations

import asyncio
import hashlib
from pathlib import Path
from typing import Any

import httpx2
import openai
import pytest

from llmx.errors import PromptError
from llmx.llm.cache import ResponseCache, cache_key
from llmx.llm.prompting import load_prompt, parse_prompt, prompts_dir
from llmx.llm.retry import async_transport_retrying, is_transport_fault, retry_after_seconds

IDENTITY = {"backend": "openai", "model": "m", "mode": "json_schema", "prompt": "extract@1", "temperature": 0.0}


def test_cache_key_is_stable() -> None:
    assert cache_key(IDENTITY, "文本") == cache_key(dict(IDENTITY), "文本")


@pytest.mark.parametrize(
    "change",
    [{"prompt": "extract@2"}, {"model": "other"}, {"mode": "tools"}, {"temperature": 0.7}, {"prompt_sha256": "x"}],
)
def test_cache_key_changes_with_identity(change: dict) -> None:
    assert cache_key({**IDENTITY, **change}, "文本") != cache_key(IDENTITY, "文本")


def test_cache_key_changes_with_schema_and_text() -> None:
    assert cache_key(IDENTITY, "文本", schema="a") != cache_key(IDENTITY, "文本", schema="b")
    assert cache_key(IDENTITY, "文本") != cache_key(IDENTITY, "文本。")


def test_response_cache_round_trip(tmp_path: Path) -> None:
    cache = ResponseCache(tmp_path)
    cache.set("k", {"title": "标题", "teams": []})
    assert cache.get("k") == {"title": "标题", "teams": []}
    assert cache.get("missing") is None
    assert cache.stats()["entries"] == 1
    assert cache.clear() == 1
    assert cache.get("k") is None
    cache.close()


def _status_error(status: int, headers: dict[str, str] | None = None) -> openai.APIStatusError:
    request = httpx2.Request("POST", "http://127.0.0.1/v1/chat/completions")
    response = httpx2.Response(status, headers=headers or {}, request=request)
    cls = {429: openai.RateLimitError, 500: openai.InternalServerError, 400: openai.BadRequestError}.get(
        status, openai.APIStatusError
    )
    return cls("boom", response=response, body=None)


@pytest.mark.parametrize(("status", "retried"), [(429, True), (500, True), (503, True), (400, False), (404, False)])
def test_which_statuses_are_transport_faults(status: int, retried: bool) -> None:
    assert is_transport_fault(_status_error(status)) is retried


def test_timeouts_and_connection_errors_are_transport_faults() -> None:
    request = httpx2.Request("POST", "http://127.0.0.1/")
    assert is_transport_fault(openai.APITimeoutError(request=request))
    assert is_transport_fault(openai.APIConnectionError(request=request))
    assert not is_transport_fault(ValueError("bad json"))


def test_retry_after_header_is_read() -> None:
    assert retry_after_seconds(_status_error(429, {"retry-after": "7"})) == 7.0
    assert retry_after_seconds(_status_error(429, {"retry-after-ms": "250"})) == 0.25
    assert retry_after_seconds(_status_error(429)) is None


def _retried(attempt: Any, attempts: int, slept: list[float] | None = None,
             seen: list[float] | None = None) -> Any:
    async def sleep(seconds: float) -> None:
        if slept is not None:
            slept.append(seconds)

    def on_retry(exc: BaseException, wait: float) -> None:
        if seen is not None:
            seen.append(wait)

    async def run() -> Any:
        return await async_transport_retrying(attempts, on_retry=on_retry, sleep=sleep)(attempt)

    return asyncio.run(run())


def test_retries_wait_what_the_server_asked_and_are_counted() -> None:
    slept: list[float] = []
    seen: list[float] = []
    attempts = iter([_status_error(429, {"retry-after": "3"}), _status_error(503), "ok"])

    async def flaky() -> str:
        outcome = next(attempts)
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    assert _retried(flaky, 5, slept, seen) == "ok"
    assert len(seen) == 2
    assert slept[0] == 3.0  # Retry-After honoured
    assert 0 < slept[1] <= 30.0  # backoff with jitter


def test_retries_stop_and_reraise() -> None:
    calls = []

    async def always_500() -> None:
        calls.append(1)
        raise _status_error(500)

    with pytest.raises(openai.InternalServerError):
        _retried(always_500, 2)
    assert len(calls) == 3


def test_client_errors_are_not_retried() -> None:
    calls = []

    async def bad_request() -> None:
        calls.append(1)
        raise _status_error(400)

    with pytest.raises(openai.BadRequestError):
        _retried(bad_request, 5)
    assert len(calls) == 1


def test_shipped_prompt_is_versioned_and_renders() -> None:
    prompt = load_prompt("extract")
    assert prompt.tag == f"extract@{prompt.version}"
    system, user = prompt.render(text="全村共411户", chunk_number=1, chunk_count=1, doc_title=None)
    assert "evidence" in system and "元" in system
    assert "全村共411户" in user


# Editing a prompt without bumping its version would let caches and metadata lie.
# When you change prompts/extract.md, bump `version:` and add the new hash here.
PROMPT_HASHES = {
    "extract@1": "9c808680a38a7c6af036281a4ce335e94c030bc65eaf2eb3dd0c103a51fe9f2c",
    "extract@2": "da2b73bfad25688751d77d38daf163f9f9a4fc2f1a47e6466b79c8d0aae4fa97",
}


def test_prompt_edit_requires_a_version_bump() -> None:
    prompt = load_prompt("extract")
    text = (prompts_dir() / "extract.md").read_bytes()
    assert prompt.tag in PROMPT_HASHES, f"new prompt version {prompt.tag}: add it to PROMPT_HASHES"
    expected = PROMPT_HASHES[prompt.tag]
    if expected is not None:
        assert hashlib.sha256(text).hexdigest() == expected, "prompt changed: bump its version"


def test_prompt_without_front_matter_is_rejected() -> None:
    with pytest.raises(PromptError, match="front matter"):
        parse_prompt("[user]\nhello")
    with pytest.raises(PromptError, match="version"):
        parse_prompt("---\nname: x\n---\n[user]\nhi")
