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
from llmx.core.numbers import AmountMatch
from llmx.core.records import SUMMARY_MAX_CHARS, Evidence

_INVEST_CUE = re.compile(
    r"投入|投资|筹措|筹集|争取|协调|整合|拨付|下拨|捐赠|捐助|捐款|援助|资助|帮扶资金|扶贫资金|专项资金|项目资金"
    r"|资金|概算|发放|贷款|入股|奖补|补助|补贴|投放"
)
_ACTION = re.compile(
    r"修建|新建|建成|建起|建设|建立|硬化|铺设|修复|改造|维修|修缮|安装|购置|配备|种植|栽植|植树|造林|清理|整治|流转"
    r"|租用|租赁|发放|成立|组建|开展|组织|召开|举办|培训|慰问|资助|救助|安置|搬迁|吸纳|带动|打造|新修|新筑|拓宽|增设"
    r"|实施|落实|签订|表彰|捐赠|赠送|新增|完成|改善|提升|平整|动工|开工|施工|援建|捐建|帮建|维护|疏通|架设|新打|打井"
    r"|引进|扶持|安排|提供|开办|开设|设立|解决|推广|整修|绿化|亮化|美化|硬化|购买|添置|配置|建造|搭建|栽种|种上|新栽"
)
_POLICY = re.compile(
    r"享受|落实|纳入|易地搬迁|搬迁|危房改造|改造|签订|签约|吸纳|安置|救助|资助|慰问|培训|入股|投劳|贷款|就业|务工"
    r"|转移|帮扶措施|公益岗|护林员|保洁员|医疗|保险|助学|补助"
)
_OUTCOME = re.compile(
    r"达到|实现|增收|收入|产值|分红|效益|利润|人均|户均|年均|平均|占比|占全|占总|所占|比例|比重|超过|不到|以上|已有|提高|增加"
    r"|减少|下降|脱贫(?!攻坚)"
)
_BENEFIT = re.compile(r"惠及|带动|受益|覆盖|辐射")
_SCOPE = re.compile(r"个(?:深度)?(?:贫困|行政|重点)?村|个乡|个镇")
_DIMENSION = re.compile(r"(?:深|宽|长|高|厚|直径|相距|距离|海拔|面积为)约?$")
_PER_UNIT = re.compile(r"每|人均|户均|亩均|/")
_PLANNED = re.compile(r"计划|拟|将要|将在|准备|预计|力争|年内|明年|下一步|规划")
_ONGOING = re.compile(r"正在|在建|施工之中|施工中|动工|开工|即将|推进|启动|已批准立项|进行中")
_CONNECTIVE = re.compile(r"^(?:并|同时|还|又|另外|此外|先后|累计|共|其中|通过|为|由|对|把|将|在|已|均|再|也)+")
_YEAR = re.compile(r"((?:19|20)\d{2})年(?!以来|来|起|至今|开始|以后|后)|(今年|去年|前年|当年|本年度)")
_AREA_WIDE = re.compile(r"全县|全市|全省|全区|全州|县里|县级|各村|各乡|各县")
_TIME_CLAUSE = re.compile(
    r"(?:截至|截止|到|至|在|从|自|于)?(?:(?:19|20)\d{2}年|今年|去年|前年)(?:底|末|初|上半年|下半年)?(?:\d{1,2}月(?:份|底|初)?)?"
    r"(?:\d{1,2}日)?(?:前|底)?"
)
def _words(*chunks: str) -> tuple[str, ...]:
    return tuple(" ".join(chunks).split())


_METRIC_SKIP_UNITS = frozenset(_words("次 届 期 批 批次 场次 台次 车次 节 篇 口 页 件 位 种 项 条 部 处"))
_COUNT_UNITS = frozenset({"户", "人"})
_NOT_OUTPUT = _COUNT_UNITS | {"元", "%"}


#: Measure categories by keyword (SPEC section 3); see ``categorise`` for how they weigh.
CATEGORY_KEYWORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("housing", _words("易地搬迁 搬迁 危房 住房 安置房 安居 房屋改造")),
    ("finance", _words("贷款 贴息 小额 互助资金 信贷 入股 分红 金融 资金互助")),
    ("employment", _words("就业 务工 公益岗 公益性岗位 劳动力转移 转移 护林员 保洁员 投劳 岗位")),
    ("education", _words("学校 助学 教育 学生 奖学金 幼儿园 学费 校舍")),
    ("health", _words("卫生所 卫生室 卫生院 医疗 医保 体检 大病 轮椅 诊所 健康 义诊 药")),
    ("social_security", _words("低保 五保 养老 慰问 救济 敬老 救助 特困 残疾 米、面 米面油")),
    ("environment", _words(
        "垃圾 绿化 植树 造林 厕所 公厕 路灯 亮化 环境 村容 美化 污水 卫生整治 改厕",
        "保洁 围墙 景观 墙立面 街巷",
    )),
    ("culture", _words("文化 广场 书屋 表彰 舞台 文艺 图书 戏台 健身 活动场所")),
    ("training", _words("培训 宣传 扶志 扶智 讲座 技能 夜校 爱心超市")),
    ("governance", _words("党建 党支部 党员 办公 村委 两委 阵地 制度 档案 会议 工作站 组织 纪律 管理办法 座谈 党课")),
    ("industry", _words(
        "种植 养殖 合作社 光伏 流转 大棚 加工 电商 旅游 产业 香菇 食用菌 果 茶 牛 羊 猪 鸡 蜂",
        "中药材 扶贫车间 企业 基地 农产品 冷库 保鲜库",
    )),
    ("infrastructure", _words(
        "道路 公路 修路 硬化 桥 饮水 自来水 水网 水渠 灌溉 电网 网络 宽带 护坡 扬水站 打谷场 水利",
        "节水 管网 蓄水池 水窖 水井 机井 通村 路 水 电 喇叭 广播 铺设 公里 出行 水泥路 柏油路",
        "地质灾害 泥石流 治理 土地整治",
    )),
)


_KEYWORD_CATEGORY = {word: category for category, words in CATEGORY_KEYWORDS for word in words}
_KEYWORDS = re.compile("|".join(sorted(map(re.escape, _KEYWORD_CATEGORY), key=len, reverse=True)))
_CATEGORY_ORDER = {category: i for i, (category, _) in enumerate(CATEGORY_KEYWORDS)}


def categorise(text: str) -> str:
    """The category whose keywords weigh most in ``text`` (longer keywords weigh more);
    a tie goes to the keyword met first, since the action usually leads the clause."""
    scores: dict[str, int] = {}
    first: dict[str, int] = {}
    for m in _KEYWORDS.finditer(text):
        category = _KEYWORD_CATEGORY[m.group()]
        scores[category] = scores.get(category, 0) + len(m.group())
        first.setdefault(category, m.start())
    if not scores:
        return "other"
    return max(scores, key=lambda c: (scores[c], -first[c], -_CATEGORY_ORDER[c]))


class _Consumed:
    """Character positions already used by a record: a figure is used once."""

    def __init__(self, size: int) -> None:
        self._mask = bytearray(size)

    def append(self, span: tuple[int, int]) -> None:
        start, end = span
        self._mask[start:end] = b"\x01" * (min(end, len(self._mask)) - start)

    def overlaps(self, start: int, end: int) -> bool:
        return self._mask.find(1, start, end) != -1


@dataclass(slots=True)
class Context:
    """Per-document facts the figure rules share."""

    doc: Doc
    villages: list[str]
    teams: list[TeamFound]
    ref_year: int | None
    county: str | None  # the one county the document names, if exactly one
    county_alias: str | None
    #: The year a work summary covers (``2017年上半年工作总结``): its actions' default year.
    summary_year: int | None = None
    consumed: _Consumed = field(init=False)
    mentions: list[tuple[int, str, str | None]] = field(default_factory=list)  # (start, name, township)
    _occurrences: list[tuple[int, str]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.consumed = _Consumed(len(self.doc.text))
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
        return self.consumed.overlaps(start, end)

    def village_before(self, pos: int, floor: int) -> str | None:
        """The village named last before ``pos`` and at or after ``floor``."""
        i = bisect_right(self._occurrences, (pos, "\uffff"))
        if i and self._occurrences[i - 1][0] >= floor:
            return self._occurrences[i - 1][1]
        return None

    def last_village_position(self, pos: int) -> int:
        i = bisect_right(self._occurrences, (pos, "\uffff"))
        return self._occurrences[i - 1][0] if i else -1

    def occurrences_in(self, start: int, end: int) -> list[tuple[int, str]]:
        """(position, village) of every village name written in [start, end)."""
        i = bisect_right(self._occurrences, (start, ""))
        out = []
        while i < len(self._occurrences) and self._occurrences[i][0] < end:
            out.append(self._occurrences[i])
            i += 1
        return out

    def villages_in(self, start: int, end: int) -> set[str]:
        return {name for pos, name in self._occurrences if start <= pos < end}

    def current_village(self, sentence: Sentence, pos: int, paragraphs_back: int = 0) -> str | None:
        """The village the narrative is about at ``pos``: named earlier in this sentence, this
        paragraph or up to ``paragraphs_back`` paragraphs before; or the document's only one."""
        first = max(0, sentence.paragraph - paragraphs_back)
        floor = self.doc.paragraphs[first][0]
        named = self.village_before(pos, floor)
        if named is not None:
            # Several villages named in the same sentence: a joint action, no single village.
            if len(self.villages_in(sentence.start, pos)) > 1:
                return None
            return named
        return self.villages[0] if len(self.villages) == 1 else None

    def year_of(self, sentence: Sentence, clause_start: int, pos: int) -> int | None:
        """A year stated in the clause before ``pos``, or by a time phrase opening the sentence."""
        found = self._year_in(clause_start, pos)
        if found is not None:
            return found
        segment_start = self.doc.folded.rfind(";", sentence.start, clause_start) + 1 or sentence.start
        segment_start = max(segment_start, sentence.start)
        for start, end in reversed(self.doc.clauses(segment_start, clause_start)):
            if _TIME_CLAUSE.fullmatch(self.doc.folded[start:end]):
                return self._year_in(start, end)
        return None

    def _year_in(self, start: int, end: int) -> int | None:
        year = None
        for m in _YEAR.finditer(self.doc.folded, start, end):
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


def _stat_patterns(who: str) -> list[re.Pattern[str]]:
    not_poor = r"(?!贫困|建档|低保|五保|脱贫|一般|监测|边缘)"
    return [
        re.compile(
            rf"{who}(?:辖\d+个(?:村民小组|自然村|组)[,、]?)?(?:共有|共|现有|有|总户数|户籍户数|居民|农业户|农户|人家|总户)*"
            rf"(?:为|达)?(?P<households>\d+)户{not_poor}(?:[,、]?(?:总人口|人口|农业人口|共)?(?P<population>\d+)(?:人|口))?"
        ),
        re.compile(rf"{who}(?:共有|共|现有|有)?(?:总人口|人口|农业人口|常住人口|户籍人口)(?:共|为|有|达)?(?P<population>\d+)(?:人|口)"),
        re.compile(rf"{who}(?:有|共有|共)?(?:建档立卡)?贫困户(?:共|有|为)?(?P<poor_households>\d+)户(?:[,、]?(?P<poor_population>\d+)人)?"),
        re.compile(rf"{who}(?:有|共有|共)?(?P<poor_households>\d+)户(?:建档立卡)?贫困户"),
    ]


#: Statements anchored on 全村/该村 ..., and the same read right after a village's name.
_ANCHORED = _stat_patterns(r"(?:全村|该村|本村|村里|村内|全村共)")
_AFTER_NAME = _stat_patterns(r"(?:全村|村)?")
#: Statements that need no anchor.
_FREE = [
    re.compile(
        r"(?:建档立卡(?:贫困户|贫困人口|户)?|其中(?:有)?(?:建档立卡)?贫困户)(?:共有|共|有|为)?(?P<poor_households>\d+)户"
        r"(?:[,、]?(?P<poor_population>\d+)人)?"
    ),
    re.compile(r"(?P<poor_households>\d+)户(?:建档立卡)?贫困户(?:[^,;。]{0,12}?)全部(?:脱贫|退出|摘帽)"),
    re.compile(r"(?:建档立卡贫困人口|其中贫困人口|建档立卡人口)(?:共|为|有)?(?P<poor_population>\d+)人"),
    re.compile(
        r"(?:贫困发生率|贫困面|贫困率|贫困人口占(?:全村)?(?:总|农业)?人口(?:的)?(?:比例|比重)?(?:的)?)"
        r"(?:为|达到|达|是|高达|仍有|由)?了?(?P<poverty_rate_pct>\d+(?:\.\d+)?)%"
    ),
    re.compile(
        r"(?P<exit_year>(?:19|20)\d{2})年(?:底|末)?,?(?P<mid>[^,;。]{0,8}?)"
        r"(?:整村脱贫|整村出列|脱贫摘帽|脱贫出列|出列|摘掉了?[“\"']?贫困村[”\"']?(?:的)?帽子|退出贫困村|贫困村退出|摘帽)"
        r"(?![\d一二三四五六七八九十])"
    ),
]


_DIGIT = re.compile(r"\d")
_VILLAGE_CUE = re.compile(r"全村|该村|本村|村里|村内|整村|贫困村|村集体|村民")


@dataclass(slots=True)
class VillageStats:
    values: dict[str, Any] = field(default_factory=dict)
    evidence: list[Evidence] = field(default_factory=list)


def village_stats(ctx: Context) -> dict[str, VillageStats]:
    """Baseline facts per village name; the first statement of a fact wins."""
    doc = ctx.doc
    matches: list[re.Match[str]] = []
    for start, end in doc.paragraphs:
        if not _DIGIT.search(doc.folded, start, end):
            continue
        for pattern in (*_ANCHORED, *_FREE):
            matches.extend(pattern.finditer(doc.folded, start, end))
        for pos, name in ctx.occurrences_in(start, end):
            form_end = pos + (len(name) if doc.folded.startswith(name, pos) else len(name) - 1)
            for pattern in _AFTER_NAME:
                m = pattern.match(doc.folded, form_end, end)
                if m:
                    matches.append(m)
    stats: dict[str, VillageStats] = {}
    for m in sorted(matches, key=lambda m: (m.start(), -m.end())):
        sentence = doc.sentence_at(m.start())
        if sentence is None or ctx.is_consumed(m.start(), m.end()):
            continue
        values = {k: v for k, v in m.groupdict().items() if v is not None and k != "mid"}
        if not values or ("exit_year" in values and not _exit_ok(m, doc, sentence)):
            continue
        village = _stat_subject(ctx, sentence, m.start(), m.end())
        if village is None:
            continue
        entry = stats.setdefault(village, VillageStats())
        fresh = {k: v for k, v in values.items() if k not in entry.values}
        if not fresh:
            continue
        for key, raw in fresh.items():
            entry.values[key] = float(raw) if key == "poverty_rate_pct" else int(raw)
        named_at = [p for p, _ in ctx.occurrences_in(sentence.start, m.start() + 1)]
        start = min(m.start(), max(named_at, default=m.start()))
        evidence = doc.evidence(start if m.start() - start <= 8 else m.start(), m.end())
        if evidence is not None:
            entry.evidence.append(evidence)
        for key in values:
            ctx.consumed.append((m.start(key), m.end(key) + 1))
    return stats


def _exit_ok(m: re.Match[str], doc: Doc, sentence: Sentence) -> bool:
    before = doc.folded[max(sentence.start, m.start() - 6) : m.end()]
    if re.search(r"计划|拟|力争|确保|目标|将|预计|争取", before):
        return False
    clause_start = max(doc.folded.rfind(",", sentence.start, m.start()), sentence.start)
    clause = doc.folded[clause_start : m.end()]
    return not re.search(r"县|市|乡|镇|省|户", m.group("mid") or "") and "全县" not in clause


def _stat_subject(ctx: Context, sentence: Sentence, start: int, end: int) -> str | None:
    named = ctx.village_before(end, sentence.start)
    if named is not None:
        return named
    text = ctx.doc.folded[sentence.start : end]
    if _AREA_WIDE.search(text) or re.search(r"[县镇乡]", ctx.doc.folded[max(sentence.start, start - 8) : start]):
        return None
    return ctx.current_village(sentence, start)


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
    benefit: bool

    @property
    def bare_invest(self) -> bool:
        """An investment clause that does not say what the money did ('总投资20万元')."""
        return self.invest is not None and not _ACTION.search(_INVEST_CUE.sub("", self.text))


def _usable_in_measure(folded: str, a: AmountMatch, end: int) -> bool:
    # Chinese numerals count only after their noun at a clause end (轮椅一台, 保鲜库一座);
    # before a noun they are mostly idiom (一户一档, 一年一个项目).
    if a.chinese:
        return a.end >= end or folded[a.end] in "、和及"
    return not _SCOPE.match(folded, a.end - 1) and not _SCOPE.match(folded, a.end - 2)


def _clause(ctx: Context, start: int, end: int) -> _Clause:
    folded = ctx.doc.folded
    text = folded[start:end]
    amounts = [
        a for a in ctx.doc.amounts_in(start, end)
        if not ctx.is_consumed(a.start, a.end) and _usable_in_measure(folded, a, end)
    ]
    money = [a for a in amounts if a.amount.unit == "元"]
    invest = None
    for a in money:
        lead = folded[start : a.start]
        if _INVEST_CUE.search(lead) and not _PER_UNIT.search(lead) and not _OUTCOME.search(lead):
            invest = a
            break
    quantities = [
        a for a in amounts
        if a.amount.unit not in _NOT_OUTPUT and not _PER_UNIT.search(folded[max(start, a.start - 3) : a.start])
    ]
    counts = [a for a in amounts if a.amount.unit in _COUNT_UNITS]
    return _Clause(
        start, end, text, amounts, money, invest, quantities, counts,
        action=bool(_ACTION.search(text)), outcome=bool(_OUTCOME.search(text)),
        per_unit=bool(_PER_UNIT.search(text)), benefit=bool(_BENEFIT.search(text)),
    )


def find_measures(ctx: Context) -> list[MeasureFound]:
    """Investment-led measures first, then action + output and policy + beneficiary ones."""
    doc = ctx.doc
    measures: list[MeasureFound] = []
    for sentence in doc.sentences:
        if not doc.amounts_in(sentence.start, sentence.end):
            continue
        for seg_start, seg_end in doc.segments(sentence):
            if not doc.amounts_in(seg_start, seg_end):
                continue  # every measure states a figure
            clauses = [_clause(ctx, s, e) for s, e in doc.clauses(seg_start, seg_end)]
            taken = [False] * len(clauses)
            for i, clause in enumerate(clauses):
                if clause.invest is not None and not taken[i]:
                    measures.append(_investment_measure(ctx, clauses, taken, i))
            for i in range(len(clauses)):
                if not taken[i]:
                    found = _plain_measure(ctx, clauses, taken, i)
                    if found is not None:
                        measures.append(found)
    return measures


def _investment_measure(ctx: Context, clauses: list[_Clause], taken: list[bool], i: int) -> MeasureFound:
    """The money clause, the action it paid for, and the outputs listed after it."""
    clause = clauses[i]
    members = [i]
    has_action = not clause.bare_invest
    if not has_action and i > 0 and not taken[i - 1]:
        prev = clauses[i - 1]
        if not prev.money and prev.action and not prev.outcome:
            members.insert(0, i - 1)
            has_action = True
    beneficiaries: list[AmountMatch] = []
    benefit_clause: int | None = None
    j = i + 1
    while j < len(clauses):
        nxt = clauses[j]
        following = clauses[j + 1] if j + 1 < len(clauses) else None
        if taken[j]:
            break
        if nxt.benefit:
            beneficiaries = _first_counts(nxt)
            benefit_clause = j if beneficiaries else None
            break
        if nxt.money or nxt.per_unit:
            break
        if nxt.quantities and not nxt.outcome:
            members.append(j)
        elif nxt.action and not nxt.amounts and not nxt.outcome:
            # An action right before another investment is that investment's action.
            if following is not None and following.invest is not None and has_action:
                break
            members.append(j)
            has_action = True
        elif nxt.counts and not nxt.outcome and not nxt.quantities and not any(clauses[k].counts for k in members):
            members.append(j)
        elif (
            not nxt.amounts and not nxt.outcome and len(_CONNECTIVE.sub("", nxt.text)) >= 4
            and following is not None and following.quantities
            and not following.money and not following.outcome and not taken[j + 1]
            and not (j + 2 < len(clauses) and clauses[j + 2].bare_invest)
        ):
            members.extend([j, j + 1])  # a linking clause before more outputs
            j += 1
        else:
            break
        j += 1
    return _measure(ctx, clauses, taken, members, clause.invest, beneficiaries, benefit_clause)


def _plain_measure(ctx: Context, clauses: list[_Clause], taken: list[bool], i: int) -> MeasureFound | None:
    """An action with physical outputs (修建护坡200平方米) or a policy with its beneficiaries
    (享受低保政策的有3户3人), with the output clauses that follow it."""
    clause = clauses[i]
    if clause.per_unit or clause.money:
        return None
    physical = bool(clause.action and clause.quantities and not clause.outcome)
    policy = bool(clause.counts and _POLICY.search(clause.text) and not clause.outcome)
    if not (physical or policy):
        return None
    members = [i]
    beneficiaries: list[AmountMatch] = []
    benefit_clause: int | None = None
    for j in range(i + 1, len(clauses)):
        nxt = clauses[j]
        if taken[j]:
            break
        if nxt.benefit:
            beneficiaries = _first_counts(nxt)
            benefit_clause = j if beneficiaries else None
            break
        if nxt.money or nxt.outcome or nxt.per_unit:
            break
        if physical and nxt.quantities and not nxt.counts:
            members.append(j)
        elif nxt.action and not nxt.amounts:
            members.append(j)
            break
        elif nxt.counts and not nxt.quantities and not any(clauses[k].counts for k in members):
            members.append(j)
        else:
            break
    return _measure(ctx, clauses, taken, members, None, beneficiaries, benefit_clause)


def _first_counts(clause: _Clause) -> list[AmountMatch]:
    """The first 户 and the first 人 count of a beneficiary clause (惠及8个村民小组5760人)."""
    out: list[AmountMatch] = []
    for a in clause.counts:
        if all(b.amount.unit != a.amount.unit for b in out):
            out.append(a)
    return out


def _measure(
    ctx: Context,
    clauses: list[_Clause],
    taken: list[bool],
    members: list[int],
    invest: AmountMatch | None,
    beneficiaries: list[AmountMatch],
    benefit_clause: int | None,
) -> MeasureFound:
    chosen = [clauses[k] for k in members]
    for k in members:
        taken[k] = True
    end = chosen[-1].end
    if benefit_clause is not None:
        # The beneficiaries' clause ends the quote so the counts stand in the evidence;
        # its other figures (8个村民小组) stay free for metrics.
        taken[benefit_clause] = True
        end = max(end, clauses[benefit_clause].end)
    found = MeasureFound(start=chosen[0].start, end=end, spans=[(c.start, c.end) for c in chosen])
    found.investment = invest
    counts: list[AmountMatch] = []
    for clause in chosen:
        found.quantities.extend(clause.quantities)
        counts.extend(clause.counts)
    counts.extend(beneficiaries)
    for a in counts:
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
    villages = ctx.villages_in(found.start, found.end)
    village: str | None = None
    if len(villages) == 1:
        village = next(iter(villages))
    elif not villages and not _AREA_WIDE.search(text) and not _SCOPE.search(text) and not _county_level(
        ctx, sentence, found.start
    ):
        village = ctx.current_village(sentence, found.start, paragraphs_back=2)
    status = "done"
    if _PLANNED.search(text):
        status = "planned"
    elif _ONGOING.search(text):
        status = "ongoing"
    quantities = [
        {"value": a.amount.value, "value_max": a.amount.value_max, "approx": a.amount.approx,
         "unit": a.amount.unit, "item": _item_for(doc.folded, a, found)}
        for a in found.quantities
    ]
    return {
        "village": village,
        "category": categorise(text),
        "summary": _summary(ctx, found),
        "status": status,
        "investment_yuan": found.investment.amount.value if found.investment else None,
        "quantities": quantities,
        "households": int(found.households.amount.value) if found.households else None,
        "people": int(found.people.amount.value) if found.people else None,
        "year": ctx.year_of(sentence, found.start, found.end) or ctx.summary_year,
    }


def _county_level(ctx: Context, sentence: Sentence, pos: int) -> bool:
    text = ctx.doc.folded[sentence.start : pos]
    if ctx.last_village_position(pos) >= sentence.start:
        return False
    return bool(_AREA_WIDE.search(text) or (ctx.county_alias and ctx.county_alias in text))


_ITEM_AFTER = re.compile(r"的?([\u4e00-\u9fff]{2,10})")
_ITEM_BEFORE = re.compile(
    r"(?:修建|新建|建成|建起|建设|硬化|铺设|修复|改造|安装|购置|配备|种植|栽植|清理|流转|租用|新修|新筑|拓宽|增设|发展|发放"
    r"|动用|建|修|装|种|养)+了?([\u4e00-\u9fff、]{1,12})$"
)


def _item_for(folded: str, a: AmountMatch, found: MeasureFound) -> str | None:
    clause_start = max([s for s, _ in found.spans if s <= a.start] or [found.start])
    before = folded[clause_start : a.start]
    m = _ITEM_BEFORE.search(before)
    if m and m.group(1).strip("、"):
        return m.group(1).strip("、")[:12]
    after = _ITEM_AFTER.match(folded, a.end)
    if after and not re.match(r"[\u4e00-\u9fff]?(?:进行|的收入|收入)", after.group(1)):
        return after.group(1)[:12]
    tail = re.search(r"([\u4e00-\u9fff]{2,8})$", before)
    return tail.group(1) if tail else None


def _summary(ctx: Context, found: MeasureFound) -> str:
    doc = ctx.doc
    parts = []
    for start, end in found.spans:
        piece = doc.folded[start:end]
        money_only = not _ACTION.search(_INVEST_CUE.sub("", piece))
        holds_money = found.investment is not None and start <= found.investment.start < end
        if holds_money and len(found.spans) > 1 and money_only:
            continue
        parts.append(_CONNECTIVE.sub("", piece.strip()))
    summary = re.sub(r"\s+", "", "，".join(p for p in parts if p))
    if len(summary) > SUMMARY_MAX_CHARS:
        cut = summary.rfind("，", 0, SUMMARY_MAX_CHARS)
        summary = summary[:cut] if cut >= 8 else summary[:SUMMARY_MAX_CHARS]
    return summary or "帮扶措施"


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
    if a.amount.value == 0 or a.amount.unit in _METRIC_SKIP_UNITS:
        return False
    if a.chinese:
        return bool(_TEAM_COUNT.match(folded, a.start))
    before = folded[max(clause_start, a.start - 4) : a.start]
    after = folded[a.end : a.end + 2]
    if folded[max(0, a.start - 1) : a.start] == ":" or before.endswith(("第", "编号", "电话", "号")):
        return False  # a clock time (16:23), an ordinal or a phone number
    if _DIMENSION.search(before):
        return False
    if a.raw_unit == "个" and after.startswith(("月", "小时", "工作日", "季度", "百分点", "星期")):
        return False
    clause = folded[clause_start : a.end + 4]
    if "每" in clause and re.search(r"\d+次|两次|一次", clause):
        return False
    if re.search(r"阅读|浏览|点击|电话|热线|邮编", clause):
        return False
    if _SCOPE.match(folded, a.end - 1):
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
    if _AREA_WIDE.search(text):
        return None
    return ctx.current_village(sentence, pos, paragraphs_back=2)
