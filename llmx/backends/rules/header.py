"""Page header and byline: title, outlet, publication date, authors (PHRASING §1, §2).

Pages mark these in a few recurring ways: a headline line above a date line (which may
carry 来源 and 作者 too), a lead that opens ``X网讯(记者 A 通讯员 B)`` or ``…社…电``, a
byline line (``本报记者 A``, ``作者:A``), names in parentheses closing the last paragraph,
and a ``来源:`` line at the top or the bottom. Editors, reviewers and photographers are not
authors. Anything not marked stays null.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice, pairwise

from llmx.backends.rules.names import is_byline_name, is_person_name, name_at
from llmx.backends.rules.patterns import (
    AUTHOR_ROLE,
    BYLINE_LINE,
    CAPTION,
    CLOSING_NAMES,
    DATE_CN,
    DATE_DMY,
    DATE_LABEL,
    DATE_YMD,
    FIELD_LABEL,
    HAN,
    HEADLINE_MAX,
    NOT_AUTHOR_ROLE,
    NOT_OUTLET,
    OPENER_NAMES,
    ORG_SUFFIXES,
    OUTLET_AGENCY,
    OUTLET_CITED,
    OUTLET_COPYRIGHT,
    OUTLET_FIELD,
    OUTLET_OPENER,
    OUTLET_SUFFIX,
    OUTLET_WORDS,
    SIGNATURE_LINE,
    TITLE_SITE_HEAD,
    TITLE_SITE_TAIL,
    TITLE_TAG,
)
from llmx.backends.rules.text import content_lines, in_order
from llmx.core.dates import parse_date
from llmx.core.divisions import county_path, is_known_city
from llmx.core.reading import strip_glosses
from llmx.core.script import fold_aligned

_HEAD_CHARS = 3000
_HEAD_LINES = 30
_TAIL_LINES = 15
_BYLINE_MAX = 48
_LEAD_LINES = 16
_PROSE_MIN = 60
_OUTLET_LEAD_LINES = 8  # an outlet cited further down ('据新华社报道') is not the page's
#: Share buttons, font size and print links between a headline and its date line.
_PAGE_WIDGET = re.compile(
    r"(?:分享到|分享|字号|字體|字体|打印|关闭|關閉|收藏|【[大中小]】|[大中小]|\s|[:：|/])+"
    # each in brackets: '【字体:大 中 小】【打印】【关闭】'
    r"|(?:[【\[](?:字号|字體|字体|打印|关闭|關閉|收藏|打印本页|关闭窗口|[大中小]|[:：\s])+[】\]]\s*)+"
)
#: A month-day and a clock time with no year: '04-21 14:25' (no date, but no headline either).
_CLOCK_LINE = re.compile(r"\d{1,2}[-/.月]\d{1,2}日?\s*\d{1,2}:\d{2}(?::\d{2})?")
#: A wire story's own title line: '新华社长沙1月28日电 题:脱贫后,驻村扶贫队长在干啥?'.
_GIVEN_TITLE = re.compile(r"(?:电|讯)[\s?？\ufffd]*题\s*[:：]\s*(.+?)\s*$")  # ('电? 题:' on a mirror)
#: A series tag in brackets closing a headline: '(壮丽70年 奋斗新时代·来自一线的蹲点)', '( 三 )'.
#: A note that pictures or a video come with the story: '(图)', '（组图）', '[视频]'.
_MEDIA_TAIL = re.compile(r"\s*[(（\[【](?:图|组图|多图|附图|图文|视频|高清组图)[)）\]】]\s*$")
_SERIES_TAIL = re.compile(r"\s*[(（][^()（）]*·[^()（）]*(?:[(（]\s*[一二三四五六七八九十\d]{1,3}\s*[)）])?[)）]?\s*$")
#: A channel's credit line, no headline: '掌上云岭报道', '云岭融媒报道'.
_REPORTED_BY = re.compile(r"[\u4e00-\u9fff]{2,8}报道")
#: A photo caption between a headline and its lead: a short line of its own.
_CAPTION_MAX = 40
#: Page furniture a headline never is: a web address, a hotline, a section's name ('综合新闻').
_NOT_HEADLINE = re.compile(
    r"https?:|www\.|\.(?:com|cn|net)\b|热线|客服|QQ|微信号|^[\u4e00-\u9fff]{2,4}(?:新闻|要闻|动态|资讯|快讯|播报|头条)$"
    r"|^副标题[:：]"  # a subtitle's own label: the headline is the line above it
    r"|^无标题(?:文档|页面)?$"  # an HTML page's empty <title>
    r"|^本文(?:刊登|刊发|发表|原载|来源)"  # where the piece first ran: '本文刊登于《X》…'
    r"|^《[^》]{2,12}》(?:特约|本刊)?(?:记者|通讯员)"  # a byline: '《云岭农资》记者李立新报道'
    r"|^(?:报告文学|散文|随笔|诗歌|小说|通讯|特写|纪实|人物通讯|新闻特写)$"  # a genre's label over the headline
    # an e-paper's page label: '第03版:要闻 PDF版', '当前版:02版'
    r"|^第\s*\d{1,3}\s*版|^当前版|PDF版$|^版面[:：]"
    r"|^Page\s*\d{1,4}\s*[-—]"  # a page-flip reader's page: 'Page 12 - 云岭文史2019年总第31期'
    r"|^原创\s"  # a WeChat article's account line: '原创 云岭发布 2021-03-17'
    r"|^功能介绍"  # a WeChat account's profile: '功能介绍 发布云岭县权威信息'
    r"|^[\u4e00-\u9fff]{2,10}\s*(?:首页|主页)$"  # a site's home link: '青石社区 首页'
)
#: A paper named in book-title marks, then its reporter: '《云岭农资》记者李立新石门报道'.
_BOOK_BYLINE = re.compile(
    r"^[\s　]*《(?P<o>[\u4e00-\u9fff]{2,12})》(?:特约|本刊)?(?:记者|通讯员)\s*(?P<n>[^。,，:：]{2,16}?)报道"
)
#: Writers with their roles in brackets opening the text: '(文/王丽 图/张强)', '(记者 王丽)'.
_ROLES_OPENING = re.compile(r"^[\s　]*[(（](?P<n>(?:文|文字|撰文|记者|通讯员)\s*[/:：]?\s*[^()（）]{2,30})[)）]")
#: A paper's reporters in brackets opening the text: '【云岭时报赴边疆特派记者 李立新】'.
_BRACKET_BYLINE = re.compile(
    r"^[\s　]*【(?P<o>[\u4e00-\u9fff]{2,10}?(?:日报|晚报|时报|报|网|通讯社|社|电视台))"
    r"(?:赴[\u4e00-\u9fff]{1,6}|驻[\u4e00-\u9fff]{1,6})?(?:特派|特约|首席)?记者\s*(?P<n>[^】]{2,24})】"
)
#: A headline run into the lead on one line: '图文:青石村把任务落实到户 云岭新报讯 8月27日,…'.
_TITLE_THEN_OPENER = re.compile(
    r"^(?:(?:图文|组图|视频|图片)[:：])?(?P<t>[^。]{6,60}?)\s*(?P<o>[\u4e00-\u9fff]{2,10}?(?:报|网|台))(?:\d{1,2}月\d{1,2}日)?讯"
)
#: A report's own heading run into its first sentence: '镇2018年度驻村帮扶工作总结今年以来,…'.
_HEADING_THEN_TEXT = re.compile(
    r"^(?:[^。]{0,40}。)?\s*(?P<t>[^。,;:、!?]{4,40}?(?:工作总结|总结|调研报告|报告|汇报材料|汇报|述职报告|实施方案|典型材料))"
    r"(?=\s|今年|[一二三四五六七八九十]、|根据|为|近年|自|在|按照|\d{4}年)"
)


@dataclass(slots=True)
class Header:
    title: str | None = None
    outlet: str | None = None
    published: str | None = None
    authors: list[str] = field(default_factory=list)


@dataclass(slots=True)
class _Line:
    body: str  # folded text of the line, stripped
    junk: bool


#: A field's label set in 【】 instead of followed by a colon.
_BRACKET_LABEL = re.compile(
    r"【(作者|来源|信息来源|文章来源|稿源|出处|时间|日期|发布时间|发布日期|编辑|责任编辑|责编|记者|通讯员|期刊名称|刊名)】"
)


def read_header(text: str) -> Header:
    """Title, outlet, date and authors as the page marks them."""
    folded = fold_aligned(text)
    if "】" in folded:
        # '【作者】X 【来源】Y 【时间】…': field labels in brackets, read as 'label:' (same length)
        folded = _BRACKET_LABEL.sub(lambda m: " " + m.group(1) + ":", folded)
    lines = content_lines(text)

    def nonblank(indexes: range) -> Iterator[_Line]:
        # lines read from either end only as far as needed: every chunk of a long
        # document reads the same page header
        for i in indexes:
            body = folded[lines[i].start : lines[i].end].strip()
            if body:
                yield _Line(body, lines[i].junk)

    head: list[_Line] = []
    chars = 0
    for line in nonblank(range(len(lines))):
        if chars > _HEAD_CHARS or len(head) >= _HEAD_LINES:
            break
        if _ERROR_PAGE.match(line.body):
            # a mirror's error page wrapped around the article ('404 Not Found … Date: 2023/11/02
            # … Powered by X'): the header starts after it
            head, chars = [], 0
            continue
        head.append(line)
        chars += len(line.body)
    # the lead: an e-paper's page may list its other headlines above the article
    content = list(islice((line for line in nonblank(range(len(lines))) if not line.junk), _LEAD_LINES))
    # menus and bylines look alike: junk lines are kept here
    tail = list(islice(nonblank(range(len(lines) - 1, -1, -1)), _TAIL_LINES))[::-1]
    header = Header()
    dateline = _dateline(head)
    if dateline is not None:
        body = head[dateline].body
        header.published = _date_of(body)
        header.authors = _after_date_names(body)
        for line in head[max(0, dateline - 2) : dateline + 2]:
            # '李立新' on a line of its own by the date line: the byline without its label
            header.authors += [n for n in _name_line(line.body) if n not in header.authors]
    else:
        header.published = _closing_date([line for line in tail if not line.junk]) or _opener_date(content[:2])
    # a date closing a short page (a notice's '中共X县委组织部 / 2021年4月28日') has the issuer
    # above it, not the headline
    closing = (
        dateline is not None and dateline == len(head) - 1 and bool(tail) and tail[-1].body == head[-1].body
        and any("。" in line.body or line.body.endswith((":", "：")) for line in head[:dateline])
    )
    header.title = _find_title(head, None if closing else dateline) or _original_title(head + tail)
    outlet = _find_outlet(head, content[:_OUTLET_LEAD_LINES], tail, dateline)
    # '据云岭新闻网报道': 据 (according to) is not part of the outlet's name
    header.outlet = outlet[1:] if outlet and outlet.startswith("据") and len(outlet) > 3 else outlet
    if header.outlet is None and header.title:
        header.outlet = _site_over_title(head, header.title)
    cited = _print_citation(head + tail) if header.outlet is None or header.published is None else None
    if cited is not None:
        # '《 人民日报 》( 2021年05月12日 第 04 版)': the paper and its issue under a reprint
        header.outlet = header.outlet or cited[0]
        header.published = header.published or cited[1]
    authors = list(header.authors)
    for names in (_wechat_writer(head), _speech_speaker(head), _field_names(head + tail), _source_names(head + tail),
                  _opener_names(content),
                  _byline_names(head, tail), _name_over_text(head), _names_over_title(head), _closing_names(tail),
                  _noted_author(head + tail)):
        authors.extend(n for n in names if n not in authors)
    header.authors = authors or _self_named(content)
    return header


#: The lines of a web server's error page: '404 Not Found', 'Server: …', 'Date: 2023/11/02 …'.
_ERROR_PAGE = re.compile(
    r"(?:40[34]|50[023])\s*(?:Not Found|Forbidden|Bad Gateway|Internal Server Error)|Sorry for the inconvenience"
    r"|Please report this message|Powered by\s|Server:\s|Date:\s*\d{4}/"
)


#: A paper's issue cited under a reprint: '《 人民日报 》( 2021年05月12日 第 04 版)'.
_PRINT_CITATION = re.compile(
    r"《\s*(?P<o>[\u4e00-\u9fff]{2,12}?(?:日报|晚报|时报|报|杂志|刊))\s*》\s*[(（]\s*"
    r"(?P<y>(?:19|20)\d{2})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日\s*(?:第\s*\d{1,3}\s*版)?\s*[)）]"
)


def _print_citation(lines: list[_Line]) -> tuple[str, str] | None:
    """(paper, date) of the issue a reprint cites, '《 人民日报 》( 2021年05月12日 第 04 版)'."""
    for line in lines:
        m = _PRINT_CITATION.search(line.body)
        if m is not None:
            return m.group("o"), f"{m.group('y')}-{int(m.group('m')):02d}-{int(m.group('d')):02d}"
    return None


def _site_over_title(head: list[_Line], title: str) -> str | None:
    """The site a scraped headline line names before a bar ('云岭网|青石村的新路…'), for a page
    that names no outlet otherwise."""
    for line in head[:12]:
        site = TITLE_SITE_HEAD.match(line.body)
        if site is not None and line.body[site.end() :].strip().startswith(title):
            return site.group("site")
    return None


#: The headline a reprint credits to the first publication: '原标题:青石村的新路', '(原标题:…)'.
_ORIGINAL_TITLE = re.compile(r"[(（]?原标题\s*[:：]\s*(?P<t>[^()（）]{4,60}?)\s*[)）]?")


def _original_title(lines: list[_Line]) -> str | None:
    """The headline a '原标题' line gives, for a page whose own headline was not found."""
    for line in lines:
        m = _ORIGINAL_TITLE.fullmatch(line.body)
        if m and _plausible_headline(_Line(m.group("t"), False)):
            return _clean_title(m.group("t"))
    return None


#: A source field's value, to a bar or a wide space: '来源:石小容 牛大放 | 浏览量:…'.
_SOURCE_VALUE = re.compile(r"来源\s*[:：]\s*(?P<v>[^|｜]+?)(?=\s*[|｜]|\s{2,}|$)")
#: Writers in brackets after their paper: '来源:云岭日报记者站(通讯员 苏小明 文大伟)'.
_SOURCE_WRITERS = re.compile(r"[(（](?:通讯员|记者|作者)\s*[:：]?\s*(?P<n>[^()（）]{2,24})[)）]")


def _source_names(lines: list[_Line]) -> list[str]:
    """The writers a source field names: people alone as the source ('来源:石小容 牛大放'), or in
    brackets after the paper ('来源:云岭日报记者站(通讯员 苏小明 文大伟)')."""
    for line in lines:
        m = _SOURCE_VALUE.search(line.body)
        if not m:
            continue
        value = m.group("v").strip()
        tokens = value.split()
        # ('来源:刘小明 云岭县融媒体中心': the writer, then the outlet)
        writers = tokens[:-1] if len(tokens) >= 2 and _outlet_value(tokens[-1]) else tokens
        if writers and all(is_person_name(t) and not OUTLET_SUFFIX.search(t) for t in writers):
            return writers  # (not '来源:齐心网', a site whose name reads like one)
        bracket = _SOURCE_WRITERS.search(value)
        if bracket and (names := names_in(bracket.group("n"), need_all=True)):
            return names
    return []


def _noted_author(lines: list[_Line]) -> list[str]:
    """The author a paper's note names ('[作者简介]李立新(1977—),…')."""
    for line in lines:
        m = _AUTHOR_NOTE.search(line.body)
        if m and is_person_name(m["n"]):
            return [m["n"]]
    return []


def _wechat_writer(head: list[_Line]) -> list[str]:
    """The writer a WeChat article's account line names before the account, if a person's name."""
    for line in head[:8]:
        m = _WECHAT_LINE.match(line.body)
        if m:
            return [m["a"]] if m["a"] and m["a"] != m["o"] and is_person_name(m["a"]) else []
    return []


#: A first-person page that opens with its writer's name: '我叫赵立新，云岭市水利局干部…'.
_SELF_NAMED = re.compile(r"^[\s　]*(?:大家好[,，!！]?\s*)?我叫")


def _self_named(content: list[_Line]) -> list[str]:
    """The writer a first-person page names in its first lines, when no byline names one."""
    for line in content[:3]:
        m = _SELF_NAMED.match(line.body)
        if m and (name := name_at(line.body, m.end())) is not None:
            return [name]
    return []


# ----------------------------------------------------------------------------------------
# Date
# ----------------------------------------------------------------------------------------


def _date_of(body: str) -> str | None:
    m = DATE_YMD.search(body)
    if m:
        return parse_date(m.group())
    m = DATE_DMY.search(body)
    if m:
        try:
            return dt.date(int(m.group("y")), int(m.group("m")), int(m.group("d"))).isoformat()
        except ValueError:
            return None
    return None


def _date_match(body: str) -> re.Match[str] | None:
    """The first date a line writes, year first or (an aggregator's) day first."""
    return DATE_YMD.search(body) or DATE_DMY.search(body)


def _is_dateline(body: str) -> bool:
    m = _date_match(body)
    if m and m.start() <= 3 and re.search(r"\d:\d", m.group()):
        return True  # '2020-05-12 09:30(通讯员 王丽) 近日,…': a page's time stamp, the lead run on
    if not m or len(body) > 100:
        return False
    if "。" in body[: m.start()] or (len(body[: m.start()]) > 40 and not DATE_LABEL.search(body[: m.start()])):
        return False
    if "。" in body[m.end() :] and not DATE_LABEL.search(body) and len(body) > 30:
        return False  # '2015年7月31日,我来到青石村。…': a sentence of the text that opens with its date
    if _EPAPER_TOOLBAR.match(body, m.end()):
        return True  # '下一篇 2015年10月16日 放大 缩小 默认': an e-paper's issue date by its text-size buttons
    at_start = m.start() <= 3
    # '种养 农业 产业扶贫 2018-09-14': a site's keywords, then the date; '…茶园  2021-03-17': a headline
    ends = not body[m.end() :].strip()
    tagged = ends and (_is_tag_line(body[: m.start()]) or _HEADLINE_THEN_DATE.search(body[: m.start()]) is not None)
    return bool(at_start or tagged or DATE_LABEL.search(body) or re.search(r"\d:\d", m.group()) or len(body) <= 24)


#: An e-paper's text-size buttons after its issue date: '2015年10月16日 放大 缩小 默认'.
_EPAPER_TOOLBAR = re.compile(r"\s*(?:放大\s*缩小|字号\s*[:：]?\s*[【\[]?大)")
#: A headline, then two spaces or more before the date that ends its line.
_HEADLINE_THEN_DATE = re.compile(r"^[^。,!?]{6,40}?[\s　]{2,}$")


#: A date with its weekday and nothing else: a portal's clock showing the day the page was seen
#: ('2017年7月13日 星期四', repeated by a scrolling widget), or an e-paper's issue date.
_WEEKDAY_DATE = re.compile(
    r"(?:\s*(?:19|20)\d{2}\s*[年/.-]\s*\d{1,2}\s*[月/.-]\s*\d{1,2}\s*日?\s*(?:星期|礼拜|周)[一二三四五六日天]\s*)+"
)


def _dateline(head: list[_Line]) -> int | None:
    weekday = None  # the page's date only when no other date line follows it
    for index, line in enumerate(head):
        if line.junk and not DATE_LABEL.search(line.body) and not _EPAPER_TOOLBAR.search(line.body):
            continue
        if weekday is None and _WEEKDAY_DATE.fullmatch(line.body):
            weekday = index
            continue
        if _is_dateline(line.body):
            if not _date_opens(line.body) and not DATE_LABEL.search(line.body):
                # a headline ending with the day it tells of ('驻村笔记2017年5月3日 晴'), then
                # the page's own date line ('2017-06-20 王丽'): the page's
                later = next((k for k in range(index + 1, min(len(head), index + 4))
                              if _date_opens(head[k].body) and _is_dateline(head[k].body)), None)
                return later if later is not None else index
            return index
    return weekday


def _date_opens(body: str) -> bool:
    m = _date_match(body)
    return m is not None and m.start() <= 3


def _opener_date(lead: list[_Line]) -> str | None:
    """A full date right after a news opener when the page prints no date line: '云岭日报讯
    (记者 王丽)2021年3月17日,…' (the dispatch's day is the page's)."""
    for line in lead:
        opener = _OPENER_THEN_DATE.match(line.body)
        if opener is not None:
            return _date_of(opener.group("date"))
    return None


#: An outlet's opener ('…讯', '…电'), its reporters in brackets perhaps, then a full date.
_OPENER_THEN_DATE = re.compile(
    r"^[\s　]*[\u4e00-\u9fff]{2,16}?(?:讯|电)\s*(?:[(（][^()（）]{0,30}[)）])?\s*"
    r"(?P<date>(?:19|20)\d{2}年\d{1,2}月\d{1,2}日)"
)


#: A site posting the piece, a portal's or forum's line: '由 云岭网 发表于 …'.
_POSTED_BY = re.compile(
    r"^[\s　]*(?:由\s*)?(?P<o>[\u4e00-\u9fff]{2,12}?(?:新闻网|网|日报|晚报|报|电视台|客户端|新闻))\s*发表于"
)
#: A WeChat article's line under its headline: the mark of original content, the writer (or the
#: account again), the account and the date: '原创 李立新 云岭发布 2021-03-17 10:30'.
_WECHAT_LINE = re.compile(
    r"^[\s　]*原创\s+(?:(?P<a>[\u4e00-\u9fff]{2,4})\s+)?(?P<o>[\u4e00-\u9fff\w·]{2,16})\s+(?:19|20)\d{2}[-/.年]"
)
#: A paper, its date and its page closing the text: '《 云岭日报 》( 2021年03月17日 11 版)'.
_PAPER_OF_THE_DAY = re.compile(
    r"^\s*《\s*(?P<o>[\u4e00-\u9fff]{2,12}?)\s*》\s*[(（]\s*(?P<date>(?:19|20)\d{2}年\d{1,2}月\d{1,2}日)"
    r"\s*(?:第?\s*\d{1,3}\s*版)?\s*[)）]\s*$"
)

#: An e-paper system's record of the article left at the page's end: its date, section, edition
#: and page numbers, paper, file and headline ('2020-05-12 扶贫在线 3 1 云岭日报 content_123.html 1 …').
_EPAPER_RECORD = re.compile(
    r"^\s*(?:19|20)\d{2}-\d{1,2}-\d{1,2}\s+(?:[^\s\d][^\s]{0,15}\s+)?\d{1,3}\s+\d{1,3}\s+"
    r"(?P<o>[\u4e00-\u9fff]{2,12}?(?:日报|晚报|早报|报))\s+[\w-]+\.html?\b"
)


def _closing_date(tail: list[_Line]) -> str | None:
    """A work summary or speech prints its date on a line of its own at the end (§2 published)."""
    for line in reversed(tail[-6:]):
        paper = _PAPER_OF_THE_DAY.match(line.body)
        if paper is not None:
            return parse_date(paper.group("date"))  # '《云岭日报》(2021年03月17日 11版)'
        body = line.body.strip("()（） ")
        if len(body) > 20:
            continue
        if DATE_YMD.fullmatch(body):
            return parse_date(body)
        if DATE_CN.fullmatch(body):
            return parse_date(body)
    return None


# ----------------------------------------------------------------------------------------
# Title
# ----------------------------------------------------------------------------------------


#: A forum's field label and print link around a headline: '标题: …  [打印本页]'.
#: A label before the headline, or a note of its medium: '标题:…', '图文:…', '视频:…'.
_TITLE_LABEL = re.compile(r"^(?:原标题|标题|題目|题目|主题|图文|組圖|组图|视频|視頻)\s*[:：]\s*")
_PRINT_LINK = re.compile(r"\s*[\[【(（]\s*打印(?:本页|此页|文章)?\s*[\]】)）]\s*$")
#: A channel name after a bar closing the headline: '…先进单位” |奋斗者说'.
_CHANNEL_TAIL = re.compile(r"\s*[|｜]\s*[^|｜\s]{2,8}$")
#: A bar closing a line: the edge of a table's cell ('…开出致富花 |').
_TRAILING_BAR = re.compile(r"\s*[|｜]\s*$")
_FILE_EXTENSION = re.compile(r"\.(?:docx?|pdf|wps|txt|pptx?)$", re.IGNORECASE)
#: A headline a page prints inside straight quotes: "'村里来了新书记'".
_QUOTED_WHOLE = re.compile(r"^(['\"])(?P<title>[^'\"]{4,})\1$")


#: A headline wholly inside 【】 (a tag is short; a headline is a sentence's length).
_BRACKETED_WHOLE = re.compile(r"^【(?P<title>[^【】a-zA-Z]{10,60})】$")


def _bracketed_headline(body: str) -> str | None:
    """The headline a line sets wholly in 【】, or None: ten Han characters at least, no
    Latin letters (a section tag is short; '【www.x.com--新闻】' is a site's)."""
    whole = _BRACKETED_WHOLE.match(body)
    return whole.group("title") if whole and len(HAN.findall(whole.group("title"))) >= 10 else None


def _clean_title(line: str) -> str | None:
    # a mirror's pinyin glosses ('乡(xiāng)村') are not the headline's words
    whole = _bracketed_headline(line.strip())
    if whole is not None:
        line = whole  # '【青石村工作队帮村民种下300亩茶园】': a headline in brackets
    title = TITLE_TAG.sub("", strip_glosses(line)).strip()
    site = TITLE_SITE_HEAD.match(title)
    if site is not None and len(title) - site.end() >= 6:
        title = title[site.end() :]  # '云岭网|青石村的新路…': the site the page was scraped from
    title = _PRINT_LINK.sub("", _TITLE_LABEL.sub("", title)).strip()
    title = _FILE_EXTENSION.sub("", title)  # a document library's file name: '…驻村笔记.doc'
    title = _TRAILING_BAR.sub("", title)
    quoted = _QUOTED_WHOLE.match(title)
    if quoted is not None:
        title = quoted.group("title").strip()
    channel = _CHANNEL_TAIL.search(title)
    if channel is not None and channel.start() >= 8:
        title = title[: channel.start()].strip()
    for _ in range(2):  # ('…--石门频道--云岭新闻': the channel, then the site)
        title = TITLE_SITE_TAIL.sub("", title).strip()
    echo = _ECHOED_TAIL.search(title)
    if echo is not None and echo.group("tail") in title[: echo.start()]:
        title = title[: echo.start()].strip()  # '驻村帮扶工作总结 -工作总结': a library's section, echoed
    tag = _ECHOED_TAG.match(title)
    if tag is not None and in_order(tag.group("tag"), title[tag.end() :]):
        title = title[tag.end() :].strip()  # '驻村干部 湄溪驻村扶贫干部:…': a keyword tag before it
    title = _MEDIA_TAIL.sub("", title).strip()  # '…山路弯弯通到家(图)'
    series = _SERIES_TAIL.search(title)
    if series and series.start() >= 6:
        title = title[: series.start()].strip()  # '…(壮丽70年 奋斗新时代·来自一线的蹲点( 三 )'
    tokens = title.split()
    if len(tokens) >= 3 and all(len(t) == 1 for t in tokens):
        title = "".join(tokens)  # a diary title spaced out: 驻 村 日 记
    byline = _writers_then_title(title)
    if byline is not None:
        title = byline[1]  # '李立新 王芳:第一书记的答卷': the writers, then the headline
    outlet = _OUTLET_COLON.match(title)
    if outlet is not None and not NOT_OUTLET.match(outlet.group("o")):
        title = title[outlet.end() :].strip()  # '云岭日报:青石村的新路': the paper, then the headline
    return title or None


#: A paper or site and a colon opening a headline line: '云岭日报:…' (the rest a headline's length).
_OUTLET_COLON = re.compile(r"^(?P<o>[\u4e00-\u9fff]{2,8}?(?:日报|晚报|报|网))\s*[:：]\s*(?=\S{6,})")
#: A section name after a dash that the headline already holds: '驻村帮扶工作总结 -工作总结'.
_ECHOED_TAIL = re.compile(r"\s+[-_|｜]\s*(?P<tail>[\u4e00-\u9fff]{2,8})$")
#: A keyword tag, then a space, opening a headline that holds it: '驻村干部 湄溪驻村扶贫干部:…'.
_ECHOED_TAG = re.compile(r"(?P<tag>[\u4e00-\u9fff]{2,6})\s+(?=\S{6,})")
#: Two or more writers' names and a colon opening a headline line.
_NAMES_THEN_TITLE = re.compile(r"^(?P<names>[\u4e00-\u9fff]{2,3}(?:\s+[\u4e00-\u9fff]{2,3})+)\s*[:：]\s*(?P<t>.{4,})$")


def _writers_then_title(line: str) -> tuple[list[str], str] | None:
    """(writers, headline) of a line opening with writers' names and a colon, or None."""
    byline = _NAMES_THEN_TITLE.match(line)
    names = byline.group("names").split() if byline else []
    if byline is None or not all(is_person_name(n) for n in names):
        return None
    return names, byline.group("t")


def _is_outlet_line(body: str) -> bool:
    """A line that only names a site or paper ('人民日报', '云岭网'): furniture, not a headline."""
    return len(body) <= 12 and " " not in body and bool(OUTLET_SUFFIX.search(body)) and not NOT_OUTLET.match(body)


def _plausible_headline(line: _Line) -> bool:
    body = _TRAILING_BAR.sub("", line.body)  # ('…开出致富花 |': a table's cell)
    return (
        not _is_outlet_line(body)
        and not line.junk
        and 4 <= len(body) <= HEADLINE_MAX
        and not body.endswith(("。", ":", "：", ";", "；", "发表于", "发布于", "更新于"))  # ('X融媒 发表于 <date>')
        and "。" not in body
        and not (re.search(r">|»|＞", body) or (_BARS.search(body) and not _SERIES_BAR.fullmatch(body)))
        and not DATE_YMD.search(body)
        and not DATE_DMY.search(body)
        and not _ISSUE.search(body)
        and not FIELD_LABEL.search(body)
        and not CAPTION.search(body)
        and not BYLINE_LINE.match(body)
        and not _is_tag_line(body)
        and not _REPORTED_BY.fullmatch(body)
        and not _NOT_HEADLINE.search(body)
        and len(HAN.findall(body)) >= 4  # a page counter ('1328') or a row of marks is none
    )


_BARS = re.compile(r"\||｜")
#: A series name and the headline across one bar: '扶贫手记|驻村干部讲述…', '决战脱贫 | …', or a
#: headline in two halves (menus have several bars).
_SERIES_BAR = re.compile(r"[^|｜\s]{2,24}\s?[|｜]\s?[^|｜\s]{4,}")


def _is_tag_line(body: str) -> bool:
    """'扶贫 养殖 三农': keywords between the headline and the date (§1.1)."""
    tokens = body.split()
    return len(tokens) >= 3 and all(len(t) <= 4 for t in tokens)


def _skippable(line: _Line) -> bool:
    """Lines that may stand between a headline and its date line."""
    body = line.body
    return (
        bool(BYLINE_LINE.match(body) and len(body) <= _BYLINE_MAX) or _is_tag_line(body) or _is_outlet_line(body)
        or bool(_PAGE_WIDGET.fullmatch(body)) or bool(_CLOCK_LINE.fullmatch(body))
        or bool(_BARE_LABEL.fullmatch(strip_glosses(body))) or bool(_SECTION_TAG.fullmatch(body))
        or bool(_SOURCE_LINE.match(body)) or bool(_name_line(body)) or bool(_DOCUMENT_NUMBER.fullmatch(body))
        or bool(_LISTED_FIELD.match(body)) or _speaker(body) is not None or bool(_ACCOUNT_PROFILE.match(body))
    )


#: A WeChat account's card under a headline: its name twice ('云岭发布 云岭发布'), its id
#: ('微信号 yunlingfabu') and its blurb ('功能介绍 发布云岭县权威信息').
_ACCOUNT_PROFILE = re.compile(r"(?:微信号|功能介绍)[\s:：]|(?P<a>\S{2,12})\s+(?P=a)$")


#: A speech's speaker under its headline, post then name: '县委副书记 李立新'.
_SPEAKER_LINE = re.compile(
    r"(?P<post>[\u4e00-\u9fff]{1,20}(?:书记|长|主任|主席|委员|组长|队长|巡视员|调研员))\s+(?P<n>[\u4e00-\u9fff]{2,3})"
)
#: The headline of a printed speech or report: '…会议上的讲话', '…表态发言'.
_SPEECH_TITLE = re.compile(r"(?:讲话|发言|致辞|报告|汇报|讲稿|党课)(?:[(（][^()（）]*[)）])?$")


def _speaker(body: str) -> str | None:
    m = _SPEAKER_LINE.fullmatch(body)
    return m["n"] if m and is_person_name(m["n"]) else None


def _speech_speaker(head: list[_Line]) -> list[str]:
    """'在全县驻村工作推进会上的讲话 / 县委副书记 李立新': the speaker of a printed speech."""
    for line, following in pairwise(head[:5]):
        if _SPEECH_TITLE.search(line.body) and (name := _speaker(following.body)):
            return [name]
    return []


#: A page's record field as an item of a list: '- 发布人:admin', '· 点击:805'.
_LISTED_FIELD = re.compile(r"[-–—•·*]\s*" + FIELD_LABEL.pattern)


#: Whom an official notice is addressed to, opening its text: '各乡镇党委,县直各单位:'.
_SALUTATION = re.compile(r"各[^。:：]{1,30}[:：]")
#: An official document's number under its title: '桐组通〔2021〕12号', '云政办发[2019]8号'.
_DOCUMENT_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,10}[〔\[【(（]\s*(?:19|20)\d{2}\s*[〕\]】)）]\s*\d{1,4}\s*号")


#: Last characters of a place or an organisation, which a name line never ends with.
_PLACE_OR_BODY_END = frozenset("省市县区州镇乡村街网报台社局委办院队组")
#: A source or author field on a line of its own, between a headline and its date line.
_SOURCE_LINE = re.compile(r"(?:信息来源|文章来源|稿件来源|来源|出处|稿源|作者|期刊名称|刊名)\s*[:：]")


def _names_over_title(head: list[_Line]) -> list[str]:
    """'李立新 王芳:第一书记的答卷' on one of the first lines: the writers before the headline;
    '李立新:我的驻村故事': one person before a headline in the first person, its speaker."""
    for line in head[:3]:
        byline = _writers_then_title(line.body)
        if byline is not None:
            return byline[0]
        speaker = _SPEAKER_THEN_OWN_TITLE.match(line.body)
        if speaker is not None and is_person_name(speaker.group("n")):
            return [speaker.group("n")]
    return []


#: A person's name, then a headline in their own voice: '【驻村故事】李立新:我的驻村心得' (a quoted
#: headline, '李立新:扶贫路上不停步', may be anyone's words and names no writer).
_SPEAKER_THEN_OWN_TITLE = re.compile(
    r"^(?:【[^】]{1,16}】)?(?P<n>[\u4e00-\u9fff]{2,4})\s*[:：]\s*(?:我的|我在|我和|我与|我为|我当|我是|我们的|我眼中)"
)


def _name_over_text(head: list[_Line]) -> list[str]:
    """'李立新' alone on one of the first lines, right over the text: the writer's name."""
    lines = [line for line in head[:5] if not _BRACKETED_NOTE.fullmatch(line.body)]  # '(资料图)' between
    for line, following in pairwise(lines[:4]):
        names = _name_line(line.body)
        if names and len(following.body) >= _PROSE_MIN and "。" in following.body:
            return names
    for line, following in pairwise(head[:12]):
        # a paper's authors over their affiliations, under its title, journal and keywords
        names = _name_line(line.body)
        if names and _AFFILIATION.fullmatch(following.body):
            return names
    return []


#: A paper's author's affiliation under the name: '(云岭县林业局,云南 云岭 665000)', or its abstract.
_AFFILIATION = re.compile(
    r"[(（][^()（）]{0,40}(?:\d{6}|大学|学院|研究[所院室]|学校)[^()（）]{0,40}[)）]|\[?摘\s*要\]?\s*[:：\]].*"
)


#: A note in brackets on a line of its own: '(资料图)', '(图片来自网络)'.
_BRACKETED_NOTE = re.compile(r"\s*[(（][^()（）]{1,12}[)）]\s*")


def _name_line(body: str) -> list[str]:
    """A line holding only a writer's name or two ('李立新', '李立新 王芳'): a byline without its label."""
    tokens = _join_padded(re.split(r"[\s、,，+]+", body))  # ('王 芳,李立新': a name padded to three)
    if len(body) > 12 or not all(is_person_name(t) and t[-1] not in _PLACE_OR_BODY_END for t in tokens):
        return []
    return tokens


#: A field label whose value the page prints on the next line: '发布时间:', '来源:'.
_BARE_LABEL = re.compile(r"[\u4e00-\u9fff]{2,5}\s*[:：]")
#: A site's section or series tag on a line of its own: '|养殖新闻 |', '【www.example.cn--养殖新闻】',
#: '【奋进新时代·驻村第一书记风采录】' (a headline set wholly in brackets is taken only when no
#: headline stands above it, see ``_find_title``).
_SECTION_TAG = re.compile(r"\s*[|｜【\[]\s*[^|｜【】\[\]]{1,40}?\s*[|｜】\]]\s*")


def _holds_headline(line: _Line, short: str) -> bool:
    """``line`` is the page's headline ending with the title a wire's '题:' gives, and longer."""
    body = line.body
    return (
        body.endswith(short) and len(short) < len(body) <= HEADLINE_MAX and not line.junk and "。" not in body
        and not DATE_YMD.search(body) and not _GIVEN_TITLE.search(body)
    )


def _find_title(head: list[_Line], dateline: int | None) -> str | None:
    for line in head[:12]:
        given = _GIVEN_TITLE.search(line.body)
        if given and 4 <= len(given.group(1).strip()) <= HEADLINE_MAX:
            # '云岭社石门1月8日电 题:…' names it, unless the page's own headline holds it whole
            # and says more ('记者驻村日记之二:我帮…' over '…电 题:我帮…')
            short = given.group(1).strip()
            fuller = next((h.body for h in head[:12] if h.body != line.body and _holds_headline(h, short)), None)
            return _clean_title(fuller or short)
    if dateline is not None and _EPAPER_TOOLBAR.search(head[dateline].body):
        # an e-paper's issue date over its page: the article's headline below it, one the page's
        # list of headlines above it names too
        listed = {line.body for line in head[:dateline]}
        for line in head[dateline + 1 : dateline + 9]:
            if line.body in listed and _plausible_headline(line):
                return _clean_title(line.body)
    if dateline is not None:
        body = head[dateline].body
        m = _date_match(body)
        label = FIELD_LABEL.search(body)
        cut = min(m.start() if m else len(body), label.start() if label else len(body))
        before = body[:cut].strip()
        if len(before) >= 6 and _plausible_headline(_Line(before, False)) and not _BOOK_OUTLET.fullmatch(before):
            return _clean_title(before)  # headline, date and source on one line
        i = dateline - 1
        bracketed = None  # '【青石村工作队帮村民种下300亩茶园】': a headline in brackets, if none above it
        while i >= 0 and i >= dateline - 4 and _skippable(head[i]):
            bracketed = bracketed or _bracketed_headline(head[i].body)
            i -= 1
        if bracketed and not (i >= 0 and i >= dateline - 4 and _plausible_headline(head[i])):
            return _clean_title(bracketed)
        if i >= 0 and i >= dateline - 4 and _plausible_headline(head[i]):
            if head[i].body.startswith(("——", "--", "—")) and i > 0 and _plausible_headline(head[i - 1]):
                return _clean_title(head[i - 1].body)  # main title over a dash subtitle
            return _clean_title(head[i].body)
        day = _DAY_TAIL.search(head[i].body) if i >= 0 and i >= dateline - 4 else None
        if day is not None and _plausible_headline(_Line(head[i].body[: day.start()], head[i].junk)):
            return _clean_title(head[i].body[: day.start()])  # a diary's headline and its day
    for i, line in enumerate(head[:12]):
        if i == dateline:
            continue  # (a long date line, a portal's record fields and their date, is no lead)
        if line.junk or _name_line(line.body) or _BRACKETED_NOTE.fullmatch(line.body):
            continue  # ('李立新 王芳' over the text: the writers, no headline; '(资料图)': a note)
        if not _plausible_headline(line):
            if len(line.body) > HEADLINE_MAX:
                return _title_in_lead(line.body)  # the lead: its own first words may be the headline
            if "。" in line.body and not _PREFACE.search(line.body):
                return None  # the text has begun: a short line after it is a subheading
            continue
        # (a line of marks between the headline and the text, '?', is no text)
        following = [
            b.body for b in head[i + 1 : i + 6]
            if not b.junk and not _skippable(b) and HAN.search(b.body) and not _BRACKETED_NOTE.fullmatch(b.body)
        ]
        if following and ("。" in following[0] or len(following[0]) > 1.5 * len(line.body) or (_plausible_headline(
            _Line(following[0], False)) and following[0].startswith(("——", "—")))
                or _SALUTATION.fullmatch(following[0])):
            return _clean_title(line.body)  # (a notice's title over its '各乡镇党委,县直各单位:')
        lead = next((k for k, body in enumerate(following[:3]) if not _plausible_headline(_Line(body, False))), None)
        if lead and "。" in following[lead] and all(len(body) <= _CAPTION_MAX for body in following[:lead]):
            # '驻青石村工作队:…' / byline / two short photo captions / the lead paragraph
            return _clean_title(line.body)
        break
    return None


#: A collection site's preface above the piece: '请欣赏…(精选6篇),由X网整理', '前言:…精心挑选了…范文'.
_PREFACE = re.compile(r"欣赏|整理|精选|精心挑选|范文|前言|仅供参考|供你参考|希望能够帮助|希望对你有")


def _title_in_lead(body: str) -> str | None:
    """A headline printed on the lead's own line: before an outlet's opener ('…落实到户 云岭新报讯'),
    a report's heading run into its first sentence ('镇2018年度驻村帮扶工作总结今年以来,'), or
    a headline a space apart from the lead ('…商定修路方案 近日,…')."""
    m = _TITLE_THEN_OPENER.match(body)
    if m and not NOT_OUTLET.match(m.group("o")):
        return _clean_title(m.group("t"))
    m = _HEADING_THEN_TEXT.match(body) or _HEADLINE_SPACED.match(body)
    return _clean_title(m.group("t")) if m else None


#: A headline, a space, then the lead's first words on the same line: '县交通局赴青石村商定修路
#: 方案 近日,…', '…入户调研 为进一步…' (a scraped page that lost its line breaks).
_HEADLINE_SPACED = re.compile(
    r"^(?:\d{1,2}[、.])?(?P<t>[^。,;:!?\s]{8,40}(?<![讯电])(?<!消息|报道))[ 　]+"
    r"(?=为了?|近日|日前|近年来|今年以来|今年|去年|\d{1,2}月\d{1,2}日|(?:19|20)\d{2}年|自|据|截至|在)"
)


# ----------------------------------------------------------------------------------------
# Outlet
# ----------------------------------------------------------------------------------------


#: A site or paper's name as a date line writes it.
#: (a county's media centre, and a government's own account: '云岭发布')
_SITE_NAME = r"(?:[\u4e00-\u9fff]{2,12}?(?:网|日报|晚报|报|电视台|客户端|融媒体中心)|[\u4e00-\u9fff]{2,4}发布)"
_OUTLET_DATELINE = re.compile(
    rf"^[\s　]*(?:原创\s*)?《?(?P<o>{_SITE_NAME})》?"
    r"(?:\s+(?:发布时间|发布日期|时间|日期|发布|(?:19|20)\d{2})|(?:发布时间|发布日期)[:：]|(?<=》)(?:19|20)\d{2}"
    r"|\s*[|｜·•]\s*(?:19|20)\d{2})"  # ('云岭日报 | 2021-03-17 | 王丽', '云岭日报·2021-03-17')
)
#: The date, then the site alone: '2021-01-18 云岭新闻网'.
_DATE_THEN_OUTLET = re.compile(
    # (the date may be in brackets: '[2021-03-17] 云岭日报')
    # (a site's address may stand first: 'http://www.x.cn 2019-12-30 17:47:00 云岭青年网')
    r"^[\s　]*(?:https?://\S+\s+)?(?:原创\s*)?[\[【]?(?:19|20)\d{2}[-/.年]\d{1,2}[-/.月]\d{1,2}日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?[\]】]?"
    r"(?:\s+|\s*[|｜·•]\s*)(?:来自\s*)?"  # ('… 来自 云岭日报')
    # ('… 云岭青年网  评论(0)', '… 云岭日报 记者 王丽', '… 云岭日报 王丽 张强', '… | 云岭日报 | 王丽')
    rf"(?P<o>{_SITE_NAME}|[\u4e00-\u9fff]{{2,6}}新闻)\s*(?:参与评论.*|评论.*|(?:记者|通讯员|作者[:：])\s*[\u4e00-\u9fff].*"
    r"|(?:\s|[|｜]\s*)[\u4e00-\u9fff]{2,3}(?:[\s、]+[\u4e00-\u9fff]{2,3}){0,3})?$"
)
#: A paper's name in book-title marks, alone before the date: '《云岭日报》 2018年03月07日'.
_BOOK_OUTLET = re.compile(r"《[\u4e00-\u9fff]{2,12}?(?:日报|晚报|报|杂志|刊)》")
#: A paper's own reporters opening the text: '云岭每日电讯记者王丽、张强'.
_PAPERS_REPORTERS = (
    r"《?(?P<o>(?!本)[\u4e00-\u9fff]{2,10}?(?:日报客户端|日报|晚报|电讯|报|网|电视台|广电|社|新闻|客户端|融媒体中心))》?"
    # '云岭网·云岭日报记者', '云岭日报·云岭客户端通讯员': the site, then its paper or app
    r"(?:[·•—-][\u4e00-\u9fff]{2,10}?(?:日报|晚报|报|网|客户端))?"
    r"\s?(?:特约|全媒体|全媒|首席)?"
    r"(?:年轻|青年|资深|实习|见习|女|男){0,2}(?:记者|通讯员)"
)
_OUTLET_BYLINE = re.compile(r"^[\s　]*[■□●◆◎]?\s*(?:文/图|文图|文|图)?\s*" + _PAPERS_REPORTERS)
#: The paper's own reporters in brackets closing the text: '(云岭日报全媒体记者 王丽 通讯员 张强)'.
_CLOSING_BYLINE = re.compile(r"[(（]" + _PAPERS_REPORTERS)
_CLOSING_SOURCE = re.compile(
    # (in brackets too: '(来源:云岭日报)')
    r"^[\s　]*(?P<open>[(（])?(?:信息来源|文章来源|稿件来源|来源)(?:\s*[:：]\s*|\s+)(?P<o>[\u4e00-\u9fff]{2,10})\s*"
    r"(?(open)[)）])\s*[|｜]?\s*$"
)

#: A station, agency or paper alone in brackets closing the text: '(云岭广电台)', '(新华社)';
#: or a station's own closing words: '云岭台报道'.
_CLOSING_OUTLET = re.compile(
    r"^[\s　]*(?:[(（](?P<o>[\u4e00-\u9fff]{2,10}?(?:电视台|广电台|台|通讯社|社|日报|报|网))[)）]"
    r"|(?P<station>[\u4e00-\u9fff]{2,8}?(?:电视台|广电台|台))报道)\s*$"
)


#: Page furniture glued to a source field's value: '云岭日报浏览次数', '云岭晚报编辑'.
_FIELD_TAIL = re.compile(
    r"(?:浏览次数|浏览量|浏览|点击数|点击量|点击|阅读数|阅读|发布时间|发布者|发布人|时间|日期|作者|责任编辑|责编|编辑)$"
)
#: A paper with its edition or its parent in brackets: '云岭日报(石门)', '云岭网(云岭日报网)'.
_BRACKETED = re.compile(r"(?P<o>.+?)[(（](?P<inner>[^()（）]+)[)）]$")


def _outlet_value(value: str) -> str | None:
    value = _FIELD_TAIL.sub("", value.strip(" -—_·•")).strip(" -—_·•")
    if value.startswith("《") and value.endswith("》") and value.count("《") == 1:
        value = value[1:-1].strip()  # '来源: 《人民日报》': the paper's name in book-title marks
    if not value or NOT_OUTLET.match(value):
        return None
    bracketed = _BRACKETED.match(value)
    if bracketed and OUTLET_SUFFIX.search(bracketed.group("o")):
        # the parent outlet stays with its site; an edition or a city is no part of the name
        return value if OUTLET_SUFFIX.search(bracketed.group("inner")) else bracketed.group("o")
    first, *rest = re.split(r"[-—_]", value)
    site = len(first) >= 2 and (OUTLET_SUFFIX.search(first) or _NEWS_SOURCE.fullmatch(first))
    if rest and site and re.search(r"(?:频道|站)$", rest[-1]):
        return first  # '云岭网-石门频道': the site, not its channel ('云岭网-云岭日报' stays whole)
    if OUTLET_SUFFIX.search(value) or _NEWS_SOURCE.fullmatch(value):
        return value
    channel = _SITE_CHANNEL.match(value)  # '云岭网河南综合': the site, not its channel
    if channel:
        return channel.group("site")
    bureau = _PAPERS_BUREAU.match(value)  # '云岭日报石门记者站(通讯员 …)': the paper
    return bureau.group("paper") if bureau else None


#: Outlets written in a source field in other ways: after its writers ('来源:刘小明 云岭县融媒体
#: 中心'), as an app's name ('来源:云岭plus'), or in the author field when the source is left
#: empty ('来源: | 作者:云岭日报').
_OTHER_SOURCE_FIELD = re.compile(
    r"来源\s*[:：]\s*(?:(?:[\u4e00-\u9fff]{2,4}\s+){1,3}"
    rf"(?P<o>[\u4e00-\u9fff]{{2,14}}?(?:{OUTLET_WORDS}))|(?P<app>[\u4e00-\u9fff]{{2,6}}(?:plus|Plus|PLUS|\+)))"
    r"(?=\s*$|\s*[|｜]|\s{2,})"
    rf"|^\s*来源\s*[:：]\s*[|｜]\s*作者\s*[:：]\s*(?P<field>[\u4e00-\u9fff]{{2,12}}?(?:{OUTLET_WORDS}))\s*$"
)
#: A source named '…新闻' after 来源: a place's news service ('云岭新闻'), not a channel ('综合新闻').
_NEWS_SOURCE = re.compile(r"(?!综合|图片|本地|国内|国际|要闻|视频|热点|社会|时政)[\u4e00-\u9fff]{2,6}新闻")
#: The day a diary's headline ends with, and its weather: '…驻村笔记2017年5月3日 晴'.
_DAY_TAIL = re.compile(r"\s*(?:19|20)\d{2}年\d{1,2}月\d{1,2}日(?:\s*[\u4e00-\u9fff]{1,4})?$")
#: A magazine's issue after its name: ' 2020年7期', ' 2019年第3期'.
_ISSUE = re.compile(r"\s+(?:19|20)\d{2}年第?\d{1,2}期$")
#: A magazine's name, the line's rest once its issue is cut.
_MAGAZINE = re.compile(r"[\u4e00-\u9fff]{2,10}")
#: A paper's bureau in a province or city: '云岭日报四川记者站', '云岭日报驻石门记者站'.
_PAPERS_BUREAU = re.compile(r"(?P<paper>[\u4e00-\u9fff]{2,8}?(?:日报|晚报|报))(?:驻)?[\u4e00-\u9fff]{2,4}记者站")
#: A site and its regional or topic channel written together: '云岭网河南综合', '云岭网三农频道'.
_SITE_CHANNEL = re.compile(r"(?P<site>[\u4e00-\u9fff]{2,8}?网)[\u4e00-\u9fff]{2,4}(?:综合|频道|新闻|资讯|专栏)$")


#: A journal's name in a catalogue record ('【期刊名称】云岭农村', read as '期刊名称:'): an outlet
#: whatever its name ends with.
_JOURNAL_FIELD = re.compile(r"^(?:期刊名称|刊名)\s*[:：]\s*《?(?P<o>[^\s|｜,，;；:：【】《》]{2,20})》?\s*$")


#: A paper library's record of a journal article: '来源 :云岭农村 | 被引量 : 0次'.
_CITED_SOURCE = re.compile(r"^来源\s*[:：]\s*《?(?P<o>[^\s|｜《》]{2,20})》?\s*[|｜]\s*被引")
#: A paper's note on its author: '[作者简介]李立新(1977—),男,…'.
_AUTHOR_NOTE = re.compile(r"[\[【]?作者简介[\]】]?\s*[:：]?\s*(?P<n>[\u4e00-\u9fff]{2,4}?)\s*[(（,，]")
#: A page-flip reader's page of a printed volume, naming it: 'Page 12 - 云岭文史2019年总第31期',
#: 'Page 47 - 云岭观察 第5辑'.
_FLIPBOOK_PAGE = re.compile(r"^Page\s*\d{1,4}\s*[-—]\s*(?P<o>[\u4e00-\u9fff]{2,16}?)\s*(?:(?:19|20)\d{2}|总?第|$)")


def _record_outlet(body: str) -> re.Match[str] | None:
    """A record line naming the outlet: a journal's field, a page-flip reader's page, a WeChat
    account line, a paper library's source."""
    return (_JOURNAL_FIELD.match(body) or _FLIPBOOK_PAGE.match(body) or _WECHAT_LINE.match(body)
            or _CITED_SOURCE.match(body))


def _find_outlet(head: list[_Line], lead: list[_Line], tail: list[_Line], dateline: int | None) -> str | None:
    if found := _outlet_named(head, _record_outlet):
        return found
    for line in head:
        m = OUTLET_FIELD.search(line.body)
        if m and (found := _outlet_value(m.group("v"))):
            return found
    if found := _outlet_named(head, _OTHER_SOURCE_FIELD.search, ("o", "app", "field")):
        return found
    if found := _outlet_named(head[:_TAGGED_TITLE_LINES + 2], _POSTED_BY.match):
        return found  # '(由) 云岭网 发表于 2021-03-17': the site that posted the piece
    if dateline is not None:
        # a line of its own naming the paper, right above or below the date line
        for line in head[max(0, dateline - 1) : dateline + 2]:
            body = _ISSUE.sub("", line.body)  # '云岭周刊 2020年7期': a magazine and its issue
            if not line.junk and _is_outlet_line(body) and not DATE_YMD.search(body):
                return body
            if body != line.body and _MAGAZINE.fullmatch(body) and not NOT_OUTLET.match(body):
                return body  # (a magazine's name needs no outlet word: '今日云岭 2017年6期')
        # or the date line itself opening with it: '云岭电力网 发布时间:2020-04-02'
        m = _OUTLET_DATELINE.match(head[dateline].body) or _DATE_THEN_OUTLET.match(head[dateline].body)
        if m and not NOT_OUTLET.match(m.group("o")):
            return m.group("o")
    for line in lead:
        for pattern in (OUTLET_OPENER, OUTLET_AGENCY, _OUTLET_BYLINE, _BRACKET_BYLINE, _BOOK_BYLINE):
            m = pattern.match(line.body)
            if m:
                return m.group("o") or m.groupdict().get("paper")  # (a paper's dispatch: OUTLET_AGENCY)
        run_in = _TITLE_THEN_OPENER.match(line.body) if len(line.body) > HEADLINE_MAX else None
        if run_in and not NOT_OUTLET.match(run_in.group("o")):
            return run_in.group("o")  # '…落实到户 云岭新报讯 8月27日
        m = OUTLET_CITED.search(line.body[:40])
        if m:
            return m.group("o")
    # a paper's reporters on a line the cleaner set aside as a byline: '云岭日报记者 王丽 通讯员 张强'
    if found := _outlet_named([line for line in head[:_OUTLET_LEAD_LINES] if line.junk], _OUTLET_BYLINE.match):
        return found
    for line in reversed(tail):
        m = OUTLET_FIELD.search(line.body)
        if m and (found := _outlet_value(m.group("v"))):
            return found
    if found := _outlet_named(reversed(tail), _OTHER_SOURCE_FIELD.search, ("o", "app", "field")):
        return found
    if found := _outlet_named(reversed(tail[-4:]), _CLOSING_BYLINE.search):
        return found
    # a closing '来源:微云岭': at the very end the source names the page's publisher
    if found := _outlet_named(reversed(tail[-3:]), _CLOSING_SOURCE.match):
        return found
    # the agency or station alone in brackets at the very end: '(云岭广电台)', '(新华社)'
    if found := _outlet_named(reversed(tail[-3:]), _CLOSING_OUTLET.match, ("o", "station")):
        return found
    if found := _outlet_named(reversed(tail[-3:]), _PAPER_OF_THE_DAY.match):
        return found  # '《云岭日报》(2021年03月17日 11版)' closing the text
    if found := _outlet_named(reversed(tail[-3:]), _EPAPER_RECORD.match):
        return found
    if found := _outlet_named(reversed(tail), OUTLET_COPYRIGHT.search):
        return found
    if found := _outlet_named(head[:_CRUMB_LINES], _CRUMB_SITE.match):
        return found
    # the first paragraph, past the headline and captions: '云岭网 入冬以来,…'
    opening = next((line for line in lead if len(line.body) > HEADLINE_MAX or "。" in line.body), None)
    if opening is not None and (found := _outlet_named([opening], _SITE_SPACED.match)):
        return found
    for line in head[:_TAGGED_TITLE_LINES]:
        # '【云岭网】青石村工作队…': the outlet tag the title cleaner leaves out names the outlet,
        # and so does a paper opening the headline line: '云岭日报:青石村的新路'
        m = _OUTLET_TAG.match(line.body) or (_OUTLET_COLON.match(line.body) if _plausible_headline(line) else None)
        if m and OUTLET_SUFFIX.search(m.group("o")) and not NOT_OUTLET.match(m.group("o")):
            return m.group("o")
    for line in head[:_TAGGED_TITLE_LINES]:
        # a saved page's headline with its site after a bar: '青石村的新路_云岭新闻网'
        tail_site = TITLE_SITE_TAIL.search(line.body)
        if tail_site and (site := _outlet_value(tail_site.group("site"))) and not site.endswith(("频道", "站")):
            return site
    return None


def _outlet_named(
    lines: Iterable[_Line], find: Callable[[str], re.Match[str] | None], groups: tuple[str, ...] = ("o",)
) -> str | None:
    """The first outlet ``find`` reads (its first group of ``groups`` that matched, ``o`` by
    default) on ``lines`` that is no stand-in (本站, 网友)."""
    for line in lines:
        m = find(line.body)
        outlet = next((m.group(g) for g in groups if m.group(g)), None) if m else None
        if outlet is not None and not NOT_OUTLET.match(outlet):
            return outlet
    return None


_OUTLET_TAG = re.compile(r"^[\s　]*【(?P<o>[\u4e00-\u9fff]{2,12})】")
#: A breadcrumb opening with the site: '您所在的位置:云岭网 > 石门频道 > 正文', '云岭网 > 本地新闻 >'.
_CRUMB_SITE = re.compile(
    r"^[\s　]*(?:(?:您|你)?(?:现在)?(?:的|所在的?|当前的?)?位置\s*[:：]\s*)?"
    # ('logo 首页 > 云岭报 > 专题 > 正文': the site after the home link)
    r"(?:(?:logo|LOGO)?\s*(?:首页|网站首页|主页)\s*[>＞»›]\s*)?"
    r"(?P<o>[\u4e00-\u9fff]{2,10}?(?:网|日报|晚报|报|在线|客户端|融媒体中心))\s*[>＞»›]"
)
#: The lead opening with the site's name and a space: '云岭网 入冬以来,…'.
_SITE_SPACED = re.compile(
    r"^[\s　]*(?P<o>(?!本)[\u4e00-\u9fff]{2,10}?(?:网|日报|晚报|客户端|融媒体中心))[ 　]+(?=[\u4e00-\u9fff\d])"
)
_TAGGED_TITLE_LINES = 4
_CRUMB_LINES = 6


# ----------------------------------------------------------------------------------------
# Authors
# ----------------------------------------------------------------------------------------


def _glued_names(token: str) -> list[str] | None:
    """Two to four bylined names run together ('邬长青汤明', '葛高远董俊峰刘梦雅'), when only one
    way of cutting the run makes every part a name."""
    if not 4 <= len(token) <= 12 or token.endswith(ORG_SUFFIXES):
        return None  # '石门公路分局' is a unit, not '石门公' and '路分局'
    cuts = _name_cuts(token)
    return cuts[0] if len(cuts) == 1 else None


def _name_cuts(run: str, depth: int = 0) -> list[list[str]]:
    """Every way of cutting ``run`` into names of two or three characters (at most four)."""
    if not run:
        return [[]]
    if depth == 4:
        return []
    return [[run[:k], *rest] for k in (2, 3) if len(run) >= k and is_person_name(run[:k])
            for rest in _name_cuts(run[k:], depth + 1)]


#: A photographer's role with a colon: '图:张强' (not '文图:', the writer's own photographs).
_PHOTOS_BY = re.compile(r"(?<!文)图\s*[:：]")
#: The writer's role with a colon: '文:王丽' (a word's last character before a colon is not one:
#: '全文:').
_TEXT_BY = re.compile(r"(?<![\u4e00-\u9fff])文\s*[:：]")
#: Last characters of a unit's name, which a person's name (of three characters or more) does
#: not end with (社 does: 王建社, so 新华社 is left to the outlet readers).
_UNIT_ENDS = ("局", "委", "办", "院", "队", "组", "部", "厅", "所", "站", "网", "报", "台")


def names_in(chunk: str, *, need_all: bool) -> list[str]:
    """Bylined names in ``chunk``: role words cut away, editors and photographers left out.

    '记者 张明 通讯员 李华', '记者王志远通讯员李华', '刘 洋 孙 敏', '赵林、钱程', 'A++B',
    '云岭县扶贫办:周海燕'. With ``need_all`` every token must be a name (a bare
    parenthesis is a byline only if it holds nothing else).
    """
    # '文:王丽 图:张强': the roles' colons as slashes, the roles stay
    chunk = _PHOTOS_BY.sub("图/", _TEXT_BY.sub("文/", chunk))
    # '云岭县扶贫办:周海燕': the names after a unit's colon; '记者:向开明 通讯员:肖林': roles' colons
    if re.search(r"[:：]", chunk) and not re.search(rf"(?:{AUTHOR_ROLE.pattern})\s*[:：]", chunk):
        chunk = re.split(r"[:：]", chunk)[-1]
    chunk = re.sub(r"[:：]", " ", chunk)
    pieces: list[tuple[bool, str]] = []  # (is the role an author's, text after it)
    pos, author = 0, True
    for m in re.finditer(f"{NOT_AUTHOR_ROLE.pattern}|{AUTHOR_ROLE.pattern}", chunk):
        pieces.append((author, chunk[pos : m.start()]))
        author = not NOT_AUTHOR_ROLE.fullmatch(m.group())
        pos = m.end()
    pieces.append((author, chunk[pos:]))
    names: list[str] = []
    for k, (is_author, piece) in enumerate(pieces):
        tokens = [t for t in re.split(r"[\s、,，/+|｜;；]+", piece) if t]
        tokens = _join_padded(tokens)
        if not is_author:
            if need_all and tokens:
                return []
            continue
        for token in tokens:
            if token.endswith(_UNIT_ENDS) and len(token) >= 3:
                continue  # '石门台 钟敏': a county station before its reporter; '县林业局': a unit
            wrote = _WROTE_UP.sub("", token)
            if wrote != token and _is_place(wrote):
                continue  # '通讯员 张杰 石门报道': the place reported from, no name
            token = _past_place(wrote)  # '本报记者王丽整理', '记者李立新石门报道'
            if is_person_name(token):
                names.append(token)
            elif (glued := _glued_names(token)) is not None:
                names.extend(glued)  # '记者邬长青汤明': names written together
            elif k > 0 and is_byline_name(token):
                names.append(token)  # '(记者 茹明)': a rarer surname, certain after the role
            elif need_all:
                return []
    # A name right before 摄 or 供图 is a photographer's.
    # ('摄影报道' is a reporter's photo story: the name before it wrote it too)
    photographed = set(re.findall(r"([\u4e00-\u9fff]{2,3})\s*(?:摄(?!影报)|供图)", chunk))
    return [n for n in dict.fromkeys(names) if n not in photographed]


def _past_place(token: str) -> str:
    """A name with the county it reports from glued after it ('李立新石门' → 李立新), else ``token``."""
    if len(token) < 4 or is_person_name(token):
        return token
    for k in (2, 3):
        if is_person_name(token[:k]) and _is_place(token[k:]):
            return token[:k]
    return token


#: Provinces by the short names a reporter's dateline uses ('湖南湘西报道').
_PROVINCE_SHORT = (
    "北京", "天津", "上海", "重庆", "河北", "山西", "辽宁", "吉林", "黑龙江", "江苏", "浙江", "安徽", "福建", "江西",
    "山东", "河南", "湖北", "湖南", "广东", "海南", "四川", "贵州", "云南", "陕西", "甘肃", "青海", "内蒙古", "广西",
    "西藏", "宁夏", "新疆",
)


def _is_place(text: str) -> bool:
    """A county, a prefecture, or a province opening the place a reporter writes from."""
    return county_path(text) is not None or is_known_city(text) or text.startswith(_PROVINCE_SHORT)


_WROTE_UP = re.compile(r"(?<=[\u4e00-\u9fff]{2})(?:整理|采写|撰写|摄影报道|摄影报导|报道|报导|文图|图文|文/图)$")


def _join_padded(tokens: list[str]) -> list[str]:
    """'刘 洋' → '刘洋': two-character names padded to the width of three (§1.3)."""
    out: list[str] = []
    i = 0
    while i < len(tokens):
        if i + 1 < len(tokens) and len(tokens[i]) == 1 and len(tokens[i + 1]) == 1 and is_person_name(
            tokens[i] + tokens[i + 1]
        ):
            out.append(tokens[i] + tokens[i + 1])
            i += 2
            continue
        out.append(tokens[i])
        i += 1
    return out


_WORD = re.compile(r"[\u4e00-\u9fffA-Za-z0-9]")
_OUTLET_FIRST = re.compile(rf"^\s*(?:\d{{1,2}}:\d{{2}}(?::\d{{2}})?)?[\]】]?[\s|｜]*{_SITE_NAME}(?:\s+|\s*[|｜]\s*)")
_PLACE_FIRST = re.compile(r"^\s*(?:\d{1,2}:\d{2}(?::\d{2})?)?\s*[\u4e00-\u9fff]{1,6}(?:镇|乡|县|区|街道)\s+")


def _after_date_names(body: str) -> list[str]:
    """'2019-03-02 10:15 王志远 李华': names after the date, when no label follows; and a
    reporter the date line names after its source ('来源:云岭网 记者 王志远')."""
    m = _date_match(body)
    rest = body[m.end() :] if m else ""
    bracketed = _DATE_THEN_BRACKET.match(rest)
    if bracketed is not None:  # '2020-05-12 09:30(通讯员 王丽) 近日,…'
        return names_in(bracketed.group("names"), need_all=False)
    reporter = _LINE_REPORTER.search(rest)
    if reporter is not None:
        return names_in(reporter.group(), need_all=False)
    if not rest.strip() or DATE_LABEL.search(rest) or FIELD_LABEL.search(rest):
        return []
    rest = _PLACE_FIRST.sub("", rest)  # '2019-11-02 08:40  石门镇  余立青, 王秋霞': the place first
    rest = _OUTLET_FIRST.sub("", rest)  # '2021-03-17 云岭日报 王丽': the site, then its writers
    return names_in(rest, need_all=True)


#: Reporters in brackets right after a page's time stamp.
_DATE_THEN_BRACKET = re.compile(r"\s*[(（](?P<names>(?:本报|特约)?(?:记者|通讯员)[^()（）]{2,30})[)）]")
#: '记者 王志远' (and more names) ending a date line after its source field.
_LINE_REPORTER = re.compile(
    r"(?<=\s)(?:本报|特约)?(?:记者|通讯员)\s*[\u4e00-\u9fff]{2,4}"
    r"(?:[\s、]+(?:(?:记者|通讯员)\s*)?[\u4e00-\u9fff]{2,4})*\s*$"
)
#: '作者:王志远', and a slashed credit: '供稿/王立新 孙 悦'.
_CREDIT_FIELD = re.compile(
    r"(?:作者|撰稿|供稿人|投稿人|文|(?<![\u4e00-\u9fff])报道|采写)\s*[:：]\s*(?P<v>[^:：|｜】\]]{2,30})"
    r"|(?:供稿|撰稿|作者)\s*/\s*(?P<s>[^:：|｜/]{2,30})"
    # reporters as a field of the date line: '…　来源:云岭日报　记者:王丽　通讯员:张强'
    r"|(?<![\u4e00-\u9fff])(?P<r>(?:本报|特约)?(?:记者|通讯员)\s*[:：][^|｜】\]]{2,40})"
)
#: A field after the reporters' names on their line: '记者:王丽 来源:云岭日报'.
_NOT_A_REPORTER_FIELD = re.compile(
    r"(?:信息来源|文章来源|来源|稿源|发布时间|发布日期|时间|日期|浏览|点击|阅读)\s*[:：]"
)
#: A label glued to the name before it: '王芳编辑:李华'.
_LABEL_AT_END = re.compile(r"(?:责任编辑|编辑|责编|审核|审定|校对|摄影|摄像|供图|来源|时间|日期)$")
#: The next 'role/' of a slashed credit line: '供稿/王芳 李华 责任编辑/赵明'.
_SLASH_LABEL = re.compile(r"(?:责任编辑|编辑|审核|校对|摄影|供图)\s*/")


def _field_names(lines: list[_Line]) -> list[str]:
    """'作者:王志远' in the header or at the bottom; a scraper's username is not a name."""
    for line in lines:
        m = _CREDIT_FIELD.search(line.body)
        if not m:
            continue
        if m.group("r"):
            label = _NOT_A_REPORTER_FIELD.search(m.group("r"))
            names = names_in(m.group("r")[: label.start()] if label else m.group("r"), need_all=False)
            if names:
                return names
            continue
        value = m.group("v") or m.group("s")
        if m.group("v") and line.body[m.end("v") : m.end("v") + 1] in (":", "："):
            # the value ran into the next label: '撰稿:王芳 摄影:李华' (that label is not a name)
            value = value.rsplit(maxsplit=1)[0] if len(value.split()) > 1 else _LABEL_AT_END.sub("", value)
        label = FIELD_LABEL.search(value) or _SLASH_LABEL.search(value)
        if label:
            value = value[: label.start()]
        names = names_in(value, need_all=False)
        if names:
            return names
    return []


#: A photo story's reporters opening its text: '本报记者李立新见习记者王芳摄影报道 5月8日,…'.
_PHOTO_REPORT_OPENING = re.compile(
    r"^[\s　]*(?:本报|本台|本刊)?(?:见习|实习|特约)?(?:记者|通讯员)\s*(?P<n>[\u4e00-\u9fff、\s]{2,30}?)\s*摄影?报道"
)


def _opener_names(lead: list[_Line]) -> list[str]:
    for line in lead:
        bracketed = _BRACKET_BYLINE.match(line.body) or _BOOK_BYLINE.match(line.body)
        if bracketed:
            return names_in(bracketed.group("n"), need_all=False)
        roles = _ROLES_OPENING.match(line.body)
        if roles and (names := names_in(roles.group("n"), need_all=False)):
            return names  # '(文/王丽 图/张强)今年以来,…': the writers in brackets opening the text
        photo = _PHOTO_REPORT_OPENING.match(line.body)
        if photo and (names := names_in(photo.group("n"), need_all=False)):
            return names  # '本报记者李立新见习记者王芳摄影报道 5月8日,…'
        # (a short line is a byline, read with its names below)
        paper = _OUTLET_BYLINE.match(line.body) if len(line.body) > _BYLINE_MAX else None
        reporter = name_at(line.body, paper.end()) if paper else None
        if reporter is not None:
            return [reporter]  # '云岭日报记者李立新7月8日来到…': the paper's reporter opening the text
        m = OPENER_NAMES.search(line.body[:60])
        if not m:
            if len(line.body) >= _PROSE_MIN and "。" in line.body:
                break  # the article has begun: an opener further down is another article's
            continue
        inner = m.group("p") or m.group("r") or m.group("b") or ""
        strict = m.group("r") is None and not AUTHOR_ROLE.search(inner)  # bare names: all must be names
        names = names_in(inner, need_all=strict)
        if names:
            return names
    return []


def _byline_names(head: list[_Line], tail: list[_Line]) -> list[str]:
    """A line of its own: '本报记者 A 通讯员 B', '文/X', '□ X', 'X网记者 Y'."""
    worded = [line for line in head if _WORD.search(line.body)][:12]  # (not rows of '|' furniture)
    for line in [*worded, *reversed(tail[-6:])]:
        if len(line.body) > _BYLINE_MAX or not BYLINE_LINE.match(line.body):
            continue
        names = names_in(line.body, need_all=False)
        if names:
            return names
    for line in reversed(tail[-6:]):
        m = SIGNATURE_LINE.match(line.body) if len(line.body) <= 32 else None
        if m:
            name = re.sub(r"[\s\u3000]", "", m.group("name"))
            if is_person_name(name):
                return [name]
    return []


#: Who supplied a piece: '(办公室周海燕供稿)'.
_SUPPLIED_BY = re.compile(r"(?P<w>[\u4e00-\u9fff]{2,14})(?:供稿|撰稿)$")


def _unit_then_names(inner: str) -> list[str]:
    """'石门公路分局 赵立新', '石门县实验中学 赵立新 钱小兵', '石门县政府网 赵立新、钱小兵': a unit or
    a site, then names only."""
    tokens = inner.split()
    if len(tokens) < 2 or not tokens[0].endswith((*ORG_SUFFIXES, "网", "工作组", "工作队")):
        return []
    names = [name for token in tokens[1:] for name in re.split(r"[、,，]", token) if name]  # ('刘松、苗安顺')
    return names if all(is_person_name(n) for n in names) else []


#: The writers' unit and names in lenticular brackets closing the text: '【石门县实验中学 赵立新】'.
_CLOSING_BRACKETED = re.compile(r"^[\s　]*【(?P<p>[^【】]{4,40})】\s*$")


#: A photo story's byline closing the text, on its own line or after the last sentence:
#: '…。云岭社记者 赵立新 钱小兵 摄影报道', '赵立新 钱小兵摄影报道 |'.
_PHOTO_REPORT = re.compile(
    r"(?:^|[。!?！？]\s*)(?:[\u4e00-\u9fff]{2,10}?(?:社|报|网|台)\s*)?(?:记者|通讯员)?\s*"
    r"(?P<n>[\u4e00-\u9fff]{2,4}(?:[\s、]+[\u4e00-\u9fff]{2,4}){0,5})\s*摄影报[道导]\s*[|｜]?\s*$"
)
#: A paper's reporter signing after the last sentence, with the place reported from:
#: '…。■云岭日报记者 赵立新 石门报道'.
_REPORTER_CLOSING = re.compile(
    r"[。!?！？]\s*[■□●◆]?\s*[\u4e00-\u9fff]{2,10}?(?:社|报|网|台)(?:特派|特约|驻[\u4e00-\u9fff]{1,4})?"
    r"(?P<n>记者\s*[\u4e00-\u9fff、\s]{2,24}?报道)\s*$"
)


#: Reporters glued to the last sentence: '…日子有了盼头。记者王丽 通讯员张强'.
_ROLES_CLOSING = re.compile(
    r"[。!?！？”]\s*(?P<n>(?:本报)?(?:记者|通讯员)\s*[\u4e00-\u9fff]{2,3}(?:[、\s]+[\u4e00-\u9fff]{2,3})*"
    r"(?:\s+(?:本报)?(?:记者|通讯员)\s*[\u4e00-\u9fff]{2,3}(?:[、\s]+[\u4e00-\u9fff]{2,3})*)*)\s*$"
)


#: A post labelling the name in brackets: '(队长:李国庆)', '(第一书记 王芳)'.
_POST_LABEL = re.compile(r"\s*(?:驻村)?(?:工作队)?(?:队长|组长|第一书记|书记|村长|主任)\s*[:：\s]")


def _closing_names(tail: list[_Line]) -> list[str]:
    for line in reversed(tail[-4:]):
        photo = _PHOTO_REPORT.search(line.body)
        if photo and (names := names_in(photo.group("n"), need_all=True)):
            return names
        signed = _REPORTER_CLOSING.search(line.body) or _ROLES_CLOSING.search(line.body)
        if signed and (names := names_in(signed.group("n"), need_all=False)):
            return names
    for line in reversed(tail):
        m = CLOSING_NAMES.search(line.body)
        if not m:
            bracketed = _CLOSING_BRACKETED.match(line.body)
            names = _unit_then_names(bracketed.group("p")) if bracketed else []
            if names:
                return names
            continue
        inner = m.group("p")
        supplied = _SUPPLIED_BY.search(inner)
        if supplied:  # '(县扶贫办周海燕供稿)': the unit, then the writer's name
            words = supplied.group("w")
            name = next((words[-n:] for n in (3, 2) if len(words) >= n and is_person_name(words[-n:])), None)
            if name and len(name) == 3 and name.endswith(_UNIT_ENDS):
                continue  # ('(县林业局供稿)': a unit supplied it, no writer named)
            if name:
                return [name]
        unit_then_names = _unit_then_names(inner)
        if unit_then_names:  # '(石门公路分局 赵立新)': the writers' unit, then their names
            return unit_then_names
        signed = SIGNATURE_LINE.match(inner.strip())
        if signed:  # '(青石村驻村工作队员 王志远)': the writer's post and name (§1.3)
            name = re.sub(r"[\s\u3000]", "", signed.group("name"))
            if is_person_name(name):
                return [name]
        if NOT_AUTHOR_ROLE.search(inner) and not AUTHOR_ROLE.search(inner):
            continue  # (编辑 刘芳): an editor in the usual place of authors
        if _POST_LABEL.match(inner):
            continue  # '…工作队(队长:李国庆)': a listed team's leader, not the writer
        names = names_in(inner, need_all=not AUTHOR_ROLE.search(inner) and not re.search(r"[:：]", inner))
        if names:
            return names
    return []
