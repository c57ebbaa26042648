"""Grounding rates of a prediction, scored apart from gold (SPEC section 5, last paragraph).

Two shares, both computed from the prediction and its source text only:

* **quotes found**: a predicted evidence quote counts when it occurs in the source
  exactly, or after both sides are normalised (OpenCC t2s, NFKC, whitespace removed).
  A model that quotes a traditional-script page in simplified characters is still
  quoting the page; a paraphrase is not.
* **numbers in evidence**: every number the prediction states (counts, money, rates,
  metric values, quantities) should be readable in that item's own evidence. Years are
  counted apart (``years``/``years_found``): SPEC 1 has them resolved from 今年/去年 or
  the publication date, so a correct year is often legitimately absent from its quote.
  Numbers are read from the quotes as Arabic digits with optional decimals, full-width
  digits included (NFKC folds them); ``1,000`` thousands separators are dropped. A value
  also counts when its 万 or 亿 form appears (206700 is found as ``20.67``, from
  ``20.67万``). Chinese numerals (``一队三人``) and 角 (``7角`` = 0.7) are not read, and a
  year resolved from ``去年`` is not in its quote: those count as not found. The rate
  is a hallucination signal, not a verdict on a single number.

This module keeps its own grounding logic on purpose (it does not use
``llmx.core.grounding`` or ``llmx.core.normalize``): the scorer must not move when the
pipeline's grounding changes. It shares only the script conversion, ``llmx.core.script``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any, cast

from llmx.core.records import Measure, Metric, Report, Team, Village
from llmx.core.script import to_simplified
from llmx.counters import Counters

_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")
_WHITESPACE = re.compile(r"\s+")
#: Multipliers whose written form leaves the scaled-down number in the text (20.67万).
_WRITTEN_SCALES = (1.0, 1e4, 1e8)
_REL_TOL = 1e-6


#: Kept for callers that still import it from here (tests/test_gold.py); new code should
#: call ``llmx.core.script.to_simplified``.
simplify = to_simplified


def normalise_text(text: str) -> str:
    """Simplified script, NFKC width folding, no whitespace: the comparison form of SPEC 5."""
    folded = unicodedata.normalize("NFKC", text)
    return _WHITESPACE.sub("", to_simplified(folded))


def numbers_in(text: str) -> list[float]:
    """The Arabic-digit numbers written in ``text`` (full-width digits included)."""
    folded = _THOUSANDS.sub("", unicodedata.normalize("NFKC", text))
    return [float(token) for token in _NUMBER.findall(folded)]


def number_in_text(value: float, text: str) -> bool:
    """Whether ``value`` is written in ``text`` as itself or in its 万/亿 form."""
    written = numbers_in(text)
    for scale in _WRITTEN_SCALES:
        target = value / scale
        if any(abs(token - target) <= _REL_TOL * max(1.0, abs(target)) for token in written):
            return True
    return False


def quote_found(quote: str, text: str, normalised_text: str | None = None) -> str | None:
    """'exact' or 'normalised' when the quote is in the text, else None."""
    if quote and quote in text:
        return "exact"
    needle = normalise_text(quote)
    haystack = normalised_text if normalised_text is not None else normalise_text(text)
    if needle and needle in haystack:
        return "normalised"
    return None


#: One item of a Report, of any of the four record types.
Item = Team | Village | Measure | Metric


def report_items(report: Report) -> dict[str, list[Item]]:
    """``report.items()`` typed by what the lists hold (``Report.items`` is typed with their private base)."""
    return cast("dict[str, list[Item]]", report.items())


#: Fields holding a year, counted apart from the other numbers.
YEAR_FIELDS = frozenset({"since", "exit_year", "year"})


def item_numbers(item: Item) -> list[tuple[str, float]]:
    """(field, value) for every number an item states, years included, in field order."""
    found: list[tuple[str, float]] = []
    names: tuple[str, ...]
    if isinstance(item, Team):
        names = ("size", "since")
    elif isinstance(item, Village):
        names = ("households", "population", "poor_households", "poor_population", "poverty_rate_pct", "exit_year")
    elif isinstance(item, Measure):
        names = ("investment_yuan", "households", "people", "year")
    else:
        names = ("value", "value_max", "year")
    for name in names:
        value = getattr(item, name)
        if value is not None:
            found.append((name, float(value)))
    if isinstance(item, Measure):
        for index, quantity in enumerate(item.quantities):
            found.append((f"quantities[{index}].value", float(quantity.value)))
            if quantity.value_max is not None:
                found.append((f"quantities[{index}].value_max", float(quantity.value_max)))
    return found


#: Keys of the dict view without details, in the order the eval JSON has always had.
_SUMMARY_KEYS = (
    "quotes",
    "quotes_exact",
    "quotes_normalised",
    "quotes_found",
    "quote_rate",
    "numbers",
    "numbers_found",
    "number_rate",
    "years",
    "years_found",
    "year_rate",
)


@dataclass
class GroundingRates(Counters):
    """Counts behind the two grounding shares; add them up across documents with ``+``.

    The two lists of misses add up too (concatenated), so a run's ledger lists every
    document's.
    """

    quotes: int = 0
    quotes_exact: int = 0
    quotes_normalised: int = 0
    numbers: int = 0
    numbers_found: int = 0
    years: int = 0
    years_found: int = 0
    #: "teams[0].size=3" style descriptions of numbers missing from their evidence.
    numbers_missing: list[str] = field(default_factory=list)
    #: "measures[2]: <quote>" for quotes not found in the source.
    quotes_missing: list[str] = field(default_factory=list)

    @property
    def quotes_found(self) -> int:
        return self.quotes_exact + self.quotes_normalised

    @property
    def quote_rate(self) -> float | None:
        return self.quotes_found / self.quotes if self.quotes else None

    @property
    def number_rate(self) -> float | None:
        return self.numbers_found / self.numbers if self.numbers else None

    @property
    def year_rate(self) -> float | None:
        return self.years_found / self.years if self.years else None

    def derived(self) -> dict[str, Any]:
        return {
            "quotes_found": self.quotes_found,
            "quote_rate": self.quote_rate,
            "number_rate": self.number_rate,
            "year_rate": self.year_rate,
        }

    def as_dict(self, details: bool = True) -> dict[str, Any]:
        """Counts and rates; with ``details`` also the lists of missing quotes and numbers."""
        data = super().as_dict()
        view = {key: data[key] for key in _SUMMARY_KEYS}
        if details:
            view["quotes_missing"] = list(self.quotes_missing)
            view["numbers_missing"] = list(self.numbers_missing)
        return view


def grounding_rates(pred: Report, text: str) -> GroundingRates:
    """Quote and number grounding of one predicted Report against its source text."""
    rates = GroundingRates()
    normalised_text = normalise_text(text)
    for kind, items in report_items(pred).items():
        for index, item in enumerate(items):
            evidence = item.evidence
            for ev in evidence:
                rates.quotes += 1
                level = quote_found(ev.quote, text, normalised_text)
                if level == "exact":
                    rates.quotes_exact += 1
                elif level == "normalised":
                    rates.quotes_normalised += 1
                else:
                    rates.quotes_missing.append(f"{kind}[{index}]: {ev.quote}")
            joined = "\n".join(ev.quote for ev in evidence)
            for name, value in item_numbers(item):
                found = number_in_text(value, joined)
                if name in YEAR_FIELDS:
                    rates.years += 1
                    rates.years_found += int(found)
                    continue
                rates.numbers += 1
                if found:
                    rates.numbers_found += 1
                else:
                    rates.numbers_missing.append(f"{kind}[{index}].{name}={value:g}")
    return rates
