"""The dossier clock as pure functions: no database, fixed calendars."""

import datetime
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from tthc.core.timezone import VIETNAM
from tthc.dossiers import deadlines
from tthc.dossiers.tests.helpers import at
from tthc.workcalendar.arithmetic import add_duration, working_time_between
from tthc.workcalendar.tests.calendars import statutory_calendar

CALENDAR = statutory_calendar(2025, 2028)
CUTOFF = datetime.time(15, 0)


def test_received_on_a_day_off_is_forwarded_at_the_start_of_the_next_working_day():
    saturday = at("2026-03-07", "10:00")
    assert deadlines.forwarding_instant(saturday, cutoff=CUTOFF, calendar=CALENDAR) == at(
        "2026-03-09", "07:00"
    )


def test_received_in_the_lunch_break_is_forwarded_when_the_afternoon_starts():
    assert deadlines.forwarding_instant(at("2026-03-02", "12:00"), cutoff=CUTOFF, calendar=CALENDAR) == at(
        "2026-03-02", "13:30"
    )


def test_tet_holidays_are_skipped_by_the_due_date():
    # 3 working days from Friday 24/01/2025 09:00 over Tết (27/01–02/02/2025) → Wednesday 05/02/2025 09:00.
    due = deadlines.due_instant(at("2025-01-24"), amount=3, unit="working_days", calendar=CALENDAR)
    assert due == at("2025-02-05")


def test_finished_before_on_and_after_the_due_date():
    due = at("2026-03-09", "09:00")
    kwargs = dict(due_at=due, paused=False, at=at("2026-03-31"), timezone=VIETNAM)
    assert deadlines.outcome(finished_at=at("2026-03-06", "16:00"), **kwargs) == deadlines.EARLY
    assert deadlines.outcome(finished_at=at("2026-03-09", "16:00"), **kwargs) == deadlines.ON_TIME
    assert deadlines.outcome(finished_at=at("2026-03-10", "08:00"), **kwargs) == deadlines.LATE


def test_in_progress_at_the_end_of_a_period_is_within_time_until_the_due_instant():
    due = at("2026-03-09", "09:00")
    assert (
        deadlines.outcome(
            due_at=due, finished_at=None, paused=False, at=at("2026-03-09", "08:00"), timezone=VIETNAM
        )
        == deadlines.IN_PROGRESS_ON_TIME
    )
    assert (
        deadlines.outcome(due_at=due, finished_at=None, paused=False, at=at("2026-03-14"), timezone=VIETNAM)
        == deadlines.IN_PROGRESS_LATE
    )
    assert (
        deadlines.outcome(due_at=due, finished_at=None, paused=True, at=at("2026-03-14"), timezone=VIETNAM)
        == deadlines.PAUSED
    )


def test_finished_after_the_period_end_counts_as_in_progress_in_that_period():
    due = at("2026-03-09", "09:00")
    assert (
        deadlines.outcome(
            due_at=due, finished_at=at("2026-03-20"), paused=False, at=at("2026-03-14"), timezone=VIETNAM
        )
        == deadlines.IN_PROGRESS_LATE
    )


starts = st.datetimes(min_value=datetime.datetime(2025, 1, 1), max_value=datetime.datetime(2026, 12, 31)).map(
    lambda naive: naive.replace(second=0, microsecond=0, tzinfo=VIETNAM)
)


@settings(max_examples=150, deadline=None)
@given(start=starts, hours=st.integers(min_value=1, max_value=300))
def test_working_time_between_is_the_inverse_of_adding_working_hours(start, hours):
    due = add_duration(start, amount=hours, unit="working_hours", calendar=CALENDAR)
    assert working_time_between(start, due, calendar=CALENDAR) == datetime.timedelta(hours=hours)


@settings(max_examples=100, deadline=None)
@given(
    start=starts,
    paused_after=st.integers(min_value=0, max_value=39),
    gap=st.integers(min_value=0, max_value=30),
)
def test_continue_mode_keeps_exactly_the_working_time_that_was_left(start, paused_after, gap):
    due = add_duration(start, amount=5, unit="working_days", calendar=CALENDAR)
    paused = add_duration(start, amount=paused_after, unit="working_hours", calendar=CALENDAR)
    resumed = paused + datetime.timedelta(days=gap)
    new_due = deadlines.resumed_due(
        mode=deadlines.CONTINUE,
        paused_at=paused,
        resumed_at=resumed,
        due_at=due,
        amount=5,
        unit="working_days",
        calendar=CALENDAR,
    )
    left = working_time_between(paused, due, calendar=CALENDAR)
    assert working_time_between(resumed, new_due, calendar=CALENDAR) == left
    assert left == datetime.timedelta(hours=40 - paused_after)


def test_restart_mode_gives_the_whole_time_limit_again():
    new_due = deadlines.resumed_due(
        mode=deadlines.RESTART,
        paused_at=at("2026-03-03"),
        resumed_at=at("2026-03-16"),
        due_at=at("2026-03-09"),
        amount=Decimal(5),
        unit="working_days",
        calendar=CALENDAR,
    )
    assert new_due == at("2026-03-23")
