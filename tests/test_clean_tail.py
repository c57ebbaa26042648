"""The related-articles tail: a real link list after '相关新闻' is left out and noted; prose
after the marker (a second article in the same file) is content. All text is invented."""

from __future__ import annotations

from pathlib import Path

from llmx.config import ExtractConfig
from llmx.core.chunking import chunk_document
from llmx.core.clean import RelatedTail, classify_lines, content_spans, content_window, related_tails
from llmx.core.document import document_from_text, load_document
from llmx.pipeline import Extractor
from llmx.run.work import input_notes

ARTICLE_A = (
    "甲村驻村工作队帮扶纪实\n"
    "2019-05-06 来源：某某日报\n"
    "某局驻甲村工作队自2016年进驻以来，修路3.7公里，带领全村发展食用菌产业，群众收入明显提高。\n"
)
ARTICLE_B = (
    "乙村的新变化\n"
    "2019-06-01 来源：某某网 作者：某记者\n"
    "某厅驻乙村工作队进驻后，新建蔬菜大棚40个，修建灌溉水渠2公里，全村贫困户全部脱贫。\n"
    "工作队还帮助村里办起了合作社，吸纳村民务工，年人均增收三千元以上，村集体经济不断壮大。\n"
)
LINKS = (
    "· 某县召开脱贫攻坚推进会 2019-05-01\n"
    "· 丙村驻村工作队走访贫困户 2019-04-28\n"
    "某乡开展农村实用技术培训\n"
)
FOOTER = "版权所有 某某网 ICP备12345678号\n"


def _lines(text: str, junk: bool) -> list[str]:
    return [text[ln.start : ln.end] for ln in classify_lines(text) if ln.junk == junk and text[ln.start : ln.end]]


def test_a_real_related_links_tail_is_cut_and_recorded() -> None:
    page = "首页 > 新闻中心 > 正文\n" + ARTICLE_A + "相关新闻\n" + LINKS + FOOTER
    start, end = content_window(page)
    assert page[start:end] == ARTICLE_A.rstrip("\n")
    assert related_tails(page) == (RelatedTail("相关新闻", 5, sum(map(len, LINKS.splitlines()))),)


def test_the_tail_note_says_how_much_was_left_out_and_where(tmp_path: Path) -> None:
    path = tmp_path / "page.txt"
    path.write_text(ARTICLE_A + "【相关阅读】\n" + LINKS * 40, encoding="utf-8")
    document = load_document(path)
    notes = dict(input_notes(document, str(path), size=None, had_bom=False, chunks=1))
    chars = sum(map(len, LINKS.splitlines())) * 40
    assert notes["tail"] == f"{path}: {chars:,} characters after '相关阅读' (line 4) left out as related links"


def test_two_articles_separated_by_a_marker_are_both_kept() -> None:
    text = ARTICLE_A + "相关新闻\n" + ARTICLE_B
    assert _lines(text, junk=True) == ["相关新闻"]
    start, end = content_window(text)
    assert text[start:end] == text.rstrip("\n")
    assert related_tails(text) == ()
    chunks = chunk_document(text, max_tokens=60)
    kept = "".join(chunk.text for chunk in chunks)
    for sentence in ("修路3.7公里", "新建蔬菜大棚40个", "年人均增收三千元以上"):
        assert sentence in kept


def test_links_between_two_articles_are_cut_and_the_second_headline_kept() -> None:
    text = ARTICLE_A + "相关新闻\n" + LINKS + "\n" + ARTICLE_B + "推荐阅读\n" + LINKS + FOOTER
    junk = _lines(text, junk=True)
    assert junk == ["相关新闻", *LINKS.splitlines(), "推荐阅读", *LINKS.splitlines(), FOOTER.strip()]
    content = _lines(text, junk=False)
    assert content[:3] == ARTICLE_A.splitlines() and content[3:] == ARTICLE_B.splitlines()
    assert [(t.marker, t.line) for t in related_tails(text)] == [("相关新闻", 4), ("推荐阅读", 13)]


def test_prose_right_after_the_marker_is_content() -> None:
    text = ARTICLE_A + "相关报道\n" + ARTICLE_B.split("\n", 2)[2]
    assert _lines(text, junk=True) == ["相关报道"]


def test_a_file_of_many_articles_keeps_them_all() -> None:
    text = "".join(f"第{i}篇\n" + ARTICLE_B + "相关新闻\n" + LINKS for i in range(400))
    kept = sum(end - start for start, end in content_spans(text))
    assert kept >= 400 * (len(ARTICLE_B) - 1)
    assert len(related_tails(text)) == 400


def test_the_rules_read_every_article_of_the_file_even_behind_a_bulleted_marker() -> None:
    text = ARTICLE_A + "◎ 相关阅读\n" + LINKS + ARTICLE_B
    with Extractor(ExtractConfig(backend="rules", cache=False)) as extractor:
        report = extractor.extract(document_from_text(text, "two")).report
    quotes = " ".join(ev.quote for items in report.items().values() for item in items for ev in item.evidence)
    assert "修路3.7公里" in quotes and "新建蔬菜大棚40个" in quotes
    assert "某县召开" not in quotes
