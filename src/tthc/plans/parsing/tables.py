"""The layout-independent table model every reader produces: tables of rows of plain-text cells.

Readers know their layout (tab-separated text, Word, PDF) and nothing about plans; :func:`parse_plan` knows
plans and nothing about layouts. What a reader learns from the layout that the plan parser needs travels on
the row as flags.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Row:
    """One row of a table; cells are plain text, paragraphs separated by "\\n"."""

    cells: list[str]
    # The row opens a new page (a blank line or a repeated header before it, a new PDF page): a row without a
    # number there continues the cells of the row before the break.
    after_break: bool = False
    # Per cell: the cell continues a vertical merge from the row above (Word, PDF); its text is "" here.
    merged_above: tuple[bool, ...] = ()
    # One merged cell spans the row (or all of it but the number): a heading.
    spanning: bool = False
    # Empty cells were dropped by the layout (one cell per line): the cells are in column order but not at
    # their column positions, so the plan parser places them by what they look like.
    ragged: bool = False
    # Lines of a wrapped cell the reader joined back (one cell per line: a line starting in lower case goes
    # on from the line above, bullet items under each other are one list): the parser asks for a check.
    rejoined: int = 0

    def cell(self, index: int | None) -> str:
        if index is None or index >= len(self.cells):
            return ""
        return self.cells[index]

    def is_merged(self, index: int | None) -> bool:
        return index is not None and index < len(self.merged_above) and self.merged_above[index]

    def is_empty(self) -> bool:
        return not any(text.strip() for text in self.cells)


@dataclass
class Table:
    rows: list[Row] = field(default_factory=list)
    # Where the table is in the document, for messages: "bảng 2", "trang 3".
    source: str = ""
    # Only a page break lies between this table and the one before it (no paragraph, no heading): a table
    # without header may then go on with the one before. Readers set it; an unrelated table is never joined.
    continues: bool = False

    @property
    def width(self) -> int:
        return max((len(row.cells) for row in self.rows), default=0)
