"""What administrators store about the working calendar: yearly overrides and working hours.

The statutory defaults (holidays, compensatory days) are not stored: they are computed from the law by
:mod:`tthc.workcalendar.statutory`. Only what the province decides on top of them lives here.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
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
    """The working periods of one agency (and the agencies below it), or of the whole province (no agency).

    An agency without its own schedule works the hours of its nearest ancestor that has one, else the
    province's, else the rule ``calendar.default_working_periods``.
    """

    agency = models.OneToOneField(
        "organisation.Agency",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="working_schedule",
        verbose_name="cơ quan",
        help_text="Để trống: giờ làm việc chung của tỉnh.",
    )
    periods = models.JSONField(
        "các khoảng giờ làm việc",
        help_text='Danh sách cặp giờ, ví dụ [["07:00", "11:30"], ["13:30", "17:00"]]',
    )

    class Meta:
        constraints = [
            # One row per agency (the one-to-one) and at most one province-wide row (agency NULL → 0).
            models.UniqueConstraint(Coalesce("agency", 0), name="one_working_schedule_per_agency_or_province")
        ]
        verbose_name = "giờ làm việc"
        verbose_name_plural = "giờ làm việc"

    def __str__(self) -> str:
        owner = self.agency.name if self.agency_id else "Toàn tỉnh"
        return f"{owner}: {format_periods(parse_periods(self.periods))}"

    def clean(self):
        try:
            parse_periods(self.periods or [])
        except DomainError as error:
            raise ValidationError({"periods": error.message}) from None
