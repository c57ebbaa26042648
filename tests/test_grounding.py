"""Grounding: offsets of quotes in the original text, match levels, number checks."""

from __future__ import annotations

from llmx.core.grounding import (
    GroundingStats,
    drop_ungrounded,
    ground_report,
    normalise_with_map,
    ungrounded_items,
)
from llmx.core.records import Evidence, Extraction, Metric, Report


def _metric(quote: str, value: float = 1, unit: str = "个", **evidence) -> Metric:
    return Metric(name="指标", value=value, unit=unit, evidence=[Evidence(quote=quote, **evidence)])


def _report(*metrics: Metric, **items) -> Report:
    return Report(doc_id="t", metrics=list(metrics), **items)


def _ev(report: Report, i: int = 0) -> Evidence:
    return report.metrics[i].evidence[0]


def test_exact_quote():
    text = "前言。工作队投入资金12万元，新建蓄水池3个。"
    out, stats = ground_report(_report(_metric("新建蓄水池3个", 3)), text)
    ev = _ev(out)
    assert (ev.start, ev.end, ev.match) == (text.index("新建"), text.index("新建") + 7, "exact")
    assert text[ev.start : ev.end] == ev.quote
    assert (stats.quotes, stats.exact) == (1, 1)


def test_simplified_quote_in_traditional_source_maps_to_the_original_span():
    text = "去年，駐村工作隊為貧困戶修建道路。"
    out, stats = ground_report(_report(_metric("驻村工作队为贫困户修建道路")), text)
    ev = _ev(out)
    assert ev.match == "normalised"
    assert text[ev.start : ev.end] == "駐村工作隊為貧困戶修建道路"
    assert stats.normalised == 1 and stats.grounded_share == 1.0


def test_full_width_digits_in_the_source():
    text = "今年投入資金２６０萬元，鋪設道路３．７公裡。"
    out, _ = ground_report(_report(_metric("投入资金260万元", 2_600_000, "元")), text)
    ev = _ev(out)
    assert ev.match == "normalised"
    assert text[ev.start : ev.end] == "投入資金２６０萬元"


def test_quote_across_a_line_break_and_spaces():
    text = "第一段。\n工作队修建道路\n  3.7公里，惠及群众。"
    out, _ = ground_report(_report(_metric("工作队修建道路3.7公里", 3.7, "公里")), text)
    ev = _ev(out)
    assert ev.match == "normalised"
    assert text[ev.start : ev.end] == "工作队修建道路\n  3.7公里"


def test_width_expansion_keeps_offsets_right():
    # NFKC turns ㎡ into two characters; the span must still end after ㎡ in the source.
    text = "村里新建廣場，面積500㎡，配套健身器材。"
    out, _ = ground_report(_report(_metric("面积500m2", 500, "平方米")), text)
    ev = _ev(out)
    assert ev.match == "normalised"
    assert text[ev.start : ev.end] == "面積500㎡"


def test_repeated_phrase_maps_to_successive_occurrences():
    text = "投入资金10万元，修路。投入资金10万元，建桥。投入资金10万元，打井。"
    quote = "投入资金10万元"
    out, _ = ground_report(_report(*[_metric(quote, 100_000, "元") for _ in range(3)]), text)
    starts = [ev.start for m in out.metrics for ev in m.evidence]
    assert starts == [0, text.index(quote, 1), text.rindex(quote)]
    assert all(text[s : s + len(quote)] == quote for s in starts)


def test_repeated_traditional_phrase_successive_occurrences_at_normalised_level():
    text = "投入資金5萬元，修路。又投入資金5萬元，建橋。"
    quote = "投入资金5万元"
    out, _ = ground_report(_report(_metric(quote, 50_000, "元"), _metric(quote, 50_000, "元")), text)
    first, second = (m.evidence[0] for m in out.metrics)
    assert (first.match, second.match) == ("normalised", "normalised")
    assert first.start == 0 and second.start == text.index("投入資金", 1)
    assert text[second.start : second.end] == "投入資金5萬元"


def test_more_quotes_than_occurrences_reuse_the_last_one():
    text = "新建公厕2个。"
    out, stats = ground_report(_report(_metric("新建公厕2个", 2), _metric("新建公厕2个", 2)), text)
    assert [m.evidence[0].start for m in out.metrics] == [0, 0]
    assert stats.exact == 2


def test_hint_prefers_the_chunk_the_quote_came_from():
    text = "全村共有300户。" + "其他内容。" * 5 + "全村共有300户。"
    second = text.rindex("全村")
    out, _ = ground_report(_report(_metric("全村共有300户", 300, "户")), text, hint=(second, len(text)))
    assert _ev(out).start == second


def test_fuzzy_match_for_a_slightly_paraphrased_quote():
    text = "前面的话。工作队多方筹措资金八十万元，为村里新修了一座漫水桥，方便了群众出行。后面的话。"
    quote = "工作队多方筹集资金八十万元，为村里新修一座漫水桥"
    out, stats = ground_report(_report(_metric(quote)), text)
    ev = _ev(out)
    assert ev.match == "fuzzy"
    target = text.index("工作队")
    assert abs(ev.start - target) <= 2 and ev.end > text.index("漫水桥")
    assert stats.fuzzy == 1 and stats.grounded_share == 0.0 and stats.found_share == 1.0


def test_short_quotes_are_never_fuzzy():
    out, _ = ground_report(_report(_metric("修桥3座")), "今年修路3条。")
    assert _ev(out).match == "none"


def test_missing_quote_is_flagged_not_dropped():
    text = "工作队修建道路。"
    report = _report(_metric("这句话原文里没有出现过"), _metric("工作队修建道路"))
    out, stats = ground_report(report, text)
    ev = _ev(out)
    assert (ev.match, ev.start, ev.end) == ("none", 0, 0)
    assert len(out.metrics) == 2
    assert stats.items_ungrounded == 1 and stats.none == 1
    assert ungrounded_items(out) == [("metrics", 0)]
    kept, dropped = drop_ungrounded(out)
    assert dropped == 1 and [m.evidence[0].quote for m in kept.metrics] == ["工作队修建道路"]


def test_backend_offsets_are_kept_or_shifted_from_the_chunk():
    text = "页眉\n工作队新建公厕2个。"
    start = text.index("新建")
    kept = _metric("新建公厕2个", 2, start=start, end=start + 6, match="exact")
    out, stats = ground_report(_report(kept), text)
    assert (_ev(out).start, _ev(out).match) == (start, "exact") and stats.exact == 1
    chunk_start = text.index("工作队")
    relative = _metric("新建公厕2个", 2, start=start - chunk_start, end=start - chunk_start + 6, match="exact")
    out, _ = ground_report(_report(relative), text, hint=(chunk_start, len(text)))
    assert _ev(out).start == start


def test_wrong_backend_offsets_are_searched_again():
    text = "工作队新建公厕2个。"
    stale = _metric("新建公厕2个", 2, start=0, end=6, match="exact")
    out, _ = ground_report(_report(stale), text)
    assert _ev(out).start == 3 and text[3:9] == "新建公厕2个"


def test_extraction_model_is_grounded_too():
    text = "工作队新建公厕2个。"
    extraction = Extraction(metrics=[_metric("新建公厕2个", 2)])
    out, stats = ground_report(extraction, text)
    assert isinstance(out, Extraction) and out.metrics[0].evidence[0].match == "exact"
    assert stats.items == 1


def test_input_report_is_not_modified():
    report = _report(_metric("新建公厕2个", 2))
    ground_report(report, "新建公厕2个")
    assert report.metrics[0].evidence[0].match is None


def test_stats_add_merge_and_shares():
    a = GroundingStats(quotes=4, exact=2, normalised=1, fuzzy=0, none=1, items=3, items_ungrounded=1)
    b = GroundingStats(quotes=1, exact=1, fuzzy=0, items=1)
    total = a + b
    assert total.quotes == 5 and total.exact == 3 and total.items == 4
    assert total.grounded_share == 0.8 and total.found_share == 0.8
    a.merge(b)
    assert a == total
    data = total.as_dict()
    assert data["items_ungrounded"] == 1 and data["quotes"] == 5
    assert GroundingStats().grounded_share == 1.0


def test_normalised_map_points_every_character_back():
    text = "駐村　工作隊\n２６０㎡"
    norm, index = normalise_with_map(text)
    assert norm == "驻村工作队260m2"
    assert [text[i] for i in index] == ["駐", "村", "工", "作", "隊", "２", "６", "０", "㎡", "㎡"]


def test_a_quote_read_past_a_mirror_pages_pinyin_glosses_is_found() -> None:
    # an invented mirror page: a gloss after many characters
    text = "發(fā)布時間:2019年\n雲嶺國(guó)投集團(tuán)選派到青石溝村的第一書記王志遠，投入100余萬(wàn)元。"
    report = Extraction.model_validate({"teams": [{
        "sent_by": "云岭国投集团", "villages": ["青石沟村"],
        "evidence": [{"quote": "云岭国投集团选派到青石沟村的第一书记王志远"}],
    }]})
    grounded, _ = ground_report(report, text)
    evidence = grounded.teams[0].evidence[0]
    assert evidence.match == "normalised"
    assert text[evidence.start : evidence.end] == "雲嶺國(guó)投集團(tuán)選派到青石溝村的第一書記王志遠"
