"""The dossiers' periodic sweep: mark newly late dossiers, warn before the due instant, propose apologies,
flag late consultations to the head of the desk. Idempotent: each mark is stamped once on the dossier."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone as dj_timezone

from tthc.core.ticks import register_tick
from tthc.dossiers import deadlines
from tthc.dossiers.calendars import calendar_around
from tthc.dossiers.models import Consultation, Dossier, DossierEvent, Status
from tthc.legalrules.selectors import rule_value
from tthc.notifications.services import notify
from tthc.organisation.models import Membership, Role

RUNNING = (Status.FORWARDED, Status.PROCESSING, Status.APPRAISED, Status.RECEIVED)


def _emails(agency, roles) -> list[str]:
    on = dj_timezone.localdate()
    return sorted(
        set(
            Membership.objects.valid_on(on)
            .filter(agency=agency, role__in=roles)
            .exclude(user__email="")
            .values_list("user__email", flat=True)
        )
    )


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


def _tell_staff(dossier: Dossier, *, now, subject: str, body: str) -> None:
    recipients = set(_emails(dossier.receiving_desk, [Role.DESK_OFFICER]))
    if dossier.assignee and dossier.assignee.email:
        recipients.add(dossier.assignee.email)
    for email in sorted(recipients):
        notify(now=now, subject=subject, body=body, email=email, topic=f"dossier:{dossier.code}")


@register_tick("dossiers")
def sweep(*, now: datetime.datetime) -> dict:
    counts = {"late": 0, "warned": 0, "apology_proposed": 0, "consultations_late": 0}
    hours = float(rule_value("dossier.warning_working_hours", on=dj_timezone.localdate(now)))
    running = Dossier.objects.filter(status__in=RUNNING, due_at__isnull=False).select_related(
        "receiving_desk", "competent_agency", "assignee"
    )
    with transaction.atomic():
        for dossier in running.filter(due_at__lt=now, late_marked_at__isnull=True):
            dossier.late_marked_at = now
            dossier.save(update_fields=["late_marked_at"])
            _event(dossier, "marked_late", now, "Hồ sơ quá hạn giải quyết")
            _tell_staff(
                dossier,
                now=now,
                subject=f"Hồ sơ {dossier.code} đã quá hạn",
                body=f"Hồ sơ {dossier.code} quá hạn từ "
                f"{dj_timezone.localtime(dossier.due_at):%H:%M %d/%m/%Y}.",
            )
            counts["late"] += 1
        for dossier in running.filter(due_at__gte=now, warned_at__isnull=True):
            calendar = calendar_around(dossier.competent_agency, now)
            left = deadlines.working_hours_left(now, due_at=dossier.due_at, calendar=calendar)
            if left > hours:
                continue
            dossier.warned_at = now
            fields = ["warned_at"]
            _tell_staff(
                dossier,
                now=now,
                subject=f"Hồ sơ {dossier.code} sắp đến hạn",
                body=f"Còn {left:.1f} giờ làm việc đến hạn trả "
                f"{dj_timezone.localtime(dossier.due_at):%H:%M %d/%m/%Y}.",
            )
            counts["warned"] += 1
            if (
                dossier.reschedules == 0
                and dossier.status != Status.APPROVED
                and dossier.apology_proposed_at is None
            ):
                dossier.apology_proposed_at = now
                fields.append("apology_proposed_at")
                _event(
                    dossier,
                    "apology_proposed",
                    now,
                    "Hồ sơ có nguy cơ trễ hạn: đề nghị gửi phiếu xin lỗi và hẹn lại ngày trả (mẫu 04).",
                    {"working_hours_left": round(left, 1)},
                )
                counts["apology_proposed"] += 1
            dossier.save(update_fields=fields)
        late_consultations = Consultation.objects.filter(
            answered_at__isnull=True, due_at__lt=now, late_flagged_at__isnull=True
        ).select_related("dossier__receiving_desk", "agency")
        for consultation in late_consultations:
            consultation.late_flagged_at = now
            consultation.save(update_fields=["late_flagged_at"])
            dossier = consultation.dossier
            _event(
                dossier,
                "consultation_late",
                now,
                f"{consultation.agency.name} chưa trả lời xin ý kiến đúng hạn; "
                "đã báo lãnh đạo bộ phận một cửa.",
                {"consultation": consultation.pk},
            )
            for email in _emails(dossier.receiving_desk, [Role.APPROVER, Role.LEADER, Role.DESK_OFFICER]):
                notify(
                    now=now,
                    subject=f"Xin ý kiến hồ sơ {dossier.code} quá hạn",
                    body=f"{consultation.agency.name} chưa trả lời xin ý kiến hồ sơ {dossier.code}.",
                    email=email,
                    topic=f"dossier:{dossier.code}",
                )
            counts["consultations_late"] += 1
    return counts
