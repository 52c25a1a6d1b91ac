"""The dossiers' periodic sweep: mark newly late dossiers, warn before the due instant, propose apologies,
flag late consultations to the head of the desk. Idempotent: each mark is stamped once on the dossier (a
new due instant clears the stamps, see ``services.set_due``), so a second run at one instant does nothing.

Every threshold is the rule pinned on the dossier when it was received:

* warned from ``dossier.warning_working_hours`` before the due instant (stored as ``warn_at`` with the due);
* an apology is proposed for a dossier that will be late (its current step is past its own due) while one
  may still be sent: between ``apology_min_working_days_before_due`` working days before the due instant and
  that plus ``apology_proposal_margin_working_hours``, and only while a reschedule is left.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone as dj_timezone

from tthc.core.ticks import register_tick
from tthc.dossiers import deadlines
from tthc.dossiers.calendars import calendar_around
from tthc.dossiers.models import Consultation, Dossier, DossierEvent, DossierStep, Status
from tthc.dossiers.services import pinned_rule
from tthc.notifications.services import notify
from tthc.organisation.models import Agency, Membership, Role

RUNNING = (Status.FORWARDED, Status.PROCESSING, Status.APPRAISED, Status.RECEIVED)
HEAD_ROLES = (Role.APPROVER, Role.LEADER)


def _emails(agency: Agency, roles, *, on: datetime.date) -> list[str]:
    return sorted(
        set(
            Membership.objects.valid_on(on)
            .filter(agency=agency, role__in=roles)
            .exclude(user__email="")
            .values_list("user__email", flat=True)
        )
    )


def heads_of(agency: Agency, *, on: datetime.date) -> list[str]:
    """The e-mail addresses of the head of ``agency`` (its approvers and leaders), else of the agency above
    it (a one-stop desk's head is often the committee or the centre it belongs to)."""
    current = agency
    while current is not None:
        emails = _emails(current, HEAD_ROLES, on=on)
        if emails:
            return emails
        current = current.parent
    return []


def _event(dossier, action, now, note, data=None):
    DossierEvent.objects.create(
        dossier=dossier,
        action=action,
        from_status=dossier.status,
        to_status=dossier.status,
        at=now,
        actor_name="Hệ thống",
        note=note,
        data=data or {},
    )


def _tell(emails, dossier: Dossier, *, now, subject: str, body: str) -> None:
    for email in sorted(set(emails)):
        notify(now=now, subject=subject, body=body, email=email, topic=f"dossier:{dossier.code}")


def _staff(dossier: Dossier, *, on) -> set[str]:
    """The assignee and the receiving desk's officers."""
    recipients = set(_emails(dossier.receiving_desk, [Role.DESK_OFFICER], on=on))
    if dossier.assignee and dossier.assignee.email:
        recipients.add(dossier.assignee.email)
    return recipients


class _Calendars(dict):
    """The working calendars of the agencies met during one sweep (a few queries per agency, once)."""

    def __init__(self, now):
        super().__init__()
        self.now = now

    def __missing__(self, agency):
        self[agency] = calendar_around(agency, self.now)
        return self[agency]


def _due(instant) -> str:
    return f"{dj_timezone.localtime(instant):%H:%M %d/%m/%Y}"


@register_tick("dossiers")
def sweep(*, now: datetime.datetime) -> dict:
    counts = {"late": 0, "warned": 0, "apology_proposed": 0, "consultations_late": 0}
    on = dj_timezone.localdate(now)
    calendars = _Calendars(now)
    running = Dossier.objects.filter(status__in=RUNNING, due_at__isnull=False).select_related(
        "receiving_desk", "competent_agency", "assignee"
    )
    with transaction.atomic():
        # Dossiers whose due instant was set before "due soon" was stored: give them theirs.
        for dossier in running.filter(warn_at__isnull=True):
            hours = pinned_rule(dossier, "dossier.warning_working_hours")
            dossier.warn_at = deadlines.working_hours_before(
                dossier.due_at, hours=hours, calendar=calendars[dossier.competent_agency]
            )
            dossier.save(update_fields=["warn_at"])

        for dossier in running.filter(due_at__lt=now, late_marked_at__isnull=True):
            dossier.late_marked_at = now
            dossier.save(update_fields=["late_marked_at"])
            _event(dossier, "marked_late", now, "Hồ sơ quá hạn giải quyết")
            _tell(
                _staff(dossier, on=on),
                dossier,
                now=now,
                subject=f"Hồ sơ {dossier.code} đã quá hạn",
                body=f"Hồ sơ {dossier.code} quá hạn từ {_due(dossier.due_at)}.",
            )
            counts["late"] += 1

        for dossier in running.filter(warn_at__lte=now, due_at__gte=now, warned_at__isnull=True):
            left = deadlines.working_hours_left(
                now, due_at=dossier.due_at, calendar=calendars[dossier.competent_agency]
            )
            dossier.warned_at = now
            dossier.save(update_fields=["warned_at"])
            _tell(
                _staff(dossier, on=on),
                dossier,
                now=now,
                subject=f"Hồ sơ {dossier.code} sắp đến hạn",
                body=f"Còn {left:.1f} giờ làm việc đến hạn trả {_due(dossier.due_at)}.",
            )
            counts["warned"] += 1

        behind = DossierStep.objects.filter(
            dossier=OuterRef("pk"),
            position=OuterRef("current_step"),
            finished_at__isnull=True,
            due_at__lt=now,
        )
        candidates = running.filter(due_at__gt=now, apology_proposed_at__isnull=True).filter(Exists(behind))
        for dossier in candidates:
            if dossier.reschedules >= int(pinned_rule(dossier, "dossier.max_reschedules")):
                continue
            calendar = calendars[dossier.competent_agency]
            left = deadlines.working_hours_left(now, due_at=dossier.due_at, calendar=calendar)
            day_hours = calendar.day_length.total_seconds() / 3600
            minimum = int(pinned_rule(dossier, "dossier.apology_min_working_days_before_due")) * day_hours
            margin = int(pinned_rule(dossier, "dossier.apology_proposal_margin_working_hours"))
            if not minimum <= left <= minimum + margin:
                continue  # too early to tell, or an apology may no longer be sent
            dossier.apology_proposed_at = now
            dossier.save(update_fields=["apology_proposed_at"])
            last = deadlines.working_hours_before(dossier.due_at, hours=minimum, calendar=calendar)
            _event(
                dossier,
                "apology_proposed",
                now,
                "Hồ sơ sẽ trễ hạn (bước hiện tại đã quá hạn bước): đề nghị gửi phiếu xin lỗi và hẹn lại ngày "
                f"trả (mẫu 04) trước {_due(last)}.",
                {"working_hours_left": round(left, 1), "send_before": last.isoformat()},
            )
            recipients = set(_emails(dossier.competent_agency, [Role.APPROVER], on=on))
            if dossier.assignee and dossier.assignee.email:
                recipients.add(dossier.assignee.email)
            _tell(
                recipients,
                dossier,
                now=now,
                subject=f"Hồ sơ {dossier.code} sẽ trễ hạn: đề nghị xin lỗi, hẹn lại",
                body=f"Hồ sơ {dossier.code} có bước xử lý đã quá hạn; hạn trả {_due(dossier.due_at)}. "
                "Nếu không kịp, gửi phiếu xin lỗi và hẹn lại ngày trả (mẫu 04).",
            )
            counts["apology_proposed"] += 1

        late_consultations = Consultation.objects.filter(
            answered_at__isnull=True, due_at__lt=now, late_flagged_at__isnull=True
        ).select_related("dossier__receiving_desk__parent", "dossier__assignee", "agency")
        for consultation in late_consultations:
            consultation.late_flagged_at = now
            consultation.save(update_fields=["late_flagged_at"])
            dossier = consultation.dossier
            heads = heads_of(dossier.receiving_desk, on=on)
            _event(
                dossier,
                "consultation_late",
                now,
                f"{consultation.agency.name} chưa trả lời xin ý kiến đúng hạn; "
                "đã báo lãnh đạo bộ phận một cửa.",
                {"consultation": consultation.pk, "told": heads},
            )
            recipients = set(heads)
            if dossier.assignee and dossier.assignee.email:
                recipients.add(dossier.assignee.email)
            _tell(
                recipients,
                dossier,
                now=now,
                subject=f"Xin ý kiến hồ sơ {dossier.code} quá hạn",
                body=f"{consultation.agency.name} chưa trả lời xin ý kiến hồ sơ {dossier.code} "
                f"(hạn {_due(consultation.due_at)}).",
            )
            counts["consultations_late"] += 1
    return counts
