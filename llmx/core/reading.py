"""A reading copy of a text: the source without the marks that split its words, and the
map back, so a reader scans the copy while its evidence is still cut from the source
verbatim.

Three kinds of mark are left out:
- pinyin glosses that mirror sites print after characters ('發(fā)布', '新華(hua)社',
  '電【diàn】', PHRASING §8.8): they split names and numbers ('山西國(guó)投集團(tuán)',
  '100余萬(wàn)元'), so a reader would see no unit and no money there;
- quotation marks around a post ('派驻青石村的“第一书记”王志远'), which the genre writes
  as often as not, and which stand between a village, the post and the name;
- the line breaks of a hard-wrapped text (a work summary copied out of a PDF or a scanned
  page: lines of one width, cut wherever the width ran out, '新建蓄水\n池4口'), which cut
  its sentences, words and figures in two. A quote across such a break is cut from the
  source in pieces, one per line.

And a word may be read as the name it stands for: a work summary's '我局' as the unit its
title names, so a reader finds the unit where the writer wrote the pronoun.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

#: One syllable in brackets right after a Han character: lower-case Latin letters with
#: or without tone marks, an optional tone digit, an optional space inside the brackets.
_GLOSS = re.compile(
    r"(?<=[\u3400-\u9fff])[(（【]\s?[a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüêńňǹḿ]{1,6}[1-5]?\s?[)）】]"
)
#: A page shows glosses throughout, not once: fewer are taken for ordinary brackets.
MIN_GLOSSES = 3
#: Quotation marks right around a post: “第一书记”, ‘驻村第一书记’, "第一書記".
_QUOTED_POST = re.compile(r"[“‘\"「](?=(?:驻村|駐村)?第一(?:书记|書記)[”’\"」])|(?<=第一书记|第一書記)[”’\"」]")


#: Where a sentence may end a line of a hard-wrapped text (the line is then no cut one).
_SENTENCE_END = "。！？!?…"
#: Closing marks a sentence's end may stand before: '…好日子。”'.
_CLOSING = "”’」』\"')）)"
#: A line that opens a part of its own, whatever the line before: '二、', '(三)', '3.', '↑'.
_PART_OPENING = re.compile(
    r"[一二三四五六七八九十]{1,3}[、.．]|[(（][一二三四五六七八九十\d]{1,3}[)）]|\d{1,2}[、.．](?!\d)|[↑▲●■◆]"
)
#: Hard-wrapped lines are narrow: at most this display width (two per Han character).
_MAX_WRAP_WIDTH = 120
#: The fewest full-width lines cut mid-sentence that make a text hard-wrapped.
_MIN_CUT_LINES = 3


@dataclass(frozen=True, slots=True)
class ReadingCopy:
    """``text`` is the source without its marks (and with the names read for words);
    ``origin[i]`` is where ``text[i]`` stands in the source (``origin[len(text)]`` is the
    source's length). ``cuts`` are the source spans of the line breaks of a hard-wrapped
    text left out."""

    text: str
    origin: list[int]
    cuts: tuple[tuple[int, int], ...] = ()

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """The source span of ``text[start:end]`` (the glosses inside it included)."""
        if end <= start:
            return self.origin[start], self.origin[start]
        return self.origin[start], self.origin[end - 1] + 1

    def source_pieces(self, start: int, end: int) -> list[tuple[int, int]]:
        """The source span of ``text[start:end]`` cut at each line break of a hard-wrapped
        text inside it: one span per source line."""
        source_start, source_end = self.source_span(start, end)
        pieces = []
        for cut_start, cut_end in self.cuts:
            if source_start < cut_start and cut_end < source_end:
                pieces.append((source_start, cut_start))
                source_start = cut_end
        pieces.append((source_start, source_end))
        return pieces


def gloss_spans(text: str) -> list[tuple[int, int]]:
    """Where a page's glosses stand, when it has ``MIN_GLOSSES`` or more (else none)."""
    spans = [m.span() for m in _GLOSS.finditer(text)]
    return spans if len(spans) >= MIN_GLOSSES else []


def strip_glosses(text: str) -> str:
    """``text`` without any pinyin gloss (for reading a figure out of a quote)."""
    return _GLOSS.sub("", text) if "(" in text or "（" in text or "【" in text else text


def _display_width(line: str) -> int:
    """Columns a line takes, two per Han character or full-width mark (three bytes in
    UTF-8), one per ASCII character: counted from its encoded length, not per character."""
    return (len(line) + len(line.encode("utf-8"))) // 2


def _ends_sentence(line: str) -> bool:
    """Whether a line ends where a sentence may ('…了。', '…”。', '…。”')."""
    return line.rstrip(_CLOSING)[-1:] in _SENTENCE_END or line[-1] in _SENTENCE_END


def wrap_breaks(text: str) -> list[tuple[int, int]]:
    """The line breaks (with the blank lines and indents around them) that cut a sentence
    of a hard-wrapped text: after a line as wide as the text's lines run, ending without a
    sentence's end, before a line that goes on with it. None in a text whose lines are
    paragraphs: its lines are of all widths, or end where their sentences do."""
    lines = []  # (content start, content end, width) of each line with text
    pos = 0
    for raw in text.splitlines(keepends=True):
        body = raw.rstrip("\r\n")
        content = body.strip(" \t\u3000\xa0")
        if content:
            start = pos + body.index(content)
            lines.append((start, start + len(content), _display_width(content)))
        pos += len(raw)
    widths = sorted(w for *_, w in lines if w >= 20)
    if len(widths) < _MIN_CUT_LINES + 1:
        return []
    width = widths[len(widths) // 2]
    if width > _MAX_WRAP_WIDTH:
        return []
    if sum(w > 1.15 * width for w in widths) > 0.1 * len(widths):
        return []  # paragraphs wider than the width: the narrow lines are titles, not a wrap
    full = [i for i, (*_, w) in enumerate(lines) if 0.88 * width <= w <= 1.15 * width]
    # (the first line is the page's headline, whatever its width: the text starts below it)
    cut = [i for i in full if 0 < i < len(lines) - 1 and not _ends_sentence(text[lines[i][0] : lines[i][1]])]
    if len(full) < 0.5 * len(widths) or len(cut) < max(_MIN_CUT_LINES, 0.4 * len(full)):
        return []
    breaks = []
    for i in cut:
        end, (start, *_) = lines[i][1], lines[i + 1]
        if text.count("\n", end, start) <= 3 and not _PART_OPENING.match(text, start):
            breaks.append((end, start))
    return breaks


def reading_copy(text: str, named: Sequence[tuple[int, int, str]] = ()) -> ReadingCopy | None:
    """The text without its glosses (when it has ``MIN_GLOSSES`` or more), without the
    quotation marks around posts and without the line breaks of a hard-wrapped text, with
    the map back; None when there is nothing to leave out. ``named`` are (start, end, name):
    words read as the name they stand for (the writer's '我局' as the unit the title names);
    a quote holding the name is cut from the source as the word."""
    marks = [(start, end, "") for start, end in gloss_spans(text)]
    if "第一" in text:
        marks += [(*m.span(), "") for m in _QUOTED_POST.finditer(text)]
    cuts = wrap_breaks(text)
    marks = sorted([*marks, *((start, end, "") for start, end in cuts), *named])
    if not marks:
        return None
    pieces: list[str] = []
    origin: list[int] = []
    pos = 0
    for start, end, name in marks:
        if start < pos:
            continue  # (a mark inside one already made)
        pieces.append(text[pos:start])
        origin.extend(range(pos, start))
        if name:
            pieces.append(name)  # its first character stands for the word's start, the rest for its end
            origin.extend([start, *[end - 1] * (len(name) - 1)])
        pos = end
    pieces.append(text[pos:])
    origin.extend(range(pos, len(text)))
    origin.append(len(text))
    return ReadingCopy("".join(pieces), origin, tuple(cuts))
