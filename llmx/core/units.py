"""The unit vocabulary of SPEC section 1, in one place.

Both the record validators (which reject variants with a message the LLM can act on)
and the normaliser (which rewrites variants deterministically) read these tables, so
the two can never disagree about what a normalised unit is.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from llmx.core.script import to_simplified

#: Units SPEC names as the normalised form, plus money and percent.
CANONICAL_UNITS: frozenset[str] = frozenset(
    {"元", "%", "公里", "米", "平方米", "亩", "立方米", "吨", "千瓦", "户", "人", "个"}
)

#: Variants that mean exactly a canonical unit (no conversion factor involved).
UNIT_ALIASES: dict[str, str] = {
    "平米": "平方米",
    "平方": "平方米",
    # '一个520个平方的车间': spoken area, 个 before the unit
    "个平方": "平方米",
    "个平方米": "平方米",
    "㎡": "平方米",
    "m²": "平方米",
    "m2": "平方米",
    "千米": "公里",
    "km": "公里",
    "公裡": "公里",
    "m": "米",
    "畝": "亩",
    "立方": "立方米",
    "方": "立方米",
    "m³": "立方米",
    "m3": "立方米",
    "噸": "吨",
    "t": "吨",
    "kw": "千瓦",
    "KW": "千瓦",
    "kW": "千瓦",
    "千瓦时": "千瓦时",
    "戶": "户",
    "名": "人",
    "位": "人",
    "個": "个",
    "％": "%",
    "百分点": "%",
    "块钱": "元",  # bare 块 is a counter here (504块电池板, 3块牌匾); money is written 元 or 块钱
    "圆": "元",
    "人口": "人",
    "户(次)": "户次",
    "个百分点": "%",
}

#: Counter and measure words a number may carry in this genre: the units SPEC keeps "as
#: written". Drawn from jionlp's quantifier statistics (dictionary/quantifiers_stat.txt)
#: without time, age, currency and ordinal words, plus the farming counters the reports
#: use (筒 of mushrooms, 窝 of tianma, 箱 of bees).
MEASURE_WORDS: tuple[str, ...] = (
    "户", "人", "名", "位", "个", "家", "次", "条", "种", "项", "件", "辆", "份", "批", "场", "吨", "噸",
    "张", "只", "套", "米", "公里", "台", "块", "座", "处", "平方米", "部", "笔", "方", "篇", "支",
    "亩", "畝", "片", "批次", "节", "人次", "户次", "平米", "组", "架", "克", "栋", "斤", "把", "公斤",
    "颗", "宗", "瓶", "盒", "根", "桶", "枚", "艘", "幅", "立方米", "立方", "平方", "毫米", "厘米",
    "平方公里", "袋", "幢", "棵", "公顷", "粒", "堆", "㎡", "株", "册", "千克", "匹", "千瓦时", "千瓦",
    "兆瓦", "场次", "盏", "台次", "千米", "市斤", "筒", "窝", "箱", "头", "羽", "尾", "口", "眼", "间",
    "所", "本", "棚", "栋", "孔", "群", "期", "届", "元", "块钱", "户(次)", "公裡", "戶", "個",
    "卷", "床", "单", "千伏安",  # 地膜60卷, 棉被23床, 网店日均发货400单, a transformer of 400千伏安
    "度",  # kilowatt-hours as the genre writes them: '年发电13万度'
)

#: Chinese multipliers that may prefix a unit (万元, 万人, 亿元 ...).
MULTIPLIERS: dict[str, float] = {
    "十": 10.0,
    "百": 100.0,
    "千": 1_000.0,
    "万": 10_000.0,
    "萬": 10_000.0,
    "十万": 100_000.0,
    "百万": 1_000_000.0,
    "千万": 10_000_000.0,
    "亿": 100_000_000.0,
    "億": 100_000_000.0,
}

#: Units that legitimately start with a multiplier character and are not scaled.
_NOT_SCALED = frozenset({"千瓦", "千瓦时", "千伏安", "千克", "百分点", "万元户"})


def split_multiplier(unit: str) -> tuple[float, str]:
    """Split a leading Chinese multiplier off a unit: '万元' -> (10000.0, '元').

    Returns (1.0, unit) when the unit carries no multiplier.
    """
    unit = unit.strip()
    if unit in _NOT_SCALED or unit in CANONICAL_UNITS:
        return 1.0, unit
    for prefix in sorted(MULTIPLIERS, key=len, reverse=True):
        rest = unit[len(prefix) :]
        if unit.startswith(prefix) and rest:
            return MULTIPLIERS[prefix], rest
    return 1.0, unit


_RANK = re.compile(r"第[一二三四五六七八九十百零〇\d]+名|排名|名次|排[第前]")


def is_rank(quotes: str) -> bool:
    """True when the quotes state a rank (第一名, 排名第五): SPEC keeps 名 as the unit then."""
    return bool(_RANK.search(to_simplified(quotes)))


def people_or_rank(unit: str, quotes: str) -> str:
    """名 and 位 count people (人) unless the quotes state a rank, where 名 stays (SPEC 4)."""
    if unit.strip() in {"名", "位"}:
        return "名" if is_rank(quotes) else "人"
    return unit


def unit_problem(unit: str) -> str | None:
    """Say what is wrong with a unit as SPEC defines it, or None when it is fine.

    The message is written for an LLM re-ask: it names the fix, not just the fault.
    """
    if not unit or not unit.strip():
        return "unit is empty: give the unit or counter word as written (户, 人, 个, 株 ...)"
    if unit != unit.strip():
        return f"unit {unit!r} has surrounding whitespace"
    if unit == "名":
        return None  # a rank (第一名); 名 counting people is normalised to 人 with its quote in view
    if unit in UNIT_ALIASES and UNIT_ALIASES[unit] != unit:
        return f"unit {unit!r} is not normalised: write {UNIT_ALIASES[unit]!r}"
    factor, rest = split_multiplier(unit)
    if factor != 1.0:
        if rest in {"元", "块钱"}:
            return f"money must be in 元: multiply the value by {factor:g} and write unit '元'"
        return f"unit {unit!r} carries a multiplier: multiply the value by {factor:g} and write unit {rest!r}"
    if "元" in unit and unit not in {"元", "万元户"} and not unit.startswith("元/"):
        return f"money must be in 元, not {unit!r}"
    if len(unit) > 6:
        return f"unit {unit!r} is too long: give only the unit or counter word"
    return None


@lru_cache(maxsize=1024)
def normalize_unit(unit: str) -> tuple[float, str]:
    """(factor, SPEC unit): '万元' → (10000, '元'), '公裡' → (1, '公里'), '万方' → (10000, '立方米')."""
    u = to_simplified(unicodedata.normalize("NFKC", unit)).strip()
    u = re.sub(r"[\s()（）]", "", u)
    if u in CANONICAL_UNITS:
        return 1.0, u
    if u in UNIT_ALIASES:
        return 1.0, UNIT_ALIASES[u]
    if u.isascii() and u.lower() in UNIT_ALIASES:  # KM, M2, Kw
        return 1.0, UNIT_ALIASES[u.lower()]
    if u in {"角", "角钱"}:
        return 0.1, "元"
    factor, rest = split_multiplier(u)
    if factor != 1.0 and rest:
        inner, canonical = normalize_unit(rest)
        return factor * inner, canonical
    return 1.0, u
