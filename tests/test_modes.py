"""Each structured-output mode sends what its server expects and parses what it returns.

Responses are the hand-made fixture in tests/fixtures/ wrapped in the envelope each mode
produces; an in-process transport stands in for the server.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest

from llmx.backends.base import ChunkRequest
from llmx.backends.openai_compat import OpenAIBackend
from llmx.config import ExtractConfig
from llmx.core.chunking import Chunk
from llmx.core.document import document_from_text
from llmx.llm.client import HttpResponse

FIXTURES = Path(__file__).parent / "fixtures"
CHUNK = (FIXTURES / "handmade_chunk.txt").read_text(encoding="utf-8").strip()
ANSWER = json.loads((FIXTURES / "handmade_extraction.json").read_text(encoding="utf-8"))


def _completion(message: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": "handmade-1", "object": "chat.completion", "created": 0, "model": "m",
        "choices": [{"index": 0, "message": {"role": "assistant", **message}, "finish_reason": "stop"}],
        "usage": {"prompt_tokens": 100, "completion_tokens": 50, "total_tokens": 150},
    }


def _tool_call(body: dict[str, Any]) -> dict[str, Any]:
    name = body["tools"][0]["function"]["name"]
    call = {"id": "call_1", "type": "function", "function": {"name": name, "arguments": json.dumps(ANSWER)}}
    return _completion({"content": None, "tool_calls": [call]})


ENVELOPES: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
    "tools": _tool_call,
    "json_schema": lambda body: _completion({"content": json.dumps(ANSWER, ensure_ascii=False)}),
    "json": lambda body: _completion({"content": json.dumps(ANSWER, ensure_ascii=False)}),
    "md_json": lambda body: _completion({"content": "```json\n" + json.dumps(ANSWER, ensure_ascii=False) + "\n```"}),
    "json_object_schema": lambda body: _completion({"content": json.dumps(ANSWER, ensure_ascii=False)}),
}


class _Answer:
    """The server: records each request body and answers it in the mode's envelope."""

    def __init__(self, mode: str) -> None:
        self.mode = mode
        self.sent: list[dict[str, Any]] = []
        self.urls: list[str] = []

    async def post(self, url: str, body: bytes, headers: Mapping[str, str], timeout_s: float) -> HttpResponse:
        request = json.loads(body)
        self.sent.append(request)
        self.urls.append(url)
        assert headers["Authorization"].startswith("Bearer ")
        return HttpResponse(200, {}, json.dumps(ENVELOPES[self.mode](request), ensure_ascii=False).encode())

    async def aclose(self) -> None:
        return None


def _run(mode: str, base_url: str) -> tuple[Any, dict[str, Any]]:
    server = _Answer(mode)

    async def run() -> Any:
        config = ExtractConfig(backend="openai", base_url=base_url, model="m", mode=mode)  # type: ignore[arg-type]
        backend = OpenAIBackend(config, transport=server)
        doc = document_from_text(CHUNK, "d")
        answer = await backend.extract_chunk(ChunkRequest(document=doc, chunk=Chunk(0, 0, len(CHUNK), CHUNK)))
        await backend.aclose()
        return answer.extraction

    result = asyncio.run(run())
    assert len(server.sent) == 1 and server.urls == [base_url.rstrip("/") + "/chat/completions"]
    return result, server.sent[0]


@pytest.mark.parametrize("mode", sorted(ENVELOPES))
def test_every_mode_parses_its_envelope(mode: str) -> None:
    result, _ = _run(mode, "http://gpu-box:9000/v1")
    assert result.teams[0].sent_by == "县农业农村局"
    assert result.measures[0].investment_yuan == 450000
    assert result.measures[0].quantities[0].unit == "公里"


def test_tools_mode_sends_the_schema_as_a_function() -> None:
    _, body = _run("tools", "http://gpu-box:9000/v1")
    parameters = body["tools"][0]["function"]["parameters"]
    assert "measures" in parameters["properties"]


def test_json_schema_mode_sends_response_format_json_schema() -> None:
    _, body = _run("json_schema", "http://gpu-box:9000/v1")
    assert body["response_format"]["type"] == "json_schema"
    assert "measures" in body["response_format"]["json_schema"]["schema"]["properties"]


def test_llamacpp_mode_sends_json_object_with_schema_and_no_system_message() -> None:
    _, body = _run("json_object_schema", "http://127.0.0.1:8000/v1")
    assert body["response_format"]["type"] == "json_object"
    assert body["response_format"]["schema"]["properties"]["measures"]
    assert all(message["role"] != "system" for message in body["messages"])
    assert CHUNK in body["messages"][-1]["content"]


def test_sampling_settings_are_sent() -> None:
    _, body = _run("json_schema", "http://gpu-box:9000/v1")
    assert body["temperature"] == 0.0 and body["seed"] == 0 and body["model"] == "m"


@pytest.mark.parametrize("mode", ["json", "md_json"])
def test_instructors_json_modes_put_the_schema_in_the_messages(mode: str) -> None:
    _, body = _run(mode, "http://gpu-box:9000/v1")
    assert '"measures"' in body["messages"][0]["content"]  # the schema, as instructor sends it
    assert body["messages"][0]["role"] == "system"
    assert CHUNK in body["messages"][-1]["content"] or CHUNK in body["messages"][1]["content"]


def test_the_instructions_are_a_stable_prefix_and_the_chunk_comes_last() -> None:
    """Providers cache prompt prefixes: every request of a run starts with the same bytes."""
    _, first = _run("json_schema", "http://gpu-box:9000/v1")
    assert first["messages"][0]["role"] == "system" and CHUNK not in first["messages"][0]["content"]
    assert first["messages"][-1]["content"].rstrip().endswith("只输出 JSON。")
