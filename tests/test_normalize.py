"""Normalisation: script, width, numerals, money, units, dates, divisions, whole records."""

from __future__ import annotations

import pytest

from llmx.core.dates import parse_date
from llmx.core.divisions import complete_division, named_county
from llmx.core.normalize import normalize_report
from llmx.core.numbers import Amount, chinese_number, iter_amounts, stated_figures
from llmx.core.records import Evidence, Extraction, Metric, Quantity, Report, Village
from llmx.core.script import fold_aligned, to_simplified, to_simplified_aligned
from llmx.core.units import normalize_unit, unit_problem


def parse_amount(phrase: str) -> Amount | None:
    """The amount a phrase ends on, money read by jionlp's parser as the rules do."""
    found = list(iter_amounts(fold_aligned(phrase.strip()), money_parser=True))
    return found[-1].amount if found else None


def test_to_simplified_converts_traditional_and_leaves_the_rest():
    assert to_simplified("駐村工作隊幫扶貧困戶") == "驻村工作队帮扶贫困户"
    assert to_simplified("abc 123") == "abc 123"
    assert to_simplified("") == ""
    assert to_simplified(to_simplified("鄉村振興")) == to_simplified("鄉村振興") == "乡村振兴"


def test_aligned_forms_keep_every_offset():
    text = "投入資金２６０萬元，修建道路３.７公裡。"
    simplified = to_simplified_aligned(text)
    folded = fold_aligned(text)
    assert len(simplified) == len(folded) == len(text)
    assert folded == "投入资金260万元,修建道路3.7公里。"
    assert folded.index("260") == text.index("２６０")


@pytest.mark.parametrize(
    ("unit", "expected"),
    [
        ("万元", (10_000.0, "元")),
        ("亿元", (100_000_000.0, "元")),
        ("萬元", (10_000.0, "元")),
        ("平米", (1.0, "平方米")),
        ("㎡", (1.0, "平方米")),
        ("公裡", (1.0, "公里")),
        ("千米", (1.0, "公里")),
        ("畝", (1.0, "亩")),
        ("戶", (1.0, "户")),
        ("名", (1.0, "人")),
        ("万方", (10_000.0, "立方米")),
        ("万人", (10_000.0, "人")),
        ("千瓦", (1.0, "千瓦")),
        ("株", (1.0, "株")),
        ("户(次)", (1.0, "户次")),
        ("角", (0.1, "元")),
        # bare 块 counts things (504块电池板, 3块牌匾); money is 块钱
        ("块", (1.0, "块")),
        ("块钱", (1.0, "元")),
        ("万块", (10_000.0, "块")),
        ("千伏安", (1.0, "千伏安")),  # a transformer's rating, like 千瓦: not 1000 伏安
    ],
)
def test_normalize_unit(unit, expected):
    factor, canonical = normalize_unit(unit)
    assert (factor, canonical) == expected
    assert unit_problem(canonical) is None


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("260萬元", Amount(2_600_000.0, None, False, "元")),
        ("1.2-1.3万元", Amount(12_000.0, 13_000.0, False, "元")),
        ("1.2万-1.3万元", Amount(12_000.0, 13_000.0, False, "元")),
        ("10多万元", Amount(100_000.0, None, True, "元")),
        ("4万余元", Amount(40_000.0, None, True, "元")),
        ("约3.7公里", Amount(3.7, None, True, "公里")),
        ("80余户", Amount(80.0, None, True, "户")),
        ("一队三人", Amount(3.0, None, False, "人")),
        ("20.67 万人", Amount(206_700.0, None, False, "人")),
        ("20.67万贫困人口", Amount(206_700.0, None, False, "人")),
        ("53.28%", Amount(53.28, None, False, "%")),
        ("5.6万方", Amount(56_000.0, None, False, "立方米")),
        ("近万元", Amount(10_000.0, None, True, "元")),
        ("二十多万元", Amount(200_000.0, None, True, "元")),
        ("７角钱", Amount(0.7, None, False, "元")),
        ("不到400斤", Amount(400.0, None, True, "斤")),
        ("１２０平米", Amount(120.0, None, False, "平方米")),
        ("存栏百头", Amount(100.0, None, False, "头")),
        ("1万元以上", Amount(10_000.0, None, True, "元")),
    ],
)
def test_parse_amount(phrase, expected):
    assert parse_amount(phrase) == expected


def test_parse_amount_without_a_number():
    assert parse_amount("没有数字的句子") is None
    assert parse_amount("") is None


@pytest.mark.parametrize(
    "phrase", ["3.97万元", "1.2-1.3万元", "10多万元", "4万余元", "120余万元", "27200元", "2万至3万元"]
)
def test_scanner_money_arithmetic_equals_jionlp(phrase):
    fast = next(iter_amounts(fold_aligned(phrase), money_parser=False)).amount
    library = next(iter_amounts(fold_aligned(phrase), money_parser=True)).amount
    assert fast == library


def test_iter_amounts_offsets_point_into_the_original():
    text = "為貧困村修建道路１４公裡，投入資金3.9萬元。"
    found = list(iter_amounts(fold_aligned(text)))
    assert [text[a.start : a.end] for a in found] == ["１４公裡", "3.9萬元"]
    assert [a.amount.value for a in found] == [14.0, 39_000.0]


def test_stated_figures_hold_the_multiplied_value_and_how_it_was_written():
    figures = stated_figures("投資260萬元修路3.7公裡")
    assert [(f.value, f.written, f.scale, f.derived) for f in figures] == [(2_600_000, 260, 10_000, False),
                                                                        (3.7, 3.7, 1, False)]
    ranged = stated_figures("每年增加1.2-1.3万元")
    assert [(f.value, f.derived) for f in ranged] == [(12_000, True), (13_000, True)]
    assert 3.0 in [f.value for f in stated_figures("坚持一队三人驻村")]
    assert 0.7 in [f.value for f in stated_figures("一斤7角钱")]
    assert [(f.value, f.derived) for f in stated_figures("近九成农户养羊")] == [(90, True)]


@pytest.mark.parametrize(
    ("text", "value"), [("三", 3.0), ("两", 2.0), ("百", 100.0), ("二十五", 25.0), ("1.3万", 13_000.0)]
)
def test_chinese_number(text, value):
    assert chinese_number(text) == value


@pytest.mark.parametrize(
    ("phrase", "value", "unit"),
    [("硬化道路四点五公里", 4.5, "公里"), ("资金二十七点三万元", 273_000.0, "元"), ("一百零六点零五吨", 106.05, "吨")],
)
def test_a_decimal_in_chinese_numerals_is_read_whole(phrase, value, unit):
    # (the part after 点 was read alone: 四点五公里 as 5 公里)
    assert [(a.amount.value, a.amount.unit) for a in iter_amounts(fold_aligned(phrase))] == [(value, unit)]


def test_chinese_number_rejects_digit_strings():
    assert chinese_number("一一") is None
    assert chinese_number("二〇一八") is None


def test_parse_date():
    assert parse_date("2018-11-21 16:29:35 来源：某某网") == "2018-11-21"
    assert parse_date("发布日期：2020年6月8日") == "2020-06-08"
    assert parse_date("2018-13-45") is None
    # in Chinese numerals (read directly, not by jionlp's parser)
    assert parse_date("二〇二一年三月十七日") == "2021-03-17"
    assert parse_date("二零一九年十二月三十一日") == "2019-12-31"
    assert parse_date("二〇二一年十三月一日") is None


def _village(name: str, **fields) -> Village:
    return Village(name=name, evidence=[Evidence(quote=name)], **fields)


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        pytest.param("东戈山村", "市里派出的工作队进驻平遥县东泉镇东戈山村，帮助群众发展产业。",
                     {"province": "山西省", "city": "晋中市", "county": "平遥县", "township": "东泉镇"},
                     id="the prefix before the village"),
        pytest.param("上深井村", "阳高县扶贫办今年组织培训。工作队在上深井村召开院坝会。",
                     {"province": "山西省", "city": "大同市", "county": "阳高县"},
                     id="the only county the text names"),
        pytest.param("上深井村", "平遥县和阳高县的干部交流经验。工作队在上深井村召开院坝会。",
                     {"province": "山西省", "city": "大同市", "county": "阳高县"},
                     id="the one named county that holds the village"),
        pytest.param("青松村", "神农架林区松柏镇青松村的工作队",
                     {"province": "湖北省", "city": None, "county": "神农架林区", "township": "松柏镇"},
                     id="a county its province governs directly has no city"),
        pytest.param("柳湾村", "重庆巫山县大昌镇柳湾村的工作队",
                     {"province": "重庆市", "city": None, "county": "巫山县", "township": "大昌镇"},
                     id="a municipality's county has no city"),
        pytest.param("东戈山村", "晋中市东泉镇东戈山村的工作队",
                     {"province": "山西省", "city": "晋中市", "county": None, "township": "东泉镇"},
                     id="a city written without its county"),
        # 介休 has been a county-level city since 1992; older reports write 介休县
        pytest.param("某某村", "介休县义安镇某某村的工作队",
                     {"province": "山西省", "city": "晋中市", "county": "介休县", "township": "义安镇"},
                     id="a county by its name before it became a city"),
        # the city-only reading of the first mention gives way to the county the second names
        pytest.param("东戈山村", "晋中市东泉镇东戈山村的工作队来了。平遥县东泉镇东戈山村修了路。",
                     {"province": "山西省", "city": "晋中市", "county": "平遥县"},
                     id="a county named after a city-only mention"),
    ],
)
def test_complete_division_fills_the_path_the_text_gives(name: str, text: str, expected: dict) -> None:
    village = complete_division(_village(name), text)
    assert {field: getattr(village, field) for field in expected} == expected


def test_complete_division_never_guesses():
    # A township alone names no county; the gazetteer would know it, SPEC says leave it.
    village = complete_division(_village("东戈山村"), "工作队进驻东泉镇东戈山村。")
    assert village.township == "东泉镇"
    assert village.county is None and village.city is None and village.province is None
    # 朝阳区 is a district of Beijing and of Changchun: ambiguous, not used.
    village = complete_division(_village("新华村"), "朝阳区新华村的工作队")
    assert village.county is None
    # A village the county's list does not hold is not placed in the one county named.
    village = complete_division(_village("不存在村"), "阳高县召开会议。不存在村开展培训。")
    assert village.county is None


def test_two_character_county_needs_a_boundary():
    assert named_county("县编办和县直党委联合开展帮扶") is None
    assert named_county("安徽省马鞍山市和县的工作队") == ("和县", "和县")


def test_normalize_report_simplifies_values_but_not_quotes():
    quote = "幫扶貧困戶享受低保政策"
    extraction = Extraction(
        title="——駐村工作隊紀實",
        authors=["記者 張三", "编辑 李四"],
        villages=[Village(name="東戈山村", township="東泉鎮", evidence=[Evidence(quote=quote)])],
        metrics=[Metric(name="貧困戶數", value=3, unit="户", evidence=[Evidence(quote=quote)])],
    )
    normal = normalize_report(extraction)
    assert isinstance(normal, Extraction)
    assert normal.title == "驻村工作队纪实"
    assert normal.authors == ["张三"]
    assert normal.villages[0].name == "东戈山村" and normal.villages[0].township == "东泉镇"
    assert normal.metrics[0].name == "贫困户数"
    assert normal.villages[0].evidence[0].quote == quote
    assert normal.metrics[0].evidence[0].quote == quote


def test_normalize_report_applies_unit_factors_and_is_idempotent():
    # Built without validation, as a backend's raw output might be.
    metric = Metric.model_construct(
        name="村集体增收", subject=None, value=8.4, value_max=None, approx=False, unit="万元", year=None,
        evidence=[Evidence(quote="村集體增收8.4萬元")],
    )
    quantity = Quantity.model_construct(value=5.6, value_max=None, approx=False, unit="万方", item="土石方")
    report = Report.model_construct(
        doc_id="d", title=None, outlet=None, published=None, authors=[], teams=[], villages=[],
        measures=[], metrics=[metric], meta=None,
    )
    once = normalize_report(report)
    assert once.metrics[0].value == pytest.approx(84_000.0)
    assert once.metrics[0].unit == "元"
    assert normalize_report(once) == once
    data = {"value": quantity.value, "value_max": None, "approx": False, "unit": quantity.unit, "item": "土石方"}
    from llmx.core.normalize import _normalise_quantity

    assert _normalise_quantity(dict(data), "") == {**data, "value": 56_000.0, "unit": "立方米"}


def test_normalize_report_completes_divisions_with_the_text():
    report = Report(doc_id="d", villages=[_village("东戈山村")])
    text = "工作队进驻平遥县东泉镇东戈山村。"
    assert normalize_report(report).villages[0].county is None
    assert normalize_report(report, text=text).villages[0].county == "平遥县"


def test_ming_counts_people_unless_the_quote_states_a_rank():
    people = Metric(name="务工人数", value=20, unit="名", evidence=[Evidence(quote="20名村民到合作社务工")])
    rank = Metric(name="考核排名", value=2, unit="名", evidence=[Evidence(quote="在全县考核中获得第二名")])
    report = normalize_report(Report(doc_id="d", metrics=[people, rank]))
    assert [m.unit for m in report.metrics] == ["人", "名"]


def test_thousands_separators_join_a_number_and_nothing_else() -> None:
    text = fold_aligned("人均收入12,385元，总投入2,306,400.5元；分1,2,3组，2018,2019年，7,80户")
    found = [(a.amount.value, a.amount.unit) for a in iter_amounts(text)]
    assert found == [(12385.0, "元"), (2306400.5, "元"), (3.0, "组"), (80.0, "户")]
    assert {f.value for f in stated_figures("人均收入12,385元")} == {12385.0}


def test_parse_date_reads_an_e_papers_compact_date_after_its_label_only():
    assert parse_date("日期:20190305") == "2019-03-05"
    assert parse_date("编号20190305") is None


def test_an_authors_role_is_dropped_but_not_a_surname_that_looks_like_one() -> None:
    report = normalize_report(Report(doc_id="d", authors=["文/王丽", "文 赵强", "记者李明", "文晓峰", "文小军"]))
    assert report.authors == ["王丽", "赵强", "李明", "文晓峰", "文小军"]
