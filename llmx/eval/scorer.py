"""Scoring a predicted Report against a gold Report (SPEC section 5).

Two steps, as SPEC 5 prescribes:

1. **Item matching.** Villages pair by normalised ``name``. Teams pair by ``sent_by``
   (Indel similarity >= 0.8 after normalisation); when either side has no ``sent_by``,
   by ``leader``; when either has no leader either, by a shared village. Measures and
   metrics pair by an optimal one-to-one assignment (``scipy.optimize.linear_sum_assignment``)
   on ``pair_similarity`` = evidence-span IoU + ``VALUE_WEIGHT`` x value agreement;
   pairs below ``MATCH_THRESHOLD`` stay unmatched.
2. **Atoms.** Every non-null field value on either side is an atom with one outcome:
   match (tp), mismatch (fp + fn), hallucination (fp), omission (fn). ``summary``,
   ``name`` and ``evidence`` are not atoms; matched pairs report their text similarity
   and evidence IoU instead. ``Village.name`` is the village's matching key and, like
   ``Metric.name``, not an atom: its errors show as unmatched villages.

Choices SPEC leaves open, made here and relied on by the tests:

* A list field other than ``quantities`` (``authors``, ``Team.villages``) is **one** atom,
  equal when the two sets of normalised strings are equal: SPEC says "lists as sets" and
  one comparison has one outcome. Empty lists are null.
* ``quantities`` are element atoms: each gold quantity pairs with one predicted quantity
  of the same normalised unit (equal values first, then leftovers in order as mismatches);
  the rest are omissions and hallucinations. One measure can list six outputs, and one
  wrong figure should not cost the other five.
* ``Metric.approx`` is an atom only when one side says ``true``: ``false`` is the default
  and cannot be told from "not stated", so counting it would reward every matched metric.
* ``Measure.category`` and ``status`` are enums that are always present, so they are
  always atoms of a matched or unmatched measure.
* Report-level ``title``, ``outlet``, ``published`` and ``authors`` are atoms of the
  record type ``report``.
* Precision / recall with an empty denominator are 0, and all three are ``None`` when a
  scope has no atom at all. F1 = 2tp / (2tp + fp + fn).
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Literal

import numpy as np
from rapidfuzz.distance import Indel
from scipy.optimize import linear_sum_assignment

from llmx.core.records import Evidence, Measure, Metric, Quantity, Report, Team, Village
from llmx.core.script import to_simplified
from llmx.core.units import UNIT_ALIASES, split_multiplier
from llmx.counters import Counters
from llmx.eval.grounding_rates import GroundingRates, grounding_rates, normalise_text, report_items

Outcome = Literal["match", "mismatch", "hallucination", "omission"]
OUTCOMES: tuple[Outcome, ...] = ("match", "mismatch", "hallucination", "omission")
RECORD_TYPES: tuple[str, ...] = ("report", "teams", "villages", "measures", "metrics")

#: SPEC 5: money, rates, metric values and quantities agree within 0.5 % relative.
REL_TOLERANCE = 0.005
#: SPEC 5: teams pair when their ``sent_by`` (or leader) are at least this similar.
TEAM_SIMILARITY = 0.8
#: Weight of value agreement next to evidence IoU in ``pair_similarity``.
#: 0.5 lets agreeing values alone (0.5) clear the threshold, so a figure quoted at its
#: other occurrence in the text, or with an unlocatable quote, still pairs with gold.
VALUE_WEIGHT = 0.5
#: Pairs of measures/metrics below this similarity stay unmatched. 0.3 means evidence
#: alone must overlap by IoU 0.3 (a clause inside a two-to-three times longer sentence),
#: while any overlap plus agreeing values is enough. Two items that merely share one
#: of several numbers (agreement 1/3 -> 0.17) do not pair without overlapping quotes.
MATCH_THRESHOLD = 0.3

# Atom fields per record type. The kind says how two values compare.
_Kind = Literal["str", "int", "num", "enum", "date", "strset", "bool", "unit", "metric_value"]
ATOM_FIELDS: dict[str, tuple[tuple[str, _Kind], ...]] = {
    "report": (("title", "str"), ("outlet", "str"), ("published", "date"), ("authors", "strset")),
    "teams": (("sent_by", "str"), ("villages", "strset"), ("leader", "str"), ("size", "int"), ("since", "int")),
    "villages": (
        ("province", "str"),
        ("city", "str"),
        ("county", "str"),
        ("township", "str"),
        ("households", "int"),
        ("population", "int"),
        ("poor_households", "int"),
        ("poor_population", "int"),
        ("poverty_rate_pct", "num"),
        ("exit_year", "int"),
    ),
    "measures": (
        ("village", "str"),
        ("category", "enum"),
        ("status", "enum"),
        ("investment_yuan", "num"),
        ("households", "int"),
        ("people", "int"),
        ("year", "int"),
    ),
    "metrics": (
        ("subject", "str"),
        ("value", "metric_value"),
        ("value_max", "metric_value"),
        ("approx", "bool"),
        ("unit", "unit"),
        ("year", "int"),
    ),
}


# --------------------------------------------------------------------------- equality


def normalise(value: str) -> str:
    """SPEC 5 string form: simplified script, NFKC width folding, whitespace removed."""
    return normalise_text(value)


def canonical_unit(unit: str) -> tuple[float, str]:
    """(multiplier, unit) with aliases resolved: '万元' -> (10000, '元'), '名' -> (1, '人')."""
    text = unicodedata.normalize("NFKC", unit).strip()
    text = UNIT_ALIASES.get(text, text)
    factor, rest = split_multiplier(text)
    rest = UNIT_ALIASES.get(rest, rest)
    if rest == "块":
        rest = "元"
    return factor, normalise(rest)


def numbers_equal(gold: float, pred: float) -> bool:
    """Within 0.5 % of the gold value (exact when gold is 0)."""
    return abs(pred - gold) <= REL_TOLERANCE * abs(gold) + 1e-9


def _present(value: Any) -> bool:
    if value is None:
        return False
    if isinstance(value, (list, tuple, set, frozenset)):
        return len(value) > 0
    return not (isinstance(value, str) and not value.strip())


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (set, frozenset)):
        return sorted(value)
    if isinstance(value, Quantity):
        return value.model_dump(mode="json")
    return value


# --------------------------------------------------------------------------- counts


@dataclass
class Counts(Counters):
    """The four outcome counts of a scope, with tp/fp/fn and P/R/F1 derived from them."""

    match: int = 0
    mismatch: int = 0
    hallucination: int = 0
    omission: int = 0

    def count(self, outcome: Outcome) -> None:
        """Count one atom with this outcome."""
        self.add(**{outcome: 1})

    @property
    def tp(self) -> int:
        return self.match

    @property
    def fp(self) -> int:
        return self.mismatch + self.hallucination

    @property
    def fn(self) -> int:
        return self.mismatch + self.omission

    @property
    def atoms(self) -> int:
        return self.match + self.mismatch + self.hallucination + self.omission

    @property
    def precision(self) -> float | None:
        if not self.atoms:
            return None
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float | None:
        if not self.atoms:
            return None
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float | None:
        if not self.atoms:
            return None
        return 2 * self.tp / (2 * self.tp + self.fp + self.fn)

    def derived(self) -> dict[str, Any]:
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
        }


@dataclass(slots=True)
class FieldOutcome:
    """One atom comparison: which field, its outcome, and both values as JSON-ready data."""

    field: str
    outcome: Outcome
    gold: Any
    pred: Any

    def to_dict(self) -> dict[str, Any]:
        return {"field": self.field, "outcome": self.outcome, "gold": self.gold, "pred": self.pred}


@dataclass(slots=True)
class ItemPair:
    """A gold item and the predicted item it matched; either index is None when unmatched.

    ``similarity`` is the matching score (``pair_similarity`` for measures and metrics,
    name similarity for teams, 1.0 for villages and the report header); ``iou`` is the
    evidence-span IoU; ``text_similarity`` compares ``summary`` (measures) or ``name``
    (metrics), the fields SPEC 5 scores as similarity rather than atoms.
    """

    record_type: str
    gold_index: int | None
    pred_index: int | None
    similarity: float | None = None
    iou: float | None = None
    text_similarity: float | None = None
    fields: list[FieldOutcome] = field(default_factory=list)

    @property
    def matched(self) -> bool:
        return self.gold_index is not None and self.pred_index is not None

    def counts(self) -> Counts:
        counts = Counts()
        for outcome in self.fields:
            counts.count(outcome.outcome)
        return counts

    def to_dict(self) -> dict[str, Any]:
        return {
            "record_type": self.record_type,
            "gold_index": self.gold_index,
            "pred_index": self.pred_index,
            "matched": self.matched,
            "similarity": self.similarity,
            "iou": self.iou,
            "text_similarity": self.text_similarity,
            "fields": [f.to_dict() for f in self.fields],
        }


#: ItemStats fields kept only so that documents add up; the dict view shows their means.
_ITEM_SUMS = frozenset({"iou_sum", "iou_n", "text_similarity_sum", "text_similarity_n"})


@dataclass
class ItemStats(Counters):
    """Item-level view of one record type: how many items, how many paired, how alike."""

    gold: int = 0
    pred: int = 0
    matched: int = 0
    iou_sum: float = 0.0
    iou_n: int = 0
    text_similarity_sum: float = 0.0
    text_similarity_n: int = 0

    @property
    def mean_iou(self) -> float | None:
        return self.iou_sum / self.iou_n if self.iou_n else None

    @property
    def mean_text_similarity(self) -> float | None:
        return self.text_similarity_sum / self.text_similarity_n if self.text_similarity_n else None

    def derived(self) -> dict[str, Any]:
        return {"mean_evidence_iou": self.mean_iou, "mean_text_similarity": self.mean_text_similarity}

    def as_dict(self) -> dict[str, Any]:
        """Item counts and mean similarities (the sums behind the means are left out)."""
        return {key: value for key, value in super().as_dict().items() if key not in _ITEM_SUMS}


def _tally(pairs: Iterable[ItemPair]) -> tuple[dict[str, Counts], dict[str, Counts], Counts]:
    by_field: dict[str, Counts] = {}
    by_type: dict[str, Counts] = {t: Counts() for t in RECORD_TYPES}
    total = Counts()
    for pair in pairs:
        for outcome in pair.fields:
            key = f"{pair.record_type}.{outcome.field}"
            by_field.setdefault(key, Counts()).count(outcome.outcome)
            by_type[pair.record_type].count(outcome.outcome)
            total.count(outcome.outcome)
    return by_field, by_type, total


def _field_order(key: str) -> tuple[int, int, str]:
    record_type, _, name = key.partition(".")
    names = [n for n, _ in ATOM_FIELDS[record_type]] + ["quantities"]
    return RECORD_TYPES.index(record_type), names.index(name) if name in names else len(names), name


def _sorted_fields(by_field: dict[str, Counts]) -> dict[str, Counts]:
    return {key: by_field[key] for key in sorted(by_field, key=_field_order)}


def _scope_dict(score: DocScore | RunScore, grounding_details: bool) -> dict[str, Any]:
    """The counts a document and a run both report, as plain dicts."""
    return {
        "total": score.total.as_dict(),
        "types": {k: v.as_dict() for k, v in score.types.items()},
        "fields": {k: v.as_dict() for k, v in score.fields.items()},
        "items": {k: v.as_dict() for k, v in score.items.items()},
        "grounding": score.grounding.as_dict(details=grounding_details),
    }


@dataclass(slots=True)
class DocScore:
    """Scores of one document: per field (``"measures.investment_yuan"``), per type, total."""

    doc_id: str
    item_pairs: list[ItemPair]
    items: dict[str, ItemStats]
    grounding: GroundingRates
    fields: dict[str, Counts] = field(init=False, default_factory=dict)
    types: dict[str, Counts] = field(init=False, default_factory=dict)
    total: Counts = field(init=False, default_factory=Counts)

    def __post_init__(self) -> None:
        by_field, self.types, self.total = _tally(self.item_pairs)
        self.fields = _sorted_fields(by_field)

    def to_dict(self, details: bool = True) -> dict[str, Any]:
        data: dict[str, Any] = {"doc_id": self.doc_id, **_scope_dict(self, grounding_details=details)}
        if details:
            data["item_pairs"] = [p.to_dict() for p in self.item_pairs]
        return data


@dataclass(slots=True)
class RunScore:
    """Scores of a run: micro-averaged over every atom of every document, plus each document."""

    docs: dict[str, DocScore]
    fields: dict[str, Counts] = field(init=False, default_factory=dict)
    types: dict[str, Counts] = field(init=False, default_factory=dict)
    total: Counts = field(init=False, default_factory=Counts)
    items: dict[str, ItemStats] = field(init=False, default_factory=dict)
    grounding: GroundingRates = field(init=False, default_factory=GroundingRates)

    def __post_init__(self) -> None:
        by_field: dict[str, Counts] = {}
        self.types = {t: Counts() for t in RECORD_TYPES}
        self.items = {t: ItemStats() for t in RECORD_TYPES[1:]}
        self.total = Counts()
        self.grounding = GroundingRates()
        for doc in self.docs.values():
            for key, counts in doc.fields.items():
                by_field[key] = by_field.get(key, Counts()) + counts
            for key, counts in doc.types.items():
                self.types[key] = self.types[key] + counts
            for key, stats in doc.items.items():
                self.items[key] = self.items[key] + stats
            self.total = self.total + doc.total
            self.grounding = self.grounding + doc.grounding
        self.fields = _sorted_fields(by_field)

    def to_dict(self, details: bool = True) -> dict[str, Any]:
        return {
            **_scope_dict(self, grounding_details=False),
            "docs": {k: v.to_dict(details=details) for k, v in self.docs.items()},
            "settings": {
                "rel_tolerance": REL_TOLERANCE,
                "team_similarity": TEAM_SIMILARITY,
                "value_weight": VALUE_WEIGHT,
                "match_threshold": MATCH_THRESHOLD,
            },
        }


# --------------------------------------------------------------------------- evidence spans


def evidence_positions(evidence: Sequence[Evidence], text: str) -> frozenset[int]:
    """Character positions the evidence covers in ``text``.

    Spans set by grounding (or by the labeller) are used as they are. A quote nobody
    located (start = end = 0, match None) is found with a plain ``str.find``, then in the
    simplified text when t2s keeps the length (it maps character for character on this
    corpus). A quote grounding marked ``none`` covers nothing.
    """
    positions: set[int] = set()
    for ev in evidence:
        start, end = ev.start, ev.end
        if end <= start:
            if ev.match is not None:
                continue
            start = find_quote(ev.quote, text)
            if start < 0:
                continue
            end = start + len(ev.quote)
        positions.update(range(start, end))
    return frozenset(positions)


def find_quote(quote: str, text: str) -> int:
    """Where a quote nobody located starts in ``text``, or -1.

    A plain ``str.find`` first, then the same search in simplified script when t2s keeps
    the text's length (so offsets still hold).
    """
    start = text.find(quote) if quote else -1
    return start if start >= 0 else _find_normalised(quote, text)


@lru_cache(maxsize=8)
def _simplified(text: str) -> str:
    # Whole documents: llmx.core.script caches only short strings.
    return to_simplified(text)


def _find_normalised(quote: str, text: str) -> int:
    simplified = _simplified(text)
    if not quote or len(simplified) != len(text):
        return -1
    return simplified.find(to_simplified(quote))


def iou(a: frozenset[int], b: frozenset[int]) -> float:
    """Intersection over union of two position sets (0 when either is empty)."""
    if not a or not b:
        return 0.0
    inter = len(a & b)
    return inter / (len(a) + len(b) - inter)


# --------------------------------------------------------------------------- similarity


def text_similarity(a: str | None, b: str | None) -> float:
    """Indel similarity (0..1) of two normalised strings."""
    if not a or not b:
        return 0.0
    return float(Indel.normalized_similarity(normalise(a), normalise(b)))


def _measure_numbers(item: Measure) -> list[float]:
    values = [item.investment_yuan, item.households, item.people]
    numbers = [float(v) for v in values if v is not None]
    numbers += [float(q.value) * canonical_unit(q.unit)[0] for q in item.quantities]
    return numbers


def value_agreement(gold: Measure | Metric, pred: Measure | Metric) -> float:
    """How far two items agree on their money/value, 0..1.

    Metrics: 1 when ``value`` agrees (after unit multipliers), else 0. Measures: when both
    state ``investment_yuan``, 1 if it agrees, else 0; otherwise the share of their
    numbers (investment, households, people, quantity values) that agree, |common| /
    |union|, so measures without money still pair on their outputs.
    """
    if isinstance(gold, Metric) and isinstance(pred, Metric):
        g_factor, _ = canonical_unit(gold.unit)
        p_factor, _ = canonical_unit(pred.unit)
        return 1.0 if numbers_equal(gold.value * g_factor, pred.value * p_factor) else 0.0
    assert isinstance(gold, Measure) and isinstance(pred, Measure)
    if gold.investment_yuan is not None and pred.investment_yuan is not None:
        return 1.0 if numbers_equal(gold.investment_yuan, pred.investment_yuan) else 0.0
    g_numbers, p_numbers = _measure_numbers(gold), _measure_numbers(pred)
    if not g_numbers or not p_numbers:
        return 0.0
    common = _multiset_common(g_numbers, p_numbers)
    return common / (len(g_numbers) + len(p_numbers) - common)


def _multiset_common(gold: list[float], pred: list[float]) -> int:
    remaining = list(pred)
    common = 0
    for value in gold:
        for index, other in enumerate(remaining):
            if numbers_equal(value, other):
                common += 1
                del remaining[index]
                break
    return common


def pair_similarity(gold_span: frozenset[int], pred_span: frozenset[int], agreement: float) -> float:
    """Evidence IoU plus ``VALUE_WEIGHT`` x value agreement (0..1.5)."""
    return iou(gold_span, pred_span) + VALUE_WEIGHT * agreement


# --------------------------------------------------------------------------- atoms


def _compare(kind: _Kind, gold: Any, pred: Any, gold_item: Any = None, pred_item: Any = None) -> bool:
    if kind == "str":
        return normalise(gold) == normalise(pred)
    if kind == "strset":
        return {normalise(v) for v in gold} == {normalise(v) for v in pred}
    if kind == "int":
        return int(gold) == int(pred)
    if kind == "num":
        return numbers_equal(float(gold), float(pred))
    if kind == "metric_value":
        g_factor = canonical_unit(gold_item.unit)[0] if gold_item is not None else 1.0
        p_factor = canonical_unit(pred_item.unit)[0] if pred_item is not None else 1.0
        return numbers_equal(float(gold) * g_factor, float(pred) * p_factor)
    if kind == "unit":
        return canonical_unit(gold)[1] == canonical_unit(pred)[1]
    return bool(gold == pred)


def _atom_value(kind: _Kind, item: Any, name: str) -> Any:
    if item is None:
        return None
    value = getattr(item, name)
    if kind == "bool":
        return True if value else None  # approx=false is the default, i.e. not stated
    if kind == "strset":
        return list(value) if value else None
    return value if _present(value) else None


def compare_fields(record_type: str, gold: Any, pred: Any) -> list[FieldOutcome]:
    """Outcomes of every atom of one pair of items (either side may be None: unmatched)."""
    outcomes: list[FieldOutcome] = []
    for name, kind in ATOM_FIELDS[record_type]:
        g = _atom_value(kind, gold, name)
        p = _atom_value(kind, pred, name)
        if g is None and p is None:
            continue
        if p is None:
            outcome: Outcome = "omission"
        elif g is None:
            outcome = "hallucination"
        else:
            outcome = "match" if _compare(kind, g, p, gold, pred) else "mismatch"
        outcomes.append(FieldOutcome(name, outcome, _jsonable(g), _jsonable(p)))
    if record_type == "measures":
        outcomes += compare_quantities(gold.quantities if gold else [], pred.quantities if pred else [])
    return outcomes


def _quantity_key(quantity: Quantity) -> tuple[float, float | None, str]:
    factor, unit = canonical_unit(quantity.unit)
    high = quantity.value_max * factor if quantity.value_max is not None else None
    return quantity.value * factor, high, unit


def _quantities_equal(gold: Quantity, pred: Quantity) -> bool:
    g_value, g_max, g_unit = _quantity_key(gold)
    p_value, p_max, p_unit = _quantity_key(pred)
    if g_unit != p_unit or not numbers_equal(g_value, p_value):
        return False
    if g_max is None or p_max is None:
        return g_max is None and p_max is None
    return numbers_equal(g_max, p_max)


def compare_quantities(gold: Sequence[Quantity], pred: Sequence[Quantity]) -> list[FieldOutcome]:
    """Element atoms of two quantity lists (value, value_max and unit; ``item`` is a label).

    Equal quantities pair first (in gold order); leftovers of the same unit then pair in
    order as mismatches; what is left is omission (gold) or hallucination (prediction).
    """
    outcomes: list[FieldOutcome] = []
    free = list(range(len(pred)))
    leftovers: list[int] = []
    for g_index, quantity in enumerate(gold):
        hit = next((p for p in free if _quantities_equal(quantity, pred[p])), None)
        if hit is None:
            leftovers.append(g_index)
            continue
        free.remove(hit)
        outcomes.append(FieldOutcome("quantities", "match", _jsonable(quantity), _jsonable(pred[hit])))
    for g_index in leftovers:
        quantity = gold[g_index]
        unit = _quantity_key(quantity)[2]
        hit = next((p for p in free if _quantity_key(pred[p])[2] == unit), None)
        if hit is None:
            outcomes.append(FieldOutcome("quantities", "omission", _jsonable(quantity), None))
            continue
        free.remove(hit)
        outcomes.append(FieldOutcome("quantities", "mismatch", _jsonable(quantity), _jsonable(pred[hit])))
    outcomes += [FieldOutcome("quantities", "hallucination", None, _jsonable(pred[p])) for p in free]
    return outcomes


# --------------------------------------------------------------------------- matching


def _assign(scores: np.ndarray, threshold: float) -> list[tuple[int, int]]:
    """Optimal one-to-one pairs with score >= threshold (entries below it cannot pair)."""
    if scores.size == 0:
        return []
    masked = np.where(scores >= threshold, scores, 0.0)
    rows, cols = linear_sum_assignment(masked, maximize=True)
    return [(int(r), int(c)) for r, c in zip(rows, cols, strict=True) if scores[r, c] >= threshold]


def _score_matrix(gold: Sequence[Any], pred: Sequence[Any], score: Callable[[Any, Any], float]) -> np.ndarray:
    matrix = np.zeros((len(gold), len(pred)))
    for i, g in enumerate(gold):
        for j, p in enumerate(pred):
            matrix[i, j] = score(g, p)
    return matrix


def team_similarity(gold: Team, pred: Team) -> float:
    """SPEC 5 team key: ``sent_by`` when both have one, else ``leader``, else shared villages.

    Returns the similarity of the key in use, or 0 when the key does not clear
    ``TEAM_SIMILARITY`` (for villages: 0.5 + 0.5 x Jaccard of the village sets when they
    share one, so a name match outranks a village-only match).
    """
    if gold.sent_by and pred.sent_by:
        similarity = text_similarity(gold.sent_by, pred.sent_by)
        return similarity if similarity >= TEAM_SIMILARITY else 0.0
    if gold.leader and pred.leader:
        similarity = text_similarity(gold.leader, pred.leader)
        return similarity if similarity >= TEAM_SIMILARITY else 0.0
    g_villages = {normalise(v) for v in gold.villages}
    p_villages = {normalise(v) for v in pred.villages}
    shared = g_villages & p_villages
    if not shared:
        return 0.0
    return 0.5 + 0.5 * len(shared) / len(g_villages | p_villages)


def _match_villages(gold: Sequence[Village], pred: Sequence[Village]) -> list[tuple[int, int, float]]:
    def score(g: Village, p: Village) -> float:
        return 1.0 if normalise(g.name) == normalise(p.name) else 0.0

    return [(i, j, 1.0) for i, j in _assign(_score_matrix(gold, pred, score), 1.0)]


def _match_teams(gold: Sequence[Team], pred: Sequence[Team]) -> list[tuple[int, int, float]]:
    matrix = _score_matrix(gold, pred, team_similarity)
    return [(i, j, float(matrix[i, j])) for i, j in _assign(matrix, 1e-9)]


def _match_by_evidence(
    gold: Sequence[Measure | Metric],
    pred: Sequence[Measure | Metric],
    gold_spans: Sequence[frozenset[int]],
    pred_spans: Sequence[frozenset[int]],
) -> list[tuple[int, int, float]]:
    matrix = np.zeros((len(gold), len(pred)))
    for i, g in enumerate(gold):
        for j, p in enumerate(pred):
            matrix[i, j] = pair_similarity(gold_spans[i], pred_spans[j], value_agreement(g, p))
    return [(i, j, float(matrix[i, j])) for i, j in _assign(matrix, MATCH_THRESHOLD)]


def match_items(record_type: str, gold: Sequence[Any], pred: Sequence[Any], text: str) -> list[ItemPair]:
    """Pair the gold and predicted items of one record type and compare their atoms.

    Returns matched pairs in gold order, then unmatched gold items, then unmatched
    predicted items.
    """
    gold_spans = [evidence_positions(item.evidence, text) for item in gold]
    pred_spans = [evidence_positions(item.evidence, text) for item in pred]
    if record_type == "villages":
        pairs = _match_villages(gold, pred)
    elif record_type == "teams":
        pairs = _match_teams(gold, pred)
    else:
        pairs = _match_by_evidence(gold, pred, gold_spans, pred_spans)
    result: list[ItemPair] = []
    for i, j, similarity in sorted(pairs):
        g, p = gold[i], pred[j]
        text_sim = None
        if record_type == "measures":
            text_sim = text_similarity(g.summary, p.summary)
        elif record_type == "metrics":
            text_sim = text_similarity(g.name, p.name)
        result.append(
            ItemPair(
                record_type,
                i,
                j,
                similarity=similarity,
                iou=iou(gold_spans[i], pred_spans[j]),
                text_similarity=text_sim,
                fields=compare_fields(record_type, g, p),
            )
        )
    matched_gold = {i for i, _, _ in pairs}
    matched_pred = {j for _, j, _ in pairs}
    for i, g in enumerate(gold):
        if i not in matched_gold:
            result.append(ItemPair(record_type, i, None, fields=compare_fields(record_type, g, None)))
    for j, p in enumerate(pred):
        if j not in matched_pred:
            result.append(ItemPair(record_type, None, j, fields=compare_fields(record_type, None, p)))
    return result


# --------------------------------------------------------------------------- entry points


def score_document(gold: Report, pred: Report, text: str) -> DocScore:
    """Score one predicted Report against its gold Report; ``text`` is the document text."""
    pairs = [
        ItemPair("report", 0, 0, similarity=1.0, fields=compare_fields("report", gold, pred)),
    ]
    items: dict[str, ItemStats] = {}
    gold_items, pred_items = report_items(gold), report_items(pred)
    for record_type in RECORD_TYPES[1:]:
        type_pairs = match_items(record_type, gold_items[record_type], pred_items[record_type], text)
        pairs += type_pairs
        stats = ItemStats(gold=len(gold_items[record_type]), pred=len(pred_items[record_type]))
        for pair in type_pairs:
            if not pair.matched:
                continue
            stats.matched += 1
            if pair.iou is not None:
                stats.iou_sum += pair.iou
                stats.iou_n += 1
            if pair.text_similarity is not None:
                stats.text_similarity_sum += pair.text_similarity
                stats.text_similarity_n += 1
        items[record_type] = stats
    return DocScore(gold.doc_id, item_pairs=pairs, items=items, grounding=grounding_rates(pred, text))


def empty_report(doc_id: str) -> Report:
    """What a document without a prediction is scored as: a Report with no record."""
    # model_validate rather than Report(doc_id=...): mypy, without pydantic's plugin, does
    # not see defaults given to Field() positionally and would ask for every field.
    return Report.model_validate({"doc_id": doc_id})


def score_run(golds: dict[str, Report], preds: dict[str, Report], texts: dict[str, str]) -> RunScore:
    """Score every gold document; a document without a prediction scores an empty Report."""
    docs: dict[str, DocScore] = {}
    for doc_id in sorted(golds):
        pred = preds.get(doc_id) or empty_report(doc_id)
        docs[doc_id] = score_document(golds[doc_id], pred, texts.get(doc_id, ""))
    return RunScore(docs)
