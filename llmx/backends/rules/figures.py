"""Figures: village statistics, measures (investments and outputs) and the other metrics.

The genre states village baselines in set phrases (全村X户Y人, 建档立卡贫困户X户Y人,
贫困发生率X%, X年脱贫摘帽/出列), investments as a money clause with a funding verb
(投入/投资/争取/筹措 ... X万元) next to the action it paid for and the outputs it produced,
and everything else as a number with a counter word. Each figure is used once: what a
village or measure takes is not repeated as a metric.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Any

from llmx.backends.rules.places import TeamFound
from llmx.backends.rules.text import Doc, Sentence
from llmx.core.records import SUMMARY_MAX_CHARS, Evidence
from llmx.normalize import AmountMatch, to_simplified

_INVEST_CUE = re.compile(
    r"投入|投资|筹措|筹集|争取|协调|整合|拨付|下拨|捐赠|捐助|捐款|援助|资助|帮扶资金|扶贫资金|专项资金|项目资金"
    r"|资金|概算|发放|贷款|入股|奖补|补助|补贴|投放"
)
_ACTION = re.compile(
    r"修建|新建|建成|建起|建设|建立|硬化|铺设|修复|改造|维修|修缮|安装|购置|配备|种植|栽植|植树|造林|清理|整治|流转"
    r"|租用|租赁|发放|成立|组建|开展|组织|召开|举办|培训|慰问|资助|救助|安置|搬迁|吸纳|带动|打造|新修|新筑|拓宽|增设"
    r"|实施|落实|签订|表彰|捐赠|赠送|新增|完成|改善|提升|平整|动工|开工|施工|铺|修|建|装|种|养|购|配|援建|捐建|帮建"
    r"|引进|扶持|安排|提供|开办|开设|设立|联系|协调|解决|推广|整修|绿化|亮化|美化"
)
_POLICY = re.compile(
    r"享受|落实|纳入|易地搬迁|搬迁|危房改造|改造|签订|签约|吸纳|安置|救助|资助|慰问|培训|入股|投劳|贷款|就业|务工"
    r"|转移|帮扶措施|公益岗|护林员|保洁员|医疗|保险|助学|补助"
)
_OUTCOME = re.compile(r"达到|实现|增收|收入|产值|分红|效益|利润|人均|户均|年均|平均|占|比例|比重|超过|不到|以上|已有|已经|提高|增加|减少|下降|脱贫")
_PER_UNIT = re.compile(r"每|人均|户均|亩均|/")
_PLANNED = re.compile(r"计划|拟|将要|将在|准备|预计|力争|年内|明年|下一步|规划")
_ONGOING = re.compile(r"正在|在建|施工之中|施工中|动工|开工|即将|推进|启动|已批准立项|进行中")
_CONNECTIVE = re.compile(r"^(?:并|同时|还|又|另外|此外|先后|累计|共|其中|通过|为|由|对|把|将|在|已|均|再|也)+")
_YEAR = re.compile(r"((?:19|20)\d{2})年(?!以来|来|起|至今|开始|以后|后)|(今年|去年|前年|当年|本年度)")
_AREA_WIDE = re.compile(r"全县|全市|全省|全区|全州|县里|县级|各村|各乡|各县")
_METRIC_SKIP_UNITS = frozenset({"次", "届", "期", "批", "批次", "场次", "台次", "车次", "节", "篇", "口", "页", "件", "位", "种", "项", "条", "部", "处"})
_COUNT_UNITS = frozenset({"户", "人"})

#: Measure categories by keyword, first listed wins a tie (SPEC section 3).
CATEGORY_KEYWORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("housing", ("易地搬迁", "搬迁", "危房", "住房", "安置房", "安居", "房屋改造")),
    ("finance", ("贷款", "贴息", "小额", "互助资金", "信贷", "入股", "分红", "金融", "资金互助")),
    ("employment", ("就业", "务工", "公益岗", "公益性岗位", "劳动力转移", "转移", "护林员", "保洁员", "投劳", "岗位")),
    ("education", ("学校", "助学", "教育", "学生", "奖学金", "幼儿园", "学费", "校舍")),
    ("health", ("卫生所", "卫生室", "卫生院", "医疗", "医保", "体检", "大病", "轮椅", "诊所", "健康", "义诊", "药")),
    ("social_security", ("低保", "五保", "养老", "慰问", "救济", "敬老", "救助", "特困", "残疾", "米、面", "米面油")),
    ("environment", ("垃圾", "绿化", "植树", "造林", "厕所", "公厕", "路灯", "亮化", "环境", "村容", "美化", "污水", "卫生整治", "改厕", "保洁")),
    ("culture", ("文化", "广场", "书屋", "表彰", "舞台", "文艺", "图书", "戏台", "健身", "活动场所")),
    ("training", ("培训", "宣传", "扶志", "扶智", "讲座", "技能", "夜校", "爱心超市")),
    ("governance", ("党建", "党支部", "党员", "办公", "村委", "两委", "阵地", "制度", "档案", "会议", "工作站", "组织")),
    ("industry", ("种植", "养殖", "合作社", "光伏", "流转", "大棚", "加工", "电商", "旅游", "产业", "香菇", "食用菌", "果",
                  "茶", "牛", "羊", "猪", "鸡", "蜂", "中药材", "扶贫车间", "企业", "基地", "农产品", "冷库", "保鲜库")),
    ("infrastructure", ("道路", "公路", "修路", "硬化", "桥", "饮水", "自来水", "水网", "水渠", "灌溉", "电网", "网络", "宽带",
                        "护坡", "扬水站", "打谷场", "水利", "节水", "管网", "蓄水池", "水窖", "水井", "机井", "通村", "路",
                        "水", "电", "喇叭", "广播")),
)


def categorise(text: str) -> str:
    """The category whose keywords occur most in ``text``; earlier in the table wins ties."""
    best, best_score = "other", 0
    for category, words in CATEGORY_KEYWORDS:
        score = sum(text.count(w) * (2 if len(w) > 1 else 1) for w in words)
        if score > best_score:
            best, best_score = category, score
    return best


@dataclass(slots=True)
class Context:
    """Per-document facts the figure rules share."""

    doc: Doc
    villages: list[str]
    teams: list[TeamFound]
    ref_year: int | None
    county: str | None  # the one county the document names, if exactly one
    county_alias: str | None
    consumed: list[tuple[int, int]] = field(default_factory=list)
    _occurrences: list[tuple[int, str]] = field(default_factory=list)

    def __post_init__(self) -> None:
        folded = self.doc.folded
        occ: list[tuple[int, str]] = []
        for name in self.villages:
            forms = {name}
            if name.endswith("村") and len(name) >= 4:
                forms.add(name[:-1])
            for form in forms:
                pos = folded.find(form)
                while pos >= 0:
                    occ.append((pos, name))
                    pos = folded.find(form, pos + 1)
        self._occurrences = sorted(occ)

    def is_consumed(self, start: int, end: int) -> bool:
        return any(s < end and start < e for s, e in self.consumed)

    def village_before(self, pos: int, floor: int) -> str | None:
        """The village named last before ``pos`` and at or after ``floor``."""
        i = bisect_right(self._occurrences, (pos, "\uffff"))
        if i and self._occurrences[i - 1][0] >= floor:
            return self._occurrences[i - 1][1]
        return None

    def villages_in(self, start: int, end: int) -> set[str]:
        return {name for pos, name in self._occurrences if start <= pos < end}

    def year_before(self, sentence: Sentence, pos: int) -> int | None:
        year = None
        for m in _YEAR.finditer(self.doc.folded, sentence.start, pos):
            if m.group(1):
                year = int(m.group(1))
            elif self.ref_year is not None:
                year = {"今年": self.ref_year, "去年": self.ref_year - 1, "前年": self.ref_year - 2}.get(
                    m.group(2), self.ref_year
                )
        return year


# ----------------------------------------------------------------------------------------
# Village statistics
# ----------------------------------------------------------------------------------------

_WHO = r"(?:全村|该村|本村|村里|村内|全村共)"


def _stat_patterns(names: tuple[str, ...]) -> list[tuple[re.Pattern[str], tuple[str, ...]]]:
    who = _WHO
    if names:
        alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
        who = rf"(?:{_WHO}|(?:{alternatives})(?:全村|村)?)"
    not_poor = r"(?!贫困|建档|低保|五保|脱贫|一般|监测|边缘)"
    return [
        (re.compile(
            rf"{who}(?:辖\d+个(?:村民小组|自然村|组)[,、]?)?(?:共有|共|现有|有|总户数|户籍户数|居民|农业户|农户|人家|总户)*"
            rf"(?:为|达)?(?P<households>\d+)户{not_poor}(?:[,、]?(?:总人口|人口|农业人口|共)?(?P<population>\d+)(?:人|口))?"
        ), ()),
        (re.compile(rf"{who}(?:共有|共|现有|有)?(?:总人口|人口|农业人口|常住人口|户籍人口)(?:共|为|有|达)?(?P<population>\d+)(?:人|口)"), ()),
        (re.compile(
            r"(?:建档立卡(?:贫困户|贫困人口|户)?|其中(?:有)?(?:建档立卡)?贫困户)(?:共有|共|有|为)?(?P<poor_households>\d+)户"
            r"(?:[,、]?(?P<poor_population>\d+)人)?"
        ), ()),
        (re.compile(rf"{who}(?:有|共有|共)?(?:建档立卡)?贫困户(?:共|有|为)?(?P<poor_households>\d+)户(?:[,、]?(?P<poor_population>\d+)人)?"), ()),
        (re.compile(rf"{who}(?:有|共有|共)?(?P<poor_households>\d+)户(?:建档立卡)?贫困户"), ()),
        (re.compile(r"(?:建档立卡贫困人口|其中贫困人口|建档立卡人口)(?:共|为|有)?(?P<poor_population>\d+)人"), ()),
        (re.compile(
            r"(?:贫困发生率|贫困面|贫困率|贫困人口占(?:全村)?(?:总|农业)?人口(?:的)?(?:比例|比重)?(?:的)?)"
            r"(?:为|达到|达|是|高达|仍有|由)?了?(?P<poverty_rate_pct>\d+(?:\.\d+)?)%"
        ), ()),
        (re.compile(
            r"(?P<exit_year>(?:19|20)\d{2})年(?:底|末)?,?(?P<mid>[^,;。]{0,8}?)"
            r"(?:整村脱贫|整村出列|脱贫摘帽|脱贫出列|出列|摘掉了?[“\"']?贫困村[”\"']?(?:的)?帽子|退出贫困村|贫困村退出|摘帽)"
            r"(?![\d一二三四五六七八九十])"
        ), ()),
    ]


_VILLAGE_CUE = re.compile(r"全村|该村|本村|村里|村内|整村|贫困村|村集体|村民")


@dataclass(slots=True)
class VillageStats:
    values: dict[str, Any] = field(default_factory=dict)
    evidence: list[Evidence] = field(default_factory=list)


def village_stats(ctx: Context) -> dict[str, VillageStats]:
    """Baseline facts per village name; the first statement of a fact wins."""
    doc = ctx.doc
    patterns = _stat_patterns(tuple(ctx.villages))
    stats: dict[str, VillageStats] = {}
    for sentence in doc.sentences:
        text = doc.folded[sentence.start : sentence.end]
        if not any(ch.isdigit() for ch in text):
            continue
        for pattern, _ in patterns:
            for m in pattern.finditer(doc.folded, sentence.start, sentence.end):
                if ctx.is_consumed(m.start(), m.end()):
                    continue
                values = {k: v for k, v in m.groupdict().items() if v is not None and k != "mid"}
                if "exit_year" in values and not _exit_ok(m, doc, sentence):
                    continue
                village = _stat_subject(ctx, sentence, m.start(), m.group())
                if village is None:
                    continue
                entry = stats.setdefault(village, VillageStats())
                fresh = {k: v for k, v in values.items() if k not in entry.values}
                if not fresh:
                    continue
                for key, raw in fresh.items():
                    entry.values[key] = float(raw) if key == "poverty_rate_pct" else int(raw)
                evidence = doc.evidence(m.start(), m.end())
                if evidence is not None:
                    entry.evidence.append(evidence)
                ctx.consumed.append((m.start(), m.end()))
    return stats


def _exit_ok(m: re.Match[str], doc: Doc, sentence: Sentence) -> bool:
    before = doc.folded[max(sentence.start, m.start() - 6) : m.end()]
    if re.search(r"计划|拟|力争|确保|目标|将|预计|争取", before):
        return False
    clause_start = max(doc.folded.rfind(",", sentence.start, m.start()), sentence.start)
    clause = doc.folded[clause_start : m.end()]
    return not re.search(r"县|市|乡|镇|省|户", m.group("mid") or "") and "全县" not in clause


def _stat_subject(ctx: Context, sentence: Sentence, pos: int, matched: str) -> str | None:
    named = ctx.village_before(pos + len(matched), sentence.start)
    if named is not None:
        return named
    text = ctx.doc.folded[sentence.start : pos + len(matched)]
    if _AREA_WIDE.search(text) or re.search(r"[县镇乡]", text[-12:]):
        return None
    if _VILLAGE_CUE.search(text) or _VILLAGE_CUE.search(matched):
        paragraph_start = ctx.doc.paragraphs[sentence.paragraph][0]
        current = ctx.village_before(pos, paragraph_start)
        if current is not None:
            return current
        if len(ctx.villages) == 1:
            return ctx.villages[0]
    return None


# ----------------------------------------------------------------------------------------
# Measures
# ----------------------------------------------------------------------------------------


@dataclass(slots=True)
class MeasureFound:
    start: int
    end: int
    spans: list[tuple[int, int]]
    investment: AmountMatch | None = None
    quantities: list[AmountMatch] = field(default_factory=list)
    households: AmountMatch | None = None
    people: AmountMatch | None = None


@dataclass(slots=True)
class _Clause:
    start: int
    end: int
    text: str
    amounts: list[AmountMatch]
    money: list[AmountMatch]
    invest: AmountMatch | None
    quantities: list[AmountMatch]
    counts: list[AmountMatch]
    action: bool
    outcome: bool
    per_unit: bool


def _clause(ctx: Context, start: int, end: int) -> _Clause:
    folded = ctx.doc.folded
    text = folded[start:end]
    amounts = [a for a in ctx.doc.amounts_in(start, end) if not ctx.is_consumed(a.start, a.end)]
    money = [a for a in amounts if a.amount.unit == "元"]
    invest = None
    for a in money:
        lead = folded[start : a.start]
        if _INVEST_CUE.search(lead) and not _PER_UNIT.search(lead) and not _OUTCOME.search(lead):
            invest = a
            break
    quantities = [
        a for a in amounts
        if a.amount.unit not in {"元", "%"} | _COUNT_UNITS and not _PER_UNIT.search(folded[max(start, a.start - 3) : a.start])
    ]
    counts = [a for a in amounts if a.amount.unit in _COUNT_UNITS]
    return _Clause(
        start, end, text, amounts, money, invest, quantities, counts,
        action=bool(_ACTION.search(text)), outcome=bool(_OUTCOME.search(text)), per_unit=bool(_PER_UNIT.search(text)),
    )


def find_measures(ctx: Context) -> list[MeasureFound]:
    """Investment-led measures, then action + output measures, then policy beneficiary counts."""
    doc = ctx.doc
    measures: list[MeasureFound] = []
    for sentence in doc.sentences:
        for seg_start, seg_end in doc.segments(sentence):
            clauses = [_clause(ctx, s, e) for s, e in doc.clauses(seg_start, seg_end)]
            taken = [False] * len(clauses)
            for i, clause in enumerate(clauses):
                if clause.invest is None or taken[i]:
                    continue
                members = [i]
                has_action = bool(_ACTION.search(_INVEST_CUE.sub("", clause.text)))
                if not has_action and i > 0 and not taken[i - 1]:
                    prev = clauses[i - 1]
                    if not prev.money and prev.action and not prev.outcome:
                        members.insert(0, i - 1)
                        has_action = True
                for j in range(i + 1, len(clauses)):
                    nxt = clauses[j]
                    if taken[j] or nxt.money or (nxt.outcome and not nxt.quantities) or nxt.per_unit:
                        break
                    if nxt.quantities and not nxt.outcome:
                        members.append(j)
                    elif not has_action and nxt.action and not nxt.amounts:
                        members.append(j)
                        has_action = True
                    else:
                        break
                for k in members:
                    taken[k] = True
                measures.append(_measure(ctx, [clauses[k] for k in members], invest=clause.invest))
            i = 0
            while i < len(clauses):
                clause = clauses[i]
                if taken[i] or not clause.action or clause.per_unit:
                    i += 1
                    continue
                physical = clause.quantities and not clause.outcome
                policy = clause.counts and _POLICY.search(clause.text) and not _OUTCOME.search(clause.text)
                if not (physical or policy):
                    i += 1
                    continue
                members = [i]
                j = i + 1
                while physical and j < len(clauses) and not taken[j]:
                    nxt = clauses[j]
                    if nxt.money or nxt.outcome or nxt.per_unit or not nxt.quantities or nxt.counts:
                        break
                    members.append(j)
                    j += 1
                for k in members:
                    taken[k] = True
                measures.append(_measure(ctx, [clauses[k] for k in members], invest=None))
                i = j
    return measures


def _measure(ctx: Context, clauses: list[_Clause], invest: AmountMatch | None) -> MeasureFound:
    found = MeasureFound(start=clauses[0].start, end=clauses[-1].end, spans=[(c.start, c.end) for c in clauses])
    found.investment = invest
    for clause in clauses:
        for a in clause.quantities:
            found.quantities.append(a)
        for a in clause.counts:
            if a.amount.unit == "户" and found.households is None:
                found.households = a
            elif a.amount.unit == "人" and found.people is None:
                found.people = a
    for a in [found.investment, *found.quantities, found.households, found.people]:
        if a is not None:
            ctx.consumed.append((a.start, a.end))
    return found


def measure_fields(ctx: Context, found: MeasureFound, sentence: Sentence) -> dict[str, Any]:
    """The Measure record's fields for one found measure."""
    doc = ctx.doc
    text = doc.folded[found.start : found.end]
    simplified = to_simplified(text)
    villages = ctx.villages_in(found.start, found.end)
    village: str | None = None
    if len(villages) == 1:
        village = next(iter(villages))
    elif not villages and not _AREA_WIDE.search(text) and not re.search(r"\d+个(?:贫困)?村", text):
        paragraph_start = doc.paragraphs[sentence.paragraph][0]
        village = ctx.village_before(found.start, paragraph_start)
        if village is None and len(ctx.villages) == 1 and not _county_level(ctx, sentence, found.start):
            village = ctx.villages[0]
    status = "done"
    if _PLANNED.search(text):
        status = "planned"
    elif _ONGOING.search(text):
        status = "ongoing"
    quantities = []
    for a in found.quantities:
        quantities.append(
            {"value": a.amount.value, "value_max": a.amount.value_max, "approx": a.amount.approx,
             "unit": a.amount.unit, "item": _item_for(doc.folded, a, found)}
        )
    return {
        "village": village,
        "category": categorise(simplified),
        "summary": _summary(ctx, found),
        "status": status,
        "investment_yuan": found.investment.amount.value if found.investment else None,
        "quantities": quantities,
        "households": int(found.households.amount.value) if found.households else None,
        "people": int(found.people.amount.value) if found.people else None,
        "year": ctx.year_before(sentence, found.end) if _YEAR.search(doc.folded, sentence.start, found.end) else None,
    }


def _county_level(ctx: Context, sentence: Sentence, pos: int) -> bool:
    text = ctx.doc.folded[sentence.start : pos]
    return bool(_AREA_WIDE.search(text) or (ctx.county_alias and ctx.county_alias in text))


_ITEM_AFTER = re.compile(r"的?([\u4e00-\u9fff]{2,10})")
_ITEM_BEFORE = re.compile(r"(?:修建|新建|建成|建起|建设|硬化|铺设|修复|改造|安装|购置|配备|种植|栽植|清理|流转|租用|新修|新筑|拓宽|增设|发展|发放|建|修|装|种|养|了)+([\u4e00-\u9fff、]{1,12})$")


def _item_for(folded: str, a: AmountMatch, found: MeasureFound) -> str | None:
    clause_start = max([s for s, e in found.spans if s <= a.start] or [found.start])
    before = folded[clause_start : a.start]
    m = _ITEM_BEFORE.search(before)
    if m and m.group(1).strip("、"):
        return to_simplified(m.group(1).strip("、"))[:12]
    after = _ITEM_AFTER.match(folded, a.end)
    if after and not re.match(r"[\u4e00-\u9fff]?(?:进行|的收入|收入)", after.group(1)):
        return to_simplified(after.group(1))[:12]
    tail = re.search(r"([\u4e00-\u9fff]{2,8})$", before)
    return to_simplified(tail.group(1)) if tail else None


def _summary(ctx: Context, found: MeasureFound) -> str:
    doc = ctx.doc
    parts = []
    for start, end in found.spans:
        piece = doc.folded[start:end]
        if found.investment is not None and start <= found.investment.start < end and len(found.spans) > 1:
            if not _ACTION.search(_INVEST_CUE.sub("", piece)):
                continue
        parts.append(_CONNECTIVE.sub("", piece.strip()))
    summary = to_simplified("，".join(p for p in parts if p))
    summary = re.sub(r"\s+", "", summary)
    if len(summary) > SUMMARY_MAX_CHARS:
        cut = summary.rfind("，", 0, SUMMARY_MAX_CHARS)
        summary = summary[:cut] if cut >= 8 else summary[:SUMMARY_MAX_CHARS]
    return summary or "帮扶措施"


# ----------------------------------------------------------------------------------------
# Metrics
# ----------------------------------------------------------------------------------------

_NAME_LEAD = re.compile(r"^(?:[,，、]|其中|共有|共|有|达到|达|累计|已|已经|为|是|约|近|超过|不到|仅|全县|全村|还有|现有|目前)+")
_NAME_TAIL = re.compile(r"(?:共有|共|有|达到|达|累计|已|为|是|约|近|超过|不到|在|了|还有)+$")
_TEAM_COUNT = re.compile(r"[二两三四五六七八九十]+支(?:扶贫|驻村|帮扶)*工作队")


@dataclass(slots=True)
class MetricFound:
    amount: AmountMatch
    name: str
    subject: str | None
    year: int | None
    evidence: Evidence


def find_metrics(ctx: Context) -> list[MetricFound]:
    """Every number with a unit not already used, except dates, ages, counters of events."""
    doc = ctx.doc
    seen: set[tuple[float, str]] = set()
    found: list[MetricFound] = []
    units = {t.sent_by for t in ctx.teams if t.sent_by}
    for sentence in doc.sentences:
        for clause_start, clause_end in doc.clauses(sentence.start, sentence.end):
            amounts = [a for a in doc.amounts_in(clause_start, clause_end) if not ctx.is_consumed(a.start, a.end)]
            previous_end = clause_start
            for a in amounts:
                if not _metric_ok(doc, a, clause_start):
                    previous_end = a.end
                    continue
                key = (a.amount.value, a.amount.unit)
                if key in seen:
                    previous_end = a.end
                    continue
                seen.add(key)
                tail = re.match(r"[\u4e00-\u9fff]{0,10}?(?=[,;:。、,]|$|\d)", doc.folded[a.end : clause_end])
                end = a.end + (len(tail.group()) if tail and a.start == clause_start + _lead_len(doc, clause_start, a) else 0)
                start = previous_end if previous_end > clause_start else clause_start
                evidence = doc.evidence(start, max(end, a.end))
                previous_end = a.end
                if evidence is None:
                    continue
                found.append(
                    MetricFound(
                        amount=a,
                        name=_metric_name(doc, start, a, clause_end),
                        subject=_metric_subject(ctx, sentence, a.start, units),
                        year=ctx.year_before(sentence, a.start),
                        evidence=evidence,
                    )
                )
                ctx.consumed.append((a.start, a.end))
    return found


def _lead_len(doc: Doc, clause_start: int, a: AmountMatch) -> int:
    return a.start - clause_start


def _metric_ok(doc: Doc, a: AmountMatch, clause_start: int) -> bool:
    folded = doc.folded
    if a.amount.value == 0 or a.amount.unit in _METRIC_SKIP_UNITS:
        return False
    if a.chinese:
        return bool(_TEAM_COUNT.match(folded, a.start))
    before = folded[max(clause_start, a.start - 2) : a.start]
    after = folded[a.end : a.end + 2]
    if before.endswith(("第", "编号", "电话", "号")) or after.startswith(("月", "小时", "工作日", "季度", "岁")):
        return False
    if a.raw_unit == "个" and after.startswith(("月", "小时", "工作日", "季度", "百分点", "星期")):
        return False
    clause = folded[clause_start : a.end + 4]
    if "每" in clause and re.search(r"\d+次|两次|一次", clause):
        return False
    return not re.search(r"阅读|浏览|点击|电话|热线|邮编", clause)


def _metric_name(doc: Doc, start: int, a: AmountMatch, clause_end: int) -> str:
    lead = doc.folded[start : a.start]
    lead = _NAME_TAIL.sub("", _NAME_LEAD.sub("", lead)).strip(" ,、")
    lead = re.sub(r"(?:19|20)\d{2}年(?:底|末)?", "", lead)
    if len(lead) < 2:
        tail = re.match(r"的?([\u4e00-\u9fff]{2,12})", doc.folded[a.end : clause_end])
        lead = tail.group(1) if tail else ""
    name = to_simplified(re.sub(r"[\s,，;；:：]", "", lead))[-20:]
    return name or a.amount.unit


def _metric_subject(ctx: Context, sentence: Sentence, pos: int, units: set[str]) -> str | None:
    text = ctx.doc.folded[sentence.start : pos]
    if ctx.county and (
        re.search(r"全县|县里|县委|县政府", text) or ctx.county in text or (ctx.county_alias and ctx.county_alias in text)
    ):
        return ctx.county
    village = ctx.village_before(pos, sentence.start)
    if village is not None:
        return village
    for unit in units:
        if unit in to_simplified(text):
            return unit
    if _AREA_WIDE.search(text):
        return None
    paragraph_start = ctx.doc.paragraphs[sentence.paragraph][0]
    village = ctx.village_before(pos, paragraph_start)
    if village is not None and _VILLAGE_CUE.search(text):
        return village
    if len(ctx.villages) == 1 and not ctx.county:
        return ctx.villages[0]
    return None
