"""Tables written as text: villages, and projects.

Villages: a header line of column names and one line per
village, the cells apart by spaces or bars (PHRASING §8.3: round-ups and township pages list
several villages; a 情况表 of households, people, poor households, the sending unit and the
first secretary).

    村名   户数(户)  人口(人)  建档立卡贫困户(户)  贫困人口(人)  派驻单位    第一书记
    青石村  312      1276      104                 431           县交通局    王志远

The page cleaner may take such rows for a menu (short cells, no punctuation), so the rows
are read from every line after a header, furniture or not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from llmx.backends.rules.names import is_person_name
from llmx.backends.rules.patterns import NOT_UNIT, ORG_SUFFIX
from llmx.backends.rules.text import Doc, content_lines
from llmx.core.records import Evidence

_CELL_SPLIT = re.compile(r"[\s|｜]+")
_NAME_COLUMN = re.compile(r"(?:行政)?村(?:名|名称|别|庄)?|名称|单位名称")
_VILLAGE_CELL = re.compile(r"[\u4e00-\u9fff]{1,8}村")
#: A column naming the village a team is posted to, anywhere in a roster's header: '驻村地点'.
_POSTED_VILLAGE_COLUMN = re.compile(r"驻村地点|驻村村名|驻村名称|所驻村|派驻村|帮扶村|驻点村|结对村|驻村")
#: The township written before the village in a cell: '石桥镇桃园村'.
_TOWN_IN_CELL = re.compile(r"^[\u4e00-\u9fff]{1,5}?[镇乡](?=[\u4e00-\u9fff]{2,6}村$)")
_NUMBER_CELL = re.compile(r"\d+(?:\.\d+)?%?")
#: A first column that numbers the rows: '序号', '编号'.
_INDEX_COLUMN = re.compile(r"序号|编号|序|排序")
_UNIT_WORDS = re.compile(r"派驻单位|帮扶单位|派出单位|选派单位|包扶单位|后盾单位|驻村单位|挂包单位")
_LEADER_WORDS = re.compile(r"第一书记|队长")
#: A header names at least this many columns the rules know, besides the village's name.
_MIN_KNOWN = 2
_MAX_ROWS = 200


@dataclass(slots=True)
class TableRow:
    """One village's line of a table."""

    village: str
    values: dict[str, Any] = field(default_factory=dict)
    unit: str | None = None
    leader: str | None = None
    evidence: list[Evidence] = field(default_factory=list)


def _column(cell: str) -> str | None:
    """The field a header cell names: '建档立卡贫困户(户)' → poor_households."""
    if "发生率" in cell or "贫困面" in cell:
        return "poverty_rate_pct"
    if _UNIT_WORDS.search(cell):
        return "unit"
    if _LEADER_WORDS.search(cell):
        return "leader"
    if "贫困" in cell or "建档立卡" in cell:
        if "人口" in cell or "人数" in cell or cell.endswith("(人)"):
            return "poor_population"
        return "poor_households" if "户" in cell else None
    if "户" in cell and "人口" not in cell:
        return "households"
    if "人口" in cell or "人数" in cell:
        return "population"
    return None


def read_tables(doc: Doc) -> list[TableRow]:
    """The village rows of every village table in the document."""
    folded = doc.folded
    if folded.find("村", 0) < 0:
        return []
    lines = content_lines(doc.text)
    rows: list[TableRow] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        body = folded[line.start : line.end]
        if not ("户" in body or "人口" in body or "单位" in body) or len(body) > 200:
            i += 1
            continue
        cells = [c for c in _CELL_SPLIT.split(body) if c]
        numbered = bool(cells) and _INDEX_COLUMN.fullmatch(cells[0]) is not None  # '序号 村名 总户数 …'
        named = cells[numbered:]
        columns = [_column(c) for c in named]
        # the village's column: first ('村名 户数 …'), or a roster's posting ('派出单位 驻村地点 第一书记')
        village_at = 0 if named and _NAME_COLUMN.fullmatch(named[0]) else next(
            (k for k, c in enumerate(named) if _POSTED_VILLAGE_COLUMN.fullmatch(c)), None
        )
        if (
            len(named) < 3 or village_at is None
            or sum(1 for k, c in enumerate(columns) if c and k != village_at) < _MIN_KNOWN
        ):
            i += 1
            continue
        columns[village_at] = None
        header = doc.evidence(line.start, line.end)
        j = i + 1
        while j < len(lines) and j - i <= _MAX_ROWS:
            row_line = lines[j]
            if row_line.end == row_line.start:
                j += 1
                continue
            row = _row(doc, row_line.start, row_line.end, columns, header, village_at, numbered=numbered)
            if row is None:
                break
            rows.append(row)
            j += 1
        i = j
    return rows


def _row(
    doc: Doc, start: int, end: int, columns: list[str | None], header: Evidence | None, village_at: int = 0, *,
    numbered: bool = False,
) -> TableRow | None:
    cells = [c for c in _CELL_SPLIT.split(doc.folded[start:end]) if c]
    if numbered:
        if not cells or not cells[0].isdigit():
            return None
        cells = cells[1:]  # (the row's number)
    if len(cells) != len(columns) or not _VILLAGE_CELL.fullmatch(cells[village_at]):
        return None
    row = TableRow(village=_TOWN_IN_CELL.sub("", cells[village_at]))
    for cell, column in zip(cells, columns, strict=True):
        if column is None:
            continue
        if column == "unit":
            if ORG_SUFFIX.search(cell) and not NOT_UNIT.search(cell) and len(cell) >= 3:
                row.unit = cell
        elif column == "leader":
            if is_person_name(cell):
                row.leader = cell
        elif _NUMBER_CELL.fullmatch(cell):
            number = float(cell.rstrip("%"))
            row.values[column] = number if column == "poverty_rate_pct" else int(number)
    quote = doc.evidence(start, end)
    row.evidence = [e for e in (quote, header) if e is not None]
    return row


# ----------------------------------------------------------------------------------------
# Project tables (LABELLING: a table whose unit line says 资金单位：万元 multiplies every amount)
# ----------------------------------------------------------------------------------------

_PROJECT_COLUMN = re.compile(r"项目|名称|工程")
_UNIT_WAN = re.compile(r"(?:单位|单位为)\s*[:：]?\s*(?P<m>万|亿)元|[(（](?P<m2>万|亿)元[)）]")
_STATUS_WORDS = (("planned", re.compile(r"计划|拟|待建|规划")), ("ongoing", re.compile(r"在建|施工|推进|进行")),
                 ("done", re.compile(r"完工|完成|竣工|建成|投用|投入使用|已")))


@dataclass(slots=True)
class ProjectRow:
    """One project's line of a table: the money and beneficiaries its bare cells give."""

    start: int
    end: int
    investment: float | None = None
    households: int | None = None
    people: int | None = None
    status: str | None = None
    unit_line: Evidence | None = None


def _project_column(cell: str) -> str | None:
    if "投资" in cell or "资金" in cell or "金额" in cell:
        return "investment"
    if "户" in cell:
        return "households"
    if "人" in cell:
        return "people"
    if "进度" in cell or "状态" in cell or "进展" in cell:
        return "status"
    return None


def read_project_rows(doc: Doc) -> list[ProjectRow]:
    """The rows of every project table: '序号 项目名称 建设内容 投资 受益户数 进度' over
    '1 道路硬化 硬化道路3.8公里 152 96 已完工', amounts in the unit the header or the line
    above names ('资金单位：万元')."""
    folded = doc.folded
    if folded.find("项目") < 0 and folded.find("工程") < 0:
        return []
    lines = content_lines(doc.text)
    rows: list[ProjectRow] = []
    for i, line in enumerate(lines):
        body = folded[line.start : line.end]
        if len(body) > 200 or not _PROJECT_COLUMN.search(body):
            continue
        cells = [c for c in _CELL_SPLIT.split(body) if c]
        columns = [_project_column(c) for c in cells]
        if len(cells) < 3 or "investment" not in columns or not any(_PROJECT_COLUMN.search(c) for c in cells[:2]):
            continue
        scale, unit_line = 1.0, None
        for k in range(i, max(-1, i - 4), -1):
            m = _UNIT_WAN.search(folded, lines[k].start, lines[k].end)
            if m is not None:
                scale = 1e8 if (m.group("m") or m.group("m2")) == "亿" else 1e4
                unit_line = doc.evidence(m.start(), m.end())
                break
        for row_line in lines[i + 1 : i + 1 + _MAX_ROWS]:
            if row_line.end == row_line.start:
                continue
            row_cells = [c for c in _CELL_SPLIT.split(folded[row_line.start : row_line.end]) if c]
            if len(row_cells) != len(cells):
                break
            row = ProjectRow(row_line.start, row_line.end, unit_line=unit_line)
            for cell, column in zip(row_cells, columns, strict=True):
                if column == "investment" and _NUMBER_CELL.fullmatch(cell):
                    row.investment = round(float(cell) * scale, 6)
                elif column in ("households", "people") and cell.isdigit():
                    setattr(row, column, int(cell))
                elif column == "status":
                    row.status = next((status for status, cue in _STATUS_WORDS if cue.search(cell)), None)
            rows.append(row)
    return rows
