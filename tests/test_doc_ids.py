"""Doc ids and resume identity: a record is an input's only when its doc_id and its source
both match, so a second ``report.txt`` or another piped document is never "already done"."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from llmx.cli import app
from llmx.run.engine import run_batch
from llmx.run.output import OutputState, same_source, suffixed_doc_id
from tests.support.fakes import FakeBackend, doc_text, fake_extractor


def _records(out: Path) -> list[dict]:
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


def _two_reports(tmp_path: Path) -> tuple[Path, Path]:
    a, b = tmp_path / "a" / "report.txt", tmp_path / "b" / "report.txt"
    for i, path in enumerate((a, b)):
        path.parent.mkdir(parents=True)
        path.write_text(doc_text(i + 1), encoding="utf-8")
    return a, b


def test_a_second_file_with_a_stem_already_in_out_is_extracted(tmp_path: Path) -> None:
    a, b = _two_reports(tmp_path)
    out = tmp_path / "out.jsonl"
    run_batch([a], out, fake_extractor())
    messages: list[str] = []
    backend = FakeBackend()
    summary = run_batch([b], out, fake_extractor(backend), on_message=lambda k, t: messages.append(t))
    assert (summary.skipped, summary.succeeded, backend.calls) == (0, 1, 1)
    records = {r["doc_id"]: r["meta"]["source"] for r in _records(out)}
    assert records == {"report": str(a), suffixed_doc_id("report", str(b)): str(b)}
    [note] = messages
    assert str(a) in note and str(b) in note


def test_same_stems_in_two_runs_both_extracted_then_both_skipped(tmp_path: Path) -> None:
    a, b = _two_reports(tmp_path)
    out = tmp_path / "out.jsonl"
    first = run_batch([a, b], out, fake_extractor())
    assert first.succeeded == 2
    ids = [r["doc_id"] for r in _records(out)]
    assert ids[0] == "report" and ids[1] == suffixed_doc_id("report", str(b))
    backend = FakeBackend()
    again = run_batch([a, b], out, fake_extractor(backend))  # the same command: ids are deterministic
    assert (again.skipped, backend.calls) == (2, 0)
    swapped = run_batch([b, a], out, fake_extractor(backend))  # b keeps its id: a already has "report"
    assert (swapped.skipped, backend.calls) == (2, 0)
    assert len(_records(out)) == 2


def test_the_same_file_by_another_path_is_done(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    a, _ = _two_reports(tmp_path)
    out = tmp_path / "out.jsonl"
    run_batch([a], out, fake_extractor())
    monkeypatch.chdir(tmp_path)
    backend = FakeBackend()
    summary = run_batch([Path("a/../a/report.txt")], out, fake_extractor(backend))
    assert (summary.skipped, backend.calls) == (1, 0)
    assert same_source(str(a), "a/./report.txt") and not same_source(str(a), "b/report.txt")


def test_two_different_piped_documents_are_both_extracted(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    texts = [doc_text(1), doc_text(2)]
    for text in texts:
        summary = run_batch([Path("-")], out, fake_extractor(), stdin_text=lambda text=text: text)
        assert summary.succeeded == 1
    ids = [r["doc_id"] for r in _records(out)]
    assert len(set(ids)) == 2 and all(i.startswith("stdin-") and len(i) == len("stdin-") + 12 for i in ids)
    backend = FakeBackend()
    again = run_batch([Path("-")], out, fake_extractor(backend), stdin_text=lambda: texts[0])
    assert (again.skipped, backend.calls) == (1, 0)  # the same text piped again is done


def _cli(args: list[str], stdin: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "llmx", "extract", *args, "--backend", "rules", "--no-cache"],
                          input=stdin, capture_output=True, text=True, timeout=120)


def test_stdin_mixed_with_files_on_the_command_line(tmp_path: Path) -> None:
    first, last = tmp_path / "first.txt", tmp_path / "last.txt"
    first.write_text(doc_text(1), encoding="utf-8")
    last.write_text(doc_text(3), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = _cli([str(first), "-", str(last), "-o", str(out)], doc_text(2))
    assert result.returncode == 0, result.stderr
    records = _records(out)
    assert [r["doc_id"] for r in records][::2] == ["first", "last"]  # in input order, stdin in its place
    assert records[1]["doc_id"].startswith("stdin-") and records[1]["title"] == "第2号报道"
    named = _cli(["-", str(first), "-o", str(out), "--doc-id", "piped"], doc_text(4))
    assert named.returncode == 0, named.stderr
    assert [r["doc_id"] for r in _records(out)][:2] == ["piped", "first"]  # this run's order first


def test_stdin_usage_errors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    twice = runner.invoke(app, ["extract", "-", "-", "-o", "x.jsonl", "--backend", "rules"])
    assert twice.exit_code == 2 and "once" in twice.output
    no_stdin = runner.invoke(app, ["extract", "a.txt", "-o", "x.jsonl", "--backend", "rules", "--doc-id", "x"])
    assert no_stdin.exit_code == 2 and "--doc-id" in no_stdin.output
    assert not Path("x.jsonl").exists()


def test_batch_prepare_gives_the_ids_collect_and_extract_give(tmp_path: Path) -> None:
    from llmx.run.output import DocIds

    a, b = _two_reports(tmp_path)
    ids = DocIds(OutputState(sources={"report": [str(a)]}))
    assert ids.assign("report", str(b)) == (suffixed_doc_id("report", str(b)), str(a))
    assert ids.done("report", str(a)) and not ids.done("report", str(b))
