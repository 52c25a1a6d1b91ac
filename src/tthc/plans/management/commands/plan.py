"""``tthc plan parse FILE [--year YYYY]``: print a plan document's groups and tasks as JSON; write nothing.
``tthc plan import FILE [--year YYYY] [--agency CODE] [--decision NUMBER] [--decision-date dd/mm/yyyy]
[--signer NAME]``: store the plan without a preview (unit names that match no agency are listed).

The JSON goes to stdout (UTF-8, indented); what the parser could not understand and what the officer should
check go to stderr, in Vietnamese. An unreadable or unknown file ends with exit status 2 and a message; a
readable document without any task table (a report, a decision without its appendix) with status 1 and a
message, nothing on stdout.
"""

from __future__ import annotations

import datetime
import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from tthc.core.errors import DomainError
from tthc.organisation.models import Agency
from tthc.plans.parsing import Plan, parse_file

USAGE_ERROR = 2
NO_TASKS = 1
NO_TASK_TABLE = "Không tìm thấy bảng nhiệm vụ nào trong tài liệu"
TASK_TABLE_LOOKS = "(cần một bảng có các cột như STT, Nội dung, Đơn vị chủ trì, Thời gian thực hiện)."
_MIN_YEAR, _MAX_YEAR = 1900, 2199


def plan_json(plan: Plan) -> str:
    """The JSON ``tthc plan parse`` prints for ``plan``."""
    return json.dumps(plan.as_json(), ensure_ascii=False, indent=2)


class Command(BaseCommand):
    help = "Kế hoạch kiểm soát TTHC: đọc tài liệu kế hoạch (.docx, .pdf, .txt, .md) thành các nhóm nhiệm vụ."
    requires_system_checks = []

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", title="thao tác", metavar="{parse,import}")
        actions.required = True
        parsing = actions.add_parser("parse", help="In kế hoạch đọc được dưới dạng JSON (không ghi gì)")
        parsing.add_argument("file", help="Tài liệu kế hoạch: .docx, .pdf, .txt hoặc .md")
        parsing.add_argument("--year", help="Năm của kế hoạch (mặc định: năm ghi trong tài liệu)")
        importing = actions.add_parser("import", help="Lưu kế hoạch vào hệ thống (không qua bước xem trước)")
        importing.add_argument("file", help="Tài liệu kế hoạch: .docx, .pdf, .txt hoặc .md")
        importing.add_argument("--year", help="Năm của kế hoạch (mặc định: năm ghi trong tài liệu)")
        importing.add_argument("--agency", help="Mã định danh cơ quan ban hành (mặc định: UBND tỉnh)")
        importing.add_argument("--decision", default="", help="Số quyết định ban hành, ví dụ 77/QĐ-UBND")
        importing.add_argument("--decision-date", default="", help="Ngày ký quyết định, dd/mm/yyyy")
        importing.add_argument("--signer", default="", help="Người ký quyết định")

    def handle(self, *args, action: str, **options):
        getattr(self, f"_{action}")(**options)

    def _parse(self, *, file: str, year: str | None = None, **options):
        try:
            plan = parse_file(file, year=_year(year))
        except DomainError as error:
            raise CommandError(error.message, returncode=USAGE_ERROR) from None
        if not plan.tasks():
            for problem in plan.problems:
                if not problem.startswith(NO_TASK_TABLE):
                    self.stderr.write(f"Chưa hiểu: {problem}")
            raise CommandError(f"{NO_TASK_TABLE} {TASK_TABLE_LOOKS}", returncode=NO_TASKS)
        self.stdout.write(plan_json(plan))
        for problem in plan.problems:
            self.stderr.write(f"Chưa hiểu: {problem}")
        for warning in plan.warnings:
            self.stderr.write(f"Cần xem lại: {warning}")

    def _import(
        self, *, file: str, year=None, agency=None, decision="", decision_date="", signer="", **options
    ):
        from tthc.plans.services import import_file

        issuer = _agency(agency)
        decision_data = {
            "decision_number": decision,
            "decision_date": _date(decision_date),
            "decision_signer": signer,
        }
        try:
            plan, unmatched = import_file(
                path=file,
                agency=issuer,
                user=None,
                now=timezone.now(),
                year=_year(year),
                decision=decision_data,
            )
        except DomainError as error:
            raise CommandError(error.message, returncode=USAGE_ERROR) from None
        self.stdout.write(
            f"Đã lưu kế hoạch #{plan.pk} «{plan.title}» ({plan.year}): "
            f"{plan.groups.count()} nhóm, {plan.tasks.count()} nhiệm vụ."
        )
        for name in unmatched:
            self.stderr.write(f"Chưa ghép được với cơ quan nào: {name}")


def _year(text: str | None) -> int | None:
    if text is None:
        return None
    if not text.isdigit() or not _MIN_YEAR <= int(text) <= _MAX_YEAR:
        raise CommandError(f"Năm «{text}» không hợp lệ; ghi bốn chữ số, ví dụ 2022.", returncode=USAGE_ERROR)
    return int(text)


def _date(text: str) -> str:
    if not text:
        return ""
    try:
        return datetime.datetime.strptime(text, "%d/%m/%Y").date().isoformat()
    except ValueError:
        raise CommandError(f"Ngày «{text}» không hợp lệ; ghi dd/mm/yyyy.", returncode=USAGE_ERROR) from None


def _agency(code: str | None) -> Agency:
    if code:
        agency = Agency.objects.filter(code=code).first()
        if agency is None:
            raise CommandError(f"Không có cơ quan nào mang mã «{code}».", returncode=USAGE_ERROR)
        return agency
    agency = (
        Agency.objects.filter(kind=Agency.Kind.PROVINCIAL_COMMITTEE, parent__isnull=True)
        .order_by("path")
        .first()
    )
    if agency is None:
        raise CommandError("Chưa có UBND tỉnh trong cây tổ chức; hãy ghi --agency.", returncode=USAGE_ERROR)
    return agency
