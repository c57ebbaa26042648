"""The batch runner: whole lines, resume by config hash, errors file, exit codes, locking."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from llmx.errors import RunError
from llmx.run.engine import EXIT_FAILED, EXIT_OK, EXIT_PARTIAL, run_batch
from llmx.run.output import JsonlWriter, errors_path_for, scan_output
from llmx.run.summary import RunSummary
from tests.support.fakes import FakeBackend, doc_text, fake_extractor, make_docs


def _ids(path: Path) -> list[str]:
    return [json.loads(line)["doc_id"] for line in path.read_text(encoding="utf-8").splitlines()]


def test_every_document_is_one_whole_line(tmp_path: Path) -> None:
    docs = make_docs(tmp_path / "docs", 30)
    out = tmp_path / "out.jsonl"
    summary = run_batch(docs, out, fake_extractor(), concurrency=8)
    raw = out.read_bytes()
    assert raw.endswith(b"\n")
    assert sorted(_ids(out)) == sorted(p.stem for p in docs)
    assert summary.exit_code == EXIT_OK and summary.succeeded == 30
    assert not errors_path_for(out).exists()
    record = json.loads(raw.splitlines()[0])
    text = Path(record["meta"]["source"]).read_text(encoding="utf-8")
    quote = record["metrics"][0]["evidence"][0]
    assert text[quote["start"]:quote["end"]] == quote["quote"]


def test_rerun_skips_done_documents_and_writes_none_twice(tmp_path: Path) -> None:
    docs = make_docs(tmp_path / "docs", 20)
    out = tmp_path / "out.jsonl"
    run_batch(docs[:12], out, fake_extractor(), concurrency=4)
    backend = FakeBackend()
    summary = run_batch(docs, out, fake_extractor(backend), concurrency=4)
    assert (summary.skipped, summary.succeeded, backend.calls) == (12, 8, 8)
    ids = _ids(out)
    assert len(ids) == len(set(ids)) == 20


def test_overwrite_starts_fresh(tmp_path: Path) -> None:
    docs = make_docs(tmp_path / "docs", 5)
    out = tmp_path / "out.jsonl"
    run_batch(docs, out, fake_extractor())
    backend = FakeBackend()
    summary = run_batch(docs[:2], out, fake_extractor(backend), overwrite=True)
    assert (summary.skipped, backend.calls) == (0, 2)
    assert sorted(_ids(out)) == [docs[0].stem, docs[1].stem]


def test_torn_last_line_is_cut_off_and_its_document_redone(tmp_path: Path) -> None:
    docs = make_docs(tmp_path / "docs", 4)
    out = tmp_path / "out.jsonl"
    run_batch(docs[:3], out, fake_extractor())
    lines = out.read_bytes().splitlines(keepends=True)
    out.write_bytes(b"".join(lines[:2]) + lines[2][: len(lines[2]) // 2])  # a kill mid-write
    torn_id = json.loads(lines[2])["doc_id"]
    backend = FakeBackend()
    summary = run_batch(docs, out, fake_extractor(backend))
    assert summary.torn_line_repaired
    assert backend.calls == 2  # the torn document and the new one
    ids = _ids(out)  # every line parses again
    assert sorted(ids) == sorted(p.stem for p in docs) and ids.count(torn_id) == 1


def test_output_of_another_configuration_is_refused_not_mixed(tmp_path: Path) -> None:
    docs = make_docs(tmp_path / "docs", 3)
    out = tmp_path / "out.jsonl"
    run_batch(docs, out, fake_extractor(FakeBackend(version="1")))
    before = out.read_bytes()
    with pytest.raises(RunError, match="another configuration"):
        run_batch(docs, out, fake_extractor(FakeBackend(version="2")))
    assert out.read_bytes() == before
    summary = run_batch(docs, out, fake_extractor(FakeBackend(version="2")), overwrite=True)
    assert summary.succeeded == 3 and len(_ids(out)) == 3


def test_second_run_on_the_same_output_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    holder = JsonlWriter(out, truncate=False, lock=True)
    try:
        with pytest.raises(RunError, match="another llmx run is writing"):
            run_batch(make_docs(tmp_path / "docs", 1), out, fake_extractor())
    finally:
        holder.close()


def test_a_run_started_while_another_finishes_is_refused_not_lost(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A resume ends by rewriting OUT in input order, and by removing a failures list that no
    # longer applies. A second run let in at that moment (OUT unlocked) appended to a file
    # about to be replaced and had its failures list removed: its records were lost while it
    # reported success. It must be refused until the first run has finished with OUT.
    from llmx.run import engine

    first = make_docs(tmp_path / "first", 6)
    other = [tmp_path / "other" / f"other{i}.txt" for i in range(3)]
    other[0].parent.mkdir()
    for i, path in enumerate(other):
        path.write_text(doc_text(50 + i, "FAIL" if i == 1 else ""), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    run_batch(first[:2], out, fake_extractor())
    seen: list[object] = []
    started: list[bool] = []
    real_sort = engine.sort_in_input_order

    def sort_while_another_run_starts(path: Path, order: list[str]) -> bool:
        if not started:  # once: the second run, if let in, sorts OUT too
            started.append(True)
            try:
                seen.append(run_batch(other, out, fake_extractor()))
            except RunError as err:
                seen.append(err)
        return real_sort(path, order)

    monkeypatch.setattr(engine, "sort_in_input_order", sort_while_another_run_starts)
    run_batch(first, out, fake_extractor())
    written = set(_ids(out))
    assert {p.stem for p in first} <= written
    if isinstance(seen[0], RunSummary):  # let in: all it reported must be there
        assert seen[0].succeeded == 2 and {"other0", "other2"} <= written
        assert errors_path_for(out).exists()
    assert isinstance(seen[0], RunError) and "another llmx run is writing" in str(seen[0])


def test_failures_go_to_the_errors_file_and_the_run_goes_on(tmp_path: Path) -> None:
    docs = make_docs(tmp_path / "docs", 10, markers={3: "FAIL", 7: "CRASH"})
    out = tmp_path / "out.jsonl"
    messages: list[tuple[str, str]] = []
    summary = run_batch(docs, out, fake_extractor(), concurrency=4, on_message=lambda k, t: messages.append((k, t)))
    errors = [json.loads(line) for line in errors_path_for(out).read_text(encoding="utf-8").splitlines()]
    by_id = {e["doc_id"]: e for e in errors}
    assert set(by_id) == {"doc0003", "doc0007"}
    assert by_id["doc0003"]["stage"] == "call" and by_id["doc0003"]["error_type"] == "BackendError"
    assert "500" in by_id["doc0003"]["message"] and by_id["doc0003"]["source"].endswith("doc0003.txt")
    assert by_id["doc0007"]["stage"] == "internal" and by_id["doc0007"]["error_type"] == "RuntimeError"
    assert sorted(_ids(out)) == sorted(p.stem for p in docs if p.stem not in by_id)
    assert summary.exit_code == EXIT_PARTIAL
    assert summary.failures_by_stage == {"call": 1, "internal": 1}
    assert summary.usage.transport_retries == 2  # spent on the failed document, still counted
    failed_lines = [t for k, t in messages if k == "failed"]
    assert len(failed_lines) == 2 and all("\n" not in t for t in failed_lines)
    assert any("doc0003.txt" in t and "500" in t for t in failed_lines)


def test_errors_file_is_rewritten_per_run_and_removed_when_all_succeed(tmp_path: Path) -> None:
    docs = make_docs(tmp_path / "docs", 3, markers={1: "FAIL"})
    out = tmp_path / "out.jsonl"
    assert run_batch(docs, out, fake_extractor()).exit_code == EXIT_PARTIAL
    assert errors_path_for(out).exists()
    docs[1].write_text("第1号报道\n全村共有5户。\n", encoding="utf-8")  # fixed
    summary = run_batch(docs, out, fake_extractor())
    assert (summary.skipped, summary.succeeded, summary.exit_code) == (2, 1, EXIT_OK)
    assert not errors_path_for(out).exists()


def test_exit_code_when_nothing_succeeds(tmp_path: Path) -> None:
    docs = make_docs(tmp_path / "docs", 2, markers={0: "FAIL", 1: "FAIL"})
    assert run_batch(docs, tmp_path / "out.jsonl", fake_extractor()).exit_code == EXIT_FAILED


def test_duplicate_stems_both_extracted_under_distinct_ids(tmp_path: Path) -> None:
    first = make_docs(tmp_path / "a", 1)
    second = make_docs(tmp_path / "b", 1)
    out = tmp_path / "out.jsonl"
    messages: list[tuple[str, str]] = []
    summary = run_batch(first + second, out, fake_extractor(), on_message=lambda k, t: messages.append((k, t)))
    ids = _ids(out)
    assert ids[0] == "doc0000" and ids[1].startswith("doc0000-") and len(ids[1]) == len("doc0000-") + 8
    assert (summary.succeeded, summary.failed, summary.notes["doc_id"]) == (2, 0, 1)
    [note] = [t for k, t in messages if k == "note"]
    assert str(first[0]) in note and str(second[0]) in note


def test_resume_from_another_directory_knows_its_records_by_their_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The first run named its inputs "docs/doc0000.txt"; from a subfolder they are
    # "../docs/doc0000.txt". The records' digests say they are the same files: nothing is
    # extracted twice, while a different file with a taken stem still gets its own id.
    make_docs(tmp_path / "docs", 3)
    (tmp_path / "sub").mkdir()
    monkeypatch.chdir(tmp_path)
    run_batch(sorted(Path("docs").glob("*.txt")), Path("out.jsonl"), fake_extractor())
    monkeypatch.chdir(tmp_path / "sub")
    stranger = Path("doc0001.txt")
    stranger.write_text(doc_text(77), encoding="utf-8")
    summary = run_batch([*sorted(Path("../docs").glob("*.txt")), stranger], Path("../out.jsonl"), fake_extractor())
    assert (summary.skipped, summary.succeeded) == (3, 1)
    ids = _ids(tmp_path / "out.jsonl")
    assert sorted(ids[:3]) == ["doc0000", "doc0001", "doc0002"] and ids[3].startswith("doc0001-")


def test_scan_output_reports_hashes_and_torn_tail(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    out.write_text(
        '{"doc_id": "a", "meta": {"config_hash": "h1"}}\n{"doc_id": "b", "meta": {"config_hash": "h2"}}\n{"doc_',
        encoding="utf-8",
    )
    state = scan_output(out, "h1")
    assert state.done == {"a"} and dict(state.other_configs) == {"h2": 1} and state.torn


def test_summary_reports_rates_and_retries(tmp_path: Path) -> None:
    summary = run_batch(make_docs(tmp_path / "docs", 3), tmp_path / "out.jsonl", fake_extractor())
    data = summary.as_dict()
    assert data["retries"] == {"transport": 0, "reasks": 0}
    assert data["records"]["metrics"] == 3 and data["exit_code"] == EXIT_OK
    assert data["usage"]["calls"] == 3


def test_plain_progress_lines_when_not_a_terminal(tmp_path: Path) -> None:
    import io

    from rich.console import Console

    from llmx.run.progress import progress_reporter

    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=False, width=200)
    docs = make_docs(tmp_path / "docs", 6, markers={2: "FAIL"})
    with progress_reporter(len(docs), console) as reporter:
        run_batch(docs, tmp_path / "out.jsonl", fake_extractor(), on_progress=reporter.progress,
                  on_message=reporter.message)
    lines = buffer.getvalue().splitlines()
    final = [line for line in lines if line.startswith("llmx: 6/6 documents")]
    assert len(final) == 1
    for field_name in ("docs/s", "tokens", "cache 0", "retries 2+0", "failed 1", "ETA 0s"):
        assert field_name in final[0]
    assert any(line.startswith("failed: ") and "doc0002.txt" in line for line in lines)
    assert "\x1b[" not in buffer.getvalue()  # no escape codes in logs


def test_live_progress_bar_on_a_terminal(tmp_path: Path) -> None:
    import io

    from rich.console import Console

    from llmx.run.progress import progress_reporter

    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=True, width=200)
    docs = make_docs(tmp_path / "docs", 4)
    with progress_reporter(len(docs), console) as reporter:
        run_batch(docs, tmp_path / "out.jsonl", fake_extractor(), on_progress=reporter.progress)
    shown = buffer.getvalue()
    assert "4/4" in shown and "docs/s" in shown and "━" in shown


def test_interrupt_keeps_whole_lines_and_resume_completes(tmp_path: Path) -> None:
    docs = make_docs(tmp_path / "docs", 40)
    out = tmp_path / "out.jsonl"

    def stop_after_ten(summary: object) -> None:
        if getattr(summary, "succeeded", 0) >= 10:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_batch(docs, out, fake_extractor(), concurrency=4, on_progress=stop_after_ten)
    first = _ids(out)
    assert len(first) == 10
    backend = FakeBackend()
    summary = run_batch(docs, out, fake_extractor(backend), concurrency=4)
    assert (summary.skipped, summary.succeeded, backend.calls) == (10, 30, 30)
    assert sorted(_ids(out)) == sorted(p.stem for p in docs)
