"""A measure's words: the items its quantities count and its summary (PHRASING §5.1)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from llmx.backends.rules.context import Context
from llmx.backends.rules.patterns import H
from llmx.backends.rules.tables import (
    ACTION,
    CONNECTIVE,
    COUNTED_ONLY,
    INVEST_CUE,
    ITEM_AFTER,
    ITEM_LEAD,
    ITEM_MAX,
    ITEM_NOT,
    ITEM_ROUTE,
    ITEM_STOP,
    ITEM_TAIL_VERB,
    ITEM_VERB,
    PURPOSE,
    SUMMARY_BREAK,
    VERB_OBJECT,
)
from llmx.core.numbers import AmountMatch, iter_amounts
from llmx.core.records import SUMMARY_MAX_CHARS


@dataclass(slots=True)
class MeasureFound:
    start: int
    end: int
    spans: list[tuple[int, int]]
    investment: AmountMatch | None = None
    quantities: list[AmountMatch] = field(default_factory=list)
    households: AmountMatch | None = None
    people: AmountMatch | None = None
    document: bool = False  # a named plan or rule ('制定了《…规划》'), a measure without figures


def item_for(folded: str, a: AmountMatch, found: MeasureFound, amounts: list[AmountMatch]) -> str | None:
    """The whole noun phrase a quantity counts (PHRASING §5.1): after the last verb before
    the number ('硬化通组道路6.8公里', '购置打印传真复印一体机1台'), or, when the number comes
    first, the noun after it ('新建200立方米蓄水池', '修了1500米的排水沟'). Never clipped:
    a phrase too long to be a name is cut at a 的, or left out."""
    clause_start = max([s for s, _ in found.spans if s <= a.start] or [found.start])
    floor = max([clause_start, *(b.end for b in amounts if clause_start <= b.end <= a.start)])
    before = folded[floor : a.start]
    item = None
    if before.endswith(("和", "及", "与", "、")) and floor > clause_start:
        before = ""  # '1500米的排水沟和一座漫水桥': the words before belong to the previous figure
    # The last verb that leaves a noun phrase: in '举办种养技术培训班4期' 培训 is inside the noun.
    before = _SIZE_LEAD.sub("", before)  # '一条长460米': the length is the figure itself
    # (a verb heading a compound noun is part of the noun: '建成养殖小区2个' counts 养殖小区)
    verbs = [v for v in ITEM_VERB.finditer(before) if v.start() == 0 or not _COMPOUND_HEAD.match(before, v.end())]
    for verb in reversed(verbs):
        rest = _SIZES.sub("", ITEM_LEAD.sub("", before[verb.end() :]))
        item = _noun_phrase(rest)
        if item is not None or (not rest and VERB_OBJECT.fullmatch(verb.group())):
            break  # ('带领群众打井4眼': the work is the verb's own object, no item before it)
    if not verbs or (item is None and before.startswith("、") and len(before) - verbs[-1].end() <= 1):
        # ('垃圾桶60个、垃圾清运车1辆': after a list mark, a verb leaving one character is
        # inside the noun)
        item = _noun_phrase(_SIZES.sub("", ITEM_LEAD.sub("", before)))
    sizes_after = _SIZE_CHAIN.match(folded, a.end, found.end)
    described = _SIZED_THING.match(folded, a.end, found.end) if item is None else None
    if described is not None:
        # '一座日处理能力200吨的污水处理站': the thing after the figures that describe it
        return _noun_phrase(described.group("noun"))
    after = ITEM_AFTER.match(folded, sizes_after.end() if sizes_after else a.end, found.end)
    # '青石村120千瓦光伏电站': a place before the figure names where, the noun after it what
    placed = item is not None and (item.endswith(_PLACE_END) or _PLACE_MODIFIER.fullmatch(item) is not None)
    # ('亮化项目130盏太阳能路灯': a scheme named before, the thing counted after)
    scheme = (
        item is not None and item.endswith(_SCHEME_END)
        and after is not None and not after.group("noun").startswith(("的", "左右", "以上"))
    )
    # ('完成上屯、下屯两条通屯硬化路': the places listed before, the thing counted after;
    # '租用贫困户29.2亩土地': whose it is before, the thing after)
    named_before = item is not None and ("、" in item or _OWNER.fullmatch(item) is not None)
    if after and (item is None or folded.startswith("的", a.end) or sizes_after or placed or scheme or named_before):
        noun = after.group("noun")
        # (a verb heading a compound noun does not end it: '通屯硬化路')
        stop = next((m for m in ITEM_STOP.finditer(noun, 2) if not _COMPOUND_HEAD.match(noun, m.end())), None)
        ends = (stop, _verb_in(noun), _LIST_BREAK.search(noun, 2))
        stops = [m.start() for m in ends if m]
        return _noun_phrase(noun[: min(stops)] if stops else noun) or item
    if item is None and _TOTAL_LEAD.fullmatch(folded, floor, a.start):
        # '修建灌溉水渠,累计2公里': a total alone in its clause counts what the
        # clause before it acted on
        previous = [(s, e) for s, e in found.spans if e <= clause_start]
        if previous:
            text = folded[previous[-1][0] : previous[-1][1]]
            acted = list(ITEM_VERB.finditer(text))
            if acted:
                item = _noun_phrase(_SIZES.sub("", ITEM_LEAD.sub("", text[acted[-1].end() :])))
    if item is None:
        # '新修产业路3条共5公里': a total of the things just counted; '建起一座60千瓦的光伏电站':
        # a count right before the size of what it counts
        earlier = [b for b in amounts if b.end == floor and b.end <= a.start]
        if earlier and _TOTAL_LEAD.fullmatch(folded, floor, a.start):
            return item_for(folded, earlier[-1], found, amounts)
        later = next((b for b in amounts if b.start == a.end), None)
        if later is not None:
            return item_for(folded, later, found, amounts)
    return item


#: A count, then a description holding a figure, then the thing: '(一座)日处理能力200吨的污水处理站'.
_SIZED_THING = re.compile(r"[\u4e00-\u9fff]{0,8}\d+(?:\.\d+)?[\u4e00-\u9fff]{1,4}的(?P<noun>[\u4e00-\u9fff]{2,12})")

_PLACE_END = ("村", "乡", "镇", "县", "市", "组", "屯")
#: A scheme's word ending the words before a count: the thing counted is named after it.
_SCHEME_END = ("项目", "工程", "计划")
#: A level or a place's inside before the figure, no thing: '乡级60千瓦光伏电站', '组内2.4公里便道'.
_PLACE_MODIFIER = re.compile(r"(?:全|本|该)?[村乡镇县市省区组屯户](?:级|内|里|中)")
#: A verb that heads a compound noun rather than ending one: '养殖小区', '种植基地', '加工车间'.
_COMPOUND_HEAD = re.compile(
    r"小区|基地|场|厂|园|中心|车间|大棚|合作社|公司|设备|设施|工程|室|站|池|大户|户|能手|示范|路(?![\u4e00-\u9fff])"
)


def _verb_in(noun: str) -> re.Match[str] | None:
    """The first verb inside a noun read after its figure that ends the noun: not one a noun
    head follows ('900平方米肉兔养殖小区' keeps 养殖小区)."""
    for verb in ITEM_VERB.finditer(noun, 2):
        if not _COMPOUND_HEAD.match(noun, verb.end()):
            return verb
    return None


#: The words before a total of what the figure before counts: '3条共5公里', '4座,总长1.2公里'.
_TOTAL_LEAD = re.compile(r"[,、]?(?:共计|共|合计|总计|计|总长|全长|累计)")


_LIST_BREAK = re.compile(r"[和及与、]")
#: Sizes that describe the thing a figure counts: '4米宽水泥路', '长18米、宽6.5米桥梁'.
_SIZES = re.compile(r"(?:(?:长|宽|深|高|厚)?约?\d+(?:\.\d+)?(?:米|公里|厘米)(?:宽|长|深|高|厚)?[、,的]?)+")
_SIZE_LEAD = re.compile(r"(?:一|每)?(?:条|座|个|处)?(?:全长|总长|长|宽)(?:约|达|为|约为)?$")
_SIZE_CHAIN = re.compile(r"(?:[、,]?(?:宽|深|高|厚)约?\d+(?:\.\d+)?(?:米|厘米))+(?=的)")


#: Whose a thing is, written before it: '(收购)贫困户的黄牛', '村民的'.
_OWNER = re.compile(r"(?:建档立卡)?(?:贫困户|脱贫户|农户|村民|群众|贫困群众)的?")
#: A conjunction left opening the words of the next thing in a list: '(…仓库)和包装生产线'.
_JOINER_LEFT = re.compile(r"^[和及与](?=[\u4e00-\u9fff]{2})")


#: What an item is written with: Han characters, list marks, a word in brackets ('通村(组)道路').
_ITEM_CHARS = re.compile(rf"(?:[{H}、]|[(（][{H}]{{1,4}}[)）])+")


def _noun_phrase(text: str) -> str | None:
    text = ITEM_TAIL_VERB.sub("", text.strip("、,的 "))
    text = _JOINER_LEFT.sub("", text)
    owner = _OWNER.match(text)
    if owner is not None and len(text) - owner.end() >= 2:
        text = text[owner.end() :]  # '贫困户黄牛': the cattle
    if len(text) > ITEM_MAX:
        cut = text.rfind("的")
        text = text[cut + 1 :] if cut >= 0 else ""
    if len(text) < 2 or len(text) > ITEM_MAX or not _ITEM_CHARS.fullmatch(text) or ITEM_NOT.fullmatch(text):
        return None
    if COUNTED_ONLY.fullmatch(text):
        return None
    verb = ITEM_VERB.match(text)
    if ITEM_ROUTE.search(text) or (verb and not ITEM_LEAD.sub("", text[verb.end() :])):
        return None
    return text


#: A news opener before the first sentence: an outlet, a place and a date, the reporters.
_NEWS_OPENER = re.compile(
    r"^[\u4e00-\u9fff]{2,16}?(?:讯|电|\d{1,2}月\d{1,2}日(?:讯|电)?)\s*[(（][^()（）]{2,40}[)）]\s*"
)


def summary(ctx: Context, found: MeasureFound) -> str:
    doc = ctx.doc
    parts = []
    for k, (start, end) in enumerate(found.spans):
        piece = doc.folded[start:end]
        money_only = not ACTION.search(INVEST_CUE.sub("", piece))
        holds_money = found.investment is not None and start <= found.investment.start < end
        for_purpose = k + 1 < len(found.spans) and PURPOSE.match(doc.folded, found.spans[k + 1][0]) is not None
        if holds_money and len(found.spans) > 1 and money_only and not for_purpose:
            continue  # (the money stays before what it is for: '争取资金30万元,用于…')
        piece = _NEWS_OPENER.sub("", piece.strip())  # '云岭网青山5月2日(记者王丽)…': the byline
        parts.append(CONNECTIVE.sub("", piece))
    summary = re.sub(r"\s+", "", "，".join(p for p in parts if p))
    for left, right in ("“”", "《》", "（）", "()"):
        if summary.startswith(left) and summary.count(left) > summary.count(right):
            summary = summary[1:]  # '“近三年完成危房改造40户': the quote opened before the measure
    return cut_summary(summary) or "帮扶措施"


#: A verb's word that is part of a noun before it: 党组织, 基层组织 (no cut before 组织 there).
_NOUN_NOT_VERB = re.compile(r"[党层]组织")


def cut_summary(text: str, limit: int = SUMMARY_MAX_CHARS) -> str:
    """``text`` within ``limit`` characters, cut only where a word ends: at a clause or list
    break, after a figure with its unit, or before a verb; never inside 《》 or quotes."""
    if len(text) <= limit:
        return text
    cuts = [m.start() for m in SUMMARY_BREAK.finditer(text, 0, limit + 1)]
    # after a figure with its whole unit: '850平方米' is never cut to '850平方'
    cuts += [a.end for a in iter_amounts(text) if not a.chinese and a.end <= limit]
    cuts += [m.start() for m in ITEM_VERB.finditer(text, 1, limit + 1) if not _NOUN_NOT_VERB.match(text, m.start() - 1)]
    for cut in sorted(set(cuts), reverse=True):
        if cut < 6 or cut > limit:
            continue
        head = text[:cut]
        if any(head.count(left) > head.count(right) for left, right in ("《》", "“”", "()")):
            continue
        return head.rstrip("，、；,;:：的和及与")
    return ""
