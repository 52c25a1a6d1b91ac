"""What administrators store about the working calendar: yearly overrides and working hours.

The statutory defaults (holidays, compensatory days) are not stored: they are computed from the law by
:mod:`tthc.workcalendar.statutory`. Only what the province decides on top of them lives here.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Value
from django.db.models.functions import Coalesce

from tthc.core.errors import DomainError
from tthc.workcalendar.periods import format_periods, parse_periods


class CalendarOverride(models.Model):
    """One day whose status the province sets for the year: an extra day off or an extra working day.

    Overrides are province-wide and win over the statutory defaults.
    """

    class Kind(models.TextChoices):
        OFF = "off", "Ngày nghỉ"
        WORK = "work", "Ngày làm việc"

    date = models.DateField("ngày", unique=True)
    kind = models.CharField("loại", max_length=4, choices=Kind.choices)
    name = models.CharField(
        "tên", max_length=200, help_text="Ví dụ: Nghỉ bù Quốc khánh, Làm việc bù ngày 02/05"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người tạo",
    )
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)

    class Meta:
        ordering = ["date"]
        verbose_name = "ngày điều chỉnh lịch làm việc"
        verbose_name_plural = "ngày điều chỉnh lịch làm việc"

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} — {self.get_kind_display()} — {self.name}"


class WorkingSchedule(models.Model):
    """The working periods of one agency (and the agencies below it), or of the whole province (no agency),
    from a date on.

    A change of hours is a new row from its ``valid_from`` (blank: since always), so the hours of any past day
    stay known: a deadline counted from a day is counted in the hours worked then. Empty ``periods``: from
    that day the agency has no hours of its own. An agency without hours of its own on a day works the hours
    of its nearest ancestor that has some, else the province's, else the rule
    ``calendar.default_working_periods`` in force that day.
    """

    agency = models.ForeignKey(
        "organisation.Agency",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="working_schedules",
        verbose_name="cơ quan",
        help_text="Để trống: giờ làm việc chung của tỉnh.",
    )
    valid_from = models.DateField(
        "áp dụng từ ngày", null=True, blank=True, help_text="Để trống: áp dụng từ trước đến nay."
    )
    periods = models.JSONField(
        "các khoảng giờ làm việc",
        blank=True,
        help_text='Danh sách cặp giờ, ví dụ [["07:00", "11:30"], ["13:30", "17:00"]]; danh sách rỗng: từ '
        "ngày này không còn giờ riêng (theo giờ của cơ quan cấp trên hoặc giờ chung).",
    )

    class Meta:
        ordering = ["agency", "valid_from"]
        constraints = [
            # One row per owner (an agency, or the province: agency NULL → 0) and starting day.
            models.UniqueConstraint(
                Coalesce("agency", 0),
                Coalesce("valid_from", Value(datetime.date(1, 1, 1))),
                name="one_working_schedule_per_owner_and_day",
            )
        ]
        verbose_name = "giờ làm việc"
        verbose_name_plural = "giờ làm việc"

    def __str__(self) -> str:
        owner = self.agency.name if self.agency_id else "Toàn tỉnh"
        since = f" (từ {self.valid_from:%d/%m/%Y})" if self.valid_from else ""
        if not self.periods:
            return f"{owner}{since}: không có giờ riêng"
        return f"{owner}{since}: {format_periods(parse_periods(self.periods))}"

    def clean(self):
        if not self.periods:
            return
        try:
            parse_periods(self.periods)
        except DomainError as error:
            raise ValidationError({"periods": error.message}) from None
