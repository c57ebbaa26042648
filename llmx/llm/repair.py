"""Deterministic repair of a model's answer, before the record models validate it.

Real models deviate from a schema in a handful of predictable ways: a unit synonym
(名 for 人, 平米, km), money left in 万 (260 for 260万元), a number written as a string
with its unit (``"231户"``), a percentage as a fraction, traditional script or
full-width digits in a value, a category in Chinese, evidence as a bare string, the
answer wrapped in an extra object. Each of these has one right fix, which the validators'
messages even name; re-asking the model for it costs a whole prompt and often brings the
same answer back. So every fix that can be made from the answer and the item's own
quotes is made here, and logged (``Repair``: where, which rule, before, after) so a user
can audit it. Only what no rule can fix goes on to validation failure and a re-ask.

The repairs never invent a figure: scaling by 万/亿 happens only when the item's own
quote states the number that way, and a fraction becomes a percentage only when the
quote states the percentage.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from llmx.core.dates import parse_date
from llmx.core.meta import Repair
from llmx.core.numbers import AmountMatch, chinese_number, iter_amounts, stated_figures
from llmx.core.records import MAX_YEAR, MIN_YEAR, SUMMARY_MAX_CHARS, Category, Status
from llmx.core.script import WIDTH_TABLE, fold_aligned, to_simplified
from llmx.core.units import normalize_unit, people_or_rank

#: The answer's top-level keys, and the names models use for them.
TOP_KEYS = ("title", "outlet", "published", "authors", "teams", "villages", "measures", "metrics")
ITEM_KINDS = ("teams", "villages", "measures", "metrics")
_KEY_ALIASES = {"team": "teams", "village": "villages", "measure": "measures", "metric": "metrics",
                "author": "authors", "date": "published", "publish_date": "published", "source": "outlet"}

_ITEM_FIELDS: dict[str, frozenset[str]] = {
    "teams": frozenset({"sent_by", "villages", "leader", "size", "since", "evidence"}),
    "villages": frozenset({"name", "province", "city", "county", "township", "households", "population",
                           "poor_households", "poor_population", "poverty_rate_pct", "exit_year", "evidence"}),
    "measures": frozenset({"village", "category", "summary", "status", "investment_yuan", "quantities",
                           "households", "people", "year", "evidence"}),
    "metrics": frozenset({"name", "subject", "value", "value_max", "approx", "unit", "year", "evidence"}),
}
_QUANTITY_FIELDS = frozenset({"value", "value_max", "approx", "unit", "item"})
_INT_FIELDS = frozenset({"size", "households", "population", "poor_households", "poor_population", "people"})
_YEAR_FIELDS = frozenset({"since", "exit_year", "year"})
_FLOAT_FIELDS = frozenset({"investment_yuan", "poverty_rate_pct", "value", "value_max"})
_TEXT_FIELDS = frozenset({"sent_by", "leader", "name", "province", "city", "county", "township", "village",
                          "summary", "subject", "item", "unit"})
#: The unit a count field is stated in, for scaling checks against the quote.
_FIELD_UNITS = {"households": "户", "poor_households": "户", "population": "人", "poor_population": "人",
                "people": "人", "investment_yuan": "元", "size": "人"}
_EVIDENCE_KEYS = ("quote", "text", "content", "source", "evidence", "sentence")

_CATEGORY_WORDS: dict[str, str] = {
    "基础设施": "infrastructure", "基建": "infrastructure", "交通": "infrastructure", "水利": "infrastructure",
    "产业": "industry", "产业发展": "industry", "农业": "industry", "种植": "industry", "养殖": "industry",
    "agriculture": "industry", "business": "industry",
    "住房": "housing", "易地搬迁": "housing", "危房改造": "housing", "安居": "housing",
    "就业": "employment", "劳务": "employment", "jobs": "employment",
    "教育": "education", "助学": "education",
    "医疗": "health", "健康": "health", "医疗健康": "health", "卫生": "health", "medical": "health",
    "社会保障": "social_security", "社保": "social_security", "兜底": "social_security", "低保": "social_security",
    "慰问": "social_security", "welfare": "social_security",
    "金融": "finance", "信贷": "finance", "小额信贷": "finance",
    "基层治理": "governance", "治理": "governance", "党建": "governance", "组织建设": "governance",
    "人居环境": "environment", "环境": "environment", "环境整治": "environment",
    "文化": "culture", "文体": "culture",
    "培训": "training", "宣传": "training", "培训宣传": "training", "扶志扶智": "training",
    "其他": "other", "其它": "other",
}
_STATUS_WORDS: dict[str, str] = {
    "已完成": "done", "完成": "done", "已建成": "done", "建成": "done", "completed": "done", "complete": "done",
    "finished": "done", "finish": "done", "已实施": "done",
    "进行中": "ongoing", "在建": "ongoing", "实施中": "ongoing", "正在实施": "ongoing", "推进中": "ongoing",
    "in_progress": "ongoing", "in progress": "ongoing", "inprogress": "ongoing", "continuing": "ongoing",
    "计划": "planned", "拟": "planned", "计划中": "planned", "待实施": "planned", "plan": "planned",
    "planning": "planned", "未开始": "planned",
}
_TRUE = frozenset({"true", "yes", "y", "1", "是", "对", "约", "approx", "approximate"})
_FALSE = frozenset({"false", "no", "n", "0", "否", "不", "exact", ""})
_CLAUSE_END = re.compile(r"[，,；;、：:（(]")


@dataclass
class RepairLog:
    """The repairs made to one answer; ``chunk`` is the chunk's index in its document."""

    chunk: int = 0
    notes: list[Repair] = field(default_factory=list)

    def __call__(self, path: str, rule: str, before: Any, after: Any) -> None:
        self.notes.append(Repair(chunk=self.chunk, path=path, rule=rule, before=before, after=after))


# -- scalars -------------------------------------------------------------------------------


def _plain(value: str) -> str:
    return to_simplified(value.translate(WIDTH_TABLE)).strip()


def read_number(value: Any) -> tuple[float | None, str | None, bool]:
    """(number, unit written after it, approximate) read from a JSON value.

    Numbers pass; strings are read as the reports write figures: ``"231户"``, ``"２３１"``,
    ``"53.28%"``, ``"约3.7公里"``, ``"三"``, ``"1,384"``, ``"2018年"``. Anything else: None.
    """
    if isinstance(value, bool) or value is None:
        return None, None, False
    if isinstance(value, int | float):
        return float(value), None, False
    if not isinstance(value, str):
        return None, None, False
    text = _plain(value).replace(",", "").replace("，", "")
    if not text:
        return None, None, False
    try:
        return float(text), None, False
    except ValueError:
        pass
    folded = fold_aligned(text)
    amounts = list(iter_amounts(folded, money_parser=True))
    if amounts:
        first = amounts[0]
        return float(first.amount.value), first.amount.unit, first.amount.approx
    if folded.endswith("年"):
        number = chinese_number(folded[:-1])
        return number, None, False
    figures = stated_figures(folded)
    if figures:
        return figures[0].value, None, figures[0].derived
    number = chinese_number(folded)
    return number, None, False


def _quotes(item: dict[str, Any]) -> str:
    evidence = item.get("evidence")
    if isinstance(evidence, list):
        return "\n".join(str(e.get("quote", "")) for e in evidence if isinstance(e, dict))
    return ""


_MULTIPLIER_CHARS = frozenset("万萬亿億千百十")


@lru_cache(maxsize=2048)  # every number field of an item reads the same quotes
def _quote_amounts(quotes: str) -> tuple[AmountMatch, ...]:
    return tuple(iter_amounts(fold_aligned(quotes), money_parser=True))


def _scale_from_quote(value: float, quotes: str, unit: str | None) -> float | None:
    """The multiplier (万, 亿) the item's own quote states ``value`` with, when it states it
    only that way in this unit: 260 with a quote saying 260万元 gives 10000."""
    if not quotes or value == 0 or not _MULTIPLIER_CHARS.intersection(quotes):
        return None  # no 万/亿 in the quote: nothing could have been left unscaled
    scales: set[float] = set()
    unscaled = False
    for match in _quote_amounts(quotes):
        if unit is not None and match.amount.unit != unit:
            continue
        for written, scaled in ((match.written, match.amount.value), (match.written_max, match.amount.value_max)):
            if written is None or scaled is None:
                continue
            if abs(scaled - value) <= 0.005 * abs(value):
                unscaled = True
            elif abs(written - value) <= 0.005 * abs(value) and scaled != written:
                scales.add(scaled / written)
    if unscaled or len(scales) != 1:
        return None
    return scales.pop()


def _year(value: Any, path: str, log: RepairLog) -> Any:
    number, _, _ = read_number(value)
    if number is None:
        if value not in (None, ""):
            log(path, "year_unreadable", value, None)
        return None
    year = int(number)
    if year != number:
        log(path, "year_unreadable", value, None)
        return None
    if 0 <= year <= MAX_YEAR - 2000 and not isinstance(value, bool):
        year += 2000  # '18年' for 2018
    if not MIN_YEAR <= year <= MAX_YEAR:
        log(path, "year_out_of_range", value, None)
        return None
    if year != value:
        log(path, "year", value, year)
    return year


def _enum(value: Any, allowed: type[Category] | type[Status], words: dict[str, str], fallback: str | None,
          path: str, log: RepairLog) -> Any:
    if isinstance(value, str):
        key = _plain(value)
        lowered = key.lower().replace("-", "_").replace(" ", "_")
        for candidate in (key, lowered, lowered.replace("_", " ")):
            if candidate in allowed.__members__:
                if candidate != value:
                    log(path, "enum_spelling", value, candidate)
                return candidate
            if candidate in words:
                log(path, "enum_synonym", value, words[candidate])
                return words[candidate]
        for word, target in words.items():
            if len(word) >= 2 and word in key:
                log(path, "enum_synonym", value, target)
                return target
    if fallback is not None:
        log(path, "enum_unknown", value, fallback)
        return fallback
    return value


# -- items ---------------------------------------------------------------------------------


def _evidence(value: Any, path: str, log: RepairLog) -> Any:
    if isinstance(value, str):
        log(path, "evidence_as_string", value, [{"quote": value}])
        return [{"quote": value}] if value.strip() else []
    if isinstance(value, dict):
        value = [value]
        log(path, "evidence_as_object", "{…}", "[{…}]")
    if not isinstance(value, list):
        return value
    fixed: list[dict[str, Any]] = []
    for i, entry in enumerate(value):
        if isinstance(entry, str):
            if entry.strip():
                fixed.append({"quote": entry})
                log(f"{path}[{i}]", "evidence_as_string", entry, {"quote": entry})
            continue
        if not isinstance(entry, dict):
            continue
        quote = next((entry[k] for k in _EVIDENCE_KEYS if isinstance(entry.get(k), str) and entry[k].strip()), None)
        if quote is None:
            continue
        fixed.append({"quote": quote, "start": 0, "end": 0})
    return fixed


def _drop_unknown(data: dict[str, Any], allowed: frozenset[str], path: str, log: RepairLog) -> dict[str, Any]:
    for key in [k for k in data if k not in allowed]:
        log(f"{path}.{key}", "unknown_key", data[key], None)
        del data[key]
    return data


def _text_field(data: dict[str, Any], key: str, path: str, log: RepairLog) -> None:
    value = data.get(key)
    if isinstance(value, int | float) and not isinstance(value, bool) and key != "unit":
        data[key] = str(value)
    elif isinstance(value, str) and not value.strip():
        data[key] = None if key not in {"summary", "name", "unit"} else value


def _number_field(data: dict[str, Any], key: str, path: str, log: RepairLog, quotes: str) -> str | None:
    """Read ``data[key]`` as a number; returns the unit the model wrote with it, if any."""
    value = data.get(key)
    if value is None or (isinstance(value, int | float) and not isinstance(value, bool)):
        number, unit = (float(value) if value is not None else None), None
    else:
        number, unit, approx = read_number(value)
        if approx and key == "value" and not data.get("approx"):
            data["approx"] = True
        log(f"{path}.{key}", "number_from_text", value, number)
    if number is None:
        data[key] = None
        return unit
    if key in _YEAR_FIELDS:
        data[key] = _year(number, f"{path}.{key}", log)
        return unit
    if key in _INT_FIELDS:
        expected = _FIELD_UNITS.get(key)
        scale = _scale_from_quote(number, quotes, expected) if number and number < 10000 else None
        if scale:
            log(f"{path}.{key}", "scale_by_quote", number, number * scale)
            number *= scale
        if number < 0 or number != int(number):
            log(f"{path}.{key}", "not_a_count", number, None)
            data[key] = None
            return unit
        data[key] = int(number)
        if key == "size" and data[key] < 1:
            log(f"{path}.{key}", "not_a_count", number, None)
            data[key] = None
        return unit
    if key == "investment_yuan":
        if unit and unit != "元":
            factor, canonical = normalize_unit(unit)
            if canonical == "元" and factor != 1:
                log(f"{path}.{key}", "unit_multiplier", value, number * factor)
                number *= factor
        scale = _scale_from_quote(number, quotes, "元")
        if scale:
            log(f"{path}.{key}", "scale_by_quote", number, number * scale)
            number *= scale
        if number < 0:
            log(f"{path}.{key}", "negative_money", number, None)
            data[key] = None
            return unit
    data[key] = number
    return unit


def _fraction_to_percent(data: dict[str, Any], key: str, path: str, log: RepairLog, quotes: str) -> None:
    value = data.get(key)
    if not isinstance(value, float | int) or isinstance(value, bool) or not 0 < value < 1:
        return
    if "%" not in fold_aligned(quotes):
        return
    pct = round(value * 100, 6)
    if any(abs(f.value - pct) <= 0.005 * pct for f in stated_figures(quotes)):
        log(f"{path}.{key}", "fraction_to_percent", value, pct)
        data[key] = pct


def _unit(data: dict[str, Any], path: str, log: RepairLog, quotes: str, written_unit: str | None) -> None:
    """Unit to SPEC's list, its multiplier applied to value/value_max; 名 stays for a rank."""
    unit = data.get("unit")
    if not isinstance(unit, str) or not unit.strip():
        unit = written_unit
        if unit is None:
            unit = _unit_from_quote(data.get("value"), quotes)
        if unit is None:
            return
        log(f"{path}.unit", "unit_from_value_or_quote", data.get("unit"), unit)
        data["unit"] = unit
    raw = unit.strip()
    if people_or_rank(raw, quotes) == "名":
        if raw != "名":
            log(f"{path}.unit", "rank_unit", raw, "名")
        data["unit"] = "名"
        return
    factor, canonical = normalize_unit(raw)
    if canonical != raw:
        rule = "unit_multiplier" if factor != 1 else "unit_synonym"
        log(f"{path}.unit", rule, raw, canonical)
        data["unit"] = canonical
    if factor != 1:
        for key in ("value", "value_max"):
            if isinstance(data.get(key), int | float) and not isinstance(data[key], bool):
                data[key] = round(float(data[key]) * factor, 6)
    elif isinstance(data.get("value"), int | float) and not isinstance(data["value"], bool):
        scale = _scale_from_quote(float(data["value"]), quotes, canonical)
        if scale:
            for key in ("value", "value_max"):
                if isinstance(data.get(key), int | float) and not isinstance(data[key], bool):
                    log(f"{path}.{key}", "scale_by_quote", data[key], round(float(data[key]) * scale, 6))
                    data[key] = round(float(data[key]) * scale, 6)


def _unit_from_quote(value: Any, quotes: str) -> str | None:
    if not isinstance(value, int | float) or not quotes:
        return None
    for match in _quote_amounts(quotes):
        if abs(match.amount.value - float(value)) <= 0.005 * max(abs(float(value)), 1e-9):
            return match.amount.unit
    return None


def _range(data: dict[str, Any], path: str, log: RepairLog) -> None:
    value, value_max = data.get("value"), data.get("value_max")
    if not isinstance(value, int | float) or not isinstance(value_max, int | float):
        return
    if value_max == value:
        log(f"{path}.value_max", "range_collapsed", value_max, None)
        data["value_max"] = None
    elif value_max < value:
        log(f"{path}.value", "range_order", [value, value_max], [value_max, value])
        data["value"], data["value_max"] = value_max, value


def _approx(data: dict[str, Any], path: str, log: RepairLog) -> None:
    value = data.get("approx")
    if value is None or isinstance(value, bool):
        if value is None and "approx" in data:
            data["approx"] = False
        return
    text = str(value).strip().lower()
    fixed = True if text in _TRUE else False if text in _FALSE else bool(value)
    log(f"{path}.approx", "boolean", value, fixed)
    data["approx"] = fixed


def _summary(data: dict[str, Any], path: str, log: RepairLog, quotes: str) -> None:
    summary = data.get("summary")
    if not isinstance(summary, str) or not summary.strip():
        first = quotes.split("\n", 1)[0].strip()
        if not first:
            return
        summary = to_simplified(first)
        log(f"{path}.summary", "summary_from_quote", data.get("summary"), None)
    summary = summary.strip()
    if len(summary) > SUMMARY_MAX_CHARS:
        cut = summary[:SUMMARY_MAX_CHARS]
        breaks = [m.start() for m in _CLAUSE_END.finditer(cut) if m.start() >= SUMMARY_MAX_CHARS // 2]
        shortened = cut[: breaks[-1]] if breaks else cut
        log(f"{path}.summary", "summary_shortened", summary, shortened)
        summary = shortened
    data["summary"] = summary


def _quantities(data: dict[str, Any], path: str, log: RepairLog, quotes: str) -> None:
    quantities = data.get("quantities")
    if quantities is None:
        data["quantities"] = []
        return
    if isinstance(quantities, dict):
        quantities = [quantities]
        log(f"{path}.quantities", "object_as_list", "{…}", "[{…}]")
    if not isinstance(quantities, list):
        return
    fixed = []
    for i, quantity in enumerate(quantities):
        qpath = f"{path}.quantities[{i}]"
        if isinstance(quantity, str):
            number, unit, approx = read_number(quantity)
            if number is None or unit is None:
                log(qpath, "unreadable_quantity", quantity, None)
                continue
            quantity = {"value": number, "unit": unit, "approx": approx}
            log(qpath, "quantity_from_text", data["quantities"][i], quantity)
        if not isinstance(quantity, dict):
            continue
        quantity = _drop_unknown(dict(quantity), _QUANTITY_FIELDS, qpath, log)
        written = _number_field(quantity, "value", qpath, log, quotes)
        _number_field(quantity, "value_max", qpath, log, quotes)
        _approx(quantity, qpath, log)
        _unit(quantity, qpath, log, quotes, written)
        _range(quantity, qpath, log)
        _text_field(quantity, "item", qpath, log)
        fixed.append(quantity)
    data["quantities"] = fixed


def repair_item(kind: str, item: Any, path: str, log: RepairLog) -> Any:
    """One item of an answer, repaired; a non-object is returned as it is (validation drops it)."""
    if not isinstance(item, dict):
        return item
    data = _drop_unknown(dict(item), _ITEM_FIELDS[kind], path, log)
    if "evidence" in data:
        data["evidence"] = _evidence(data["evidence"], f"{path}.evidence", log)
    quotes = _quotes(data)
    for key in list(data):
        if key in _TEXT_FIELDS:
            _text_field(data, key, path, log)
    written_unit = None
    for key in ("size", "since", "households", "population", "poor_households", "poor_population",
                "poverty_rate_pct", "exit_year", "investment_yuan", "people", "year", "value", "value_max"):
        if key in data and key in _ITEM_FIELDS[kind]:
            unit = _number_field(data, key, path, log, quotes)
            if key == "value":
                written_unit = unit
    if kind == "teams" and isinstance(data.get("villages"), str):
        log(f"{path}.villages", "string_as_list", data["villages"], [data["villages"]])
        data["villages"] = [data["villages"]]
    if kind == "villages":
        _fraction_to_percent(data, "poverty_rate_pct", path, log, quotes)
        for poor, total in (("poor_households", "households"), ("poor_population", "population")):
            if isinstance(data.get(poor), int) and isinstance(data.get(total), int) and data[poor] > data[total]:
                log(f"{path}.{poor}", "exceeds_total", data[poor], None)
                data[poor] = None
    if kind == "measures":
        data["category"] = _enum(data.get("category"), Category, _CATEGORY_WORDS, "other", f"{path}.category", log)
        if data.get("status") is None:
            data.pop("status", None)
        else:
            data["status"] = _enum(data.get("status"), Status, _STATUS_WORDS, "done", f"{path}.status", log)
        _summary(data, path, log, quotes)
        _quantities(data, path, log, quotes)
    if kind == "metrics":
        _approx(data, path, log)
        if data.get("unit") == "%" or (isinstance(data.get("unit"), str) and data["unit"].strip() in {"％", "百分比"}):
            _fraction_to_percent(data, "value", path, log, quotes)
        _unit(data, path, log, quotes, written_unit)
        _range(data, path, log)
    return data


def _unwrap(answer: Any, log: RepairLog) -> Any:
    """The answer object itself when a model wrapped it ({"extraction": {...}})."""
    for _ in range(3):
        if not isinstance(answer, dict) or any(k in answer for k in TOP_KEYS):
            return answer
        inner = [v for v in answer.values() if isinstance(v, dict)]
        if len(answer) == 1 and len(inner) == 1:
            log("(answer)", "unwrapped", next(iter(answer)), None)
            answer = inner[0]
        else:
            return answer
    return answer


def _top_level(answer: dict[str, Any], log: RepairLog) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for key, value in answer.items():
        name = key.strip().lower() if isinstance(key, str) else key
        name = _KEY_ALIASES.get(name, name)
        if name in TOP_KEYS:
            if name != key:
                log(str(key), "key_alias", key, name)
            data[name] = value
        else:
            log(str(key), "unknown_key", value if not isinstance(value, dict | list) else "…", None)
    for kind in (*ITEM_KINDS, "authors"):
        value = data.get(kind)
        if value is None:
            if kind in data:
                log(kind, "null_list", None, [])
            data[kind] = []
        elif isinstance(value, dict):
            log(kind, "object_as_list", "{…}", "[{…}]")
            data[kind] = [value]
        elif isinstance(value, str) and kind == "authors":
            names = [n for n in re.split(r"[、，,;；\s]+", value) if n]
            log(kind, "string_as_list", value, names)
            data[kind] = names
    published = data.get("published")
    if isinstance(published, str) and published.strip() and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", published):
        iso = parse_date(published)
        log("published", "date", published, iso)
        data["published"] = iso
    elif isinstance(published, str) and not published.strip():
        data["published"] = None
    for key in ("title", "outlet"):
        if isinstance(data.get(key), str) and not data[key].strip():
            data[key] = None
    return data


def repair_answer(answer: Any, *, chunk: int = 0) -> tuple[Any, list[Repair]]:
    """``answer`` (parsed JSON) repaired toward the Extraction schema, and the repairs made.

    A value that is not an object after unwrapping is returned as it is: the caller
    treats it as an answer that failed validation as a whole.
    """
    log = RepairLog(chunk)
    answer = _unwrap(answer, log)
    if not isinstance(answer, dict):
        return answer, log.notes
    data = _top_level(answer, log)
    for kind in ITEM_KINDS:
        items = data.get(kind)
        if isinstance(items, list):
            data[kind] = [repair_item(kind, item, f"{kind}[{i}]", log) for i, item in enumerate(items)]
    return data, log.notes
