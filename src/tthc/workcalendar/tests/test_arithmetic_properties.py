"""Properties of the due-date arithmetic that must hold for any start and amount (hypothesis)."""

import datetime
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from tthc.core.timezone import VIETNAM
from tthc.workcalendar.arithmetic import add_duration, is_working_day, is_working_time, next_working_instant
from tthc.workcalendar.periods import parse_periods
from tthc.workcalendar.tests.calendars import statutory_calendar

# The law's calendar plus a few province overrides (an extra day off, a working Saturday, a working holiday).
OVERRIDES_OFF = [datetime.date(2026, 3, 10), datetime.date(2027, 12, 31)]
OVERRIDES_WORK = [datetime.date(2026, 3, 7), datetime.date(2026, 11, 24)]
CALENDARS = [
    statutory_calendar(2024, 2035, extra_off=OVERRIDES_OFF, extra_work=OVERRIDES_WORK),
    statutory_calendar(2024, 2035, periods=parse_periods([["07:30", "11:30"], ["13:00", "17:00"]])),
    statutory_calendar(2024, 2035, periods=parse_periods([["07:00", "11:00"]])),
    statutory_calendar(
        2024, 2035, periods=parse_periods([["08:00", "10:00"], ["10:00", "12:00"], ["14:00", "18:00"]])
    ),
]

calendars = st.sampled_from(CALENDARS)
starts = st.datetimes(
    min_value=datetime.datetime(2024, 1, 1), max_value=datetime.datetime(2027, 12, 31, 23, 59)
).map(lambda naive: naive.replace(second=0, microsecond=0, tzinfo=VIETNAM))
# Whole numbers and quarters: amounts a clerk types, and exact in microseconds so a+b stays exact.
working_amounts = st.one_of(
    st.integers(min_value=0, max_value=400).map(Decimal),
    st.integers(min_value=1, max_value=400).map(lambda q: Decimal(q) / 4),
)
positive_amounts = working_amounts.filter(lambda amount: amount > 0)
units = st.sampled_from(["working_days", "working_hours", "calendar_days"])


def inside_a_period(instant, calendar) -> bool:
    """On a working day, within a period with its end included (a due instant may be 17:00 sharp)."""
    local = instant.astimezone(calendar.timezone)
    return is_working_day(local.date(), calendar=calendar) and any(
        start <= local.time().replace(tzinfo=None) <= end for start, end in calendar.periods
    )


@settings(max_examples=300)
@given(start=starts, amount=working_amounts, unit=units, calendar=calendars)
def test_the_due_instant_is_never_before_the_start(start, amount, unit, calendar):
    if unit == "calendar_days":
        amount = amount.to_integral_value()
    assert add_duration(start, amount=amount, unit=unit, calendar=calendar) >= start


@settings(max_examples=300)
@given(start=starts, amount=working_amounts, unit=units, calendar=calendars)
def test_the_due_instant_never_falls_on_a_day_off(start, amount, unit, calendar):
    if unit == "calendar_days":
        amount = amount.to_integral_value()
    due = add_duration(start, amount=amount, unit=unit, calendar=calendar)
    assert is_working_day(due.astimezone(calendar.timezone).date(), calendar=calendar)


@settings(max_examples=300)
@given(start=starts, amount=positive_amounts, unit=units, calendar=calendars)
def test_a_positive_amount_lands_inside_working_time(start, amount, unit, calendar):
    if unit == "calendar_days":
        amount = max(amount.to_integral_value(), 1)
    due = add_duration(start, amount=amount, unit=unit, calendar=calendar)
    assert inside_a_period(due, calendar)


@settings(max_examples=300)
@given(start=starts, a=positive_amounts, b=positive_amounts, calendar=calendars)
def test_adding_a_then_b_working_hours_equals_adding_a_plus_b(start, a, b, calendar):
    def add(instant, amount):
        return add_duration(instant, amount=amount, unit="working_hours", calendar=calendar)

    assert add(add(start, a), b) == add(start, a + b)


@settings(max_examples=300)
@given(start=starts, a=positive_amounts, b=positive_amounts, calendar=calendars)
def test_adding_a_then_b_working_days_equals_adding_a_plus_b(start, a, b, calendar):
    def add(instant, amount):
        return add_duration(instant, amount=amount, unit="working_days", calendar=calendar)

    assert add(add(start, a), b) == add(start, a + b)


@settings(max_examples=200)
@given(start=starts, calendar=calendars)
def test_the_next_working_instant_is_working_time_and_not_before_the_start(start, calendar):
    instant = next_working_instant(start, calendar=calendar)
    assert instant >= start
    assert is_working_time(instant, calendar=calendar)
    if is_working_time(start, calendar=calendar):
        assert instant == start


@settings(max_examples=200)
@given(start=starts, amount=st.integers(min_value=1, max_value=200), calendar=calendars)
def test_n_working_days_equal_n_times_the_day_length_in_working_hours(start, amount, calendar):
    hours = Decimal(calendar.day_length.total_seconds()) / 3600 * amount
    by_days = add_duration(start, amount=amount, unit="working_days", calendar=calendar)
    assert by_days == add_duration(start, amount=hours, unit="working_hours", calendar=calendar)
