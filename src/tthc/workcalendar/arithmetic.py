"""Working-time arithmetic: pure functions over a :class:`WorkingCalendar` — no database, no clock.

Every deadline of tthc (a dossier's due date, a forwarding limit, a feedback answer) is computed here. The
calendar is plain data (built from the database by :func:`tthc.workcalendar.selectors.calendar_for`), so these
functions are easy to test exhaustively and the same inputs always give the same instant.

Semantics
=========
Days. A day is a *working day* when it is listed in ``working_days`` (an extra working day, e.g. a Saturday
made a working day, "làm bù"), else when it is not listed in ``days_off`` (public holidays, compensatory days,
extra days off) and is not a weekend day (Saturday, Sunday). The two sets never overlap: the selector has
already let the administrator's overrides win over the statutory defaults.

Working time. On a working day the working periods (by default 07:00–11:30 and 13:30–17:00) are working time.
Periods are half-open: 07:00 is working time, 11:30 and 17:00 are not. One *working day* is the sum of the
periods of one day (8 h by default; an agency working 07:30–11:30 and 13:00–17:00 has 8 h too, one working
07:00–11:00 only has 4 h).

Start. A start outside working time begins at the next working period: Monday 18:00 → Tuesday 07:00,
Monday 12:00 (lunch) → Monday 13:30, Saturday → Monday 07:00 (the next working day's first period).
Amount 0 returns that normalised start.

Working days and working hours. The amount is converted to an amount of working time (``n`` working days =
``n`` × the day's working time, so 0.5 working day = 4 h by default) and the result is the instant at which
that much working time has elapsed after the (normalised) start. Landing exactly at the end of a period stays
at that end: one working day from Monday 07:00 is Monday 17:00, not Tuesday 07:00; four and a half hours from
Monday 07:00 is Monday 11:30.

  - 1 working day from Mon 09:00 → Tue 09:00 (6 h on Monday: 09:00–11:30, 13:30–17:00; 2 h on Tuesday).
  - 3 working days from Fri 24/01/2025 09:00 (Tết 27/01–01/02/2025, Sunday 02/02) → Wed 05/02/2025 09:00.
  - 2 working hours from Mon 10:30 → Mon 14:30 (1 h before lunch, 1 h after).
  - 1 working day from Fri 16:00 → Mon 16:00 (Saturday and Sunday are skipped).

Calendar days. The amount must be a whole number. The result is the (normalised) start moved ``n`` days later
at the same clock time; when that date is a day off it moves to the next working day, keeping the clock time
(which is working time, because the normalised start was). So 3 calendar days from Fri 24/01/2025 09:00 lands
on Mon 27/01/2025 (Tết) and moves to Mon 03/02/2025 09:00.

Consequences, checked by property tests: the result is never before the start; for an amount > 0 it lies on a
working day, inside a working period (its end included); adding ``a`` then ``b`` (both > 0) working hours or
working days equals adding ``a + b``. (With ``b = 0`` the result is the normalised instant, which can differ:
11:30 normalises to 13:30 — the same moment of working time.)

Years. A calendar knows the years it covers (``first_year``..``last_year``): it only holds the days off of
those years, so asking about a day outside them raises :class:`OutsideCalendar` instead of answering wrongly.
:func:`tthc.workcalendar.selectors.due_at` builds a calendar long enough for the amount.

Instants must be timezone-aware; they are read and returned in the calendar's timezone (Asia/Ho_Chi_Minh,
which has no daylight saving time, so wall-clock arithmetic is exact).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from tthc.core.errors import DomainError, ValidationFailed
from tthc.core.timezone import VIETNAM
from tthc.workcalendar.periods import Period, day_length, validate_periods

WORKING_DAYS = "working_days"
WORKING_HOURS = "working_hours"
CALENDAR_DAYS = "calendar_days"
UNITS = (WORKING_DAYS, WORKING_HOURS, CALENDAR_DAYS)
UNIT_LABELS = {WORKING_DAYS: "ngày làm việc", WORKING_HOURS: "giờ làm việc", CALENDAR_DAYS: "ngày"}

SATURDAY, SUNDAY = 5, 6
_ONE_DAY = datetime.timedelta(days=1)
_MICROSECONDS_PER_HOUR = 3600 * 10**6


class InvalidDuration(ValidationFailed, ValueError):
    """An amount or unit that cannot be added (negative, unknown unit, fractional calendar days)."""


class OutsideCalendar(DomainError, ValueError):
    """The arithmetic reached a day the calendar does not cover."""

    code = "outside_calendar"


@dataclass(frozen=True, kw_only=True)
class WorkingCalendar:
    """Everything the arithmetic needs to know, as plain data.

    ``days_off``: days that are not worked although they are weekdays or otherwise would be (holidays,
    compensatory days, extra days off). ``working_days``: days that are worked although they fall on a weekend
    or a holiday. ``periods``: the working periods of every working day.
    """

    first_year: int
    last_year: int
    periods: tuple[Period, ...]
    days_off: frozenset[datetime.date] = frozenset()
    working_days: frozenset[datetime.date] = frozenset()
    timezone: datetime.tzinfo = VIETNAM
    weekend: frozenset[int] = field(default=frozenset({SATURDAY, SUNDAY}))

    def __post_init__(self):
        if self.first_year > self.last_year:
            raise ValueError(f"first_year {self.first_year} is after last_year {self.last_year}")
        validate_periods(self.periods)
        both = self.days_off & self.working_days
        if both:
            raise ValueError(f"days both off and working: {sorted(both)}")

    @property
    def day_length(self) -> datetime.timedelta:
        """The working time of one working day."""
        return day_length(self.periods)

    def covers(self, day: datetime.date) -> bool:
        return self.first_year <= day.year <= self.last_year


def is_working_day(day: datetime.date, *, calendar: WorkingCalendar) -> bool:
    if not calendar.covers(day):
        raise OutsideCalendar(
            f"Lịch làm việc chỉ có dữ liệu các năm {calendar.first_year}–{calendar.last_year}; "
            f"không xác định được ngày {day:%d/%m/%Y}.",
        )
    if day in calendar.working_days:
        return True
    if day in calendar.days_off:
        return False
    return day.weekday() not in calendar.weekend


def is_working_time(instant: datetime.datetime, *, calendar: WorkingCalendar) -> bool:
    """Whether ``instant`` lies on a working day inside a working period (start included, end excluded)."""
    local = _wall_clock(instant, calendar)
    if not is_working_day(local.date(), calendar=calendar):
        return False
    moment = local.time()
    return any(start <= moment < end for start, end in calendar.periods)


def next_working_day(day: datetime.date, *, calendar: WorkingCalendar) -> datetime.date:
    """The first working day strictly after ``day``."""
    day += _ONE_DAY
    while not is_working_day(day, calendar=calendar):
        day += _ONE_DAY
    return day


def next_working_instant(instant: datetime.datetime, *, calendar: WorkingCalendar) -> datetime.datetime:
    """``instant`` itself when it is working time, else the start of the next working period."""
    local = _wall_clock(instant, calendar)
    day, moment = local.date(), local.time()
    if is_working_day(day, calendar=calendar):
        for start, end in calendar.periods:
            if moment < end:
                return _instant(day, max(start, moment), calendar)
    return _instant(next_working_day(day, calendar=calendar), calendar.periods[0][0], calendar)


def add_duration(
    start: datetime.datetime, *, amount: Decimal | int | str, unit: str, calendar: WorkingCalendar
) -> datetime.datetime:
    """The instant ``amount`` ``unit`` after ``start`` (see the module docstring for the exact semantics)."""
    amount = as_amount(amount)
    check_unit(unit)
    cursor = next_working_instant(start, calendar=calendar)
    if amount == 0:
        return cursor
    if unit == CALENDAR_DAYS:
        if amount != amount.to_integral_value():
            raise InvalidDuration("Thời hạn tính theo ngày lịch phải là số nguyên ngày.", field="amount")
        local = _wall_clock(cursor, calendar)
        day = local.date() + datetime.timedelta(days=int(amount))
        if not is_working_day(day, calendar=calendar):
            day = next_working_day(day, calendar=calendar)
        return _instant(day, local.time(), calendar)
    per_unit = _MICROSECONDS_PER_HOUR if unit == WORKING_HOURS else _microseconds(calendar.day_length)
    working_time = (amount * per_unit).to_integral_value(rounding=ROUND_HALF_UP)
    return _spend(cursor, datetime.timedelta(microseconds=int(working_time)), calendar)


def working_time_between(
    start: datetime.datetime, end: datetime.datetime, *, calendar: WorkingCalendar
) -> datetime.timedelta:
    """The working time elapsed from ``start`` to ``end`` (zero when ``end`` is not after ``start``).

    The inverse of :func:`add_duration` in working hours: ``working_time_between(s, add_duration(s, h))`` is
    ``h`` hours for every working start ``s``.
    """
    begin, finish = _wall_clock(start, calendar), _wall_clock(end, calendar)
    total = datetime.timedelta()
    day = begin.date()
    while day <= finish.date():
        if is_working_day(day, calendar=calendar):
            for period_start, period_end in calendar.periods:
                lo = max(datetime.datetime.combine(day, period_start), begin)
                hi = min(datetime.datetime.combine(day, period_end), finish)
                if hi > lo:
                    total += hi - lo
        day += _ONE_DAY
    return total


def as_amount(amount: Decimal | int | str | float) -> Decimal:
    """``amount`` as a non-negative Decimal, or :class:`InvalidDuration` with a Vietnamese message."""
    try:
        value = Decimal(str(amount)) if not isinstance(amount, Decimal) else amount
    except (InvalidOperation, ValueError):
        raise InvalidDuration(f"Thời hạn «{amount}» không phải là một số.", field="amount") from None
    if not value.is_finite():
        raise InvalidDuration(f"Thời hạn «{amount}» không phải là một số.", field="amount")
    if value < 0:
        raise InvalidDuration(f"Thời hạn không được âm (nhận được {amount}).", field="amount")
    return value


def check_unit(unit: str) -> None:
    if unit not in UNITS:
        raise InvalidDuration(
            f"Đơn vị thời hạn «{unit}» không hợp lệ; chỉ nhận: "
            + ", ".join(f"{u} ({UNIT_LABELS[u]})" for u in UNITS)
            + ".",
            field="unit",
        )


def _spend(cursor: datetime.datetime, remaining: datetime.timedelta, calendar: WorkingCalendar):
    """The instant at which ``remaining`` (> 0) working time has elapsed after the working instant ``cursor``.

    Walks period by period; a whole working day costs one pass over its periods, so the loop runs once per
    calendar day of the span, never per minute.
    """
    local = _wall_clock(cursor, calendar)
    day, moment = local.date(), local.time()
    while True:
        if is_working_day(day, calendar=calendar):
            for start, end in calendar.periods:
                if moment >= end:
                    continue
                begin = datetime.datetime.combine(day, max(start, moment))
                available = datetime.datetime.combine(day, end) - begin
                if remaining <= available:
                    # Landing exactly on a period's end stays at that end (17:00, not next morning).
                    return (begin + remaining).replace(tzinfo=calendar.timezone)
                remaining -= available
        day += _ONE_DAY
        moment = datetime.time.min


def _microseconds(delta: datetime.timedelta) -> int:
    return (delta.days * 86400 + delta.seconds) * 10**6 + delta.microseconds


def _wall_clock(instant: datetime.datetime, calendar: WorkingCalendar) -> datetime.datetime:
    """The naive wall-clock time of ``instant`` in the calendar's timezone."""
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise ValueError("working-time arithmetic needs a timezone-aware instant")
    return instant.astimezone(calendar.timezone).replace(tzinfo=None)


def _instant(day: datetime.date, moment: datetime.time, calendar: WorkingCalendar) -> datetime.datetime:
    return datetime.datetime.combine(day, moment, tzinfo=calendar.timezone)
