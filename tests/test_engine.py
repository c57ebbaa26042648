"""The local engine: input order, worker processes, the reorder buffer, and the same
output whichever way a run is spread."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from llmx.config import ExtractConfig
from llmx.pipeline import Extractor
from llmx.run.engine import LocalEngine, run_batch
from llmx.run.output import InOrder, sort_in_input_order
from tests.support.fakes import FakeBackend, fake_extractor, make_docs

ROOT = Path(__file__).resolve().parents[1]


def _ids(path: Path) -> list[str]:
    return [json.loads(line)["doc_id"] for line in path.read_text(encoding="utf-8").splitlines()]


def test_in_order_releases_each_result_once_its_predecessors_are_settled() -> None:
    written: list[str] = []
    order = InOrder(written.append)
    order.put(2, "c")
    order.put(1, "b")
    assert written == []
    order.skip(0)
    assert written == ["b", "c"] and order.next_index == 3
    order.put(4, "e")
    order.put(3, "d")
    assert written == ["b", "c", "d", "e"] and order.waiting == 0


def test_output_is_in_input_order_whatever_order_documents_finish(tmp_path: Path) -> None:
    docs = make_docs(tmp_path / "docs", 40)
    out = tmp_path / "out.jsonl"
    summary = run_batch(list(reversed(docs)), out, fake_extractor(), concurrency=16)
    assert summary.succeeded == 40 and _ids(out) == [p.stem for p in reversed(docs)]


def test_a_resumed_run_ends_in_input_order(tmp_path: Path) -> None:
    docs = make_docs(tmp_path / "docs", 12)
    out = tmp_path / "out.jsonl"
    run_batch(docs[6:], out, fake_extractor())  # the second half first, as an interrupted run might
    summary = run_batch(docs, out, fake_extractor())
    assert summary.skipped == 6 and summary.reordered
    assert _ids(out) == [p.stem for p in docs]


def test_sort_keeps_lines_of_other_inputs_after_this_runs(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    out.write_text("".join(json.dumps({"doc_id": d}) + "\n" for d in ["x", "b", "a"]), encoding="utf-8")
    assert sort_in_input_order(out, ["a", "b"])
    assert _ids(out) == ["a", "b", "x"]
    assert not sort_in_input_order(out, ["a", "b"])  # already in order: nothing rewritten


def test_sort_holds_places_not_lines(tmp_path: Path) -> None:
    # 24 MB of output in reverse order: sorting it must not read it into memory whole
    import tracemalloc

    out = tmp_path / "out.jsonl"
    pad = "村" * 4000
    ids = [f"d{i:04d}" for i in range(2000)]
    with out.open("w", encoding="utf-8") as fh:
        for doc_id in reversed(ids):
            fh.write(json.dumps({"doc_id": doc_id, "title": pad}, ensure_ascii=False) + "\n")
    size = out.stat().st_size
    tracemalloc.start()
    try:
        assert sort_in_input_order(out, ids)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert _ids(out) == ids and out.stat().st_size == size
    assert peak < size / 8, f"peak {peak} bytes for a file of {size}"


def test_an_interrupted_run_keeps_what_finished_out_of_order(tmp_path: Path) -> None:
    docs = make_docs(tmp_path / "docs", 30, markers={0: "SLOW"})
    out = tmp_path / "out.jsonl"

    def stop(summary: object) -> None:
        if getattr(summary, "succeeded", 0) >= 10:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_batch(docs, out, fake_extractor(FakeBackend(delays={"SLOW": 2.0})), concurrency=8, on_progress=stop)
    written = _ids(out)
    assert len(written) >= 10 and "doc0000" not in written  # finished documents are not held back


@pytest.mark.slow
def test_rules_output_is_the_same_with_one_or_two_worker_processes(tmp_path: Path) -> None:
    docs = sorted((ROOT / "evals" / "docs").glob("*.txt")) + sorted((ROOT / "evals" / "dev" / "docs").glob("*.txt"))
    lines = {}
    for workers in (1, 2):
        out = tmp_path / f"out{workers}.jsonl"
        with Extractor(ExtractConfig(backend="rules", cache=False)) as extractor:
            summary = run_batch(docs, out, extractor, engine=LocalEngine(concurrency=2, workers=workers))
        assert summary.succeeded == len(docs) and summary.workers == workers
        lines[workers] = out.read_text(encoding="utf-8")
    assert lines[1] == lines[2]


def test_a_worker_process_that_dies_costs_only_its_documents(tmp_path: Path) -> None:
    docs = make_docs(tmp_path / "docs", 12, markers={5: "EXIT"})
    out = tmp_path / "out.jsonl"
    summary = run_batch(docs, out, fake_extractor(FakeBackend()), engine=LocalEngine(concurrency=2, workers=2))
    errors = [json.loads(line) for line in (tmp_path / "out.errors.jsonl").read_text(encoding="utf-8").splitlines()]
    failed = {e["doc_id"] for e in errors}
    assert "doc0005" in failed and all(e["stage"] == "internal" for e in errors)
    assert set(_ids(out)) | failed == {p.stem for p in docs} and not set(_ids(out)) & failed
    assert summary.failed == len(failed) and summary.succeeded == 12 - len(failed)




@pytest.mark.timeout(120)
def test_a_worker_that_dies_while_its_large_result_is_unread_stops_no_one(tmp_path: Path) -> None:
    # The second worker (documents 2 and 3) sends a result of most of a megabyte while the
    # parent is slow to read (a progress callback that takes its time), then dies on its next
    # document. With one queue shared by all workers, its writer thread died mid-message,
    # holding the queue's lock: half a message in the pipe, and the run hung for ever.
    docs = make_docs(tmp_path / "docs", 6, markers={2: "LARGE", 3: "EXIT"})
    out = tmp_path / "out.jsonl"
    extractor = fake_extractor(FakeBackend(delays={"EXIT": 0.3}))
    summary = run_batch(docs, out, extractor, engine=LocalEngine(concurrency=2, workers=2),
                        on_progress=lambda summary: time.sleep(0.5))
    errors = [json.loads(line) for line in (tmp_path / "out.errors.jsonl").read_text(encoding="utf-8").splitlines()]
    failed = {e["doc_id"] for e in errors}
    assert "doc0003" in failed and "doc0002" not in failed and summary.failed == len(failed) < 6
    written = _ids(out)
    assert set(written) | failed == {p.stem for p in docs} and not set(written) & failed
    assert max(len(line) for line in out.read_text(encoding="utf-8").splitlines()) > 500_000
