"""Repair before validation, and item-level salvage: each repair on an invented answer,
what is never repaired (an unstated figure), and what an invalid item costs."""

from __future__ import annotations

import json
from typing import Any

import pytest

from llmx.core.numbers import stated_figures
from llmx.errors import BackendError
from llmx.llm.modes import answer_text, parse_answer
from llmx.llm.repair import read_number, repair_answer
from llmx.llm.validate import validate_answer


def _metric(value: Any, unit: str, quote: str, **extra: Any) -> dict[str, Any]:
    return {"name": "指标", "value": value, "unit": unit, "evidence": [{"quote": quote}], **extra}


def _repaired_metric(value: Any, unit: str, quote: str, **extra: Any) -> tuple[dict[str, Any], set[str]]:
    data, notes = repair_answer({"metrics": [_metric(value, unit, quote, **extra)]})
    return data["metrics"][0], {n.rule for n in notes}


@pytest.mark.parametrize(
    ("unit", "quote", "fixed"),
    [
        ("名", "组织20名村民外出务工", "人"),
        ("位", "聘请3位技术员", "人"),
        ("平米", "新建村部300平米", "平方米"),
        ("km", "硬化道路2.5km", "公里"),
        ("千米", "铺设管道2.5千米", "公里"),
        ("㎡", "改造房屋120㎡", "平方米"),
        ("畝", "種植茶葉300畝", "亩"),
        ("戶", "帶動貧困戶42戶", "户"),
        ("KM", "修路2.5KM", "公里"),
    ],
)
def test_unit_synonyms_become_spec_units(unit: str, quote: str, fixed: str) -> None:
    value = float(next(f.value for f in stated_figures(quote)))
    metric, rules = _repaired_metric(value, unit, quote)
    assert metric["unit"] == fixed and metric["value"] == value and "unit_synonym" in rules


def test_ming_as_a_rank_stays_a_rank() -> None:
    metric, rules = _repaired_metric(2, "名", "全县考核排名第二名")
    assert metric["unit"] == "名" and "unit_synonym" not in rules
    metric, _ = _repaired_metric(2, "位", "在全市评比中获得第二名")
    assert metric["unit"] == "名"


def test_a_multiplier_unit_scales_the_value() -> None:
    metric, rules = _repaired_metric(8.4, "万元", "村集体增收8.4万元")
    assert (metric["value"], metric["unit"]) == (84000, "元") and "unit_multiplier" in rules


def test_money_left_in_wan_is_scaled_when_the_quote_states_it_in_wan() -> None:
    data, notes = repair_answer({"measures": [{
        "category": "infrastructure", "summary": "修路", "investment_yuan": 180,
        "evidence": [{"quote": "投入资金180万元硬化道路3.5公里"}],
    }]})
    assert data["measures"][0]["investment_yuan"] == 1_800_000
    assert [n.rule for n in notes] == ["scale_by_quote"]
    metric, rules = _repaired_metric(20.5, "人", "全县贫困人口20.5万人")
    assert metric["value"] == 205_000 and "scale_by_quote" in rules


def test_no_scaling_when_the_quote_states_the_plain_figure_or_none() -> None:
    # the quote gives 180 as households too: scaling would be a guess
    data, _ = repair_answer({"measures": [{
        "category": "infrastructure", "summary": "修路", "investment_yuan": 180,
        "evidence": [{"quote": "投入资金180元，惠及180户"}],
    }]})
    assert data["measures"][0]["investment_yuan"] == 180
    metric, rules = _repaired_metric(95, "元", "村集体增收8.8万元")  # an unstated figure is not repaired
    assert metric["value"] == 95 and "scale_by_quote" not in rules


@pytest.mark.parametrize(
    ("raw", "value", "unit"),
    [("231户", 231, "户"), ("２３１", 231, None), ("1,384人", 1384, "人"), ("53.28%", 53.28, "%"),
     ("约3.7公里", 3.7, "公里"), ("三", 3, None), ("2018年", 2018, None), ("20.5万人", 205_000, "人")],
)
def test_numbers_written_as_text_are_read(raw: str, value: float, unit: str | None) -> None:
    number, written_unit, _ = read_number(raw)
    assert number == pytest.approx(value) and written_unit == unit


def test_number_strings_in_fields_are_read_and_logged() -> None:
    data, notes = repair_answer({"villages": [{
        "name": "青石村", "households": "231户", "population": "１３８４人", "exit_year": "2018年",
        "evidence": [{"quote": "全村231户1384人，2018年出列"}],
    }]})
    village = data["villages"][0]
    assert (village["households"], village["population"], village["exit_year"]) == (231, 1384, 2018)
    assert {n.rule for n in notes} >= {"number_from_text"}


def test_a_fraction_becomes_a_percentage_only_when_the_quote_says_percent() -> None:
    data, notes = repair_answer({"villages": [{
        "name": "青石村", "poverty_rate_pct": 0.356, "evidence": [{"quote": "贫困发生率35.6%"}],
    }]})
    assert data["villages"][0]["poverty_rate_pct"] == pytest.approx(35.6)
    assert [n.rule for n in notes] == ["fraction_to_percent"]
    data, _ = repair_answer({"villages": [{
        "name": "青石村", "poverty_rate_pct": 0.356, "evidence": [{"quote": "贫困户占比较高"}],
    }]})
    assert data["villages"][0]["poverty_rate_pct"] == 0.356


def test_shapes_models_get_wrong() -> None:
    answer = {"extraction": {
        "teams": None, "authors": "张三、李四", "published": "2019年3月5日",
        "measures": [{"category": "基础设施", "status": "已完成", "summary": "修路", "confidence": 0.9,
                      "evidence": "硬化道路3.5公里", "quantities": {"value": 3.5, "unit": "公里"}}],
    }}
    data, notes = repair_answer(answer)
    measure = data["measures"][0]
    assert data["teams"] == [] and data["authors"] == ["张三", "李四"] and data["published"] == "2019-03-05"
    assert (measure["category"], measure["status"]) == ("infrastructure", "done")
    assert measure["evidence"] == [{"quote": "硬化道路3.5公里"}] and "confidence" not in measure
    assert measure["quantities"][0]["unit"] == "公里"
    assert {"unwrapped", "null_list", "string_as_list", "date", "enum_synonym", "unknown_key",
            "evidence_as_string", "object_as_list"} <= {n.rule for n in notes}
    assert validate_answer(data).extraction.measures[0].summary == "修路"


def test_a_long_summary_is_cut_at_a_clause() -> None:
    data, notes = repair_answer({"measures": [{
        "category": "industry",
        "summary": "投入资金50万元建设光伏电站一座，带动全村贫困户稳定增收，群众满意度大幅提高，效果明显",
        "evidence": [{"quote": "投入资金50万元建设光伏电站一座"}],
    }]})
    summary = data["measures"][0]["summary"]
    assert len(summary) <= 40 and summary.endswith("大幅提高") and "summary_shortened" in {n.rule for n in notes}


def test_an_invalid_item_costs_that_item_only() -> None:
    answer = {
        "villages": [{"name": "青石村", "households": 120, "evidence": [{"quote": "全村120户"}]}],
        "metrics": [
            {"name": "增收", "value": "很多", "unit": "元", "evidence": [{"quote": "增收很多"}]},
            {"name": "户数", "value": 42, "unit": "户", "evidence": [{"quote": "42户"}]},
        ],
    }
    repaired, _ = repair_answer(answer)
    validated = validate_answer(repaired, chunk=3)
    assert [m.value for m in validated.extraction.metrics] == [42]
    assert validated.extraction.villages[0].households == 120
    [(kind, index, field)] = [(r.kind, r.index, r.field) for r in validated.rejected]
    assert (kind, index, field) == ("metrics", 0, "value")
    assert validated.invalid_items(3)[0].chunk == 3


def test_a_bad_optional_field_is_nulled_and_the_item_kept() -> None:
    validated = validate_answer({"teams": [{"sent_by": "县林业局", "size": 0, "evidence": [{"quote": "县林业局"}]}]})
    assert validated.extraction.teams[0].sent_by == "县林业局" and validated.extraction.teams[0].size is None
    assert [(i.path, i.field) for i in validated.nulled] == [("teams[0].size", "size")]


def test_an_answer_that_is_not_an_object_is_the_only_thing_rejected_whole() -> None:
    with pytest.raises(BackendError, match="not a JSON object"):
        validate_answer(["青石村"])


@pytest.mark.parametrize(
    ("text", "mended"),
    [('{"metrics": []}', None), ('好的：```json\n{"metrics": []}\n```', "code_fence"),
     ('{"metrics": [],}', "json_syntax"), ('{"metrics": [{"name": "x"', "json_syntax")],
)
def test_answers_are_read_from_fences_and_mended(text: str, mended: str | None) -> None:
    parsed = parse_answer(text)
    assert isinstance(parsed.value, dict) and "metrics" in parsed.value and parsed.mended == mended


SKETCH = '格式像 {"villages": [{"name": "某村"}]} 这样。'
ANSWER = '{"villages": [{"name": "青石村", "households": 120}]}'


@pytest.mark.parametrize(
    ("text", "mended"),
    [
        (f"<think>\n{SKETCH}\n</think>\n\n{ANSWER}", "reasoning_removed"),
        (f"{SKETCH}\n</think>\n{ANSWER}", "reasoning_removed"),  # the template opened the block
        (f"<THINKING>{SKETCH}</THINKING>{ANSWER}", "reasoning_removed"),
        (f"<think>\n```json\n{{\"villages\": []}}\n```\n</think>\n```json\n{ANSWER}\n```",
         "reasoning_removed+code_fence"),
        (f"<think>{SKETCH}</think>\n好的：{ANSWER[:-2]},]}}", "reasoning_removed+json_syntax"),
    ],
)
def test_a_reasoning_models_thoughts_are_not_read_as_its_answer(text: str, mended: str) -> None:
    parsed = parse_answer(text)
    assert parsed.value == json.loads(ANSWER) and parsed.mended == mended


def test_thoughts_cut_off_before_the_answer_are_an_error_that_says_so() -> None:
    with pytest.raises(BackendError, match="only the model's reasoning"):
        parse_answer(f"<think>\n{SKETCH}\n先看第一段，")


def test_reasoning_moved_out_of_an_empty_content_is_an_error_that_says_so() -> None:
    completion = {"choices": [{"finish_reason": "stop",
                               "message": {"role": "assistant", "content": "", "reasoning_content": SKETCH}}]}
    with pytest.raises(BackendError, match="only the model's reasoning"):
        answer_text(completion)
    completion["choices"][0]["finish_reason"] = "length"  # the budget went on thinking
    with pytest.raises(BackendError, match=r"cut at the token limit before any content.*--max-output-tokens"):
        answer_text(completion)
    completion["choices"][0]["message"]["content"] = ANSWER  # thoughts moved out, the answer kept
    assert answer_text(completion).text == ANSWER


def test_content_given_as_parts_is_read_as_one_text() -> None:
    parts = [{"type": "text", "text": ANSWER[:20]}, {"type": "text", "text": ANSWER[20:]}]
    completion = {"choices": [{"finish_reason": "stop", "message": {"role": "assistant", "content": parts}}]}
    assert answer_text(completion).text == ANSWER


def test_an_answer_split_over_several_tool_calls_is_read_whole() -> None:
    def call(arguments: str) -> dict[str, Any]:
        return {"id": "c", "type": "function", "function": {"name": "Extraction", "arguments": arguments}}

    calls = [call('{"title": "青石村的路", "villages": [{"name": "青石村"}], "measures": []}'),
             call('{"title": null, "measures": [{"summary": "修路"}], "villages": [{"name": "石门村"}]}'),
             call('{"extraction": {"metrics": [{"name": "村集体收入"}],}}')]  # wrapped and broken
    completion = {"choices": [{"finish_reason": "tool_calls",
                               "message": {"role": "assistant", "content": None, "tool_calls": calls}}]}
    assert answer_text(completion).calls == 3
    assert json.loads(answer_text(completion).text) == {
        "title": "青石村的路", "villages": [{"name": "青石村"}, {"name": "石门村"}],
        "measures": [{"summary": "修路"}], "metrics": [{"name": "村集体收入"}]}


def test_an_error_object_in_a_200_answer_is_named_in_the_error() -> None:
    with pytest.raises(BackendError, match="no choices: upstream model overloaded"):
        answer_text({"error": {"message": "upstream model overloaded", "code": 529}})
    with pytest.raises(BackendError, match=r"no choices$"):
        answer_text({"choices": []})


def test_prose_without_json_is_an_error() -> None:
    with pytest.raises(BackendError, match="no JSON"):
        parse_answer("对不起，我无法完成这个任务。")
