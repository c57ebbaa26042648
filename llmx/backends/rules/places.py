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

from llmx.backends.rules.patterns import (
    AFTER_VILLAGE_WORD,
    AFTER_VILLAGE_WORD_TUPLE,
    BODY_STOP,
    COUNTY_SUFFIX,
    GENERIC_BODIES,
    LOCATED,
    NOT_VILLAGE_BODY,
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
from llmx.core.divisions import county_path, is_known_town
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


def _body_ok(body: str, prefixed: bool) -> bool:
    if any(ch in BODY_STOP for ch in body) or body in GENERIC_BODIES:
        return False
    if body.endswith(("贫", "省", "市", "县")):
        return False
    return len(body) >= (1 if prefixed else 2) or prefixed


def _split_town(town: str) -> tuple[str, str] | None:
    """('平遥', 'X镇') from '平遥X镇': the longest known township ending the string."""
    for i in range(len(town) - 1):
        if is_known_town(town[i:]):
            return town[:i], town[i:]
    return None


def _village_at(folded: str, pos: int, end: int, *, prefixed: bool) -> tuple[str, int] | None:
    m = VILLAGE.match(folded, pos, end)
    if not m or not _body_ok(m.group("body"), prefixed or bool(m.group("dup"))):
        return None
    return m.group(0), m.end()


def parse_place(folded: str, pos: int, end: int) -> VillageMention | None:
    """One '[县][镇/乡]X村' item starting exactly at ``pos``."""
    county = None
    cursor = pos
    cm = COUNTY_SUFFIX.match(folded, cursor, end)
    if cm and county_path(cm.group()) is not None:
        county, cursor = cm.group(), cm.end()
    town = None
    tm = TOWN.match(folded, cursor, end)
    if tm:
        split = _split_town(tm.group())
        if split is not None:
            prefix, town = split
            if prefix and county is None and county_path(prefix) is not None:
                county = prefix
            cursor = tm.end()
        elif len(tm.group()) <= 4 and not any(ch in BODY_STOP for ch in tm.group()[:-1]):
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
    """'石门乡青石村、柳湾村,白沙乡杏岭村' → four mentions; a later item keeps the last town."""
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


def find_village_mentions(doc: Doc) -> Mentions:
    """Villages named after a township (镇/乡) anywhere in the content, plus counted lists."""
    folded = doc.folded
    mentions: list[VillageMention] = []
    towns: set[str] = set()
    for start, end in doc.paragraphs:
        for m in TOWN_SUFFIX.finditer(folded, start, end):
            suffix = m.start()
            town = _town_ending_at(folded, start, suffix)
            if town is None:
                continue
            town_start, town_name, county = town
            if len(town_name) >= 3 and (county is not None or is_known_town(town_name)):
                towns.add(town_name)
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
    mentions = _dedupe(mentions)
    mentions.extend(_bare_mentions(doc, {m.name for m in mentions}))
    for mention in mentions:
        if mention.township is None:
            _located(folded, mention)
    return Mentions(_dedupe(mentions), towns)


def _located(folded: str, mention: VillageMention) -> None:
    """'青石村位于云岭县石门镇北部' (§4.1 chains after the name): the township and county."""
    m = LOCATED.match(folded, mention.end)
    if m is None:
        return
    if parse_place(folded, m.end(), min(len(folded), m.end() + 16)) is not None:
        return  # another village, not where this one lies
    for suffix in TOWN_SUFFIX.finditer(folded, m.end(), min(len(folded), m.end() + 14)):
        town = _town_ending_at(folded, m.end(), suffix.start())
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
    # one pass for all names, not a scan of the page per candidate
    elsewhere = find_all(folded, (name[:-1] + word for _, _, name, _ in candidates for word in ("自然村", "组")))
    for begin, stop, name, strong in candidates:
        if elsewhere[name[:-1] + "自然村"] or elsewhere[name[:-1] + "组"]:
            continue  # the page calls it a natural village or a group elsewhere (§8.3)
        if name in known or strong or counts[name] >= 2:
            found.append(VillageMention(name=name, start=begin, end=stop, county=None))
    return found


def _bare_village(folded: str, floor: int, pos: int, end: int) -> tuple[int, int, str, bool] | None:
    """(start, end, name, strong context) of a village whose 村 is at ``pos``."""
    if pos == floor or folded[pos - 1] in BODY_STOP:
        return None  # 全村, 该村, 驻村, 进村 ...: no name before it
    stop = pos + 1
    if folded.startswith("村", stop) and not folded.startswith(AFTER_VILLAGE_WORD_TUPLE, stop + 1):
        stop += 1  # 东村村
    elif stop < end and folded[stop] in AFTER_VILLAGE_WORD and not folded.startswith(VILLAGE_BODY_WORDS, stop):
        return None  # 村民, 村委 ...: a word, not a name's end
    begin = pos
    while begin > max(floor, pos - 6):
        ch = folded[begin - 1]
        if not "\u4e00" <= ch <= "\u9fff" or ch in BODY_STOP or ch in TOWN_BREAK or ch == "村":
            break
        begin -= 1
    cut = None
    for m in TOWN_LEFT_CUT.finditer(folded, begin, pos):
        cut = m.end()
    if cut is not None:
        begin = cut
    body = folded[begin:pos]
    if pos - begin > 4:
        return None  # no boundary in sight: the name's start is unknown
    if body.endswith("行政"):
        body = body[:-2]  # 青石行政村 → 青石村
    if not 2 <= len(body) <= 4 or not _body_ok(body, False) or NOT_VILLAGE_BODY.search(body):
        return None
    before = folded[max(floor, begin - 4) : begin]
    after = folded[stop : min(end, stop + 6)]
    strong = bool(VILLAGE_AFTER_CUE.match(after) or VILLAGE_BEFORE_CUE.search(before))
    return begin, stop, body + "村", strong


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
    known = [i for i in range(len(run)) if len(run) - i >= 1 and is_known_town(run[i:] + folded[suffix])]
    for i in known:
        if i > 0 and county_path(run[:i]) is not None:
            return run_start, run[i:] + folded[suffix], _county_full(run[:i])
    if len(run) <= 4:
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


_LIST_LOOKBACK = 1000
COUNTED = re.compile(r"等(?P<n>\d+|[二两三四五六七八九十]+)个(?:深度)?(?:贫困|行政|重点|帮扶)?村")


def _counted_lists(doc: Doc, start: int, end: int) -> list[VillageMention]:
    """'石门镇东坪、西坪、南坪等3个贫困村': bare names whose count the text confirms."""
    folded = doc.folded
    found: list[VillageMention] = []
    for m in COUNTED.finditer(folded, start, end):
        # the names' run, read at most _LIST_LOOKBACK characters back (not from the
        # paragraph's start per count: quadratic on a page written as one line)
        floor = max(start, m.start() - _LIST_LOOKBACK)
        run_start = m.start()
        while run_start > floor and (folded[run_start - 1] == "、" or "\u4e00" <= folded[run_start - 1] <= "\u9fff"):
            run_start -= 1
        if run_start == m.start():
            continue
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
        if not all(2 <= len(p) <= 4 and not any(ch in BODY_STOP for ch in p) for p in parts):
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

