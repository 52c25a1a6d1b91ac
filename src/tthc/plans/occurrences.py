"""The occurrences of a task: one per period it recurs in, each with its own due date (pure functions).

* monthly → one per month of the task's span (twelve over a whole year); quarterly → one per quarter (four);
  periods the text enumerates ("Quý I, Quý II, Quý III và năm") → one each, in the order written;
* once, continuous, yearly → one, from the span's start to its end (a whole year for "Thường xuyên");
* on_event and what has no date ("Theo Kế hoạch …") → one occurrence without a due date: it is tracked,
  never reminded nor overdue.

The due date of a period is its last day (the deadline, when the text names one).
"""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass

from tthc.plans.timeframes import Timeframe

_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


@dataclass(frozen=True)
class Period:
    label: str
    start: datetime.date | None
    due: datetime.date | None


def _month_end(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def _months(start: datetime.date, end: datetime.date) -> list[Period]:
    periods = []
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        periods.append(
            Period(f"Tháng {month:02d}/{year}", datetime.date(year, month, 1), _month_end(year, month))
        )
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return periods


def _quarters(start: datetime.date, end: datetime.date) -> list[Period]:
    periods = []
    year, quarter = start.year, (start.month - 1) // 3 + 1
    while (year, quarter) <= (end.year, (end.month - 1) // 3 + 1):
        first = datetime.date(year, 3 * quarter - 2, 1)
        periods.append(Period(f"Quý {_ROMAN[quarter]}/{year}", first, _month_end(year, 3 * quarter)))
        year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)
    return periods


def _label(start: datetime.date, end: datetime.date) -> str:
    if start.day == 1 and end == _month_end(end.year, end.month):
        if start.month == 1 and end.month == 12 and start.year == end.year:
            return f"Năm {start.year}"
        if (start.year, start.month) == (end.year, end.month):
            return f"Tháng {start.month:02d}/{start.year}"
        if end.month - start.month == 2 and start.month % 3 == 1 and start.year == end.year:
            return f"Quý {_ROMAN[(start.month + 2) // 3]}/{start.year}"
        if end.month - start.month == 5 and start.month in (1, 7) and start.year == end.year:
            return f"6 tháng {'đầu' if start.month == 1 else 'cuối'} năm {start.year}"
    return f"{start:%d/%m/%Y} – {end:%d/%m/%Y}"


def periods_of(timeframe: Timeframe, *, year: int) -> list[Period]:
    """The periods of a task whose timeframe is ``timeframe``, in a plan of ``year``."""
    recurrence, start, end = timeframe.recurrence, timeframe.start, timeframe.end
    if timeframe.periods and recurrence in ("quarterly", "monthly", "unspecified"):
        return [Period(_label(s, e), s, e) for s, e in timeframe.periods]
    if recurrence in ("monthly", "quarterly"):
        first = start or datetime.date(year, 1, 1)
        last = end or datetime.date(year, 12, 31)
        if first > last:
            first = datetime.date(last.year, 1, 1)
        return (_months if recurrence == "monthly" else _quarters)(first, last)
    if recurrence in ("once", "continuous", "yearly") and end is not None:
        label = _label(start, end) if start else f"Trước {end:%d/%m/%Y}"
        return [Period(label, start, end)]
    if recurrence == "on_event":
        return [Period("Khi phát sinh", None, None)]
    return [Period("Không có hạn cụ thể", start, end)]
