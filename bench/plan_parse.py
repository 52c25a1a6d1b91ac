"""Benchmark: parsing a 40-page plan document, the way ``tthc plan parse`` does it, as text, Word and PDF.

    python bench/plan_parse.py [--pages 40] [--runs 3] [--formats txt,docx,pdf]

The plan is built from the seed plans' appendices (``../shared/seeds/000_…`` and ``001_…``), repeated until
it has the pages asked for. As text (the converters' output) the pages are counted two ways that must both be
reached: the page breaks the converted text shows (a blank line inside a table; the 000 appendix shows 9
pages, the 001 appendix 15), and the characters of a full A4 page of prose (3,000 a page), since table pages
hold less text. The decision's heading goes first, so title and year are found as in a real document.

The same appendices are also written as a Word document (python-docx: one table per appendix, its header
row marked to repeat on every page) and as a PDF (WeasyPrint, A4 landscape, each appendix a table whose header
repeats on every page, as Word prints it); appendices are added until the PDF has the pages asked for, and
the Word document holds the same tables. Each file is parsed with :func:`tthc.plans.parsing.parse_file`; the
best of ``--runs`` runs is reported against the target of 2 s.
"""

from __future__ import annotations

import argparse
import html
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

if __package__ in (None, ""):
    # Run as a script: make the project root importable so ``bench`` is a package like under pytest.
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tthc.testing.shared import SEEDS

TARGET_SECONDS = 2.0
CHARACTERS_PER_PAGE = 3_000

APPENDICES = ("000_a161627418b390bc.txt", "001_0118d29324e9e057.txt")
HEADING = (
    "QUYẾT ĐỊNH\n\nBan hành Kế hoạch kiểm soát thủ tục hành chính trên địa bàn tỉnh năm 2022\n\n"
    "Điều 1. Ban hành kèm theo Quyết định này Kế hoạch kiểm soát thủ tục hành chính năm 2022.\n\nPhụ lục\n\n"
)


@dataclass
class Measure:
    pages: int
    characters: int
    tasks: int
    seconds: float
    format: str = "txt"

    @property
    def met(self) -> bool:
        return self.seconds < TARGET_SECONDS


def appendix(path: Path) -> str:
    """The table of a seed plan: its lines from the first tab-separated row to the last one."""
    lines = path.read_text(encoding="utf-8").splitlines()
    rows = [index for index, line in enumerate(lines) if "\t" in line]
    return "\n".join(lines[rows[0] : rows[-1] + 1])


def pages_of(table_text: str) -> int:
    """Pages of a converted table: one, plus one per page break (a run of blank lines between rows)."""
    pages, blank = 1, False
    for line in table_text.splitlines():
        if not line.strip():
            blank = True
        elif blank:
            pages, blank = pages + 1, False
    return pages


def build_plan_text(pages: int = 40, *, seeds: Path = SEEDS) -> tuple[str, int]:
    """A plan of at least ``pages`` pages of the seed appendices in turn; returns it and its page count."""
    tables = [appendix(seeds / name) for name in APPENDICES]
    parts: list[str] = []
    built = characters = 0
    while built < pages or characters < pages * CHARACTERS_PER_PAGE:
        table = tables[len(parts) % len(tables)]
        parts.append(table)
        built += pages_of(table)
        characters += len(table)
    return HEADING + "\n\n".join(parts) + "\n", built


def measure(text: str, *, pages: int, runs: int = 3) -> Measure:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "ke-hoach.txt"
        path.write_text(text, encoding="utf-8")
        return measure_file(path, pages=pages, runs=runs)


def measure_file(path: Path, *, pages: int, runs: int = 3) -> Measure:
    from tthc.plans.parsing import parse_file

    best = float("inf")
    for _ in range(max(runs, 1)):
        started = time.perf_counter()
        plan = parse_file(path)
        best = min(best, time.perf_counter() - started)
    characters = len(path.read_text(encoding="utf-8")) if path.suffix == ".txt" else path.stat().st_size
    return Measure(
        pages=pages, characters=characters, tasks=len(plan.tasks()), seconds=best, format=path.suffix[1:]
    )


# --- the same plan as Word and PDF --------------------------------------------------------------------------


def appendix_rows(path: Path) -> tuple[list[list[str]], list[list[str]]]:
    """The header rows and the data rows of a seed appendix, cells cleaned as a reader of the converted text
    sees them; the header repeated on each converted page is dropped and the rows its page breaks cut are
    joined back (Word and PDF break pages their own way)."""
    from tthc.plans.parsing import read_text
    from tthc.plans.parsing.columns import continues_header

    [table] = read_text(appendix(path))
    rows = [row.cells for row in table.rows]
    length = 1
    while length < len(rows) and continues_header(rows[length]):
        length += 1
    header = rows[:length]
    data: list[list[str]] = []
    page_break = False
    for row in table.rows[length:]:
        cells = row.cells
        page_break = page_break or row.after_break
        if cells in header or not any(cell.strip() for cell in cells):
            continue  # the header repeated after the break
        if page_break and data and not cells[0].strip():  # a row the converted page break cut
            data[-1] = [_joined(above, below) for above, below in zip(data[-1], cells, strict=False)]
        else:
            data.append(list(cells))
        page_break = False
    return header, data


def _joined(above: str, below: str) -> str:
    if not below:
        return above
    if not above:
        return below
    glue = "\n" if above.rstrip().endswith((".", ";", ":")) or below.startswith(("- ", "+ ")) else " "
    return f"{above}{glue}{below}"


def _tables(count: int, *, seeds: Path) -> list[tuple[list[list[str]], list[list[str]]]]:
    appendices = [appendix_rows(seeds / name) for name in APPENDICES]
    return [appendices[index % len(appendices)] for index in range(count)]


_PDF_STYLE = (
    "@page { size: A4 landscape; margin: 1.5cm } body { font: 11pt serif } "
    "table { border-collapse: collapse; width: 100%; margin-bottom: 1em } "
    "td, th { border: 1px solid black; padding: 3px; vertical-align: top; text-align: left }"
)


def _pdf_html(tables: list[tuple[list[list[str]], list[list[str]]]]) -> str:
    def cell(text: str, tag: str) -> str:
        return f"<{tag}>{html.escape(text).replace(chr(10), '<br>')}</{tag}>"

    def rows(cells: list[list[str]], tag: str) -> str:
        return "".join("<tr>" + "".join(cell(text, tag) for text in row) + "</tr>" for row in cells)

    body = [
        f"<table><thead>{rows(header, 'th')}</thead><tbody>{rows(data, 'td')}</tbody></table>"
        for header, data in tables
    ]
    return (
        f'<html><head><meta charset="utf-8"><style>{_PDF_STYLE}</style></head><body>'
        + "".join(f"<p>{html.escape(line)}</p>" for line in HEADING.split("\n\n") if line.strip())
        + "".join(body)
        + "</body></html>"
    )


def build_plan_pdf(path: Path, pages: int = 40, *, seeds: Path = SEEDS) -> tuple[int, int]:
    """Write a PDF of at least ``pages`` pages of the seed appendices to ``path``; returns its page count and
    the number of appendices it holds."""
    from weasyprint import HTML

    count = 1
    while True:
        document = HTML(string=_pdf_html(_tables(count, seeds=seeds))).render()
        built = len(document.pages)
        if built >= pages:
            document.write_pdf(path)
            return built, count
        count = max(count + 1, int(count * pages / max(built, 1)))


def build_plan_docx(path: Path, tables: int, *, seeds: Path = SEEDS) -> None:
    """Write a Word document of ``tables`` seed appendices (as many as the PDF holds) to ``path``."""
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document = docx.Document()
    for paragraph in HEADING.split("\n\n"):
        if paragraph.strip():
            document.add_paragraph(paragraph.strip())
    for header, data in _tables(tables, seeds=seeds):
        rows = header + data
        width = max(len(row) for row in rows)
        table = document.add_table(rows=len(rows), cols=width)
        table.style = "Table Grid"
        for row in table.rows[: len(header)]:
            repeat = OxmlElement("w:tblHeader")
            repeat.set(qn("w:val"), "true")
            row._tr.get_or_add_trPr().append(repeat)
        for row, values in zip(table.rows, rows, strict=True):
            for cell, text in zip(row.cells, values, strict=False):
                if text:
                    cell.text = text
        document.add_paragraph("")
    document.save(path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=40)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--formats", default="txt,docx,pdf", help="txt, docx, pdf, separated by commas")
    options = parser.parse_args(argv)
    formats = [name.strip() for name in options.formats.split(",") if name.strip()]
    results = []
    with tempfile.TemporaryDirectory() as folder:
        if "txt" in formats:
            text, pages = build_plan_text(options.pages)
            results.append(measure(text, pages=pages, runs=options.runs))
        if "pdf" in formats or "docx" in formats:
            pdf = Path(folder) / "ke-hoach.pdf"
            pages, tables = build_plan_pdf(pdf, options.pages)
            if "pdf" in formats:
                results.append(measure_file(pdf, pages=pages, runs=options.runs))
            if "docx" in formats:
                word = Path(folder) / "ke-hoach.docx"
                build_plan_docx(word, tables)
                results.append(measure_file(word, pages=pages, runs=options.runs))
    for result in results:
        verdict = "đạt" if result.met else "KHÔNG đạt"
        size = f"{result.characters:,} ký tự" if result.format == "txt" else f"{result.characters:,} byte"
        print(
            f"{result.format.upper():4} kế hoạch {result.pages} trang, {size}, {result.tasks} nhiệm vụ: "
            f"đọc trong {result.seconds:.3f} s — mục tiêu < {TARGET_SECONDS:.0f} s: {verdict}"
        )
    return 0 if all(result.met for result in results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
