"""``llmx review --docs`` reads documents as ``llmx extract`` does: subfolders included, and
a file it cannot read (empty, binary) costs only that document's text, never the page."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from llmx.cli import app
from llmx.core.records import Evidence, Metric, Report
from llmx.review import build_review, write_review

TEXT = "某局驻甲村工作队进驻以来，修路3公里，全村共有120户。\n"
QUOTE = "修路3公里"


def _report(doc_id: str) -> Report:
    start = TEXT.index(QUOTE)
    evidence = Evidence(quote=QUOTE, start=start, end=start + len(QUOTE), match="exact")
    return Report(doc_id=doc_id, metrics=[Metric(name="修路", value=3, unit="公里", evidence=[evidence])])


def _run(tmp_path: Path, *doc_ids: str) -> Path:
    run = tmp_path / "run.jsonl"
    run.write_text("".join(_report(d).model_dump_json() + "\n" for d in doc_ids), encoding="utf-8")
    return run


def _docs(tmp_path: Path, files: dict[str, bytes]) -> Path:
    docs = tmp_path / "docs"
    for name, data in files.items():
        (docs / name).parent.mkdir(parents=True, exist_ok=True)
        (docs / name).write_bytes(data)
    return docs


def test_an_empty_and_a_binary_file_cost_only_their_own_text(tmp_path: Path) -> None:
    docs = _docs(tmp_path, {"good.txt": TEXT.encode(), "empty.txt": b"",
                            "image.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))})
    run = _run(tmp_path, "good", "empty", "image")
    out = tmp_path / "review.html"
    assert write_review(run, docs, out) == 3
    views, warnings = build_review(run, docs)
    by_id = {view.doc_id: view for view in views}
    assert by_id["good"].has_text and by_id["good"].text == TEXT
    assert not by_id["empty"].has_text and by_id["empty"].text_note == f"{docs / 'empty.txt'}: file is empty"
    assert not by_id["image"].has_text and "binary" in (by_id["image"].text_note or "")
    assert f"{docs / 'empty.txt'}: file is empty: shown without its text" in warnings
    page = out.read_text(encoding="utf-8")
    assert "text not shown:" in page and "file is empty" in page


def test_documents_in_subfolders_are_found_as_extract_finds_them(tmp_path: Path) -> None:
    docs = _docs(tmp_path, {"2019/05/deep.txt": TEXT.encode(), "top.html": f"<p>{TEXT}</p>".encode(),
                            "notes.csv": b"not a document"})
    run = _run(tmp_path, "deep", "top")
    views, warnings = build_review(run, docs)
    assert warnings == []
    assert [(v.doc_id, v.has_text) for v in views] == [("deep", True), ("top", True)]
    assert all(v.records[0].found for v in views)


def test_a_second_file_with_the_same_stem_is_left_out_with_a_warning(tmp_path: Path) -> None:
    docs = _docs(tmp_path, {"a/report.txt": TEXT.encode(), "b/report.txt": ("另一篇。" + TEXT).encode()})
    views, warnings = build_review(_run(tmp_path, "report"), docs)
    assert views[0].text == TEXT
    assert warnings == [f"{docs / 'b' / 'report.txt'}: same doc id 'report' as {docs / 'a' / 'report.txt'}, "
                        "which is shown"]


def test_a_docs_folder_without_text_files_still_gives_a_page(tmp_path: Path) -> None:
    docs = _docs(tmp_path, {"data.csv": b"x"})
    out = tmp_path / "review.html"
    assert write_review(_run(tmp_path, "doc"), docs, out) == 1
    _, warnings = build_review(_run(tmp_path, "doc"), docs)
    assert warnings[0].startswith(f"{docs}: directory has no text files")


def test_cli_review_writes_the_page_with_an_unreadable_document(tmp_path: Path) -> None:
    docs = _docs(tmp_path, {"sub/good.txt": TEXT.encode(), "empty.txt": b""})
    out = tmp_path / "review.html"
    result = CliRunner().invoke(app, ["review", str(_run(tmp_path, "good", "empty")), "--docs", str(docs),
                                      "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "2 documents" in result.output and out.exists()
