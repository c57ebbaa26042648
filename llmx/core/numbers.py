"""Numbers as the reports write them: numerals, multipliers, ranges, approximations, money.

One reading of ``10多萬元`` for the whole project: normalisation, grounding and figure
verification, and the rules backend all call ``iter_amounts`` / ``stated_figures``.
cn2an reads Chinese numerals and jionlp's ``parse_money`` reads money phrases written
in Chinese numerals; Arabic-digit money is computed directly (a test holds the two equal).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, NamedTuple

from llmx.core.jionlp_loader import jionlp
from llmx.core.script import fold_aligned
from llmx.core.units import CANONICAL_UNITS, MEASURE_WORDS, UNIT_ALIASES, normalize_unit

_CN_DIGITS = "零〇一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟"
#: Arabic digits, with thousands separators when written ('14,931元'; a full-width comma folds
#: to the same character): groups of exactly three digits after the first.
_AR = r"(?:\d{1,3}(?:,\d{3})+(?!\d)|\d+)(?:\.\d+)?"
#: (a decimal in Chinese numerals: '四点五' is 4.5, not 五 with 四点 dropped)
_CN = f"[{_CN_DIGITS}]+(?:点[零〇一二三四五六七八九]+)?"
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
    rf"(?P<f1>多|余)?\s?(?P<mult>{_MULT})?(?P<f2>多|余)?(?P<jiao>角)?(?P<cheng>成(?![立员本功为果效绩交熟就型品]))?"
)


class Amount(NamedTuple):
    """A stated quantity: ``value`` after multipliers, money in 元, unit normalised."""

    value: float
    value_max: float | None
    approx: bool
    unit: str


class AmountMatch(NamedTuple):
    """An amount found in a text, with its span and how it was written."""

    start: int
    end: int
    amount: Amount
    raw_unit: str
    chinese: bool  # written with Chinese numerals (一队三人), riskier to take as a figure
    written: float  # the numeral as written, before 万/亿 and unit factors (260 of 260万元)
    written_max: float | None  # the same for a range's upper bound


@lru_cache(maxsize=1)
def _amount_re() -> re.Pattern[str]:
    return re.compile(
        rf"(?<![\d.])(?P<n1>{_AR}|{_CN})"
        rf"(?:(?P<m1>{_MULT})?[ \t]?(?P<sep>{_RANGE_SEP})[ \t]?(?P<n2>{_AR}|{_CN}))?"
        rf"(?P<f1>多|余|几)?[ \t]?(?P<mult>{_MULT})?(?P<f2>多|余)?[ \t]?(?P<unit>{_unit_alternation()})"
        r"(?P<post>左右|以上|上下)?"
    )


_CN_DIGIT = {
    "零": 0, "〇": 0, "一": 1, "壹": 1, "二": 2, "两": 2, "贰": 2, "三": 3, "叁": 3, "四": 4, "肆": 4,
    "五": 5, "伍": 5, "六": 6, "陆": 6, "七": 7, "柒": 7, "八": 8, "捌": 8, "九": 9, "玖": 9,
}
_CN_UNIT = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_D = "[一二两三四五六七八九壹贰叁肆伍陆柒捌玖]"
_TEN_IN = rf"{_D}[十拾]{_D}?"
_HUNDRED_IN = rf"{_D}[百佰](?:{_TEN_IN}|[零〇]{_D})?"
_THOUSAND_IN = rf"{_D}[千仟](?:{_HUNDRED_IN}|[零〇](?:{_TEN_IN}|{_D}))?"
_SECTION = (
    rf"(?:{_D}?[千仟](?:{_HUNDRED_IN}|[零〇](?:{_TEN_IN}|{_D}))?|{_D}?[百佰](?:{_TEN_IN}|[零〇]{_D})?"
    rf"|{_D}?[十拾]{_D}?|{_D})"
)
_AFTER_WAN = rf"(?:{_THOUSAND_IN}|[零〇](?:{_HUNDRED_IN}|{_TEN_IN}|{_D}))"
#: A well-formed numeral below 10^8 ('三', '十二', '一百零五', '三万五千', '百'): read here; anything
#: else (abbreviations such as 一万二, odd strings) goes to cn2an, whose import (its patterns
#: compile for 0.2 s) most runs then never pay.
_PLAIN_NUMERAL = re.compile(rf"{_SECTION}(?:万{_AFTER_WAN}?)?|{_SECTION}?万")


def _plain_numeral(text: str) -> float | None:
    if not text or not _PLAIN_NUMERAL.fullmatch(text):
        return None
    total = 0
    section = 0
    number = 0
    for ch in text:
        if ch in _CN_DIGIT:
            number = _CN_DIGIT[ch]
        elif ch in _CN_UNIT:
            section += (number or 1) * _CN_UNIT[ch]
            number = 0
        else:  # 万
            section += number
            total += (section or 1) * 10_000
            section = number = 0
    return float(total + section + number)


_GROUPED = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?")
_CN_DECIMAL_DIGIT = {ch: str(i) for i, ch in enumerate("零一二三四五六七八九")} | {"〇": "0"}
_DIGIT_RUN = re.compile(r"[零〇一二两三四五六七八九壹贰叁肆伍陆柒捌玖]{2}")
_PLACE_VALUE = re.compile("[十百千万亿拾佰仟]")


@lru_cache(maxsize=4096)
def chinese_number(text: str) -> float | None:
    """Value of a numeral, Arabic or Chinese (cn2an): '三' → 3, '百' → 100, '1.3万' → 13000."""
    try:
        return float(text.replace(",", "") if _GROUPED.fullmatch(text) else text)
    except ValueError:
        pass
    whole, point, decimals = text.partition("点")
    places = chinese_digits(decimals) if point else None
    if places is not None:
        # '三十六点八': the whole part as any numeral, the decimals digit by digit
        units = chinese_number(whole) if whole else 0.0
        if units is None or units != int(units):
            return None
        return float(f"{int(units)}.{places}")
    if _DIGIT_RUN.search(text) and not _PLACE_VALUE.search(text):
        return None  # 一一, 七一, 二〇一八: digit strings, slogans or years, not a count (一百零六 is)
    if text:
        plain = _plain_numeral(text)
        if plain is not None:
            return plain
    import cn2an

    for candidate in (text, "一" + text):
        try:
            return float(cn2an.cn2an(candidate, "smart"))
        except (ValueError, KeyError, IndexError, TypeError):
            continue
    return None


def chinese_digits(text: str) -> str | None:
    """Chinese digits read one by one ('二〇二一' -> '2021', the places after 点), or None."""
    if not text or any(ch not in _CN_DECIMAL_DIGIT for ch in text):
        return None
    return "".join(_CN_DECIMAL_DIGIT[ch] for ch in text)


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
    n1, m1_word, n2, f1, mult_word, f2, raw_unit, post = m.group("n1", "m1", "n2", "f1", "mult", "f2", "unit", "post")
    mult = _MULT_VALUE[mult_word] if mult_word else 1.0
    m1 = _MULT_VALUE[m1_word] if m1_word else mult
    v1 = chinese_number(n1)
    v2 = chinese_number(n2) if n2 else None
    if v1 is None or (n2 and v2 is None):
        return None
    if raw_unit in NOUN_UNITS:
        factor, unit = 1.0, NOUN_UNITS[raw_unit]
    else:
        factor, unit = normalize_unit(raw_unit)
    value = v1 * m1 * factor
    value_max = v2 * mult * factor if v2 is not None else None
    start, end = m.span()
    chinese = not n1[0].isdigit()
    if unit == "元" and raw_unit not in {"角", "角钱"} and (money_parser or chinese):
        core = text[start : m.start("unit")] + "元"
        money = _money(core.replace(" ", "").replace("\t", ""))
        if money is not None and abs(money[0] - value) <= 0.005 * max(abs(value), 1.0):
            value = money[0]
            if n2 and money[1] is not None:
                value_max = money[1]
    approx = bool(f1 or f2 or post)
    if not approx:
        after = text[end : end + 2]
        approx = (
            text[max(0, start - 3) : start].endswith(_APPROX_BEFORE) or after in _APPROX_AFTER
            or after[:1] in _APPROX_AFTER
        )
    if value_max is not None:
        if value_max < value:
            value, value_max = value_max, value
        if value_max == value:
            value_max = None
    return AmountMatch(
        start, end, Amount(clean_float(value), clean_float(value_max), approx, unit), raw_unit, chinese, v1, v2,
    )


def clean_float(value: float | None) -> Any:
    """A float rounded to 6 places (binary noise off ``value * 10000``); None stays None."""
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


@dataclass(frozen=True, slots=True)
class StatedFigure:
    """A number as a text states it: ``value`` after its multiplier, and how it was written.

    ``written`` is the numeral itself and ``scale`` the multiplier after it (``260萬元``:
    value 2600000, written 260, scale 10000; ``7角``: 0.7, 7, 0.1). ``derived`` marks a
    bound of a range or an approximate figure (约, 近, 多, 余, 以上 ...): the text gives
    the figure, but not as an exact count.
    """

    value: float
    written: float
    scale: float
    derived: bool


@lru_cache(maxsize=4096)  # a quote is checked once per figure field of its record
def stated_figures(text: str) -> tuple[StatedFigure, ...]:
    """Every number ``text`` states, Arabic or Chinese, full- or half-width, any script."""
    folded = fold_aligned(text)
    found: list[StatedFigure] = []
    for m in _NUMBER_RE.finditer(folded):
        mult = _MULT_VALUE.get(m.group("mult") or "", 1.0)
        m1 = _MULT_VALUE.get(m.group("m1") or "", mult)
        before = folded[max(0, m.start() - 3) : m.start()]
        after = folded[m.end() : m.end() + 2]
        approx = bool(m.group("f1") or m.group("f2")) or before.endswith(_APPROX_BEFORE) or (
            after in _APPROX_AFTER or after[:1] in _APPROX_AFTER
        )
        is_range = m.group("n2") is not None
        for raw, scale in ((m.group("n1"), m1), (m.group("n2"), mult)):
            if not raw:
                continue
            written = chinese_number(raw)
            if written is None:
                continue
            if m.group("jiao"):
                scale = 0.1
            if m.group("cheng") and written <= 10:  # 九成: nine tenths, a percentage in words
                found.append(StatedFigure(clean_float(written * 10), written, 10.0, True))
                continue
            found.append(StatedFigure(clean_float(written * scale), written, scale, approx or is_range))
    found.extend(_compound_figures(folded))
    return tuple(found)


#: A count written in two parts: '3万5千元' (35000), '1万2千人'.
_WAN_QIAN = re.compile(r"(?<![\d.])(\d+)万(\d)千")
#: A decimal in Chinese numerals: '三点五公里', '百分之十二点五'.
_CN_DECIMAL = re.compile(f"({_CN})点([零〇一二三四五六七八九]+)")
_CN_DECIMAL_DIGITS = {ch: str(i) for i, ch in enumerate("零一二三四五六七八九")} | {"〇": "0"}


def _compound_figures(folded: str) -> list[StatedFigure]:
    """Figures the number pattern reads in two pieces: '3万5千' is also 35000, '三点五' is 3.5."""
    found = []
    for m in _WAN_QIAN.finditer(folded):
        count = float(int(m.group(1)) * 10_000 + int(m.group(2)) * 1_000)
        found.append(StatedFigure(count, count, 1.0, False))
    for m in _CN_DECIMAL.finditer(folded):
        whole = chinese_number(m.group(1))
        if whole is not None:
            decimal = float(f"{int(whole)}.{''.join(_CN_DECIMAL_DIGITS[ch] for ch in m.group(2))}")
            found.append(StatedFigure(decimal, decimal, 1.0, False))
    return found
