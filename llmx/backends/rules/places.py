"""Villages and work teams.

Villages are recognised where the genre names them unmistakably: after a township
(``柳树口镇中村村``), in a team's posting (``驻中村村工作队``, ``派驻娜姑镇拖车村、落水村``),
or in a counted list (``布卡、洒衣、扯落等3个贫困村``). Teams are a dispatching unit with an
organisation suffix (局, 委, 院, 厂 ...) posted to villages (驻/派驻/挂包) or named as a
``...工作队``, with a leader next to 第一书记/队长, a size (一队三人) and a start year (自X年进驻).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from llmx.backends.rules.header import SURNAMES
from llmx.backends.rules.text import Doc, Sentence
from llmx.core.records import Evidence
from llmx.normalize import chinese_number, county_path, is_known_town

_H = "\u4e00-\u9fff"
# Characters a village name never contains: function words, and words that make 村 generic.
_BODY_STOP = set("的了和与及是为对把将向个等在驻各全每本该其此帮扶贫困省县镇乡区进入时从被让给于共有这那到至")
_GENERIC_BODIES = frozenset(
    {"行政", "自然", "示范", "重点", "美丽", "新农", "农", "邻", "临", "整", "外", "他", "我", "山", "小", "大",
     "老", "新", "原", "乡", "城", "中心", "试点", "文明", "先进", "样板", "薄弱", "软弱涣散", "非贫困", "一", "两",
     "三", "几", "多", "某", "深度", "出", "回", "下", "上", "留", "返", "住", "离"}
)
# After X村, a second 村 starts a word (村民, 村委 ...) unless the name is X村村 (中村村).
_AFTER_VILLAGE_WORD = "民委干两集级组支党务容貌内外里庄镇口部规情史道路小医卫文活办"
_VILLAGE = re.compile(rf"(?P<body>[{_H}]{{1,5}}?)村(?P<dup>村(?![{_AFTER_VILLAGE_WORD}]))?")
_COUNTY_SUFFIX = re.compile(rf"[{_H}]{{1,7}}?(?:自治县|自治旗|县|旗|区)")
_TOWN = re.compile(rf"[{_H}]{{1,5}}?(?:镇|乡)")
_TOWN_SUFFIX = re.compile("[镇乡]")
_POSTING_VERB = re.compile(r"派驻|选派到|下派到|入驻|进驻|驻|挂包|包联|结对帮扶|定点帮扶")
_TEAM_WORD = re.compile(r"工作队|工作组|帮扶队|扶贫队")
_DESCRIPTOR = re.compile(r"(?:驻村|驻|扶贫|脱贫|帮扶|精准|攻坚|乡村振兴|专项|派驻|新一轮)+$")
_ORG_SUFFIX = re.compile(
    r"(?:局|委|委员会|办|办公室|院|厂|公司|集团|银行|支行|分行|部|厅|中心|所|站|总工会|工会|协会|学校|大学|学院"
    r"|中学|小学|医院|法院|检察院|政府|纪委|监委|团委|妇联|联社|处|署|馆|电视台|报社|电网|农场|林场|党委|总队"
    r"|支队|大队|武装部|军分区|商会|研究所|联合会|管委会)$"
)
_LEFT_CUT = re.compile(
    r"的|带领|率领|由|是|在|为|把|将|对|向|让|从|被|经|了|时|讯|驻|派|以|等|建立|成立|设立|组建|组成|依托|通过|联系|协调"
    r"|邀请|争取|配合|会同|联合|牵头|支持|帮助|包括|及时|积极|主动"
)
_LEADING_NOISE = re.compile(
    r"^(?:近日|近期|日前|今年|去年|前年|目前|近年来|同时|此外|另外|其中|随后|之后|首先|其次|最后|当前|如今"
    r"|\d{1,2}月\d{1,2}日|\d{4}年(?:\d{1,2}月)?(?:\d{1,2}日)?(?:以来|起)?|以来|并|还|也|又|均|先后|共同|积极)+"
)
_PRONOUN_START = re.compile(r"^(?:该|本|其|我|各|此|这|那|全|每|贵|上级|有关|相关|所在)")
_CONNECTOR = re.compile(r"(、|和|与|及)")
_NAME_STOP = set(
    "最还带说在是的介表同和与等到为就从每也都已对把将又便正一曾告被率主牵多深认积坚入驻来去作个书记局长任镇县村乡队"
    "同志老师先生女士同学讲指"
)
_LEADER_AFTER = re.compile(r"(?:队长|组长)?[、,]?(?:兼)?(?:驻村)?(?:第一书记|队长|组长)")
_LEADER_BEFORE = re.compile(r"(?:驻村)?(?:第一书记|队长|工作队长)")
_LEADER_TITLE = re.compile(r"(?:驻村)?(?:第一书记|工作队长|工作队队长)(?:兼队长|兼工作队长)?[、,]?")
_LEADER_AS = re.compile(rf"以(?P<name>[{_H}]{{2,4}})为(?:驻村)?(?:第一书记|队长|组长)的")
_SINCE = re.compile(
    r"(?:自|从|于)?(?P<year>(?:19|20)\d{2}|今年|去年|前年)年?(?:\d{1,2}月)?(?:\d{1,2}日)?(?:起|开始|以来)?,?"
    r"[^。;!?]{0,40}?(?:进驻|入驻|驻村(?!工作队|干部|第一书记|队员|扶贫工作队|帮扶工作队)|派驻|进村|到村)"
)
_SIZE = re.compile(
    r"一队(?P<a>[\d二两三四五六七八九十]+)人"
    r"|(?:工作队|工作组)(?:由|共有|共|有|现有)?(?P<b>[\d二两三四五六七八九十]+)(?:名|人|位)(?:队员|成员|同志|组成)?"
)
_AREA_WIDE = re.compile(r"全县|全市|全省|全区|全州|各县|各乡")


@dataclass(slots=True)
class VillageMention:
    name: str
    start: int  # start of the mention including its township/county prefix
    end: int
    township: str | None = None
    county: str | None = None


@dataclass(slots=True)
class TeamFound:
    sent_by: str | None
    villages: list[str] = field(default_factory=list)
    leader: str | None = None
    size: int | None = None
    since: int | None = None
    evidence: list[Evidence] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)


def _body_ok(body: str, prefixed: bool) -> bool:
    if any(ch in _BODY_STOP for ch in body) or body in _GENERIC_BODIES:
        return False
    if body.endswith(("贫", "省", "市", "县")):
        return False
    return len(body) >= (1 if prefixed else 2) or prefixed


def _split_town(town: str) -> tuple[str, str] | None:
    """('孟村', '辛店镇') from '孟村辛店镇': the longest known township ending the string."""
    for i in range(len(town) - 1):
        if is_known_town(town[i:]):
            return town[:i], town[i:]
    return None


def _village_at(folded: str, pos: int, end: int, *, prefixed: bool) -> tuple[str, int] | None:
    m = _VILLAGE.match(folded, pos, end)
    if not m or not _body_ok(m.group("body"), prefixed or bool(m.group("dup"))):
        return None
    return m.group(0), m.end()


def parse_place(folded: str, pos: int, end: int) -> VillageMention | None:
    """One '[县][镇/乡]X村' item starting exactly at ``pos``."""
    county = None
    cursor = pos
    cm = _COUNTY_SUFFIX.match(folded, cursor, end)
    if cm and county_path(cm.group()) is not None:
        county, cursor = cm.group(), cm.end()
    town = None
    tm = _TOWN.match(folded, cursor, end)
    if tm:
        split = _split_town(tm.group())
        if split is not None:
            prefix, town = split
            if prefix and county is None and county_path(prefix) is not None:
                county = prefix
            cursor = tm.end()
        elif len(tm.group()) <= 4 and not any(ch in _BODY_STOP for ch in tm.group()[:-1]):
            town, cursor = tm.group(), tm.end()
    found = _village_at(folded, cursor, end, prefixed=town is not None)
    if found is None:
        return None
    name, stop = found
    return VillageMention(
        name=name,
        start=pos,
        end=stop,
        township=town if town else None,
        county=_county_full(county),
    )


def _county_full(name: str | None) -> str | None:
    """The full county name for a full or short one ('孟村' → '孟村回族自治县')."""
    if not name:
        return None
    path = county_path(name)
    return path[2] if path else None


def parse_place_list(folded: str, pos: int, end: int) -> list[VillageMention]:
    """'马路乡旁官地村、水口村,火红乡龙树村' → four mentions; a later item keeps the last town."""
    items: list[VillageMention] = []
    cursor = pos
    while cursor < end:
        item = parse_place(folded, cursor, end)
        if item is None:
            break
        if item.township is None and items and item.start > items[-1].end:
            item.township, item.county = items[-1].township, items[-1].county
        items.append(item)
        cursor = item.end
        if cursor < end and folded[cursor] in "、,和及与":
            cursor += 1
            continue
        break
    return items


def find_village_mentions(doc: Doc) -> list[VillageMention]:
    """Villages named after a township (镇/乡) anywhere in the content, plus counted lists."""
    folded = doc.folded
    mentions: list[VillageMention] = []
    for start, end in doc.paragraphs:
        for m in _TOWN_SUFFIX.finditer(folded, start, end):
            suffix = m.start()
            town = _town_ending_at(folded, start, suffix)
            if town is None:
                continue
            town_start, town_name, county = town
            items = parse_place_list(folded, suffix + 1, end)
            if not items:
                continue
            first = items[0]
            first.start, first.township = town_start, town_name
            first.county = first.county or county
            for item in items[1:]:
                if item.township is None:
                    item.township, item.county = first.township, first.county
            mentions.extend(items)
        mentions.extend(_counted_lists(doc, start, end))
    return _dedupe(mentions)


def _town_ending_at(folded: str, floor: int, suffix: int) -> tuple[int, str, str | None] | None:
    """The township whose 镇/乡 is at ``suffix``: gazetteer-known names first."""
    best = None
    for length in range(2, 6):
        start = suffix - length + 1
        if start < floor or not all("\u4e00" <= ch <= "\u9fff" for ch in folded[start : suffix + 1]):
            break
        name = folded[start : suffix + 1]
        if is_known_town(name):
            best = (start, name)
    county = None
    if best is None:
        # Unknown to the gazetteer: accept a 2-3 character name after a clear boundary.
        for length in (3, 4):
            start = suffix - length + 1
            if start < floor:
                continue
            before = folded[start - 1] if start > floor else " "
            body = folded[start:suffix]
            boundary = not "\u4e00" <= before <= "\u9fff" or before in _BODY_STOP
            if boundary and not any(ch in _BODY_STOP for ch in body):
                best = (start, folded[start : suffix + 1])
                break
    if best is None:
        return None
    start, name = best
    for length in range(7, 1, -1):
        cstart = start - length
        if cstart >= floor and county_path(folded[cstart:start]) is not None:
            county, start = folded[cstart:start], cstart
            break
    return start, name, _county_full(county)


_COUNTED = re.compile(r"等(?P<n>\d+|[二两三四五六七八九十]+)个(?:深度)?(?:贫困|行政|重点|帮扶)?村")


def _counted_lists(doc: Doc, start: int, end: int) -> list[VillageMention]:
    """'矿山镇布卡、洒衣、扯落等3个贫困村': bare names whose count the text confirms."""
    folded = doc.folded
    found: list[VillageMention] = []
    for m in _COUNTED.finditer(folded, start, end):
        run = re.search(rf"[{_H}、]+$", folded[start : m.start()])
        if not run:
            continue
        run_start = start + run.start()
        parts = folded[run_start : m.start()].split("、")
        count = chinese_number(m.group("n"))
        if count is None or len(parts) != int(count) or len(parts) < 2:
            continue
        first = parts[0]
        town = None
        town_at = max(first.rfind("镇"), first.rfind("乡"))
        if town_at > 0:
            town_info = _town_ending_at(folded, run_start, run_start + town_at)
            if town_info is not None:
                town = town_info[1]
                parts[0] = first[town_at + 1 :]
        if not all(2 <= len(p) <= 4 and not any(ch in _BODY_STOP for ch in p) for p in parts):
            continue
        pos = run_start + (len(first) - len(parts[0]))
        for part in parts:
            found.append(
                VillageMention(
                    name=part + "村",
                    start=pos,
                    end=pos + len(part),
                    township=town if town else None,
                )
            )
            pos += len(part) + 1
    return found


def _dedupe(mentions: list[VillageMention]) -> list[VillageMention]:
    seen: set[tuple[str, int]] = set()
    out = []
    for mention in sorted(mentions, key=lambda v: (v.start, -v.end)):
        key = (mention.name, mention.end)
        if key not in seen:
            seen.add(key)
            out.append(mention)
    return out


# ----------------------------------------------------------------------------------------
# Teams
# ----------------------------------------------------------------------------------------


def unit_before(folded: str, pos: int, floor: int) -> tuple[int, str] | None:
    """The dispatching unit written right before ``pos``: '县总工会、县教师进修学校'."""
    run = re.search(rf"[{_H}、]{{2,40}}$", folded[max(floor, pos - 40) : pos])
    if not run:
        return None
    start = pos - len(run.group())
    text = run.group()
    cut = 0
    for m in _LEFT_CUT.finditer(text):
        if m.end() < len(text):
            cut = m.end()
    start += cut
    text = text[cut:]
    noise = _LEADING_NOISE.match(text)
    if noise:
        start += noise.end()
        text = text[noise.end() :]
    parts = _CONNECTOR.split(text)
    kept: list[str] = []
    # parts alternate name, connector, name ...; keep the organisations ending the run.
    for i in range(len(parts) - 1, -1, -2):
        part = parts[i]
        if len(part) < 2 or not _ORG_SUFFIX.search(part) or _PRONOUN_START.match(part):
            break
        kept = [part] if not kept else [part, parts[i + 1], *kept]
    if not kept:
        return None
    unit = "".join(kept)
    if len(unit) < 3:
        return None
    return pos - len(unit), unit


def _name_at(folded: str, pos: int) -> str | None:
    """A person's name starting at ``pos`` (surname + one or two characters)."""
    if pos >= len(folded) or folded[pos] not in SURNAMES:
        return None
    chars = []
    for ch in folded[pos + 1 : pos + 3]:
        if not "\u4e00" <= ch <= "\u9fff" or ch in _NAME_STOP:
            break
        chars.append(ch)
    if not chars:
        return None
    return folded[pos] + "".join(chars)


def _leader_near(folded: str, start: int, end: int, sentence: Sentence) -> str | None:
    if folded[start:end].endswith(("第一书记", "队长", "组长")):
        name = _name_at(folded, end)
        if name:
            return name
    after = _LEADER_AFTER.match(folded, end, sentence.end)
    if after:
        name = _name_at(folded, after.end())
        if name:
            return name
    window = folded[sentence.start : start]
    before = list(_LEADER_BEFORE.finditer(window))
    if before:
        last = before[-1]
        name = _name_at(folded, sentence.start + last.end())
        tail = window[last.end() :]
        if name and re.fullmatch(rf"{re.escape(name)}(?:带领|率领|和|与|同)?[{_H}、]*", tail):
            return name
    found = list(_LEADER_AS.finditer(folded, sentence.start, start + 1))
    m = found[-1] if found else None
    if m and m.end() >= start - 1:
        name = m.group("name")
        if name[0] in SURNAMES:
            return name
    return None


def find_teams(doc: Doc, mentions: list[VillageMention], ref_year: int | None) -> list[TeamFound]:
    """Teams by dispatching unit (or, without one, by village), merged across mentions."""
    folded = doc.folded
    teams: dict[str, TeamFound] = {}
    for sentence in doc.sentences:
        for start, end, unit, villages in _team_spans(doc, sentence, mentions):
            key = unit or ("village:" + villages[0] if villages else "")
            if not key:
                continue
            team = teams.get(key)
            if team is None:
                team = teams[key] = TeamFound(sent_by=unit)
            for name in villages:
                if name not in team.villages:
                    team.villages.append(name)
            evidence = doc.evidence(start, end)
            if evidence is not None and all(e.quote != evidence.quote for e in team.evidence):
                team.evidence.append(evidence)
            team.sentences.append(sentence)
            if team.leader is None:
                team.leader = _leader_near(folded, start, end, sentence)
    found = _merge_unnamed(list(teams.values()))
    paragraph_teams: dict[int, int] = {}
    for team in found:
        for p in {s.paragraph for s in team.sentences}:
            paragraph_teams[p] = paragraph_teams.get(p, 0) + 1
    for team in found:
        if not team.villages:
            team.villages = _paragraph_villages(doc, team, mentions)
        alone = all(paragraph_teams[s.paragraph] == 1 for s in team.sentences)
        _team_details(doc, team, ref_year, single=len(found) == 1, single_in_paragraph=alone)
    return found


def _merge_unnamed(teams: list[TeamFound]) -> list[TeamFound]:
    """A team seen without its unit ('驻赵壁乡梭罗峪村工作队') is the unit's team for that village."""
    named = [t for t in teams if t.sent_by]
    out = list(named)
    for team in teams:
        if team.sent_by:
            continue
        owners = [t for t in named if set(team.villages) & set(t.villages)]
        if len(owners) == 1:
            owners[0].evidence.extend(e for e in team.evidence if e.quote not in {x.quote for x in owners[0].evidence})
            owners[0].sentences.extend(team.sentences)
            owners[0].leader = owners[0].leader or team.leader
        else:
            out.append(team)
    return out


def _paragraph_villages(doc: Doc, team: TeamFound, mentions: list[VillageMention]) -> list[str]:
    """The one village named in the paragraph a team is mentioned in, if exactly one."""
    if not team.sentences:
        return []
    start, end = doc.paragraphs[team.sentences[0].paragraph]
    names = {m.name for m in mentions if start <= m.start < end}
    return list(names) if len(names) == 1 else []


def _team_spans(doc: Doc, sentence: Sentence, mentions: list[VillageMention]):
    """(start, end, unit, villages) of every team mention in one sentence."""
    folded = doc.folded
    results = []
    covered: list[tuple[int, int]] = []
    for m in _POSTING_VERB.finditer(folded, sentence.start, sentence.end):
        unit_info = unit_before(folded, m.start(), sentence.start)
        places = parse_place_list(folded, m.end(), sentence.end)
        tail = _TEAM_WORD.match(folded, m.end())
        if unit_info is None:
            continue
        start, unit = unit_info
        if places:
            end = places[-1].end
            after = re.match(r"(?:驻村|扶贫|脱贫|帮扶|精准|攻坚)*(?:工作队|工作组|帮扶队)", folded[end : sentence.end])
            if after:
                end += after.end()
            results.append((start, end, unit, [p.name for p in places]))
            covered.append((start, end))
        elif m.group() == "驻" and (tail or folded.startswith("村", m.end())):
            team_word = re.match(
                r"村?(?:扶贫|脱贫|帮扶|精准|攻坚)*(?:工作队|工作组|帮扶队)?(?:队长|第一书记)?",
                folded[m.end() : sentence.end],
            )
            if team_word and team_word.end() > 1:
                end = m.end() + team_word.end()
                villages: list[str] = []
                post = re.match(r"(?:挂包|包联|帮扶|入驻|进驻|驻)", folded[end : sentence.end])
                if post:
                    places = parse_place_list(folded, end + post.end(), sentence.end)
                    if places:
                        villages = [p.name for p in places]
                        end = places[-1].end
                results.append((start, end, unit, villages))
                covered.append((start, end))
    for m in _TEAM_WORD.finditer(folded, sentence.start, sentence.end):
        if any(s <= m.start() < e for s, e in covered):
            continue
        head = folded[sentence.start : m.start()]
        desc = _DESCRIPTOR.search(head)
        anchor = m.start() - (len(desc.group()) if desc else 0)
        village = next((v for v in mentions if v.end == anchor), None)
        if village is not None:
            unit_info = unit_before(folded, village.start, sentence.start)
            if unit_info is None:
                results.append((village.start, m.end(), None, [village.name]))
                continue
        unit_info = unit_before(folded, anchor, sentence.start)
        if unit_info is None:
            continue
        start, unit = unit_info
        end = m.end()
        found: list[str] = []
        post = re.match(r"(?:挂包|包联|帮扶|入驻|进驻|驻)", folded[end : sentence.end])
        if post:
            places = parse_place_list(folded, end + post.end(), sentence.end)
            if places:
                found = [p.name for p in places]
                end = places[-1].end
        results.append((start, end, unit, found))
    return results


def _team_details(doc: Doc, team: TeamFound, ref_year: int | None, *, single: bool, single_in_paragraph: bool) -> None:
    """Size, start year and (for a team named without its village) the village nearby."""
    folded = doc.folded
    paragraphs = {s.paragraph for s in team.sentences}
    nearby = [s for s in doc.sentences if s.paragraph in paragraphs and s.start >= team.sentences[0].start][:4]
    near_starts = {s.start for s in nearby}
    pool = list(nearby)
    if single:
        pool += [s for s in doc.sentences if s.start not in near_starts]
    elif team.leader:
        pool += [
            s for s in doc.sentences
            if s.start not in near_starts and team.leader in doc.folded[s.start : s.end]
        ]
    own = {s.start for s in team.sentences}
    for sentence in pool:
        chunk = folded[sentence.start : sentence.end]
        if team.since is None:
            m = _SINCE.search(chunk)
            context_ok = sentence.start in own or "工作队" in chunk or "我们" in chunk or (
                team.leader is not None and team.leader in chunk
            )
            if m and context_ok and not _AREA_WIDE.search(chunk):
                # '从去年12月对接、今年1月3日驻村': the year nearest the verb is the start.
                tokens = re.findall(r"(?:19|20)\d{2}(?=年)|今年|去年|前年", m.group())
                year = _resolve_year(tokens[-1] if tokens else m.group("year"), ref_year)
                if year is not None:
                    team.since = year
                    evidence = doc.evidence(sentence.start + m.start(), sentence.start + m.end())
                    if evidence is not None and all(e.start != evidence.start for e in team.evidence):
                        team.evidence.append(evidence)
        if team.leader is None and single_in_paragraph and sentence.start in near_starts:
            for m in _LEADER_TITLE.finditer(chunk):
                name = _name_at(folded, sentence.start + m.end())
                if name:
                    team.leader = name
                    break
        if team.size is None and sentence.start in near_starts and not _AREA_WIDE.search(chunk):
            m = _SIZE.search(chunk)
            if m:
                value = chinese_number(m.group("a") or m.group("b"))
                if value and 1 <= value <= 30:
                    team.size = int(value)
                    evidence = doc.evidence(sentence.start + m.start(), sentence.start + m.end())
                    if evidence is not None and all(e.start != evidence.start for e in team.evidence):
                        team.evidence.append(evidence)


def _resolve_year(token: str, ref_year: int | None) -> int | None:
    if token.isdigit():
        return int(token)
    if ref_year is None:
        return None
    return {"今年": ref_year, "去年": ref_year - 1, "前年": ref_year - 2}.get(token)
