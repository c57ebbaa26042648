"""Merging chunk extractions: same village by name, same team by unit, same measure or
metric by overlapping grounded evidence with agreeing figures."""

from __future__ import annotations

from llmx.core.merge import merge_extractions, shift_evidence
from llmx.core.records import Extraction


def ev(quote: str, start: int, end: int) -> dict:
    return {"quote": quote, "start": start, "end": end, "match": "exact"}


def part(**items: object) -> Extraction:
    return Extraction.model_validate(items)  # type: ignore[return-value]


def test_same_village_in_two_chunks_becomes_one_with_fields_filled() -> None:
    a = part(villages=[{"name": "甲村", "households": 120, "evidence": [ev("全村120户", 0, 6)]}])
    b = part(villages=[{"name": "甲 村", "population": 410, "households": 999, "evidence": [ev("410人", 50, 54)]}])
    report = merge_extractions([a, b], "d")
    assert len(report.villages) == 1
    village = report.villages[0]
    assert (village.households, village.population) == (120, 410)  # first chunk wins a conflict
    assert [e.quote for e in village.evidence] == ["全村120户", "410人"]


def test_teams_merge_by_unit_then_leader_and_union_villages() -> None:
    a = part(teams=[{"sent_by": "县纪委", "villages": ["甲村"], "evidence": [ev("县纪委", 0, 3)]},
                    {"leader": "张三", "evidence": [ev("第一书记张三", 10, 16)]}])
    b = part(teams=[{"sent_by": "县纪委", "villages": ["乙村"], "size": 3, "evidence": [ev("一队三人", 30, 34)]},
                    {"leader": "张三", "since": 2016, "evidence": [ev("2016年", 40, 45)]},
                    {"sent_by": "县财政局", "evidence": [ev("县财政局", 60, 64)]}])
    teams = merge_extractions([a, b], "d").teams
    assert len(teams) == 3
    assert teams[0].villages == ["甲村", "乙村"] and teams[0].size == 3
    assert teams[1].since == 2016


def test_measures_merge_only_when_evidence_overlaps_and_money_agrees() -> None:
    m = {"category": "infrastructure", "summary": "修路", "investment_yuan": 2600000}
    a = part(measures=[{**m, "evidence": [ev("投资260万元修路", 100, 110)]}])
    b = part(measures=[{**m, "quantities": [{"value": 3.7, "unit": "公里"}], "evidence": [ev("修路3.7公里", 106, 114)]},
                       {**m, "evidence": [ev("投资260万元修路", 300, 310)]},
                       {**m, "investment_yuan": 100, "evidence": [ev("修路", 106, 108)]}])
    measures = merge_extractions([a, b], "d").measures
    assert len(measures) == 3
    assert measures[0].quantities[0].value == 3.7


def test_ungrounded_evidence_never_merges() -> None:
    metric = {"name": "脱贫户数", "value": 16, "unit": "户"}
    unfound = {"quote": "16户", "start": 0, "end": 0, "match": "none"}
    a = part(metrics=[{**metric, "evidence": [unfound]}])
    b = part(metrics=[{**metric, "evidence": [unfound]}])
    assert len(merge_extractions([a, b], "d").metrics) == 2


def test_header_fields_come_from_the_first_chunk_that_has_them() -> None:
    a = part(authors=["张三"])
    b = part(title="标题", published="2018-12-29", authors=["张三", "李四"])
    report = merge_extractions([a, b], "d")
    assert report.title == "标题" and report.authors == ["张三", "李四"]
    assert report.doc_id == "d"


def test_shift_moves_only_offsets_a_backend_computed() -> None:
    p = part(metrics=[{"name": "x", "value": 1, "unit": "户",
                       "evidence": [ev("1户", 2, 4), {"quote": "1户", "start": 0, "end": 0}]}])
    shifted = shift_evidence(p, 100)
    evidence = shifted.metrics[0].evidence  # type: ignore[attr-defined]
    assert (evidence[0].start, evidence[0].end) == (102, 104)
    assert (evidence[1].start, evidence[1].end) == (0, 0)


def test_a_value_the_merge_did_not_keep_is_recorded_as_a_conflict() -> None:
    a = part(villages=[{"name": "甲村", "households": 120, "evidence": [ev("全村120户", 0, 6)]}],
             teams=[{"sent_by": "县纪委", "leader": "张三", "evidence": [ev("县纪委", 20, 23)]}])
    b = part(villages=[{"name": "甲村", "households": 130, "population": 410, "evidence": [ev("130户410人", 50, 58)]}],
             teams=[{"sent_by": "县纪委", "leader": "李四", "evidence": [ev("县纪委李四", 70, 75)]}])
    conflicts: list = []
    report = merge_extractions([a, b], "d", conflicts)
    assert report.villages[0].households == 120  # the first chunk's value stays
    assert sorted((c.record, c.field, c.kept, c.other, c.chunk) for c in conflicts) == [
        ("teams[0]", "leader", "张三", "李四", 1),
        ("villages[0]", "households", 120, 130, 1),
    ]


def test_agreeing_or_complementary_chunks_record_no_conflict() -> None:
    a = part(villages=[{"name": "甲村", "households": 120, "evidence": [ev("全村120户", 0, 6)]}])
    b = part(villages=[{"name": "甲村", "households": 120, "population": 410, "evidence": [ev("410人", 50, 54)]}])
    conflicts: list = []
    merge_extractions([a, b], "d", conflicts)
    assert conflicts == []
