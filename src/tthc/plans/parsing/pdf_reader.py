"""Tables of a PDF's text layer, page by page: characters and rules read by PDFium (pypdfium2), the ruled
tables found by pdfplumber's table finder on them (pdfminer, which pdfplumber reads pages with, takes about
ten times longer: a 45-page appendix in 3–5 s instead of 1 s). A file PDFium cannot open is read by
pdfplumber alone.

Each page's ruled table is a :class:`Table`; a table that goes on over several pages is several tables, the
plan parser joins them (by a repeated header, or by the same width). Inside a cell, PDF lines are soft wraps
("Các cơ quan chuyên môn,⏎cơ quan thuộc UBND tỉnh"): they are joined by a space, except before a bullet or
after ";", which start a new item. A cell pdfplumber reports as ``None`` is covered by a merged cell: the
merge's other part is "" and flagged ``merged_above`` when the cell above holds text. A page without ruling
lines is read by text alignment, which also picks up the page's prose; the plan parser skips the rows
before a header. A row that breaks across pages has no rule at the foot of the page: the ends of the
vertical rules close it (:func:`_closing_lines`). A PDF without a text layer (a scan) cannot be read.
"""

from __future__ import annotations

import logging
import re
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_raw
from pdfminer.pdfparser import PDFSyntaxError
from pdfplumber.table import TableFinder
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
        pages = _fast_pages(path)
    except pdfium.PdfiumError:
        pages = None
    try:
        if pages is None:
            with _quiet_pdfminer(), pdfplumber.open(str(path)) as pdf:
                pages = [
                    (page.page_number, page.extract_text() or "", _page_tables(page)) for page in pdf.pages
                ]
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


# --- the fast path: characters and rules from PDFium, tables found by pdfplumber's table finder -----------

_THIN = 2.0  # a path thinner than this (points) is a rule, not a box
_PATH = pdfium_raw.FPDF_PAGEOBJ_PATH


class _RuledPage:
    """What pdfplumber's table finder reads of a page (characters, rules, box), from PDFium."""

    def __init__(self, page):
        width, height = page.get_size()
        self.bbox = (0, 0, width, height)
        self.chars = _chars(page, height)
        self.edges = _edges(page, height)


def _chars(page, height: float) -> list[dict]:
    textpage = page.get_textpage()
    try:
        count = textpage.count_chars()
        text = textpage.get_text_range(0, count) if count else ""
        if len(text) != count:  # characters outside the BMP: read one by one
            text = "".join(textpage.get_text_range(index, 1) or " " for index in range(count))
        chars: list[dict] = []
        for index, char in enumerate(text):
            if char in "\r\n" or not (char.isprintable() or char == " "):
                continue  # the line ends PDFium adds
            left, bottom, right, top = textpage.get_charbox(index, loose=True)
            if char == " " and chars and right - left < 0.01:  # a space PDFium made up: after the word
                previous = chars[-1]
                left = right = previous["x1"]
                top, bottom = height - previous["top"], height - previous["bottom"]
            chars.append(
                {
                    "text": char,
                    "x0": left,
                    "x1": right,
                    "top": height - top,
                    "bottom": height - bottom,
                    "doctop": height - top,
                    "width": right - left,
                    "height": top - bottom,
                    "upright": True,
                }
            )
        return chars
    finally:
        textpage.close()


def _edges(page, height: float) -> list[dict]:
    edges = []

    def edge(orientation: str, x0: float, top: float, x1: float, bottom: float) -> None:
        edges.append(
            {
                "orientation": orientation,
                "object_type": "line",
                "x0": x0,
                "x1": x1,
                "top": top,
                "bottom": bottom,
                "width": x1 - x0,
                "height": bottom - top,
            }
        )

    for item in page.get_objects(filter=[_PATH]):
        left, bottom, right, top = item.get_bounds()
        top, bottom = height - top, height - bottom
        wide, tall = right - left, bottom - top
        if tall <= _THIN and wide > _THIN:
            middle = (top + bottom) / 2
            edge("h", left, middle, right, middle)
        elif wide <= _THIN and tall > _THIN:
            middle = (left + right) / 2
            edge("v", middle, top, middle, bottom)
        elif wide > _THIN and tall > _THIN:  # a box: its four sides
            edge("h", left, top, right, top)
            edge("h", left, bottom, right, bottom)
            edge("v", left, top, left, bottom)
            edge("v", right, top, right, bottom)
    return edges


def _fast_pages(path: str | Path) -> list[tuple[int, str, list]] | None:
    """Each page's number, text and ruled tables, read through PDFium (an order of magnitude faster than
    pdfminer). A page without ruled table is read by pdfplumber's text alignment, as before; None when the
    file is no PDF PDFium opens."""
    document = pdfium.PdfDocument(str(path))
    plumber = None
    pages = []
    try:
        for index in range(len(document)):
            page = document[index]
            try:
                textpage = page.get_textpage()
                text = textpage.get_text_range().replace("\r\n", "\n").replace("\r", "\n")
                textpage.close()
                ruled = _RuledPage(page)
                settings = _closing_lines([edge for edge in ruled.edges if edge["orientation"] == "v"])
                grids = [table.extract() for table in TableFinder(ruled, settings).tables]
            finally:
                page.close()
            if not grids and text.strip():
                if plumber is None:
                    plumber = pdfplumber.open(str(path))
                with _quiet_pdfminer():
                    grids = plumber.pages[index].extract_tables(_TEXT_STRATEGY)
            pages.append((index + 1, text, grids))
    finally:
        document.close()
        if plumber is not None:
            plumber.close()
    return pages


def _closing_lines(verticals: list[dict]) -> dict:
    """A row that breaks across pages has no bottom border at the foot of the page (and its rest no top
    border on the next): the ends of the vertical rules close it, so the part of the row on this page is
    read, not dropped."""
    if not verticals:
        return {}
    return {
        "explicit_horizontal_lines": [
            min(edge["top"] for edge in verticals),
            max(edge["bottom"] for edge in verticals),
        ]
    }


def _page_tables(page) -> list[list[list[str | None]]]:
    """The page's ruled tables through pdfplumber alone (when PDFium cannot open the file)."""
    settings = _closing_lines([edge for edge in page.edges if edge["orientation"] == "v"])
    return page.extract_tables(settings) or page.extract_tables(_TEXT_STRATEGY)


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
