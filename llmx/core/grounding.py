"""Evidence grounding: where every quote stands in the document, and whether it holds the
record's numbers.

A quote is looked for at three levels, cheapest first:

- ``exact``: the quote as given, ``text[start:end] == quote``;
- ``normalised``: equal after simplified script, NFKC width folding, unified quote marks
  and dashes, whitespace and a mirror page's pinyin glosses removed (a model that quoted a
  traditional page in simplified characters, joined a line break, or read '國(guó)投' as
  '国投'); the span is the original text that normalises to the quote;
- ``fuzzy``: rapidfuzz's best partial alignment on the normalised texts scores at least
  ``FUZZY_THRESHOLD`` (a lightly paraphrased quote); the span is the aligned original text.

Otherwise the evidence is ``none`` with offsets 0. A phrase quoted several times maps to
its successive occurrences (one cursor per quote), and the chunk a quote came from is
searched before its surroundings (``SEARCH_RADIUS`` characters either side: the whole
document, for any page of ordinary length).
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_left
from functools import lru_cache
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel

from llmx.core.meta import GroundingStats
from llmx.core.reading import gloss_spans, strip_glosses
from llmx.core.records import Evidence
from llmx.core.script import to_simplified, to_simplified_aligned

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

R = TypeVar("R", bound=BaseModel)

#: rapidfuzz partial_ratio (0-100) a paraphrased quote must reach.
FUZZY_THRESHOLD = 85.0
#: Quotes shorter than this (after normalisation) are never matched fuzzily: too many
#: places in a report look like a six-character phrase with one character changed.
FUZZY_MIN_CHARS = 8
#: A quote missing from its chunk is looked for this many characters either side of it,
#: not in the whole document: a search of the whole document per quote made a long
#: report's grounding time grow with the square of its length. A page shorter than this
#: is searched whole, as before.
SEARCH_RADIUS = 50_000

_ITEM_KINDS = ("teams", "villages", "measures", "metrics")
_PUNCT_FOLD = str.maketrans(
    {
        "“": '"', "”": '"', "„": '"', "‟": '"', "「": '"', "」": '"', "『": '"', "』": '"', "＂": '"',
        "‘": "'", "’": "'", "‚": "'", "‛": "'",
        "‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-", "―": "-", "－": "-", "﹣": "-",
        "…": ".", "·": ".", "•": ".",
    }
)


# ----------------------------------------------------------------------------------------
# Normalised text with a map back to original offsets
# ----------------------------------------------------------------------------------------


@lru_cache(maxsize=65536)
def _norm_char(char: str) -> str:
    folded = unicodedata.normalize("NFKC", char).translate(_PUNCT_FOLD)
    return "".join(c for c in folded if not c.isspace()).casefold()


def normalise_with_map(text: str) -> tuple[str, NDArray[np.int32]]:
    """The grounding form of ``text`` and, per character of it, the original offset.

    Script conversion is length-preserving (``to_simplified_aligned``); width folding may
    expand a character (㎡ → m2) and whitespace is dropped, hence the map. Built per
    distinct character and applied with ``str.translate`` and numpy, not a Python step per
    character: a long report's map took seconds. The map is read-only.
    """
    import numpy as np  # here: most runs never need it, and it costs an import

    simplified = to_simplified_aligned(text)
    table: dict[int, str] = {}
    lengths: dict[int, str] = {}  # every character to the character whose code is its length
    for ch in set(simplified):
        norm = _norm_char(ch)
        if norm != ch:
            table[ord(ch)] = norm
        lengths[ord(ch)] = chr(len(norm))
    index = np.arange(len(simplified), dtype=np.int32)
    if any(length != "\x01" for length in lengths.values()):  # a character dropped or expanded
        counts = np.frombuffer(simplified.translate(lengths).encode("utf-32-le"), dtype=np.uint32)
        index = np.repeat(index, counts)
    normalised = simplified.translate(table)
    glosses = gloss_spans(text)
    if glosses:  # a mirror page's '國(guó)投': a quote of it without the gloss still matches
        in_gloss = np.zeros(len(text) + 1, dtype=bool)
        for start, end in glosses:
            in_gloss[start:end] = True
        keep = ~in_gloss[index]
        chars = np.frombuffer(normalised.encode("utf-32-le"), dtype=np.uint32)[keep]
        normalised = chars.tobytes().decode("utf-32-le")
        index = index[keep]
    index.flags.writeable = False
    return normalised, index


@lru_cache(maxsize=2)
def _normalised_document(text: str) -> tuple[str, NDArray[np.int32]]:
    """``normalise_with_map`` of a document, kept for the document's next chunk: every
    chunk's grounding searches the same document."""
    return normalise_with_map(text)


def normalise_quote(quote: str) -> str:
    """The grounding form of a quote (no offsets needed)."""
    quote = strip_glosses(quote)
    simplified = to_simplified(quote)
    if len(simplified) != len(quote):
        simplified = to_simplified_aligned(quote)
    return "".join(_norm_char(ch) for ch in simplified)


def _near(hint: tuple[int, int], size: int) -> tuple[int, int]:
    """The chunk and ``SEARCH_RADIUS`` characters either side of it."""
    return max(0, hint[0] - SEARCH_RADIUS), min(size, hint[1] + SEARCH_RADIUS)


class _Locator:
    """Finds quotes in one document; keeps the per-quote cursors of one grounding pass."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._norm: tuple[str, NDArray[np.int32]] | None = None
        self._exact_cursor: dict[str, int] = {}
        self._norm_cursor: dict[str, int] = {}

    @property
    def norm(self) -> tuple[str, NDArray[np.int32]]:
        if self._norm is None:
            self._norm = _normalised_document(self.text)
        return self._norm

    @staticmethod
    def _windows(cursor: int, hint: tuple[int, int] | None, size: int) -> list[tuple[int, int]]:
        # Chunk first (from the cursor), then its surroundings from the cursor, then earlier
        # occurrences: a repeated quote with no further occurrence reuses the last one.
        # Without a chunk, the surroundings are the whole document.
        if hint is None:
            return [(cursor, size), (0, size)]
        near = _near(hint, size)
        return [(max(cursor, hint[0]), hint[1]), (max(cursor, near[0]), near[1]), hint, near]

    def exact(self, quote: str, hint: tuple[int, int] | None) -> tuple[int, int] | None:
        cursor = self._exact_cursor.get(quote, 0)
        for start, end in self._windows(cursor, hint, len(self.text)):
            if end - start < len(quote):
                continue
            pos = self.text.find(quote, start, end)
            if pos >= 0:
                self._exact_cursor[quote] = pos + len(quote)
                return pos, pos + len(quote)
        return None

    def _norm_hint(self, hint: tuple[int, int] | None) -> tuple[int, int] | None:
        if hint is None:
            return None
        index = self.norm[1]
        return bisect_left(index, hint[0]), bisect_left(index, hint[1])

    def _to_original(self, start: int, end: int) -> tuple[int, int]:
        index = self.norm[1]
        return int(index[start]), int(index[end - 1]) + 1

    def normalised(self, nquote: str, hint: tuple[int, int] | None) -> tuple[int, int] | None:
        norm, _ = self.norm
        cursor = self._norm_cursor.get(nquote, 0)
        for start, end in self._windows(cursor, self._norm_hint(hint), len(norm)):
            if end - start < len(nquote):
                continue
            pos = norm.find(nquote, start, end)
            if pos >= 0:
                self._norm_cursor[nquote] = pos + len(nquote)
                return self._to_original(pos, pos + len(nquote))
        return None

    def fuzzy(self, nquote: str, hint: tuple[int, int] | None) -> tuple[int, int] | None:
        if len(nquote) < FUZZY_MIN_CHARS:
            return None
        from rapidfuzz import fuzz

        norm, _ = self.norm
        windows = []
        norm_hint = self._norm_hint(hint)
        if norm_hint is not None:
            windows += [norm_hint, _near(norm_hint, len(norm))]
        else:
            windows.append((0, len(norm)))
        for start, end in windows:
            if end - start < len(nquote):
                continue
            found = fuzz.partial_ratio_alignment(nquote, norm[start:end], score_cutoff=FUZZY_THRESHOLD)
            if found is not None and found.dest_end > found.dest_start:
                return self._to_original(start + found.dest_start, start + found.dest_end)
        return None


# ----------------------------------------------------------------------------------------
# Records
# ----------------------------------------------------------------------------------------


def _ground_evidence(
    evidence: Evidence, locator: _Locator, hint: tuple[int, int] | None, stats: GroundingStats
) -> Evidence:
    text, quote = locator.text, evidence.quote
    stats.quotes += 1
    # Offsets a backend already computed (the rules backend) are kept when they hold up,
    # read as document offsets or, failing that, as offsets into the hinted chunk.
    if evidence.end > evidence.start:
        for shift in (0, hint[0] if hint else 0):
            start, end = evidence.start + shift, evidence.end + shift
            if text[start:end] == quote:
                stats.exact += 1
                if shift == 0 and evidence.match == "exact":
                    return evidence  # already placed and checked: no copy
                return evidence.model_copy(update={"start": start, "end": end, "match": "exact"})
    span = locator.exact(quote, hint)
    level = "exact"
    if span is None:
        nquote = normalise_quote(quote)
        if nquote:
            span = locator.normalised(nquote, hint)
            level = "normalised"
            if span is None:
                span = locator.fuzzy(nquote, hint)
                level = "fuzzy"
    if span is None:
        stats.none += 1
        return evidence.model_copy(update={"start": 0, "end": 0, "match": "none"})
    setattr(stats, level, getattr(stats, level) + 1)
    return evidence.model_copy(update={"start": span[0], "end": span[1], "match": level})


def _found(evidence: Evidence) -> bool:
    return evidence.match not in (None, "none")


def ground_report(report: R, text: str, *, hint: tuple[int, int] | None = None) -> tuple[R, GroundingStats]:
    """A copy of ``report`` whose every Evidence has start, end and match set, and the counts.

    ``text`` is the whole document; ``hint`` the (start, end) of the chunk the record came
    from, searched first. Whether the quotes state the record's figures is
    ``llmx.core.figures``' job.
    """
    stats = GroundingStats()
    locator = _Locator(text)
    if hint is not None:
        hint = (max(0, min(hint[0], len(text))), max(0, min(hint[1], len(text))))
    updates: dict[str, list[Any]] = {}
    for kind in _ITEM_KINDS:
        new_items = []
        for item in getattr(report, kind):
            evidence = [_ground_evidence(e, locator, hint, stats) for e in item.evidence]
            unchanged = all(new is old for new, old in zip(evidence, item.evidence, strict=True))
            new_item = item if unchanged else item.model_copy(update={"evidence": evidence})
            stats.items += 1
            if not any(_found(e) for e in evidence):
                stats.items_ungrounded += 1
            new_items.append(new_item)
        updates[kind] = new_items
    return report.model_copy(update=updates), stats


def ungrounded_items(report: BaseModel) -> list[tuple[str, int]]:
    """(record type, index) of every item none of whose evidence was found."""
    return [
        (kind, i)
        for kind in _ITEM_KINDS
        for i, item in enumerate(getattr(report, kind))
        if not any(_found(e) for e in item.evidence)
    ]


def drop_ungrounded(report: R) -> tuple[R, int]:
    """``report`` without the items none of whose evidence was found, and how many went."""
    updates: dict[str, list[Any]] = {}
    dropped = 0
    for kind in _ITEM_KINDS:
        items = getattr(report, kind)
        kept = [item for item in items if any(_found(e) for e in item.evidence)]
        dropped += len(items) - len(kept)
        updates[kind] = kept
    return report.model_copy(update=updates), dropped
