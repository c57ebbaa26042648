"""Bad and unusual inputs through ``llmx extract``: each gets one line naming the file and
the problem (or what was done about it), and never stops the other documents."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

import llmx.pipeline
from llmx.cli import app
from llmx.run.engine import EXIT_FAILED, EXIT_OK, EXIT_PARTIAL
from tests.support.fakes import FakeBackend, doc_text

TEXT = "县纪委派驻两河口镇张家坝村驻村工作队。全村共有411户1384人，修建道路3公里。\n"
MIXED = "縣紀委派駐張家壩村工作隊，全村共有411户，这个村发展产业。\n"  # traditional and simplified in one text


@pytest.fixture(autouse=True)
def fake_backend(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> FakeBackend:
    """Every Extractor the CLI builds gets the in-process fake backend."""
    backend = FakeBackend()
    monkeypatch.setattr(llmx.pipeline, "make_backend", lambda config, **options: backend)
    monkeypatch.setenv("LLMX_CACHE_DIR", str(tmp_path / "cache"))
    return backend


def _extract(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["extract", *args, "--backend", "rules"])
    return result.exit_code, result.output


def _records(out: Path) -> dict[str, dict]:
    if not out.exists():
        return {}
    return {r["doc_id"]: r for r in map(json.loads, out.read_text(encoding="utf-8").splitlines())}


def _message(output: str, name: str) -> str:
    """The one line that names ``name``."""
    lines = [line for line in output.splitlines() if name in line and ("failed:" in line or "note:" in line)]
    assert len(lines) == 1, f"expected one line about {name}:\n{output}"
    return lines[0]


def _good(tmp_path: Path) -> Path:
    path = tmp_path / "in" / "good.txt"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(doc_text(1), encoding="utf-8")
    return path


def _assert_grounded(record: dict, text: str) -> None:
    quotes = [e for item in record["metrics"] for e in item["evidence"]]
    assert quotes, "the document produced no evidence"
    for quote in quotes:
        assert text[quote["start"]:quote["end"]] == quote["quote"]


# -- files that cannot be read: a failure line, the others still written -----------------


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        ("empty.txt", b"", "file is empty"),
        ("blank.txt", b" \n\t \r\n", "has no text"),
        ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary file"),
        ("latin.txt", bytes(range(0x80, 0x100)) * 8, "not UTF-8 or GB18030 text"),
        # other formats by their first bytes, each with what to do: read as text, a PDF whose
        # first page is plain ASCII would give an empty record and no error
        ("report.pdf", b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n", "a PDF file, not text: extract its text"),
        ("notes.docx", b"PK\x03\x04\x14\x00\x06\x00" + b"word/document.xml", "ZIP container"),
        ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(64), "old Office document"),
    ],
)
def test_unreadable_content_fails_alone(tmp_path: Path, name: str, content: bytes, problem: str) -> None:
    good = _good(tmp_path)
    bad = tmp_path / "in" / name
    bad.write_bytes(content)
    out = tmp_path / "out.jsonl"
    code, output = _extract(str(good), str(bad), "-o", str(out))
    assert code == EXIT_PARTIAL
    line = _message(output, name)
    assert line.startswith("failed:") and str(bad) in line and problem in line
    assert set(_records(out)) == {"good"}
    error = json.loads((tmp_path / "out.errors.jsonl").read_text(encoding="utf-8"))
    assert (error["doc_id"], error["stage"], error["error_type"]) == (bad.stem, "load", "InputError")
    assert problem in error["message"]


def test_unreadable_permissions(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    good = _good(tmp_path)
    locked = tmp_path / "in" / "locked.txt"
    locked.write_text(TEXT, encoding="utf-8")
    locked.chmod(0)
    if os.geteuid() == 0:  # root reads anything: make the read fail as it would for a user
        real = Path.read_bytes

        def read_bytes(self: Path) -> bytes:
            if self.name == "locked.txt":
                raise PermissionError(13, "Permission denied", str(self))
            return real(self)

        monkeypatch.setattr(Path, "read_bytes", read_bytes)
    out = tmp_path / "out.jsonl"
    try:
        code, output = _extract(str(good), str(locked), "-o", str(out))
    finally:
        locked.chmod(0o644)
    assert code == EXIT_PARTIAL
    line = _message(output, "locked.txt")
    assert str(locked) in line and "permission denied" in line
    assert set(_records(out)) == {"good"}


def test_directory_without_text_files(tmp_path: Path) -> None:
    good = _good(tmp_path)
    empty_dir = tmp_path / "scans"
    empty_dir.mkdir()
    (empty_dir / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    out = tmp_path / "out.jsonl"
    code, output = _extract(str(good), str(empty_dir), "-o", str(out))
    assert code == EXIT_PARTIAL
    line = _message(output, "scans")
    assert str(empty_dir) in line and "directory has no text files" in line
    assert set(_records(out)) == {"good"}


def test_a_directorys_pdfs_fail_with_what_to_do_instead_of_being_passed_over(tmp_path: Path) -> None:
    good = _good(tmp_path)
    (good.parent / "scan.pdf").write_bytes(b"%PDF-1.4\n1 0 obj << >> endobj\n")
    only = tmp_path / "scans_only"
    only.mkdir()
    (only / "a.pdf").write_bytes(b"%PDF-1.4\n")
    out = tmp_path / "out.jsonl"
    code, output = _extract(str(good.parent), str(only), "-o", str(out))
    assert code == EXIT_PARTIAL
    assert "pdftotext" in _message(output, "scan.pdf")
    assert "holds 1 PDF or office file" in _message(output, "scans_only")
    assert set(_records(out)) == {"good"}


def test_missing_path(tmp_path: Path) -> None:
    good = _good(tmp_path)
    out = tmp_path / "out.jsonl"
    code, output = _extract(str(good), str(tmp_path / "nope.txt"), "-o", str(out))
    assert code == EXIT_PARTIAL
    assert "no such file or directory" in _message(output, "nope.txt")


def test_nothing_readable_exits_2(tmp_path: Path) -> None:
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    code, output = _extract(str(bad), "-o", str(tmp_path / "out.jsonl"))
    assert code == EXIT_FAILED and "file is empty" in output


# -- files that are read, with a note saying how -------------------------------------------


def test_gbk_and_gb18030_text(tmp_path: Path) -> None:
    gbk = tmp_path / "in" / "gbk.txt"
    gbk.parent.mkdir(parents=True)
    gbk.write_bytes(TEXT.encode("gbk"))
    gb18030 = tmp_path / "in" / "gb18030.txt"
    gb18030.write_bytes((TEXT + "𠀀\n").encode("gb18030"))  # a character outside GBK
    out = tmp_path / "out.jsonl"
    code, output = _extract(str(gbk), str(gb18030), "-o", str(out))
    assert code == EXIT_OK
    assert "decoded as GB18030" in _message(output, "gbk.txt")
    records = _records(out)
    assert records["gbk"]["meta"]["encoding"] == "gb18030"
    _assert_grounded(records["gbk"], TEXT)
    _assert_grounded(records["gb18030"], TEXT + "𠀀\n")


def test_html_page(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(
        "<html><head><title>张家坝村</title><script>var x='全村共有9户'</script></head>"
        f"<body><div class='nav'>首页</div><p>{TEXT}</p></body></html>",
        encoding="utf-8",
    )
    out = tmp_path / "out.jsonl"
    code, output = _extract(str(page), "-o", str(out))
    assert code == EXIT_OK
    assert "HTML page" in _message(output, "page.html")
    record = _records(out)["page"]
    metric = record["metrics"][0]
    assert metric["value"] == 411  # from the visible text, not the script
    from llmx.core.document import load_document

    _assert_grounded(record, load_document(page).text)


@pytest.mark.slow
def test_twenty_megabyte_file_is_chunked_not_refused(tmp_path: Path, fake_backend: FakeBackend) -> None:
    fake_backend.items = False  # thousands of chunks: the runner is under test, not merging
    big = tmp_path / "big.txt"
    paragraph = TEXT.encode("utf-8")
    big.write_bytes("大文件标题\n".encode() + paragraph * (20 * 2**20 // len(paragraph) + 1))
    assert big.stat().st_size >= 20 * 2**20
    good = _good(tmp_path)
    out = tmp_path / "out.jsonl"
    code, output = _extract(str(big), str(good), "-o", str(out))
    assert code == EXIT_OK
    line = _message(output, "big.txt")
    assert "large file (20.0 MB)" in line and "chunks" in line
    records = _records(out)
    assert set(records) == {"big", "good"}
    chunks = records["big"]["meta"]["chunks"]
    assert chunks > 1000 and fake_backend.calls >= chunks
    assert f"split into {chunks} chunks" in line


def test_mixed_traditional_and_simplified(tmp_path: Path) -> None:
    mixed = tmp_path / "mixed.txt"
    mixed.write_text(MIXED, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    code, output = _extract(str(mixed), "-o", str(out))
    assert code == EXIT_OK
    assert "traditional and simplified characters mixed" in _message(output, "mixed.txt")
    _assert_grounded(_records(out)["mixed"], MIXED)  # evidence as in the source, offsets right


def test_traditional_only_gets_its_own_note(tmp_path: Path) -> None:
    trad = tmp_path / "trad.txt"
    trad.write_text("縣紀委派駐張家壩村工作隊，全村共有411戶。\n", encoding="utf-8")
    code, output = _extract(str(trad), "-o", str(tmp_path / "out.jsonl"))
    assert code == EXIT_OK
    assert "traditional characters" in _message(output, "trad.txt")


def test_byte_order_mark(tmp_path: Path) -> None:
    bom = tmp_path / "bom.txt"
    bom.write_bytes(b"\xef\xbb\xbf" + TEXT.encode("utf-8"))
    out = tmp_path / "out.jsonl"
    code, output = _extract(str(bom), "-o", str(out))
    assert code == EXIT_OK
    assert "byte-order mark removed" in _message(output, "bom.txt")
    _assert_grounded(_records(out)["bom"], TEXT)  # offsets into the text without the BOM


def test_windows_line_endings(tmp_path: Path) -> None:
    crlf = tmp_path / "crlf.txt"
    text = "第一行标题\r\n" + TEXT.replace("\n", "\r\n") + "第三行，全村共有77户。\r\n"
    crlf.write_bytes(text.encode("utf-8"))
    out = tmp_path / "out.jsonl"
    code, output = _extract(str(crlf), "-o", str(out))
    assert code == EXIT_OK
    assert "Windows line endings" in _message(output, "crlf.txt")
    record = _records(out)["crlf"]
    from llmx.core.document import load_document

    assert "\r\n" in load_document(crlf).text
    _assert_grounded(record, load_document(crlf).text)


def test_plain_utf8_gets_no_note(tmp_path: Path) -> None:
    code, output = _extract(str(_good(tmp_path)), "-o", str(tmp_path / "out.jsonl"))
    assert code == EXIT_OK and "note:" not in output and "failed:" not in output


# -- the CLI's own checks ----------------------------------------------------------------


def test_format_csv_writes_tables_beside_the_run(tmp_path: Path) -> None:
    out = tmp_path / "run.jsonl"
    code, output = _extract(str(_good(tmp_path)), "-o", str(out), "--format", "csv")
    assert code == EXIT_OK, output
    assert (tmp_path / "run_csv" / "reports.csv").exists() and (tmp_path / "run_csv" / "metrics.csv").exists()
    assert _records(out)  # the resumable JSONL is always written


@pytest.mark.parametrize(
    ("args", "problem"),
    [(["-o", "results.json"], "-o is the resumable JSONL run file"), (["-o", "r.jsonl", "--format", "xlsx"],
                                                                      "unknown --format")],
)
def test_bad_output_options(tmp_path: Path, args: list[str], problem: str) -> None:
    args = [a if not a.startswith(("results", "r.")) else str(tmp_path / a) for a in args]
    code, output = _extract(str(_good(tmp_path)), *args)
    assert code == EXIT_FAILED and problem in output


@pytest.mark.parametrize(
    ("text", "script"),
    [
        # 范 注 台 吃 are simplified and traditional alike: a traditional text is not "mixed" for them
        ("晉城市市場監督管理局駐中村村工作隊隊長范文龍，帶領隊員走訪貧困戶，發放慰問金，"
         "注重產業發展，在村委會台階前召開會議，吃住在村。", "traditional"),
        (MIXED, "mixed"),
        (TEXT * 20 + "縣紀委", "simplified"),
        ("plain ascii", "simplified"),
    ],
)
def test_script_mix(text: str, script: str) -> None:
    from llmx.core.script import script_of as script_mix

    assert script_mix(text) == script


def test_real_rules_backend_with_bad_inputs_mixed_in(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same path without the fake: the offline rules backend, good and bad files together."""
    from llmx.backends import make_backend

    monkeypatch.setattr(llmx.pipeline, "make_backend", make_backend)
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "gbk.txt").write_bytes(TEXT.encode("gbk"))
    (folder / "crlf.txt").write_bytes(TEXT.replace("\n", "\r\n").encode("utf-8"))
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    out = tmp_path / "out.jsonl"
    code, output = _extract(str(folder), "-o", str(out))
    assert code == EXIT_PARTIAL, output
    records = _records(out)
    assert set(records) == {"gbk", "crlf"}
    assert records["gbk"]["meta"]["backend"] == "rules"
    assert "file is empty" in _message(output, "empty.txt")
    assert "binary file" in _message(output, "binary.txt")
    errors = (tmp_path / "out.errors.jsonl").read_text(encoding="utf-8").splitlines()
    assert sorted(json.loads(e)["doc_id"] for e in errors) == ["binary", "empty"]
