"""A server that goes away, never was there, or refuses the key: nothing is lost, nothing
is reported done that is not whole, and a run against a dead server ends in seconds."""

from __future__ import annotations

import json
import socket
import threading
import time
from pathlib import Path

import aiohttp
import pytest

from llmx.config import ExtractConfig
from llmx.llm.health import ServerHealth, ServerUnusableError, redact_url
from llmx.llm.retry import HttpStatusError
from llmx.pipeline import Extractor
from llmx.run.engine import EXIT_FAILED, EXIT_PARTIAL, errors_path_for, run_batch
from tests.support.fake_openai_server import FakeOpenAIServer
from tests.support.fakes import make_docs


def _config(url: str, **changes: object) -> ExtractConfig:
    base = ExtractConfig(backend="openai", base_url=url, model="fake", mode="json_schema", cache=False,
                         timeout_s=2.0, transport_retries=3, max_retries=1)
    return base.with_(**changes)


def _lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()] if path.exists() else []


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _long_doc(directory: Path, name: str, paragraphs: int, marker_at: int | None = None) -> Path:
    """A document of many chunks (one per paragraph at a small chunk budget)."""
    directory.mkdir(parents=True, exist_ok=True)
    lines = []
    for i in range(paragraphs):
        mark = "GARBLE" if i == marker_at else ""
        lines.append(f"第{i}段{mark}：某县驻村工作队帮扶第{i}村，全村共有{100 + i}户，修建道路{i % 7 + 1}公里。" * 6)
    path = directory / f"{name}.txt"
    path.write_text("\n\n".join(lines) + "\n", encoding="utf-8")
    return path


# -- health verdicts -----------------------------------------------------------------------


class _Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def _refused() -> aiohttp.ClientConnectionError:
    return aiohttp.ClientConnectionError("Connect call failed ('127.0.0.1', 9)")


def test_a_server_that_never_answered_is_unreachable_after_three_attempts() -> None:
    health = ServerHealth("http://127.0.0.1:9/v1")
    assert health.on_failure(_refused(), 1) is None
    assert health.on_failure(_refused(), 2) is None
    verdict = health.on_failure(_refused(), 3)
    assert verdict is not None and verdict.reason == "unreachable" and "127.0.0.1:9" in str(verdict)
    with pytest.raises(ServerUnusableError):
        health.check()


def test_an_outage_after_answers_is_tolerated_for_outage_s_then_ends_the_run() -> None:
    clock = _Clock()
    health = ServerHealth("http://h/v1", outage_s=60.0, clock=clock)
    health.on_answer()
    assert health.on_failure(_refused(), 5) is None
    clock.now = 59.0
    assert health.on_failure(_refused(), 5) is None
    health.on_answer()  # it came back: the count starts again
    clock.now = 100.0
    assert health.on_failure(_refused(), 1) is None
    clock.now = 159.0
    assert health.on_failure(TimeoutError(), 3) is None  # a slow server is not a dead one
    clock.now = 161.0
    verdict = health.on_failure(_refused(), 2)
    assert verdict is not None and "stopped answering" in str(verdict)


def test_a_refused_key_or_a_wrong_url_decides_at_once_and_names_the_fix() -> None:
    key = ServerHealth("http://h/v1").on_failure(HttpStatusError(401, "bad key"), 1)
    assert key is not None and key.reason == "refused_key" and "LLMX_API_KEY" in str(key)
    url = ServerHealth("http://h").on_failure(HttpStatusError(404, "no route"), 1)
    assert url is not None and url.reason == "not_found" and "--base-url" in str(url)
    assert ServerHealth("http://h/v1").on_failure(HttpStatusError(500, "boom"), 9) is None
    assert ServerHealth("http://h/v1").on_failure(HttpStatusError(400, "too long"), 1) is None


def test_credentials_in_a_url_are_redacted() -> None:
    assert redact_url("http://user:s3cret@host:8000/v1") == "http://***@host:8000/v1"
    assert redact_url("https://tok@api.example.com/v1?x=1") == "https://***@api.example.com/v1?x=1"
    assert redact_url("http://127.0.0.1:8000/v1") == "http://127.0.0.1:8000/v1"
    assert redact_url(None) is None


# -- whole runs ----------------------------------------------------------------------------


def test_a_closed_port_stops_the_run_in_seconds_with_the_rest_left_for_a_resume(tmp_path: Path) -> None:
    docs = make_docs(tmp_path / "docs", 30)
    out = tmp_path / "out.jsonl"
    url = f"http://127.0.0.1:{_closed_port()}/v1"
    started = time.perf_counter()
    with Extractor(_config(url)) as extractor:
        summary = run_batch(docs, out, extractor, concurrency=4)
    assert time.perf_counter() - started < 15
    assert summary.exit_code == EXIT_FAILED and summary.stopped is not None
    assert "cannot reach the server" in summary.stopped and url in summary.stopped
    assert summary.succeeded == 0 and summary.failed <= 4 and summary.not_attempted >= 26
    failed = _lines(errors_path_for(out))
    assert {e["error_type"] for e in failed} == {"ServerUnusableError"}
    assert summary.usage.calls <= 4 * 3 + 4  # three attempts per request in flight, not six each


def test_a_refused_key_stops_the_run_at_the_first_answer(tmp_path: Path) -> None:
    docs = make_docs(tmp_path / "docs", 20)
    out = tmp_path / "out.jsonl"
    with FakeOpenAIServer(api_key="right") as server, \
            Extractor(_config(server.url, api_key="wrong")) as extractor:
        summary = run_batch(docs, out, extractor, concurrency=2)
        requests = server.stats["requests"]
    assert summary.exit_code == EXIT_FAILED
    assert summary.stopped is not None and "refused the API key" in summary.stopped and "wrong" not in summary.stopped
    assert summary.not_attempted >= 17 and requests == 0  # the 401 is answered before the fake counts
    assert not out.exists() or out.read_text(encoding="utf-8") == ""


def test_an_outage_mid_document_fails_the_document_and_a_resume_completes_it(tmp_path: Path) -> None:
    """The server goes away while a document of a dozen chunks is being read: the document must not
    be written without the chunks it lost, and the resumed run writes it whole."""
    doc = _long_doc(tmp_path / "docs", "long", 12)
    others = make_docs(tmp_path / "docs", 6)
    out = tmp_path / "out.jsonl"
    config = _config("http://127.0.0.1:1/v1", chunk_tokens=120, transport_retries=2)
    port = _closed_port()
    server = FakeOpenAIServer(latency_s=0.05, port=port).start()
    config = config.with_(base_url=server.url)

    def outage() -> None:
        while server.stats["requests"] < 5:
            time.sleep(0.01)
        server.go_down()  # open connections dropped, new ones refused

    stopper = threading.Thread(target=outage)
    stopper.start()
    with Extractor(config) as extractor:
        extractor.backend.client.health.outage_s = 1.0  # type: ignore[attr-defined]
        summary = run_batch([doc, *others], out, extractor, concurrency=2)
    stopper.join()
    written = _lines(out)
    assert all(not r["meta"]["chunk_errors"] for r in written), "a document was written without lost chunks"
    assert "long" not in {r["doc_id"] for r in written}
    assert summary.exit_code == EXIT_FAILED and summary.stopped is not None
    assert summary.succeeded == len(written)

    with FakeOpenAIServer(port=port) as back, Extractor(config.with_(base_url=back.url)) as extractor:
        resumed = run_batch([doc, *others], out, extractor, concurrency=2)
    assert resumed.exit_code == 0 and resumed.failed == 0
    final = _lines(out)
    assert sorted(r["doc_id"] for r in final) == sorted(["long", *(p.stem for p in others)])
    long_record = next(r for r in final if r["doc_id"] == "long")
    assert long_record["meta"]["chunks"] >= 12 and long_record["meta"]["chunk_errors"] == []


def test_a_chunk_the_model_cannot_answer_fails_the_document_unless_keep_partial(tmp_path: Path) -> None:
    doc = _long_doc(tmp_path / "docs", "long", 4, marker_at=2)
    out = tmp_path / "out.jsonl"
    with FakeOpenAIServer() as server:
        config = _config(server.url, chunk_tokens=120)
        with Extractor(config) as extractor:
            summary = run_batch([doc], out, extractor)
        assert (summary.succeeded, summary.failed, summary.exit_code) == (0, 1, EXIT_FAILED)
        error = _lines(errors_path_for(out))[0]
        assert error["error_type"] == "ChunkFailed" and "chunks failed" in error["message"]
        assert _lines(out) == []
        with Extractor(config.with_(keep_partial=True)) as extractor:
            kept = run_batch([doc], out, extractor)
    assert (kept.succeeded, kept.partial, kept.exit_code) == (1, 1, EXIT_PARTIAL)
    record = _lines(out)[0]
    lost = [e["chunk"] for e in record["meta"]["chunk_errors"]]
    assert 0 < len(lost) < record["meta"]["chunks"] and record["metrics"]  # the answered chunks' records are kept


def test_credentials_in_base_url_authenticate_and_never_reach_the_output(tmp_path: Path) -> None:
    docs = make_docs(tmp_path / "docs", 2)
    out = tmp_path / "out.jsonl"
    with FakeOpenAIServer() as server:
        url = server.url.replace("http://", "http://alice:s3cr%40t@")
        with Extractor(_config(url)) as extractor:
            sent = extractor.backend.client._headers["Authorization"]  # type: ignore[attr-defined]
            summary = run_batch(docs, out, extractor)
    assert summary.exit_code == 0
    assert sent == "Basic " + __import__("base64").b64encode(b"alice:s3cr@t").decode()
    text = out.read_text(encoding="utf-8")
    assert "s3cr" not in text and "alice" not in text
    assert {r["meta"]["base_url"] for r in _lines(out)} == {server.url.replace("http://", "http://***@")}
