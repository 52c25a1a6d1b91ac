"""The ``plans`` tick: remind lead agencies before an occurrence is due, flag it once it is overdue; remind
agencies to issue their own plan.

Idempotent: an occurrence is reminded once (``reminded_at``) and flagged once (``overdue_at``). A reminder
goes ``plans.reminder_days_before`` (a rule, 7 days by default) ahead; an occurrence already overdue by
more than :data:`OVERDUE_NOTICE_DAYS` when first seen (a past year's plan imported late) is flagged
without a message.
Messages go through :func:`tthc.notifications.services.notify` to the lead agencies' users who may report
progress and have an e-mail address (the agency's own address when none of them has one); an occurrence of
one part of a task over several rows goes to that part's leads.

A province plan with a date for the agencies' own plans (``Plan.derived_due``) has each agency expected to
derive one (:func:`tthc.plans.selectors.expected_derivers`) and still without it reminded the same lead time
before that date and told once it has passed, through its control officers; once each
(:class:`~tthc.plans.models.DerivationNotice`).
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
from tthc.plans import selectors
from tthc.plans.models import DerivationNotice, Plan, PlanEvent, Status, TaskOccurrence
from tthc.plans.selectors import occurrence_leads

OVERDUE_NOTICE_DAYS = 30


def recipients(
    agencies: list[Agency], *, on: datetime.date, permission: Permission = Permission.REPORT_PLAN_PROGRESS
) -> list[str]:
    """E-mail addresses of the people holding ``permission`` (by default: who report progress) in
    ``agencies``: their users, else the agency's address."""
    addresses: list[str] = []
    roles = ROLES_GRANTING[permission]
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
    sent = 0
    leads = occurrence_leads(occurrence)
    for email in recipients(leads, on=timezone.localtime(now).date()):
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
        .prefetch_related("task__lead_agencies", "lead_agencies")
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
        derivations = _derivations(today=today, remind_days=remind_days, now=now)
    counts["messages"] += derivations.pop("messages")
    return {**counts, **derivations}


def _derivations(*, today: datetime.date, remind_days: int, now: datetime.datetime) -> dict:
    """Remind the agencies that have not derived their own plan before the plan's ``derived_due``, and tell
    them once it has passed; each agency once per plan and kind (:class:`DerivationNotice`)."""
    counts = {"derivation_reminded": 0, "derivation_overdue": 0, "messages": 0}
    horizon = today + datetime.timedelta(days=remind_days)
    plans = Plan.objects.filter(parent__isnull=True, derived_due__isnull=False, derived_due__lte=horizon)
    for plan in plans.select_related("agency").select_for_update(of=("self",)):
        kind = DerivationNotice.Kind.OVERDUE if plan.derived_due < today else DerivationNotice.Kind.REMINDED
        sent = set(plan.derivation_notices.filter(kind=kind).values_list("agency_id", flat=True))
        for pending in selectors.pending_derivations(plan, today=today):
            agency = pending.agency
            if agency.pk in sent:
                continue
            days = (plan.derived_due - today).days
            late = (today - plan.derived_due).days
            if kind == DerivationNotice.Kind.REMINDED:
                subject = f"Nhắc xây dựng kế hoạch kiểm soát TTHC năm {plan.year}: còn {days} ngày"
                summary = f"Nhắc {agency.name} ban hành kế hoạch của mình (hạn {plan.derived_due:%d/%m/%Y})."
            else:
                subject = f"Chưa ban hành kế hoạch kiểm soát TTHC năm {plan.year}: quá hạn {late} ngày"
                summary = f"{agency.name} chưa ban hành kế hoạch của mình, quá hạn {late} ngày."
            body = (
                f"Theo «{plan.title}», {agency.name} xây dựng kế hoạch của cơ quan trước ngày "
                f"{plan.derived_due:%d/%m/%Y}. Đề nghị ban hành và cập nhật trên hệ thống."
            )
            if kind == DerivationNotice.Kind.REMINDED or late <= OVERDUE_NOTICE_DAYS:
                for email in recipients([agency], on=today, permission=Permission.MANAGE_PLANS):
                    counts["messages"] += len(
                        notify(
                            now=now, subject=subject, body=body, email=email, topic=f"plan-derive:{plan.pk}"
                        )
                    )
            DerivationNotice.objects.create(plan=plan, agency=agency, kind=kind, at=now)
            PlanEvent.objects.create(
                plan=plan,
                kind=PlanEvent.Kind.REMINDED
                if kind == DerivationNotice.Kind.REMINDED
                else PlanEvent.Kind.OVERDUE,
                summary=summary,
                data={"derive_agency": agency.pk},
                at=now,
            )
            counts[f"derivation_{kind}"] += 1
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
