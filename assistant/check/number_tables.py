"""Numbers in Markdown tables: a cell's row and column headers become its number's subject, and a
unit in a header (（起）, （万元）, a 单位：万元 caption) its measure word."""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal

from assistant.check.quantity import SCALES, UNIT_ALIASES, UNITS, Quantity

_HEADER_YEAR = re.compile(r"^\s*([12][0-9]{3})\s*年度?\s*$")


def with_table_headers(text: str, found: list[Quantity]) -> list[Quantity]:
    """A number in a Markdown table row takes its row and column headers as subject, and its
    unit from the column header: | 第一季度 | 58 | under | 立案（起） | is 第一季度 立案 58起."""
    cells = _table_cells(text)
    if not cells:
        return found
    result = []
    for q in found:
        cell = next((c for c in cells if c[0] <= q.start < c[1]), None)
        result.append(_headed(q, *cell[2:]) if cell and not q.ignore else q)
    return result


def _table_cells(text: str) -> list[tuple[int, int, str, str]]:
    """(start, end, row header, column header) of every data cell of the Markdown tables."""
    cells, header, offset, caption = [], None, 0, None
    for line in text.splitlines(keepends=True):
        row = line.strip()
        if not (row.startswith("|") and row.endswith("|")):
            header, caption = None, _CAPTION_UNIT.search(row) or (caption if not row else None)
        elif header is None:
            header = [c.strip() for c in row.strip("|").split("|")]
            if caption:  # 单位：万元 above the table: the unit of every header without one
                header = [h if _HEADER_UNIT.search(h) else f"{h}（{caption[1]}）" for h in header]
        elif not set(row) <= set("|-: "):
            cells += _row_cells(line, offset, header)
        offset += len(line)
    return cells


def _row_cells(line: str, offset: int, header: list[str]) -> list[tuple[int, int, str, str]]:
    bounds = [i for i, ch in enumerate(line) if ch == "|"]
    spans = list(zip(bounds, bounds[1:]))
    row_header = line[spans[0][0] + 1:spans[0][1]].strip() if spans else ""
    return [(offset + a + 1, offset + b, row_header, header[i] if i < len(header) else "")
            for i, (a, b) in enumerate(spans)]


_HEADER_UNIT = re.compile(r"(?:[（(]\s*(?:单位[:：]\s*)?|[/／]\s*)(万元|亿元|千元|[^\s（()）/／]{1,4})\s*[)）]?\s*$")
_CAPTION_UNIT = re.compile(r"单位\s*[:：]\s*(万元|亿元|千元|[^\s，。；、）)]{1,4})")


def _headed(q: Quantity, row_header: str, column_header: str) -> Quantity:
    """Subject from the headers; a unit in the column header (（起） （万元）), or else in the row
    label (| 罚款（万元） | 86.4 |), for a bare number."""
    row_words, column_words = (re.sub(r"[（(].*?[)）]|[/／].*$", "", h) for h in (row_header, column_header))
    subject = f"{row_words} {column_words}".replace("|", " ") + "|"
    year = _HEADER_YEAR.match(column_header) or _HEADER_YEAR.match(row_header)  # | 指标 | 2023年 | 2024年 |
    q = replace(q, year_ref=year[1]) if year and q.kind == "number" else q
    unit = _HEADER_UNIT.search(column_header) or _HEADER_UNIT.search(row_header)
    if q.kind != "number" or q.unit or not unit:
        return replace(q, subject=subject)
    name, scale = unit[1], Decimal(1)
    if len(name) > 1 and name[0] in "千万亿":
        name, scale = name[1:], SCALES[name[0]]  # （万元）, （万人次）
    if name not in UNITS:
        return replace(q, subject=subject)  # （说明）, （备注）: not a measure word
    name = UNIT_ALIASES.get(name, name)
    rounding = (q.rounding or Decimal(1)) if name == "%" else q.rounding  # percentages are rounded
    return replace(q, subject=subject, unit=name, value=q.value * scale,
                    magnitude=q.magnitude * scale, rounding=rounding * scale)
