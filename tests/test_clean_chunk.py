"""Cleaning finds the article without rewriting it; chunking keeps offsets."""

from __future__ import annotations

from llmx.core.chunking import chunk_document, estimate_tokens, sentence_spans
from llmx.core.clean import classify_lines, content_spans, content_window, is_menu_line

PAGE = (
    "首页 > 新闻中心 > 正文\n"
    "- 要闻 图片 视频 专题 评论 乡村\n"
    "某县驻村工作队帮扶纪实\n"
    "2019-05-06 来源：某某日报\n"
    "某局驻甲村工作队自2016年进驻以来，修路3.7公里。全村共120户410人！\n"
    "工作队还建成光伏电站一座？\n"
    "相关新闻\n"
    "另一篇文章的标题\n"
    "版权所有 某某网 ICP备12345号\n"
)


def test_menu_lines_are_recognised() -> None:
    assert is_menu_line("- 省網輿情 視聽晉城 視覺晉城 晉城歷史 民俗風情")
    assert not is_menu_line("某局驻甲村工作队自2016年进驻以来，修路3.7公里。")
    assert not is_menu_line("2021/03/17 湄溪日报")  # a date with slashes is one word
    assert is_menu_line("首页 / 新闻 / 扶贫 / 动态")
    assert not is_menu_line("某县驻村工作队帮扶纪实")


def test_content_window_drops_navigation_and_related_articles() -> None:
    start, end = content_window(PAGE)
    article = PAGE[start:end]
    assert article.startswith("某县驻村工作队帮扶纪实")
    assert article.endswith("工作队还建成光伏电站一座？")
    assert "相关新闻" not in article and "另一篇文章" not in article and "版权所有" not in article


def test_an_apps_banner_is_furniture() -> None:
    from llmx.core.clean import is_junk_line

    assert is_junk_line("立即打开") and is_junk_line("打开APP，阅读全文") and is_junk_line("下载客户端")
    assert not is_junk_line("立即打开村里的销路，是工作队的头等大事。")
    # a share prompt and a reading-time counter
    assert is_junk_line("微信扫一扫") and is_junk_line("本篇文章2035字,读完约5分钟")
    assert not is_junk_line("本篇文章记录了青石村的变化。")


def test_classify_keeps_offsets_into_the_original() -> None:
    for line in classify_lines(PAGE):
        assert "\n" not in PAGE[line.start : line.end]


def test_crlf_lines() -> None:
    text = "首页 > 正文\r\n正文第一句。\r\n正文第二句。\r\n"
    spans = content_spans(text)
    assert [text[s:e] for s, e in spans] == ["正文第一句。\r\n正文第二句。"]


def test_sentence_spans_cover_the_text_exactly() -> None:
    text = "第一句。第二句！“引号里的话。”第三句？最后没有句号"
    spans = sentence_spans(text, 0, len(text))
    assert "".join(text[s:e] for s, e in spans) == text
    assert text[spans[2][0] : spans[2][1]] == "“引号里的话。”"


def test_chunks_respect_budget_and_offsets() -> None:
    sentence = "工作队为甲村修建道路三公里，投资二十万元。"
    text = "标题\n" + sentence * 200
    chunks = chunk_document(text, max_tokens=100)
    assert len(chunks) > 1
    for chunk in chunks:
        assert text[chunk.start : chunk.end] == chunk.text
        assert estimate_tokens(chunk.text) <= 100
    # chunks end on sentence boundaries and together cover every sentence once
    assert all(c.text.endswith("。") for c in chunks[1:])
    assert sum(c.text.count("投资二十万元") for c in chunks) == 200
    assert [c.index for c in chunks] == list(range(len(chunks)))


def test_oversized_sentence_is_split_not_lost() -> None:
    text = "很" * 500 + "。"
    chunks = chunk_document(text, max_tokens=64)
    assert "".join(c.text for c in chunks) == text


def test_estimate_tokens_counts_cjk_as_one() -> None:
    assert estimate_tokens("驻村工作队") == 5
    assert estimate_tokens("abcdefgh") == 2
