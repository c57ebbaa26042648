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

from llmx.core.meta import MergeConflict
from llmx.core.records import Evidence, Extraction, Measure, Metric, Report, Team, Village

M = TypeVar("M", bound=BaseModel)
_SPACE = re.compile(r"\s+")


def name_key(value: str | None) -> str:
    """Comparison key for names: NFKC width folding, no whitespace."""
    if not value:
        return ""
    return _SPACE.sub("", unicodedata.normalize("NFKC", value))


#: (field, kept value, other value, chunk of the other) for each field two merged items disagree on
Disagreement = tuple[str, Any, Any, int]


def _merge_fields(first: M, second: M, chunk: int = 0, disagreements: list[Disagreement] | None = None) -> M:
    """Keep ``first``'s values, fill its gaps from ``second``, union lists and evidence."""
    return _merge_all([(0, first), (chunk, second)], disagreements)


def _merge_all(items: Sequence[tuple[int, M]], disagreements: list[Disagreement] | None = None) -> M:
    """``_merge_fields`` folded over ``(chunk, item)`` pairs in one pass: the first item's
    values, gaps filled in order, lists and evidence unioned; a value that differs from
    the one kept goes to ``disagreements``. Merging pairwise redumped the growing item
    each time: a village quoted in every chunk of a long report took quadratic time."""
    if len(items) == 1:
        return items[0][1]
    data: dict[str, Any] = items[0][1].model_dump()
    seen: dict[str, _Seen] = {}
    for chunk, item in items[1:]:
        for key, value in item.model_dump().items():
            if key == "evidence" or (isinstance(value, list) and key != "quantities"):
                if key not in seen:
                    seen[key] = _Seen(data[key], _evidence_key if key == "evidence" else None)
                known = seen[key]
                added = [v for v in value if v not in known]
            else:
                if data.get(key) in (None, [], "") and value not in (None, [], ""):
                    data[key] = value
                elif value not in (None, [], "") and value != data[key] and disagreements is not None:
                    disagreements.append((key, data[key], value, chunk))
                continue
            data[key].extend(added)  # the dump's own list, not an item's
            known.update(added)
    return type(items[0][1]).model_validate(data)


def _evidence_key(evidence: Any) -> Any:
    return evidence["quote"], evidence["start"], evidence["end"]


class _Seen:
    """Membership in a list that only grows: a set of keys, or the list for unhashable values."""

    def __init__(self, values: list[Any], key: Any = None) -> None:
        self._key = key or (lambda value: value)
        self._list = list(values)
        try:
            self._set: set[Any] | None = {self._key(v) for v in values}
        except TypeError:
            self._set = None

    def __contains__(self, value: Any) -> bool:
        if self._set is not None:
            try:
                return self._key(value) in self._set
            except TypeError:
                self._set = None
        return any(self._key(v) == self._key(value) for v in self._list)

    def update(self, values: list[Any]) -> None:
        self._list += values
        if self._set is not None:
            try:
                self._set.update(self._key(v) for v in values)
            except TypeError:
                self._set = None


def _spans(item: Any) -> list[tuple[int, int]]:
    return [(e.start, e.end) for e in item.evidence if e.match not in (None, "none") and e.end > e.start]


def _overlaps(a: Any, b: Any) -> bool:
    return any(s1 < e2 and s2 < e1 for s1, e1 in _spans(a) for s2, e2 in _spans(b))


def _merge_by_key(items: Iterable[tuple[int, M]], key: Any, kind: str, conflicts: list[MergeConflict]) -> list[M]:
    groups: list[list[tuple[int, M]]] = []
    index: dict[str, int] = {}
    for chunk, item in items:
        k = key(item)
        if k and k in index:
            groups[index[k]].append((chunk, item))
        else:
            if k:
                index[k] = len(groups)
            groups.append([(chunk, item)])
    merged = []
    for i, group in enumerate(groups):
        disagreements: list[Disagreement] = []
        merged.append(_merge_all(group, disagreements))
        conflicts.extend(_conflicts(f"{kind}[{i}]", disagreements))
    return merged


def _conflicts(record: str, disagreements: list[Disagreement]) -> list[MergeConflict]:
    return [
        MergeConflict(record=record, field=name, kept=kept, other=other, chunk=chunk)
        for name, kept, other, chunk in disagreements
    ]


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


#: Width of the text slices evidence spans are filed under when looking for overlaps.
_BUCKET_CHARS = 256


def _merge_overlapping(
    items: Sequence[tuple[int, M]], same: Any, kind: str, conflicts: list[MergeConflict]
) -> list[M]:
    """Merge items of different chunks that are the same thing; items one chunk lists
    separately stay separate (the chunk's answer said they are two).

    ``same`` holds only for items whose grounded evidence overlaps, so an item is
    compared only with the kept items filed under the same slices of the text (not with
    every kept item: quadratic time on a long report), earliest first as before.
    """
    merged: list[M] = []
    parts: list[set[int]] = []
    slices: dict[int, list[int]] = {}
    disagreements: dict[int, list[Disagreement]] = {}

    def file(i: int, spans: list[tuple[int, int]]) -> None:
        for start, end in spans:
            for b in range(start // _BUCKET_CHARS, (end - 1) // _BUCKET_CHARS + 1):
                slices.setdefault(b, []).append(i)

    for part, item in items:
        spans = _spans(item)
        near = {
            i for start, end in spans
            for b in range(start // _BUCKET_CHARS, (end - 1) // _BUCKET_CHARS + 1)
            for i in slices.get(b, ())
        }
        for i in sorted(near):
            if part not in parts[i] and same(merged[i], item):
                merged[i] = _merge_fields(merged[i], item, part, disagreements.setdefault(i, []))
                parts[i].add(part)
                file(i, spans)
                break
        else:
            merged.append(item)
            parts.append({part})
            file(len(merged) - 1, spans)
    for i in sorted(disagreements):
        conflicts.extend(_conflicts(f"{kind}[{i}]", disagreements[i]))
    return merged


def merge_extractions(
    parts: Sequence[Extraction], doc_id: str, conflicts: list[MergeConflict] | None = None
) -> Report:
    """One Report from the chunk extractions of a document, in chunk order. Where two
    chunks give one item different values, the first is kept and the other is appended
    to ``conflicts`` (the pipeline writes them to ``meta.merge_conflicts``)."""
    found: list[MergeConflict] = [] if conflicts is None else conflicts
    header: dict[str, Any] = {"title": None, "outlet": None, "published": None}
    authors: list[str] = []
    teams: list[tuple[int, Team]] = []
    villages: list[tuple[int, Village]] = []
    measures: list[tuple[int, Measure]] = []
    metrics: list[tuple[int, Metric]] = []
    for index, part in enumerate(parts):
        for key in header:
            if header[key] is None:
                header[key] = getattr(part, key)
        authors += [a for a in getattr(part, "authors", []) if a not in authors]
        teams += [(index, t) for t in part.teams]
        villages += [(index, v) for v in part.villages]
        measures += [(index, m) for m in part.measures]
        metrics += [(index, m) for m in part.metrics]
    return Report(
        doc_id=doc_id,
        **header,
        authors=authors,
        teams=_merge_by_key(teams, _team_key, "teams", found),
        villages=_merge_by_key(villages, lambda v: name_key(v.name), "villages", found),
        measures=_merge_overlapping(measures, _same_measure, "measures", found),
        metrics=_merge_overlapping(metrics, _same_metric, "metrics", found),
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
