"""The offline rules backend (``--backend rules``): deterministic genre patterns.

It reads one chunk (the whole article: ``max_chunk_tokens`` is None; a file far longer
than a page comes in parts of ``WHOLE_DOCUMENT_MAX_CHARS``) and returns an
Extraction whose every evidence quote is cut from the chunk at known offsets
(``match="exact"``), so grounding has nothing to search. Candidates that would fail the
record validators are repaired or dropped, never allowed to fail the document.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from typing import Any

from pydantic import BaseModel, ValidationError

from llmx.backends.base import ChunkAnswer, ChunkRequest
from llmx.backends.rules.context import Context
from llmx.backends.rules.grid import ProjectRow, TableRow, read_project_rows, read_tables
from llmx.backends.rules.header import read_header
from llmx.backends.rules.measures import find_measures, measure_fields
from llmx.backends.rules.metrics import find_metrics
from llmx.backends.rules.orgs import same_unit, unit_before
from llmx.backends.rules.patterns import ORG_SUFFIX, PROVINCE_BY_SHORT_NAME, PROVINCES, WRITERS_UNIT
from llmx.backends.rules.places import Mentions, VillageMention, find_village_mentions, parse_place
from llmx.backends.rules.team_facts import TeamFound
from llmx.backends.rules.teams import find_teams
from llmx.backends.rules.text import Doc
from llmx.backends.rules.villages import VillageStats, village_stats
from llmx.core.divisions import _named_counties, complete_divisions, county_path, town_of_another_county
from llmx.core.reading import ReadingCopy, reading_copy, strip_glosses
from llmx.core.records import Evidence, Extraction, Measure, Metric, Team, Village
from llmx.core.script import fold_aligned

_STAT_UNITS = {"households": "户", "poor_households": "户", "population": "人", "poor_population": "人",
               "poverty_rate_pct": "%"}

#: Bump when a rule changes what the backend returns (it is part of cache keys and meta).
RULES_VERSION = "2.18"


class RulesBackend:
    """Backend protocol implementation around ``extract_rules``."""

    name = "rules"
    max_chunk_tokens: int | None = None
    cacheable = False  # cheaper to rerun than to look up
    local_cpu = True  # bound by this machine's CPU: a run spreads it over worker processes

    def identity(self) -> dict[str, Any]:
        return {"backend": "rules", "rules_version": RULES_VERSION}

    async def extract_chunk(self, request: ChunkRequest) -> ChunkAnswer:
        request.usage.add(chunks=1)
        return ChunkAnswer(extract_rules(request.chunk.text, document_text=request.document.text))

    async def aclose(self) -> None:
        return None


_SUMMARY_TITLE = re.compile(r"((?:19|20)\d{2})年(?:度)?[^，。]{0,12}(?:工作)?(?:总结|汇报|述职|报告|实施情况)")


def _summary_year(title: str | None) -> int | None:
    """The year a work summary or report covers, when its title says so."""
    m = _SUMMARY_TITLE.search(title or "")
    return int(m.group(1)) if m else None


#: The writer telling of taking the post: '我来到青石村担任第一书记后', '我担任驻村工作队队长以来'.
_WRITER_POSTED = re.compile(r"我[^。;!?]{0,24}?(?:担任|任)[^。;!?]{0,12}?(?:第一书记|工作队队长|工作队长|队长)")


def _writer_leads(doc: Doc, teams: list[TeamFound], authors: list[str]) -> None:
    """The one bylined writer of a first-person page who tells of taking the post leads the
    page's one team ('□王志远 … 那年秋天我来到青石村担任第一书记后…')."""
    if len(authors) != 1 or len(teams) != 1 or teams[0].leader is not None:
        return
    if _WRITER_POSTED.search(doc.folded) is None:
        return
    at = doc.folded.find(authors[0])
    evidence = doc.evidence(at, at + len(authors[0])) if at >= 0 else None
    if evidence is None:
        return  # the byline is outside this chunk: the leader could not be quoted
    teams[0].leader = authors[0]
    teams[0].evidence.append(evidence)


def _ref_year(title: str | None, published: str | None) -> int | None:
    """The year 今年 means: a work summary's own year (in its title), else the page date's."""
    if title:
        m = re.search(r"((?:19|20)\d{2})年", title)
        if m:
            return int(m.group(1))
    return int(published[:4]) if published else None


def extract_rules(text: str, document_text: str | None = None) -> Extraction:
    """An Extraction for ``text``; evidence offsets are into ``text``.

    ``document_text`` (the whole page) is where the header and byline are read and the
    county is looked up when ``text`` is only the article body. Marks that split words
    (a mirror page's pinyin glosses, '發(fā)布'; quotation marks around a post) are read
    past: the rules scan ``reading_copy(text)``, and each quote is then cut from ``text``
    itself, marks and all.
    """
    page = document_text if document_text is not None else text
    gacha = _gacha_named(text)
    named = sorted([*_writers_unit_named(text, page), *gacha])
    plain = reading_copy(text, named)
    if plain is None:
        return _extract(text, page)
    page_copy = reading_copy(page) if document_text is not None else plain
    found = _extract(plain.text, page_copy.text if page_copy is not None else page)
    found = _in_source(found, text, plain)
    if gacha:
        found = _gacha_as_written(found, text)
    if page_copy is not None and found.title:
        found = found.model_copy(update={"title": _title_in_source(found.title, page, page_copy)})
    return found


#: A unit opening a headline, before what the page reports of its work: '桐溪县审计局2020年
#: 脱贫攻坚帮扶工作总结', '县水利局驻青石村工作队工作汇报'.
_TITLE_UNIT = re.compile(
    r"(?P<unit>[\u4e00-\u9fff]{2,24}?" + ORG_SUFFIX.pattern.removesuffix("$") + r")"
    r"(?=(?:19|20)\d{2}|关于|驻|派驻|帮扶|扶贫|脱贫|精准|定点|对口|结对|工作|述职|年度|上半年|下半年|第一书记|乡村振兴"
    r"|[、—:: -])"
)
#: What the unit named in a headline must end with for the writer's word to stand for it.
_KIND_ENDINGS = {"局": ("局",), "委": ("委", "委员会"), "办": ("办", "办公室"), "院": ("院",), "厅": ("厅",),
                 "校": ("学校", "中学", "小学", "大学", "学院"), "行": ("行",), "公司": ("公司",)}


def _writers_unit_named(text: str, page: str) -> list[tuple[int, int, str]]:
    """Where a first-person page writes its unit as '我局' (本单位, 我委…) and its headline opens
    with that unit ('桐溪县审计局2020年帮扶工作总结'): each such word, to be read as the unit's
    name, so the writer's own team, figures and help are found as the unit's."""
    if WRITERS_UNIT.search(text) is None:
        return []
    title = read_header(page).title or ""
    opening = _TITLE_UNIT.match(title)
    if opening is None:
        return []
    unit = opening.group("unit")
    found = unit_before(unit, len(unit), 0)
    if found is None or found[1] != unit:
        return []
    named = []
    for m in WRITERS_UNIT.finditer(text):
        kind = m.group("kind")
        if kind is None or kind == "单位" or unit.endswith(_KIND_ENDINGS[kind]):
            named.append((m.start(), m.end(), unit))
    return named


#: Inner Mongolia's word for a village, after the village's name: '巴彦嘎查' (not '嘎查村',
#: the region's word for its villages of both kinds, which already ends as a village does).
_GACHA = re.compile(r"(?<=[\u4e00-\u9fff])嘎查(?!村)")
_GACHA_READ = "嘎查村"


def _gacha_named(text: str) -> list[tuple[int, int, str]]:
    """Each 嘎查 ending a village's name, to be read as 嘎查村: the rules then find the
    village, its figures and its team as they do a 村's (the name is written back as the
    page writes it, ``_gacha_as_written``)."""
    if "嘎查" not in text:
        return []
    return [(m.start(), m.end(), _GACHA_READ) for m in _GACHA.finditer(text)]


def _gacha_as_written(found: Extraction, text: str) -> Extraction:
    """``found`` with each village name read as 'X嘎查村' written back as the page has it, 'X嘎查'."""

    def named(name: str | None) -> str | None:
        # a village's name: 'X嘎查', also where the page writes its committee ('X嘎查村委会')
        if name is None or not name.endswith(_GACHA_READ) or len(name) <= len(_GACHA_READ):
            return name
        return name[:-1]

    def written(words: str) -> str:
        # words read from the copy: as the page writes them
        if _GACHA_READ not in words or words in text:
            return words  # (a page may write 嘎查村 itself: '全旗68个嘎查村')
        plain = words.replace(_GACHA_READ, "嘎查")
        return plain if plain in text or _GACHA_READ not in text else words

    return found.model_copy(update={
        "villages": [v.model_copy(update={"name": named(v.name)}) for v in found.villages],
        "teams": [t.model_copy(update={"villages": [named(v) or v for v in t.villages]}) for t in found.teams],
        "measures": [
            m.model_copy(update={"village": named(m.village), "summary": written(m.summary)}) for m in found.measures
        ],
        "metrics": [
            m.model_copy(update={"subject": named(m.subject), "name": written(m.name)}) for m in found.metrics
        ],
    })


def _title_in_source(title: str, page: str, copy: ReadingCopy) -> str:
    """The headline as the page prints it: the quotation marks the reading copy dropped
    ('山里来了“第一书记”') are part of it; glosses and line breaks are not."""
    at = copy.text.find(title)
    if at < 0:
        # a page in traditional script: its headline found folded, and taken from the folded page
        at = fold_aligned(copy.text).find(title)
        page = fold_aligned(page)
    if at < 0:
        return title
    start, end = copy.source_span(at, at + len(title))
    # the marks around the title's first or last word stand just outside the span
    while start > 0 and page[start - 1] in _OPENING_MARKS and _unbalanced(page[start - 1 : end]) <= 0:
        start -= 1
    while end < len(page) and page[end] in _CLOSING_MARKS and _unbalanced(page[start : end + 1]) >= 0:
        end += 1
    # (a headline a hard-wrapped page breaks over two lines is one line again)
    return _LINE_BREAK.sub("", strip_glosses(page[start:end])).strip() or title


_LINE_BREAK = re.compile(r"[ \t\u3000]*\r?\n\s*")
_OPENING_MARKS = "“‘「『"
_CLOSING_MARKS = "”’」』"


def _unbalanced(text: str) -> int:
    """Opening marks minus closing marks in ``text``."""
    return sum(text.count(c) for c in _OPENING_MARKS) - sum(text.count(c) for c in _CLOSING_MARKS)


def _in_source(found: Extraction, text: str, plain: ReadingCopy) -> Extraction:
    """``found`` (read from ``plain.text``) with every quote moved back onto ``text``."""

    def moved(evidence: Evidence) -> list[Evidence]:
        # a quote across a hard-wrapped text's line break is cut in pieces, one per line
        return [
            evidence.model_copy(update={"quote": text[start:end], "start": start, "end": end})
            for start, end in plain.source_pieces(evidence.start, evidence.end)
        ]

    return found.model_copy(update={
        kind: [
            item.model_copy(update={"evidence": [piece for e in item.evidence for piece in moved(e)]})
            for item in getattr(found, kind)
        ]
        for kind in ("teams", "villages", "measures", "metrics")
    })


def _extract(text: str, page: str) -> Extraction:
    doc = Doc(text)
    header = read_header(page)
    ref_year = _ref_year(header.title, header.published)
    doc.ref_year = ref_year
    doc.find_entries()
    rows = read_tables(doc)
    mentions = find_village_mentions(doc)
    if rows:
        mentions = Mentions([*mentions, *(
            VillageMention(name=row.village, start=row.evidence[0].start, end=row.evidence[0].start + len(row.village))
            for row in rows
        )], mentions.towns)
    teams = find_teams(doc, mentions, ref_year)
    if rows:
        _table_teams(teams, rows)
    _writer_leads(doc, teams, header.authors)
    names = list(dict.fromkeys([m.name for m in mentions] + [v for t in teams for v in t.villages]))
    names = _merge_short_names(names, doc.folded)
    name_set = frozenset(names)
    # The county the article is about: named in its content (related-article tails name others).
    county = _content_county(doc)
    ctx = Context(
        doc=doc, villages=names, teams=teams, ref_year=ref_year,
        county=county[0] if county else None, county_alias=county[1] if county else None,
        summary_year=_summary_year(header.title),
    )
    ctx.main_village = _main_village(names, teams, header.title)
    ctx.province = _content_province(doc, county)
    ctx.city = _city_of(county[0]) if county else None
    ctx.page_area = _page_area(header.title, county, ctx.province)
    ctx.towns = sorted({m.township for m in mentions if m.township}, key=len, reverse=True)
    ctx.town = ctx.towns[0] if len(ctx.towns) == 1 else None
    if not ctx.towns and len(mentions.towns) == 1:
        # The one township the page names ('西吉县芨芨沟乡召开…', '记者在X县Y镇看到,A村…'): its
        # villages lie in it, and 全乡/全镇 mean it.
        ctx.town = next(iter(mentions.towns))
        ctx.towns = [ctx.town]
    ctx.body_start = _body_start(doc, header.title)
    ctx.mentions = [(m.start, _canonical(m.name, name_set), m.township) for m in mentions]
    for team in teams:
        for evidence in team.evidence:
            ctx.consumed.append((evidence.start, evidence.end))
    stats = village_stats(ctx)
    for row in rows:
        entry = stats.setdefault(_canonical(row.village, name_set), VillageStats())
        fresh = {k: v for k, v in row.values.items() if k not in entry.values}
        if fresh:
            entry.values.update(fresh)
            entry.evidence.extend(e for e in row.evidence if e.quote not in {x.quote for x in entry.evidence})
    measures = find_measures(ctx)
    known: dict[tuple[float, str], list[str]] = {}
    for stated in stats.values():
        stated_quotes = [e.quote for e in stated.evidence]
        for key, value in stated.values.items():
            unit = _STAT_UNITS.get(key)
            if unit:
                known.setdefault((float(value), unit), []).extend(stated_quotes)
    for found in measures:
        quote = doc.text[found.start : found.end]
        for a in [found.investment, *found.quantities, found.households, found.people]:
            if a is not None:
                known.setdefault((a.amount.value, a.amount.unit), []).append(quote)
    metrics = find_metrics(ctx, known)

    records: dict[str, list[Any]] = {"teams": [], "villages": [], "measures": [], "metrics": []}
    for team in teams:
        if not team.evidence or (team.sent_by is None and not team.villages):
            continue
        villages = [_canonical(v, name_set) for v in team.villages]
        _add(records["teams"], Team, {
            "sent_by": team.sent_by, "villages": list(dict.fromkeys(villages)), "leader": team.leader,
            "size": team.size, "since": team.since, "evidence": team.evidence,
        })
    page_town = ctx.town
    # mentions grouped once (by canonical and by written name), not rescanned per village
    by_canonical: dict[str, list[VillageMention]] = {}
    township_of: dict[str, str] = {}
    county_of: dict[str, str] = {}
    for m in mentions:
        by_canonical.setdefault(_canonical(m.name, name_set), []).append(m)
        if m.township:
            township_of.setdefault(m.name, m.township)
        if m.county:
            county_of.setdefault(m.name, m.county)
    for name in names:
        own = by_canonical.get(name, [])
        mention = next((m for m in own if m.township or m.county), own[0] if own else None)
        facts = stats.get(name)
        village_quotes: list[Evidence] = []
        if mention is not None and (ev := doc.evidence(mention.start, mention.end)) is not None:
            village_quotes.append(ev)
        if facts is not None:
            village_quotes.extend(facts.evidence)
        placed: VillageMention | None = None
        if not village_quotes:
            # a village only a team's posting names ('派驻四川省广安市前锋区红星村'): where it is written
            at = doc.folded.find(name)
            placed = _place_ending(doc.folded, at, at + len(name)) if at >= 0 else None
            begin = placed.start if placed is not None else at
            if at >= 0 and (ev := doc.evidence(begin, at + len(name))) is not None:
                village_quotes.append(ev)
        if not village_quotes:
            continue
        data = {"name": name, "evidence": village_quotes, **(facts.values if facts else {})}
        if mention is not None:
            data["township"] = township_of.get(mention.name)
            data["county"] = county_of.get(mention.name)
        elif placed is not None:
            data["township"], data["county"] = placed.township, placed.county
        data = _fix_village(data)
        _add(records["villages"], Village, data)
    completed = complete_divisions(records["villages"], page)
    records["villages"] = [_page_county(village, county, page_town, page) for village in completed]
    projects = read_project_rows(doc)
    for found in measures:
        sentence = doc.sentence_at(found.start)
        if sentence is None:
            continue
        data = measure_fields(ctx, found, sentence)
        measure_quote = doc.evidence(found.start, found.end)
        if measure_quote is not None:
            quotes = [measure_quote]
            project = next((r for r in projects if r.start <= found.start < r.end), None)
            if project is not None:
                data = _project_fields(data, project)
                if project.unit_line is not None and project.investment is not None:
                    quotes.append(project.unit_line)
            _add(records["measures"], Measure, {**data, "evidence": quotes})
    for metric in metrics:
        amount = metric.amount.amount
        _add(records["metrics"], Metric, {
            "name": metric.name, "subject": metric.subject, "value": amount.value, "value_max": amount.value_max,
            "approx": amount.approx, "unit": amount.unit, "year": metric.year, "evidence": [metric.evidence],
        })
    return Extraction.model_validate({
        "title": header.title, "outlet": header.outlet, "published": header.published,
        "authors": header.authors, **records,
    })


def _place_ending(folded: str, start: int, end: int) -> VillageMention | None:
    """The longest '[省][市][县][镇]X村' chain written right before the village at [start, end)."""
    for begin in range(max(0, start - 20), start):
        found = parse_place(folded, begin, end)
        if found is not None and found.end == end and (found.county or found.township):
            return found
    return None


def _project_fields(data: dict[str, Any], row: ProjectRow) -> dict[str, Any]:
    """A measure read from a project table's row takes the row's money, beneficiaries and
    progress from their columns (the row's own words give its outputs)."""
    data = dict(data)
    for key, value in (("investment_yuan", row.investment), ("households", row.households), ("people", row.people)):
        if value is not None:
            data[key] = value
    if row.people is None and row.households is not None:
        data["people"] = None  # the row counts households; a figure in its words is no people count
    if row.status is not None:
        data["status"] = row.status
    return data


def _table_teams(teams: list[TeamFound], rows: list[TableRow]) -> None:
    """A table row's sending unit and first secretary (``grid``): the unit's team takes the
    village and the leader; a unit the text did not name is a team of its own."""
    for row in rows:
        if row.unit is None and row.leader is None:
            continue
        team = None
        if row.unit is not None:
            team = next((t for t in teams if t.sent_by and same_unit(t.sent_by, row.unit)), None)
        if team is None:
            team = next(
                (t for t in teams if row.village in t.villages and (row.unit is None or t.sent_by is None)), None
            )
            if team is not None and row.unit is not None:
                team.sent_by = row.unit
        if team is None:
            if row.unit is None:
                continue
            team = TeamFound(sent_by=row.unit)
            teams.append(team)
        if row.village not in team.villages:
            team.villages.append(row.village)
        team.leader = team.leader or row.leader
        team.evidence.extend(e for e in row.evidence[:1] if e.quote not in {x.quote for x in team.evidence})


_PROVINCE = re.compile("|".join(PROVINCES))


def _content_province(doc: Doc, county: tuple[str, str] | None) -> str | None:
    """The one province the content names (全省 and 省派 mean it), else the county's."""
    named = {m.group() for start, end in doc.paragraphs for m in _PROVINCE.finditer(doc.folded, start, end)}
    if len(named) == 1:
        return next(iter(named))
    if not named and county is not None and (path := county_path(county[0])) is not None:
        return path[0]
    if not named and county is None and _OWN_PROVINCE.search(doc.folded):
        # '我省…全省16个市' on a page that names its province only short ('安徽扶贫…')
        short = {m.group() for start, end in doc.paragraphs for m in _PROVINCE_SHORT.finditer(doc.folded, start, end)}
        if len(short) == 1:
            return PROVINCE_BY_SHORT_NAME[short.pop()]
    return None


_PROVINCE_SHORT = re.compile("|".join(sorted(PROVINCE_BY_SHORT_NAME, key=len, reverse=True)))
#: The page's own province, unnamed: '我省', '全省', '本省'.
_OWN_PROVINCE = re.compile(r"[我全本]省")


def _city_of(county: str) -> str | None:
    """What 全市 means on a page about ``county``: the county when it is a city itself."""
    if county.endswith("市"):
        return county
    path = county_path(county)
    if path is None:
        return None
    city = path[1] or path[0]  # (a municipality's county: 全市 is the municipality, 重庆市)
    return city if city.endswith("市") else None


def _page_area(title: str | None, county: tuple[str, str] | None, province: str | None) -> str | None:
    """The county or province a round-up's headline names ('卢氏县2020年脱贫攻坚工作总结')."""
    if not title:
        return None
    if county is not None and (county[0] in title or (county[1] and county[1] in title)):
        return county[0]
    if province is not None and (province in title or province[:2] + "省" in title):
        return province
    return None


def _content_county(doc: Doc) -> tuple[str, str] | None:
    """(full name, short name) of the one county the article's content names; the furniture
    around it (related-article lists) names others. The content is folded already."""
    named = _named_counties("\n".join(doc.folded[s:e] for s, e in doc.paragraphs))
    if len(named) != 1:
        return None
    only = next(iter(named.values()))
    return only.name, only.alias


def _body_start(doc: Doc, title: str | None) -> int:
    """The end of the headline line, when the chunk starts with the page header."""
    if not title:
        return 0
    for start, end in doc.paragraphs[:8]:
        if "原标题" in doc.folded[start:end]:
            continue  # ('原标题:…' closing a short reprint: the headline is not over the text)
        if title in doc.folded[start:end] and end - start <= len(title) + 12:
            return end
    return 0


def _page_county(village: Village, county: tuple[str, str] | None, town: str | None, page: str) -> Village:
    """A village without a county of its own is in the one county the page names (LABELLING:
    the county a whole article is about); city and province follow from the division list.
    Likewise a village without a township, on a page whose villages lie in one township
    (a township team's page, '同镇的X村')."""
    path = county_path(county[0]) if county is not None and not village.county else None
    if path is not None and village.city and path[1] and village.city != path[1]:
        path = None  # ('汕尾市捷胜镇…' on a page whose county is Shenzhen's 光明区, the unit's)
    if path is not None:
        province, city, name = path
        village = village.model_copy(update={
            "county": name, "city": village.city or city, "province": village.province or province,
        })
    if village.township is None and town is not None and not (
        village.county and town_of_another_county(town, village.county, page)
    ):
        # (not into another county's village: '甲县某镇…' and, later, '乙县某村')
        village = village.model_copy(update={"township": town})
    return village


def _main_village(names: list[str], teams: list[Any], title: str | None) -> str | None:
    """The village a page is about: its only village, its only team's only village, or the
    one its headline names."""
    if len(names) == 1:
        return names[0]
    team_villages = {v for t in teams for v in t.villages}
    if len(teams) == 1 and len(team_villages) == 1:
        return _canonical(next(iter(team_villages)), names)
    in_title = [n for n in names if title and (n in title or (len(n) >= 3 and n[:-1] in title))]
    return in_title[0] if len(in_title) == 1 else None


def _merge_short_names(names: list[str], folded: str) -> list[str]:
    """'东村' and '东村村' are one village when the text writes the longer form."""
    written = set(names)
    return [name for name in names if name + "村" not in written]


def _canonical(name: str, names: Collection[str]) -> str:
    return name + "村" if name not in names and name + "村" in names else name


def _fix_village(data: dict[str, Any]) -> dict[str, Any]:
    for poor, total in (("poor_households", "households"), ("poor_population", "population")):
        if data.get(poor) is not None and data.get(total) is not None and data[poor] > data[total]:
            data.pop(poor)
    return data


def _add(bucket: list[Any], model: type[BaseModel], data: dict[str, Any]) -> Any:
    """Validate one candidate; a candidate the validators reject is left out."""
    try:
        item = model.model_validate(data)
    except ValidationError:
        return None
    bucket.append(item)
    return item
