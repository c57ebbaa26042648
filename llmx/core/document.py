"""Loading input files into documents: decoding, HTML reduction, input errors.

Every offset llmx writes points into ``Document.text``, so this module is the single
place that decides what "the document text as given" is: the decoded file with a BOM
removed, or for an HTML page the page's title and visible text.

Files and standard input are decoded by the same function (``decode_bytes``), so the
same bytes give the same text, the same offsets and the same notes wherever they come from.
"""

from __future__ import annotations

import codecs
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from llmx.errors import InputError

TEXT_SUFFIXES = frozenset({".txt", ".text", ".md", ".html", ".htm", ".xhtml"})
#: Document formats a user may keep beside the text files in a directory: not read, but named
#: (each fails with what to do about it) rather than passed over in silence.
OTHER_DOCUMENT_SUFFIXES = frozenset({".pdf", ".doc", ".docx", ".wps", ".rtf", ".odt"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
_HTML_SNIFF = re.compile(r"^\s*(<!doctype html|<html|<head|<body|<meta|<div|<p[ >])", re.IGNORECASE)

#: (kind, message) about how a document was read; the run prefixes the source
Note = tuple[str, str]

# Longest first: the UTF-32-LE mark begins with the UTF-16-LE one.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
#: the bytes sampled to guess UTF-16 without a BOM
_SNIFF_BYTES = 4096
#: characters Chinese or English text is not made of (what UTF-16 read from GB18030 or
#: UTF-8 bytes is): all but ASCII, Latin-1, general and CJK punctuation, CJK ideographs
#: and full-width ASCII and signs
_NOT_TEXT = re.compile(
    "[^\t\n\r\f\x20-\x7e\xa0-\xff\u2000-\u206f\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff01-\uff5e\uffe0-\uffe6]"
)
#: UTF-16 is taken without a BOM when this share of the decoded sample is plausible text
_UTF16_PLAUSIBLE = 0.9
#: damaged text is repaired when at most this share of its bytes is undecodable; more, and
#: the file is refused as not text (in no encoding llmx tries)
MAX_UNDECODABLE_SHARE = 0.25
#: UTF-8 with at most this share of its non-ASCII bytes undecodable is damaged UTF-8,
#: not another encoding
_UTF8_DAMAGE_SHARE = 0.02
#: the head of a file looked at to tell damaged UTF-8 from GB18030
_DAMAGE_SAMPLE = 1 << 16
#: damaged GB18030 is taken only when this share of it is common characters
_GB_COMMON = 0.8
#: UTF-16 without NULs is CJK only, and then at least this share of its bytes is >= 0x80
_UTF16_NON_ASCII = 0.2
_ASCII_BYTES = bytes(range(0x80))
#: undecodable bytes or units, as lenient decoding leaves them (never in decoded text)
_LONE_SURROGATES = re.compile(r"[\ud800-\udfff]+")


@dataclass(frozen=True, slots=True)
class Document:
    """One input document: its id, where it came from, its text, and how it was read.

    ``notes`` say what was done to the bytes on the way (undecodable bytes replaced, ...)
    so a run can report them; they never change what ``text`` is.
    """

    doc_id: str
    text: str
    source: str = "<text>"
    encoding: str = "utf-8"
    is_html: bool = False
    bom: bool = False
    notes: tuple[Note, ...] = ()
    digest: str | None = None  # of the input as read (``content_digest``): a resume knows a moved input by it


@dataclass(frozen=True, slots=True)
class Decoded:
    """Text decoded from bytes: the codec used, whether a BOM was removed, and notes."""

    text: str
    encoding: str
    bom: bool = False
    notes: tuple[Note, ...] = ()


#: Files of other formats by their first bytes, and what to do with each: llmx reads text, and
#: a PDF or an office file read as text would give garbage or nothing, not an error.
_OTHER_FORMATS: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "a PDF file, not text: extract its text first (pdftotext -layout FILE.pdf FILE.txt, "
               "from poppler-utils) and give llmx the .txt"),
    (b"PK\x03\x04", "a ZIP container (a .docx, .xlsx, .odt or .zip file), not text: save or export it "
                      "as plain text (.txt) first"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Office document (.doc, .xls, .wps), not text: save it "
                                              "as plain text (.txt) first"),
    (b"{\\rtf", "an RTF document, not text: save it as plain text (.txt) first"),
    (b"\x89PNG", "a PNG image (a binary file), not text: llmx reads no scans; OCR it to text first"),
    (b"\xff\xd8\xff", "a JPEG image (a binary file), not text: llmx reads no scans; OCR it to text first"),
    (b"GIF8", "a GIF image (a binary file), not text"),
    (b"II*\x00", "a TIFF image (a binary file), not text: llmx reads no scans; OCR it to text first"),
    (b"MM\x00*", "a TIFF image (a binary file), not text: llmx reads no scans; OCR it to text first"),
)


def decode_bytes(data: bytes, source: str) -> Decoded:
    """Decode a document's bytes (a file's or standard input's) to text.

    In order: a byte-order mark (UTF-8, UTF-16-LE/BE, UTF-32-LE/BE) decides; else UTF-8;
    else UTF-16 without a BOM when the bytes read as UTF-16 text (even a file of a few
    characters); else UTF-8 with a few damaged bytes (a file cut inside its last character);
    else GB18030, the superset of GBK and GB2312 that Chinese sites use. Damaged bytes are
    replaced with U+FFFD and noted with their real byte offset; a file mostly undecodable
    in every encoding tried is refused, naming them.
    """
    if not data:
        raise InputError(source, "file is empty")
    for magic, problem in _OTHER_FORMATS:
        if data.startswith(magic):
            raise InputError(source, problem)
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return _lenient(data, codec, source, skip=len(bom))
    head = data[:_SNIFF_BYTES]
    has_nul = b"\x00" in data[:8192]
    if not has_nul:
        try:
            return Decoded(data.decode("utf-8"), "utf-8")
        except UnicodeDecodeError:
            pass
    guess = _utf16_guess(head, has_nul)
    if guess is not None:
        return _lenient(data, guess, source)
    if has_nul:
        raise InputError(source, "looks like a binary file (NUL bytes), not text")
    utf8 = _decode_escaped(data, "utf-8") if _utf8_like(data[:_DAMAGE_SAMPLE]) else None
    if utf8 is not None and (_torn_utf8_tail(data, utf8) or utf8.bad <= _UTF8_DAMAGE_SHARE * _non_ascii(data)):
        return _checked(utf8.decoded("utf-8"), source)
    try:
        return _checked(Decoded(data.decode("gb18030"), "gb18030"), source)
    except UnicodeDecodeError:
        gb = _decode_escaped(data, "gb18030")
    utf8 = utf8 or _decode_escaped(data, "utf-8")
    if utf8.bad <= gb.bad and utf8.bad <= MAX_UNDECODABLE_SHARE * len(data):  # a tie: the one tried first
        return _checked(utf8.decoded("utf-8"), source)
    if gb.bad <= MAX_UNDECODABLE_SHARE * len(data) and _common_share(gb.text) >= _GB_COMMON:
        return _checked(gb.decoded("gb18030"), source)
    raise InputError(
        source,
        f"not UTF-8 or GB18030 text: {utf8.bad:,} of {len(data):,} bytes undecodable as UTF-8 (the first at "
        f"byte offset {utf8.first}), {gb.bad:,} as GB18030 (the first at byte offset {gb.first}); not UTF-16 either",
    )


def _utf8_like(sample: bytes) -> bool:
    """Whether the sample is UTF-8 but for a few bytes (a sample cut inside its last
    character counts as whole): a GB18030 file fails this in its first lines, before the
    whole file is decoded as UTF-8 byte by damaged byte."""
    lenient = _decode_escaped(sample, "utf-8")
    if lenient.first is not None and lenient.runs == 1 and lenient.first + lenient.bad == len(sample):
        return True
    return lenient.bad <= _UTF8_DAMAGE_SHARE * _non_ascii(sample)


def _torn_utf8_tail(data: bytes, lenient: _Lenient) -> bool:
    """True when the only damage is the last character cut short, after characters of more
    than one byte: UTF-8 that lost its end (GB18030 read as UTF-8 fails long before)."""
    if lenient.runs != 1 or lenient.first is None or lenient.first + lenient.bad != len(data):
        return False
    tail = data[lenient.first :]
    need = 2 if 0xC2 <= tail[0] <= 0xDF else 3 if 0xE0 <= tail[0] <= 0xEF else 4 if 0xF0 <= tail[0] <= 0xF4 else 0
    return (len(tail) < need and all(0x80 <= b <= 0xBF for b in tail[1:])
            and _non_ascii(data[: lenient.first]) > 0)


@dataclass(frozen=True, slots=True)
class _Lenient:
    """A decode that went on past damage: the text with every undecodable stretch as a run
    of lone surrogates, how many bytes they were, and where the first began in the file."""

    text: str
    bad: int = 0
    first: int | None = None
    runs: int = 0
    bom: bool = False

    def decoded(self, codec: str) -> Decoded:
        if not self.bad:
            return Decoded(self.text, codec, self.bom)
        text = _LONE_SURROGATES.sub("\ufffd", self.text)
        plural = "s" if self.bad != 1 else ""
        if self.runs == 1:
            note = f"{self.bad:,} undecodable byte{plural} at byte offset {self.first} replaced with U+FFFD"
        else:
            note = (f"{self.bad:,} undecodable bytes in {self.runs:,} places replaced with U+FFFD, "
                    f"the first at byte offset {self.first}")
        return Decoded(text, codec, self.bom, (("decode", note),))


def _non_ascii(data: bytes) -> int:
    return len(data.translate(None, _ASCII_BYTES))


def _decode_escaped(data: bytes, codec: str, skip: int = 0) -> _Lenient:
    """UTF-8 or GB18030 with every undecodable byte kept as one escape character (PEP 383),
    so the bad bytes are counted exactly and the first one's offset in the file is known."""
    text = data[skip:].decode(codec, "surrogateescape")
    runs = [(m.start(), m.end()) for m in _LONE_SURROGATES.finditer(text)]
    if not runs:
        return _Lenient(text, bom=skip > 0)
    first = skip + len(text[: runs[0][0]].encode(codec, "surrogateescape"))
    return _Lenient(text, sum(e - s for s, e in runs), first, len(runs), skip > 0)


def _decode_units(data: bytes, codec: str, skip: int = 0) -> _Lenient:
    """UTF-16 or UTF-32 with a torn last unit and every unit that is no character (a lone
    surrogate, a value past U+10FFFF) kept as a lone surrogate, counted and located."""
    unit = 4 if codec.startswith("utf-32") else 2
    body = data[skip:]
    whole = len(body) - len(body) % unit
    try:
        text = body[:whole].decode(codec, "surrogatepass")
    except UnicodeDecodeError:  # UTF-32 past U+10FFFF
        text = body[:whole].decode(codec, "replace").replace("\ufffd", "\udfff")
    torn = len(body) - whole
    if torn:
        text += "\udfff"
    runs = [(m.start(), m.end()) for m in _LONE_SURROGATES.finditer(text)]
    if not runs:
        return _Lenient(text, bom=skip > 0)
    bad = sum(e - s for s, e in runs) * unit - (unit - torn if torn else 0)
    first = skip + len(text[: runs[0][0]].encode(codec, "surrogatepass"))
    return _Lenient(text, bad, first, len(runs), skip > 0)


def _lenient(data: bytes, codec: str, source: str, skip: int = 0) -> Decoded:
    """Decode in the codec a BOM or the bytes named; damage is replaced and noted unless
    the file is mostly damage."""
    decode = _decode_escaped if codec == "utf-8" else _decode_units
    lenient = decode(data, codec, skip)
    if lenient.bad > MAX_UNDECODABLE_SHARE * max(1, len(data) - skip):
        raise InputError(source, f"not {codec.upper()} text: {lenient.bad:,} of {len(data):,} bytes undecodable "
                                 f"(the first at byte offset {lenient.first})")
    return lenient.decoded(codec)


def _checked(decoded: Decoded, source: str) -> Decoded:
    if _control_share(decoded.text) > 0.05:
        raise InputError(source, "looks like a binary file (control characters), not text")
    return decoded


def _utf16_guess(head: bytes, has_nul: bool) -> str | None:
    """"utf-16-le" or "utf-16-be" when the sample reads as text in it, else None.

    ASCII in UTF-16 puts a NUL beside every letter; Chinese in UTF-16 gives CJK code points
    throughout, where GB18030 or UTF-8 bytes read as UTF-16 give Hangul, Yi, surrogates or
    private-use characters. Nearly every character of the right guess is one text is made
    of. Without NULs (CJK only, no ASCII at all) the bytes must also be largely non-ASCII:
    pairs of ASCII letters read as UTF-16 are CJK code points too.
    """
    sample = head[: len(head) - len(head) % 2]
    if not sample or (not has_nul and _non_ascii(sample) < _UTF16_NON_ASCII * len(sample)):
        return None
    best: tuple[float, str | None] = (0.0, None)
    for codec in ("utf-16-le", "utf-16-be"):
        text = sample.decode(codec, "replace")
        share = len(_NOT_TEXT.sub("", text)) / len(text)
        if share >= _UTF16_PLAUSIBLE and share > best[0]:
            best = (share, codec)
    if best[1] is not None and not has_nul and _gb_plausibility(head) >= best[0]:
        return None  # a few bytes can be both: GB18030 as good a reading wins
    return best[1]


def _gb_plausibility(head: bytes) -> float:
    """The share of the sample that reads as GB18030 text of common characters: high for
    Chinese in GBK, low for UTF-16 read as GB18030."""
    return _common_share(head.decode("gb18030", "replace"))


def _common_share(text: str) -> float:
    """The share of (the start of) ``text`` made of characters Chinese text in GB18030 is made
    of: ASCII, and GB2312's hanzi and punctuation. Any bytes decode as GB18030 to something;
    this tells text from mojibake."""
    sample = text[:8192]

    def common(ch: str) -> bool:
        if ch.isascii():
            return ch.isprintable() or ch in "\t\n\r\f"
        try:
            ch.encode("gb2312")
        except UnicodeEncodeError:
            return False
        return True

    return sum(map(common, sample)) / len(sample) if sample else 0.0


def _control_share(text: str) -> float:
    sample = text[:8192]
    if not sample:
        return 0.0
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\n\r\t\f")
    return controls / len(sample)


def html_to_text(html: str) -> str:
    """Reduce an HTML page to its title and visible text, one block per line.

    The page's <title> is the first line (unless the visible text's first line is the same):
    it is often the only place a page names its article.
    """
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    title = " ".join(soup.title.get_text().split()) if soup.title else ""
    for tag in soup(["script", "style", "noscript", "template", "svg", "head", "title"]):
        tag.decompose()
    text = soup.get_text("\n")
    lines = [line.strip() for line in text.splitlines()]
    body = "\n".join(line for line in lines if line)
    if not title or body.partition("\n")[0] == title:
        return body
    return f"{title}\n{body}" if body else title


def looks_like_html(text: str, suffix: str) -> bool:
    """By the suffix, or without one by how the decoded text starts (so a UTF-16 page is seen)."""
    return suffix.lower() in HTML_SUFFIXES or bool(_HTML_SNIFF.match(text[:512]))


def document_from_bytes(data: bytes, doc_id: str, source: str, suffix: str = "") -> Document:
    """A Document from raw bytes, decoded as a file's are (standard input comes here too).

    ``suffix`` is the file's, for telling an HTML page; without one the text is sniffed.
    """
    decoded = decode_bytes(data, source)
    text = decoded.text
    is_html = looks_like_html(text, suffix)
    if is_html:
        text = html_to_text(text)
    if not text.strip():
        raise InputError(source, "has no text (only whitespace or markup)")
    return Document(doc_id=doc_id, text=text, source=source, encoding=decoded.encoding, is_html=is_html,
                    bom=decoded.bom, notes=decoded.notes, digest=content_digest(data))


def content_digest(data: bytes) -> str:
    """The first 16 hex digits of the SHA-256 of an input's bytes."""
    return hashlib.sha256(data).hexdigest()[:16]


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
    return document_from_bytes(data, doc_id or path.stem, source, path.suffix)


def document_from_text(text: str, doc_id: str) -> Document:
    """Wrap text handed over by a caller (library use, a dataset row) as a Document."""
    bom = text.startswith("\ufeff")
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise InputError(doc_id, "text is empty")
    return Document(doc_id=doc_id, text=text, source=f"<{doc_id}>", bom=bom)
