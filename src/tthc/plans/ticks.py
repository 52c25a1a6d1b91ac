"""The ``plans`` tick: remind lead agencies before an occurrence is due, flag it once it is overdue.

Idempotent: an occurrence is reminded once (``reminded_at``) and flagged once (``overdue_at``). A reminder
goes ``plans.reminder_days_before`` (a rule, 7 days by default) ahead; an occurrence already overdue by
more than :data:`OVERDUE_NOTICE_DAYS` when first seen (a past year's plan imported late) is flagged
without a message.
Messages go through :func:`tthc.notifications.services.notify` to the lead agencies' users who may report
progress and have an e-mail address (the agency's own address when none of them has one).
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from tthc.core.ticks import register_tick
from tthc.legalrules.selectors import rule_value
from tthc.notifications.services import notify
from tthc.organisation.models import Agency, Membership
from tthc.organisation.scoping import ROLES_GRANTING, Permission
from tthc.plans.models import PlanEvent, Status, TaskOccurrence

OVERDUE_NOTICE_DAYS = 30


def recipients(agencies: list[Agency], *, on: datetime.date) -> list[str]:
    """E-mail addresses of the people who report for ``agencies``: their users, else the agency's address."""
    addresses: list[str] = []
    roles = ROLES_GRANTING[Permission.REPORT_PLAN_PROGRESS]
    memberships = (
        Membership.objects.valid_on(on)
        .filter(agency__in=agencies, role__in=roles, user__is_active=True)
        .exclude(user__email="")
        .values_list("agency_id", "user__email")
    )
    by_agency: dict[int, list[str]] = {}
    for agency_id, email in memberships:
        by_agency.setdefault(agency_id, []).append(email)
    for agency in agencies:
        for email in by_agency.get(agency.pk) or ([agency.email] if agency.email else []):
            if email not in addresses:
                addresses.append(email)
    return addresses


def _send(occurrence: TaskOccurrence, *, subject: str, body: str, now: datetime.datetime) -> int:
    task = occurrence.task
    sent = 0
    for email in recipients(list(task.lead_agencies.all()), on=timezone.localtime(now).date()):
        sent += len(
            notify(now=now, subject=subject, body=body, email=email, topic=f"plan-occurrence:{occurrence.pk}")
        )
    return sent


def _describe(occurrence: TaskOccurrence) -> str:
    task = occurrence.task
    return (
        f"Nhiệm vụ {task.number} «{task.content[:200]}» thuộc {task.plan.title}, kỳ {occurrence.label}, "
        f"hạn {occurrence.due:%d/%m/%Y}."
    )


@register_tick("plans")
def plans_tick(*, now: datetime.datetime) -> dict:
    today = timezone.localtime(now).date()
    counts = {"reminded": 0, "overdue": 0, "messages": 0}
    open_occurrences = (
        TaskOccurrence.objects.exclude(status=Status.DONE)
        .filter(due__isnull=False)
        .select_related("task__plan")
        .prefetch_related("task__lead_agencies")
    )
    remind_days = int(rule_value("plans.reminder_days_before", on=today))
    with transaction.atomic():
        soon = open_occurrences.filter(
            reminded_at__isnull=True,
            due__gte=today,
            due__lte=today + datetime.timedelta(days=remind_days),
        )
        for occurrence in soon.select_for_update(of=("self",)):
            days = (occurrence.due - today).days
            counts["messages"] += _send(
                occurrence,
                subject=f"Nhắc hạn nhiệm vụ kế hoạch KSTTHC: còn {days} ngày",
                body=_describe(occurrence) + " Đề nghị báo cáo tiến độ trên hệ thống.",
                now=now,
            )
            occurrence.reminded_at = now
            occurrence.save(update_fields=["reminded_at"])
            _record(
                occurrence, PlanEvent.Kind.REMINDED, f"Nhắc hạn kỳ {occurrence.label} (còn {days} ngày).", now
            )
            counts["reminded"] += 1
        late = open_occurrences.filter(overdue_at__isnull=True, due__lt=today)
        for occurrence in late.select_for_update(of=("self",)):
            days = (today - occurrence.due).days
            if days <= OVERDUE_NOTICE_DAYS:
                counts["messages"] += _send(
                    occurrence,
                    subject=f"Nhiệm vụ kế hoạch KSTTHC quá hạn {days} ngày",
                    body=_describe(occurrence) + " Nhiệm vụ đã quá hạn; đề nghị hoàn thành và báo cáo.",
                    now=now,
                )
            occurrence.overdue_at = now
            occurrence.save(update_fields=["overdue_at"])
            _record(occurrence, PlanEvent.Kind.OVERDUE, f"Kỳ {occurrence.label} quá hạn {days} ngày.", now)
            counts["overdue"] += 1
    return counts


def _record(occurrence: TaskOccurrence, kind: str, summary: str, now: datetime.datetime) -> None:
    PlanEvent.objects.create(
        plan=occurrence.task.plan,
        task=occurrence.task,
        kind=kind,
        summary=summary,
        data={"occurrence": occurrence.pk},
        at=now,
    )
