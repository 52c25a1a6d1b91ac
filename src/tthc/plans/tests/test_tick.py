"""The plans tick: reminders before due dates, overdue flags, once each."""

import datetime

from tthc.core.ticks import run_ticks
from tthc.notifications.models import Notification
from tthc.plans import services
from tthc.plans.models import PlanEvent, TaskOccurrence
from tthc.plans.tests.conftest import NOW
from tthc.plans.ticks import plans_tick


def _with_email(user, email):
    user.email = email
    user.save(update_fields=["email"])


def test_lead_agency_users_with_an_email_are_reminded_a_week_before_the_due_date(plan):
    users = plan.province.users
    _with_email(users.control_justice, "kiemsoat.stp@example.vn")
    _with_email(users.leader_justice, "lanhdao.stp@example.vn")  # a leader does not report: not reminded
    march_25 = NOW.replace(month=3, day=25)

    counts = plans_tick(now=march_25)

    # Quarter I of "Báo cáo" (justice, due 31/03) is reminded; the office's January task is overdue.
    assert counts["reminded"] >= 1
    reminded = TaskOccurrence.objects.get(task=plan.tasks["I.2"], sequence=1)
    assert reminded.reminded_at == march_25
    messages = Notification.objects.filter(topic=f"plan-occurrence:{reminded.pk}")
    assert [m.recipient for m in messages] == ["kiemsoat.stp@example.vn"]
    assert "còn 6 ngày" in messages[0].subject


def test_the_tick_is_idempotent(plan):
    _with_email(plan.province.users.control_justice, "kiemsoat.stp@example.vn")
    march_25 = NOW.replace(month=3, day=25)
    plans_tick(now=march_25)
    sent = Notification.objects.count()
    events = PlanEvent.objects.count()

    counts = plans_tick(now=march_25)

    assert counts == {
        "reminded": 0,
        "overdue": 0,
        "messages": 0,
        "derivation_reminded": 0,
        "derivation_overdue": 0,
    }
    assert (Notification.objects.count(), PlanEvent.objects.count()) == (sent, events)


def test_an_occurrence_past_its_due_date_is_flagged_overdue_once_and_the_lead_is_told(plan):
    plan.province.office.email = "vp@example.vn"
    plan.province.office.save()
    february_3 = NOW.replace(month=2, day=3)

    run_ticks(now=february_3, only=["plans"])

    occurrence = TaskOccurrence.objects.get(task=plan.tasks["I.1"])
    assert occurrence.overdue_at == february_3
    message = Notification.objects.get(topic=f"plan-occurrence:{occurrence.pk}", subject__contains="quá hạn")
    assert message.recipient == "vp@example.vn"  # no office user has an address: the agency's own
    assert plan.tasks["I.1"].events.filter(kind=PlanEvent.Kind.OVERDUE).count() == 1


def test_a_done_occurrence_is_neither_reminded_nor_overdue(plan):
    occurrence = TaskOccurrence.objects.get(task=plan.tasks["I.1"])
    occurrence.task = plan.tasks["I.1"]
    services.report_progress(
        occurrence=occurrence, user=plan.province.users.control_office, now=NOW, status="done", percent=100
    )

    plans_tick(now=NOW.replace(month=2, day=3))

    occurrence.refresh_from_db()
    assert occurrence.overdue_at is None and occurrence.reminded_at is None


def test_an_occurrence_long_overdue_when_first_seen_is_flagged_without_a_message(plan):
    _with_email(plan.province.users.control_office, "vp@example.vn")

    plans_tick(now=NOW + datetime.timedelta(days=400))

    assert TaskOccurrence.objects.filter(overdue_at__isnull=False).exists()
    assert not Notification.objects.filter(subject__contains="quá hạn").exists()
