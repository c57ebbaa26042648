"""The document text cut at every evidence boundary, and drawn as HTML from those cuts.

The page must stay valid whatever the evidence looks like, so the document text is never
wrapped span by span: it is cut at every evidence boundary into segments, and each
segment becomes at most one ``<mark>`` carrying the ids of all records that cover it.
Overlapping, nested or identical spans therefore never produce crossing tags. The text
is escaped with markupsafe, as jinja2's autoescape escapes everything else on the page.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise

from markupsafe import Markup, escape


@dataclass(frozen=True, slots=True)
class Span:
    """One located evidence quote: text[start:end], owned by record ``rid``."""

    start: int
    end: int
    rid: str


@dataclass(frozen=True, slots=True)
class Segment:
    """A run of text covered by exactly the records ``rids`` (innermost span first)."""

    start: int
    end: int
    rids: tuple[str, ...]


def segments(text: str, spans: Iterable[Span]) -> list[Segment]:
    """Cut ``text`` at every span boundary; each piece lists the records covering it.

    Spans are clamped to the text and empty ones dropped. Covering records are ordered
    by span length, shortest first, so the first id is the innermost record (its type
    colours the segment). A sweep over sorted boundaries keeps this O(n log n) for the
    thousands of spans a long document can have.
    """
    n = len(text)
    clean = [Span(max(0, s.start), min(n, s.end), s.rid) for s in spans]
    clean = [s for s in clean if s.start < s.end]
    starts: dict[int, list[Span]] = {}
    ends: dict[int, list[Span]] = {}
    for span in clean:
        starts.setdefault(span.start, []).append(span)
        ends.setdefault(span.end, []).append(span)
    bounds = sorted({0, n, *starts, *ends})
    active: dict[Span, int] = {}  # span -> multiplicity (identical spans of one record)
    out: list[Segment] = []
    for left, right in pairwise(bounds):
        for span in ends.get(left, ()):
            active[span] -= 1
            if not active[span]:
                del active[span]
        for span in starts.get(left, ()):
            active[span] = active.get(span, 0) + 1
        ordered = sorted(active, key=lambda s: (s.end - s.start, s.start, s.rid))
        rids = tuple(dict.fromkeys(s.rid for s in ordered))
        if out and out[-1].rids == rids and out[-1].end == left:
            out[-1] = Segment(out[-1].start, right, rids)
        else:
            out.append(Segment(left, right, rids))
    return out


def render_text(text: str, spans: Iterable[Span], kinds: dict[str, str], gold_only: frozenset[str]) -> Markup:
    """The document text as HTML: escaped segments, covered ones in one ``<mark>`` each.

    ``kinds`` maps a record id to its singular type (colour); ids in ``gold_only`` are
    gold records the run missed, drawn as an outline when no predicted record covers
    the segment too.
    """
    parts: list[str] = []
    for seg in segments(text, spans):
        piece = escape(text[seg.start : seg.end])
        if not seg.rids:
            parts.append(piece)
            continue
        classes = ["hl", f"k-{kinds.get(seg.rids[0], 'other')}"]
        if all(rid in gold_only for rid in seg.rids):
            classes.append("gold-only")
        if len(seg.rids) > 1:
            classes.append("multi")
        parts.append(
            f'<mark class="{" ".join(classes)}" data-r="{escape(" ".join(seg.rids))}">{piece}</mark>'
        )
    return Markup("".join(parts))
