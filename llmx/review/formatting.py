"""How values read on the review page: numbers, money, quantities, field values and labels."""

from __future__ import annotations

import datetime as dt
from typing import Any

from llmx.core.records import ITEM_TYPES as RECORD_TYPES
from llmx.core.records import Metric, Quantity

ITEM_TYPES: tuple[str, ...] = tuple(RECORD_TYPES)  # the Report's lists, in its order
#: Singular names used in CSS classes, the type filter and card labels.
KIND: dict[str, str] = {"teams": "team", "villages": "village", "measures": "measure", "metrics": "metric"}

CATEGORY_LABELS: dict[str, str] = {
    "infrastructure": "基础设施",
    "industry": "产业",
    "housing": "住房",
    "employment": "就业",
    "education": "教育",
    "health": "医疗健康",
    "social_security": "社会保障",
    "finance": "金融",
    "governance": "基层治理",
    "environment": "人居环境",
    "culture": "文化",
    "training": "培训宣传",
    "other": "其他",
}
STATUS_LABELS: dict[str, str] = {"done": "已完成", "ongoing": "进行中", "planned": "计划"}
OUTCOME_SYMBOLS: dict[str, str] = {"match": "✓", "mismatch": "≠", "hallucination": "+", "omission": "−"}

#: (field, label) shown on cards, in SPEC order; every scorer atom is among them.
CARD_FIELDS: dict[str, tuple[tuple[str, str], ...]] = {
    "teams": (("sent_by", "Sent by"), ("villages", "Villages"), ("leader", "Leader"), ("size", "Size"),
              ("since", "Since")),
    "villages": (("province", "Province"), ("city", "City"), ("county", "County"), ("township", "Township"),
                 ("households", "Households"), ("population", "Population"), ("poor_households", "Poor households"),
                 ("poor_population", "Poor people"), ("poverty_rate_pct", "Poverty rate"),
                 ("exit_year", "Exit year")),
    "measures": (("category", "Category"), ("status", "Status"), ("village", "Village"),
                 ("investment_yuan", "Money"), ("households", "Households"), ("people", "People"),
                 ("year", "Year")),
    "metrics": (("value", "Value"), ("value_max", "Up to"), ("approx", "Approx."), ("unit", "Unit"),
                ("subject", "Subject"), ("year", "Year")),
}
#: (field, label) of the report header, above the cards.
REPORT_FIELDS: tuple[tuple[str, str], ...] = (
    ("title", "Title"), ("outlet", "Outlet"), ("published", "Published"), ("authors", "Authors"),
)


def fmt_number(value: float | int | None) -> str:
    """3.7, 53.28, 1384, 206,700: no float noise, separators from five digits."""
    if value is None:
        return "—"
    number = float(value)
    if number.is_integer():
        whole = int(number)
        return f"{whole:,}" if abs(whole) >= 10000 else str(whole)
    return f"{round(number, 4):g}" if abs(number) < 1e6 else f"{number:,.2f}"


def fmt_money(yuan: float | int | None) -> str:
    """Yuan as a reader of these reports writes it: 260万元, 1.2亿元, 8000元."""
    if yuan is None:
        return "—"
    amount = float(yuan)
    for scale, unit in ((1e8, "亿元"), (1e4, "万元")):
        if abs(amount) >= scale:
            return f"{round(amount / scale, 4):g}{unit}"
    return f"{round(amount, 2):g}元"


def fmt_pct(value: float | None, digits: int = 0) -> str:
    """A share (0.5) as a percentage (50%); a dash when there is none."""
    return "—" if value is None else f"{value * 100:.{digits}f}%"


def _range(value: float, value_max: float | None, approx: bool, unit: str) -> str:
    if unit == "元":
        text = fmt_money(value) + (f"–{fmt_money(value_max)}" if value_max is not None else "")
    else:
        text = fmt_number(value) + (f"–{fmt_number(value_max)}" if value_max is not None else "") + f" {unit}"
    return ("约 " if approx else "") + text


def fmt_quantity(quantity: Quantity | dict[str, Any] | None) -> str:
    """A quantity (or its JSON form, as the scorer reports it): 约 3.7 公里 道路."""
    if quantity is None:
        return "—"
    q = quantity if isinstance(quantity, Quantity) else Quantity.model_validate(quantity)
    text = _range(q.value, q.value_max, q.approx, q.unit)
    return f"{text} {q.item}" if q.item else text


def fmt_value(name: str, value: Any, item: Any = None) -> str:
    """One field value for a card; ``item`` is the record it belongs to (units of a metric)."""
    if value is None or value == [] or value == "":
        return "—"
    if name == "investment_yuan":
        return fmt_money(value)
    if name in ("value", "value_max") and isinstance(item, Metric):
        return _range(float(value), None, False, item.unit)
    if name == "category":
        return f"{CATEGORY_LABELS.get(str(value), '')} {value}".strip()
    if name == "status":
        return f"{STATUS_LABELS.get(str(value), '')} {value}".strip()
    if name == "poverty_rate_pct":
        return f"{fmt_number(value)}%"
    if name in ("households", "poor_households"):
        return f"{fmt_number(value)} 户"
    if name in ("population", "poor_population", "people", "size"):
        return f"{fmt_number(value)} 人"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (list, tuple)):
        return "、".join(str(v) for v in value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (int, float)) and name not in ("since", "exit_year", "year"):
        return fmt_number(value)
    return str(value)
