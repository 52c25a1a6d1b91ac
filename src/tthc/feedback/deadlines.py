"""Feedback deadlines on the working calendar, with the rules in force on the day of the event.

* classify and forward: ``feedback.forward_working_days`` (5) working days from receipt, on the receiving
  agency's calendar;
* answer: ``feedback.answer_working_days`` working days from the day the competent agency got the case
  (forwarding, acceptance in its own competence, or a reopening), on that agency's calendar;
* the reminder falls ``feedback.reminder_working_days`` before the deadline (computed forwards from the start,
  so no arithmetic runs backwards);
* an unsatisfied sender may have the case reopened within ``feedback.reopen_working_days`` working days of the
  answer, on the answering agency's calendar.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from tthc.core.timezone import local
from tthc.legalrules.selectors import rule_value
from tthc.organisation.models import Agency
from tthc.workcalendar.arithmetic import WORKING_DAYS
from tthc.workcalendar.selectors import due_at

FORWARD_RULE = "feedback.forward_working_days"
ANSWER_RULE = "feedback.answer_working_days"
REMINDER_RULE = "feedback.reminder_working_days"
REOPEN_RULE = "feedback.reopen_working_days"


@dataclass(frozen=True)
class Deadline:
    due_at: datetime.datetime
    remind_at: datetime.datetime
    working_days: int


def _deadline(*, rule: str, start: datetime.datetime, agency: Agency | None) -> Deadline:
    on = local(start).date()
    days = int(rule_value(rule, on=on))
    before = int(rule_value(REMINDER_RULE, on=on))
    due = due_at(start=start, amount=days, unit=WORKING_DAYS, agency=agency)
    remind = due_at(start=start, amount=max(days - before, 0), unit=WORKING_DAYS, agency=agency)
    return Deadline(due_at=due, remind_at=remind, working_days=days)


def forwarding_deadline(*, received_at: datetime.datetime, agency: Agency | None) -> Deadline:
    return _deadline(rule=FORWARD_RULE, start=received_at, agency=agency)


def answer_deadline(*, start: datetime.datetime, agency: Agency | None) -> Deadline:
    return _deadline(rule=ANSWER_RULE, start=start, agency=agency)


def reopen_deadline(*, answered_at: datetime.datetime, agency: Agency | None) -> datetime.datetime:
    """Until when an unsatisfied sender may have the answered case reopened."""
    days = int(rule_value(REOPEN_RULE, on=local(answered_at).date()))
    return due_at(start=answered_at, amount=days, unit=WORKING_DAYS, agency=agency)
