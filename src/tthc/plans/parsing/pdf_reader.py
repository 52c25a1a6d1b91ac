"""Tables of a PDF's text layer (pdfplumber), page by page.

Each page's ruled table is a :class:`Table`; a table that goes on over several pages is several tables, the
plan parser joins them (by a repeated header, or by the same width). Inside a cell, PDF lines are soft wraps
("Các cơ quan chuyên môn,⏎cơ quan thuộc UBND tỉnh"): they are joined by a space, except before a bullet or
after ";", which start a new item. A cell pdfplumber reports as ``None`` is covered by a merged cell: the
merge's other part is "" and flagged ``merged_above`` when the cell above holds text. A page without ruling
lines is read by text alignment, which also picks up the page's prose; the plan parser skips the rows
before a header. A PDF without a text layer (a scan) cannot be read.
"""

from __future__ import annotations

import logging
import re
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
from pdfminer.pdfparser import PDFSyntaxError
from pdfplumber.utils.exceptions import PdfminerException

from tthc.core.errors import DomainError
from tthc.plans.parsing.markup import clean_cell
from tthc.plans.parsing.tables import Row, Table

_NEW_ITEM = re.compile(r"^\s*[-+•*]\s")
_TEXT_STRATEGY = {"vertical_strategy": "text", "horizontal_strategy": "text"}


@dataclass
class PdfDocument:
    tables: list[Table]
    text: str


def read_pdf(path: str | Path) -> list[Table]:
    return load_pdf(path).tables


def load_pdf(path: str | Path) -> PdfDocument:
    name = Path(path).name
    try:
        with _quiet_pdfminer(), pdfplumber.open(str(path)) as pdf:
            pages = [(page.page_number, page.extract_text() or "", _page_tables(page)) for page in pdf.pages]
    except (PDFSyntaxError, PdfminerException, ValueError, KeyError, TypeError) as error:
        raise DomainError(f"Tệp «{name}» không phải PDF hợp lệ.", code="plan_unreadable") from error
    text = "\n\n".join(page_text for _, page_text, _ in pages)
    if not text.strip():
        raise DomainError(
            f"Tệp PDF «{name}» không có lớp chữ (có thể là bản quét); hãy dùng bản Word hoặc PDF có chữ.",
            code="plan_unreadable",
        )
    tables: list[Table] = []
    for number, _, page_tables in pages:
        for index, grid in enumerate(page_tables):
            table = _table(grid)
            if table.rows:
                table.rows[0].after_break = True
                table.source = f"trang {number}" + (f", bảng {index + 1}" if len(page_tables) > 1 else "")
                # The first table of a page may go on with the last one of the page before.
                table.continues = bool(tables) and index == 0
                tables.append(table)
    return PdfDocument(tables=tables, text=text)


@contextmanager
def _quiet_pdfminer():
    """pdfminer warns about fonts it cannot measure ("Could not get FontBBox"); text extraction does not
    need those measures, and the warnings would bury the parser's own messages."""
    logger = logging.getLogger("pdfminer")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


def _page_tables(page) -> list[list[list[str | None]]]:
    return page.extract_tables() or page.extract_tables(_TEXT_STRATEGY)


def _table(grid: list[list[str | None]]) -> Table:
    rows: list[Row] = []
    above: list[str] = []
    for raw in grid:
        cells = [_unwrap(cell) for cell in raw]
        filled = [index for index, cell in enumerate(raw) if cell is not None]
        spanning = len(raw) >= 3 and len(filled) <= 2 and bool(filled) and raw[-1] is None
        merged = tuple(
            cell is None and index < len(above) and bool(above[index]) for index, cell in enumerate(raw)
        )
        rows.append(Row(cells=cells, merged_above=() if spanning else merged, spanning=spanning))
        above = [
            cell or (above[index] if index < len(above) and raw[index] is None else "")
            for index, cell in enumerate(cells)
        ]
    return Table(rows=rows)


def _unwrap(cell: str | None) -> str:
    if not cell:
        return ""
    lines = [line.strip() for line in cell.splitlines() if line.strip()]
    text = ""
    for line in lines:
        if not text:
            text = line
        elif _NEW_ITEM.match(line) or text.endswith((";", ":")):
            text += "\n" + line
        else:
            text += " " + line
    return clean_cell(text)
