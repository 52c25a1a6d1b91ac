"""Exporting procedure versions: JSON in the record shape (re-importable), and an Excel workbook for people.

Pass versions fetched with ``selectors.versions_in_force`` or ``selectors.with_record_data`` so the export
reads them in a constant number of queries.
"""

from __future__ import annotations

import io
from collections.abc import Iterable

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from tthc.catalog import wording
from tthc.catalog.models import Channel, ProcedureVersion
from tthc.catalog.records import ProcedureRecord
from tthc.catalog.selectors import record_of

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def file_name(day, extension: str) -> str:
    """``danh-muc-tthc-2026-03-02.json``: the name of an export of the catalog in force on ``day``."""
    return f"danh-muc-tthc-{day:%Y-%m-%d}.{extension}"


def export_json(versions: Iterable[ProcedureVersion]) -> list[dict]:
    """One record per version, in the shape ``import_records`` reads (with its decision, if any)."""
    return [record_of(version).model_dump(mode="json") for version in versions]


def _agency_names(version: ProcedureVersion, part: str) -> str:
    parts = sorted((p for p in version.agency_parts.all() if p.part == part), key=lambda p: p.pk)
    return "\n".join(p.agency.name for p in parts)


PROCEDURE_COLUMNS = [
    ("Mã thủ tục", 16),
    ("Tên thủ tục", 60),
    ("Lĩnh vực", 28),
    ("Cấp thực hiện", 16),
    ("Cơ quan thực hiện", 36),
    ("Cơ quan có thẩm quyền", 36),
    *[(f"Thời hạn giải quyết — {label}", 20) for label in wording.CHANNEL_LABELS.values()],
    *[(f"Phí, lệ phí — {label} (đồng)", 18) for label in wording.CHANNEL_LABELS.values()],
    ("Mức độ dịch vụ công trực tuyến", 30),
    *[(label, 14) for label in wording.FLAG_LABELS.values()],
    ("Hiệu lực từ", 14),
    ("Quyết định công bố", 22),
]

DOCUMENT_COLUMNS = [
    ("Mã thủ tục", 16),
    ("Tên thủ tục", 50),
    ("Trường hợp", 30),
    ("STT", 6),
    ("Tên giấy tờ", 70),
    ("Số bản chính", 12),
    ("Số bản sao", 12),
    ("Mẫu đơn, tờ khai", 30),
    ("Tệp mẫu (đường dẫn tải)", 40),
]


def _sheet(workbook: Workbook, title: str, columns: list[tuple[str, int]], *, first: bool = False):
    sheet = workbook.active if first else workbook.create_sheet()
    sheet.title = title
    sheet.append([name for name, _ in columns])
    for index, (_, width) in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
        cell = sheet.cell(row=1, column=index)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "C2"
    return sheet


def _procedure_row(version: ProcedureVersion, record: ProcedureRecord) -> list:
    channels = {c.channel: c for c in record.channels}
    return [
        record.code,
        record.name,
        "\n".join(f.name for f in record.fields),
        ", ".join(wording.LEVEL_LABELS[level] for level in record.levels),
        _agency_names(version, "implementing"),
        _agency_names(version, "competent"),
        *[wording.time_limit(channels[c]) if c in channels else "" for c in Channel.values],
        *[channels[c].fee if c in channels else None for c in Channel.values],
        wording.ONLINE_LEVEL_LABELS[record.online_level],
        *[wording.yes_no(getattr(record.flags, name)) for name in wording.FLAG_LABELS],
        version.valid_from,
        version.decision.number if version.decision_id else "",
    ]


def export_excel(versions: Iterable[ProcedureVersion]) -> bytes:
    """An .xlsx workbook: one row per procedure, and a second sheet listing the required documents."""
    workbook = Workbook()
    procedures = _sheet(workbook, "Thủ tục hành chính", PROCEDURE_COLUMNS, first=True)
    documents = _sheet(workbook, "Thành phần hồ sơ", DOCUMENT_COLUMNS)
    valid_from_column = [name for name, _ in PROCEDURE_COLUMNS].index("Hiệu lực từ") + 1
    for version in versions:
        record = record_of(version)
        procedures.append(_procedure_row(version, record))
        procedures.cell(row=procedures.max_row, column=valid_from_column).number_format = "DD/MM/YYYY"
        for position, document in enumerate(record.documents, start=1):
            documents.append(
                [
                    record.code,
                    record.name,
                    document.case,
                    position,
                    document.name,
                    document.originals,
                    document.copies,
                    document.template,
                    document.template_url,
                ]
            )
    for sheet in (procedures, documents):
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()
