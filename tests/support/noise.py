"""Noise for the gold reader double: the mistakes real models make, applied to a gold answer.

Each class is a function ``(answer, ctx) -> answer`` on the JSON answer of one chunk (the
keys title, outlet, published, authors, teams, villages, measures, metrics). It returns
a new dict and leaves its input alone; what it changed is appended to ``ctx.log`` so the
double can count it (and a test can check that a fabricated figure was nulled later).
Choices are deterministic: a hash of the seed, the document and the item (its record type
and first quote), never global random state, so the same seed gives the same answer
whatever the order of requests.

Classes, and what a client that repairs model answers should do with each:

``clean``
    Nothing changes. Baseline: a perfect reader.
``script_width``
    On a traditional-script document the quotes come back in simplified script; in every
    quote ASCII and full-width punctuation are swapped (，↔, ：↔: ；↔; （↔( ）↔) ！↔! ？↔?);
    names (village names, ``sent_by``, ``township``, a measure's village, a team's
    villages) come back in traditional script; and every village is reported again, as a
    copy holding only its name, one figure and the quote of that figure, in the chunk that
    holds the document's last labelled item when that is a later chunk. A client should
    ground quotes after script and width folding, convert names to simplified, and merge
    the second report of a village into the first by its simplified name.
``wan``
    Figures the quote states in 万 are answered in 万: ``investment_yuan`` 2600000 → 260
    when a quote says 260万; a metric or quantity value (any unit) → value / 10000, half of
    them with the unit ``万<unit>`` (``万元``: say it and multiply) and half with the unit
    kept (``元``: the model forgot to multiply; only the quote's ``260万`` tells). A client
    should apply the multiplier in the unit, and check each figure against its quote.
``unit_synonyms``
    Units replaced by the synonyms models use (人→名/位, 平方米→平米/㎡, 公里→km/千米,
    立方米→方/m³, 亩→畝, 个→個, 户→戶, 千瓦→kW, %→％); a rank in 名 stays 名. A client
    should map aliases to the normalised unit (``llmx.core.units.UNIT_ALIASES``).
``fabricated_figure``
    In every item one number field (team size; village counts and rate; a measure's money,
    households, people or a quantity; a metric's value; never a year) becomes value + 7
    (or -7 or +17 when +7 would break a record rule or is in the quote): a figure no quote
    states. A range moves as one figure. Not repairable; a client with strict grounding
    should drop (null) a figure its evidence does not state. Logged with the field.
``invented_record``
    One extra metric per chunk with an invented value and an invented sentence as its
    quote, which is not in the document. A client should drop items whose evidence is not
    found (strict grounding).
``model_quirks``
    Output-shape deviations: numbers as strings with units (``"231户"``, ``"53.28%"``) or
    in full-width digits (``"２３１"``); percentages as fractions (0.5328 for 53.28 when the
    quote has %); years as strings (``"2018"``, ``"2018年"``); evidence as a bare string or
    a list of strings; categories in Chinese (基础设施 ...) or capitalised English; status
    as 已完成/进行中/计划/completed; an extra ``"confidence": 0.9`` on items; a summary
    longer than 40 characters; empty lists as null; for some chunks the whole answer
    wrapped as ``{"extraction": {...}}``. A client should coerce the values, unwrap,
    drop the extra keys, map the enums, cut the summary and check percentages against the
    quote, rather than re-ask.

Several classes combine (``"wan,unit_synonyms"``); they apply in ``NOISES`` order, with
``model_quirks`` last because it changes the answer's shape.
"""

from __future__ import annotations

import copy
import hashlib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

ITEM_KINDS: tuple[str, ...] = ("teams", "villages", "measures", "metrics")
HEADER_KEYS: tuple[str, ...] = ("title", "outlet", "published", "authors")
ANSWER_KEYS: tuple[str, ...] = (*HEADER_KEYS, *ITEM_KINDS)


@dataclass
class ChunkContext:
    """What a noise function may know besides the answer: the document and the chunk."""

    seed: int
    doc_id: str
    text: str  # the whole document
    start: int  # the chunk is text[start:end]
    end: int
    gold: dict[str, Any]  # the document's gold Report as JSON, offsets included
    traditional: bool = False
    log: list[dict[str, Any]] = field(default_factory=list)

    def pick(self, *parts: object) -> int:
        """A deterministic draw for (seed, document, *parts)."""
        return digest(self.seed, self.doc_id, *parts)

    def note(self, noise: str, change: str, **details: Any) -> None:
        self.log.append({"noise": noise, "change": change, "doc_id": self.doc_id, **details})


def digest(*parts: object) -> int:
    blob = "\x1f".join(str(p) for p in parts).encode("utf-8")
    return int.from_bytes(hashlib.sha256(blob).digest()[:8], "big")


@cache
def _converter(config: str) -> Any:
    import opencc

    return opencc.OpenCC(config)


def t2s(text: str) -> str:
    return str(_converter("t2s").convert(text))


def s2t(text: str) -> str:
    return str(_converter("s2t").convert(text))


def is_traditional(text: str) -> bool:
    """A document counts as traditional when t2s changes at least 3 % of its CJK characters."""
    cjk = [ch for ch in text if "\u3400" <= ch <= "\u9fff"]
    if not cjk:
        return False
    simplified = t2s("".join(cjk))
    changed = sum(a != b for a, b in zip(cjk, simplified, strict=False))
    return changed >= 0.03 * len(cjk)


def fmt_number(value: float) -> str:
    """How a figure is written in text: 260, 1.2, 53.28."""
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.6f}".rstrip("0").rstrip(".")


def quotes_of(item: dict[str, Any]) -> list[str]:
    """The quotes of an item whatever shape its evidence has taken."""
    evidence = item.get("evidence")
    if isinstance(evidence, str):
        return [evidence]
    out = []
    for ev in evidence or []:
        out.append(ev if isinstance(ev, str) else str(ev.get("quote", "")))
    return out


def item_key(kind: str, item: dict[str, Any]) -> str:
    """Stable identity of an item for hashing: its type and first quote (chunking-independent)."""
    quotes = quotes_of(item)
    return f"{kind}|{quotes[0] if quotes else ''}"


def _states(number: str, quotes: str) -> bool:
    return re.search(rf"(?<![\d.]){re.escape(number)}(?![\d])", quotes) is not None


# --------------------------------------------------------------------------- classes


def clean(answer: dict[str, Any], ctx: ChunkContext) -> dict[str, Any]:
    return copy.deepcopy(answer)


_PUNCT_SWAP = str.maketrans({"，": ",", ",": "，", "：": ":", ":": "：", "；": ";", ";": "；",
                             "（": "(", "(": "（", "）": ")", ")": "）", "！": "!", "!": "！",
                             "？": "?", "?": "？"})
_VILLAGE_FIGURES = ("households", "population", "poor_households", "poor_population", "poverty_rate_pct",
                    "exit_year")


def _noisy_quote(quote: str, ctx: ChunkContext) -> str:
    return (t2s(quote) if ctx.traditional else quote).translate(_PUNCT_SWAP)


def _first_start(item: dict[str, Any]) -> int:
    evidence = item.get("evidence") or [{}]
    return int(evidence[0].get("start", 0))


def script_width(answer: dict[str, Any], ctx: ChunkContext) -> dict[str, Any]:
    out = copy.deepcopy(answer)
    for kind in ITEM_KINDS:
        for item in out.get(kind) or []:
            for ev in item.get("evidence") or []:
                ev["quote"] = _noisy_quote(ev["quote"], ctx)
    for village in out.get("villages") or []:
        village["name"] = s2t(village["name"])
        if village.get("township"):
            village["township"] = s2t(village["township"])
    for team in out.get("teams") or []:
        if team.get("sent_by"):
            team["sent_by"] = s2t(team["sent_by"])
        team["villages"] = [s2t(v) for v in team.get("villages") or []]
    for measure in out.get("measures") or []:
        if measure.get("village"):
            measure["village"] = s2t(measure["village"])
    # villages of earlier chunks, reported again in the chunk holding the last labelled item
    starts = [_first_start(item) for kind in ITEM_KINDS for item in ctx.gold.get(kind) or []]
    if starts and ctx.start <= max(starts) < ctx.end:
        for village in ctx.gold.get("villages") or []:
            if _first_start(village) < ctx.start and (again := _village_again(village, ctx)) is not None:
                out.setdefault("villages", []).append(again)
                ctx.note("script_width", "village_again", name=village["name"])
    return out


def _village_again(village: dict[str, Any], ctx: ChunkContext) -> dict[str, Any] | None:
    figures = [f for f in _VILLAGE_FIGURES if village.get(f) is not None]
    if not figures:
        return None
    name = figures[ctx.pick("village_again", village["name"]) % len(figures)]
    quotes = [ev["quote"] for ev in village["evidence"]]
    quote = next((q for q in quotes if _states(fmt_number(village[name]), q)), quotes[-1])
    again: dict[str, Any] = {key: None for key in village if key not in ("name", "evidence")}
    again.update({"name": s2t(village["name"]), name: village[name],
                  "evidence": [{"quote": _noisy_quote(quote, ctx), "start": 0, "end": 0}]})
    return again


_WAN_TAIL = r"(?:\s*[-~～至到—–]+\s*[\d.]+)?\s*[万萬]"


def states_wan(value: float, quotes: str) -> bool:
    """The quote writes ``value`` as a number of 万 (260万, 1.2-1.3萬)."""
    number = fmt_number(round(value / 10000, 8))
    return re.search(rf"(?<![\d.]){re.escape(number)}{_WAN_TAIL}", quotes) is not None


def _in_wan(value: float) -> float:
    return round(value / 10000, 8)


def wan(answer: dict[str, Any], ctx: ChunkContext) -> dict[str, Any]:
    out = copy.deepcopy(answer)
    for measure in out.get("measures") or []:
        quotes = "\n".join(quotes_of(measure))
        money = measure.get("investment_yuan")
        if money and states_wan(money, quotes):
            measure["investment_yuan"] = _in_wan(money)
            ctx.note("wan", "investment_yuan")
        key = item_key("measures", measure)
        for i, quantity in enumerate(measure.get("quantities") or []):
            _amount_in_wan(quantity, quotes, ctx, key, i)
    for metric in out.get("metrics") or []:
        _amount_in_wan(metric, "\n".join(quotes_of(metric)), ctx, item_key("metrics", metric), 0)
    return out


def _amount_in_wan(amount: dict[str, Any], quotes: str, ctx: ChunkContext, key: str, index: int) -> None:
    value = amount.get("value")
    if not value or not states_wan(value, quotes):
        return
    amount["value"] = _in_wan(value)
    if amount.get("value_max") is not None:
        amount["value_max"] = _in_wan(amount["value_max"])
    if ctx.pick("wan", key, index) % 2 == 0:
        amount["unit"] = "万" + amount["unit"]
        ctx.note("wan", "value_in_wan_unit_wan")
    else:
        ctx.note("wan", "value_in_wan_unit_kept")


UNIT_SYNONYMS: dict[str, tuple[str, ...]] = {
    "人": ("名", "位"),
    "平方米": ("平米", "㎡"),
    "公里": ("km", "千米"),
    "立方米": ("方", "m³"),
    "亩": ("畝",),
    "个": ("個",),
    "户": ("戶",),
    "千瓦": ("kW",),
    "%": ("％",),
}


def unit_synonyms(answer: dict[str, Any], ctx: ChunkContext) -> dict[str, Any]:
    out = copy.deepcopy(answer)

    def swap(amount: dict[str, Any], key: str, index: int) -> None:
        choices = UNIT_SYNONYMS.get(amount.get("unit") or "")
        if choices:  # 名 as a rank is not a key, so it stays
            amount["unit"] = choices[ctx.pick("unit", key, index) % len(choices)]
            ctx.note("unit_synonyms", amount["unit"])

    for measure in out.get("measures") or []:
        for i, quantity in enumerate(measure.get("quantities") or []):
            swap(quantity, item_key("measures", measure), i)
    for metric in out.get("metrics") or []:
        swap(metric, item_key("metrics", metric), 0)
    return out


FABRICATED_FIELDS: dict[str, tuple[str, ...]] = {
    "teams": ("size",),
    "villages": ("households", "population", "poor_households", "poor_population", "poverty_rate_pct"),
    "measures": ("investment_yuan", "households", "people"),
    "metrics": ("value",),
}
_FABRICATION_DELTAS = (7, -7, 17)


def _rules_hold(kind: str, item: dict[str, Any]) -> bool:
    """The record rules a fabricated figure must not break (else it would fail validation)."""
    if kind == "villages":
        rate = item.get("poverty_rate_pct")
        if rate is not None and not 0 <= rate <= 100:
            return False
        for poor, total in (("poor_households", "households"), ("poor_population", "population")):
            if item.get(poor) is not None and item.get(total) is not None and item[poor] > item[total]:
                return False
    if kind == "teams" and item.get("size") is not None and item["size"] < 1:
        return False
    return all(v is None or not isinstance(v, (int, float)) or v >= 0
               for f in FABRICATED_FIELDS[kind] for v in [item.get(f)])


def fabricated_figure(answer: dict[str, Any], ctx: ChunkContext) -> dict[str, Any]:
    out = copy.deepcopy(answer)
    for kind in ITEM_KINDS:
        for item in out.get(kind) or []:
            targets: list[tuple[dict[str, Any], str, str]] = [
                (item, name, name) for name in FABRICATED_FIELDS[kind] if item.get(name) is not None
            ]
            if kind == "measures":
                targets += [(q, "value", f"quantities[{i}].value")
                            for i, q in enumerate(item.get("quantities") or []) if q.get("value") is not None]
            if not targets:
                continue
            key = item_key(kind, item)
            holder, name, label = targets[ctx.pick("fabricate", key) % len(targets)]
            quotes = "\n".join(quotes_of(item))
            old, old_max = holder[name], holder.get("value_max") if name == "value" else None
            for delta in _FABRICATION_DELTAS:
                new = old + delta
                holder[name] = new
                if old_max is not None:
                    holder["value_max"] = old_max + delta  # a range moves as one figure
                if new >= 0 and _rules_hold(kind, item) and not _states(fmt_number(new), quotes):
                    ctx.note("fabricated_figure", label, kind=kind, quote=quotes_of(item)[0], field=label,
                             gold=old, value=new)
                    break
            else:  # no delta fits: leave the item as it was
                holder[name] = old
                if old_max is not None:
                    holder["value_max"] = old_max
    return out


_INVENTED = (
    ("外地考察团接待", "批次", "据村务公开栏显示，该村本年度共接待外地考察团{v}批次"),
    ("新开农产品网店", "家", "记者从村委会获悉，全村新开办农产品网店{v}家"),
    ("乡村文艺演出", "场", "驻村队员与村民共同排练，先后举办乡村文艺晚会{v}场"),
)


def invented_record(answer: dict[str, Any], ctx: ChunkContext) -> dict[str, Any]:
    out = copy.deepcopy(answer)
    name, unit, sentence = _INVENTED[ctx.pick("invent", ctx.start) % len(_INVENTED)]
    value = 11 + ctx.pick("invent_value", ctx.start) % 89
    while sentence.format(v=value) in ctx.text:  # invented means: not in the document
        value += 1
    villages = out.get("villages") or ctx.gold.get("villages") or []
    subject = villages[0]["name"] if villages else None
    out.setdefault("metrics", []).append({
        "name": name, "subject": subject, "value": value, "value_max": None, "approx": False, "unit": unit,
        "year": None, "evidence": [{"quote": sentence.format(v=value), "start": 0, "end": 0}],
    })
    ctx.note("invented_record", "metric", quote=sentence.format(v=value), value=value)
    return out


NUMBER_UNITS: dict[str, str] = {
    "size": "人", "households": "户", "population": "人", "poor_households": "户", "poor_population": "人",
    "poverty_rate_pct": "%", "investment_yuan": "元", "people": "人",
}
YEAR_FIELDS: tuple[str, ...] = ("since", "exit_year", "year")
CATEGORY_ZH: dict[str, str] = {
    "infrastructure": "基础设施", "industry": "产业", "housing": "住房", "employment": "就业", "education": "教育",
    "health": "医疗", "social_security": "社会保障", "finance": "金融", "governance": "基层治理",
    "environment": "人居环境", "culture": "文化", "training": "培训", "other": "其他",
}
STATUS_ZH: dict[str, str] = {"done": "已完成", "ongoing": "进行中", "planned": "计划"}
_SUMMARY_PAD = "，该项目由驻村工作队牵头推进并得到群众普遍认可"
_FULL_WIDTH = str.maketrans("0123456789.", "０１２３４５６７８９．")


def model_quirks(answer: dict[str, Any], ctx: ChunkContext) -> dict[str, Any]:
    out = copy.deepcopy(answer)
    null_lists = ctx.pick("null_lists", ctx.start) % 3 == 0
    for kind in ITEM_KINDS:
        for item in out.get(kind) or []:
            _quirk_item(kind, item, ctx, null_lists)
    if null_lists:
        for key in ("authors", *ITEM_KINDS):
            if out.get(key) == []:
                out[key] = None
                ctx.note("model_quirks", "null_list")
    if ctx.pick("wrap", ctx.start) % 4 == 0:
        ctx.note("model_quirks", "wrapped")
        return {"extraction": out}
    return out


def _quirk_number(value: float, unit: str, draw: int) -> tuple[Any, str | None]:
    if draw % 4 == 0:
        return f"{fmt_number(value)}{unit}", "number_with_unit"
    if draw % 4 == 1:
        return fmt_number(value).translate(_FULL_WIDTH), "full_width_digits"
    return value, None


def _quirk_item(kind: str, item: dict[str, Any], ctx: ChunkContext, null_lists: bool) -> None:
    key = item_key(kind, item)
    quotes = "\n".join(quotes_of(item))
    says_percent = "%" in quotes or "％" in quotes
    done: set[str] = set()
    # percentages as fractions
    pct_field = "poverty_rate_pct" if kind == "villages" else "value" if item.get("unit") == "%" else None
    if pct_field and item.get(pct_field) is not None and says_percent and ctx.pick("pct", key) % 2 == 0:
        item[pct_field] = round(item[pct_field] / 100, 10)
        done.add(pct_field)
        ctx.note("model_quirks", "percent_fraction")
    # numbers as strings
    amounts: list[tuple[dict[str, Any], str, str, int]] = [
        (item, name, unit, -1) for name, unit in NUMBER_UNITS.items() if name in item and name not in done
    ]
    if kind == "metrics" and "value" not in done:
        amounts.append((item, "value", item.get("unit") or "", -1))
    amounts += [(q, "value", q.get("unit") or "", i) for i, q in enumerate(item.get("quantities") or [])]
    for holder, name, unit, index in amounts:
        value = holder.get(name)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            new, change = _quirk_number(value, unit, ctx.pick("number", key, name, index))
            if change:
                holder[name] = new
                ctx.note("model_quirks", change)
    for name in YEAR_FIELDS:
        year = item.get(name)
        if isinstance(year, int):
            draw = ctx.pick("year", key, name) % 3
            if draw < 2:
                item[name] = str(year) if draw == 0 else f"{year}年"
                ctx.note("model_quirks", "year_string")
    if kind == "measures":
        _quirk_measure(item, key, ctx)
    if ctx.pick("confidence", key) % 4 == 0:
        item["confidence"] = 0.9
        ctx.note("model_quirks", "extra_key")
    if null_lists:
        for name in ("quantities", "villages"):
            if item.get(name) == []:
                item[name] = None
                ctx.note("model_quirks", "null_list")
    draw = ctx.pick("evidence", key) % 5
    if draw < 2:
        found = quotes_of(item)
        item["evidence"] = found[0] if draw == 0 and len(found) == 1 else found
        ctx.note("model_quirks", "evidence_string" if draw == 0 and len(found) == 1 else "evidence_strings")


def _quirk_measure(item: dict[str, Any], key: str, ctx: ChunkContext) -> None:
    draw = ctx.pick("category", key) % 3
    if draw == 0:
        item["category"] = CATEGORY_ZH[item["category"]]
        ctx.note("model_quirks", "category_zh")
    elif draw == 1:
        item["category"] = item["category"].replace("_", " ").capitalize()
        ctx.note("model_quirks", "category_capitalised")
    draw = ctx.pick("status", key) % 3
    if draw == 0:
        item["status"] = STATUS_ZH[item["status"]]
        ctx.note("model_quirks", "status_zh")
    elif draw == 1 and item["status"] == "done":
        item["status"] = "completed"
        ctx.note("model_quirks", "status_completed")
    if ctx.pick("summary", key) % 4 == 0:
        summary = item["summary"]
        while len(summary) <= 40:
            summary += _SUMMARY_PAD
        item["summary"] = summary
        ctx.note("model_quirks", "long_summary")


Noise = Callable[[dict[str, Any], ChunkContext], dict[str, Any]]

#: Every class by name, in the order combined classes apply.
NOISES: dict[str, Noise] = {
    "clean": clean,
    "wan": wan,
    "unit_synonyms": unit_synonyms,
    "fabricated_figure": fabricated_figure,
    "invented_record": invented_record,
    "script_width": script_width,
    "model_quirks": model_quirks,
}


def parse_noise(spec: str | Iterable[str]) -> tuple[str, ...]:
    """``"wan,unit_synonyms"`` → the classes in application order; unknown names are an error."""
    names = [n.strip() for n in (spec.split(",") if isinstance(spec, str) else spec) if n.strip()]
    unknown = [n for n in names if n not in NOISES]
    if unknown:
        raise ValueError(f"unknown noise class {', '.join(unknown)}: choose from {', '.join(NOISES)}")
    return tuple(n for n in NOISES if n in names) or ("clean",)


def apply_noise(names: Iterable[str], answer: dict[str, Any], ctx: ChunkContext) -> dict[str, Any]:
    """The answer after every class in ``names`` (already parsed)."""
    for name in names:
        answer = NOISES[name](answer, ctx)
    return answer
