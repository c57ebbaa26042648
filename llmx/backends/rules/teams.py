"""Work teams: a dispatching unit, its villages, merged across mentions.
"""

from __future__ import annotations

import re

from llmx.backends.rules.names import is_person_name, name_at, name_before, titled_name_at
from llmx.backends.rules.orgs import (
    Span,
    past_leading_noise,
    same_unit,
    split_units,
    unit_at,
    unit_before,
    unit_ending,
)
from llmx.backends.rules.patterns import (
    AGE_GROUP,
    APPOSED_POST,
    ARRANGER,
    BRIDGE_MAX,
    BRIDGE_TO,
    CAME_FROM_UNIT,
    CONNECTOR,
    DESCRIPTOR,
    DISPATCH,
    FIRST_SECRETARY,
    FROM_UNIT,
    HOME_UNIT_AFTER,
    LEADER_POST,
    LIST_NUMBER,
    NAME_STOP,
    NAMED_TEAM,
    NEEDS_CUE,
    OFFICE_IS_UNIT,
    POSTING_VERB,
    RELATION_HINT,
    SENT_BY_UNIT,
    TEAM_CUE,
    TEAM_GAP,
    TEAM_POSTED,
    TEAM_WORD,
    THIS_VILLAGE,
    TITLE,
    WRITERS_UNIT,
)
from llmx.backends.rules.places import Mentions, VillageMention, parse_place_list
from llmx.backends.rules.profiles import (
    apposition_unit,
    came_from_spans,
    helped_village_spans,
    joint_spans,
    posted_person_spans,
    profile_spans,
    relation_spans,
    subject_unit_span,
    unit_with_posts,
    village_team_spans,
)
from llmx.backends.rules.team_facts import TeamFound, leader_near, team_details, title_ok
from llmx.backends.rules.text import CLAUSE_BREAK, Doc, Sentence, in_order
from llmx.core.occurrences import find_all

#: A word every team pattern needs (posting verbs, team words, titles, relation words): a
#: sentence without one is not read further.
_TRIGGER = re.compile(
    r"驻|派|抽调|挂包|包联|帮扶|挂钩|工作队|工作组|帮扶队|扶贫队|小分队|书记|队长|组长|扶贫|脱贫|结对|定点|对口|包扶|联系|单位|组建|组成|帮建|包建|迎来"
    r"|联点|包保|娘家|包村"
)
_DESCRIPTOR_MAX = 24
_GAP_MAX = 40
# (a numbered team: '驻青石村扶贫第一工作队')
_TEAM_AFTER = re.compile(
    r"(?:驻村|扶贫|脱贫|帮扶|精准|攻坚)*(?:第[一二三四五六七八九十]+)?(?:工作队|工作组|帮扶队|小分队)"
)
_POSTED_TEAM = re.compile(
    r"村?(?:扶贫|脱贫|帮扶|精准|攻坚)*(?:第[一二三四五六七八九十]+)?(?:工作队|工作组|帮扶队)?(?:队长|第一书记)?"
)
_POST_AGAIN = re.compile(r"(?:挂包|包联|帮扶|入驻|进驻|驻)")
_POST_AFTER_TEAM = re.compile(
    r",?(?:(?:全体)?(?:成员|队员)?(?:先后|分别|再次|一行)?(?:深入|来到|走进|前往|进入|赴)|挂包|包联|(?:对口|结对)?帮扶|对口"
    r"|结对|入驻|进驻|驻)"
)
#: A unit at the village it is paired with: '在联点的', '在帮扶点'.
_AT_ITS_POINT = re.compile(r"在(?:其)?(?:联点|联系点|帮扶点|扶贫点|驻点|帮扶村|联系村|扶贫联系村)的?")
_STOP = re.compile(r"[,;:。!?]")
_TAKES_TITLE = re.compile(rf"(?:担任|任)(?:驻村)?{TITLE}")
_TITLE_HELD = re.compile(rf"的?(?:驻村)?{TITLE}")
_DIGIT = re.compile(r"\d")


def find_teams(doc: Doc, mentions: Mentions, ref_year: int | None) -> list[TeamFound]:
    """Teams by dispatching unit (or, without one, by village), merged across mentions."""
    folded = doc.folded
    teams: dict[str, TeamFound] = {}
    about_teams = TEAM_CUE.search(folded) is not None
    last_unit: tuple[int, str] | None = None  # (paragraph, unit) for 该局 in the next sentence
    previous = None
    for sentence in doc.sentences:
        prev, previous = (previous if previous and previous.paragraph == sentence.paragraph else None), sentence
        if not _TRIGGER.search(folded, sentence.start, sentence.end):
            # no word any team pattern starts from (most of a report's sentences), unless units
            # open its clauses to say what they did for a village ('…扶持白沙乡柳湾村…'; that
            # reader's own cue test is all it costs such a sentence)
            spans = helped_village_spans(doc, sentence, mentions)
            if not spans:
                continue
        else:
            spans = _team_spans(doc, sentence, mentions, about_teams)
        text = folded[sentence.start : sentence.end]
        if RELATION_HINT.search(text):
            spans += relation_spans(doc, sentence, mentions)
        if "由" in text or "组成" in text or "组建" in text:
            spans += joint_spans(doc, sentence, mentions)
        if "扶贫" in text or "帮扶" in text or "驻村" in text or "书记" in text or "派" in text:
            spans += posted_person_spans(doc, sentence, mentions)
        if "书记" in text or "队长" in text:
            unit_here = last_unit[1] if last_unit and last_unit[0] == sentence.paragraph else None
            spans += profile_spans(doc, sentence, mentions, unit_here, prev)
        if "来自" in text:
            spans += came_from_spans(doc, sentence, mentions)
        if "(" in text or "（" in text:
            spans += _roster_entry(doc, sentence)
        if not spans and ("工作队" in text or "工作组" in text):
            spans = village_team_spans(doc, sentence, mentions)
        spans = [part for span in _join_in_sentence(spans) for part in _respectively(folded, span)]
        for span in spans:
            if span.unit and "、" in span.unit and _AS_AN_EXAMPLE.search(
                folded, max(sentence.start, span.start - 2), span.start
            ) and _LIKE_THESE.match(folded, span.end, min(sentence.end, span.end + 16)):
                # '像A、B驻村工作队这样…的工作队全镇还有20多支': units cited together as examples of
                # many are no joint team ('像青石村第一书记王立一样' still names one)
                continue
            if span.unit:
                last_unit = (sentence.paragraph, span.unit)
            unit, villages = span.unit, span.villages
            key = unit or ("village:" + villages[0] if villages else "")
            key = key or ("leader:" + span.leader if span.leader else "")
            if not key:
                continue
            team = teams.get(key)
            if team is None:
                team = teams[key] = TeamFound(sent_by=unit)
            for name in villages:
                if name not in team.villages:
                    team.villages.append(name)
            for begin, stop in [(span.start, span.end)] + ([span.extra] if span.extra else []):
                evidence = doc.evidence(begin, stop)
                if evidence is not None and all(e.quote != evidence.quote for e in team.evidence):
                    team.evidence.append(evidence)
            team.sentences.append(sentence)
            team.posted = team.posted or not span.profile
            if span.profile and span.leader:
                team.leader = span.leader
            elif team.leader is None:
                team.leader = span.leader or leader_near(folded, span.start, span.end, sentence)
    found = _merge_profiles(_merge_short_units(_merge_unnamed(_merge_short_units(list(teams.values())))))
    if not found:
        writer = _writer_team(doc, mentions)
        found = [writer] if writer is not None else []
    if len(found) == 1 and found[0].sent_by is None and found[0].leader:
        apposition_unit(doc, found[0])
    leader_positions = find_all(folded, (team.leader for team in found if team.leader))
    paragraph_teams: dict[int, int] = {}
    for team in found:
        for p in {s.paragraph for s in team.sentences}:
            paragraph_teams[p] = paragraph_teams.get(p, 0) + 1
    for team in found:
        if not team.villages:
            team.villages = _paragraph_villages(doc, team, mentions)
        if not team.villages and len(found) == 1:
            # The only team of a document about one village is that village's team.
            names = list(dict.fromkeys(m.name for m in mentions))
            team.villages = names if len(names) == 1 else []
        own = {s.paragraph for s in team.sentences if paragraph_teams[s.paragraph] == 1}
        team_details(doc, team, ref_year, single=len(found) == 1, own_paragraphs=own, leader_positions=leader_positions)
        if team.sent_by is None and team.leader:
            _leader_unit(doc, team)
    merged = _merge_leader_into_unit(_merge_same_unit(found), folded)
    short_forms = _short_forms(folded)
    for team in merged:
        if team.leader:
            team.leader = _name_as_the_page_writes_it(folded, team.leader)
        if team.sent_by and short_forms:
            team.sent_by = _full_name(team.sent_by, short_forms)
    return merged


#: A unit's short form declared after its full name: '(以下简称“云化公司”)', '(简称石门农商行)'.
_SHORT_FORM = re.compile(r"[(（](?:以下)?简称[:：]?[“\"]?(?P<short>[\u4e00-\u9fff]{2,12})[”\"]?[)）]")


def _short_forms(folded: str) -> dict[str, str]:
    """short form → full name, for each unit the page names in full with its short form after it."""
    found: dict[str, str] = {}
    if "简称" not in folded:
        return found
    for m in _SHORT_FORM.finditer(folded):
        unit = unit_before(folded, m.start(), max(0, m.start() - 60))
        if unit is not None and len(unit[1]) > len(m.group("short")):
            found[m.group("short")] = unit[1]
    return found


def _full_name(unit: str, short_forms: dict[str, str]) -> str:
    """The unit by the full name the page declares for it: '云化公司' and '云岭集团石门云化公司'
    (a short form after words of the full name) both stand for the company named in full."""
    for short, full in short_forms.items():
        if unit.endswith(short) and all(ch in full for ch in unit[: len(unit) - len(short)]):
            return full
    return unit


def _name_as_the_page_writes_it(folded: str, name: str) -> str:
    """A three-character name read once whose first two characters the page writes elsewhere
    as a name of their own ('吴敏跟往常一样…' once; '吴敏,', or '吴敏背着…' and '吴敏发现…'):
    the name is those two, its third character the next word's."""
    if len(name) == 2:
        return _name_whose_third_character_stops_names(folded, name)
    if len(name) != 3 or folded.count(name) != 1:
        return name
    short = name[:2]
    followers = set()
    at = folded.find(short)
    while at >= 0:
        if at + 2 >= len(folded) or folded[at + 2] != name[2]:
            followers.add(folded[at + 2 : at + 3])
        at = folded.find(short, at + 2)
    ended = any(not "\u4e00" <= ch <= "\u9fff" or ch in NAME_STOP for ch in followers)
    return short if ended or len(followers) >= 2 else name


def _name_whose_third_character_stops_names(folded: str, name: str) -> str:
    """A two-character name the page always writes with the same third character, a
    character that ends names elsewhere ('…第一书记何立师盘算着…', '何立师决定…'): the name is
    the three, where different words follow them."""
    after = {folded[at + 2 : at + 3] for at in find_all(folded, [name])[name]}
    if len(after) != 1 or (third := after.pop()) not in _GIVEN_AS_WELL:
        return name
    followers = {folded[at + 3 : at + 4] for at in find_all(folded, [name + third])[name + third]}
    if len(followers) < 2 or not all("\u4e00" <= ch <= "\u9fff" and ch not in NAME_STOP for ch in followers):
        return name
    return name + third


#: Characters that end a name in running text (NAME_STOP: a title, an adverb) but end given
#: names too: 师 (老师), 正, 一, 作, 来, 深, 坚, 积, 主, 多, 同, 先.
_GIVEN_AS_WELL = frozenset("师正一作来深坚积主多同先")


#: Teams cited as examples of many: '像A、B驻村工作队这样…', '如A驻村工作队一样…'.
_AS_AN_EXAMPLE = re.compile(r"(?:像|如同|好比)$")
_LIKE_THESE = re.compile(r"[^,。;]{0,12}?(?:这样|一样|这类|这种)")


def _merge_leader_into_unit(teams: list[TeamFound], folded: str) -> list[TeamFound]:
    """A village's secretary named alone ('青石村第一书记李明') and the one unit named for that
    village without a leader ('县水利局驻青石村工作队') are one team."""
    out = list(teams)
    for lone in teams:
        if lone.sent_by is not None or lone.leader is None or len(lone.villages) != 1:
            continue
        led = [t for t in out if t is not lone and t.leader == lone.leader]
        if len(led) == 1:
            # the same secretary named again with his village alone (a headline's '青石村第一书记
            # 李明' over '县水利局派驻上青石村的第一书记李明'): one team; a name inside one of its
            # villages' (a headline's short form) adds no village
            lone.villages = [v for v in lone.villages if not any(v in w or w in v for w in led[0].villages)]
            _absorb(led[0], lone)
            out.remove(lone)
            continue
        same = [t for t in out if t is not lone and lone.villages[0] in t.villages]
        if len(same) != 1 or same[0].sent_by is None or same[0].leader is not None or len(same[0].villages) != 1:
            continue
        same[0].leader = lone.leader
        _absorb(same[0], lone)
        out.remove(lone)
    if len(out) == 2:
        # a page's only unit, named with no village, and its only secretary, named with his
        # village ('帮扶单位县公安局…', '土坪村第一书记赵军…'), or the team the writer's unit
        # sent ('云岭县水利局工作总结' over '我局选派3名干部…进驻青石村'): one team
        unit, lone = sorted(out, key=lambda t: t.sent_by is None)
        writers = any(WRITERS_UNIT.search(folded, s.start, s.end) for s in lone.sentences)
        if (unit.sent_by and not unit.villages and unit.leader is None
                and lone.sent_by is None and (lone.leader or writers) and lone.villages):
            unit.leader = lone.leader
            _absorb(unit, lone)
            out = [unit]
    return out


def _merge_same_unit(teams: list[TeamFound]) -> list[TeamFound]:
    """Teams that came to the same unit and leader late (a leader's post read after the merge)
    are one team."""
    out: list[TeamFound] = []
    for team in teams:
        twin = next((t for t in out if t.sent_by and t.sent_by == team.sent_by and t.leader == team.leader), None)
        if twin is None:
            out.append(team)
            continue
        _absorb(twin, team)
    return out


def _absorb(team: TeamFound, other: TeamFound) -> None:
    """``other``'s villages, evidence, size and start, added to ``team``'s where it has none."""
    team.villages.extend(v for v in other.villages if v not in team.villages)
    team.evidence.extend(e for e in other.evidence if e.quote not in {x.quote for x in team.evidence})
    team.size = team.size or other.size
    team.since = team.since or other.since




_QUOTED = re.compile(r"“[^”]{0,200}”|\"[^\"]{0,200}\"")
_FIRST_PERSON = re.compile(r"我")
_WRITER_MIN = 3
#: A page about a village's stationed team or secretary, though it names neither unit nor leader.
_STATIONED = re.compile(r"驻村工作队|扶贫工作队|帮扶工作队|工作队员|驻村第一书记|第一书记|驻村干部|驻村团队")
_STATIONED_MIN = 1
_WRITER_POSTING = re.compile(r"我|以来|担任|任职")


def _writer_team(doc: Doc, mentions: Mentions) -> TeamFound | None:
    """The writer's own team on a first-person page (a 述职报告, a 驻村笔记, a secretary's
    diary) that names no unit: '我…驻村担任第一书记', '所驻青石村…'. It is the team of the
    village the page names most, when one does."""
    folded = doc.folded
    narrated = _QUOTED.sub("", folded)  # villagers' words in quotes are not the writer's
    if TEAM_CUE.search(folded) is None:
        return None
    if len(_FIRST_PERSON.findall(narrated)) < _WRITER_MIN and len(_STATIONED.findall(narrated)) < _STATIONED_MIN:
        return None
    counts: dict[str, int] = {}
    for mention in mentions:
        counts[mention.name] = counts.get(mention.name, 0) + 1
    if not counts:
        return None
    ranked = sorted(counts.items(), key=lambda kv: -kv[1])
    if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
        return None  # no one village the page is about
    village = ranked[0][0]
    first = next(m for m in mentions if m.name == village)
    cued = [s for s in doc.sentences if TEAM_CUE.search(folded, s.start, s.end)]
    # the writer's own posting ('我…驻村', '…驻村以来') rather than a headline naming the genre
    sentence = next((s for s in cued if _WRITER_POSTING.search(folded, s.start, s.end)), cued[0] if cued else None)
    team = TeamFound(sent_by=None, villages=[village], posted=True)
    # quoted short (the village, the team's word), so the sentence's figures stay free
    cue = _STATIONED.search(folded, sentence.start, sentence.end) if sentence else None
    cue = cue or (TEAM_CUE.search(folded, sentence.start, sentence.end) if sentence else None)
    for begin, stop in [(first.start, first.end)] + ([(cue.start(), cue.end())] if cue else []):
        evidence = doc.evidence(begin, stop)
        if evidence is not None and all(e.quote != evidence.quote for e in team.evidence):
            team.evidence.append(evidence)
    team.sentences = [s for s in (doc.sentence_at(first.start), sentence) if s is not None]
    return team


def _join_in_sentence(spans: list[Span]) -> list[Span]:
    """'青石村第一书记王强介绍,县交通局驻村工作队自2017年进驻以来…': one sentence names the
    unit's team without its village and the village's secretary without a unit; one team."""
    with_unit = [s for s in spans if s.unit]
    if len(with_unit) != 1 or with_unit[0].villages:
        return spans
    bare = [s for s in spans if not s.unit and s.villages]
    if not bare or len({v for s in bare for v in s.villages}) != 1:
        return spans
    unit = with_unit[0]
    unit.villages = list(bare[0].villages)
    unit.leader = unit.leader or next((s.leader for s in bare if s.leader), None)
    start = min(unit.start, *(s.start for s in bare))
    end = max(unit.end, *(s.end for s in bare))
    joined = Span(start, end, unit.unit, unit.villages, unit.leader, unit.extra, unit.profile)
    return [joined] + [s for s in spans if s is not unit and s not in bare]


_RESPECTIVELY = "分别"


def _respectively(folded: str, span: Span) -> list[Span]:
    """'县水利局、县交通局分别派出工作队进驻东坪村、石桥村': each unit its own team, with
    the village in the same place of its list when the two lists are as long (SPEC §4:
    units named together are one team only when they act as one)."""
    if not span.unit or _RESPECTIVELY not in folded[span.start : span.end]:
        return [span]
    units = split_units(span.unit)
    at = folded.find(_RESPECTIVELY, span.start, span.end)
    if len(units) < 2 or at < span.start + len(span.unit) or at > span.start + len(span.unit) + 12:
        return [span]
    paired = len(span.villages) == len(units)
    return [
        Span(span.start, span.end, unit, [span.villages[i]] if paired else list(span.villages), None, span.extra)
        for i, unit in enumerate(units)
    ]


def _leader_unit(doc: Doc, team: TeamFound) -> None:
    """A unit-less team's home unit from its leader's post: '队长周海涛是市审计局经济责任审计科科长',
    '队长罗德荣原是县烟草分公司的烟叶技术员' (§3.1 pattern 6)."""
    folded = doc.folded
    assert team.leader is not None
    at = folded.find(team.leader)
    while at >= 0:
        sentence = doc.sentence_at(at)
        owner = _owner_before(folded, at, sentence) if sentence else None
        if owner is not None:
            # '队长是县林业局的钱立新', '来自县林业局的青石村第一书记钱立新': the leader's unit
            team.sent_by = owner[1]
            evidence = doc.evidence(owner[0], at + len(team.leader))
            if evidence is not None:
                team.evidence.append(evidence)
            return
        after = _owner_after(folded, at + len(team.leader), sentence) if sentence else None
        if after is not None:
            # '队长周海涛是市审计局…', '韩立新从省地震局来到…', '韩立新,县水务局工程股的副股长'
            team.sent_by = after[1]
            evidence = doc.evidence(at, after[0])
            if evidence is not None:
                team.evidence.append(evidence)
            return
        at = folded.find(team.leader, at + len(team.leader))


def _owner_after(folded: str, pos: int, sentence: Sentence) -> tuple[int, str] | None:
    """(end, unit) of the home unit written right after a leader's name at ``pos``: 是/系
    and the unit, 从 the unit he came from, 被 the unit that sent him, or the unit and a
    post in apposition or brackets."""
    m = LEADER_POST.match(folded, pos, sentence.end)
    unit = unit_at(folded, m.end(), sentence.end) if m else None
    if m is not None and unit is not None:
        return m.end() + len(unit), unit
    for pattern in (CAME_FROM_UNIT, SENT_BY_UNIT):
        came = pattern.match(folded, pos, sentence.end)
        group = "left" if came is not None and came.groupdict().get("left") else "unit"
        found = unit_before(folded, came.end(group), came.start(group)) if came else None
        if came is not None and found is not None and found[0] == came.start(group):
            if pattern is SENT_BY_UNIT and ARRANGER.search(found[1]):
                continue  # '被县委组织部选派': who arranged it, not his unit
            return came.end(group), found[1]
    if folded.startswith((",", "("), pos):
        return _unit_and_post(folded, pos + 1, sentence.end)  # 'X,县水务局工程股的副股长', 'X(县财政局干部)'
    return None


def _unit_and_post(folded: str, pos: int, end: int) -> tuple[int, str] | None:
    """(end of the post, unit) of a unit and a post written from ``pos``: '县财政局干部'."""
    unit = unit_at(folded, pos, end)
    post = HOME_UNIT_AFTER.match(folded, pos + len(unit), end) if unit else None
    return (post.end(), unit) if unit is not None and post is not None else None


_FORMED = re.compile(r"(?:成立|组建|组成)了?$")  # ('选派4名干部组成驻村工作队')


def _formed_by_opener(folded: str, pos: int, sentence: Sentence) -> tuple[int, str] | None:
    """(start, unit) of the unit a sentence opens with, when a team formed (成立, 组建) is
    written at ``pos`` later in it: '2018年,X学院按照部署,迅速组建驻村工作队', '…局按照县委
    部署,选派4名干部组成驻村工作队'."""
    if not _FORMED.search(folded, max(sentence.start, pos - 4), pos):
        return None
    base = past_leading_noise(folded, sentence.start, sentence.end)
    unit = unit_at(folded, base, sentence.end)
    return (base, unit) if unit is not None else None


#: Where a person works, right before the name: '在市档案馆任职的', '在县法院工作的“90后”'.
_WORKED_AT = re.compile(rf"在(?P<unit>[\u4e00-\u9fff]{{3,20}}?)(?:任职|工作)的(?:{AGE_GROUP})?$")


#: A unit's cadre, then his titles, then his name: '…选派干部、青石村第一书记、队长'.
_SENT_CADRE_TITLED = re.compile(
    r"(?:选派|派驻|下派|派出)的?干部[、,](?:[\u4e00-\u9fff]{0,12}?(?:第一书记|队长)[、,]?){1,3}$"
)


def _owner_before(folded: str, at: int, sentence: Sentence) -> tuple[int, str] | None:
    """(start, unit) of the unit a name at ``at`` is introduced with, by the first reader
    that finds one ('是县林业局的钱立新', '县档案局干部韩立新', '来自县林业局的…钱立新')."""
    for reader in _OWNER_READERS:
        owner = reader(folded, at, sentence)
        if owner is not None:
            return owner
    return None


def _owner_of(folded: str, at: int, sentence: Sentence) -> tuple[int, str] | None:
    """'是县林业局的钱立新': the unit and 的, opening the sentence or after 是/,/:."""
    if folded[at - 1 : at] != "的":
        return None
    owner = unit_before(folded, at - 1, sentence.start)
    if owner is not None and (owner[0] == sentence.start or folded[owner[0] - 1] in "是,:"):
        return owner
    return None


def _owner_sent_titled(folded: str, at: int, sentence: Sentence) -> tuple[int, str] | None:
    """'县人大机关选派干部、青石村第一书记、驻村工作队队长韩立新': the unit, then his titles."""
    chain = _SENT_CADRE_TITLED.search(folded, max(sentence.start, at - 48), at)
    return unit_before(folded, chain.start(), sentence.start) if chain else None


def _owner_with_posts(folded: str, at: int, sentence: Sentence) -> tuple[int, str] | None:
    """'县档案局干部韩立新', '县林业局党组成员、办公室主任韩立新': the unit and his posts."""
    return unit_with_posts(folded, at, sentence.start)


def _owner_worked_at(folded: str, at: int, sentence: Sentence) -> tuple[int, str] | None:
    """'在市档案馆任职的“90后”王金华': where the leader works."""
    worked = _WORKED_AT.search(folded, max(sentence.start, at - 30), at)
    owner = unit_before(folded, worked.end("unit"), worked.start("unit")) if worked else None
    return owner if worked is not None and owner is not None and owner[0] == worked.start("unit") else None


def _owner_came_from(folded: str, at: int, sentence: Sentence) -> tuple[int, str] | None:
    """'来自县林业局的青石村第一书记钱立新': 来自 the unit, with no clause break before the name."""
    came = [m for m in FROM_UNIT.finditer(folded, max(sentence.start, at - 40), at) if m.group("unit2")]
    if not came or CLAUSE_BREAK.search(folded, came[-1].end(), at):
        return None
    owner = unit_before(folded, came[-1].end("unit2"), came[-1].start("unit2"))
    return owner if owner is not None and owner[0] == came[-1].start("unit2") else None


_OWNER_READERS = (_owner_of, _owner_sent_titled, _owner_with_posts, _owner_worked_at, _owner_came_from)


def _merge_profiles(teams: list[TeamFound]) -> list[TeamFound]:
    """A unit read only from a profile ('队长由县水务局干部X担任') is the person's home department:
    a member of a joint unit, or a department of the unit posted to the same villages, joins
    that team rather than making another."""
    out: list[TeamFound] = []
    for team in teams:
        owner = None
        if team.sent_by and not team.posted:
            for other in teams:
                if other is team or not other.sent_by or not other.posted:
                    continue
                members = CONNECTOR.split(other.sent_by)[::2]
                if len(members) > 1 and any(same_unit(team.sent_by, m) for m in members):
                    owner = other
                    break
                if team.villages and set(team.villages) <= set(other.villages):
                    owner = other
                    break
        if owner is None:
            out.append(team)
            continue
        owner.villages.extend(v for v in team.villages if v not in owner.villages)
        owner.evidence.extend(e for e in team.evidence if e.quote not in {x.quote for x in owner.evidence})
        owner.sentences.extend(team.sentences)
        owner.leader = owner.leader or team.leader
    return out


def _unit_of_office(unit: str) -> str:
    """The unit whose general office a name ends with ('县人大常委会|办公室'), or the name itself
    when the office is a unit of its own (OFFICE_IS_UNIT) or none is named."""
    head = unit.removesuffix("办公室")
    return head if head != unit and not head.endswith(OFFICE_IS_UNIT) else unit


def _merge_short_units(teams: list[TeamFound]) -> list[TeamFound]:
    """'陕西省地方志办公室' and a later '省地方志办公室' (or '罗田县文化局' and '罗田文化局') are one
    unit: merged under the longer name."""
    out: list[TeamFound] = []
    for team in teams:
        unit = team.sent_by
        same = next((t for t in out if unit and t.sent_by and (
            same_unit(unit, t.sent_by) or _abbreviated_at_same_villages(team, t)
        )), None)
        office = _unit_of_office(unit) if unit and team.leader and not team.villages else None
        if same is None and office and office != unit:
            # '工作队队长、县人大常委会办公室主任冯振华' on the page of '县人大常委会驻柳湾村工作队':
            # the leader's office is inside the team's unit
            same = next((t for t in out if t.sent_by and same_unit(office, t.sent_by)), None)
            unit = same.sent_by if same is not None else unit
        if same is None:
            out.append(team)
            continue
        if unit and same.sent_by and len(unit) > len(same.sent_by):
            same.sent_by = unit
        same.villages.extend(v for v in team.villages if v not in same.villages)
        same.evidence.extend(e for e in team.evidence if e.quote not in {x.quote for x in same.evidence})
        same.sentences.extend(team.sentences)
        same.leader = same.leader or team.leader
        same.posted = same.posted or team.posted
    return out


def _abbreviated_at_same_villages(a: TeamFound, b: TeamFound) -> bool:
    """'云岭中院' and '云岭州中级人民法院' posted to the same villages: one unit, its
    name shortened (the short one's characters in order in the long one, the last alike)."""
    if not a.sent_by or not b.sent_by or not a.villages or set(a.villages) != set(b.villages):
        return False
    short, long = sorted((a.sent_by, b.sent_by), key=len)
    return len(short) >= 4 and short[-1] == long[-1] and "、" not in long and in_order(short, long)


def _merge_unnamed(teams: list[TeamFound]) -> list[TeamFound]:
    """A team seen without its unit ('驻白沙乡柳湾村工作队') is the unit's team for that village."""
    named = [t for t in teams if t.sent_by]
    out = list(named)
    for team in teams:
        if team.sent_by:
            continue
        owners = [t for t in named if set(team.villages) & set(t.villages)]
        if not team.villages and team.leader:
            # '驻村第一书记余明福' with no village or unit: the page's only team's leader, or a
            # team of its own on a page that names no other (§3.1 pattern 4)
            if len(named) == 1 and named[0].leader in (None, team.leader):
                owners = named
            elif named:
                continue
        if len(owners) == 1:
            owners[0].evidence.extend(e for e in team.evidence if e.quote not in {x.quote for x in owners[0].evidence})
            owners[0].sentences.extend(team.sentences)
            owners[0].leader = owners[0].leader or team.leader
        else:
            out.append(team)
    return out


def _paragraph_villages(doc: Doc, team: TeamFound, mentions: Mentions) -> list[str]:
    """The villages the team's own sentence names ('石岭村和柳湾村都是贫困村,由省司法厅
    派出两位干部…帮包两村'), else the one village named in the first paragraph mentioning the
    team that names any."""
    if team.sentences:
        first = team.sentences[0]
        named = list(dict.fromkeys(m.name for m in mentions.starting_in(first.start, first.end)))
        if 1 <= len(named) <= 3:
            return named
    for paragraph in dict.fromkeys(s.paragraph for s in team.sentences):
        start, end = doc.paragraphs[paragraph]
        names = {m.name for m in mentions.starting_in(start, end)}
        if names:
            return list(names) if len(names) == 1 else []
    if team.sentences:
        # '省商务厅工作队来到村里,…': the village the paragraph before told of
        first = team.sentences[0]
        if _CAME_HERE.search(doc.folded, first.start, first.end) and first.paragraph > 0:
            start, _ = doc.paragraphs[first.paragraph - 1]
            before = list(dict.fromkeys(m.name for m in mentions.starting_in(start, first.start)))
            if len(before) == 1:
                return before
    return []


#: A team's arrival in the village the page is about, told without its name.
_CAME_HERE = re.compile(r"(?:来到|进驻|入驻|驻进|住进|走进)(?:了)?(?:村里|该村|这个村|村子)")


def _has_team_cue(doc: Doc, sentence: Sentence) -> bool:
    start, end = doc.paragraphs[sentence.paragraph]
    return TEAM_CUE.search(doc.folded, start, end) is not None


def _places_after(
    folded: str, pos: int, end: int, verb: str
) -> tuple[list[VillageMention], str | None]:
    """The villages a posting verb reaches, and a leader named on the way.

    '驻王家沟村', '派驻到杨柳村', '定点帮扶的十八洞村', and for dispatch verbs a short bridge:
    '选派3名干部到河口村', '下派驻村工作队到花园村', '选派干部陈明到黄土坡村担任第一书记'.
    """
    direct = _past_zhu_cun(folded, pos + 1 if pos < end and folded[pos] in "的到在" else pos)
    places = [p for p in parse_place_list(folded, direct, end, bounded=True) if not _NOT_A_PLACE.search(p.name)]
    if places or verb not in DISPATCH:
        return places, None
    window_end = min(end, pos + BRIDGE_MAX)
    stop = _STOP.search(folded, pos, window_end)
    if stop:
        window_end = stop.start()
    for to in BRIDGE_TO.finditer(folded, pos, window_end):
        places = parse_place_list(folded, to.end(), end, bounded=True)
        if not places:
            continue
        leader = None
        taken = _TAKES_TITLE.match(folded, places[-1].end, end) or (
            to.group() in ("担任", "出任") and _TITLE_HELD.match(folded, places[-1].end, end)
        )  # ('选派王强同志担任青石村第一书记': the post after its village)
        if taken:
            # '选派干部陈明同志到黄土坡村任第一书记': 同志 after the name is a form of address
            named_end = to.start() - 2 if folded.startswith("同志", to.start() - 2) else to.start()
            leader = name_before(folded, named_end, pos)
        return places, leader
    return _post_given(folded, pos, window_end, end)


def _bare_list_after(folded: str, pos: int, mentions: Mentions) -> list[VillageMention]:
    """The villages of a list written by bare names that a posting verb reaches: '进驻石门镇
    东坪、西坪、南坪等村' (the names' mentions come from the list's closing count, PHRASING §4)."""
    first = mentions.starting_in(pos, pos + _BARE_LIST_REACH + 1)
    if not first or folded.startswith(first[0].name, first[0].start):
        return []  # (a name written whole is read by parse_place_list)
    if not _TOWN_THEN_LIST.fullmatch(folded, pos, first[0].start):
        return []
    listed = [first[0]]
    while following := mentions.starting_in(listed[-1].end + 1, listed[-1].end + 2):
        if folded.startswith(following[0].name, following[0].start):
            break
        listed.append(following[0])
    return listed if len(listed) >= 2 else []


def _one_character_village_at(folded: str, pos: int, mentions: Mentions) -> list[VillageMention]:
    """A village named by one character and 村 ('驻苇村第一书记') that the page names after its
    township too: the reading of places leaves such names out, the page's mentions hold it."""
    at = pos + 1 if folded.startswith(("到", "在"), pos) else pos
    name = folded[at : at + 2]
    if name[1:] != "村" or name not in mentions.names:
        return []
    return [VillageMention(name=name, start=at, end=at + 2)]


_BARE_LIST_REACH = 8
#: What may stand between the verb and the list's first name: its township ('石门镇', '石门镇的').
_TOWN_THEN_LIST = re.compile(r"(?:[了到在])?(?:[\u4e00-\u9fff]{1,5}?(?:镇|乡)的?)?")
#: What is sent before the person's name: '选派(优秀干部)陈明(同志)担任…'.
_SENT_CADRE = re.compile(r"(?:了)?(?:优秀|年轻|骨干)?(?:党员)?(?:干部|同志)?")
#: The post given with no word for going there: '(选派陈明)担任黄土坡村第一书记'.
_POST_GIVEN = re.compile(r"(?:同志)?(?:担任|出任|任|为)")


def _post_given(folded: str, pos: int, window_end: int, end: int) -> tuple[list[VillageMention], str | None]:
    """'选派陈明担任黄土坡村第一书记': the person, then the village whose post he is given."""
    cadre = _SENT_CADRE.match(folded, pos, window_end)
    at = cadre.end() if cadre else pos
    person = name_at(folded, at)
    if person is None:
        return [], None
    post = _POST_GIVEN.match(folded, at + len(person), window_end)
    if post is None:
        return [], None
    places = parse_place_list(folded, post.end(), end, bounded=True)
    if not places or not _TITLE_AFTER_PLACE.match(folded, places[-1].end, end):
        return [], None
    return places, person


_TITLE_AFTER_PLACE = re.compile(rf"的?(?:扶贫|帮扶)?{TITLE}")


def _toward_village(
    folded: str, pos: int, mentions: Mentions, sentence: Sentence
) -> tuple[int, str, list[str]] | None:
    """(start, unit, villages) of 'UNIT向X村' ending at a dispatch verb at ``pos``, and of a
    list after 向: '县交通局先后向石门镇柳湾村、桃源村和青山乡新华村派出…'."""
    village = next((v for v in mentions.starting_in(sentence.start, pos) if v.end == pos), None)
    if village is None:
        # '县供电公司向该村派驻工作队和第一书记', '…向村里派驻了…': the village the passage is about
        here = _TOWARD_HERE.search(folded, max(sentence.start, pos - 8), pos)
        found = unit_before(folded, here.start(), sentence.start) if here is not None else None
        return (found[0], found[1], []) if found is not None else None
    names = [village.name]
    toward = _TOWARD_COUNTY.search(folded, max(sentence.start, village.start - 10), village.start)
    if toward is None:
        at = folded.rfind("向", max(sentence.start, pos - 60), village.start)
        listed = parse_place_list(folded, at + 1, pos, bounded=True) if at >= 0 else []
        if not listed or listed[-1].end != pos or len(listed) < 2:
            return None
        toward = _TOWARD_COUNTY.search(folded, max(sentence.start, listed[0].start - 10), listed[0].start)
        if toward is None:
            return None
        names = [place.name for place in listed]
    adverb = _ADVERB_BEFORE_TOWARD.search(folded, sentence.start, toward.start())
    found = unit_before(folded, adverb.start() if adverb else toward.start(), sentence.start)
    return (found[0], found[1], names) if found is not None else None


#: 向 before the village the passage is about: '向该村', '向村里'.
_TOWARD_HERE = re.compile(r"向(?:该村|本村|村里|此村|这个村)(?:先后|分别|陆续|相继|共|累计|又)?$")
#: 向 before a village, its county perhaps between: '向云岭县石门镇青石村派驻…'.
_TOWARD_COUNTY = re.compile(r"向(?:[\u4e00-\u9fff]{1,6}?[县市区旗])?$")
#: Adverbs between a unit and its 向: '县交通局先后向…', '…分别向…'.
_ADVERB_BEFORE_TOWARD = re.compile(r"(?:先后|分别|陆续|相继|共|累计|已|还|又)+$")


def _past_zhu_cun(folded: str, pos: int) -> int:
    """Where the village's name starts after 驻: '驻村青石村工作队' is 驻村, then the name."""
    if folded.startswith("村", pos) and not folded.startswith(_VILLAGE_WORDS_AFTER_ZHU, pos):
        return pos + 1
    return pos


#: What 驻村 is followed by when no village name comes next.
_VILLAGE_WORDS_AFTER_ZHU = ("村村", "村工作", "村扶贫", "村帮扶", "村第一")
#: Words no village name holds, though a posting's reading ran into them ('驻村工作队急村民之所急…').
_NOT_A_PLACE = re.compile(r"工作队|工作组|队员|干部|书记")


def _person_sent_here(folded: str, m: re.Match[str], sentence: Sentence) -> tuple[int, str | None] | None:
    """(end, leader) of '选派陈卫军到该村' after a dispatch verb: the person is the leader when
    the sentence names the post ('…担任第一书记')."""
    person = name_at(folded, m.end())
    if person is None or not folded.startswith(("到", "至"), m.end() + len(person)):
        return None
    pointer = THIS_VILLAGE.match(folded, m.end() + len(person), sentence.end)
    if pointer is None:
        # '县政协选派王磊到贫困村任第一书记': a poor village, unnamed, with the post taken there
        pointer = _POOR_VILLAGE.match(folded, m.end() + len(person), sentence.end)
        if pointer is None or _POST_TAKEN.match(folded, pointer.end(), sentence.end) is None:
            return None
    post = _POST_TAKEN.match(folded, pointer.end(), sentence.end)
    return (post.end() if post else pointer.end()), (person if post else None)


_POOR_VILLAGE = re.compile(r"(?:到|至)(?:一个|所在的?)?(?:贫困村|深度贫困村|重点贫困村|村)")


_CADRES = re.compile(
    r"(?:了)?(?:[\d一二两三四五六七八九十]+(?:名|位|个))?(?:优秀|年轻|骨干)?(?:党员)?(?:干部|同志|队员)"
)


def _home_unit_sent(folded: str, pos: int, sentence: Sentence) -> bool:
    """Whether a unit, a post and a name follow ``pos``: '(选派)县财政局干部李明'."""
    found = _unit_and_post(folded, pos, sentence.end)
    return found is not None and name_at(folded, found[0]) is not None


def _cadres_sent(folded: str, m: re.Match[str], sentence: Sentence) -> int | None:
    """Where '派出两位干部赵磊、孙勇' ends, when cadres are sent by name."""
    cadres = _CADRES.match(folded, m.end(), sentence.end)
    if cadres is None:
        # '选派了赵磊和孙勇两位同志驻村': the names, then their count
        named = _NAMES_COUNTED.match(folded, m.end(), sentence.end)
        if named is None or not all(is_person_name(n) for n in re.split("[、和]", named.group("names"))):
            return None
        return named.end()
    person = name_at(folded, cadres.end())
    if person is None:
        return None
    end = cadres.end() + len(person)
    while folded.startswith("、", end) and (other := name_at(folded, end + 1)) is not None:
        end += 1 + len(other)
    return end


_NAMES_COUNTED = re.compile(
    r"了?(?P<names>[\u4e00-\u9fff]{2,3}(?:[、和][\u4e00-\u9fff]{2,3})+)[\d两二三四五六七八九十]+(?:名|位)(?:同志|干部|队员)"
)
_POST_SENT = re.compile(r"(?:了|的)?(?:驻村|村)?(?:扶贫)?(?:第一书记|工作队长|工作队队长)")
_POST_AFTER_PLACE = re.compile(r"的(?:驻村)?(?:扶贫)?(?:工作队)?(?:第一书记|队长|工作队长)")
_POST_TAKEN = re.compile(r"(?:担任|任|出任)(?:驻村)?(?:工作队队长|第一书记|队长)")


#: A clause that goes on with the sentence's subject, up to its posting verb: ',另', ';还'.
_ELIDED_SUBJECT = re.compile(r"[,;](?P<lead>(?:另|又|还|并|同时|另外)?)$")
#: The person sent, then the unit sending him: '李明远(同志)(于2018年4月)由…', '…被…'.
_SENT_BY_UNIT = re.compile(r"(?:同志)?(?:于?(?:19|20)\d{2}年(?:\d{1,2}月份?)?(?:\d{1,2}日)?)?[,，]?(?:由|被)$")
#: A clause a dispatch verb opens, its subject the sentence's: ',(先后)选派…'.
_CLAUSE_OPENING = re.compile(r"[,;](?:先后|专门|及时|精心|择优|积极|还|又|并|同时|随即|迅速|特别|共)*$")


#: A roster's entry: the person, then his unit and his village in brackets: '1.李明远(县林业局,
#: 驻石门镇青石村)' (a list of secretaries commended or posted).
_ROSTER_ENTRY = re.compile(
    rf"\s*{LIST_NUMBER}?\s*(?P<name>[\u4e00-\u9fff·]{{2,8}}?)"
    r"(?:同志)?[(（](?P<unit>[\u4e00-\u9fff、]{3,24}?)(?:[,，、]\s*|\s+)(?:派驻|驻|帮扶|包联)"
    r"(?P<place>[\u4e00-\u9fff、]{2,24})[)）][,，;；、。]?\s*"
)

#: A label before a roster's entries on their line: '优秀驻村第一书记:'.
_ROSTER_LABEL = re.compile(r"[^:：()（）,，。]{1,20}[:：]")


def _roster_entry(doc: Doc, sentence: Sentence) -> list[Span]:
    """The teams a roster's entries name (one to a line, or several in a row): each entry's
    unit, its village and the person as leader; a sentence that is not all entries has none."""
    folded = doc.folded
    spans: list[Span] = []
    label = _ROSTER_LABEL.match(folded, sentence.start, sentence.end)
    pos = label.end() if label else sentence.start
    while pos < sentence.end and (m := _ROSTER_ENTRY.match(folded, pos, sentence.end)) is not None:
        if not is_person_name(m["name"]) or unit_at(folded, m.start("unit"), m.end("unit")) != m["unit"]:
            return []
        places = parse_place_list(folded, m.start("place"), m.end("place"), bounded=True)
        if not places or places[-1].end != m.end("place"):
            return []
        spans.append(Span(m.start("name"), m.end("place") + 1, m["unit"], [p.name for p in places], m["name"]))
        pos = m.end()
    return spans if pos >= sentence.end else []


def _team_spans(doc: Doc, sentence: Sentence, mentions: Mentions, about_teams: bool) -> list[Span]:
    """Every team mention in one sentence."""
    folded = doc.folded
    results: list[Span] = []
    covered: list[tuple[int, int]] = []
    for m in POSTING_VERB.finditer(folded, sentence.start, sentence.end):
        verb = m.group()
        writer = verb in DISPATCH and folded.startswith("我", m.end())  # '…局派驻我来到…'
        toward = _toward_village(folded, m.start(), mentions, sentence) if verb in DISPATCH else None
        if toward is not None:
            # '云岭移动公司向青石村选派了2名驻村队员': the unit, then the village after 向
            results.append(Span(toward[0], m.end(), toward[1], toward[2]))
            covered.append((toward[0], m.end()))
            continue
        if folded.find("村", m.end(), min(sentence.end, m.end() + BRIDGE_MAX + 12)) < 0 and not (
            (verb == "驻" and (TEAM_WORD.match(folded, m.end()) or _AREA_TEAM.match(folded, m.end(), sentence.end)))
            or writer
        ):
            continue  # neither a village nor a team follows
        unit_info = unit_ending(folded, m.start(), sentence.start)
        if unit_info is None and verb in DISPATCH and results and results[-1].unit:
            # '县审计局选派2名干部常驻柳湾村,(另)选派1名干部担任桃源村第一书记': a second
            # posting by the same unit, its subject left out
            elided = _ELIDED_SUBJECT.search(folded, max(results[-1].end, m.start() - 4), m.start())
            if elided is not None:
                unit_info = (elided.end() - len(elided.group("lead")), results[-1].unit)
        if unit_info is None and verb in DISPATCH and _CLAUSE_OPENING.search(
            folded, max(sentence.start, m.start() - 8), m.start()
        ):
            # '省水利厅高度重视驻村帮扶工作,选派李明远到青石村…': the unit the sentence opens with
            base = past_leading_noise(folded, sentence.start, sentence.end)
            opener = unit_at(folded, base, m.start())
            if opener is not None and "村" not in opener:  # ('青石村地处深山,…': a place, no unit)
                unit_info = (base, opener)
        if unit_info is None and verb == "驻" and folded.startswith("、", m.start() - 1):
            # '县人民医院副院长、驻青石村工作队队长李强': his unit and post, then the team he leads
            unit_info = unit_with_posts(folded, m.start() - 1, sentence.start)
        if unit_info is None and verb == "驻" and _AREA_TEAM.match(folded, m.end(), sentence.end):
            # '云岭市驻石门县扶贫工作组': a city (or district) sends a county's team in its own name
            city = _SENDING_AREA.search(folded, max(sentence.start, m.start() - 8), m.start())
            if city is not None and (city.start() == sentence.start or folded[city.start() - 1] in ",;:—-"):
                unit_info = (city.start(), city.group())
        if unit_info is None:
            if verb == "驻":
                unnamed = _unnamed_posting(folded, m, sentence)
                if unnamed is not None:
                    formed = _formed_by_opener(folded, m.start(), sentence)
                    if formed is not None:
                        # '2018年,X学院按照部署,迅速组建驻村工作队,进驻…': the sentence's unit
                        unnamed = Span(formed[0], unnamed.end, formed[1], unnamed.villages, unnamed.leader)
                    results.append(unnamed)
                    covered.append((unnamed.start, unnamed.end))
            continue
        if verb in NEEDS_CUE and not _has_team_cue(doc, sentence):
            continue
        if verb in DISPATCH and ARRANGER.search(unit_info[1]) and _home_unit_sent(folded, m.end(), sentence):
            continue  # '县委组织部选派县财政局干部李明到青石村…': the cadre's own unit is the team's (profiles)
        start, unit = unit_info
        places, leader = _places_after(folded, m.end(), sentence.end, verb)
        if not places:
            places = _bare_list_after(folded, m.end(), mentions) or _one_character_village_at(folded, m.end(), mentions)
        tail = TEAM_WORD.match(folded, m.end())
        pointer = THIS_VILLAGE.match(folded, m.end(), sentence.end)
        if not places and pointer and verb not in NEEDS_CUE:
            # '云岭城发集团自去年8月份进驻该村后': the village the passage is about (§8.3)
            results.append(Span(start, pointer.end(), unit, []))
            covered.append((start, pointer.end()))
            continue
        post = _POST_SENT.match(folded, m.end(), sentence.end) if not places and verb in DISPATCH else None
        if post is not None:
            # '山东省莒县审计局派驻第一书记', '县财政局选派的第一书记王强': the unit's secretary
            person = name_at(folded, post.end())
            begin, end = start, post.end() + (len(person) if person else 0)
            if person is None and folded.startswith("作为", start - 2):
                # '周立平作为市审计局选派的“第一书记”,被派驻…': his name before 作为, the quote
                # from it to the title
                person = name_before(folded, start - 2, sentence.start)
                begin = start - 2 - len(person) if person else start
            results.append(Span(begin, end, unit, [], person))
            covered.append((begin, end))
            continue
        named = _cadres_sent(folded, m, sentence) if not places and verb in DISPATCH and not pointer else None
        if named is not None:
            # '由省司法厅派出两位干部赵磊、孙勇帮包两村': the unit's cadres, by name; the
            # villages are the ones the passage names
            results.append(Span(start, named, unit, []))
            covered.append((start, named))
            continue
        if not places and writer:
            # '是青石村第一书记。2019年春天,县档案局派驻我来到…': the writer is the unit's
            # secretary, in the village the paragraph named before
            before = mentions.last_within(doc.paragraphs[sentence.paragraph][0], start)
            results.append(Span(start, m.end() + 1, unit, [before.name] if before else []))
            covered.append((start, m.end() + 1))
            continue
        sent = _person_sent_here(folded, m, sentence) if not places and verb in DISPATCH else None
        if sent is not None:
            # '县供电公司选派陈卫军到该村任第一书记': the person, then the village the passage is about
            end, person = sent
            results.append(Span(start, end, unit, [], person))
            covered.append((start, end))
            continue
        if places:
            end = places[-1].end
            after = _TEAM_AFTER.match(folded, end, sentence.end)
            if after:
                end = after.end()
            post = _POST_AFTER_PLACE.match(folded, end, sentence.end) if leader is None else None
            person = name_at(folded, post.end()) if post is not None else None
            if post is not None and person is not None:
                # '农业农村部派驻…九龙坪村的第一书记郭涛': the unit's secretary for that village
                leader, end = person, post.end() + len(person)
            if leader is None and verb in DISPATCH and folded.startswith("作为", start - 2):
                # '李明远作为省水利厅选派的第一书记来到青石村': his name before 作为
                leader = name_before(folded, start - 2, sentence.start)
                start = start if leader is None else start - 2 - len(leader)
            by = _SENT_BY_UNIT.search(folded, max(sentence.start, start - 16), start) if leader is None else None
            if by is not None and verb in DISPATCH and _TAKES_TITLE.match(folded, places[-1].end, sentence.end):
                # '李明远于2018年4月由省水利厅下派到青石村任第一书记': who was sent, before 由
                leader = name_before(folded, by.start(), sentence.start)
                start = start if leader is None else by.start() - len(leader)
            results.append(Span(start, end, unit, [p.name for p in places], leader))
            covered.append((start, end))
        elif verb == "驻" and (tail or folded.startswith("村", m.end())):
            team_word = _POSTED_TEAM.match(folded, m.end(), sentence.end)
            if team_word and team_word.end() > m.end() + 1:
                end = team_word.end()
                villages: list[str] = []
                post = _POST_AGAIN.match(folded, end, sentence.end)
                if post:
                    places = parse_place_list(folded, post.end(), sentence.end)
                    if places:
                        villages = [p.name for p in places]
                        end = places[-1].end
                results.append(Span(start, end, unit, villages))
                covered.append((start, end))
        elif verb == "驻" and (area_team := _AREA_TEAM.match(folded, m.end(), sentence.end)) is not None:
            # '云岭市委驻石门县兴村富民帮扶工作队': a county's (or township's) team, named by its
            # programme; its villages are the ones its paragraph names
            results.append(Span(start, area_team.end(), unit, []))
            covered.append((start, area_team.end()))
    for m in _AT_ITS_POINT.finditer(folded, sentence.start, sentence.end):
        # '县林业局在联点的白沙镇柳湾村发展…': a unit at the village it is paired with
        unit_info = unit_before(folded, m.start(), sentence.start)
        places = parse_place_list(folded, m.end(), sentence.end, bounded=True) if unit_info else []
        if unit_info is not None and places:
            results.append(Span(unit_info[0], places[-1].end, unit_info[1], [p.name for p in places]))
            covered.append((unit_info[0], places[-1].end))
    for m in TEAM_WORD.finditer(folded, sentence.start, sentence.end):
        if any(s <= m.start() < e for s, e in covered):
            continue
        desc = DESCRIPTOR.search(folded, max(sentence.start, m.start() - _DESCRIPTOR_MAX), m.start())
        anchor = desc.start() if desc else m.start()
        village = mentions.ending_at(anchor)
        if village is not None:
            unit_info = unit_before(folded, village.start, sentence.start)
            if unit_info is None:
                results.append(Span(village.start, m.end(), None, [village.name]))
                continue
        unit_info = unit_before(folded, anchor, sentence.start)
        if unit_info is None:
            gap = TEAM_GAP.search(folded, max(sentence.start, anchor - _GAP_MAX), anchor)
            if gap is not None:
                unit_info = unit_before(folded, gap.start(), sentence.start)
            if gap is not None and unit_info is None:
                unit_info = _formed_by_opener(folded, anchor, sentence)
        if unit_info is None:
            posted = _posted_without_unit(folded, m.end(), sentence.end)
            if posted is not None:  # '扶贫工作队进驻石门镇青石村' (§3.1 pattern 5)
                results.append(Span(anchor, m.end(), None, posted[2], extra=(posted[0], posted[1])))
            continue
        start, unit = unit_info
        end = m.end()
        found: list[str] = []
        post = _POST_AFTER_TEAM.match(folded, end, sentence.end)
        if post:
            places = parse_place_list(folded, post.end(), sentence.end) or _bare_list_after(
                folded, post.end(), mentions
            )
            if places:
                found = [p.name for p in places]
                end = places[-1].end
        results.append(Span(start, end, unit, found))
    results.extend(_titled_spans(doc, sentence, mentions, covered + [(r.start, r.end) for r in results]))
    results.extend(_cadre_spans(doc, sentence, covered + [(r.start, r.end) for r in results]))
    if not results:
        subject = subject_unit_span(doc, sentence, mentions, about_teams)
        if subject is not None:
            results.append(subject)
        else:
            results.extend(helped_village_spans(doc, sentence, mentions))
    return results


#: A place with its level, then a programme's words and a team word: '石门县兴村富民帮扶工作队'.
_AREA_TEAM = re.compile(
    r"[\u4e00-\u9fff]{1,6}?(?:县|区|市|镇|乡)[\u4e00-\u9fff]{0,8}?(?:工作队|工作组|工作团)"
    # a county by its short name before the programme: '省委驻石门扶贫工作队', '…驻石门精准扶贫工作团'
    r"|[\u4e00-\u9fff]{2,3}(?:精准)?(?:扶贫|帮扶|脱贫)(?:工作队|工作组|工作团)"
)
#: A city or district whose name alone opens the sentence or its clause before 驻: '云岭市'.
_SENDING_AREA = re.compile(r"[\u4e00-\u9fff]{2,6}?(?:市|区)$")


def _posted_without_unit(folded: str, pos: int, end: int) -> tuple[int, int, list[str]] | None:
    """(start, end, villages) of '…进驻X镇Y村' shortly after a team word without its unit."""
    window = min(end, pos + 24)
    digit = _DIGIT.search(folded, pos, window)
    if digit:
        window = digit.start()  # figures between: the team word is the subject of other news
    for m in TEAM_POSTED.finditer(folded, pos, window):
        places = parse_place_list(folded, m.end(), end)
        if places:
            return m.start(), places[-1].end, [p.name for p in places]
    return None


def _unnamed_posting(folded: str, m: re.Match[str], sentence: Sentence) -> Span | None:
    """'驻麻河口村帮扶工作队': a team named by its village alone (no unit before 驻)."""
    places = parse_place_list(folded, _past_zhu_cun(folded, m.end()), sentence.end, bounded=True)
    if not places:
        return None
    after = NAMED_TEAM.match(folded, places[-1].end, sentence.end)
    if after is None:
        return None
    return Span(m.start(), after.end(), None, [p.name for p in places])


def _apposed_leader(doc: Doc, sentence: Sentence, mentions: Mentions, m: re.Match[str]) -> Span | None:
    """'派驻该村的工作队队长、市发改委选派干部胡立伟', '该村驻村工作队队长、县卫计委选派干部吴春海':
    the leader named after his home unit and post (§3.1 pattern 6, §3.2)."""
    folded = doc.folded
    post = APPOSED_POST.match(folded, m.end(), sentence.end)
    if post is None:
        return None
    found = unit_before(folded, post.end("unit"), post.start("unit"))
    name = name_at(folded, post.end())
    if found is None or found[0] != post.start("unit") or name is None:
        return None
    p_start = doc.paragraphs[sentence.paragraph][0]
    village = mentions.last_within(sentence.start, m.start()) or mentions.last_within(p_start, m.start())
    begin = min(m.start(), village.start) if village is not None and village.start >= sentence.start else m.start()
    return Span(begin, post.end() + len(name), found[1], [village.name] if village else [], name)


#: A unit that sent the secretary, before his title: '从省警察学院派来的'.
_SENT_FROM = re.compile(r"从(?P<unit>[\u4e00-\u9fff]{3,20}?)(?:派来|选派来|下派来|派驻来|派驻挂职|挂职)的(?:村|驻村)?$")
#: The unit a secretary was sent by, told with 作为: '作为市委组织部派出的第三批驻村'.
_SENT_AS = re.compile(
    r"作为(?P<unit>[\u4e00-\u9fff]{3,20}?)(?:选派|派驻|下派|派出)的(?:第[一二三四五六七八九十\d]+批)?(?:驻村)?$"
)
#: Between a village and its former secretary's title: '青石村原第一书记', '青石村党支部原第一书记'.
_FORMER_GAP = re.compile(r"(?:党组织|党支部|党总支)?原$")


def _village_before_former(folded: str, mentions: Mentions, title_at: int, floor: int) -> VillageMention | None:
    """The village whose former secretary the title names (title_ok lets 原 pass only there)."""
    gap = _FORMER_GAP.search(folded, max(floor, title_at - 4), title_at)
    return mentions.ending_at(gap.start()) if gap is not None else None


def _cadre_spans(doc: Doc, sentence: Sentence, covered: list[tuple[int, int]]) -> list[Span]:
    """A unit's village cadre, by name: '县农机局驻村干部王强带领群众修路' (a member
    of the unit's team, not its leader; the villages are the ones the passage names)."""
    folded = doc.folded
    spans: list[Span] = []
    if folded.find("干部", sentence.start, sentence.end) < 0:
        return spans
    for m in _CADRE.finditer(folded, sentence.start, sentence.end):
        if any(s <= m.start() < e for s, e in covered):
            continue
        gap = TEAM_GAP.search(folded, sentence.start, m.start())
        unit_info = unit_before(folded, gap.start() if gap else m.start(), sentence.start)
        if unit_info is None:
            continue
        person = name_at(folded, m.end())
        if person is None:
            continue  # ('多亏了X驻村干部帮忙': a short form in passing, not the unit's tie)
        spans.append(Span(unit_info[0], m.end() + len(person), unit_info[1], []))
    return spans


#: A unit's cadre in a village: 驻村干部, 扶贫干部, 帮扶干部, 包村干部 (not 村干部, the village's own).
_CADRE = re.compile(r"(?:驻村|扶贫|帮扶|包村)(?:帮扶|扶贫)?干部")


def _titled_spans(
    doc: Doc, sentence: Sentence, mentions: Mentions, covered: list[tuple[int, int]]
) -> list[Span]:
    """A first secretary named with his unit or village: '来自市财政局的第一书记王强',
    '青山镇石门村第一书记刘强' (a team without a unit). Plain 队长/组长 is not enough here
    ('刑警大队队长' is no work team)."""
    folded = doc.folded
    spans: list[Span] = []
    if folded.find("书记", sentence.start, sentence.end) < 0 and folded.find("队长", sentence.start, sentence.end) < 0:
        return spans
    for m in FIRST_SECRETARY.finditer(folded, sentence.start, sentence.end):
        if any(s <= m.start() < e for s, e in covered) or not title_ok(folded, m, sentence.start):
            continue
        # '青石村第一书记 王立新': a signature line may set the name one space apart
        spaced = folded.startswith((" ", "\u3000"), m.end())
        # '作为市委组织部派出的第三批第一书记,李明于…前往…': the name after a comma
        sent_as = _SENT_AS.search(folded, sentence.start, m.start()) if folded.startswith(",", m.end()) else None
        spaced = spaced or sent_as is not None
        at = m.end() + 1 if spaced else m.end()
        name = titled_name_at(folded, at) if spaced else name_at(folded, at)
        if name is None:
            apposed = _apposed_leader(doc, sentence, mentions, m)
            if apposed is not None:
                spans.append(apposed)
            continue
        end = at + len(name)
        village = mentions.ending_at(m.start()) or _village_before_former(folded, mentions, m.start(), sentence.start)
        if village is not None:
            unit_info = unit_before(folded, village.start, sentence.start)
            if unit_info is None:
                spans.append(Span(village.start, end, None, [village.name], name))
            continue
        anchor = m.start()
        gap = TEAM_GAP.search(folded, sentence.start, anchor)
        unit_info = unit_before(folded, gap.start() if gap else anchor, sentence.start)
        sent_from = None
        if unit_info is None:
            sent_from = (
                _SENT_FROM.search(folded, sentence.start, anchor) or sent_as
                or _SENT_AS.search(folded, sentence.start, anchor)
            )
        if sent_from is not None:
            # '从省农业学院派来的第一书记王强': the unit that sent him, before 派来的
            found = unit_before(folded, sent_from.end("unit"), sent_from.start("unit"))
            unit_info = found if found is not None and found[0] == sent_from.start("unit") else None
        if unit_info is not None:
            spans.append(Span(unit_info[0], end, unit_info[1], [], name))
        elif m.group().startswith("驻村"):
            # '驻村第一书记余明福正与村干部商量…'; '同镇的野鸡坡村,驻村工作队队长罗德荣…': the village just named
            named = mentions.last_within(sentence.start, m.start())
            if named is not None and named.end >= m.start() - 2:
                spans.append(Span(named.start, end, None, [named.name], name))
            else:
                spans.append(Span(m.start(), end, None, [], name))
    return spans



