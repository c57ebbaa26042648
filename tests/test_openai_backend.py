"""The OpenAI-compatible backend against a local test double (tests/support): modes,
messages, usage, transport retries vs item re-asks, salvage, and the cache."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

from llmx.backends.base import ChunkAnswer, ChunkRequest
from llmx.backends.openai_compat import OpenAIBackend
from llmx.config import ExtractConfig
from llmx.core.chunking import Chunk
from llmx.core.document import document_from_text
from llmx.errors import BackendError, ConfigError
from llmx.llm.modes import answer_text
from llmx.llm.profiles import detect_server_kind
from llmx.pipeline import Extractor
from tests.support.fake_openai_server import FakeOpenAIServer, FaultMix

TEXT = "某局驻甲村工作队为甲村修建道路，全村共120户410人。"


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        (None, "openai"),
        ("https://api.openai.com/v1", "openai"),
        ("https://api.deepseek.com/v1", "deepseek"),
        ("https://dashscope.aliyuncs.com/compatible-mode/v1", "dashscope"),
        ("http://localhost:11434/v1", "ollama"),
        ("http://127.0.0.1:8000/v1", "llamacpp"),
        ("http://gpu-box:8001/v1", "generic"),
    ],
)
def test_server_kind_from_url(url: str | None, kind: str) -> None:
    assert detect_server_kind(url) == kind


def config(url: str, **kw: object) -> ExtractConfig:
    return ExtractConfig(backend="openai", base_url=url, model="fake", mode="json_schema", **kw)  # type: ignore[arg-type]


def request(text: str = TEXT) -> ChunkRequest:
    doc = document_from_text(text, "d1")
    return ChunkRequest(document=doc, chunk=Chunk(0, 0, len(text), text))


def extract(backend: OpenAIBackend, req: ChunkRequest) -> ChunkAnswer:
    async def run() -> ChunkAnswer:
        try:
            return await backend.extract_chunk(req)
        finally:
            await backend.aclose()

    return asyncio.run(run())


def roles(body: dict[str, Any]) -> list[str]:
    return [m["role"] for m in body["messages"]]


def test_missing_model_or_key_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="model"):
        OpenAIBackend(ExtractConfig(backend="openai", base_url="http://127.0.0.1:1/v1"))
    with pytest.raises(ConfigError, match="API key"):
        OpenAIBackend(ExtractConfig(backend="openai", model="gpt-4o-mini"))


def test_llamacpp_gets_one_user_message_and_others_a_system_message() -> None:
    local = OpenAIBackend(ExtractConfig(backend="openai", base_url="http://127.0.0.1:8000/v1", model="m"))
    assert local.mode == "json_object_schema"
    assert roles(local.request_body(request())) == ["user"]
    remote = OpenAIBackend(ExtractConfig(backend="openai", base_url="https://api.deepseek.com/v1", model="m",
                                         api_key="k", mode="json_schema"))
    messages = remote.request_body(request())["messages"]
    assert roles({"messages": messages}) == ["system", "user"]
    assert TEXT in messages[1]["content"]
    assert remote.identity()["prompt"].startswith("extract@")


def test_dashscope_calls_turn_qwen_thinking_off_and_other_servers_get_no_extra_field() -> None:
    qwen = OpenAIBackend(ExtractConfig(backend="openai", base_url="https://dashscope.aliyuncs.com/compatible-mode/v1",
                                       model="qwen3-32b", api_key="k"))
    assert qwen.request_body(request())["enable_thinking"] is False  # a non-streaming call must say so
    for url in ("https://api.deepseek.com/v1", "http://localhost:11434/v1", "http://127.0.0.1:8000/v1"):
        other = OpenAIBackend(ExtractConfig(backend="openai", base_url=url, model="m", api_key="k"))
        assert "enable_thinking" not in other.request_body(request())


@pytest.mark.parametrize(
    ("model", "temperature"),
    [("gpt-4o-mini", True), ("gpt-4.1", True), ("o3-mini", False), ("o4-mini", False), ("gpt-5", False),
     ("gpt-5-mini", False)],
)
def test_openai_gets_max_completion_tokens_and_no_temperature_for_its_reasoning_models(
    model: str, temperature: bool
) -> None:
    body = OpenAIBackend(ExtractConfig(backend="openai", model=model, api_key="k")).request_body(request())
    assert "max_tokens" not in body and body["max_completion_tokens"] == 4096
    assert ("temperature" in body) is temperature
    local = OpenAIBackend(ExtractConfig(backend="openai", base_url="http://localhost:11434/v1", model="gpt-5"))
    assert {"max_tokens", "temperature"} <= set(local.request_body(request()))  # other servers: as before


def test_joined_tool_calls_are_listed_among_the_repairs() -> None:
    backend = OpenAIBackend(ExtractConfig(backend="openai", model="gpt-4o-mini", api_key="k"))
    arguments = '{"villages": [{"name": "甲村", "evidence": [{"quote": "甲村"}]}]}'
    call = {"type": "function", "function": {"name": "Extraction", "arguments": arguments}}
    completion = {"choices": [{"finish_reason": "tool_calls",
                               "message": {"role": "assistant", "content": None, "tool_calls": [call, call]}}]}
    validated, repairs = backend.read_answer(answer_text(completion), 2)
    assert [v.name for v in validated.extraction.villages] == ["甲村", "甲村"]
    assert [(r.chunk, r.rule, r.before) for r in repairs] == [(2, "tool_calls_joined", 2)]


def test_valid_answer_is_parsed_and_usage_recorded() -> None:
    with FakeOpenAIServer() as server:
        backend = OpenAIBackend(config(server.url))
        req = request()
        extraction = extract(backend, req).extraction
    assert extraction.metrics and extraction.metrics[0].evidence[0].quote in TEXT
    usage = req.usage
    assert (usage.calls, usage.transport_retries, usage.reasks, usage.chunks) == (1, 0, 0, 1)
    assert usage.prompt_tokens > 0 and usage.completion_tokens > 0


def test_an_answer_that_is_only_reasoning_is_asked_again_whole() -> None:
    thinking = {"choices": [{"finish_reason": "stop", "message": {
        "role": "assistant", "content": "", "reasoning_content": "先想一想这段话里有哪些数字。"}}]}
    valid = {"choices": [{"finish_reason": "stop", "message": {"role": "assistant", "content": (
        '{"villages": [{"name": "甲村", "households": 120, "evidence": [{"quote": "全村共120户410人"}]}]}')}}]}
    sent: list[dict[str, Any]] = []

    async def complete(body: dict[str, Any], usage: Any) -> dict[str, Any]:
        sent.append(body)
        return [thinking, valid][len(sent) - 1]

    backend = OpenAIBackend(config("http://127.0.0.1:9/v1"))
    backend.client.complete = complete  # type: ignore[method-assign]
    answer = extract(backend, request())
    assert [(v.name, v.households) for v in answer.extraction.villages] == [("甲村", 120)]
    assert len(sent) == 2 and "only the model's reasoning" in sent[1]["messages"][-1]["content"]


def test_transport_faults_are_retried_then_reported_as_call_failures() -> None:
    with FakeOpenAIServer(faults=FaultMix(server_error=1.0)) as server:
        backend = OpenAIBackend(config(server.url, transport_retries=2))
        req = request()
        with pytest.raises(BackendError, match="500") as info:
            extract(backend, req)
    assert info.value.stage == "call"
    assert req.usage.calls == 3 and req.usage.transport_retries == 2


def test_an_unfixable_item_is_re_asked_then_left_out_and_listed() -> None:
    """The double's bad answer has a metric whose value is text no repair can read."""
    with FakeOpenAIServer(faults=FaultMix(bad_schema=1.0)) as server:
        backend = OpenAIBackend(config(server.url, max_retries=2))
        req = request()
        answer = extract(backend, req)
    assert answer.extraction.metrics == []
    assert [(i.path, i.field) for i in answer.invalid_items] == [("metrics[0]", "value")]
    assert req.usage.calls == 3  # first ask + 2 re-asks of the item
    assert req.usage.reasks == 2 and req.usage.reask_tokens > 0
    assert req.usage.transport_retries == 0


def test_a_reask_carries_the_first_answer_and_only_the_items_to_fix() -> None:
    with FakeOpenAIServer(faults=FaultMix(bad_schema=1.0)) as server:
        backend = OpenAIBackend(config(server.url, max_retries=1))
        first = backend.request_body(request())
        from llmx.llm.modes import AnswerText
        from llmx.llm.validate import Rejected

        rejected = [Rejected("metrics", 0, {"name": "x", "value": "很多"}, "value", "not a number")]
        body = backend.reask_body(request(), AnswerText('{"metrics": []}', False), rejected)
        del server
    assert body["messages"][: len(first["messages"])] == first["messages"]
    assert roles(body)[-2:] == ["assistant", "user"]
    assert "metrics[0]" in body["messages"][-1]["content"] and "很多" in body["messages"][-1]["content"]


def test_second_identical_run_makes_no_model_call(tmp_path: Path) -> None:
    doc_path = tmp_path / "d1.txt"
    doc_path.write_text(TEXT, encoding="utf-8")
    with FakeOpenAIServer() as server:
        cfg = config(server.url, cache_dir=tmp_path / "cache")
        with Extractor(cfg) as first:
            r1 = first.extract_path(doc_path)
        with Extractor(cfg) as second:
            r2 = second.extract_path(doc_path)
        with Extractor(cfg.with_(cache=False)) as uncached:
            r3 = uncached.extract_path(doc_path)
    assert r1.usage.calls == 1 and r1.usage.cache_hits == 0
    assert r2.usage.calls == 0 and r2.usage.cache_hits == 1
    assert r3.usage.calls == 1
    assert r1.report.model_dump(exclude={"meta"}) == r2.report.model_dump(exclude={"meta"})
    assert r2.report.meta is not None and r2.report.meta.prompt is not None
    assert r2.report.meta.prompt.startswith("extract@")


def test_evidence_from_the_model_is_grounded_in_document_offsets(tmp_path: Path) -> None:
    text = "导航 首页\n" + TEXT
    with FakeOpenAIServer() as server, Extractor(config(server.url, cache=False)) as extractor:
        result = extractor.extract(document_from_text(text, "d2"))
    evidence = result.report.metrics[0].evidence[0]
    assert evidence.match == "exact"
    assert text[evidence.start : evidence.end] == evidence.quote
