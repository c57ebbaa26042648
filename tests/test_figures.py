"""Verified figures: each record's numbers checked against its own quotes, and what
--strict-grounding does with the ones they do not state."""

from __future__ import annotations

from llmx.core.figures import check_item, figure_status, verify_figures
from llmx.core.numbers import stated_figures
from llmx.core.records import Evidence, Measure, Metric, Report, Team, Village


def _ev(*quotes: str) -> list[Evidence]:
    return [Evidence(quote=q) for q in quotes]


def test_figures_read_in_any_script_width_and_numeral() -> None:
    values = {f.value for f in stated_figures("投入資金２６０萬元，鋪設道路3.7公裡，一隊三人，7角")}
    assert {2_600_000, 3.7, 3, 0.7} <= values


def test_stated_derived_and_unstated_per_field() -> None:
    measure = Measure(
        category="infrastructure", summary="铺设道路", investment_yuan=2_600_000, year=2019,
        quantities=[{"value": 3.7, "unit": "公里"}, {"value": 9, "unit": "座"}],
        evidence=_ev("投入資金260萬元，鋪設道路3.7公裡", "去年建成"),
    )
    statuses = check_item("measures", measure)
    assert statuses == {
        "investment_yuan": "stated",  # 260萬 read with its multiplier
        "year": "derived",  # resolved from 去年
        "quantities[0].value": "stated",
        "quantities[1].value": "unstated",  # no 9 in the quotes
    }


def test_approximations_and_range_bounds_are_derived() -> None:
    metric = Metric(name="年收益", value=12000, value_max=13000, unit="元", evidence=_ev("每年收益1.2-1.3万元"))
    assert check_item("metrics", metric) == {"value": "derived", "value_max": "derived"}
    about = Metric(name="务工人数", value=20, approx=True, unit="人", evidence=_ev("20多名村民务工"))
    assert check_item("metrics", about) == {"value": "derived"}


def test_chinese_numerals_and_team_figures_are_stated() -> None:
    team = Team(sent_by="县交通局", size=3, since=2016, evidence=_ev("自2016年進駐以來，工作隊堅持一隊三人駐村"))
    village = Village(name="石桥村", households=326, population=1187, evidence=_ev("全村共有326户1187人"))
    assert set(check_item("teams", team).values()) == {"stated"}
    assert set(check_item("villages", village).values()) == {"stated"}


def test_one_named_person_or_thing_counts_as_derived() -> None:
    assert figure_status(1, [], field="people", relative_year=False) == "derived"
    assert figure_status(8, [], field="people", relative_year=False) == "unstated"
    assert figure_status(1, [], field="poverty_rate_pct", relative_year=False) == "unstated"


def test_a_figure_the_quote_does_not_state_is_marked_and_strict_nulls_it() -> None:
    village = Village(name="石桥村", households=333, population=1187, evidence=_ev("全村共有326户1187人"))
    report = Report(doc_id="t", villages=[village])
    kept, figures = verify_figures(report)
    assert kept.villages[0].households == 333
    assert figures.villages == [{"households": "unstated", "population": "stated"}]
    assert (figures.checked, figures.stated, figures.unstated, figures.nulled) == (2, 1, 1, 0)
    strict, figures = verify_figures(report, strict=True)
    assert strict.villages[0].households is None and strict.villages[0].population == 1187
    assert figures.nulled == 1 and figures.villages == [{"population": "stated"}]


def test_strict_drops_a_metric_whose_value_is_unstated_and_a_quantity_likewise() -> None:
    invented = Metric(name="增收", value=95000, unit="元", evidence=_ev("村集体增收8.8万元"))
    real = Metric(name="增收", value=88000, unit="元", evidence=_ev("村集体增收8.8万元"))
    measure = Measure(category="infrastructure", summary="修路", quantities=[{"value": 5, "unit": "公里"},
                      {"value": 3.5, "unit": "公里"}], evidence=_ev("硬化道路3.5公里"))
    report = Report(doc_id="t", metrics=[invented, real], measures=[measure])
    strict, figures = verify_figures(report, strict=True)
    assert [m.value for m in strict.metrics] == [88000]
    assert [q.value for q in strict.measures[0].quantities] == [3.5]
    assert len(figures.metrics) == 1 and figures.nulled == 2


def test_correct_figures_survive_strict_checking() -> None:
    measure = Measure(category="industry", summary="光伏电站", investment_yuan=250_000,
                      quantities=[{"value": 30, "unit": "千瓦"}], households=16,
                      evidence=_ev("投資25萬元建成30千瓦光伏電站，惠及16戶"))
    strict, figures = verify_figures(Report(doc_id="t", measures=[measure]), strict=True)
    assert strict.measures[0] == measure and figures.nulled == 0 and figures.verified_share == 1.0


def test_counts_written_in_two_parts_and_chinese_decimals_are_stated() -> None:
    # a model's 35000 for '3万5千元' and 12.5 for '百分之十二点五' are the page's figures, not
    # unstated ones that --strict-grounding would null
    values = {f.value for f in stated_figures("投入3万5千元，贫困发生率由百分之十二点五降到两点零，修路三点五公里")}
    assert {35000, 12.5, 2.0, 3.5} <= values
