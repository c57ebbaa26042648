"""The text the rules read: the chunk folded to simplified half-width form (same length,
so offsets carry over), cut into paragraphs, sentences and clauses, with page furniture
left out. Evidence is always cut from the original text at the folded text's offsets.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import NamedTuple

from llmx.core.clean import Line, classify_lines, echoed_summary
from llmx.core.numbers import Amount, AmountMatch, chinese_number, iter_amounts
from llmx.core.records import Evidence
from llmx.core.script import fold_aligned

_SENTENCE = re.compile(r"[^。!?！？]+[。!?！？]*")
#: Where a clause ends: , ; : in either width (the folded text has only the narrow ones), but
#: not a thousands separator ('360,000元').
CLAUSE_BREAK = re.compile(r"[;:，；：]|(?<!\d),|,(?!\d{3}(?!\d))")
_ANY_BREAK = re.compile(r"[,;:，；：]")
_THOUSANDS = re.compile(r"\d,\d{3}(?!\d)")
_SEMICOLON = re.compile(";")
_TRIM = " \t\r\n\u3000,;:，；：、。.!?！？"
#: The longest sentence the rules read as one (the genre's run to a few hundred characters).
MAX_SENTENCE_CHARS = 1000
_PIECE_BREAKS = ";,:、 "
_ENTRY_HEAD = re.compile(
    r"\s*(?P<year>(?:19|20)\d{2})\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日"
    r"(?:[\s,]*(?:星期|周|礼拜)[一二三四五六日天])?(?:[\s,]*[\u4e00-\u9fff]{1,4})?\s*"
)


def in_order(chars: str, text: str) -> bool:
    """Whether ``chars`` stand in ``text`` in order, others between them allowed ('驻村干部' in
    '湄溪驻村扶贫干部', '云岭中院' in '云岭州中级人民法院'): how a short form keeps its long one."""
    rest = iter(text)
    return all(ch in rest for ch in chars)


@lru_cache(maxsize=16)
def content_lines(text: str) -> tuple[Line, ...]:
    """``classify_lines`` of a text, cached: the header reader and the scanner share it."""
    return tuple(classify_lines(text))


class Sentence(NamedTuple):
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
    #: The year 今年 means (the page's or a summary's), set once the header is read.
    ref_year: int | None = field(default=None, init=False)
    #: (start, year) of the dated entries of a diary ('2017年11月6日 星期一 阴'), in text order.
    entries: list[tuple[int, int]] = field(default_factory=list, init=False)

    def __post_init__(self) -> None:
        self.folded = fold_aligned(self.text)
        self.sentences = []
        self.paragraphs = []
        for line in content_lines(self.text):
            if line.junk or echoed_summary(self.text[line.start : line.end].strip(), self.text, line.end):
                continue
            self.paragraphs.append((line.start, line.end))
            for m in _SENTENCE.finditer(self.folded, line.start, line.end):
                for start, end in _pieces(self.folded, *_strip(self.folded, m.start(), m.end())):
                    self.sentences.append(Sentence(start, end, len(self.paragraphs) - 1))

    def find_entries(self) -> None:
        """A diary's entry headings: paragraphs that are a full date (and weekday, weather).
        Relative years in an entry resolve against its date (PHRASING §8.1: the dates inside a
        diary are not the page date)."""
        heads = []
        for start, end in self.paragraphs:
            if end - start <= 30 and (m := _ENTRY_HEAD.fullmatch(self.folded, start, end)):
                heads.append((start, int(m.group("year"))))
        self.entries = heads if len(heads) >= 2 else []

    def ref_year_at(self, pos: int) -> int | None:
        """The year 今年 means at ``pos``: its diary entry's, else the page's."""
        if self.entries:
            i = bisect_left(self.entries, (pos + 1,)) - 1
            if i >= 0:
                return self.entries[i][1]
        return self.ref_year

    def entry_year(self, pos: int) -> int | None:
        """The year of the diary entry holding ``pos`` (None outside a diary)."""
        if not self.entries:
            return None
        i = bisect_left(self.entries, (pos + 1,)) - 1
        return self.entries[i][1] if i >= 0 else None

    @cached_property
    def amounts(self) -> list[AmountMatch]:
        """Every number with a unit in the content, in text order."""
        found: list[AmountMatch] = []
        for start, end in self.paragraphs:
            found.extend(iter_amounts(self.folded, start, end))
            extra = _bare_wan(self.folded, start, end) + _tenths(self.folded, start, end)
            if extra:
                taken = {a.start for a in found}
                found.extend(a for a in extra if a.start not in taken)
                found.sort(key=lambda a: a.start)
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

    @cached_property
    def _breaks(self) -> list[int]:
        # (CLAUSE_BREAK's lookarounds scan a page three times slower than a character class:
        # used only on a page that writes a thousands separator at all)
        pattern = CLAUSE_BREAK if _THOUSANDS.search(self.folded) else _ANY_BREAK
        return [m.start() for m in pattern.finditer(self.folded)]

    def clauses(self, start: int, end: int) -> list[tuple[int, int]]:
        """Clause spans (cut at , ; : in either width) inside [start, end)."""
        spans = []
        pos = start
        breaks = self._breaks
        i = bisect_left(breaks, start)
        while i < len(breaks) and breaks[i] < end:
            s, e = _strip(self.folded, pos, breaks[i])
            if e > s:
                spans.append((s, e))
            pos = breaks[i] + 1
            i += 1
        s, e = _strip(self.folded, pos, end)
        if e > s:
            spans.append((s, e))
        return spans

    def clause_at(self, pos: int, sentence: Sentence) -> tuple[int, int]:
        """The clause of ``sentence`` holding ``pos``."""
        breaks = self._breaks
        i = bisect_left(breaks, pos)
        start = breaks[i - 1] + 1 if i > 0 and breaks[i - 1] >= sentence.start else sentence.start
        end = breaks[i] if i < len(breaks) and breaks[i] < sentence.end else sentence.end
        return _strip(self.folded, start, end)

    def segments(self, sentence: Sentence) -> list[tuple[int, int]]:
        """Parts of a sentence between semicolons: one list item each."""
        spans = []
        pos = sentence.start
        for m in _SEMICOLON.finditer(self.folded, sentence.start, sentence.end):
            cut = m.start()
            s, e = _strip(self.folded, pos, cut)
            if e > s:
                spans.append((s, e))
            pos = cut + 1
        s, e = _strip(self.folded, pos, sentence.end)
        if e > s:
            spans.append((s, e))
        return spans

    @cached_property
    def _sentence_starts(self) -> list[int]:
        return [s.start for s in self.sentences]

    @cached_property
    def _sentence_paragraphs(self) -> list[int]:
        return [s.paragraph for s in self.sentences]

    def sentence_index(self, pos: int) -> int:
        """Index of the last sentence starting at or before ``pos`` (-1 when none does)."""
        return bisect_left(self._sentence_starts, pos + 1) - 1

    def paragraph_sentences(self, paragraph: int) -> range:
        """Indexes of the sentences of a paragraph."""
        paragraphs = self._sentence_paragraphs
        return range(bisect_left(paragraphs, paragraph), bisect_left(paragraphs, paragraph + 1))

    def sentence_at(self, pos: int) -> Sentence | None:
        i = self.sentence_index(pos)
        if i >= 0 and self.sentences[i].start <= pos < self.sentences[i].end:
            return self.sentences[i]
        return None

    def evidence(self, start: int, end: int) -> Evidence | None:
        """The verbatim quote of text[start:end] without edge spaces and punctuation."""
        start, end = _strip(self.text, start, end)
        if end <= start:
            return None
        return Evidence(quote=self.text[start:end], start=start, end=end, match="exact")


#: Money with 万 and no unit after a money word (PHRASING §7.2: '总投资260万', '项目资金86万').
_BARE_WAN = re.compile(
    r"(?:资金|投资|投入|筹集|筹措|争取|补助|奖补|资助|捐款|捐资|概算|拨付|收入|增收|销售额|利润|分红)[^,;。\d]{0,6}?"
    r"(?<![\d.])(?P<n>\d+(?:\.\d+)?)(?P<f>多|余)?(?P<m>万|亿)(?=[,;:。、)\s]|用于|$)"
)
#: Chinese tenths as a share (PHRASING §6: '收益的七成分给贫困户', '占两成以上').
_TENTHS = re.compile(
    r"(?<=[占有近约达超的])(?P<n>[一二两三四五六七八九])成(?![立员本功为果效绩交熟就型品片为绩])(?P<f>以上|左右|多)?"
)


def _bare_wan(folded: str, start: int, end: int) -> list[AmountMatch]:
    if folded.find("万", start, end) < 0 and folded.find("亿", start, end) < 0:
        return []
    out = []
    for m in _BARE_WAN.finditer(folded, start, end):
        written = float(m.group("n"))
        scale = 10_000 if m.group("m") == "万" else 100_000_000
        approx = bool(m.group("f")) or folded[max(start, m.start("n") - 1) : m.start("n")] in ("约", "近")
        out.append(AmountMatch(
            m.start("n"), m.end(), Amount(round(written * scale, 6), None, approx, "元"), "元", False, written, None,
        ))
    return out


def _tenths(folded: str, start: int, end: int) -> list[AmountMatch]:
    if folded.find("成", start, end) < 0:
        return []
    out = []
    for m in _TENTHS.finditer(folded, start, end):
        written = chinese_number(m.group("n"))
        if written is None:
            continue
        approx = bool(m.group("f")) or folded[m.start() - 1] in "近约超"
        out.append(AmountMatch(
            m.start(), m.end(), Amount(written * 10, None, approx, "%"), "成", False, written, None,
        ))
    return out


def _pieces(folded: str, start: int, end: int) -> list[tuple[int, int]]:
    """A sentence as the rules read it: whole, or cut when longer than
    ``MAX_SENTENCE_CHARS`` (a page without sentence punctuation), at the last clause break
    in the second half of the width, else at the width. The patterns read a sentence
    again for each figure or team word in it: time grew with the square of its length."""
    pieces = []
    while end - start > MAX_SENTENCE_CHARS:
        limit = start + MAX_SENTENCE_CHARS
        cut = max(folded.rfind(ch, start + MAX_SENTENCE_CHARS // 2, limit) for ch in _PIECE_BREAKS) + 1
        piece = _strip(folded, start, cut if cut > start else limit)
        if piece[1] > piece[0]:
            pieces.append(piece)
        start = cut if cut > start else limit
    start, end = _strip(folded, start, end)
    if end > start:
        pieces.append((start, end))
    return pieces


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and (text[start] in _TRIM or text[start] in "”’)）"):
        start += 1
    while end > start and (text[end - 1] in _TRIM or text[end - 1] in "“‘(（"):
        end -= 1
    return start, end
