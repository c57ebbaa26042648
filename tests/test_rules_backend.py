"""The offline rules backend, on sentences written for these tests (not the sample pages)."""

from __future__ import annotations

import pytest

from llmx.backends.base import Backend, ChunkRequest
from llmx.backends.rules import RULES_VERSION, RulesBackend, extract_rules
from llmx.backends.rules.figures import categorise
from llmx.backends.rules.header import is_person_name, read_header
from llmx.core.chunking import Chunk
from llmx.core.document import Document
from llmx.core.records import SUMMARY_MAX_CHARS, Extraction
from llmx.core.units import unit_problem
from llmx.grounding import ground_report
from llmx.usage import Usage

PAGE = """首页 > 新闻中心 > 正文
石桥村的新变化
2020-06-18 09:30  来源：南山日报
记者 赵立新
青石镇杨家沟村位于深山区，全村共有326户1187人，建档立卡贫困户98户341人，贫困发生率28.7%。2019年，杨家沟村实现整村脱贫出列。
县交通运输局驻杨家沟村工作队自2016年进驻以来，坚持一队三人驻村，第一书记王建国带领队员走村入户，建立了一户一档。
工作队争取资金85万元，硬化通村道路4.2公里，惠及群众620人。投入资金12万元，新建蓄水池3个；投入资金6.5万元，安装太阳能路灯40盏。
计划年内投入资金30万元，新建蔬菜大棚20个。享受易地搬迁政策的有12户45人。
目前，村集体经济收入达到6.3万元，人均纯收入5800元。65岁的村民刘大爷说，路修好了，出门方便多了。村口原来的水沟深5米。
阅读量：356
"""


@pytest.fixture(scope="module")
def page() -> Extraction:
    return extract_rules(PAGE)


def _quotes_hold(result: Extraction, text: str) -> None:
    for kind in ("teams", "villages", "measures", "metrics"):
        for item in getattr(result, kind):
            assert item.evidence, (kind, item)
            for ev in item.evidence:
                assert ev.match == "exact" and text[ev.start : ev.end] == ev.quote, (kind, ev)


def test_backend_protocol_and_chunk_relative_offsets():
    backend = RulesBackend()
    assert isinstance(backend, Backend)
    assert backend.name == "rules" and backend.max_chunk_tokens is None
    assert backend.identity() == {"backend": "rules", "rules_version": RULES_VERSION}
    start = PAGE.index("青石镇")
    chunk = Chunk(index=0, start=start, end=len(PAGE), text=PAGE[start:])
    usage = Usage()
    result = backend.extract_chunk(ChunkRequest(document=Document(doc_id="p", text=PAGE), chunk=chunk, usage=usage))
    assert usage.chunks == 1 and usage.calls == 0
    assert type(result).__name__ == "Extraction"
    assert result.title == "石桥村的新变化"  # header read from the document, not the chunk
    _quotes_hold(result, chunk.text)
    backend.close()


def test_header(page):
    assert (page.title, page.outlet, str(page.published), page.authors) == (
        "石桥村的新变化", "南山日报", "2020-06-18", ["赵立新"]
    )


def test_village_baseline(page):
    (village,) = page.villages
    assert village.name == "杨家沟村" and village.township == "青石镇"
    assert (village.households, village.population) == (326, 1187)
    assert (village.poor_households, village.poor_population) == (98, 341)
    assert village.poverty_rate_pct == 28.7 and village.exit_year == 2019


def test_team(page):
    (team,) = page.teams
    assert team.sent_by == "县交通运输局" and team.villages == ["杨家沟村"]
    assert (team.leader, team.size, team.since) == ("王建国", 3, 2016)


def test_measures_split_by_investment(page):
    by_money = {m.investment_yuan: m for m in page.measures}
    road = by_money[850_000]
    assert road.category == "infrastructure" and road.people == 620 and road.village == "杨家沟村"
    assert [(q.value, q.unit) for q in road.quantities] == [(4.2, "公里")]
    assert [(q.value, q.unit) for q in by_money[120_000].quantities] == [(3.0, "个")]
    lights = by_money[65_000]
    assert [(q.value, q.unit) for q in lights.quantities] == [(40.0, "盏")] and lights.category == "environment"
    assert by_money[300_000].status == "planned"
    (moved,) = [m for m in page.measures if m.investment_yuan is None]
    assert (moved.category, moved.households, moved.people) == ("housing", 12, 45)
    assert all(m.status == "done" for m in page.measures if m.investment_yuan != 300_000)


def test_metrics_take_outcomes_and_skip_ages_dimensions_counters(page):
    values = {(m.value, m.unit) for m in page.metrics}
    assert values == {(63_000.0, "元"), (5_800.0, "元")}
    assert all(m.subject == "杨家沟村" for m in page.metrics)


def test_evidence_is_verbatim_and_holds_every_number(page):
    _quotes_hold(page, PAGE)
    _, stats = ground_report(page, PAGE)
    assert stats.grounded_share == 1.0 and stats.numbers_share == 1.0


def test_traditional_source_keeps_quotes_verbatim():
    text = "東嶺鎮紅土坡村全村共有210戶806人。市林業局駐紅土坡村工作隊投入資金40萬元，種植核桃300畝。"
    result = extract_rules(text)
    (village,) = result.villages
    assert village.name == "红土坡村" and village.township == "东岭镇" and village.households == 210
    (team,) = result.teams
    assert team.sent_by == "市林业局" and team.villages == ["红土坡村"]
    (measure,) = result.measures
    assert measure.investment_yuan == 400_000 and [(q.value, q.unit) for q in measure.quantities] == [(300.0, "亩")]
    assert measure.category == "industry"
    _quotes_hold(result, text)
    assert "種植核桃300畝" in measure.evidence[0].quote


def test_joint_units_and_leader_named_before_the_unit():
    text = "以刘文斌为第一书记的县卫健委、县人民医院驻村工作组走访了柳湾村的每一户群众。"
    (team,) = extract_rules(text).teams
    assert team.sent_by == "县卫健委、县人民医院" and team.leader == "刘文斌"


def test_team_posted_to_several_villages():
    text = "市供电公司派驻白水乡石桥村、上坪村，累计投入资金150万元，新建村级活动场所2个。"
    result = extract_rules(text)
    (team,) = result.teams
    assert team.sent_by == "市供电公司" and team.villages == ["石桥村", "上坪村"]
    assert {v.name: v.township for v in result.villages} == {"石桥村": "白水乡", "上坪村": "白水乡"}
    (measure,) = result.measures
    assert measure.village is None  # one investment for two villages


def test_team_without_a_unit():
    (team,) = extract_rules("近日，东岭镇红土坡村驻村工作队看望了困难群众。").teams
    assert team.sent_by is None and team.villages == ["红土坡村"]


def test_village_words_that_are_not_names():
    result = extract_rules("驻村工作队深入贫困村开展调研，帮助行政村理清思路，全村群众积极参与。")
    assert result.villages == [] and result.teams == []


def test_idioms_and_dates_are_not_figures():
    text = "工作队建立了一户一档，做到一年一个项目。2019年3月15日，召开了会议。联系电话：0351-4281485。"
    result = extract_rules(text)
    assert result.metrics == [] and result.measures == []


def test_validators_never_fail_the_document():
    text = "白水乡石桥村全村共有50户，建档立卡贫困户80户。" + "工作队投入资金10万元，" + "，".join(
        f"修建了{place}文化活动室" for place in ("东组", "西组", "南组", "北组", "中组")
    ) + "，新建公厕2个。"
    result = extract_rules(text)
    (village,) = result.villages
    assert village.households == 50 and village.poor_households is None  # 80 > 50 dropped, not fatal
    for measure in result.measures:
        assert 0 < len(measure.summary) <= SUMMARY_MAX_CHARS
    for metric in result.metrics:
        assert unit_problem(metric.unit) is None


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("易地搬迁安置房建设", "housing"),
        ("发放小额贴息贷款", "finance"),
        ("开发公益岗位安置就业", "employment"),
        ("为贫困学生发放助学金", "education"),
        ("维修村卫生室", "health"),
        ("走访慰问低保户", "social_security"),
        ("清理垃圾并新建公厕", "environment"),
        ("建设农家书屋和文化广场", "culture"),
        ("举办种养技能培训班", "training"),
        ("完善村两委办公阵地", "governance"),
        ("发展食用菌种植合作社", "industry"),
        ("硬化通村道路", "infrastructure"),
        ("其他事情", "other"),
    ],
)
def test_categorise(text, category):
    assert categorise(text) == category


def test_header_closing_byline_and_dateline_names():
    text = "乡村新貌\n2021-03-02 10:15 张伟 李娜\n正文第一段，内容较长较长较长较长较长。\n最后一段。\n"
    header = read_header(text)
    assert header.title == "乡村新貌" and header.published == "2021-03-02"
    assert header.authors == ["张伟", "李娜"]
    closing = read_header("标题一行\n正文内容在这里，写得比较长比较长比较长。\n最后一段话。（县扶贫办：周海燕）\n")
    assert closing.authors == ["周海燕"]
    photo = read_header("标题一行\n正文内容在这里，写得比较长比较长比较长。\n（通讯员 马明 摄）\n")
    assert photo.authors == []


def test_person_names():
    assert is_person_name("王建国") and is_person_name("欧阳明月") and is_person_name("孙方")
    assert not is_person_name("记者") and not is_person_name("工作队") and not is_person_name("王")


def test_work_summary_year_is_the_default_year_of_its_actions():
    text = "市林业局驻红土坡村工作队2018年上半年工作总结\n工作队投入资金8万元，新建蓄水池2个。今年3月，安装路灯30盏。\n"
    measures = extract_rules(text).measures
    assert [m.year for m in measures] == [2018, 2018]
