"""Time grows with the input's length, not its square (issue 13, item 10).

A long report names villages, teams and figures in proportion to its length; lookups
that scanned the whole document (or sentence, or list of items) per name or figure made
1 MB take 3 s, 4 MB a minute and 50 MB never finish. The timing tests here compare a
hot stage at two sizes of invented pages (``bench/synthetic.py`` makes them): four
times the text may take about four times as long, not sixteen. The unit tests check
that each rewritten lookup gives what the plain scan it replaced gives.
"""

from __future__ import annotations

import asyncio
import gc
import importlib.util
import itertools
import random
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from llmx.backends.base import ChunkAnswer, ChunkRequest
from llmx.backends.rules import extract_rules
from llmx.config import ExtractConfig
from llmx.core.document import document_from_text
from llmx.core.merge import merge_extractions
from llmx.core.records import Evidence, Extraction, Village
from llmx.pipeline import Extractor

ROOT = Path(__file__).resolve().parent.parent


def _bench() -> Any:
    spec = importlib.util.spec_from_file_location("synthetic", ROOT / "bench" / "synthetic.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


bench = _bench()

#: Four times the input may take this many times as long (4 when linear; 16 when quadratic).
MAX_RATIO = 6.0


def _seconds(run: Callable[[], object], repeat: int = 2) -> float:
    """CPU seconds of the best run: unlike wall time, not stretched while a busy machine
    (a shared CI runner) gives the process no core, which made the ratio flaky there."""
    best = float("inf")
    for _ in range(repeat):
        gc.collect()
        started = time.process_time()
        run()
        best = min(best, time.process_time() - started)
    return best


def _assert_near_linear(run: Callable[[str], object], small: str, large: str) -> None:
    run(small)  # warm-up: gazetteer, OpenCC, compiled patterns
    t_small = _seconds(lambda: run(small), repeat=3)
    t_large = _seconds(lambda: run(large))
    growth = len(large) / len(small)
    assert t_large / t_small <= MAX_RATIO * growth / 4, (
        f"{len(small):,} chars: {t_small:.3f} s, {len(large):,} chars: {t_large:.3f} s"
    )


# ----------------------------------------------------------------------------------------
# Timing: the rules backend and the LLM path's own stages
# ----------------------------------------------------------------------------------------


def test_rules_time_grows_linearly_with_concatenated_pages() -> None:
    _assert_near_linear(extract_rules, bench.corpus(0.2), bench.corpus(0.8))


def test_rules_time_grows_linearly_with_one_sentence_and_no_line_breaks() -> None:
    # no sentence or clause punctuation and no line break: one giant sentence and paragraph
    small, large = (bench.corpus(mb, shape="no-punct").replace("\n", " ") for mb in (0.1, 0.4))
    _assert_near_linear(extract_rules, small, large)


def test_rules_time_grows_linearly_with_pages_written_as_one_line() -> None:
    # one paragraph: figures and counted lists were read from the paragraph's start
    _assert_near_linear(extract_rules, bench.corpus(0.1, shape="one-line"), bench.corpus(0.4, shape="one-line"))


class _Instant:
    """A backend that answers at once as a model might: quotes without offsets, one
    exact, one with a space put in (normalised), one the page does not hold, a village."""

    name = "instant"
    max_chunk_tokens = 1200
    cacheable = False
    local_cpu = True
    _figure = re.compile(r"[^，。]*?(\d+)(户|人)[^，。]*")
    _village = re.compile(r"[\u4e00-\u9fff]{2}村")

    def identity(self) -> dict[str, Any]:
        return {"backend": "instant"}

    async def aclose(self) -> None:
        return None

    async def extract_chunk(self, request: ChunkRequest) -> ChunkAnswer:
        text = request.chunk.text
        found = list(self._figure.finditer(text))[:3]
        metrics = [{"name": "户数", "value": int(m.group(1)), "unit": m.group(2), "evidence": [m.group(0)]}
                   for m in found]
        metrics.append({"name": "户数", "value": 7, "unit": "户", "evidence": ["全村共有七户人家住在山顶上"]})
        measures = [{"summary": "修路", "category": "infrastructure", "households": int(m.group(1)),
                     "evidence": [m.group(0)[:4] + " " + m.group(0)[4:]]} for m in found[:1]]
        village = self._village.search(text)
        villages = [{"name": village.group(), "evidence": [village.group()]}] if village else []
        data = {"metrics": metrics, "measures": measures, "villages": villages}
        return ChunkAnswer(Extraction.model_validate(data))


def test_llm_path_stages_grow_linearly() -> None:
    """Chunking, normalising, grounding, merging and figure checks with a backend that
    costs nothing: every chunk rebuilt the normalised whole document and searched it
    for each quote missing from the chunk (1 MB took 100 s)."""
    extractor = Extractor(ExtractConfig(cache=False), backend=_Instant())

    def run(text: str) -> object:
        return asyncio.run(extractor.aextract(document_from_text(text, "big")))

    _assert_near_linear(run, bench.corpus(0.25), bench.corpus(1.0))


def _measures(parts: int, per_part: int) -> list[Extraction]:
    """Parts whose measures quote overlapping spans of their own stretch of text."""
    out = []
    for p in range(parts):
        items = []
        for i in range(per_part):
            start = (p * per_part + i) * 20
            items.append({"summary": "修路", "category": "infrastructure", "investment_yuan": i,
                          "evidence": [{"quote": "x" * 30, "start": start, "end": start + 30, "match": "exact"}]})
        out.append(Extraction.model_validate({"measures": items}))
    return out


def test_merge_time_grows_linearly_with_items() -> None:
    """Every measure was compared with every kept one."""
    small, large = _measures(25, 40), _measures(100, 40)
    merge_extractions(small, "warm")
    t_small = _seconds(lambda: merge_extractions(small, "d"))
    t_large = _seconds(lambda: merge_extractions(large, "d"))
    assert t_large / t_small <= MAX_RATIO, (t_small, t_large)


def test_merging_one_village_named_in_many_chunks_is_linear() -> None:
    """The merged village was redumped for every chunk that named it."""

    def parts(n: int) -> list[Extraction]:
        return [Extraction.model_validate({"villages": [
            {"name": "青石村", "evidence": [{"quote": f"青石村{i}", "start": i * 10, "end": i * 10 + 4,
                                              "match": "exact"}]}]}) for i in range(n)]

    small, large = parts(400), parts(1600)
    merge_extractions(small, "warm")
    t_small = _seconds(lambda: merge_extractions(small, "d"))
    t_large = _seconds(lambda: merge_extractions(large, "d"))
    assert t_large / t_small <= MAX_RATIO, (t_small, t_large)
    assert len(merge_extractions(large, "d").villages[0].evidence) == 1600


# ----------------------------------------------------------------------------------------
# Rewritten lookups give what the plain scans they replaced give
# ----------------------------------------------------------------------------------------


def test_find_all_gives_every_occurrence_like_repeated_find() -> None:
    from llmx.core.occurrences import find_all

    rng = random.Random(3)
    for _ in range(200):
        text = "".join(rng.choice("青石村东组自然") for _ in range(rng.randint(0, 60)))
        needles = ["".join(rng.choice("青石村东组自然") for _ in range(rng.randint(1, 4))) for _ in range(6)]
        expected: dict[str, list[int]] = {}
        for needle in needles:
            expected[needle] = []
            pos = text.find(needle)
            while pos >= 0:
                expected[needle].append(pos)
                pos = text.find(needle, pos + 1)
        assert find_all(text, [*needles, ""]) == expected


def test_find_all_leaves_no_utf8_copy_on_the_text() -> None:
    import sys

    from llmx.core.occurrences import find_all

    text = "青石村的工作队" * 1000
    size = sys.getsizeof(text)
    find_all(text, ["青石村"])
    assert sys.getsizeof(text) == size


def test_mentions_lookups_match_a_scan_of_every_mention() -> None:
    from llmx.backends.rules.places import Mentions, VillageMention

    rng = random.Random(5)
    for _ in range(100):
        items = []
        for _ in range(rng.randint(0, 30)):
            start = rng.randint(0, 80)
            items.append(VillageMention(name=f"v{start}", start=start, end=start + rng.randint(1, 8)))
        ordered = sorted(items, key=lambda v: (v.start, -v.end))
        mentions = Mentions(items)
        assert list(mentions) == ordered and len(mentions) == len(items)
        for _ in range(20):
            lo = rng.randint(0, 90)
            hi = lo + rng.randint(0, 30)
            assert mentions.starting_in(lo, hi) == [v for v in ordered if lo <= v.start < hi]
            assert mentions.ending_at(hi) == next((v for v in ordered if v.end == hi), None)
            assert mentions.first_within(lo, hi) == next((v for v in ordered if lo <= v.start and v.end <= hi), None)
            assert mentions.last_within(lo, hi) == next(
                (v for v in reversed(ordered) if lo <= v.start and v.end <= hi), None
            )


def _merge_fields_reference(first: Any, second: Any) -> Any:
    """The pairwise merge before issue 13 (kept here as the reference)."""
    data = first.model_dump()
    for key, value in second.model_dump().items():
        if key == "evidence":
            seen = {(e["quote"], e["start"], e["end"]) for e in data["evidence"]}
            data["evidence"] += [e for e in value if (e["quote"], e["start"], e["end"]) not in seen]
        elif isinstance(value, list) and key != "quantities":
            data[key] = data[key] + [v for v in value if v not in data[key]]
        elif data.get(key) in (None, [], "") and value not in (None, [], ""):
            data[key] = value
    return type(first).model_validate(data)


def _merge_reference(parts: list[Extraction]) -> dict[str, list[Any]]:
    from llmx.core.merge import _same_measure, _same_metric, _team_key, name_key

    def by_key(items: list[Any], key: Callable[[Any], str]) -> list[Any]:
        merged: list[Any] = []
        index: dict[str, int] = {}
        for item in items:
            k = key(item)
            if k and k in index:
                merged[index[k]] = _merge_fields_reference(merged[index[k]], item)
            else:
                if k:
                    index[k] = len(merged)
                merged.append(item)
        return merged

    def overlapping(items: list[tuple[int, Any]], same: Callable[[Any, Any], bool]) -> list[Any]:
        merged: list[Any] = []
        seen: list[set[int]] = []
        for part, item in items:
            for i, kept in enumerate(merged):
                if part not in seen[i] and same(kept, item):
                    merged[i] = _merge_fields_reference(kept, item)
                    seen[i].add(part)
                    break
            else:
                merged.append(item)
                seen.append({part})
        return merged

    return {
        "teams": by_key([t for p in parts for t in p.teams], _team_key),
        "villages": by_key([v for p in parts for v in p.villages], lambda v: name_key(v.name)),
        "measures": overlapping([(i, m) for i, p in enumerate(parts) for m in p.measures], _same_measure),
        "metrics": overlapping([(i, m) for i, p in enumerate(parts) for m in p.metrics], _same_metric),
    }


def _random_parts(rng: random.Random) -> list[Extraction]:
    def ev() -> dict[str, Any]:
        start = rng.randint(0, 600)
        match = rng.choice(["exact", "exact", "fuzzy", "none", None])
        return {"quote": rng.choice("甲乙丙"), "start": start, "end": start + rng.randint(0, 300), "match": match}

    parts = []
    for _ in range(rng.randint(1, 5)):
        parts.append(Extraction.model_validate({
            "teams": [{"sent_by": rng.choice([None, "县纪委", "县 纪委", "市财政局"]),
                       "leader": rng.choice([None, "张三"]),
                       "villages": rng.sample(["甲村", "乙村", "丙村"], rng.randint(0, 3)),
                       "size": rng.choice([None, 3, 4]), "evidence": [ev() for _ in range(rng.randint(1, 3))]}
                      for _ in range(rng.randint(0, 3))],
            "villages": [{"name": rng.choice(["甲村", "乙村", "甲 村"]), "households": rng.choice([None, 120, 99]),
                          "evidence": [ev() for _ in range(rng.randint(1, 2))]} for _ in range(rng.randint(0, 3))],
            "measures": [{"summary": "修路", "category": rng.choice(["infrastructure", "industry"]),
                          "investment_yuan": rng.choice([None, 100.0]), "households": rng.choice([None, 5]),
                          "quantities": rng.choice([[], [{"value": 3.5, "unit": "公里"}]]),
                          "evidence": [ev() for _ in range(rng.randint(1, 2))]} for _ in range(rng.randint(0, 4))],
            "metrics": [{"name": "户数", "value": rng.choice([1, 2]), "unit": "户", "year": rng.choice([None, 2019]),
                         "evidence": [ev() for _ in range(rng.randint(1, 2))]} for _ in range(rng.randint(0, 4))],
        }))
    return parts


def test_merge_gives_what_pairwise_merging_and_all_pairs_comparison_gave() -> None:
    rng = random.Random(11)
    for _ in range(300):
        parts = _random_parts(rng)
        report = merge_extractions(parts, "d")
        expected = _merge_reference(parts)
        for kind, items in expected.items():
            assert [i.model_dump() for i in getattr(report, kind)] == [i.model_dump() for i in items], kind


def _normalise_reference(text: str) -> tuple[str, list[int]]:
    """The per-character loop before issue 13."""
    from llmx.core.grounding import _norm_char
    from llmx.core.script import to_simplified_aligned

    parts: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(to_simplified_aligned(text)):
        norm = _norm_char(ch)
        parts.append(norm)
        index.extend([i] * len(norm))
    return "".join(parts), index


def test_normalised_map_is_the_per_character_one() -> None:
    from llmx.core.grounding import normalise_with_map

    rng = random.Random(2)
    alphabet = "駐村 工作隊\n\t２６０㎡ABCabc，。“”—…青石" + "\u3000"
    for _ in range(200):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
        norm, index = normalise_with_map(text)
        assert (norm, list(index)) == _normalise_reference(text)
    assert normalise_with_map("青石村")[1].tolist() == [0, 1, 2]  # nothing dropped or expanded


def test_a_quote_missing_from_its_chunk_is_looked_for_near_it_not_across_a_long_document() -> None:
    from llmx.core.grounding import SEARCH_RADIUS, ground_report

    filler = "工作队走访农户。" * (SEARCH_RADIUS // 4)
    text = "青石村修路3公里。" + filler + "白沙村建桥1座。" + filler[:1000]
    chunk = (len(text) - 100, len(text))
    part = Extraction.model_validate({"metrics": [
        {"name": "x", "value": 1, "unit": "座", "evidence": ["白沙村建桥1座"]},
        {"name": "y", "value": 3, "unit": "公里", "evidence": ["青石村修路3公里"]},
    ]})
    grounded, _ = ground_report(part, text, hint=chunk)
    near, far = (m.evidence[0] for m in grounded.metrics)
    assert near.match == "exact" and text[near.start : near.end] == "白沙村建桥1座"
    assert far.match == "none"  # 101,000 characters away: not this chunk's quote
    whole, _ = ground_report(part, text)  # without a chunk, the whole document is searched
    assert all(m.evidence[0].match == "exact" for m in whole.metrics)


def _complete_reference(village: Village, text: str) -> Village:
    """Division completion before issue 13: every occurrence of the name, scanned."""
    from llmx.core import divisions
    from llmx.core.script import fold_aligned, to_simplified

    gz = divisions._gazetteer()
    folded = fold_aligned(text)
    name = to_simplified(village.name.strip())
    county, town = None, village.township
    for stem in [name] + ([name[:-1]] if name.endswith("村") and len(name) >= 3 else []):
        pos = folded.find(stem)
        while pos >= 0:
            found_county, found_town = divisions._split_prefix(divisions._prefix_before(folded, pos), gz)
            county = county if county is not None else found_county
            town = town if town is not None else found_town
            pos = folded.find(stem, pos + 1)
    return village.model_copy(update={"county": county.name if county else None, "township": town})


def test_division_completion_reads_the_same_prefixes_as_a_scan_of_every_occurrence() -> None:
    from llmx.core.divisions import complete_divisions

    text = ("工作队进驻阳高县东小村镇下深井村。泽州县柳树口镇中村村和东泉镇东戈山村修了路，"
            "下深井村有120户。东小村镇的中村村也来了人。东戈山村、上深井村、杨家沟村都脱贫了。")
    names = ["下深井村", "中村村", "东戈山村", "上深井村", "杨家沟村", "不存在村"]
    villages = [Village(name=n, evidence=[Evidence(quote=n)]) for n in names]
    villages.append(Village(name="中村村", township="东泉镇", evidence=[Evidence(quote="中村村")]))
    for got, village in zip(complete_divisions(villages, text), villages, strict=True):
        expected = _complete_reference(village, text)
        assert got.township == expected.township, village.name
        if expected.county is not None:
            assert got.county == expected.county, village.name


def test_window_chunks_cover_a_long_window_in_parts_cut_at_breaks() -> None:
    from llmx.core.chunking import window_chunks

    text = "标题\n\n" + "".join(f"第{i}段。工作队修路{i}公里。\n" + ("\n" if i % 7 == 0 else "") for i in range(3000))
    assert [(c.start, c.end) for c in window_chunks(text, 0, len(text))] == [(0, len(text))]
    chunks = window_chunks(text, 4, len(text) - 3, max_chars=5000)
    assert chunks[0].start == 4 and chunks[-1].end == len(text) - 3
    assert [c.index for c in chunks] == list(range(len(chunks)))
    for before, after in itertools.pairwise(chunks):
        assert before.end == after.start and text[before.end - 2 : before.end] == "\n\n"  # a blank line
    assert all(c.text == text[c.start : c.end] and len(c.text) <= 5000 for c in chunks)
    one_line = "工作队修路。" * 3000
    assert all(c.text.endswith("。") for c in window_chunks(one_line, 0, len(one_line), 5000)[:-1])
    unbroken = "路" * 12000
    assert [len(c.text) for c in window_chunks(unbroken, 0, 12000, 5000)] == [5000, 5000, 2000]


def test_a_long_file_reaches_the_rules_in_parts_and_an_ordinary_page_whole() -> None:
    from llmx.backends.rules import RulesBackend
    from llmx.core.chunking import WHOLE_DOCUMENT_MAX_CHARS

    extractor = Extractor(ExtractConfig(cache=False), backend=RulesBackend())
    page = bench.page(random.Random(1))
    assert len(extractor.chunks(document_from_text(page, "p"))) == 1
    long = bench.corpus(2.2 * WHOLE_DOCUMENT_MAX_CHARS * 3 / 1e6)  # about 3 bytes a character
    chunks = extractor.chunks(document_from_text(long, "l"))
    assert len(chunks) >= 3 and all(len(c.text) <= WHOLE_DOCUMENT_MAX_CHARS for c in chunks)
    result = extractor.extract(document_from_text(long, "l"))
    assert result.report.meta is not None and result.report.meta.chunks == len(chunks)
    for measure in result.report.measures[-5:]:  # offsets are the document's, whatever the part
        assert all(long[e.start : e.end] == e.quote for e in measure.evidence)
    extractor.close()


def test_a_sentence_without_punctuation_is_read_in_pieces_cut_at_clause_breaks() -> None:
    from llmx.backends.rules.text import MAX_SENTENCE_CHARS, Doc

    ordinary = "青石村位于山区，全村共有326户1187人。工作队修路4.2公里。"
    assert [(s.start, s.end) for s in Doc(ordinary).sentences] == [(0, 21), (22, 32)]
    clause = "工作队走访农户了解困难，"
    doc = Doc(clause * 400)
    pieces = [(s.start, s.end) for s in doc.sentences]
    assert all(e - s <= MAX_SENTENCE_CHARS for s, e in pieces) and len(pieces) > 4
    assert all(doc.folded[e] == "," for _, e in pieces[:-1])  # cut at a clause break
    assert {s.paragraph for s in doc.sentences} == {0}
    unbroken = Doc("路" * 2500)
    assert [(s.start, s.end) for s in unbroken.sentences] == [(0, 1000), (1000, 2000), (2000, 2500)]


def test_village_occurrences_are_every_place_a_name_or_its_stem_is_written() -> None:
    from llmx.backends.rules.context import Context
    from llmx.backends.rules.text import Doc

    doc = Doc("杨家沟村和杨家沟的路，东村村、东村。杨家沟村")
    ctx = Context(doc=doc, villages=["杨家沟村", "东村村", "东村"], teams=[], ref_year=None, county=None,
                  county_alias=None)
    expected = []
    for name in ctx.villages:
        for form in {name} | ({name[:-1]} if len(name) >= 4 else set()):
            expected += [(m.start(), name) for m in re.finditer(f"(?={re.escape(form)})", doc.folded)]
    assert ctx._occurrences == sorted(expected)
    assert ctx.villages_in(0, 10) == {"杨家沟村"} and ctx.villages_in(10, 17) == {"东村村", "东村"}


def test_section_year_is_the_last_heading_before_a_position() -> None:
    from llmx.backends.rules.context import Context
    from llmx.backends.rules.text import Doc

    doc = Doc("一、2018年工作回顾\n修路3公里。\n二、2019年工作打算\n建桥1座。")
    ctx = Context(doc=doc, villages=[], teams=[], ref_year=None, county=None, county_alias=None)
    assert [ctx.section_year(p) for p in (0, 1, 15, doc.folded.index("建桥"))] == [None, 2018, 2018, 2019]
