"""The national division list (jionlp's gazetteer) and completing a village's division path.

SPEC section 1: a county named in the text has exactly one city and one province, so
both are filled; anything ambiguous (a county name shared by several places, a county
never named) is left empty.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from ahocorasick_rs import AhoCorasick

from llmx.core.jionlp_loader import jionlp
from llmx.core.occurrences import transient
from llmx.core.records import Village
from llmx.core.script import fold_aligned, to_simplified


@dataclass(frozen=True, slots=True)
class _County:
    province: str
    city: str
    name: str
    alias: str
    towns: frozenset[str]
    #: the county's village names as one newline-framed string: 650,000 names load in a
    #: fraction of the time 650,000 set members take, and membership is one substring test
    villages: str

    def has_village(self, name: str) -> bool:
        return f"\n{name}\n" in self.villages


class _Gazetteer:
    """jionlp's five-level division list, indexed the ways completion needs."""

    def __init__(
        self, counties: list[_County] | None = None, renamed: list[tuple[str, str, str]] | None = None
    ) -> None:
        if counties is None:
            counties, renamed = _counties_from_jionlp(), _renamed_from_jionlp()
        #: (former name, city, today's name) of counties renamed, merged or made cities or districts
        self.renamed = renamed or []
        self.by_name: dict[str, list[_County]] = {}
        self.by_alias: dict[str, list[_County]] = {}
        self.towns: set[str] = set()
        for record in counties:
            self.by_name.setdefault(record.name, []).append(record)
            if record.alias and len(record.alias) >= 2:
                self.by_alias.setdefault(record.alias, []).append(record)
            self.towns.update(record.towns)
        # An autonomous county is usually written short ('岫岩县' for 岫岩满族自治县): that form
        # names it too, unless it is some other county's own name.
        short_forms: dict[str, list[_County]] = {}
        for records in self.by_name.values():
            for record in records:
                if not record.alias or not record.name.endswith(("自治县", "自治旗")):
                    continue
                short = record.alias + record.name[-1]
                if short not in self.by_name:
                    short_forms.setdefault(short, []).append(record)
        self.by_name.update(short_forms)
        self.max_len = max(len(n) for n in self.by_name)
        # A county that has since become a city or a district is still written by its old
        # name in older reports ('潜山县' for what is now 潜山市): that name reads it too, as
        # written, where no county bears it today.
        self.by_former: dict[str, list[_County]] = {}
        # The counties of each prefecture-level city, for a city written without its county
        # ('云岭市石门镇青石村').
        self.by_city: dict[str, list[_County]] = {}
        for key, records in self.by_name.items():
            for record in records:
                if record.name != key:
                    continue
                if _city(record) is not None:
                    self.by_city.setdefault(record.city, []).append(record)
                if len(record.name) >= 3 and record.name.endswith(("市", "区")) and record.name != record.city:
                    former = record.name[:-1] + "县"
                    if former not in self.by_name:
                        self.by_former.setdefault(former, []).append(replace(record, name=former))
        # Renamings the list records whose former name no rule derives ('横县' is 横州市 since
        # 2021, '宜宾县' 叙州区, '海门市' 海门区), each read as written like the ones above.
        for former, city, today in self.renamed:
            if former in self.by_name or former in _FORMER_NAMES_READ_AS_WORDS:
                continue
            now = [r for r in self.by_name.get(today, []) if r.name == today and r.city == city]
            known = self.by_former.get(former, [])
            if len(now) == 1 and not any(r.city == city and r.province == now[0].province for r in known):
                self.by_former[former] = [*known, replace(now[0], name=former)]

        # What a name ending in 县 may also stand for: a county of today by a short form
        # ('东乡县' is 东乡族自治县), else one by its name before it became a city or a district.
        written = {**self.by_former, **{k: v for k, v in self.by_alias.items() if k.endswith("县")}}
        #: every name ``counties_in`` reads: today's names first
        self.readable: dict[str, list[_County]] = {**written, **self.by_name}

    def named(self, name: str) -> list[_County]:
        """The counties a name is today, else the ones it was before becoming a city or a district."""
        return self.by_name.get(name) or self.by_former.get(name) or []

    def to_json(self) -> str:
        """The index as JSON: plain data, so reading it back can never run code."""
        rows = [[c.province, c.city, c.name, c.alias, sorted(c.towns), c.villages]
                for key, records in self.by_name.items() for c in records if c.name == key]
        renamed = [list(row) for row in self.renamed]
        return json.dumps({"format": _INDEX_FORMAT, "counties": rows, "renamed": renamed}, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> _Gazetteer:
        """The index ``to_json`` wrote; ValueError for anything else."""
        data = json.loads(text)
        if not isinstance(data, dict) or data.get("format") != _INDEX_FORMAT:
            raise ValueError("not a division index of this format")
        counties = []
        for row in data["counties"]:
            province, city, name, alias, towns, villages = row
            if not all(isinstance(v, str) for v in (province, city, name, alias, villages)):
                raise ValueError("malformed division index row")
            counties.append(_County(province, city, name, alias, frozenset(map(str, towns)), villages))
        if not counties:
            raise ValueError("empty division index")
        renamed = [tuple(row) for row in data["renamed"]]
        if not all(len(row) == 3 and all(isinstance(v, str) for v in row) for row in renamed):
            raise ValueError("malformed renaming row")
        return cls(counties, renamed)

    def counties_in(self, text: str) -> list[tuple[int, int, _County]]:
        """Full county names stated in ``text`` that name exactly one county nationally (a
        county's name from before it became a city or a district too: '旬阳县')."""
        found: list[tuple[int, int, _County]] = []
        for m in re.finditer(r"[县区旗市]", text):
            end = m.end()
            for length in range(min(self.max_len, end), 1, -1):
                name = text[end - length : end]
                records = self.readable.get(name)
                if records:
                    start = end - length
                    # A two-character county (和县, 沛县) is too easily read out of running
                    # text (县编办和县直党委): it must follow a break or its city.
                    short_ok = length > 2 or start == 0 or not "\u4e00" <= text[start - 1] <= "\u9fff" or text[
                        start - 1
                    ] in "省市州"
                    if len(records) == 1 and short_ok and not _inside_larger_name(text, start, end):
                        found.append((start, end, records[0]))
                    break
        return found


def _counties_from_jionlp() -> list[_County]:
    """Every county of jionlp's five-level division list, with its towns and villages."""
    tree = jionlp().china_location_loader(detail=True)
    counties: list[_County] = []
    for province, pv in tree.items():
        if not isinstance(pv, dict):
            continue
        for city, cv in pv.items():
            if city.startswith("_") or not isinstance(cv, dict):
                continue
            for county, kv in cv.items():
                if county.startswith("_") or not isinstance(kv, dict):
                    continue
                towns = {t: tv for t, tv in kv.items() if not t.startswith("_")}
                villages = "".join(f"\n{v}" for tv in towns.values() for v in (tv or {}) if not v.startswith("_"))
                counties.append(_County(province, city, county, str(kv.get("_alias") or ""), frozenset(towns),
                                        villages + "\n"))
    return counties


def _renamed_from_jionlp() -> list[tuple[str, str, str]]:
    """(former name, city, today's name) of each county-level renaming jionlp records
    (2017 on: counties made cities or districts, renamed or merged); a city's own renaming
    (襄樊市 to 襄阳市) leaves its counties' names as they were and is left out."""
    rows: list[tuple[str, str, str]] = []
    for change in jionlp().china_location_change_loader():
        old, new = change.get("old_loc") or [], change.get("new_loc") or []
        if len(old) == 3 and len(new) == 3 and old[2][0] and new[2] and old[2][0] != new[2]:
            rows.append((str(old[2][0]), str(new[1]), str(new[2])))
    return rows


#: Former names that running text writes as other words: '任县委副书记' is 任 (held) 县委…
_FORMER_NAMES_READ_AS_WORDS = frozenset({"任县"})


def _inside_larger_name(text: str, start: int, end: int) -> bool:
    # 河口 in 两河口镇 or 城区 in 老城区街道 is part of another name, not a county named.
    return end < len(text) and text[end] in "镇乡街村"


_gazetteer_lock = threading.Lock()
_gazetteer_instance: _Gazetteer | None = None


#: bump when ``_Gazetteer``'s fields change, so an old index file is rebuilt
_INDEX_FORMAT = 4


def _index_path() -> Path | None:
    """Where the built index is kept between processes (next to the response cache)."""
    from importlib import metadata

    from llmx.config import default_cache_dir

    try:
        version = metadata.version("jionlp")
    except metadata.PackageNotFoundError:
        return None
    return default_cache_dir() / f"gazetteer-jionlp-{version}-v{_INDEX_FORMAT}.json"


def _load_or_build() -> _Gazetteer:
    """The index from the file a previous process wrote, else built from jionlp's division
    list (about 1 s) and written for the next process. The file is JSON, never a pickle:
    it sits in the cache directory, and whoever can write there must not be able to run
    code as the user. A file that does not read back as an index is rebuilt."""
    path = _index_path()
    if path is not None and path.exists():
        try:
            return _Gazetteer.from_json(path.read_text(encoding="utf-8"))
        except (OSError, ValueError, TypeError, KeyError):
            pass  # unreadable, damaged or of another layout: rebuild it
    gazetteer = _Gazetteer()
    if path is not None:
        with contextlib.suppress(OSError):
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(f".{path.name}.{os.getpid()}")
            tmp.write_text(gazetteer.to_json(), encoding="utf-8")
            os.replace(tmp, path)
            for stale in path.parent.glob("gazetteer-*"):  # indexes of other versions, old pickles included
                if stale != path and stale.is_file():
                    stale.unlink()
    return gazetteer


def _gazetteer() -> _Gazetteer:
    global _gazetteer_instance
    if _gazetteer_instance is None:
        with _gazetteer_lock:
            if _gazetteer_instance is None:
                _gazetteer_instance = _load_or_build()
    return _gazetteer_instance


def load() -> None:
    """Load the division index now (waiting for a background load under way)."""
    _gazetteer()


def preload() -> None:
    """Load the division index in a background thread: a model-backed run waits for its
    first answers anyway, and the index is ready when the first village needs it."""
    if _gazetteer_instance is None:
        threading.Thread(target=_gazetteer, name="llmx-gazetteer", daemon=True).start()


def is_known_town(name: str) -> bool:
    """True when the national division list has a township (镇/乡/街道) of this name."""
    return name in _gazetteer().towns


def town_of_another_county(town: str, county: str, text: str) -> bool:
    """True when the township lies in another county the text names, not in ``county``
    ('甲县南明镇…' then '乙县X村': 南明镇 is 甲县's). A name the list lacks, or one it
    places elsewhere only, proves nothing: pages name renamed or merged townships."""
    others = [c for name, c in _named_counties(fold_aligned(text)).items() if name != county]
    return any(town in c.towns for c in others) and not any(
        town in c.towns for c in _gazetteer().by_name.get(county, [])
    )


@lru_cache(maxsize=1)
def _city_names() -> frozenset[str]:
    """Prefecture-level names, with an autonomous prefecture's short form ('延边州')."""
    full = {c.city for records in _gazetteer().by_name.values() for c in records if _city(c) is not None}
    return frozenset(full | {name[:k] + "州" for name in full if name.endswith("自治州") for k in (2, 3)})


def is_known_city(name: str) -> bool:
    """True when the division list has a prefecture-level city or prefecture of this name."""
    return name in _city_names()


def county_has_village(county: str, village: str) -> bool:
    """True when the one county of this full or short name lists a village of this name."""
    gz = _gazetteer()
    records = gz.by_name.get(county) or gz.by_alias.get(county) or []
    return len(records) == 1 and records[0].has_village(village)


#: The division list's stand-in for the prefecture of a county the province governs itself
#: (神农架林区, 仙桃市, 五指山市): such a county has no city.
_NO_CITY = re.compile(r"直辖")


def _city(county: _County) -> str | None:
    return None if _NO_CITY.search(county.city) else county.city


def _city_field(county: _County) -> str | None:
    """A village's city: none for a county its province governs directly, nor for one of the
    four municipalities (the division list repeats 重庆市 as the city of 巫山县; the city level
    does not exist there)."""
    city = _city(county)
    return None if city == county.province else city


def county_path(name: str) -> tuple[str, str | None, str] | None:
    """(province, city, county) of a county-level full or short name, if it names exactly one;
    the city is None for a county its province governs directly. A county's name from
    before it became a city or a district ('会理县' for today's 会理市) names it as written
    (not a shorter county inside it, 理县) where no county of today is written so ('东乡县'
    is 东乡族自治县, not the district 东乡区 once was)."""
    gz = _gazetteer()
    records = gz.readable.get(name) or gz.by_alias.get(name) or []  # (readable: today's names, then former)
    if len(records) != 1:
        return None
    return records[0].province, _city_field(records[0]), records[0].name


@lru_cache(maxsize=16)
def _named_counties(folded: str) -> dict[str, _County]:
    return {c.name: c for _, _, c in _gazetteer().counties_in(folded)}


def named_county(text: str) -> tuple[str, str] | None:
    """(full name, short name) of the one county a text names in full, if exactly one."""
    named = _named_counties(fold_aligned(text))
    if len(named) != 1:
        return None
    county = next(iter(named.values()))
    return county.name, county.alias


_HAN_RUN_END = re.compile(r"[\u4e00-\u9fff]{1,24}$")


def _prefix_before(text: str, pos: int) -> str:
    m = _HAN_RUN_END.search(text, max(0, pos - 24), pos)
    return m.group() if m else ""


def _split_prefix(prefix: str, gz: _Gazetteer) -> tuple[_County | None, str | None]:
    """County and town stated right before a village name: '泽州县柳树口镇' → (泽州县, 柳树口镇).

    A county counts only by its full name, or by its short name when the town after it
    belongs to that county; a town counts only when the gazetteer knows it (of that county
    when one is named), so '派驻两河口镇' yields the town 两河口镇 and no county.
    """
    for i in range(len(prefix)):
        head, rest = prefix[:i], prefix[i:]
        for cut in range(len(head), 0, -1):
            name = head[-cut:]
            candidates = gz.named(name)
            by_alias = False
            if not candidates:
                candidates = gz.by_alias.get(name) or []
                by_alias = True
            for county in candidates:
                if rest == "" and not by_alias and len(candidates) == 1:
                    return county, None
                if rest in county.towns and (len(candidates) == 1 or by_alias):
                    return county, rest
    for i in range(2, len(prefix) + 1):
        # a prefecture-level city with no county between it and the town or the village
        # ('云岭市石门镇'): its city and province follow, the county does not
        head, rest = prefix[:i], prefix[i:]
        for cut in range(min(len(head), 9), 1, -1):
            counties = gz.by_city.get(head[-cut:])
            if counties and (rest == "" or any(rest in c.towns for c in counties)):
                return _city_only(counties[0]), rest or None
    for i in range(len(prefix) - 1):
        town = prefix[i:]
        if town.endswith(("镇", "乡", "街道")) and town in gz.towns:
            return None, town
    return None, None


def _first_county(county: _County | None, found: _County | None) -> _County | None:
    """The county read first, unless it is a city-only stand-in and a county is found later:
    '云岭市石门镇青石村…。平遥县石门镇青石村' names the county in its second mention."""
    if county is None or (not county.name and found is not None and found.name):
        return found
    return county


def _city_only(county: _County) -> _County:
    """A stand-in county that carries only its city and province (its name is empty)."""
    return _County(county.province, county.city, "", "", frozenset(), "")


@lru_cache(maxsize=4096)
def _division_before(prefix: str) -> tuple[_County | None, str | None]:
    return _split_prefix(prefix, _gazetteer())


_town_automaton_lock = threading.Lock()
_town_automaton: AhoCorasick | None = None


def _towns() -> AhoCorasick:
    """An automaton of every township name in the division list (built once, 0.05 s)."""
    global _town_automaton
    if _town_automaton is None:
        with _town_automaton_lock:
            if _town_automaton is None:
                _town_automaton = AhoCorasick(sorted(_gazetteer().towns))
    return _town_automaton


class _TownIndex:
    """Where a township name ends in one folded text, by the two characters that follow.

    A village's county and town are read from the words right before its name, and they
    name something only where a township name ends there (``_split_prefix``). Indexing
    those places once per text, and a name's answer once per text, keeps completion from
    scanning the whole text per village (and per chunk): quadratic time on a long report.
    """

    def __init__(self, folded: str) -> None:
        self.folded = folded
        matches = _towns().find_matches_as_indexes(transient(folded), overlapping=True)
        ends = sorted({end for _, _, end in matches})
        self._ends = ends
        self._after: dict[str, list[int]] = {}
        for end in ends:
            self._after.setdefault(folded[end : end + 2], []).append(end)
        self._first: dict[str, tuple[_County | None, str | None]] = {}

    def first_division(self, stem: str) -> tuple[_County | None, str | None]:
        """The first county and the first town written right before ``stem`` anywhere."""
        found = self._first.get(stem)
        if found is not None:
            return found
        county: _County | None = None
        town: str | None = None
        for pos in self._after.get(stem[:2], []) if len(stem) >= 2 else self._ends:
            if not self.folded.startswith(stem, pos):
                continue
            found_county, found_town = _division_before(_prefix_before(self.folded, pos))
            county = _first_county(county, found_county)
            town = town if town is not None else found_town
            if county is not None and county.name and town is not None:
                break
        found = self._first[stem] = (county, town)
        return found


@lru_cache(maxsize=4)
def _town_index(folded: str) -> _TownIndex:
    return _TownIndex(folded)


def _stems(village: Village) -> list[str]:
    name = to_simplified(village.name.strip())
    return [name] + ([name[:-1]] if name.endswith("村") and len(name) >= 3 else [])


def complete_divisions(villages: Sequence[Village], text: str) -> list[Village]:
    """``complete_division`` of each village; the text is indexed once (and kept for the
    next call with the same text, such as the next chunk's villages)."""
    folded = fold_aligned(text)
    return [_complete(village, folded) for village in villages]


def complete_division(village: Village, text: str) -> Village:
    """Fill a village's missing province/city/county/township from the text and gazetteer.

    Filled only where unambiguous (SPEC section 1): the county must be named in the text,
    before this village (``泽州县柳树口镇中村村``) or, failing that, as the only county of
    those the text names that the gazetteer places the village or its town in. A
    county name shared by several places nationally is never used. Existing values stay.
    """
    return _complete(village, fold_aligned(text))


def _complete(village: Village, folded: str) -> Village:
    gz = _gazetteer()
    name = to_simplified(village.name.strip())
    county: _County | None = None
    town = village.township
    index = _town_index(folded)
    for stem in _stems(village):
        found_county, found_town = index.first_division(stem)
        county = _first_county(county, found_county)
        town = town if town is not None else found_town
    if county is None and village.county:
        named = gz.named(to_simplified(village.county))
        if named and len(named) == 1:
            county = named[0]
    if county is None:
        # the one county the text names that the gazetteer places the village or its town in
        # ('石门县以东…位于柳湾县青石乡的白沙村': two counties named, one holds the town)
        holding = [
            c for c in _named_counties(folded).values() if (town is not None and town in c.towns) or c.has_village(name)
        ]
        if len(holding) == 1:
            county = holding[0]
    updates: dict[str, Any] = {}
    if town and not village.township:
        updates["township"] = town
    if county is not None:
        if village.county and to_simplified(village.county) != county.name:
            return village.model_copy(update=updates) if updates else village
        path = (("county", county.name), ("city", _city_field(county)), ("province", county.province))
        for field_name, value in path:
            if value and not getattr(village, field_name):
                updates[field_name] = value
    return village.model_copy(update=updates) if updates else village
