"""Chinese normalisation: script, width, numerals, money, units and divisions.

Every backend's output passes through ``normalize_report`` so that records compare equal
whatever script the source used and however a model wrote its numbers (SPEC section 1).
The same primitives serve grounding (numbers stated in a quote) and the rules backend
(amounts found in a sentence), so there is one reading of ``10多萬元`` in the project.

OpenCC does the script conversion, cn2an the Chinese numerals, jionlp the money phrases
and the division gazetteer. jionlp takes about a second to import, so it is imported on
first use only.
"""

from __future__ import annotations

import contextlib
import io
import re
import sys
import threading
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from llmx.core.records import Village
from llmx.core.units import CANONICAL_UNITS, MEASURE_WORDS, UNIT_ALIASES, split_multiplier

R = TypeVar("R", bound=BaseModel)

_jionlp_lock = threading.Lock()


def jionlp() -> Any:
    """The jionlp module, imported on first use with its import banner kept off stdout.

    jionlp prints to stdout when imported; llmx may be writing JSONL there.
    """
    module = sys.modules.get("jionlp")
    if module is not None:
        return module
    with _jionlp_lock, contextlib.redirect_stdout(io.StringIO()):
        import jionlp as module
    return module

# ----------------------------------------------------------------------------------------
# Script and width
# ----------------------------------------------------------------------------------------

_converter_lock = threading.Lock()
_converter: Any = None


def _opencc() -> Any:
    global _converter
    if _converter is None:
        with _converter_lock:
            if _converter is None:
                import opencc

                _converter = opencc.OpenCC("t2s")
    return _converter


def to_simplified(text: str) -> str:
    """Traditional to simplified Chinese with OpenCC's phrase-aware t2s conversion."""
    if not text or text.isascii():
        return text
    return _short_simplified(text) if len(text) <= 64 else _opencc().convert(text)


@lru_cache(maxsize=8192)
def _short_simplified(text: str) -> str:
    # Field values and quotes repeat a lot (units, village names): cache the short ones.
    return str(_opencc().convert(text))


@lru_cache(maxsize=16384)
def _char_simplified(char: str) -> str:
    converted = _opencc().convert(char)
    return converted if len(converted) == 1 else char


def to_simplified_aligned(text: str) -> str:
    """Simplified text of exactly the same length, so offsets carry over unchanged.

    OpenCC's t2s tables map characters one to one in practice; if a phrase rule ever
    changes the length, fall back to converting character by character.
    """
    converted = to_simplified(text)
    if len(converted) == len(text):
        return converted
    return "".join(_char_simplified(ch) for ch in text)


def _width_table() -> dict[int, str]:
    table: dict[int, str] = {0x3000: " ", 0xA0: " "}
    for start, end in ((0xFF01, 0xFF5E), (0xFE50, 0xFE6B)):
        for cp in range(start, end + 1):
            folded = unicodedata.normalize("NFKC", chr(cp))
            if len(folded) == 1:
                table[cp] = folded
    return table


#: Full-width ASCII and small-form punctuation to their plain forms, one character each.
WIDTH_TABLE: dict[int, str] = _width_table()


@lru_cache(maxsize=32)
def fold_aligned(text: str) -> str:
    """Simplified script and half-width digits/punctuation, same length as ``text``.

    The rules backend scans this form and cuts evidence from the original at the same
    offsets, so a quote stays verbatim in the source's own script.
    """
    return to_simplified_aligned(text).translate(WIDTH_TABLE)


# ----------------------------------------------------------------------------------------
# Numbers and amounts
# ----------------------------------------------------------------------------------------

_CN_DIGITS = "零〇一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟"
_AR = r"\d+(?:\.\d+)?"
_CN = f"[{_CN_DIGITS}]+"
# 千瓦/千克/千米/百分点 are units, not a multiplier in front of 瓦/克/米/分点.
_MULT = r"(?:万亿|千万|百万|十万|亿|万|千(?![瓦克米伏卡])|百(?![分米]))"
_MULT_VALUE = {"万亿": 1e12, "千万": 1e7, "百万": 1e6, "十万": 1e5, "亿": 1e8, "万": 1e4, "千": 1e3, "百": 1e2}
_RANGE_SEP = r"[-~～—–至到]"
_APPROX_BEFORE = ("大约", "大概", "约", "近", "将近", "接近", "逾", "超过", "不到", "不足", "差不多", "上")
_APPROX_AFTER = frozenset({"左右", "以上", "上下", "多", "余"})

#: Nouns that stand for a unit right after a number: 20.67万贫困人口 → 人.
NOUN_UNITS: dict[str, str] = {"贫困人口": "人", "人口": "人"}


def _unit_alternation() -> str:
    words = set(MEASURE_WORDS) | set(CANONICAL_UNITS) | set(UNIT_ALIASES) | set(NOUN_UNITS) | {"角", "角钱", "块钱"}
    words.discard("%")
    ordered = sorted((re.escape(w) for w in words), key=len, reverse=True)
    # 方 alone is 立方米 (5.6万方) but not the start of 方面/方案/方式.
    return "(?:%|" + "|".join(w if w != "方" else "方(?![面案式法向针位便])" for w in ordered) + ")"


_NUMBER_RE = re.compile(
    rf"(?<![\d.])(?P<n1>{_AR}|{_CN})"
    rf"(?:(?P<m1>{_MULT})?\s?(?P<sep>{_RANGE_SEP})\s?(?P<n2>{_AR}|{_CN}))?"
    rf"(?P<f1>多|余)?\s?(?P<mult>{_MULT})?(?P<f2>多|余)?(?P<jiao>角)?"
)


@dataclass(frozen=True, slots=True)
class Amount:
    """A stated quantity: ``value`` after multipliers, money in 元, unit normalised."""

    value: float
    value_max: float | None
    approx: bool
    unit: str


@dataclass(frozen=True, slots=True)
class AmountMatch:
    """An amount found in a text, with its span and how it was written."""

    start: int
    end: int
    amount: Amount
    raw_unit: str
    chinese: bool  # written with Chinese numerals (一队三人), riskier to take as a figure
    multiplied: bool  # carried 万/亿... so the stated digits differ from the value


@lru_cache(maxsize=1)
def _amount_re() -> re.Pattern[str]:
    return re.compile(
        rf"(?<![\d.])(?P<n1>{_AR}|{_CN})"
        rf"(?:(?P<m1>{_MULT})?[ \t]?(?P<sep>{_RANGE_SEP})[ \t]?(?P<n2>{_AR}|{_CN}))?"
        rf"(?P<f1>多|余|几)?[ \t]?(?P<mult>{_MULT})?(?P<f2>多|余)?[ \t]?(?P<unit>{_unit_alternation()})"
        r"(?P<post>左右|以上|上下)?"
    )


@lru_cache(maxsize=4096)
def chinese_number(text: str) -> float | None:
    """Value of a numeral, Arabic or Chinese (cn2an): '三' → 3, '百' → 100, '1.3万' → 13000."""
    try:
        return float(text)
    except ValueError:
        pass
    import cn2an

    if re.search(r"[零〇一二两三四五六七八九壹贰叁肆伍陆柒捌玖]{2}", text):
        return None  # 一一, 七一, 二〇一八: digit strings, slogans or years, not a count
    for candidate in (text, "一" + text):
        try:
            return float(cn2an.cn2an(candidate, "smart"))
        except (ValueError, KeyError, IndexError, TypeError):
            continue
    return None


def _is_chinese(num: str) -> bool:
    return not num[0].isdigit()


@lru_cache(maxsize=4096)
def _money(core: str) -> tuple[float, float | None] | None:
    """jionlp's reading of a money phrase: (first number, second number or None)."""
    try:
        parsed = jionlp().parse_money(core)
    except Exception:  # jionlp raises bare ValueError/TypeError/IndexError on odd input
        return None
    num = parsed.get("num") if isinstance(parsed, dict) else None
    if isinstance(num, list) and num:
        return float(num[0]), float(num[1]) if len(num) > 1 else None
    if isinstance(num, str):
        return float(num), None
    return None


def _amount_from_match(m: re.Match[str], text: str, *, money_parser: bool) -> AmountMatch | None:
    n1, n2 = m.group("n1"), m.group("n2")
    mult = _MULT_VALUE.get(m.group("mult") or "", 1.0)
    m1 = _MULT_VALUE.get(m.group("m1") or "", mult)
    v1 = chinese_number(n1)
    v2 = chinese_number(n2) if n2 else None
    if v1 is None or (n2 and v2 is None):
        return None
    raw_unit = m.group("unit")
    if raw_unit in NOUN_UNITS:
        factor, unit = 1.0, NOUN_UNITS[raw_unit]
    else:
        factor, unit = normalize_unit(raw_unit)
    value = v1 * m1 * factor
    value_max = v2 * mult * factor if v2 is not None else None
    if unit == "元" and raw_unit not in {"角", "角钱"} and (money_parser or _is_chinese(n1)):
        core = text[m.start() : m.start("unit")] + "元"
        money = _money(core.replace(" ", "").replace("\t", ""))
        if money is not None and abs(money[0] - value) <= 0.005 * max(abs(value), 1.0):
            value = money[0]
            if n2 and money[1] is not None:
                value_max = money[1]
    fuzzy = bool(m.group("f1") or m.group("f2") or m.group("post"))
    before = text[max(0, m.start() - 3) : m.start()]
    after = text[m.end() : m.end() + 2]
    approx = fuzzy or before.endswith(_APPROX_BEFORE) or after in _APPROX_AFTER or after[:1] in _APPROX_AFTER
    if value_max is not None and value_max < value:
        value, value_max = value_max, value
    if value_max is not None and value_max == value:
        value_max = None
    return AmountMatch(
        start=m.start(),
        end=m.end(),
        amount=Amount(value=_clean_float(value), value_max=_clean_float(value_max), approx=approx, unit=unit),
        raw_unit=raw_unit,
        chinese=_is_chinese(n1),
        multiplied=mult != 1.0 or m1 != 1.0 or factor != 1.0,
    )


def _clean_float(value: float | None) -> Any:
    if value is None:
        return None
    return round(value, 6)


def iter_amounts(
    folded: str, start: int = 0, end: int | None = None, *, money_parser: bool = False
) -> Iterator[AmountMatch]:
    """Every number-with-unit in ``folded`` (output of ``fold_aligned``), in order.

    Offsets are into ``folded`` and so into the original text. Money written in Arabic
    digits is computed directly (the same arithmetic parse_money does, and a test holds
    the two equal); jionlp's parse_money reads Chinese-numeral money, or all money with
    ``money_parser=True``. The scanner skips the per-call jionlp cost this way.
    """
    text = folded
    for m in _amount_re().finditer(text, start, len(text) if end is None else end):
        found = _amount_from_match(m, text, money_parser=money_parser)
        if found is not None:
            yield found


def parse_amount(phrase: str) -> Amount | None:
    """Read one amount phrase: '260萬元', '1.2-1.3万元', '10多万元', '约3.7公里', '80余户'.

    Money comes back in 元 (jionlp's parse_money does the arithmetic), ranges as
    value/value_max, 多/余/约/近/以上 as ``approx``. A phrase holding several amounts
    ('一队三人') is read by its last one: the count the phrase ends on.
    """
    folded = fold_aligned(phrase.strip())
    found = list(iter_amounts(folded, money_parser=True))
    if not found:
        return None
    return found[-1].amount


def numbers_in_text(text: str) -> list[float]:
    """Every number a text states, in the forms a record may legitimately hold it.

    For each numeral the list holds its stated value and, when a multiplier follows, the
    multiplied value too (``260萬元`` → 260 and 2600000; ``1.2-1.3万`` → 1.2, 12000, 1.3,
    13000; ``7角`` → 7 and 0.7). Both forms are kept because a record may quote ``20.67万``
    as 206700 or a 万-scaled field as 20.67; the check asks "is this figure in the quote",
    not "was it scaled right" (the validators and scorer judge that).
    """
    folded = fold_aligned(text)
    numbers: list[float] = []
    for m in _NUMBER_RE.finditer(folded):
        mult = _MULT_VALUE.get(m.group("mult") or "", 1.0)
        m1 = _MULT_VALUE.get(m.group("m1") or "", mult)
        for raw, factor in ((m.group("n1"), m1), (m.group("n2"), mult)):
            if not raw:
                continue
            value = chinese_number(raw)
            if value is None:
                continue
            numbers.append(value)
            if factor != 1.0:
                numbers.append(value * factor)
            if m.group("jiao"):
                numbers.append(value / 10)
    return numbers


# ----------------------------------------------------------------------------------------
# Units
# ----------------------------------------------------------------------------------------


@lru_cache(maxsize=1024)
def normalize_unit(unit: str) -> tuple[float, str]:
    """(factor, SPEC unit): '万元' → (10000, '元'), '公裡' → (1, '公里'), '万方' → (10000, '立方米')."""
    u = to_simplified(unicodedata.normalize("NFKC", unit)).strip()
    u = re.sub(r"[\s()（）]", "", u)
    if u in CANONICAL_UNITS:
        return 1.0, u
    if u in UNIT_ALIASES:
        return 1.0, UNIT_ALIASES[u]
    if u in {"角", "角钱"}:
        return 0.1, "元"
    factor, rest = split_multiplier(u)
    if factor != 1.0 and rest:
        inner, canonical = normalize_unit(rest)
        return factor * inner, canonical
    return 1.0, u


# ----------------------------------------------------------------------------------------
# Dates
# ----------------------------------------------------------------------------------------

_DATE_RE = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})(?!\d)")


def parse_date(text: str) -> str | None:
    """ISO date of the first full date in ``text`` ('2018-11-21 16:29', '2018年7月31日').

    Numeric dates are read directly; anything else goes to jionlp's parse_time.
    """
    import datetime as dt

    folded = fold_aligned(text)
    m = _DATE_RE.search(folded)
    if m:
        try:
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3))).isoformat()
        except ValueError:
            return None
    try:
        parsed = jionlp().parse_time(folded, time_base=0, strict=True)
    except Exception:  # jionlp raises plain ValueError and friends on text it cannot read
        return None
    times = parsed.get("time") if isinstance(parsed, dict) else None
    if parsed.get("type") == "time_point" and isinstance(times, list) and times and isinstance(times[0], str):
        return times[0][:10]
    return None


# ----------------------------------------------------------------------------------------
# Administrative divisions
# ----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _County:
    province: str
    city: str
    name: str
    alias: str
    towns: dict[str, frozenset[str]]


class _Gazetteer:
    """jionlp's five-level division list, indexed the ways completion needs."""

    def __init__(self) -> None:
        tree = jionlp().china_location_loader(detail=True)
        self.by_name: dict[str, list[_County]] = {}
        self.by_alias: dict[str, list[_County]] = {}
        self.towns: set[str] = set()
        for province, pv in tree.items():
            if not isinstance(pv, dict):
                continue
            for city, cv in pv.items():
                if city.startswith("_") or not isinstance(cv, dict):
                    continue
                for county, kv in cv.items():
                    if county.startswith("_") or not isinstance(kv, dict):
                        continue
                    towns = {
                        t: frozenset(v for v in (tv or {}) if not v.startswith("_"))
                        for t, tv in kv.items()
                        if not t.startswith("_")
                    }
                    record = _County(province, city, county, str(kv.get("_alias") or ""), towns)
                    self.by_name.setdefault(county, []).append(record)
                    if record.alias and len(record.alias) >= 2:
                        self.by_alias.setdefault(record.alias, []).append(record)
                    self.towns.update(towns)
        self.max_len = max(len(n) for n in self.by_name)

    def counties_in(self, text: str) -> list[tuple[int, int, _County]]:
        """Full county names stated in ``text`` that name exactly one county nationally."""
        found: list[tuple[int, int, _County]] = []
        for m in re.finditer(r"[县区旗市]", text):
            end = m.end()
            for length in range(min(self.max_len, end), 1, -1):
                name = text[end - length : end]
                records = self.by_name.get(name)
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


def _inside_larger_name(text: str, start: int, end: int) -> bool:
    # 河口 in 两河口镇 or 城区 in 老城区街道 is part of another name, not a county named.
    return end < len(text) and text[end] in "镇乡街村"


_gazetteer_lock = threading.Lock()
_gazetteer_instance: _Gazetteer | None = None


def _gazetteer() -> _Gazetteer:
    global _gazetteer_instance
    if _gazetteer_instance is None:
        with _gazetteer_lock:
            if _gazetteer_instance is None:
                _gazetteer_instance = _Gazetteer()
    return _gazetteer_instance


def is_known_town(name: str) -> bool:
    """True when the national division list has a township (镇/乡/街道) of this name."""
    return name in _gazetteer().towns


def county_path(name: str) -> tuple[str, str, str] | None:
    """(province, city, county) of a county-level full or short name, if it names exactly one."""
    gz = _gazetteer()
    records = gz.by_name.get(name) or gz.by_alias.get(name) or []
    if len(records) != 1:
        return None
    return records[0].province, records[0].city, records[0].name


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
            candidates = gz.by_name.get(name) or []
            by_alias = False
            if not candidates:
                candidates = gz.by_alias.get(name) or []
                by_alias = True
            for county in candidates:
                if rest == "" and not by_alias and len(candidates) == 1:
                    return county, None
                if rest in county.towns and (len(candidates) == 1 or by_alias):
                    return county, rest
    for i in range(len(prefix) - 1):
        town = prefix[i:]
        if town.endswith(("镇", "乡", "街道")) and town in gz.towns:
            return None, town
    return None, None


def _name_positions(text: str, name: str) -> list[int]:
    positions = []
    pos = text.find(name)
    while pos >= 0:
        positions.append(pos)
        pos = text.find(name, pos + 1)
    return positions


def complete_division(village: Village, text: str) -> Village:
    """Fill a village's missing province/city/county/township from the text and gazetteer.

    Filled only where unambiguous (SPEC section 1): the county must be named in the text,
    before this village (``泽州县柳树口镇中村村``) or, failing that, as the only county the
    text names, and then only if the gazetteer places the village or its town in it. A
    county name shared by several places nationally is never used. Existing values stay.
    """
    gz = _gazetteer()
    folded = fold_aligned(text)
    name = to_simplified(village.name.strip())
    county: _County | None = None
    town = village.township
    stems = [name] + ([name[:-1]] if name.endswith("村") and len(name) >= 3 else [])
    for stem in stems:
        for pos in _name_positions(folded, stem):
            found_county, found_town = _split_prefix(_prefix_before(folded, pos), gz)
            if found_county is not None and county is None:
                county = found_county
            if found_town is not None and town is None:
                town = found_town
            if county is not None and town is not None:
                break
    if county is None and village.county:
        named = gz.by_name.get(to_simplified(village.county))
        if named and len(named) == 1:
            county = named[0]
    if county is None:
        named_counties = _named_counties(folded)
        if len(named_counties) == 1:
            only = next(iter(named_counties.values()))
            villages_there = set().union(*only.towns.values()) if only.towns else set()
            if (town is not None and town in only.towns) or name in villages_there:
                county = only
    updates: dict[str, Any] = {}
    if town and not village.township:
        updates["township"] = town
    if county is not None:
        if village.county and to_simplified(village.county) != county.name:
            return village.model_copy(update=updates) if updates else village
        for field_name, value in (("county", county.name), ("city", county.city), ("province", county.province)):
            if not getattr(village, field_name):
                updates[field_name] = value
    return village.model_copy(update=updates) if updates else village


# ----------------------------------------------------------------------------------------
# Whole records
# ----------------------------------------------------------------------------------------

_TITLE_JUNK = re.compile(r"^(?:\s|[—\-－–_~～]|【[^】]{0,20}】|\[[^\]]{0,20}\])+")
_AUTHOR_ROLE = re.compile(r"^(?:本报|本网)?(?:记者|通讯员|特约记者|作者|撰稿|撰文|文|供稿|执笔)[\s:：/]*")
_NOT_AUTHOR = re.compile(r"编辑|摄|审核|校对|责编|监制")


def _simplify_value(value: Any) -> Any:
    if isinstance(value, str):
        return to_simplified(value).strip()
    if isinstance(value, list):
        return [_simplify_value(v) for v in value]
    return value


def _normalise_quantity(data: dict[str, Any]) -> dict[str, Any]:
    unit = data.get("unit")
    if isinstance(unit, str) and unit.strip():
        factor, canonical = normalize_unit(unit)
        data["unit"] = canonical
        if factor != 1.0:
            for key in ("value", "value_max"):
                if isinstance(data.get(key), int | float):
                    data[key] = _clean_float(data[key] * factor)
    return data


def _normalise_item(kind: str, data: dict[str, Any]) -> dict[str, Any]:
    for key, value in list(data.items()):
        if key == "evidence":
            continue  # quotes stay verbatim in the source's script
        if key == "quantities":
            data[key] = [_normalise_quantity(_normalise_item("quantity", dict(q))) for q in value]
        elif key != "category" and key != "status":
            data[key] = _simplify_value(value)
    if kind == "metrics":
        data = _normalise_quantity(data)
    return data


def _clean_title(title: Any) -> Any:
    if not isinstance(title, str):
        return title
    cleaned = _TITLE_JUNK.sub("", to_simplified(title)).strip()
    return cleaned or None


def _clean_authors(authors: Any) -> Any:
    if not isinstance(authors, list):
        return authors
    out: list[str] = []
    for author in authors:
        if not isinstance(author, str) or _NOT_AUTHOR.search(author):
            continue
        name = _AUTHOR_ROLE.sub("", to_simplified(author).strip()).strip()
        if name and name not in out:
            out.append(name)
    return out


def normalize_report(report: R, *, text: str | None = None) -> R:
    """A new Report/Extraction with SPEC's conventions applied; idempotent.

    Text values simplified (evidence quotes excepted), titles without tags or dashes,
    author names without roles, units normalised with their factor applied to the value
    (万元 → 元). With ``text`` (the document), villages also get their division path
    completed by ``complete_division``. An item the changes would make invalid is kept
    as it was.
    """
    model = type(report)
    data = report.model_dump()
    if isinstance(data.get("outlet"), str):
        data["outlet"] = to_simplified(data["outlet"]).strip() or None
    if "title" in data:
        data["title"] = _clean_title(data["title"])
    if "authors" in data:
        data["authors"] = _clean_authors(data["authors"])
    for kind in ("teams", "villages", "measures", "metrics"):
        items = list(getattr(report, kind))
        item_model = type(items[0]) if items else None
        new_items = []
        for original, item_data in zip(items, data[kind], strict=True):
            try:
                new_item: Any = item_model.model_validate(_normalise_item(kind, item_data))  # type: ignore[union-attr]
            except ValidationError:
                new_item = original
            if kind == "villages" and text is not None:
                new_item = complete_division(new_item, text)
            new_items.append(new_item)
        data[kind] = new_items
    return model.model_validate(data)
