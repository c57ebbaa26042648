"""SPEC's conventions applied to whole records, whatever backend produced them.

Text values in simplified script (evidence quotes excepted), titles without outlet tags
or dashes, author names without their roles, units normalised with their factor applied
(万元 → 元), and each village's division path completed from the text.
"""

from __future__ import annotations

import re
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from llmx.core.divisions import complete_divisions
from llmx.core.numbers import clean_float
from llmx.core.script import to_simplified
from llmx.core.units import normalize_unit, people_or_rank

R = TypeVar("R", bound=BaseModel)

_TITLE_JUNK = re.compile(r"^(?:\s|[—\-－–_~～]|【[^】]{0,20}】|\[[^\]]{0,20}\])+")
#: A writer's role before the name ('记者王丽', '文/王丽'); 文 only with a mark after it, since it
#: is a surname too ('文晓峰').
_AUTHOR_ROLE = re.compile(r"^(?:本报|本网)?(?:记者|通讯员|特约记者|作者|撰稿|撰文|供稿|执笔)[\s:：/]*|^文[\s:：/]+")
_NOT_AUTHOR = re.compile(r"编辑|摄|审核|校对|责编|监制")


def _simplify_value(value: Any) -> Any:
    if isinstance(value, str):
        return to_simplified(value).strip()
    if isinstance(value, list):
        return [_simplify_value(v) for v in value]
    return value


def _normalise_quantity(data: dict[str, Any], quotes: str) -> dict[str, Any]:
    """``data`` (a Quantity's or Metric's fields) with its unit normalised; a new dict."""
    unit = data.get("unit")
    if not isinstance(unit, str) or not unit.strip():
        return data
    if people_or_rank(unit, quotes) == "名":
        return {**data, "unit": "名"}
    factor, canonical = normalize_unit(unit)
    data = {**data, "unit": canonical}
    if factor != 1.0:
        for key in ("value", "value_max"):
            if isinstance(data.get(key), int | float):
                data[key] = clean_float(data[key] * factor)
    return data


def _normalise_item(kind: str, data: dict[str, Any], quotes: str = "") -> dict[str, Any]:
    """An item's fields with SPEC's conventions applied; a new dict, ``data`` is left as it is."""
    quotes = quotes or "\n".join(e["quote"] for e in data.get("evidence") or ())
    out: dict[str, Any] = {}
    for key, value in data.items():
        if key == "quantities":
            out[key] = [_normalise_quantity(_normalise_item("quantity", q, quotes), quotes) for q in value]
        elif key in ("evidence", "category", "status"):
            out[key] = value  # quotes stay verbatim in the source's script; enums are enums
        else:
            out[key] = _simplify_value(value)
    return _normalise_quantity(out, quotes) if kind == "metrics" else out


def _clean_title(title: Any) -> Any:
    if not isinstance(title, str):
        return title
    cleaned = _TITLE_JUNK.sub("", to_simplified(title)).strip()
    return cleaned or None


def _clean_authors(authors: Any) -> Any:
    if not isinstance(authors, list):
        return authors
    out: list[str] = []
    for author in authors:
        if not isinstance(author, str) or _NOT_AUTHOR.search(author):
            continue
        name = _AUTHOR_ROLE.sub("", to_simplified(author).strip()).strip()
        if name and name not in out:
            out.append(name)
    return out


def normalize_report(report: R, *, text: str | None = None) -> R:
    """A new Report/Extraction with SPEC's conventions applied; idempotent.

    Text values simplified (evidence quotes excepted), titles without tags or dashes,
    author names without roles, units normalised with their factor applied to the value
    (万元 → 元). With ``text`` (the document), villages also get their division path
    completed by ``complete_divisions``. An item the changes would make invalid is kept
    as it was.
    """
    model = type(report)
    data = report.model_dump()
    if isinstance(data.get("outlet"), str):
        data["outlet"] = to_simplified(data["outlet"]).strip() or None
    if "title" in data:
        data["title"] = _clean_title(data["title"])
    if "authors" in data:
        data["authors"] = _clean_authors(data["authors"])
    for kind in ("teams", "villages", "measures", "metrics"):
        items = list(getattr(report, kind))
        item_model = type(items[0]) if items else None
        new_items = []
        for original, item_data in zip(items, data[kind], strict=True):
            normalised = _normalise_item(kind, item_data)
            new_item: Any = original
            if normalised != item_data:  # most items of the rules backend are already normal
                try:
                    new_item = item_model.model_validate(normalised)  # type: ignore[union-attr]
                except ValidationError:
                    new_item = original
            new_items.append(new_item)
        if kind == "villages" and text is not None:
            new_items = complete_divisions(new_items, text)  # one search of the text for all names
        data[kind] = new_items
    return model.model_validate(data)
