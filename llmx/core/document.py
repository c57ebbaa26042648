"""Loading input files into documents: decoding, HTML reduction, input errors.

Every offset llmx writes points into ``Document.text``, so this module is the single
place that decides what "the document text as given" is: the decoded file with a BOM
removed, or for an HTML page the page's visible text.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from pathlib import Path

from llmx.errors import InputError

TEXT_SUFFIXES = frozenset({".txt", ".text", ".md", ".html", ".htm", ".xhtml"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
_HTML_SNIFF = re.compile(rb"^\s*(<!doctype html|<html|<head|<body|<meta|<div|<p[ >])", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Document:
    """One input document: its id, where it came from, and its text."""

    doc_id: str
    text: str
    source: str = "<text>"
    encoding: str = "utf-8"
    is_html: bool = False


def decode_bytes(data: bytes, source: str) -> tuple[str, str]:
    """Decode file bytes to text, returning (text, encoding name).

    UTF-8 (with or without BOM) and UTF-16 with a BOM are taken as they are; anything
    else is tried as GB18030, the superset of GBK and GB2312 that Chinese sites use.
    """
    if not data:
        raise InputError(source, "file is empty")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16"), "utf-16"
    if b"\x00" in data[:8192]:
        raise InputError(source, "looks like a binary file (NUL bytes), not text")
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError as err:
        raise InputError(source, f"not UTF-8 or GB18030 text (undecodable byte at {err.start})") from None
    if _control_share(text) > 0.05:
        raise InputError(source, "looks like a binary file (control characters), not text")
    return text, "gb18030"


def _control_share(text: str) -> float:
    sample = text[:8192]
    if not sample:
        return 0.0
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\n\r\t\f")
    return controls / len(sample)


def html_to_text(html: str) -> str:
    """Reduce an HTML page to its visible text, one block per line."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["script", "style", "noscript", "template", "svg", "head"]):
        tag.decompose()
    title = soup.title.get_text(strip=True) if soup.title else ""
    text = soup.get_text("\n")
    lines = [line.strip() for line in text.splitlines()]
    body = "\n".join(line for line in lines if line)
    return f"{title}\n{body}" if title and not body.startswith(title) else body


def looks_like_html(data: bytes, suffix: str) -> bool:
    return suffix.lower() in HTML_SUFFIXES or bool(_HTML_SNIFF.match(data[:512]))


def load_document(path: str | Path, doc_id: str | None = None) -> Document:
    """Read one file into a Document, or raise InputError saying what is wrong with it."""
    path = Path(path)
    source = str(path)
    if path.is_dir():
        raise InputError(source, "is a directory, not a file")
    try:
        data = path.read_bytes()
    except PermissionError:
        raise InputError(source, "permission denied: cannot read the file") from None
    except FileNotFoundError:
        raise InputError(source, "no such file") from None
    except OSError as err:
        raise InputError(source, f"cannot read: {err.strerror or err}") from None
    text, encoding = decode_bytes(data, source)
    is_html = looks_like_html(data, path.suffix)
    if is_html:
        text = html_to_text(text)
    if not text.strip():
        raise InputError(source, "has no text (only whitespace or markup)")
    return Document(doc_id=doc_id or path.stem, text=text, source=source, encoding=encoding, is_html=is_html)


def document_from_text(text: str, doc_id: str) -> Document:
    """Wrap text handed over by a caller (library use, stdin) as a Document."""
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise InputError(doc_id, "text is empty")
    return Document(doc_id=doc_id, text=text, source=f"<{doc_id}>")
