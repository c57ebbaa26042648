"""Metrics: every other stated number, named from its phrase.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from llmx.backends.rules.context import Context
from llmx.backends.rules.patterns import AREA_WIDE, DIMENSION, METRIC_SKIP_UNITS, SCOPE
from llmx.backends.rules.text import Doc, Sentence
from llmx.core.numbers import AmountMatch
from llmx.core.records import Evidence

# ----------------------------------------------------------------------------------------
# Metrics
# ----------------------------------------------------------------------------------------

_NAME_LEAD = re.compile(
    r"^(?:[,，、]|其中|共有|共|有|达到|达|累计|已|已经|为|是|约|近|超过|不到|仅|全县|全村|还有|现有|目前)+"
)
_NAME_TAIL = re.compile(r"(?:共有|共|有|达到|达|累计|已|为|是|约|近|超过|不到|在|了|还有|就)+$")
_TEAM_COUNT = re.compile(r"[二两三四五六七八九十]+支(?:扶贫|驻村|帮扶)*工作队")
_LEAD_MAX = 12
_TAIL_MAX = 10
_TAIL = re.compile(rf"[\u4e00-\u9fff]{{0,{_TAIL_MAX}}}")
_WORD_BREAK = "的了在和与及是为将把对有向"


@dataclass(slots=True)
class MetricFound:
    amount: AmountMatch
    name: str
    subject: str | None
    year: int | None
    evidence: Evidence


def _same_fact(quote: str, others: list[str]) -> bool:
    """Two quotes state the same figure when they share most of their words (SPEC: a
    repeated figure is labelled once); 127户 of a loan and 127户 still poor do not."""
    mine = {ch for ch in quote if "\u4e00" <= ch <= "\u9fff"}
    for other in others:
        theirs = {ch for ch in other if "\u4e00" <= ch <= "\u9fff"}
        if mine and theirs and len(mine & theirs) / min(len(mine), len(theirs)) >= 0.5:
            return True
    return False


def find_metrics(ctx: Context, known: dict[tuple[float, str], list[str]]) -> list[MetricFound]:
    """Every number with a unit not already used, except dates, ages, dimensions and
    counts of events; a figure already given (``known``: value/unit → quotes) is not
    repeated."""
    doc = ctx.doc
    seen_leads: set[tuple[float, str, str]] = set()
    found: list[MetricFound] = []
    units = {t.sent_by for t in ctx.teams if t.sent_by}
    previous: tuple[int, int] = (-1, -1)  # (clause start, end of the last amount in it)
    for a in doc.amounts:
        if ctx.is_consumed(a.start, a.end):
            continue
        sentence = doc.sentence_at(a.start)
        if sentence is None:
            continue
        clause_start, clause_end = doc.clause_at(a.start, sentence)
        previous_end = max(clause_start, previous[1]) if previous[0] == clause_start else clause_start
        for b in doc.amounts_in(previous_end, a.start):
            previous_end = max(previous_end, b.end)
        previous = (clause_start, a.end)
        if not _metric_ok(ctx, sentence, a, clause_start):
            continue
        start = _evidence_start(doc.folded, previous_end, a.start)
        lead = _metric_name(doc, start, a, clause_end)
        key = (a.amount.value, a.amount.unit)
        if (key[0], key[1], lead) in seen_leads:
            continue
        tail = _TAIL.match(doc.folded, a.end, clause_end)
        end = a.end + (len(tail.group()) if tail else 0)
        later = [b.start for b in doc.amounts_in(a.end, end + 4) if b.start > a.start]
        end = min([end, *later])
        evidence = doc.evidence(start, end)
        if evidence is None or (key in known and _same_fact(evidence.quote, known[key])):
            continue
        known.setdefault(key, []).append(evidence.quote)
        seen_leads.add((key[0], key[1], lead))
        found.append(
            MetricFound(
                amount=a,
                name=lead,
                subject=_metric_subject(ctx, sentence, a.start, units),
                year=ctx.year_of(sentence, clause_start, a.start),
                evidence=evidence,
            )
        )
        ctx.consumed.append((a.start, a.end))
    return found


def _evidence_start(folded: str, floor: int, pos: int) -> int:
    """Where a metric's quote starts: the clause start, or a word break at most 12 back."""
    if pos - floor <= _LEAD_MAX:
        return floor
    window_start = pos - _LEAD_MAX
    for i in range(window_start, min(pos, window_start + 6)):
        if folded[i] in _WORD_BREAK:
            return i + 1
    while window_start > floor and folded[window_start - 1].isdigit():
        window_start -= 1  # never start inside a number (2017年)
    return window_start


def _metric_ok(ctx: Context, sentence: Sentence, a: AmountMatch, clause_start: int) -> bool:
    folded = ctx.doc.folded
    if a.amount.value == 0 or a.amount.unit in METRIC_SKIP_UNITS:
        return False
    if a.chinese:
        return bool(_TEAM_COUNT.match(folded, a.start))
    before = folded[max(clause_start, a.start - 4) : a.start]
    after = folded[a.end : a.end + 2]
    if folded[max(0, a.start - 1) : a.start] == ":" or before.endswith(("第", "编号", "电话", "号")):
        return False  # a clock time (16:23), an ordinal or a phone number
    if DIMENSION.search(before):
        return False
    if a.raw_unit == "个" and after.startswith(("月", "小时", "工作日", "季度", "百分点", "星期")):
        return False
    clause = folded[clause_start : a.end + 4]
    if "每" in clause and re.search(r"\d+次|两次|一次", clause):
        return False
    if re.search(r"阅读|浏览|点击|电话|热线|邮编", clause):
        return False
    if SCOPE.match(folded, a.end - 1):
        start, end = ctx.doc.paragraphs[sentence.paragraph]
        inside = [m for m in ctx.mentions if start <= m[0] < end]
        villages = {name for _, name, _ in inside}
        towns = {town for _, _, town in inside if town}
        counted = towns if folded[a.end - 1 : a.end + 1] in ("个乡", "个镇") else villages
        if len(counted) == int(a.amount.value):
            return False  # '3个贫困村' counting the villages just named
    return True


def _metric_name(doc: Doc, start: int, a: AmountMatch, clause_end: int) -> str:
    lead = doc.folded[start : a.start]
    lead = _NAME_TAIL.sub("", _NAME_LEAD.sub("", lead)).strip(" ,、")
    lead = re.sub(r"(?:19|20)\d{2}年(?:底|末)?", "", lead)
    if len(lead) < 2:
        tail = re.match(r"的?([\u4e00-\u9fff]{2,12})", doc.folded[a.end : clause_end])
        lead = tail.group(1) if tail else ""
    name = re.sub(r"[\s,，;；:：]", "", lead)[-20:]
    return name or a.amount.unit


def _metric_subject(ctx: Context, sentence: Sentence, pos: int, units: set[str]) -> str | None:
    folded = ctx.doc.folded
    text = folded[sentence.start : pos]
    village_at = ctx.last_village_position(pos)
    county_at = -1
    if ctx.county:
        for cue in (ctx.county, ctx.county_alias, "全县", "县里"):
            if cue:
                county_at = max(county_at, text.rfind(cue))
    if county_at >= 0 and county_at + sentence.start > village_at:
        return ctx.county
    if village_at >= sentence.start and len(ctx.villages_in(sentence.start, pos)) == 1:
        return ctx.village_before(pos, sentence.start)
    simplified = text
    for unit in units:
        if unit in simplified:
            return unit
    if AREA_WIDE.search(text):
        return None
    return ctx.current_village(sentence, pos, paragraphs_back=2)
