"""``tthc org``: load the administrative units of a province, list the provinces, print the agency tree."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from tthc.core.errors import DomainError
from tthc.organisation import selectors, services


class Command(BaseCommand):
    help = "Cây tổ chức: nạp đơn vị hành chính của tỉnh, liệt kê các tỉnh, in cây cơ quan."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, metavar="{load-units,provinces,tree}")
        load = actions.add_parser(
            "load-units", help="Nạp tỉnh và các xã, phường, đặc khu của tỉnh từ danh mục sau 01/07/2025."
        )
        load.add_argument("--province", required=True, help="Mã tỉnh, xem bằng lệnh: tthc org provinces")
        actions.add_parser("provinces", help="Liệt kê mã và tên 34 tỉnh, thành phố.")
        tree = actions.add_parser("tree", help="In cây cơ quan có hiệu lực vào một ngày.")
        tree.add_argument("--on", help="Ngày xem cây, dạng YYYY-MM-DD (mặc định: hôm nay).")

    def handle(self, *args, action, **options):
        if action == "load-units":
            self.load_units(options["province"], progress=options["verbosity"] > 0)
        elif action == "provinces":
            for code, name in services.list_provinces():
                self.stdout.write(f"{code:>3}  {name}")
        else:
            self.tree(options["on"])

    def load_units(self, raw_code: str, *, progress: bool) -> None:
        try:
            code = int(raw_code)
        except ValueError:
            raise CommandError(
                f"Mã tỉnh phải là một số, không phải «{raw_code}». "
                "Xem các mã hợp lệ bằng lệnh: tthc org provinces",
                returncode=2,
            ) from None
        try:
            report = services.load_units(province_code=code, progress=progress)
        except DomainError as error:
            raise CommandError(error.message, returncode=2) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã nạp tỉnh {report.province}: {report.created} đơn vị mới, {report.updated} cập nhật"
            )
        )

    def tree(self, raw_day: str | None) -> None:
        if raw_day is None:
            day = timezone.localdate()
        else:
            try:
                day = datetime.date.fromisoformat(raw_day)
            except ValueError:
                raise CommandError(
                    f"Ngày «{raw_day}» không hợp lệ: hãy ghi theo dạng YYYY-MM-DD, ví dụ 2025-07-01.",
                    returncode=2,
                ) from None
        nodes = selectors.agency_tree(on=day)
        if not nodes:
            self.stdout.write(f"Không có cơ quan nào có hiệu lực vào ngày {day:%d/%m/%Y}.")
            return
        self.stdout.write(f"Cây cơ quan ngày {day:%d/%m/%Y}:")
        for node in nodes:
            agency = node.agency
            self.stdout.write(
                f"{'  ' * node.depth}{agency.code}  {agency.name} ({agency.get_kind_display()})"
            )
