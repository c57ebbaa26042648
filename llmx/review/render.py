"""Run data to one self-contained HTML page.

The page must stay valid whatever the evidence looks like, so the document text is never
wrapped span by span: it is cut at every evidence boundary into segments, and each
segment becomes at most one ``<mark>`` carrying the ids of all records that cover it.
Overlapping, nested or identical spans therefore never produce crossing tags.

Everything from the run, the documents and the gold is escaped by jinja2's autoescape
(markupsafe, also used directly for the text segments); the machine-readable record data
sits in a ``<script type="application/json">`` block with ``<``, ``>`` and ``&`` written
as JSON ``\\u`` escapes, so no document can close the block or open a script.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from itertools import pairwise
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from llmx.core.records import Evidence, Measure, Metric, Quantity, Report, Team, Village
from llmx.eval.grounding_rates import GroundingRates, grounding_rates, simplify
from llmx.eval.scorer import DocScore, FieldOutcome, ItemPair, RunScore, evidence_positions, score_document

ITEM_TYPES: tuple[str, ...] = ("teams", "villages", "measures", "metrics")
#: Singular names used in CSS classes, the type filter and card labels.
KIND: dict[str, str] = {"teams": "team", "villages": "village", "measures": "measure", "metrics": "metric"}

CATEGORY_LABELS: dict[str, str] = {
    "infrastructure": "基础设施",
    "industry": "产业",
    "housing": "住房",
    "employment": "就业",
    "education": "教育",
    "health": "医疗健康",
    "social_security": "社会保障",
    "finance": "金融",
    "governance": "基层治理",
    "environment": "人居环境",
    "culture": "文化",
    "training": "培训宣传",
    "other": "其他",
}
STATUS_LABELS: dict[str, str] = {"done": "已完成", "ongoing": "进行中", "planned": "计划"}
OUTCOME_SYMBOLS: dict[str, str] = {"match": "✓", "mismatch": "≠", "hallucination": "+", "omission": "−"}

#: Share of characters OpenCC t2s changes above which a document is marked ``zh-Hant``
#: (so the browser picks traditional glyph forms); simplified text changes almost none.
TRADITIONAL_SHARE = 0.02


# --------------------------------------------------------------------------- segments


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


def script_json(data: Any) -> Markup:
    """JSON safe inside ``<script type="application/json">``: no ``<``, ``>`` or ``&`` literally."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


# --------------------------------------------------------------------------- formatting


def fmt_number(value: float | int | None) -> str:
    """3.7, 53.28, 1384, 206,700: no float noise, separators from five digits."""
    if value is None:
        return "—"
    number = float(value)
    if number.is_integer():
        whole = int(number)
        return f"{whole:,}" if abs(whole) >= 10000 else str(whole)
    return f"{round(number, 4):g}" if abs(number) < 1e6 else f"{number:,.2f}"


def fmt_money(yuan: float | int | None) -> str:
    """Yuan as a reader of these reports writes it: 260万元, 1.2亿元, 8000元."""
    if yuan is None:
        return "—"
    amount = float(yuan)
    for scale, unit in ((1e8, "亿元"), (1e4, "万元")):
        if abs(amount) >= scale:
            return f"{round(amount / scale, 4):g}{unit}"
    return f"{round(amount, 2):g}元"


def _range(value: float, value_max: float | None, approx: bool, unit: str) -> str:
    if unit == "元":
        text = fmt_money(value) + (f"–{fmt_money(value_max)}" if value_max is not None else "")
    else:
        text = fmt_number(value) + (f"–{fmt_number(value_max)}" if value_max is not None else "") + f" {unit}"
    return ("约 " if approx else "") + text


def fmt_quantity(quantity: Quantity | dict[str, Any] | None) -> str:
    if quantity is None:
        return "—"
    q = quantity if isinstance(quantity, Quantity) else Quantity.model_validate(quantity)
    text = _range(q.value, q.value_max, q.approx, q.unit)
    return f"{text} {q.item}" if q.item else text


def fmt_value(name: str, value: Any, item: Any = None) -> str:
    """One field value for a card; ``item`` is the record it belongs to (units of a metric)."""
    if value is None or value == [] or value == "":
        return "—"
    if name == "investment_yuan":
        return fmt_money(value)
    if name in ("value", "value_max") and isinstance(item, Metric):
        return _range(float(value), None, False, item.unit)
    if name == "category":
        return f"{CATEGORY_LABELS.get(str(value), '')} {value}".strip()
    if name == "status":
        return f"{STATUS_LABELS.get(str(value), '')} {value}".strip()
    if name == "poverty_rate_pct":
        return f"{fmt_number(value)}%"
    if name in ("households", "poor_households"):
        return f"{fmt_number(value)} 户"
    if name in ("population", "poor_population", "people", "size"):
        return f"{fmt_number(value)} 人"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (list, tuple)):
        return "、".join(str(v) for v in value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (int, float)) and name not in ("since", "exit_year", "year"):
        return fmt_number(value)
    return str(value)


#: (field, label) shown on cards, in SPEC order; every scorer atom is among them.
CARD_FIELDS: dict[str, tuple[tuple[str, str], ...]] = {
    "teams": (("sent_by", "Sent by"), ("villages", "Villages"), ("leader", "Leader"), ("size", "Size"),
              ("since", "Since")),
    "villages": (("province", "Province"), ("city", "City"), ("county", "County"), ("township", "Township"),
                 ("households", "Households"), ("population", "Population"), ("poor_households", "Poor households"),
                 ("poor_population", "Poor people"), ("poverty_rate_pct", "Poverty rate"),
                 ("exit_year", "Exit year")),
    "measures": (("category", "Category"), ("status", "Status"), ("village", "Village"),
                 ("investment_yuan", "Money"), ("households", "Households"), ("people", "People"),
                 ("year", "Year")),
    "metrics": (("value", "Value"), ("value_max", "Up to"), ("approx", "Approx."), ("unit", "Unit"),
                ("subject", "Subject"), ("year", "Year")),
}
REPORT_FIELDS: tuple[tuple[str, str], ...] = (
    ("title", "Title"), ("outlet", "Outlet"), ("published", "Published"), ("authors", "Authors"),
)


# --------------------------------------------------------------------------- view model


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


def locate(ev: Evidence, text: str) -> tuple[int, int] | None:
    """Where an evidence quote stands in ``text``, or None when it is not there.

    Offsets from grounding are trusted when they are inside the text (and, for an exact
    match, still spell the quote: a run reviewed against other document files must not
    highlight the wrong sentence). A quote nobody located is found the way the scorer
    finds it (``evidence_positions``), so the page and ``llmx eval`` agree.
    """
    if ev.match == "none":
        return None
    in_text = 0 <= ev.start < ev.end <= len(text)
    if in_text and (ev.match in ("normalised", "fuzzy") or text[ev.start : ev.end] == ev.quote):
        return ev.start, ev.end
    positions = evidence_positions([Evidence(quote=ev.quote)], text)
    if not positions:
        return None
    return min(positions), max(positions) + 1


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


def _title(record_type: str, item: Any) -> str:
    if isinstance(item, Team):
        return item.sent_by or (f"{item.leader} 的工作队" if item.leader else "工作队")
    if isinstance(item, Village):
        return item.name
    if isinstance(item, Measure):
        return item.summary
    if isinstance(item, Metric):
        return item.name
    return record_type


def _villages(item: Any) -> list[str]:
    if isinstance(item, Team):
        return list(item.villages)
    if isinstance(item, Village):
        return [item.name]
    if isinstance(item, Measure):
        return [item.village] if item.village else []
    if isinstance(item, Metric):
        return [item.subject] if item.subject else []
    return []


def _shown(value: Any) -> bool:
    return value is not None and value != [] and value != "" and value is not False


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
    by_field = {o.field: o for o in outcomes or () if o.field != "quantities"}
    rows: list[FieldRow] = []
    for name, label in CARD_FIELDS[record_type]:
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


def build_doc(
    index: int,
    doc_id: str,
    text: str | None,
    pred: Report | None,
    gold: Report | None,
) -> DocView:
    """Everything the page shows about one document, scored with ``llmx eval``'s scorer."""
    has_text = text is not None
    text = text or ""
    report = pred or Report(doc_id=doc_id)
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
    gold_items = gold.items() if gold is not None else {}

    records: list[RecordView] = []
    for record_type, items in report.items().items():
        for i, item in enumerate(items):
            pair = pairs.get((record_type, i))
            gold_item = None
            if pair is not None and pair.gold_index is not None:
                gold_item = gold_items[record_type][pair.gold_index]
            rows, quantities = field_rows(record_type, item, pair.fields if pair else None, gold_item)
            item_outcome = None if score is None else ("matched" if pair and pair.matched else "unmatched")
            records.append(RecordView(
                rid=f"{record_type}-{i}", record_type=record_type, index=i, title=_title(record_type, item),
                rows=rows, quantities=quantities,
                evidence=_evidence_views(item.evidence, text),  # type: ignore[attr-defined]
                item_outcome=item_outcome, villages=_villages(item),
                category=getattr(item, "category", None) if record_type == "measures" else None,
            ))
    missed: list[RecordView] = []
    for pair in missed_pairs:
        assert pair.gold_index is not None
        item = gold_items[pair.record_type][pair.gold_index]
        rows, quantities = field_rows(pair.record_type, item, pair.fields, missed=True)
        missed.append(RecordView(
            rid=f"gold-{pair.record_type}-{pair.gold_index}", record_type=pair.record_type,
            index=pair.gold_index, title=_title(pair.record_type, item), rows=rows, quantities=quantities,
            evidence=_evidence_views(item.evidence, text), item_outcome="missed", missed=True,
            villages=_villages(item),
            category=getattr(item, "category", None) if pair.record_type == "measures" else None,
        ))

    spans = [Span(ev.start, ev.end, rec.rid) for rec in [*records, *missed] for ev in rec.evidence
             if ev.start is not None and ev.end is not None]
    kinds = {rec.rid: rec.kind for rec in [*records, *missed]}
    text_html = render_text(text, spans, kinds, frozenset(rec.rid for rec in missed))
    header_rows = _header_rows(report, header_outcomes)
    return DocView(
        doc_id=doc_id, index=index, text=text, text_html=text_html, lang=script_lang(text), report=report,
        records=records, missed=missed, grounding=grounding_rates(report, text), header_rows=header_rows,
        score=score, has_text=has_text, has_prediction=pred is not None,
    )


def _header_rows(report: Report, outcomes: Sequence[FieldOutcome] | None) -> list[FieldRow]:
    by_field = {o.field: o for o in outcomes or ()}
    rows = []
    for name, label in REPORT_FIELDS:
        value = getattr(report, name)
        outcome = by_field.get(name)
        if not _shown(value) and outcome is None:
            continue
        row = FieldRow(label, fmt_value(name, value) if _shown(value) else "—")
        if outcome is not None:
            row.outcome = outcome.outcome
            if outcome.outcome in ("mismatch", "omission"):
                row.gold = fmt_value(name, outcome.gold)
        rows.append(row)
    return rows


def script_lang(text: str) -> str:
    """``zh-Hant`` for traditional-script text (glyph choice and font), else ``zh-Hans``."""
    sample = text[:4000]
    if not sample:
        return "zh-Hans"
    simplified = simplify(sample)
    changed = sum(1 for a, b in zip(sample, simplified, strict=False) if a != b)
    return "zh-Hant" if changed / len(sample) > TRADITIONAL_SHARE else "zh-Hans"


# --------------------------------------------------------------------------- the page


def _asset(name: str) -> str:
    return (resources.files("llmx.review") / "templates" / name).read_text(encoding="utf-8")


def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("llmx.review", "templates"),
        autoescape=select_autoescape(["html"], default_for_string=True, default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["pct"] = _pct
    env.filters["money"] = fmt_money
    env.filters["num"] = fmt_number
    return env


def _pct(value: float | None, digits: int = 0) -> str:
    return "—" if value is None else f"{value * 100:.{digits}f}%"


def _record_data(rec: RecordView) -> dict[str, Any]:
    return {"type": rec.kind, "title": rec.title, "keys": rec.keys, "category": rec.category,
            "villages": rec.villages, "found": rec.found, "missed": rec.missed}


def page_data(docs: Sequence[DocView], has_gold: bool) -> dict[str, Any]:
    """The JSON the page script reads: per document its records' filter keys."""
    return {
        "has_gold": has_gold,
        "docs": [
            {"id": d.doc_id, "records": {r.rid: _record_data(r) for r in [*d.records, *d.missed]}}
            for d in docs
        ],
    }


def render_page(
    docs: Sequence[DocView],
    run_name: str,
    gold_name: str | None = None,
    warnings: Sequence[str] = (),
    now: Callable[[], dt.datetime] = dt.datetime.now,
) -> str:
    """The whole review page as one HTML string (CSS and JS inlined)."""
    js = _asset("review.js")
    css = _asset("review.css")
    if "</script" in js.lower() or "</style" in css.lower():
        raise ValueError("review assets must not contain a closing script/style tag")
    has_gold = gold_name is not None
    run_total = RunScore({d.doc_id: d.score for d in docs if d.score is not None}) if has_gold else None
    grounding = sum((d.grounding for d in docs), GroundingRates())
    categories = sorted({r.category for d in docs for r in [*d.records, *d.missed] if r.category})
    template = _environment().get_template("page.html")
    return template.render(
        docs=docs,
        run_name=run_name,
        gold_name=gold_name,
        has_gold=has_gold,
        run_total=run_total,
        grounding=grounding,
        warnings=list(warnings),
        categories=[(c, CATEGORY_LABELS.get(c, c)) for c in categories],
        kinds=[KIND[t] for t in ITEM_TYPES],
        generated=now().strftime("%Y-%m-%d %H:%M"),
        css=Markup(css),
        js=Markup(js),
        data_json=script_json(page_data(docs, has_gold)),
    )
