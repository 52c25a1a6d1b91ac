"""Tables of text converted from Word or PDF (.txt, .md).

Two layouts are read:

* **Tab-separated rows** (the seeds): a line with tabs is a row. A blank line inside the table is a page
  break: the next row is flagged ``after_break`` (a row without a number there continues the row before it).
  A line without tabs right after a row is that row's last cell spilling onto the next line; a row cut short
  by a line break inside a cell (fewer cells than the table, continued by the next line) is joined back.
  The table ends at a paragraph without tabs after a blank line.
* **One cell per line, blank lines between rows**: a block of short lines that reads as a task header
  (STT / Nội dung / Đơn vị chủ trì / … / Thời gian) opens the table; each following block whose first line is
  a number (or repeats the header) is a row; the first other block ends the table. Empty cells cannot be
  seen in this layout, so rows of another length than the header are flagged ``ragged``. A block longer
  than the header has a wrapped cell: a line starting in lower case goes on from the line above, bullet
  lines under each other are one list; what is still too long is left for the parser to report, never
  shifted into the next column.

A table read after a paragraph (a heading such as "Phụ lục II. Kinh phí") is a table of its own; only a table
with nothing but blank lines before it may continue the one before (``Table.continues``).

Header rows stay in the tables (repeated on every page as they are): recognising them is the plan parser's.
Cells are cleaned of HTML fragments (:func:`clean_cell`).
"""

from __future__ import annotations

import re

from tthc.plans.parsing.columns import detect_columns
from tthc.plans.parsing.markup import clean_cell
from tthc.plans.parsing.numbering import split_number
from tthc.plans.parsing.tables import Row, Table

_MAX_HEADER_LINE = 80
_BULLET = re.compile(r"\s*[-+•*]\s")


def read_text(text: str) -> list[Table]:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    tables: list[Table] = []
    index = 0
    prose = False  # a paragraph since the last table
    while index < len(lines):
        line = lines[index]
        if "\t" in line:
            table, index = _read_tab_table(lines, index)
        elif line.strip() and (header := _header_block(lines, index)):
            table, index = _read_line_table(lines, index, header)
        else:
            prose = prose or bool(line.strip())
            index += 1
            continue
        table.source = f"bảng {len(tables) + 1}"
        table.continues = bool(tables) and not prose
        tables.append(table)
        prose = False
    return tables


def _read_tab_table(lines: list[str], index: int) -> tuple[Table, int]:
    rows: list[list[str]] = []
    breaks: list[bool] = []
    width = len(lines[index].split("\t"))
    pending_break = False
    while index < len(lines):
        line = lines[index]
        if "\t" in line:
            cells = line.split("\t")
            if rows and not pending_break and _completes(rows[-1], cells, width):
                rows[-1][-1] += "\n" + cells[0]
                rows[-1].extend(cells[1:])
            else:
                rows.append(cells)
                breaks.append(pending_break)
            pending_break = False
        elif not line.strip():
            pending_break = True
        elif pending_break:
            break  # a paragraph after a blank line: the table is over
        else:
            rows[-1][-1] += "\n" + line  # the last cell spills onto the next line
        index += 1
    table = Table(
        rows=[
            Row(cells=[clean_cell(cell) for cell in cells], after_break=brk)
            for cells, brk in zip(rows, breaks, strict=True)
        ]
    )
    return table, index


def _completes(row: list[str], cells: list[str], width: int) -> bool:
    """``cells`` continue ``row``, which a line break inside one of its cells cut short."""
    if len(row) >= width or len(cells) >= width or len(row) + len(cells) - 1 > width:
        return False
    number, _ = split_number(cells[0])
    return not number


def _blocks(lines: list[str], index: int):
    """The blocks (runs of non-blank lines without tabs) from ``index``: (first line, lines, next index)."""
    while index < len(lines):
        while index < len(lines) and not lines[index].strip():
            index += 1
        start = index
        while index < len(lines) and lines[index].strip() and "\t" not in lines[index]:
            index += 1
        if index == start:
            return
        yield start, [line.strip() for line in lines[start:index]], index


def _header_block(lines: list[str], index: int) -> list[str] | None:
    if index > 0 and lines[index - 1].strip():
        return None  # a header block starts after a blank line
    block = next(_blocks(lines, index), None)
    if block is None or block[0] != index:
        return None
    cells = block[1]
    if len(cells) < 3 or any(len(cell) > _MAX_HEADER_LINE for cell in cells):
        return None
    return cells if detect_columns(cells) else None


def _read_line_table(lines: list[str], index: int, header: list[str]) -> tuple[Table, int]:
    width = len(header)
    rows: list[Row] = []
    for _start, cells, following in _blocks(lines, index):
        is_header = cells == header or (len(cells) == width and detect_columns(cells))
        if not is_header and not split_number(cells[0])[0]:
            break
        rejoined = 0
        if len(cells) > width and not is_header:
            fitted = _rejoin(cells, width)
            rejoined, cells = len(cells) - len(fitted), fitted
        rows.append(
            Row(cells=[clean_cell(cell) for cell in cells], ragged=len(cells) != width, rejoined=rejoined)
        )
        index = following
    return Table(rows=rows), index


def _rejoin(cells: list[str], width: int) -> list[str]:
    """The lines of a block with more lines than columns, with wrapped cells joined back where the text
    shows it: a line starting in lower case goes on from the line above; bullet items under each other are
    one list. Joins stop as soon as the block fits; nothing else is moved."""
    cells = list(cells)
    for joins in (_continues_line, _continues_list):
        index = 2  # line 0 is the number: nothing goes on from it
        while len(cells) > width and index < len(cells):
            if joins(cells[index - 1], cells[index]):
                glue = "\n" if joins is _continues_list else " "
                cells[index - 1] += glue + cells.pop(index)
            else:
                index += 1
    return cells


def _continues_line(above: str, line: str) -> bool:
    return line[:1].islower()


def _continues_list(above: str, line: str) -> bool:
    return bool(_BULLET.match(line) and _BULLET.match(above))
