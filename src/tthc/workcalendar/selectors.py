"""Reading the working calendar: from the database to the plain data the arithmetic works on.

``calendar_for`` is the only bridge between stored data and :mod:`tthc.workcalendar.arithmetic`; it costs at
most three queries whatever the number of years (overrides, schedules, and the default-hours rule when no
schedule applies).
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from django.db.models import F, Q
from django.utils import timezone

from tthc.core.errors import ValidationFailed
from tthc.core.timezone import local
from tthc.legalrules.selectors import rule_value
from tthc.organisation.models import Agency
from tthc.organisation.scoping import Permission, agencies_in_scope, can, reaches_whole_province
from tthc.workcalendar.arithmetic import (
    CALENDAR_DAYS,
    WORKING_HOURS,
    WorkingCalendar,
    add_duration,
    as_amount,
    check_unit,
)
from tthc.workcalendar.models import CalendarOverride, WorkingSchedule
from tthc.workcalendar.periods import Period, day_length, parse_periods
from tthc.workcalendar.statutory import statutory_days_off, statutory_working_days

DEFAULT_PERIODS_RULE = "calendar.default_working_periods"
# A year has about 245 working days; 200 is a floor even with many extra days off, so a calendar built for
# amount / 200 years (+ the start year and one more) always holds the due instant.
_WORKING_DAYS_PER_YEAR_FLOOR = 200
# Limits beyond any legal time limit; they keep a typing error from building a calendar of centuries.
MAX_YEARS = 50
WEEKDAYS = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật"]


@dataclass(frozen=True)
class CalendarDay:
    """A day of the year's calendar listing: a day off, or a weekend day that is worked."""

    date: datetime.date
    name: str
    source: str  # "statutory" (computed from the law) or "override" (set by the province)

    @property
    def weekday(self) -> str:
        return WEEKDAYS[self.date.weekday()]


@dataclass(frozen=True)
class AgencyHours:
    """The working hours an agency works on a day, and where they come from."""

    agency: Agency | None  # None: the province-wide hours
    periods: tuple[Period, ...]
    source: str  # "own", "inherited" (from an ancestor agency or the province) or "rule" (the legal default)
    inherited_from: str = ""
    valid_from: datetime.date | None = None  # the first day of the schedule worked (None: since always)


def calendar_for(
    *, agency: Agency | None, years: Iterable[int], on: datetime.date | None = None
) -> WorkingCalendar:
    """The working calendar of ``agency`` (None: the province's hours) covering ``years``.

    Covers every year from the smallest to the largest given. The calendar works the hours in force on ``on``
    (the agency's schedule, or the default rule, that day): pass the day the computation starts from. Without
    it, today's hours (a calendar built around the present).
    """
    years = sorted(set(years))
    if not years:
        raise ValueError("calendar_for needs at least one year")
    first, last = years[0], years[-1]
    days_off: set[datetime.date] = set()
    working: set[datetime.date] = set()
    for year in range(first, last + 1):
        days_off.update(statutory_days_off(year))
        working.update(statutory_working_days(year))
    overrides = CalendarOverride.objects.filter(
        date__gte=datetime.date(first, 1, 1), date__lte=datetime.date(last, 12, 31)
    ).values_list("date", "kind")
    for day, kind in overrides:
        # The province's overrides win over the statutory defaults.
        if kind == CalendarOverride.Kind.OFF:
            days_off.add(day)
            working.discard(day)
        else:
            working.add(day)
            days_off.discard(day)
    hours = working_hours(agency=agency, on=on or timezone.localdate())
    return WorkingCalendar(
        first_year=first,
        last_year=last,
        periods=hours.periods,
        days_off=frozenset(days_off),
        working_days=frozenset(working),
    )


def working_hours(*, agency: Agency | None, on: datetime.date) -> AgencyHours:
    """The hours ``agency`` works on ``on``: its own schedule in force that day, else its nearest ancestor's,
    else the province's, else the rule ``calendar.default_working_periods`` in force that day. One query (two
    when the rule is read)."""
    chain = _ancestor_ids(agency)
    schedules = _in_force(WorkingSchedule.objects.filter(Q(agency__in=chain) | Q(agency__isnull=True)), on=on)
    return _resolve(agency, chain, schedules, lambda: rule_value(DEFAULT_PERIODS_RULE, on=on))


def _in_force(schedules, *, on: datetime.date) -> dict[int | None, tuple[str, list, datetime.date | None]]:
    """{agency id (None: the province): (agency name, periods, valid_from)} of the schedules in force on
    ``on`` — each owner's latest that started by then — leaving out owners whose latest says "no hours of
    its own" (empty periods)."""
    rows = (
        schedules.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=on))
        .values_list("agency", "agency__name", "periods", "valid_from")
        .order_by("agency", "valid_from")
    )
    latest: dict = {}
    for agency_id, name, periods, valid_from in rows:
        current = latest.get(agency_id)
        if current is None or (valid_from or datetime.date.min) >= (current[2] or datetime.date.min):
            latest[agency_id] = (name, periods, valid_from)
    return {owner: schedule for owner, schedule in latest.items() if schedule[1]}


def _resolve(agency: Agency | None, chain: list[int], schedules: dict, default) -> AgencyHours:
    """Pick the nearest schedule up the chain, then the province's (key None), then ``default()``."""
    for agency_id in reversed(chain):
        if agency_id in schedules:
            name, periods, valid_from = schedules[agency_id]
            if agency is not None and agency_id == agency.pk:
                return AgencyHours(
                    agency=agency, periods=parse_periods(periods), source="own", valid_from=valid_from
                )
            return AgencyHours(
                agency=agency,
                periods=parse_periods(periods),
                source="inherited",
                inherited_from=name,
                valid_from=valid_from,
            )
    if None in schedules:
        _, periods, valid_from = schedules[None]
        if agency is None:
            return AgencyHours(
                agency=None, periods=parse_periods(periods), source="own", valid_from=valid_from
            )
        return AgencyHours(
            agency=agency,
            periods=parse_periods(periods),
            source="inherited",
            inherited_from="toàn tỉnh",
            valid_from=valid_from,
        )
    return AgencyHours(agency=agency, periods=parse_periods(default()), source="rule")


def schedule_history(*, agency: Agency | None) -> list[WorkingSchedule]:
    """Every schedule ``agency`` (None: the province) has had, newest first: the screen's history."""
    return list(WorkingSchedule.objects.filter(agency=agency).order_by(F("valid_from").desc(nulls_last=True)))


def _ancestor_ids(agency: Agency | None) -> list[int]:
    """The ids from the root down to ``agency`` (its materialised path is ``/1/5/9/``)."""
    if agency is None:
        return []
    return [int(part) for part in agency.path.strip("/").split("/") if part] or [agency.pk]


def due_at(
    *, start: datetime.datetime, amount: Decimal | int | str, unit: str, agency: Agency | None = None
) -> datetime.datetime:
    """The due instant of ``amount`` ``unit`` from ``start`` for ``agency`` (None: province hours).

    A naive ``start`` is Vietnamese time. Builds a calendar from the start's year over as many years as the
    amount can need (see ``_WORKING_DAYS_PER_YEAR_FLOOR``), so callers never meet the calendar's end.
    """
    amount = as_amount(amount)
    check_unit(unit)
    start = local(start)
    hours = working_hours(agency=agency, on=start.date())
    if unit == CALENDAR_DAYS:
        span = math.ceil(amount / 365)
    else:
        days = amount
        if unit == WORKING_HOURS:
            days = amount * 3600 / Decimal(day_length(hours.periods).total_seconds())
        span = math.ceil(days / _WORKING_DAYS_PER_YEAR_FLOOR)
    if span > MAX_YEARS:
        raise ValidationFailed(
            f"Thời hạn {amount} quá dài (vượt {MAX_YEARS} năm); kiểm tra lại số liệu.", field="amount"
        )
    calendar = calendar_for(agency=agency, years=range(start.year, start.year + span + 2), on=start.date())
    return add_duration(start, amount=amount, unit=unit, calendar=calendar)


def days_off(year: int) -> list[CalendarDay]:
    """The days off of ``year`` other than ordinary weekends: holidays and compensatory days the law sets
    (unless the province made them working days) and the province's extra days off, in date order."""
    overrides = {o.date: o for o in CalendarOverride.objects.filter(date__year=year)}
    listed = {
        day: CalendarDay(day, name, "statutory")
        for day, name in statutory_days_off(year).items()
        if day not in overrides
    }
    for day, override in overrides.items():
        if override.kind == CalendarOverride.Kind.OFF:
            listed[day] = CalendarDay(day, override.name, "override")
    return [listed[day] for day in sorted(listed)]


def working_saturdays(year: int) -> list[CalendarDay]:
    """The weekend days of ``year`` that are working days (swapped by the government or by the province)."""
    overrides = {o.date: o for o in CalendarOverride.objects.filter(date__year=year)}
    listed = {
        day: CalendarDay(day, name, "statutory")
        for day, name in statutory_working_days(year).items()
        if day not in overrides
    }
    for day, override in overrides.items():
        if override.kind == CalendarOverride.Kind.WORK and day.weekday() >= 5:
            listed[day] = CalendarDay(day, override.name, "override")
    return [listed[day] for day in sorted(listed)]


def working_holidays(year: int) -> list[CalendarDay]:
    """Statutory days off of ``year`` that the province turned into working days."""
    statutory = statutory_days_off(year)
    return [
        CalendarDay(o.date, o.name, "override")
        for o in CalendarOverride.objects.filter(date__year=year, kind=CalendarOverride.Kind.WORK)
        if o.date in statutory
    ]


def overrides_of_year(year: int):
    return CalendarOverride.objects.filter(date__year=year).select_related("created_by").order_by("date")


def override_on(day: datetime.date) -> CalendarOverride | None:
    return CalendarOverride.objects.filter(date=day).first()


def can_edit_days_off(user) -> bool:
    """Overrides are province-wide: they need MANAGE_CALENDAR reaching the whole province (a role at an agency
    that supervises the province, or at the root of the tree, or a superuser)."""
    return reaches_whole_province(user, permission=Permission.MANAGE_CALENDAR)


def can_edit_hours(user, agency: Agency | None) -> bool:
    """An agency's hours need MANAGE_CALENDAR over it; the province-wide hours need the whole province."""
    if agency is None:
        return can_edit_days_off(user)
    return can(user, agency, permission=Permission.MANAGE_CALENDAR)


def hours_in_scope(*, user, on: datetime.date) -> list[AgencyHours]:
    """The hours of every agency whose hours ``user`` may change (first the province's, when the user reaches
    the whole province), each with where they come from. A fixed number of queries whatever the agencies."""
    agencies = agencies_in_scope(user, permission=Permission.MANAGE_CALENDAR, on=on)
    schedules = _in_force(WorkingSchedule.objects.all(), on=on)
    default = lru_cache(maxsize=1)(lambda: rule_value(DEFAULT_PERIODS_RULE, on=on))
    result = [_resolve(None, [], schedules, default)] if can_edit_days_off(user) else []
    result.extend(_resolve(agency, _ancestor_ids(agency), schedules, default) for agency in agencies)
    return result
