"""Exports of a plan: the appendix table as a Word document (landscape) and as Excel; progress as Excel.

Read the plan through :mod:`tthc.plans.selectors` (a fixed number of queries, whatever its size).
"""

from __future__ import annotations

import datetime
import io

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
from tthc.plans.models import Plan

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


def _appendix_rows(plan: Plan) -> list[tuple[bool, list[str]]]:
    """(is a group heading, cells) in document order."""
    rows: list[tuple[bool, list[str]]] = []
    current = None
    for task in selectors.tasks_of_plan(plan):
        if task.group_id != current:
            current = task.group_id
            rows.append((True, [task.group.number, task.group.title, "", "", "", ""]))
        rows.append(
            (
                False,
                [
                    task.number,
                    task.content,
                    _units(task.lead_names),
                    _units(task.partner_names),
                    task.expected_output,
                    task.timeframe_text,
                ],
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
    for is_group, cells in _appendix_rows(plan):
        row = table.add_row()
        if is_group:
            row.cells[0].text = ""
            row.cells[0].paragraphs[0].add_run(cells[0]).bold = True
            merged = row.cells[1].merge(row.cells[-1])
            merged.text = ""
            merged.paragraphs[0].add_run(cells[1]).bold = True
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
    workbook = Workbook()
    columns = [
        ("Nhóm", 30),
        *((label, int(width * 5)) for label, width in APPENDIX_COLUMNS),
        ("Bắt đầu", 12),
        ("Kết thúc", 12),
        ("Tần suất", 14),
    ]
    rows = []
    for task in selectors.tasks_of_plan(plan):
        rows.append(
            [
                str(task.group),
                task.number,
                task.content,
                _units(task.lead_names),
                _units(task.partner_names),
                task.expected_output,
                task.timeframe_text,
                task.start,
                task.end,
                task.get_recurrence_display(),
            ]
        )
    sheet = _sheet(workbook, "Kế hoạch", columns, rows, first=True)
    for row in sheet.iter_rows(min_row=2, min_col=8, max_col=9):
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
