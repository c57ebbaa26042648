"""What the page shows about each document, built from a Report, its text and the gold.

A document becomes a ``DocView``: its text as HTML with every record's evidence marked,
one ``RecordView`` (card) per predicted record and per gold record the run missed, and
``FieldRow`` lines on each card. Records are scored with ``llmx eval``'s own scorer, so
the page and the eval table never disagree.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup

from llmx.core.records import Evidence, Measure, Report, Team, Village
from llmx.core.script import script_of
from llmx.eval.grounding_rates import GroundingRates, Item, grounding_rates, report_items
from llmx.eval.scorer import DocScore, FieldOutcome, ItemPair, empty_report, find_quote, score_document
from llmx.review.flags import RunFlag, run_flags
from llmx.review.formatting import (
    CARD_FIELDS,
    CATEGORY_LABELS,
    KIND,
    OUTCOME_SYMBOLS,
    REPORT_FIELDS,
    fmt_quantity,
    fmt_value,
)
from llmx.review.segments import Span, render_text


@dataclass(slots=True)
class FieldRow:
    """One line of a card: the run's value, the gold value when they differ, the outcome."""

    label: str
    value: str
    outcome: str | None = None
    gold: str | None = None

    @property
    def symbol(self) -> str:
        return OUTCOME_SYMBOLS.get(self.outcome or "", "")


@dataclass(slots=True)
class EvidenceView:
    """One quote of a card and where it stands in the text (None: not found)."""

    quote: str
    start: int | None
    end: int | None
    match: str

    @property
    def found(self) -> bool:
        return self.start is not None


@dataclass(slots=True)
class RecordView:
    """One card: a predicted record, or a gold record the run missed (``missed``)."""

    rid: str
    record_type: str
    index: int
    title: str
    rows: list[FieldRow]
    quantities: list[FieldRow]
    evidence: list[EvidenceView]
    item_outcome: str | None = None  # matched | unmatched | missed, with gold only
    missed: bool = False
    villages: list[str] = field(default_factory=list)
    category: str | None = None
    flags: list[RunFlag] = field(default_factory=list)  # what the run flagged about this record

    @property
    def kind(self) -> str:
        return KIND[self.record_type]

    @property
    def found(self) -> bool:
        return any(ev.found for ev in self.evidence)

    @property
    def position(self) -> int:
        return min((ev.start for ev in self.evidence if ev.start is not None), default=-1)

    @property
    def keys(self) -> str:
        """What the filter box searches: type, category (both languages), villages, title."""
        parts = [self.kind, self.title, *self.villages]
        if self.category:
            parts += [self.category, CATEGORY_LABELS.get(self.category, "")]
        return " ".join(parts).lower()


@dataclass(slots=True)
class DocView:
    """One document of the page: its marked-up text, header, cards and scores."""

    doc_id: str
    index: int
    text: str
    text_html: Markup
    lang: str
    report: Report
    records: list[RecordView]
    missed: list[RecordView]
    grounding: GroundingRates
    header_rows: list[FieldRow]
    score: DocScore | None = None
    has_text: bool = True
    has_prediction: bool = True
    text_note: str | None = None  # why the text is not shown, when the file could not be read
    flags: list[RunFlag] = field(default_factory=list)  # what the run flagged (its meta), in order

    @property
    def placed(self) -> list[RecordView]:
        """Records with located evidence, in reading order."""
        return sorted((r for r in self.records if r.found), key=lambda r: (r.position, r.rid))

    @property
    def unplaced(self) -> list[RecordView]:
        return [r for r in self.records if not r.found]

    def count(self, record_type: str) -> int:
        return sum(1 for r in self.records if r.record_type == record_type)

    @property
    def f1(self) -> float | None:
        return self.score.total.f1 if self.score is not None else None

    def card_label(self, rid: str) -> str:
        """'village · 青石村' for the card ``rid``; the id itself when no card has it."""
        for rec in self.records:
            if rec.rid == rid:
                return f"{rec.kind} · {rec.title}"
        return rid


# --------------------------------------------------------------------------- evidence


def locate(ev: Evidence, text: str) -> tuple[int, int] | None:
    """Where an evidence quote stands in ``text``, or None when it is not there.

    Offsets from grounding are trusted when they are inside the text (and, for an exact
    match, still spell the quote: a run reviewed against other document files must not
    highlight the wrong sentence). A quote nobody located is found the way the scorer
    finds it (``find_quote``), so the page and ``llmx eval`` agree.
    """
    if ev.match == "none":
        return None
    in_text = 0 <= ev.start < ev.end <= len(text)
    if in_text and (ev.match in ("normalised", "fuzzy") or text[ev.start : ev.end] == ev.quote):
        return ev.start, ev.end
    start = find_quote(ev.quote, text)
    if start < 0:
        return None
    return start, start + len(ev.quote)


def _evidence_views(evidence: Sequence[Evidence], text: str) -> list[EvidenceView]:
    views = []
    for ev in evidence:
        where = locate(ev, text)
        level = ev.match or ("exact" if where and text[where[0] : where[1]] == ev.quote else "normalised")
        if where is None:
            views.append(EvidenceView(ev.quote, None, None, "none"))
        else:
            views.append(EvidenceView(ev.quote, where[0], where[1], level))
    return views


def script_lang(text: str) -> str:
    """``zh-Hant`` for traditional or mixed-script text (glyph choice and font), else ``zh-Hans``."""
    return "zh-Hant" if script_of(text) in ("traditional", "mixed") else "zh-Hans"


# --------------------------------------------------------------------------- cards


def _title(item: Item) -> str:
    if isinstance(item, Team):
        return item.sent_by or (f"{item.leader} 的工作队" if item.leader else "工作队")
    if isinstance(item, Village):
        return item.name
    return item.summary if isinstance(item, Measure) else item.name


def _villages(item: Item) -> list[str]:
    if isinstance(item, Team):
        return list(item.villages)
    if isinstance(item, Village):
        return [item.name]
    if isinstance(item, Measure):
        return [item.village] if item.village else []
    return [item.subject] if item.subject else []


def _shown(value: Any) -> bool:
    return value is not None and value != [] and value != "" and value is not False


def _rows(
    labels: Sequence[tuple[str, str]],
    item: Any,
    outcomes: Sequence[FieldOutcome] | None,
    gold_item: Any = None,
    missed: bool = False,
) -> list[FieldRow]:
    """A row per labelled field that is stated or that the scorer compared."""
    by_field = {o.field: o for o in outcomes or () if o.field != "quantities"}
    rows: list[FieldRow] = []
    for name, label in labels:
        value = getattr(item, name)
        outcome = by_field.get(name)
        if not _shown(value) and outcome is None:
            continue
        if missed:
            rows.append(FieldRow(label, fmt_value(name, value, item), "omission" if outcome else None))
            continue
        row = FieldRow(label, fmt_value(name, value, item) if _shown(value) else "—")
        if outcome is not None:
            row.outcome = outcome.outcome
            if outcome.outcome in ("mismatch", "omission"):
                row.gold = fmt_value(name, outcome.gold, gold_item)
        rows.append(row)
    return rows


def field_rows(
    record_type: str,
    item: Any,
    outcomes: Sequence[FieldOutcome] | None,
    gold_item: Any = None,
    missed: bool = False,
) -> tuple[list[FieldRow], list[FieldRow]]:
    """The rows and quantity rows of one card.

    Without ``outcomes`` (no gold) a row is shown per stated field. With them every atom
    the scorer compared is shown with its outcome; a mismatch or omission also shows the
    gold value. For a missed gold record ``item`` is the gold item and every row is an
    omission.
    """
    rows = _rows(CARD_FIELDS[record_type], item, outcomes, gold_item, missed)
    quantities: list[FieldRow] = []
    if record_type == "measures":
        q_outcomes = [o for o in outcomes or () if o.field == "quantities"]
        if outcomes is None:
            quantities = [FieldRow("", fmt_quantity(q)) for q in item.quantities]
        elif missed:
            quantities = [FieldRow("", fmt_quantity(o.gold), "omission") for o in q_outcomes]
        else:
            for o in q_outcomes:
                shown = fmt_quantity(o.pred) if o.pred is not None else "—"
                gold = fmt_quantity(o.gold) if o.outcome in ("mismatch", "omission") else None
                quantities.append(FieldRow("", shown, o.outcome, gold))
    return rows, quantities


def _record_view(
    rid: str,
    record_type: str,
    index: int,
    item: Item,
    text: str,
    outcomes: Sequence[FieldOutcome] | None,
    gold_item: Item | None = None,
    item_outcome: str | None = None,
    missed: bool = False,
) -> RecordView:
    rows, quantities = field_rows(record_type, item, outcomes, gold_item, missed=missed)
    return RecordView(
        rid=rid, record_type=record_type, index=index, title=_title(item), rows=rows, quantities=quantities,
        evidence=_evidence_views(item.evidence, text), item_outcome=item_outcome, missed=missed,
        villages=_villages(item), category=item.category if isinstance(item, Measure) else None,
    )


# --------------------------------------------------------------------------- documents


def build_doc(
    index: int,
    doc_id: str,
    text: str | None,
    pred: Report | None,
    gold: Report | None,
    text_note: str | None = None,
) -> DocView:
    """Everything the page shows about one document, scored with ``llmx eval``'s scorer.

    ``text`` is None when the document is missing or unreadable; ``text_note`` says why.
    """
    has_text = text is not None
    text = text or ""
    report = pred or empty_report(doc_id)
    score = score_document(gold, report, text) if gold is not None else None
    pairs: dict[tuple[str, int], ItemPair] = {}
    missed_pairs: list[ItemPair] = []
    header_outcomes: list[FieldOutcome] | None = None
    if score is not None:
        for pair in score.item_pairs:
            if pair.record_type == "report":
                header_outcomes = pair.fields
            elif pair.pred_index is not None:
                pairs[(pair.record_type, pair.pred_index)] = pair
            else:
                missed_pairs.append(pair)
    gold_items = report_items(gold) if gold is not None else {}

    records: list[RecordView] = []
    for record_type, items in report_items(report).items():
        for i, item in enumerate(items):
            found = pairs.get((record_type, i))
            gold_item = None
            if found is not None and found.gold_index is not None:
                gold_item = gold_items[record_type][found.gold_index]
            item_outcome = None if score is None else ("matched" if found and found.matched else "unmatched")
            records.append(_record_view(f"{record_type}-{i}", record_type, i, item, text,
                                        found.fields if found else None, gold_item, item_outcome))
    missed: list[RecordView] = []
    for pair in missed_pairs:
        assert pair.gold_index is not None
        item = gold_items[pair.record_type][pair.gold_index]
        missed.append(_record_view(f"gold-{pair.record_type}-{pair.gold_index}", pair.record_type,
                                   pair.gold_index, item, text, pair.fields, item_outcome="missed", missed=True))

    flags = run_flags(pred.meta if pred is not None else None)
    cards = {rec.rid: rec for rec in records}
    for flag in flags:
        if flag.rid in cards:
            cards[flag.rid].flags.append(flag)
    spans = [Span(ev.start, ev.end, rec.rid) for rec in [*records, *missed] for ev in rec.evidence
             if ev.start is not None and ev.end is not None]
    kinds = {rec.rid: rec.kind for rec in [*records, *missed]}
    text_html = render_text(text, spans, kinds, frozenset(rec.rid for rec in missed))
    return DocView(
        doc_id=doc_id, index=index, text=text, text_html=text_html, lang=script_lang(text), report=report,
        records=records, missed=missed, grounding=grounding_rates(report, text),
        header_rows=_rows(REPORT_FIELDS, report, header_outcomes), score=score, has_text=has_text,
        has_prediction=pred is not None, text_note=text_note, flags=flags,
    )
