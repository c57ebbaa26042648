"""A damaged OUT on resume: every valid line is kept, every damaged one is set aside in
OUT.damaged.txt (never deleted), said, and its document extracted again."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import llmx.run.output as output
from llmx.run.engine import EXIT_OK, run_batch
from llmx.run.output import damaged_path_for, scan_output
from tests.support.fakes import FakeBackend, fake_extractor, make_docs


def _lines(out: Path) -> list[bytes]:
    return out.read_bytes().splitlines(keepends=True)


def _ids(out: Path) -> list[str]:
    return [json.loads(line)["doc_id"] for line in _lines(out)]


def _first_run(tmp_path: Path, n: int = 5) -> tuple[list[Path], Path]:
    docs = make_docs(tmp_path / "docs", n + 1)
    out = tmp_path / "out.jsonl"
    run_batch(docs[:n], out, fake_extractor())
    return docs, out


def _damage(out: Path, index: int, keep_bytes: int) -> tuple[bytes, str]:
    """Cut line ``index`` to its first ``keep_bytes`` bytes (keeping its newline)."""
    lines = _lines(out)
    doc_id = json.loads(lines[index])["doc_id"]
    lines[index] = lines[index][:keep_bytes] + b"\n"
    out.write_bytes(b"".join(lines))
    return lines[index], doc_id


def test_a_damaged_middle_line_loses_nothing_after_it(tmp_path: Path) -> None:
    docs, out = _first_run(tmp_path)
    damaged, damaged_id = _damage(out, 1, 40)
    before = _ids_of_whole_lines(out)
    messages: list[tuple[str, str]] = []
    summary = run_batch([docs[5]], out, fake_extractor(), on_message=lambda k, t: messages.append((k, t)))
    assert summary.exit_code == EXIT_OK and summary.damaged_lines == 1
    # the three lines after the damaged one survive, none was among this run's inputs
    assert sorted(_ids(out)) == sorted([*before, docs[5].stem])
    assert damaged_path_for(out).read_bytes() == damaged  # set aside raw, not deleted
    [note] = [t for k, t in messages if k == "note"]
    assert "line 2" in note and str(damaged_path_for(out)) in note and f'"{damaged_id}"' in note
    assert "\n" not in note


def _ids_of_whole_lines(out: Path) -> list[str]:
    ids = []
    for line in _lines(out):
        try:
            ids.append(json.loads(line)["doc_id"])
        except ValueError:
            continue
    return ids


def test_resume_redoes_only_the_damaged_document(tmp_path: Path) -> None:
    docs, out = _first_run(tmp_path)
    _, damaged_id = _damage(out, 2, 30)
    backend = FakeBackend()
    summary = run_batch(docs[:5], out, fake_extractor(backend))
    assert (summary.skipped, summary.succeeded, backend.calls) == (4, 1, 1)
    assert _ids(out) == [p.stem for p in docs[:5]]  # whole again, in input order
    assert damaged_path_for(out).read_bytes().startswith(b'{"doc_id":"' + damaged_id.encode())
    assert run_batch(docs[:5], out, fake_extractor()).damaged_lines == 0  # repaired for good


def test_a_line_cut_inside_a_character_is_set_aside_not_a_crash(tmp_path: Path) -> None:
    docs, out = _first_run(tmp_path)
    line = _lines(out)[1]
    start = line.index("报".encode())  # a three-byte character: cut after its first byte
    damaged, _ = _damage(out, 1, start + 1)
    with pytest.raises(UnicodeDecodeError):
        json.loads(damaged)  # what the old scan did not catch
    summary = run_batch(docs[:5], out, fake_extractor())
    assert summary.damaged_lines == 1 and summary.succeeded == 1
    assert sorted(_ids(out)) == sorted(p.stem for p in docs[:5])
    assert damaged_path_for(out).read_bytes() == damaged


def test_a_torn_last_line_is_set_aside_and_redone(tmp_path: Path) -> None:
    docs, out = _first_run(tmp_path, 3)
    lines = _lines(out)
    torn = lines[2][: len(lines[2]) // 2]  # a kill mid-write: no newline
    out.write_bytes(b"".join(lines[:2]) + torn)
    summary = run_batch(docs[:3], out, fake_extractor())
    assert summary.torn_line_repaired and summary.damaged_lines == 1 and summary.succeeded == 1
    assert _ids(out) == [p.stem for p in docs[:3]]
    assert damaged_path_for(out).read_bytes() == torn + b"\n"


def test_a_whole_last_line_without_its_newline_is_kept_and_ended(tmp_path: Path) -> None:
    docs, out = _first_run(tmp_path, 3)
    out.write_bytes(out.read_bytes().rstrip(b"\n"))
    backend = FakeBackend()
    summary = run_batch(docs[:4], out, fake_extractor(backend))
    assert (summary.skipped, backend.calls, summary.damaged_lines) == (3, 1, 0)
    assert _ids(out) == [p.stem for p in docs[:4]]
    assert not damaged_path_for(out).exists()


def test_every_damaged_line_is_kept_even_when_nothing_is_a_report(tmp_path: Path) -> None:
    docs = make_docs(tmp_path / "docs", 1)
    out = tmp_path / "out.jsonl"
    notes = "".join(f"my notes, line {i}\n" for i in range(8)).encode()  # -o pointed at the wrong file
    out.write_bytes(notes)
    messages: list[str] = []
    summary = run_batch(docs, out, fake_extractor(), on_message=lambda k, t: messages.append(t))
    assert summary.damaged_lines == 8 and _ids(out) == [docs[0].stem]
    assert damaged_path_for(out).read_bytes() == notes
    assert len(messages) == 6 and "3 more damaged lines" in messages[-1]  # five described, the rest counted
    assert "no doc_id could be read" in messages[0]


def test_a_line_without_a_doc_id_is_set_aside(tmp_path: Path) -> None:
    docs, out = _first_run(tmp_path, 2)
    with out.open("ab") as fh:
        fh.write(b'{"title": "no id"}\n[1, 2]\n')
    state = scan_output(out, fake_extractor().config_hash)
    assert state.damaged == 2 and state.lines == 2 and state.first_damaged_at is not None
    assert [d.reason for d in state.damaged_lines] == ["not a report: no doc_id"] * 2
    run_batch(docs[:2], out, fake_extractor())
    assert _ids(out) == [p.stem for p in docs[:2]]
    assert damaged_path_for(out).read_bytes() == b'{"title": "no id"}\n[1, 2]\n'


def test_a_repair_killed_after_cutting_out_is_finished_by_the_next_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    docs, out = _first_run(tmp_path)
    _damage(out, 1, 40)
    real_apply = output._apply_repair

    def killed_after_truncating(writer: output.JsonlWriter, ready: Path) -> None:
        header = ready.read_bytes().split(b"\n", 1)[0]
        writer.truncate_to(int(header.rsplit(b" ", 1)[1]))
        raise KeyboardInterrupt  # the kill, between cutting OUT and copying the kept lines back

    monkeypatch.setattr(output, "_apply_repair", killed_after_truncating)
    with pytest.raises(KeyboardInterrupt):
        run_batch(docs[:5], out, fake_extractor())
    assert len(_lines(out)) == 1  # OUT was cut at the damaged line: the kept lines are only in .ready
    monkeypatch.setattr(output, "_apply_repair", real_apply)
    backend = FakeBackend()
    summary = run_batch(docs[:5], out, fake_extractor(backend))
    assert (summary.skipped, backend.calls) == (4, 1)  # the ready file was copied back before the scan
    assert _ids(out) == [p.stem for p in docs[:5]]
    assert not list(tmp_path.glob(".out.jsonl.repair*"))


def test_an_unfinished_repair_file_is_dropped_and_out_repaired_again(tmp_path: Path) -> None:
    docs, out = _first_run(tmp_path, 3)
    _damage(out, 1, 40)
    (tmp_path / ".out.jsonl.repair").write_bytes(b"llmx-repair-from 0\nhalf")  # killed before it was complete
    summary = run_batch(docs[:3], out, fake_extractor())
    assert summary.damaged_lines == 1 and _ids(out) == [p.stem for p in docs[:3]]
    assert not (tmp_path / ".out.jsonl.repair").exists()


def test_the_command_line_summary_counts_the_damaged_lines(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from llmx.cli import app

    docs = make_docs(tmp_path / "docs", 2)
    out = tmp_path / "out.jsonl"
    runner = CliRunner()
    options = ["-o", str(out), "--backend", "rules", "--no-cache"]
    assert runner.invoke(app, ["extract", str(docs[0]), *options]).exit_code == 0
    with out.open("ab") as fh:
        fh.write(b'{"doc_id": "gone", "tit\n')
    result = runner.invoke(app, ["extract", *map(str, docs), *options])
    assert result.exit_code == 0, result.output
    assert "damaged lines set aside" in result.output and "out.damaged.txt" in result.output
    assert 'document "gone" is extracted again if it is among the inputs' in result.output
