"""Teams the genre names without the ``单位驻X村工作队`` formula (PHRASING §3.1 patterns 3, 6, 7).

- Relation words tie a unit to a village: ``青石村是县农业局的定点帮扶村``,
  ``青石村为市工信局第一书记联系村``, ``包扶单位是县农办``, ``X学院的扶贫点——青石村``.
- Profiles introduce a first secretary with his home unit and start date:
  ``王志远,1985年出生,县农业农村局干部,2017年3月任青石村第一书记``,
  ``县财政局副局长李娟,2016年9月下派到柳湾村担任第一书记``,
  ``我是县审计局干部赵林,2018年3月受县委组织部选派,到杏岭村担任驻村第一书记``,
  ``该局干部赵林到村任第一书记`` (该局: the unit just named).
- A village's own team: ``青石村的驻村工作队``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import pairwise

from llmx.backends.rules.names import is_person_name, name_at, name_before
from llmx.backends.rules.orgs import Span, past_leading_noise, unit_at, unit_before
from llmx.backends.rules.patterns import (
    AGE_GROUP,
    ANAPHORIC_UNIT,
    APPOSITION,
    ARRANGER,
    CHOSEN_BY,
    CONNECTOR,
    DISPATCHER,
    FROM_UNIT,
    HOME_POSTS_BEFORE_NAME,
    HOME_UNIT_AFTER,
    JOINT_BY,
    JOINT_FORMED,
    LEADING_TIME,
    LIST_NUMBER,
    OFFICE_IS_UNIT,
    ORG_LAST_CHARS,
    PAIRED_WITH,
    POST_BEFORE_NAME,
    PROFILE_TITLE,
    PROFILE_VERB_AFTER_NAME,
    RELATION_AFTER_UNIT,
    RELATION_BY,
    RELATION_GAP,
    RELATION_UNIT_FIRST,
    SUBJECT_DEED,
    SUBJECT_PLACE,
    SUBJECT_WORK,
    TEAM_WORD_NEAR,
    TIME_AGO,
    TOP_GOVERNMENT,
    VILLAGE_TEAM,
    WELCOMED,
    H,
)
from llmx.backends.rules.places import COUNTED, Mentions, VillageMention
from llmx.backends.rules.team_facts import TeamFound
from llmx.backends.rules.text import CLAUSE_BREAK, Doc, Sentence


def relation_spans(doc: Doc, sentence: Sentence, mentions: Mentions) -> list[Span]:
    """'X村是Y的定点帮扶村' and 'Y的扶贫点——X村': unit Y, village X."""
    folded = doc.folded
    spans: list[Span] = []
    for m in RELATION_AFTER_UNIT.finditer(folded, sentence.start, sentence.end):
        found: tuple[int, str | None] | None = unit_before(folded, m.start(), sentence.start)
        own = _OWN_UNIT.search(folded, max(sentence.start, m.start() - 10), m.start()) if found is None else None
        if own is not None:
            found = (own.start(), None)  # '青石村是我局定点帮扶村': the writer's unit, not named
        if found is None:
            continue
        start, unit = found
        village = village_at_end(mentions, folded, sentence.start, start)
        if village is None:  # 'Y的扶贫点——X村': the village follows (after a dash or three)
            dashes = _DASHES.match(folded, m.end())
            reach = max(m.end() + 3, dashes.end() + 1 if dashes else 0)
            village = next(iter(mentions.starting_in(m.end(), reach)), None)
        if village is None:  # 'X村,位于…,是Y的定点帮扶村': the sentence's village
            village = mentions.last_within(sentence.start, start)
        if village is None:
            continue
        spans.append(Span(min(village.start, start), max(m.end(), village.end), unit, [village.name]))
    for m in _HELPER_OF.finditer(folded, sentence.start, sentence.end):
        # '县交警大队作为青石村的联系单位': the unit, then the village it helps (an arrangement
        # it followed may stand between: '县农机局按照市委安排,成为青石村对口扶贫单位')
        arranged = _ARRANGED_GAP.search(folded, max(sentence.start, m.start() - 20), m.start())
        found = unit_before(folded, arranged.start() if arranged else m.start(), sentence.start)
        village = _village_spanning(mentions, m.start("village"), m.end("village"))
        if found is not None and village is not None:
            spans.append(Span(found[0], m.end(), found[1], [village.name]))
    for m in _ASSISTS.finditer(folded, sentence.start, sentence.end):
        # '县水利局对口帮扶青石村', '…开始对青石村进行定点帮扶', '…担起了对口帮扶青石村的重任',
        # '县林业局自2012年帮扶青石村以来' (a time between the unit and its verb)
        if (span := _unit_assisting(folded, sentence, mentions, m)) is not None:
            spans.append(span)
    for m in _TAKES_ON.finditer(folded, sentence.start, sentence.end):
        # '…公路分局担负起石门镇青石村驻村帮建任务': the unit takes on the village's assistance
        village = next(iter(mentions.starting_in(m.end(), m.end() + 1)), None)
        if village is None:
            continue
        when = _WHEN_BETWEEN.search(folded, max(sentence.start, m.start() - 16), m.start())
        found = unit_before(folded, when.start() if when else m.start(), sentence.start)
        if found is None or found[1] is None or TOP_GOVERNMENT.search(found[1]):
            continue
        if _ASSISTANCE_WORK.search(folded, village.end, min(sentence.end, village.end + 12)):
            spans.append(Span(found[0], village.end, found[1], [village.name]))
    for m in _WORKS_IN.finditer(folded, sentence.start, sentence.end):
        # '云岭银行自2013年在青石村开展定点帮扶工作以来', '…与定点帮扶村青石村签订协议'
        if (span := _unit_assisting(folded, sentence, mentions, m)) is not None:
            spans.append(span)
    for m in [*_UNDER_HELP.finditer(folded, sentence.start, sentence.end),
              *_OWED_TO_HELP.finditer(folded, sentence.start, sentence.end)]:
        # '在云岭交通集团的对口帮扶下,他养起了30只羊': the unit, and the village the passage is about
        found = unit_before(folded, m.end("unit"), m.start("unit"))
        if found is None or found[0] != m.start("unit") or TOP_GOVERNMENT.search(found[1]):
            continue
        village = mentions.last_within(doc.paragraphs[sentence.paragraph][0], m.start())
        spans.append(Span(m.start(), m.end(), found[1], [village.name] if village is not None else []))
    for m in PAIRED_WITH.finditer(folded, sentence.start, sentence.end):
        found = unit_before(folded, m.start(), sentence.start)
        village = _village_spanning(mentions, m.start("village"), m.end("village"))
        if found is not None and village is not None:
            spans.append(Span(found[0], m.end(), found[1], [village.name]))
    for m in CHOSEN_BY.finditer(folded, sentence.start, sentence.end):
        found = unit_before(folded, m.end("unit"), m.start("unit"))
        if found is None or found[0] != m.start("unit"):
            continue
        village = mentions.last_within(sentence.start, m.start())
        start = min(village.start, m.start()) if village is not None else m.start()
        spans.append(Span(start, m.end(), found[1], [village.name] if village is not None else []))
    for m in WELCOMED.finditer(folded, sentence.start, sentence.end):
        found = unit_before(folded, m.end("unit"), m.start("unit"))
        village = mentions.last_within(sentence.start, m.start())
        if found is not None and found[0] == m.start("unit") and village is not None:
            spans.append(Span(min(village.start, found[0]), m.end(), found[1], [village.name]))
    roles = list(RELATION_UNIT_FIRST.finditer(folded, sentence.start, sentence.end))
    led = any(m.group().startswith(("组长", "队长", "牵头")) for m in roles)
    named_here = {v.name for v in mentions.starting_in(sentence.start, sentence.end)}
    for m in roles:
        if led and m.group().startswith("后盾"):
            continue  # '组长单位是市林业局,后盾单位是…': the supporting units back the lead unit's team
        named = unit_at(folded, m.end(), sentence.end)
        if named is None:
            continue
        # '柳湾村是市里的扶贫联系点,…组长单位是市林业局': the one village the sentence names
        spans.append(Span(m.start(), m.end() + len(named), named, list(named_here) if len(named_here) == 1 else []))
    return spans


def _unit_assisting(folded: str, sentence: Sentence, mentions: Mentions, m: re.Match[str]) -> Span | None:
    """The unit before a tie word ``m`` (an ``_ASSISTS`` or ``_WORKS_IN`` match) and the village
    the tie names: inside it (a ``village…`` group) or right after it, its county perhaps
    first; a time may stand between the unit and the word."""
    group = next((g for g, value in m.groupdict().items() if g.startswith("village") and value is not None), None)
    if group is not None:
        village = _village_spanning(mentions, m.start(group), m.end(group))
    else:
        # (its county may come first: '…对口帮扶的云岭县石门镇青石村')
        county = _COUNTY_FIRST.match(folded, m.end(), sentence.end)
        village = next(iter(mentions.starting_in(m.end(), (county.end() if county else m.end()) + 1)), None)
    if village is None:
        return None  # (the village first: 帮扶 is everywhere, a unit before it is not)
    when = _WHEN_BETWEEN.search(folded, max(sentence.start, m.start() - 16), m.start())
    found = unit_before(folded, when.start() if when else m.start(), sentence.start)
    if found is None or found[1] is None or TOP_GOVERNMENT.search(found[1]):
        return None
    return Span(found[0], max(m.end(), village.end), found[1], [village.name])


def _village_spanning(mentions: Mentions, start: int, end: int) -> VillageMention | None:
    """The village mention that is exactly the text in [start, end) a pattern read as one
    ('…作为青石村的联系单位', '与青石村结对帮扶'): starting there and ending there."""
    village = next(iter(mentions.starting_in(start, end)), None)
    return village if village is not None and village.end == end else None


_DASHES = re.compile(r"[—\-:\s]*")
#: A date as written: '2016年', '2016年3月', '2016年3月9日'.
_DATE_WRITTEN = r"(?:19|20)\d{2}年(?:\d{1,2}月)?(?:\d{1,2}日)?"
#: A time between a unit and what it did: '自2013年', '从2016年3月起', '于2017年'.
#: A county (or city) written before a village: '(对口帮扶的)云岭县(石门镇青石村)'.
_COUNTY_FIRST = re.compile(r"[\u4e00-\u9fff]{1,6}?[县市区旗]")
_WHEN_BETWEEN = re.compile(rf"(?:自|从|于|在)?(?:{_DATE_WRITTEN}|今年|去年|前年)(?:起|以来|开始)?,?$")
#: A unit taking on a village's assistance: '担负起青石村驻村帮建任务', '承担了青石村的帮扶工作'.
_TAKES_ON = re.compile(r"(?:担负起|承担起|担起|承担|负责)了?")
_ASSISTANCE_WORK = re.compile(r"帮扶|帮建|驻村|包点|扶贫|结对")
#: A unit assisting a village, the unit first: '…对口帮扶青石村', '…开始对青石村进行定点帮扶',
#: '…担起了对口帮扶青石村…' (the village right after, or between 对 and the verb).
_ASSISTS = re.compile(
    r"(?:开始|一直|长期|先后|继续)?"
    r"(?:对(?P<village>[\u4e00-\u9fff]{2,16}?村)(?:进行|开展|实施)了?(?:定点|对口|结对|挂钩)?(?:帮扶|扶贫)"
    # ('县气象局帮扶的青石村': the village right after 的)
    r"|(?:担起了?|承担了?|负责)?(?:定点|对口|结对|挂钩|驻点)?(?:帮扶|扶贫|包扶|挂包|包保)的?(?=[\u4e00-\u9fff])"
    # ('县林业局的帮扶村青石村': the village after its kind)
    r"|的(?:定点|对口|结对|挂钩)?(?:帮扶|扶贫|包扶|包保)(?:村|点)(?=[\u4e00-\u9fff])"
    # ('县林业局到帮扶联系村青石村开展…': the village after the kind it is to the unit)
    r"|到(?:其)?(?:帮扶联系村|扶贫联系村|联系村|帮扶村|联系点)(?=[\u4e00-\u9fff]))"
)
#: A unit's work in a village, the unit first: '…在青石村开展定点扶贫工作', and the village it
#: meets as its assisted one: '…与定点帮扶村青石村签订协议'.
_WORKS_IN = re.compile(
    r"在(?P<village>[\u4e00-\u9fff]{2,16}?村)开展了?(?:定点|结对|对口|精准|驻村)?(?:扶贫|帮扶)(?:工作)?"
    # '县林业局在青石村设立驻村工作队': the team the unit set up there
    r"|在(?P<village2>[\u4e00-\u9fff]{2,16}?村)(?:设立|成立|组建|派驻|派出|选派)了?(?:驻村)?(?:扶贫|帮扶)?(?:工作队|工作组)"
    # '县林业局将青石村作为定点帮扶村': the village it took on
    r"|将(?P<village3>[\u4e00-\u9fff]{2,16}?村)(?:作为|列为|确定为)(?:其)?(?:定点|对口|结对|挂钩)?(?:帮扶|扶贫)(?:村|点|联系点)"
    r"|(?:与|和|同)(?:其)?(?:定点|结对|对口)?(?:帮扶|扶贫)的?村"
)
#: A unit whose help something came under: '在云岭交通集团(的)对口帮扶下'.
_UNDER_HELP = re.compile(
    r"在(?P<unit>[\u4e00-\u9fff、]{3,30}?)的?(?:定点|对口|结对|精准|驻村)?(?:帮扶|扶贫|扶持|帮助)(?:工作队)?(?:下|之下)"
)
#: A unit whose stationed help a village owes its change to: '青石村的蝶变,得益于省地调院的驻村帮扶'.
_OWED_TO_HELP = re.compile(
    r"(?:得益于|离不开|归功于|多亏了?)(?P<unit>[\u4e00-\u9fff、]{3,30}?)的(?:定点|对口|结对|驻村)(?:帮扶|扶贫)"
)
#: The writer's own unit, not named: '是我局定点帮扶村', '是我单位的帮扶村'.
_OWN_UNIT = re.compile(r"(?:我局|我委|我办|我院|我厅|我单位|我们单位|本局|本单位)[\u4e00-\u9fff]{0,4}$")
#: An arrangement a unit followed, between it and what it did: '按照市委安排,', '根据县里部署,'.
_ARRANGED_GAP = re.compile(r"(?:按照|根据|遵照|响应)[^,;。]{0,12}?(?:安排|部署|要求|号召),?$")
#: A unit in its role for a village: '作为青石村的帮扶单位(之一)', '成为青石村对口扶贫单位'.
_HELPER_OF = re.compile(
    r"(?:被确定为|被定为|被列为|确定为|作为|成为|是|为|系)(?P<village>[\u4e00-\u9fff]{2,12}?村)的?"
    r"(?:(?:定点|结对|对口)?(?:帮扶|扶贫|包扶|挂钩|联系)(?:后盾)?|后盾)单位"
)


def _profile_titles(folded: str, sentence: Sentence) -> Iterator[re.Match[str]]:
    """PROFILE_TITLE's matches; one that starts at a surname 任 ('任静主动申请到…担任第一书记')
    is read again from the next character, where the real posting verb is found."""
    pos = sentence.start
    while (m := PROFILE_TITLE.search(folded, pos, sentence.end)) is not None:
        opens = m.start() == sentence.start or folded[m.start() - 1] in ",;:、 "
        if m.group().startswith("任") and opens and _LATER_POSTING.search(m.group("place")):
            pos = m.start() + 1  # (after a name, '贺书宁任队长', 任 is the verb)
            continue
        if m.group().startswith("任") and m.start() > sentence.start and folded[m.start() - 1] in _TITLE_ENDING_REN:
            pos = m.start() + 1  # '中心副主任胡立军下派到…担任': 任 ends a post, the verb comes later
            continue
        yield m
        pos = m.end()


#: An office inside a unit, before the post held there: '办公室', '对外合作处', '宣传科'.
_OFFICE = re.compile(r"(?![副正]|公室)[\u4e00-\u9fff]{0,8}?[股科室处]")
_AGE_GROUP = re.compile(AGE_GROUP + "$")
_LATER_POSTING = re.compile(r"担任|出任|到|任")
#: Characters before 任 that make it the end of a word, not the posting verb: 主任, 责任, 信任.
_TITLE_ENDING_REN = frozenset("主责信")


def profile_spans(
    doc: Doc, sentence: Sentence, mentions: Mentions, last_unit: str | None, prev: Sentence | None = None
) -> list[Span]:
    """A first secretary's profile or self-introduction: leader, home unit, village."""
    folded = doc.folded
    spans: list[Span] = []
    for m in _profile_titles(folded, sentence):
        village = mentions.first_within(m.start(), m.end())
        if village is None:
            # '到村任…' or '住进了青石村,担任驻村第一书记': the village just named
            village = mentions.last_within(sentence.start, m.start())
        leader, name_pos = _profile_name(folded, sentence, m.start())
        floor = sentence.start
        if leader is None and prev is not None:
            # '吴长荣,1989年5月出生,县融媒体中心记者,…。2019年2月,派驻高坪村,担任…第一书记。'
            leader, name_pos = _profile_name(folded, prev, prev.end)
            floor = prev.start if leader is not None else floor
        unit, unit_pos = _home_unit(folded, floor, m.end(), last_unit, name_pos)
        if leader is None and _pronoun_subject(folded, sentence) is None and unit is None:
            # a first-person report may not name its writer: '我受X委派,到青石村担任第一书记';
            # a unit named with its post stands without a name: '从县财政局副科长任上,被派到…'
            continue
        begin = min(p for p in (name_pos, unit_pos, m.start()) if p is not None)
        spans.append(Span(begin, m.end(), unit, [village.name] if village else [], leader, profile=True))
    return spans


def _unit_ending_at(folded: str, pos: int, floor: int) -> tuple[int, str] | None:
    """The unit written right before a name at ``pos``, opening its clause: '云岭电厂|赵六'."""
    found = unit_before(folded, pos, floor)
    if found is None or found[0] + len(found[1]) != pos:
        return None
    return found if found[0] == floor or folded[found[0] - 1] in ",;:、" else None


def _pronoun_subject(folded: str, sentence: Sentence) -> str | None:
    """我, 他 or 她 when the sentence is about that person, after an opening time if any:
    '今年4月,我被…选派到', '两年前,我来到青石村担任第一书记'."""
    at = sentence.start
    opening = LEADING_TIME.match(folded, at, sentence.end) or TIME_AGO.match(folded, at, sentence.end)
    if opening is not None:
        at = opening.end()
    pronoun = folded[at : at + 1]
    return pronoun if pronoun in ("我", "他", "她") else None


#: ('主动请缨,来到…', '主动报名,到…', '被选派到…')
_ASKED = re.compile(r"(?:主动|自愿|积极)?(?:申请|请缨|请命|要求|报名)?(?:,|,?来)?$|被(?:选|下|委)?派?$")
_AGED = re.compile(r"(?:今年|现年|刚满|年仅|已经|已)?\d{2}岁的")
#: What may stand between a secretary's name and his posting: 同志, then the date.
_NAME_TO_POSTING = re.compile(
    r"(?:同志)?(?:(?:于|在)?(?:(?:19|20)\d{2}年|今年|去年|前年)(?:\d{1,2}月份?)?(?:\d{1,2}日)?(?:初|底|上旬|中旬|下旬)?)?"
    r"(?:一直|始终|继续|先后)?$"  # '…以来,赵林一直担任第一书记'
)
#: The number of an entry in a list of postings: '1.', '(2)', '三、'.
_LIST_NUMBER = re.compile(rf"\s*{LIST_NUMBER}\s*")
#: The name opening a profile, then where the person works: '赵林是县审计局…', '赵林系…'.
_IS_FROM = re.compile(r"(?:同志)?(?:是|系|来自)")


def _profile_name(folded: str, sentence: Sentence, title_at: int) -> tuple[str | None, int | None]:
    """'王志远,1985年出生,…' (the name opening the sentence), '副局长李娟,', '干部赵林到村'."""
    numbered = _LIST_NUMBER.match(folded, sentence.start, title_at)  # ('1.郑远(县财政局副局长),任…')
    opening = numbered.end() if numbered else sentence.start
    trailed = folded.rfind("……", opening, title_at)
    if trailed >= 0:
        opening = trailed + 2  # '…学习心得本……张友明是县地质队副队长': a list trailing off, then the name
    opening += 2 if folded.startswith(("我叫", "我是", "本人", "他叫", "她叫"), opening) else 0
    aged = _AGED.match(folded, opening, title_at)
    opening = aged.end() if aged else opening  # '今年48岁的赵林是…': his age before his name
    name = name_at(folded, opening)
    if name is not None and folded.startswith((",", "，", "(", "（"), opening + len(name)):
        # '王志远,1985年出生,…', '我叫王志远,县网信办干部。', '郑远(县财政局副局长),任…'
        return name, opening
    if name is not None and _IS_FROM.match(folded, opening + len(name), title_at):
        # '赵林是县审计局的一名技术干部,2017年初到青石村任第一书记'
        return name, opening
    time = LEADING_TIME.match(folded, sentence.start, title_at)
    if time is not None and time.end() > sentence.start:
        # '2018年春天,王志远带着两名同事住进了青石村,担任驻村第一书记' (his age perhaps
        # before his name: '…,刚满28岁的何明离开…')
        aged = _AGED.match(folded, time.end(), title_at)
        at = aged.end() if aged else time.end()
        name = name_at(folded, at)
        if name is not None and PROFILE_VERB_AFTER_NAME.match(folded, at + len(name)):
            return name, at
    for m in POST_BEFORE_NAME.finditer(folded, sentence.start, title_at):
        name = name_at(folded, m.end())
        if name is not None:
            return name, m.end()
    # '冷秀梅到…小北河村担任驻村第一书记', '今年是冷秀梅到…', '周静主动申请到…': the name right
    # before the posting (and the words that say it was asked for)
    asked = _ASKED.search(folded, max(sentence.start, title_at - 8), title_at)
    before = asked.start() if asked else title_at
    between = _NAME_TO_POSTING.search(folded, max(sentence.start, before - 16), before)
    if between is not None:
        before = between.start()  # '赵林同志2018年3月被派驻…': a form of address, then a date
    for length in (3, 2):
        # '云岭电厂吕济余担任…': a name right after his unit (whose last character is no edge
        # name_before knows)
        at = before - length
        if at > sentence.start and is_person_name(folded[at:before]) and _unit_ending_at(folded, at, sentence.start):
            return folded[at:before], at
    name = name_before(folded, before, sentence.start)
    if name is not None:
        at = before - len(name)
        if (
            at == sentence.start or folded[at - 1] in ",;:是的”\"" or LEADING_TIME.fullmatch(folded, sentence.start, at)
            or _AGE_GROUP.search(folded, max(sentence.start, at - 5), at)
            or _unit_ending_at(folded, at, sentence.start) is not None
        ):
            # (的: '县审计局的赵林被派到…', the unit before it; '“80后”赵林'; the unit right
            # before the name: '云岭电厂赵六担任青石村第一书记')
            return name, at
    return None, None


def _home_unit(
    folded: str, floor: int, title_at: int, last_unit: str | None, name_pos: int | None = None
) -> tuple[str | None, int | None]:
    """The unit the secretary comes from: the one named with his post (县财政局干部,
    县人社局就业股股长); failing that the one that sent him (受市政协办公室委派), unless it
    only arranged the posting (县委组织部)."""
    dispatcher: tuple[str | None, int | None] = (None, None)
    if name_pos is not None and name_pos > floor and folded[name_pos - 1] == "的":
        found = unit_before(folded, name_pos - 1, floor)  # '县审计局的赵林被派到…'
        if found is not None:
            return found[1], found[0]
    if name_pos is not None and (found := _unit_ending_at(folded, name_pos, floor)) is not None:
        return found[1], found[0]  # ('云岭电厂赵六担任…')
    for m in HOME_UNIT_AFTER.finditer(folded, floor, title_at):
        if ANAPHORIC_UNIT.fullmatch(folded, max(floor, m.start() - 2), m.start()) and last_unit:
            return last_unit, m.start() - 2
        # the post's own office may have started inside the unit's name: '司法局律师指导处处长'
        inside = (  # the longest unit before an office and its post: '市人大农工委|办公室主任'
            k for k in range(m.end() - 2, m.start(), -1)
            if folded[k - 1] in ORG_LAST_CHARS and _OFFICE.match(folded, k, m.end())
            and HOME_UNIT_AFTER.fullmatch(folded, k, m.end())
        )
        for at in (m.start(), *inside):
            found = unit_before(folded, at, floor)
            if found is not None:
                if folded.startswith("办公室", at) and found[1].endswith(OFFICE_IS_UNIT):
                    # '市政府办公室副调研员', '市委办公室副主任': the office is the unit (not a
                    # committee's own office: '…教科卫体委办公室')
                    return found[1] + "办公室", found[0]
                return found[1], found[0]
    for m in FROM_UNIT.finditer(folded, floor, title_at):
        group = "unit" if m.group("unit") else "unit2"
        found = unit_before(folded, m.end(group), m.start(group))
        if found is not None and found[0] == m.start(group):
            return found[1], found[0]
    arranger: tuple[str | None, int | None] = (None, None)
    for m in DISPATCHER.finditer(folded, floor, title_at):
        found = unit_before(folded, m.start("verb"), m.end("by"))
        if found is not None and not ARRANGER.search(found[1]):
            dispatcher = (found[1], found[0])
        elif found is not None:
            arranger = (found[1], found[0])
    # '经市委组织部委派,到青石村任第一书记': with no unit of his own named, the labellers take the
    # body that sent him
    return dispatcher if dispatcher[0] is not None else arranger


def joint_spans(doc: Doc, sentence: Sentence, mentions: Mentions) -> list[Span]:
    """Units named after the team or the village: '青石村驻村工作队由云岭日报社和县供电公司共同派驻',
    '该村由县水利局、县林业局和县农机站三家单位组成工作队帮扶'."""
    folded = doc.folded
    spans: list[Span] = []
    for m in JOINT_BY.finditer(folded, sentence.start, sentence.end):
        found = unit_before(folded, m.end("units"), m.start("units"))
        if found is None or found[0] != m.start("units"):
            continue
        if not m.group("team") and not TEAM_WORD_NEAR.search(folded, max(sentence.start, m.start() - 12), m.start()):
            continue
        spans.append(Span(m.start(), m.end(), found[1], listed_before(mentions, folded, sentence.start, m.start())))
    for m in RELATION_BY.finditer(folded, sentence.start, sentence.end):
        found = unit_before(folded, m.end("units"), m.start("units"))
        if found is not None and found[0] == m.start("units"):
            spans.append(Span(m.start(), m.end(), found[1], listed_before(mentions, folded, sentence.start, m.start())))
    for m in JOINT_FORMED.finditer(folded, sentence.start, sentence.end):
        # '县农业局、工业园区管委会联合组建驻村帮扶工作队,进驻青石村': the units, then the village after
        found = unit_before(folded, m.start(), sentence.start)
        found = found or _unit_before_members(folded, m.start(), sentence.start)
        if found is None or (
            folded[found[0] - 1 : found[0]] in ("与", "和", "同")
            and not folded.endswith(("工作队", "工作组"), sentence.start, found[0] - 1)
        ):
            # ('X公司…与云岭集团共同组建': the partner named before is not read here; after
            # another team, '市农业委工作队和县医院、县农发行组成的工作队', a second team is)
            continue
        after = mentions.starting_in(m.end(), sentence.end)
        villages = _listed_from(after, folded) if after else listed_before(mentions, folded, sentence.start, found[0])
        spans.append(Span(found[0], m.end(), found[1], villages))
    return spans


_JOINERS = frozenset({"和", "、", "与", "及", ""})
#: The members named before the team they form: '赵敏、钱进和孙立组成工作队' (each 2-3 characters).
_MEMBER_RUN = re.compile(r"[\u4e00-\u9fff]{2,3}(?:[、和][\u4e00-\u9fff]{2,3})+(?:等人|等)?$")


def _unit_before_members(folded: str, pos: int, floor: int) -> tuple[int, str] | None:
    """The unit before the people who form a team: '市农业局赵敏、钱进和孙立组成工作队',
    '省水利厅的赵敏、钱进组成工作组' (the unit's cadres, named one by one)."""
    run = _MEMBER_RUN.search(folded, max(floor, pos - 40), pos)
    if run is None:
        return None
    names = re.split("[、和]", run.group().removesuffix("等人").removesuffix("等"))
    first_end = run.start() + len(names[0])
    first = name_before(folded, first_end, max(floor, first_end - 3))
    if first is None or sum(is_person_name(n) for n in names[1:]) * 2 < len(names) - 1:
        return None
    unit_end = first_end - len(first)
    if folded[unit_end - 1 : unit_end] == "的":
        unit_end -= 1
    found = unit_before(folded, unit_end, floor)
    return found if found is not None and found[1] else None


def _listed_from(after: list[VillageMention], folded: str) -> list[str]:
    """The villages of the list ``after[0]`` opens ('…进驻东坪、西坪和南坪3个村')."""
    names = [after[0].name]
    for prev, v in pairwise(after):
        if v.start < prev.end or folded[prev.end : v.start] not in _JOINERS:
            break
        if v.name not in names:
            names.append(v.name)
    return names


def listed_before(mentions: Mentions, folded: str, floor: int, pos: int) -> list[str]:
    """The villages of the list named last before ``pos`` ('A村和B村山水相连,由…')."""
    last = mentions.last_within(floor, pos)
    if last is None:
        return []
    names = [last.name]
    for v in reversed(mentions.starting_in(floor, last.start)):
        if v.end <= last.start and folded[v.end : last.start] in _JOINERS and v.name not in names:
            names.insert(0, v.name)
            last = v
    return names


#: After a person: a move to the village to work there ('来到美水村开展扶贫', '到青石村驻村').
_PERSON_POSTED = re.compile(r"(?:来到|到|进驻|驻进|被派到|派驻到|派驻|深入|前往|赴)")
_POSTED_WORK = re.compile(
    r",?(?:开展|从事|负责)?(?:精准)?(?:扶贫|帮扶|驻村)|,?(?:并)?(?:担任|任)[^。;,]{0,8}(?:第一书记|队长)"
)


#: Members who came from a unit: '来自县农机局的6名队员', '他们来自县农机局,是…'.
_CAME_FROM = re.compile(r"来自(?P<unit>[\u4e00-\u9fff、]{3,24}?)(?=的|[,，])")
#: Where they are stationed, after them: '…队员在青石村驻村', '…是青石村驻村工作队的队员'.
_MEMBERS_STATIONED = re.compile(
    r"的(?:\d{1,2}|[一二两三四五六七八九十])?名?(?:驻村)?(?:扶贫)?(?:工作队员|队员|干部|同志)"
    r"(?:在|到|进驻|入驻|常驻|驻)"
    r"|[,，]是"
)


def came_from_spans(doc: Doc, sentence: Sentence, mentions: Mentions) -> list[Span]:
    """Team members who came from a unit and are stationed in a village: '来自县农机局的6名
    队员在青石村驻村', '他们来自县农机局,是青石村驻村扶贫工作队的队员'."""
    folded = doc.folded
    spans: list[Span] = []
    for m in _CAME_FROM.finditer(folded, sentence.start, sentence.end):
        found = unit_before(folded, m.end("unit"), m.start("unit"))
        if found is None or found[0] != m.start("unit"):
            continue
        tie = _MEMBERS_STATIONED.match(folded, m.end("unit"), sentence.end)
        village = mentions.first_within(tie.end(), min(sentence.end, tie.end() + 24)) if tie else None
        if tie is None or village is None:
            continue
        rest = folded[village.end : sentence.end]
        if not (rest.startswith(("驻村", "开展帮扶")) or _TEAM_MEMBER_AFTER.match(rest)):
            continue
        end = village.end + (2 if rest.startswith("驻村") else 0)  # (the quote keeps 驻村)
        spans.append(Span(m.start(), end, found[1], [village.name]))
    return spans


#: The village's team, and a member of it: '(青石村)驻村扶贫工作队的队员'.
_TEAM_MEMBER_AFTER = re.compile(r"(?:的)?(?:驻村)?(?:扶贫|帮扶)?(?:工作队|工作组)的?(?:队员|成员)")


def posted_person_spans(doc: Doc, sentence: Sentence, mentions: Mentions) -> list[Span]:
    """'三明市宁化县供电公司职工何志锋来到美水村开展扶贫': the unit sends the person to work in
    the village (a posting told as one person's story, §3.1 pattern 6)."""
    folded = doc.folded
    spans: list[Span] = []
    for m in _WORKS_AT.finditer(folded, sentence.start, sentence.end):
        # '在县检察院工作的陈某2016年来到青石村': the person's employer sends him
        person = name_at(folded, m.end())
        found = unit_before(folded, m.end("unit"), m.start("unit")) if person else None
        if person is None or found is None or found[0] != m.start("unit"):
            continue
        after = m.end() + len(person)
        when = _WHEN_AFTER.match(folded, after, sentence.end)
        village = _village_moved_to(folded, when.end() if when else after, sentence, mentions)
        if village is not None:
            spans.append(Span(m.start("unit"), village.end, found[1], [village.name]))
    for post in POST_BEFORE_NAME.finditer(folded, sentence.start, sentence.end):
        person = name_at(folded, post.end())
        if person is None:
            continue
        named_end = post.end() + len(person)
        past = _past_companions(folded, named_end)
        volunteered = _VOLUNTEERED.match(folded, past, sentence.end) if past == named_end else None
        if volunteered is not None:
            past = volunteered.end()
        staff = _LEADS_STAFF.match(folded, past, sentence.end) if past == named_end else None
        if staff is not None:
            past = staff.end()  # '站长周丽带领站里干部到桃坪村开展帮扶工作': the unit's help, led by its head
        village = _village_moved_to(folded, past, sentence, mentions)
        found = unit_with_posts(folded, post.end(), sentence.start) if village is not None else None
        if village is not None and found is not None:
            # one person posted alone leads the unit's work there ('副处长陈大伟将派驻…'); sent with
            # colleagues, or only said to have come ('来到…开展扶贫'), none is named its leader
            # (but one who asked to go as first secretary is that: '…主动报名第一书记,到…')
            posted = past == named_end and _PERSON_SENT.match(folded, past, sentence.end) is not None
            posted = posted or (volunteered is not None and volunteered.group("post") is not None)
            spans.append(Span(found[0], village.end, found[1], [village.name], person if posted else None))
    if not spans:
        opened = _arrived_person(doc, sentence, mentions)
        if opened is not None:
            spans.append(opened)
    return spans


#: A person's employer written before him: '在县检察院工作的陈某'.
_WORKS_AT = re.compile(r"在(?P<unit>[\u4e00-\u9fff]{3,20}?)工作的")
#: When, right after a person's name: '2016年', '于2017年3月,'.
_WHEN_AFTER = re.compile(rf"(?:于|在)?{_DATE_WRITTEN}(?:份)?,?")
#: Colleagues sent with the person: '及同事赵红、钱亮', '和队员孙强'.
_COMPANIONS = re.compile(r"(?:及|和|与|带着|带领)(?:其)?(?:同事|队员|干部|同志)?")


def _past_companions(folded: str, pos: int) -> int:
    """Where the colleagues named after a person end ('…吴国栋及同事赵红、钱亮被派驻到…'), else ``pos``."""
    lead = _COMPANIONS.match(folded, pos)
    if lead is None or (name := name_at(folded, lead.end())) is None:
        return pos
    end = lead.end() + len(name)
    while folded.startswith("、", end) and (other := name_at(folded, end + 1)) is not None:
        end += 1 + len(other)
    return end


#: A person answering a call to go, between the name and the move: '响应单位号召,主动报名
#:当第一书记,', '积极响应号召,自愿申请驻村,'.
_VOLUNTEERED = re.compile(
    r",?(?:积极)?响应[^,。;]{0,12}号召,(?:主动|自愿|积极)?(?:报名|申请|请缨)"
    r"[^,。;]{0,12}?(?P<post>第一书记)?[^,。;]{0,4},"
)
#: The unit's staff its head brings to the village, between the name and the move: '带领局机关
#: 干部', '率领驻村工作队'.
_LEADS_STAFF = re.compile(
    r"(?:一行)?(?:带领|率领|带着)[^,;。]{0,10}?(?:干部|党员|职工|工作人员|队员|同志|驻村工作队|工作队)(?:一行)?"
    r"(?:[\d一二两三四五六七八九十]+人)?(?:先后)?"
)
#: A posting of the person named before: '将派驻', '此次将下派', '2017年被派驻到'.
_PERSON_SENT = re.compile(
    r"(?:本次|此次|这次|即将|将|已|被|于?\d{4}年(?:\d{1,2}月)?)*(?:派驻到?|下派到?|选派到|委派到|被派到|派到)"
)


#: The places written before a village: '白水县龙泉镇', '石桥镇'.
_PLACES_BEFORE = re.compile(
    r"(?:[\u4e00-\u9fff]{1,8}?(?:省|市|州|盟|县|区|旗))*(?:[\u4e00-\u9fff]{1,6}?(?:镇|乡|苏木|街道))?"
)


def _village_moved_to(folded: str, pos: int, sentence: Sentence, mentions: Mentions) -> VillageMention | None:
    """The village a person named before ``pos`` is posted to: '来到青石村开展扶贫' (a move,
    then work there), '此次将下派石门镇青石村' (a posting, a place or two before the village)."""
    moved = _PERSON_POSTED.match(folded, pos, sentence.end)
    village = next(iter(mentions.starting_in(moved.end(), moved.end() + 16)), None) if moved else None
    if village is not None and moved is not None and village.start > moved.end() and not _PLACES_BEFORE.fullmatch(
        folded, moved.end(), village.start
    ):
        village = None  # ('来到白水县龙泉镇石岭村': the village after its county and township)
    if village is not None and _POSTED_WORK.match(folded, village.end, sentence.end):
        return village
    sent = _PERSON_SENT.match(folded, pos, sentence.end)
    if sent is None:
        return None
    village = next(iter(mentions.starting_in(sent.end(), sent.end() + 6)), None)
    if village is not None and not CLAUSE_BREAK.search(folded, sent.end(), village.start):
        return village
    return None


def unit_with_posts(folded: str, at: int, floor: int) -> tuple[int, str] | None:
    """(start, unit) of the home unit written with the posts that end at ``at``:
    '县供电公司职工', '县委农办合作经济科副科长' (the longest office and posts first, so an
    office such as 合作经济科 is not read as the unit)."""
    for k in range(max(floor + 1, at - 30), at - 1):
        if folded.startswith(("公室", "公厅", "办公厅", "厅"), k):
            continue  # ('…档案馆办公室宣传科科长', '…政府办公厅秘书处': these end the unit, open no office)
        if HOME_POSTS_BEFORE_NAME.fullmatch(folded, k, at):
            found = unit_before(folded, k, floor)
            if found is not None:
                company = found[1].rfind("公司")
                if 0 < company < len(found[1]) - 2:
                    # '云岭电网集团有限公司职工协会办公室': the company, not its office
                    return found[0], found[1][: company + 2]
                school = _SCHOOL_OF.match(found[1])
                if school is not None:
                    # '云岭师范学院文学院副院长': the college, not its school
                    return found[0], school.group("college")
                return found
    return None


#: A college or university, then one of its schools: '云岭师范学院文学院'.
_SCHOOL_OF = re.compile(
    r"(?P<college>[\u4e00-\u9fff]{2,12}?(?:大学|学院))[\u4e00-\u9fff]{1,10}(?:学院|系|研究所|研究院)$"
)
#: '刚', '初' between a person and the move: '张明刚到青石村驻村时'.
_JUST = re.compile(r"(?:刚刚|刚|初|一)?")
#: Being stationed, right after the village: '…青石村驻村', '…青石村任第一书记'.
_STATIONED_THERE = re.compile(r"驻村|(?:担任|任)(?:驻村)?(?:第一书记|工作队队长|队长)")


def _arrived_person(doc: Doc, sentence: Sentence, mentions: Mentions) -> Span | None:
    """'张明刚到石门镇青石村驻村时…': a person opening the sentence who moves to a village to be
    stationed there leads its team; the unit is not named here."""
    folded = doc.folded
    at = sentence.start
    time = LEADING_TIME.match(folded, at, sentence.end)
    if time is not None:
        at = time.end()
    person = name_at(folded, at)
    if person is None:
        return None
    just = _JUST.match(folded, at + len(person), sentence.end)
    moved = _PERSON_POSTED.match(folded, just.end() if just else at + len(person), sentence.end)
    village = next(iter(mentions.starting_in(moved.end(), moved.end() + 1)), None) if moved else None
    if village is None or not _STATIONED_THERE.match(folded, village.end, sentence.end):
        return None
    return Span(at, village.end, None, [village.name], person)


def village_team_spans(doc: Doc, sentence: Sentence, mentions: Mentions) -> list[Span]:
    """'青石村的驻村工作队': a village's own team, its unit not named here."""
    folded = doc.folded
    spans: list[Span] = []
    for m in VILLAGE_TEAM.finditer(folded, sentence.start, sentence.end):
        village = village_at_end(mentions, folded, sentence.start, m.start())
        if village is not None:
            spans.append(Span(village.start, m.end(), None, [village.name]))
    return spans


def village_at_end(mentions: Mentions, folded: str, floor: int, pos: int) -> VillageMention | None:
    """The village named right before ``pos`` (across 是/为/系/作为 and the like)."""
    for v in mentions.starting_in(floor, pos):
        if v.end <= pos and RELATION_GAP.fullmatch(folded, v.end, pos):
            return v
    return None


def subject_unit_span(
    doc: Doc, sentence: Sentence, mentions: Mentions, about_teams: bool
) -> Span | None:
    """A unit opening a sentence that then works in named villages, in a document about teams.

    '市国土资源局充分发挥…,先后在某镇甲、乙、丙等3个贫困村累计投资…': the unit is
    the subject; the villages follow 在, the sentence speaks of assistance (帮扶, 扶贫, 挂包 ...) and
    says what was done there (投资, 实施, 修建 ...).
    """
    folded = doc.folded
    if not about_teams or not SUBJECT_DEED.search(folded, sentence.start, sentence.end):
        return None
    places = villages_after_at(folded, sentence, mentions)
    if places is None:
        return None
    base = past_leading_noise(folded, sentence.start, sentence.end)
    unit_info = _opening_unit(folded, base, min(sentence.end, places[0]))
    if unit_info is None:
        return None
    start, unit = unit_info
    at, end, names = places
    if not SUBJECT_WORK.search(folded, end, sentence.end):
        return None  # a meeting held in the village is no assistance
    return Span(start, start + len(unit), unit, names, extra=(at, end))


#: A unit's tie to the village named right after: '对所包扶的石门镇青石村', '扶持白沙乡柳湾村'.
_HELPS_VILLAGE = re.compile(r"[其所](?:包扶|帮扶|包联|挂包|联系|结对)的|扶持|帮助|包扶")


def helped_village_spans(doc: Doc, sentence: Sentence, mentions: Mentions) -> list[Span]:
    """Units opening a sentence or a ;-clause that go on to what they did for a village named
    in the same clause: '县林业局投资20多万元,对所包扶的石门镇青石村进行了绿化;
    县采油厂…扶持白沙乡柳湾村发展产业' (a county's round-up of its units' help)."""
    folded = doc.folded
    spans: list[Span] = []
    if not _HELPS_VILLAGE.search(folded, sentence.start, sentence.end):
        return spans  # (one search for most sentences, not a reading per clause)
    start = sentence.start
    while start < sentence.end:
        cut = folded.find(";", start, sentence.end)
        end = cut if cut >= 0 else sentence.end
        base = past_leading_noise(folded, start, end)
        span = _unit_helping(folded, base, end, mentions)
        if span is not None:
            spans.append(span)
        start = end + 1
    return spans


def _unit_helping(folded: str, base: int, end: int, mentions: Mentions) -> Span | None:
    helped = next((
        (cue, named[0]) for cue in _HELPS_VILLAGE.finditer(folded, base, end)
        if (named := mentions.starting_in(cue.end(), cue.end() + 1))
    ), None)  # (the village first: most clauses name none right after such a word)
    if helped is None or not SUBJECT_WORK.search(folded, base, end):
        return None
    cue, village = helped
    unit_info = _opening_unit(folded, base, cue.start())
    if unit_info is None:
        return None
    unit = unit_info[1]
    return Span(base, base + len(unit), unit, [village.name], extra=(cue.start(), village.end))


def _opening_unit(folded: str, base: int, stop: int) -> tuple[int, str] | None:
    """(start, unit) of the unit that opens the text at ``base``, read back from the longest
    run of name characters before ``stop`` that ends like a unit; a government or a Party
    committee (the whole area's) is no helping unit."""
    run = re.match(rf"[{H}、]{{3,30}}", folded[base:stop])
    if not run:
        return None
    for k in range(base + len(run.group()), base + 2, -1):
        if folded[k - 1] not in ORG_LAST_CHARS:
            continue
        found = unit_before(folded, k, base)
        if found is not None and found[0] == base:
            return None if all(TOP_GOVERNMENT.search(p) for p in CONNECTOR.split(found[1])[::2]) else found
    return None


def villages_after_at(
    folded: str, sentence: Sentence, mentions: Mentions
) -> tuple[int, int, list[str]] | None:
    """(start of 在, end, names) of the first '在[县/镇]甲村、乙村' in a sentence."""
    inside = mentions.starting_in(sentence.start, sentence.end)
    if not inside:
        return None
    for m in SUBJECT_PLACE.finditer(folded, sentence.start, sentence.end):
        clause_end = CLAUSE_BREAK.search(folded, m.end(), sentence.end)
        stop = clause_end.start() if clause_end else sentence.end
        listed = [
            v for v in inside
            if m.end() <= v.start < stop and re.fullmatch(rf"[{H}、]*", folded[m.end() : v.start])
        ]
        if not listed or not re.fullmatch(rf"(?:[{H}]*?[县区镇乡])?", folded[m.end() : listed[0].start]):
            continue
        end = max(v.end for v in listed)
        counted = COUNTED.match(folded, end)
        if counted:
            end = counted.end()
        return m.end() - 1, end, list(dict.fromkeys(v.name for v in listed))
    return None


def apposition_unit(doc: Doc, team: TeamFound) -> None:
    """The home unit of a page's only, unit-less secretary given by apposition (§3.1
    pattern 6): '作为县林业局的技术干部', '驻村之前,她在县妇幼保健院当办公室主任'."""
    folded = doc.folded
    for m in APPOSITION.finditer(folded):
        group = "unit" if m.group("unit") else "unit2"
        found = unit_before(folded, m.end(group), m.start(group))
        if found is not None and found[0] == m.start(group):
            team.sent_by = found[1]
            evidence = doc.evidence(m.start(), m.end())
            if evidence is not None:
                team.evidence.append(evidence)
            return
