"""Working-time arithmetic on plain calendars (no database, no clock)."""

import datetime
import zoneinfo
from decimal import Decimal

import pytest

from tthc.workcalendar.arithmetic import (
    InvalidDuration,
    OutsideCalendar,
    WorkingCalendar,
    add_duration,
    is_working_day,
    is_working_time,
    next_working_instant,
)
from tthc.workcalendar.periods import InvalidPeriods, parse_periods
from tthc.workcalendar.tests.calendars import DEFAULT_PERIODS, at, statutory_calendar

CAL = statutory_calendar()
D = datetime.date


def add(start, amount, unit="working_days", calendar=CAL):
    return add_duration(start, amount=amount, unit=unit, calendar=calendar)


def test_weekend_days_are_off():
    assert not is_working_day(D(2026, 3, 7), calendar=CAL)  # Saturday
    assert not is_working_day(D(2026, 3, 8), calendar=CAL)  # Sunday
    assert is_working_day(D(2026, 3, 9), calendar=CAL)


def test_working_saturday_override_counts_as_working_day():
    calendar = statutory_calendar(extra_work=[D(2026, 3, 7)])
    assert is_working_day(D(2026, 3, 7), calendar=calendar)
    # Friday 16:00 + 1 working day: 1 h on Friday, the working Saturday, lands Saturday 16:00.
    assert add(at(2026, 3, 6, 16), 1, calendar=calendar) == at(2026, 3, 7, 16)


def test_extra_day_off_is_skipped():
    calendar = statutory_calendar(extra_off=[D(2026, 3, 10)])
    assert add(at(2026, 3, 9, 9), 1, calendar=calendar) == at(2026, 3, 11, 9)


def test_working_periods_include_their_start_and_exclude_their_end():
    assert is_working_time(at(2026, 3, 9, 7), calendar=CAL)
    assert is_working_time(at(2026, 3, 9, 11, 29), calendar=CAL)
    assert not is_working_time(at(2026, 3, 9, 11, 30), calendar=CAL)
    assert is_working_time(at(2026, 3, 9, 13, 30), calendar=CAL)
    assert not is_working_time(at(2026, 3, 9, 17), calendar=CAL)
    assert not is_working_time(at(2026, 3, 7, 9), calendar=CAL)  # Saturday


def test_start_after_1700_begins_next_morning():
    assert next_working_instant(at(2026, 3, 9, 17, 30), calendar=CAL) == at(2026, 3, 10, 7)
    assert add(at(2026, 3, 9, 18), 2, "working_hours") == at(2026, 3, 10, 9)


def test_start_in_lunch_break_begins_at_1330():
    assert next_working_instant(at(2026, 3, 9, 12), calendar=CAL) == at(2026, 3, 9, 13, 30)
    assert add(at(2026, 3, 9, 12), 1, "working_hours") == at(2026, 3, 9, 14, 30)


def test_start_before_opening_begins_at_0700():
    assert next_working_instant(at(2026, 3, 9, 5), calendar=CAL) == at(2026, 3, 9, 7)


def test_start_on_a_saturday_begins_monday_morning():
    assert next_working_instant(at(2026, 3, 7, 10), calendar=CAL) == at(2026, 3, 9, 7)


def test_start_on_a_holiday_begins_on_the_next_working_day():
    # Tết 2026 ends Friday 20 February; the next working day is Monday 23 February.
    assert next_working_instant(at(2026, 2, 17, 9), calendar=CAL) == at(2026, 2, 23, 7)


def test_one_working_day_from_monday_0900_lands_tuesday_0900():
    assert add(at(2026, 3, 9, 9), 1) == at(2026, 3, 10, 9)


def test_one_working_day_from_monday_0700_lands_monday_1700_not_next_morning():
    assert add(at(2026, 3, 9, 7), 1) == at(2026, 3, 9, 17)


def test_landing_exactly_at_the_lunch_break_stays_at_1130():
    assert add(at(2026, 3, 9, 7), Decimal("4.5"), "working_hours") == at(2026, 3, 9, 11, 30)


def test_three_working_days_skip_the_weekend():
    # Thursday 09:00 + 3 working days: Friday, Monday, Tuesday 09:00.
    assert add(at(2026, 3, 5, 9), 3) == at(2026, 3, 10, 9)


def test_one_working_day_from_friday_afternoon_lands_monday_afternoon():
    assert add(at(2026, 3, 6, 16), 1) == at(2026, 3, 9, 16)


def test_three_working_days_from_friday_before_tet_2025_land_on_5_february():
    # Tết 2025: 27 January – 1 February off, 2 February is a Sunday.
    assert add(at(2025, 1, 24, 9), 3) == at(2025, 2, 5, 9)


def test_half_a_working_day_is_four_hours():
    assert add(at(2026, 3, 9, 7), Decimal("0.5")) == at(2026, 3, 9, 11)
    assert add(at(2026, 3, 9, 7), "0.5") == add(at(2026, 3, 9, 7), 4, "working_hours")


def test_working_hours_cross_the_lunch_break():
    assert add(at(2026, 3, 9, 10, 30), 2, "working_hours") == at(2026, 3, 9, 14, 30)


def test_working_hours_cross_the_year_end_and_new_years_day():
    # Wednesday 31 December 2025 16:00 + 2 h: 1 h that day; 1 January is off; Friday 2 January 08:00.
    assert add(at(2025, 12, 31, 16), 2, "working_hours") == at(2026, 1, 2, 8)


def test_zero_amount_returns_the_normalised_start():
    assert add(at(2026, 3, 9, 18), 0) == at(2026, 3, 10, 7)
    assert add(at(2026, 3, 9, 9), 0, "calendar_days") == at(2026, 3, 9, 9)


def test_negative_amount_is_refused():
    with pytest.raises(ValueError, match="không được âm"):
        add(at(2026, 3, 9, 9), -1)


def test_unknown_unit_is_refused():
    with pytest.raises(InvalidDuration, match="weeks"):
        add(at(2026, 3, 9, 9), 1, "weeks")


def test_an_amount_that_is_not_a_number_is_refused():
    with pytest.raises(InvalidDuration, match="không phải là một số"):
        add(at(2026, 3, 9, 9), "ba")


def test_calendar_days_landing_on_a_working_day_keep_the_clock_time():
    assert add(at(2026, 3, 9, 9), 10, "calendar_days") == at(2026, 3, 19, 9)


def test_calendar_days_landing_on_a_day_off_move_to_next_working_day():
    # Thursday 5 March + 2 days = Saturday 7 March → Monday 9 March, same clock time.
    assert add(at(2026, 3, 5, 14), 2, "calendar_days") == at(2026, 3, 9, 14)
    # Friday 24 January 2025 + 3 days = 27 January (Tết) → Monday 3 February.
    assert add(at(2025, 1, 24, 9), 3, "calendar_days") == at(2025, 2, 3, 9)


def test_calendar_days_start_from_the_normalised_start():
    # Received Friday 18:00: counts from Monday 07:00; + 1 day = Tuesday 07:00.
    assert add(at(2026, 3, 6, 18), 1, "calendar_days") == at(2026, 3, 10, 7)


def test_fractional_calendar_days_are_refused():
    with pytest.raises(InvalidDuration, match="số nguyên"):
        add(at(2026, 3, 9, 9), Decimal("1.5"), "calendar_days")


def test_agency_working_hours_change_the_day_length():
    mornings = statutory_calendar(periods=parse_periods([["07:00", "11:00"]]))
    assert mornings.day_length == datetime.timedelta(hours=4)
    # One working day of a morning-only agency from Monday 09:00: 2 h Monday, 2 h Tuesday.
    assert add(at(2026, 3, 9, 9), 1, calendar=mornings) == at(2026, 3, 10, 9)
    assert add(at(2026, 3, 9, 7), Decimal("0.5"), calendar=mornings) == at(2026, 3, 9, 9)
    assert next_working_instant(at(2026, 3, 9, 12), calendar=mornings) == at(2026, 3, 10, 7)


def test_default_day_is_eight_hours():
    assert CAL.day_length == datetime.timedelta(hours=8)


def test_arithmetic_beyond_the_years_of_the_calendar_raises_a_clear_error():
    short = statutory_calendar(2026, 2026)
    with pytest.raises(OutsideCalendar, match="2026–2026"):
        add(at(2026, 12, 30, 9), 5, calendar=short)


def test_a_naive_instant_is_refused():
    with pytest.raises(ValueError, match="timezone-aware"):
        add(datetime.datetime(2026, 3, 9, 9), 1)


def test_an_instant_in_another_timezone_is_read_in_vietnamese_time():
    utc_0200 = datetime.datetime(2026, 3, 9, 2, tzinfo=zoneinfo.ZoneInfo("UTC"))  # 09:00 in Vietnam
    result = add(utc_0200, 1)
    assert result == at(2026, 3, 10, 9)
    assert result.utcoffset() == datetime.timedelta(hours=7)


def test_long_amounts_cross_several_years():
    # About 245 working days a year: 500 working days from early 2025 land in early 2027.
    result = add(at(2025, 1, 2, 9), 500)
    assert result.year == 2027
    assert is_working_time(result, calendar=CAL)


def test_calendar_refuses_overlapping_periods():
    with pytest.raises(InvalidPeriods):
        WorkingCalendar(first_year=2026, last_year=2026, periods=tuple(reversed(DEFAULT_PERIODS)))


def test_calendar_refuses_a_day_both_off_and_working():
    day = D(2026, 3, 7)
    with pytest.raises(ValueError, match="both off and working"):
        WorkingCalendar(
            first_year=2026, last_year=2026, periods=DEFAULT_PERIODS, days_off={day}, working_days={day}
        )
