"""``tthc catalog``: import procedure records from JSON, export the catalog to JSON or Excel.

``tthc catalog import FILE.json`` reads a JSON array of records (or ``{"procedures": [...]}``), checks every
record before writing anything, and prints what it created, updated and left unchanged. Invalid data, an
unreadable file or wrong arguments end with exit status 2 and a Vietnamese message on stderr.
"""

from __future__ import annotations

import datetime
import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from tqdm import tqdm

from tthc.catalog import exports, selectors, services
from tthc.core.errors import DomainError

USAGE_ERROR = 2


def _usage(message: str) -> CommandError:
    return CommandError(message, returncode=USAGE_ERROR)


def read_records(path: Path) -> list:
    """The records of a JSON file: a JSON array, or an object whose "procedures" is one."""
    try:
        content = path.read_bytes()
    except OSError as error:
        raise _usage(f"Không đọc được tệp «{path}»: {error.strerror or error}.") from None
    try:
        return services.parse_records_json(content, source=str(path))
    except DomainError as error:
        raise _usage(error.message) from None


def _date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise _usage(f"Ngày «{text}» không hợp lệ; dùng dạng YYYY-MM-DD, ví dụ 2026-01-31.") from None


class Command(BaseCommand):
    help = "Danh mục TTHC: nhập bản ghi thủ tục từ tệp JSON, xuất danh mục ra JSON hoặc Excel."
    requires_system_checks = []

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", title="thao tác", metavar="{import,export}")
        actions.required = True
        importing = actions.add_parser(
            "import", help="Nhập bản ghi thủ tục từ tệp JSON (theo mã, không trùng lặp)"
        )
        importing.add_argument("file", help='Tệp JSON: mảng bản ghi, hoặc {"procedures": [...]}')
        exporting = actions.add_parser("export", help="Xuất các thủ tục đang có hiệu lực")
        exporting.add_argument("--format", choices=["json", "xlsx"], default="json", help="json hoặc xlsx")
        exporting.add_argument("--output", required=True, help="Tệp ghi ra")
        exporting.add_argument(
            "--on", help="Thủ tục có hiệu lực vào ngày này, dạng YYYY-MM-DD (mặc định: hôm nay)"
        )

    def handle(self, *args, action: str, **options):
        getattr(self, f"_{action}")(**options)

    def _import(self, *, file: str, **options):
        path = Path(file)
        if not path.is_file():
            raise _usage(f"Không tìm thấy tệp «{file}».")
        records = read_records(path)
        if not records:
            self.stdout.write(f"Tệp «{file}» không có bản ghi nào; không có gì thay đổi.")
            return
        with tqdm(total=len(records), desc="Nhập thủ tục", unit=" bản ghi", disable=None) as bar:
            try:
                report = services.import_records(records=records, now=timezone.now(), progress=bar.update)
            except DomainError as error:
                bar.close()
                if not error.details:
                    raise _usage(error.message) from None
                for detail in error.details:
                    self.stderr.write(services.describe_problem(detail))
                count = len(error.details)
                raise _usage(f"Dữ liệu không hợp lệ ({count} lỗi); không có bản ghi nào được ghi.") from None
        self.stdout.write(
            f"Đã xử lý {len(records)} bản ghi: {len(report.created)} thủ tục mới, "
            f"{len(report.updated)} cập nhật (phiên bản mới), {len(report.unchanged)} không thay đổi."
        )
        if report.late_decisions:
            self.stdout.write(
                self.style.WARNING(
                    f"Cảnh báo: {len(report.late_decisions)} quyết định công bố ký muộn "
                    "(chưa đủ số ngày quy định trước ngày có hiệu lực):"
                )
            )
            for decision in report.late_decisions:
                self.stdout.write(
                    f"  - Quyết định số {decision.number}: ký ngày {decision.signed_on:%d/%m/%Y}, "
                    f"có hiệu lực ngày {decision.effective_on:%d/%m/%Y}, người ký {decision.signer}"
                )

    def _export(self, *, format: str, output: str, on: str | None, **options):
        day = _date(on) if on else timezone.localdate()
        versions = list(selectors.versions_in_force(on=day))
        path = Path(output)
        try:
            if format == "xlsx":
                path.write_bytes(exports.export_excel(versions))
            else:
                text = json.dumps(exports.export_json(versions), ensure_ascii=False, indent=2)
                path.write_text(text + "\n", encoding="utf-8")
        except OSError as error:
            raise _usage(f"Không ghi được tệp «{output}»: {error.strerror or error}.") from None
        self.stdout.write(f"Đã xuất {len(versions)} thủ tục có hiệu lực ngày {day:%d/%m/%Y} ra «{output}».")
