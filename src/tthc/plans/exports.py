"""Exports of a plan: the appendix table as a Word document (landscape) and as Excel; progress as Excel.

Read the plan through :mod:`tthc.plans.selectors` (a fixed number of queries, whatever its size).
"""

from __future__ import annotations

import datetime
import io
import re

from django.utils import timezone
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from tthc.plans import selectors
from tthc.plans.models import Plan, PlanTask

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

APPENDIX_COLUMNS = [
    ("STT", 1.2),
    ("Nội dung công việc", 9.0),
    ("Cơ quan chủ trì", 3.6),
    ("Cơ quan phối hợp", 4.2),
    ("Sản phẩm", 3.4),
    ("Thời gian thực hiện", 3.2),
]


def _units(names: list[str]) -> str:
    return "\n".join(names)


_SECTION_NUMBER = re.compile(r"^(\S+?)\.\s+(.*)$", re.DOTALL)

GROUP, SECTION, TASK = "group", "section", "task"


def _section_cells(section: str) -> list[str]:
    """ "1. Tham gia ý kiến …" → number and title, as the appendix writes a heading row."""
    match = _SECTION_NUMBER.match(section)
    number, title = (match.group(1), match.group(2)) if match else ("", section)
    return [number, title, "", "", "", ""]


def _appendix_rows(plan: Plan) -> list[tuple[str, list[str], PlanTask | None]]:
    """(kind of row, cells, task) in document order: group headings, section headings (II → 1 → 1.1), tasks.
    A task over several rows keeps a row per part, its number and content on the first."""
    rows: list[tuple[str, list[str], PlanTask | None]] = []
    group, section = None, None
    for task in selectors.tasks_of_plan(plan):
        if task.group_id != group:
            group, section = task.group_id, None
            rows.append((GROUP, [task.group.number, task.group.title, "", "", "", ""], None))
        if task.section and task.section != section:
            rows.append((SECTION, _section_cells(task.section), None))
        section = task.section
        parts = task.parts or [
            {
                "lead": task.lead_names,
                "partners": task.partner_names,
                "expected_output": task.expected_output,
                "timeframe": task.timeframe_text,
            }
        ]
        for index, part in enumerate(parts):
            rows.append(
                (
                    TASK,
                    [
                        task.number if index == 0 else "",
                        task.content if index == 0 else "",
                        _units(part["lead"]),
                        _units(part["partners"]),
                        part["expected_output"],
                        part["timeframe"],
                    ],
                    task if index == 0 else None,
                )
            )
    return rows


def _decision_line(plan: Plan) -> str:
    if not plan.decision_number:
        return ""
    line = f"(Ban hành kèm theo Quyết định số {plan.decision_number}"
    if plan.decision_date:
        line += f" ngày {plan.decision_date:%d/%m/%Y}"
    return line + f" của {plan.agency.name})"


def _repeat_header(row) -> None:
    properties = row._tr.get_or_add_trPr()
    marker = OxmlElement("w:tblHeader")
    marker.set(qn("w:val"), "true")
    properties.append(marker)


def plan_docx(plan: Plan) -> bytes:
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(1.5))
    section.top_margin = section.bottom_margin = Cm(1.5)
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(12)

    heading = document.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    heading.add_run("PHỤ LỤC").bold = True
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.add_run(f"NỘI DUNG THỰC HIỆN {plan.title.upper()}").bold = True
    decision = _decision_line(plan)
    if decision:
        line = document.add_paragraph()
        line.alignment = WD_ALIGN_PARAGRAPH.CENTER
        line.add_run(decision).italic = True

    table = document.add_table(rows=1, cols=len(APPENDIX_COLUMNS))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    header = table.rows[0]
    _repeat_header(header)
    for cell, (label, width) in zip(header.cells, APPENDIX_COLUMNS, strict=True):
        cell.width = Cm(width)
        cell.text = ""
        run = cell.paragraphs[0].add_run(label)
        run.bold = True
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    for kind, cells, _ in _appendix_rows(plan):
        row = table.add_row()
        if kind in (GROUP, SECTION):
            row.cells[0].text = ""
            row.cells[0].paragraphs[0].add_run(cells[0]).bold = True
            merged = row.cells[1].merge(row.cells[-1])
            merged.text = ""
            run = merged.paragraphs[0].add_run(cells[1])
            run.bold = True
            run.italic = kind == SECTION
            continue
        for cell, text, (_, width) in zip(row.cells, cells, APPENDIX_COLUMNS, strict=True):
            cell.width = Cm(width)
            cell.text = text
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _sheet(workbook, title: str, columns: list[tuple[str, int]], rows: list[list], *, first=False):
    sheet = workbook.active if first else workbook.create_sheet()
    sheet.title = title
    sheet.append([label for label, _ in columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
    for index, (_, width) in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    for row in rows:
        sheet.append(row)
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    return sheet


def plan_xlsx(plan: Plan) -> bytes:
    """The appendix as a sheet: group and section heading rows (bold) above their tasks, then each task's
    cells and its parsed timeframe; a task over several rows has a row per part."""
    workbook = Workbook()
    columns = [
        *((label, int(width * 5)) for label, width in APPENDIX_COLUMNS),
        ("Bắt đầu", 12),
        ("Kết thúc", 12),
        ("Tần suất", 14),
    ]
    rows, headings = [], {}
    for kind, cells, task in _appendix_rows(plan):
        if kind != TASK:
            headings[len(rows) + 2] = kind
        dates = [task.start, task.end, task.get_recurrence_display()] if task else [None, None, None]
        rows.append([*cells, *dates])
    sheet = _sheet(workbook, "Kế hoạch", columns, rows, first=True)
    for row, kind in headings.items():
        for cell in sheet[row]:
            cell.font = Font(bold=True, italic=kind == SECTION)
    for row in sheet.iter_rows(min_row=2, min_col=7, max_col=8):
        for cell in row:
            cell.number_format = "DD/MM/YYYY"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def progress_xlsx(plan: Plan, *, today: datetime.date) -> bytes:
    workbook = Workbook()
    columns = [
        ("Nhóm", 30),
        ("STT", 8),
        ("Nội dung công việc", 50),
        ("Cơ quan chủ trì", 30),
        ("Kỳ", 16),
        ("Hạn", 12),
        ("Tình trạng", 16),
        ("Tỷ lệ (%)", 10),
        ("Báo cáo lúc", 18),
        ("Ghi chú", 40),
        ("Đánh giá", 16),
    ]
    rows = [
        [
            row["group"],
            row["number"],
            row["content"],
            row["agency"],
            row["period"],
            row["due"],
            row["status"],
            row["percent"],
            timezone.localtime(row["reported_at"]).replace(tzinfo=None) if row["reported_at"] else None,
            row["note"],
            row["state"],
        ]
        for row in selectors.progress_rows(plan, today=today)
    ]
    sheet = _sheet(workbook, "Tiến độ", columns, rows, first=True)
    for row in sheet.iter_rows(min_row=2, min_col=6, max_col=6):
        for cell in row:
            cell.number_format = "DD/MM/YYYY"
    for row in sheet.iter_rows(min_row=2, min_col=9, max_col=9):
        for cell in row:
            cell.number_format = "DD/MM/YYYY HH:MM"
    overview = selectors.plan_overview(plan, today=today)
    summary_columns = [
        ("Cơ quan chủ trì", 40),
        ("Số kỳ", 10),
        ("Hoàn thành", 12),
        ("Quá hạn", 10),
        ("Tỷ lệ (%)", 10),
    ]
    _sheet(
        workbook,
        "Theo cơ quan",
        summary_columns,
        [[t.label, t.occurrences, t.done, t.overdue, t.percent] for t in overview.by_agency],
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
