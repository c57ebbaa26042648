"""A team's leader, size and start year.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from llmx.backends.rules.names import BYLINE_SURNAMES, SURNAMES, name_at, name_before, titled_name_at
from llmx.backends.rules.patterns import (
    DESIGNATED_SINCE,
    LEADER_AFTER,
    LEADER_AS,
    LEADER_BEFORE,
    LEADER_BY,
    LEADER_HINT,
    LEADER_IS,
    POST_AFTER_TITLE,
    ROLE,
    ROLE_AFTER_NAME,
    SINCE,
    SIZE_HINT,
    SIZE_NOT,
    SIZE_PATTERNS,
    STAY_RANGE,
    TEAM_AREA_WIDE,
    TEAM_CHARGE,
    TEAM_CUE,
    TEAM_REFERENCE,
    TITLE_FORMER,
    TITLE_GUARD,
    TITLE_IN_PARENS,
    TITLE_RUN,
    H,
    N,
)
from llmx.backends.rules.places import parse_place_list
from llmx.backends.rules.text import Doc, Sentence
from llmx.core.numbers import chinese_number
from llmx.core.occurrences import find_all
from llmx.core.records import Evidence


@dataclass(slots=True)
class TeamFound:
    sent_by: str | None
    villages: list[str] = field(default_factory=list)
    leader: str | None = None
    size: int | None = None
    since: int | None = None
    evidence: list[Evidence] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    #: Seen in a posting or a team's name, not only in a person's profile (whose unit is the
    #: person's home department: '队长由厅公路局干部X担任').
    posted: bool = False


_VILLAGE_BODY_END = re.compile(r"村(?:党组织|党支部|党总支)?$")


def title_ok(folded: str, m: re.Match[str], floor: int) -> bool:
    """A former or deputy post, or 队长/组长 of another kind (村民小组长, 生产队长), is no team leader."""
    if m.start() <= floor:
        return True
    before = folded[m.start() - 1]
    if before == "原" and _VILLAGE_BODY_END.search(folded, max(floor, m.start() - 6), m.start() - 1):
        return True  # '青石村原第一书记赵立新': that village's secretary of the time the page is about
    if before in TITLE_FORMER:
        return False
    return not (before in TITLE_GUARD and m.group().startswith(("队长", "组长")))


def leaders_in(folded: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """(start, end, name) of every named team leader in [start, end).

    '第一书记兼工作队长王强', '队长、第一书记赵刚', '第一书记由张志强担任', '李建国任第一书记',
    '由张志强担任第一书记', '张丽(第一书记)'.
    """
    found: list[tuple[int, int, str]] = []
    if not LEADER_HINT.search(folded, start, end):
        return found
    for m in TITLE_RUN.finditer(folded, start, end):
        if not title_ok(folded, m, start):
            continue
        name = titled_name_at(folded, m.end())
        stop = m.end() + len(name) if name else m.end()
        if name is None and not m.group("by"):
            name, stop = _holder_after_is(folded, m.end())
        if name is None:
            continue
        if m.group("by") and not re.match(r"(?:同志)?(?:担任|兼任|出任|任)", folded[stop:end]):
            continue
        found.append((m.start(), stop, name))
    for m in ROLE_AFTER_NAME.finditer(folded, start, end):
        floor = max(start, m.start() - 4)
        name = name_before(folded, m.start(), floor)
        if name is not None:
            begin = m.start() - len(name)
            if begin > start and folded[begin - 1] == "由":
                begin -= 1
            found.append((begin, m.end(), name))
    for m in LEADER_BY.finditer(folded, start, end):
        name = name_before(folded, m.end("mid"), m.start("mid"))
        if name is not None:
            found.append((m.start(), m.end(), name))
    for m in TITLE_IN_PARENS.finditer(folded, start, end):
        name = name_before(folded, m.start(), max(start, m.start() - 4))
        if name is not None:
            found.append((m.start() - len(name), m.end(), name))
    return sorted(found)


def _name_after_title(folded: str, pos: int, end: int) -> str | None:
    """The name right after a title, past the leader's own post ('队长、副局长贾建军')."""
    post = POST_AFTER_TITLE.match(folded, pos, end)
    return titled_name_at(folded, post.end() if post else pos)


def _holder_after_is(folded: str, pos: int) -> tuple[str | None, int]:
    """(name, end) of '是陈明', '为陈明' or '叫陈明' at ``pos`` after a title, when the name ends
    its clause: '…工作队由3人组成,队长是陈明,…' (not '队长为民办实事')."""
    word = 2 if folded.startswith("名叫", pos) else 1
    if not folded.startswith(("是", "为", "叫", "名叫"), pos):
        return None, pos
    name = name_at(folded, pos + word)
    if name is None or not _CLAUSE_END.match(folded, pos + word + len(name)):
        return None, pos
    return name, pos + word + len(name)


#: Where a name read after 是 must stop: the clause's end, or 同志 after it.
_CLAUSE_END = re.compile(r"[,;。!?]|同志|$")
#: The post a sentence opening with 作为 gives, up to the comma before its holder's name.
_AS_POST = re.compile(r"的?(?:驻村)?(?:扶贫)?(?:第一书记|工作队队长|工作队长|队长),")
#: A title's holder named with his unit: '队长是县林业局的钱立新'.
_UNITS_OWN = re.compile(r"是[\u4e00-\u9fff]{3,20}?的")


def leader_near(folded: str, start: int, end: int, sentence: Sentence) -> str | None:
    if LEADER_IS.match(folded, end) and folded[sentence.start : start].endswith("是"):
        # '何建平是上饶市水利局下派到丰收村的第一书记' (§3.2), '…名叫何建平,是…的第一书记'
        name_end = start - 2 if folded[sentence.start : start].endswith(",是") else start - 1
        name = name_before(folded, name_end, max(sentence.start, name_end - 4))
        if name:
            return name
    if folded[start:end].endswith(("第一书记", "队长", "组长")):
        name = _name_after_title(folded, end, sentence.end)
        if name:
            return name
    acting = _AS_POST.match(folded, end, sentence.end)
    if acting and folded.endswith("作为", sentence.start, start):
        name = name_at(folded, acting.end())
        if name:
            return name  # '作为县财政局派驻青石村的第一书记,陈明…': the post, then its holder
    after = LEADER_AFTER.match(folded, end, sentence.end)
    if after:
        name = _name_after_title(folded, after.end(), sentence.end)
        if name:
            return name
        owned = _UNITS_OWN.match(folded, after.end(), sentence.end)
        name = titled_name_at(folded, owned.end()) if owned else None
        if name:
            return name  # '…工作队队长是县林业局的钱立新'

    after = TITLE_RUN.match(folded, end, sentence.end)
    if after and not after.group("by"):
        name = titled_name_at(folded, after.end())
        if name:
            return name
    window = folded[sentence.start : start]
    before = list(LEADER_BEFORE.finditer(window))
    if before:
        last = before[-1]
        name = name_at(folded, sentence.start + last.end())
        tail = window[last.end() :]
        if name and re.fullmatch(rf"{re.escape(name)}(?:带领|率领|和|与|同)?[{H}、]*", tail):
            return name
    found = list(LEADER_AS.finditer(folded, sentence.start, start + 1))
    m = found[-1] if found else None
    if m and m.end() >= start - 1:
        name = m.group("name")
        if name[0] in SURNAMES:
            return name
    m = _LEADER_AS_AFTER.match(folded, end, sentence.end)
    if m and m.group("name")[0] in SURNAMES:
        return m.group("name")  # '县财政局向青石村派驻了以陈明为队长的工作队'
    return None


#: '(派驻了)以陈明为队长的工作队' after the posting verb: its leader.
_LEADER_AS_AFTER = re.compile(rf"了?(?:一支)?{LEADER_AS.pattern}")


def team_size(folded: str, start: int, end: int) -> tuple[int, int, int] | None:
    """(size, start, end) of a team-size statement in [start, end), or None.

    '一队三人', '第一书记带领2名队员' (3), '由3名同志组成', '队长1名、队员2名' (3),
    '工作队3人', '3人工作队', '选派3名干部组成驻村工作队', '队员:赵敏、钱进、孙立' (3).
    Counts of teams or of members across teams ('120支工作队', '先后选派', '全县') are not sizes.
    """
    if not SIZE_HINT.search(folded, start, end) or TEAM_AREA_WIDE.search(folded, start, end):
        return None
    for kind, pattern in SIZE_PATTERNS:
        for m in pattern.finditer(folded, start, end):
            clause = doc_clause(folded, m.start(), m.end(), start, end)
            if SIZE_NOT.search(clause):
                continue
            value = _size_value(kind, m)
            if value is not None and 1 <= value <= 30:
                return value, m.start(), m.end()
    return None


def doc_clause(folded: str, begin: int, stop: int, floor: int, ceiling: int) -> str:
    """The clause (between , ; :) around [begin, stop), within [floor, ceiling)."""
    left = max(folded.rfind(ch, floor, begin) for ch in ",;")
    right = min((i for i in (folded.find(ch, stop, ceiling) for ch in ",;") if i >= 0), default=ceiling)
    return folded[max(left + 1, floor) : right]


def _size_value(kind: str, m: re.Match[str]) -> int | None:
    if kind == "led_listed":
        names = [m.group("lead"), *m.group("names").split("、")]
        return len(names) if all(n[0] in SURNAMES for n in names) else None
    if kind == "listed":
        names = re.split("[、和]", m.group("names") or m.group("names2"))
        count = chinese_number(m.group("n") or m.group("n2"))
        return len(names) if count == len(names) and all(n[0] in SURNAMES for n in names) else None
    if kind in ("names", "led_names"):
        # (a 的 read into the first name: '…集团的周立、訾明和钱亮组成工作队')
        names = [re.sub(r"\(.*\)", "", n) for n in re.split("[、和]", m.group("names").removeprefix("的"))]
        if kind == "led_names":
            names.append(m.group("lead"))
        # (names listed as members are names even with a rarer surname: '周立、訾明和钱亮')
        return len(names) if all(n[0] in SURNAMES or n[0] in BYLINE_SURNAMES for n in names) and all(
            len(n) <= 3 for n in names
        ) else None
    if kind in ("roles", "roles1"):
        items = re.findall(rf"{ROLE}(?P<a>{N})(?:名|人|位)|(?P<b>{N})(?:名|人|位){ROLE}", m.group())
        if kind == "roles1" and "员" not in m.group():
            return None  # '队长1名' alone is not the team's size
        counts = [chinese_number(a or b) for a, b in items]
        if not counts or any(c is None or c != int(c) for c in counts):
            return None
        return int(sum(c for c in counts if c is not None))
    n = chinese_number(m.group("n"))
    if n is None or n != int(n):
        return None
    value = int(n)
    if kind == "plus" or (kind == "pre" and re.search(r"第一书记|队长|组长", m.group("pre"))):
        value += 1  # the leader named apart from the members
    return value


def _add_evidence(doc: Doc, team: TeamFound, start: int, end: int) -> None:
    evidence = doc.evidence(start, end)
    if evidence is None:
        return
    if any(e.start <= evidence.start and evidence.end <= e.end for e in team.evidence):
        return
    team.evidence.append(evidence)


_NTH_YEAR = re.compile(r"第([\d一二两三四五六七八九十]+)个?年头")


def _leader_arrived(leader: str) -> re.Pattern[str]:
    """A year, then the leader coming to a village: his start (§3.4)."""
    return re.compile(
        # ('2016年4月,47岁的李明背着行李,来到青石村': one clause of his way between)
        # ('…背着自己的铺盖卷和一箱子书住到了青石村', '…扎根在青石村')
        rf"(?P<year>(?:19|20)\d{{2}})年[^。;!?]{{0,16}}?{re.escape(leader)}(?:[^。;!?,]{{0,8}},)?[^。;!?,]{{0,16}}?"
        r"(?:来到了?|刚来|刚到|到|来|进驻|驻进|住进|扎根在?)[^。;!?]{0,16}?村"
        # ('李明2018年来到青石村': the year right after his name)
        rf"|{re.escape(leader)}(?:同志)?(?:于)?(?P<year2>(?:19|20)\d{{2}})年(?:\d{{1,2}}月)?(?:来到了?|到|进驻|驻进|住进)"
        r"[^。;!?,]{0,12}?村"
    )


def team_details(
    doc: Doc, team: TeamFound, ref_year: int | None, *, single: bool, own_paragraphs: set[int],
    leader_positions: dict[str, list[int]] | None = None,
) -> None:
    """Size, start year and leader, from the team's own sentences and those right after.

    A document's only team also takes these facts from any later sentence ('该工作队现有
    队员3名'), as long as the document states them one way only. ``leader_positions``
    (leader → where the document writes the name) finds the other sentences naming a
    team's leader.
    """
    folded = doc.folded
    sentences = doc.sentences
    paragraphs = {s.paragraph for s in team.sentences}
    first = team.sentences[0].start
    # Sentences are found by index, not by a pass over the document per team (which made
    # time grow with the square of a long report's length).
    nearby: list[Sentence] = []
    last_paragraph = max(paragraphs)
    for k in range(doc.sentence_index(first - 1) + 1, len(sentences)):
        if len(nearby) == 4 or sentences[k].paragraph > last_paragraph:
            break
        if sentences[k].paragraph in paragraphs:
            nearby.append(sentences[k])
    if own_paragraphs:
        # The paragraph is this team's alone: a date or size before its first mention is its own
        # ('这是2015年底扶贫工作队刚进村时摸清的家底。…是州财政局的定点帮扶村', §3.4).
        nearby = [
            sentences[k] for p in sorted(own_paragraphs) for k in doc.paragraph_sentences(p)
            if sentences[k].start < first
        ] + nearby
    near_starts = {s.start for s in nearby}
    pool = list(nearby)
    if single:
        pool += [s for s in sentences if s.start not in near_starts]
    elif team.leader:
        # the sentences writing the leader's name, from the name's positions
        if leader_positions is None:
            leader_positions = find_all(folded, [team.leader])
        length = len(team.leader)
        holding = sorted({
            k for pos in leader_positions.get(team.leader, [])
            if (k := doc.sentence_index(pos)) >= 0 and pos + length <= sentences[k].end
        })
        pool += [sentences[k] for k in holding if sentences[k].start not in near_starts]
    own = {s.start for s in team.sentences}
    # The sentence right after the team's own ('…一行四人,队长王刚…。2017年9月进村后,…').
    after_own: set[int] = set()
    for start in own:
        k = doc.sentence_index(start)
        same_paragraph = 0 <= k < len(sentences) - 1 and sentences[k + 1].paragraph == sentences[k].paragraph
        if same_paragraph and sentences[k].start == start:
            after_own.add(sentences[k + 1].start)
    arrived = _leader_arrived(team.leader) if team.leader else None
    for sentence in pool:
        chunk = folded[sentence.start : sentence.end]
        if team.since is None and arrived is not None and (came := arrived.search(chunk)) is not None:
            # '2017年11月,李明刚来村里当驻村第一书记', '2016年3月,李明来到青石村的头一天'
            team.since = int(came.group("year") or came.group("year2"))
            _add_evidence(doc, team, sentence.start + came.start(), sentence.start + came.end())
        if team.since is None:
            m = SINCE.search(chunk)
            context_ok = sentence.start in own or "工作队" in chunk or "我们" in chunk or (
                team.leader is not None and team.leader in chunk
            ) or sentence.start in after_own
            if m and context_ok and not TEAM_AREA_WIDE.search(chunk):
                # '从去年12月对接、今年1月3日驻村': the year nearest the verb is the start.
                tokens = re.findall(r"(?:19|20)\d{2}(?=年)|今年|去年|前年|[一二两三四五六七八九\d]年前", m.group())
                # a stay '2019年2月至2020年3月,派驻…' starts with its first year
                ranged = STAY_RANGE.match(m.group().lstrip("自从于"))
                token = tokens[0] if ranged and tokens else tokens[-1] if tokens else m.group("year")
                year = _resolve_year(token, doc.ref_year_at(sentence.start) if doc.entries else ref_year)
                nth = _NTH_YEAR.search(chunk, m.end())
                if year is not None and nth is not None:
                    # '今年是她…到村的第五个年头': she came four years before
                    count = chinese_number(nth.group(1))
                    year = year - int(count) + 1 if count else None
                if year is not None:
                    team.since = year
                    _add_evidence(doc, team, sentence.start + m.start(), sentence.start + m.end())
        if team.leader is None and sentence.paragraph in own_paragraphs and sentence.start in near_starts:
            found = leaders_in(folded, sentence.start, sentence.end)
            if found:
                begin, stop, team.leader = found[0]
                _add_evidence(doc, team, begin, stop)
        if team.size is None and sentence.start in near_starts:
            size = team_size(folded, sentence.start, sentence.end)
            if size is not None:
                team.size = size[0]
                _add_evidence(doc, team, size[1], size[2])
    if team.since is None and team.sent_by:
        for sentence in pool:
            if folded.find(team.sent_by, sentence.start, sentence.end) < 0:
                continue  # (the unit's name first: a pool may be every sentence of the page)
            designated = DESIGNATED_SINCE.search(folded, sentence.start, sentence.end)
            if designated is not None:
                team.since = int(designated.group("year"))
                _add_evidence(doc, team, designated.start(), designated.end())
                break
    if not single:
        return
    far = [s for s in doc.sentences if s.start not in near_starts and s.start >= team.sentences[0].start]
    if team.leader is None:
        leaders = [hit for s in far for hit in leaders_in(folded, s.start, s.end)]
        if len({name for _, _, name in leaders}) > 1:
            # 队长 and 第一书记 are two people (§3.2): the 队长 leads the team.
            leaders = [hit for hit in leaders if "队长" in folded[hit[0] : hit[1]]]
        if leaders and len({name for _, _, name in leaders}) == 1:
            begin, stop, team.leader = leaders[0]
            _add_evidence(doc, team, begin, stop)
    for s in far:
        if TEAM_REFERENCE.search(folded, s.start, s.end):
            for m in TEAM_CHARGE.finditer(folded, s.start, s.end):
                places = parse_place_list(folded, m.end(), s.end)
                new = [p.name for p in places if p.name not in team.villages]
                if new:
                    team.villages.extend(new)
                    _add_evidence(doc, team, m.start(), places[-1].end)
    if team.size is None:
        sizes = [
            size for s in far
            if TEAM_CUE.search(folded, s.start, s.end) or "队员" in folded[s.start : s.end]
            if (size := team_size(folded, s.start, s.end)) is not None
        ]
        if sizes and len({size[0] for size in sizes}) == 1:
            team.size = sizes[0][0]
            _add_evidence(doc, team, sizes[0][1], sizes[0][2])


def _resolve_year(token: str, ref_year: int | None) -> int | None:
    if token.isdigit():
        return int(token)
    if ref_year is None:
        return None
    if token.endswith("年前"):  # '两年前,我来到坝上村担任第一书记'
        count = chinese_number(token[:-2])
        return ref_year - int(count) if count else None
    return {"今年": ref_year, "去年": ref_year - 1, "前年": ref_year - 2}.get(token)
