"""Validators turn bad model output into errors an LLM re-ask can act on."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import BaseModel, ValidationError

from llmx.core.records import Extraction, Measure, Metric, Quantity, Report, Team, Village

EV = [{"quote": "全村共411户1384人"}]


def errors_of(model: type[BaseModel], data: dict[str, Any]) -> dict[str, str]:
    """Why ``data`` is rejected: the message by field path (``evidence.0.quote``; "" for the record)."""
    with pytest.raises(ValidationError) as info:
        model.model_validate(data)
    return {".".join(str(part) for part in error["loc"]): error["msg"] for error in info.value.errors()}


def test_evidence_accepts_a_bare_quote_string() -> None:
    team = Team.model_validate({"sent_by": "县纪委", "evidence": ["县纪委派驻工作队"]})
    assert team.evidence[0].quote == "县纪委派驻工作队"
    assert (team.evidence[0].start, team.evidence[0].end, team.evidence[0].match) == (0, 0, None)


@pytest.mark.parametrize(
    ("evidence", "loc", "why"),
    [([], "evidence", "evidence is empty"), ([""], "evidence.0.quote", "quote is empty"),
     (["   "], "evidence.0.quote", "quote is empty")],
)
def test_empty_evidence_is_rejected(evidence: list[str], loc: str, why: str) -> None:
    errors = errors_of(Team, {"sent_by": "县纪委", "evidence": evidence})
    assert list(errors) == [loc] and why in errors[loc]


@pytest.mark.parametrize(
    ("unit", "hint"),
    [("平米", "平方米"), ("万元", "元"), ("位", "人"), ("万人", "multiply"), ("亿元", "元"), ("", "empty")],
)
def test_units_outside_the_normalised_list_name_the_fix(unit: str, hint: str) -> None:
    errors = errors_of(Metric, {"name": "x", "value": 1, "unit": unit, "evidence": EV})
    assert list(errors) == ["unit"] and hint in errors["unit"]


@pytest.mark.parametrize("unit", ["元", "%", "户", "人", "平方米", "株", "盏", "支", "斤", "千瓦", "元/亩", "块"])
def test_normalised_units_and_counters_pass(unit: str) -> None:
    assert Metric.model_validate({"name": "x", "value": 1, "unit": unit, "evidence": EV}).unit == unit
    assert Quantity.model_validate({"value": 2, "unit": unit}).unit == unit


def test_poor_households_cannot_exceed_households() -> None:
    errors = errors_of(Village, {"name": "张家坝村", "households": 100, "poor_households": 231, "evidence": EV})
    assert list(errors) == [""] and "poor_households 231 exceeds households 100" in errors[""]


def test_poor_population_cannot_exceed_population() -> None:
    errors = errors_of(Village, {"name": "张家坝村", "population": 10, "poor_population": 11, "evidence": EV})
    assert list(errors) == [""] and "poor_population 11 exceeds population 10" in errors[""]


def test_equal_poor_and_total_is_allowed() -> None:
    village = Village.model_validate({"name": "A村", "households": 5, "poor_households": 5, "evidence": EV})
    assert village.poor_households == 5


@pytest.mark.parametrize("rate", [-1, 100.5, 5328])
def test_rate_outside_0_100(rate: float) -> None:
    errors = errors_of(Village, {"name": "A村", "poverty_rate_pct": rate, "evidence": EV})
    assert list(errors) == ["poverty_rate_pct"] and "outside 0-100" in errors["poverty_rate_pct"]


@pytest.mark.parametrize("year", [1977, 2036, 18])
def test_years_outside_range(year: int) -> None:
    assert "outside 1978-2035" in errors_of(Village, {"name": "A村", "exit_year": year, "evidence": EV})["exit_year"]
    assert "outside 1978-2035" in errors_of(
        Measure, {"category": "industry", "summary": "养牛", "year": year, "evidence": EV}
    )["year"]


def test_summary_over_40_characters() -> None:
    summary = "修" * 41
    errors = errors_of(Measure, {"category": "infrastructure", "summary": summary, "evidence": EV})
    assert list(errors) == ["summary"] and "more than 40" in errors["summary"]
    ok = Measure.model_validate({"category": "infrastructure", "summary": "修" * 40, "evidence": EV})
    assert len(ok.summary) == 40


def test_unknown_category_and_status_are_rejected() -> None:
    errors = errors_of(Measure, {"category": "roads", "summary": "修路", "evidence": EV})
    assert list(errors) == ["category"] and "'infrastructure'" in errors["category"]  # names the valid ones
    errors = errors_of(Measure, {"category": "infrastructure", "summary": "修路", "status": "finished", "evidence": EV})
    assert list(errors) == ["status"] and "'done', 'ongoing' or 'planned'" in errors["status"]


def test_range_must_be_ordered() -> None:
    errors = errors_of(Quantity, {"value": 3, "value_max": 2, "unit": "户"})
    assert list(errors) == [""] and "value_max 2.0 is below value 3.0" in errors[""] and "lower bound" in errors[""]


def test_negative_money_is_rejected() -> None:
    errors = errors_of(Measure, {"category": "industry", "summary": "养牛", "investment_yuan": -5, "evidence": EV})
    assert errors == {"investment_yuan": "Input should be greater than or equal to 0"}


def test_extraction_is_a_report_without_llmx_owned_fields() -> None:
    assert "doc_id" not in Extraction.model_fields
    assert "meta" not in Extraction.model_fields
    assert set(Extraction.model_fields) == set(Report.model_fields) - {"doc_id", "meta"}


def test_unknown_fields_are_rejected() -> None:
    errors = errors_of(Team, {"sent_by": "x", "evidence": EV, "budget": 1})
    assert list(errors) == ["budget"] and "extra" in errors["budget"].lower()


def test_report_round_trips_through_json() -> None:
    report = Report.model_validate(
        {
            "doc_id": "d1",
            "published": "2018-12-29",
            "villages": [{"name": "张家坝村", "households": 411, "population": 1384, "evidence": EV}],
            "measures": [
                {
                    "category": "infrastructure",
                    "summary": "硬化道路",
                    "investment_yuan": 2600000,
                    "quantities": [{"value": 3.7, "unit": "公里", "item": "道路"}],
                    "evidence": EV,
                }
            ],
        }
    )
    again = Report.model_validate_json(report.model_dump_json())
    assert again == report
    assert again.published is not None and again.published.isoformat() == "2018-12-29"
