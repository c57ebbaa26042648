"""The text the rules read: the chunk folded to simplified half-width form (same length,
so offsets carry over), cut into paragraphs, sentences and clauses, with page furniture
left out. Evidence is always cut from the original text at the folded text's offsets.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property

from llmx.core.clean import classify_lines
from llmx.core.records import Evidence
from llmx.normalize import AmountMatch, fold_aligned, iter_amounts

_SENTENCE = re.compile(r"[^。!?！？]+[。!?！？]*")
_CLAUSE_BREAK = re.compile(r"[,;:，；：]")
_TRIM = " \t\r\n\u3000,;:，；：、。.!?！？"


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence (to 。！？ or the end of its line) in a paragraph (one content line)."""

    start: int
    end: int
    paragraph: int


@dataclass
class Doc:
    """One chunk prepared for the rules."""

    text: str
    folded: str = field(init=False)
    sentences: list[Sentence] = field(init=False)
    paragraphs: list[tuple[int, int]] = field(init=False)

    def __post_init__(self) -> None:
        self.folded = fold_aligned(self.text)
        self.sentences = []
        self.paragraphs = []
        for line in classify_lines(self.text):
            if line.junk:
                continue
            self.paragraphs.append((line.start, line.end))
            for m in _SENTENCE.finditer(self.folded, line.start, line.end):
                start, end = _strip(self.folded, m.start(), m.end())
                if end > start:
                    self.sentences.append(Sentence(start, end, len(self.paragraphs) - 1))

    @cached_property
    def amounts(self) -> list[AmountMatch]:
        """Every number with a unit in the content, in text order."""
        found: list[AmountMatch] = []
        for start, end in self.paragraphs:
            found.extend(iter_amounts(self.folded, start, end))
        return found

    @cached_property
    def _amount_starts(self) -> list[int]:
        return [a.start for a in self.amounts]

    def amounts_in(self, start: int, end: int) -> list[AmountMatch]:
        """Amounts lying wholly inside [start, end)."""
        i = bisect_left(self._amount_starts, start)
        out = []
        while i < len(self.amounts) and self.amounts[i].start < end:
            if self.amounts[i].end <= end:
                out.append(self.amounts[i])
            i += 1
        return out

    def clauses(self, start: int, end: int) -> list[tuple[int, int]]:
        """Clause spans (cut at , ; : in either width) inside [start, end)."""
        spans = []
        pos = start
        for m in _CLAUSE_BREAK.finditer(self.folded, start, end):
            s, e = _strip(self.folded, pos, m.start())
            if e > s:
                spans.append((s, e))
            pos = m.end()
        s, e = _strip(self.folded, pos, end)
        if e > s:
            spans.append((s, e))
        return spans

    def segments(self, sentence: Sentence) -> list[tuple[int, int]]:
        """Parts of a sentence between semicolons: one list item each."""
        spans = []
        pos = sentence.start
        for m in re.finditer(r";", self.folded[sentence.start : sentence.end]):
            cut = sentence.start + m.start()
            s, e = _strip(self.folded, pos, cut)
            if e > s:
                spans.append((s, e))
            pos = cut + 1
        s, e = _strip(self.folded, pos, sentence.end)
        if e > s:
            spans.append((s, e))
        return spans

    def sentence_at(self, pos: int) -> Sentence | None:
        for sentence in self.sentences:
            if sentence.start <= pos < sentence.end:
                return sentence
        return None

    def evidence(self, start: int, end: int) -> Evidence | None:
        """The verbatim quote of text[start:end] without edge spaces and punctuation."""
        start, end = _strip(self.text, start, end)
        if end <= start:
            return None
        return Evidence(quote=self.text[start:end], start=start, end=end, match="exact")

    def iter_sentences(self) -> Iterator[Sentence]:
        return iter(self.sentences)


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _TRIM:
        start += 1
    while end > start and text[end - 1] in _TRIM:
        end -= 1
    return start, end
