"""Merging per-chunk extractions into one Report.

Chunks overlap in what they mention: the same village named in two chunks, the same team
introduced twice. Items are merged when they are the same thing by SPEC's identity
(village by name, team by dispatching unit, then leader), and measures or metrics when
their grounded evidence overlaps and their figures agree, but only across chunks: two
items one chunk's answer lists separately are two things, however alike their quotes.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any, TypeVar

from pydantic import BaseModel

from llmx.core.records import Evidence, Extraction, Measure, Metric, Report, Team, Village

M = TypeVar("M", bound=BaseModel)
_SPACE = re.compile(r"\s+")


def name_key(value: str | None) -> str:
    """Comparison key for names: NFKC width folding, no whitespace."""
    if not value:
        return ""
    return _SPACE.sub("", unicodedata.normalize("NFKC", value))


def _merge_fields(first: M, second: M) -> M:
    """Keep ``first``'s values, fill its gaps from ``second``, union lists and evidence."""
    data: dict[str, Any] = first.model_dump()
    other = second.model_dump()
    for key, value in other.items():
        if key == "evidence":
            seen = {(e["quote"], e["start"], e["end"]) for e in data["evidence"]}
            data["evidence"] += [e for e in value if (e["quote"], e["start"], e["end"]) not in seen]
        elif isinstance(value, list) and key != "quantities":
            data[key] = data[key] + [v for v in value if v not in data[key]]
        elif data.get(key) in (None, [], "") and value not in (None, [], ""):
            data[key] = value
    return type(first).model_validate(data)


def _spans(item: Any) -> list[tuple[int, int]]:
    return [(e.start, e.end) for e in item.evidence if e.match not in (None, "none") and e.end > e.start]


def _overlaps(a: Any, b: Any) -> bool:
    return any(s1 < e2 and s2 < e1 for s1, e1 in _spans(a) for s2, e2 in _spans(b))


def _merge_by_key(items: Iterable[M], key: Any) -> list[M]:
    merged: list[M] = []
    index: dict[str, int] = {}
    for item in items:
        k = key(item)
        if k and k in index:
            merged[index[k]] = _merge_fields(merged[index[k]], item)
        else:
            if k:
                index[k] = len(merged)
            merged.append(item)
    return merged


def _team_key(team: Team) -> str:
    if team.sent_by:
        return "unit:" + name_key(team.sent_by)
    if team.leader:
        return "leader:" + name_key(team.leader)
    return ""


def _same_measure(a: Measure, b: Measure) -> bool:
    return _overlaps(a, b) and a.investment_yuan == b.investment_yuan and a.category == b.category


def _same_metric(a: Metric, b: Metric) -> bool:
    return _overlaps(a, b) and a.value == b.value and a.unit == b.unit


def _merge_overlapping(items: Sequence[tuple[int, M]], same: Any) -> list[M]:
    """Merge items of different chunks that are the same thing; items one chunk lists
    separately stay separate (the chunk's answer said they are two)."""
    merged: list[M] = []
    parts: list[set[int]] = []
    for part, item in items:
        for i, kept in enumerate(merged):
            if part not in parts[i] and same(kept, item):
                merged[i] = _merge_fields(kept, item)
                parts[i].add(part)
                break
        else:
            merged.append(item)
            parts.append({part})
    return merged


def merge_extractions(parts: Sequence[Extraction], doc_id: str) -> Report:
    """One Report from the chunk extractions of a document, in chunk order."""
    header: dict[str, Any] = {"title": None, "outlet": None, "published": None}
    authors: list[str] = []
    teams: list[Team] = []
    villages: list[Village] = []
    measures: list[tuple[int, Measure]] = []
    metrics: list[tuple[int, Metric]] = []
    for index, part in enumerate(parts):
        for key in header:
            if header[key] is None:
                header[key] = getattr(part, key)
        authors += [a for a in getattr(part, "authors", []) if a not in authors]
        teams += part.teams
        villages += part.villages
        measures += [(index, m) for m in part.measures]
        metrics += [(index, m) for m in part.metrics]
    return Report(
        doc_id=doc_id,
        **header,
        authors=authors,
        teams=_merge_by_key(teams, _team_key),
        villages=_merge_by_key(villages, lambda v: name_key(v.name)),
        measures=_merge_overlapping(measures, _same_measure),
        metrics=_merge_overlapping(metrics, _same_metric),
    )


def shift_evidence(part: M, offset: int) -> M:
    """Move evidence offsets a backend gave relative to its chunk into document offsets."""
    if offset == 0:
        return part

    def shift(evidence: list[Evidence]) -> list[Evidence]:
        return [
            e.model_copy(update={"start": e.start + offset, "end": e.end + offset}) if e.match is not None else e
            for e in evidence
        ]

    updates = {}
    for field in ("teams", "villages", "measures", "metrics"):
        updates[field] = [item.model_copy(update={"evidence": shift(item.evidence)}) for item in getattr(part, field)]
    return part.model_copy(update=updates)
