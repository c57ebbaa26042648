"""Loading: encodings, HTML, and the errors that name the file and the problem."""

from __future__ import annotations

from pathlib import Path

import pytest

from llmx.core.document import document_from_text, load_document
from llmx.errors import InputError

TEXT = "县纪委派驻两河口镇张家坝村驻村工作队。全村共411户1384人。"


def test_utf8_file_stem_is_doc_id(tmp_path: Path) -> None:
    path = tmp_path / "report_01.txt"
    path.write_text(TEXT, encoding="utf-8")
    doc = load_document(path)
    assert (doc.doc_id, doc.text, doc.encoding) == ("report_01", TEXT, "utf-8")


def test_gbk_file_is_detected_and_decoded(tmp_path: Path) -> None:
    path = tmp_path / "gbk.txt"
    path.write_bytes(TEXT.encode("gbk"))
    doc = load_document(path)
    assert doc.text == TEXT
    assert doc.encoding == "gb18030"


def test_bom_is_not_part_of_the_text(tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbf" + TEXT.encode("utf-8"))
    assert load_document(path).text == TEXT


def test_html_is_reduced_to_visible_text(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(
        "<html><head><title>标题</title><style>p{color:red}</style></head>"
        "<body><script>var x = '不要';</script><p>全村共411户</p><div>1384人</div></body></html>",
        encoding="utf-8",
    )
    doc = load_document(path)
    assert doc.is_html
    assert "全村共411户" in doc.text and "1384人" in doc.text
    assert "不要" not in doc.text and "color" not in doc.text


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    with pytest.raises(InputError, match=r"empty\.txt: file is empty"):
        load_document(path)


def test_whitespace_only_file(tmp_path: Path) -> None:
    path = tmp_path / "blank.txt"
    path.write_text(" \n\t\n", encoding="utf-8")
    with pytest.raises(InputError, match="no text"):
        load_document(path)


def test_binary_file(tmp_path: Path) -> None:
    path = tmp_path / "image.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    with pytest.raises(InputError, match="binary"):
        load_document(path)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        load_document(tmp_path / "nope.txt")


def test_document_from_empty_text() -> None:
    with pytest.raises(InputError, match="empty"):
        document_from_text("  ", "d")
