"""Villages and work teams.

Villages are recognised where the genre names them unmistakably: after a township
(``石门镇青石村``), in a team's posting (``驻青石村工作队``, ``派驻白沙镇柳湾村、杏岭村``),
or in a counted list (``布卡、洒衣、扯落等3个贫困村``). Teams are a dispatching unit with an
organisation suffix (局, 委, 院, 厂 ...) posted to villages (驻/派驻/挂包) or named as a
``...工作队``, with a leader next to 第一书记/队长, a size (一队三人) and a start year (自X年进驻).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from llmx.backends.rules.names import transliterated
from llmx.backends.rules.patterns import (
    AFTER_VILLAGE_WORD,
    AFTER_VILLAGE_WORD_TUPLE,
    BODY_STOP,
    COUNTY_SUFFIX,
    GENERIC_BODIES,
    LOCATED,
    NOT_VILLAGE_BODY,
    PHONETIC,
    TOWN,
    TOWN_BREAK,
    TOWN_LEFT_CUT,
    TOWN_SUFFIX,
    VILLAGE,
    VILLAGE_AFTER_CUE,
    VILLAGE_BEFORE_CUE,
    VILLAGE_BODY_WORDS,
)
from llmx.backends.rules.text import Doc
from llmx.core.divisions import county_has_village, county_path, is_known_city, is_known_town
from llmx.core.numbers import chinese_number
from llmx.core.occurrences import find_all


@dataclass(slots=True)
class VillageMention:
    name: str
    start: int  # start of the mention including its township/county prefix
    end: int
    township: str | None = None
    county: str | None = None


class Mentions:
    """A document's village mentions in text order (by start, then longest first), with
    the lookups the team rules make by position.

    Scanning every mention of the document for each sentence made time grow with the
    square of the length; these lookups bisect. Mentions must not move once indexed.
    """

    def __init__(self, items: Iterable[VillageMention] = (), towns: Iterable[str] = ()) -> None:
        #: Townships the content names, with or without a village after them.
        self.towns = frozenset(towns)
        self._items = sorted(items, key=lambda v: (v.start, -v.end))
        self._starts = [v.start for v in self._items]
        self._by_end: dict[int, VillageMention] = {}
        for v in self._items:
            self._by_end.setdefault(v.end, v)
        #: The names mentioned, for a test of a name without a scan.
        self.names = frozenset(v.name for v in self._items)

    def __iter__(self) -> Iterator[VillageMention]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def _range(self, start: int, end: int) -> range:
        return range(bisect_left(self._starts, start), bisect_left(self._starts, end))

    def starting_in(self, start: int, end: int) -> list[VillageMention]:
        """The mentions starting in [start, end), in order."""
        span = self._range(start, end)
        return self._items[span.start : span.stop]

    def ending_at(self, pos: int) -> VillageMention | None:
        """The first mention (in order) ending at ``pos``."""
        return self._by_end.get(pos)

    def first_within(self, start: int, end: int) -> VillageMention | None:
        """The first mention lying wholly inside [start, end)."""
        return next((self._items[i] for i in self._range(start, end) if self._items[i].end <= end), None)

    def last_within(self, start: int, end: int) -> VillageMention | None:
        """The last mention (in order) lying wholly inside [start, end)."""
        return next((self._items[i] for i in reversed(self._range(start, end)) if self._items[i].end <= end), None)


#: A verb inside a would-be name: the reading ran into a sentence ('陈松带领村两委…').
_VERB_IN_BODY = re.compile(
    r"带领|率领|组织|协调|帮助|动员|引导|召集|联系|要求|指导|召开|走访|看望|慰问|鼓励|号召|发动|带动|吸引|大学生"
    # thanks and months before 村委会: '感谢村委会和工作队', '11月份村委会筹资…'
    r"|感谢|月份"
    # a time before a work for the village: '石门镇今年新建村部活动室'
    r"|今年|去年|明年|当年|目前"
)


#: Characters a village name may hold after its first when a township stands right before
#: it and fixes where the name starts: 和平村, 向阳村, 前进村, 大有村, 李家本村.
NAME_INNER_OK = frozenset("和本向进有时共将其")

#: A village name of six to eight characters after its township, read whole when most of it
#: is written in PHONETIC characters ('托格拉克阿依村', '阿克吐别克村'); a Han name that long is a phrase.
_LONG_VILLAGE = re.compile(r"(?P<body>[\u4e00-\u9fff]{6,8}?)村")
#: A gacha (Inner Mongolia's village, read as 嘎查村) whose transliterated name runs long.
_GACHA_VILLAGE = re.compile(r"(?P<body>[\u4e00-\u9fff]{2,6}?)嘎查村")


#: Surnames that are also function words, opening a family village's name before 家.
_SURNAME_FIRST = frozenset("于和向时从共将其")
#: Words no village name holds: the reading ran past a name into the sentence.
_NOT_IN_NAME = re.compile(
    # (and an adverb before 将 'to take': '曾将村里的土豆卖到…')
    r"工作队|队员|干部|书记|同志|我们|他们|大家|群众|党委|政府|主任|局长|[曾已又还并正也都就]将"
)


#: One and a measure word of a view opening what stands before 村: '一幅(村美…)', '一派', '一片'
#: (no village name opens so; 三座店村 and 九条沟村 do open with a count).
_COUNTED = re.compile(r"一[幅片番派]")


def _body_ok(body: str, prefixed: bool, *, bounded: bool = False) -> bool:
    """Whether ``body`` + 村 reads as a name; ``bounded``: something right before it (a
    township, a list's 、) fixes where the name starts."""
    inner_ok = NAME_INNER_OK if (prefixed or bounded) and not _NOT_IN_NAME.search(body) else frozenset()
    # a two-character name may start with one of them (和平村, 向阳村, 共和村); a longer one
    # does not ('青山乡和石门村' is two places)
    first_ok = inner_ok if len(body) == 2 else frozenset()
    if prefixed and len(body) >= 3 and body[1] == "家" and body[0] in _SURNAME_FIRST:
        first_ok = _SURNAME_FIRST  # '石门乡于家坪村': a family's name and 家 (于家坪, 时家湾, 向家坝)
    if (body[0] in BODY_STOP and body[0] not in first_ok) or any(
        ch in BODY_STOP and ch not in inner_ok for ch in body[1:]
    ):
        return False
    if body in GENERIC_BODIES or _VERB_IN_BODY.search(body) or _COUNTED.match(body):
        return False  # ('高泽镇鼓励村民…', '大学生村官', '…乡柳湾村,一幅村美的景象': no name)
    if body.endswith(("贫", "省", "市", "县")):
        return False
    return len(body) >= (1 if prefixed else 2) or prefixed


def _split_town(town: str) -> tuple[str, str] | None:
    """('平遥', 'X镇') from '平遥X镇': the longest known township ending the string."""
    for i in range(len(town) - 1):
        if is_known_town(town[i:]):
            return town[:i], town[i:]
    return None


_TOWN_WORD = re.compile(r"(?:镇|乡|苏木|街道办事处|街道|办事处|街)$")


def _village_at(folded: str, pos: int, end: int, *, prefixed: bool, bounded: bool = False) -> tuple[str, int] | None:
    m = VILLAGE.match(folded, pos, end)
    if not m:
        long = _LONG_VILLAGE.match(folded, pos, end) if prefixed else None
        if long is not None and 2 * sum(ch in PHONETIC for ch in long.group("body")) > len(long.group("body")) and (
            _body_ok(long.group("body"), True)
        ):
            return long.group(), long.end()  # '库尔巴格乡托格拉克阿依村'
        gacha = _GACHA_VILLAGE.match(folded, pos, end) if prefixed else None
        if gacha is not None and _body_ok(gacha.group("body"), True):
            return gacha.group(), gacha.end()  # '宝日镇敖伦宝力格嘎查' (read as 嘎查村): a Mongolian name
        return None
    doubled = bool(m.group("dup"))
    if doubled and len(m.group("body")) == 1 and (prefixed or bounded) and m.group("body") not in BODY_STOP:
        return m.group(0), m.end()  # '南岳区下村村': the name is 下村 and its 村, however plain 下 reads
    if not _body_ok(m.group("body"), prefixed or doubled, bounded=bounded):
        return None
    body = m.group("body")
    if body.endswith("行政") and len(body) > 3:
        return body[:-2] + "村", m.end()  # 东李营乡李家本行政村 → 李家本村
    return m.group(0), m.end()


#: Verbs that may stand between a county and its village's name ('X县任Y村第一书记').
_VERB_BEFORE_NAME = frozenset("任到在驻赴")


def _past_verb(name: str, county: str) -> str:
    """``name`` without a verb read into it ('商都县任三大股村第一书记': 任 is the verb) when the
    county lists the rest and not the whole."""
    if len(name) >= 4 and name[0] in _VERB_BEFORE_NAME and (
        not county_has_village(county, name) and county_has_village(county, name[1:])
    ):
        return name[1:]
    return name


def known_village_at(folded: str, pos: int, end: int, county: str) -> tuple[str, int] | None:
    """(name, end) of a village the rules would refuse ('把等村', '先进村', '对竹村': a first
    character that is also a word, a body that reads as generic) when the county written
    before it lists a village of exactly that name."""
    m = VILLAGE.match(folded, pos, end)
    if m is None or m.group("dup") or not 2 <= len(m.group("body")) <= 4:
        return None
    return (m.group(0), m.end()) if county_has_village(county, m.group(0)) else None


_PREFIX_HINT = re.compile(r"省|自治区|市|州|地区|盟")
_PROVINCE_PREFIX = re.compile(r"[\u4e00-\u9fff]{1,7}?(?:省|自治区)")
_CITY_PREFIX = re.compile(r"[\u4e00-\u9fff]{1,8}?(?:市|州|地区|盟)")
_PREFIX_CHAINS = ((_PROVINCE_PREFIX, _CITY_PREFIX), (_PROVINCE_PREFIX,), (_CITY_PREFIX,))


def parse_place(
    folded: str, pos: int, end: int, *, bounded: bool = False, town_before: bool = False
) -> VillageMention | None:
    """One '[县][镇/乡]X村' item starting exactly at ``pos``; ``bounded``: a township or a
    list's separator stands right before ``pos``; ``town_before``: a township does, so a
    one-character name is one ('秦峰镇占村')."""
    county = None
    cursor = pos
    # '四川省广安市前锋区红星村', '湖南省湘西州保靖县九龙坪村': a province and a city before a county
    chains = _PREFIX_CHAINS if _PREFIX_HINT.search(folded, pos, pos + 12) else ()
    for prefixes in chains:
        at: int | None = cursor
        for pattern in prefixes:
            pm = pattern.match(folded, at, end) if at is not None else None
            at = pm.end() if pm is not None else None
        if at is not None and (after := COUNTY_SUFFIX.match(folded, at, end)) and county_path(after.group()):
            cursor = at
            break
    cm = COUNTY_SUFFIX.match(folded, cursor, end)
    if cm and county_path(cm.group()) is not None:
        county, cursor = cm.group(), cm.end()
    elif (city := _CITY_PREFIX.match(folded, cursor, end)) and county_path(city.group()) is not None:
        county, cursor = city.group(), city.end()  # a county-level city: '韩城市石门镇青柳村'
    elif city and is_known_city(city.group()):
        cursor = city.end()  # a prefecture's city right before the township or village: '宜昌市石门镇…'
    town = None
    tm = TOWN.match(folded, cursor, end)
    if tm:
        split = _split_town(tm.group())
        if split is not None:
            prefix, town = split
            if prefix and county is None and county_path(prefix) is not None:
                county = prefix
            cursor = tm.end()
        elif len(_TOWN_WORD.sub("", tm.group())) <= 3 and not any(ch in BODY_STOP for ch in tm.group()[:-1]):
            town, cursor = tm.group(), tm.end()  # ('东场办事处': a name of two and its word)
    prefixed = town is not None or (town_before and cursor == pos)
    found = _village_at(folded, cursor, end, prefixed=prefixed, bounded=bounded or cursor > pos)
    if found is None and county is not None:
        found = known_village_at(folded, cursor, end, county)
    if found is None:
        return None
    if county is not None:
        found = _past_verb(found[0], county), found[1]
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


def parse_place_list(
    folded: str, pos: int, end: int, *, bounded: bool = False, town_before: bool = False
) -> list[VillageMention]:
    """'石门乡青石村、柳湾村,白沙乡杏岭村' → four mentions; a later item keeps the last town.
    ``bounded``: what stands right before ``pos`` (a township's name, a posting verb) fixes
    where the first name starts."""
    items: list[VillageMention] = []
    cursor = pos
    while cursor < end:
        item = parse_place(
            folded, cursor, end, bounded=bounded if not items else True, town_before=town_before and not items
        )
        if item is None and items and (community := _COMMUNITY_ITEM.match(folded, cursor, end)) is not None:
            cursor = community.end()  # '石桥村、新华社区、柳湾村': a community is no village, the list goes on
            continue
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


#: An urban community named inside a list of villages, with the separator after it.
_COMMUNITY_ITEM = re.compile(r"[\u4e00-\u9fff]{1,5}?社区[、,和及与]")
_COUNTY_END = re.compile(r"自治县|县|旗|区")
#: 'our town' before a village ('我镇娘娘坝村'): its township is the page's.
_OWN_TOWN = re.compile(r"(?:我|本|该)(?:镇|乡)")


def _county_villages(folded: str, start: int, end: int) -> list[VillageMention]:
    """Villages written right after their county with no township between ('泗洪县谢嘴村'),
    or after 'our township' ('我镇娘娘坝村'): the county must be one the gazetteer knows."""
    found: list[VillageMention] = []
    for m in _COUNTY_END.finditer(folded, start, end):
        county = None
        for length in range(min(7, m.start() - start), 0, -1):
            name = folded[m.start() - length : m.end()]
            if county_path(name) is not None:
                county = name
                break
        if county is None:
            continue
        item = parse_place(folded, m.end(), end, bounded=True)
        named = item is not None and _named_body(item.name.removesuffix("村"))
        if item is not None and item.township is None and item.county is None and named:
            item.start, item.county = m.start() - len(county) + 1, _county_full(county)
            item.name = _past_verb(item.name, county)
            found.append(item)
    for m in _OWN_TOWN.finditer(folded, start, end):
        item = parse_place(folded, m.end(), end, bounded=True)
        if item is not None and item.township is None:
            found.append(item)
    at = folded.find("街道", start, end)
    while at >= 0:
        # '双阳区青山街道石岭村': a subdistrict stands where a township would
        begin = at
        while begin > max(start, at - 4) and _subdistrict_char(folded[begin - 1]):
            begin -= 1
        # '东湖街道办事处柳塘村': the subdistrict's office stands between it and the village
        after = at + 5 if folded.startswith("办事处", at + 2) else at + 2
        item = parse_place(folded, after, end, town_before=True) if at - begin >= 2 else None
        if item is not None and item.township is None:
            item.start, item.township = begin, folded[begin : at + 2]
            found.append(item)
        at = folded.find("街道", at + 2, end)
    return found


def _named_body(body: str) -> bool:
    """Whether what stands before a village's 村 can be a name, not a verb's words
    ('云岭县自启动选派村第一书记以来': no village)."""
    return not NOT_VILLAGE_BODY.search(body) and not _VERB_IN_BODY.search(body)


_DISTRICT_BREAK = frozenset("区县市旗州") | BODY_STOP


def _subdistrict_char(ch: str) -> bool:
    """A character a subdistrict's name may hold (read back from its 街道)."""
    return "\u4e00" <= ch <= "\u9fff" and ch not in _DISTRICT_BREAK


#: A village whose name ends without 村 (庄, 屯, 寨 …), right after its township, that its
#: sentence then calls a village: '石门镇柳家庄是一个山区贫困村'.
_NAMED_AS_VILLAGE = re.compile(
    r"(?P<name>[\u4e00-\u9fff]{1,3}(?:庄|屯|寨|营|堡))(?=(?:是|为|系)[^。;!?]{0,16}?(?:贫困村|村(?:庄)?[,。;]|行政村))"
)
#: Words before 乡村 (the countryside) that no township's name ends with: '美丽乡村', '和美乡村'.
_RURAL_MODIFIER = re.compile(r"(?:美丽|和美|宜居|生态|文明|数字|智慧|特色|幸福)乡?$")


def find_village_mentions(doc: Doc) -> Mentions:
    """Villages named after a township (镇/乡) anywhere in the content, plus counted lists."""
    folded = doc.folded
    mentions: list[VillageMention] = []
    uncounted: list[VillageMention] = []
    towns: set[str] = set()
    for start, end in doc.paragraphs:
        for m in TOWN_SUFFIX.finditer(folded, start, end):
            suffix = m.end() - 1  # (the word's last character: 镇, 乡, or 木 of 苏木)
            town = _town_ending_at(folded, start, suffix)
            if town is None:
                continue
            town_start, town_name, county = town
            if folded.startswith("乡村", suffix) and _RURAL_MODIFIER.search(town_name) and not is_known_town(town_name):
                continue  # '推进美丽乡村建设示范村创建': 乡村 (rural), no township
            if len(town_name) >= 3 and (county is not None or is_known_town(town_name)):
                towns.add(town_name)
            governs = _GOVERNS.match(folded, suffix + 1, end)  # '石门镇辖青石村、…': the town's villages
            items = parse_place_list(folded, governs.end() if governs else suffix + 1, end, bounded=True,
                                     town_before=True)
            known = known_village_at(folded, suffix + 1, end, county) if not items and county else None
            if known is not None:
                items = [VillageMention(name=known[0], start=suffix + 1, end=known[1])]
            hamlet = _NAMED_AS_VILLAGE.match(folded, suffix + 1, end) if not items else None
            if hamlet is not None:
                # '石门镇柳家庄是一个山区贫困村': a village named without 村, the sentence calls it one
                items = [VillageMention(name=hamlet.group("name"), start=suffix + 1, end=hamlet.end("name"))]
            if not items:
                continue
            first = items[0]
            first.start, first.township = town_start, town_name
            first.county = first.county or county
            for item in items[1:]:
                if item.township is None:
                    item.township, item.county = first.township, first.county
            mentions.extend(items)
        mentions.extend(_county_villages(folded, start, end))
        mentions.extend(_counted_lists(doc, start, end, uncounted))
    mentions = _dedupe(mentions)
    mentions.extend(_bare_mentions(doc, {m.name for m in mentions}))
    if "与" in folded or "和" in folded:
        mentions = [m for m in mentions if not _neighbour(folded, m)]
    # '今年,青石、柳湾、桃源等村将…' where 青石村 is named in full elsewhere: the list is of villages
    named = {m.name for m in mentions}
    for run in _runs(uncounted):
        if any(m.name in named for m in run):
            mentions.extend(run)
    for mention in mentions:
        if mention.township is None:
            _located(folded, mention)
    return Mentions(_dedupe(mentions), towns)


#: Where a neighbouring village lies, before it: '(柳湾村)东与(白沙乡)桃园村相邻'.
_NEIGHBOUR_SIDE = re.compile(
    r"(?:[东南西北]|东南|东北|西南|西北)(?:面|边|部|侧)?(?:与|和|同)(?:[\u4e00-\u9fff]{1,6}?(?:乡|镇|街道))?$"
)
_NEIGHBOUR_TIE = re.compile(r"(?:相邻|交界|接壤|毗邻|相连|相接|为邻|隔河相望)")


def _neighbour(folded: str, mention: VillageMention) -> bool:
    """Whether the village is named as the neighbour on one side of the one a page is about
    ('柳湾村东与桃园村相邻,西与杏岭村交界'): no village of the page."""
    return (
        _NEIGHBOUR_SIDE.search(folded, max(0, mention.start - 14), mention.start) is not None
        and _NEIGHBOUR_TIE.match(folded, mention.end) is not None
    )


#: A township's word for the villages it governs, before their list: '石门镇辖青石村、柳湾村'.
_GOVERNS = re.compile(r"(?:下辖|共辖|辖有|辖)")


def _located(folded: str, mention: VillageMention) -> None:
    """'青石村位于云岭县石门镇北部' (§4.1 chains after the name): the township and county."""
    m = LOCATED.match(folded, mention.end)
    if m is None:
        return
    if parse_place(folded, m.end(), min(len(folded), m.end() + 16)) is not None:
        return  # another village, not where this one lies
    for suffix in TOWN_SUFFIX.finditer(folded, m.end(), min(len(folded), m.end() + 14)):
        town = _town_ending_at(folded, m.end(), suffix.end() - 1)
        if town is not None and town[0] == m.end():
            mention.township, mention.county = town[1], mention.county or town[2]
        return


def _bare_mentions(doc: Doc, known: set[str]) -> list[VillageMention]:
    """Villages named without a township (§4.1, §8.3): '柳湾村是镇里人口最多的村',
    '青石村是县税务局的定点帮扶村', '驻青石村第一书记'. A name counts when a village word follows
    it or a boundary and a posting word come before it, or the page writes it twice."""
    folded = doc.folded
    found: list[VillageMention] = []
    counts: dict[str, int] = {}
    candidates: list[tuple[int, int, str, bool]] = []
    for start, end in doc.paragraphs:
        pos = folded.find("村", start, end)
        while pos >= 0:
            item = _bare_village(folded, start, pos, end)
            if item is not None:
                begin, stop, name, strong = item
                counts[name] = counts.get(name, 0) + 1
                candidates.append(item)
            pos = folded.find("村", pos + 1, end)
    # names joined by 和/与/、 ('石岭村和柳湾村都是贫困村') share the list's strongest context
    for i in range(len(candidates) - 1):
        a, b = candidates[i], candidates[i + 1]
        if b[0] == a[1] + 1 and folded[a[1]] in "和与及、" and (a[3] or b[3]):
            candidates[i], candidates[i + 1] = (*a[:3], True), (*b[:3], True)
    for i in range(len(candidates) - 1, 0, -1):
        a, b = candidates[i - 1], candidates[i]
        if b[0] == a[1] + 1 and folded[a[1]] in "和与及、" and b[3] and not a[3]:
            candidates[i - 1] = (*a[:3], True)
    # one pass for all names, not a scan of the page per candidate
    elsewhere = find_all(folded, (name[:-1] + word for _, _, name, _ in candidates for word in ("自然村", "组")))
    counties = {name for begin, stop, name, _ in candidates if _opens_county(folded, begin, stop)}
    for begin, stop, name, strong in candidates:
        if elsewhere[name[:-1] + "自然村"] or elsewhere[name[:-1] + "组"]:
            continue  # the page calls it a natural village or a group elsewhere (§8.3)
        if name in counties:
            continue  # '河北孟村回族自治县': the short name of a county that ends with 村
        longer = next((k for k in known if len(k) > len(name) and k.endswith(name)
                       and folded.startswith(k, stop - len(k)) and _stops_only(k[: len(k) - len(name)])), None)
        if longer is not None:
            # '对竹村' read in full after its county: the same name written alone later
            # loses its first character to the stop list ('对'), not its village
            name, begin = longer, stop - len(longer)
        elif name not in known and (shorter := _known_ending(known, name)) is not None:
            # '致使青石村贫困发生率…': a verb ran into the name the page reads in full elsewhere
            name, begin = shorter, stop - len(shorter)
        elif name.startswith(_VERB_LEADS) and len(name) >= 5 and name[2:] in counts:
            name, begin = name[2:], begin + 2  # ('促使青石村…' where 青石村 stands alone elsewhere)
        county = None
        if (cut := _place_glued(name, counts)) is not None:
            # '龙胜柳湾村', '肇庆青石村': a county's or city's short name glued to the name the
            # page writes alone elsewhere (a headline's habit)
            county, name, begin = _county_full(name[:cut]), name[cut:], begin + cut
        if name in known or strong or counts[name] >= 2:
            found.append(VillageMention(name=name, start=begin, end=stop, county=county))
    return found




#: What ends a county's name after its first characters: '孟村回族自治县', '东村县'.
_COUNTY_REST = re.compile(r"[\u4e00-\u9fff]{0,5}?(?:自治县|县)")


def _opens_county(folded: str, begin: int, stop: int) -> bool:
    """Whether the 村 at ``stop - 1`` is inside a county's name written on ('(河北)孟村回族自治县')."""
    rest = _COUNTY_REST.match(folded, stop, stop + 8)
    if rest is None:
        return False
    return any(county_path(folded[start : rest.end()]) is not None for start in range(begin, stop - 1))


def _place_glued(name: str, counts: dict[str, int]) -> int | None:
    """Where the village's own name starts after a county's or prefecture city's short name
    ('龙胜' + '柳湾村'), when the page also writes that name alone; else None."""
    for cut in (2, 3):
        rest, head = name[cut:], name[:cut]
        if len(rest) >= 3 and rest in counts and (county_path(head) is not None or is_known_city(head + "市")):
            return cut
    return None


#: Two-character verbs that run into a village name read without a boundary before it.
_VERB_LEADS = ("促使", "致使", "使得", "推动", "带动", "助推", "助力", "引导", "鼓励", "支持", "实现")


def _known_ending(known: set[str], name: str) -> str | None:
    """The longest village name of three characters or more read elsewhere that ``name`` ends with."""
    endings = [k for k in known if 3 <= len(k) < len(name) and name.endswith(k)]
    return max(endings, key=len) if endings else None


#: What follows 村村 when it means every village: '村村有', '村村通', '村村都'.
_EVERY_VILLAGE = ("有", "通", "都", "建", "户户", "设", "实现", "配")
#: What follows X村村 when the second 村 opens a word of the village's own: 村民, 村室, 村长.
_AFTER_DOUBLED = (*AFTER_VILLAGE_WORD_TUPLE, "村", "室", "长", "主")


def _bare_village(folded: str, floor: int, pos: int, end: int) -> tuple[int, int, str, bool] | None:
    """(start, end, name, strong context) of a village whose 村 is at ``pos``."""
    if pos == floor or folded[pos - 1] in BODY_STOP:
        return None  # 全村, 该村, 驻村, 进村 ...: no name before it
    if folded.startswith("为家", pos + 1):
        return None  # '以村为家': the idiom, no village
    stop = pos + 1
    doubled = False
    if folded.startswith("村", stop) and folded.startswith(_EVERY_VILLAGE, stop + 1):
        return None  # '几乎村村有文艺队', '实现村村通': every village, no name
    if folded.startswith("村", stop) and not folded.startswith(_AFTER_DOUBLED, stop + 1):
        stop += 1  # 东村村 (not 'X村村室', 'X村村长', 'X村村主任': the village, then its office or head)
        doubled = True
    elif stop < end and folded[stop] in AFTER_VILLAGE_WORD and not folded.startswith(VILLAGE_BODY_WORDS, stop):
        return None  # 村民, 村委 ...: a word, not a name's end
    core = pos - 2 if folded.startswith("行政", pos - 2) and pos - 2 > floor else pos  # 青石行政村 → 青石村
    begin = core
    while begin > max(floor, core - 6):
        ch = folded[begin - 1]
        if not "\u4e00" <= ch <= "\u9fff" or ch in BODY_STOP or ch in TOWN_BREAK or ch == "村":
            break
        begin -= 1
    cut = None
    for m in TOWN_LEFT_CUT.finditer(folded, begin, core):
        if core - m.end() != 1 or doubled:
            cut = m.end()  # (not one that leaves a lone character: '到新安村' is 新安村, not 安村)
    if cut is not None:
        begin = cut
    if begin > floor and folded.startswith(("帮助", "其中", "省派", "市派", "县派", "区派"), begin - 1):
        begin += 1  # '帮助青石村…', '其中青石村…', '省派青石村第一书记': the word the reading stopped in
    if begin > floor and folded[begin - 1].isdigit():
        return None  # '筹资15万元增建村委会': a figure's unit opens no place name
    body = folded[begin:core]
    phonetic = 5 <= len(body) <= 6 and transliterated(body)
    if phonetic and begin > floor and folded[begin - 1] in PHONETIC:
        return None  # ('…托克拉阿依库木村' seen from its last six characters: the name runs on)
    if core - begin > 4 and not phonetic:
        return None  # no boundary in sight: the name's start is unknown (but '阿依吐尔巴格村': transliterated)
    if body.endswith("走") and folded.startswith(("入户", "串户", "访户"), stop):
        return None  # '工作队走村入户': the idiom, no village
    if len(body) >= 3 and body[0] == "如" and (begin == floor or not "\u4e00" <= folded[begin - 1] <= "\u9fff"):
        begin, body = begin + 1, body[1:]  # '如朗巴村驻村工作队…': 'such as', before an example
    if body and begin > floor and folded[begin - 1] == "村" and body[0] in AFTER_VILLAGE_WORD:
        return None  # '村民去村委会': the body is the rest of a 村-word
    if not ((1 if doubled else 2) <= len(body) <= 4 or phonetic) or not _body_ok(body, doubled):
        return None  # ('东村村' is a name of one character and 村村)
    if not _named_body(body):
        return None
    if body in _NEW_WORK and folded.startswith(_VILLAGE_FACILITY, stop):
        return None  # '新建村部活动室': built for the village, not 新建村
    before = folded[max(floor, begin - 4) : begin]
    after = folded[stop : min(end, stop + 6)]
    # '东村村' names itself; a longer run before 村村 may be a verb's ('修好中村村')
    strong = (doubled and len(body) == 1) or bool(
        VILLAGE_AFTER_CUE.match(after) or VILLAGE_BEFORE_CUE.search(before)
        or (before.endswith("向") and _SENT_TO.match(after))  # '县财政局向青石村派驻了…'
    )
    return begin, stop, body + ("村村" if doubled else "村"), strong


#: People sent to a village: '(向青石村)派驻', '(向青石村)选派', '(向青石村)派出'.
_SENT_TO = re.compile(r"派驻|选派|下派|派出")
#: Verbs of new works that are also village names (新建村): before a village's facility they are verbs.
_NEW_WORK = frozenset({"新建", "新修", "新增", "新设", "新盖"})
_VILLAGE_FACILITY = ("两委", "委", "部", "级", "道", "路", "内", "小", "卫生", "文化", "活动", "办公")


def _town_ending_at(folded: str, floor: int, suffix: int) -> tuple[int, str, str | None] | None:
    """The township whose 镇/乡 is at ``suffix``, and a county written right before it.

    The name runs back to a boundary (punctuation, a function word, a county suffix or a
    verb such as 来到). A county's short name glued to the town (平遥X镇) is split off where the
    gazetteer knows the town; otherwise the whole run is the name when it is short enough
    (a name the gazetteer lacks, not a shorter one it knows), else the longest gazetteer town ending it.
    """
    run_start = suffix
    while run_start > max(floor, suffix - 8):
        ch = folded[run_start - 1]
        if not "\u4e00" <= ch <= "\u9fff" or ch in BODY_STOP or ch in TOWN_BREAK:
            break
        run_start -= 1
    cut = None
    for m in TOWN_LEFT_CUT.finditer(folded, run_start, suffix):
        cut = m.end()
    if cut is not None:
        run_start = cut
    if run_start > floor and folded.startswith(("帮助", "扶持", "对口"), run_start - 1):
        run_start += 1  # '帮助石门镇…', '扶持石门镇…': 帮 stopped the reading, 助 is its word's end
    run_start = _after_county(folded, floor, run_start, suffix)
    village_end = folded.rfind("村", run_start, suffix - 1)
    if village_end >= 0:
        run_start = village_end + 1  # '联系村廖家坪镇': a village word, then the town's name
    run = folded[run_start:suffix]
    if len(run) < 2:
        # A one-character run stopped at a character a name may hold (a name holding 进): the gazetteer decides.
        longer = [
            n for n in range(6, 2, -1)
            if suffix - n + 1 >= floor and is_known_town(folded[suffix - n + 1 : suffix + 1])
        ]
        if not longer:
            return None
        run_start = suffix - longer[0] + 1
        run = folded[run_start:suffix]
    county = None
    # a town split off a county's short name keeps two characters at least ('官渡口镇' is no 官渡 + 口镇)
    known = [i for i in range(len(run)) if (i == 0 or len(run) - i >= 2) and is_known_town(run[i:] + folded[suffix])]
    for i in known if known[:1] != [0] else ():  # (a whole run the gazetteer knows stays whole: 玉龙喀什镇)
        if i > 0 and county_path(run[:i]) is not None:
            return run_start, run[i:] + folded[suffix], _county_full(run[:i])
    # (a sumu's name, transliterated from Mongolian, runs longer: '巴彦查干苏木')
    if len(run) <= (6 if folded.startswith("苏木", suffix - 1) else 4):
        name_start = run_start
    elif known:
        name_start = run_start + known[0]
    else:
        return None
    start = name_start
    for length in range(7, 1, -1):
        cstart = start - length
        if cstart >= floor and county_path(folded[cstart:start]) is not None:
            county, start = folded[cstart:start], cstart
            break
    return start, folded[name_start : suffix + 1], _county_full(county)


def _after_county(folded: str, floor: int, run_start: int, suffix: int) -> int:
    """Where a town's name starts when a county ends one or two characters before the reading
    stopped: '建昌县新开岭乡', '麻阳苗族自治县和平溪乡' (新 and 和 end a reading elsewhere, but right
    after a county the town's name may start there). The gazetteer decides between the two
    readings when it knows either; a conjunction it does not know stays one ('X县和石门镇')."""
    for back in (1, 2):
        at = run_start - back
        if at - 2 < floor or not all("\u4e00" <= ch <= "\u9fff" for ch in folded[at:run_start]):
            break
        if folded[at - 1] not in "县区旗" or not any(
            at - length >= floor and county_path(folded[at - length : at]) is not None for length in range(2, 12)
        ):
            continue
        longer, shorter = folded[at : suffix + 1], folded[run_start : suffix + 1]
        if is_known_town(longer) or not (is_known_town(shorter) or folded[at] in "和与及"):
            return at
        break
    return run_start


_LIST_LOOKBACK = 160
_LIST_RUN = re.compile(r"[\u4e00-\u9fff、]+$")
#: A conjunction opening a clause, before a list of names: '且东坪、西坪等3个村', '而…'
_CLAUSE_CONJUNCTION = frozenset("且而")
COUNTED = re.compile(
    # ('川东、川西、川北三村', '东坪和西坪两村': the count without 个)
    # ('…等5个市级重点帮扶村', '…两个中心村': the kind of village between)
    # ('…5个省定贫困村'; a magazine's typesetting: '3 个村')
    r"(?:等?(?P<n>\d+|[二两三四五六七八九十]+) ?个?|(?P<etc>等))"
    r"(?:省级|市级|县级|省定|市定|县定|深度|重点|贫困|行政|帮扶|扶贫开发|中心|示范|建档立卡){0,3}村(?![民委])"
)


_MERGED = re.compile(r"(?:合并|撤并|并为|组建)")
_LIST_LEAD = re.compile(r"深入|来到|走进|前往|进驻|入驻|帮扶|帮包|包保|包联|挂包|联系|对口|结对|覆盖|包括|涉及|负责|驻")


def _counts_after_lists(folded: str, start: int, end: int) -> Iterator[re.Match[str]]:
    """The counts (等3个贫困村, 3个贫困村, 两村, 等村) that close a list: those with a 、 or 和
    close enough before them to be the list's (one scan of the paragraph for counts)."""
    for m in COUNTED.finditer(folded, start, end):
        floor = max(start, m.end() - _COUNT_REACH)
        if folded.find("、", floor, m.start() + 1) >= 0 or folded.find("和", floor, m.start() + 1) >= 0:
            yield m


_COUNT_REACH = 18  # a list's last item (up to 4 characters) and its count '等12个重点贫困村'


def _counted_lists(
    doc: Doc, start: int, end: int, pending: list[VillageMention] | None = None
) -> list[VillageMention]:
    """'石门镇东坪、西坪、南坪等3个贫困村', '水井乡侯庄、新岭、曲河3个贫困村': bare names whose
    count the text confirms, or ('代家镇长六、流水、宋桥等村') whose township stands before them.
    A list with neither ('青石、柳湾等村') goes to ``pending``, for the caller to keep if the
    page names one of its villages in full."""
    folded = doc.folded
    found: list[VillageMention] = []
    for m in _counts_after_lists(folded, start, end):
        # the names' run, read at most _LIST_LOOKBACK characters back (not from the
        # paragraph's start per count: quadratic on a page written as one line)
        floor = max(start, m.start() - _LIST_LOOKBACK)
        back = _LIST_RUN.search(folded, floor, m.start())
        if back is None:
            continue
        run_start, run = back.start(), back.group()
        town_in_run = max(run.rfind("镇"), run.rfind("乡"))
        if town_in_run > 0 and "、" in run[:town_in_run]:
            # '市委宣传部、市总工会…深入水井乡侯庄、新岭、曲河3个贫困村': the list starts at its township
            cut = run.rfind("、", 0, town_in_run) + 1
            run_start += cut
            run = run[cut:]
        if _MERGED.match(folded, m.end()):
            continue  # '由原东坪、西坪两村合并而成': villages that are no more
        opens_clause = run_start > floor or run_start == start
        if run[0] in _CLAUSE_CONJUNCTION and len(run.split("、", 1)[0]) >= 3 and opens_clause:
            run_start, run = run_start + 1, run[1:]  # '…以下,且东坪、西坪等3个村…': the clause's 且, no name's
        parts = run.split("、")
        count = chinese_number(m.group("n")) if m.group("n") else None
        if len(parts) == 1 and count == 2 and "和" in run:
            parts = run.rsplit("和", 1)  # '驻点的东坪和西坪两村'
        elif "和" in parts[-1] and count is not None and len(parts) + 1 == count:
            parts[-1:] = parts[-1].rsplit("和", 1)  # 'A、B和C三个村'
        if count is not None and len(parts) == int(count) and "的" in parts[0]:
            cut = parts[0].rfind("的") + 1  # '…驻点的东坪': the list starts after 的
            run_start += cut
            run = run[cut:]
            parts[0] = parts[0][cut:]
        listed_all = count is not None and len(parts) == int(count)
        # '李家山、高家沟、冯家会等8个村': a partial list, its 等 saying so
        listed_some = count is not None and m.group(0).startswith("等") and len(parts) >= 3 and len(parts) < count
        counted_ok = listed_all or listed_some if count is not None else bool(m.group("etc"))
        if len(parts) < 2 or not counted_ok:
            continue
        first = parts[0]
        town = None
        led = False  # the first name starts right after the verb that reaches the list
        town_at = max(first.rfind("镇"), first.rfind("乡"))
        if town_at > 0:
            town_info = _town_ending_at(folded, run_start, run_start + town_at)
            if town_info is not None:
                town = town_info[1]
                parts[0] = first[town_at + 1 :].removeprefix("的")  # ('石门镇的东坪、西坪等村')
        if town is None and len(parts[0]) >= 4 and count is not None:
            # '工作队深入李家山、高家沟…等8个村', '帮包东坪、西坪…5个村': the list starts after
            # the verb that reaches it
            verbs = list(_LIST_LEAD.finditer(parts[0]))
            if verbs and len(parts[0]) - verbs[-1].end() >= 2:
                parts[0] = parts[0][verbs[-1].end() :]
                led = True
        # ('A村、B村两个村' names them in full: read elsewhere). A name between 、 (or right after
        # its township) is a name whatever its characters: '石桥镇前进、柳家坝…5个村'
        if not all(
            2 <= len(p) <= 4 and not p.endswith("村") and (
                (i > 0 or town is not None or led) or not any(ch in BODY_STOP for ch in p)
            )
            for i, p in enumerate(parts)
        ):
            continue
        listed = found if count is not None or town is not None else pending
        if listed is None:
            continue  # 'A、B等村' without a count: only after its township, or (pending) a name read in full
        pos = run_start + (len(first) - len(parts[0]))
        for part in parts:
            listed.append(
                VillageMention(
                    name=part + "村",
                    start=pos,
                    end=pos + len(part),
                    township=town if town else None,
                )
            )
            pos += len(part) + 1
    return found


def _runs(mentions: list[VillageMention]) -> list[list[VillageMention]]:
    """Mentions split into the lists they were read from (one 、 apart)."""
    runs: list[list[VillageMention]] = []
    for mention in mentions:
        if runs and mention.start == runs[-1][-1].end + 1:
            runs[-1].append(mention)
        else:
            runs.append([mention])
    return runs


def _stops_only(chars: str) -> bool:
    return all(ch in BODY_STOP for ch in chars)


def _dedupe(mentions: list[VillageMention]) -> list[VillageMention]:
    """One mention per village name and end; a name that is the tail of a longer one ending
    at the same place, short of a stop character ('竹村' inside '对竹村'), is not a
    mention of its own."""
    seen: set[tuple[str, int]] = set()
    names_ending: dict[int, str] = {}
    out = []
    for mention in sorted(mentions, key=lambda v: (v.start, -v.end)):
        key = (mention.name, mention.end)
        longer = names_ending.get(mention.end)
        if key in seen or (
            longer is not None and longer != mention.name and longer.endswith(mention.name)
            and _stops_only(longer[: len(longer) - len(mention.name)])
        ):
            continue
        seen.add(key)
        names_ending.setdefault(mention.end, mention.name)
        out.append(mention)
    return out

