"""Phrasing classes the rules read since rules 2.1 (docs/PHRASING.md), on sentences written
for these tests: every village, person, unit and figure here is invented."""

from __future__ import annotations

from datetime import date

import pytest

from llmx.backends.rules import extract_rules
from llmx.core.numbers import chinese_number
from llmx.core.records import Extraction

DATED = "云岭县扶贫动态\n发布时间：2019-05-06  来源：云岭日报\n"


def _metrics(result: Extraction) -> dict[tuple[float, str], object]:
    return {(m.value, m.unit): m for m in result.metrics}


# -- header --------------------------------------------------------------------------------


def test_photographer_after_tu_slash_is_no_author() -> None:
    text = "青石村的秋天\n2019-10-21  来源：云岭日报\n文/王志远　图/李 华\n青石村的茶叶丰收了。\n"
    assert extract_rules(text).authors == ["王志远"]


def test_diary_signed_with_the_writers_post() -> None:
    text = (
        "驻村手记\n2018-01-26  来源：云岭在线\n今天走访了三组。\n"
        "青石村驻村工作队队员　赵　敏\n责任编辑：钱 进\n"
    )
    assert extract_rules(text).authors == ["赵敏"]


# -- years -----------------------------------------------------------------------------------


def test_a_diary_entry_dates_its_relative_years() -> None:
    text = (
        "驻村手记\n2018-01-26  来源：云岭在线\n"
        "2017年11月6日　星期一　阴\n"
        "县水利局驻青石村工作队四个人是今年4月进村的。去年全村人均纯收入只有3120元。\n"
        "2018年1月9日　星期二　小雪\n"
        "工作队投入资金2万元，为青石村修建水池2个。\n"
    )
    result = extract_rules(text)
    assert [(t.sent_by, t.size, t.since) for t in result.teams] == [("县水利局", 4, 2017)]
    assert _metrics(result)[(3120.0, "元")].year == 2016  # type: ignore[attr-defined]
    assert [m.year for m in result.measures] == [2018]


def test_dates_without_a_year_and_this_years_span() -> None:
    text = DATED + (
        "5月，工作队协调资金12万元，为青石村新建蓄水池2个。今年以来，工作队入户发放明白卡300余份。\n"
        "2017年，石门镇柳湾村贫困发生率降至1.2%，当年实现整村出列。\n"
    )
    result = extract_rules(text)
    assert sorted(m.year for m in result.measures) == [2019, 2019]
    assert {v.name: v.exit_year for v in result.villages}["柳湾村"] == 2017


def test_a_point_in_time_metric_and_a_yearly_rate() -> None:
    text = DATED + "目前，全县有驻村工作队员860名。青石村光伏电站已于6月并网，预计每年可为村集体增收6万元。\n"
    metrics = _metrics(extract_rules(text))
    assert metrics[(860.0, "人")].year == 2019  # type: ignore[attr-defined]
    assert metrics[(60000.0, "元")].year is None  # type: ignore[attr-defined]


def test_a_list_over_a_span_of_years() -> None:
    text = DATED + "2016年至2018年，全县分别有7个、12个、9个贫困村退出。\n"
    years = {m.value: m.year for m in extract_rules(text).metrics}
    assert years == {7.0: 2016, 12.0: 2017, 9.0: 2018}


# -- villages --------------------------------------------------------------------------------


def test_baselines_of_two_villages_in_one_list() -> None:
    text = DATED + (
        "石门镇青石村和柳湾村山水相连。两村分别有300户1200人和180户700人，其中建档立卡贫困户分别为90户350人和"
        "60户210人，贫困发生率分别为29.2%和30.0%。\n"
    )
    villages = {v.name: v for v in extract_rules(text).villages}
    assert (villages["青石村"].households, villages["青石村"].poor_population) == (300, 350)
    assert (villages["柳湾村"].population, villages["柳湾村"].poverty_rate_pct) == (700, 30.0)


def test_totals_after_the_villages_groups() -> None:
    text = DATED + (
        "青石村距镇政府12公里，辖8个村民小组402户1630人。柳湾村是石门镇的3个贫困村之一，共有9个自然村、512户、1980人。\n"
    )
    villages = {v.name: v for v in extract_rules(text).villages}
    assert (villages["青石村"].households, villages["青石村"].population) == (402, 1630)
    assert (villages["柳湾村"].households, villages["柳湾村"].population) == (512, 1980)


def test_a_table_of_villages() -> None:
    text = DATED + (
        "附：白沙乡贫困村基本情况表\n"
        "村名　　户数（户）　人口（人）　建档立卡贫困户（户）　派驻单位　　　第一书记\n"
        "青石村　３１０　　　１２００　　　９８　　　　　　　　县水利局　　　王志远\n"
        "柳湾村　２０５　　　８１０　　　　６２　　　　　　　　县林业局　　　李娟\n"
    )
    result = extract_rules(text)
    villages = {v.name: v for v in result.villages}
    assert (villages["柳湾村"].households, villages["柳湾村"].population, villages["柳湾村"].poor_households) == (
        205, 810, 62,
    )
    teams = {t.sent_by: (t.villages, t.leader) for t in result.teams}
    assert teams == {"县水利局": (["青石村"], "王志远"), "县林业局": (["柳湾村"], "李娟")}


def test_a_table_of_villages_with_a_column_of_row_numbers() -> None:
    text = DATED + (
        "序号\t村名\t总户数\t总人口\t贫困户数\t贫困人口\t贫困发生率\n"
        "1\t青石村\t286\t1034\t3\t7\t0.68%\n"
        "2\t柳湾村\t198\t726\t2\t5\t0.69%\n"
    )
    villages = {v.name: (v.households, v.population, v.poor_households, v.poverty_rate_pct)
                for v in extract_rules(text).villages}
    assert villages == {"青石村": (286, 1034, 3, 0.68), "柳湾村": (198, 726, 2, 0.69)}


def test_the_one_township_a_page_names_holds_its_villages() -> None:
    text = DATED + "近日，记者在云岭县白沙乡看到，青石村的村民正在采茶。青石村是县水利局的定点帮扶村。\n"
    assert [v.township for v in extract_rules(text).villages] == ["白沙乡"]



# Village-fact phrasings found missing by writing 20 patterns of the genre with several
# villages and figures (rules 2.12): a name written once, then its own figures or exit.
@pytest.mark.parametrize(
    ("sentence", "facts"),
    [
        ("上河村于2019年实现整村脱贫出列。", {"exit_year": 2019}),
        ("上河村2018年退出贫困村序列。", {"exit_year": 2018}),
        ("2019年底，上河村摘掉了贫困村的帽子。", {"exit_year": 2019}),
        ("上河村贫困发生率由19.41%降至0.5%。", {"poverty_rate_pct": 19.41}),
        ("上河村总人口1530人，412户，贫困发生率高达19.41%。", {"households": 412, "population": 1530}),
        ("上河村下辖6个自然村，共有412户1530人。", {"households": 412, "population": 1530}),
        ("上河村耕地面积3200亩，全村1530人，412户。", {"households": 412, "population": 1530}),
        ("上河村共有村民1530人，412户，其中贫困户86户。", {"population": 1530, "households": 412}),
        ("上河村，2019年被确定为省级贫困村，全村有贫困户83户291人。", {"poor_households": 83, "poor_population": 291}),
        ("上河村户籍人口1530人。", {"population": 1530}),
        ("上河村2014年识别建档立卡贫困户83户291人。", {"poor_households": 83, "poor_population": 291}),
        ("上河村已于2019年摘掉贫困帽子。", {"exit_year": 2019}),
        # the poor people's share of the village's people is its poverty rate
        ("上河村现有贫困户83户291人，占全村人口的19.4%。", {"poverty_rate_pct": 19.4}),
    ],
)
def test_a_village_named_once_before_its_figures(sentence: str, facts: dict[str, float]) -> None:
    villages = {v.name: v for v in extract_rules(DATED + sentence + "\n").villages}
    assert {key: getattr(villages["上河村"], key) for key in facts} == facts


def test_a_verb_run_into_a_village_name_read_in_full_elsewhere() -> None:
    for sentence in ("过去交通不便，致使上河村是全镇最穷的村。", "过去交通不便，致使上河村贫困发生率高达19.4%。"):
        text = DATED + "云岭县石桥镇上河村地处深山。" + sentence + "\n"
        assert [v.name for v in extract_rules(text).villages] == ["上河村"]
    # the name read alone (no township) elsewhere on the page
    text = DATED + "上河村是省级贫困村。修通道路，促使上河村是全乡最早脱贫的村。\n"
    assert [v.name for v in extract_rules(text).villages] == ["上河村"]


# Several villages in one sentence (rules 2.12): a probe of seven layouts read 5 of 13 facts.
def test_a_list_of_villages_shares_out_figures_labelled_after_fenbie() -> None:
    text = DATED + "云岭县石桥镇蕨溪村、上河村分别有贫困户57户、39户。\n"
    villages = {v.name: v.poor_households for v in extract_rules(text).villages}
    assert villages == {"蕨溪村": 57, "上河村": 39}  # (was 上河村 57, 蕨溪村 none)


def test_a_list_of_villages_exits_together() -> None:
    for sentence in ("石桥镇蕨溪村和上河村均于2019年实现整村脱贫。", "石桥镇蕨溪村、上河村2019年均已脱贫出列。"):
        villages = {v.name: v.exit_year for v in extract_rules(DATED + sentence + "\n").villages}
        assert villages == {"蕨溪村": 2019, "上河村": 2019}


@pytest.mark.parametrize(
    ("sentence", "facts"),
    [
        # a township's villages after 辖, and a name after 其中 (were 辖蕨溪村, 中蕨溪村)
        ("石桥镇辖蕨溪村、上河村等8个行政村，其中蕨溪村贫困发生率达21.3%。", {"蕨溪村": 21.3, "上河村": None}),
        # totals right after the name, the second village after a semicolon
        ("石桥镇蕨溪村329户1207人；上河村208户790人。", {"蕨溪村": None, "上河村": None}),
    ],
)
def test_village_names_after_a_township_word_and_before_their_totals(sentence: str, facts: dict) -> None:
    villages = {v.name: v.poverty_rate_pct for v in extract_rules(DATED + sentence + "\n").villages}
    assert villages == facts


def test_a_villages_totals_in_brackets() -> None:
    text = DATED + "蕨溪村（329户1207人）地处深山，交通不便。\n"
    assert [(v.name, v.households, v.population) for v in extract_rules(text).villages] == [("蕨溪村", 329, 1207)]

# -- teams -----------------------------------------------------------------------------------


def test_a_joint_team_named_after_its_villages() -> None:
    text = DATED + (
        "石门镇青石村和柳湾村山水相连，由县水利局、县供销社联合派驻的一支工作队共同帮扶。"
        "2017年2月，两家单位选派的5名干部进驻，队长由县水利局干部王志远担任。\n"
    )
    teams = [(t.sent_by, t.villages, t.leader, t.size, t.since) for t in extract_rules(text).teams]
    assert teams == [("县水利局、县供销社", ["青石村", "柳湾村"], "王志远", 5, 2017)]


def test_a_profile_names_the_posted_teams_leader() -> None:
    text = DATED + (
        "省农业厅驻云岭县白沙乡青石村工作队。工作队一行三人于2017年8月进驻，"
        "队长由厅科教处干部赵立新担任，队员钱进任青石村第一书记。\n"
    )
    teams = [(t.sent_by, t.leader, t.size) for t in extract_rules(text).teams]
    assert teams == [("省农业厅", "赵立新", 3)]


def test_a_leaders_home_unit_and_a_secretary_in_the_same_sentence() -> None:
    text = DATED + (
        "白沙乡柳湾村工作队。队长周海涛是市统计局综合科科长，今年3月带着两名同事住进了柳湾村。\n"
        "青石村第一书记王志远介绍，县水利局驻村工作队自2018年3月进驻以来，一直把吃水难当作头等大事。\n"
    )
    teams = {t.sent_by: (t.villages, t.leader, t.size) for t in extract_rules(text).teams}
    assert teams["市统计局"] == (["柳湾村"], "周海涛", 3)
    assert teams["县水利局"] == (["青石村"], "王志远", None)


def test_a_leader_named_after_his_unit_and_post() -> None:
    text = DATED + "在青石村村委会，我们见到了派驻该村的工作队队长、市发改委选派干部胡立新。\n"
    teams = [(t.sent_by, t.villages, t.leader) for t in extract_rules(text).teams]
    assert teams == [("市发改委", ["青石村"], "胡立新")]


def test_chang_may_open_a_given_name() -> None:
    text = DATED + "县财政局驻青石村工作队。队长、第一书记廖长青，去年9月驻村。\n"
    assert [(t.leader, t.since) for t in extract_rules(text).teams] == [("廖长青", 2018)]



# Dispatch phrasings found missing by writing each of 32 patterns of the genre with several
# units, villages, names and dates (rules 2.12): the unit, village, leader and start year.
@pytest.mark.parametrize(
    ("sentence", "team"),
    [
        # 同志 after the name; a post given with no word for going there
        ("2018年，云岭县档案局选派周慧敏同志担任苇塘村第一书记。", ("云岭县档案局", ["苇塘村"], "周慧敏", 2018)),
        ("2017年3月，云岭县档案局选派周慧敏担任苇塘村第一书记。", ("云岭县档案局", ["苇塘村"], "周慧敏", 2017)),
        ("2017年，云岭县档案局选派优秀干部周慧敏为苇塘村驻村第一书记。", ("云岭县档案局", ["苇塘村"], "周慧敏", 2017)),
        # the unit's decision before its verb
        (
            "2018年，云岭县档案局党组研究决定，选派周慧敏同志到苇塘村任第一书记。",
            ("云岭县档案局", ["苇塘村"], "周慧敏", 2018),
        ),
        # chosen as the secretary; a date between the name and the posting
        ("2019年，云岭县林业局的冯国栋被选派为苇塘村驻村第一书记。", ("云岭县林业局", ["苇塘村"], "冯国栋", 2019)),
        ("云岭县林业局冯国栋同志2019年3月被派驻苇塘村任第一书记。", ("云岭县林业局", ["苇塘村"], "冯国栋", 2019)),
        # a team sent toward a village named with its county, led by one named before it
        (
            "2019年，云岭县林业局向云岭县石桥镇苇塘村派驻了以冯国栋为队长的驻村工作队。",
            ("云岭县林业局", ["苇塘村"], "冯国栋", 2019),
        ),
        ("2019年，云岭县林业局向苇塘村派驻了工作队。", ("云岭县林业局", ["苇塘村"], None, 2019)),
        # the post first, its holder after the comma
        (
            "作为云岭县林业局派驻苇塘村的第一书记，冯国栋2019年进村以来走遍了全村。",
            ("云岭县林业局", ["苇塘村"], "冯国栋", 2019),
        ),
        # the leader after 是, a clause of its own
        (
            "云岭县林业局驻苇塘村工作队由3名队员组成，队长是冯国栋，2019年3月进驻。",
            ("云岭县林业局", ["苇塘村"], "冯国栋", 2019),
        ),
        # a commission whose name ends in 委 before 派到; a post before the name
        ("2019年，冯国栋被云岭市纪委监委派到苇塘村担任第一书记。", ("云岭市纪委监委", ["苇塘村"], "冯国栋", 2019)),
        ("云岭县林业局扶贫干部冯国栋，2019年被选派到苇塘村任第一书记。", ("云岭县林业局", ["苇塘村"], "冯国栋", 2019)),
        # the start year from taking office, or from being sent to be the secretary
        (
            "云岭县林业局驻苇塘村第一书记冯国栋2019年到任后，带领村民种茶。",
            ("云岭县林业局", ["苇塘村"], "冯国栋", 2019),
        ),
        (
            "冯国栋是云岭县林业局的一名干部，2019年被派到苇塘村当第一书记。",
            ("云岭县林业局", ["苇塘村"], "冯国栋", 2019),
        ),
        # a team set up in the village, or set up that year; the secretary he became
        (
            "2018年，云岭县林业局在苇塘村设立驻村工作队，由冯国栋担任队长。",
            ("云岭县林业局", ["苇塘村"], "冯国栋", 2018),
        ),
        ("2018年，云岭县林业局成立驻苇塘村工作队，由冯国栋担任队长。", ("云岭县林业局", ["苇塘村"], "冯国栋", 2018)),
        ("去年，云岭县林业局的冯国栋来到苇塘村，成为该村第一书记。", ("云岭县林业局", ["苇塘村"], "冯国栋", 2018)),
        # the unit designated for the village, or taking it on, then its secretary
        ("2018年，云岭县林业局被确定为苇塘村的帮扶单位。", ("云岭县林业局", ["苇塘村"], None, 2018)),
        ("2018年，云岭县林业局将苇塘村作为定点帮扶村。", ("云岭县林业局", ["苇塘村"], None, 2018)),
        ("云岭县林业局自去年帮扶苇塘村以来，已有5年了。", ("云岭县林业局", ["苇塘村"], None, 2018)),
        ("云岭县林业局对口帮扶的云岭县石桥镇苇塘村山高路远。", ("云岭县林业局", ["苇塘村"], None, None)),
        (
            "苇塘村是云岭县林业局的挂钩帮扶村，2018年以来，冯国栋一直担任第一书记。",
            ("云岭县林业局", ["苇塘村"], "冯国栋", 2018),
        ),
        ("云岭县林业局包联苇塘村，2018年派驻冯国栋任第一书记。", ("云岭县林业局", ["苇塘村"], "冯国栋", 2018)),
        # a profile of the team's leader, not its first secretary; 也是 after his post
        ("2018年，云岭县农业局干部冯国栋担任苇塘村驻村工作队队长。", ("云岭县农业局", ["苇塘村"], "冯国栋", 2018)),
        (
            "冯国栋，云岭市委办公室副主任，也是苇塘村驻村帮扶工作队队长。",
            ("云岭市委办公室", ["苇塘村"], "冯国栋", None),
        ),
    ],
)
def test_dispatch_phrasings_give_unit_village_leader_and_year(
    sentence: str, team: tuple[str, list[str], str | None, int]
) -> None:
    teams = [(t.sent_by, t.villages, t.leader, t.since) for t in extract_rules(DATED + sentence + "\n").teams]
    assert teams == [team]


# News phrasings, on a page whose headline names the village (as news pages do): whom a
# reporter met (the unit read without 'A村见到'), the year right after the name, a team a
# unit had go there, the village's kind or 'home' unit before or after it.
@pytest.mark.parametrize(
    ("sentence", "team"),
    [
        ("记者在苇塘村见到云岭县林业局驻村第一书记冯国栋时，他正在查看茶园。", ("云岭县林业局", "冯国栋", None)),
        ("来自云岭县林业局的第一书记冯国栋2018年来到苇塘村。", ("云岭县林业局", "冯国栋", 2018)),
        ("2018年3月，云岭县林业局组织驻村工作队进驻苇塘村。", ("云岭县林业局", None, 2018)),
        ("云岭县林业局的帮扶村苇塘村今年种了300亩茶。", ("云岭县林业局", None, None)),
        ("云岭县林业局包保的苇塘村今年种了300亩茶。", ("云岭县林业局", None, None)),
        ("苇塘村的“娘家”云岭县林业局先后投入资金80万元。", ("云岭县林业局", None, None)),
    ],
)
def test_news_phrasings_of_a_team_on_a_page_about_its_village(sentence: str, team: tuple) -> None:
    page = "苇塘村的茶叶丰收了\n2019-05-06 来源：云岭日报\n" + sentence + "\n"
    teams = [(t.sent_by, t.villages, t.leader, t.since) for t in extract_rules(page).teams]
    assert teams == [(team[0], ["苇塘村"], team[1], team[2])]

@pytest.mark.parametrize(
    "sentence",
    [
        "云岭县林业局选派冯国栋担任办公室主任。",  # a post in his own unit, no village
        "云岭县林业局向后进村选派了干部。",  # a kind of village, not a name
        "云岭县林业局驻苇塘村工作队队长为民办实事。",  # 为 a verb, no name after it
    ],
)
def test_dispatch_phrasings_that_name_no_leader_or_village(sentence: str) -> None:
    result = extract_rules(DATED + sentence + "\n")
    assert [t.leader for t in result.teams if t.leader] == []
    assert "后进村" not in {name for t in result.teams for name in t.villages} | {v.name for v in result.villages}


def test_a_team_counted_by_its_leader_and_members_names() -> None:
    text = DATED + "云岭县林业局驻苇塘村工作队（队长冯国栋，队员周慧敏、潘立群）进村入户。\n"
    assert [(t.leader, t.size) for t in extract_rules(text).teams] == [("冯国栋", 3)]


def test_ban_is_a_surname_and_banzi_no_name() -> None:
    text = DATED + "我叫班立群，是苇塘村第一书记。村里的班子成员都很年轻。\n"
    assert [t.leader for t in extract_rules(text).teams] == ["班立群"]  # (was 立群)
    assert [t.leader for t in extract_rules(DATED + "苇塘村第一书记班子成员全部到岗。\n").teams] == [None]

# -- measures --------------------------------------------------------------------------------


def test_money_put_in_by_the_team_and_goods_by_value() -> None:
    text = DATED + (
        "工作队出资1.2万元，请县农技站的技术员给青石村村民上了两天种植课，培训村民136人次。\n"
        "慰问组为青石村45户贫困户逐户送去大米、食用油和月饼，价值1.3万余元。\n"
    )
    measures = extract_rules(text).measures
    assert [(m.investment_yuan, m.category) for m in measures] == [(12000.0, "training"), (13000.0, "social_security")]


@pytest.mark.parametrize(
    ("sentence", "money"),
    [
        ("帮扶单位斥资8万元为村小学添置了课桌椅。", 80_000.0),
        ("一家爱心企业捐资15万元资助120名贫困学生。", 150_000.0),
        ("市水利局拨款36万元给青石村修建提灌站。", 360_000.0),
        ("工作队向上级申请到45万元专款修建村道。", 450_000.0),
        # the money named first, its use after it
        ("帮扶单位把260万元专项资金投向村里的饮水工程。", 2_600_000.0),
        ("帮扶单位将18万元全部用于村卫生室改造。", 180_000.0),
    ],
)
def test_money_a_unit_spends_or_secures_for_a_work_is_its_investment(sentence: str, money: float) -> None:
    result = extract_rules(DATED + sentence + "\n")
    assert [m.investment_yuan for m in result.measures] == [money]
    assert not [m for m in result.metrics if m.unit == "元"]


def test_a_goods_list_before_its_beneficiaries() -> None:
    text = DATED + "工作队把慰问物资装上车：棉被20床、大米300斤、食用油30桶，送到青石村20户低保、五保家庭。\n"
    [measure] = extract_rules(text).measures
    assert [(q.value, q.unit) for q in measure.quantities] == [(20.0, "床"), (300.0, "斤"), (30.0, "桶")]
    assert measure.households == 20


def test_beneficiaries_before_the_action_and_a_planned_relocation() -> None:
    text = DATED + (
        "工作队为青石村86户贫困户逐户建立了帮扶台账。对居住在深山里的12户40人，计划在三年内全部实施易地扶贫搬迁。\n"
    )
    measures = extract_rules(text).measures
    assert [(m.category, m.households, m.status) for m in measures] == [
        ("governance", 86, "done"), ("housing", 12, "planned"),
    ]


def test_beneficiaries_before_a_rate_per_head() -> None:
    text = DATED + "王志远联系爱心企业，为青石村12名贫困学生每人每年资助1000元。\n"
    result = extract_rules(text)
    assert [(m.people, m.investment_yuan, m.category, m.status) for m in result.measures] == [
        (12, None, "education", "ongoing"),
    ]
    assert (1000.0, "元") in _metrics(result)


def test_a_completion_clause_dates_the_work() -> None:
    text = DATED + "工作队争取资金40万元，为青石村修建了这条1.5公里长的产业路，去年底完工。\n"
    assert [m.year for m in extract_rules(text).measures] == [2018]


def test_figures_of_a_work_the_caption_says_was_built() -> None:
    text = DATED + "图为村民在青石村新建的文化广场上跳舞。广场面积900平方米，配有健身器材12件。\n"
    [measure] = extract_rules(text).measures
    assert measure.category == "culture"
    assert [(q.value, q.unit) for q in measure.quantities] == [(900.0, "平方米"), (12.0, "件")]


def test_a_named_plan_is_a_measure() -> None:
    text = DATED + "工作队进村后逐户核查，并制定了《青石村2019—2021年脱贫攻坚规划》。\n"
    [measure] = extract_rules(text).measures
    assert (measure.category, measure.status, measure.year) == ("governance", "done", None)


def test_posts_with_a_recurring_pay_are_ongoing() -> None:
    text = DATED + "工作队为青石村开发保洁、护林等公益性岗位10个，安置10名贫困劳动力，每人每月补助600元。\n"
    [measure] = extract_rules(text).measures
    assert (measure.category, measure.status, measure.people) == ("employment", "ongoing", 10)


def test_a_training_event_is_training() -> None:
    text = DATED + "工作队在青石村开办农民夜校，举办种茶、养牛技术培训8期，参训群众500余人次。\n"
    assert [m.category for m in extract_rules(text).measures] == ["training"]


def test_several_teams_money_together_is_an_aggregate() -> None:
    text = DATED + "今年上半年，云岭县四支市派工作队共协调落实帮扶资金860万元，实施帮扶项目26个。\n"
    result = extract_rules(text)
    assert result.measures == []
    assert {(m.value, m.unit) for m in result.metrics} == {(8600000.0, "元"), (26.0, "个")}



# Measure phrasings a combinatorial probe found misread (rules 2.12).
def test_a_work_under_way_whose_end_is_expected_is_ongoing() -> None:
    text = DATED + "正在建设的340平方米扶贫车间预计年底投产。\n"
    measure = extract_rules(text).measures[0]
    assert (measure.status, [(q.value, q.unit, q.item) for q in measure.quantities]) == (
        "ongoing", [(340.0, "平方米", "扶贫车间")],
    )


@pytest.mark.parametrize(
    ("sentence", "category"),
    [
        ("投资23万元新建村级活动场所190平方米。", "governance"),  # the village's own venue
        ("为31户贫困户每户发放化肥3袋。", "industry"),  # a farm input
        ("工作队投入资金9万元，改造农村户厕85座。", "environment"),  # households' toilets
        ("工作队联系企业捐赠了价值2万元的学习用品。", "education"),  # school things
    ],
)
def test_categories_of_a_village_venue_and_a_farm_input(sentence: str, category: str) -> None:
    assert [m.category for m in extract_rules(DATED + sentence + "\n").measures] == [category]


@pytest.mark.parametrize(
    ("sentence", "category"),
    [
        # a cue inside the acting unit's name says nothing of the action
        ("市教育局工作组帮农户卖出板栗2600斤。", "industry"),
        ("县林业局投入2.5万元为村里修建了公厕3座。", "environment"),  # a public toilet
        ("工作队协调帮扶资金45万元，用于壮大石桥村集体经济。", "industry"),  # what the money is for
        ("工作队在3块河滩地整理土地120亩。", "infrastructure"),  # land consolidation
        ("工作队组织群众完成退耕还林420亩。", "environment"),  # trees for the land's sake
    ],
)
def test_categories_of_a_unit_named_with_a_cue_toilets_collective_economy_and_land(
    sentence: str, category: str
) -> None:
    assert [m.category for m in extract_rules(DATED + sentence + "\n").measures] == [category]


def test_money_then_what_it_is_for_in_the_next_clause_is_one_measure() -> None:
    text = DATED + "工作队争取资金45万元，用于修建石桥村便民桥，带动贫困户20户。\n"
    measures = extract_rules(text).measures
    assert [(m.summary, m.investment_yuan, m.households, m.category) for m in measures] == [
        ("工作队争取资金45万元，用于修建石桥村便民桥", 450000.0, 20, "infrastructure")
    ]


def test_firms_fostered_and_floor_area_spoken_as_ge_pingfang() -> None:
    fostered = extract_rules(DATED + "工作队培植了2个竹编加工企业。\n").measures
    assert [[(q.value, q.unit) for q in m.quantities] for m in fostered] == [[(2.0, "个")]]
    workshop = extract_rules(DATED + "村里新建了520个平方的竹编厂房。\n").measures
    assert [[(q.value, q.unit) for q in m.quantities] for m in workshop] == [[(520.0, "平方米")]]


def test_whom_a_visit_reached_then_the_gift_is_one_measure() -> None:
    text = DATED + "春节前夕，工作队走访慰问贫困户43户，送去慰问金2.6万元。\n"
    measures = extract_rules(text).measures
    assert [(m.households, m.investment_yuan, m.category) for m in measures] == [(43, 26000.0, "social_security")]


@pytest.mark.parametrize(
    ("sentence", "quantity"),
    [
        ("驻村工作队带领群众修渠2.7公里。", (2.7, "公里", None)),  # a verb and its object, the figure after
        ("工作队协调资金为村里打井6眼。", (6.0, "眼", None)),  # no item before the work's own verb
    ],
)
def test_works_named_by_a_verb_and_its_object(sentence: str, quantity: tuple[float, str, None]) -> None:
    measures = extract_rules(DATED + sentence + "\n").measures
    assert [[(q.value, q.unit, q.item) for q in m.quantities] for m in measures] == [[quantity]]


def test_money_still_wanted_and_money_with_thousands_separators() -> None:
    wanted = extract_rules(DATED + "修路资金缺口达34万元。\n")
    assert (wanted.measures, [m.value for m in wanted.metrics]) == ([], [340000.0])
    spent = extract_rules(DATED + "工作队争取资金270,000元，硬化道路3.1公里。\n").measures
    assert [(m.investment_yuan, [q.value for q in m.quantities]) for m in spent] == [(270000.0, [3.1])]


@pytest.mark.parametrize(
    ("lead", "year"),
    [
        ("2016年上半年，", 2016),  # was the page's year: 上半年 read again after the written year
        ("2016年春节前夕，", 2016),
        ("2016年第三季度，", 2016),
        ("2016年9月至11月，", 2016),
    ],
)
def test_a_measures_year_from_a_half_a_holiday_a_quarter_or_months_of_a_year(lead: str, year: int) -> None:
    text = DATED + lead + "工作队争取资金27万元，硬化村组道路3.4公里。\n"
    assert [m.year for m in extract_rules(text).measures] == [year]


def test_a_years_opening_reaches_past_semicolons_and_an_earlier_clause_dates_a_measure() -> None:
    # '2017年度,' opens the sentence and dates every part of it that names no year of its own
    listed = (
        DATED + "2017年度，石桥村8户贫困户搬入新居；11户贫困户获得小额信贷资金45万元；"
        "2016年修建的蓄水池扩容了320立方米。\n"
    )
    years = {m.summary: m.year for m in extract_rules(listed).measures}
    assert years == {"11户贫困户获得小额信贷资金45万元": 2017, "2016年修建的蓄水池扩容了320立方米": 2016}
    # a year in an earlier clause of the sentence: this year's plan is for 2019
    later = DATED + "今年工作队还将帮扶石桥村，新建蓄水池6座。\n"
    assert [m.year for m in extract_rules(later).measures] == [2019]


@pytest.mark.parametrize(
    ("sentence", "status"),
    [
        ("投资27万元的3.4公里村组道路主体工程已完工。", "ongoing"),  # the main works, not the whole
        ("投资27万元硬化村组道路3.4公里的项目已经立项。", "ongoing"),
        ("投资27万元硬化村组道路3.4公里，目前已完成70%。", "ongoing"),  # progress in the clause after
        ("投资27万元硬化村组道路3.4公里，预计8月底完工。", "ongoing"),
        ("今年还要投资27万元硬化村组道路3.4公里。", "planned"),
        # a work planned is to come
        ("规划新建蓄水池3座，解决柳湾村饮水难。", "planned"),
    ],
)
def test_a_measures_status_from_its_progress(sentence: str, status: str) -> None:
    assert [m.status for m in extract_rules(DATED + sentence + "\n").measures] == [status]


@pytest.mark.parametrize(
    ("words", "planned"),
    [
        ("同村民代表一道编好了茶叶产业发展规划", False),  # a plan drawn up: work done
        ("规划新建蓄水池3座", True),
        ("规划建设冷库一座", True),
    ],
)
def test_a_plan_is_a_cue_for_work_to_come_only_before_the_work(words: str, planned: bool) -> None:
    from llmx.backends.rules.tables import PLANNED

    assert (PLANNED.search(words) is not None) == planned


def test_people_working_away_counted_are_a_metric_sent_away_a_measure() -> None:
    counted = extract_rules(DATED + "目前，苇塘村有劳动力640人，外出务工327人。\n")
    assert (counted.measures, sorted(m.value for m in counted.metrics)) == ([], [327.0, 640.0])
    sent = extract_rules(DATED + "工作队组织外出务工118人。\n")
    assert [(m.people, m.category) for m in sent.measures] == [(118, "employment")]

# -- metrics ---------------------------------------------------------------------------------


def test_ranks_are_metrics_with_their_holder() -> None:
    text = DATED + (
        "在全县驻村工作队综合考评中，县水利局驻青石村工作队获得第一名。\n"
        "去年底，柳湾村整村出列，在全县村级集体经济考评中排名第三。第一书记王志远获得第一书记标兵称号。\n"
    )
    ranks = [(m.value, m.unit, m.subject) for m in extract_rules(text).metrics if m.unit == "名"]
    assert ranks == [(1.0, "名", "县水利局驻青石村工作队"), (3.0, "名", "柳湾村")]


def test_subjects_by_pointer_county_and_cooperative() -> None:
    text = DATED + (
        "工作队牵头成立了云岭县青石茶叶专业合作社。今年合作社实现利润28万元。\n"
        "同镇的柳湾村也尝到了甜头。今年，该村60多户果农通过网店卖出猕猴桃1万多斤。\n"
        "2014年，我县有贫困村42个。\n"
    )
    subjects = {(m.value, m.unit): m.subject for m in extract_rules(text.replace("云岭县", "永和县")).metrics}
    assert subjects[(280000.0, "元")] == "永和县青石茶叶专业合作社"
    assert subjects[(60.0, "户")] == "柳湾村"
    assert subjects[(42.0, "个")] == "永和县"


def test_the_nation_is_a_subject_and_an_unnamed_area_none() -> None:
    text = DATED + (
        "截至去年底，全国先后有180多万名干部到村任职。\n"
        "各县共向贫困村派出工作队员2400人。\n"
        "到去年底，全国有85个贫困县摘帽。\n"
    )
    subjects = {(m.value, m.unit): m.subject for m in extract_rules(text).metrics}
    assert subjects == {(1800000.0, "人"): "全国", (2400.0, "人"): None, (85.0, "个"): "全国"}


def test_counts_of_the_pages_own_teams_are_no_new_metric() -> None:
    text = DATED + (
        "市级单位派驻云岭县的两支驻村工作队逐一汇报了进展。\n"
        "一、县水利局驻青石村工作队。二、县林业局驻柳湾村工作队。\n"
    )
    assert extract_rules(text).metrics == []


@pytest.mark.parametrize(
    ("numeral", "value"),
    [("三", 3.0), ("十二", 12.0), ("二十", 20.0), ("百", 100.0), ("两千", 2000.0), ("三万五千", 35000.0),
     ("十万", 100000.0), ("一万二", 12000.0), ("三百七", 370.0), ("二〇一八", None)],
)
def test_chinese_numerals(numeral: str, value: float | None) -> None:
    assert chinese_number(numeral) == value


def test_money_with_wan_and_no_unit_and_tenths() -> None:
    text = DATED + (
        "工作队争取项目资金86万，为石门镇青石村硬化道路3公里。收益的七成分给贫困户，目前第一书记中90后占两成以上。\n"
    )
    result = extract_rules(text)
    assert [m.investment_yuan for m in result.measures] == [860000.0]
    shares = {(m.value, m.approx) for m in result.metrics if m.unit == "%"}
    assert shares == {(70.0, False), (20.0, True)}


def test_a_meeting_with_its_attendance() -> None:
    text = DATED + (
        "石门镇青石村召开院坝会，工作队讲解小额信贷政策，来了60多户。工作队组织召开政策宣讲会，参会群众120余人。\n"
    )
    measures = extract_rules(text).measures
    assert [(m.category, m.households, m.people) for m in measures] == [("training", 60, None), ("training", None, 120)]
    assert extract_rules(text).metrics == []


def test_a_project_table_in_wan_yuan() -> None:
    text = DATED + (
        "青石村去年实施的项目如下（资金单位：万元）：\n"
        "序号　项目名称　　　建设内容　　　　　　投资　　受益户数　　进度\n"
        "1　　通组道路硬化　硬化道路2.6公里　　　98　　　64　　　　已完工\n"
        "2　　文化广场　　　新建广场600平方米　　21.5　　—　　　　在建\n"
    )
    measures = extract_rules(text).measures
    assert [(m.investment_yuan, m.households, m.status) for m in measures] == [
        (980000.0, 64, "done"), (215000.0, None, "ongoing"),
    ]


def test_recruited_party_members_are_an_output() -> None:
    text = DATED + "今年青石村党支部共召开党员大会6次，发展党员2名。\n"
    [measure] = extract_rules(text).measures
    assert measure.people is None
    assert [(q.value, q.unit) for q in measure.quantities] == [(6.0, "次"), (2.0, "人")]


# -- rules 2.8 ------------------------------------------------------------------------------


def test_a_herd_the_team_helped_raise_is_a_measure_but_a_households_own_is_not() -> None:
    helped = extract_rules(DATED + "工作队帮助石门镇青石村贫困户周大海养羊23只。\n")
    assert [(q.value, q.unit) for m in helped.measures for q in m.quantities] == [(23.0, "只")]
    assert helped.metrics == []
    for own in ("截至目前，石门镇青石村全村养羊1800只、养蜂260箱。", "石门镇青石村村民周大海说：“我家种了2亩花椒。”"):
        scale = extract_rules(DATED + own + "\n")
        assert scale.measures == [], own
        assert scale.metrics, own


def test_a_farm_named_by_its_herd_is_no_action() -> None:
    result = extract_rules(DATED + "石门镇青石村养牛场今年出栏肉牛350头。\n")
    assert result.measures == []
    assert [(m.value, m.unit) for m in result.metrics] == [(350.0, "头")]


def test_a_work_whose_completion_follows_its_figure_is_a_measure() -> None:
    text = DATED + "石门镇青石村80千瓦村级光伏电站已全部完工。6.3公里的通组公路修好后，村民出行方便了。\n"
    result = extract_rules(text)
    assert [(q.value, q.unit, q.item) for m in result.measures for q in m.quantities] == [
        (80.0, "千瓦", "村级光伏电站"), (6.3, "公里", "通组公路"),
    ]
    assert result.metrics == []


def test_a_former_secretary_named_with_his_village_leads_its_team() -> None:
    text = DATED + "石门镇白沙村原第一书记吴国栋回忆，当年村里只有一条土路。\n"
    assert [(t.villages, t.leader) for t in extract_rules(text).teams] == [(["白沙村"], "吴国栋")]
    assert [v.name for v in extract_rules(DATED + "白沙村原有贫困户45户。\n").villages] == ["白沙村"]


def test_two_secretaries_in_one_sentence_each_lead_their_own_village() -> None:
    text = DATED + "石门镇青石村第一书记郑光明同志及柳湾镇白沙村第一书记冯晓东同志于5月3日深入两村调研。\n"
    assert [(t.villages, t.leader) for t in extract_rules(text).teams] == [
        (["青石村"], "郑光明"), (["白沙村"], "冯晓东"),
    ]


@pytest.mark.parametrize(
    ("line", "outlet"),
    [
        ("来源:云岭新媒 时间:2019-03-14", "云岭新媒"),
        ("2019-06-12 10:05:31 来源:云岭每日电讯", "云岭每日电讯"),
        ("发布人:赵六来源:云岭日报浏览次数:发布时间:2019-11-26", "云岭日报"),
        ("来源:云岭日报(石门) 发布时间:2018-05-09", "云岭日报"),
        ("发稿时间:2021-08-16 14:22:00 来源: 云岭网(云岭日报网)", "云岭网(云岭日报网)"),
        ("来源:云岭晚报编辑 时间:2019-04-23", "云岭晚报"),
        ("来源:县农业局 时间:2019-04-23", None),
    ],
)
def test_a_source_field_with_furniture_or_brackets_names_the_outlet(line: str, outlet: str | None) -> None:
    text = f"青石村的新变化\n{line}\n青石村驻村工作队今年修路3公里。\n"
    assert extract_rules(text).outlet == outlet


def test_an_outlet_tag_before_the_headline_names_the_outlet() -> None:
    result = extract_rules("首页 > 新闻动态\n【云岭网】青石村工作队为民解难题\n发布时间:2019-02-18\n正文。\n")
    assert (result.outlet, result.title) == ("云岭网", "青石村工作队为民解难题")


def test_an_apps_reporters_name_the_outlet() -> None:
    byline = (
        "青石村来了驻村工作队\n\n云岭日报客户端记者 王丽 通讯员 张强\n\n"
        "  2019年5月6日，省农业厅驻青石村工作队走访了32户贫困户。\n"
    )
    result = extract_rules(byline)
    assert (result.outlet, result.authors) == ("云岭日报客户端", ["王丽", "张强"])


@pytest.mark.parametrize(
    "sentence",
    [
        "2017年8月，县农业局干部赵立新走马上任青石村驻村工作队队长。",
        "县农业局干部赵立新2017年8月到青石村任职，担任驻村工作队队长。",
    ],
)
def test_taking_up_the_post_dates_the_team(sentence: str) -> None:
    teams = extract_rules("青石村的新路\n2019-05-06\n  " + sentence + "\n").teams
    assert [t.since for t in teams] == [2017]


def test_a_first_person_page_opening_with_the_writers_name_has_its_author() -> None:
    page = "我叫赵立新，云岭市水利局干部。2018年3月，我被派到青石村担任第一书记。\n  这两年，我们走访了全村132户。\n"
    assert extract_rules(page).authors == ["赵立新"]
    # a byline wins over the name a first-person text gives
    assert extract_rules("青石村驻村日记\n记者 钱小兵\n" + page).authors == ["钱小兵"]


@pytest.mark.parametrize(
    ("page", "outlet"),
    [
        # a copyright line closing the page
        ("青石村的新路\n2019-05-06\n{body}\n联系我们\n版权所有 石门新闻网 备案号0001\n", "石门新闻网"),
        # the date, then a news service alone
        ("青石村的新路\n\n2019-05-06 石门新闻\n\n{body}\n", "石门新闻"),
        # a paper and its site joined by a dash before the reporters
        ("青石村的新路\n云岭日报—云岭网记者 王丽\n{body}\n", "云岭日报"),
        # an opener naming the paper, then its site after a spaced dash
        ("石门日报 - 石门之窗讯 (赵立新){body}\n", "石门日报"),
    ],
)
def test_outlets_in_a_copyright_line_after_a_date_before_reporters_and_in_an_opener(page: str, outlet: str) -> None:
    body = "  近日，县交通局驻青石村工作队协调资金26万元，硬化通组路1.8公里，方便了156户村民出行。"
    assert extract_rules(page.format(body=body)).outlet == outlet


@pytest.mark.parametrize(
    ("first_line", "title"),
    [
        ("县交通局赴青石村现场商定修路方案 近日，县交通局局长带领干部到青石村调研。",
         "县交通局赴青石村现场商定修路方案"),
        ("1、青石村驻村工作队年度述职报告 为进一步做好驻村帮扶工作，现将工作报告如下。",
         "青石村驻村工作队年度述职报告"),
        # an outlet's opener is no headline
        ("云岭新闻网8月3日讯 近日，县交通局局长带领干部到青石村调研。", None),
    ],
)
def test_a_headline_a_space_apart_from_the_lead_on_one_line(first_line: str, title: str | None) -> None:
    page = first_line + "工作队协调资金26万元，硬化通组路1.8公里，方便了156户村民出行。\n"
    assert extract_rules(page).title == title


@pytest.mark.parametrize(
    ("closing", "authors"),
    [
        ("云岭社记者 赵立新 钱小兵 孙丽 摄影报道", ["赵立新", "钱小兵", "孙丽"]),  # after the last sentence
        ("\n赵立新 钱小兵摄影报道 |\n相关阅读", ["赵立新", "钱小兵"]),  # a line of its own, a bar after it
    ],
)
def test_a_photo_storys_byline_closing_the_text(closing: str, authors: list[str]) -> None:
    body = "  近日，县交通局驻青石村工作队协调资金26万元，硬化通组路1.8公里，方便了156户村民出行。"
    assert extract_rules("青石村的新路\n2019-05-06\n" + body + closing + "\n").authors == authors


def test_a_reporter_signing_after_the_last_sentence_and_the_place_reported_from() -> None:
    body = "  近日，县交通局驻青石村工作队协调资金26万元，硬化通组路1.8公里，方便了156户村民出行。"
    signed = extract_rules("青石村的新路\n2019-05-06\n" + body + "■云岭日报记者 赵立新 石门报道\n")
    assert signed.authors == ["赵立新"]
    # the place before 报道 is where the report comes from, no second name
    byline = extract_rules("青石村的新路\n2019-05-06\n云岭网通讯员 赵立新 石门报道\n" + body + "\n")
    assert (byline.authors, byline.outlet) == (["赵立新"], "云岭网")


def test_a_station_alone_in_brackets_closing_the_text_names_the_outlet() -> None:
    closing = (
        "青石村的新路\n2019-05-06\n  近日，县交通局驻青石村工作队协调资金26万元，硬化通组路1.8公里，"
        "方便了156户村民出行。\n（石门广电台）\n"
    )
    assert extract_rules(closing).outlet == "石门广电台"
    # a station's own closing words name it too
    assert extract_rules(closing.replace("（石门广电台）", "记者:赵立新\n云岭台报道")).outlet == "云岭台"
    # a unit alone in brackets is no outlet
    assert extract_rules(closing.replace("石门广电台", "石门公路分局")).outlet is None


@pytest.mark.parametrize(
    ("closing", "authors"),
    [
        ("(石门公路分局 赵立新)", ["赵立新"]),
        ("【石门县实验中学 赵立新 钱小兵】", ["赵立新", "钱小兵"]),
        ("(石门公路分局)", []),
        ("(石门县人民政府网 赵立新、钱小兵)", ["赵立新", "钱小兵"]),  # a site, names joined by 、
        ("(石门县交通局、青石村工作组 赵立新、钱小兵)", ["赵立新", "钱小兵"]),
        ("云岭社记者赵立新、钱小兵湖南湘西报道", ["赵立新", "钱小兵"]),
        ("云岭社记者 赵立新 钱小兵 孙丽 摄影报导", ["赵立新", "钱小兵", "孙丽"]),
        ("赵立新 摄", []),
    ],
)
def test_closing_bylines_with_a_unit_a_place_or_a_photo_story(closing: str, authors: list[str]) -> None:
    text = "青石村的新变化\n2019-06-12 10:05:31 来源:云岭日报\n青石村驻村工作队今年修路3公里。\n" + closing + "\n"
    assert extract_rules(text).authors == authors


def test_registered_households_and_a_rounded_poor_population_are_baselines() -> None:
    text = DATED + "石门镇青石村在册户数236户，人口871人。原有贫困户58户，贫困人口190多人。\n"
    [village] = extract_rules(text).villages
    assert (village.households, village.population, village.poor_households, village.poor_population) == (
        236, 871, 58, 190,
    )


@pytest.mark.parametrize(
    "sentence",
    [
        "云岭市水利局对口帮扶石门镇白沙村，修了两条路。",
        "2017年4月，云岭市水利局开始对石门镇白沙村进行定点帮扶。",
        "2015年，云岭市水利局担起了石门镇白沙村的对口帮扶任务。",
        "说起云岭市水利局驻石门镇白沙村工作队，村民都竖起大拇指。",
        "自2016年至今，云岭市水利局帮扶石门镇白沙村已有5年了。",
        "云岭市水利局办公室副主任吴国栋及同事赵红、钱亮被派驻到石门镇白沙村。",
    ],
)
def test_a_unit_assisting_a_village_it_names_after_itself(sentence: str) -> None:
    [team] = extract_rules(DATED + sentence + "\n").teams
    assert (team.sent_by, team.villages) == ("云岭市水利局", ["白沙村"])


def test_a_party_committee_assisting_a_village_is_no_team() -> None:
    assert extract_rules(DATED + "县委对口帮扶石门镇白沙村。\n").teams == []


def test_signature_lines_with_a_space_and_a_village_head_are_read() -> None:
    text = DATED + (
        "【石门县柳湾镇白沙村村长 秦大年】：路修好了。\n"
        "【石门县柳湾镇白沙村驻村第一书记 吴国栋】：我们还要发展产业。\n"
    )
    result = extract_rules(text)
    assert [v.name for v in result.villages] == ["白沙村"]
    assert [(t.villages, t.leader) for t in result.teams] == [(["白沙村"], "吴国栋")]


def test_a_secretary_named_before_is_and_one_named_only_by_his_unit() -> None:
    named = DATED + "大伙儿都夸的这位书记，叫吴国栋，是云岭市质量检验中心派驻石门县柳湾镇白沙村驻村第一书记。\n"
    assert [(t.sent_by, t.leader) for t in extract_rules(named).teams] == [("云岭市质量检验中心", "吴国栋")]
    unnamed = DATED + "老龚今年9月从云岭州园区管委会副科长任上，被派到柳湾镇白沙村当“第一书记”。\n"
    assert [(t.sent_by, t.villages, t.leader) for t in extract_rules(unnamed).teams] == [
        ("云岭州园区管委会", ["白沙村"], None),
    ]


def test_cadres_described_by_quality_are_no_unit() -> None:
    text = DATED + "前年起，云岭州陆续选派280名优秀机关干部到村里当“第一书记”。\n"
    assert [t.sent_by for t in extract_rules(text).teams if t.sent_by] == []


def test_a_study_tour_counted_by_the_places_is_one_measure() -> None:
    text = DATED + "工作队带领石门镇青石村村民拜访县直单位12个、市直单位3个。\n"
    result = extract_rules(text)
    quantities = [[(q.value, q.item) for q in m.quantities] for m in result.measures]
    assert quantities == [[(12.0, "县直单位"), (3.0, "市直单位")]]
    assert result.metrics == []


def test_films_shown_are_a_culture_measure() -> None:
    [measure] = extract_rules(DATED + "工作队为石门镇青石村村民放映电影15场。\n").measures
    assert (measure.category, [(q.value, q.unit, q.item) for q in measure.quantities]) == (
        "culture", [(15.0, "场", "电影")],
    )


def test_every_units_money_together_is_an_aggregate() -> None:
    result = extract_rules(DATED + "五年来，各帮扶单位共投入帮扶资金960万元。\n")
    assert result.measures == []
    assert [(m.value, m.unit) for m in result.metrics] == [(9600000.0, "元")]


def test_a_slogan_of_one_village_one_town_one_county_counts_nothing() -> None:
    text = DATED + "他们的思路是扶好一个村、带活一个镇、影响一个县。\n"
    assert extract_rules(text).measures == []


@pytest.mark.parametrize(
    ("head", "outlet", "authors"),
    [
        ("青石村的新变化\n时间:2018-09-14 08:12:06编辑:周敏来源:云岭新闻\n", "云岭新闻", []),
        ("青石村的新变化\n综合新闻\n2018-09-14\n", None, []),
        ("青石村的新变化\n本台讯 (云岭广电全媒体记者 孙立平 石门台 钟敏)", "云岭广电", ["孙立平", "钟敏"]),
        ("青石村的新变化\n云岭社记者赵立新\n", "云岭社", ["赵立新"]),
        ("云岭网·云岭日报记者赵梅\n", "云岭网", ["赵梅"]),
        ("青石村的新变化\n2019-10-08 云岭应急管理报 记者 马建平\n", "云岭应急管理报", ["马建平"]),
        ("文/图 云岭日报全媒记者 彭立军 通讯员 柯敏\n", "云岭日报", ["彭立军", "柯敏"]),
        ("青石村的新变化\n云岭网消息:(记者 常晓峰)在石门县,", "云岭网", ["常晓峰"]),
    ],
)
def test_outlets_and_reporters_in_the_genres_bylines(head: str, outlet: str | None, authors: list[str]) -> None:
    result = extract_rules(head + "青石村驻村工作队今年修路3公里。工作队走访农户。\n")
    assert (result.outlet, result.authors) == (outlet, authors)


@pytest.mark.parametrize(
    "headline",
    ["决战脱贫 | “好”书记的三本账", "修通“致富路”连起“幸福门”|县委组织部驻村队办好群众的急难事"],
)
def test_a_headline_with_a_series_or_a_second_half_after_one_bar(headline: str) -> None:
    text = f"新闻中心 > 头条 > 正文\n\n{headline}\n\n2019年03月11日15:47  来源:云岭网\n\n"
    text += "青石村驻村工作队今年修路3公里。\n"
    assert extract_rules(text).title == headline


def test_a_grade_of_villages_is_no_village_and_a_sum_of_people_is_the_population() -> None:
    graded = extract_rules(DATED + "石门镇青石村去年从三类村晋级到一类村。\n")
    assert [v.name for v in graded.villages] == ["青石村"]
    [village] = extract_rules(DATED + "石门镇青石村位于县城南部，共267户，合计915人。\n").villages
    assert (village.households, village.population) == (267, 915)


def test_village_totals_after_its_groups_with_rounded_counts_and_a_poor_count_after_jiu_you() -> None:
    cases = {
        "石门镇青石村位于县城北部。11个村民小组318户1066人，其中建档立卡贫困户就有97户325人。": (318, 1066, 97, 325),
        "石门镇青石村位于县城东部约9公里，辖9个村民组近400户1600余人，群众收入以农业为主。": (400, 1600, None, None),
        "石门镇青石村土地贫瘠，全村126户人家里建档立卡贫困户就有34户。": (126, None, 34, None),
    }
    for sentence, expected in cases.items():
        [village] = extract_rules(DATED + sentence + "\n").villages
        found = (village.households, village.population, village.poor_households, village.poor_population)
        assert found == expected, sentence


@pytest.mark.parametrize(
    ("sentence", "unit"),
    [
        ("2016年4月，吴国栋被县水利局党委派到石门镇白沙村任第一书记。", "县水利局党委"),
        ("从云岭农业学院派来的第一书记吴国栋，扎根石门镇白沙村三年了。", "云岭农业学院"),
        ("2017年，云岭集团青峰煤矿被确定为石门镇白沙村的帮扶单位。", "云岭集团青峰煤矿"),
        ("云岭能源(河北公司)驻石门镇白沙村扶贫工作组积极开展工作。", "云岭能源(河北公司)"),
        ("2019年春，我从云岭县供销合作社被派到石门镇白沙村任第一书记。", "云岭县供销合作社"),
        ("石门镇白沙村是云岭市档案局包联帮扶的贫困村之一。", "云岭市档案局"),
        ("从2019年3月起，云岭公路分局担负起石门镇白沙村的驻村帮建任务。", "云岭公路分局"),
        ("据云岭县人民医院副院长、驻石门镇白沙村扶贫工作队队长吴国栋介绍，村里新修了路。", "云岭县人民医院"),
    ],
)
def test_the_unit_behind_a_villages_team_in_the_genres_other_phrasings(sentence: str, unit: str) -> None:
    teams = extract_rules(DATED + sentence + "\n").teams
    assert [(t.sent_by, t.villages) for t in teams] == [(unit, ["白沙村"])]


def test_units_whose_names_hold_ju_are_not_cut() -> None:
    text = DATED + "云岭市大数据管理局驻石门镇白沙村工作队今年修路4公里。\n"
    assert [t.sent_by for t in extract_rules(text).teams] == ["云岭市大数据管理局"]


@pytest.mark.parametrize(
    ("head", "title", "authors"),
    [
        ("云岭论坛\n标题: 穷山村换了新模样 [打印本页]\n作者: admin    时间: 2018-6-9 09:41\n",
         "穷山村换了新模样", []),
        ("云岭石门县扶贫办荣获“全省先进单位” |奋斗者说\n2019-12-30 来源:云岭网\n",
         "云岭石门县扶贫办荣获“全省先进单位”", []),
        ("青石村的新变化\n【发布日期: 2018-07-25】 【供稿人:邵明辉】\n", "青石村的新变化", ["邵明辉"]),
    ],
)
def test_forum_titles_channel_tails_and_supplied_by(head: str, title: str, authors: list[str]) -> None:
    result = extract_rules(head + "石门镇青石村驻村工作队今年修路3公里。工作队走访农户。\n")
    assert (result.title, result.authors) == (title, authors)


def test_works_dug_or_added_are_measures_and_a_figures_unit_opens_no_village() -> None:
    dug = extract_rules(DATED + "石门镇青石村饮水工程开挖水井3口、引水渠2100余米。\n")
    assert [(q.value, q.item) for m in dug.measures for q in m.quantities] == [(3.0, "水井"), (2100.0, "引水渠")]
    added = extract_rules(DATED + "工作队为石门镇青石村筹资12万元增建村委会用房4间。\n")
    assert [v.name for v in added.villages] == ["青石村"]
    assert [(m.village, m.investment_yuan) for m in added.measures] == [("青石村", 120000.0)]


def test_what_a_work_can_give_and_an_areas_works_added_up_are_metrics() -> None:
    capacity = extract_rules(DATED + "石门镇青石村这300箱蜜蜂可供6人就业。\n")
    assert capacity.measures == []
    added_up = extract_rules(DATED + "全县累计建成扶贫车间86个、总投资3.1亿元。\n")
    assert added_up.measures == []
    assert {(m.value, m.unit) for m in added_up.metrics} == {(86.0, "个"), (310000000.0, "元")}


@pytest.mark.parametrize(
    "sentence",
    [
        "自2018年帮扶工作启动以来，云岭省教育厅作为石门镇白沙村的定点帮扶单位，做了不少实事。",
        "自2018年至今，云岭省教育厅帮扶石门镇白沙村已有3年了。",
    ],
)
def test_a_units_tie_told_from_its_year(sentence: str) -> None:
    [team] = extract_rules(DATED + sentence + "\n").teams
    assert (team.sent_by, team.since) == ("云岭省教育厅", 2018)


def test_a_secretary_who_started_in_a_year() -> None:
    text = DATED + "吴国栋从2019年起作为第一书记，一直住在石门镇白沙村。\n"
    assert [t.since for t in extract_rules(text).teams] == [2019]


def test_a_villages_altitude_and_distance_are_metrics_a_persons_height_is_not() -> None:
    text = DATED + "石门镇青石村平均海拔1200米，距离县城35公里。村民周大海的儿子身高不足90厘米。\n"
    metrics = extract_rules(text).metrics
    assert {(m.subject, m.value, m.unit) for m in metrics} == {("青石村", 1200.0, "米"), ("青石村", 35.0, "公里")}


def test_kilowatt_hours_in_du_after_power_and_no_angle_or_year() -> None:
    power = extract_rules(DATED + "石门镇青石村光伏电站一年能发电8.6万度。\n").metrics
    assert [(m.value, m.unit) for m in power] == [(86000.0, "度")]
    slope = extract_rules(DATED + "石门镇青石村25度以上的坡耕地全部退耕还林。\n").metrics
    assert slope == []
    [income] = extract_rules(DATED + "2019年度石门镇青石村集体经营收入6.5万元。\n").metrics
    assert (income.name, income.year) == ("集体经营收入", 2019)  # (the village is its subject, not its name)


def test_a_units_tie_with_its_year_between_and_a_secretary_posted_from_his_unit() -> None:
    tie = extract_rules(DATED + "云岭县林业局自2012年帮扶石门镇白沙村以来，修了三条路。\n").teams
    assert [(t.sent_by, t.villages, t.since) for t in tie] == [("云岭县林业局", ["白沙村"], 2012)]
    posted = extract_rules(DATED + "从云岭市交通运输局派驻挂职的村第一书记吴国栋说，路修好了。\n").teams
    assert [(t.sent_by, t.leader) for t in posted] == [("云岭市交通运输局", "吴国栋")]
    held = extract_rules(DATED + "来自云岭师范学院的队员吴国栋担任着石门镇白沙村第一书记。\n")
    assert [v.name for v in held.villages] == ["白沙村"]


@pytest.mark.parametrize(
    ("head", "title", "outlet", "published", "authors"),
    [
        ("2019年05月21日\n第05版:石门新闻 PDF版\n\n县林业局帮村里种下致富林\n\n本报讯 (记者 徐立)\n",
         "县林业局帮村里种下致富林", None, "2019-05-21", ["徐立"]),
        ("《云岭政协报》记者 葛立强 柴慧 伍鹏\n结对帮扶,把干部和群众连在了一起。\n",
         None, "云岭政协报", None, ["葛立强", "柴慧", "伍鹏"]),
        ("当前位置:电子版>云岭法制报>第二版\n\n吴国栋:扎根山村的法官“书记”\n\n"
         "  • 日期:20190305\n  • 来源:云岭法制报\n",
         "吴国栋:扎根山村的法官“书记”", "云岭法制报", "2019-03-05", []),
        ("▲去年铺好的青石村通组路\n", None, None, None, []),
    ],
)
def test_e_paper_page_labels_captions_book_title_bylines_and_compact_dates(
    head: str, title: str | None, outlet: str | None, published: str | None, authors: list[str]
) -> None:
    result = extract_rules(head + "石门镇青石村驻村工作队今年修路3公里。工作队走访农户。\n")
    found = (result.title, result.outlet, str(result.published) if result.published else None, result.authors)
    assert found == (title, outlet, published, authors)


def test_works_newly_installed_enlarged_or_risen_are_measures() -> None:
    for sentence in (
        "石门镇青石村新装了3台315千伏安变压器。",
        "工作队决定把石门镇青石村的小水电站由60千瓦扩容为100千瓦。",
        "石门镇青石村19座蔬菜大棚拔地而起。",
    ):
        result = extract_rules(DATED + sentence + "\n")
        assert result.measures and not result.metrics, sentence


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("石门镇青石村是省级贫困村，7个村民组共352户、1187人。村民多以种地为生。", (352, 1187, None)),
        ("石门镇青石村在县城以西，全村下辖5个自然村、12个村民组、864户2935人。", (864, 2935, None)),
        ("石门镇青石村地处山区，离县城很远，现有人口732人，226户，6个村民小组。", (226, 732, None)),
        ("石门镇青石村是少数民族村寨，全村836人，建档立卡贫困户315人。", (None, 836, 315)),
    ],
)
def test_village_totals_after_several_groups_a_population_first_and_poor_households_people(
    sentence: str, expected: tuple[int | None, int | None, int | None]
) -> None:
    [village] = extract_rules(DATED + sentence + "\n").villages
    assert (village.households, village.population, village.poor_population) == expected


def test_a_facility_named_then_said_finished_is_a_measure() -> None:
    text = DATED + "石门镇青石村农家书屋建成投用。县文旅局出资的村口路灯工程顺利完工。\n"
    assert [m.category for m in extract_rules(text).measures] == ["culture", "environment"]  # SPEC: street lights


@pytest.mark.parametrize(
    ("sentence", "unit"),
    [
        ("2015年3月，吴国栋经云岭省委组织部委派，到石门镇白沙村任第一书记。", "云岭省委组织部"),
        ("作为云岭市委组织部派出的第三批驻村第一书记，吴国栋于2018年11月前往石门镇白沙村开展工作。", "云岭市委组织部"),
        ("云岭集团公司作为石门镇白沙村定点扶贫单位，2016年9月选派第一书记和2名队员。", "云岭集团公司"),
        ("在云岭县检察院工作的吴国栋2016年来到石门镇白沙村，担任扶贫副队长。", "云岭县检察院"),
        ("去年8月，云岭县公安局派出4名民警进驻石门镇白沙村。", "云岭县公安局"),
    ],
)
def test_a_secretarys_sender_when_no_unit_of_his_own_is_named(sentence: str, unit: str) -> None:
    assert [(t.sent_by, t.villages) for t in extract_rules(DATED + sentence + "\n").teams] == [(unit, ["白沙村"])]


def test_a_team_counted_after_its_people_or_as_police_sent() -> None:
    for sentence, size in (
        ("去年8月，云岭县公安局派出4名民警进驻石门镇白沙村。", 4),
        ("2016年，县交通局选派帮扶人员12人进驻石门镇白沙村。", 12),
    ):
        assert [t.size for t in extract_rules(DATED + sentence + "\n").teams] == [size], sentence


@pytest.mark.parametrize(
    ("sentence", "team"),
    [
        # a unit's tie written 包扶 or 包联: the village after it is named
        ("云岭县审计局驻村工作队包扶柳河村以来，帮助村里修建水渠2公里。", ("云岭县审计局", ["柳河村"], None)),
        ("云岭县审计局包联柳河村以来，帮助村里修建水渠2公里。", ("云岭县审计局", ["柳河村"], None)),
        # the tie dated from a year with 起 or 以来 before the unit: the team's start
        ("2013年9月起，云岭省地质局定点帮扶白沙乡河口村，先后投入80万元修建道路。", ("云岭省地质局", ["河口村"], 2013)),
        ("自2016年以来，云岭县审计局结对帮扶柳河村，帮助村里修建水渠2公里。", ("云岭县审计局", ["柳河村"], 2016)),
        # units forming the team with 的 before it, the village named in the paragraph
        ("柳河村有农户120户。县人民医院、县信用联社组成的帮扶工作队常年住在村里，教村民种菌菇。",
         ("县人民医院、县信用联社", ["柳河村"], None)),
    ],
)
def test_a_tie_written_baofu_dated_from_a_year_or_a_team_formed_by_units(sentence, team) -> None:
    assert [(t.sent_by, t.villages, t.since) for t in extract_rules(DATED + sentence + "\n").teams] == [team]


def test_a_year_before_a_unit_assisting_no_village_yet_is_no_start() -> None:
    # the year of an outcome, not of the tie: no 起 or 以来 after it
    text = DATED + "2019年，云岭县财政局定点帮扶的青石村实现脱贫。云岭县财政局驻村工作队有3人。\n"
    assert [t.since for t in extract_rules(text).teams] == [None]


def test_gacha_villages_counted_in_inner_mongolia_are_no_village_and_names_lose_quan_bu() -> None:
    result = extract_rules(DATED + "全旗68个嘎查村集体经济年收入全部超5万元。全村贫困户人均纯收入均达到4600元以上。\n")
    assert result.villages == []
    assert [m.name for m in result.metrics] == ["嘎查村", "嘎查村集体经济年收入", "贫困户人均纯收入"]
    result = extract_rules(DATED + "2019年农民年人均4000元，户均增收3000元。\n")
    assert [m.name for m in result.metrics] == ["农民年人均", "户均增收"]


@pytest.mark.parametrize(
    ("sentence", "category", "households"),
    [
        ("工作队帮7户贫困户筹建安居房。", "housing", 7),  # a house raised: 筹建
        ("工作队安排贫困户李秀英到村里的公益性岗位上班。", "employment", None),  # one household named, a post given
        ("驻村工作队为脱贫户周德明翻建了住房。", "housing", None),
        ("工作队为低保户吴桂兰家送去一批鸡苗。", "industry", None),
    ],
)
def test_houses_raised_and_help_for_one_named_household_are_measures(sentence, category, households) -> None:
    result = extract_rules(DATED + "石门镇青石村地处山区。" + sentence + "\n")
    assert [(m.category, m.households) for m in result.measures] == [(category, households)]


def test_a_named_villager_with_nothing_done_for_him_is_no_measure() -> None:
    result = extract_rules(DATED + "石门镇青石村地处山区。贫困户王大山说，工作队帮了他很多。\n")
    assert result.measures == []


def test_a_house_rebuilt_counts_its_rooms_as_the_item() -> None:
    ((m),) = extract_rules(DATED + "石门镇青石村地处山区。工作队帮他家翻建危房3间。\n").measures
    assert [(q.value, q.unit, q.item) for q in m.quantities] == [(3, "间", "危房")]


@pytest.mark.parametrize(
    "text",
    [
        # the province opens a unit's name: the figure is the village's
        "湖南省白石县青石村有27户95人被列入贫困户。近年来，在湖南省林业局的支持下，村里22户80人摘掉了穷帽。",
        # the team's unit helps, the households gain
        "云岭县审计局派驻青石村工作队。云岭县审计局引导26户贫困户种植中药材，户均增收2600元。",
    ],
)
def test_a_gain_under_a_units_help_is_the_villages_not_the_units(text) -> None:
    result = extract_rules(DATED + text + "\n")
    gains = [m for m in result.metrics if m.value in (22, 80, 2600)]
    assert gains and {m.subject for m in gains} == {"青石村"}


def test_a_city_pointed_to_by_gai_shi_and_a_place_opening_a_figures_name() -> None:
    text = DATED + "湖北黄冈市共选派驻村工作队310个。该市今年约谈履职不力的队员19人。\n"
    metrics = {m.value: (m.name, m.subject) for m in extract_rules(text).metrics}
    assert metrics == {310: ("选派驻村工作队", "黄冈市"), 19: ("约谈履职不力的队员", "黄冈市")}
    ((metric),) = extract_rules(DATED + "石门镇青石村人均纯收入达到8600元。\n").metrics
    assert (metric.name, metric.subject) == ("人均纯收入", "青石村")


@pytest.mark.parametrize(
    ("sentence", "team"),
    [
        # one cadre sent alone leads the unit's work; an office of the unit is no part of its name
        ("云岭省人民政府办公厅秘书处处长陈大伟被派驻到云岭县石门镇青石村。", ("云岭省人民政府办公厅", "陈大伟")),
        ("云岭市档案馆办公室宣传科科长周立新此次将派驻云岭县石门镇青石村。", ("云岭市档案馆", "周立新")),
        # sent with colleagues: none of them is named the leader
        ("云岭县林业局营林科科长赵国平及同事钱英、孙军被派驻到云岭县石门镇青石村。", ("云岭县林业局", None)),
    ],
)
def test_a_cadre_sent_alone_by_his_unit_leads_its_team(sentence, team) -> None:
    assert [(t.sent_by, t.leader) for t in extract_rules(DATED + sentence + "\n").teams] == [team]


def test_a_leader_taking_over_keeps_his_name_only() -> None:
    text = DATED + "扶贫工作队队长王平接过担子后，走遍了石门镇青石村。\n"
    assert [t.leader for t in extract_rules(text).teams] == ["王平"]


@pytest.mark.parametrize(
    ("text", "facts"),
    [
        # the poor counted before their label
        ("石门镇青石村全村有120户480人，其中27户95人被列入建档立卡贫困户。", (120, 480, 27, 95)),
        # the people after the households' label
        ("石门镇青石村全村41户贫困户133人。", (None, None, 41, 133)),
        ("石门镇青石村全村463户，人口1870人，有77户贫困户、251人。", (463, 1870, 77, 251)),
        ("石门镇青石村612户共2380人，原有建档立卡贫困户87户共201人。", (612, 2380, 87, 201)),
        # the poor under another name, villagers counted in 口
        ("石门镇青石村精准扶贫人口18户52人。", (None, None, 18, 52)),
        ("石门镇青石村全村735户村民共2915口人。", (735, 2915, None, None)),
        ("石门镇青石村建档立卡的27家贫困户已经全部出列。", (None, None, 27, None)),
    ],
)
def test_poor_counts_before_their_label_or_with_their_people_after_it(text, facts) -> None:
    ((v),) = extract_rules(DATED + text + "\n").villages
    assert (v.households, v.population, v.poor_households, v.poor_population) == facts


def test_households_visited_at_home_are_no_baseline() -> None:
    text = DATED + "队员们分头走进有孩子上学的9户贫困户家中，送去助学金。石门镇青石村建档立卡贫困户共68户190人。\n"
    ((v),) = extract_rules(text).villages
    assert (v.poor_households, v.poor_population) == (68, 190)


@pytest.mark.parametrize(
    "text",
    [
        # the unit's team named with the village, its secretary named with the village alone
        "云岭县水利局驻石门镇青石村工作队进村以来，修了三条路。青石村第一书记李明说，路通了，产业也就好办了。",
        # the page's only unit named with no village, its only secretary with his village
        "帮扶单位云岭县水利局投入资金12万元修建了村道。石门镇青石村第一书记李明说，路通了，产业也就好办了。",
    ],
)
def test_a_villages_lone_secretary_joins_the_one_unit_named_for_it(text) -> None:
    teams = extract_rules(DATED + text + "\n").teams
    assert [(t.sent_by, t.villages, t.leader) for t in teams] == [("云岭县水利局", ["青石村"], "李明")]


def test_two_units_for_one_village_keep_its_secretary_apart() -> None:
    text = DATED + (
        "云岭县水利局驻石门镇青石村工作队进村以来，修了三条路。云岭县林业局驻青石村工作组负责产业。"
        "青石村第一书记李明说，路通了，产业也就好办了。\n"
    )
    teams = extract_rules(text).teams
    assert all(t.leader is None for t in teams if t.sent_by)


def test_prose_read_back_to_a_bare_ju_is_no_unit() -> None:
    text = DATED + "县里按照有关原则，五项措施切实抓好局驻村帮扶工作，石门镇青石村受益。\n"
    assert [t.sent_by for t in extract_rules(text).teams if t.sent_by] == []


def test_the_spending_of_all_baofu_units_is_an_aggregate_metric() -> None:
    result = extract_rules(DATED + "石门镇青石村地处山区。2018年，各包扶单位共投入资金430万元。\n")
    assert result.measures == [] and [m.value for m in result.metrics] == [4300000]


def test_a_sum_in_chinese_numerals_is_a_metric_unless_no_number_is_said() -> None:
    text = DATED + "石门镇青石村修路时县交通局资助五万元，城建公司资助两万元。他一年花去几万元，人均收入过万元。\n"
    result = extract_rules(text)
    sums = [m.investment_yuan for m in result.measures] + [m.value for m in result.metrics]
    assert sorted(sums) == [20000, 50000]


def test_money_saved_from_a_units_budget_for_the_villages_industry_is_a_measure() -> None:
    text = DATED + "石门镇青石村地处山区。今年县档案局节支公用经费12万元，帮青石村发展茶叶产业。\n"
    assert [(m.category, m.investment_yuan) for m in extract_rules(text).measures] == [("industry", 120000)]


def test_an_action_then_its_output_added_up_in_the_next_clause_is_one_measure() -> None:
    text = DATED + "石门镇青石村地处山区。工作队帮村里修建灌溉水渠，累计2公里。\n"
    ((m),) = extract_rules(text).measures
    assert m.category == "infrastructure"
    assert [(q.value, q.unit, q.item) for q in m.quantities] == [(2, "公里", "灌溉水渠")]
    assert extract_rules(text).metrics == []


def test_a_beautiful_countryside_is_no_township() -> None:
    text = DATED + "云岭县石门镇推进美丽乡村建设示范村创建，青石村是石门镇的示范村。\n"
    assert [(v.name, v.township) for v in extract_rules(text).villages] == [("青石村", "石门镇")]


@pytest.mark.parametrize(
    ("sentence", "team"),
    [
        ("云岭银行自2013年在石门镇柳河村开展定点帮扶工作以来，修了两座桥。", ("云岭银行", ["柳河村"], 2013)),
        ("2018年以来，云岭银行在石门镇柳河村开展帮扶工作。", ("云岭银行", ["柳河村"], 2018)),
        ("云岭银行与定点帮扶村石门镇柳河村签订了产业协议。", ("云岭银行", ["柳河村"], None)),
    ],
)
def test_a_units_assistance_work_in_a_village_or_its_assisted_village_met(sentence, team) -> None:
    assert [(t.sent_by, t.villages, t.since) for t in extract_rules(DATED + sentence + "\n").teams] == [team]


@pytest.mark.parametrize(
    "sentence",
    ["石门镇柳河村是县气象局的帮扶对象，工作队修了路。", "县气象局帮扶的石门镇柳河村今年脱贫了。"],
)
def test_a_village_as_a_units_charge_or_helped_by_it(sentence) -> None:
    assert [(t.sent_by, t.villages) for t in extract_rules(DATED + sentence + "\n").teams] == [("县气象局", ["柳河村"])]


def test_households_a_team_helps_name_no_unit() -> None:
    assert extract_rules(DATED + "石门镇柳河村工作队帮扶的贫困户都脱贫了。\n").teams[0].sent_by is None


@pytest.mark.parametrize(
    ("sentence", "team"),
    [
        ("2013年5月，云岭县气象局开始对石门镇柳河村进行结对帮扶。", ("云岭县气象局", ["柳河村"], None, 2013)),
        ("2014年，云岭县审计局担起了对口帮扶石门镇柳河村的担子。", ("云岭县审计局", ["柳河村"], None, 2014)),
        # the way he came, one clause, between the secretary and his arrival
        ("石门镇柳河村驻村第一书记周大明。2016年4月12日，47岁的周大明背着行李，来到柳河村。",
         (None, ["柳河村"], "周大明", 2016)),
        ("柳河村“第一书记”王小雨察看了村里的水渠。", (None, ["柳河村"], "王小雨", None)),
        # 新 and 原 open village names too: '到新安村' names 新安村
        ("2018年3月，周大明被选派到新安村担任驻村第一书记。", (None, ["新安村"], "周大明", 2018)),
    ],
)
def test_ties_started_in_more_words_arrivals_and_names_after_posts(sentence, team) -> None:
    teams = extract_rules(DATED + sentence + "\n").teams
    assert [(t.sent_by, t.villages, t.leader, t.since) for t in teams] == [team]


def test_new_works_for_a_village_name_no_village() -> None:
    text = DATED + "石门镇今年新建村部活动室一处。柳河镇新建村村民新修村道3公里。\n"
    assert [(v.name, v.township) for v in extract_rules(text).villages] == [("新建村", "柳河镇")]


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("工作队投入8万元为柳河村3户贫困户改造土坯房。", "housing"),  # an old house of earth rebuilt
        ("工作队为柳河村12户五保户送去棉被24床。", "social_security"),  # relief goods for the winter
        ("工作队带领村民清理柳河村村口的杂草和卫生死角30处。", "environment"),  # a clean-up
        ("工作队投入15万元整修柳河村山坪塘3口。", "infrastructure"),  # an irrigation pond
    ],
)
def test_categories_of_old_houses_relief_goods_clean_ups_and_ponds(text, category) -> None:
    assert [m.category for m in extract_rules(DATED + "石门镇柳河村地处山区。" + text + "\n").measures] == [category]


def test_party_members_helped_or_led_to_work_are_no_party_building() -> None:
    text = DATED + "石门镇柳河村地处山区。工作队看望两名贫困党员，发放慰问金1000元。\n"
    assert [m.category for m in extract_rules(text).measures] == ["social_security"]
    text = DATED + "石门镇柳河村地处山区。工作队发展党员3名。\n"
    assert [m.category for m in extract_rules(text).measures] == ["governance"]


def test_a_unit_that_formed_the_team_for_its_villages() -> None:
    text = DATED + "2017年4月，按照市委要求，市农业局组建了驻石门镇青石村、柳河村、白沙村工作队。\n"
    teams = extract_rules(text).teams
    assert [(t.sent_by, t.villages) for t in teams] == [("市农业局", ["青石村", "柳河村", "白沙村"])]


def test_a_teams_size_from_the_people_sent_to_form_it_anew() -> None:
    text = DATED + "云岭省侨联驻村工作队进驻石门镇山栗村。这回单位抽调了三名年轻骨干组成新的驻村工作组。\n"
    assert [(t.sent_by, t.size) for t in extract_rules(text).teams] == [("云岭省侨联", 3)]


def test_a_secretary_named_before_zuo_wei_and_his_quoted_title() -> None:
    text = DATED + "2014年9月，周立平作为云岭市审计局选派的“第一书记”，被派驻石门镇柳坪村。\n"
    teams = extract_rules(text).teams
    assert [(t.sent_by, t.villages, t.leader, t.since) for t in teams] == [("云岭市审计局", ["柳坪村"], "周立平", 2014)]
    # the quote runs from his name to the title, not past it
    assert "周立平作为云岭市审计局选派的“第一书记" in [e.quote for e in teams[0].evidence]
    assert all(not e.quote.endswith("被派") for e in teams[0].evidence)


def test_a_village_named_without_cun_that_its_sentence_calls_a_village() -> None:
    text = DATED + "云岭县石门镇柳家庄是一个离县城35公里的山区贫困村。柳家庄共有村民520户2010人。\n"
    result = extract_rules(text)
    villages = [(v.name, v.township, v.households, v.population) for v in result.villages]
    assert villages == [("柳家庄", "石门镇", 520, 2010)]
    assert [(m.name, m.subject) for m in result.metrics] == [("离县城", "柳家庄")]  # how far, not a length
    assert extract_rules(DATED + "石门镇农家乐山庄是游客最多的地方。\n").villages == []


def test_a_visit_through_the_groups_and_wages_paid_to_households() -> None:
    result = extract_rules(DATED + "工作组走访了青石村6个村民小组172户，接待来访群众20余次。\n")
    assert [[(q.value, q.unit) for q in m.quantities] for m in result.measures] == [[(172, "户")]]
    assert result.metrics == []  # the groups gone through are the visit's
    result = extract_rules(DATED + "工作队为青石村5户贫困户支付务工工资2600元。\n")
    assert [(m.category, m.investment_yuan, m.households) for m in result.measures] == [("employment", 2600, 5)]


def test_money_from_all_sources_that_paid_for_one_villages_work_is_a_measure() -> None:
    result = extract_rules(DATED + "县法院整合各类资金280万元，为柳河村硬化了8公里的通组路。\n")
    assert [(m.investment_yuan, [(q.value, q.unit) for q in m.quantities]) for m in result.measures] == [
        (2800000, [(8, "公里")])
    ]
    aggregate = extract_rules(DATED + "全县累计协调落实各类帮扶资金3.2亿元，争取实施项目1400余个。\n")
    assert aggregate.measures == []


def test_money_from_all_sources_that_a_team_spent_on_works_is_one_measure() -> None:
    # SPEC §4: outputs under one investment are one measure with several quantities
    result = extract_rules(DATED + "工作队先后争取各类资金86万元，修建村组道路6.8公里，新建蓄水池3口。\n")
    assert [(m.investment_yuan, [(q.value, q.unit) for q in m.quantities]) for m in result.measures] == [
        (860000, [(6.8, "公里"), (3, "口")])
    ]
    assert result.metrics == []
    # an area's money and works stay its round-up figures
    county = extract_rules(DATED + "全县累计整合各类资金3亿元，修建道路800公里，新建蓄水池300口。\n")
    assert county.measures == []
    assert {(m.value, m.unit) for m in county.metrics} >= {(300000000, "元"), (800, "公里")}


def test_goods_bought_for_the_village_are_a_measure_with_their_item() -> None:
    ((m),) = extract_rules(DATED + "石门镇柳河村地处山区。工作队为柳河村合作社采购种羊60只。\n").measures
    assert (m.category, [(q.value, q.unit, q.item) for q in m.quantities]) == ("industry", [(60, "只", "种羊")])


def test_how_a_team_split_up_is_no_metric_and_a_places_size_is_named_by_its_thing() -> None:
    assert extract_rules(DATED + "石门镇柳河村工作队员分成4个小组，逐户核对信息。\n").metrics == []
    ((m),) = extract_rules(DATED + "石门镇柳河村的60千瓦光伏电站。\n").metrics
    assert (m.name, m.subject) == ("光伏电站装机容量", "柳河村")
    ((m),) = extract_rules(DATED + "石门镇柳河村的光伏电站装机60千瓦。\n").metrics
    assert (m.name, m.subject) == ("光伏电站装机", "柳河村")


@pytest.mark.parametrize(
    ("sentence", "team"),
    [
        # a unit whose help the villager's work came under
        ("石门镇柳河村村民周大明，在云岭交通集团的对口帮扶下养起了30只羊。", ("云岭交通集团", ["柳河村"], None)),
        # a unit that helps a village from its point there
        ("柳河村是云岭县的贫困村。云能集团驻点帮扶柳河村后，村里通了水。", ("云能集团", ["柳河村"], None)),
        # a unit right before the secretary's name
        ("云岭电厂赵六担任石门镇柳河村驻村第一书记。", ("云岭电厂", ["柳河村"], "赵六")),
        # a discipline inspection group is the whole unit
        ("赵六是云岭航运集团纪检监察组干部，前年由组织选派到石门镇柳河村担任第一书记。",
         ("云岭航运集团纪检监察组", ["柳河村"], "赵六")),
        # units joined for the work, then their team
        ("由云岭市水利局、云岭市城管局联合扶贫驻石门镇柳河村工作队建起了水塔。",
         ("云岭市水利局、云岭市城管局", ["柳河村"], None)),
        # thanks in dialect before the unit
        ("大家都讲，搭帮县人大驻石门镇柳河村工作队，桥修好了。", ("县人大", ["柳河村"], None)),
        # 'became' the secretary, his age before his name; a name of three right after his unit
        ("今年48岁的赵六是县农业局的干部，去年秋天到柳河村成为挂职第一书记。", ("县农业局", ["柳河村"], "赵六")),
        ("云岭电厂吕济民担任云岭市西部山区柳河村驻村第一书记。", ("云岭电厂", ["柳河村"], "吕济民")),
    ],
)
def test_ties_under_a_units_help_from_its_point_and_joined_units(sentence, team) -> None:
    teams = extract_rules(DATED + sentence + "\n").teams
    assert [(t.sent_by, t.villages, t.leader) for t in teams] == [team]


def test_the_same_secretary_in_a_headline_and_the_text_is_one_team() -> None:
    page = (DATED + "青石村第一书记李明:帮乡亲卖橙子\n——记石门镇上青石村第一书记李明\n"
            "云岭供电公司选派到上青石村的第一书记李明带着村民修了路。\n")
    teams = extract_rules(page).teams
    assert [(t.sent_by, t.villages, t.leader) for t in teams] == [("云岭供电公司", ["上青石村"], "李明")]
    assert {v.township for v in extract_rules(page).villages} == {"石门镇"}  # (not 记石门镇)


@pytest.mark.parametrize(
    "sentence",
    [
        "为加快柳河村脱贫步伐，工作队修了路。柳河村是贫困村。",
        "像柳河村第一书记王强那样，青石村的第一书记也天天进村。",
        "柳河村是贫困村。工作队决心，大力发挥村党支部的带头作用。",
        "柳河村地处偏僻，算是镇上的边缘村，也算乡里的边缘村。",
    ],
)
def test_verbs_likenesses_and_the_edge_open_no_village_name(sentence) -> None:
    assert {v.name for v in extract_rules(DATED + sentence + "\n").villages} <= {"柳河村", "青石村"}


@pytest.mark.parametrize(
    ("sentence", "figures"),
    [
        ("石门镇柳河村是贫困村，辖5个村民小组，人口1600多人。", (None, 1600, None, None)),
        ("石门镇柳河村很偏僻。全村1830人大部分在外打工。", (None, 1830, None, None)),
        ("石门镇柳河村很偏僻，这里128户460多位村民盼着通路。", (128, 460, None, None)),
        ("我们走进86户3120人的石门镇柳河村。", (86, 3120, None, None)),
        ("石门镇柳河村贫困人口从2015年的143户512多人，减少到6户19人。", (None, None, 143, 512)),
    ],
)
def test_village_totals_roughly_given_here_or_before_the_name(sentence, figures) -> None:
    ((v),) = extract_rules(DATED + sentence + "\n").villages
    assert (v.households, v.population, v.poor_households, v.poor_population) == figures


def test_gifts_listed_after_one_name_are_not_named_twice_and_markup_names_no_metric() -> None:
    metrics = extract_rules(DATED + "工作队给4个村分别拨付了30万元、12万元、8万元。\n").metrics
    assert all(not m.name.endswith("金额金额") for m in metrics)
    assert extract_rules(DATED + "村里修了水渠。' C$ R2 x' X9 p- X2 m\n").metrics == []


def test_growing_under_a_units_help_is_a_measure_but_a_planted_area_is_not() -> None:
    ((m),) = extract_rules(DATED + "石门镇柳河村村民周大明，在驻村干部的帮扶下，今年栽了40亩油茶。\n").measures
    assert (m.category, [(q.value, q.unit) for q in m.quantities]) == ("industry", [(40, "亩")])
    assert extract_rules(DATED + "在驻村干部的帮扶下，石门镇柳河村今年辣椒种植面积80亩。\n").measures == []


@pytest.mark.parametrize(
    ("sentence", "team"),
    [
        # a quoted title after 当起了
        ("云岭市福利中心副主任蒋小敏当起了石门镇柳河村的“第一书记”。", ("云岭市福利中心", ["柳河村"], "蒋小敏")),
        # the secretary named before 是, his title with 扶贫 in it
        ("徐小臻是云岭电力有限公司驻石门镇柳河村的扶贫第一书记。", ("云岭电力有限公司", ["柳河村"], "徐小臻")),
        # a writers' association as the unit
        ("柳河村的帮扶单位是市作协，市作协的干部走进石门镇柳河村。", ("市作协", ["柳河村"], None)),
        # his unit's staff member, then the village
        ("2017年9月，王小兵从云岭县财政局的一名工作人员到柳河村担任驻村第一书记。",
         ("云岭县财政局", ["柳河村"], "王小兵")),
    ],
)
def test_quoted_titles_titles_with_poverty_in_them_and_staff_members(sentence, team) -> None:
    teams = extract_rules(DATED + sentence + "\n").teams
    assert [(t.sent_by, t.villages, t.leader) for t in teams] == [team]


@pytest.mark.parametrize(
    "sentence",
    ["石门镇柳河村第一书记龚雪所在的工作队修了路。", "正如石门镇柳河村工作队队长龚雪所说，村里变了。",
     "县农业局干部龚雪远离家人，来到石门镇柳河村担任第一书记。"],
)
def test_a_name_stops_before_suo_and_leaving_home(sentence) -> None:
    assert [t.leader for t in extract_rules(DATED + sentence + "\n").teams] == ["龚雪"]


@pytest.mark.parametrize(
    ("sentence", "figures"),
    [
        # all the registered poor out of poverty: their count is the baseline's
        ("石门镇柳河村，全村37户贫困户全部脱贫出列。", (None, None, 37, None)),
        ("石门镇柳河村31户104人建档立卡户全部实现脱贫。", (None, None, 31, 104)),
        # only so many households
        ("石门镇柳河村仅有186户人家742人。", (186, 742, None, None)),
    ],
)
def test_all_poor_out_of_poverty_and_only_so_many_households(sentence, figures) -> None:
    ((v),) = extract_rules(DATED + sentence + "\n").villages
    assert (v.households, v.population, v.poor_households, v.poor_population) == figures


def test_help_before_a_township_is_no_part_of_its_name_nor_a_baseline() -> None:
    ((v),) = extract_rules(DATED + "工作队帮助石门镇柳河村12户贫困户全部脱贫。\n").villages
    assert (v.township, v.poor_households) == ("石门镇", None)


@pytest.mark.parametrize(
    ("sentence", "figures"),
    [
        # a village whose name holds a verb's character (降): no action before the count
        ("石门镇降龙村贫困人口由152户603人减至31户97人。", (152, 603)),
        ("石门镇降龙村有建档立卡贫困户88户306人。", (88, 306)),
        # the poor called 扶贫户, and a rounded count
        ("石门镇柳河村，村中扶贫户64户218人，去年底已全部脱贫。", (64, 218)),
        ("石门镇柳河村上报的贫困户为120多户。", (120, None)),
    ],
)
def test_poor_counts_after_names_holding_a_verb_and_other_labels(sentence, figures) -> None:
    ((v),) = extract_rules(DATED + sentence + "\n").villages
    assert (v.poor_households, v.poor_population) == figures


@pytest.mark.parametrize(
    "sentence",
    [
        "石门镇柳河村有412户，2018年贫困村整体出列。",
        "石门镇柳河村2018年从贫困村出列。",
        "2018年年底，石门镇柳河村摘掉省级贫困村帽子。",
    ],
)
def test_a_village_out_as_a_whole_or_off_the_list_exits(sentence) -> None:
    assert [v.exit_year for v in extract_rules(DATED + sentence + "\n").villages] == [2018]


def test_a_population_with_its_counter_left_out_after_duo() -> None:
    ((v),) = extract_rules(DATED + "石门镇柳河村，人口3600多，是镇上的大村。\n").villages
    assert v.population == 3600


def test_a_cooperative_named_after_a_date_and_yi_is_read_from_its_name() -> None:
    page = DATED + "石门镇柳河村是贫困村。2021年柳河村以村级菌菇合作社为依托，卖出香菇2000余斤。\n"
    assert {m.subject for m in extract_rules(page).metrics} == {"柳河村"}


@pytest.mark.parametrize(
    ("sentence", "villages"),
    [
        # a list of bare names closed by its count or by 等村, reached by the posting verb
        ("县农机局驻石桥镇桃园、李家、上坪三村工作队队长潘立群说。", ["桃园村", "李家村", "上坪村"]),
        ("县农机局组建了扶贫工作队，进驻石桥镇桃园、李家、上坪等村。", ["桃园村", "李家村", "上坪村"]),
        ("县农机局工作队进驻桃园、李家两村。", ["桃园村", "李家村"]),
    ],
)
def test_a_team_posted_to_a_list_of_bare_village_names(sentence: str, villages: list[str]) -> None:
    teams = extract_rules(DATED + sentence + "\n").teams
    assert [(t.sent_by, t.villages) for t in teams] == [("县农机局", villages)]


@pytest.mark.parametrize(
    ("sentence", "people"),
    [
        # beneficiaries named one by one each add 1 to people (evals/LABELLING.md)
        ("工作队帮助贫困户韦小燕销售土鸡蛋800枚。", 1),
        ("工作队为五保户蒙德才、韦秀兰送去棉被各2床。", 2),
        ("该村近两年为贫困户解决易地搬迁房12套。", None),  # a verb after the kind, no name
        ("工作队为28户贫困户逐户建立了帮扶台账。", None),  # counted households, no one named
    ],
)
def test_beneficiaries_named_one_by_one_are_counted_as_people(sentence: str, people: int | None) -> None:
    assert [m.people for m in extract_rules(DATED + sentence + "\n").measures] == [people]


def test_help_that_got_people_jobs_is_a_measure_and_jobs_alone_an_outcome() -> None:
    helped = extract_rules(DATED + "工作队协调企业，帮助23名贫困劳动力实现了稳定就业。\n")
    assert [(m.people, m.category) for m in helped.measures] == [(23, "employment")]
    alone = extract_rules(DATED + "全村已有260人实现转移就业。\n")
    assert (alone.measures, [m.value for m in alone.metrics]) == ([], [260.0])


@pytest.mark.parametrize(
    "text",
    [
        # the unit's short form names it ('学院'), or the sentence names no unit at all
        "湄溪职业技术学院帮扶石桥镇桃园村。学院先后派出6名干部驻村。",
        "县农机局驻桃园村工作队进驻以来，桃园村变化很大。2016年以来，先后派出6名驻村干部。",
    ],
)
def test_the_cadres_a_unit_sent_are_the_units_figure(text: str) -> None:
    result = extract_rules(DATED + text + "\n")
    assert [(m.value, m.subject) for m in result.metrics] == [(6.0, result.teams[0].sent_by)]


@pytest.mark.parametrize(
    ("sentence", "township"),
    [
        # a counted list of bare names may hold characters a name written alone may not (进, 街)
        ("县水利局帮扶石桥镇前进、柳家坝、河坪街、杜家湾4个村。", "石桥镇"),
        ("工作队进驻前进、柳家坝、河坪街、杜家湾4个村。", None),
    ],
)
def test_a_counted_list_of_bare_names_whatever_their_characters(sentence: str, township: str | None) -> None:
    villages = extract_rules(DATED + sentence + "\n").villages
    assert [(v.name, v.township) for v in villages] == [
        ("前进村", township), ("柳家坝村", township), ("河坪街村", township), ("杜家湾村", township)
    ]


def test_a_distance_to_a_place_is_no_output_of_a_measure() -> None:
    moved = extract_rules(DATED + "全村23户贫困户整体搬迁到距镇上不足15公里的安置点。\n").measures
    assert [(m.households, m.quantities) for m in moved] == [(23, [])]
    built = extract_rules(DATED + "工作队新修了离村部3公里的产业路2.5公里。\n").measures
    assert [[(q.value, q.unit) for q in m.quantities] for m in built] == [[(2.5, "公里")]]


@pytest.mark.parametrize(
    ("sentence", "unit"),
    [
        # a unit's village cadre by name; a secretary the province posted ('省派'); a city
        # sending a county's team in its own name; a county by its short name
        ("石桥镇桃园村地处山区。县农机局驻村干部潘立群带领群众修路。", "县农机局"),
        ("县农机局省派驻村第一书记潘立群来到桃园村。", "县农机局"),
        ("湄溪市驻云岭县扶贫工作组组长潘立群一行来到石桥镇桃园村。", "湄溪市"),
        ("省委驻石门扶贫工作队队员、桃园村第一书记潘立群说。", "省委"),
    ],
)
def test_a_units_cadre_a_province_posted_secretary_and_a_citys_county_team(sentence: str, unit: str) -> None:
    assert [t.sent_by for t in extract_rules(DATED + sentence + "\n").teams] == [unit]


def test_a_unit_named_in_passing_before_its_cadres_is_no_team() -> None:
    text = DATED + "石桥镇桃园村地处山区。这些变化，多亏了县农机局驻村干部帮忙。\n"
    assert [t.sent_by for t in extract_rules(text).teams] == [None]


@pytest.mark.parametrize(
    "sentence",
    [
        # adverbs before the sending ('响应号召'), an arrangement before the tie ('按照…安排,'),
        # a time between a unit and the work it took on, the village as the kind it is to the
        # unit ('到帮扶联系村…'), and the post a cadre left for it ('…副主任岗位下派到')
        "2017年，县农机局响应县委号召选派两名骨干组成驻村扶贫工作队，进驻石桥镇桃园村。",
        "县农机局按照市委安排，成为桃园村对口扶贫单位，设驻村工作队。",
        "县农机局在2016年5月负责石桥镇桃园村的对口帮扶。",
        "县农机局到帮扶联系村石桥镇桃园村开展扶贫工作。",
        "桃园村第一书记潘立群，2017年从县农机局副主任岗位下派到石桥镇桃园村任职。",
    ],
)
def test_a_units_tie_past_adverbs_an_arrangement_a_time_or_a_post_left(sentence: str) -> None:
    teams = extract_rules(DATED + sentence + "\n").teams
    assert [(t.sent_by, t.villages) for t in teams] == [("县农机局", ["桃园村"])]


@pytest.mark.parametrize(
    ("sentence", "summary", "category"),
    [
        # facilities named without a figure, by more verbs and names, and events put on
        ("工作队帮助村里建起了托幼所，照料留守儿童。", "建起了托幼所", "education"),
        ("工作队改造了桃园小学幼儿园食堂。", "改造了桃园小学幼儿园食堂", "education"),
        ("工作队在村里打造了茶叶种植基地。", "打造了茶叶种植基地", "industry"),
        ("10月28日，桃园村举办首届桃花文化节。", "举办首届桃花文化节", "culture"),
    ],
)
def test_facilities_and_events_named_without_a_figure(sentence: str, summary: str, category: str) -> None:
    measures = extract_rules(DATED + sentence + "\n").measures
    assert [(m.summary, m.category) for m in measures] == [(summary, category)]


@pytest.mark.parametrize(
    ("text", "size"),
    [
        # the leader and members named or counted around him; members named with their count
        ("县农机局驻石桥镇桃园村第一书记潘立群及两名驻村工作队员来到桃园村。", 3),
        ("县农机局驻桃园村工作队。新上任的第一书记潘立群带着队员钟小雅、范晓走访农户。", 3),
        ("县农机局派出两位干部钟小雅、范晓帮包桃园村。", 2),
        ("县农机局驻桃园村工作队的钟小雅、范晓两名同志住在村里。", 2),
        # '一行N人' opening a clause about the team is its size; after a person, a visit's party
        ("县农机局驻桃园村工作队是从几家单位抽人组成的，一行四人。", 4),
        ("县农机局驻桃园村第一书记潘立群一行三人走访了村里的贫困户。", None),
    ],
)
def test_a_teams_size_from_its_members_named_and_not_from_a_visits_party(text: str, size: int | None) -> None:
    assert [t.size for t in extract_rules(DATED + text + "\n").teams] == [size]


@pytest.mark.parametrize(
    ("sentence", "exit_year"),
    [
        # exits said as 整体脱贫, 摘帽 after a year, 全村脱贫, 贫困帽, a village 成功脱贫, 退出了…
        ("在2018年整体脱贫后，桃园村又发展起了茶叶产业。", 2018),
        ("桃园村2018年摘帽。", 2018),
        ("2018年11月，桃园村全村脱贫。", 2018),
        ("2018年，桃园村成功摘掉“贫困帽”。", 2018),
        ("桃园村建档立卡贫困户86户301人，2018年实现贫困村摘帽。", 2018),
        ("2018年底，云岭县石桥镇桃园村成功脱贫。", 2018),
        ("2018年，桃园村退出了贫困村序列。", 2018),
        # a county's own exit, and a household's, are not the village's
        ("云岭县2019年摘帽，成为全省首批脱贫县。", None),
        ("贫困户王某2018年成功脱贫。", None),
    ],
)
def test_a_villages_exit_in_more_words_and_not_its_countys(sentence: str, exit_year: int | None) -> None:
    text = "桃园村的变化\n2021-05-06 来源：湄溪日报\n云岭县石桥镇桃园村有农户320户1180人。\n" + sentence + "\n"
    assert [(v.name, v.exit_year) for v in extract_rules(text).villages] == [("桃园村", exit_year)]


def test_a_sumu_is_a_township_and_its_long_name_stays_whole() -> None:
    # 苏木: the township of Inner Mongolia, its name transliterated and often four characters
    text = DATED + "科尔沁右翼前旗乌兰哈达苏木新立村有农户320户。\n"
    villages = extract_rules(text).villages
    assert [(v.name, v.township, v.county, v.households) for v in villages] == [
        ("新立村", "乌兰哈达苏木", "科尔沁右翼前旗", 320)
    ]


@pytest.mark.parametrize("adverb", ["精心", "慎重", "择优"])
def test_how_a_unit_chose_its_cadres_stands_between_it_and_the_sending(adverb: str) -> None:
    text = DATED + f"县农机局{adverb}选派3名干部进驻石桥乡桃园村。\n"
    assert [(t.sent_by, t.villages, t.size) for t in extract_rules(text).teams] == [("县农机局", ["桃园村"], 3)]


def test_a_loan_arranged_for_households_is_a_finance_measure_without_a_named_person() -> None:
    (loan,) = extract_rules(DATED + "工作队帮助柳湾村贫困户申请小额信贷80万元。\n").measures
    assert (loan.category, loan.investment_yuan, loan.people) == ("finance", 800000, None)  # 申请 is no name
    (counted,) = extract_rules(DATED + "工作队帮助柳湾村16户贫困户申请小额信贷80万元。\n").measures
    assert (counted.investment_yuan, counted.households) == (800000, 16)
    (aid,) = extract_rules(DATED + "工作队帮助柳湾村9名贫困学生申请助学金2.7万元。\n").measures
    assert (aid.category, aid.investment_yuan, aid.people) == ("education", 27000, 9)


def test_the_figure_a_thing_changed_to_is_named_as_the_thing() -> None:
    text = DATED + "石门镇柳湾村地处山区。村集体经济收入由0元增加到6.4万元。\n"
    assert [(m.name, m.value) for m in extract_rules(text).metrics] == [("村集体经济收入", 64000)]
    rate = extract_rules(DATED + "石门镇柳湾村贫困发生率从21.6%降至0.9%。\n")
    assert rate.villages[0].poverty_rate_pct == 21.6
    assert [(m.name, m.value) for m in rate.metrics] == [("贫困发生率", 0.9)]
    both = extract_rules(DATED + "石门镇柳湾村地处山区。人均纯收入由2016年的3100元提高到2019年的8700元。\n").metrics
    assert [(m.name, m.year) for m in both] == [("人均纯收入", 2016), ("人均纯收入", 2019)]


def test_the_groups_a_work_reached_are_no_output_and_no_metric() -> None:
    result = extract_rules(DATED + "工作队投资28万元为柳湾村新建饮水工程1处,解决了5个组132户群众的饮水问题。\n")
    assert [([(q.value, q.item) for q in m.quantities], m.households) for m in result.measures] == [
        ([(1, "饮水工程")], 132)
    ]
    assert result.metrics == []
    docks = extract_rules(DATED + "工作队为柳湾村新建3个组级垃圾收集点。\n").measures
    assert [[(q.value, q.unit) for q in m.quantities] for m in docks] == [[(3, "个")]]


def test_villages_of_a_list_exit_together_after_the_time_that_opens_the_sentence() -> None:
    for text in ("2019年,石门镇柳湾村、桃源村均实现整村脱贫出列。", "2019年,柳湾村、桃源村双双退出贫困村序列。"):
        result = extract_rules(DATED + text + "\n")
        assert [(v.name, v.exit_year) for v in result.villages] == [("柳湾村", 2019), ("桃源村", 2019)]


def test_each_villages_rate_before_its_change_respectively() -> None:
    text = "石门镇柳湾村、桃源村均已脱贫出列,贫困发生率分别由18.2%、15.6%降至0。\n"
    rates = {v.name: v.poverty_rate_pct for v in extract_rules(DATED + text).villages}
    assert rates == {"柳湾村": 18.2, "桃源村": 15.6}


def test_an_association_set_up_and_records_or_a_quoted_scheme_are_measures_without_figures() -> None:
    text = "石门镇柳湾村地处山区。工作队协调成立了柳湾村油茶种植协会、茶叶产销协会。\n"
    (association,) = extract_rules(DATED + text).measures
    assert (association.category, association.village) == ("industry", "柳湾村")
    assert "油茶种植协会" in association.summary
    records = extract_rules(DATED + "工作队进驻柳湾村后,建立了贫困户档案和帮扶工作台账。\n").measures
    assert [(m.category, m.village) for m in records] == [("governance", "柳湾村")]
    scheme = extract_rules(DATED + "工作队在柳湾村建立“积分换物”机制,每季度评比一次。\n").measures
    assert len(scheme) == 1
    # a mechanism in general words is no measure; one still to come is a plan
    assert extract_rules(DATED + "工作队为柳湾村建立了长效帮扶机制。\n").measures == []
    (planned,) = extract_rules(DATED + "下一步,工作队将为柳湾村建立贫困户档案。\n").measures
    assert planned.status == "planned"


def test_a_things_name_after_its_figure_keeps_its_first_word() -> None:
    text = "石门镇柳湾村地处山区。工作队建起了300亩高山茶园,修建了800米长的砂石路。\n"
    items = [(q.value, q.item) for m in extract_rules(DATED + text).measures for q in m.quantities]
    assert items == [(300, "高山茶园"), (800, "砂石路")]  # (长 after a length is its dimension)
    pens = "石门镇柳湾村地处山区。工作队建成养殖小区2个。\n"  # (养殖 heads the compound, no verb of its own)
    assert [q.item for m in extract_rules(DATED + pens).measures for q in m.quantities] == ["养殖小区"]
    grown = "石门镇柳湾村地处山区。工作队争取资金160万元建起了食用菌基地,现在有大棚52个。\n"
    assert [q.item for m in extract_rules(DATED + grown).measures for q in m.quantities] == ["大棚"]


def test_goods_bought_and_an_activity_after_them_are_two_measures() -> None:
    text = "石门镇柳湾村地处山区。工作队为村卫生室添置了价值3万元的医疗设备,组织义诊12次。\n"
    measures = extract_rules(DATED + text).measures
    assert [(m.investment_yuan, [(q.value, q.unit) for q in m.quantities]) for m in measures] == [
        (30000, []), (None, [(12, "次")])
    ]
    # money with nothing bought named stays the activity's
    funded = "石门镇柳湾村地处山区。工作队投入资金3万元,组织技能培训4期。\n"
    assert [(m.investment_yuan, len(m.quantities)) for m in extract_rules(DATED + funded).measures] == [(30000, 1)]


def test_a_year_that_starts_a_span_dates_no_measure_after_it() -> None:
    text = "郑远是县商务局派驻石门镇柳湾村的第一书记,2019年4月到村以来,他带领村民开设网店3家。\n"
    assert [m.year for m in extract_rules(DATED + text).measures] == [None]
    dated = "郑远是县商务局派驻石门镇柳湾村的第一书记,2019年4月到村后,他带领村民开设网店3家。\n"
    assert [m.year for m in extract_rules(DATED + dated).measures] == [2019]


def test_registered_households_named_before_their_count_all_out_of_poverty() -> None:
    text = "石门镇柳湾村地处山区。2019年,全村建档立卡贫困户98户356人全部脱贫。\n"
    (village,) = extract_rules(DATED + text).villages
    assert (village.poor_households, village.poor_population) == (98, 356)


def test_a_count_before_a_sized_description_counts_the_thing_after_it() -> None:
    text = "石门镇柳湾村地处山区。工作队为村里修建了一座日处理能力200吨的污水处理站。\n"
    items = [(q.unit, q.item) for m in extract_rules(DATED + text).measures for q in m.quantities]
    assert ("座", "污水处理站") in items


def test_each_villages_figure_after_a_count_of_the_villages_listed_before() -> None:
    text = ("县交通局帮扶石门镇柳湾村、桃源村和青山乡新华村。\n"
            "截至目前,三个村的村集体经济收入分别达到18万元、12万元和15万元。\n")
    metrics = [(m.subject, m.name, m.value) for m in extract_rules(DATED + text).metrics]
    assert metrics == [
        ("柳湾村", "村集体经济收入", 180000),
        ("桃源村", "村集体经济收入", 120000),
        ("新华村", "村集体经济收入", 150000),
    ]
    # as many figures as villages, or none is given one
    two = text.replace("和15万元", "")
    assert all(m.subject != "柳湾村" for m in extract_rules(DATED + two).metrics)


def test_a_villages_figures_with_thousands_separators() -> None:
    text = "石门镇柳湾村地处山区。柳湾村共有2,412户8,530人,其中贫困户1,036户3,880人。\n"
    (village,) = extract_rules(DATED + text).villages
    assert (village.households, village.population, village.poor_households, village.poor_population) == (
        2412, 8530, 1036, 3880
    )


def test_a_second_listed_things_name_and_a_projects_report_year() -> None:
    text = "石门镇柳湾村地处山区。工作队投资4万元,购置垃圾桶60个、垃圾清运车1辆。\n"
    items = [(q.unit, q.item) for m in extract_rules(DATED + text).measures for q in m.quantities]
    assert items == [("个", "垃圾桶"), ("辆", "垃圾清运车")]  # (清运 inside the name after the list mark)
    report = "柳湾村2019年度帮扶项目实施情况\n石门镇柳湾村新建蓄水池2座。\n"
    assert [m.year for m in extract_rules(report).measures] == [2019]


def test_a_county_level_city_and_a_prefectures_city_before_a_posted_village() -> None:
    # (韩城市 is a county-level city in the division list, 宜昌市 a prefecture's)
    text = DATED + (
        "近日，省林业厅驻韩城市石门镇青柳村“强基惠民”工作队队长、第一书记贺文涛走访了农户。\n"
        "市审计局驻宜昌市桃园村工作队队长郑小燕说，今年村里新建了大棚30座。\n"
    )
    result = extract_rules(text)
    assert [(t.sent_by, t.villages, t.leader) for t in result.teams] == [
        ("省林业厅", ["青柳村"], "贺文涛"), ("市审计局", ["桃园村"], "郑小燕")
    ]
    village = next(v for v in result.villages if v.name == "青柳村")
    assert (village.county, village.township) == ("韩城市", "石门镇")


@pytest.mark.parametrize(
    ("sentence", "team"),
    [
        # the unit opens the sentence, a clause later dispatches the secretary
        ("湄溪县林业局高度重视驻村帮扶工作，选派贺文涛到桃园村任第一书记。", ("湄溪县林业局", ["桃园村"], "贺文涛")),
        # a place opening the sentence is no unit
        ("桃园村地处深山，选派贺文涛到桃园村任第一书记。", (None, ["桃园村"], None)),
        # 派 with the person and where he goes
        ("湄溪县林业局派贺文涛到桃园村任第一书记。", ("湄溪县林业局", ["桃园村"], "贺文涛")),
        # the person sent, then 由 or 被 and the unit
        ("贺文涛于2018年4月由湄溪县林业局下派到桃园村任第一书记。", ("湄溪县林业局", ["桃园村"], "贺文涛")),
        ("2018年4月，贺文涛同志被湄溪县林业局选派到桃园村担任第一书记。", ("湄溪县林业局", ["桃园村"], "贺文涛")),
    ],
)
def test_a_dispatch_by_the_sentences_unit_by_pai_and_after_you_or_bei(
    sentence: str, team: tuple[str | None, list[str], str | None]
) -> None:
    teams = extract_rules(DATED + sentence + "今年，村里新建蔬菜大棚30座。\n").teams
    assert [(t.sent_by, t.villages, t.leader) for t in teams] == [team]


@pytest.mark.parametrize(
    ("sentence", "team"),
    [
        # a new round of the unit's team, arrived that year
        ("2019年3月，湄溪县林业局新一轮驻桃园村工作队到岗。", ("湄溪县林业局", ["桃园村"], None, 2019)),
        # a province's secretary: 省派 is no part of the village's name
        ("省派桃园村第一书记贺文涛说，村里的路修好了。", (None, ["桃园村"], "贺文涛", None)),
        # the person sent, then 作为 and the unit that chose him
        ("2018年3月，贺文涛作为湄溪县林业局选派的第一书记来到桃园村。", ("湄溪县林业局", ["桃园村"], "贺文涛", 2018)),
        # a programme's quoted name between the unit and its posting
        ("湄溪县林业局“强基惠民”驻桃园村工作队队长贺文涛说，通了水。", ("湄溪县林业局", ["桃园村"], "贺文涛", None)),
        # a profile that names its man with 他叫
        ("他叫贺文涛，是湄溪县林业局派到桃园村的第一书记。", ("湄溪县林业局", ["桃园村"], "贺文涛", None)),
    ],
)
def test_a_new_round_a_provinces_secretary_and_a_person_sent_as_secretary(
    sentence: str, team: tuple[str | None, list[str], str | None, int | None]
) -> None:
    teams = extract_rules(DATED + sentence + "今年，村里新建蔬菜大棚30座。\n").teams
    assert [(t.sent_by, t.villages, t.leader, t.since) for t in teams] == [team]


def test_a_large_villages_people_in_ten_thousands_and_land_named_after_its_figure() -> None:
    text = DATED + "桃园村共有3100户1.53万人，全村有1350亩耕地。\n"
    result = extract_rules(text)
    village = next(v for v in result.villages if v.name == "桃园村")
    assert (village.households, village.population) == (3100, 15300)
    assert [(m.name, m.value, m.subject) for m in result.metrics] == [("耕地面积", 1350.0, "桃园村")]


def test_a_rosters_table_and_its_entries_in_brackets_are_teams() -> None:
    table = (
        "湄溪县新一轮驻村第一书记名单公示\n发布时间：2021-05-20\n"
        "序号 派出单位 驻村地点 第一书记（队长） 队员\n"
        "1 县林业局 石桥镇桃园村 贺文涛 郑小燕、王立军\n"
        "2 县审计局 石桥镇柳湾村 宋国平 李红梅\n"
    )
    assert [(t.sent_by, t.villages, t.leader) for t in extract_rules(table).teams] == [
        ("县林业局", ["桃园村"], "贺文涛"), ("县审计局", ["柳湾村"], "宋国平")
    ]
    entries = DATED + (
        "一、优秀驻村第一书记（2名）\n"
        "贺文涛（县林业局，驻石桥镇桃园村）\n"
        "优秀队员：宋国平（县审计局，驻石桥镇柳湾村）、周海波（县人民医院，驻白沙乡杏岭村）。\n"
    )
    result = extract_rules(entries)
    assert [(t.sent_by, t.villages, t.leader) for t in result.teams] == [
        ("县林业局", ["桃园村"], "贺文涛"), ("县审计局", ["柳湾村"], "宋国平"), ("县人民医院", ["杏岭村"], "周海波")
    ]
    assert [m.name for m in result.metrics] == ["优秀驻村第一书记"]  # (no list number in its name)


@pytest.mark.parametrize(
    ("sentence", "name"),
    [
        ("县委决定，对贺文涛等20名同志予以表彰。", "同志"),  # who was counted, not the first of them
        ("桃园村位于石桥镇东部，村内有耕地1650亩。", "耕地"),
        ("县林业局驻柳湾村工作队帮助村里发展茶叶。柳湾村有9个村民组。", "村民组"),  # (not 村民)
    ],
)
def test_metric_names_past_a_first_named_person_and_a_place_word(sentence: str, name: str) -> None:
    assert [m.name for m in extract_rules(DATED + sentence + "\n").metrics] == [name]


def test_a_figure_reached_is_named_by_the_thing_that_grew_in_the_clause_before() -> None:
    text = DATED + "县林业局驻柳湾村工作队帮助村里发展茶叶。2019年，柳湾村集体经济收入从无到有，达到15.6万元。\n"
    assert [(m.name, m.value, m.subject) for m in extract_rules(text).metrics] == [
        ("集体经济收入", 156000.0, "柳湾村")
    ]


@pytest.mark.parametrize(
    ("sentence", "money"),
    [
        # a yearly allotment is money put in, not a rate per unit
        ("县人民医院每年拨出18万元，用作杏岭村的产业帮扶经费。", 180000.0),
        ("县农机局每年投入25万元，扶持杏岭村种植茶叶。", 250000.0),
        # support added up, its verb right before the sum
        ("县人民医院为杏岭村种茶户发放补助每户600元，累计扶持9.6万元。", 96000.0),
        # a work named by its money, then begun
        ("工作队向县交通局争取立项的310万元道路建设项目已开工。", 3100000.0),
        ("9月初，总造价18.4万元的村组饮水工程正式开工。", 184000.0),
    ],
)
def test_money_allotted_yearly_added_up_or_of_a_work_begun_is_an_investment(sentence: str, money: float) -> None:
    result = extract_rules(DATED + sentence + "\n")
    assert money in [m.investment_yuan for m in result.measures]
    assert money not in [m.value for m in result.metrics]


@pytest.mark.parametrize(
    "sentence",
    [
        "合作社每年给村集体分红6万元。",  # a payout each year stays an outcome
        "该工程需投资40万元，需上级扶持30万元。",  # money still wanted from above
    ],
)
def test_money_paid_out_or_still_wanted_is_no_investment(sentence: str) -> None:
    assert [m.investment_yuan for m in extract_rules(DATED + sentence + "\n").measures] == []


def test_a_wechat_accounts_card_under_the_headline_is_skipped() -> None:
    page = (
        "杏岭村驻村工作队帮村民种下三百亩茶园\n湄溪发布 湄溪发布\n微信号 meixifabu\n"
        "功能介绍 发布湄溪县权威信息\n2020-05-12\n5月10日，县林业局驻杏岭村工作队组织村民种茶。\n"
    )
    result = extract_rules(page)
    assert (result.title, str(result.published)) == ("杏岭村驻村工作队帮村民种下三百亩茶园", "2020-05-12")


@pytest.mark.parametrize(
    ("sentence", "county", "township"),
    [
        # right after a county a town's name may start with a character that ends a reading elsewhere
        ("县水利局驻葫芦岛市建昌县新开岭乡柳湾村扶贫工作队正式成立。", "建昌县", "新开岭乡"),
        ("记者来到麻阳苗族自治县和平溪乡青石村采访。", "麻阳苗族自治县", "和平溪乡"),
        ("离开威宁彝族回族苗族自治县新发布依族乡柳湾村那天，他红了眼眶。", "威宁彝族回族苗族自治县", "新发布依族乡"),
        ("县里派工作队到建昌县和石门镇青山村。", "建昌县", "石门镇"),  # (a conjunction stays one)
        # a verb before the town is no part of its name
        ("筹资8万元，支持石门镇青石村建起光伏电站。", None, "石门镇"),
        ("投资12万余元，扶持白沙乡柳湾村种植中药材。", None, "白沙乡"),
    ],
)
def test_a_towns_name_read_in_full_after_its_county_and_without_the_verb_before_it(
    sentence: str, county: str | None, township: str
) -> None:
    assert [(v.county, v.township) for v in extract_rules(DATED + sentence + "\n").villages] == [(county, township)]


@pytest.mark.parametrize(
    ("sentence", "path"),
    [
        # a county's name from before it became a city or a district, not a shorter county inside it
        ("那年春天，凉山州会理县石门镇柳湾村来了工作队。", ("四川省", "凉山彝族自治州", "会理县")),
        ("县采油厂帮助安塞县石门镇柳湾村修路。", ("陕西省", "延安市", "安塞县")),
        # a county of today written short wins over a district's former name
        ("局领导来到东乡县大树乡柳湾村看望贫困户。", ("甘肃省", "临夏回族自治州", "东乡族自治县")),
        # renamings no rule derives, from the division list's record of changes
        ("那年春天，横县石门镇柳湾村来了工作队。", ("广西壮族自治区", "南宁市", "横县")),
        ("县采油厂帮助宜宾县石门镇柳湾村修路。", ("四川省", "宜宾市", "宜宾县")),
        ("局领导来到海门市石门镇柳湾村看望贫困户。", ("江苏省", "南通市", "海门市")),
    ],
)
def test_a_county_written_by_its_former_name_is_read_as_written(sentence: str, path: tuple[str, str, str]) -> None:
    [village] = extract_rules(DATED + sentence + "\n").villages
    assert (village.province, village.city, village.county) == path


def test_a_former_county_name_that_reads_as_other_words_names_no_county() -> None:
    # 任县 (任泽区 since 2020) is also 任 (held) + 县委…: a profile's career, not a county
    text = DATED + "张立新，男，1978年生，2015年起,任县委办公室副主任。2018年到柳湾村任第一书记。\n"
    assert [(v.name, v.county) for v in extract_rules(text).villages] == [("柳湾村", None)]


@pytest.mark.parametrize(
    "sentence",
    [
        "工作队刚进村，正赶上村两委选举，青石村的事头绪很多。",
        "工作队筹措资金9万元，利用村委会后院建起了健身场地。",
        "四是修缮村部，添置桌椅，营造村两委整洁的办公环境。",
        "他笑着点头，一边朝村委会走去。",
    ],
)
def test_a_verb_before_the_villages_office_names_no_village(sentence: str) -> None:
    assert [v.name for v in extract_rules(DATED + sentence + "\n").villages] == []


def test_a_countys_short_name_glued_to_a_village_the_page_names_alone() -> None:
    text = DATED + "县人民医院对口帮扶龙胜柳湾村。柳湾村有80户贫困户，医院为他们送去了种苗。\n"
    assert [(v.name, v.county) for v in extract_rules(text).villages] == [("柳湾村", "龙胜各族自治县")]


def test_a_village_name_ending_in_cheng_and_one_named_by_its_honour() -> None:
    text = DATED + (
        "石门镇的东坪村和上石城村曾是贫困村。如今，上石城村已经脱贫。\n"
        "县林业局驻村工作队帮助村里建强党支部，柳湾村成为党建示范村。\n"
    )
    names = [v.name for v in extract_rules(text).villages]
    assert "上石城村" in names and "柳湾村" in names
    assert [v.name for v in extract_rules(DATED + "许多进城村民回乡创业，县城村民也来参观。\n").villages] == []


def test_a_municipalitys_county_gives_its_village_no_city_and_all_the_city_is_the_municipality() -> None:
    text = DATED + "重庆市巫山县大昌镇柳湾村，县水利局驻村工作队帮助村里修路。全市今年共减贫2.1万人。\n"
    result = extract_rules(text)
    assert [(v.province, v.city, v.county) for v in result.villages] == [("重庆市", None, "巫山县")]
    assert [m.subject for m in result.metrics] == ["重庆市"]


@pytest.mark.parametrize(
    ("text", "leader"),
    [
        # read once with the next word's character, written elsewhere as a name of its own
        ("县气象局选派的驻村第一书记吴敏跟往常一样来到桃园村。2016年4月，吴敏背着行李来到桃园村。"
         "凭着多年的经验，吴敏发现桃园村缺水。", "吴敏"),
        ("县法院驻桃园村工作队长陈立如是说。", "陈立"),
        ("桃园村第一书记王峰开心地说，村里的路通了。", "王峰"),
        # a name of three read once stays whole
        ("县气象局驻桃园村第一书记吴敏跃带领村民修路。", "吴敏跃"),
    ],
)
def test_a_leaders_name_ends_where_the_page_writes_it(text: str, leader: str) -> None:
    assert [t.leader for t in extract_rules(DATED + text + "\n").teams] == [leader]


@pytest.mark.parametrize(
    ("text", "since"),
    [
        ("县农机局驻桃园村工作队队长贺文涛介绍了情况。2017年4月，县农机局组建了驻桃园村、柳湾村帮扶工作队。", 2017),
        ("县农机局驻桃园村工作队队长贺文涛介绍了情况。2016年8月，县农机局30名干部组成帮扶工作队进驻桃园村。", 2016),
        ("县农机局驻桃园村工作队队长贺文涛介绍了情况。2017年，县农机局帮扶工作队来了，村里变了样。", 2017),
        ("县农机局驻桃园村工作队队长贺文涛介绍了情况。今年3月，县农机局驻村工作队来到这里，开始了三年的帮扶。", 2020),
        ("县农机局驻桃园村工作队队长贺文涛介绍了情况。2017年9月，该村被县农机局确定为定点帮扶村。", 2017),
        ("贺文涛是县农机局驻桃园村的扶贫干部。2019年5月至今，他一直住在村里。", 2019),
        ("县农机局驻桃园村工作队队长贺文涛介绍了情况。县农机局自 2016 年对口本村开展帮扶。", 2016),
        ("县农机局驻桃园村第一书记贺文涛带领村民修路。2015年7月，贺文涛背着自己的铺盖卷和一箱子书住到了桃园村。", 2015),
        ("县农机局驻桃园村第一书记贺文涛带领村民修路。2021年10月，贺文涛作为驻村队员扎根在桃园村。", 2021),
    ],
)
def test_a_teams_start_from_its_forming_its_coming_or_its_stay_until_now(text: str, since: int) -> None:
    page = "2020-06-01\n\n桃园村地处湄溪县石桥镇东部。\n" + text + "\n"
    assert [t.since for t in extract_rules(page).teams] == [since]


def test_a_villages_designation_dates_a_team_only_when_no_stationing_does() -> None:
    both = (
        "2017-07-01\n\n桃园村自2016年确定为县农机局的帮扶村。县农机局驻桃园村工作队今年1月3日驻村，"
        "帮助村里修了路。\n"
    )
    assert [t.since for t in extract_rules(both).teams] == [2017]


def test_a_distances_place_is_where_it_is_measured_from_not_its_subject() -> None:
    text = DATED + "岚皋县扶贫办干部介绍了情况。距离岚皋县10公里的石桥镇桃园村是个贫困村。\n"
    assert [(m.value, m.subject) for m in extract_rules(text).metrics] == [(10.0, "桃园村")]


def test_a_county_by_its_former_name_is_the_pages_county_and_a_dry_mountain_village_no_name() -> None:
    text = "2019-05-06\n\n旬阳县扶贫办驻村干部介绍了情况。石桥镇桃园村是一个旱山村，全县共有贫困村60个。\n"
    result = extract_rules(text)
    assert [(v.name, v.county) for v in result.villages] == [("桃园村", "旬阳县")]
    assert [(m.value, m.subject) for m in result.metrics] == [(60.0, "旬阳县")]


def test_the_pages_county_never_goes_to_a_village_of_another_city() -> None:
    text = "2020-06-01\n\n光明区石门街道扶贫工作组赴汕尾市捷胜镇柳湾村调研。\n"
    assert [(v.city, v.county) for v in extract_rules(text).villages] == [("汕尾市", None)]


def test_teams_cited_as_examples_of_many_make_no_joint_team() -> None:
    text = DATED + (
        "县烟草公司驻桃园村工作队出资帮村里建起了冷库。\n"
        "县石油公司驻柳湾村工作队队长陈立说，今年村里种了辣椒。\n"
        "在石桥镇，像县烟草公司、县石油公司驻村工作队这样为群众办实事的工作队全镇还有20多支。\n"
    )
    assert [(t.sent_by, t.villages) for t in extract_rules(text).teams] == [
        ("县烟草公司", ["桃园村"]), ("县石油公司", ["柳湾村"])
    ]


def test_a_unit_named_by_the_short_form_the_page_declares_or_abbreviated_at_the_same_village() -> None:
    declared = DATED + (
        "2016年3月，云岭重工集团湄溪化工股份有限公司（以下简称湄化公司）把桃园村定为帮扶村。\n"
        "云岭重工湄化公司驻石桥镇桃园村扶贫工作队帮助村民种植辣椒。\n"
    )
    assert [t.sent_by for t in extract_rules(declared).teams] == ["云岭重工集团湄溪化工股份有限公司"]
    abbreviated = DATED + (
        "桃园村是湄溪州中级人民法院的帮扶点。\n2001年3月起，湄溪中院定点帮扶石桥镇桃园村。\n"
    )
    assert [t.sent_by for t in extract_rules(abbreviated).teams] == ["湄溪州中级人民法院"]


def test_units_opening_clauses_about_what_they_did_for_a_village_are_its_teams() -> None:
    text = DATED + (
        "县农机局争取资金8万元，帮助石桥镇桃园村建起了苗圃；县林业局投入20多万元，"
        "对所包扶的石桥镇柳湾村开展了植树绿化；县采油厂购置化肥60吨，扶持白沙乡杏岭村种植玉米。\n"
    )
    assert [(t.sent_by, t.villages) for t in extract_rules(text).teams] == [
        ("县农机局", ["桃园村"]), ("县林业局", ["柳湾村"]), ("县采油厂", ["杏岭村"])
    ]
    # a government is no helping unit, and help for people names no team
    assert extract_rules(DATED + "县政府投资30万元，帮助石桥镇桃园村修通了道路。\n").teams == []


@pytest.mark.parametrize(
    ("sentence", "category"),
    [
        ("桃园村党支部申请帮扶资金150万元，建设200千瓦光伏发电站。", "industry"),
        ("县林业局拨款48万元给柳湾村委会，用于修建产业路3公里。", "infrastructure"),
        ("县林业局安排资金400万元实施整村推进项目。", "infrastructure"),
        ("县林业局出资30万元用于桃园村乡村游专项策划。", "industry"),
        ("县林业局投入80万元用于农村基础设施建设。", "infrastructure"),
        ("县林业局投入5万元为柳湾村委会添置办公设备。", "governance"),  # (the body's own equipment)
    ],
)
def test_a_measures_category_from_what_the_work_is_not_the_body_that_acts(sentence: str, category: str) -> None:
    assert [m.category for m in extract_rules(DATED + sentence + "\n").measures] == [category]


def test_a_county_of_today_by_a_short_form_is_the_pages_county_not_a_district_once_so_named() -> None:
    text = "2019-05-06\n\n东乡县扶贫办干部介绍了情况。石桥镇桃园村是一个贫困村，全县共有贫困村60个。\n"
    result = extract_rules(text)
    assert [(v.province, v.county) for v in result.villages] == [("甘肃省", "东乡族自治县")]
    assert [m.subject for m in result.metrics] == ["东乡族自治县"]


def test_one_team_cited_as_an_example_is_still_a_team() -> None:
    text = DATED + "像桃园村第一书记郭东明一样，石桥镇其他几个村的驻村书记也常年住在村里。\n"
    assert [(t.villages, t.leader) for t in extract_rules(text).teams] == [(["桃园村"], "郭东明")]


@pytest.mark.parametrize(
    "sentence",
    [
        # who a post falls to: 由 before 村 is 'by', the words before it no village's name
        "各工作组的组长均由村第一书记兼任，组员从县直单位抽调。",
        "各村的公益岗位均由村两委统一安排。",
    ],
)
def test_a_post_given_by_the_village_names_no_village_and_no_team(sentence: str) -> None:
    result = extract_rules(DATED + sentence + "\n")
    assert (result.villages, result.teams) == ([], [])


def test_a_villages_quoted_epithet_is_no_village() -> None:
    text = DATED + (
        "从贫困村到“网红村”，柳湾村这四年变化很大。谁能想到，4年前这个“网红村”还是个贫困村。"
        "2016年，县交通局扶贫工作队进驻柳湾村。\n"
    )
    assert [v.name for v in extract_rules(text).villages] == ["柳湾村"]


def test_a_counted_list_opening_a_clause_with_a_conjunction_keeps_the_conjunction_out() -> None:
    text = DATED + "这里七成农户收入偏低，且东坪、西坪、南坪等3个村被列为县里的重点贫困村。\n"
    assert [v.name for v in extract_rules(text).villages] == ["东坪村", "西坪村", "南坪村"]


def test_an_uncounted_list_is_of_villages_when_the_page_names_one_of_them_in_full() -> None:
    text = DATED + (
        "2018年，青石村50户贫困户住进新居，今年，青石、柳湾、桃源、杏林等村还有120户贫困户要迁往安置点。\n"
    )
    result = extract_rules(text)
    assert sorted(v.name for v in result.villages) == ["杏林村", "柳湾村", "桃源村", "青石村"]
    # the list's figure is none of its villages' alone
    assert all(v.poor_households != 120 for v in result.villages)
    assert [m.subject for m in result.metrics if m.value == 120] in ([], [None])


def test_an_uncounted_list_of_names_the_page_never_calls_villages_stays_unread() -> None:
    text = DATED + "今年，青石、柳湾、桃源、杏林等村还有120户贫困户要迁往安置点。\n"
    assert extract_rules(text).villages == []


def test_all_offices_of_a_level_are_no_dispatching_unit() -> None:
    text = DATED + "去年，云岭县抽调86名县直机关干部下沉到贫困村当“第一书记”。\n"
    assert extract_rules(text).teams == []


@pytest.mark.parametrize(
    ("text", "leader"),
    [
        # the word after the name: 初到 (just arrived)
        ("石门镇青石村第一书记吴海初到村里那天，正赶上连日暴雨冲毁了进村的便道。", "吴海"),
        # a third character that ends names elsewhere, written with the name every time
        ("县农信社选派的青石村第一书记何立师盘算着办个加工坊。何立师决定先收购村里的红薯。", "何立师"),
        # 刚 ends given names: '…干部冯志刚到白沙村任第一书记'
        ("市委组织部选派市税务局干部冯志刚到白沙村任第一书记。", "冯志刚"),
        # answering the call, between the name and the posting
        ("2017年5月，刘晓梅同志主动响应县里号召，到云岭县石门镇青石村担任第一书记。", "刘晓梅"),
    ],
)
def test_a_secretarys_name_read_where_the_words_around_it_decide(text: str, leader: str) -> None:
    assert [t.leader for t in extract_rules(DATED + text + "\n").teams] == [leader]


def test_a_secretarys_unit_read_from_his_job_there_before_the_posting() -> None:
    text = DATED + "2016年10月，王海涛从石门县统计局一名科员到青石村任第一书记。\n"
    assert [(t.sent_by, t.leader) for t in extract_rules(text).teams] == [("石门县统计局", "王海涛")]


def test_a_change_over_a_span_of_years_gives_each_end_its_year() -> None:
    text = "云岭县扶贫动态\n发布时间：2020-05-06\n2016至2020年，柳湾村脱贫户年人均纯收入从2600元变为11800元。\n"
    years = {m.value: m.year for m in extract_rules(text).metrics}
    assert (years.get(2600), years.get(11800)) == (2016, 2020)


def test_the_pages_own_province_by_its_short_name_is_what_quanshen_means() -> None:
    text = DATED + "湖南扶贫有新招。全省共有贫困县20个，贫困村2000个。\n"
    assert {m.subject for m in extract_rules(text).metrics if m.value in (20, 2000)} == {"湖南省"}


@pytest.mark.parametrize(
    ("sentence", "subject"),
    [
        # a city by its short name, as written, sends the cadres (not the page's one unit)
        ("县农办的第一书记王强在柳湾村修路。湄州选派860名干部进驻贫困村。", None),
        ("县农办的第一书记王强在柳湾村修路。绵阳选派860名干部进驻贫困村。", "绵阳"),
        ("绵阳共有贫困村600个。", "绵阳"),
    ],
)
def test_a_city_by_its_short_name_opening_the_clause_is_the_figures_subject(sentence: str, subject: str | None) -> None:
    [metric] = [m for m in extract_rules(DATED + sentence + "\n").metrics if m.value in (860, 600)]
    assert metric.subject == (subject or "县农办")


@pytest.mark.parametrize(
    ("sentence", "team"),
    [
        # the village's secretary with 的 between
        ("吴磊是石桥村的第一书记。", (None, ["石桥村"], "吴磊")),
        ("石桥村的第一书记吴磊说，今年要把路修通。", (None, ["石桥村"], "吴磊")),
        ("来自县人社局的吴磊是石桥村的第一书记。", ("县人社局", ["石桥村"], "吴磊")),
        # where he comes from, then a comma
        ("吴磊来自县人社局，是石桥村第一书记。", ("县人社局", ["石桥村"], "吴磊")),
        # a unit posting its team in a village
        ("县供销社在大坪村派驻了工作队。", ("县供销社", ["大坪村"], None)),
        ("2016年起，县供销社在大坪村派驻工作队，队长由副主任黄明担任。", ("县供销社", ["大坪村"], "黄明")),
    ],
)
def test_a_team_read_from_more_ways_of_naming_its_village_and_unit(
    sentence: str, team: tuple[str | None, list[str], str | None]
) -> None:
    assert [(t.sent_by, t.villages, t.leader) for t in extract_rules(DATED + sentence + "\n").teams] == [team]


def test_more_than_after_the_verb_is_an_approximate_output_not_an_outcome() -> None:
    built = extract_rules(DATED + "在工作队的帮助下，柳湾村建起超过600亩花椒种植基地。\n")
    assert [(q.value, q.approx, q.item) for m in built.measures for q in m.quantities] == [
        (600, True, "花椒种植基地")
    ]
    earned = extract_rules(DATED + "2018年，柳湾村人均纯收入超过8000元。\n")
    assert (earned.measures, [m.value for m in earned.metrics]) == ([], [8000])


def test_a_quantitys_item_leaves_the_verb_of_having_out() -> None:
    result = extract_rules(DATED + "在工作队帮助下，柳湾村发展有核桃1800亩。\n")
    assert [q.item for m in result.measures for q in m.quantities] == ["核桃"]


def test_what_a_village_has_grown_by_now_is_its_scale_a_metric() -> None:
    result = extract_rules(DATED + "柳湾村是省级贫困村。柳湾村现发展有核桃1800亩，花椒500亩。\n")
    assert result.measures == []
    assert [(m.value, m.subject) for m in result.metrics] == [(1800, "柳湾村"), (500, "柳湾村")]


@pytest.mark.parametrize(
    ("text", "teams"),
    [
        # a call made to the unit: 给 before it is no part of its name
        ("近日，青石村脱贫户李大富的儿子急忙打电话给县水务局驻村帮扶队队长赵明。",
         [("县水务局", ["青石村"], "赵明")]),
        # '张书记' is a surname and a post, no name; a village of one character and 村
        ("石门县石门镇苇村是省级贫困村。刘书记是云岭市教育局驻苇村第一书记刘长河。",
         [("云岭市教育局", ["苇村"], "刘长河")]),
        # a second team after another, formed by the units named between
        ("据青石村党支部书记王德明说，市林业局帮扶工作队和县中医院、县信用联社组成的驻村工作队先后来到村里。",
         [("市林业局", [], None), ("县中医院、县信用联社", [], None)]),
    ],
)
def test_teams_read_past_words_that_look_like_their_unit_village_or_leader(
    text: str, teams: list[tuple[str, list[str], str | None]]
) -> None:
    assert [(t.sent_by, t.villages, t.leader) for t in extract_rules(DATED + text + "\n").teams] == teams


@pytest.mark.parametrize(
    ("text", "teams"),
    [
        # a unit's team named by its paired support of the village
        ("这座冷库是云岭集团对口支援石门镇青石村工作队到村后牵头建起来的。", [("云岭集团", ["青石村"])]),
        # the stationed help a village owes its change to
        ("青石村是省级贫困村。青石村这几年变了样，离不开省水文勘测院的驻村帮扶。", [("省水文勘测院", ["青石村"])]),
    ],
)
def test_a_unit_read_from_its_paired_or_stationed_support(text: str, teams: list[tuple[str, list[str]]]) -> None:
    assert [(t.sent_by, t.villages) for t in extract_rules(DATED + text + "\n").teams] == teams


def test_a_view_described_after_a_village_and_houses_being_built_are_no_village_facts() -> None:
    seen = extract_rules(DATED + "来到石门县平等乡柳湾村，一幅村容整洁、户户富足的画卷映入眼帘。\n")
    assert [v.name for v in seen.villages] == ["柳湾村"]
    built = extract_rules(DATED + "柳湾村是省级贫困村。柳湾村移民新居首批20户正在砌墙，8户即将入住。\n")
    assert [v.households for v in built.villages] == [None]


def test_a_yearly_rate_takes_no_year_from_the_start_of_a_span() -> None:
    text = DATED + "柳湾村是省级贫困村。2016年进村以来，张立带着村民建起9个食用菌大棚，每年给村集体带来5万元收入。\n"
    assert [(m.value, m.year) for m in extract_rules(text).metrics if m.value == 50000] == [(50000, None)]


def test_a_measures_summary_leaves_a_quote_opened_before_it_out() -> None:
    text = DATED + "柳湾村是省级贫困村。“近三年柳湾村完成危房改造40户，易地扶贫搬迁17户。”村支书说。\n"
    assert next(m.summary for m in extract_rules(text).measures) == "近三年柳湾村完成危房改造40户"


@pytest.mark.parametrize(
    ("sentence", "quantities"),
    [
        # a scheme named before the count, the thing counted after it
        ("县文旅局争取的照明工程90盏太阳能路灯已经安装完毕。", [(90, "太阳能路灯")]),
        # a road's widths before and after, no outputs; 由 ends the item
        ("9公里通村路由4米拓宽到6米的工程已经完工。", [(9, "通村路")]),
    ],
)
def test_a_quantity_counts_the_thing_and_a_width_changed_is_none(
    sentence: str, quantities: list[tuple[float, str]]
) -> None:
    result = extract_rules(DATED + "柳湾村是省级贫困村。" + sentence + "\n")
    assert [(q.value, q.item) for m in result.measures for q in m.quantities] == quantities


def test_a_profile_name_after_a_list_trailing_off() -> None:
    text = DATED + "走访日记、民情台账、会议记录……张友明是省地质局副局长，现任石门县平等乡青石村第一书记。\n"
    assert [(t.sent_by, t.leader) for t in extract_rules(text).teams] == [("省地质局", "张友明")]


@pytest.mark.parametrize(
    ("sentence", "unit"),
    [
        ("李立，县公安局交警大队副大队长，2018年起任青石村第一书记。", "县公安局交警大队"),
        ("张友明是省地勘局三大队副大队长，现任石门县青石村第一书记。", "省地勘局三大队"),
        ("王强是县消防救援中队副中队长，现任石门县青石村第一书记。", "县消防救援中队"),
    ],
)
def test_a_secretarys_home_unit_before_a_brigades_or_squads_post(sentence: str, unit: str) -> None:
    assert [t.sent_by for t in extract_rules(DATED + sentence + "\n").teams] == [unit]


@pytest.mark.parametrize(
    ("sentence", "team"),
    [
        ("吴磊是石桥村的驻村第一书记。", (None, ["石桥村"], "吴磊")),
        ("石桥村的驻村工作队由县农业局派出。", ("县农业局", ["石桥村"], None)),
        # the village the passage is about, as 村里
        ("柳湾村是省级贫困村。2018年，县林业局工作队进驻村里。", ("县林业局", ["柳湾村"], None)),
    ],
)
def test_a_villages_stationed_secretary_or_team_and_the_village_as_cunli(
    sentence: str, team: tuple[str | None, list[str], str | None]
) -> None:
    assert [(t.sent_by, t.villages, t.leader) for t in extract_rules(DATED + sentence + "\n").teams] == [team]


@pytest.mark.parametrize(
    ("sentence", "team"),
    [
        # a unit's cadres named one by one, forming the team, sent to a counted list of villages
        (
            "2016年3月，市农业局张明远、李红、王建国组成工作队赶赴清河县石桥镇，帮扶东坪、西坪和南坪3个省定贫困村。",
            ("市农业局", ["东坪村", "西坪村", "南坪村"], 3, 2016),
        ),
        # the unit with 的, a magazine's '3 个村'
        (
            "2018年5月，省水利厅的赵一鸣、钱晓和孙立组成工作组，赴清河县石桥镇的上湾、下湾、中湾3 个村任第一书记。",
            ("省水利厅", ["上湾村", "下湾村", "中湾村"], 3, 2018),
        ),
    ],
)
def test_members_named_one_by_one_form_a_team_for_a_counted_list(sentence: str, team: tuple) -> None:
    found = [(t.sent_by, t.villages, t.size, t.since) for t in extract_rules(DATED + sentence + "\n").teams]
    assert found == [team]


def test_a_cadre_who_volunteered_as_first_secretary_leads_his_units_team() -> None:
    sentence = "省农科院植保所所长刘志强响应单位号召，主动报名当第一书记，到白水县龙泉镇石岭村驻村帮扶。"
    assert [(t.sent_by, t.villages, t.leader) for t in extract_rules(DATED + sentence + "\n").teams] == [
        ("省农科院", ["石岭村"], "刘志强")
    ]


def test_a_gacha_is_a_village_with_its_herders_totals_and_its_team() -> None:
    text = DATED + (
        "2018年3月，旗林业局干部包满都拉被派驻到宝格达苏木巴彦嘎查任第一书记。"
        "巴彦嘎查共有牧民96户251人，其中贫困户21户45人。\n"
    )
    result = extract_rules(text)
    assert [(v.name, v.township, v.households, v.population, v.poor_households) for v in result.villages] == [
        ("巴彦嘎查", "宝格达苏木", 96, 251, 21)
    ]
    assert [(t.sent_by, t.villages) for t in result.teams] == [("旗林业局", ["巴彦嘎查"])]
    assert all(e.quote in text for v in result.villages for e in v.evidence)


def test_the_regions_word_gacha_village_is_no_village_name() -> None:
    result = extract_rules(DATED + "全旗68个嘎查村全部实现通电。\n")
    assert result.villages == []


@pytest.mark.parametrize(
    ("sentence", "team"),
    [
        # a unit's youth-league secretary, 委派 to the village
        (
            "2015年6月，云岭县交通局团委书记邓明被委派到后坪村，担任第一书记。",
            ("云岭县交通局", ["后坪村"], "邓明", None),
        ),
        # the unit sends its team toward the village the passage is about
        (
            "柳湾村是省级贫困村。2017年春，云岭供电公司向该村派出了扶贫工作队。",
            ("云岭供电公司", ["柳湾村"], None, None),
        ),
        (
            "柳湾村是省级贫困村。2018年，云岭供电公司向村里派驻了一支工作队。",
            ("云岭供电公司", ["柳湾村"], None, None),
        ),
        # the cadres by name, then their count
        ("柳湾村是省级贫困村。县科技局选派了张秀山和刘一洋两位同志常驻村里。", ("县科技局", ["柳湾村"], None, 2)),
        # the village as the unit's first secretary's village
        ("青石村为县科技局第一书记帮扶村。", ("县科技局", ["青石村"], None, None)),
        # 项目 after 第一书记 is no name
        ("柳湾村是省级贫困村。局长察看了蔬菜大棚、光伏电站等第一书记项目。", (None, ["柳湾村"], None, None)),
    ],
)
def test_postings_toward_this_village_and_cadres_counted_after_their_names(sentence: str, team: tuple) -> None:
    found = [(t.sent_by, t.villages, t.leader, t.size) for t in extract_rules(DATED + sentence + "\n").teams]
    assert found == [team]


@pytest.mark.parametrize(
    ("page", "header"),
    [
        # a rarer surname right after the reporter's role
        (
            "青石村的新变化\n青石网消息 (记者 茹明) 8月17日上午，王强来到青石村村委。\n",
            ("青石村的新变化", "青石网", ["茹明"]),
        ),
        (
            "青石村的新变化\n本报记者 原小平 通讯员 都明\n8月17日上午，王强来到青石村村委。\n",
            ("青石村的新变化", None, ["原小平", "都明"]),
        ),
        # the site a headline was scraped from, before a bar
        (
            "新华网|青石村走上了新路\n\n10月16日，柳湾村的村民在晾晒粮食。\n",
            ("青石村走上了新路", "新华网", []),
        ),
        # a column's name before a bar is the headline's own
        ("乡村故事汇 | 我在柳湾村的两年\n2021-12-29\n正文。\n", ("乡村故事汇 | 我在柳湾村的两年", None, [])),
    ],
)
def test_bylines_with_rarer_surnames_and_a_site_before_the_headline(page: str, header: tuple) -> None:
    result = extract_rules(page)
    assert (result.title, result.outlet, result.authors) == header


def test_a_paragraph_about_the_citys_work_gives_measures_of_no_village() -> None:
    text = DATED + (
        "柳湾村是省级贫困村，工作队送给贫困户两只羊。\n"
        "去年，我市驻村帮扶做到了全覆盖。全年发放扶贫小额信贷3.2亿元、惠及贫困户9300户。\n"
    )
    measures = [(m.village, m.investment_yuan) for m in extract_rules(text).measures if m.investment_yuan]
    assert measures == [(None, 320000000.0)]


def test_a_villages_numbered_group_is_an_address_not_a_quantity() -> None:
    text = DATED + "10月12日，工作组来到石门县柳湾乡柳湾村4组贫困户龙大成家中慰问，送上棉被2床。\n"
    assert [(q.value, q.unit) for m in extract_rules(text).measures for q in m.quantities] == [(2.0, "床")]


@pytest.mark.parametrize(
    ("sentence", "summary"),
    [
        ("柳湾村是省级贫困村。工作队帮柳湾村改建了村委会办公场所。", "改建了村委会办公场所"),
        ("柳湾村是省级贫困村。工作队为村文化广场投放了一批健身器材。", "投放了一批健身器材"),
        ("柳湾村是省级贫困村。工作队重新加固了村东的拦河坝。", "加固了村东的拦河坝"),
    ],
)
def test_the_villages_offices_square_and_dam_named_without_a_figure(sentence: str, summary: str) -> None:
    assert [m.summary for m in extract_rules(DATED + sentence + "\n").measures] == [summary]


def test_a_paragraph_opening_on_a_relative_year_dates_its_works() -> None:
    text = (
        "柳湾村的新变化\n发布时间：2019-05-06\n柳湾村是省级贫困村。\n"
        "去年春天，工作队进村调研。随后修建了村卫生室。\n"
    )
    assert [(m.summary, m.year) for m in extract_rules(text).measures] == [("修建了村卫生室", 2018)]


@pytest.mark.parametrize(
    ("sentence", "team"),
    [
        # the unit's head brings its staff to the village to help: the unit's help
        ("3月2日，县农机站站长周丽带领站里干部到石门镇柳湾村开展帮扶工作。", ("县农机站", ["柳湾村"], None)),
        # a rarer surname right after the title, the name ending at the stop
        ("他就是云岭县人民法院派驻到石门县石门镇柳湾村第一书记冼明。", ("云岭县人民法院", ["柳湾村"], "冼明")),
    ],
)
def test_a_units_head_leading_its_staff_and_a_rarer_surname_after_the_title(sentence: str, team: tuple) -> None:
    assert [(t.sent_by, t.villages, t.leader) for t in extract_rules(DATED + sentence + "\n").teams] == [team]


def test_a_gachas_name_is_written_back_in_metric_names_and_summaries() -> None:
    text = DATED + "巴彦嘎查位于宝格达苏木。巴彦嘎查村委会现有党员20人，工作队为巴彦嘎查修建了党员活动室。\n"
    result = extract_rules(text)
    words = [m.name for m in result.metrics] + [m.summary for m in result.measures]
    words += [m.subject or "" for m in result.metrics] + [m.village or "" for m in result.measures]
    assert words and not any("嘎查村" in w for w in words)


def test_a_paragraph_about_the_citys_work_gives_figures_of_the_city() -> None:
    text = "青石村有了新变化\n发布时间：2018-05-06\n石门县青石村是省级贫困村，工作队送给贫困户两只羊。\n" + (
        "去年，我市驻村帮扶做到了全覆盖。贫困人口看病的报销比例达到85%以上。\n"
    )
    assert [(m.subject, m.value) for m in extract_rules(text).metrics if m.value == 85] == [("常德市", 85.0)]


def test_the_rest_of_a_village_committee_is_no_part_of_a_metric_name() -> None:
    text = DATED + "青石村位于石门镇。青石村委会现有党员20人。\n"
    assert [(m.name, m.subject) for m in extract_rules(text).metrics] == [("党员", "青石村")]


@pytest.mark.parametrize(
    ("sentence", "villages"),
    [
        # an adverb and 将 'to take' before 村里 name no village
        ("柳湾村土地贫瘠。2017年赵明从省粮食局派驻到柳湾村，曾将村里的小米卖到机关食堂。", ["柳湾村"]),
        # a county whose name ends with 村, after its province's short name
        ("河北孟村回族自治县辛店镇东柳村的葡萄园里，果农正忙着采收。河北孟村的葡萄远近闻名。", ["东柳村"]),
        # a gacha's long Mongolian name after its township
        ("2016年秋，旗林业局副局长王大海来到宝日镇敖伦宝力格嘎查，担任驻村第一书记。", ["敖伦宝力格嘎查"]),
    ],
)
def test_no_village_in_an_adverb_or_a_county_and_a_gachas_long_name(sentence: str, villages: list[str]) -> None:
    assert [v.name for v in extract_rules(DATED + sentence + "\n").villages] == villages


def test_areas_with_poverty_work_counted_are_metrics_named_by_the_area() -> None:
    result = extract_rules(DATED + "全省14个市98个县(市、区)中有11个市、63个县(市、区)承担扶贫开发任务。\n")
    assert result.measures == []
    assert [(m.name, m.value) for m in result.metrics] == [
        ("市数量", 14.0), ("县数量", 98.0), ("市数量", 11.0), ("县数量", 63.0)
    ]


def test_groups_listed_by_number_are_places_and_a_work_begun_keeps_its_parts_done() -> None:
    text = DATED + "柳湾村是贫困村。通四组、六组、八组道路已开工建设，完成路基开挖1300米。\n"
    measures = extract_rules(text).measures
    assert [(m.summary, m.status, [(q.value, q.unit) for q in m.quantities]) for m in measures] == [
        ("通四组、六组、八组道路已开工建设，完成路基开挖1300米", "ongoing", [(1300.0, "米")])
    ]


def test_the_works_a_meeting_lays_out_for_the_week_are_planned() -> None:
    text = DATED + (
        "柳湾村是贫困村。当天晚上，我和村干部一起研究部署下个月的工作：给村里新修的3条道路铺上水泥路面；"
        "清理村前的排水沟。\n"
    )
    measures = extract_rules(text).measures
    assert [(m.summary, m.status) for m in measures] == [("给村里新修的3条道路铺上水泥路面", "planned")]


@pytest.mark.parametrize(
    ("sentence", "items"),
    [
        # whose land it is, before the figure: the land is counted
        ("合作社租用贫困户35.5亩土地。", [(35.5, "土地")]),
        # 新型 opens the noun, no 新 left over from a verb
        ("县农广校在柳湾村办起田间课堂，培训新型职业农民320人次。", [(320.0, "新型职业农民")]),
        # the next thing of a list, its 和 dropped
        ("工作队帮助新建果品仓库800平方米和包装生产线3条。", [(800.0, "果品仓库"), (3.0, "包装生产线")]),
        # the places listed before the count, the roads after it (硬化路 a compound noun)
        ("现已完成上屯、下屯、中屯、后屯4条通屯硬化路。", [(4.0, "通屯硬化路")]),
    ],
)
def test_quantity_items_past_owners_lists_and_joiners(sentence: str, items: list[tuple[float, str]]) -> None:
    result = extract_rules(DATED + "柳湾村是贫困村。" + sentence + "\n")
    assert [(q.value, q.item) for m in result.measures for q in m.quantities] == items


@pytest.mark.parametrize(
    ("sentence", "villages", "teams"),
    [
        # 'such as' before an example village
        (
            "各村驻村工作队帮助群众增收。如朗巴村驻村工作队帮助村民到外地就业。",
            ["朗巴村"], [(None, ["朗巴村"], None)],
        ),
        # the idiom 走村入户 names no village
        ("柳湾村是贫困村。县林业局驻村帮扶队走村入户摸清村情。", ["柳湾村"], [("县林业局", ["柳湾村"], None)]),
        # the writer's own unit, unnamed: no unit read from the words before it
        (
            "柳湾村是贫困村。了解到这些困难后我中心驻村工作队马上向单位作了报告。",
            ["柳湾村"], [(None, ["柳湾村"], None)],
        ),
        # a leader's name before an idiom of haste
        (
            "柳湾村是贫困村，工程资金迟迟不到位，县电力公司驻村工作队队长孙明急上心头。",
            ["柳湾村"], [("县电力公司", ["柳湾村"], "孙明")],
        ),
    ],
)
def test_examples_idioms_and_the_writers_unnamed_unit(sentence: str, villages: list[str], teams: list) -> None:
    result = extract_rules(DATED + sentence + "\n")
    assert [v.name for v in result.villages] == villages
    assert [(t.sent_by, t.villages, t.leader) for t in result.teams] == teams


def test_a_villages_farming_population_and_an_item_with_a_word_in_brackets() -> None:
    text = DATED + "桃坪村位于白沙镇，全村农业人口312户1046人。工作队帮助村里新修通村(组)道路8.2千米。\n"
    result = extract_rules(text)
    assert [(v.households, v.population) for v in result.villages] == [(312, 1046)]
    assert [q.item for m in result.measures for q in m.quantities] == ["通村(组)道路"]


@pytest.mark.parametrize(
    ("sentence", "team"),
    [
        # a profile whose post is an apposition of its own
        (
            "柳湾村是贫困村。钱立群，云岭高新区管委会干部，驻村扶贫工作队队长；卢明，县委组织部干部，驻村扶贫工作队队员。",
            ("云岭高新区管委会", ["柳湾村"], "钱立群"),
        ),
        # 挂驻: a unit posted to the village
        ("去年，云岭市东湖街道挂驻石门县白沙镇新城村，全面开展扶贫工作。", ("云岭市东湖街道", ["新城村"], None)),
    ],
)
def test_a_leaders_post_in_apposition_and_a_unit_guazhu_to_a_village(sentence: str, team: tuple) -> None:
    assert [(t.sent_by, t.villages, t.leader) for t in extract_rules(DATED + sentence + "\n").teams] == [team]


def test_a_city_sends_a_countys_team_named_in_a_subtitle() -> None:
    page = "情系山乡——宝鸡市驻陇县帮扶工作队工作纪实\n2020-08-06 来源：云岭网\n陇县桃坪村是贫困村。\n"
    assert [(t.sent_by, t.villages) for t in extract_rules(page).teams] == [("宝鸡市", ["桃坪村"])]


@pytest.mark.parametrize(
    ("page", "header"),
    [
        # a reprint's citation of the paper's issue
        (
            "本报记者 胡明 《 人民日报 》( 2021年05月12日 第 04 版)\n正月初六，柳湾村的村民在忙着喂牛。\n",
            (None, "人民日报", date(2021, 5, 12), ["胡明"]),
        ),
        # a site's home link is no headline
        (
            "青石社区 首页\n俯下身子办实事——柳湾村驻村工作队纪实\n\n傍晚，工作队在柳湾村的地里劳动。\n",
            ("俯下身子办实事——柳湾村驻村工作队纪实", None, None, []),
        ),
    ],
)
def test_a_reprints_paper_citation_and_a_sites_home_link(page: str, header: tuple) -> None:
    result = extract_rules(page)
    assert (result.title, result.outlet, result.published, result.authors) == header


def test_the_neighbouring_villages_on_each_side_are_no_villages_of_the_page() -> None:
    text = DATED + (
        "石门县青石镇柳湾村东与白沙乡桃园村相邻，西与青石镇杏岭村交界，距离县城20公里。"
        "全村辖七个村民小组，238户，总人口865人。\n"
    )
    assert [(v.name, v.households, v.population) for v in extract_rules(text).villages] == [("柳湾村", 238, 865)]


def test_metric_names_without_the_words_around_their_figures() -> None:
    text = DATED + (
        "柳湾村是贫困村。靠着种土豆，全家一年收入不过3000元，外债欠了5万多元。"
        "梨园明年挂果后预计可收获2万斤。工作队先后帮助6个贫困家庭照看老人。\n"
    )
    assert [m.name for m in extract_rules(text).metrics] == ["全家一年收入", "外债", "梨园明年挂果后", "贫困家庭"]


@pytest.mark.parametrize(
    ("sentence", "measure"),
    [
        ("柳湾村驻村工作队帮助村民次仁顿珠到县城就业。", ("帮助村民次仁顿珠到县城就业", 1)),
        ("柳湾村驻村工作队协助贫困户吴大林办起肉兔养殖场。", ("协助贫困户吴大林办起肉兔养殖场", 1)),
        # a facility described first, before its name
        (
            "柳湾村是贫困村。工作队帮助建起归村集体所有的小型光伏电站。",
            ("建起归村集体所有的小型光伏电站", None),
        ),
    ],
)
def test_help_to_a_named_villager_and_a_facility_described_before_its_name(sentence: str, measure: tuple) -> None:
    assert [(m.summary, m.people) for m in extract_rules(DATED + sentence + "\n").measures] == [measure]


@pytest.mark.parametrize(
    ("text", "teams"),
    [
        # each team came to the village the paragraph before told of
        (
            "石门县青石镇龙潭村地处河谷，雨季常遭水淹。\n省商务厅工作队来到村里，摸清了村民的难处。\n"
            "石门县白沙镇桃园村缺水严重。\n省科技厅工作队来到村里，帮村民打了井。\n",
            [("省商务厅", ["龙潭村"], None), ("省科技厅", ["桃园村"], None)],
        ),
        # the leader named after 叫
        (
            "省财政厅驻柳湾村扶贫工作队给村里带来了变化。扶贫工作队队长叫吴敬，是厅预算处处长。\n",
            [("省财政厅", ["柳湾村"], "吴敬")],
        ),
    ],
)
def test_a_team_come_to_the_village_told_before_and_a_leader_called_by_name(text: str, teams: list) -> None:
    assert [(t.sent_by, t.villages, t.leader) for t in extract_rules(DATED + text).teams] == teams


def test_a_summary_does_not_open_with_ze() -> None:
    text = DATED + "柳湾村是贫困村。余下的2.4万元，则为村里安装了60多盏路灯。\n"
    assert [m.summary for m in extract_rules(text).measures] == ["村里安装了60多盏路灯"]


def test_money_then_the_work_it_was_used_for_is_that_works_investment() -> None:
    text = DATED + "柳湾村是贫困村。其中4.5万元用于整修村口的便桥。\n"
    assert [(m.investment_yuan, m.category) for m in extract_rules(text).measures] == [(45000.0, "infrastructure")]


def test_totals_said_now_a_distance_from_a_place_in_a_direction_and_non_poor_villages() -> None:
    text = DATED + (
        "柳湾村位于石门镇的西北方向10公里。柳湾村现在一共270户860人左右。"
        "全市1109个非贫困村均明确了帮扶单位。\n"
    )
    result = extract_rules(text)
    assert [(v.households, v.population) for v in result.villages] == [(270, 860)]
    assert [(m.name, m.value) for m in result.metrics] == [("距石门镇", 10.0), ("非贫困村", 1109.0)]


def test_members_with_a_rarer_surname_count_and_a_colleges_school_is_the_college() -> None:
    formed = DATED + (
        "2016年3月，云岭投资集团的周立、訾明和钱亮组成工作队，赴石门县白沙镇的东坡、西坡、南坡3个村任第一书记。\n"
    )
    assert [(t.sent_by, t.size) for t in extract_rules(formed).teams] == [("云岭投资集团", 3)]
    school = DATED + (
        "云岭师范学院文学院副院长郑文明响应学校号召，主动报名当第一书记，到石门县白沙镇桃坪村驻村帮扶。\n"
    )
    assert [(t.sent_by, t.leader) for t in extract_rules(school).teams] == [("云岭师范学院", "郑文明")]


def test_a_summarys_year_is_not_lent_to_works_of_a_span_of_years() -> None:
    text = (
        "2021年柳湾村乡村振兴工作总结\n"
        "柳湾村是脱贫村。脱贫攻坚期间，全村危房改造32户。2021年，全村新修村道2公里。\n"
    )
    assert [(m.households, m.year) for m in extract_rules(text).measures if m.households] == [(32, None)]


@pytest.mark.parametrize(
    ("sentence", "team"),
    [
        # a rarer surname (才) right after the title, the name ending before 告诉
        (
            "6月3日，市委驻石门县白沙镇龙潭村扶贫工作队队长才立新告诉记者，村里变了。",
            ("市委", ["龙潭村"], "才立新"),
        ),
        # the unit he left for the village
        (
            "2018年3月，何明离开省地矿局，来到石门县白沙镇桃坪村担任驻村工作队队长。",
            ("省地矿局", ["桃坪村"], "何明"),
        ),
        # his age before his name, after the date
        (
            "2018年3月，刚满28岁的何明离开省地矿局第三勘查队，来到石门县白沙镇桃坪村担任驻村工作队队长。",
            (None, ["桃坪村"], "何明"),
        ),
    ],
)
def test_a_leader_who_left_his_unit_a_leaders_age_and_the_surname_cai(sentence: str, team: tuple) -> None:
    assert [(t.sent_by, t.villages, t.leader) for t in extract_rules(DATED + sentence + "\n").teams] == [team]


def test_metric_names_past_dui_and_counted_provincially_designated_villages() -> None:
    text = DATED + (
        "柳湾村是贫困村。对尚未脱贫的24户71人，工作队逐户制定了帮扶措施。"
        "工作队帮包东坪、西坪、南坪、北坪和中坪5个省定贫困村。\n"
    )
    assert [(m.name, m.value) for m in extract_rules(text).metrics] == [
        ("尚未脱贫", 24.0), ("尚未脱贫人数", 71.0), ("省定贫困村", 5.0)
    ]


def test_people_counted_by_the_honour_they_were_given() -> None:
    text = DATED + "柳湾村是贫困村。全县37人被评为全省优秀驻村队员。\n"
    assert [(m.name, m.value) for m in extract_rules(text).metrics] == [("全省优秀驻村队员", 37.0)]


@pytest.mark.parametrize(
    ("sentence", "villages", "teams"),
    [
        # 村村有: every village, no name
        ("春节期间，各地几乎村村有文艺演出。柳湾村是贫困村。", ["柳湾村"], []),
        # 驻 then a Tibetan village name opening with 扎西, not 驻扎; a campaign's name before the unit
        (
            "村里还有一户特别的人家：强基惠民活动石门县文化局驻扎西顶村工作队。",
            ["扎西顶村"], [("石门县文化局", ["扎西顶村"])],
        ),
    ],
)
def test_every_village_a_tibetan_name_after_zhu_and_a_campaigns_unit(
    sentence: str, villages: list, teams: list
) -> None:
    result = extract_rules(DATED + sentence + "\n")
    assert [v.name for v in result.villages] == villages
    assert [(t.sent_by, t.villages) for t in result.teams] == teams


def test_an_outlet_field_in_book_title_marks() -> None:
    page = "青石村的第六十一户\n时间: 2012-08-14      来源: 《云岭日报》\n\n  青石村位于石门县东部。\n"
    assert extract_rules(page).outlet == "云岭日报"


def test_a_regions_short_name_opening_its_count_and_a_distance_from_a_town_in_a_direction() -> None:
    text = DATED + "西藏共有1289名第一书记在深度贫困村工作。柳湾村是贫困村，在白沙镇以北12公里。\n"
    assert [(m.name, m.subject, m.value) for m in extract_rules(text).metrics] == [
        ("第一书记", "西藏", 1289.0), ("距白沙镇", "柳湾村", 12.0)
    ]


def test_a_summary_field_the_article_repeats_is_read_once() -> None:
    lead = "柳湾村建起了村里第一个集体养兔场，共投入资金16万元，其中镇上补助12万元，存栏肉兔3000只。"
    page = "柳湾村建起集体养兔场\n2020-11-05 来源：云岭网\n摘要:" + lead + "\n" + lead + "\n"
    result = extract_rules(page)
    assert result.title == "柳湾村建起集体养兔场"
    assert len([m for m in result.measures if m.investment_yuan == 160000]) == 1


def test_a_transliterated_name_after_a_reporters_role() -> None:
    page = "这个春节他们没回家\n本报记者 阿依努尔\n活动室里，欢快的音乐声响起。柳湾村的村民围在一起。\n"
    assert extract_rules(page).authors == ["阿依努尔"]


def test_a_transliterated_village_named_alone_and_not_from_its_last_characters() -> None:
    longer = DATED + "乡里有托克拉阿依库木村和阿热勒村两个村。托克拉阿依库木村是贫困村。\n"
    assert "克拉阿依库木村" not in [v.name for v in extract_rules(longer).villages]
    named = DATED + "阿依吐尔巴格村是这个县众多深度贫困村中的一个。全村1210人，耕地不过3000余亩。\n"
    assert [(v.name, v.population) for v in extract_rules(named).villages] == [("阿依吐尔巴格村", 1210)]


@pytest.mark.parametrize(
    ("sentence", "category"),
    [
        ("柳湾村是贫困村。工作队帮助村里新建水泥村路、巷道3.4公里。", "infrastructure"),
        ("柳湾村是贫困村。可储藏2万吨粮食的粮库已经建成。", "infrastructure"),
    ],
)
def test_lanes_village_roads_and_granaries_are_infrastructure(sentence: str, category: str) -> None:
    assert [m.category for m in extract_rules(DATED + sentence + "\n").measures] == [category]


@pytest.mark.parametrize(
    ("sentence", "category"),
    [
        ("柳湾村驻村工作队帮助村民李大海开办小卖部。", "industry"),
        ("柳湾村是贫困村。工作队联系县书法家协会为贫困户赠送书画作品60余幅。", "culture"),
    ],
)
def test_a_villagers_shop_is_industry_and_paintings_given_are_culture(sentence: str, category: str) -> None:
    assert [m.category for m in extract_rules(DATED + sentence + "\n").measures] == [category]
