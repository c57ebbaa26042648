"""Dates as pages print them: ``2018-11-21 16:29``, ``2018年7月31日``, ``二〇一八年七月``."""

from __future__ import annotations

import datetime as dt
import re

from llmx.core.jionlp_loader import jionlp
from llmx.core.numbers import chinese_digits, chinese_number
from llmx.core.script import fold_aligned

_DATE_RE = re.compile(
    r"(?<!\d)((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})(?!\d)"
    # an e-paper's compact date after its label: '日期:20190305'
    r"|(?<=期:)((?:19|20)\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?!\d)"
)


_CN_DATE = re.compile(
    r"([一二][〇零一二三四五六七八九]{3})年([一二三四五六七八九十]{1,2})月([一二三四五六七八九十]{1,3})日"
)


def parse_date(text: str) -> str | None:
    """ISO date of the first full date in ``text`` ('2018-11-21 16:29', '2018年7月31日').

    Numeric dates are read directly; anything else goes to jionlp's parse_time.
    """
    folded = fold_aligned(text)
    m = _DATE_RE.search(folded)
    if m:
        year, month, day = (g for g in m.groups() if g is not None)
        try:
            return dt.date(int(year), int(month), int(day)).isoformat()
        except ValueError:
            return None
    m = _CN_DATE.search(folded)
    if m:
        # '二〇二一年三月十七日' (official documents): read here, not by jionlp's slower parser
        year, month, day = chinese_digits(m.group(1)), chinese_number(m.group(2)), chinese_number(m.group(3))
        if year is None or month is None or day is None:
            return None
        try:
            return dt.date(int(year), int(month), int(day)).isoformat()
        except ValueError:
            return None
    try:
        parsed = jionlp().parse_time(folded, time_base=0, strict=True)
    except Exception:  # jionlp raises plain ValueError and friends on text it cannot read
        return None
    times = parsed.get("time") if isinstance(parsed, dict) else None
    if parsed.get("type") == "time_point" and isinstance(times, list) and times and isinstance(times[0], str):
        return times[0][:10]
    return None
