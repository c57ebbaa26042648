"""The provider Batch API path (``llmx batch``): prepare, submit, status, collect.

Offline: the provider is a test double (tests/support/fake_batch_provider.py) that
answers each batch line with the gold reader double's answer, returns the lines out of
order, and fails or drops the custom_ids a test names.
"""

from __future__ import annotations

import json
import random
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from llmx.backends import ChunkAnswer
from llmx.backends.openai_compat import OpenAIBackend
from llmx.cli import app
from llmx.config import ExtractConfig
from llmx.core.document import load_document
from llmx.core.records import Extraction
from llmx.errors import BatchError
from llmx.eval.harness import load_docs, load_gold_dir, load_predictions
from llmx.eval.scorer import score_run
from llmx.pipeline import Extractor
from llmx.run import batch_api
from llmx.run.batch_api import Manifest
from llmx.run.engine import run_batch
from llmx.run.output import errors_path_for
from tests.support.fake_batch_provider import FakeBatchProvider
from tests.support.gold_reader import GoldReader

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "evals" / "docs"
GOLD = ROOT / "evals" / "gold"
SETS = ((DOCS, GOLD),)
CHUNK_TOKENS = 600  # several chunks per document
runner = CliRunner()


@pytest.fixture(scope="module")
def reader() -> Iterator[GoldReader]:
    with GoldReader(SETS) as double:
        yield double


@pytest.fixture
def docs(tmp_path: Path) -> list[Path]:
    """A copy of the gold documents (tests may change one)."""
    target = tmp_path / "docs"
    shutil.copytree(DOCS, target)
    return sorted(target.iterdir())


def _config(url: str, cache: Path, **changes: Any) -> ExtractConfig:
    return ExtractConfig(backend="openai", base_url=url, model="gold-reader", cache_dir=cache,
                         chunk_tokens=CHUNK_TOKENS, **changes)


def _flags(url: str, cache: Path) -> list[str]:
    return ["--base-url", url, "--model", "gold-reader", "--cache-dir", str(cache), "--chunk-tokens",
            str(CHUNK_TOKENS)]


def _jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _records(path: Path) -> dict[str, dict[str, Any]]:
    """Reports by doc_id without their run metadata (timings, usage)."""
    return {r["doc_id"]: {k: v for k, v in r.items() if k != "meta"} for r in _jsonl(path)}


def _prepare(paths: list[Path], requests: Path, config: ExtractConfig, out: Path | None = None) -> Manifest:
    with batch_api.batch_extractor(config) as extractor:
        batch_api.prepare(paths, requests, extractor, out=out)
    return Manifest.load(requests)


def _submit_and_download(manifest: Manifest, provider: FakeBatchProvider) -> list[Path]:
    client = batch_api.open_client(provider.url, None)
    record = batch_api.submit(manifest, client, provider.url)
    return batch_api.download_results(manifest, client, record["id"], provider.url)


def _collect(manifest: Manifest, files: list[Path], out: Path, *, keep_partial: bool = False) -> Any:
    with batch_api.extractor_for(manifest, keep_partial=keep_partial) as extractor:
        return batch_api.collect(manifest, files, out, extractor)


def _chunk_ids(manifest: Manifest) -> dict[str, list[str]]:
    return {d["doc_id"]: [c["custom_id"] for c in d.get("chunks", [])] for d in manifest.documents}


# -- prepare ----------------------------------------------------------------------------


def test_prepare_writes_one_line_per_chunk_with_the_online_body(tmp_path: Path, docs: list[Path]) -> None:
    config = _config("http://127.0.0.1:9/v1", tmp_path / "cache", api_key="sk-do-not-record")
    requests = tmp_path / "req.jsonl"
    manifest = _prepare(docs, requests, config)
    lines = _jsonl(requests)
    expected = []
    with Extractor(config) as extractor:
        backend = extractor.backend
        assert isinstance(backend, OpenAIBackend)
        for path in docs:
            for request in extractor.requests(load_document(path)):
                expected.append({"custom_id": batch_api.custom_id(extractor, request), "method": "POST",
                                 "url": "/v1/chat/completions", "body": backend.request_body(request)})
        config_hash, identity = extractor.config_hash, extractor.identity
    assert lines == expected
    assert len({line["custom_id"] for line in lines}) == len(lines) > len(docs)

    data = manifest.data
    assert "sk-do-not-record" not in manifest.path.read_text(encoding="utf-8")
    assert "api_key" not in data["config"]
    assert (data["config_hash"], data["identity"], data["prompt"]) == (config_hash, identity, identity["prompt"])
    assert data["llmx_version"] and data["requests"] == len(lines)
    assert [d["doc_id"] for d in data["documents"]] == [p.stem for p in docs]
    for doc in data["documents"]:
        text = load_document(doc["path"]).text
        assert doc["status"] == "requested" and doc["chunk_count"] == len(doc["chunks"])
        assert [c["index"] for c in doc["chunks"]] == list(range(doc["chunk_count"]))
        assert all(text[c["start"]:c["end"]] for c in doc["chunks"])
    assert [c["custom_id"] for d in data["documents"] for c in d["chunks"]] == [line["custom_id"] for line in lines]
    with batch_api.extractor_for(manifest) as rebuilt:  # the manifest rebuilds the same Extractor
        assert rebuilt.config_hash == config_hash and rebuilt.config.cache_dir == config.cache_dir


def test_prepare_skips_cached_chunks_and_documents_already_done(tmp_path: Path, docs: list[Path]) -> None:
    config = _config("http://127.0.0.1:9/v1", tmp_path / "cache")
    partly, whole, done = docs[0], docs[1], docs[2]
    with Extractor(config) as extractor:
        first = extractor.requests(load_document(partly))[0]
        extractor.store_answer(first, ChunkAnswer(Extraction.model_validate({})))
        for request in extractor.requests(load_document(whole)):
            extractor.store_answer(request, ChunkAnswer(Extraction.model_validate({})))
        config_hash = extractor.config_hash
        full = _prepare(docs, tmp_path / "all.jsonl", config.with_(cache=False))
    out = tmp_path / "out.jsonl"
    out.write_text(json.dumps({"doc_id": done.stem, "meta": {"config_hash": config_hash}}) + "\n", encoding="utf-8")

    manifest = _prepare(docs, tmp_path / "req.jsonl", config, out=out)
    status = {d["doc_id"]: d["status"] for d in manifest.documents}
    assert (status[partly.stem], status[whole.stem], status[done.stem]) == ("requested", "cached", "done")
    ids = _chunk_ids(manifest)
    assert ids[partly.stem][0] == "cached" and all(c == "cached" for c in ids[whole.stem])
    all_ids = _chunk_ids(full)
    expected = [c for d in docs for c in all_ids[d.stem] if d not in (whole, done)][1:]  # all but partly's first
    assert [line["custom_id"] for line in _jsonl(tmp_path / "req.jsonl")] == expected


def test_prepare_refuses_the_rules_backend_and_an_output_of_another_configuration(
    tmp_path: Path, docs: list[Path]
) -> None:
    with pytest.raises(BatchError, match="--model"):
        batch_api.batch_extractor(ExtractConfig(backend="rules", cache=False))
    out = tmp_path / "out.jsonl"
    out.write_text(json.dumps({"doc_id": "x", "meta": {"config_hash": "another"}}) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["batch", "prepare", str(docs[0]), "-o", str(tmp_path / "r.jsonl"), "--out", str(out),
                                 *_flags("http://127.0.0.1:9/v1", tmp_path / "cache")])
    assert result.exit_code == 2 and "another configuration" in result.output


# -- submit, status, collect ------------------------------------------------------------


def test_round_trip_with_failed_and_missing_lines_then_only_the_missing_are_prepared_again(
    tmp_path: Path, docs: list[Path], reader: GoldReader
) -> None:
    cache, requests, out = tmp_path / "cache", tmp_path / "req.jsonl", tmp_path / "out.jsonl"
    assert runner.invoke(app, ["batch", "prepare", *map(str, docs), "-o", str(requests),
                               *_flags("http://127.0.0.1:9/v1", cache)]).exit_code == 0
    ids = _chunk_ids(Manifest.load(requests))
    failing, missing = ids[docs[1].stem][1], ids[docs[3].stem][0]
    with FakeBatchProvider(reader.respond, fail=[failing], drop=[missing], pending_polls=1, seed=3) as provider:
        submitted = runner.invoke(app, ["batch", "submit", str(requests), "--base-url", provider.url])
        assert submitted.exit_code == 0, submitted.output
        batch_id = submitted.output.strip().splitlines()[-1]
        manifest = Manifest.load(requests)
        assert manifest.batch is not None and manifest.batch["id"] == batch_id
        assert manifest.batch["input_file_id"] in provider.files
        again = runner.invoke(app, ["batch", "submit", str(requests), "--base-url", provider.url])
        assert again.exit_code == 2 and "already submitted" in again.output

        early = runner.invoke(app, ["batch", "collect", batch_id, "--requests", str(requests), "-o", str(out)])
        assert early.exit_code == 2 and "in_progress" in early.output and not out.exists()
        status = runner.invoke(app, ["batch", "status", str(requests)])  # the batch its manifest records
        assert status.exit_code == 0 and f"{batch_id}: completed" in status.output
        assert "0 total" not in status.output and "1 failed" in status.output

        collected = runner.invoke(app, ["batch", "collect", batch_id, "--requests", str(requests), "-o", str(out)])
        assert collected.exit_code == 1, collected.output
        assert "llmx batch collect" in collected.output
    errors = _jsonl(errors_path_for(out))
    assert [(e["doc_id"], e["stage"]) for e in errors] == [(docs[1].stem, "call"), (docs[3].stem, "call")]
    assert failing in errors[0]["message"] and "server_error" in errors[0]["message"]
    assert missing in errors[1]["message"] and "no result line" in errors[1]["message"]
    written = [r["doc_id"] for r in _jsonl(out)]
    assert written == [d.stem for d in docs if d not in (docs[1], docs[3])]  # input order, none half-written

    # the answered chunks of the failed documents are cached: a new prepare asks only for the two lost lines
    requests2 = tmp_path / "req2.jsonl"
    assert runner.invoke(app, ["batch", "prepare", *map(str, docs), "-o", str(requests2), "--out", str(out),
                               *_flags("http://127.0.0.1:9/v1", cache)]).exit_code == 0
    assert sorted(line["custom_id"] for line in _jsonl(requests2)) == sorted([failing, missing])
    with FakeBatchProvider(reader.respond) as provider:
        batch_id = runner.invoke(app, ["batch", "submit", str(requests2), "--base-url", provider.url]
                                 ).output.strip().splitlines()[-1]
        final = runner.invoke(app, ["batch", "collect", batch_id, "--requests", str(requests2), "-o", str(out)])
    assert final.exit_code == 0, final.output
    ids_out = [r["doc_id"] for r in _jsonl(out)]
    assert sorted(ids_out) == sorted(d.stem for d in docs) and len(set(ids_out)) == len(ids_out)
    assert not errors_path_for(out).exists()


def _vllm_results(requests: Path, reader: GoldReader, target: Path, seed: int = 7) -> None:
    """What ``vllm run-batch -i requests -o target`` writes, from the gold reader's answers, shuffled."""
    rows = [{"id": f"vllm-{i}", "custom_id": line["custom_id"],
             "response": {"status_code": 200, "request_id": f"vllm-batch-{i}", "body": reader.respond(line["body"])},
             "error": None} for i, line in enumerate(_jsonl(requests))]
    random.Random(seed).shuffle(rows)
    target.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")


def test_a_vllm_results_file_collects_the_same_records_as_the_provider_batch(
    tmp_path: Path, docs: list[Path], reader: GoldReader
) -> None:
    with FakeBatchProvider(reader.respond) as provider:
        via_api = _prepare(docs, tmp_path / "api.jsonl", _config(provider.url, tmp_path / "cache-api"))
        _collect(via_api, _submit_and_download(via_api, provider), tmp_path / "api-out.jsonl")
    via_file = _prepare(docs, tmp_path / "file.jsonl", _config(provider.url, tmp_path / "cache-file"))
    assert (tmp_path / "file.jsonl").read_bytes() == (tmp_path / "api.jsonl").read_bytes()
    _vllm_results(tmp_path / "file.jsonl", reader, tmp_path / "results.jsonl")
    summary = _collect(via_file, [tmp_path / "results.jsonl"], tmp_path / "file-out.jsonl")
    assert summary.succeeded == len(docs) and summary.usage.calls == len(_jsonl(tmp_path / "file.jsonl"))
    assert _records(tmp_path / "file-out.jsonl") == _records(tmp_path / "api-out.jsonl")
    assert [r["doc_id"] for r in _jsonl(tmp_path / "file-out.jsonl")] == [d.stem for d in docs]


def test_collect_twice_is_idempotent_and_an_online_rerun_then_calls_no_model(
    tmp_path: Path, docs: list[Path], reader: GoldReader
) -> None:
    out = tmp_path / "out.jsonl"
    with FakeBatchProvider(reader.respond) as provider:
        config = _config(provider.url, tmp_path / "cache")
        manifest = _prepare(docs, tmp_path / "req.jsonl", config)
        lost = _chunk_ids(manifest)[docs[2].stem][0]
        provider.fail = {lost}
        files = _submit_and_download(manifest, provider)
        first = _collect(manifest, files, out)
        before, errors_before = out.read_bytes(), errors_path_for(out).read_bytes()
        second = _collect(manifest, files, out)
        assert (first.succeeded, first.failed) == (len(docs) - 1, 1)
        assert (second.skipped, second.succeeded, second.failed) == (len(docs) - 1, 0, 1)
        assert out.read_bytes() == before and errors_path_for(out).read_bytes() == errors_before

        online = tmp_path / "online.jsonl"
        done = [d for d in docs if d != docs[2]]
        with Extractor(config) as extractor:
            summary = run_batch(done, online, extractor)
        assert provider.chat_calls == 0 and summary.usage.calls == 0
        assert summary.usage.cache_hits == sum(len(c) for d, c in _chunk_ids(manifest).items() if d != docs[2].stem)
    assert _records(online) == _records(out)


def test_batch_round_trip_scores_as_the_online_path(tmp_path: Path) -> None:
    paths = sorted(DOCS.iterdir())
    with GoldReader(SETS, "wan,unit_synonyms,model_quirks,fabricated_figure", seed=1) as noisy, \
            FakeBatchProvider(noisy.respond) as provider:
        with Extractor(_config(provider.url, tmp_path / "cache-online")) as extractor:
            run_batch(paths, tmp_path / "online.jsonl", extractor)
        assert provider.chat_calls > 0
        manifest = _prepare(paths, tmp_path / "req.jsonl", _config(provider.url, tmp_path / "cache-batch"))
        summary = _collect(manifest, _submit_and_download(manifest, provider), tmp_path / "batch.jsonl")
    assert summary.succeeded == len(paths) and summary.usage.repairs > 0  # the noise made repairs happen
    golds, texts = load_gold_dir(GOLD), load_docs(DOCS)
    online = score_run(golds, load_predictions(tmp_path / "online.jsonl"), texts).total.f1
    batch = score_run(golds, load_predictions(tmp_path / "batch.jsonl"), texts).total.f1
    assert online is not None and batch is not None and online < 1.0
    assert abs(online - batch) <= 0.01


# -- answers that are not usable, and files that are not this batch's -------------------


def _second_chunk_answered_in_prose(
    tmp_path: Path, docs: list[Path], reader: GoldReader
) -> tuple[ExtractConfig, Manifest]:
    """Two documents prepared and answered, the first one's second chunk in prose (no JSON)."""
    config = _config("http://127.0.0.1:9/v1", tmp_path / "cache")
    manifest = _prepare(docs[:2], tmp_path / "req.jsonl", config)
    _vllm_results(tmp_path / "req.jsonl", reader, tmp_path / "results.jsonl")
    prose = _chunk_ids(manifest)[docs[0].stem][1]
    rows = _jsonl(tmp_path / "results.jsonl")
    for row in rows:
        if row["custom_id"] == prose:
            row["response"]["body"]["choices"][0]["message"] = {"role": "assistant", "content": "抱歉，我无法完成。"}
    (tmp_path / "results.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows),
                                            encoding="utf-8")
    return config, manifest


def test_an_answer_without_json_fails_its_document_and_is_not_cached(
    tmp_path: Path, docs: list[Path], reader: GoldReader
) -> None:
    config, manifest = _second_chunk_answered_in_prose(tmp_path, docs, reader)
    summary = _collect(manifest, [tmp_path / "results.jsonl"], tmp_path / "out.jsonl")
    assert (summary.succeeded, summary.failed, summary.exit_code) == (1, 1, 1)
    assert [r["doc_id"] for r in _jsonl(tmp_path / "out.jsonl")] == [docs[1].stem]  # not half-written
    error = _jsonl(errors_path_for(tmp_path / "out.jsonl"))[0]
    assert (error["doc_id"], error["stage"], error["error_type"]) == (docs[0].stem, "validate", "ChunkFailed")
    assert "chunk 1" in error["message"] and "--keep-partial" in error["message"]
    with Extractor(config) as extractor:
        cached = [extractor.cached_answer(r) is not None for r in extractor.requests(load_document(docs[0]))]
    assert cached[1] is False and all(cached[:1] + cached[2:])


def test_keep_partial_writes_the_document_without_the_failed_chunk(
    tmp_path: Path, docs: list[Path], reader: GoldReader
) -> None:
    _, manifest = _second_chunk_answered_in_prose(tmp_path, docs, reader)
    summary = _collect(manifest, [tmp_path / "results.jsonl"], tmp_path / "out.jsonl", keep_partial=True)
    assert (summary.succeeded, summary.partial, summary.failed, summary.exit_code) == (2, 1, 0, 1)
    meta = _jsonl(tmp_path / "out.jsonl")[0]["meta"]
    assert [(e["chunk"], e["stage"]) for e in meta["chunk_errors"]] == [(1, "validate")]


def test_a_document_changed_since_prepare_fails_at_load(tmp_path: Path, docs: list[Path], reader: GoldReader) -> None:
    manifest = _prepare(docs[:2], tmp_path / "req.jsonl", _config("http://127.0.0.1:9/v1", tmp_path / "cache"))
    _vllm_results(tmp_path / "req.jsonl", reader, tmp_path / "results.jsonl")
    docs[1].write_text("新的内容。" * 10 + docs[1].read_text(encoding="utf-8"), encoding="utf-8")
    summary = _collect(manifest, [tmp_path / "results.jsonl"], tmp_path / "out.jsonl")
    assert (summary.succeeded, summary.failed) == (1, 1)
    error = _jsonl(errors_path_for(tmp_path / "out.jsonl"))[0]
    assert error["doc_id"] == docs[1].stem and error["stage"] == "load" and "changed since" in error["message"]


def test_collect_refuses_results_that_are_not_this_manifests(
    tmp_path: Path, docs: list[Path], reader: GoldReader
) -> None:
    config = _config("http://127.0.0.1:9/v1", tmp_path / "cache")
    one = _prepare(docs[:2], tmp_path / "one.jsonl", config)
    _prepare(docs[2:4], tmp_path / "two.jsonl", config)
    _vllm_results(tmp_path / "two.jsonl", reader, tmp_path / "two-results.jsonl")
    with pytest.raises(BatchError, match="another requests file"):
        _collect(one, [tmp_path / "two-results.jsonl"], tmp_path / "out.jsonl")
    _vllm_results(tmp_path / "one.jsonl", reader, tmp_path / "one-results.jsonl")
    mixed = tmp_path / "mixed.jsonl"
    mixed.write_text((tmp_path / "one-results.jsonl").read_text(encoding="utf-8")
                     + (tmp_path / "two-results.jsonl").read_text(encoding="utf-8").splitlines()[0] + "\n",
                     encoding="utf-8")
    with pytest.raises(BatchError, match="is not in"):
        _collect(one, [mixed], tmp_path / "out.jsonl")
    assert not (tmp_path / "out.jsonl").exists()

    result = runner.invoke(app, ["batch", "collect", str(tmp_path / "one-results.jsonl"), "--requests",
                                 str(tmp_path / "nowhere.jsonl"), "-o", str(tmp_path / "out.jsonl")])
    assert result.exit_code == 2 and "nowhere.manifest.json" in result.output and "prepare" in result.output
    result = runner.invoke(app, ["batch", "submit", str(tmp_path / "nowhere.jsonl")])
    assert result.exit_code == 2 and "no manifest" in result.output


def test_collect_refuses_a_manifest_this_llmx_would_not_rebuild(tmp_path: Path, docs: list[Path]) -> None:
    manifest = _prepare(docs[:1], tmp_path / "req.jsonl", _config("http://127.0.0.1:9/v1", tmp_path / "cache"))
    manifest.data["config_hash"] = "0" * 16  # as if the prompt or schema changed since prepare
    manifest.save()
    with pytest.raises(BatchError, match="changed since"):
        batch_api.extractor_for(Manifest.load(tmp_path / "req.jsonl"))


def test_prepare_will_not_orphan_a_submitted_batch(tmp_path: Path, docs: list[Path], reader: GoldReader) -> None:
    requests = tmp_path / "req.jsonl"
    with FakeBatchProvider(reader.respond) as provider:
        config = _config(provider.url, tmp_path / "cache")
        manifest = _prepare(docs[:1], requests, config)
        batch_api.submit(manifest, batch_api.open_client(provider.url, None), provider.url)
        with pytest.raises(BatchError, match="not collected yet"):
            _prepare(docs[:1], requests, config)
        files = batch_api.download_results(manifest, batch_api.open_client(provider.url, None),
                                           manifest.batch["id"], provider.url)  # type: ignore[index]
        _collect(manifest, files, tmp_path / "out.jsonl")
    assert Manifest.load(requests).batch["collected"]  # type: ignore[index]
    _prepare(docs[:1], requests, config)  # collected: preparing again is fine


@pytest.mark.parametrize("command", ["prepare", "submit", "status", "collect"])
def test_batch_commands_have_help_with_an_example(command: str) -> None:
    result = runner.invoke(app, ["batch", command, "--help"])
    assert result.exit_code == 0 and "Usage" in result.output and "Example" in result.output


def test_results_prefer_an_answer_over_a_failure_and_name_a_bad_line(tmp_path: Path) -> None:
    ok = {"custom_id": "a--0--x", "response": {"status_code": 200, "body": {"choices": []}}, "error": None}
    bad = {"custom_id": "a--0--x", "response": None, "error": {"code": "expired", "message": "not run"}}
    first, second = tmp_path / "errors.jsonl", tmp_path / "retry.jsonl"
    for files in ((bad, ok), (ok, bad)):
        first.write_text(json.dumps(files[0]) + "\n", encoding="utf-8")
        second.write_text(json.dumps(files[1]) + "\n", encoding="utf-8")
        with batch_api.Results([first, second]) as results:
            assert results.get("a--0--x") == ok and results.get("b--0--x") is None
    assert batch_api.line_problem(bad) == "the provider failed it: expired: not run"
    vllm_failed = {"custom_id": "a--0--x", "response": {"status_code": 400, "request_id": "r", "body": None},
                   "error": "The model does not support Chat Completions API"}
    assert batch_api.line_problem(vllm_failed) == "the provider answered 400: The model does not support Chat " \
                                                  "Completions API"
    vllm_failed["error"] = {"error": {"message": "bad schema", "type": "BadRequestError", "code": 400}}
    assert batch_api.line_problem(vllm_failed) == "the provider answered 400: 400: bad schema"
    second.write_text(json.dumps(ok) + "\n{not json\n", encoding="utf-8")
    with pytest.raises(BatchError, match=r"retry\.jsonl:2: not a batch result line"):
        batch_api.Results([second])
