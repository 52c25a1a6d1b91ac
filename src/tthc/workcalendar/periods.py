"""Working periods of a day (``07:00–11:30``, ``13:30–17:00``): parsing, validation and display.

A period is a pair of wall-clock times ``(start, end)`` with ``start < end``; a day's periods are ordered
and do not overlap (they may touch: ``07:00–12:00`` then ``12:00–17:00`` is fine). Stored as JSON, a day's
periods are a list of ``["HH:MM", "HH:MM"]`` pairs, the shape of the rule
``calendar.default_working_periods``.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Sequence

from tthc.core.errors import ValidationFailed

Period = tuple[datetime.time, datetime.time]

_CLOCK = re.compile(r"^\s*(\d{1,2})[:hH.](\d{2})\s*$")


class InvalidPeriods(ValidationFailed, ValueError):
    """Working periods that cannot be used; the message says which and why (in Vietnamese)."""


def parse_clock(text: str) -> datetime.time:
    """``"7:00"`` / ``"07:00"`` / ``"07h00"`` → ``time(7, 0)``."""
    match = _CLOCK.match(str(text))
    if not match or int(match[1]) > 23 or int(match[2]) > 59:
        raise InvalidPeriods(
            f"Giờ «{text}» không hợp lệ; nhập theo dạng HH:MM, ví dụ 07:30.", field="periods"
        )
    return datetime.time(int(match[1]), int(match[2]))


def format_clock(value: datetime.time) -> str:
    return value.strftime("%H:%M")


def format_periods(periods: Iterable[Period]) -> str:
    """``"07:00–11:30, 13:30–17:00"`` for display."""
    return ", ".join(f"{format_clock(start)}–{format_clock(end)}" for start, end in periods)


def periods_to_json(periods: Iterable[Period]) -> list[list[str]]:
    return [[format_clock(start), format_clock(end)] for start, end in periods]


def day_length(periods: Iterable[Period]) -> datetime.timedelta:
    """The working time of one day made of ``periods``."""
    combine, day = datetime.datetime.combine, datetime.date.min
    return sum((combine(day, end) - combine(day, start) for start, end in periods), datetime.timedelta())


def validate_periods(periods: Sequence[Period]) -> None:
    """Raise :class:`InvalidPeriods` unless ``periods`` is a non-empty, ordered, non-overlapping list."""
    if not periods:
        raise InvalidPeriods("Cần ít nhất một khoảng giờ làm việc trong ngày.", field="periods")
    previous: Period | None = None
    for number, (start, end) in enumerate(periods, start=1):
        if not start < end:
            raise InvalidPeriods(
                f"Khoảng giờ thứ {number}: giờ bắt đầu {format_clock(start)} phải trước giờ kết thúc "
                f"{format_clock(end)}.",
                field="periods",
            )
        if previous is not None and start < previous[1]:
            raise InvalidPeriods(
                f"Các khoảng giờ làm việc phải theo thứ tự thời gian và không chồng lên nhau: "
                f"{format_periods([(start, end)])} đứng sau {format_periods([previous])}.",
                field="periods",
            )
        previous = (start, end)


def parse_periods(raw: Iterable[Sequence[str] | Sequence[datetime.time]]) -> tuple[Period, ...]:
    """Periods from their JSON shape (``[["07:00", "11:30"], ...]``) or from pairs of times, validated."""
    periods: list[Period] = []
    for number, pair in enumerate(raw, start=1):
        if isinstance(pair, str) or len(pair) != 2:
            raise InvalidPeriods(
                f"Khoảng giờ thứ {number} phải gồm đúng hai mốc giờ (bắt đầu, kết thúc).", field="periods"
            )
        start, end = (p if isinstance(p, datetime.time) else parse_clock(p) for p in pair)
        periods.append((start, end))
    validate_periods(periods)
    return tuple(periods)


def parse_periods_text(text: str) -> tuple[Period, ...]:
    """Periods typed in a form: ``"07:00-11:30, 13:30-17:00"`` (commas, semicolons or new lines between)."""
    pairs = []
    for chunk in re.split(r"[,;\n]+", text or ""):
        if not chunk.strip():
            continue
        parts = re.split(r"\s*[-–—]\s*", chunk.strip())
        if len(parts) != 2:
            raise InvalidPeriods(
                f"«{chunk.strip()}» không phải một khoảng giờ; nhập theo dạng 07:00-11:30.", field="periods"
            )
        pairs.append(parts)
    return parse_periods(pairs)
