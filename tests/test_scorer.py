"""The scorer on small hand-made gold/prediction pairs whose scores are worked out by hand.

Notation in the comments: M match, X mismatch, H hallucination, O omission;
tp = M, fp = X + H, fn = X + O, F1 = 2tp / (2tp + fp + fn).
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console

from llmx.core.records import Evidence, Measure, Metric, Quantity, Report, Team, Village
from llmx.counters import Counters
from llmx.eval.grounding_rates import GroundingRates, grounding_rates, number_in_text
from llmx.eval.harness import load_predictions, run_eval
from llmx.eval.report import compare_to_baseline
from llmx.eval.scorer import (
    MATCH_THRESHOLD,
    Counts,
    ItemStats,
    compare_quantities,
    evidence_positions,
    iou,
    score_document,
    score_run,
    team_similarity,
)

ROOT = Path(__file__).resolve().parent.parent
BASELINES = sorted((ROOT / "evals" / "baselines").glob("*.json"))

S0 = "晋城市市场监督管理局驻中村村工作队。"
S1 = "中村村共有100户300人。"
S2 = "投入资金10万元修路3公里。"
S3 = "村集体增收5万元。"
S4 = "新建大棚20个，惠及30户。"
TEXT = S0 + S1 + S2 + S3 + S4


def ev(quote: str, text: str = TEXT) -> Evidence:
    """Evidence with offsets, as gold has them."""
    start = text.index(quote)
    return Evidence(quote=quote, start=start, end=start + len(quote))


def bare(quote: str) -> Evidence:
    """Evidence as an LLM returns it: quote only, offsets 0, never grounded."""
    return Evidence(quote=quote)


def measure(quote: str, **fields: Any) -> Measure:
    fields.setdefault("category", "other")
    fields.setdefault("summary", "措施")
    return Measure(evidence=[ev(quote)], **fields)


def metric(quote: str, **fields: Any) -> Metric:
    fields.setdefault("name", "指标")
    return Metric(evidence=[ev(quote)], **fields)


def outcomes(score: Any, record_type: str) -> dict[str, int]:
    counts = score.types[record_type]
    return {"M": counts.match, "X": counts.mismatch, "H": counts.hallucination, "O": counts.omission}


# --------------------------------------------------------------------------- one whole document


def test_hand_worked_document() -> None:
    gold = Report(
        doc_id="d",
        title="中村村脱贫记",
        outlet="山西新闻网",
        published="2020-01-02",
        authors=["张三", "李四"],
        teams=[Team(sent_by="晋城市市场监督管理局", villages=["中村村"], size=3, since=2015, evidence=[ev(S0)])],
        villages=[Village(name="中村村", county="泽州县", households=100, population=300, evidence=[ev(S1)])],
        measures=[
            measure(S2, village="中村村", category="infrastructure", investment_yuan=100000, year=2019,
                    quantities=[Quantity(value=3, unit="公里")]),
            measure(S4, village="中村村", category="industry", households=30,
                    quantities=[Quantity(value=20, unit="个")]),
        ],
        metrics=[metric(S3, subject="中村村", value=50000, unit="元")],
    )
    pred = Report(
        doc_id="d",
        title="中村村脫貧記",  # traditional script: equal after t2s -> M
        outlet=None,  # O
        published="2020-01-02",  # M
        authors=["李四", "張三"],  # a set, in traditional script: one atom, M
        teams=[
            Team(
                sent_by="晉城市市場監督管理局",  # M (similarity 1.0 after t2s)
                villages=["中村村"],  # M
                leader="王五",  # H (gold null)
                size=3,  # M
                since=2016,  # X
                evidence=[ev(S0)],
            )
        ],
        villages=[
            Village(
                name="中村村",
                county="澤州縣",  # M after t2s
                township="柳树口镇",  # H
                households=100,  # M; population missing -> O
                evidence=[ev(S1)],
            )
        ],
        measures=[
            # pairs with gold measure 1 (same span, IoU 1): village M, category M, status M (both default
            # done), investment 100400 vs 100000 is 0.4 % off -> M, quantity 3 公里 M, year missing -> O
            measure(S2, village="中村村", category="infrastructure", investment_yuan=100400,
                    quantities=[Quantity(value=3, unit="公里")]),
            # no overlap with any gold measure and no numbers: unmatched -> village H, category H, status H
            measure(S0, village="中村村", category="governance"),
        ],
        metrics=[
            # same span: subject M, value M, unit M, approx true vs default false -> H, year H
            metric(S3, subject="中村村", value=50000, unit="元", approx=True, year=2020),
        ],
    )
    score = score_document(gold, pred, TEXT)

    assert outcomes(score, "report") == {"M": 3, "X": 0, "H": 0, "O": 1}
    assert outcomes(score, "teams") == {"M": 3, "X": 1, "H": 1, "O": 0}
    assert outcomes(score, "villages") == {"M": 2, "X": 0, "H": 1, "O": 1}
    # gold measure 2 is unmatched: village, category, status, households, one quantity -> 5 O
    # measures: M 5, O 1 + 5 = 6, H 3
    assert outcomes(score, "measures") == {"M": 5, "X": 0, "H": 3, "O": 6}
    assert outcomes(score, "metrics") == {"M": 3, "X": 0, "H": 2, "O": 0}

    # total: M = 3+3+2+5+3 = 16, X = 1, H = 1+1+3+2 = 7, O = 1+1+6 = 8
    # tp 16, fp 8, fn 9: P = 16/24, R = 16/25, F1 = 32/49
    total = score.total
    assert (total.tp, total.fp, total.fn) == (16, 8, 9)
    assert total.precision == pytest.approx(16 / 24)
    assert total.recall == pytest.approx(16 / 25)
    assert total.f1 == pytest.approx(32 / 49)
    # measures alone: tp 5, fp 3, fn 6 -> F1 = 10/19
    assert score.types["measures"].f1 == pytest.approx(10 / 19)
    assert score.fields["teams.since"].mismatch == 1
    assert score.fields["measures.year"].omission == 1
    assert score.items["measures"].gold == 2 and score.items["measures"].matched == 1

    # the review page gets both values of every compared atom
    since = next(
        f for p in score.item_pairs if p.record_type == "teams" for f in p.fields if f.field == "since"
    )
    assert (since.outcome, since.gold, since.pred) == ("mismatch", 2015, 2016)
    unmatched = [p for p in score.item_pairs if p.record_type == "measures" and not p.matched]
    assert sorted((p.gold_index, p.pred_index) for p in unmatched if p.gold_index is not None) == [(1, None)]
    assert sorted((p.gold_index, p.pred_index) for p in unmatched if p.pred_index is not None) == [(None, 1)]
    json.dumps(score.to_dict())  # everything is JSON-ready


# --------------------------------------------------------------------------- matching


def test_swapped_values_pair_by_evidence_and_mismatch() -> None:
    gold = Report(doc_id="d", metrics=[
        metric("100户", subject="中村村", value=100, unit="户"),
        metric("300人", subject="中村村", value=300, unit="人"),
    ])
    pred = Report(doc_id="d", metrics=[
        metric("100户", subject="中村村", value=300, unit="户"),
        metric("300人", subject="中村村", value=100, unit="人"),
    ])
    score = score_document(gold, pred, TEXT)
    # same-span pairs: IoU 1 + 0 = 1.0 each, total 2.0; crossed pairs: IoU 0 + 0.5 = 0.5 each, total 1.0.
    # So the spans win: per pair subject M, value X, unit M.  M 4, X 2: P = R = F1 = 4/6
    assert outcomes(score, "metrics") == {"M": 4, "X": 2, "H": 0, "O": 0}
    assert score.total.f1 == pytest.approx(4 / 6)


def test_order_of_items_does_not_matter() -> None:
    items = [
        metric("100户", subject="中村村", value=100, unit="户"),
        metric("300人", subject="中村村", value=300, unit="人"),
        metric("村集体增收5万元", subject="中村村", value=50000, unit="元"),
    ]
    score = score_document(Report(doc_id="d", metrics=items), Report(doc_id="d", metrics=items[::-1]), TEXT)
    # 3 metrics x (subject, value, unit) = 9 M
    assert outcomes(score, "metrics") == {"M": 9, "X": 0, "H": 0, "O": 0}


def test_threshold_evidence_overlap_and_value_agreement() -> None:
    gold = Report(doc_id="d", metrics=[metric("村集体增收5万元", value=50000, unit="元")])

    def pred_with(quote: str, value: float) -> Report:
        return Report(doc_id="d", metrics=[Metric(name="x", value=value, unit="元", evidence=[bare(quote)])])

    # "5万元。新建大棚20个" shares "5万元" (3 chars) with the 8-char gold quote, 11 chars long:
    # IoU = 3 / (8 + 11 - 3) = 3/16 = 0.1875 < 0.3 and values differ -> unmatched: gold value+unit O, pred H
    low = score_document(gold, pred_with("5万元。新建大棚20个", 20), TEXT)
    assert outcomes(low, "metrics") == {"M": 0, "X": 0, "H": 2, "O": 2}
    # same span with the right value: 0.1875 + 0.5 = 0.6875 -> matched, value M, unit M
    agreed = score_document(gold, pred_with("5万元。新建大棚20个", 50000), TEXT)
    assert outcomes(agreed, "metrics") == {"M": 2, "X": 0, "H": 0, "O": 0}
    # "集体增收5万元。" overlaps 7 of 8 + 8 - 7 = 9 chars: IoU 7/9 > 0.3 alone -> matched, value X
    overlap = score_document(gold, pred_with("集体增收5万元。", 40000), TEXT)
    assert outcomes(overlap, "metrics") == {"M": 1, "X": 1, "H": 0, "O": 0}
    assert 3 / 16 < MATCH_THRESHOLD < 7 / 9


def test_value_agreement_alone_pairs_an_ungrounded_quote() -> None:
    # a quote that is not in the text has no span (IoU 0); the agreeing value gives 0.5 >= 0.3
    gold = Report(doc_id="d", metrics=[metric("村集体增收5万元", value=50000, unit="元")])
    pred = Report(doc_id="d", metrics=[Metric(name="x", value=50000, unit="元", evidence=[bare("集体收入五万")])])
    assert outcomes(score_document(gold, pred, TEXT), "metrics") == {"M": 2, "X": 0, "H": 0, "O": 0}


def test_measures_without_money_pair_on_shared_numbers() -> None:
    gold = Report(doc_id="d", measures=[measure(S4, households=30, quantities=[Quantity(value=20, unit="个")])])
    # pred quotes a different sentence (IoU 0) but states the same two numbers: agreement |{20,30}| / |{20,30}| = 1
    pred = Report(doc_id="d", measures=[
        Measure(category="other", summary="x", households=30, quantities=[Quantity(value=20, unit="个")],
                evidence=[ev(S1)])
    ])
    # category M, status M, households M, quantity M
    assert outcomes(score_document(gold, pred, TEXT), "measures") == {"M": 4, "X": 0, "H": 0, "O": 0}


def test_team_matching_keys() -> None:
    base = {"evidence": [ev(S0)]}
    # 晋城市市场监督管理局 (10 chars) vs 晋城市市场监管局 (8): Indel similarity 2*8/18 = 0.889 >= 0.8
    assert team_similarity(Team(sent_by="晋城市市场监督管理局", **base), Team(sent_by="晋城市市场监管局", **base)) > 0.8
    assert team_similarity(Team(sent_by="晋城市市场监督管理局", **base), Team(sent_by="县纪委", **base)) == 0
    # a side without sent_by falls back to the leader ...
    assert team_similarity(Team(sent_by="县纪委", leader="张江山", **base), Team(leader="张江山", **base)) == 1.0
    assert team_similarity(Team(leader="张江山", **base), Team(leader="李向伟", **base)) == 0
    # ... and without leaders to a shared village: 0.5 + 0.5 * |{付庄村}| / |{付庄村, 牟庄村}| = 0.75
    assert team_similarity(
        Team(villages=["付庄村"], **base), Team(villages=["付庄村", "牟庄村"], **base)
    ) == pytest.approx(0.75)
    assert team_similarity(Team(villages=["付庄村"], **base), Team(villages=["牟庄村"], **base)) == 0


def test_unmatched_teams_and_villages() -> None:
    gold = Report(doc_id="d", teams=[Team(sent_by="县纪委", size=3, evidence=[ev(S0)])],
                  villages=[Village(name="中村村", households=100, evidence=[ev(S1)])])
    pred = Report(doc_id="d", teams=[Team(sent_by="县城管局", villages=["中村村"], evidence=[ev(S0)])],
                  villages=[Village(name="张家坝村", households=100, evidence=[ev(S1)])])
    score = score_document(gold, pred, TEXT)
    # teams: 县纪委 vs 县城管局 similarity 2*2/7 = 0.57 < 0.8 -> unmatched: gold sent_by, size O; pred sent_by,
    # villages H
    assert outcomes(score, "teams") == {"M": 0, "X": 0, "H": 2, "O": 2}
    # villages pair by name only: gold households O, pred households H (same number, different village)
    assert outcomes(score, "villages") == {"M": 0, "X": 0, "H": 1, "O": 1}


# --------------------------------------------------------------------------- atoms


def test_ranges_and_numeric_tolerance() -> None:
    quote = "村集体增收5万元"
    gold = Report(doc_id="d", metrics=[metric(quote, value=12000, value_max=13000, unit="元")])

    def score_with(**fields: Any) -> dict[str, int]:
        pred = Report(doc_id="d", metrics=[metric(quote, unit="元", **fields)])
        return outcomes(score_document(gold, pred, TEXT), "metrics")

    # value M, value_max M, unit M
    assert score_with(value=12000, value_max=13000) == {"M": 3, "X": 0, "H": 0, "O": 0}
    # a single number for a range: value_max O
    assert score_with(value=12000) == {"M": 2, "X": 0, "H": 0, "O": 1}
    # 12050 is 0.42 % above 12000 (limit 60) -> M; 13100 is 0.77 % above 13000 (limit 65) -> X
    assert score_with(value=12050, value_max=13100) == {"M": 2, "X": 1, "H": 0, "O": 0}
    # 12061 is just outside the 0.5 % band -> X
    assert score_with(value=12061, value_max=13000) == {"M": 2, "X": 1, "H": 0, "O": 0}


def test_counts_and_years_are_exact_money_is_tolerant() -> None:
    gold = Report(doc_id="d", measures=[measure(S2, investment_yuan=100000, households=1000, year=2019)])
    pred = Report(doc_id="d", measures=[measure(S2, investment_yuan=100500, households=1001, year=2019)])
    score = score_document(gold, pred, TEXT)
    # investment 0.5 % off -> M (boundary included); households 1001 vs 1000 -> X; year M
    assert score.fields["measures.investment_yuan"].match == 1
    assert score.fields["measures.households"].mismatch == 1
    assert score.fields["measures.year"].match == 1


def test_string_normalisation_script_width_and_whitespace() -> None:
    gold = Report(doc_id="d", metrics=[metric("村集体增收5万元", subject="中村村", value=50000, unit="元")],
                  title="扎根一线 倾情帮扶")
    pred = Report(doc_id="d", metrics=[metric("村集体增收5万元", subject="中 村村", value=50000, unit="元")],
                  title="紮根一線倾情幫扶")
    score = score_document(gold, pred, TEXT)
    # subject: whitespace removed -> M; title: traditional and without the space -> M
    assert score.fields["metrics.subject"].match == 1
    assert score.fields["report.title"].match == 1
    # full-width letters fold under NFKC
    gold_team = Report(doc_id="d", teams=[Team(sent_by="ABC公司", evidence=[ev(S0)])])
    pred_team = Report(doc_id="d", teams=[Team(sent_by="ＡＢＣ公司", evidence=[ev(S0)])])
    assert score_document(gold_team, pred_team, TEXT).fields["teams.sent_by"].match == 1


def test_lists_are_one_atom_compared_as_sets() -> None:
    gold = Report(doc_id="d", authors=["张三", "李四"])
    same = score_document(gold, Report(doc_id="d", authors=["李四", "张三", "张三"]), TEXT)
    assert same.fields["report.authors"].match == 1
    # one name missing: the set differs -> one X (fp 1, fn 1)
    partial = score_document(gold, Report(doc_id="d", authors=["张三"]), TEXT)
    assert (partial.total.tp, partial.total.fp, partial.total.fn) == (0, 1, 1)
    # an empty list is null: O
    empty = score_document(gold, Report(doc_id="d"), TEXT)
    assert empty.fields["report.authors"].omission == 1


def test_quantities_pair_by_unit() -> None:
    gold = [Quantity(value=3, unit="公里"), Quantity(value=780, unit="平方米")]
    pred = [Quantity(value=700, unit="平方米"), Quantity(value=5, unit="个"), Quantity(value=3, unit="公里")]
    result = [o.outcome for o in compare_quantities(gold, pred)]
    # 3 公里 M; 780 vs 700 平方米 same unit -> X; 5 个 has no gold -> H.  tp 1, fp 2, fn 1
    assert sorted(result) == ["hallucination", "match", "mismatch"]
    # a range only matches a range
    ranged = compare_quantities([Quantity(value=1.2, value_max=1.3, unit="亩")], [Quantity(value=1.2, unit="亩")])
    assert [o.outcome for o in ranged] == ["mismatch"]


def test_approx_is_an_atom_only_when_true() -> None:
    quote = "村集体增收5万元"
    gold = Report(doc_id="d", metrics=[metric(quote, value=50000, unit="元", approx=True)])
    pred = Report(doc_id="d", metrics=[metric(quote, value=50000, unit="元")])
    # gold approx true, pred default false -> O; both false would be no atom at all
    assert score_document(gold, pred, TEXT).fields["metrics.approx"].omission == 1
    assert "metrics.approx" not in score_document(pred, pred, TEXT).fields


def test_unit_aliases_compare_equal() -> None:
    quote = "300人"
    gold = Report(doc_id="d", metrics=[metric(quote, value=300, unit="人")])
    # Metric validation rejects '名', so build the prediction without validation, as a lax backend might
    pred_metric = Metric.model_construct(name="x", subject=None, value=300, value_max=None, approx=False, unit="名",
                                         year=None, evidence=[ev(quote)])
    pred = Report.model_construct(doc_id="d", title=None, outlet=None, published=None, authors=[], teams=[],
                                  villages=[], measures=[], metrics=[pred_metric], meta=None)
    assert outcomes(score_document(gold, pred, TEXT), "metrics") == {"M": 2, "X": 0, "H": 0, "O": 0}


# --------------------------------------------------------------------------- evidence spans


def test_unlocated_quotes_are_found_in_the_text() -> None:
    trad_text = "晉城市市場監督管理局駐中村村工作隊。村集體增收8.4萬元。"
    # exact find: the quote starts after the 18-char first sentence and is 10 chars long
    assert evidence_positions([bare("村集體增收8.4萬元")], trad_text) == frozenset(range(18, 28))
    # a simplified quote of a traditional text is found through t2s (same length)
    assert evidence_positions([bare("村集体增收8.4万元")], trad_text) == frozenset(range(18, 28))
    # grounding said "none": no span, even though the quote is there
    assert evidence_positions([Evidence(quote="村集體", match="none")], trad_text) == frozenset()
    assert iou(frozenset(range(0, 4)), frozenset(range(2, 6))) == pytest.approx(2 / 6)


# --------------------------------------------------------------------------- run level


def test_run_micro_average_and_missing_prediction() -> None:
    gold_a = Report(doc_id="a", title="甲")
    gold_b = Report(doc_id="b", title="乙", outlet="河北新闻网")
    run = score_run({"a": gold_a, "b": gold_b}, {"a": Report(doc_id="a", title="甲")}, {"a": "甲", "b": "乙"})
    # a: title M.  b has no prediction -> empty Report: title O, outlet O.
    # micro: tp 1, fn 2, fp 0 -> P = 1, R = 1/3, F1 = 2/4
    assert (run.total.tp, run.total.fp, run.total.fn) == (1, 0, 2)
    assert run.total.f1 == pytest.approx(0.5)
    assert run.docs["b"].total.precision == 0.0  # no predicted atom: precision 0, not undefined
    assert Counts().f1 is None  # nothing to score at all


def test_counts_add_up_through_the_counters_base() -> None:
    a, b = Counts(match=2, omission=1), Counts(mismatch=1, hallucination=3)
    assert isinstance(a, Counters) and a + b == Counts(2, 1, 3, 1)
    assert (a + b).as_dict() == {"match": 2, "mismatch": 1, "hallucination": 3, "omission": 1,
                                 "tp": 2, "fp": 4, "fn": 2, "precision": 2 / 6, "recall": 2 / 4, "f1": 4 / 10}
    stats = ItemStats(gold=2, pred=1, matched=1, iou_sum=0.5, iou_n=1) + ItemStats(gold=1, iou_sum=1.0, iou_n=1)
    assert stats.as_dict() == {"gold": 3, "pred": 1, "matched": 1, "mean_evidence_iou": 0.75,
                               "mean_text_similarity": None}
    rates = GroundingRates(quotes=2, quotes_exact=1, quotes_missing=["a"])
    rates.merge(GroundingRates(quotes=1, quotes_normalised=1, quotes_missing=["b"]))
    assert (rates.quotes, rates.quotes_found, rates.quote_rate, rates.quotes_missing) == (3, 2, 2 / 3, ["a", "b"])
    assert "quotes_missing" in rates.as_dict() and "quotes_missing" not in rates.as_dict(details=False)


def _key_shape(score: dict[str, Any]) -> dict[str, set[tuple[str, ...]]]:
    """The ordered keys of every section of an eval result (one tuple per distinct shape)."""
    docs = list(score["docs"].values())
    pairs = [pair for doc in docs for pair in doc["item_pairs"]]

    def shapes(entries: Any) -> set[tuple[str, ...]]:
        return {tuple(entry) for entry in entries}

    return {
        "run": {tuple(k for k in score if k not in ("warnings", "baseline"))},
        "counts": shapes([score["total"], *score["types"].values(), *score["fields"].values()]),
        "types": {tuple(score["types"])},
        "items": {tuple(score["items"])},
        "item": shapes(score["items"].values()),
        "grounding": {tuple(score["grounding"])},
        "settings": {tuple(score["settings"])},
        "doc": shapes(docs),
        "doc_counts": shapes([c for d in docs for c in (d["total"], *d["types"].values(), *d["fields"].values())]),
        "doc_item": shapes([i for d in docs for i in d["items"].values()]),
        "doc_grounding": shapes(d["grounding"] for d in docs),
        "item_pair": shapes(pairs),
        "field_outcome": shapes(f for pair in pairs for f in pair["fields"]),
    }


@pytest.mark.parametrize("baseline", BASELINES, ids=lambda p: p.stem)
def test_json_result_keeps_the_keys_of_the_committed_baselines(baseline: Path) -> None:
    """``llmx eval --json`` files are compared with saved ones: their keys must not drift."""
    gold = Report(doc_id="d", title="标题", villages=[Village(name="中村村", households=100, evidence=[ev(S1)])],
                  measures=[measure(S2, investment_yuan=100000, quantities=[Quantity(value=3, unit="公里")])],
                  metrics=[metric(S3, value=50000, unit="元")])
    pred = Report(doc_id="d", title="标题", villages=[Village(name="中村村", households=101, evidence=[ev(S1)])],
                  measures=[measure(S2, investment_yuan=100000, summary="修路")],
                  metrics=[metric(S3, value=50000, unit="元"), metric(S4, value=20, unit="个")])
    current = score_run({"d": gold}, {"d": pred}, {"d": TEXT}).to_dict()
    saved = json.loads(baseline.read_text(encoding="utf-8"))
    assert _key_shape(current) == _key_shape(saved)


def test_baseline_comparison_gates_on_headline_f1() -> None:
    baseline = {"total": {"f1": 0.80}, "types": {"teams": {"f1": 0.5}}, "fields": {"teams.size": {"f1": 0.5}}}
    within = {"total": {"f1": 0.785}, "types": {"teams": {"f1": 0.2}}, "fields": {}}
    rows, ok = compare_to_baseline(within, baseline, tolerance=0.02)
    # 0.80 - 0.785 = 0.015 <= 0.02 -> ok, although teams fell by 0.3
    assert ok
    assert rows[0].delta == pytest.approx(-0.015)
    assert {(r.scope, r.key) for r in rows} == {("overall", "total"), ("type", "teams"), ("field", "teams.size")}
    _, ok = compare_to_baseline({"total": {"f1": 0.77}}, baseline, tolerance=0.02)
    assert not ok  # 0.03 drop


# --------------------------------------------------------------------------- grounding rates


def test_grounding_rates() -> None:
    text = "全县还有13个贫困乡20.67 万贫困人口。投入資金１３萬元。"
    pred = Report(doc_id="d", metrics=[
        Metric(name="贫困人口", value=206700, unit="人", year=2017, evidence=[bare("20.67 万贫困人口")]),
        Metric(name="资金", value=130000, unit="元", evidence=[bare("投入资金１３万元")]),
        Metric(name="编造", value=99, unit="个", evidence=[bare("全县共有99个村")]),
    ])
    rates = grounding_rates(pred, text)
    # quotes: 1 exact, 1 found after t2s, 1 missing -> 2/3
    assert (rates.quotes_exact, rates.quotes_normalised, rates.quotes) == (1, 1, 3)
    # numbers: 206700 as 20.67(万) yes, 130000 as full-width １３(万) yes, 99 is in its (invented) quote -> 3/3;
    # the year 2017 is counted apart and is not in its quote -> 0/1
    assert (rates.numbers_found, rates.numbers) == (3, 3)
    assert (rates.years_found, rates.years) == (0, 1)
    assert not number_in_text(3, "一队三人")  # Chinese numerals are not read (documented limit)


# --------------------------------------------------------------------------- harness


def _write_case(tmp_path: Path) -> tuple[Path, Path]:
    gold_dir, docs_dir = tmp_path / "gold", tmp_path / "docs"
    gold_dir.mkdir()
    docs_dir.mkdir()
    for doc_id in ("a", "b"):
        (docs_dir / f"{doc_id}.txt").write_text(TEXT, encoding="utf-8")
        gold = Report(doc_id=doc_id, title="标题", metrics=[metric(S3, value=50000, unit="元")])
        (gold_dir / f"{doc_id}.json").write_text(gold.model_dump_json(), encoding="utf-8")
    return gold_dir, docs_dir


def test_load_predictions_skips_bad_lines(tmp_path: Path) -> None:
    good = Report(doc_id="a", title="标题").model_dump(mode="json")
    good["meta"] = {"anything": ["goes", 1]}
    path = tmp_path / "pred.jsonl"
    path.write_text(
        json.dumps(good, ensure_ascii=False) + "\n\n{not json\n" + json.dumps({"doc_id": "b", "teams": [{}]}) + "\n",
        encoding="utf-8",
    )
    problems: list[str] = []
    preds = load_predictions(path, problems)
    assert list(preds) == ["a"] and preds["a"].meta is None
    assert len(problems) == 2 and ":3:" in problems[0] and ":4:" in problems[1]


def test_run_eval_exit_codes(tmp_path: Path) -> None:
    gold_dir, docs_dir = _write_case(tmp_path)
    buffer = io.StringIO()
    quiet = Console(file=buffer, width=200)
    perfect = {d: Report.model_validate_json((gold_dir / f"{d}.json").read_text()) for d in ("a", "b")}
    out = tmp_path / "result.json"

    assert run_eval(gold_dir, docs_dir, predictions=perfect, json_out=out, console=quiet) == 0
    saved = json.loads(out.read_text(encoding="utf-8"))
    assert saved["total"]["f1"] == 1.0 and set(saved["docs"]) == {"a", "b"}

    # only doc a predicted: b is scored empty and warned about, not fatal; F1 halves -> regression vs saved
    pred_path = tmp_path / "pred.jsonl"
    pred_path.write_text(perfect["a"].model_dump_json() + "\n", encoding="utf-8")
    assert run_eval(gold_dir, docs_dir, pred_path=pred_path, baseline=out, console=quiet) == 1
    assert "b: no prediction, scored as an empty Report" in buffer.getvalue()
    assert run_eval(gold_dir, docs_dir, pred_path=pred_path, baseline=out, tolerance=0.6, console=quiet) == 0

    assert run_eval(tmp_path / "nope", docs_dir, predictions=perfect, console=quiet) == 2
    assert run_eval(gold_dir, tmp_path / "nope", predictions=perfect, console=quiet) == 2
    assert run_eval(gold_dir, docs_dir, console=quiet) == 2  # no predictions given
    (docs_dir / "b.txt").unlink()
    assert run_eval(gold_dir, docs_dir, predictions=perfect, console=quiet) == 2  # gold without its document
