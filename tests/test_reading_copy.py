"""A reading copy: mirror pages' pinyin glosses and quotation marks around a post are read
past, while every quote stays cut verbatim from the source at its own offsets."""

from __future__ import annotations

from llmx.backends.rules import extract_rules
from llmx.core.figures import check_item
from llmx.core.reading import MIN_GLOSSES, reading_copy, strip_glosses
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
