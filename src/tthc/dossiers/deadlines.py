"""The dossier's legal clock: pure functions over a working calendar (no database, no clock).

Rules (RULES.md §1, Decree 61/2018 as the default rule set):

* The due instant is the procedure's time limit added to the receipt instant on the competent agency's
  calendar (:func:`tthc.workcalendar.arithmetic.add_duration` semantics).
* A dossier received on a working day before the forwarding cut-off (15:00) reaches the processing agency that
  day; one received later, or on a day off, at the start of the next working day.
* A supplement may be requested only up to ``n`` working days after receipt (3 by default).
* When the complete dossier arrives the clock either restarts from zero (``restart``) or continues with the
  working time that was left when it paused (``continue``).
* An apology with a new date must be sent at least ``n`` working days (1) before the due instant.
* Status against the due date: finished before / on / after the due *date*; in progress within time while the
  due instant is not past, else late; paused while waiting for a supplement; withdrawn or stopped when it was
  closed without a result.
* A dossier is "due soon" from ``n`` working hours before its due instant (:func:`working_hours_before`).
* A new date given with an apology must be a working instant (:func:`is_working_instant`).
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from tthc.workcalendar.arithmetic import (
    CALENDAR_DAYS,
    WORKING_DAYS,
    WORKING_HOURS,
    WorkingCalendar,
    add_duration,
    is_working_day,
    next_working_day,
    next_working_instant,
    working_time_between,
)

RESTART = "restart"
CONTINUE = "continue"
SUPPLEMENT_MODES = (RESTART, CONTINUE)

EARLY = "early"
ON_TIME = "on_time"
LATE = "late"
IN_PROGRESS_ON_TIME = "in_progress_on_time"
IN_PROGRESS_LATE = "in_progress_late"
PAUSED = "paused"
WITHDRAWN = "withdrawn"
STOPPED = "stopped"
NOT_RECEIVED = "not_received"
AWAITING_INTAKE = "awaiting_intake"
FINISHED_OUTCOMES = (EARLY, ON_TIME, LATE)
OUTCOME_LABELS = {
    EARLY: "Hoàn thành trước hạn",
    ON_TIME: "Hoàn thành đúng hạn",
    LATE: "Hoàn thành quá hạn",
    IN_PROGRESS_ON_TIME: "Đang giải quyết trong hạn",
    IN_PROGRESS_LATE: "Đang giải quyết quá hạn",
    PAUSED: "Tạm dừng chờ bổ sung",
    WITHDRAWN: "Công dân đã rút hồ sơ",
    STOPPED: "Đã dừng xử lý",
    NOT_RECEIVED: "Không tiếp nhận (đã hướng dẫn bổ sung hoặc từ chối)",
    AWAITING_INTAKE: "Chờ bộ phận một cửa tiếp nhận",
}


def parse_clock(text: str) -> datetime.time:
    hours, minutes = str(text).split(":")
    return datetime.time(int(hours), int(minutes))


def due_instant(
    start: datetime.datetime, *, amount: Decimal | int | str, unit: str, calendar: WorkingCalendar
) -> datetime.datetime:
    return add_duration(start, amount=amount, unit=unit, calendar=calendar)


def forwarding_instant(
    received_at: datetime.datetime, *, cutoff: datetime.time, calendar: WorkingCalendar
) -> datetime.datetime:
    """When a dossier received at the desk at ``received_at`` reaches the processing agency."""
    local = received_at.astimezone(calendar.timezone)
    if is_working_day(local.date(), calendar=calendar) and local.time() < cutoff:
        return next_working_instant(received_at, calendar=calendar)
    day = next_working_day(local.date(), calendar=calendar)
    return datetime.datetime.combine(day, calendar.periods[0][0], tzinfo=calendar.timezone)


def supplement_request_limit(
    received_at: datetime.datetime, *, working_days: int, calendar: WorkingCalendar
) -> datetime.datetime:
    """The last instant at which the processing agency may still ask for a supplement."""
    return add_duration(received_at, amount=working_days, unit=WORKING_DAYS, calendar=calendar)


def resumed_due(
    *,
    mode: str,
    paused_at: datetime.datetime,
    resumed_at: datetime.datetime,
    due_at: datetime.datetime,
    amount: Decimal | int | str,
    unit: str,
    calendar: WorkingCalendar,
) -> datetime.datetime:
    """The due instant once the complete dossier arrives at ``resumed_at`` after pausing at ``paused_at``."""
    if mode == RESTART:
        return add_duration(resumed_at, amount=amount, unit=unit, calendar=calendar)
    if mode != CONTINUE:
        raise ValueError(f"unknown supplement mode {mode!r}")
    if unit == CALENDAR_DAYS:
        remaining_days = max((due_at.date() - paused_at.date()).days, 0)
        return add_duration(resumed_at, amount=remaining_days, unit=CALENDAR_DAYS, calendar=calendar)
    remaining = working_time_between(paused_at, due_at, calendar=calendar)
    hours = Decimal(remaining.total_seconds()) / 3600
    return add_duration(resumed_at, amount=hours, unit=WORKING_HOURS, calendar=calendar)


def step_due_instants(
    start: datetime.datetime, *, due: datetime.datetime, shares: list[int], calendar: WorkingCalendar
) -> list[datetime.datetime]:
    """Due instants of consecutive steps sharing the working time from ``start`` to ``due`` by percent."""
    total = working_time_between(start, due, calendar=calendar)
    total_share = sum(shares) or 1
    instants, cumulative = [], 0
    for index, share in enumerate(shares):
        cumulative += share
        if index == len(shares) - 1:
            instants.append(due)
            continue
        hours = Decimal(total.total_seconds()) * cumulative / total_share / 3600
        instants.append(add_duration(start, amount=hours, unit=WORKING_HOURS, calendar=calendar))
    return instants


def apology_in_time(
    now: datetime.datetime, *, due_at: datetime.datetime, working_days: int, calendar: WorkingCalendar
) -> bool:
    """Whether at least ``working_days`` working days remain before ``due_at`` at ``now``."""
    return working_time_between(now, due_at, calendar=calendar) >= calendar.day_length * working_days


def working_hours_before(
    end: datetime.datetime, *, hours: float | int | Decimal, calendar: WorkingCalendar
) -> datetime.datetime:
    """The latest instant from which ``hours`` working hours remain until ``end`` (``end`` itself for 0).

    The inverse of :func:`add_duration` backwards: ``working_time_between(working_hours_before(e, h), e)`` is
    ``h`` hours.
    """
    remaining = datetime.timedelta(hours=float(hours))
    if remaining <= datetime.timedelta(0):
        return end
    local = end.astimezone(calendar.timezone).replace(tzinfo=None)
    day, cursor = local.date(), local
    while True:
        if is_working_day(day, calendar=calendar):
            for start, stop in reversed(calendar.periods):
                lo = datetime.datetime.combine(day, start)
                hi = min(datetime.datetime.combine(day, stop), cursor)
                if hi <= lo:
                    continue
                if hi - lo >= remaining:
                    return (hi - remaining).replace(tzinfo=calendar.timezone)
                remaining -= hi - lo
        day -= datetime.timedelta(days=1)
        cursor = datetime.datetime.combine(day, datetime.time.max)


def is_working_instant(instant: datetime.datetime, *, calendar: WorkingCalendar) -> bool:
    """Whether ``instant`` lies on a working day within a working period, its end included (17:00 is a
    working instant for a due date: the end of the day's work)."""
    local = instant.astimezone(calendar.timezone)
    if not is_working_day(local.date(), calendar=calendar):
        return False
    moment = local.time().replace(tzinfo=None)
    return any(start <= moment <= end for start, end in calendar.periods)


def behind_schedule(now: datetime.datetime, *, step_due_at: datetime.datetime | None) -> bool:
    """Whether a dossier will be late: its current step is past its own due instant.

    The steps are laid end to end up to the dossier's due instant, so "the working time left is less than the
    remaining steps' shares" is the same condition: the steps after the current one need exactly the time
    from the current step's due instant to the dossier's.
    """
    return step_due_at is not None and now > step_due_at


def working_hours_left(
    now: datetime.datetime, *, due_at: datetime.datetime, calendar: WorkingCalendar
) -> float:
    return working_time_between(now, due_at, calendar=calendar).total_seconds() / 3600


def outcome(
    *,
    due_at: datetime.datetime | None,
    finished_at: datetime.datetime | None,
    paused: bool,
    at: datetime.datetime,
    timezone: datetime.tzinfo,
    closed: str = "",
) -> str:
    """Where a dossier stands against its due date at instant ``at`` (e.g. the end of a reporting period).

    ``closed`` is :data:`WITHDRAWN` or :data:`STOPPED` for a dossier closed without a result at
    ``finished_at``: from then on that is its final outcome, not a finish before, on or after the date.
    """
    if closed and finished_at is not None and finished_at <= at:
        return closed
    if finished_at is not None and finished_at <= at:
        if due_at is None:
            return ON_TIME
        finished_day = finished_at.astimezone(timezone).date()
        due_day = due_at.astimezone(timezone).date()
        if finished_day < due_day:
            return EARLY
        return ON_TIME if finished_day == due_day else LATE
    if paused:
        return PAUSED
    if due_at is None or due_at >= at:
        return IN_PROGRESS_ON_TIME
    return IN_PROGRESS_LATE
