"""A reading copy: mirror pages' pinyin glosses and quotation marks around a post are read
past, while every quote stays cut verbatim from the source at its own offsets."""

from __future__ import annotations

from llmx.backends.rules import extract_rules
from llmx.core.figures import check_item
from llmx.core.reading import MIN_GLOSSES, reading_copy, strip_glosses, wrap_breaks
from llmx.core.records import Evidence, Measure

#: An invented mirror page: a gloss after many characters, as such sites print them.
GLOSSED = (
    "青石村修通產(chǎn)業(yè)路\n"
    "發(fā)布時間:2019年05月06日 來源:雲嶺新聞網(wǎng)\n"
    "雲嶺縣石門鎮(zhèn)青石村共有356戶(hù)1210人。縣林業(yè)局派駐青石村的"
    "“第一書記”王志遠帶領村民,投資120萬(wàn)元修建產(chǎn)業(yè)路3.5公里。\n"
)


def test_glosses_are_left_out_and_mapped_back() -> None:
    copy = reading_copy("發(fā)布時間,國(guó)投集團(tuán)")
    assert copy is not None and copy.text == "發布時間,國投集團"
    start, end = copy.source_span(5, 9)  # 國投集團
    assert "發(fā)布時間,國(guó)投集團(tuán)"[start:end] == "國(guó)投集團"


def test_a_page_with_few_brackets_is_left_as_it_is() -> None:
    text = "青石村(gps)定位" * (MIN_GLOSSES - 1)
    assert reading_copy(text) is None
    assert strip_glosses("投入100余萬(wàn)元") == "投入100余萬元"
    assert strip_glosses("左(左一)与村民") == "左(左一)与村民"  # a caption's bracket is no gloss


def test_quotation_marks_around_a_post_are_read_past() -> None:
    copy = reading_copy("县林业局派驻青石村的“第一书记”王志远")
    assert copy is not None and copy.text == "县林业局派驻青石村的第一书记王志远"
    assert reading_copy("“八不进”工作要求") is None


def test_a_glossed_page_reads_whole_and_quotes_it_verbatim() -> None:
    result = extract_rules(GLOSSED)
    assert result.title == "青石村修通产业路"
    assert result.outlet == "云岭新闻网"
    assert [(t.sent_by, t.villages, t.leader) for t in result.teams] == [("县林业局", ["青石村"], "王志远")]
    village = result.villages[0]
    assert (village.name, village.township, village.households, village.population) == ("青石村", "石门镇", 356, 1210)
    measure = result.measures[0]
    assert measure.investment_yuan == 1_200_000
    for item in [*result.teams, *result.villages, *result.measures, *result.metrics]:
        for evidence in item.evidence:
            assert GLOSSED[evidence.start : evidence.end] == evidence.quote
    assert "萬(wàn)元" in measure.evidence[0].quote


def test_a_glossed_quote_states_its_figure() -> None:
    measure = Measure(
        category="infrastructure", summary="修建产业路", investment_yuan=1_200_000,
        evidence=[Evidence(quote="投資120萬(wàn)元修建產(chǎn)業(yè)路")],
    )
    assert check_item("measures", measure)["investment_yuan"] == "stated"


#: An invented work summary as a PDF's text layer gives it: lines of one width, cut
#: wherever the width ran out, a paragraph's last line short.
WRAPPED = (
    "桐溪镇枫坪村帮扶工作总结\n"
    "\n"
    "    我局定点帮扶的枫坪村位于桐溪镇东部,全村共有农户218\n"
    "户763人,其中建档立卡贫困户46户152人。一年来,工作队\n"
    "围绕产业和基础设施两件事,先后争取各类资金86万元,修建\n"
    "村组道路6.8公里,新建蓄水池3口,解决了全村人畜饮水难的\n"
    "问题。\n"
    "    同时,工作队引进食用菌栽培项目,投入资金32万元建成标\n"
    "准化大棚20个,带动贫困户31户户均增收2400元。\n"
)


def test_a_hard_wrapped_text_reads_across_its_line_breaks() -> None:
    result = extract_rules(WRAPPED)
    village = result.villages[0]
    assert (village.name, village.households, village.population) == ("枫坪村", 218, 763)
    measures = {m.investment_yuan: [(q.value, q.unit) for q in m.quantities] for m in result.measures}
    assert measures[320000] == [(20, "个")]  # '建成标\n准化大棚20个': one word across the break
    assert measures[860000] == [(6.8, "公里"), (3, "口")]
    assert not any(m.unit == "个" for m in result.metrics)
    # a quote across a break is cut in pieces, one per line, each verbatim
    for item in [*result.villages, *result.measures, *result.metrics]:
        for evidence in item.evidence:
            assert WRAPPED[evidence.start : evidence.end] == evidence.quote
            assert "\n" not in evidence.quote
    greenhouse = next(m for m in result.measures if m.investment_yuan == 320000)
    assert [e.quote for e in greenhouse.evidence][:2] == [
        "投入资金32万元建成标", "准化大棚20个,带动贫困户31户户均增收2400元"
    ]


def test_only_a_hard_wrapped_texts_line_breaks_are_read_past() -> None:
    breaks = wrap_breaks(WRAPPED)
    assert [WRAPPED[end - 2 : start + 2] for end, start in breaks][:2] == ["18\n户7", "作队\n围绕"]
    assert all(WRAPPED[end - 1 : end] != "。" for end, _ in breaks)  # a paragraph's end stays
    # a part opening a line is no continuation of the line before
    parts = WRAPPED.replace("    同时,", "二、同时,")
    assert not any(parts[start:].startswith("二、") for _, start in wrap_breaks(parts))
    # lines that are paragraphs, whatever their width
    paragraphs = "青石村修通产业路\n" + "工作队投资120万元修建产业路3.5公里,带动贫困户种茶,户均增收3000元。\n" * 6
    assert wrap_breaks(paragraphs) == []
    # a title repeated over each photo's paragraph: the narrow lines are titles, not a wrap
    paragraph = "记者来到青石村,村里新修的产业路一直通到茶园,村民们正忙着采茶。\n"
    titles = "青石村的新变化(组图)\n" + ("青石村的新变化(组图)\n" + paragraph) * 4
    assert wrap_breaks(titles) == []
    assert wrap_breaks(titles) == []
