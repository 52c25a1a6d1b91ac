"""Tables of a Word document (.docx), read from its XML so that merged cells are seen as merges.

* A vertically merged cell is written once, in its first row; the rows below hold an empty continuation cell.
  python-docx's ``row.cells`` repeats the text there, which would duplicate a task whose number and content
  span two rows (two leads). We read the continuation as "" and flag it ``merged_above``; the plan parser
  repeats a merged lead for a new task and ignores it for a second row of the same task.
* A horizontally merged cell (``gridSpan``) fills its first grid column; the others are "". A row that is one
  merged cell, or a number and one merged cell, is flagged ``spanning``: a heading.
* Automatic numbering (a "List Number" style, numbered paragraphs in the STT column) is not in the text; it is
  rendered from the numbering definitions ("1.", "II.", "a)") so that numbered rows keep their numbers.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

import docx
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn

from tthc.core.errors import DomainError
from tthc.plans.parsing.markup import clean_cell
from tthc.plans.parsing.tables import Row, Table


@dataclass
class WordDocument:
    tables: list[Table]
    text: str  # the body's paragraphs, blank lines between them (for the title and the year)


def read_docx(path: str | Path) -> list[Table]:
    return load_docx(path).tables


def load_docx(path: str | Path) -> WordDocument:
    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as error:
        raise DomainError(
            f"Tệp «{Path(path).name}» không phải tài liệu Word (.docx) hợp lệ.", code="plan_unreadable"
        ) from error
    numbering = _Numbering(document)
    body = document.element.body
    paragraphs: list[str] = []
    tables: list[Table] = []
    prose = False  # a paragraph with text since the last table
    for element in body.iterchildren():
        if element.tag == qn("w:p"):
            paragraphs.append(numbering.text(element))
            prose = prose or bool(paragraphs[-1].strip())
        elif element.tag == qn("w:tbl"):
            table = _read_table(element, numbering)
            table.source = f"bảng {len(tables) + 1}"
            # A table split in two with only empty paragraphs (a page break) between may go on.
            table.continues = bool(tables) and not prose
            tables.append(table)
            prose = False
    text = "\n\n".join(paragraph for paragraph in paragraphs if paragraph.strip())
    return WordDocument(tables=tables, text=text)


def _read_table(tbl, numbering: _Numbering) -> Table:
    grid = tbl.find(qn("w:tblGrid"))
    width = len(grid.findall(qn("w:gridCol"))) if grid is not None else 0
    rows: list[Row] = []
    for tr in tbl.findall(qn("w:tr")):
        cells: list[str] = []
        merged: list[bool] = []
        spans: list[int] = []
        for _ in range(tr.grid_before):
            cells.append("")
            merged.append(False)
        for tc in tr.findall(qn("w:tc")):
            span = max(tc.grid_span, 1)
            continuation = tc.vMerge is not None and tc.vMerge != "restart"
            text = "" if continuation else _cell_text(tc, numbering)
            cells.extend([text] + [""] * (span - 1))
            merged.extend([continuation] * span)
            spans.append(span)
        row_width = max(width, len(cells))
        spanning = row_width >= 3 and len(spans) <= 2 and spans[-1] >= row_width - 1 and any(cells)
        rows.append(Row(cells=cells, merged_above=tuple(merged), spanning=spanning))
    return Table(rows=rows)


def _cell_text(tc, numbering: _Numbering) -> str:
    lines = [numbering.text(p) for p in tc.findall(qn("w:p"))]
    return clean_cell("\n".join(line for line in lines if line.strip()))


class _Numbering:
    """Renders Word's automatic numbering in document order ("1.", "1.1.", "II.", "a)")."""

    def __init__(self, document):
        self._levels: dict[str, dict[int, tuple[int, str, str]]] = {}  # numId → ilvl → (start, format, text)
        self._counters: dict[str, dict[int, int]] = {}
        self._style_numbering: dict[str, tuple[str, int]] = {}
        try:
            numbering = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            numbering = None
        if numbering is not None:
            self._read_definitions(numbering)
        for style in document.styles.element.findall(qn("w:style")):
            num_pr = style.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
            if num_pr is not None:
                num_id = _val(num_pr.find(qn("w:numId")))
                level = int(_val(num_pr.find(qn("w:ilvl"))) or 0)
                if num_id:
                    self._style_numbering[style.get(qn("w:styleId"))] = (num_id, level)

    def _read_definitions(self, numbering) -> None:
        abstract: dict[str, dict[int, tuple[int, str, str]]] = {}
        for definition in numbering.findall(qn("w:abstractNum")):
            levels = {}
            for lvl in definition.findall(qn("w:lvl")):
                levels[int(lvl.get(qn("w:ilvl")))] = (
                    int(_val(lvl.find(qn("w:start"))) or 1),
                    _val(lvl.find(qn("w:numFmt"))) or "decimal",
                    _val(lvl.find(qn("w:lvlText"))) or "",
                )
            abstract[definition.get(qn("w:abstractNumId"))] = levels
        for num in numbering.findall(qn("w:num")):
            self._levels[num.get(qn("w:numId"))] = abstract.get(_val(num.find(qn("w:abstractNumId"))), {})

    def text(self, p) -> str:
        text = "".join(
            "\t" if node.tag == qn("w:tab") else "\n" if node.tag == qn("w:br") else node.text or ""
            for node in p.iter(qn("w:t"), qn("w:tab"), qn("w:br"))
        )
        label = self._label(p)
        return f"{label} {text}".strip() if label else text

    def _label(self, p) -> str:
        num_pr = p.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
        if num_pr is not None:
            num_id = _val(num_pr.find(qn("w:numId")))
            level = int(_val(num_pr.find(qn("w:ilvl"))) or 0)
        else:
            style = p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
            num_id, level = self._style_numbering.get(_val(style), (None, 0))
        levels = self._levels.get(num_id or "")
        if not levels or level not in levels:
            return ""
        start, fmt, pattern = levels[level]
        if fmt == "bullet":
            return "-"
        counters = self._counters.setdefault(num_id, {})
        counters[level] = counters.get(level, start - 1) + 1
        for deeper in [key for key in counters if key > level]:
            del counters[deeper]
        return re.sub(
            r"%(\d)",
            lambda match: _format(
                counters.get(int(match.group(1)) - 1, levels.get(int(match.group(1)) - 1, (1, "", ""))[0]),
                levels.get(int(match.group(1)) - 1, (1, "decimal", ""))[1],
            ),
            pattern,
        )


def _val(element) -> str | None:
    return None if element is None else element.get(qn("w:val"))


def _format(value: int, fmt: str) -> str:
    if fmt in ("upperRoman", "lowerRoman"):
        roman = _roman(value)
        return roman if fmt == "upperRoman" else roman.lower()
    if fmt in ("upperLetter", "lowerLetter") and 1 <= value <= 26:
        letter = chr(ord("a") + value - 1)
        return letter.upper() if fmt == "upperLetter" else letter
    return str(value)


def _roman(value: int) -> str:
    numerals = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L")]
    numerals += [(40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    result = ""
    for amount, numeral in numerals:
        while value >= amount:
            result += numeral
            value -= amount
    return result
