"""Per-document facts the figure rules share: villages named, figures used, years.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from llmx.backends.rules.tables import (
    AREA_WORDS,
    LIST_JOIN,
    PARAGRAPH_YEAR,
    SECTION_YEAR,
    TIME_CLAUSE,
    YEAR,
    YEAR_WRITTEN,
)
from llmx.backends.rules.team_facts import TeamFound
from llmx.backends.rules.text import MAX_SENTENCE_CHARS, Doc, Sentence
from llmx.core.divisions import county_path
from llmx.core.occurrences import find_all

_RELATIVE_YEARS = {"今年": 0, "去年": -1, "前年": -2, "明年": 1}
#: A paragraph about a whole area, from its first words: '去年,我市扶贫工作…', '2017年全县…'.
_AREA_PARAGRAPH = re.compile(r"(?:[^,。;]{0,12},)?(?P<area>我市|我县|我省|我区|我州|我旗|全市|全县|全省|全州|全旗)")
_WRITTEN_YEAR = re.compile(r"((?:19|20)\d{2})年")
_COOP_RUN = re.compile(r"[\u4e00-\u9fff]{2,14}$")
#: Words before a cooperative's name: '工作队牵头成立桐木坪椪柑专业合作社'.
_COOP_VERB = re.compile(
    r"成立|组建|注册|创办|领办|依托|借助|利用|以|加入|入股|通过|建成|建立|创建|新建|建起|办起|牵头|的|了"
)
_COOP_CUT = re.compile(r"由|在|与|和|到|向|为|把|将|是|给|让|使|从|及|等|个")


def _starts_with_county(text: str) -> bool:
    return any(county_path(text[:n]) is not None for n in range(2, min(len(text), 7) + 1) if text[n - 1] in "县市区旗")
_COOP_NOT = re.compile(
    r"^(?:该|本|这|此|各|全|村|专业|农民|贫困|扶贫|新|一家|这家|今年|去年|目前|当年|同时|并|还|又|也|都|已|就|如今|现在)"
)
_COOP_FULL = re.compile(r"(?:专业|股份|经济|联合)合作社$")


class _Consumed:
    """Character positions already used by a record: a figure is used once."""

    def __init__(self, size: int) -> None:
        self._mask = bytearray(size)

    def append(self, span: tuple[int, int]) -> None:
        start, end = span
        self._mask[start:end] = b"\x01" * (min(end, len(self._mask)) - start)

    def release(self, span: tuple[int, int]) -> None:
        start, end = span
        self._mask[start:end] = bytes(min(end, len(self._mask)) - start)

    def overlaps(self, start: int, end: int) -> bool:
        return self._mask.find(1, start, end) != -1


#: A list's joining word, then the township of the next village: '和青山乡', '、白沙镇'.
_JOIN_THEN_TOWN = re.compile(r"[和、与及,][\u4e00-\u9fff]{1,6}?(?:镇|乡)")


@dataclass(slots=True)
class Context:
    """Per-document facts the figure rules share."""

    doc: Doc
    villages: list[str]
    teams: list[TeamFound]
    ref_year: int | None
    county: str | None  # the one county the document names, if exactly one
    county_alias: str | None
    #: The year a work summary covers (``2017年上半年工作总结``): its actions' default year.
    summary_year: int | None = None
    #: The village the page is about when it names one above the others (None when unsure).
    main_village: str | None = None
    #: Townships the page names, and the one it is about (a township team's page).
    towns: list[str] = field(default_factory=list)
    town: str | None = None
    #: Where the article body starts: figures in the headline and date line are not facts.
    body_start: int = 0
    #: The one province the content names, else the county's.
    province: str | None = None
    #: What 全市 means: the county itself when it is a county-level city (韩城市), else its city.
    city: str | None = None
    #: The county or province a round-up is about (its headline names it): the subject of a
    #: figure no village or unit claims.
    page_area: str | None = None
    consumed: _Consumed = field(init=False)
    mentions: list[tuple[int, str, str | None]] = field(default_factory=list)  # (start, name, township)
    _occurrences: list[tuple[int, str]] = field(default_factory=list)
    _headings: list[tuple[int, int]] | None = None
    _paragraph_places: dict[int, tuple[set[str], set[str]]] = field(default_factory=dict)
    _paragraph_years: dict[int, int | None] = field(default_factory=dict)
    _cooperative: str | None = None

    def __post_init__(self) -> None:
        self.consumed = _Consumed(len(self.doc.text))
        forms = {name: {name} | ({name[:-1]} if name.endswith("村") and len(name) >= 4 else set())
                 for name in self.villages}
        positions = find_all(self.doc.folded, (form for these in forms.values() for form in these))
        occ = [(pos, name) for name, these in forms.items() for form in these for pos in positions[form]]
        self._occurrences = sorted(occ)

    def cooperative(self) -> str | None:
        """The one cooperative the page names in full ('桐木坪椪柑专业合作社'), or None."""
        if self._cooperative is None:
            folded = self.doc.folded
            names = set()
            at = folded.find("合作社")
            while at >= 0:
                run = _COOP_RUN.search(folded, max(0, at - 14), at)
                if run is not None:
                    body = run.group()
                    if run.start() > 0 and folded[run.start() - 1].isdigit() and body[0] in "年月日":
                        body = body[1:]  # '2022年…合作社': the date's last character
                    body = body[max((m.end() for m in _COOP_VERB.finditer(body)), default=0) :]
                    if not _starts_with_county(body):  # '永和县…合作社': 和 inside a place name
                        body = body[max((m.end() for m in _COOP_CUT.finditer(body)), default=0) :]
                    if len(body) >= 2 and not _COOP_NOT.match(body):
                        names.add(body + "合作社")
                at = folded.find("合作社", at + 3)
            full = {n for n in names if _COOP_FULL.search(n)}
            names = full or names
            self._cooperative = next(iter(names)) if len(names) == 1 else ""
        return self._cooperative or None

    def is_consumed(self, start: int, end: int) -> bool:
        return self.consumed.overlaps(start, end)

    def village_before(self, pos: int, floor: int) -> str | None:
        """The village named last before ``pos`` and at or after ``floor``."""
        i = bisect_right(self._occurrences, (pos, "\uffff"))
        if i and self._occurrences[i - 1][0] >= floor:
            return self._occurrences[i - 1][1]
        return None

    def last_village_position(self, pos: int) -> int:
        i = bisect_right(self._occurrences, (pos, "\uffff"))
        return self._occurrences[i - 1][0] if i else -1

    def area_paragraph(self, sentence: Sentence, pos: int) -> str | None:
        """The place a paragraph about a whole area is about ('去年,我市扶贫工作…': the city;
        '全县…': the county, as 我市 and 全县 in a figure's own sentence), when it names no
        village before ``pos``; '' for an area the page does not name; None for a paragraph
        of another kind."""
        start = self.doc.paragraphs[sentence.paragraph][0]
        m = _AREA_PARAGRAPH.match(self.doc.folded, start)
        if m is None or self.last_village_position(pos) >= start:
            return None
        level = m.group("area")[1]
        return {"市": self.city, "县": self.county, "省": self.province}.get(level) or ""

    def occurrences_in(self, start: int, end: int) -> list[tuple[int, str]]:
        """(position, village) of every village name written in [start, end)."""
        i = bisect_right(self._occurrences, (start, ""))
        out = []
        while i < len(self._occurrences) and self._occurrences[i][0] < end:
            out.append(self._occurrences[i])
            i += 1
        return out

    def several_villages_in(self, start: int, end: int) -> bool:
        """Whether [start, end) names two villages or more, in full or in a list of short
        names ('足吾、菩提等村'): a figure after them is none of them alone."""
        names = {name for _, name in self.occurrences_in(start, end)}
        names.update(name for _, name, _ in self._mentions_starting_in(start, end))
        return len(names) >= 2

    def _mentions_starting_in(self, start: int, end: int) -> list[tuple[int, str, str | None]]:
        """The mentions starting in [start, end): ``mentions`` is in text order, so this
        bisects rather than scans the page's mentions for each figure or paragraph."""
        first = bisect_left(self.mentions, start, key=lambda m: m[0])
        last = bisect_left(self.mentions, end, key=lambda m: m[0])
        return self.mentions[first:last]

    def village_list(self, start: int, end: int, *, anywhere: bool = False) -> list[tuple[str, int]]:
        """(name, end) of the villages listed together ('A村和B村', 'A村、B村') ending the span
        [start, end) (or, ``anywhere``, the last such list in it)."""
        folded = self.doc.folded
        best: list[tuple[str, int]] = []
        run: list[tuple[str, int]] = []
        for pos, name in self.occurrences_in(start, end):
            stop = pos + (len(name) if folded.startswith(name, pos) else len(name) - 1)
            gap = folded[run[-1][1] : pos] if run else ""
            # (a second township may open the next name: '石门镇柳湾村、桃源村和青山乡新华村')
            if run and (gap in LIST_JOIN or _JOIN_THEN_TOWN.fullmatch(gap)) and name not in {n for n, _ in run}:
                run.append((name, stop))
            else:
                run = [(name, stop)]
            if len(run) >= 2:
                best = list(run)
        if not best:
            return []
        if not anywhere and folded[best[-1][1] : end].strip() not in ("", "的", "村"):
            return []
        return best

    def villages_in(self, start: int, end: int) -> set[str]:
        return {name for _, name in self.occurrences_in(start, end)}

    def current_village(self, sentence: Sentence, pos: int, paragraphs_back: int = 0) -> str | None:
        """The village the narrative is about at ``pos``: named earlier in this sentence, this
        paragraph or up to ``paragraphs_back`` paragraphs before; or the document's only one."""
        first = max(0, sentence.paragraph - paragraphs_back)
        floor = self.doc.paragraphs[first][0]
        named = self.village_before(pos, floor)
        if named is not None:
            # Several villages named in the same sentence: a joint action, no single village.
            if len(self.villages_in(sentence.start, pos)) > 1:
                return None
            return named
        return self.villages[0] if len(self.villages) == 1 else self.main_village

    def first_village_after(self, pos: int, ceiling: int) -> str | None:
        i = bisect_right(self._occurrences, (pos, "\uffff"))
        if i < len(self._occurrences) and self._occurrences[i][0] < ceiling:
            return self._occurrences[i][1]
        return None

    def subject_village(self, sentence: Sentence, start: int, end: int, paragraphs_back: int = 1) -> str | None:
        """The village a figure at [start, end) is about (PHRASING §8.3): named before it in
        its sentence, after it in its sentence ('…贫困发生率32.4%的青石村'), earlier in its
        paragraph, later in its paragraph (figures a sentence before the name), in the
        paragraphs just before, or the page's main village. A county, town or several
        villages in between leave it unknown."""
        folded = self.doc.folded
        inside = {name for _, name in self.occurrences_in(start, end)}
        if len(inside) == 1:
            return inside.pop()  # '去年底,青石村整村出列': named inside the statement
        before = self.occurrences_in(sentence.start, start)
        if before:
            pos, name = before[-1]
            if AREA_WORDS.search(folded, pos, start):
                return None
            return name
        if AREA_WORDS.search(folded, sentence.start, start):
            return None
        after = self.first_village_after(end, sentence.end)
        if after is not None:
            return after
        p_start, p_end = self.doc.paragraphs[sentence.paragraph]
        named = self.village_before(start, p_start) or self.first_village_after(end, p_end)
        if named is not None:
            return named
        floor = self.doc.paragraphs[max(0, sentence.paragraph - paragraphs_back)][0]
        return self.village_before(start, floor) or self.main_village

    def year_of(self, sentence: Sentence, clause_start: int, pos: int) -> int | None:
        """A year stated in the clause before ``pos``, or by a time phrase opening the sentence."""
        found = self._year_in(clause_start, pos)
        if found is not None:
            return found
        segment_start = self.segment_start(sentence, clause_start)
        for start, end in reversed(self.doc.clauses(segment_start, clause_start)):
            if TIME_CLAUSE.fullmatch(self.doc.folded[start:end]):
                return self._year_in(start, end)
        if segment_start > sentence.start and self._year_in(segment_start, clause_start) is None:
            for start, end in self.doc.clauses(sentence.start, segment_start)[:1]:
                if TIME_CLAUSE.fullmatch(self.doc.folded[start:end]):
                    return self._year_in(start, end)
        return None

    def segment_start(self, sentence: Sentence, pos: int) -> int:
        """Where the part of the sentence holding ``pos`` starts: after its last semicolon, so a
        year written for one item of a list ('明年计划…;对…') does not date the next."""
        return max(sentence.start, self.doc.folded.rfind(";", sentence.start, pos) + 1)

    def _year_in(self, start: int, end: int, *, stated: bool = False) -> int | None:
        """The last year [start, end) gives; ``stated``: a written or relative year only,
        not a month or holiday that takes the page's year."""
        year = None
        for m in YEAR.finditer(self.doc.folded, start, end):
            if stated and not (m.group(1) or m.group(2)):
                continue
            if m.group(1):
                year = int(m.group(1))
            elif m.group(2) in ("当年", "同年"):
                year = self.stated_year_before(m.start())
            else:
                ref = self.doc.ref_year_at(m.start())
                if ref is not None:
                    year = ref + _RELATIVE_YEARS.get(m.group(2), 0)
        return year

    def stated_year_before(self, pos: int) -> int | None:
        """The year written last before ``pos`` in its paragraph: what 当年/同年 refer to
        ('2019年,…降至0.9%,当年实现整村出列')."""
        sentence = self.doc.sentence_at(pos)
        floor = self.doc.paragraphs[sentence.paragraph][0] if sentence else 0
        floor = max(floor, pos - MAX_SENTENCE_CHARS)
        found = None
        for m in _WRITTEN_YEAR.finditer(self.doc.folded, floor, pos):
            found = int(m.group(1))
        return found

    def year_in(self, start: int, end: int, *, stated: bool = False) -> int | None:
        """A year stated anywhere in [start, end) ('…,今年7月正式投产')."""
        return self._year_in(start, end, stated=stated)

    def section_year(self, pos: int) -> int | None:
        """The year of the numbered section heading above ``pos`` ('四、2019年工作打算')."""
        if self._headings is None:
            self._headings = [
                (start, int(m.group("year")))
                for start, end in self.doc.paragraphs
                if end - start <= 30 and (m := SECTION_YEAR.match(self.doc.folded, start, end))
            ]
        i = bisect_left(self._headings, pos, key=lambda heading: heading[0])
        return self._headings[i - 1][1] if i else None

    def paragraph_year(self, pos: int) -> int | None:
        """The year a paragraph opens with ('2007年,全市有…'), a yearbook entry's year, when
        the paragraph writes no other year: its later statements are of that year."""
        index = self.doc.sentence_index(pos)
        if index < 0:
            return None
        paragraph = self.doc.sentences[index].paragraph
        if paragraph not in self._paragraph_years:
            start, end = self.doc.paragraphs[paragraph]
            m = PARAGRAPH_YEAR.match(self.doc.folded, start, end)
            written_again = m is not None and YEAR_WRITTEN.search(self.doc.folded, m.end(), end) is not None
            year = None
            if m is not None and not written_again:
                ref = self.doc.ref_year_at(start)
                relative = m.group("relative")
                year = int(m.group("year")) if m.group("year") else ref + _RELATIVE_YEARS[relative] if ref else None
            self._paragraph_years[paragraph] = year
        return self._paragraph_years[paragraph]

    def places_in_paragraph(self, paragraph: int) -> tuple[set[str], set[str]]:
        """(villages, townships) of the mentions starting in a paragraph (``mentions`` is
        in text order), worked out once per paragraph."""
        found = self._paragraph_places.get(paragraph)
        if found is None:
            inside = self._mentions_starting_in(*self.doc.paragraphs[paragraph])
            found = self._paragraph_places[paragraph] = (
                {name for _, name, _ in inside}, {town for _, _, town in inside if town}
            )
        return found

