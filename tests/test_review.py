"""The review page's HTML: valid nesting whatever the evidence, escaping, gold marks, inputs.

The page is checked as parsed HTML (BeautifulSoup and the standard library parser), not by
string matching, so a template change that breaks structure fails here before a browser
sees it.
"""

from __future__ import annotations

import html
import json
import random
import re
from collections.abc import Sequence
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup, Tag
from typer.testing import CliRunner

from llmx.cli import app
from llmx.core.document import load_document
from llmx.core.meta import ChunkError, Figures, GroundingStats, InvalidItem, MergeConflict, RunMeta
from llmx.core.records import Evidence, MatchLevel, Measure, Metric, Report, Village
from llmx.eval.harness import load_predictions
from llmx.eval.scorer import score_document
from llmx.review import build_review, write_review
from llmx.review.formatting import fmt_money
from llmx.review.page import script_json
from llmx.review.segments import Span, render_text, segments
from llmx.review.views import build_doc, locate

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "evals" / "docs"
GOLD = ROOT / "evals" / "gold"


def ev(text: str, quote: str, match: MatchLevel | None = "exact") -> Evidence:
    start = text.index(quote)
    return Evidence(quote=quote, start=start, end=start + len(quote), match=match)


def write_case(tmp_path: Path, text: str, preds: Sequence[Report], golds: Sequence[Report] = ()) -> dict[str, Path]:
    """A docs dir with ``doc.txt``, a run file and (when given) a gold dir."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "doc.txt").write_text(text, encoding="utf-8")
    run = tmp_path / "run.jsonl"
    run.write_text("".join(r.model_dump_json() + "\n" for r in preds), encoding="utf-8")
    paths = {"docs": docs, "run": run, "out": tmp_path / "review.html"}
    if golds:
        gold = tmp_path / "gold"
        gold.mkdir()
        for report in golds:
            (gold / f"{report.doc_id}.json").write_text(report.model_dump_json(), encoding="utf-8")
        paths["gold"] = gold
    return paths


def page_soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def docs_soup(path: Path) -> BeautifulSoup:
    """The documents' HTML: the content of every ``<template>`` (CSS selectors skip templates)."""
    templates = page_soup(path).find_all("template")
    return BeautifulSoup("".join(t.decode_contents() for t in templates), "html.parser")


def one(soup: BeautifulSoup | Tag, selector: str) -> Tag:
    """The first element ``selector`` finds; fails naming the selector when there is none."""
    found = soup.select_one(selector)
    assert found is not None, f"nothing matches {selector!r}"
    return found


def page_data(path: Path) -> dict[str, Any]:
    block = page_soup(path).find("script", id="llmx-data")
    assert isinstance(block, Tag)
    return json.loads(block.string or "")


# --------------------------------------------------------------------------- segments


def test_segments_split_overlapping_nested_and_identical_spans() -> None:
    text = "0123456789"
    spans = [Span(1, 6, "a"), Span(3, 8, "b"), Span(3, 8, "c"), Span(4, 5, "d"), Span(8, 8, "empty"),
             Span(9, 50, "f")]
    got = [(s.start, s.end, s.rids) for s in segments(text, spans)]
    assert got == [
        (0, 1, ()),
        (1, 3, ("a",)),
        (3, 4, ("a", "b", "c")),
        (4, 5, ("d", "a", "b", "c")),  # innermost (shortest) first: it gives the colour
        (5, 6, ("a", "b", "c")),
        (6, 8, ("b", "c")),
        (8, 9, ()),
        (9, 10, ("f",)),  # clamped to the text
    ]


def test_one_record_quoting_the_same_place_twice_is_one_segment() -> None:
    got = [(s.start, s.end, s.rids) for s in segments("abcdef", [Span(1, 4, "r"), Span(1, 4, "r"), Span(2, 5, "r")])]
    assert got == [(0, 1, ()), (1, 5, ("r",)), (5, 6, ())]


class _MarkChecker(HTMLParser):
    """Collects, per character of the text, the record ids of the mark around it; fails on nesting."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.chars: list[tuple[str, frozenset[str]]] = []
        self._rids: frozenset[str] = frozenset()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        assert tag == "mark" and self.depth == 0, f"<{tag}> inside a mark or not a mark"
        self.depth += 1
        self._rids = frozenset((dict(attrs)["data-r"] or "").split())

    def handle_endtag(self, tag: str) -> None:
        assert tag == "mark" and self.depth == 1
        self.depth -= 1
        self._rids = frozenset()

    def handle_data(self, data: str) -> None:
        self.chars += [(ch, self._rids) for ch in data]


def test_rendered_text_never_nests_marks_and_keeps_every_character() -> None:
    rng = random.Random(7)
    text = "".join(rng.choice("驻村工作队<>&\"'帮扶\n 措施") for _ in range(400))
    spans = []
    for i in range(120):
        start = rng.randrange(0, 400)
        spans.append(Span(start, start + rng.randrange(0, 60), f"r{i % 90}"))
    checker = _MarkChecker()
    checker.feed(str(render_text(text, spans, {f"r{i}": "measure" for i in range(90)}, frozenset())))
    checker.close()
    assert checker.depth == 0
    assert "".join(ch for ch, _ in checker.chars) == text
    for pos, (_, rids) in enumerate(checker.chars):
        expected = {s.rid for s in spans if s.start <= pos < min(s.end, len(text))}
        assert rids == expected, pos


# --------------------------------------------------------------------------- escaping


def test_script_json_cannot_close_its_block() -> None:
    value = {"t": "</script><script>alert(1)</script><!-- & \u2028"}
    encoded = str(script_json(value))
    assert "<" not in encoded and ">" not in encoded and "&" not in encoded
    assert json.loads(encoded) == value


def test_document_containing_script_is_shown_as_text(tmp_path: Path) -> None:
    text = '村里<script>alert("x")</script>投入资金10万元修路。<img src=x onerror=alert(1)> 完。'
    title = "</script><script>alert(2)</script>"
    pred = Report(
        doc_id="doc",
        title=title,
        measures=[Measure(category="other", summary=title[:40], investment_yuan=100000,
                          evidence=[ev(text, '<script>alert("x")</script>投入资金10万元')])],
    )
    paths = write_case(tmp_path, text, [pred])
    write_review(paths["run"], paths["docs"], paths["out"])
    page = paths["out"].read_text(encoding="utf-8")
    assert len(re.findall(r"<script\b", page, flags=re.IGNORECASE)) == 2  # the data block and the page script
    assert "<img" not in page
    docs = docs_soup(paths["out"])
    doctext = docs.select_one(".doctext")
    assert doctext is not None and doctext.get_text() == text  # shown, character for character
    mark = doctext.find("mark")
    assert isinstance(mark, Tag) and mark.get_text() == '<script>alert("x")</script>投入资金10万元'
    assert page_data(paths["out"])["docs"][0]["records"]["measures-0"]["title"] == title[:40]
    assert one(docs, ".card-title").get_text() == title[:40]


# --------------------------------------------------------------------------- cards and gold

TEXT = "张家坝村共411户1384人。投入资金10万元修路3公里，惠及30户。村集体增收5万元。新建大棚20个。"


def gold_report() -> Report:
    return Report(
        doc_id="doc",
        title="标题",
        villages=[Village(name="张家坝村", households=411, population=1384,
                          evidence=[ev(TEXT, "张家坝村共411户1384人")])],
        measures=[
            Measure(category="infrastructure", summary="修路", investment_yuan=100000, households=30,
                    quantities=[{"value": 3, "unit": "公里", "item": "道路"}],
                    evidence=[ev(TEXT, "投入资金10万元修路3公里，惠及30户", None)]),
            Measure(category="industry", summary="新建大棚", quantities=[{"value": 20, "unit": "个"}],
                    evidence=[ev(TEXT, "新建大棚20个", None)]),
        ],
        metrics=[Metric(name="村集体增收", value=50000, unit="元", evidence=[ev(TEXT, "村集体增收5万元", None)])],
    )


def pred_report() -> Report:
    return Report(
        doc_id="doc",
        title="标题",
        villages=[Village(name="张家坝村", households=411, population=1380, exit_year=2018,
                          evidence=[ev(TEXT, "张家坝村共411户1384人")])],
        measures=[Measure(category="infrastructure", summary="修路", investment_yuan=200000,
                          quantities=[{"value": 3, "unit": "公里", "item": "道路"}],
                          evidence=[ev(TEXT, "投入资金10万元修路3公里")])],
        metrics=[
            Metric(name="村集体增收", value=50000, unit="元", evidence=[ev(TEXT, "村集体增收5万元")]),
            Metric(name="虚构", value=7, unit="户", evidence=[Evidence(quote="原文没有这句话", match="none")]),
        ],
    )


def test_gold_marks_every_field_with_both_values(tmp_path: Path) -> None:
    paths = write_case(tmp_path, TEXT, [pred_report()], [gold_report()])
    write_review(paths["run"], paths["docs"], paths["out"], gold_dir=paths["gold"])
    docs = docs_soup(paths["out"])

    village = docs.select_one("#card-villages-0")
    assert village is not None
    rows = {one(row, "dt").get_text(): row for row in village.select(".f")}
    assert "o-match" in rows["Households"]["class"]
    assert "o-mismatch" in rows["Population"]["class"]
    assert one(rows["Population"], ".v").get_text() == "1380 人"
    assert one(rows["Population"], ".gold").get_text() == "gold: 1384 人"
    assert "o-hallucination" in rows["Exit year"]["class"]

    measure = docs.select_one("#card-measures-0")
    assert measure is not None
    rows = {one(row, "dt").get_text(): row for row in measure.select(".f")}
    assert one(rows["Money"], ".v").get_text() == "20万元"
    assert one(rows["Money"], ".gold").get_text() == "gold: 10万元"
    assert "o-omission" in rows["Households"]["class"] and "gold: 30 户" in rows["Households"].get_text()
    assert measure.select_one(".qty li.o-match") is not None

    # the unmatched prediction is "not in gold" and, its quote missing, listed apart
    fake = docs.select_one("#card-metrics-1")
    assert fake is not None and {"not-found", "i-unmatched"} <= set(fake["class"])
    heading = fake.find_previous("h3")
    assert isinstance(heading, Tag) and heading.get_text(" ", strip=True).startswith("Evidence not found")
    assert docs.select("mark[data-r~='metrics-1']") == []

    # the gold measure the run missed is shown, its evidence drawn as missed gold
    missed = docs.select_one("#card-gold-measures-1")
    assert missed is not None and "missed" in missed["class"]
    assert [li.get_text(strip=True) for li in missed.select(".qty li")] == ["−20 个"]
    mark = docs.select_one("mark[data-r='gold-measures-1']")
    assert mark is not None and "gold-only" in mark["class"] and mark.get_text() == "新建大棚20个"

    # the score at the top is the scorer's
    total = score_document(gold_report(), pred_report(), TEXT).total
    assert total.f1 is not None
    assert one(docs, ".score .f1 b").get_text() == f"{total.f1 * 100:.1f}%"
    assert f"{total.mismatch} mismatch" in one(docs, ".score").get_text()


def flagged_report() -> Report:
    """``pred_report`` with run metadata flagging one of everything the run can flag."""
    report = pred_report()
    report.meta = RunMeta(
        chunk_errors=[ChunkError(chunk=2, stage="validate", message="the answer was not JSON")],
        invalid_items=[InvalidItem(chunk=1, path="measures[3]", field="category", reason="not a SPEC category")],
        merge_conflicts=[MergeConflict(record="villages[0]", field="population", kept=1380, other=1384, chunk=1)],
        figures=Figures(villages=[{"households": "stated", "population": "unstated"}],
                        measures=[{"investment_yuan": "unstated"}], nulled=2),
        grounding=GroundingStats(dropped_items=1),
    )
    return report


def test_what_the_run_flagged_in_meta_is_on_the_records_and_the_document(tmp_path: Path) -> None:
    paths = write_case(tmp_path, TEXT, [flagged_report()])
    write_review(paths["run"], paths["docs"], paths["out"])
    docs = docs_soup(paths["out"])

    village = one(docs, "#card-villages-0")
    assert "flagged" in one(village, ".card-head").get_text()
    assert [li.get_text(" ", strip=True) for li in village.select("ul.flags li")] == [
        "disputed value population: kept 1380; chunk 1 said 1384",
        "figure not in its quotes population: no quote of the record states it",
    ]
    measure = one(docs, "#card-measures-0")
    assert [li["class"] for li in measure.select("ul.flags li")] == [["fl-unstated"]]
    assert one(docs, "#card-metrics-0").select("ul.flags") == []  # nothing flagged about it

    # the document lists everything, the records' flags with the card they concern
    box = one(docs, ".flags-box")
    items = [li.get_text(" ", strip=True) for li in box.select("li")]
    assert len(items) == 7 and one(box, "summary").get_text(strip=True) == "The run flagged 7 things to check"
    assert items[0] == "chunk not used chunk 2 (validate): the answer was not JSON"
    assert items[1] == "left out of the answer chunk 1, measures[3]: category: not a SPEC category"
    assert items[2].startswith("disputed value village · 张家坝村 population")
    assert items[4].startswith("figure not in its quotes measure · 修路 investment_yuan")
    assert "1 record with no quote found in the text" in items[5]
    assert "2 figures no quote states" in items[6]

    # the index counts them, sorts by them, and the summary says there is something to check
    page = page_soup(paths["out"])
    row = one(page, "#index tbody tr")
    assert row["data-s-flags"] == "7" and one(row, "td[data-label='flags']").get_text() == "7"
    assert one(page, "th button[data-sort='flags']") is not None
    assert "The run flagged 7 things to check" in one(page, ".summary").get_text(" ", strip=True)


def test_a_run_with_nothing_flagged_or_unreadable_meta_shows_no_flags(tmp_path: Path) -> None:
    clean = pred_report()
    clean.meta = RunMeta(figures=Figures(villages=[{"households": "stated"}]))
    paths = write_case(tmp_path, TEXT, [clean])
    write_review(paths["run"], paths["docs"], paths["out"])
    assert docs_soup(paths["out"]).select("ul.flags, .flags-box") == []
    assert "flagged" not in one(page_soup(paths["out"]), ".summary").get_text()

    # a meta that is not llmx's keeps the document and says why its flags are missing
    line = json.loads(flagged_report().model_dump_json())
    line["meta"]["merge_conflicts"] = "two"
    paths["run"].write_text(json.dumps(line, ensure_ascii=False) + "\n", encoding="utf-8")
    views, warnings = build_review(paths["run"], paths["docs"])
    assert [v.doc_id for v in views] == ["doc"] and views[0].flags == [] and len(views[0].records) == 4
    assert any(w.endswith("meta.merge_conflicts: Input should be a valid list; the run's flags are not shown")
               for w in warnings)


def test_eval_still_ignores_meta(tmp_path: Path) -> None:
    paths = write_case(tmp_path, TEXT, [flagged_report()])
    assert load_predictions(paths["run"])["doc"].meta is None
    assert load_predictions(paths["run"], keep_meta=True)["doc"].meta == flagged_report().meta


def test_a_gold_document_missing_from_the_run_is_shown_all_missed(tmp_path: Path) -> None:
    other = Report(doc_id="other")
    paths = write_case(tmp_path, TEXT, [other], [gold_report()])
    (paths["docs"] / "other.txt").write_text("无关的文字。", encoding="utf-8")
    views, warnings = build_review(paths["run"], paths["docs"], paths["gold"])
    assert [v.doc_id for v in views] == ["doc", "other"]
    doc = views[0]
    assert not doc.has_prediction and doc.records == [] and len(doc.missed) == 4
    assert any("doc: in the gold but not in the run" in w for w in warnings)
    assert any("other: no gold" in w for w in warnings)


def test_gold_as_run_scores_perfect_on_the_samples(tmp_path: Path) -> None:
    """The five gold files reviewed as a run: every field matches and every quote is found."""
    run = tmp_path / "gold.jsonl"
    lines = [json.dumps(json.loads(p.read_text(encoding="utf-8")), ensure_ascii=False)
             for p in sorted(GOLD.glob("*.json"))]
    run.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "review.html"
    assert write_review(run, DOCS, out, gold_dir=GOLD) == 5
    soup = page_soup(out)
    assert len(soup.select("#index tbody tr")) == 5
    docs = docs_soup(out)
    for outcome in ("mismatch", "hallucination", "omission"):
        assert docs.select(f".f.o-{outcome}, li.o-{outcome}") == []
    assert docs.select(".card.not-found, .card.missed") == []
    assert {f1.get_text() for f1 in docs.select(".score .f1 b")} == {"100.0%"}
    # the traditional-script sample is marked so the browser uses traditional glyphs
    langs = {t["data-doc"] if t.has_attr("data-doc") else "": one(t, ".doctext")["lang"] for t in docs.select(".doc")}
    assert langs["000_dac891bde6e12045"] == "zh-Hant"
    assert langs["001_5b3b2617f72ec5f0"] == "zh-Hans"


def test_every_record_has_one_card_and_its_marks(tmp_path: Path) -> None:
    doc = build_doc(0, "doc", TEXT, pred_report(), None)
    assert [r.rid for r in doc.placed] == ["villages-0", "measures-0", "metrics-0"]  # reading order
    assert [r.rid for r in doc.unplaced] == ["metrics-1"]
    assert all(r.item_outcome is None and all(row.outcome is None for row in r.rows) for r in doc.records)
    marked = {m.get("data-r") for m in BeautifulSoup(str(doc.text_html), "html.parser").find_all("mark")}
    assert marked == {"villages-0", "measures-0", "metrics-0"}


def test_locate_trusts_offsets_only_when_they_still_spell_the_quote() -> None:
    text = "前文。村集体增收5万元。"
    right = text.index("村集体")
    assert locate(Evidence(quote="村集体增收5万元", start=right, end=right + 8, match="exact"), text) == (
        right, right + 8)
    # offsets from another version of the document: found again by the scorer's search
    assert locate(Evidence(quote="村集体增收5万元", start=0, end=8, match="exact"), text) == (right, right + 8)
    assert locate(Evidence(quote="村集體增收5萬元"), text) == (right, right + 8)  # traditional quote
    assert locate(Evidence(quote="村集体增收5万元", match="none"), text) is None
    assert locate(Evidence(quote="不在文中"), text) is None


@pytest.mark.parametrize(("yuan", "shown"), [(2600000, "260万元"), (1.2e8, "1.2亿元"), (8000, "8000元"),
                                             (3145000, "314.5万元"), (None, "—")])
def test_money_is_written_the_way_reports_write_it(yuan: float | None, shown: str) -> None:
    assert fmt_money(yuan) == shown


# --------------------------------------------------------------------------- inputs and CLI


def test_missing_or_unreadable_inputs_raise_what_the_cli_catches(tmp_path: Path) -> None:
    paths = write_case(tmp_path, TEXT, [pred_report()])
    with pytest.raises(FileNotFoundError, match="run file not found"):
        write_review(tmp_path / "nope.jsonl", paths["docs"], paths["out"])
    with pytest.raises(FileNotFoundError, match="documents directory not found"):
        write_review(paths["run"], tmp_path / "nodocs", paths["out"])
    with pytest.raises(FileNotFoundError, match="gold directory not found"):
        write_review(paths["run"], paths["docs"], paths["out"], gold_dir=tmp_path / "nogold")
    bad = tmp_path / "bad.jsonl"
    bad.write_text("not json\n", encoding="utf-8")
    with pytest.raises(ValueError, match="no valid Report line"):
        write_review(bad, paths["docs"], paths["out"])
    assert not paths["out"].exists()


def test_cli_review_writes_the_page(tmp_path: Path) -> None:
    paths = write_case(tmp_path, TEXT, [pred_report()], [gold_report()])
    out = tmp_path / "sub" / "review.html"
    result = CliRunner().invoke(app, ["review", str(paths["run"]), "--docs", str(paths["docs"]),
                                      "--gold", str(paths["gold"]), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "1 documents" in result.output
    assert out.read_text(encoding="utf-8").startswith("<!doctype html>")
    result = CliRunner().invoke(app, ["review", str(tmp_path / "missing.jsonl"), "--docs", str(paths["docs"]),
                                      "-o", str(out)])
    assert result.exit_code != 0 and "run file not found" in result.output


def test_page_is_self_contained(tmp_path: Path) -> None:
    """No external resource: everything the page needs is inline."""
    paths = write_case(tmp_path, TEXT, [pred_report()], [gold_report()])
    write_review(paths["run"], paths["docs"], paths["out"], gold_dir=paths["gold"])
    soup = page_soup(paths["out"])
    assert soup.find_all("link") == []
    assert all(not s.get("src") for s in soup.find_all("script"))
    assert all(not str(img.get("src", "")).startswith("http") for img in soup.find_all("img"))
    style = one(soup, "style").get_text()
    assert "@import" not in style and "url(" not in style
    assert html.unescape(one(soup, "title").get_text()) == "llmx review · run.jsonl"


def test_sample_documents_load_as_the_page_reads_them() -> None:
    """The review reads documents with the same loader as extraction (offsets agree)."""
    gold = Report.model_validate_json((GOLD / "001_5b3b2617f72ec5f0.json").read_text(encoding="utf-8"))
    text = load_document(DOCS / "001_5b3b2617f72ec5f0.txt").text
    doc = build_doc(0, gold.doc_id, text, gold, gold)
    for rec in doc.records:
        for e in rec.evidence:
            assert e.start is not None and e.end is not None
            assert text[e.start : e.end] == e.quote
