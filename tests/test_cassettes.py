"""Recorded LLM traffic: the record/replay mechanism (against the local test double) and
a replay of the committed cassettes of a real model server (no network)."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
import yaml

from llmx.config import ExtractConfig
from llmx.core.records import Report
from llmx.errors import CassetteError, ExtractionError
from llmx.eval.cassettes import (
    MissingCassetteError,
    ReadableJsonSerializer,
    UnplayedCassetteError,
    cassette,
    expected_path,
    is_replay_miss,
)
from llmx.eval.predict import predict_dir
from llmx.pipeline import Extractor
from tests.support.fake_openai_server import FakeOpenAIServer

ROOT = Path(__file__).resolve().parents[1]
TEXT = "某局驻甲村工作队为甲村修建道路，全村共120户410人。"


def _config(url: str, **kw: object) -> ExtractConfig:
    return ExtractConfig(backend="openai", base_url=url, model="fake-model", mode="json_schema",
                         api_key="sk-secret-key-123456", cache=False, **kw)  # type: ignore[arg-type]


def _record(tmp_path: Path, doc: Path) -> tuple[Report, Path, ExtractConfig]:
    with FakeOpenAIServer() as server:
        config = _config(server.url)
        with Extractor(config) as extractor, cassette(tmp_path / "c", extractor.identity, "d1", "all") as path:
            report = extractor.extract_path(doc).report
    return report, path, config


@pytest.fixture
def doc(tmp_path: Path) -> Path:
    path = tmp_path / "d1.txt"
    path.write_text(TEXT, encoding="utf-8")
    return path


def test_recorded_cassette_replays_without_the_server(tmp_path: Path, doc: Path) -> None:
    recorded, path, config = _record(tmp_path, doc)
    text = path.read_text(encoding="utf-8")
    assert "sk-secret" not in text and "authorization" not in text.lower()
    assert "甲村" in text  # bodies are stored readable, not escaped or binary
    with Extractor(config) as extractor, cassette(tmp_path / "c", extractor.identity, "d1", "none"):
        replayed = extractor.extract_path(doc)  # the server is gone: only the cassette can answer
    assert replayed.report.model_dump(exclude={"meta"}) == recorded.model_dump(exclude={"meta"})
    assert replayed.usage.calls == 1


def test_a_changed_prompt_is_a_missing_cassette_naming_the_file(tmp_path: Path, doc: Path) -> None:
    _record(tmp_path, doc)
    identity = {"backend": "openai", "model": "fake-model", "prompt": "extract@999"}
    with pytest.raises(MissingCassetteError, match=r"extract@999.*--record"), \
            cassette(tmp_path / "c", identity, "d1", "none"):
        pass


def test_an_unrecorded_request_fails_fast_and_clearly(tmp_path: Path, doc: Path) -> None:
    _, _, config = _record(tmp_path, doc)
    doc.write_text(TEXT + "另有新句子。", encoding="utf-8")  # a different request body
    with Extractor(config.with_(transport_retries=0)) as extractor, pytest.raises(ExtractionError) as info, \
            cassette(tmp_path / "c", extractor.identity, "d1", "none"):
        extractor.extract_path(doc)
    assert info.value.stage == "call" and is_replay_miss(info.value)
    started = time.monotonic()
    with pytest.raises(CassetteError, match=r"no recorded response in its cassette.*--record"):
        predict_dir(config.with_(transport_retries=5), doc.parent, cassettes=tmp_path / "c")
    assert time.monotonic() - started < 5  # the refusal is not retried as a transport fault


def test_unplayed_interactions_fail_the_replay(tmp_path: Path, doc: Path) -> None:
    _, _, config = _record(tmp_path, doc)
    with Extractor(config) as extractor, pytest.raises(UnplayedCassetteError, match="unplayed"), \
            cassette(tmp_path / "c", extractor.identity, "d1", "none"):
        pass  # no request sent


def test_serializer_round_trip_keeps_bodies() -> None:
    body = json.dumps({"messages": [{"role": "user", "content": "全村共120户"}]}, ensure_ascii=False)
    cassette_dict = {
        "interactions": [{
            "request": {"body": body, "headers": {}, "method": "POST", "uri": "http://x/v1/chat/completions"},
            "response": {"body": {"string": '{"choices": []}'}, "headers": {}, "status": {"code": 200}},
        }],
        "version": 1,
    }
    text = ReadableJsonSerializer.serialize(cassette_dict)
    assert "全村共120户" in text and yaml.safe_load(text)["interactions"][0]["request"]["body"]["json"]
    back = ReadableJsonSerializer.deserialize(text)
    assert json.loads(back["interactions"][0]["request"]["body"]) == json.loads(body)
    assert json.loads(back["interactions"][0]["response"]["body"]["string"]) == {"choices": []}


# -- the committed recordings of a real server ------------------------------------------------

SETTINGS = sorted((ROOT / "cassettes").glob("*/*/settings.json"))


@pytest.mark.skipif(not SETTINGS, reason="no committed cassettes (record them with llmx eval --record)")
@pytest.mark.parametrize("settings_path", SETTINGS, ids=lambda p: p.parent.name)
def test_committed_cassettes_replay_offline(settings_path: Path) -> None:
    """Every recorded request is answered, every recording is played, and every document
    yields exactly the records (or the failure) the recording run produced."""
    settings = json.loads(settings_path.read_text(encoding="utf-8"))
    config = ExtractConfig(backend="openai", cache=False, **settings["config"])
    failures: list[ExtractionError] = []
    predictions = predict_dir(config, ROOT / "evals" / "docs", cassettes=ROOT / "cassettes",
                              on_failure=failures.append)
    assert len(predictions) + len(failures) == len(list((ROOT / "evals" / "docs").glob("*.txt")))
    for doc_id, report in predictions.items():
        text = (ROOT / "evals" / "docs" / f"{doc_id}.txt").read_text(encoding="utf-8")
        for kind, items in report.items().items():
            for item in items:
                for evidence in item.evidence:  # type: ignore[attr-defined]
                    if evidence.match == "exact":
                        assert text[evidence.start : evidence.end] == evidence.quote, kind


def test_a_replay_that_yields_other_records_fails(tmp_path: Path, doc: Path) -> None:
    with FakeOpenAIServer() as server:
        config = _config(server.url)
        predict_dir(config, doc.parent, cassettes=tmp_path / "c", record=True)
    with Extractor(config) as extractor:
        expected = expected_path(tmp_path / "c", extractor.identity, "d1")
    data = json.loads(expected.read_text(encoding="utf-8"))
    data["report"]["metrics"] = []  # as if the recording run had made other records
    expected.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(CassetteError, match="does not yield what the recording run did for d1"):
        predict_dir(config, doc.parent, cassettes=tmp_path / "c")
