"""Villages and work teams.

Villages are recognised where the genre names them unmistakably: after a township
(``柳树口镇中村村``), in a team's posting (``驻中村村工作队``, ``派驻娜姑镇拖车村、落水村``),
or in a counted list (``布卡、洒衣、扯落等3个贫困村``). Teams are a dispatching unit with an
organisation suffix (局, 委, 院, 厂 ...) posted to villages (驻/派驻/挂包) or named as a
``...工作队``, with a leader next to 第一书记/队长, a size (一队三人) and a start year (自X年进驻).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from llmx.backends.rules.header import _DOUBLE_SURNAMES, SURNAMES
from llmx.backends.rules.text import Doc, Sentence
from llmx.core.divisions import county_path, is_known_town
from llmx.core.numbers import chinese_number
from llmx.core.records import Evidence

_H = "\u4e00-\u9fff"
# Characters a village name never contains: function words, and words that make 村 generic.
_BODY_STOP = set("的了和与及是为对把将向个等在驻各全每本该其此帮扶贫困省县镇乡区进入时从被让给于共有这那到至")
_GENERIC_BODIES = frozenset(
    {"行政", "自然", "示范", "重点", "美丽", "新农", "农", "邻", "临", "整", "外", "他", "我", "山", "小", "大",
     "老", "新", "原", "乡", "城", "中心", "试点", "文明", "先进", "样板", "薄弱", "软弱涣散", "非贫困", "一", "两",
     "三", "几", "多", "某", "深度", "出", "回", "下", "上", "留", "返", "住", "离"}
)
# After X村, a second 村 starts a word (村民, 村委 ...) unless the name is X村村 (中村村).
_AFTER_VILLAGE_WORD = "民委干两集级组支党务容貌内外里庄镇口部规情史道路小医卫文活办"
_VILLAGE = re.compile(rf"(?P<body>[{_H}]{{1,5}}?)村(?P<dup>村(?![{_AFTER_VILLAGE_WORD}]))?")
_COUNTY_SUFFIX = re.compile(rf"[{_H}]{{1,7}}?(?:自治县|自治旗|县|旗|区)")
_TOWN = re.compile(rf"[{_H}]{{1,5}}?(?:镇|乡)")
_TOWN_SUFFIX = re.compile("[镇乡]")
# Posting verbs. Dispatch verbs may reach the village over a short bridge
# ('选派3名干部到河口村'); bare 帮扶/挂钩 count only where the paragraph speaks of a team.
_POSTING_VERB = re.compile(
    r"派驻|选派|下派|派出(?!所)|抽调|入驻|进驻|驻扎|驻|挂包|包联|结对帮扶|定点帮扶|对口帮扶|帮扶|挂钩"
)
_DISPATCH = frozenset({"派驻", "选派", "下派", "派出", "抽调"})
_NEEDS_CUE = frozenset({"帮扶", "对口帮扶", "挂钩"})
_BRIDGE_TO = re.compile(r"到|至|赴|进驻|入驻|驻扎|驻|在")
_BRIDGE_MAX = 16
_TEAM_CUE = re.compile(r"工作队|工作组|第一书记|驻村")
_TEAM_WORD = re.compile(r"工作队|工作组|帮扶队|扶贫队")
_NAMED_TEAM = re.compile(r"(?:驻村|扶贫|脱贫|帮扶|精准|攻坚|乡村振兴)*(?:工作队|工作组|帮扶队)")
_DESCRIPTOR = re.compile(r"(?:驻村|驻|扶贫|脱贫|帮扶|精准|攻坚|乡村振兴|专项|派驻|新一轮)+$")
# Between a unit and its posting verb: a start date and adverbs ('于2017年3月', '联合').
_VERB_GAP = re.compile(
    r"(?:(?:于|自|从|在)?(?:19|20)\d{2}年(?:\d{1,2}月)?(?:\d{1,2}日)?(?:起|开始|以来)?,?)?"
    r"(?:联合|共同|先后|相继|长期|一直|常年|专门|分别|正式|还|也|又|已经|已|就|便|均)*$"
)
# Between a unit and its team's name: '省农科院派出的驻村工作队', '县文化局“三万”工作队',
# '市林业局选派3名干部组成驻村工作队'.
_TEAM_GAP = re.compile(
    r"(?:(?:所?(?:派出|选派|派驻|下派|组派|组建|成立))?的|[“\"][^”\"]{1,8}[”\"]"
    r"|(?:选派|派出|抽调|下派)[^,;。]{0,12}?(?:组成|组建)了?)$"
)
_FIRST_SECRETARY = re.compile(
    r"(?:驻村)?(?:第一书记|工作队队长|工作队长)(?:(?:兼任|兼|、|,|和|及)?(?:驻村)?(?:第一书记|工作队队长|工作队长|队长))*"
)
# Organisation suffixes a dispatching unit ends with.
_ORG_SUFFIXES = (
    "局", "委", "委员会", "常委会", "办", "办公室", "院", "厂", "公司", "集团", "银行", "支行", "分行",
    "农商行", "部", "厅", "中心", "所", "站", "总工会", "工会", "协会", "学校", "大学", "学院", "中学", "小学",
    "医院", "法院", "检察院", "政府", "纪委", "监委", "团委", "妇联", "科协", "残联", "侨联", "文联", "工商联",
    "社科联", "人大", "政协", "联社", "社", "处", "署", "馆", "电视台", "报社", "电网", "邮政", "监狱", "海关",
    "农场", "林场", "党委", "总队", "支队", "大队", "武装部", "军分区", "商会", "研究所", "联合会", "红十字会",
    "管委会",
)
_ORG_SUFFIX = re.compile("(?:" + "|".join(sorted(_ORG_SUFFIXES, key=len, reverse=True)) + ")$")
_ORG_LAST_CHARS = frozenset(suffix[-1] for suffix in _ORG_SUFFIXES)
# Endings that look like an organisation but are village bodies or groups, not dispatching units.
_NOT_UNIT = re.compile(
    r"(?:合作社|村委会?|两委|村民委员会|居委会?|支部|党总支|小组|干部|全部|内部|外部|局部|村部|东部|西部|南部|北部|中部"
    r"|场所|住所|处所)$"
)
_LEFT_CUT = re.compile(
    r"的|带领|率领|由|是|在|为(?!民)|把|将|对|向|让|从|被|经(?![济信贸])|了|时|讯|驻|派(?!出所)|以|等|建立|成立|设立"
    r"|组建|组成|依托|通过|联系|协调|邀请|争取|配合|会同|联合|牵头|支持|帮助|包括|及时|积极|主动|单位|安排|看望|走访"
    r"|慰问|来到|来自|前往|深入|组织(?!部)|欢迎|感谢|肯定|陪同|随同|要求|希望|表扬|表彰|称赞|督促|指导|号召|动员|协同|携手"
)
_LEADING_NOISE = re.compile(
    r"^(?:近日|近期|日前|今年|去年|前年|目前|近年来|同时|此外|另外|其中|随后|之后|首先|其次|最后|当前|如今"
    r"|\d{1,2}月\d{1,2}日|\d{4}年(?:\d{1,2}月)?(?:\d{1,2}日)?(?:以来|起)?|以来|并|还|也|又|均|先后|共同|积极)+"
)
# (Place names that start the same way are units: 贵州大学, 全国妇联, 本溪市…, 那曲市….)
_PRONOUN_START = re.compile(
    r"^(?:该|本(?!溪)|其|我|各|此|这|那(?!曲|坡)|全(?!国|椒|州)|每|贵(?!州|阳|港|溪|定|池)|上级|有关|相关|所在)"
)
_CONNECTOR = re.compile(r"(、|和|与|及)")
_NAME_STOP = set(
    "最还带说在是的介表同和与等到为就从每也都已对把将又便正一曾告被率主牵多深认积坚入驻来去作个书记局长任镇县村乡队"
    "同老师先生女士学讲指兼担走看访召组协帮推要工"
)
# Characters never inside a name that ends right before 任/担任/(第一书记): looser than
# _NAME_STOP, whose extra characters (正, 多, 深 ...) only end a name read forwards.
_NAME_BACK_STOP = set("的了在是和与及等到为就从也都已对把将又被个书记局长村乡镇县队员部委同志")
# Before a three-character name: a boundary, not the tail of another word.
_NAME_LEFT_EDGE = set("由派让请选调荐命名位是的、和与及将把从经志员部记长")
_LEADER_AFTER = re.compile(r"(?:队长|组长)?[、,]?(?:兼)?(?:驻村)?(?:第一书记|队长|组长)")
_LEADER_BEFORE = re.compile(r"(?:驻村)?(?:第一书记|队长|工作队长)")
_TITLE = r"(?:驻村)?(?:第一书记|工作队队长|工作队长|工作组组长|队长|组长)"
# '第一书记兼工作队长', '队长、第一书记': a run of titles before the name.
_TITLE_RUN = re.compile(rf"{_TITLE}(?:(?:兼任|兼|、|,|和|及)?{_TITLE})*(?P<by>由)?")
# Characters before a title that make it a former or deputy post (原第一书记, 副队长), and
# before 队长/组长 another post (村民小组长, 生产队长, 大队长).
_TITLE_FORMER = set("原前副")
_TITLE_GUARD = set("小产兵中大分支总")
_ROLE_AFTER_NAME = re.compile(
    r"(?:同志)?(?:现|曾|时|继|留)?(?:担任|兼任|出任|任)(?:驻村)?(?:第一书记|工作队队长|工作队长|队长|组长)(?!助理)"
)
_TITLE_IN_PARENS = re.compile(rf"\({_TITLE}[^()]{{0,8}}\)")
_LEADER_AS = re.compile(rf"以(?P<name>[{_H}]{{2,4}})为(?:驻村)?(?:第一书记|队长|组长)的")
_SINCE = re.compile(
    r"(?:自|从|于)?(?P<year>(?:19|20)\d{2}|今年|去年|前年)年?(?:\d{1,2}月)?(?:\d{1,2}日)?(?:起|开始|以来)?,?"
    r"[^。;!?]{0,40}?(?:进驻|入驻|驻村(?!工作队|干部|第一书记|队员|扶贫工作队|帮扶工作队)|派驻|进村|到村|选派|下派|驻扎"
    r"|(?<=[起始就便])驻)"
)
_N = r"[\d一二两三四五六七八九十]+"
_ROLE = (
    r"(?:驻村)?(?:第一书记|工作队队长|工作队长|副队长|队长|副组长|组长|工作队员|队员|成员|工作人员)"
    r"(?:兼(?:第一书记|队长|组长))?"
)
_ROLE_ITEM = rf"(?:{_ROLE}{_N}(?:名|人(?!次)|位)|{_N}(?:名|人|位){_ROLE})"
# Team size, most specific first, each with how it counts: 'n' the number as written,
# 'plus' the number plus the leader who brings them ('第一书记带领2名队员' = 3), 'pre' plus
# one when a leader is named before it ('由队长和2名队员组成' = 3), 'roles' the sum of a
# list of posts ('队长1名、队员2名' = 3; 'roles1' a single members' count), 'names' the
# number of people listed ('队员：赵敏(第一书记)、钱进、孙立' = 3).
_SIZE_PATTERNS = (
    ("n", re.compile(rf"一队(?P<n>{_N})人")),
    ("roles", re.compile(rf"{_ROLE_ITEM}(?:[、,和及与]{_ROLE_ITEM})+")),
    ("plus", re.compile(
        rf"(?:第一书记|工作队长|队长|组长)(?:[{_H}]{{2,3}}?)?(?:同志)?(?:带领|率领|和|与|及|携)(?:其他)?"
        rf"(?P<n>{_N})(?:名|位)(?:工作)?(?:队员|成员|同志|干部)"
    )),
    ("pre", re.compile(rf"由(?P<pre>[^,;。\d]{{0,10}}?)(?P<n>{_N})(?:名|人|位)[^,;。\d]{{0,8}}?组成")),
    ("roles1", re.compile(_ROLE_ITEM)),
    ("n", re.compile(
        rf"(?:工作队|工作组)(?:由|共有|共|有|现有|一行)?(?P<n>{_N})(?:名|人(?!次)|位)(?:队员|成员|同志|组成)?"
    )),
    ("n", re.compile(rf"(?<![\d.])(?P<n>{_N})人的?(?:驻村|扶贫|帮扶|精准|脱贫)*(?:工作队|工作组)")),
    ("n", re.compile(
        rf"(?<![\d.])(?P<n>{_N})名[^,;。\d]{{0,10}}?(?:组成|组建)了?(?:驻村|扶贫|帮扶|精准|脱贫)*(?:工作队|工作组)"
    )),
    ("n", re.compile(rf"(?:选派|派驻|下派|抽调|派出)(?P<n>{_N})名[^,;。\d]{{0,6}}?(?:干部|同志|队员|党员|骨干|人员)")),
    ("names", re.compile(
        rf"(?:工作队|工作组)?(?:成员|队员)(?:有|为|是|包括)?:"
        rf"(?P<names>[{_H}]{{2,4}}(?:\([^()]{{1,10}}\))?(?:、[{_H}]{{2,4}}(?:\([^()]{{1,10}}\))?)+)(?=$|[,;。])"
    )),
)
_SIZE_NOT = re.compile(r"[支个]工作队|[支个]工作组|支队伍|先后|累计|轮换|历任|每村|每个")
# A unit opening a sentence about its work in villages ('…,先后在某镇甲村、乙村投资…').
_SUBJECT_DEED = re.compile(r"帮扶|扶贫|脱贫|挂包|包联|结对")
_SUBJECT_WORK = re.compile(r"投资|投入|实施|援建|捐|修建|新建|建设|帮扶|扶持|帮助|项目|资金")
_SUBJECT_PLACE = re.compile(r"(?:先后|分别|累计|共|还|也|已|相继)?在")
_TOP_GOVERNMENT = re.compile(r"(?:政府|党委)$|^(?!团)[^、和与]{0,6}[县市省区州旗]委$")
_AREA_WIDE = re.compile(r"全县|全市|全省|全区|全州|各县|各乡")


@dataclass(slots=True)
class VillageMention:
    name: str
    start: int  # start of the mention including its township/county prefix
    end: int
    township: str | None = None
    county: str | None = None


@dataclass(slots=True)
class TeamFound:
    sent_by: str | None
    villages: list[str] = field(default_factory=list)
    leader: str | None = None
    size: int | None = None
    since: int | None = None
    evidence: list[Evidence] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)


def _body_ok(body: str, prefixed: bool) -> bool:
    if any(ch in _BODY_STOP for ch in body) or body in _GENERIC_BODIES:
        return False
    if body.endswith(("贫", "省", "市", "县")):
        return False
    return len(body) >= (1 if prefixed else 2) or prefixed


def _split_town(town: str) -> tuple[str, str] | None:
    """('孟村', '辛店镇') from '孟村辛店镇': the longest known township ending the string."""
    for i in range(len(town) - 1):
        if is_known_town(town[i:]):
            return town[:i], town[i:]
    return None


def _village_at(folded: str, pos: int, end: int, *, prefixed: bool) -> tuple[str, int] | None:
    m = _VILLAGE.match(folded, pos, end)
    if not m or not _body_ok(m.group("body"), prefixed or bool(m.group("dup"))):
        return None
    return m.group(0), m.end()


def parse_place(folded: str, pos: int, end: int) -> VillageMention | None:
    """One '[县][镇/乡]X村' item starting exactly at ``pos``."""
    county = None
    cursor = pos
    cm = _COUNTY_SUFFIX.match(folded, cursor, end)
    if cm and county_path(cm.group()) is not None:
        county, cursor = cm.group(), cm.end()
    town = None
    tm = _TOWN.match(folded, cursor, end)
    if tm:
        split = _split_town(tm.group())
        if split is not None:
            prefix, town = split
            if prefix and county is None and county_path(prefix) is not None:
                county = prefix
            cursor = tm.end()
        elif len(tm.group()) <= 4 and not any(ch in _BODY_STOP for ch in tm.group()[:-1]):
            town, cursor = tm.group(), tm.end()
    found = _village_at(folded, cursor, end, prefixed=town is not None)
    if found is None:
        return None
    name, stop = found
    return VillageMention(
        name=name,
        start=pos,
        end=stop,
        township=town if town else None,
        county=_county_full(county),
    )


def _county_full(name: str | None) -> str | None:
    """The full county name for a full or short one ('孟村' → '孟村回族自治县')."""
    if not name:
        return None
    path = county_path(name)
    return path[2] if path else None


def parse_place_list(folded: str, pos: int, end: int) -> list[VillageMention]:
    """'马路乡旁官地村、水口村,火红乡龙树村' → four mentions; a later item keeps the last town."""
    items: list[VillageMention] = []
    cursor = pos
    while cursor < end:
        item = parse_place(folded, cursor, end)
        if item is None:
            break
        if item.township is None and items and item.start > items[-1].end:
            item.township, item.county = items[-1].township, items[-1].county
        items.append(item)
        cursor = item.end
        if cursor < end and folded[cursor] in "、,和及与":
            cursor += 1
            continue
        break
    return items


def find_village_mentions(doc: Doc) -> list[VillageMention]:
    """Villages named after a township (镇/乡) anywhere in the content, plus counted lists."""
    folded = doc.folded
    mentions: list[VillageMention] = []
    for start, end in doc.paragraphs:
        for m in _TOWN_SUFFIX.finditer(folded, start, end):
            suffix = m.start()
            town = _town_ending_at(folded, start, suffix)
            if town is None:
                continue
            town_start, town_name, county = town
            items = parse_place_list(folded, suffix + 1, end)
            if not items:
                continue
            first = items[0]
            first.start, first.township = town_start, town_name
            first.county = first.county or county
            for item in items[1:]:
                if item.township is None:
                    item.township, item.county = first.township, first.county
            mentions.extend(items)
        mentions.extend(_counted_lists(doc, start, end))
    return _dedupe(mentions)


def _town_ending_at(folded: str, floor: int, suffix: int) -> tuple[int, str, str | None] | None:
    """The township whose 镇/乡 is at ``suffix``: gazetteer-known names first."""
    best = None
    for length in range(2, 6):
        start = suffix - length + 1
        if start < floor or not all("\u4e00" <= ch <= "\u9fff" for ch in folded[start : suffix + 1]):
            break
        name = folded[start : suffix + 1]
        if is_known_town(name):
            best = (start, name)
    county = None
    if best is None:
        # Unknown to the gazetteer: accept a 2-3 character name after a clear boundary.
        for length in (3, 4):
            start = suffix - length + 1
            if start < floor:
                continue
            before = folded[start - 1] if start > floor else " "
            body = folded[start:suffix]
            boundary = not "\u4e00" <= before <= "\u9fff" or before in _BODY_STOP
            if boundary and not any(ch in _BODY_STOP for ch in body):
                best = (start, folded[start : suffix + 1])
                break
    if best is None:
        return None
    start, name = best
    for length in range(7, 1, -1):
        cstart = start - length
        if cstart >= floor and county_path(folded[cstart:start]) is not None:
            county, start = folded[cstart:start], cstart
            break
    return start, name, _county_full(county)


_COUNTED = re.compile(r"等(?P<n>\d+|[二两三四五六七八九十]+)个(?:深度)?(?:贫困|行政|重点|帮扶)?村")


def _counted_lists(doc: Doc, start: int, end: int) -> list[VillageMention]:
    """'矿山镇布卡、洒衣、扯落等3个贫困村': bare names whose count the text confirms."""
    folded = doc.folded
    found: list[VillageMention] = []
    for m in _COUNTED.finditer(folded, start, end):
        run = re.search(rf"[{_H}、]+$", folded[start : m.start()])
        if not run:
            continue
        run_start = start + run.start()
        parts = folded[run_start : m.start()].split("、")
        count = chinese_number(m.group("n"))
        if count is None or len(parts) != int(count) or len(parts) < 2:
            continue
        first = parts[0]
        town = None
        town_at = max(first.rfind("镇"), first.rfind("乡"))
        if town_at > 0:
            town_info = _town_ending_at(folded, run_start, run_start + town_at)
            if town_info is not None:
                town = town_info[1]
                parts[0] = first[town_at + 1 :]
        if not all(2 <= len(p) <= 4 and not any(ch in _BODY_STOP for ch in p) for p in parts):
            continue
        pos = run_start + (len(first) - len(parts[0]))
        for part in parts:
            found.append(
                VillageMention(
                    name=part + "村",
                    start=pos,
                    end=pos + len(part),
                    township=town if town else None,
                )
            )
            pos += len(part) + 1
    return found


def _dedupe(mentions: list[VillageMention]) -> list[VillageMention]:
    seen: set[tuple[str, int]] = set()
    out = []
    for mention in sorted(mentions, key=lambda v: (v.start, -v.end)):
        key = (mention.name, mention.end)
        if key not in seen:
            seen.add(key)
            out.append(mention)
    return out


# ----------------------------------------------------------------------------------------
# Teams
# ----------------------------------------------------------------------------------------


def unit_before(folded: str, pos: int, floor: int) -> tuple[int, str] | None:
    """The dispatching unit written right before ``pos``: '县总工会、县教师进修学校'."""
    run = re.search(rf"[{_H}、]{{2,40}}$", folded[max(floor, pos - 40) : pos])
    if not run:
        return None
    start = pos - len(run.group())
    text = run.group()
    cut = 0
    for m in _LEFT_CUT.finditer(text):
        if m.end() < len(text):
            cut = m.end()
    start += cut
    text = text[cut:]
    noise = _LEADING_NOISE.match(text)
    if noise:
        start += noise.end()
        text = text[noise.end() :]
    parts = _CONNECTOR.split(text)
    kept: list[str] = []
    # parts alternate name, connector, name ...; keep the organisations ending the run.
    for i in range(len(parts) - 1, -1, -2):
        part = parts[i]
        if len(part) < 2 or not _ORG_SUFFIX.search(part) or _NOT_UNIT.search(part) or _PRONOUN_START.match(part):
            break
        kept = [part] if not kept else [part, parts[i + 1], *kept]
    if not kept:
        return None
    unit = "".join(kept)
    if len(unit) < 3:
        return None
    return pos - len(unit), unit


def _unit_ending(folded: str, pos: int, floor: int) -> tuple[int, str] | None:
    """The unit before a posting verb, also across a date or adverb: '市水利局于2017年派驻'."""
    found = unit_before(folded, pos, floor)
    if found is not None:
        return found
    gap = _VERB_GAP.search(folded, max(floor, pos - 24), pos)
    if gap is not None and gap.start() < pos:
        return unit_before(folded, gap.start(), floor)
    return None


def _name_at(folded: str, pos: int) -> str | None:
    """A person's name starting at ``pos`` (surname + one or two characters)."""
    surname = 2 if folded.startswith(_DOUBLE_SURNAMES, pos) else 1
    if surname == 1 and (pos >= len(folded) or folded[pos] not in SURNAMES):
        return None
    chars = []
    for ch in folded[pos + surname : pos + surname + 2]:
        if not "\u4e00" <= ch <= "\u9fff" or ch in _NAME_STOP:
            break
        chars.append(ch)
    if not chars:
        return None
    return folded[pos : pos + surname] + "".join(chars)


def _name_before(folded: str, pos: int, floor: int) -> str | None:
    """A person's name ending right before ``pos`` ('李建国' in '李建国任第一书记')."""
    for length in (3, 2):
        start = pos - length
        if start < floor:
            continue
        name = folded[start:pos]
        if (
            not all("\u4e00" <= ch <= "\u9fff" for ch in name)
            or name[0] not in SURNAMES
            or any(ch in _NAME_BACK_STOP for ch in name[1:])
        ):
            continue
        before = folded[start - 1] if start > floor else ""
        if length == 3 and "\u4e00" <= before <= "\u9fff" and before not in _NAME_LEFT_EDGE:
            continue  # '主任王强任…': the name is the last two characters
        return name
    return None


def _title_ok(folded: str, m: re.Match[str], floor: int) -> bool:
    """A former or deputy post, or 队长/组长 of another kind (村民小组长, 生产队长), is no team leader."""
    if m.start() <= floor:
        return True
    before = folded[m.start() - 1]
    if before in _TITLE_FORMER:
        return False
    return not (before in _TITLE_GUARD and m.group().startswith(("队长", "组长")))


def leaders_in(folded: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """(start, end, name) of every named team leader in [start, end).

    '第一书记兼工作队长王强', '队长、第一书记赵刚', '第一书记由张志强担任', '李建国任第一书记',
    '由张志强担任第一书记', '张丽(第一书记)'.
    """
    found: list[tuple[int, int, str]] = []
    for m in _TITLE_RUN.finditer(folded, start, end):
        if not _title_ok(folded, m, start):
            continue
        name = _name_at(folded, m.end())
        if name is None:
            continue
        stop = m.end() + len(name)
        if m.group("by") and not re.match(r"(?:同志)?(?:担任|兼任|出任|任)", folded[stop:end]):
            continue
        found.append((m.start(), stop, name))
    for m in _ROLE_AFTER_NAME.finditer(folded, start, end):
        floor = max(start, m.start() - 4)
        name = _name_before(folded, m.start(), floor)
        if name is not None:
            begin = m.start() - len(name)
            if begin > start and folded[begin - 1] == "由":
                begin -= 1
            found.append((begin, m.end(), name))
    for m in _TITLE_IN_PARENS.finditer(folded, start, end):
        name = _name_before(folded, m.start(), max(start, m.start() - 4))
        if name is not None:
            found.append((m.start() - len(name), m.end(), name))
    return sorted(found)


def _leader_near(folded: str, start: int, end: int, sentence: Sentence) -> str | None:
    if folded[start:end].endswith(("第一书记", "队长", "组长")):
        name = _name_at(folded, end)
        if name:
            return name
    after = _LEADER_AFTER.match(folded, end, sentence.end)
    if after:
        name = _name_at(folded, after.end())
        if name:
            return name
    after = _TITLE_RUN.match(folded, end, sentence.end)
    if after and not after.group("by"):
        name = _name_at(folded, after.end())
        if name:
            return name
    window = folded[sentence.start : start]
    before = list(_LEADER_BEFORE.finditer(window))
    if before:
        last = before[-1]
        name = _name_at(folded, sentence.start + last.end())
        tail = window[last.end() :]
        if name and re.fullmatch(rf"{re.escape(name)}(?:带领|率领|和|与|同)?[{_H}、]*", tail):
            return name
    found = list(_LEADER_AS.finditer(folded, sentence.start, start + 1))
    m = found[-1] if found else None
    if m and m.end() >= start - 1:
        name = m.group("name")
        if name[0] in SURNAMES:
            return name
    return None


@dataclass(slots=True)
class _Span:
    """One mention of a team in a sentence."""

    start: int
    end: int
    unit: str | None
    villages: list[str]
    leader: str | None = None
    extra: tuple[int, int] | None = None  # a second quote: where the villages are named


def find_teams(doc: Doc, mentions: list[VillageMention], ref_year: int | None) -> list[TeamFound]:
    """Teams by dispatching unit (or, without one, by village), merged across mentions."""
    folded = doc.folded
    teams: dict[str, TeamFound] = {}
    about_teams = _TEAM_CUE.search(folded) is not None
    for sentence in doc.sentences:
        for span in _team_spans(doc, sentence, mentions, about_teams):
            unit, villages = span.unit, span.villages
            key = unit or ("village:" + villages[0] if villages else "")
            if not key:
                continue
            team = teams.get(key)
            if team is None:
                team = teams[key] = TeamFound(sent_by=unit)
            for name in villages:
                if name not in team.villages:
                    team.villages.append(name)
            for begin, stop in [(span.start, span.end)] + ([span.extra] if span.extra else []):
                evidence = doc.evidence(begin, stop)
                if evidence is not None and all(e.quote != evidence.quote for e in team.evidence):
                    team.evidence.append(evidence)
            team.sentences.append(sentence)
            if team.leader is None:
                team.leader = _leader_near(folded, span.start, span.end, sentence) or span.leader
    found = _merge_unnamed(_merge_short_units(list(teams.values())))
    paragraph_teams: dict[int, int] = {}
    for team in found:
        for p in {s.paragraph for s in team.sentences}:
            paragraph_teams[p] = paragraph_teams.get(p, 0) + 1
    for team in found:
        if not team.villages:
            team.villages = _paragraph_villages(doc, team, mentions)
        if not team.villages and len(found) == 1:
            # The only team of a document about one village is that village's team.
            names = list(dict.fromkeys(m.name for m in mentions))
            team.villages = names if len(names) == 1 else []
        alone = all(paragraph_teams[s.paragraph] == 1 for s in team.sentences)
        _team_details(doc, team, ref_year, single=len(found) == 1, single_in_paragraph=alone)
    return found


def _merge_short_units(teams: list[TeamFound]) -> list[TeamFound]:
    """'陕西省地方志办公室' and a later '省地方志办公室' (or '罗田县文化局' and '罗田文化局') are one
    unit: merged under the longer name."""
    out: list[TeamFound] = []
    for team in teams:
        unit = team.sent_by
        same = next((t for t in out if unit and t.sent_by and _same_unit(unit, t.sent_by)), None)
        if same is None:
            out.append(team)
            continue
        if unit and same.sent_by and len(unit) > len(same.sent_by):
            same.sent_by = unit
        same.villages.extend(v for v in team.villages if v not in same.villages)
        same.evidence.extend(e for e in team.evidence if e.quote not in {x.quote for x in same.evidence})
        same.sentences.extend(team.sentences)
        same.leader = same.leader or team.leader
    return out


def _same_unit(a: str, b: str) -> bool:
    """One name is the other without a leading place ('陕西省X' / '省X') or a character or two
    ('罗田县文化局' / '罗田文化局'); '县第一中学' and '县第二中学' stay apart."""
    short, long = sorted((a, b), key=len)
    if len(short) < 3:
        return False
    if long.endswith(short):
        return True
    if len(short) < 4 or len(long) - len(short) > 2 or short[-1] != long[-1]:
        return False
    rest = iter(long)
    return all(ch in rest for ch in short)  # a subsequence


def _merge_unnamed(teams: list[TeamFound]) -> list[TeamFound]:
    """A team seen without its unit ('驻赵壁乡梭罗峪村工作队') is the unit's team for that village."""
    named = [t for t in teams if t.sent_by]
    out = list(named)
    for team in teams:
        if team.sent_by:
            continue
        owners = [t for t in named if set(team.villages) & set(t.villages)]
        if len(owners) == 1:
            owners[0].evidence.extend(e for e in team.evidence if e.quote not in {x.quote for x in owners[0].evidence})
            owners[0].sentences.extend(team.sentences)
            owners[0].leader = owners[0].leader or team.leader
        else:
            out.append(team)
    return out


def _paragraph_villages(doc: Doc, team: TeamFound, mentions: list[VillageMention]) -> list[str]:
    """The one village named in the first paragraph mentioning the team that names any."""
    for paragraph in dict.fromkeys(s.paragraph for s in team.sentences):
        start, end = doc.paragraphs[paragraph]
        names = {m.name for m in mentions if start <= m.start < end}
        if names:
            return list(names) if len(names) == 1 else []
    return []


def _has_team_cue(doc: Doc, sentence: Sentence) -> bool:
    start, end = doc.paragraphs[sentence.paragraph]
    return _TEAM_CUE.search(doc.folded, start, end) is not None


def _places_after(
    folded: str, pos: int, end: int, verb: str
) -> tuple[list[VillageMention], str | None]:
    """The villages a posting verb reaches, and a leader named on the way.

    '驻王家沟村', '派驻到杨柳村', '定点帮扶的十八洞村', and for dispatch verbs a short bridge:
    '选派3名干部到河口村', '下派驻村工作队到花园村', '选派干部陈明到黄土坡村担任第一书记'.
    """
    direct = pos + 1 if pos < end and folded[pos] in "的到在" else pos
    places = parse_place_list(folded, direct, end)
    if places or verb not in _DISPATCH:
        return places, None
    window_end = min(end, pos + _BRIDGE_MAX)
    stop = re.search(r"[,;:。!?]", folded[pos:window_end])
    if stop:
        window_end = pos + stop.start()
    for to in _BRIDGE_TO.finditer(folded, pos, window_end):
        places = parse_place_list(folded, to.end(), end)
        if not places:
            continue
        leader = None
        if re.match(rf"(?:担任|任)(?:驻村)?{_TITLE}", folded[places[-1].end : end]):
            leader = _name_before(folded, to.start(), pos)
        return places, leader
    return [], None


def _team_spans(doc: Doc, sentence: Sentence, mentions: list[VillageMention], about_teams: bool) -> list[_Span]:
    """Every team mention in one sentence."""
    folded = doc.folded
    results: list[_Span] = []
    covered: list[tuple[int, int]] = []
    for m in _POSTING_VERB.finditer(folded, sentence.start, sentence.end):
        verb = m.group()
        if folded.find("村", m.end(), min(sentence.end, m.end() + _BRIDGE_MAX + 12)) < 0 and not (
            verb == "驻" and _TEAM_WORD.match(folded, m.end())
        ):
            continue  # neither a village nor a team follows
        unit_info = _unit_ending(folded, m.start(), sentence.start)
        if unit_info is None:
            if verb == "驻":
                unnamed = _unnamed_posting(folded, m, sentence)
                if unnamed is not None:
                    results.append(unnamed)
                    covered.append((unnamed.start, unnamed.end))
            continue
        if verb in _NEEDS_CUE and not _has_team_cue(doc, sentence):
            continue
        start, unit = unit_info
        places, leader = _places_after(folded, m.end(), sentence.end, verb)
        tail = _TEAM_WORD.match(folded, m.end())
        if places:
            end = places[-1].end
            after = re.match(r"(?:驻村|扶贫|脱贫|帮扶|精准|攻坚)*(?:工作队|工作组|帮扶队)", folded[end : sentence.end])
            if after:
                end += after.end()
            results.append(_Span(start, end, unit, [p.name for p in places], leader))
            covered.append((start, end))
        elif verb == "驻" and (tail or folded.startswith("村", m.end())):
            team_word = re.match(
                r"村?(?:扶贫|脱贫|帮扶|精准|攻坚)*(?:工作队|工作组|帮扶队)?(?:队长|第一书记)?",
                folded[m.end() : sentence.end],
            )
            if team_word and team_word.end() > 1:
                end = m.end() + team_word.end()
                villages: list[str] = []
                post = re.match(r"(?:挂包|包联|帮扶|入驻|进驻|驻)", folded[end : sentence.end])
                if post:
                    places = parse_place_list(folded, end + post.end(), sentence.end)
                    if places:
                        villages = [p.name for p in places]
                        end = places[-1].end
                results.append(_Span(start, end, unit, villages))
                covered.append((start, end))
    for m in _TEAM_WORD.finditer(folded, sentence.start, sentence.end):
        if any(s <= m.start() < e for s, e in covered):
            continue
        head = folded[sentence.start : m.start()]
        desc = _DESCRIPTOR.search(head)
        anchor = m.start() - (len(desc.group()) if desc else 0)
        village = next((v for v in mentions if v.end == anchor), None)
        if village is not None:
            unit_info = unit_before(folded, village.start, sentence.start)
            if unit_info is None:
                results.append(_Span(village.start, m.end(), None, [village.name]))
                continue
        unit_info = unit_before(folded, anchor, sentence.start)
        if unit_info is None:
            gap = _TEAM_GAP.search(folded, sentence.start, anchor)
            if gap is not None:
                unit_info = unit_before(folded, gap.start(), sentence.start)
        if unit_info is None:
            continue
        start, unit = unit_info
        end = m.end()
        found: list[str] = []
        post = re.match(r",?(?:挂包|包联|帮扶|入驻|进驻|驻)", folded[end : sentence.end])
        if post:
            places = parse_place_list(folded, end + post.end(), sentence.end)
            if places:
                found = [p.name for p in places]
                end = places[-1].end
        results.append(_Span(start, end, unit, found))
    results.extend(_titled_spans(doc, sentence, mentions, covered + [(r.start, r.end) for r in results]))
    if not results:
        subject = _subject_unit_span(doc, sentence, mentions, about_teams)
        if subject is not None:
            results.append(subject)
    return results


def _unnamed_posting(folded: str, m: re.Match[str], sentence: Sentence) -> _Span | None:
    """'驻麻溪口村帮扶工作队': a team named by its village alone (no unit before 驻)."""
    places = parse_place_list(folded, m.end(), sentence.end)
    if not places:
        return None
    after = _NAMED_TEAM.match(folded, places[-1].end, sentence.end)
    if after is None:
        return None
    return _Span(m.start(), after.end(), None, [p.name for p in places])


def _titled_spans(
    doc: Doc, sentence: Sentence, mentions: list[VillageMention], covered: list[tuple[int, int]]
) -> list[_Span]:
    """A first secretary named with his unit or village: '来自市财政局的第一书记王强',
    '青山镇石门村第一书记刘强' (a team without a unit). Plain 队长/组长 is not enough here
    ('刑警大队队长' is no work team)."""
    folded = doc.folded
    spans: list[_Span] = []
    if folded.find("书记", sentence.start, sentence.end) < 0 and folded.find("队长", sentence.start, sentence.end) < 0:
        return spans
    for m in _FIRST_SECRETARY.finditer(folded, sentence.start, sentence.end):
        if any(s <= m.start() < e for s, e in covered) or not _title_ok(folded, m, sentence.start):
            continue
        name = _name_at(folded, m.end())
        if name is None:
            continue
        end = m.end() + len(name)
        village = next((v for v in mentions if v.end == m.start()), None)
        if village is not None:
            unit_info = unit_before(folded, village.start, sentence.start)
            if unit_info is None:
                spans.append(_Span(village.start, end, None, [village.name], name))
            continue
        anchor = m.start()
        gap = _TEAM_GAP.search(folded, sentence.start, anchor)
        unit_info = unit_before(folded, gap.start() if gap else anchor, sentence.start)
        if unit_info is not None:
            spans.append(_Span(unit_info[0], end, unit_info[1], [], name))
    return spans


def _subject_unit_span(
    doc: Doc, sentence: Sentence, mentions: list[VillageMention], about_teams: bool
) -> _Span | None:
    """A unit opening a sentence that then works in named villages, in a document about teams.

    '市国土资源局充分发挥…,先后在某镇甲、乙、丙等3个贫困村累计投资…': the unit is
    the subject; the villages follow 在, the sentence speaks of assistance (帮扶, 扶贫, 挂包 ...) and
    says what was done there (投资, 实施, 修建 ...).
    """
    folded = doc.folded
    if not about_teams or not _SUBJECT_DEED.search(folded, sentence.start, sentence.end):
        return None
    places = _villages_after_at(folded, sentence, mentions)
    if places is None:
        return None
    base = sentence.start
    noise = _LEADING_NOISE.match(folded, base, sentence.end)
    if noise:
        base = noise.end()
    if folded.startswith(",", base):
        base += 1
    run = re.match(rf"[{_H}、]{{3,30}}", folded[base : min(sentence.end, places[0])])
    if not run:
        return None
    unit_info = None
    for k in range(base + len(run.group()), base + 2, -1):
        if folded[k - 1] not in _ORG_LAST_CHARS:
            continue
        found = unit_before(folded, k, base)
        if found is not None and found[0] == base:
            unit_info = found
            break
    if unit_info is None or all(_TOP_GOVERNMENT.search(p) for p in _CONNECTOR.split(unit_info[1])[::2]):
        return None
    start, unit = unit_info
    at, end, names = places
    if not _SUBJECT_WORK.search(folded, end, sentence.end):
        return None  # a meeting held in the village is no assistance
    return _Span(start, start + len(unit), unit, names, extra=(at, end))


def _villages_after_at(
    folded: str, sentence: Sentence, mentions: list[VillageMention]
) -> tuple[int, int, list[str]] | None:
    """(start of 在, end, names) of the first '在[县/镇]甲村、乙村' in a sentence."""
    inside = [v for v in mentions if sentence.start <= v.start < sentence.end]
    if not inside:
        return None
    for m in _SUBJECT_PLACE.finditer(folded, sentence.start, sentence.end):
        clause_end = re.compile(r"[,;:]").search(folded, m.end(), sentence.end)
        stop = clause_end.start() if clause_end else sentence.end
        listed = [
            v for v in inside
            if m.end() <= v.start < stop and re.fullmatch(rf"[{_H}、]*", folded[m.end() : v.start])
        ]
        if not listed or not re.fullmatch(rf"(?:[{_H}]*?[县区镇乡])?", folded[m.end() : listed[0].start]):
            continue
        end = max(v.end for v in listed)
        counted = _COUNTED.match(folded, end)
        if counted:
            end = counted.end()
        return m.end() - 1, end, list(dict.fromkeys(v.name for v in listed))
    return None


def team_size(folded: str, start: int, end: int) -> tuple[int, int, int] | None:
    """(size, start, end) of a team-size statement in [start, end), or None.

    '一队三人', '第一书记带领2名队员' (3), '由3名同志组成', '队长1名、队员2名' (3),
    '工作队3人', '3人工作队', '选派3名干部组成驻村工作队', '队员:赵敏、钱进、孙立' (3).
    Counts of teams or of members across teams ('120支工作队', '先后选派', '全县') are not sizes.
    """
    if _AREA_WIDE.search(folded, start, end):
        return None
    for kind, pattern in _SIZE_PATTERNS:
        for m in pattern.finditer(folded, start, end):
            clause = doc_clause(folded, m.start(), m.end(), start, end)
            if _SIZE_NOT.search(clause):
                continue
            value = _size_value(kind, m)
            if value is not None and 1 <= value <= 30:
                return value, m.start(), m.end()
    return None


def doc_clause(folded: str, begin: int, stop: int, floor: int, ceiling: int) -> str:
    """The clause (between , ; :) around [begin, stop), within [floor, ceiling)."""
    left = max(folded.rfind(ch, floor, begin) for ch in ",;")
    right = min((i for i in (folded.find(ch, stop, ceiling) for ch in ",;") if i >= 0), default=ceiling)
    return folded[max(left + 1, floor) : right]


def _size_value(kind: str, m: re.Match[str]) -> int | None:
    if kind == "names":
        names = [re.sub(r"\(.*\)", "", n) for n in m.group("names").split("、")]
        return len(names) if all(n[0] in SURNAMES and len(n) <= 3 for n in names) else None
    if kind in ("roles", "roles1"):
        items = re.findall(rf"{_ROLE}(?P<a>{_N})(?:名|人|位)|(?P<b>{_N})(?:名|人|位){_ROLE}", m.group())
        if kind == "roles1" and "员" not in m.group():
            return None  # '队长1名' alone is not the team's size
        counts = [chinese_number(a or b) for a, b in items]
        if not counts or any(c is None or c != int(c) for c in counts):
            return None
        return int(sum(c for c in counts if c is not None))
    n = chinese_number(m.group("n"))
    if n is None or n != int(n):
        return None
    value = int(n)
    if kind == "plus" or (kind == "pre" and re.search(r"第一书记|队长|组长", m.group("pre"))):
        value += 1  # the leader named apart from the members
    return value


def _add_evidence(doc: Doc, team: TeamFound, start: int, end: int) -> None:
    evidence = doc.evidence(start, end)
    if evidence is None:
        return
    if any(e.start <= evidence.start and evidence.end <= e.end for e in team.evidence):
        return
    team.evidence.append(evidence)


def _team_details(doc: Doc, team: TeamFound, ref_year: int | None, *, single: bool, single_in_paragraph: bool) -> None:
    """Size, start year and leader, from the team's own sentences and those right after.

    A document's only team also takes these facts from any later sentence ('该工作队现有
    队员3名'), as long as the document states them one way only.
    """
    folded = doc.folded
    paragraphs = {s.paragraph for s in team.sentences}
    nearby = [s for s in doc.sentences if s.paragraph in paragraphs and s.start >= team.sentences[0].start][:4]
    near_starts = {s.start for s in nearby}
    pool = list(nearby)
    if single:
        pool += [s for s in doc.sentences if s.start not in near_starts]
    elif team.leader:
        pool += [
            s for s in doc.sentences
            if s.start not in near_starts and team.leader in doc.folded[s.start : s.end]
        ]
    own = {s.start for s in team.sentences}
    for sentence in pool:
        chunk = folded[sentence.start : sentence.end]
        if team.since is None:
            m = _SINCE.search(chunk)
            context_ok = sentence.start in own or "工作队" in chunk or "我们" in chunk or (
                team.leader is not None and team.leader in chunk
            )
            if m and context_ok and not _AREA_WIDE.search(chunk):
                # '从去年12月对接、今年1月3日驻村': the year nearest the verb is the start.
                tokens = re.findall(r"(?:19|20)\d{2}(?=年)|今年|去年|前年", m.group())
                year = _resolve_year(tokens[-1] if tokens else m.group("year"), ref_year)
                if year is not None:
                    team.since = year
                    _add_evidence(doc, team, sentence.start + m.start(), sentence.start + m.end())
        if team.leader is None and single_in_paragraph and sentence.start in near_starts:
            found = leaders_in(folded, sentence.start, sentence.end)
            if found:
                begin, stop, team.leader = found[0]
                _add_evidence(doc, team, begin, stop)
        if team.size is None and sentence.start in near_starts:
            size = team_size(folded, sentence.start, sentence.end)
            if size is not None:
                team.size = size[0]
                _add_evidence(doc, team, size[1], size[2])
    if not single:
        return
    far = [s for s in doc.sentences if s.start not in near_starts and s.start >= team.sentences[0].start]
    if team.leader is None:
        leaders = [hit for s in far for hit in leaders_in(folded, s.start, s.end)]
        if leaders and len({name for _, _, name in leaders}) == 1:
            begin, stop, team.leader = leaders[0]
            _add_evidence(doc, team, begin, stop)
    if team.size is None:
        sizes = [
            size for s in far
            if _TEAM_CUE.search(folded, s.start, s.end) or "队员" in folded[s.start : s.end]
            if (size := team_size(folded, s.start, s.end)) is not None
        ]
        if sizes and len({size[0] for size in sizes}) == 1:
            team.size = sizes[0][0]
            _add_evidence(doc, team, sizes[0][1], sizes[0][2])


def _resolve_year(token: str, ref_year: int | None) -> int | None:
    if token.isdigit():
        return int(token)
    if ref_year is None:
        return None
    return {"今年": ref_year, "去年": ref_year - 1, "前年": ref_year - 2}.get(token)
