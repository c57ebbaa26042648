"""Metrics: every other stated number, named and placed from its own phrase (PHRASING §6).

A metric is a number with a unit that no team, village or measure took: aggregates
(355支工作队, 1032名队员), outcomes (村集体增收8.4万元), per-household figures, shares. Its
name is the noun phrase that says what is counted: the noun right after a counter
(``42个贫困村``, ``3户五保户``), else the words before the number from a word boundary
(``村集体经济收入达到``), never a bare unit, a counter or a fragment. Its subject is the
village, township, county or unit named for it. Dates, ages, phone numbers, page counters,
ordinals (第一名) and rules (每月至少两次) are not metrics.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass

from llmx.backends.rules.context import Context
from llmx.backends.rules.patterns import HAN, LIST_NUMBER, PROVINCE_BY_SHORT_NAME, H
from llmx.backends.rules.tables import (
    APPROX_LEAD,
    COUNTED_NOUN,
    CUMULATIVE,
    DIMENSION,
    DIMENSION_AFTER,
    GENERIC_NAMES,
    METRIC_NAME_LEAD,
    METRIC_NAME_TAIL,
    METRIC_NOT,
    METRIC_SKIP_UNITS,
    OUTCOME,
    POINT_IN_TIME,
    POVERTY_LINE,
    RANGE_JOIN,
    RANK_AFTER,
    RESPECTIVELY,
    SCOPE,
    SPAN_OF_TIME,
    TEAM_COUNT,
    UNIT_NAMES,
)
from llmx.backends.rules.text import CLAUSE_BREAK, MAX_SENTENCE_CHARS, Sentence
from llmx.core.divisions import county_path, is_known_city
from llmx.core.numbers import Amount, AmountMatch, chinese_number
from llmx.core.records import Evidence
from llmx.core.units import MEASURE_WORDS

_NAME_MAX = 16
_TAIL = re.compile(rf"[{H}]{{0,10}}")
_BOUNDARY = re.compile(r"[,;:。、()“”\"]|的|在|和|与|及|将|把|对|向|从|让|使|据|其中")
_PER_YEAR = re.compile(r"每年|年均|每月|月均|每季度")
_YEAR_WORDS = re.compile(r"(?:19|20)\d{2}年(?:底|末|初)?|今年|去年|前年|当年|目前|截至|截止|以来|年底|年初")


@dataclass(slots=True)
class MetricFound:
    amount: AmountMatch
    name: str
    subject: str | None
    year: int | None
    evidence: Evidence


_NUMBER = re.compile(r"[\d.]+")
_STATING_MAX = 64  # the latest quotes of one value: a long report repeats small figures


def _stating(quotes: list[str], folded: str, a: AmountMatch) -> list[str]:
    """The quotes that write this figure's number: a record's other quotes ('146户、583人'
    next to the village's '贫困户61户') say nothing about it."""
    number = _NUMBER.match(folded, a.start, a.end)
    if number is None:
        return quotes
    written = number.group()
    return [q for q in quotes[-_STATING_MAX:] if written in q or written in unicodedata.normalize("NFKC", q)]


def _same_fact(quote: str, others: list[str]) -> bool:
    """Two quotes state the same figure when they share most of their words (SPEC: a
    repeated figure is labelled once); 127户 of a loan and 127户 still poor do not."""
    mine = {ch for ch in quote if "\u4e00" <= ch <= "\u9fff"}
    for other in others:
        theirs = {ch for ch in other if "\u4e00" <= ch <= "\u9fff"}
        if mine and theirs and len(mine & theirs) / min(len(mine), len(theirs)) >= 0.5:
            return True
    return False


#: The unit's name a metric's name may end with ('脱贫户数'), taken off before another is added.
_UNIT_NAME_END = re.compile("(?:" + "|".join(sorted(set(UNIT_NAMES.values()), key=len, reverse=True)) + ")$")


def find_metrics(ctx: Context, known: dict[tuple[float, str], list[str]]) -> list[MetricFound]:
    """Every number with a unit not already used; a figure already given (``known``:
    value/unit → quotes) is not repeated."""
    doc = ctx.doc
    folded = doc.folded
    found: list[MetricFound] = []
    units = sorted({t.sent_by for t in ctx.teams if t.sent_by}, key=len, reverse=True)
    amounts = [a for a in doc.amounts if a.start >= ctx.body_start]
    skip: set[int] = set()
    last: tuple[int, str, int] | None = None  # (clause start, name, end) of the previous metric
    for index, a in enumerate(amounts):
        if index in skip or ctx.is_consumed(a.start, a.end):
            continue
        sentence = doc.sentence_at(a.start)
        if sentence is None:
            continue
        clause_start, clause_end = doc.clause_at(a.start, sentence)
        if not _metric_ok(ctx, sentence, a, clause_start):
            continue
        amount, end_at = a.amount, a.end
        nxt = amounts[index + 1] if index + 1 < len(amounts) else None
        if nxt is not None and nxt.amount.unit == amount.unit and RANGE_JOIN.fullmatch(folded, a.end, nxt.start):
            # '1800元至2400元', '从500元到200元' (§7.4): one range.
            low, high = sorted((amount.value, nxt.amount.value))
            amount = Amount(low, high, amount.approx or nxt.amount.approx, amount.unit)
            end_at = nxt.end
            skip.add(index + 1)
        lead_start = _lead_start(folded, clause_start, a.start, doc.amounts_in(clause_start, a.start))
        name = _name(folded, lead_start, a, clause_end, last if last and last[0] == clause_start else None)
        tail = _TAIL.match(folded, end_at, clause_end)
        end = end_at + (len(tail.group()) if tail else 0)
        later = [b.start for b in doc.amounts_in(end_at, end + 4) if b.start >= end_at]
        end = min([end, *later])
        evidence = doc.evidence(lead_start, end)
        key = (amount.value, amount.unit)
        if evidence is None or (key in known and _same_fact(evidence.quote, _stating(known[key], folded, a))):
            continue
        known.setdefault(key, []).append(evidence.quote)
        if not amount.approx and APPROX_LEAD.search(folded, max(0, a.start - 2), a.start):
            amount = Amount(amount.value, amount.value_max, True, amount.unit)  # '突破5万元' (§7.3)
        subject = _subject(ctx, sentence, a.start, units, clause_start, amount.unit)
        spread = _village_spread(ctx, sentence, a)
        if spread is not None:
            # '(柳湾村、桃源村和新华村…)三个村的村集体经济收入分别达到18万元、12万元和15万元'
            subject, name = spread[0], spread[1] or name
        at = name.find(subject) if subject else -1
        placed = 0 <= at <= 2 or (0 < at <= 10 and name[at - 1] in "镇乡县市区旗")
        rest = _clean_lead(name[at + len(subject) :]) if subject and placed else ""
        if len(rest) >= 2:
            # '赣州市共选派驻村工作队', '湖北黄冈市…', '石门镇青石村人均纯收入': the place is
            # the subject, not the name
            name = _NAME_TRIM.sub("", rest)
        if spread is None and subject in ctx.villages and ctx.several_villages_in(clause_start, a.start):
            subject = None  # '今年,青石、柳湾、桃源等村将有193户…': several villages' figure
        if not HAN.search(name):
            continue  # a page's stray code or markup before the figure names nothing
        found.append(MetricFound(
            amount=a._replace(end=end_at, amount=amount),
            name=name,
            subject=subject,
            year=_year(ctx, sentence, clause_start, a),
            evidence=evidence,
        ))
        last = (clause_start, name, end_at)
        ctx.consumed.append((a.start, end_at))
    found.extend(_ranks(ctx))
    return found


_RANK = re.compile(
    r"(?P<cue>获得|荣获|位列|名列|位居|排名|排在|排|居)?第(?P<n>[一二三四五六七八九十]{1,2}|[1-9]\d?)"
    # '获得第一名', '排名第一。', never '第一书记', '第三批', '第5位'
    r"(?:(?P<ming>名)|(?=[^\u4e00-\u9fff]|的|$))"
)
_RANK_HOLDER = re.compile(r"(?:该|这支|本|我)(?:驻村)?(?:工作)?队|(?:驻村)?(?:扶贫|帮扶)?工作队")


def _ranks(ctx: Context) -> list[MetricFound]:
    """Ranks in an assessment (LABELLING: a rank is a metric with the unit 名): '…工作队在全县45支
    驻村工作队中获得第一名', '在石门乡16个村中排名第一'. The subject is the holder the clause
    names as written (a team, a village), '该队' the team its paragraph names, else the village
    the passage is about."""
    doc = ctx.doc
    folded = doc.folded
    found: list[MetricFound] = []
    for start, end in doc.paragraphs:
        at = folded.find("第", start, end)
        while at >= 0:
            m = _RANK.match(folded, max(start, at - 2), end) if folded[max(start, at - 2) : at] in _CUES2 else None
            m = m or _RANK.match(folded, max(start, at - 1), end) or _RANK.match(folded, at, end)
            at = folded.find("第", at + 1, end)
            if m is None or not (m.group("ming") or m.group("cue")) or m.group("n") is None:
                continue
            if m.group("cue") == "居" and not m.group("ming"):
                continue
            value = chinese_number(m.group("n"))
            sentence = doc.sentence_at(m.start())
            if value is None or sentence is None or ctx.is_consumed(m.start(), m.end()):
                continue
            clause_start, _ = doc.clause_at(m.start(), sentence)
            number_at = m.start("n")
            amount = AmountMatch(
                start=number_at, end=m.end(), amount=Amount(value, None, False, "名"), raw_unit="名",
                chinese=not m.group("n").isdigit(), written=value, written_max=None,
            )
            evidence = doc.evidence(m.start(), m.end())
            if evidence is None:
                continue
            found.append(MetricFound(
                amount=amount, name="排名", subject=_rank_holder(ctx, sentence, clause_start, m.start()),
                year=_year(ctx, sentence, clause_start, amount), evidence=evidence,
            ))
            ctx.consumed.append((m.start(), m.end()))
    return found


_RANK_VERB = re.compile(r"获得|荣获|位列|名列|位居|排名|排在|排第|居第|跻身")
_CUES2 = frozenset({"获得", "荣获", "位列", "名列", "位居", "排名", "排在"})


def _rank_holder(ctx: Context, sentence: Sentence, clause_start: int, pos: int) -> str | None:
    folded = ctx.doc.folded
    holder = folded[clause_start:pos]
    verb = _RANK_VERB.search(holder)
    if verb is not None:
        holder = holder[: verb.start()]
    cut = max(holder.find("在"), holder.find("于"))
    if cut >= 0:
        holder = holder[:cut]
    holder = re.sub(r"^(?:今年|去年|同时|并|还|也|又|均)+", "", holder)
    if _RANK_HOLDER.fullmatch(holder):
        paragraph = sentence.paragraph
        p_start, p_end = ctx.doc.paragraphs[paragraph]
        for team in ctx.teams:
            for e in team.evidence:
                if p_start <= e.start < p_end and "队" in e.quote:
                    return folded[e.start : e.end]
        holder = ""
    if 2 <= len(holder) <= 30 and re.fullmatch(rf"[{H}]+", holder) and re.search(r"(?:村|队|组|镇|乡|县)$", holder):
        return holder
    # '梓桐垭村…,在全县…考评中获得第二名': the village of the passage (全县 is whom it is ranked among)
    back = ctx.doc.paragraphs[max(0, sentence.paragraph - 1)][0]
    return ctx.village_before(pos, back) or ctx.main_village


def _year(ctx: Context, sentence: Sentence, clause_start: int, a: AmountMatch) -> int | None:
    """The clause's year; else one stated earlier in the sentence ('去年底首次分红,每股分红360元');
    else, in a work summary, its year for an outcome of the period (LABELLING Years)."""
    spread = _year_spread(ctx, sentence, a)
    if spread is not None:
        return spread
    year = ctx.year_of(sentence, clause_start, a.start)
    if year is not None:
        return year
    before = ctx.doc.folded[sentence.start : a.start]
    if _PER_YEAR.search(ctx.doc.folded, clause_start, a.start):
        # '预计每年可增收8万元' after '6月并网': a yearly rate takes only a year the sentence states
        # (nor the year a span begins: '2016年进村以来,…每年给集体带来5万元')
        if CUMULATIVE.search(before) or _SINCE_YEAR.search(before):
            return None
        return ctx.year_in(sentence.start, a.start, stated=True)
    if not CUMULATIVE.search(before):
        year = ctx.year_in(sentence.start, a.start)
        if year is not None:
            return year
        year = ctx.paragraph_year(a.start)  # a yearbook entry: '2007年,全市有…。全年兴修…'
        if year is not None:
            return year
    clause = ctx.doc.folded[clause_start : a.end]
    if ctx.summary_year and OUTCOME.search(clause) and not CUMULATIVE.search(clause):
        return ctx.summary_year
    if POINT_IN_TIME.search(ctx.doc.folded, sentence.start, a.start) and not CUMULATIVE.search(before):
        return ctx.summary_year or ctx.doc.ref_year_at(a.start)  # '目前,全县有…' (LABELLING Years)
    return None


#: Villages counted as a group before a respective list: '三个村的', '两村', '这3个村', '各村'.
_VILLAGES_COUNTED = re.compile(r"(?:这|上述|以上)?(?P<n>[两二三四五六七八九十\d]+)个?(?:贫困|行政)?村")


def _village_spread(ctx: Context, sentence: Sentence, a: AmountMatch) -> tuple[str, str] | None:
    """(village, name) of the i-th figure after 分别: the i-th village of the list named
    before, when the clause counts the villages as many as the list holds, and the thing
    named between the count and 分别 ('柳湾村、桃源村和新华村… 三个村的村集体经济收入分别达到
    18万元、12万元和15万元')."""
    folded = ctx.doc.folded
    at = folded.find("分别", sentence.start, a.start)
    if at < 0:
        return None
    counted = next(reversed(list(_VILLAGES_COUNTED.finditer(folded, max(sentence.start, at - 16), at))), None)
    if counted is None:
        return None
    n = chinese_number(counted.group("n"))
    listed = [b for b in ctx.doc.amounts_in(at, sentence.end) if b.amount.unit == a.amount.unit]
    if n is None or len(listed) != int(n) or a not in listed:
        return None
    first = ctx.doc.paragraphs[max(0, sentence.paragraph - 2)][0]
    names = ctx.village_list(first, counted.start(), anywhere=True)
    if len(names) != len(listed):
        return None
    return names[listed.index(a)][0], _clean_lead(folded[counted.end() : at].lstrip("的"))


_YEAR_SPAN = re.compile(r"((?:19|20)\d{2})年?(?:至|到|-|—|~)((?:19|20)\d{2})年")


def _year_spread(ctx: Context, sentence: Sentence, a: AmountMatch) -> int | None:
    """'2016年至2019年,全县分别有12个、27个、35个、23个贫困村退出': the i-th figure of a 分别
    list over a span of years is the i-th year's."""
    folded = ctx.doc.folded
    at = folded.find("分别", sentence.start, a.start)
    if at < 0:
        return _year_of_change(ctx, sentence, a)
    span = _YEAR_SPAN.search(folded, sentence.start, at)
    if span is None:
        return None
    first, last = int(span.group(1)), int(span.group(2))
    listed = [b for b in ctx.doc.amounts_in(at, sentence.end) if b.amount.unit == a.amount.unit]
    if len(listed) != last - first + 1 or a not in listed:
        return None
    return first + listed.index(a)


def _year_of_change(ctx: Context, sentence: Sentence, a: AmountMatch) -> int | None:
    """'2015至2019年,…人均收入从3969元变为15379元': over a span of years, the figure a change
    starts from is the first year's, the one it reaches the last year's."""
    folded = ctx.doc.folded
    span = _YEAR_SPAN.search(folded, sentence.start, a.start)
    if span is None:
        return None
    same = [b for b in ctx.doc.amounts_in(span.end(), sentence.end) if b.amount.unit == a.amount.unit]
    for b, c in itertools.pairwise(same):
        if (_CHANGE_FROM.search(folded, max(0, b.start - 2), b.start)
                and _CHANGE_TO.fullmatch(folded, b.end, c.start) and a in (b, c)):
            return int(span.group(1)) if a == b else int(span.group(2))
    return None


#: A year that begins a span, not the year of what follows: '2017年驻村以来', '自2018年起'.
_SINCE_YEAR = re.compile(r"(?:19|20)\d{2}年(?:\d{1,2}月)?[^,。;]{0,8}?(?:以来|起|开始)")
#: The start of a change and where it goes: '从3969元变为15379元', '由8.2%降至1.1%'.
_CHANGE_FROM = re.compile(r"(?:从|由)$")
_CHANGE_TO = re.compile(r"(?:增加|增长|提高|提升|上升|下降|减少|降低)?(?:到|至)|变为|变成|升至|降至")


_LATIN = re.compile(r"[A-Za-z]")


#: An action's object right before a count of households or people: the ones it reached.
_ACTED_ON = re.compile(r"(?:(?P<by>为|给)|帮助|走访|慰问|随访)(?:了)?(?:农户|村民|群众|贫困户)?$")
#: 为/给 are 'for' only before the people an action is for ('为4户贫困户新建住房'; '仅为26户' is 'is').
_PEOPLE_AFTER = re.compile(r"贫困户|农户|群众|村民|家庭|困难户|贫困群众")
#: ... unless the action's outcome follows: '帮助236户910人脱贫' counts an outcome.
_OUTCOME_AFTER = re.compile(r"脱贫|摘帽|增收|致富|就业|出列|分红")


#: Electricity before a figure in 度 (kilowatt-hours): '一年能发电8.6万度', '已发电1万多度'.
_POWER = re.compile(r"发电|电量|用电|供电|电费|电站")


def _metric_ok(ctx: Context, sentence: Sentence, a: AmountMatch, clause_start: int) -> bool:
    folded = ctx.doc.folded
    if a.amount.value == 0 or a.amount.unit in METRIC_SKIP_UNITS:
        return False
    if len(_LATIN.findall(folded, max(0, a.start - 24), a.start)) >= 8:
        return False  # a figure in an English translation printed beside the article
    if a.chinese:
        if a.amount.unit == "元" and a.amount.value >= 100 and folded[a.start] in _DIGIT_WORDS:
            # '县交通局资助五万元', '人均纯收入九千六百元': a sum in words states a figure as digits
            # would (not '几万元', '过万元', '上百万元': no number is said)
            return folded[max(0, a.start - 1) : a.start] not in ("几", "数", "上", "过", "成")
        # '四支驻村工作队逐一汇报' on a page describing those four teams counts them, states nothing new
        return bool(TEAM_COUNT.match(folded, a.start)) and not (
            len(ctx.teams) >= 2 and int(a.amount.value) == len(ctx.teams)
        )
    before = folded[max(clause_start, a.start - 4) : a.start]
    after = folded[a.end : a.end + 3]
    if folded[max(0, a.start - 1) : a.start] in (":", "-") or before.endswith(("第", "编号", "电话", "号", "排名")):
        return False  # a clock time (16:23), an ordinal or a phone number
    sized = DIMENSION_AFTER.match(after) is not None and a.amount.unit in ("米", "公里", "厘米")  # '3米宽'
    if DIMENSION.search(before) or sized or RANK_AFTER.match(after) or (a.raw_unit == "名" and before.endswith("第")):
        return False
    if a.raw_unit == "个" and after.startswith(_NO_COUNT_AFTER_GE):
        return False
    if a.amount.unit == "度" and not _POWER.search(folded, clause_start, a.start):
        return False  # '坡度25度以上', '零下10度': an angle or a temperature, no kilowatt-hours
    if a.raw_unit in ("组", "社", "队") and before.endswith("村"):
        return False  # '青石村3组脱贫户王大山': a group's number in an address, not a count
    if a.raw_unit == "个" and after.lstrip("多余").startswith(("月", "小时", "星期")):
        return False  # '经过3个多月的努力': a duration
    if (
        a.amount.unit in ("米", "公里") and folded.startswith(("处", "开外", "外的", "以外"), a.end)
        and not _LOCATED_AT.search(folded, clause_start, a.start)
    ):
        return False  # '公路55公里处', '取水点在60米开外': a place along a way ('位于…28公里处' is a distance)
    if a.amount.unit == "人" and a.amount.value <= 20 and _SCENE_AFTER.match(folded, a.end):
        return False  # '两队员5人先来到…', '12名穿着节日盛装的…': people in a scene, not a count of anything
    if before.endswith(("这", "那")) or POVERTY_LINE.match(folded, a.end):
        return False  # '这17户人家' names figures given before; '2800元的扶贫标准' is a line, no fact
    acted = _ACTED_ON.search(folded, clause_start, a.start) if a.amount.unit in ("户", "人") else None
    if (
        acted is not None and not _OUTCOME_AFTER.search(folded, a.end, min(a.end + 12, sentence.end))
        and (acted.group("by") is None or _PEOPLE_AFTER.search(folded, a.end, min(a.end + 8, sentence.end)))
    ):
        return False  # '为4户贫困户新建住房', '走访农户64户': whom an action reached, not a count of the village
    if METRIC_NOT.search(folded, clause_start, min(a.end + 4, sentence.end)):
        return False  # rules and frequencies, counters, phone lines
    if SCOPE.match(folded, a.end - 1):
        villages, towns = ctx.places_in_paragraph(sentence.paragraph)
        counted = towns if folded[a.end - 1 : a.end + 1] in ("个乡", "个镇") else villages
        if len(counted) == int(a.amount.value):
            return False  # '3个贫困村' counting the villages just named
        if counted is villages and len(ctx.villages) >= 2 and len(ctx.villages) == int(a.amount.value):
            return False  # '全乡4个贫困村的第一书记' on a page about those four villages
    return True


#: The words a sum in Chinese numerals starts with ('五万元', '十二万元', '两万元').
_DIGIT_WORDS = frozenset("一二两三四五六七八九十")
#: After N个: a span of time or a percentage point, no count of anything.
_NO_COUNT_AFTER_GE = (*SPAN_OF_TIME, "百分点")
#: A few people doing something in a story: what follows their number.
_SCENE_AFTER = re.compile(r"(?:首先|一起|一同|一道|一遍|来到|走进|赶到|身着|穿着|正在|围坐|坐在|站在|挨家挨户)")


def _lead_start(folded: str, clause_start: int, pos: int, earlier: list[AmountMatch]) -> int:
    """Where the words about a figure begin: after the clause's previous figure, else the
    clause start; a long lead starts after its last word boundary."""
    start = max([clause_start, *(b.end for b in earlier if b.end <= pos)])
    if pos - start > _NAME_MAX:
        cut = None
        for m in _BOUNDARY.finditer(folded, start, pos - 2):
            cut = m.end()
        if cut is not None:
            start = cut
    return start


def _respectively(folded: str, start: int, a: AmountMatch) -> str | None:
    """The i-th name of 'A、B、C分别为x、y和z' for the i-th figure after it."""
    # the sentence's start, looked for no further back than a sentence's length
    floor = max(0, a.start - MAX_SENTENCE_CHARS)
    cut = max(folded.rfind("。", floor, a.start), folded.rfind("\n", floor, a.start))
    sentence_start = cut + 1 if cut >= 0 else floor
    if folded.find("分别", sentence_start, a.start) < 0:
        return None
    found = None
    for m in RESPECTIVELY.finditer(folded, sentence_start, a.start):
        found = m
    if found is None:
        return None
    names = re.split(r"[、和]", found.group("names") + (folded[found.end("names") : found.end()].split("分别")[0]))
    names = [n for n in names if n]
    between = folded[found.end() : a.start]
    index = len(re.findall(r"[、和,]", between))
    return names[index] if index < len(names) else None


#: A list's numbering opening a lead: '一、', '2.', '(三)'.
_LIST_NUMBERING = re.compile(rf"^\s*{LIST_NUMBER}")


def _clean_lead(text: str) -> str:
    text = _YEAR_WORDS.sub("", _LIST_NUMBERING.sub("", text))
    # a date, and every mark that is no part of a name: quotes and brackets of any kind, a
    # masked name's asterisks ('「…」', '***户')
    text = re.sub(r"\d+月(?:\d+日)?(?:份|底|初)?|[^\w%]|_", "", text)
    text = METRIC_NAME_TAIL.sub("", METRIC_NAME_LEAD.sub("", text))
    return text


def _name(folded: str, start: int, a: AmountMatch, clause_end: int, last: tuple[int, str, int] | None) -> str:
    """The noun phrase naming a figure (see the module docstring)."""
    name = _NAME_TRIM.sub("", _raw_name(folded, start, a, clause_end, last))
    if name in GENERIC_NAMES:
        return name + "数量"  # '9个单位' → 单位数量
    if name in MEASURE_WORDS or len(name) < 2:
        return "数量"
    return name


#: Words a name read from the text may start or end with that name nothing: a pronoun
#: subject ('他们每月可领' → 每月可领), the 度 of a year cut off ('2019年度村集体收入'), and an
#: adverb or preposition left at its end ('…也', '…将').
_NAME_TRIM = re.compile(
    r"^(?:他们|她们|我们|他|她|的|度)(?=[\u4e00-\u9fff]{2})|(?:也|又|还|才|将|把|对|(?<!方)向|就)+$"
)
_OF_NOUN = re.compile(rf"的(?P<noun>[{H}]{{2,10}})")
_NOUN_END = re.compile(
    r"以及|和|及|与|纵横|四通|贯通|连通|直通|通往|连接|覆盖|修到|通到|已|将|在|是|为|让|使|达|有|都|也|被"
)
#: Areas counted by a bare one-character noun: '16个市', '105个县(市、区)'.
_AREAS_COUNTED = re.compile(r"(?P<noun>市|县|区|州|乡镇|乡|镇)(?![\u4e00-\u9fff])")
#: A distance told right before its figure: '距离县城40公里', '离乡政府12公里'.
_DISTANCE_LEAD = re.compile(r"(?:距离|距|离)[\u4e00-\u9fff]{1,8}$")
#: A place and a direction from it, right before a distance: '位于白沙镇的东南方向', '(位于)
#: 石门县白沙镇以东'.
_LYING_TOWARD = re.compile(
    r"位于(?P<place>[\u4e00-\u9fff]{2,10}?)(?:的|以)?(?:正)?(?:东南|东北|西南|西北|[东南西北])(?:方向|方|部|面|侧|边)?(?:约|大约)?$"
    r"|(?P<near>[\u4e00-\u9fff]{1,6}?(?:镇|乡|县城|县|市区|城区|市))以(?:东南|东北|西南|西北|[东南西北])(?:约|大约)?$"
)
#: A lead that is only a place: '青石村的', '石门镇', '青石村有'.
_PLACE_LEAD = re.compile(r"[\u4e00-\u9fff]{1,8}(?:村|镇|乡)(?:的|有|共有|拥有|现有)?$")
#: The thing a size measures, right after its figure: '…50千瓦光伏电站'.
_THING_AFTER = re.compile(r"的?([\u4e00-\u9fff]{2,8}?)(?=[,;。、]|$)")
_SIZE_NAMES = {"公里": "长度", "米": "长度", "亩": "面积", "平方米": "面积", "平方公里": "面积", "千瓦": "装机容量",
               "立方米": "容量"}


def _raw_name(folded: str, start: int, a: AmountMatch, clause_end: int, last: tuple[int, str, int] | None) -> str:
    listed = _respectively(folded, start, a)
    if listed:
        return listed
    counted = COUNTED_NOUN.match(folded, a.end, clause_end)
    if counted and a.amount.unit not in ("元", "%"):
        return counted.group("noun")  # 42个贫困村 → 贫困村, 3户五保户 → 五保户
    area = _AREAS_COUNTED.match(folded, a.end, clause_end) if a.raw_unit == "个" else None
    if area is not None:
        return area.group("noun") + "数量"  # '全省16个市105个县': 市数量, 县数量
    distance = _DISTANCE_LEAD.search(folded, start, a.start) if a.amount.unit in ("公里", "米") else None
    if distance is not None:
        return distance.group()  # '是一个离县城35公里的山区村': how far, not the village's length
    lying = _LYING_TOWARD.search(folded, start, a.start) if a.amount.unit in ("公里", "米") else None
    if lying is not None:
        place = re.sub(r"^(?:在|于|距离|距|离)", "", lying.group("place") or lying.group("near"))
        return "距" + place  # '位于白沙镇的东南方向8公里', '在白沙镇以北12公里': how far from the place
    of = _OF_NOUN.match(folded, a.end, clause_end) if a.amount.unit in _SIZE_NAMES else None
    if of:
        # '4.2公里的硬化水泥路和…': the thing measured, and what the figure measures of it
        noun = of.group("noun")
        stop = _NOUN_END.search(noun, 2)
        noun = noun[: stop.start()] if stop else noun
        if len(noun) >= 2:
            return noun + _SIZE_NAMES.get(a.amount.unit, "数量")
    if _CHANGED_TO.fullmatch(folded, last[2] if last is not None else start, a.start):
        # '村集体收入由2万元增加到8万元': the figure it grew to is the same thing's (named
        # before 由 when the first figure was no metric: '贫困发生率由12.3%下降到…')
        if last is not None:
            return last[1]
        changed = _CHANGED_FROM.search(folded, max(0, start - 40), start)
        if changed is not None and len(name := _clean_lead(changed.group("name"))) >= 2:
            return name
    lead = _clean_lead(folded[start : a.start])
    sent = _SENT_NOUN.search(lead) if len(lead) > _NAME_MAX else None
    if sent is not None:
        return sent.group()  # '…向柳湾村、桃源村派出驻村工作队3支': what was sent, not the places before
    if len(lead) > _NAME_MAX:
        lead = _long_lead(lead)
    placed = a.amount.unit in _SIZE_NAMES and _PLACE_LEAD.match(folded, start, a.start)
    thing = _THING_AFTER.match(folded, a.end, clause_end) if placed else None
    if thing is not None:
        # '青石村的50千瓦光伏电站': the place is the subject, the thing after the figure the name
        return thing.group(1) + _SIZE_NAMES[a.amount.unit]
    if lead.endswith("等") and (after := _noun_after(folded, a.end, clause_end)):
        return after  # ('对李明远等20名同志予以表彰': who was counted is after the figure, not the first of them)
    if len(lead) >= 2:
        return lead
    grown = _GROWN_BEFORE.search(folded, max(0, start - 30), a.start)
    if grown is not None and len(name := _clean_lead(grown.group("name"))) >= 2:
        return name  # '村集体经济收入从无到有,达到15.6万元': the thing named before how it grew
    if last is not None and last[2] >= a.start - 2:
        # ('全年脱贫47户128人': 全年脱贫人数; '拨付了30万元、12万元': 金额, not 金额金额)
        base = _UNIT_NAME_END.sub("", last[1])
        return (base + UNIT_NAMES.get(a.amount.unit, "")) or last[1]
    after = _noun_after(folded, a.end, clause_end)
    if after and not re.match(r"(?:左右|以上|多|余)", after):
        return after
    return UNIT_NAMES.get(a.amount.unit, "数量") if len(UNIT_NAMES.get(a.amount.unit, "数量")) > 1 else "数量"


#: A thing, how it grew, then the figure it reached in the next clause: '村集体经济收入从无到有,
#: 达到', '人均纯收入逐年增加,2019年达到'.
_GROWN_BEFORE = re.compile(
    r"(?P<name>[\u4e00-\u9fff]{2,16}?)(?:从无到有|由少到多|逐年(?:增加|增长|提高)|稳步(?:增长|提升|增加)"
    r"|不断(?:壮大|增加|增长)|大幅(?:提升|增长|提高)|显著提高|明显提高|持续(?:增长|增加))[,，]"
    r"(?:(?:19|20)\d{2}年底?|今年|去年)?[,，]?(?:达到|达|增至|增加到|提高到|突破|超过)?$"
)
#: Words from one figure of a thing to the next it changed to: '…2万元|增加到|8万元', '…2800元|提高到
#: 2019年的|9600元', '…32%|降至|0.5%'.
_CHANGED_TO = re.compile(
    r"[^,;。]{0,8}?(?:增加|提高|增长|上升|提升|跃升|下降|降低|减少|缩小|扩大|降|升|增)(?:到|至|为)了?"
    r"(?:(?:19|20)\d{2}年(?:底|末)?的?)?"
)
#: The thing named before the first figure of a change: '贫困发生率由|12.3%'.
_CHANGED_FROM = re.compile(r"(?P<name>[\u4e00-\u9fff]{2,16})(?:由|从)[^,;。由从]{1,16}$")


#: Where a word ends inside a long lead with no boundary: before an adverb that opens the
#: predicate ('…服务队|累计引进…'), else after a unit's or a place's name ('…气象局|帮助…').
_PREDICATE_OPENING = re.compile(r"(?=共|累计|已经|先后)")
_NAME_END = re.compile(r"(?<![全本该])(?:局|厅|委|办|队|组|部|院|站|所|会|村|镇|乡|县|区|市|省)(?=[\u4e00-\u9fff]{2})")
_LONG_LEAD_MAX = 20


def _long_lead(lead: str) -> str:
    """A lead longer than a name may be, cut where a word starts: after its last 的, else at
    the first word boundary that leaves at most ``_LONG_LEAD_MAX`` characters ('…市气象局累计
    筹集抗旱专项资金' → 筹集抗旱专项资金), never in the middle of a name ('技园区…' of
    科技园区)."""
    if "的" in lead:
        return lead[lead.rfind("的") + 1 :]
    floor = max(0, len(lead) - _LONG_LEAD_MAX)
    for boundary in (_PREDICATE_OPENING, _NAME_END):
        for m in boundary.finditer(lead, floor):
            name = METRIC_NAME_LEAD.sub("", lead[m.end() :])
            if len(name) >= 2:
                return name
    return lead[-_NAME_MAX:]


#: Where the noun after a figure ends: an adverb, a preposition or a verb that opens the
#: predicate ('40眼机井|相继打成', '120亩果园|进行统一修剪', '6支服务队|共有30人').
_NOUN_STOP = re.compile(
    r"已|都|(?<!公)共|(?<![人户年月日亩])均|正在|相继|累计|也|还|将|(?<![现所存实])在|对(?!口)|(?<![属关由])于|从|(?<!方)向|把|被"
    r"|进行|参加|参与|获得|成为|是|围绕|结合|用于|和|(?<!普)及|与|得到|享受|实现|完成|淌|亮|达到|达|予以|给予"
)
#: Words before the noun after a figure: '七成都是坡地', '5个是深度贫困村'.
_NOUN_OPENING = re.compile(
    # ('37人被评为全省优秀驻村队员': the honour is what they are counted as)
    r"(?:都是|都|均为|均是|是|为|已经|已|被(?:评为|评定为|授予|表彰为|确定为|列为)|荣获|获评)(?=[\u4e00-\u9fff]{2})"
)
_NOUN_AFTER_MAX = 8
#: The Han run right after a figure, past a 的.
_RUN_AFTER = re.compile(rf"的?([{H}]{{2,24}})")


def _noun_after(folded: str, pos: int, clause_end: int) -> str | None:
    """The noun right after a figure, up to the word that opens the predicate ('40眼机井相继
    打成' → 机井, '5个是深度贫困村' → 深度贫困村); at most ``_NOUN_AFTER_MAX`` characters of
    it when no such word comes."""
    run = _RUN_AFTER.match(folded, pos, clause_end)
    if run is None:
        return None
    noun = run.group(1)
    opening = _NOUN_OPENING.match(noun)
    if opening is not None:
        noun = noun[opening.end() :]
    stop = _NOUN_STOP.search(noun, 2)
    if stop is not None and noun[stop.start() - 1] not in "不没未无":  # '长期不在村' is no 长期不
        noun = noun[: stop.start()]
    else:
        noun = noun[:_NOUN_AFTER_MAX]
    return noun if len(noun) >= 2 else None


def _subject(
    ctx: Context, sentence: Sentence, pos: int, units: list[str], clause_start: int, unit: str = ""
) -> str | None:
    """The nearest place or unit named for the figure in its sentence (village, township,
    county, province, dispatching unit, a cooperative, or 全县/全镇/该村/我县), else the village
    the passage is about, else the county or province a round-up is about."""
    folded = ctx.doc.folded
    floor = sentence.start
    opener = _OPENER.match(folded, floor, pos) if ctx.doc.sentence_index(floor) < 6 else None
    if opener is not None:
        floor = opener.end()  # '武陵新闻网泸溪频道讯 146户…': the outlet's place is no subject
    # '青石村位于云岭县城以东18公里', '…位于云岭县南部,是全县42个…': the places after 位于, to the
    # end of its clause, say where the subject named before lies; they are not the subject
    text = folded[floor:pos]
    hidden: list[tuple[int, int]] = []
    for located in _LOCATED_AT.finditer(folded, floor, pos):
        # (a distance's place is where it is measured from, never its subject: '距离云岭县城仅6公里')
        measured_from = unit in _LENGTHS and located.group().startswith("距")
        if measured_from or ctx.occurrences_in(floor, located.start()) or any(
            town in folded[floor : located.start()] for town in ctx.towns
        ):
            clause_end = CLAUSE_BREAK.search(folded, located.end(), pos)
            span = (located.start(), clause_end.start() if clause_end else pos)
            hidden.append(span)
            text = text[: span[0] - floor] + "\0" * (span[1] - span[0]) + text[span[1] - floor :]
    best: tuple[int, str | None] = (-1, None)
    for at, name in ctx.occurrences_in(floor, pos):
        if any(a <= at < b for a, b in hidden):
            continue
        if not folded.startswith(name, at) and folded.startswith("的", at + len(name) - 1):
            continue  # '通过桐木坪的网店': a short name owning a thing, not the figure's place
        best = max(best, (at - floor, name), key=lambda b: b[0])
    for town in ctx.towns:
        at = text.rfind(town)
        # a township is the subject where it opens a clause ('石门镇辖12个行政村') or stands right
        # before the figure ('在石门乡16个村中'), not where it places a village ('位于石门镇东北部')
        if at > best[0] and (at == 0 or text[at - 1] in ",;:。 " or text[at + len(town) :] in ("", "的")):
            best = (at, town)
    for cue, value in (("全镇", ctx.town), ("镇里", ctx.town), ("全乡", ctx.town), ("我镇", ctx.town),
                       ("我乡", ctx.town), ("该镇", ctx.town), ("该乡", ctx.town), ("本镇", ctx.town),
                       ("本乡", ctx.town), ("全县", ctx.county), ("县里", ctx.county), ("我县", ctx.county),
                       ("本县", ctx.county), (ctx.county, ctx.county), (ctx.county_alias, ctx.county),
                       ("全市", ctx.city), ("我市", ctx.city), ("本市", ctx.city),
                       ("该市", ctx.city or (_city_named_before(folded, floor) if "该市" in text else None)),
                       ("该县", ctx.county),
                       ("全省", ctx.province), ("我省", ctx.province), ("省派", ctx.province),
                       (ctx.province, ctx.province)):
        if cue:
            at = text.rfind(cue)
            while at >= 0 and cue in (value, ctx.county_alias) and _UNIT_AFTER_PLACE.match(text, at + len(cue)):
                at = text.rfind(cue, 0, at)  # '在云岭省农业农村厅的帮扶下': a unit's name, not the place
            if at > best[0]:
                best = (at, value)
    for named in units:
        at = text.rfind(named)
        if at >= 0 and _WITH_HELP_OF.match(text, at + len(named)):
            continue  # '在县交通局的支持下,22户…脱贫': the helper, not whose figure it is
        if at > best[0]:
            best = (at, named)
    for m in _CITY_OPENING.finditer(text + folded[pos : pos + 1]):  # (the figure's first digit: '百色市38个')
        # '赣州市共选派…', '黔东南州46个…', and after its province's short name: '湖北黄冈市共…'
        city = next((c for c in (m.group("city"), m.group("city")[2:]) if len(c) >= 3 and is_known_city(c)), None)
        if m.start("city") > best[0] and city is not None:
            best = (m.start("city"), city)
    for m in _CITY_SHORT_OPENING.finditer(text):
        # '南充选派1290名干部…': a city by its short name, as written, sending or counting
        if m.start() > best[0] and is_known_city(m.group("city") + "市"):
            best = (m.start(), m.group("city"))
    for m in _PROVINCE_SHORT_OPENING.finditer(text):
        # '西藏共有1289名第一书记…': a province or region by its short name opening the clause
        if m.start() > best[0]:
            best = (m.start(), m.group("province"))
    county = _COUNTY_BEFORE.search(text)
    if county is not None and county.start() > best[0] and county_path(county.group()) is not None:
        best = (county.start(), county.group())  # '云岭县58个贫困村': a county right before its count
    anchor = None
    for m in _VILLAGE_POINTER.finditer(text):
        anchor = m
    if anchor is not None and anchor.start() > best[0]:
        # '该村100多户果农…': the village named before (PHRASING §8.3 pointers)
        back = ctx.doc.paragraphs[max(0, sentence.paragraph - 2)][0]
        best = (anchor.start(), ctx.village_before(floor + anchor.start(), back) or ctx.main_village)
    at = text.rfind("合作社")
    if at > best[0] and at >= len(text) - 24:
        coop = ctx.cooperative()
        lead = folded[clause_start:pos]
        if coop and not _PER_HEAD.search(lead) and unit not in ("户", "人"):
            best = (at, coop)  # the cooperative's own output, profit or payout (dev README call 3)
    sent = _CADRES_SENT.search(folded, clause_start, pos) if unit == "人" and units else None
    place = best[1] if best[1] is not None and best[1] not in units else None
    if sent is not None and place is not None and floor + best[0] + len(place) == sent.start():
        return place  # '南充选派1290名干部': the place right before the verb sends them
    if sent is not None and best[1] not in units:
        # '学院先后派出5名干部驻村': the cadres a unit sent are the unit's figure, whatever
        # place the sentence names; the unit named last before them (or the page's only one)
        sender = max(units, key=lambda u: folded.rfind(u, 0, pos))
        if folded.rfind(sender, 0, pos) >= 0 or len(units) == 1:
            return sender
    counted = _AREA_COUNT.match(folded, pos)
    if (counted and (best[1] in ctx.villages or (best[0] < 0 and not counted["teams"]))
            and not _MERGED.match(folded, counted.end())):
        # '35个贫困村', '4支工作队': many villages or teams are an area's, never one village's
        # ('青石村是全县43个贫困村之一'): the city or county written before them, else the page's
        if text.endswith("全国"):
            return "全国"
        return _place_before(text) or ctx.page_area or ctx.county or ctx.city
    if best[0] >= 0 and best[1] in units and _BENEFICIARIES_GAIN.search(folded, clause_start, pos):
        # '县审计局…引导26户种药材,户均增收2600元': the unit helped, the village gained
        return ctx.subject_village(sentence, pos, pos, paragraphs_back=2) or best[1]
    if best[0] >= 0:
        return best[1]
    area_wide = _AREA_WIDE.findall(text)
    if area_wide:
        # '全国先后有180多万名干部到村任职': the nation is the subject (it has no other name); 全市, 各县…
        # with no place named stay unnamed
        return "全国" if area_wide[-1] == "全国" else None
    area = ctx.area_paragraph(sentence, pos)
    if area is not None:
        return area or None  # '去年,我市扶贫工作…': the paragraph's figures are the city's
    return ctx.subject_village(sentence, pos, pos, paragraphs_back=2) or ctx.page_area


#: Words for every place of a level, with none of them named.
_AREA_WIDE = re.compile(r"全市|全国|全州|各县|各乡|各镇")
#: A figure counting villages or teams: '35个贫困村', '412个行政村', '4支市派工作队'. Not a
#: village's own parts ('7个自然村', '5个村民小组').
_AREA_COUNT = re.compile(
    r"[\d零一二三四五六七八九十百千两]+(?:多|余)?"
    r"(?:个[\u4e00-\u9fff]{0,6}?(?<!自然)村(?![民委部级集组庄寨干两班小])|(?P<teams>(?:支|个)[\u4e00-\u9fff]{0,8}?工作队))"
)
#: Villages merged into the one a page is about: '由4个行政村合并组成'.
_MERGED = re.compile(r"[^,。;]{0,10}?合并")
#: Words between a place and its count: '百色市共有38个…'.
_PLACE_TAIL = re.compile(r"(?:共有|共|有|的|全部|所有)$")


def _place_before(text: str) -> str | None:
    """The city or county written right before a count ('截至目前百色市38个'), the longest
    ending of the text that is one."""
    text = _PLACE_TAIL.sub("", text)
    for size in range(min(len(text), 9), 1, -1):
        place = text[-size:]
        before = text[-size - 1] if size < len(text) else ","
        named = place[-1] in "市州县区旗盟" or place.endswith("地区")
        if named and before in _BEFORE_PLACE and (is_known_city(place) or county_path(place) is not None):
            return place
    return None


def _city_named_before(folded: str, pos: int) -> str | None:
    """The last known city the text names before ``pos`` ('黄冈市…。该市还…': 该市 points to it)."""
    at = folded.rfind("市", max(0, pos - 600), pos)
    while at > 0:
        for size in (4, 3, 2):  # '湖北黄冈市': the longest ending that is a city
            if at - size >= 0 and is_known_city(name := folded[at - size : at + 1]):
                return name
        at = folded.rfind("市", max(0, pos - 600), at)
    return None


#: An outcome for the people helped, not for the unit helping: '增收', '人均收入', '脱贫'.
_BENEFICIARIES_GAIN = re.compile(r"增收|收入|脱贫|分红|受益|致富")
#: After a unit: its help under which the figure came about ('…的支持下').
_WITH_HELP_OF = re.compile(r"[^,。;]{0,8}?(?:帮扶|支持|帮助|关心|推动|努力|扶持|指导|带领|协调|资助)下")
#: A unit's name going on after its place: '湖南省林业局', '云岭省委办公厅', '云岭县供电公司'.
_UNIT_AFTER_PLACE = re.compile(
    r"(?:市场|[^县市区乡镇村旗,。;:、\s\d]){0,6}?(?:委|厅|局|办|院|公司|集团|银行|中心|协会|大学|学院)"
)
#: What may stand before such a place: a break, or the end of a time or a verb ('目前百色市').
_BEFORE_PLACE = frozenset(",;:。 、的和与是在为对向前年底月日今")
#: A county written right before a figure, after a clause break or at its start.
_COUNTY_BEFORE = re.compile(r"(?:^|(?<=[,;:。 的和与是在为对]))[\u4e00-\u9fff]{1,6}?(?:县|区|旗)$")
#: A city or prefecture opening a clause, its figures following: '赣州市812名干部', '黔东南州共有…'.
_CITY_OPENING = re.compile(
    r"(?:^|(?<=[,;:。 ]))(?P<city>[\u4e00-\u9fff]{2,6}?(?:市|州|地区|盟))(?=\d|共|有|累计|先后|全|已|选派|现有)"
)
_CITY_SHORT_OPENING = re.compile(r"(?:^|(?<=[,;:。 ]))(?P<city>[\u4e00-\u9fff]{2,3}?)(?=共|累计|先后|已|选派|现有)")
_OPENER = re.compile(r"[^,。;:]{0,24}?(?:网|报|台|频道|站|社|中心|新闻)[^,。;:]{0,12}?(?:讯|电)")
#: A province or an autonomous region by its short name, opening a clause, right before its
#: figures: '新疆共有1.2万名…', '西藏3万余名…'.
#: (the mainland's: the genre's pages count no figures of 台湾)
_PROVINCE_SHORT_OPENING = re.compile(
    r"(?:^|(?<=[,;:。 ]))(?P<province>"
    + "|".join(sorted((short for short in PROVINCE_BY_SHORT_NAME if short != "台湾"), key=len, reverse=True))
    + r")(?=共|累计|先后|已|现有|全区|全省|\d)"
)
_VILLAGE_POINTER = re.compile(r"该村|本村|我村|我们村|这个村|全村")
#: A unit's cadres sent, right before their count: '先后选派', '共派出', '抽调了'.
_CADRES_SENT = re.compile(r"(?:选派|派出|下派|抽调|选调|派驻|委派)了?(?:优秀|年轻|精干|骨干)?$")
#: What a unit sent, right before its count: '派出驻村工作队', '选派驻村干部'.
_SENT_NOUN = re.compile(r"(?:选派|派出|下派|派驻)了?(?:驻村)?(?:扶贫)?(?:工作队|干部|队员|第一书记)$")
_LENGTHS = frozenset({"公里", "千米", "米", "里"})
#: Words after which places say where the subject lies: '位于…', '距县城…'.
_LOCATED_AT = re.compile(r"位于|地处|坐落于|坐落在|距离|距(?!今)")
_PER_HEAD = re.compile(r"每户|户均|人均|每人|每股|每名|农户|贫困户|社员|群众|村民")
