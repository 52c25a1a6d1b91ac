"""Calendar API (public: the working calendar is public information). Mounted at ``/api/v1/calendar``.

Invalid input is answered 422 with a Vietnamese ``message`` (the API root documents that response).
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Literal

from ninja import Query, Router, Schema
from pydantic import Field

from tthc.core.errors import ValidationFailed
from tthc.core.timezone import local
from tthc.organisation.models import Agency
from tthc.workcalendar import selectors
from tthc.workcalendar.arithmetic import UNIT_LABELS, UNITS

router = Router(tags=["workcalendar"], auth=None)

Unit = Literal["working_days", "working_hours", "calendar_days"]  # = arithmetic.UNITS (a test checks)


class CalendarDayOut(Schema):
    date: datetime.date
    weekday: str = Field(description="Thứ trong tuần, tiếng Việt")
    name: str = Field(description="Tên ngày lễ / ngày nghỉ / ngày làm việc bù")
    source: Literal["statutory", "override"] = Field(
        description="statutory: theo quy định của pháp luật; override: do tỉnh điều chỉnh"
    )


class DaysOffOut(Schema):
    year: int
    days_off: list[CalendarDayOut] = Field(description="Ngày nghỉ ngoài các thứ Bảy, Chủ nhật thông thường")
    working_weekend_days: list[CalendarDayOut] = Field(description="Thứ Bảy, Chủ nhật làm việc (làm bù)")


class DueQuery(Schema):
    start: datetime.datetime = Field(
        description="Thời điểm bắt đầu (tiếp nhận), ISO 8601; không có múi giờ thì hiểu là giờ Việt Nam"
    )
    amount: Decimal = Field(ge=0, le=100000, description="Thời hạn, có thể lẻ (0.5 ngày làm việc = 4 giờ)")
    unit: Unit = Field(description="; ".join(f"{u}: {UNIT_LABELS[u]}" for u in UNITS))
    agency: str | None = Field(None, description="Mã định danh cơ quan (dùng giờ làm việc của cơ quan đó)")


class DueOut(Schema):
    start: datetime.datetime
    amount: Decimal
    unit: Unit
    agency: str | None
    due: datetime.datetime = Field(description="Thời điểm hết hạn, giờ Việt Nam (+07:00)")


@router.get(
    "/days-off",
    response=DaysOffOut,
    url_name="calendar-days-off",
    summary="Ngày nghỉ và thứ Bảy làm việc của một năm",
)
def days_off(request, year: int = Query(..., ge=1990, le=2100, description="Năm, ví dụ 2026")):
    def out(day):
        return CalendarDayOut(date=day.date, weekday=day.weekday, name=day.name, source=day.source)

    return DaysOffOut(
        year=year,
        days_off=[out(d) for d in selectors.days_off(year)],
        working_weekend_days=[out(d) for d in selectors.working_saturdays(year)],
    )


@router.get(
    "/due",
    response=DueOut,
    url_name="calendar-due",
    summary="Tính thời điểm hết hạn theo lịch làm việc",
)
def due(request, query: Query[DueQuery]):
    agency = None
    if query.agency:
        agency = Agency.objects.filter(code=query.agency.strip()).first()
        if agency is None:
            raise ValidationFailed(
                f"Không có cơ quan nào mang mã định danh «{query.agency}».", field="agency"
            )
    result = selectors.due_at(start=query.start, amount=query.amount, unit=query.unit, agency=agency)
    return DueOut(
        start=local(query.start), amount=query.amount, unit=query.unit, agency=query.agency, due=result
    )
