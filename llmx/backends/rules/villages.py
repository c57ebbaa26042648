"""Village baselines: households, population, poor counts, poverty rate, exit year
(PHRASING §4.2-§4.5).

Totals are read after something that points at a village (its name, 全村/该村/我村, a
clause opening with 共/现有), registered poor counts and rates wherever they stand, and
each figure goes to the village the passage is about (``Context.subject_village``): named
before or after it in the sentence or paragraph. Counts that are an action's
beneficiaries (慰问…35户贫困户, 吃上了自来水), group figures and later counts (降至,
脱贫) are not baselines; the first statement of a fact wins.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from llmx.backends.rules.context import Context
from llmx.backends.rules.tables import (
    ALL_POOR_EXITED,
    EXIT,
    EXIT_NOT,
    EXIT_PLAN,
    EXIT_TIME,
    GROUP_FIGURES,
    LIST_JOIN,
    NOT_BASELINE_AFTER,
    NOT_BASELINE_BEFORE,
    PEOPLE_AFTER_ALL,
    PEOPLE_ONLY,
    POOR,
    POPULATION,
    POVERTY_RATE,
    STRONG_NOT_BASELINE,
    TOTALS,
    TOTALS_ROUGH,
    VILLAGE_ANCHOR,
)
from llmx.backends.rules.text import MAX_SENTENCE_CHARS, Doc, Sentence
from llmx.core.records import Evidence

#: (and 'here' before its figures: '这里128户460多位村民')
_ANCHOR = re.compile(VILLAGE_ANCHOR + r"|这个(?=有)|这里(?=(?:共有|现有|有|共)?\d)")
_CLAUSE_OPEN = re.compile(
    r"(?:一共|共计|共有|共|现有|有|村民|农户|牧户|农牧民|牧民|住户|常住户|总人口|总户数)*\d+户"  # ('共有农户380户')
    # '…5个自然村组成,人口2950人', '人口3600多,'
    r"|(?:现有|共有)?(?:总人口|户籍人口|人口)(?:共|为|有|达)?\d+(?:(?:多|余)?(?:人|口)|(?:多|余)(?=[,;。]))"
    # '辖9个村民小组412户1739人', '共有18个自然村、1126户、4380人' (§4.2)
    r"|(?:下辖|辖|共辖)[\d一二三四五六七八九十]+个"
    r"|(?:共有|有|包括)[\d一二三四五六七八九十]+个(?:村民小组|自然村|小组|组|社|屯)"
    # the groups, then the totals, opening a clause: '11个村民小组318户1066人'
    r"|[\d一二三四五六七八九十]+个(?:村民小组|村民组|自然村|小组|组|社|屯)(?=(?:共有|共计|共|计|有)?近?\d+(?:余|多)?户)"
)
#: The same, only where a clause starts (a one-character test fails at most places at once).
_CLAUSE_OPEN_AT = re.compile(r"(?<=[,;:。 \t])(?:" + _CLAUSE_OPEN.pattern + ")")
_CLAUSE_CUT = re.compile(r"[,;:。]")
#: The places written before a village's name: '云岭县石门镇'.
_PLACE_CHAIN = re.compile(r"(?:[\u4e00-\u9fff]{1,8}?(?:省|市|州|盟|县|区|旗|镇|乡|街道))*")
_TOTALS_BEFORE_NAME = re.compile(r"(?P<households>\d+)\s*户[,、]?\s*(?P<population>\d+)\s*(?:多|余)?(?:人|口)的$")
_ANCHOR_END = re.compile(VILLAGE_ANCHOR + "$")
_DIGIT = re.compile(r"\d")
#: The registered poor named without 贫困: '精准扶贫人口18户…', '扶贫对象…', '…建档立卡户全部脱贫'.
_POOR_NAMED_OTHERWISE = re.compile(r"扶贫人口|扶贫对象|建档立卡|扶贫户")
_EXIT_HINT = re.compile(r"出列|摘帽|帽子|退出|整村脱贫|第三方评估|整体|全村脱贫|贫困帽|村成功|村顺利|村如期|村正式")


@dataclass(slots=True)
class VillageStats:
    values: dict[str, Any] = field(default_factory=dict)
    evidence: list[Evidence] = field(default_factory=list)


@dataclass(slots=True)
class _Hit:
    start: int
    end: int
    values: dict[str, Any]
    spans: list[tuple[int, int]]
    village: str | None = None  # the village a list names for it ('两村分别有…'), else found by place


def village_stats(ctx: Context) -> dict[str, VillageStats]:
    """Baseline facts per village name; the first statement of a fact wins."""
    doc = ctx.doc
    folded = doc.folded
    hits: list[_Hit] = []
    for start, end in doc.paragraphs:
        if _DIGIT.search(folded, start, end):
            if folded.find("分别", start, end) >= 0:
                hits.extend(_respective(ctx, start, end))
            names = ctx.occurrences_in(start, end)
            hits.extend(_totals(ctx, start, end, names))
            hits.extend(_poor_and_rate(ctx, start, end, names))
        hits.extend(_exits(ctx, start, end))
    stats: dict[str, VillageStats] = {}
    for hit in sorted(hits, key=lambda h: (h.start, -h.end)):
        sentence = doc.sentence_at(hit.start)
        if sentence is None or any(ctx.is_consumed(s, e) for s, e in hit.spans):
            continue
        if hit.village is None and (
            _split_among(doc, sentence, hit.start)
            or ctx.several_villages_in(doc.clause_at(hit.start, sentence)[0], hit.start)
        ):
            # 'A村、B村分别有…' not read as a list, 'A、B、C等村将有193户…': a figure of several
            # villages goes to none of them alone
            continue
        village = hit.village or ctx.subject_village(sentence, hit.start, hit.end)
        if village is None:
            continue
        entry = stats.setdefault(village, VillageStats())
        fresh = {k: v for k, v in hit.values.items() if k not in entry.values}
        if not fresh:
            continue
        entry.values.update(fresh)
        named_at = [p for p, _ in ctx.occurrences_in(sentence.start, hit.start + 1)]
        begin = max(named_at, default=hit.start)
        evidence = doc.evidence(begin if 0 <= hit.start - begin <= 8 else hit.start, hit.end)
        if evidence is not None and all(e.quote != evidence.quote for e in entry.evidence):
            entry.evidence.append(evidence)
        for span in hit.spans:
            ctx.consumed.append(span)
    return stats


_RESPECTIVE_LABEL = re.compile(
    r"(?:其中)?(?:[两二三四五六七八九十\d]+个?(?:贫困|行政)?村|各村|全村)?的?"
    r"(?P<what>建档立卡贫困户|建档立卡贫困人口|建档立卡|贫困户|贫困人口|贫困发生率|贫困面|总户数|总人口|户籍人口|人口|户数|共)?"
)
_RESPECTIVE_VERB = re.compile(r"分别(?:有|为|是|达到|达|共有|共|由|从)?")  # (由/从: a baseline, then its change)
_RESPECTIVE_LABEL_AFTER = re.compile(
    r"(?P<what>建档立卡贫困户|建档立卡贫困人口|贫困户|贫困人口|总户数|总人口|户籍人口|人口|户数|农户|村民)"
    r"(?:共|为|有|达)?"
)
_GROUP_GAP = frozenset({"", "、", ","})
_POOR_WORDS = re.compile(r"贫困户|贫困人口|建档立卡")
_RESPECTIVE_FIELDS = {
    ("total", "户"): "households", ("total", "人"): "population",
    ("poor", "户"): "poor_households", ("poor", "人"): "poor_population",
    ("rate", "%"): "poverty_rate_pct",
}


def _respective(ctx: Context, start: int, end: int) -> list[_Hit]:
    """Baselines of several villages in one list (§8.3, §8.5): '两村分别有386户1521人和214户893人,
    其中建档立卡贫困户分别为131户502人和79户316人,贫困发生率分别为33.0%和35.4%'. The i-th
    group of figures is the i-th village of the list of names just before (in this or the
    paragraphs before); a list whose length differs from the groups' is not read."""
    doc = ctx.doc
    folded = doc.folded
    hits: list[_Hit] = []
    for verb in _RESPECTIVE_VERB.finditer(folded, start, end):
        sentence = doc.sentence_at(verb.start())
        if sentence is None:
            continue
        clause_start, _ = doc.clause_at(verb.start(), sentence)
        names = ctx.village_list(clause_start, verb.start())
        label_start = names[-1][1] if names else clause_start
        label = _RESPECTIVE_LABEL.fullmatch(folded, label_start, verb.start())
        if label is None:
            continue
        what = label.group("what") or ""
        figures_at = verb.end()
        if not what and (after := _RESPECTIVE_LABEL_AFTER.match(folded, verb.end(), sentence.end)) is not None:
            # 'A村、B村分别有贫困户57户、39户': the label after 分别, then the figures
            what, figures_at = after.group("what"), after.end()
        kind = "rate" if what in ("贫困发生率", "贫困面") else "poor" if _POOR_WORDS.search(what) else "total"
        groups = _figure_groups(doc, figures_at, sentence.end)
        if len(groups) < 2:
            continue
        if not names:
            # the list named before, in this or the two paragraphs before (and no further
            # back than two sentences' length)
            first = max(doc.paragraphs[max(0, sentence.paragraph - 2)][0], clause_start - 2 * MAX_SENTENCE_CHARS)
            names = ctx.village_list(first, clause_start, anywhere=True)
        if len(names) != len(groups):
            continue
        quote_end = groups[-1][-1].end
        for (name, _), group in zip(names, groups, strict=True):
            values: dict[str, Any] = {}
            spans = []
            for a in group:
                key = _RESPECTIVE_FIELDS.get((kind, a.amount.unit))
                if key is None or key in values:
                    continue
                values[key] = a.amount.value if key == "poverty_rate_pct" else int(a.amount.value)
                spans.append((a.start, a.end))
            if values:
                hits.append(_Hit(clause_start, quote_end, values, spans, village=name))
    return hits


def _split_among(doc: Doc, sentence: Sentence, pos: int) -> bool:
    """Whether the figure at ``pos`` follows 分别 in its clause: it is one of several."""
    clause_start, _ = doc.clause_at(pos, sentence)
    return doc.folded.find("分别", clause_start, pos) >= 0


def _figure_groups(doc: Any, pos: int, end: int) -> list[list[Any]]:
    """'386户1521人和214户893人' → [[386户, 1521人], [214户, 893人]]: figures of 户, 人 or %
    joined by list words; a new group starts where a unit comes again."""
    folded = doc.folded
    groups: list[list[Any]] = []
    last_end = pos
    for a in doc.amounts_in(pos, end):
        gap = folded[last_end : a.start]
        if a.amount.unit not in ("户", "人", "%") or (gap not in LIST_JOIN and gap not in _GROUP_GAP):
            break
        if groups and gap in _GROUP_GAP and all(b.amount.unit != a.amount.unit for b in groups[-1]):
            groups[-1].append(a)
        elif groups or gap == "":
            groups.append([a])
        else:
            break
        last_end = a.end
    return groups


def _baseline_ok(
    folded: str, floor: int, start: int, end: int, ceiling: int, names: Sequence[tuple[int, str]] = ()
) -> bool:
    """Not an action's beneficiaries, not a group's figures, not a later count. ``names``
    are the villages written around: a verb's character inside a name ('把河村') is no verb."""
    # the last clause break before the figure, looked for backwards and no further than a
    # sentence's length (a pass from the paragraph's start per figure was quadratic on a
    # page written as one line)
    floor = max(floor, start - MAX_SENTENCE_CHARS)
    cut = max(max(folded.rfind(ch, floor, start) for ch in ",;:。") + 1, floor)
    before = folded[cut:start]
    for pos, name in names:
        if cut <= pos < start:
            stop = min(start, pos + len(name))
            before = before[: pos - cut] + "X" * (stop - pos) + before[stop - cut :]
    # '把全村327户逐户走了一遍': 全村 right before the count decides (§8.3); only an action that
    # has beneficiaries (慰问, 搬迁 ...) overrides it.
    verbs = STRONG_NOT_BASELINE if _ANCHOR_END.search(before) else NOT_BASELINE_BEFORE
    if verbs.search(before) or GROUP_FIGURES.search(folded, max(floor, start - 6), start):
        return False
    return not NOT_BASELINE_AFTER.match(folded[end : min(ceiling, end + 12)])


def _count(raw: str) -> int:
    """'1,530' -> 1530; '1.2万' -> 12000."""
    if raw.endswith("万"):
        return round(float(raw[:-1]) * 10000)
    return int(raw.replace(",", ""))


def _hit(m: re.Match[str], keys: tuple[str, ...]) -> _Hit | None:
    values: dict[str, Any] = {}
    spans = []
    for key in keys:
        raw = m.groupdict().get(key)
        if raw is None:
            continue
        rate = key in {"poverty_rate_pct", "share"}
        values["poverty_rate_pct" if rate else key] = float(raw) if rate else _count(raw)
        spans.append((m.start(key), m.end(key) + 1))
    if not values:
        return None
    return _Hit(m.start(), m.end(), values, spans)


def _totals(ctx: Context, start: int, end: int, names: Sequence[tuple[int, str]]) -> list[_Hit]:
    """Households and people, read after an anchor or a clause's start; ``names`` are the
    paragraph's village names."""
    folded = ctx.doc.folded
    anchors = [m.end() for m in _ANCHOR.finditer(folded, start, end)]
    hits: list[_Hit] = []
    for pos, name in names:
        of = folded.rfind("的", max(start, pos - 14), pos)
        if of >= 0 and _PLACE_CHAIN.fullmatch(folded, of + 1, pos) and (
            m := _TOTALS_BEFORE_NAME.search(folded, max(start, of - 24), of + 1)
        ):
            # '走进86户3120人的(石门镇)青石村': the totals, then 的 and the village they describe
            hit = _hit(m, ("households", "population"))
            if hit is not None:
                hit.village = name
                hits.append(hit)
        stop = pos + (len(name) if folded.startswith(name, pos) else len(name) - 1)
        if folded.startswith("委会", stop):
            stop += 2  # 青石村委会有5000多人
        if folded.startswith("(", stop):
            stop += 1  # '青石村(329户1207人)和柳湾村(…)': each village's totals in brackets
        anchors.append(stop)
    # a clause opening with the totals: '…,共401户1688人', '386户1297人,其中…'
    if _CLAUSE_OPEN.match(folded, start, end):
        anchors.append(start)
    anchors.extend(m.start() for m in _CLAUSE_OPEN_AT.finditer(folded, start, end))
    for at in sorted(set(anchors)):
        if not _DIGIT.search(folded, at, min(end, at + 16)):
            continue
        for pattern in (TOTALS, TOTALS_ROUGH, POPULATION, PEOPLE_ONLY, PEOPLE_AFTER_ALL):
            m = pattern.match(folded, at, end)
            if m and _baseline_ok(folded, start, m.start(), m.end(), end, names):
                hit = _hit(m, ("households", "population"))
                if hit is not None:
                    hits.append(hit)
                    break
    return hits


def _poor_and_rate(ctx: Context, start: int, end: int, names: Sequence[tuple[int, str]]) -> list[_Hit]:
    folded = ctx.doc.folded
    hits: list[_Hit] = []
    if folded.find("贫困", start, end) < 0 and not _POOR_NAMED_OTHERWISE.search(folded, start, end):
        return hits
    for pattern in POOR:
        for m in pattern.finditer(folded, start, end):
            if _baseline_ok(folded, start, m.start(), m.end(), end, names):
                hit = _hit(m, ("poor_households", "poor_population"))
                if hit is not None:
                    hits.append(hit)
    for pattern in ALL_POOR_EXITED:
        for m in pattern.finditer(folded, start, end):
            # all of them out of poverty: the count is the whole registered set (no action's part)
            if _baseline_ok(folded, start, m.start(), m.start(), m.start(), names):
                hit = _hit(m, ("poor_households", "poor_population"))
                if hit is not None:
                    hits.append(hit)
    for m in POVERTY_RATE.finditer(folded, start, end):
        hit = _hit(m, ("poverty_rate_pct", "share"))
        if hit is not None:
            hits.append(hit)
    return hits


def _exits(ctx: Context, start: int, end: int) -> list[_Hit]:
    doc = ctx.doc
    folded = doc.folded
    hits: list[_Hit] = []
    if not _EXIT_HINT.search(folded, start, end):
        return hits
    for m in EXIT.finditer(folded, start, end):
        sentence = doc.sentence_at(m.start())
        if sentence is None:
            continue
        year, time_start = _exit_year(ctx, sentence, m.start())
        if year is None:
            continue
        cuts = [c.end() for c in _CLAUSE_CUT.finditer(folded, sentence.start, m.start())]
        clause_start = max(cuts, default=sentence.start)
        if EXIT_NOT.search(folded, min(time_start, clause_start), m.end()):
            continue
        previous_clause = cuts[-2] if len(cuts) >= 2 else sentence.start
        if EXIT_PLAN.search(folded, previous_clause, m.start()):
            continue  # '计划今年再脱贫6户15人,明年整村摘帽': a target
        together = _TOGETHER.search(folded, clause_start, time_start)  # (it may be empty: always found)
        names = ctx.village_list(clause_start, together.start()) if together is not None else []
        if len(names) < 2 and time_start < clause_start:
            # '2019年,青石村、柳湾村均实现整村脱贫出列': the time opens the sentence, the list
            # stands right before the exit
            done = _TOGETHER_DONE.search(folded, clause_start, m.start())
            names = ctx.village_list(clause_start, done.start()) if done is not None else []
        if len(names) >= 2:
            # '青石村和柳湾村均于2019年脱贫出列': every village of the list (the span is
            # consumed once, by the first)
            for k, (name, _) in enumerate(names):
                spans = [(m.start(), m.end())] if k == 0 else []
                hits.append(_Hit(time_start, m.end(), {"exit_year": year}, spans, village=name))
            continue
        hits.append(_Hit(time_start, m.end(), {"exit_year": year}, [(m.start(), m.end())]))
    return hits


#: Between a list of villages and the time of what they did together: '均', '都', '同时于'.
_TOGETHER = re.compile(r"(?:均|都|也都|同时|一同|一起|先后)?(?:于|在)?$")
#: Between a list of villages and their exit, with the time before the list: '均实现', '双双'.
_TOGETHER_DONE = re.compile(r"(?:均|都|也都|同时|一同|一起|先后|双双)?(?:已经?|顺利|成功|如期)?(?:实现了?|完成了?)?$")


def _exit_year(ctx: Context, sentence: Sentence, pos: int) -> tuple[int | None, int]:
    """The year of the time phrase nearest before ``pos`` in its sentence (2018年底, 去年底,
    11月 in a year's summary)."""
    found = list(EXIT_TIME.finditer(ctx.doc.folded, sentence.start, pos))
    if not found:
        return None, pos
    m = found[-1]
    ref = ctx.summary_year or ctx.doc.ref_year_at(m.start())
    if m.group("year"):
        return int(m.group("year")), m.start()
    if m.group("rel") in ("当年", "同年"):
        return ctx.stated_year_before(m.start()), m.start()
    if m.group("rel"):
        offset = {"今年": 0, "当年": 0, "去年": -1, "前年": -2}.get(m.group("rel"))
        return (ref + offset if ref is not None and offset is not None else None), m.start()
    return ref, m.start()
