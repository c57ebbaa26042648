"""A reading copy of a text: the source without the marks that split its words, and the
map back, so a reader scans the copy while its evidence is still cut from the source
verbatim.

Two kinds of mark are left out:
- pinyin glosses that mirror sites print after characters ('發(fā)布', '新華(hua)社',
  '電【diàn】', PHRASING §8.8): they split names and numbers ('山西國(guó)投集團(tuán)',
  '100余萬(wàn)元'), so a reader would see no unit and no money there;
- quotation marks around a post ('派驻青石村的“第一书记”王志远'), which the genre writes
  as often as not, and which stand between a village, the post and the name.
"""

from __future__ import annotations

import re
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


@dataclass(frozen=True, slots=True)
class ReadingCopy:
    """``text`` is the source without its glosses; ``origin[i]`` is where ``text[i]`` stands
    in the source (``origin[len(text)]`` is the source's length)."""

    text: str
    origin: list[int]

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """The source span of ``text[start:end]`` (the glosses inside it included)."""
        if end <= start:
            return self.origin[start], self.origin[start]
        return self.origin[start], self.origin[end - 1] + 1


def gloss_spans(text: str) -> list[tuple[int, int]]:
    """Where a page's glosses stand, when it has ``MIN_GLOSSES`` or more (else none)."""
    spans = [m.span() for m in _GLOSS.finditer(text)]
    return spans if len(spans) >= MIN_GLOSSES else []


def strip_glosses(text: str) -> str:
    """``text`` without any pinyin gloss (for reading a figure out of a quote)."""
    return _GLOSS.sub("", text) if "(" in text or "（" in text or "【" in text else text


def reading_copy(text: str) -> ReadingCopy | None:
    """The text without its glosses (when it has ``MIN_GLOSSES`` or more) and without the
    quotation marks around posts, with the map back; None when there is nothing to leave out."""
    marks = gloss_spans(text)
    if "第一" in text:
        marks = sorted([*marks, *(m.span() for m in _QUOTED_POST.finditer(text))])
    if not marks:
        return None
    pieces: list[str] = []
    origin: list[int] = []
    pos = 0
    for start, end in marks:
        pieces.append(text[pos:start])
        origin.extend(range(pos, start))
        pos = end
    pieces.append(text[pos:])
    origin.extend(range(pos, len(text)))
    origin.append(len(text))
    return ReadingCopy("".join(pieces), origin)
