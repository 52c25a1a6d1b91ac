"""``tthc calendar``: import overrides from CSV, show a year's days off, compute a due instant.

Wrong arguments end with exit status 2 and a Vietnamese message on stderr.
"""

from __future__ import annotations

import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from tthc.core.errors import DomainError
from tthc.core.timezone import local
from tthc.organisation.models import Agency
from tthc.workcalendar import selectors, services
from tthc.workcalendar.arithmetic import UNIT_LABELS, UNITS
from tthc.workcalendar.periods import format_periods

USAGE_ERROR = 2
YEARS = range(1990, 2101)


def _usage(message: str) -> CommandError:
    return CommandError(message, returncode=USAGE_ERROR)


def parse_instant(text: str) -> datetime.datetime:
    """``2025-01-24T09:00`` (ISO 8601, offset optional) or ``24/01/2025 09:00``; naive = Vietnamese time."""
    text = (text or "").strip()
    try:
        return local(datetime.datetime.fromisoformat(text))
    except ValueError:
        pass
    for pattern in ("%d/%m/%Y %H:%M", "%d/%m/%Y"):
        try:
            return local(datetime.datetime.strptime(text, pattern))
        except ValueError:
            continue
    raise _usage(
        f"Thời điểm tiếp nhận «{text}» không hợp lệ; dùng dạng 2025-01-24T09:00 (giờ Việt Nam) "
        "hoặc 24/01/2025 09:00."
    )


class Command(BaseCommand):
    help = "Lịch làm việc: nhập ngày điều chỉnh từ CSV, xem ngày nghỉ của một năm, tính ngày hẹn trả."
    # Nothing here serves requests: the URL and template checks would only slow every call down.
    requires_system_checks = []

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", title="thao tác", metavar="{import,show,due}")
        actions.required = True
        importing = actions.add_parser("import", help="Nhập ngày nghỉ / ngày làm việc điều chỉnh từ tệp CSV")
        importing.add_argument("file", nargs="?", help="Tệp CSV UTF-8, dòng đầu «date,kind,name»")
        showing = actions.add_parser("show", help="Liệt kê ngày nghỉ và thứ Bảy làm việc của một năm")
        showing.add_argument("--year", help="Năm, ví dụ 2026 (mặc định: năm nay)")
        due = actions.add_parser("due", help="Tính thời điểm hết hạn")
        due.add_argument("--received", help="Thời điểm tiếp nhận, ví dụ 2025-01-24T09:00 (giờ Việt Nam)")
        due.add_argument("--amount", help="Thời hạn, ví dụ 3 hoặc 0.5")
        due.add_argument("--unit", help="Đơn vị: " + ", ".join(UNITS))
        due.add_argument("--agency", help="Mã định danh cơ quan (giờ làm việc của cơ quan đó)")

    def handle(self, *args, action: str, **options):
        try:
            getattr(self, f"_{action}")(**options)
        except DomainError as error:
            for detail in error.details:
                self.stderr.write(str(detail.get("message", detail)))
            raise _usage(error.message) from None

    def _import(self, *, file: str | None, **options):
        if not file:
            raise _usage("Thiếu tên tệp CSV: tthc calendar import TỆP.csv")
        path = Path(file)
        if not path.is_file():
            raise _usage(f"Không tìm thấy tệp «{file}».")
        try:
            text = path.read_bytes().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise _usage(f"Tệp «{file}» không phải văn bản UTF-8; hãy lưu lại dưới dạng CSV UTF-8.") from None
        result = services.import_overrides_csv(text=text, user=None)
        self.stdout.write(
            f"Đã nhập {file}: {len(result.created)} ngày mới, {len(result.updated)} ngày cập nhật, "
            f"{len(result.unchanged)} ngày không đổi."
        )

    def _show(self, *, year: str | None, **options):
        year = _year(year) if year else timezone.localdate().year
        self.stdout.write(f"LỊCH LÀM VIỆC NĂM {year}")
        self.stdout.write("")
        self.stdout.write("Ngày lễ, ngày nghỉ (ngoài thứ Bảy, Chủ nhật thông thường):")
        self._days(selectors.days_off(year))
        self.stdout.write("")
        self.stdout.write("Thứ Bảy, Chủ nhật làm việc:")
        self._days(selectors.working_saturdays(year))
        working_holidays = selectors.working_holidays(year)
        if working_holidays:
            self.stdout.write("")
            self.stdout.write("Ngày lễ chuyển thành ngày làm việc:")
            self._days(working_holidays)
        hours = selectors.working_hours(agency=None, on=datetime.date(year, 1, 1))
        self.stdout.write("")
        self.stdout.write(f"Giờ làm việc chung: {format_periods(hours.periods)}")

    def _days(self, days):
        if not days:
            self.stdout.write("  (không có)")
        for day in days:
            mark = " (điều chỉnh của tỉnh)" if day.source == "override" else ""
            self.stdout.write(f"  {day.date:%d/%m/%Y}  {day.weekday:<9} {day.name}{mark}")

    def _due(self, *, received, amount, unit, agency, **options):
        if not received:
            raise _usage("Thiếu --received (thời điểm tiếp nhận, ví dụ 2025-01-24T09:00).")
        if amount is None:
            raise _usage("Thiếu --amount (thời hạn, ví dụ 3).")
        if not unit:
            raise _usage("Thiếu --unit (" + ", ".join(f"{u}: {UNIT_LABELS[u]}" for u in UNITS) + ").")
        start = parse_instant(received)
        found = None
        if agency:
            found = Agency.objects.filter(code=agency.strip()).first()
            if found is None:
                raise _usage(f"Không có cơ quan nào mang mã định danh «{agency}».")
        due = selectors.due_at(start=start, amount=amount, unit=unit, agency=found)
        self.stdout.write(due.isoformat(timespec="seconds"))


def _year(text: str) -> int:
    try:
        year = int(text)
    except ValueError:
        raise _usage(f"Năm «{text}» không hợp lệ; nhập 4 chữ số, ví dụ 2026.") from None
    if year not in YEARS:
        raise _usage(f"Năm {year} nằm ngoài khoảng {YEARS.start}–{YEARS.stop - 1}.")
    return year
