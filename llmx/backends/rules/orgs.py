"""Dispatching units as the genre writes them (PHRASING §3.1, §8.2): an organisation
suffix (局, 委, 办, 院, 公司 ...), joint units joined by 、/和/与/及, a unit's short form.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from llmx.backends.rules.patterns import (
    CONNECTOR,
    LEADING_NOISE,
    LEFT_CUT,
    LEVEL_CHARS,
    NOT_UNIT,
    ORG_SUFFIX,
    PRONOUN_START,
    VERB_GAP,
    H,
)
from llmx.backends.rules.text import in_order

_RUN = re.compile(rf"[{H}、]{{2,40}}$")
#: A party committee sends teams in its own name: '省委驻响工作队', '县委驻村工作队'.
_PARTY_COMMITTEES = frozenset({"省委", "市委", "县委", "区委", "州委"})


def _level_start(part: str) -> int | None:
    """Where 省/市/县/区 first starts a unit name inside ``part`` ('书记陈冬梅介绍县人防办')."""
    if not ORG_SUFFIX.search(part):
        return None
    for j in range(1, len(part) - 2):
        if part[j] in "省市县区" and not NOT_UNIT.search(part[j:]):
            return j
    return None


def _with_alias(folded: str, pos: int, floor: int, reach: int) -> tuple[int, str] | None:
    """The unit before a bracketed alias ending at ``pos``, alias kept: '市委财经办(农办)';
    ``reach`` bounds how far back the opening bracket may stand."""
    if pos <= floor or folded[pos - 1] != ")":
        return None
    opening = folded.rfind("(", max(floor, pos - reach), pos)
    found = unit_before(folded, opening, floor) if opening > floor else None
    if found is not None and folded.startswith(("以下简称", "简称"), opening + 1):
        return found  # '…股份有限公司(以下简称湄化公司)': the name, not its declared short form
    if found is None and opening > floor and ORG_SUFFIX.search(folded, opening + 1, pos - 1):
        # '云岭能源(河北公司)': a firm named by its brand, its legal unit in brackets
        run = re.search(rf"[{H}]{{2,8}}$", folded[max(floor, opening - 8) : opening])
        words = run.group() if run else ""
        cut = max((m.end() for m in LEFT_CUT.finditer(words)), default=0)  # '协调云岭能源(…)': from 云岭
        brand = words[cut:]
        found = (opening - len(brand), brand) if len(brand) >= 2 else None
    if found is None:
        return None
    return found[0], found[1] + folded[opening:pos]


def _opens_with_place(part: str) -> bool:
    """'市住房', '云岭市扶贫': a level word (市) or a place with its level (云岭市) before at
    most four characters of the unit's first half."""
    level = max((j for j, c in enumerate(part[:4]) if c in LEVEL_CHARS), default=None)
    return level is not None and (level == 0 or (level > 1 and part[level] in "省市县区州")) and len(part) - level <= 5


def unit_before(folded: str, pos: int, floor: int) -> tuple[int, str] | None:
    """The dispatching unit written right before ``pos``: '县总工会、县职业中学', and one
    with its alias in brackets: '市委财经办(农办)'."""
    found = _with_alias(folded, pos, floor, reach=10)
    if found is not None:
        return found
    run = _RUN.search(folded, max(floor, pos - 40), pos)
    if not run:
        return None
    start = run.start()
    text = run.group()
    before = folded[start - 1] if start > 0 else ""
    if (before.isdigit() and text[0] in "年月日号名位个支批") or (before in ("—", "-") and text[0] == "记"):
        # '2016年云岭铁路…': the date's last character; '8名机关干部': a count's counter;
        # '——记云岭县卫健局驻青石村工作队': a subtitle's 'an account of'
        start, text = start + 1, text[1:]
    cut = 0
    for m in LEFT_CUT.finditer(text):
        if m.end() < len(text):
            cut = m.end()
    start += cut
    text = text[cut:]
    noise = LEADING_NOISE.match(text)
    if noise:
        start += noise.end()
        text = text[noise.end() :]
    mine = text.rfind("我")
    if mine >= 0:
        if len(text) - mine - 1 <= 4:
            return None  # '…后我站驻村工作队': the writer's own unit, its name not written here
        start, text = start + mine + 1, text[mine + 1 :]
    parts = CONNECTOR.split(text)
    if len(parts) >= 3 and not parts[0] and parts[1] == "和" and _opens_with_place("和" + parts[2]):
        parts = [parts[1] + parts[2], *parts[3:]]  # a run opening with 和 joins nothing: 和田地区…
    kept: list[str] = []
    # parts alternate name, connector, name ...; keep the organisations ending the run.
    for i in range(len(parts) - 1, -1, -2):
        part = parts[i]
        if (
            kept and parts[i + 1] in "和与" and 2 <= len(part) <= 7 and not ORG_SUFFIX.search(part)
            and _opens_with_place(part) and kept[0][0] not in LEVEL_CHARS and not PRONOUN_START.match(part)
        ):
            # 市住房和城乡建设局, 云岭市扶贫和移民局: one unit, 和 inside its name
            kept[0] = part + parts[i + 1] + kept[0]
            continue
        if len(part) < 2 or not ORG_SUFFIX.search(part) or NOT_UNIT.search(part) or PRONOUN_START.match(part):
            level = _level_start(part)
            if kept and level is not None:
                kept = [part[level:], parts[i + 1], *kept]  # '…陈冬梅介绍县档案局、县新华书店': from 县 on
            break
        kept = [part] if not kept else [part, parts[i + 1], *kept]
    if not kept:
        return None
    unit = "".join(kept)
    if len(unit) < 3 and unit not in _PARTY_COMMITTEES:
        return None
    return pos - len(unit), unit


def past_leading_noise(folded: str, start: int, end: int) -> int:
    """Where a sentence's words begin after its opening time words and adverbs ('2017年,',
    '近日'). (LEADING_NOISE is anchored with ^, which a match from ``start`` never meets.)"""
    noise = LEADING_NOISE.match(folded[start:end])
    at = start + noise.end() if noise else start
    return at + 1 if folded.startswith(",", at) else at


def split_units(unit: str) -> list[str]:
    """The units of a joint unit as written: '县水利局、县交通局' -> both. Split at 、 always,
    at 和/与/及 only between two whole units ('市住房和城乡建设局' stays one)."""
    parts = CONNECTOR.split(unit)
    units = [parts[0]]
    for connector, part in zip(parts[1::2], parts[2::2], strict=True):
        whole = ORG_SUFFIX.search(units[-1]) is not None and (
            part[:1] in LEVEL_CHARS or ORG_SUFFIX.search(part) is not None
        )
        if connector == "、" or whole:
            units.append(part)
        else:
            units[-1] += connector + part
    return [u for u in units if u]


def unit_at(folded: str, pos: int, end: int) -> str | None:
    """The unit written from ``pos`` on ('包扶单位是县农办,…')."""
    stop = pos
    while stop < min(end, pos + 24) and ("\u4e00" <= folded[stop] <= "\u9fff" or folded[stop] == "、"):
        stop += 1
    for cut in range(stop, pos + 2, -1):
        found = unit_before(folded, cut, pos)
        if found is not None and found[0] == pos:
            return found[1]
    return None


def unit_ending(folded: str, pos: int, floor: int) -> tuple[int, str] | None:
    """The unit before a posting verb, also across a date or adverb: '市水利局于2017年派驻'."""
    found = unit_before(folded, pos, floor)
    if found is not None:
        return found
    # '云岭工业园区(东城新区)驻白沙村工作队': the unit with a longer alias, as written (§3.1)
    found = _with_alias(folded, pos, floor, reach=14)
    if found is not None:
        return found
    gap = VERB_GAP.search(folded, max(floor, pos - 24), pos)
    if gap is not None and gap.start() < pos:
        return unit_before(folded, gap.start(), floor)
    return None


@dataclass(slots=True)
class Span:
    """One mention of a team in a sentence."""

    start: int
    end: int
    unit: str | None
    villages: list[str]
    leader: str | None = None
    extra: tuple[int, int] | None = None  # a second quote: where the villages are named
    profile: bool = False  # read from a profile: its leader is certain



def same_unit(a: str, b: str) -> bool:
    """One name is the other without a leading place ('陕西省X' / '省X') or a character or two
    ('罗田县文化局' / '罗田文化局'); '县第一中学' and '县第二中学' stay apart."""
    short, long = sorted((a, b), key=len)
    if len(short) < 3:
        return False
    if long.endswith(short):
        return True
    if len(short) < 4 or short[-1] != long[-1] or short[0] != long[0]:
        return False
    if len(long) - len(short) > 2 and not short.endswith(("局", "委", "厅", "办")):
        return False  # 市住建局 / 市住房和城乡建设局: a bureau's short form
    return in_order(short, long)
