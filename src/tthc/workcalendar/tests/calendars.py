"""Calendars for the pure arithmetic tests, built from the statutory defaults without the database."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from tthc.core.timezone import VIETNAM
from tthc.workcalendar.arithmetic import WorkingCalendar
from tthc.workcalendar.periods import parse_periods
from tthc.workcalendar.statutory import statutory_days_off, statutory_working_days

DEFAULT_PERIODS = parse_periods([["07:00", "11:30"], ["13:30", "17:00"]])


def statutory_calendar(
    first_year: int = 2024,
    last_year: int = 2031,
    *,
    periods=DEFAULT_PERIODS,
    extra_off: Iterable[datetime.date] = (),
    extra_work: Iterable[datetime.date] = (),
) -> WorkingCalendar:
    """The law's calendar for the years, with extra days off / working days on top (as overrides would)."""
    off: set[datetime.date] = set()
    work: set[datetime.date] = set()
    for year in range(first_year, last_year + 1):
        off |= set(statutory_days_off(year))
        work |= set(statutory_working_days(year))
    off = (off | set(extra_off)) - set(extra_work)
    work = (work | set(extra_work)) - set(extra_off)
    return WorkingCalendar(
        first_year=first_year,
        last_year=last_year,
        periods=periods,
        days_off=frozenset(off),
        working_days=frozenset(work),
    )


def at(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime.datetime:
    """An instant in Vietnamese time."""
    return datetime.datetime(year, month, day, hour, minute, tzinfo=VIETNAM)
