"""Finding the article inside a fetched page: site navigation, copyright and
related-article lines are boilerplate, not content.

Cleaning never rewrites the text; it returns the spans of content lines so that every
offset computed later still points into the document as given.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

# Lines that are page furniture wherever they appear.
_JUNK_LINE = re.compile(
    r"^\s*(?:[-•·*]\s*)?(?:"
    r"(?:当前位置|您的位置|你的位置|當前位置|所在位置)\s*[:：]?.*"
    r"|首页\s*(?:>|>>|»|/|＞).*"
    r"|返回|顶部|返回顶部|回到顶部|TOP|进入移动版.*|打印本页|关闭窗口|关闭|打印"
    r"|分享到.*|扫一扫.*|【?字体[:：].*|字号[:：].*"
    r"|.*(?:版权所有|Copyright|©|ICP备|ICP证|网安备|公网安备|违法和不良信息举报).*"
    r"|(?:主办|承办|协办|技术支持)(?:单位)?[:：].*"
    r"|(?:上一篇|下一篇|上一条|下一条)[:：].*"
    r"|(?:阅读量|浏览次数|点击数|访问量)[:：]?\s*\d*"
    r")\s*$",
    re.IGNORECASE,
)

# A line that opens the related-articles / comments tail: everything after it is junk.
_TAIL_MARKER = re.compile(
    r"^\s*(?:【\s*)?(?:相关(?:新闻|阅读|文章|链接|报道|推荐)|推荐阅读|延伸阅读|热点推荐|热门推荐|猜你喜欢"
    r"|网友评论|发表评论|我要评论|相關新聞|相關閱讀|熱點推薦)(?:\s*】)?\s*[:：]?\s*$"
)

# A menu: many short words separated by spaces or bars, and no sentence punctuation.
_MENU_TOKEN_SPLIT = re.compile(r"[\s|｜/]+")
_SENTENCE_PUNCT = re.compile(r"[，。！？；：,.!?;:“”\"]")


@dataclass(frozen=True, slots=True)
class Line:
    start: int
    end: int  # exclusive, without the line break
    junk: bool


def is_menu_line(line: str) -> bool:
    """True for navigation bars such as '- 省網輿情 視聽晉城 視覺晉城 晉城歷史'."""
    stripped = line.strip().lstrip("-•·* ")
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


@lru_cache(maxsize=8)  # the pipeline, the chunker and the rules all ask, about the same document
def classify_lines(text: str) -> tuple[Line, ...]:
    """Mark every line as junk or content; a related-articles marker ends the content."""
    lines: list[Line] = []
    in_tail = False
    for start, end in split_lines(text):
        line = text[start:end]
        if not in_tail and _TAIL_MARKER.match(line):
            in_tail = True
        lines.append(Line(start, end, junk=in_tail or not line.strip() or is_junk_line(line)))
    return tuple(lines)


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
