"""Item-level validation: an invalid item costs that item, not its chunk or its document.

A model's answer is validated item by item, not as one object. A bad optional field
(a year of 3018, a team size of 0) is set to null and the item kept; an item whose
required facts are unusable (no evidence, no village name, a metric without a value) is
set aside, with the field and the validator's reason, for a re-ask or for ``meta``.
Everything valid is kept either way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ValidationError

from llmx.core.meta import InvalidItem
from llmx.core.records import ITEM_TYPES, Extraction
from llmx.errors import BackendError

_HEADER = ("title", "outlet", "published", "authors")
#: attempts at nulling optional fields before an item is given up
_MAX_FIELD_FIXES = 4


@dataclass
class Rejected:
    """An item that did not validate: where it was, what it said, and why it failed."""

    kind: str
    index: int
    data: Any
    field: str
    reason: str


@dataclass
class ValidatedAnswer:
    extraction: Extraction
    #: optional fields nulled to keep their item (already applied)
    nulled: list[InvalidItem] = field(default_factory=list)
    #: items left out: the candidates for a re-ask
    rejected: list[Rejected] = field(default_factory=list)

    def invalid_items(self, chunk: int) -> list[InvalidItem]:
        """What went missing, as ``meta.invalid_items`` records it."""
        return [*self.nulled, *(
            InvalidItem(chunk=chunk, path=f"{r.kind}[{r.index}]", field=r.field, reason=r.reason)
            for r in self.rejected
        )]


def _optional(model: type[BaseModel], name: str) -> bool:
    info = model.model_fields.get(name)
    return info is not None and not info.is_required()


def _first_error(err: ValidationError) -> tuple[str, str]:
    first = err.errors()[0]
    loc = ".".join(str(part) for part in first["loc"]) or "(item)"
    return loc, str(first["msg"])


def validate_item(
    model: type[BaseModel], data: Any, path: str, chunk: int, nulled: list[InvalidItem]
) -> tuple[BaseModel | None, str, str]:
    """(item, "", "") when it validates, possibly after nulling optional fields;
    else (None, failing field, reason)."""
    if not isinstance(data, dict):
        return None, "(item)", f"not an object: {str(data)[:80]}"
    data = dict(data)
    for _ in range(_MAX_FIELD_FIXES):
        try:
            return model.model_validate(data), "", ""
        except ValidationError as err:
            names = {str(e["loc"][0]) for e in err.errors() if e["loc"]}
            fixable = {n for n in names if _optional(model, n) and data.get(n) is not None}
            if not fixable or names - fixable:
                loc, reason = _first_error(err)
                return None, loc, reason
            for name in sorted(fixable):
                reason = next(str(e["msg"]) for e in err.errors() if e["loc"] and str(e["loc"][0]) == name)
                nulled.append(InvalidItem(chunk=chunk, path=f"{path}.{name}", field=name, reason=reason))
                data[name] = model.model_fields[name].get_default(call_default_factory=True)
    try:
        return model.model_validate(data), "", ""
    except ValidationError as err:
        loc, reason = _first_error(err)
        return None, loc, reason


def validate_answer(answer: Any, *, chunk: int = 0) -> ValidatedAnswer:
    """An Extraction of every valid item of ``answer`` (repaired JSON), and what was not.

    Raises BackendError (stage validate) when ``answer`` is not an object at all.
    """
    if not isinstance(answer, dict):
        raise BackendError(f"the answer is not a JSON object but {type(answer).__name__}", stage="validate")
    nulled: list[InvalidItem] = []
    header: dict[str, Any] = {}
    for name in _HEADER:
        if name not in answer:
            continue
        try:
            Extraction.model_validate({name: answer[name]})
            header[name] = answer[name]
        except ValidationError as err:
            nulled.append(InvalidItem(chunk=chunk, path=name, field=name, reason=_first_error(err)[1]))
    items: dict[str, list[BaseModel]] = {}
    rejected: list[Rejected] = []
    for kind, model in ITEM_TYPES.items():
        kept: list[BaseModel] = []
        raw = answer.get(kind) or []
        for index, data in enumerate(raw if isinstance(raw, list) else [raw]):
            item, where, reason = validate_item(model, data, f"{kind}[{index}]", chunk, nulled)
            if item is None:
                rejected.append(Rejected(kind, index, data, where, reason))
            else:
                kept.append(item)
        items[kind] = kept
    extraction = Extraction.model_validate({**header, **items})
    return ValidatedAnswer(extraction=extraction, nulled=nulled, rejected=rejected)
