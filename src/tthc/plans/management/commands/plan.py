"""``tthc plan parse FILE [--year YYYY]``: print a plan document's groups and tasks as JSON; write nothing.

The JSON goes to stdout (UTF-8, indented); what the parser could not understand and what the officer should
check go to stderr, in Vietnamese. An unreadable or unknown file ends with exit status 2 and a message.
"""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from tthc.core.errors import DomainError
from tthc.plans.parsing import Plan, parse_file

USAGE_ERROR = 2
_MIN_YEAR, _MAX_YEAR = 1900, 2199


def plan_json(plan: Plan) -> str:
    """The JSON ``tthc plan parse`` prints for ``plan``."""
    return json.dumps(plan.as_json(), ensure_ascii=False, indent=2)


class Command(BaseCommand):
    help = "Kế hoạch kiểm soát TTHC: đọc tài liệu kế hoạch (.docx, .pdf, .txt, .md) thành các nhóm nhiệm vụ."
    requires_system_checks = []

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", title="thao tác", metavar="{parse}")
        actions.required = True
        parsing = actions.add_parser("parse", help="In kế hoạch đọc được dưới dạng JSON (không ghi gì)")
        parsing.add_argument("file", help="Tài liệu kế hoạch: .docx, .pdf, .txt hoặc .md")
        parsing.add_argument("--year", help="Năm của kế hoạch (mặc định: năm ghi trong tài liệu)")

    def handle(self, *args, action: str, **options):
        getattr(self, f"_{action}")(**options)

    def _parse(self, *, file: str, year: str | None = None, **options):
        try:
            plan = parse_file(file, year=_year(year))
        except DomainError as error:
            raise CommandError(error.message, returncode=USAGE_ERROR) from None
        self.stdout.write(plan_json(plan))
        for problem in plan.problems:
            self.stderr.write(f"Chưa hiểu: {problem}")
        for warning in plan.warnings:
            self.stderr.write(f"Cần xem lại: {warning}")


def _year(text: str | None) -> int | None:
    if text is None:
        return None
    if not text.isdigit() or not _MIN_YEAR <= int(text) <= _MAX_YEAR:
        raise CommandError(f"Năm «{text}» không hợp lệ; ghi bốn chữ số, ví dụ 2022.", returncode=USAGE_ERROR)
    return int(text)
