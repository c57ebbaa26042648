"""Finding the article inside a fetched page: site navigation, copyright and
related-article lines are boilerplate, not content.

Cleaning never rewrites the text; it returns the spans of content lines so that every
offset computed later still points into the document as given.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

# Lines that are page furniture wherever they appear.
_JUNK_LINE = re.compile(
    r"^\s*(?:[-•·*]\s*)?(?:"
    r"(?:当前位置|您的位置|你的位置|當前位置|所在位置)\s*[:：]?.*"
    r"|首页\s*(?:>|>>|»|/|＞).*"
    r"|返回|顶部|返回顶部|回到顶部|TOP|进入移动版.*|打印本页|关闭窗口|关闭|打印"
    # an app's banner: '立即打开', '打开APP，阅读全文', '下载客户端'
    r"|立即打开|(?:打开|下载)(?:APP|客户端|app|App).*|APP内打开|在APP中打开.*"
    # a site's account widget: '立即登录', '没有账号?马上注册', '登录 | 注册'
    r"|立即登录|立即注册|登录|注册|登录\s*[|/]\s*注册|还?没有账号.{0,12}|忘记密码"
    r"|分享到.*|(?:微信)?扫一扫.*|【?字体[:：].*|字号[:：].*"
    # a reading-time counter: '本篇文章2035字,读完约5分钟'
    r"|本篇文章\s*\d+\s*字.*"
    r"|.*(?:版权所有|Copyright|©|ICP备|ICP证|网安备|公网安备|违法和不良信息举报).*"
    r"|(?:主办|承办|协办|技术支持)(?:单位)?[:：].*"
    r"|(?:上一篇|下一篇|上一条|下一条)[:：].*"
    # an e-paper's page turner and links: '3 上一篇  下一篇 4 放大 缩小 默认', '返回新数字报',
    # '01版', '标题导航'
    r"|(?:\d*\s*(?:上一篇|下一篇|上一版|下一版|上一页|下一页|放大|缩小|默认)\s*\d*\s*)+"
    r"|返回[\u4e00-\u9fff]{1,8}|\d{1,2}版|标题导航"
    r"|(?:阅读量|浏览次数|点击数|访问量)[:：]?\s*\d*"
    r")\s*$",
    re.IGNORECASE,
)

# A line that opens a related-articles / comments list: '相关新闻', '【相关阅读】', '◎ 推荐阅读:',
# '相关报道：<the first headline>'. The lines after it are junk while they look like a link
# list; prose after it (a second article in the same file) is content again.
_TAIL_MARKER = re.compile(
    r"^[\s◎●○·•■□▲△◆◇★☆>【\[\-*]*"
    r"(?P<word>(?:相关|相關)(?:新闻|新聞|阅读|閱讀|文章|链接|鏈接|报道|報道|推荐|推薦)"
    r"|推荐阅读|推薦閱讀|延伸阅读|延伸閱讀|新闻推荐|新聞推薦|热点推荐|熱點推薦|热门推荐|熱門推薦"
    r"|猜你喜欢|猜你喜歡|热门评论|熱門評論|网友评论|網友評論|发表评论|發表評論|我要评论|我要評論)"
)
_MARKER_MAX_CHARS = 24
# Prose: a sentence, not a headline. Links, headlines and dates are short and end no sentence.
_PROSE_PUNCT = re.compile(r"[。！？!?；;]")
_PROSE_MIN_CHARS = 30
_PROSE_ANY_CHARS = 100
# A list entry: a bullet or number in front, a link, or a date behind.
_LIST_ITEM = re.compile(
    r"^(?:[◎●○·•■□▲△◆◇★☆>\-*]|\d{1,2}\s*[.、)）])"
    r"|https?://|www\."
    r"|(?:\d{2,4}\s*[-/.年]\s*)?\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?\s*[)）\]】]?$"
)

# A menu: many short words separated by spaces or bars, and no sentence punctuation.
_SLASH_DATE = re.compile(r"(?<!\d)(?:19|20)\d{2}/\d{1,2}/\d{1,2}(?!\d)")
_MENU_TOKEN_SPLIT = re.compile(r"[\s|｜/]+")
_SENTENCE_PUNCT = re.compile(r"[，。！？；：,.!?;:“”\"]")


class Line(NamedTuple):
    start: int
    end: int  # exclusive, without the line break
    junk: bool
    tail: bool = False  # junk only for being in a related-articles list


@dataclass(frozen=True, slots=True)
class RelatedTail:
    """A related-articles list that was left out: its marker, the marker's line number
    (1-based), and the characters of the lines left out after it (line breaks not counted)."""

    marker: str
    line: int
    chars: int


def is_menu_line(line: str) -> bool:
    """True for navigation bars such as '- 省網輿情 視聽晉城 視覺晉城 晉城歷史'.

    A date written with slashes is one token, not three ('2021/03/17 云岭日报' is a date line)."""
    stripped = line.strip().lstrip("-•·* ")
    if "/" in stripped:
        stripped = _SLASH_DATE.sub("0", stripped)
    if _SENTENCE_PUNCT.search(stripped):
        return False
    tokens = [t for t in _MENU_TOKEN_SPLIT.split(stripped) if t]
    return len(tokens) >= 4 and max(len(t) for t in tokens) <= 6


def is_junk_line(line: str) -> bool:
    return bool(_JUNK_LINE.match(line)) or is_menu_line(line)


def split_lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of every line, end excluding the line break (\\n, \\r\\n or \\r)."""
    spans = []
    for match in re.finditer(r"[^\r\n]*(?:\r\n|\r|\n|$)", text):
        if match.start() == len(text) and match.start() == match.end():
            break
        body = match.group().rstrip("\r\n")
        spans.append((match.start(), match.start() + len(body)))
    return spans


def tail_marker(line: str) -> str | None:
    """The marker word when ``line`` opens a related-articles list, else None."""
    stripped = line.strip()
    if len(stripped) > _MARKER_MAX_CHARS or _PROSE_PUNCT.search(stripped):
        return None
    match = _TAIL_MARKER.match(stripped)
    return match.group("word") if match else None


def _is_prose(stripped: str) -> bool:
    return len(stripped) >= _PROSE_ANY_CHARS or (
        len(stripped) >= _PROSE_MIN_CHARS and _PROSE_PUNCT.search(stripped) is not None
    )


def _is_byline(stripped: str) -> bool:
    return len(stripped) <= _HEADLINE_MAX_CHARS and (
        _BYLINE_WORD.search(stripped) is not None or _DATE_FIRST.match(stripped) is not None
    )


def _is_headline(stripped: str) -> bool:
    return (4 <= len(stripped) <= _HEADLINE_MAX_CHARS and not stripped.endswith(("。", "！", "？", ".", "!", "?"))
            and _LIST_ITEM.search(stripped) is None)


def _reopen(lines: list[Line], text: str) -> None:
    """Prose resumed after a related-articles marker: the lines just before it that read as
    its article's headline and byline are content again (a link list's last entry is not:
    it has a bullet, a link or a date behind)."""
    i = len(lines) - 1
    for want in ("byline", "headline"):
        while i >= 0 and lines[i].junk and not lines[i].tail and not text[lines[i].start : lines[i].end].strip():
            i -= 1  # blank
        if i < 0 or not lines[i].tail:
            return
        stripped = text[lines[i].start : lines[i].end].strip()
        if want == "byline" and not _is_byline(stripped):
            continue  # no byline: look at the same line as a headline
        if want == "headline" and not _is_headline(stripped):
            return
        lines[i] = Line(lines[i].start, lines[i].end, junk=False)
        i -= 1
        if want == "headline":
            return


#: A page's summary field, before the text it repeats: '摘要: 11月4日,…', '【内容摘要】…'.
_SUMMARY_FIELD = re.compile(r"^[【\[]?(?:内容)?(?:摘要|提要|导读)[】\]]?\s*[:：]?\s*")
#: How much of a summary the article must repeat for the summary to be furniture.
_ECHO_CHARS = 24


def echoed_summary(stripped: str, text: str, end: int) -> bool:
    """A summary field whose opening the article below repeats word for word (a CMS's 摘要
    copied from the lead): a reader of the content skips it, or every figure in it is read
    twice (it stays content for the header, where it stands between headline and text)."""
    label = _SUMMARY_FIELD.match(stripped)
    if label is None:
        return False
    opening = stripped[label.end() : label.end() + _ECHO_CHARS]
    return len(opening) == _ECHO_CHARS and text.find(opening, end) >= 0


@lru_cache(maxsize=8)  # the pipeline, the chunker and the rules all ask, about the same document
def _classify(text: str) -> tuple[tuple[Line, ...], tuple[RelatedTail, ...]]:
    lines: list[Line] = []
    markers: list[tuple[str, int]] = []  # (marker word, index of its line)
    in_tail = False
    for start, end in split_lines(text):
        line = text[start:end]
        stripped = line.strip()
        if not stripped:
            lines.append(Line(start, end, junk=True))
            continue
        marker = tail_marker(stripped)
        if marker is not None:
            in_tail = True
            markers.append((marker, len(lines)))
            lines.append(Line(start, end, junk=True))
            continue
        junk = is_junk_line(line)
        if in_tail and not junk:
            if not _is_prose(stripped):
                lines.append(Line(start, end, junk=True, tail=True))
                continue
            in_tail = False
            _reopen(lines, text)
        lines.append(Line(start, end, junk=junk))
    tails: list[RelatedTail] = []
    for k, (word, index) in enumerate(markers):
        stop = markers[k + 1][1] if k + 1 < len(markers) else len(lines)
        chars = sum(ln.end - ln.start for ln in lines[index + 1 : stop] if ln.tail)
        if chars:
            tails.append(RelatedTail(word, index + 1, chars))
    return tuple(lines), tuple(tails)


def classify_lines(text: str) -> tuple[Line, ...]:
    """Mark every line as junk or content.

    After a related-articles marker ('相关新闻' ...) the lines are junk while they read as a
    link list (headlines, links, dates); prose after it is content again, with the headline
    and byline just before it, so a file of several articles keeps them all.
    """
    return _classify(text)[0]


def related_tails(text: str) -> tuple[RelatedTail, ...]:
    """The related-articles lists left out of ``text``, for a note: how much and where."""
    return _classify(text)[1]


def content_window(text: str) -> tuple[int, int]:
    """The span from the first to the last content line: the article with its header."""
    content = [line for line in classify_lines(text) if not line.junk]
    if not content:
        return 0, len(text)
    return content[0].start, content[-1].end


def content_spans(text: str) -> list[tuple[int, int]]:
    """Spans of runs of consecutive content lines (blank lines do not break a run)."""
    spans: list[tuple[int, int]] = []
    run_start: int | None = None
    run_end = 0
    for line in classify_lines(text):
        blank = not text[line.start : line.end].strip()
        if line.junk and not blank:
            if run_start is not None:
                spans.append((run_start, run_end))
                run_start = None
            continue
        if blank:
            continue
        if run_start is None:
            run_start = line.start
        run_end = line.end
    if run_start is not None:
        spans.append((run_start, run_end))
    return spans


_DATE_OR_SOURCE = re.compile(
    r"(?:(?:19|20)\d{2}\s*[-/.年]\s*\d{1,2})|来源|來源|发布|發佈|發布|作者|编辑|編輯|记者|記者|日期|时间|時間|浏览|瀏覽"
)
_HEADLINE_MAX_CHARS = 60
_BYLINE_WORD = re.compile(r"来源|來源|发布|發佈|發布|作者|编辑|編輯|记者|記者|日期|时间|時間|通讯员|通訊員")
_DATE_FIRST = re.compile(r"(?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}")
_BREADCRUMB = re.compile(r">|＞|»|›|→")


def document_title(text: str, search_lines: int = 8) -> str | None:
    """The page's headline as cleaning sees it: the first short content line that is not a
    date, source or byline line and does not end a sentence.

    It is context, not a record field: the chunks after the first are sent with it, so a
    model reading chunk 7 knows which article it is in (a page's first raw line is usually
    navigation). None when no line fits.
    """
    seen = 0
    for line in classify_lines(text):
        if line.junk:
            continue
        candidate = text[line.start : line.end].strip()
        if not candidate:
            continue
        seen += 1
        if seen > search_lines:
            break
        if len(candidate) > _HEADLINE_MAX_CHARS or candidate.endswith(("。", "！", "？", ".", "：", ":")):
            continue
        if _DATE_OR_SOURCE.search(candidate) or _BREADCRUMB.search(candidate) or len(candidate) < 4:
            continue
        return candidate
    return None
