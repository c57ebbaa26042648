"""Verified figures: does each record's own evidence state each of its numbers?

A quote found in the source proves the sentence exists; it does not prove the record's
numbers came from it. A model that writes 338 for a village of 331 households, quoting
the right sentence, passes grounding. So every number field of every record is checked
against the record's own quotes, after numeral and multiplier normalisation
(``stated_figures``: 二十万 → 200000, ２６０萬元 → 2600000, 7角 → 0.7), and marked:

- ``stated``: the quotes give the figure exactly;
- ``derived``: the quotes give it as a bound of a range or an approximation (约, 余, 近,
  以上, 九成), in a table whose unit line says 万元, a year the record resolved from
  今年/去年 or from the document (its date, or a year it states: SPEC resolves a record's
  year against the page date or the period a summary covers), or a count of one for a
  single thing or person the quote names (她老伴, 一座桥);
- ``unstated``: none of the above.

With ``strict`` (``--strict-grounding``) an unstated figure is set to null; where the
field cannot be null (a metric's or quantity's value) the metric or quantity goes.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, TypeVar

from pydantic import BaseModel

from llmx.core.meta import Figures, FigureStatus
from llmx.core.numbers import StatedFigure, stated_figures
from llmx.core.reading import strip_glosses
from llmx.core.script import to_simplified

R = TypeVar("R", bound=BaseModel)

#: Relative tolerance for a figure to count as the one its quote states (SPEC 5's equality).
TOLERANCE = 0.005

_TABLE_UNIT = re.compile(r"(?:单位|單位)\s*[:：]\s*(万|萬|亿|億)元")
_DOCUMENT_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?:\s*年|[-/.]\d{1,2}[-/.]\d{1,2})")
_RELATIVE_YEAR = re.compile(r"今年|去年|前年|当年|本年|明年|上年|同年|次年|年初|年底|年内|目前|截至目前|截止目前")
_YEAR_FIELDS = frozenset({"since", "exit_year", "year"})
#: Count fields where 1 may stand for one named person or thing rather than a numeral.
_COUNT_FIELDS = frozenset({"size", "households", "people", "value"})

_NUMBER_FIELDS: dict[str, tuple[str, ...]] = {
    "teams": ("size", "since"),
    "villages": ("households", "population", "poor_households", "poor_population", "poverty_rate_pct", "exit_year"),
    "measures": ("investment_yuan", "households", "people", "year"),
    "metrics": ("value", "value_max", "year"),
}
_REQUIRED = frozenset({("metrics", "value")})


def _matches(value: float, figure: StatedFigure) -> bool:
    return abs(figure.value - value) <= TOLERANCE * max(abs(value), 1e-9)


def figure_status(
    value: float, figures: Sequence[StatedFigure], *, field: str, relative_year: bool,
    context_years: frozenset[int] = frozenset(),
) -> FigureStatus:
    """How the quotes (read into ``figures``) give ``value`` of ``field``; ``context_years``
    are the years the document itself states (its date, its title, its text)."""
    tolerance = TOLERANCE * max(abs(value), 1e-9)
    exact = [f for f in figures if abs(f.value - value) <= tolerance]  # _matches, inlined: the hot loop
    if any(not f.derived for f in exact):
        return "stated"
    if exact:
        return "derived"
    if field in _YEAR_FIELDS and (relative_year or int(value) in context_years):
        return "derived"
    base = field.rsplit(".", 1)[-1]
    if value == 1 and base in _COUNT_FIELDS:
        return "derived"
    return "unstated"


def item_figures(kind: str, item: BaseModel) -> dict[str, float]:
    """``field path -> value`` for every non-null number field of one item."""
    found: dict[str, float] = {}
    for name in _NUMBER_FIELDS[kind]:
        value = getattr(item, name)
        if value is not None:
            found[name] = float(value)
    for i, quantity in enumerate(getattr(item, "quantities", ()) or ()):
        found[f"quantities[{i}].value"] = float(quantity.value)
        if quantity.value_max is not None:
            found[f"quantities[{i}].value_max"] = float(quantity.value_max)
    return found


def _quote_figures(quotes: str) -> tuple[StatedFigure, ...]:
    quotes = strip_glosses(quotes)  # '100余萬(wàn)元' on a mirror page states 100余萬元
    figures = stated_figures(quotes)
    table = _TABLE_UNIT.search(quotes)
    if table is None:
        return figures
    scale = 1e8 if table.group(1) in "亿億" else 1e4  # a table's rows in the unit its heading names
    return figures + tuple(StatedFigure(f.value * scale, f.written, f.scale * scale, True) for f in figures)


def context_years(text: str, published: int | None = None) -> frozenset[int]:
    """The years a document states (dates, 2019年), and its publication year."""
    years = {int(m.group(1)) for m in _DOCUMENT_YEAR.finditer(text)}
    if published is not None:
        years.add(published)
    return frozenset(years)


def check_item(kind: str, item: BaseModel, years: frozenset[int] = frozenset()) -> dict[str, FigureStatus]:
    """``field path -> status`` for one item, read against its own evidence quotes."""
    wanted = item_figures(kind, item)
    if not wanted:
        return {}
    quotes = "\n".join(e.quote for e in item.evidence)  # type: ignore[attr-defined]  # every item has evidence
    figures = _quote_figures(quotes)
    relative_year = any(f in _YEAR_FIELDS for f in wanted) and bool(_RELATIVE_YEAR.search(to_simplified(quotes)))
    return {
        path: figure_status(value, figures, field=path, relative_year=relative_year, context_years=years)
        for path, value in wanted.items()
    }


def _without_unstated(kind: str, item: Any, statuses: dict[str, FigureStatus]) -> Any | None:
    """``item`` with its unstated figures nulled, or None when a required figure is unstated."""
    unstated = {path for path, status in statuses.items() if status == "unstated"}
    if not unstated:
        return item
    if any((kind, path) in _REQUIRED for path in unstated):
        return None
    updates: dict[str, Any] = {path: None for path in unstated if "[" not in path}
    if kind == "measures" and any(path.startswith("quantities[") for path in unstated):
        kept = []
        for i, quantity in enumerate(item.quantities):
            if f"quantities[{i}].value" in unstated:
                continue
            if f"quantities[{i}].value_max" in unstated:
                quantity = quantity.model_copy(update={"value_max": None})
            kept.append(quantity)
        updates["quantities"] = kept
    return item.model_copy(update=updates)


def verify_figures(report: R, *, strict: bool = False, text: str = "") -> tuple[R, Figures]:
    """Mark every figure of ``report``; with ``strict``, null the unstated ones.

    ``text`` is the document: the years it states count for records' years. The returned
    ``Figures`` is aligned with the returned report's item lists.
    """
    published = getattr(report, "published", None)
    years = context_years(text, published.year if published is not None else None)
    checks = Figures()
    counts: dict[str, int] = {"checked": 0, "stated": 0, "derived": 0, "unstated": 0, "nulled": 0}
    updates: dict[str, list[Any]] = {}
    for kind in _NUMBER_FIELDS:
        kept_items: list[Any] = []
        kept_statuses: list[dict[str, FigureStatus]] = []
        for item in getattr(report, kind):
            statuses = check_item(kind, item, years)
            counts["checked"] += len(statuses)
            for status in statuses.values():
                counts[status] += 1
            if strict:
                unstated = sum(1 for s in statuses.values() if s == "unstated")
                new_item = _without_unstated(kind, item, statuses)
                counts["nulled"] += unstated
                if new_item is None:
                    continue
                if new_item is not item:
                    item = new_item
                    statuses = check_item(kind, item, years)
            kept_items.append(item)
            kept_statuses.append(statuses)
        updates[kind] = kept_items
        setattr(checks, kind, kept_statuses)
    for name, count in counts.items():  # one assignment per counter, not one per figure
        setattr(checks, name, getattr(checks, name) + count)
    return report.model_copy(update=updates), checks
