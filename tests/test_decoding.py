"""Decoding a document's bytes: one function for files and standard input, damage repaired
and noted at its real offset, UTF-16 without a BOM, an HTML page's title, and failure
messages that never carry the document."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from llmx.cli import app
from llmx.core.document import decode_bytes, load_document
from llmx.errors import InputError
from llmx.run.work import MAX_MESSAGE_CHARS, Task, failure, input_notes, load_task

TEXT = "某局驻甲村工作队自2016年进驻以来，修路3.7公里。全村共有120户410人。\n"


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


# -- UTF-8 with damage -----------------------------------------------------------------


def test_utf8_cut_inside_its_last_character_is_read_and_noted_at_the_real_offset(tmp_path: Path) -> None:
    body = (TEXT * 80).encode("utf-8")
    path = _write(tmp_path, "cut.txt", body + "村".encode()[:2])
    doc = load_document(path)
    assert doc.encoding == "utf-8"
    assert doc.text == TEXT * 80 + "\ufffd"
    assert doc.notes == (("decode", f"2 undecodable bytes at byte offset {len(body)} replaced with U+FFFD"),)
    assert len(body) > 7000  # the offset is the damage's, not the first GB18030 error's


def test_a_few_bad_bytes_in_utf8_are_replaced_where_they_are(tmp_path: Path) -> None:
    head, tail = (TEXT * 30).encode(), (TEXT * 30).encode()
    path = _write(tmp_path, "bad.txt", head + b"\xff" + tail + b"\xfe\xfe")
    doc = load_document(path)
    assert doc.text == TEXT * 30 + "\ufffd" + TEXT * 30 + "\ufffd"
    assert doc.notes == (("decode", f"3 undecodable bytes in 2 places replaced with U+FFFD, "
                                    f"the first at byte offset {len(head)}"),)


def test_utf8_bom_and_a_cut_tail_count_offsets_in_the_file(tmp_path: Path) -> None:
    body = b"\xef\xbb\xbf" + (TEXT * 3).encode()
    doc = load_document(_write(tmp_path, "bom.txt", body + b"\xe6"))
    assert doc.bom and doc.text == TEXT * 3 + "\ufffd"
    assert f"at byte offset {len(body)}" in doc.notes[0][1]


def test_a_mostly_undecodable_file_is_refused_naming_offsets_and_encodings(tmp_path: Path) -> None:
    path = _write(tmp_path, "noise.txt", b"ok " + bytes(range(0x80, 0x100)) * 4)
    with pytest.raises(InputError) as caught:
        load_document(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: not UTF-8 or GB18030 text")
    assert "UTF-16" in message and "byte offset 3" in message


def test_gbk_is_still_gbk_and_a_cut_gbk_file_is_repaired(tmp_path: Path) -> None:
    assert decode_bytes("abc村".encode("gb18030"), "x").encoding == "gb18030"  # tiny: not UTF-16
    body = (TEXT * 5).encode("gb18030")
    decoded = decode_bytes(body + "村".encode("gb18030")[:1], "x")
    assert (decoded.encoding, decoded.text) == ("gb18030", TEXT * 5 + "\ufffd")
    assert decoded.notes == (("decode", f"1 undecodable byte at byte offset {len(body)} replaced with U+FFFD"),)


# -- UTF-16 and UTF-32 -------------------------------------------------------------------


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_odd_length_utf16_with_bom_loses_only_its_last_byte(tmp_path: Path, codec: str) -> None:
    bom = b"\xff\xfe" if codec == "utf-16-le" else b"\xfe\xff"
    data = bom + TEXT.encode(codec) + b"\x0a"
    doc = load_document(_write(tmp_path, "odd.txt", data))
    assert (doc.encoding, doc.bom, doc.text) == (codec, True, TEXT + "\ufffd")
    assert doc.notes == (("decode", f"1 undecodable byte at byte offset {len(data) - 1} replaced with U+FFFD"),)


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("text", ["驻村工作队", "全村120户\n", TEXT], ids=["cjk-only", "with-nul", "sentence"])
def test_utf16_without_bom_is_recognised_even_when_tiny(tmp_path: Path, codec: str, text: str) -> None:
    doc = load_document(_write(tmp_path, "u16.txt", text.encode(codec)))
    assert (doc.encoding, doc.text, doc.bom, doc.notes) == (codec, text, False, ())


def test_odd_length_utf16_without_bom(tmp_path: Path) -> None:
    data = TEXT.encode("utf-16-le") + b"\x01"
    doc = load_document(_write(tmp_path, "odd.txt", data))
    assert (doc.encoding, doc.text) == ("utf-16-le", TEXT + "\ufffd")
    assert doc.notes[0][1].endswith(f"at byte offset {len(data) - 1} replaced with U+FFFD")


def test_utf32_with_bom(tmp_path: Path) -> None:
    doc = load_document(_write(tmp_path, "u32.txt", TEXT.encode("utf-32")))
    assert (doc.encoding, doc.text, doc.bom) == ("utf-32-le", TEXT, True)


def test_binary_with_nul_bytes_is_still_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="binary"):
        load_document(_write(tmp_path, "img.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))))


# -- notes -------------------------------------------------------------------------------


def test_decoding_notes_reach_the_run_notes(tmp_path: Path) -> None:
    path = _write(tmp_path, "odd.txt", TEXT.encode("utf-16-be") + b"\x01")
    document, size, had_bom = load_task(Task(0, str(path), "odd"))
    notes = dict(input_notes(document, str(path), size=size, had_bom=had_bom, chunks=1))
    assert notes["encoding"] == f"{path}: not UTF-8, decoded as UTF-16-BE (no byte-order mark)"
    assert notes["decode"].startswith(f"{path}: 1 undecodable byte at byte offset")


# -- HTML --------------------------------------------------------------------------------


def test_html_title_is_the_first_line_of_the_text(tmp_path: Path) -> None:
    page = _write(tmp_path, "page.html", (
        "<html><head><title>甲村驻村工作队\n 帮扶纪实</title><style>p{}</style></head>"
        f"<body><p>{TEXT}</p></body></html>").encode())
    doc = load_document(page)
    assert doc.text.splitlines()[0] == "甲村驻村工作队 帮扶纪实"
    assert doc.text.splitlines()[1] == TEXT.strip()


def test_html_title_is_not_repeated_when_the_page_starts_with_it(tmp_path: Path) -> None:
    page = _write(tmp_path, "page.html", (
        f"<html><head><title>甲村纪实</title></head><body><h1>甲村纪实</h1><p>{TEXT}</p></body></html>").encode())
    assert load_document(page).text.splitlines()[:2] == ["甲村纪实", TEXT.strip()]


def test_a_utf16_page_without_html_suffix_is_seen_as_html(tmp_path: Path) -> None:
    page = _write(tmp_path, "page.txt", f"<html><head><title>标题</title></head><body><p>{TEXT}</p></body></html>"
                  .encode("utf-16"))
    doc = load_document(page)
    assert doc.is_html and doc.text.splitlines()[0] == "标题"


# -- standard input: the same bytes, the same document -------------------------------------


@pytest.mark.parametrize(("name", "data", "note"), [
    ("gb18030", TEXT.encode("gb18030"), "not UTF-8, decoded as GB18030"),
    ("utf16", TEXT.encode("utf-16"), "not UTF-8, decoded as UTF-16-LE"),
    ("cut", TEXT.encode() * 2 + "村".encode()[:1], "1 undecodable byte at byte offset"),
], ids=["gb18030", "utf16-bom", "utf8-cut"])
def test_stdin_is_decoded_as_a_file_is(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, data: bytes,
                                       note: str) -> None:
    monkeypatch.setenv("LLMX_CACHE_DIR", str(tmp_path / "cache"))
    file = _write(tmp_path, "stdin.txt", data)
    runs = {}
    for source, args, given in (("pipe", ["-"], data), ("file", [str(file)], None)):
        out = tmp_path / f"{source}.jsonl"
        result = CliRunner().invoke(app, ["extract", *args, "-o", str(out), "--backend", "rules"], input=given)
        assert result.exit_code == 0, result.output
        assert note in result.output and "internal" not in result.output
        record = json.loads(out.read_text(encoding="utf-8"))
        runs[source] = {k: record[k] for k in ("metrics", "teams", "villages", "measures")}
        runs[source]["encoding"] = record["meta"]["encoding"]
    assert runs["pipe"] == runs["file"]
    assert runs["pipe"]["metrics"], "the document produced no records"


# -- failure messages never carry the document -----------------------------------------------


def test_internal_failure_message_is_short_and_holds_no_document() -> None:
    data = (TEXT * 2000).encode("gb18030")
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as err:
        outcome = failure(Task(0, "<stdin>", "stdin"), err)
    assert outcome.error is not None
    message = outcome.error["message"]
    assert outcome.error["stage"] == "internal" and len(message) <= MAX_MESSAGE_CHARS + 40
    assert "驻" not in message and "\\x" not in message


def test_every_failure_message_is_capped() -> None:
    outcome = failure(Task(0, "a.txt", "a"), RuntimeError("x" * 100_000))
    assert outcome.error is not None
    assert len(outcome.error["message"]) <= MAX_MESSAGE_CHARS + 40
    assert outcome.error["message"].endswith("(99,700 more characters)")
