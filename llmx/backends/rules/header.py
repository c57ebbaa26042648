"""Page header and byline: title, outlet, publication date, authors.

News pages and work summaries mark these in a few recurring ways: a headline line right
above a dateline (``2018-11-21 16:29 来源:河北新闻网``, ``发布日期:2018-07-31``), a lead
that opens ``XX网讯``, a byline (``记者 张三 李四``, ``作者:``) or a closing parenthesis
with names (``(会泽县扶贫办:肖永朝)``). Anything not marked stays null.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from llmx.backends.rules.names import is_person_name
from llmx.backends.rules.text import content_lines
from llmx.core.dates import parse_date
from llmx.core.script import fold_aligned

_DATE = re.compile(r"(?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}日?(?:\s*\d{1,2}:\d{2}(?::\d{2})?)?")
_DATE_LABEL = re.compile(r"发布|时间|日期|来源|作者")
_OUTLET_FIELD = re.compile(r"来源\s*[:：]\s*([^\s:：|｜,，]{2,20})")
_OUTLET_LEAD = re.compile(
    r"^\s*([\u4e00-\u9fff]{2,10}?(?:新闻网|网|日报|晚报|报|广播电视台|电视台))(?:[\u4e00-\u9fff]{0,6}?频道)?讯"
)
_OUTLET_SUFFIX = re.compile(r"(?:网|报|台|社|客户端|频道|杂志|在线|新闻)$")
_BYLINE = re.compile(
    r"(?:记者|通讯员|特约记者|作者|撰稿|撰文|执笔|文)\s*[:：/|｜]?\s*"
    r"((?:[\u4e00-\u9fff]{2,4})(?:[\s、,，]+[\u4e00-\u9fff]{2,4})*)"
)
BYLINE_ROLE = re.compile(r"本报记者|特约记者|记者|通讯员|作者|撰稿|执笔")
_CLOSING = re.compile(r"[（(]([^()（）]{2,40})[）)]\s*$")
_NOT_BYLINE = re.compile(r"编辑|摄|审核|校对|责编|监制|图片|来源|转载")
_TITLE_TAG = re.compile(r"^(?:\s|[—\-－–_~～]|【[^】]{0,20}】|\[[^\]]{0,20}\])+")
_HEADLINE_MAX = 60


@dataclass(slots=True)
class Header:
    title: str | None = None
    outlet: str | None = None
    published: str | None = None
    authors: list[str] = field(default_factory=list)


def _names(chunk: str) -> list[str]:
    tokens = [t for t in re.split(r"[\s、,，]+", chunk.strip()) if t]
    return tokens if tokens and all(is_person_name(t) for t in tokens) else []


def _clean_title(line: str) -> str | None:
    title = _TITLE_TAG.sub("", line).strip()
    return title or None


def _plausible_headline(line: str) -> bool:
    stripped = line.strip()
    return (
        4 <= len(stripped) <= _HEADLINE_MAX
        and not stripped.endswith(("。", ":", "："))
        and "。" not in stripped
        and not re.search(r">|»|＞|\||｜", stripped)
        and not _DATE.search(stripped)
    )


def read_header(text: str, search_chars: int = 3000) -> Header:
    """Title, outlet, date and authors as the page marks them."""
    folded = fold_aligned(text)
    lines = [(ln, folded[ln.start : ln.end]) for ln in content_lines(text)]
    header = Header()
    head_limit = min(len(folded), search_chars)
    dateline = None
    for index, (ln, body) in enumerate(lines):
        if ln.start > head_limit:
            break
        if ln.junk and not _DATE_LABEL.search(body):
            continue
        m = _DATE.search(body)
        if m and len(body.strip()) <= 80 and (_DATE_LABEL.search(body) or m.start() <= 3 or ":" in m.group()):
            header.published = parse_date(m.group())
            dateline = index
            rest = body[m.end() :]
            if not _DATE_LABEL.search(rest):
                header.authors = _names(rest)
            break
    for _, body in lines[: (dateline + 3) if dateline is not None else 30]:
        m = _OUTLET_FIELD.search(body)
        if m and _OUTLET_SUFFIX.search(m.group(1)):
            header.outlet = m.group(1)
            break
    content = [(ln, body) for ln, body in lines if not ln.junk and body.strip()]
    if header.outlet is None:
        for _, body in content[:8]:
            m = _OUTLET_LEAD.match(body)
            if m and not m.group(1).startswith(("本", "该")):
                header.outlet = m.group(1)
                break
    header.title = _find_title(lines, dateline)
    if not header.authors:
        header.authors = _find_byline(content)
    return header


def _find_title(lines: list, dateline: int | None) -> str | None:
    if dateline is not None:
        for ln, body in reversed(lines[max(0, dateline - 4) : dateline]):
            if not body.strip():
                continue
            if not ln.junk and _plausible_headline(body):
                return _clean_title(body)
            break
    for _, body in lines[:30]:
        if body.strip().startswith(("——", "--", "—")) and _plausible_headline(body):
            return _clean_title(body)
    for i, (ln, body) in enumerate(lines[:30]):
        if ln.junk or not body.strip() or not _plausible_headline(body):
            continue
        following = [b for _, b in lines[i + 1 : i + 4] if b.strip()]
        if following and ("。" in following[0] or len(following[0].strip()) > 1.5 * len(body.strip())):
            return _clean_title(body)
        break
    return None


def _find_byline(content: list) -> list[str]:
    for _, body in content[:12]:
        if len(body.strip()) > 40:
            continue
        for m in _BYLINE.finditer(body):
            after = body[m.end() :].lstrip()
            if _NOT_BYLINE.search(m.group(0)) or after.startswith(("摄", "图")):
                continue
            names = _names(BYLINE_ROLE.sub(" ", m.group(1)))
            if names:
                return names
    for _, body in reversed(content[-12:]):
        m = _CLOSING.search(body.strip())
        if not m or _NOT_BYLINE.search(m.group(1)):
            continue
        inner = BYLINE_ROLE.sub(" ", re.split(r"[:：]", m.group(1))[-1])
        names = _names(inner)
        if names:
            return names
    return []
