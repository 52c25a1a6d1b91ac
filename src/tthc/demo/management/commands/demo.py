"""``tthc demo``: the demo province (Quảng Trị, two-level shape) and its logins.

``tthc demo load`` creates or brings up to date the administrative units, agencies, one user per role and
the procedure catalog; a second run writes nothing and takes seconds. ``tthc demo logins`` prints the logins
table.
"""

from __future__ import annotations

import argparse

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from tthc.core.errors import DomainError
from tthc.demo import selectors, services


def _table(headings: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(cell) for cell in column) for column in zip(headings, *rows, strict=False)]

    def line(cells):
        return "  ".join(cell.ljust(width) for cell, width in zip(cells, widths, strict=True)).rstrip()

    return "\n".join([line(headings), line(["-" * w for w in widths]), *(line(r) for r in rows)])


class Command(BaseCommand):
    help = "Dữ liệu mẫu tỉnh Quảng Trị (chính quyền địa phương hai cấp): nạp dữ liệu, in tài khoản đăng nhập."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", title="thao tác", metavar="{load,logins}")
        actions.required = True
        loading = actions.add_parser(
            "load", help="Nạp (hoặc cập nhật) dữ liệu mẫu; chạy lại không thay đổi gì"
        )
        loading.add_argument(
            "--reset-passwords",
            action="store_true",
            help=f"Đặt lại mật khẩu các tài khoản mẫu về «{services.DEMO_PASSWORD}»",
        )
        # Accept ``tthc demo load -v0`` as well as ``tthc demo -v0 load``; SUPPRESS keeps the main value.
        loading.add_argument(
            "-v",
            "--verbosity",
            type=int,
            choices=[0, 1, 2, 3],
            default=argparse.SUPPRESS,
            help="Mức chi tiết",
        )
        actions.add_parser("logins", help="In bảng tài khoản đăng nhập mẫu")

    def handle(self, *args, action: str, **options):
        getattr(self, f"_{action}")(**options)

    def _load(self, *, verbosity: int, reset_passwords: bool, **options):
        if settings.TTHC_PROVINCE_CODE != services.DEMO_PROVINCE_CODE:
            self.stderr.write(
                f"Lưu ý: TTHC_PROVINCE_CODE = {settings.TTHC_PROVINCE_CODE}, nhưng dữ liệu mẫu là của tỉnh "
                f"Quảng Trị (mã {services.DEMO_PROVINCE_CODE})."
            )
        try:
            report = services.load_demo(
                now=timezone.now(), progress=verbosity > 0, reset_passwords=reset_passwords
            )
        except DomainError as error:
            raise CommandError(error.message) from None
        if verbosity == 0:
            return
        a, u, p = report.agencies, report.users, report.procedures
        self.stdout.write(
            self.style.SUCCESS(f"Dữ liệu mẫu tỉnh {report.units.province}:")
            + f"\n  đơn vị hành chính: {report.units.created} tạo mới, {report.units.updated} cập nhật"
            + f"\n  cơ quan: {a.total} ({a.created} tạo mới, {a.updated} cập nhật)"
            + f"\n  người dùng: {u.total} ({u.created} tạo mới, {u.updated} cập nhật)"
            + f"\n  thủ tục hành chính: {p.total} ({p.created} tạo mới, {p.updated} phiên bản mới, "
            f"{p.unchanged} không đổi)"
        )
        labels = {"plans": "kế hoạch", "feedback": "phản ánh, kiến nghị", "dossiers": "hồ sơ"}
        for name, tally in report.capabilities.items():
            self.stdout.write(f"  {labels.get(name, name)}: {tally.total} ({tally.created} tạo mới)")

    def _logins(self, **options):
        logins = selectors.demo_logins()
        if not logins:
            raise CommandError("Chưa có tài khoản mẫu. Hãy chạy: tthc demo load")
        rows = [[x.username, x.password, x.role, x.agency] for x in logins]
        self.stdout.write(
            "Tài khoản đăng nhập mẫu (chỉ dùng để thử nghiệm; mật khẩu đã đổi thì đặt lại bằng "
            "tthc demo load --reset-passwords):"
        )
        self.stdout.write(_table(["Tên đăng nhập", "Mật khẩu", "Vai trò", "Cơ quan"], rows))
