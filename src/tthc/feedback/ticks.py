"""The feedback sweep (``tthc tick --only feedback``): reminders before a deadline, late flags after it.

Idempotent: a case is reminded once and flagged once per deadline (the stamps reset when a new deadline
starts: forwarding, acceptance, reopening).
"""

from __future__ import annotations

import datetime

from django.db import transaction

from tthc.core.ticks import register_tick
from tthc.feedback import intake_guard
from tthc.feedback.models import OPEN_STATUSES, Feedback, FeedbackEvent
from tthc.notifications.services import notify


@register_tick("feedback")
def feedback_tick(*, now: datetime.datetime) -> dict:
    reminded = late = 0
    open_cases = Feedback.objects.filter(status__in=OPEN_STATUSES).select_related("agency")
    with transaction.atomic():
        for feedback in open_cases.filter(remind_at__lte=now, due_at__gt=now, reminded_at__isnull=True):
            feedback.reminded_at = now
            feedback.save(update_fields=["reminded_at"])
            FeedbackEvent.objects.create(
                feedback=feedback,
                kind=FeedbackEvent.Kind.REMINDED,
                at=now,
                note=f"Hạn {feedback.due_at:%d/%m/%Y %H:%M}",
            )
            notify(
                now=now,
                subject=f"Phản ánh {feedback.code} sắp đến hạn",
                body=f"Phản ánh {feedback.code} ({feedback.get_status_display()}) cần xử lý trước hạn.",
                email=feedback.agency.email,
                topic="feedback",
            )
            reminded += 1
        for feedback in open_cases.filter(due_at__lte=now, late_flagged_at__isnull=True):
            feedback.late_flagged_at = now
            feedback.save(update_fields=["late_flagged_at"])
            FeedbackEvent.objects.create(feedback=feedback, kind=FeedbackEvent.Kind.LATE, at=now)
            notify(
                now=now,
                subject=f"Phản ánh {feedback.code} đã quá hạn",
                body=f"Phản ánh {feedback.code} ({feedback.get_status_display()}) đã quá hạn xử lý.",
                email=feedback.agency.email,
                topic="feedback",
            )
            late += 1
    intake_guard.forget_used_tokens(now=now)
    return {"reminded": reminded, "late": late}
