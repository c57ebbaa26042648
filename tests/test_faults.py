"""Fault injection: 200+ documents at concurrency 16 through a fake server with 30% faults.

Every document must end up in the output or the errors file, none twice, and the
summary must account for every request and retry the server saw.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from llmx.config import ExtractConfig
from llmx.pipeline import Extractor
from llmx.run.engine import EXIT_PARTIAL, errors_path_for, run_batch
from tests.support.fake_openai_server import FAULT_KINDS, FakeOpenAIServer, FaultMix
from tests.support.fakes import make_docs

TRANSPORT_FAULTS = ("rate_limit", "server_error", "unavailable", "hang", "cut_off")
POISONED = {13, 77, 150}  # the server always answers 500 for these: they must fail, not vanish


def _config(url: str, **changes: object) -> ExtractConfig:
    base = ExtractConfig(
        backend="openai", base_url=url, model="fake", mode="json_schema", cache=False,
        timeout_s=2.0, transport_retries=4, max_retries=2,
    )
    return base.with_(**changes)


def _lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()] if path.exists() else []


@pytest.mark.slow
def test_thirty_percent_faults_lose_nothing_and_duplicate_nothing(tmp_path: Path) -> None:
    docs = make_docs(tmp_path / "docs", 220, markers={i: "POISON" for i in POISONED})
    out = tmp_path / "out.jsonl"
    server = FakeOpenAIServer(latency_s=0.01, faults=FaultMix.even(0.30), seed=7, retry_after_s=0.1, hang_s=4.0)
    with server, Extractor(_config(server.url)) as extractor:
        summary = run_batch(docs, out, extractor, concurrency=16)
    print(json.dumps(summary.as_dict(), ensure_ascii=False), dict(server.stats))

    written = [r["doc_id"] for r in _lines(out)]
    failed = [e["doc_id"] for e in _lines(errors_path_for(out))]
    assert len(written) == len(set(written)), "a document was written twice"
    assert len(failed) == len(set(failed))
    assert not set(written) & set(failed)
    assert set(written) | set(failed) == {p.stem for p in docs}, "a document was lost"
    assert {f"doc{i:04d}" for i in POISONED} <= set(failed)
    assert (summary.succeeded, summary.failed) == (len(written), len(failed))
    assert summary.exit_code == EXIT_PARTIAL

    stats = server.stats
    assert all(stats[kind] > 0 for kind in FAULT_KINDS), f"a fault kind was never injected: {dict(stats)}"
    usage = summary.usage
    # every request the server saw was counted, and every bad answer was re-asked
    assert usage.calls == stats["requests"]
    assert usage.reasks == stats["invalid_json"] + stats["bad_schema"]
    # each transport fault is retried, except the one that ends a document's last attempt
    transport_faults = sum(stats[k] for k in TRANSPORT_FAULTS) + stats["poison"]
    gave_up = sum(1 for e in _lines(errors_path_for(out)) if e["stage"] == "call")
    assert usage.transport_retries == transport_faults - gave_up
    assert summary.rate_limit["pauses"] > 0  # a 429 paused the whole run
    data = summary.as_dict()
    assert data["retries"] == {"transport": usage.transport_retries, "reasks": usage.reasks}

    for record in _lines(out):  # whole, valid, grounded records
        text = Path(record["meta"]["source"]).read_text(encoding="utf-8")
        for metric in record["metrics"]:
            quote = metric["evidence"][0]
            assert text[quote["start"]:quote["end"]] == quote["quote"]


@pytest.mark.slow
def test_failed_documents_succeed_on_resume_once_the_server_recovers(tmp_path: Path) -> None:
    docs = make_docs(tmp_path / "docs", 40)
    out = tmp_path / "out.jsonl"
    with FakeOpenAIServer(faults=FaultMix(server_error=1.0)) as broken, Extractor(
        _config(broken.url, transport_retries=1)
    ) as extractor:
        first = run_batch(docs[:10], out, extractor, concurrency=8)
    assert first.failed == 10 and first.exit_code == 2 and not out.read_text(encoding="utf-8")
    with FakeOpenAIServer(latency_s=0.01) as healthy, Extractor(_config(healthy.url)) as extractor:
        second = run_batch(docs, out, extractor, concurrency=8)
    assert (second.succeeded, second.failed, second.exit_code) == (40, 0, 0)
    assert sorted(r["doc_id"] for r in _lines(out)) == sorted(p.stem for p in docs)
    assert not errors_path_for(out).exists()
