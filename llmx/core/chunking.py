"""Splitting a document's content into chunks that fit a model's token budget.

Chunks end on sentence boundaries (。！？ and line breaks) and remember their offset, so
evidence found in a chunk maps back to the document without searching again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from llmx.core.clean import content_spans

_SENTENCE_END = re.compile(r"[^。！？!?\n]*(?:[。！？!?]+[”’」』）)]*|\n+|$)")


@dataclass(frozen=True, slots=True)
class Chunk:
    """A contiguous slice of a document: ``text == document.text[start:end]``."""

    index: int
    start: int
    end: int
    text: str


_CJK = re.compile("[\u3400-\u9fff\uf900-\ufaff]")


def estimate_tokens(text: str) -> int:
    """Rough token count: one per CJK character, one per four other characters.

    Good enough for budgeting across tokenizers; the exact count is the server's.
    """
    cjk = len(text) - len(_CJK.sub("", text))  # in C: a Python loop per character made 20 MB take seconds
    return cjk + (len(text) - cjk + 3) // 4


def sentence_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans inside text[start:end], in document offsets, none empty."""
    spans = []
    for match in _SENTENCE_END.finditer(text, start, end):
        if match.end() > match.start():
            spans.append((match.start(), match.end()))
    return spans


def _hard_split(start: int, end: int, max_chars: int) -> list[tuple[int, int]]:
    """A sentence longer than the budget is cut into equal pieces (rare: tables, lists)."""
    return [(s, min(s + max_chars, end)) for s in range(start, end, max_chars)]


def chunk_document(text: str, max_tokens: int = 1200) -> list[Chunk]:
    """Pack the document's content sentences into chunks of at most ``max_tokens``."""
    if max_tokens < 16:
        raise ValueError("max_tokens must be at least 16")
    spans = content_spans(text) or [(0, len(text))]
    if estimate_tokens(text[spans[0][0] : spans[-1][1]]) <= max_tokens:
        # the whole article fits: one chunk, as packing its sentences would give
        return [c for c in [_make_chunk(text, 0, spans[0][0], spans[-1][1])] if c.text.strip()]
    pieces: list[tuple[int, int]] = []
    for span_start, span_end in spans:
        for s, e in sentence_spans(text, span_start, span_end):
            if estimate_tokens(text[s:e]) > max_tokens:
                pieces.extend(_hard_split(s, e, max_tokens))
            else:
                pieces.append((s, e))

    chunks: list[Chunk] = []
    cur_start: int | None = None
    cur_end = 0
    cur_tokens = 0
    for s, e in pieces:
        tokens = estimate_tokens(text[s:e])
        if cur_start is not None and cur_tokens + tokens > max_tokens:
            chunks.append(_make_chunk(text, len(chunks), cur_start, cur_end))
            cur_start = None
        if cur_start is None:
            cur_start, cur_tokens = s, 0
        cur_end = e
        cur_tokens += tokens
    if cur_start is not None:
        chunks.append(_make_chunk(text, len(chunks), cur_start, cur_end))
    return [c for c in chunks if c.text.strip()]


#: The most characters a backend without a token budget (the rules) reads as one chunk.
#: A page of the genre is far shorter; a longer file (many pages in one, a yearbook) is cut
#: into chunks of about this size, so each stage's time and memory per chunk stay bounded.
WHOLE_DOCUMENT_MAX_CHARS = 200_000

#: Where a long window may be cut, best first: a blank line, a line break, a sentence end.
_BREAKS = (("\n\n", "\n\r\n", "\r\r"), ("\n", "\r"), ("。", "！", "？", "!", "?"))


def window_chunks(text: str, start: int, end: int, max_chars: int = WHOLE_DOCUMENT_MAX_CHARS) -> list[Chunk]:
    """``text[start:end]`` as one chunk or, when longer than ``max_chars``, as consecutive
    chunks of at most ``max_chars``, each cut at the last blank line in the second half of
    its width, else the last line break, else the last sentence end, else at the width."""
    chunks: list[Chunk] = []
    while end - start > max_chars:
        cut = _last_break(text, start + max_chars // 2, start + max_chars)
        chunks.append(Chunk(index=len(chunks), start=start, end=cut, text=text[start:cut]))
        start = cut
    chunks.append(Chunk(index=len(chunks), start=start, end=end, text=text[start:end]))
    return chunks


def _last_break(text: str, floor: int, limit: int) -> int:
    for marks in _BREAKS:
        ends = [at + len(mark) for mark in marks if (at := text.rfind(mark, floor, limit)) >= 0]
        if ends:
            return max(ends)
    return limit


def _make_chunk(text: str, index: int, start: int, end: int) -> Chunk:
    # Trailing line breaks carry no content; trimming keeps chunk text tidy for the prompt.
    while end > start and text[end - 1] in "\r\n":
        end -= 1
    return Chunk(index=index, start=start, end=end, text=text[start:end])
