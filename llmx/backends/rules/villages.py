"""Village baselines: households, population, poor counts, poverty rate, exit year.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from llmx.backends.rules.context import Context
from llmx.backends.rules.patterns import AREA_WIDE
from llmx.backends.rules.text import Doc, Sentence
from llmx.core.records import Evidence

_WHO = r"(?:全村|该村|本村|村里|村内|全村共)"


def _stat_patterns(who: str) -> list[re.Pattern[str]]:
    not_poor = r"(?!贫困|建档|低保|五保|脱贫|一般|监测|边缘)"
    return [
        re.compile(
            rf"{who}(?:辖\d+个(?:村民小组|自然村|组)[,、]?)?(?:共有|共|现有|有|总户数|户籍户数|居民|农业户|农户|人家|总户)*"
            rf"(?:为|达)?(?P<households>\d+)户{not_poor}(?:[,、]?(?:总人口|人口|农业人口|共)?(?P<population>\d+)(?:人|口))?"
        ),
        re.compile(rf"{who}(?:共有|共|现有|有)?(?:总人口|人口|农业人口|常住人口|户籍人口)(?:共|为|有|达)?(?P<population>\d+)(?:人|口)"),
        re.compile(rf"{who}(?:有|共有|共)?(?:建档立卡)?贫困户(?:共|有|为)?(?P<poor_households>\d+)户(?:[,、]?(?P<poor_population>\d+)人)?"),
        re.compile(rf"{who}(?:有|共有|共)?(?P<poor_households>\d+)户(?:建档立卡)?贫困户"),
    ]


#: Statements anchored on 全村/该村 ..., and the same read right after a village's name.
_ANCHORED = _stat_patterns(r"(?:全村|该村|本村|村里|村内|全村共)")
_AFTER_NAME = _stat_patterns(r"(?:全村|村)?")
#: Statements that need no anchor.
_FREE = [
    re.compile(
        r"(?:建档立卡(?:贫困户|贫困人口|户)?|其中(?:有)?(?:建档立卡)?贫困户)(?:共有|共|有|为)?(?P<poor_households>\d+)户"
        r"(?:[,、]?(?P<poor_population>\d+)人)?"
    ),
    re.compile(r"(?P<poor_households>\d+)户(?:建档立卡)?贫困户(?:[^,;。]{0,12}?)全部(?:脱贫|退出|摘帽)"),
    re.compile(r"(?:建档立卡贫困人口|其中贫困人口|建档立卡人口)(?:共|为|有)?(?P<poor_population>\d+)人"),
    re.compile(
        r"(?:贫困发生率|贫困面|贫困率|贫困人口占(?:全村)?(?:总|农业)?人口(?:的)?(?:比例|比重)?(?:的)?)"
        r"(?:为|达到|达|是|高达|仍有|由)?了?(?P<poverty_rate_pct>\d+(?:\.\d+)?)%"
    ),
    re.compile(
        r"(?P<exit_year>(?:19|20)\d{2})年(?:底|末)?,?(?P<mid>[^,;。]{0,8}?)"
        r"(?:整村脱贫|整村出列|脱贫摘帽|脱贫出列|出列|摘掉了?[“\"']?贫困村[”\"']?(?:的)?帽子|退出贫困村|贫困村退出|摘帽)"
        r"(?![\d一二三四五六七八九十])"
    ),
]


_DIGIT = re.compile(r"\d")
_VILLAGE_CUE = re.compile(r"全村|该村|本村|村里|村内|整村|贫困村|村集体|村民")


@dataclass(slots=True)
class VillageStats:
    values: dict[str, Any] = field(default_factory=dict)
    evidence: list[Evidence] = field(default_factory=list)


def village_stats(ctx: Context) -> dict[str, VillageStats]:
    """Baseline facts per village name; the first statement of a fact wins."""
    doc = ctx.doc
    matches: list[re.Match[str]] = []
    for start, end in doc.paragraphs:
        if not _DIGIT.search(doc.folded, start, end):
            continue
        for pattern in (*_ANCHORED, *_FREE):
            matches.extend(pattern.finditer(doc.folded, start, end))
        for pos, name in ctx.occurrences_in(start, end):
            form_end = pos + (len(name) if doc.folded.startswith(name, pos) else len(name) - 1)
            for pattern in _AFTER_NAME:
                m = pattern.match(doc.folded, form_end, end)
                if m:
                    matches.append(m)
    stats: dict[str, VillageStats] = {}
    for m in sorted(matches, key=lambda m: (m.start(), -m.end())):
        sentence = doc.sentence_at(m.start())
        if sentence is None or ctx.is_consumed(m.start(), m.end()):
            continue
        values = {k: v for k, v in m.groupdict().items() if v is not None and k != "mid"}
        if not values or ("exit_year" in values and not _exit_ok(m, doc, sentence)):
            continue
        village = _stat_subject(ctx, sentence, m.start(), m.end())
        if village is None:
            continue
        entry = stats.setdefault(village, VillageStats())
        fresh = {k: v for k, v in values.items() if k not in entry.values}
        if not fresh:
            continue
        for key, raw in fresh.items():
            entry.values[key] = float(raw) if key == "poverty_rate_pct" else int(raw)
        named_at = [p for p, _ in ctx.occurrences_in(sentence.start, m.start() + 1)]
        start = min(m.start(), max(named_at, default=m.start()))
        evidence = doc.evidence(start if m.start() - start <= 8 else m.start(), m.end())
        if evidence is not None:
            entry.evidence.append(evidence)
        for key in values:
            ctx.consumed.append((m.start(key), m.end(key) + 1))
    return stats


def _exit_ok(m: re.Match[str], doc: Doc, sentence: Sentence) -> bool:
    before = doc.folded[max(sentence.start, m.start() - 6) : m.end()]
    if re.search(r"计划|拟|力争|确保|目标|将|预计|争取", before):
        return False
    clause_start = max(doc.folded.rfind(",", sentence.start, m.start()), sentence.start)
    clause = doc.folded[clause_start : m.end()]
    return not re.search(r"县|市|乡|镇|省|户", m.group("mid") or "") and "全县" not in clause


def _stat_subject(ctx: Context, sentence: Sentence, start: int, end: int) -> str | None:
    named = ctx.village_before(end, sentence.start)
    if named is not None:
        return named
    text = ctx.doc.folded[sentence.start : end]
    if AREA_WIDE.search(text) or re.search(r"[县镇乡]", ctx.doc.folded[max(sentence.start, start - 8) : start]):
        return None
    return ctx.current_village(sentence, start)

