"""Measures: an investment or an action with its outputs and beneficiaries.
"""

from __future__ import annotations

import re
from typing import Any

from llmx.backends.rules.context import Context
from llmx.backends.rules.items import MeasureFound, item_for, summary
from llmx.backends.rules.names import name_at
from llmx.backends.rules.tables import (
    ACTION,
    AGGREGATE_MONEY,
    AREA_WIDE,
    BENEFIT,
    CN_OUTPUT_COUNTER,
    COMPLETION,
    CONNECTIVE,
    COUNT_UNITS,
    CUMULATIVE,
    DEVELOPMENT_NOUN,
    EXISTENTIAL,
    INVEST_CUE,
    ITEM_VERB,
    NOT_OUTPUT,
    ONGOING,
    OUTCOME,
    PER_UNIT,
    PLANNED,
    POINT_IN_TIME,
    POLICY,
    PURPOSE,
    SCOPE,
    SPAN_OF_TIME,
    TEAM_COUNT_AFTER,
    TEAM_COUNT_BEFORE,
    TRAINING_EVENT,
    TYPE_BREAKDOWN,
    VERB_OBJECT_ACTION,
    categorise,
    cue_category,
)
from llmx.backends.rules.text import CLAUSE_BREAK, Sentence
from llmx.core.numbers import AmountMatch


class _Clause:
    """One clause of a sentence with its usable figures; the cue-word tests run when asked
    (most clauses are never asked all of them)."""

    __slots__ = (
        "_action",
        "_benefit",
        "_outcome",
        "_per_unit",
        "amounts",
        "counts",
        "end",
        "invest",
        "money",
        "quantities",
        "scale",
        "start",
        "text",
    )

    def __init__(
        self, start: int, end: int, text: str, amounts: list[AmountMatch], money: list[AmountMatch],
        invest: AmountMatch | None, quantities: list[AmountMatch], counts: list[AmountMatch], scale: bool,
    ) -> None:
        self.start, self.end, self.text = start, end, text
        self.amounts, self.money, self.invest = amounts, money, invest
        self.quantities, self.counts = quantities, counts
        self.scale = scale  # a point in time opens the sentence: 发展 there counts scale
        self._action: bool | None = None
        self._outcome: bool | None = None
        self._per_unit: bool | None = None
        self._benefit: bool | None = None

    @property
    def action(self) -> bool:
        if self._action is None:
            # a verb after 的 that names a thing ('4.2公里的硬化水泥路四通八达') is no action;
            # one that is itself the noun ('在…项目的带动下') still is
            self._action = any(
                not _names_a_thing(self.text, m)
                and not (m.group() == "发展" and (self.scale or _noun_use(self.text, m)))
                # ('承担扶贫开发工作': the term for poverty work, no development done)
                and not (m.group() == "开发" and self.text.endswith("扶贫", 0, m.start()))
                for m in ACTION.finditer(self.text)
            ) or _HELPED_SALE.search(self.text) is not None or _HELPED_GROWING.search(self.text) is not None or (
                VERB_OBJECT_ACTION.search(self.text) is not None  # '带领群众修渠2.7公里'
            )
        return self._action

    @action.setter
    def action(self, value: bool) -> None:
        self._action = value

    @property
    def outcome(self) -> bool:
        if self._outcome is None:
            found = OUTCOME.search(self.text)
            if found is not None and found.group() == "实现" and _HELPED_TO_JOBS.search(self.text):
                found = OUTCOME.search(self.text, found.end())  # '帮助18名…劳动力实现转移就业': the help
            self._outcome = found is not None
        return self._outcome

    @property
    def per_unit(self) -> bool:
        if self._per_unit is None:
            self._per_unit = PER_UNIT.search(self.text) is not None
        return self._per_unit

    @property
    def benefit(self) -> bool:
        if self._benefit is None:
            self._benefit = BENEFIT.search(self.text) is not None
        return self._benefit

    @property
    def bare_invest(self) -> bool:
        """An investment clause that does not say what the money did ('总投资20万元')."""
        return self.invest is not None and not ACTION.search(INVEST_CUE.sub("", self.text))


#: Help that got people jobs, its 实现 no outcome: '帮助18名贫困劳动力实现转移就业'.
_HELPED_TO_JOBS = re.compile(r"(?:帮助|协助|推荐|引导|动员|组织)[^,;。]{0,16}?实现了?(?:转移|稳定)?就业")
#: The team helping a household sell or buying its produce (SPEC §3 industry: consumption
#: aid): '帮助贫困户销售香菇300余斤', '上门收购滞销红薯600多斤'. A sale by itself ('卖出600多件')
#: is an outcome, a metric.
_HELPED_SALE = re.compile(r"(?:帮助?|协助|帮忙|代为|上门)[^,;。]{0,12}?(?:销售|推销|代销|售出|卖出|收购)")
#: The team helping a household raise or grow something (§5.1: the help is the measure):
#: '帮助周某养羊23只', '引导村民种植花生500亩'. Raising or growing alone ('村民周某养羊40只',
#: a villager's own '我家种了2亩') is a household's scale, a metric.
_HELPED_GROWING = re.compile(
    r"(?:帮助?|协助|引导|带动|扶持|动员|鼓励|指导)[^,;。]{0,12}?(?:养殖|养[羊牛猪鸡鸭鹅蜂]|种植|种了|栽了|栽种|种)"
)


def _noun_use(text: str, verb: re.Match[str]) -> bool:
    """'…快速发展的一个缩影', '产业发展贫困户': 发展 as a noun, not growing something."""
    return any(m.start() <= verb.start() < m.end() for m in DEVELOPMENT_NOUN.finditer(text))


def _names_a_thing(text: str, verb: re.Match[str]) -> bool:
    """'的硬化水泥路': a verb between 的 and a noun names a kind of thing."""
    after = text[verb.end() : verb.end() + 1]
    return (
        verb.start() > 0 and text[verb.start() - 1] == "的"
        and "\u4e00" <= after <= "\u9fff" and after not in "下中后了过着完好成的"
    )


def _quoted(folded: str, start: int, end: int) -> bool:
    """Whether [start, end) sits inside a short quotation (“…” or "…")."""
    floor = max(0, start - 60)
    opened = max(folded.rfind("“", floor, start), folded.rfind('"', floor, start))
    if opened < 0 or folded.rfind("”", opened, start) >= 0 or folded.find("。", opened, start) >= 0:
        return False
    closing = [at for at in (folded.find("”", end, end + 60), folded.find('"', end, end + 60)) if at >= 0]
    return bool(closing) and folded.find("。", end, min(closing)) < 0


#: '一户' right before another 一 count: the pair means 'each one' ('一户一人', '一村一品').
_ONE_EACH = re.compile(r"一[\u4e00-\u9fff]$")


#: The next group of a list of groups by number: '(四组)、六组'.
_GROUP_LISTED = re.compile(r"、(?:\d{1,2}|[一二三四五六七八九十]{1,3})组")


def _usable_in_measure(folded: str, a: AmountMatch, end: int) -> bool:
    if a.raw_unit in ("组", "社", "队") and folded.endswith("村", 0, a.start) and not a.chinese:
        return False  # '柳湾村4组': the village's group 4, an address, no count
    if a.raw_unit == "组" and (_GROUP_LISTED.match(folded, a.end) or folded.endswith("组、", 0, a.start)):
        return False  # '通四组、六组、八组道路': groups by their numbers, the road's places
    # Chinese numerals count only after their noun at a clause end (轮椅一台, 保鲜库一座);
    # before a noun they are mostly idiom (一户一档, 一年一个项目).
    if a.chinese:
        if _quoted(folded, a.start, a.end):
            return False  # a slogan: '落实了“五个一”帮扶力量', '“修通一条路、开发一块田”'
        if SCOPE.match(folded, a.end - 1):
            return False  # '向两个村倾斜'
        if a.amount.value == 1 and (_ONE_EACH.search(folded, max(0, a.start - 2), a.start) or folded.startswith(
            "一", a.end
        )):
            return False  # '不漏一户一人', '一户一策': each one, no count
        if a.end >= end or folded[a.end] in "、和及":
            return True
        if a.amount.unit == "元" and a.amount.value >= 1000:
            return True  # money in words is no idiom: '筹集三万多元走访慰问…'
        # '修建了1500米的机耕道和一座漫水桥', '建起一座60千瓦的光伏电站': an output after a verb.
        before = folded[max(0, a.start - 12) : a.start]
        return (
            a.raw_unit in CN_OUTPUT_COUNTER and a.amount.value < 100 and not re.search(r"[一二两三]$", before)
            and (
                any(m.end() >= len(before) - 1 for m in ITEM_VERB.finditer(before))
                or before.endswith(("和", "、", "及"))
            )
        )
    if a.raw_unit in ("支", "名", "个") and (
        TEAM_COUNT_BEFORE.search(folded, max(0, a.start - 8), a.start) or TEAM_COUNT_AFTER.match(folded, a.end)
    ):
        return False  # '组建驻村工作队3120支', '1.2万名队员': aggregates
    if a.raw_unit == "个" and folded.startswith(_SPAN_OF_TIME, a.end):
        return False  # '分4个年度扶持', '用了3个月': a span of time, no output
    return not SCOPE.match(folded, a.end - 1) and not SCOPE.match(folded, a.end - 2)


#: Words after N个 that make it a span of time.
_SPAN_OF_TIME = (*SPAN_OF_TIME, "多月")


_SIZE_BEFORE = re.compile(r"(?:宽|宽度|深|深度|高|高度|厚|厚度|直径|海拔)(?:约|为|达|约为)?$")
_SIZE_AFTER = re.compile(r"(?:宽|深|高|厚)")
_LENGTH_BEFORE = re.compile(r"(?:长|长度|全长)(?:约|为|达|约为)?$")
_LENGTH_UNITS = frozenset({"米", "公里", "厘米"})
#: The unit's own people, not those it helps: '组织全局34名干部分成两组'.
_STAFF = re.compile(r"(?:机关|党员)?(?:干部|职工|工作人员|队员|同志)(?!家)")
#: ('需资金18万元', '需上级扶持12万元': money still wanted from above)
_NEEDED = re.compile(
    r"(?:需|需要|尚需|还需|缺口|缺少|缺)(?:上级|省级|市级|县级)?(?:资金|投入|投资|扶持)?(?:达|为|约|近)?$"
)
_AREA_UNITS = frozenset({"亩", "平方米", "平方公里", "公顷"})
#: The extent of land (not of a thing built: '占地面积2600平方米' is a square's size).
_AREA_BEFORE = re.compile(
    r"(?:种植|耕地|林地|荒坡|荒山|可开发|草场|草地|土地|山林|水田|旱地|田地|园地|森林|退耕还林)面积"
    r"(?:约|为|达|有|共|达到|约为|共计)*$"
)
_GROWN = re.compile(r"新增|扩大|扩种|扩建|发展|新建|新种|新栽|改造|流转|完成|实施")
#: Counts of villages, units or households a programme covers: its scope, not its output
#: ('全县86个重点贫困村, 帮扶单位210个').
#: The groups a work reached, after their count: '解决了4个组156户群众的饮水问题', '覆盖3个村民
#: 小组' (not 组织, 组建, 组级垃圾收集点).
_GROUPS_REACHED = re.compile(r"(?:村民)?(?:小)?组(?![织建成装级])")
_SCOPE_NOUN = re.compile(
    r"(?:重点|深度|建档立卡|省级|市级|偏远)*(?:贫困|行政)?村(?![级民委部道路])|(?:帮扶|驻村|结对)?单位"
    r"|" + _GROUPS_REACHED.pattern
)
_SCOPE_NOUN_BEFORE = re.compile(r"(?:帮扶|驻村|结对)单位$")


def _describes(folded: str, a: AmountMatch, amounts: list[AmountMatch]) -> bool:
    """A size that describes the thing built rather than counting the output: a width,
    depth or height ('4米宽水泥路', '宽5米'), or a length where the thing is counted
    ('长18米、宽6.5米桥梁一座' is one bridge; '长460米的水泥路' is 460 m of road)."""
    if a.amount.unit in _AREA_UNITS:
        # '今年烟叶种植面积95亩', '可开发荒坡面积640亩': the extent of what is there, unless grown
        lead = folded[max(0, a.start - 12) : a.start]
        return bool(_AREA_BEFORE.search(lead)) and not _GROWN.search(lead)
    if a.amount.unit not in _LENGTH_UNITS:
        return False
    if _SIZE_BEFORE.search(folded, max(0, a.start - 4), a.start) or _SIZE_AFTER.match(folded, a.end):
        return True
    if _DISTANCE_BEFORE.search(folded, max(0, a.start - 14), a.start):
        return True  # '整体搬迁到距镇上不足15公里的安置点': where it lies, not what was built
    if _LENGTH_BEFORE.search(folded, max(0, a.start - 4), a.start):
        return any(b.start > a.end and b.amount.unit == "座" for b in amounts)
    return False


#: A distance to a place right before a length: '距县城不足', '离镇政府约'.
_DISTANCE_BEFORE = re.compile(r"(?:距离?|(?<![搬远脱分撤隔])离)[\u4e00-\u9fff]{1,10}?(?:不足|不到|约|仅|只有|有)?$")
#: A work named by its money, then begun or finished: '…的260万元道路建设项目也已开工'.
_WORK_UNDER_WAY = re.compile(
    r"的?[\u4e00-\u9fff]{0,12}?(?:项目|工程)(?:也|已|已经|正式|顺利|全面|基本)*(?:开工|动工|完工|竣工|建成|启动|实施|落地)"
)
#: Money named before the verb that puts it into a work: '把…万元资金投入', '将…元用于'.
_PUT_INTO = re.compile(r"[^,;。]{0,8}?(?:投入|投向|用于|全部用于)")


def _clause(ctx: Context, start: int, end: int, sentence_start: int) -> _Clause:
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
        if folded.startswith(_PAID_OUT, a.end):
            continue  # '拿出23.2万元分红': a payout of profit, an outcome (metric)
        if _NEEDED.search(folded, max(start, a.start - 8), a.start):
            continue  # '需资金25万元': money still wanted, a figure of the plan
        if INVEST_CUE.search(lead) and not _rate_in(lead) and not OUTCOME.search(lead):
            invest = a
            break
        if _WORK_UNDER_WAY.match(folded, a.end, end):
            invest = a  # '总造价18.4万元的饮水工程正式开工': the money of a work begun
            break
        if _SPENT_ON.match(folded, a.end, end) and ACTION.search(folded, a.end, end):
            invest = a  # '其中6.1万元用于整治这一路段': money, then the work it paid for
            break
        if folded.endswith(("把", "将"), start, a.start) and _PUT_INTO.match(folded, a.end, end):
            invest = a  # '把45万元专项资金投向村道…': the money named first, its use after
            break
    # '通村路由4米拓宽到6米': the widths before and after, no output
    widened = [(m.start(), m.end()) for m in _WIDENED.finditer(folded, start, end)] if "宽" in text else []
    quantities = [
        a for a in amounts
        if not any(s <= a.start < e for s, e in widened)
        and (a.amount.unit not in NOT_OUTPUT or _RECRUITED.search(folded, max(start, a.start - 10), a.start))
        and not PER_UNIT.search(folded[max(start, a.start - 3) : a.start])
        and not _describes(folded, a, amounts)
        and not (a.raw_unit == "个" and (_SCOPE_NOUN.match(folded, a.end) or _SCOPE_NOUN_BEFORE.search(
            folded, max(start, a.start - 8), a.start)))
        and not (a.raw_unit == "组" and folded.endswith(("分成", "分为", "分"), max(start, a.start - 2), a.start))
        and not _STAFF.match(folded, a.end)
    ]
    counts = [
        a for a in amounts
        if a.amount.unit in COUNT_UNITS and not _RECRUITED.search(folded, max(start, a.start - 10), a.start)
        and not _STAFF.match(folded, a.end)
    ]
    # '截止目前,全村…发展猪苓1.3万窝': growth counted at a point in time is outcome scale (LABELLING)
    scale = POINT_IN_TIME.search(folded, sentence_start, end) is not None or _NOW_GROWN.search(text) is not None
    clause = _Clause(start, end, text, amounts, money, invest, quantities, counts, scale)
    if _GROWING.search(text) and _UNDER_HELP.search(folded, sentence_start, end):
        clause.action = True  # '在工作队的帮扶下,他栽了12亩果树': growing the help made possible
    return clause


#: Money a unit sets aside every year ('每年拨出15万元作为扶贫经费', '每年投入25万元产业资金'):
#: its yearly allotment, an investment, not a rate per unit.
_YEARLY_ALLOTMENT = re.compile(r"每年(?=拨出|划拨|投入|安排|筹集|拿出|出资|捐赠|捐资)")


#: A road's width changed: '由4米拓宽到6米', '从4米拓宽到6.5米'.
_WIDENED = re.compile(r"[由从]\d+(?:\.\d+)?米(?:增宽|加宽|拓宽|扩宽)(?:到|至)\d+(?:\.\d+)?米")
#: What has grown by now, its scale: '现发展有杉木18000亩', '如今已发展茶叶620亩'.
_NOW_GROWN = re.compile(r"(?:现|如今|现在)已?发展(?:有|了|起)?(?=[\u4e00-\u9fff]{0,8}\d)")


def _rate_in(lead: str) -> bool:
    """Whether the words before a sum make it a rate per unit ('每户', '人均'), not a sum put in."""
    return any(not _YEARLY_ALLOTMENT.match(lead, m.start()) for m in PER_UNIT.finditer(lead))


#: Help a sentence's growing came under: '在驻村干部的帮扶下', '在工作队的扶持下'.
_UNDER_HELP = re.compile(r"在[^,;。]{2,20}?(?:帮扶|帮助|扶持|支持|指导)(?:下|之下)")
_GROWING = re.compile(r"种了|种植(?!面积|规模)|栽了|栽种|养了|养殖(?!规模)|养[羊牛猪鸡鸭鹅蜂]")


#: After money gathered from all sources, the one village's work it paid for:
#: '整合各类资金280万元,为柳河村硬化了8公里的通组路' (a measure, not an aggregate).
_ONE_VILLAGES_WORK = re.compile(r"为[\u4e00-\u9fff]{2,8}村(?:修建|新建|建设|硬化|铺设|安装|建成|修通)")


#: Works done, with their figure: '修建村组道路6.8公里', '完成28户危房改造', '新建了3口蓄水池'.
_WORK_WITH_FIGURE = re.compile(
    r"(?:修建|新建|建成|硬化|铺设|安装|修通|新修|改造|维修|完成|打通)了?[^,;。]{0,12}?[\d一二三四五六七八九十两]"
)
#: Who stands for a whole area or for many givers: their money's works are a round-up.
_AREA_SCOPE = re.compile(
    r"全县|全市|全省|全区|全州|全旗|全镇|全乡|各县|各乡|各镇|各村|各地|各级|各(?:帮扶|定点帮扶|成员|派驻|后盾)?单位"
    r"|[两二三四五六七八九十\d]+(?:支|个)[^,;。]{0,8}?(?:工作队|工作组|单位)"
)


def _round_up(folded: str, sentence: Sentence, aggregate: re.Match[str]) -> bool:
    """Whether money summed from all sources is a round-up (metrics), not the work one team
    paid for: it is, unless the sentence goes on to works done with their figures and
    speaks for no area ('县水务局争取各类资金500万元,完成35户危房改造,新修公路4公里' is one
    measure; '全县整合各类资金3亿元,修建道路800公里' is the county's figures)."""
    if _ONE_VILLAGES_WORK.search(folded, aggregate.end(), sentence.end):
        return False
    if _AREA_SCOPE.search(folded, sentence.start, sentence.end):
        return True
    return _WORK_WITH_FIGURE.search(folded, aggregate.end(), sentence.end) is None


def find_measures(ctx: Context) -> list[MeasureFound]:
    """Investment-led measures first, then action + output and policy + beneficiary ones."""
    doc = ctx.doc
    measures: list[MeasureFound] = []
    for sentence in doc.sentences:
        if not doc.amounts_in(sentence.start, sentence.end):
            continue
        aggregate = AGGREGATE_MONEY.search(doc.folded, sentence.start, sentence.end)
        if aggregate is not None and _round_up(doc.folded, sentence, aggregate):
            continue  # '累计协调落实各类帮扶资金3.2亿元,争取实施项目1400余个': aggregates, metrics
        described = _described(ctx, sentence)
        for seg_start, seg_end in doc.segments(sentence):
            if not doc.amounts_in(seg_start, seg_end):
                continue  # every measure states a figure
            clauses = [_clause(ctx, s, e, sentence.start) for s, e in doc.clauses(seg_start, seg_end)]
            if described and clauses and clauses[0].start == sentence.start:
                clauses[0].action = True
            taken = [False] * len(clauses)
            for i, clause in enumerate(clauses):
                if clause.invest is not None and not taken[i]:
                    invested = _investment_measure(ctx, clauses, taken, i)
                    if _bare_fund(ctx, invested):
                        for used in [invested.investment, *invested.quantities]:
                            if used is not None:
                                ctx.consumed.release((used.start, used.end))
                        continue  # the sum (and the projects it won) are metrics
                    measures.append(invested)
            for i in range(len(clauses)):
                if not taken[i]:
                    found = (_plain_measure(ctx, clauses, taken, i) or _counted_work(ctx, clauses, taken, i)
                             or _visits(ctx, clauses[i]))
                    if found is not None:
                        taken[i] = True
                        measures.append(found)
    measures.extend(_documents(ctx, measures))
    measures.extend(_named_works(ctx, measures))
    return measures


#: A facility built or mended, named without a figure (LABELLING: '标准化村卫生室' counts):
#: '新建了老年活动中心', '修缮村卫生所', '建成石门菊花基地'.
_NAMED_WORK = re.compile(
    r"(?P<verb>新建|建成|建起|建设起|建设|修缮|修建|援建|捐建|改建|扩建|改造|兴建|筹建|打造|举办|承办|加固|安装|投放)(?!的)了?"
    r"(?:一个|一座|一所|一处|一间|一场|一届|首届)?"
    # (what the thing is described by first: '建起归村集体所有的小型光伏电站')
    r"(?P<name>(?:[\u4e00-\u9fff]{2,14}的)?[\u4e00-\u9fff]{0,8}?(?:卫生室|卫生所|活动中心|活动室|服务中心|服务站|文化广场|图书室"
    r"|农家书屋|幸福院|敬老院"
    # the village's offices, its square and what is put up there: '改建村委会办公场所',
    # '加固了河坝', '投放一批健身器材', '安装了太阳能路灯'
    r"|办公场所|活动场所|办公楼|办公用房|健身广场|篮球场|戏台|健身器材|路灯|河坝|南北坝|拦河坝|堤坝"
    r"|日间照料中心|扶贫车间|加工厂|产业园|示范基地|种植基地|养殖基地|基地|光伏电站|养殖场|水厂|幼儿园|小学|便民桥|漫水桥"
    # ('援建文化大礼堂', '援建的菌包厂', '建起冷库')
    r"|大礼堂|礼堂|冷库|菌包厂|生活馆"
    # ('建起托幼所', '改造…小学食堂', '新建公厕', '建成爱心超市')
    r"|托幼所|食堂|饭堂|公厕|爱心超市|积分超市|电商服务站|卫生院"
    # events put on for the village: '举办首届桃花文化节', '承办全镇农民运动会'
    r"|文化节|艺术节|旅游节|采摘节|运动会|联欢会|文艺晚会|晚会|文艺汇演))"
    # (the whole name: '改造桃园小学食堂' does not stop at 小学)
    r"(?![\u4e00-\u9fff]{0,2}\d|食堂|饭堂|幼儿园)"
)
#: A plan the team wrote, named without 《》 but with its place or span: '制定了郑庄村三年发展规划'.
_NAMED_PLAN = re.compile(
    r"(?:制定|编制|制订)了?(?P<name>[\u4e00-\u9fff]{1,10}?(?:村|年)[\u4e00-\u9fff]{0,8}?(?:规划|发展规划|实施方案|脱贫计划))"
)


def _named_works(ctx: Context, measures: list[MeasureFound]) -> list[MeasureFound]:
    """Measures a sentence names without a figure: a facility built or a plan written."""
    doc = ctx.doc
    folded = doc.folded
    taken = sorted((m.start, m.end) for m in measures)
    said = "".join(folded[m.start : m.end] for m in measures)
    found: list[MeasureFound] = []
    for sentence in doc.sentences:
        if not _NAMED_HINT.search(folded, sentence.start, sentence.end):
            continue
        for start, end in _helped_people(folded, sentence):
            if not any(s < end and start < e for s, e in taken):
                found.append(MeasureFound(start=start, end=end, spans=[(start, end)]))
                taken.append((start, end))
        for pattern in (_NAMED_WORK, _NAMED_PLAN, _NAMED_VENTURE, _WORK_DONE, _NAMED_SYSTEM):
            for m in pattern.finditer(folded, sentence.start, sentence.end):
                if any(s < m.end() and m.start() < e for s, e in taken) or m.group("name")[-3:] in said:
                    continue  # (a thing a measure with figures already names)
                start, end = m.span()
                found.append(MeasureFound(start=start, end=end, spans=[(start, end)], document=pattern is _NAMED_PLAN))
                taken.append((start, end))
    return found


_NAMED_HINT = re.compile(
    r"新建|建成|建起|建设|修缮|修建|援建|捐建|改建|扩建|改造|兴建|筹建|打造|举办|承办|加固|安装|投放|制定|编制|制订|成立|组建|创办"
    r"|开办|引进"
    r"|完工|竣工|落成|建立"
    r"|贫困户|脱贫户|低保户|五保户|困难户|特困户|监测户|残疾人|帮助村民|协助村民|为村民"
)
#: Help given to one named household (SPEC §4: a named beneficiary is a concrete detail):
#: '为贫困户赵大山修建新房', '安排脱贫户钱小红担任保洁员', '帮低保户孙老汉家改造危房'.
_HELPED_PERSON = re.compile(
    r"(?:为|帮|帮助|给|安排|协调|协助)(?:贫困户|脱贫户|低保户|五保户|困难户|特困户|监测户|残疾人"
    # a villager helped by name: '帮助村民次仁顿珠到县城就业', '协助贫困户吴大林办起养殖场'
    r"|村民|贫困群众|群众|农户)"
)
#: A post, a job or a house given: what counts as help when no action verb is written.
_POST_OR_JOB = re.compile(
    # (and a business set up: '协助贫困户吴大林办起肉兔养殖场')
    r"公益岗位|公益性岗位|保洁员|护林员|护路员|务工|就业|低保|医保|新房|危房|办起|开办|开起|创办"
)


def _helped_people(folded: str, sentence: Sentence) -> list[tuple[int, int]]:
    """Spans of help given to a named household: the cue, the name and the clause's action."""
    spans = []
    for m in _HELPED_PERSON.finditer(folded, sentence.start, sentence.end):
        person = name_at(folded, m.end())
        if person is None:
            continue
        after = m.end() + len(person)
        cut = CLAUSE_BREAK.search(folded, after, sentence.end)
        end = cut.start() if cut else sentence.end
        rest = folded[after:end]
        if len(rest) < 2 or not (ACTION.search(rest) or _POST_OR_JOB.search(rest)):
            continue  # the name, and nothing done for them
        spans.append((m.start(), end))
    return spans


#: A facility named, then said to be finished: '村农家书屋建成投用', '…路灯工程顺利完工'.
_WORK_DONE = re.compile(
    r"(?P<name>[\u4e00-\u9fff]{2,10}?(?:卫生室|卫生所|活动中心|活动室|服务中心|文化广场|图书室|农家书屋|幸福院|敬老院"
    r"|日间照料中心|扶贫车间|产业园|示范基地|种植基地|养殖基地|光伏电站|养殖场|便民桥|路灯工程|亮化工程|饮水工程"
    r"|服务平台|交易市场))"
    r"(?:建设)?(?:已经|已)?(?:基本|全面|顺利)?(?:建成使用|建成投用|建成|完工|竣工|落成)"
)
#: Records the team set up, or a scheme it named in quotes (SPEC §3 governance: rules,
#: archives): '建立了贫困户档案和帮扶台账', '建立"积分换物"机制'. Not a mechanism in general
#: words ('建立长效机制', '建立帮扶机制').
_NAMED_SYSTEM = re.compile(
    r"(?:建立健全|建立|建起)了?起?"
    r"(?P<name>(?!相关)[^,;。“”\"]{2,18}?(?:档案|台账)|[“\"][^,;。“”\"]{2,16}[”\"](?:的)?(?:机制|制度))"
)
#: A venture the team set up or brought in, named without a figure (SPEC §4: a named project
#: is a concrete detail): '指导村民成立了青石菌菇种植专业合作社', '引进了云岭茶叶加工企业'.
_NAMED_VENTURE = re.compile(
    r"(?:成立|组建|创办|开办|引进)了?"
    # a name, not 'a company' ('引进一家茶叶企业' names none)
    r"(?P<name>(?![一两几多某])[\u4e00-\u9fff]{2,14}?(?:专业合作社|合作社|有限公司|公司|扶贫车间|加工厂|砖厂|企业|项目"
    # an association of growers: '茶叶产销协会', '茶农联合会'
    r"|协会|联合会))"
    r"(?![\u4e00-\u9fff]{0,2}\d)"
)


#: Money raised or secured with nothing said of what it paid for: '协调项目资金3600多万元',
#: '多方筹资600多万元', '到位帮扶资金205.6万元', '完成投资3120.5万元'. (A unit's own 投入 is
#: its measure: '该局拿出驻村经费12万元'.)
_FUND_RAISED = re.compile(
    r"(?:协调|争取|筹集|筹措|筹资|募集|落实|到位|获得|累计投入|累计投资|完成投资|完成投入"
    # each contributor's share of a work's cost: '政府资助四万元', '户平集资800元'
    r"|资助|集资)"
)
#: Whom the money was for: then it is a measure ('资助贫困学生', '资助困难户2000元').
_FUND_FOR = re.compile(r"户|人|学生|群众|家庭|老人|儿童|患者|孤儿")
_FUND_WORDS = re.compile(
    r"协调|争取|筹集|筹措|筹资|募集|落实|到位|获得|累计|投入|投资|完成|多方|各类|各项|帮扶|扶贫|项目|专项"
    r"|资金|到了|共|计|了|含|物资|折款|社会|资助|集资|除了|外|\(|\)"
)


def _bare_fund(ctx: Context, found: MeasureFound) -> bool:
    """A sum raised or secured, the whole measure, with no work, purpose or beneficiary: a
    metric of the team's fundraising (dev and held-out gold), not a measure."""
    projects_only = all(q.amount.unit == "个" and "项目" in ctx.doc.folded[q.end : q.end + 4] + ctx.doc.folded[
        max(0, q.start - 6) : q.start] for q in found.quantities)  # '争取落地大小项目8个': a count of its fruits
    if found.investment is None or not projects_only or found.households or found.people or len(found.spans) > 2:
        return False
    folded = ctx.doc.folded
    lead = folded[found.start : found.investment.start]
    if not _FUND_RAISED.search(lead):
        return False
    rest = lead + folded[found.investment.end : found.end]
    for q in found.quantities:
        rest = rest.replace(folded[q.start : q.end], "")
    rest = _FUND_WORDS.sub("", rest.replace("落地", "").replace("大小", ""))
    rest = re.sub(r"[\d.,万亿元余多约近一二三四五六七八九十两百千]", "", rest)
    return len(rest) <= 6 and not ACTION.search(rest) and not _FUND_FOR.search(rest) and categorise(rest) == "other"


_NEXT_TITLE = re.compile(r"[、和及与,]?《[^》]{1,60}》")
_DOCUMENT_SCOPE = re.compile(r",(?:共|共计|包括|涵盖|明确了?)[^,;。]{0,24}")
_DOCUMENT_VERB = re.compile(r"(?:制定|制订|出台|编制|印发|修订|完善|起草|修改|形成)(?:出台|并印发|并出台)?了?$")


def _documents(ctx: Context, measures: list[MeasureFound]) -> list[MeasureFound]:
    """Plans and rules the team wrote, named in 《》: '并制定了《青石村2016—2018年脱贫攻坚规划》'
    (LABELLING: a named document counts as a measure without numbers; PHRASING §9 governance)."""
    doc = ctx.doc
    folded = doc.folded
    found: list[MeasureFound] = []
    taken = sorted((m.start, m.end) for m in measures)
    for start, end in doc.paragraphs:
        at = folded.find("《", start, end)
        while at >= 0:
            verb = _DOCUMENT_VERB.search(folded, max(start, at - 6), at)
            close = folded.find("》", at, end)
            if verb is None or close < 0:
                at = folded.find("《", at + 1, end)
                continue
            stop = close + 1
            # '《A》《B》和《C》': the titles listed together
            while (nxt := _NEXT_TITLE.match(folded, stop, end)) is not None:
                stop = nxt.end()
            if not any(s < stop and verb.start() < e for s, e in taken):
                measure = MeasureFound(start=verb.start(), end=stop, spans=[(verb.start(), stop)], document=True)
                scope = _DOCUMENT_SCOPE.match(folded, stop, end)
                if scope is not None:
                    # '…《…帮扶工作方案》,共8个方面20项具体措施' (LABELLING: a programme's scope counts)
                    counted = [
                        a for a in doc.amounts_in(scope.start(), scope.end()) if a.amount.unit not in ("元", "%")
                    ]
                    if counted and not any(ctx.is_consumed(a.start, a.end) for a in counted):
                        measure.quantities = counted
                        measure.end = scope.end()
                        measure.spans = [(verb.start(), scope.end())]
                        for a in counted:
                            ctx.consumed.append((a.start, a.end))
                found.append(measure)
            at = folded.find("《", stop, end)
    return found


_DESCRIBED = re.compile(
    r"(?P<noun>[\u4e00-\u9fff]{2,6}?)(?:总面积|占地面积|面积|占地|全长|总长|长度|装机容量|总装机|容量|规模|库容)"
    r"(?:约|达|为|有|共|近)*(?=\d)"
)
_BUILT = re.compile(r"新建|新修|建成|修建|建起|建设|打造|成立|援建|捐建")


def _described(ctx: Context, sentence: Sentence) -> bool:
    """A sentence of figures about a work the sentence before says was built (§1.5 captions):
    '图为…在新建的文化广场上跳广场舞。广场面积1200平方米,配有健身器材18件。'"""
    folded = ctx.doc.folded
    m = _DESCRIBED.match(folded, sentence.start, sentence.end)
    if m is None or re.search("[村乡镇县]", m.group("noun")):
        return False
    noun = m.group("noun")
    if _BUILT.search(folded, m.end(), sentence.end) and "工作队" in folded[sentence.start : sentence.end]:
        return True  # '基地面积520亩,由工作队牵头成立的…合作社统一管护'
    k = ctx.doc.sentence_index(sentence.start) - 1
    if k < 0 or ctx.doc.sentences[k].paragraph != sentence.paragraph:
        return False
    prev = ctx.doc.sentences[k]
    at = folded.find(noun, prev.start, prev.end)
    return at >= 0 and _BUILT.search(folded, max(prev.start, at - 14), at) is not None


#: A money clause that totals the outputs listed before it.
_TOTAL_AFTER_LIST = re.compile(r"(?:累计|共计|合计|总计|共)(?:投资|投入|完成投资|使用资金|投入资金)")


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
    if (
        members == [i] and i > 0 and not taken[i - 1] and not clause.counts and _GIVEN.match(clause.text)
        and _REACHED.search(clauses[i - 1].text) and clauses[i - 1].counts
        and not (clauses[i - 1].money or clauses[i - 1].quantities or clauses[i - 1].outcome)
    ):
        members.insert(0, i - 1)  # '慰问贫困户57户,送去慰问金3万元': whom the money reached, then the gift
    if _TOTAL_AFTER_LIST.match(clause.text):
        # '新建水利设施项目71个,解决饮水项目32个,累计投资2337万元': a total closing the list
        k = members[0] - 1
        while k >= 0 and not taken[k] and not clauses[k].money and clauses[k].quantities and not clauses[k].outcome:
            members.insert(0, k)
            k -= 1
    beneficiaries: list[AmountMatch] = []
    benefit_clause: int | None = None
    # what the money bought, named after it in its clause ('价值3万元的医疗设备')
    spent_on = clause.invest is not None and _THING_AFTER_MONEY.match(ctx.doc.folded, clause.invest.end, clause.end)
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
        if _completes(nxt):
            members.append(j)  # '…装机容量75千瓦,今年6月并网发电': the work's date and status
            break
        if PURPOSE.match(nxt.text) and not nxt.amounts:
            members.append(j)  # '…争取资金30万元,用于壮大村集体经济': what the money is for
            has_action = True
            j += 1
            continue
        if (has_action or spent_on) and nxt.quantities and _EVENT_OPENING.match(nxt.text):
            break  # '…添置了价值3万元的医疗设备,组织义诊12次': another activity, not its output
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
        elif not nxt.amounts and following is not None and following.benefit and not taken[j + 1]:
            members.append(j)  # '…,由村集体统一经营,带动贫困户23户': the beneficiaries come next
        elif (
            not nxt.amounts and not nxt.outcome and len(CONNECTIVE.sub("", nxt.text)) >= 4
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


_THING_AFTER_MONEY = re.compile(r"的?[\u4e00-\u9fff]{2,}")
#: An activity the team held, opening its clause: '组织义诊12次', '开展培训3期', '召开会议5次'.
_EVENT_OPENING = re.compile(r"(?:还|并|同时|另外|此外)?(?:组织|开展|举办|召开|邀请)")
#: A gift handed over, opening its clause: '送去慰问金…', '发放救助金…'.
_GIVEN = re.compile(r"(?:并|还|同时)?(?:为其|为他们|给他们|向其)?(?:送去|送上|送来|带去|发放|捐赠|捐助|捐资|资助|给予)")
#: Whom a visit or aid reached, counted in the clause before the gift.
_REACHED = re.compile(r"慰问|看望|走访|探望|资助|救助|帮扶|结对")


#: A clause telling the parts of the work in the clause before that are done.
_PARTS_DONE = re.compile(r"(?:目前|现已|已经|已)?完成(?:了)?")
#: A clause opening with a total: the output of the action in the clause before.
_TOTAL_OPENING = re.compile(r"(?:累计|共计|合计|总计)")


def _plain_measure(ctx: Context, clauses: list[_Clause], taken: list[bool], i: int) -> MeasureFound | None:
    """An action with physical outputs (修建护坡200平方米) or a policy with its beneficiaries
    (享受低保政策的有3户3人), with the output clauses that follow it."""
    clause = clauses[i]
    if clause.text.startswith("其中"):
        return None  # '其中集中安置51户': a breakdown of the figure before, not an action
    lead = clause.text[: clause.counts[0].start - clause.start] if clause.counts else ""
    if clause.per_unit or clause.money:
        # '为该村14名贫困学生每人每年资助1500元': the beneficiaries, before a rate per head
        # (§5.1 per-unit money; the rate stays a metric)
        per_head = all(PER_UNIT.search(ctx.doc.folded, max(clause.start, a.start - 6), a.start) for a in clause.money)
        if not (clause.counts and _BENEFICIARY_LEAD.search(lead) and POLICY.search(clause.text) and per_head):
            return None
        return _measure(ctx, clauses, taken, [i], None, [], None, counts_only=True)
    physical = bool((clause.action or _built_after(clause)) and clause.quantities and not clause.outcome)
    policy = bool(
        clause.counts and POLICY.search(clause.text) and not clause.outcome
        # '享受易地搬迁政策的有12户' is a policy's count; '用工高峰时有80多名村民在这里务工' is not
        and not (EXISTENTIAL.search(lead) and not POLICY.search(lead))
        # '一般贫困户167户', '3户五保户': a breakdown of the poor by type is no policy (LABELLING)
        and not TYPE_BREAKDOWN.search(clause.text)
    ) or bool(
        # '工作队为93户贫困户逐户建立了帮扶台账' (§5.1: beneficiaries before the action)
        clause.counts and not clause.outcome and _BENEFICIARY_LEAD.search(lead)
        and ACTION.search(ctx.doc.folded, clause.counts[0].end, clause.end)
    ) or bool(
        # '完成120户人畜饮水工程': a work for the households it reaches, named by its kind
        clause.counts and not clause.outcome and ACTION.search(lead)
        and clause.counts[0].amount.unit == "户" and not TYPE_BREAKDOWN.search(clause.text)
        and categorise(ctx.doc.folded[clause.counts[0].end : clause.end]) not in ("other", "social_security")
    )
    nxt = clauses[i + 1] if i + 1 < len(clauses) else None
    if not (physical or policy):
        if (
            clause.quantities and not clause.outcome and _TOTAL_OPENING.match(clause.text)
            and i > 0 and not taken[i - 1] and not clauses[i - 1].amounts and clauses[i - 1].action
        ):
            # '帮村里修建灌溉水渠,累计2公里': the action, then its output added up
            return _measure(ctx, clauses, taken, [i - 1, i], None, [], None)
        if clause.action and not clause.amounts and nxt is not None and nxt.benefit and nxt.counts and not taken[i + 1]:
            # '协调县水务局实施自来水入户工程,全村386户吃上了自来水' (§5.1 beneficiaries)
            return _measure(ctx, clauses, taken, [i], None, _first_counts(nxt), i + 1)
        if clause.counts and _ATTENDED.search(lead):
            # '村里召开户院会,老曾讲解产业政策和小额信贷,来了80多户': a meeting with its attendance
            for k in range(i - 1, -1, -1):
                if taken[k] or clauses[k].amounts:
                    break
                if _MEETING.search(clauses[k].text):
                    return _measure(ctx, clauses, taken, list(range(k, i + 1)), None, [], None)
        if (
            clause.counts and not clause.quantities and not clause.outcome and _TARGET_LEAD.match(clause.text)
            and nxt is not None and not taken[i + 1] and not nxt.amounts
            and (POLICY.search(nxt.text) or nxt.action)
        ):
            # '对居住在深山里的18户45人,计划在三年内全部实施易地扶贫搬迁'
            return _measure(ctx, clauses, taken, [i, i + 1], None, [], None)
        return None
    members = [i]
    if policy and i > 0 and not taken[i - 1] and not clauses[i - 1].amounts and clauses[i - 1].action:
        members.insert(0, i - 1)  # '成立了造林专业合作社,吸纳贫困劳力31人': the action names the measure
    elif i > 0 and not taken[i - 1] and _goods_list(clauses[i - 1]):
        members.insert(0, i - 1)  # '棉被23床、大米460斤、食用油46桶,送到全村23户低保、五保家庭'
    elif (
        physical and i > 0 and not taken[i - 1] and _PARTS_DONE.match(clause.text)
        and not clauses[i - 1].amounts and clauses[i - 1].action and not clauses[i - 1].outcome
    ):
        members.insert(0, i - 1)  # '通四组道路开工建设,完成路基开挖1300米': the work, then its parts done
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
        if _completes(nxt):
            members.append(j)
            break
        following = clauses[j + 1] if j + 1 < len(clauses) else None
        if not nxt.amounts and following is not None and following.benefit and following.counts and not taken[j + 1]:
            members.append(j)  # '…,采取“公司+合作社+贫困户”模式,带动贫困户68户': the beneficiaries come next
            continue
        if (physical or policy) and nxt.quantities and not nxt.counts and nxt.action:
            members.append(j)  # '帮助72户贫困户申请…资金,购买基础母羊396只'
        elif physical and nxt.quantities and not nxt.counts:
            members.append(j)
        elif nxt.action and not nxt.amounts:
            members.append(j)
            break
        elif nxt.counts and not nxt.quantities and not any(clauses[k].counts for k in members):
            members.append(j)
        else:
            break
    return _measure(ctx, clauses, taken, members, None, beneficiaries, benefit_clause)


#: Words for a span of years, whose works are of no one year: '脱贫攻坚期间', '历年来', '近年来'.
_SPAN_OF_YEARS = re.compile(r"期间|以来|历年|近年|多年来|这些年|先后")
#: Money's use written right after it: '6.1万元用于…'.
_SPENT_ON = re.compile(r"(?:全部|主要|专门)?(?:用于|用来|用在)")
#: People a party branch recruited are its output, not beneficiaries (§9 governance: 发展党员2名).
_RECRUITED = re.compile(r"(?:发展|培养|吸收|确定)(?:预备|新)?(?:党员|入党积极分子)$")
_PAID_OUT = ("分红", "红利", "工资", "劳务费", "收益")
_BENEFICIARY_LEAD = re.compile(
    r"(?:为|给|向|帮|帮助|帮扶)(?:[\u4e00-\u9fff]{1,6}村|全村|该村|本村|村里|全镇)?(?:的)?$"
)
_TARGET_LEAD = re.compile(r"(?:对|为|给)")
_ATTENDED = re.compile(
    r"(?:来了|到了|到会|参会|参加|出席|参与|听讲)(?:的)?(?:群众|村民|党员|贫困户|农户)?(?:有|共|达)?$"
)
_MEETING = re.compile(r"(?:召开|开了?|举办|组织)[^,;。]{0,10}?(?:会|培训|讲座|宣讲|夜校|课)")


#: A work's completion said after it: '6.2公里的通组路修好后', '80千瓦光伏电站已全部完工'.
_BUILT_AFTER = re.compile(r"修好|建好|竣工|完工|落成|开建|动工|投入使用|交付使用|通车|并网|拔地而起")


def _built_after(clause: _Clause) -> bool:
    """The work the clause counts was built, said after its figure (no verb before it)."""
    if not clause.quantities:
        return False
    return _BUILT_AFTER.search(clause.text, clause.quantities[0].end - clause.start) is not None


def _completes(clause: _Clause) -> bool:
    """A short clause dating and closing the work before it: '已于6月并网发电', '去年底完工'."""
    return not clause.amounts and len(clause.text) <= 14 and COMPLETION.fullmatch(clause.text) is not None


def _goods_list(clause: _Clause) -> bool:
    """'棉被23床、大米460斤、食用油46桶': goods counted, with no verb, money or people."""
    return bool(
        len(clause.quantities) >= 2 and not clause.money and not clause.counts and not clause.action
        and not clause.outcome and "、" in clause.text
    )


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
    *,
    counts_only: bool = False,
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
        if not counts_only:
            found.quantities.extend(clause.quantities)
        counts.extend(clause.counts)
    counts.extend(beneficiaries)
    for a in counts:
        if a.amount.unit == "户" and found.households is None:
            found.households = a
        elif a.amount.unit == "人" and found.people is None:
            found.people = a
    for used in [found.investment, *found.quantities, found.households, found.people]:
        if used is not None:
            ctx.consumed.append((used.start, used.end))
    for clause in chosen:
        for a in clause.amounts:
            if a.raw_unit == "个" and _GROUPS_REACHED.match(ctx.doc.folded, a.end):
                ctx.consumed.append((a.start, a.end))  # the work's reach, no metric of its own
    return found


#: A visit and whom it reached, right before the count: '走访农户64户', '累计走访群众900余人次'.
_VISITED = re.compile(
    r"(?:入户走访|走访慰问|走访|遍访|随访)了?[\u4e00-\u9fff]{0,8}?"
    # ('走访了青石村8个村民小组196户': the groups gone through, then the households)
    r"(?:\d+个(?:村民小组|村民组|自然村|小组|组|屯|社)的?)?[\u4e00-\u9fff]{0,4}$"
)
_VISIT_UNITS = frozenset({"户", "人", "人次", "户次"})


def _work_count(ctx: Context, clause: _Clause) -> AmountMatch | None:
    """The count of the team's own work in a clause: '召开会议40余次', '5次进村入户'; not a
    rule of how often ('每月上门随访一次', '户均5次以上')."""
    folded = ctx.doc.folded
    for a in clause.amounts:
        if (a.amount.unit != "次" or _HOW_OFTEN.search(folded, clause.start, a.start)
                or "以上" in folded[a.start : a.end + 2] or _NOT_WORK_AFTER.match(folded, a.end, clause.end)):
            continue
        if _MET_BEFORE.search(folded, clause.start, a.start) or _MET_AFTER.match(folded, a.end, clause.end):
            return a
    return None


def _counted_work(ctx: Context, clauses: list[_Clause], taken: list[bool], i: int) -> MeasureFound | None:
    """Counted work, one measure with a quantity per count for a run of such clauses
    ('召开村两委会议9次、支部大会1次…': LABELLING keeps a list of meetings together)."""
    counts: list[AmountMatch] = []
    last = i
    for j in range(i, len(clauses)):
        count = None if taken[j] else _work_count(ctx, clauses[j])
        if count is None:
            break
        counts.append(count)
        last = j
    if not counts:
        return None
    for j in range(i + 1, last + 1):
        taken[j] = True
    for count in counts:
        ctx.consumed.append((count.start, count.end))
    spans = [(clauses[j].start, clauses[j].end) for j in range(i, last + 1)]
    return MeasureFound(start=clauses[i].start, end=clauses[last].end, spans=spans, quantities=counts)


def _visits(ctx: Context, clause: _Clause) -> MeasureFound | None:
    """A counted visit, a team activity and so a measure whose count is its quantity
    (LABELLING: '入户走访80余户(次)'), not households reached nor a metric."""
    folded = ctx.doc.folded
    for a in clause.amounts:
        visit = a.amount.unit in _VISIT_UNITS and _VISITED.search(folded, clause.start, a.start)
        # a study tour or a call on offices, counted by the places: '拜访县直单位9个', '考察企业5家'
        tour = a.raw_unit in _TOUR_UNITS and _TOURED.search(folded, clause.start, a.start)
        if visit or tour:
            if _OUTCOME_NEAR.search(folded, a.end, clause.end):
                return None  # '帮助36户…脱贫': an outcome, not a visit
            # a tour's places listed with it: '拜访县直单位9个、市直单位4个'
            counted = [a]
            if tour:
                counted += [b for b in clause.amounts if b.start > a.start and b.raw_unit in _TOUR_UNITS]
            # ('走访了青石村8个村民小组196户': the groups gone through are the visit's, no metric)
            gone_through = [b for b in ctx.doc.amounts_in(clause.start, a.start) if b.raw_unit == "个"] if visit else []
            for b in counted + gone_through:
                ctx.consumed.append((b.start, b.end))
            span = (clause.start, clause.end)
            return MeasureFound(start=clause.start, end=clause.end, spans=[span], quantities=counted)
    return None


_TOURED = re.compile(r"(?:拜访|考察|参观学习|参观|学习考察|外出考察|观摩)了?[\u4e00-\u9fff]{0,12}$")
_TOUR_UNITS = frozenset({"个", "家", "处"})


_OUTCOME_NEAR = re.compile(r"脱贫|摘帽|增收|致富")
#: Work counted in 次, its verb and object before the count ('召开村民大会12次', '对接30余次')
#: or after it ('3次带队进村入户').
_MET_BEFORE = re.compile(
    r"(?:召开|开展|组织|举办|主持|上|讲|宣讲|对接|调研|督导|座谈|研究|入户|进村|核查|联系|走访|培训)"
    r"[\u4e00-\u9fff]{0,8}?(?:累计|共|达|达到)?$"
)
_HOW_OFTEN = re.compile(r"每月|每周|每年|每季度|每天|每半年|至少|平均|户均|人均")
#: An honour received ('10次受表彰'), not work done.
_NOT_WORK_AFTER = re.compile(r"[\u4e00-\u9fff]{0,4}?(?:表彰|表扬|荣获|获得|被评)")
_MET_AFTER = re.compile(r"(?:带队|深入|专程)?(?:进村|入户|到村|赴村|下村|深入|调研|座谈|督导|召开|开展)")


def _next_money(ctx: Context, start: int, end: int) -> int:
    """Where the next sum of money in [start, end) begins (``end`` if none)."""
    return next((a.start for a in ctx.doc.amounts_in(start, end) if a.amount.unit == "元"), end)


#: A list of things to do announced before its items: '商定了今年要办的五件实事:一是…;二是…'.
_PLAN_LIST = re.compile(
    # ('研究部署下个月的工作:…': the agenda of a meeting)
    r"(?:敲定|确定|商定|拟定|谋划|制定|明确|列出|梳理出?|部署|安排)了?[^,;。:]{0,16}(?:实事|项目|任务|目标|计划|事项|工作)[:：]"
)


def _figureless(found: MeasureFound) -> bool:
    """A measure named without a figure (a facility, a venture, records): its span is its name."""
    return not (found.investment or found.quantities or found.households or found.people)


def measure_fields(ctx: Context, found: MeasureFound, sentence: Sentence) -> dict[str, Any]:
    """The Measure record's fields for one found measure."""
    doc = ctx.doc
    text = doc.folded[found.start : found.end]
    # a plan's title ('《…2016—2018年脱贫攻坚规划》') states neither its status nor its year
    words_end = doc.folded.find("《", found.start, found.end) if found.document else found.end
    if found.document:
        text = text[: words_end - found.start]
    villages = ctx.villages_in(found.start, found.end)
    village: str | None = None
    if len(villages) == 1:
        village = next(iter(villages))
    elif not villages and not AREA_WIDE.search(text) and not SCOPE.search(text) and not _county_level(
        ctx, sentence, found.start
    ):
        village = ctx.current_village(sentence, found.start, paragraphs_back=2)
    status = "done"
    category = "governance" if found.document else "training" if TRAINING_EVENT.search(text) else _category(
        ctx, found, sentence, text
    )
    planned = PLANNED.search(text)
    under_way = ONGOING.search(text, 0, planned.start()) if planned and planned.group() in _EXPECTED else None
    if under_way is not None:
        status = "ongoing"  # '正在建设的…车间预计年底投产': under way, its end expected
    elif planned or _PLAN_LIST.search(doc.folded, sentence.start, found.start) or (
        _figureless(found) and PLANNED.search(doc.folded, sentence.start, found.start)
    ):
        # ('下一步,工作队将为青石村建立贫困户档案': a named work's plan stands before its verb)
        status = "planned"
    elif ONGOING.search(text) or (
        category == "employment" and ONGOING.search(doc.folded, found.end, sentence.end)
    ) or _PROGRESS_AFTER.match(doc.folded, found.end, sentence.end):
        # posts are a continuing scheme when a recurring pay follows ('…岗位16个,…,每人每月补助800元')
        status = "ongoing"
    quantities = [
        {"value": a.amount.value, "value_max": a.amount.value_max, "approx": a.amount.approx,
         "unit": a.amount.unit, "item": item_for(doc.folded, a, found, found.quantities)}
        for a in found.quantities
    ]
    return {
        "village": village,
        "category": category,
        "summary": summary(ctx, found),
        "status": status,
        "investment_yuan": found.investment.amount.value if found.investment else None,
        "quantities": quantities,
        "households": int(found.households.amount.value) if found.households else None,
        "people": int(found.people.amount.value) if found.people else _named_beneficiaries(doc.folded, found),
        "year": (
            ctx.year_of(sentence, found.start, words_end) or (None if found.document else _span_year(ctx, found))
            or _year_before(ctx, sentence, found.start)
            or ctx.section_year(found.start) or ctx.paragraph_year(found.start)
            # ('脱贫攻坚期间,全村危房改造32户': a span of years, not the summary's year)
            or (None if _SPAN_OF_YEARS.search(doc.folded, ctx.segment_start(sentence, found.start), found.end)
                else ctx.summary_year)
            or ctx.doc.entry_year(found.start)
        ),
    }


#: A year that starts a span: '2019年4月到村以来', '自2018年以来' (LABELLING: no one year).
_SINCE_AFTER = re.compile(r"[^,;。]{0,10}?以来")


def _year_before(ctx: Context, sentence: Sentence, pos: int) -> int | None:
    """A year written earlier in the measure's part of the sentence, unless it starts a span
    ('…第一书记,2019年4月到村以来,他带领村民开设网店3家': the work since, no one year)."""
    start = ctx.segment_start(sentence, pos)
    year = ctx.year_in(start, pos, stated=True)
    if year is None:
        return None
    at = ctx.doc.folded.rfind(str(year), start, pos)
    if at >= 0 and _SINCE_AFTER.match(ctx.doc.folded, at + 4, pos):
        return None
    return year


def _named_beneficiaries(folded: str, found: MeasureFound) -> int | None:
    """People the help reached named one by one ('帮助贫困户李秀英销售…', '为王某、张某
    送去…'): each adds 1 to ``people`` (LABELLING, identified beneficiaries); None if none is named."""
    if found.households is not None:
        return None
    names: set[str] = set()
    for start, end in found.spans:
        for lead in _NAMED_FOR.finditer(folded, start, end):
            pos = lead.end()
            while (
                not ACTION.match(folded, pos) and not POLICY.match(folded, pos)  # '为贫困户解决…': a verb
                and (person := name_at(folded, pos)) is not None and pos + len(person) <= end
            ):
                names.add(person)
                pos += len(person)
                if pos < end and folded[pos] in "、和与及":
                    pos += 1
                    continue
                break
    return len(names) or None


#: Whom the help reached, before a person's name: '为贫困户', '帮助五保户', '给老党员'.
_NAMED_FOR = re.compile(
    r"(?:为|帮助|帮|给|帮扶|资助|慰问|看望|走访|协助)了?"
    r"(?:建档立卡|已脱贫|未脱贫)?(?:贫困户|脱贫户|低保户|五保户|特困户|困难户|残疾人|贫困党员|老党员|贫困学生|留守儿童|孤儿|老人"
    r"|村民|贫困群众|群众|农户)"
)
#: How far a work has come, in the clause right after it: '…,目前已完成80%', '…,预计6月底完工'.
_PROGRESS_AFTER = re.compile(
    r",(?:目前|现)?(?:已经?完成|完成了?)(?:工程量|总工程量|总量)?(?:的)?\d+(?:\.\d+)?%"
    r"|,(?:目前)?(?:正在|正|仍在)(?:加紧|抓紧|有序)?(?:施工|建设|推进)"
    r"|,预计[^,;。]{0,10}?(?:完工|竣工|建成|投产|投用|投入使用)"
)
#: Plan words that say when a work under way will end, not that it is still a plan.
_EXPECTED = frozenset({"预计", "力争", "年内"})


def _category(ctx: Context, found: MeasureFound, sentence: Sentence, text: str) -> str:
    """The category of the measure's own words; when they hold no cue, of its sentence.

    Money alone ('投入资金260余万元') says what it paid for in the words after it
    ('…,架起了连心桥'); a count alone ('共计6.5公里') names its works in the words before it
    ('修通盘山公路…,共计6.5公里'). The sentence's other words come before 'other'.
    """
    found_cue = cue_category(text)
    if found_cue is not None:
        return found_cue
    folded = ctx.doc.folded
    after = folded[found.end : _next_money(ctx, found.end, sentence.end)]
    before = folded[sentence.start : found.start]
    if found.investment is not None and not found.quantities:
        return cue_category(after) or cue_category(before) or "other"
    return cue_category(before) or cue_category(after) or "other"


def _span_year(ctx: Context, found: MeasureFound) -> int | None:
    """A year stated inside the measure's own words ('…,今年7月正式投产'); cumulative
    wording (累计, 以来 after a year) spans years and gives none (LABELLING)."""
    text = ctx.doc.folded[found.start : found.end]
    if CUMULATIVE.search(text):
        return None
    return ctx.year_in(found.start, found.end)


def _county_level(ctx: Context, sentence: Sentence, pos: int) -> bool:
    text = ctx.doc.folded[sentence.start : pos]
    if ctx.last_village_position(pos) >= sentence.start:
        return False
    if ctx.area_paragraph(sentence, pos) is not None:
        return True  # a paragraph about the city's figures, no village named in it
    # the county's name alone may be part of a proper name (光山县槐岭茶叶种植专业合作社)
    return bool(AREA_WIDE.search(text) or (ctx.county and re.search(re.escape(ctx.county) + "(?:共|累计|各|全)", text)))
