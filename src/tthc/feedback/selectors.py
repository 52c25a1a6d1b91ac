"""Reading feedback. Every staff read goes through the scoping module: :func:`in_scope` for what a user may
read (cases that are or have been at an agency in scope), :func:`handled_in_scope` for what they may act on
(cases now at an agency in scope)."""

from __future__ import annotations

import datetime

from django.db.models import Q, QuerySet

from tthc.core.errors import NotFound
from tthc.core.folding import fold
from tthc.feedback.models import (
    OPEN_STATUSES,
    Answer,
    AnswerTemplate,
    Feedback,
    FeedbackCategory,
    Status,
)
from tthc.organisation.models import Agency
from tthc.organisation.scoping import Permission, agencies_in_scope, can, can_anywhere, scope

TABS = {
    "to_classify": "Chờ phân loại",
    "new": "Mới nhận (7 ngày)",
    "processing": "Đang xử lý",
    "due_soon": "Sắp đến hạn",
    "late": "Quá hạn",
    "all": "Tất cả",
}
NEW_WINDOW = datetime.timedelta(days=7)


def in_scope(user, *, permission: Permission = Permission.VIEW) -> QuerySet[Feedback]:
    """Cases the user may read: received by, forwarded through or now at an agency in scope.

    An agency that forwards a case keeps reading it (its history, the answer); only the agency now handling
    it may act on it (:func:`handled_in_scope`, and the services check ``feedback.agency``)."""
    return scope(Feedback.objects.all(), user, permission=permission, via="agencies_involved")


def handled_in_scope(user, *, permission: Permission = Permission.VIEW) -> QuerySet[Feedback]:
    """Cases now at an agency in scope: the ones the user may act on with ``permission``."""
    return scope(Feedback.objects.all(), user, permission=permission, via="agency")


def _tab_filter(tab: str, now: datetime.datetime) -> Q:
    open_ = Q(status__in=OPEN_STATUSES)
    return {
        "to_classify": Q(status=Status.RECEIVED),
        "new": open_ & Q(received_at__gte=now - NEW_WINDOW),
        "processing": Q(status__in=[Status.PROCESSING, Status.AWAITING_APPROVAL]),
        "due_soon": open_ & Q(remind_at__lte=now, due_at__gte=now),
        "late": open_ & Q(due_at__lt=now),
        "all": Q(),
    }[tab]


def _queue_rows(user, tab: str) -> QuerySet[Feedback]:
    """The work tabs list the cases the user's agencies handle now; "all" adds the ones they passed on."""
    return in_scope(user) if tab == "all" else handled_in_scope(user)


def queue(*, user, tab: str, now: datetime.datetime, q: str = "") -> QuerySet[Feedback]:
    tab = tab if tab in TABS else "to_classify"
    rows = _queue_rows(user, tab).filter(_tab_filter(tab, now))
    if q.strip():
        term = fold(q)
        rows = rows.filter(Q(code__icontains=q.strip()) | Q(content_folded__contains=term))
    return (
        rows.select_related("agency", "procedure")
        .prefetch_related("procedures")
        .order_by("due_at", "received_at")
    )


def tab_counts(*, user, now: datetime.datetime) -> dict[str, int]:
    rows = handled_in_scope(user)
    return {tab: rows.filter(_tab_filter(tab, now)).count() for tab in TABS if tab != "all"}


def case(*, user, code: str) -> Feedback:
    """The case ``code`` if ``user`` may see it (a case of another agency is not found)."""
    feedback = (
        in_scope(user)
        .select_related("agency", "receiving_agency", "procedure", "field", "category", "merged_into")
        .filter(code=code)
        .first()
    )
    if feedback is None:
        raise NotFound(f"Không tìm thấy phản ánh {code[:40]}.")
    return feedback


def history(feedback: Feedback):
    return feedback.events.select_related("actor").order_by("at", "id")


def approval_queue(*, user) -> QuerySet[Answer]:
    return scope(
        Answer.objects.filter(state=Answer.State.SUBMITTED),
        user,
        permission=Permission.APPROVE_FEEDBACK_ANSWERS,
        via="feedback__agency",
    ).select_related("feedback", "feedback__agency", "drafted_by")


def answer_in_scope(*, user, pk: int) -> Answer:
    answer = (
        scope(Answer.objects.all(), user, via="feedback__agency")
        .select_related("feedback", "feedback__agency")
        .filter(pk=pk)
        .first()
    )
    if answer is None:
        raise NotFound("Không tìm thấy dự thảo trả lời.")
    return answer


def may(user, feedback: Feedback, permission: Permission) -> bool:
    return can(user, feedback.agency, permission=permission)


def may_receive(user) -> bool:
    return can_anywhere(user, permission=Permission.RECEIVE_FEEDBACK)


def receiving_agencies(user) -> QuerySet[Agency]:
    return agencies_in_scope(user, permission=Permission.RECEIVE_FEEDBACK)


def public_answers(*, q: str = "") -> QuerySet[Feedback]:
    """Published cases for the portal: only the redacted public text is ever read from them. A case reopened
    after its answer stays listed with that answer (its status says it is being looked at again)."""
    rows = Feedback.objects.filter(published_at__isnull=False)
    if q.strip():
        rows = rows.filter(public_folded__contains=fold(q))
    return (
        rows.select_related("agency", "procedure", "field")
        .only(
            "code",
            "status",
            "received_at",
            "published_at",
            "subject",
            "content_type",
            "public_content",
            "public_answer",
            "agency__name",
            "procedure__code",
            "field__name",
        )
        .order_by("-published_at", "-id")
    )


def public_answer(*, code: str) -> Feedback:
    feedback = public_answers().filter(code=code).first()
    if feedback is None:
        raise NotFound("Không tìm thấy kết quả trả lời đã công khai.")
    return feedback


def categories() -> QuerySet[FeedbackCategory]:
    return FeedbackCategory.objects.filter(active=True)


def templates_for(feedback: Feedback) -> QuerySet[AnswerTemplate]:
    return AnswerTemplate.objects.filter(active=True).filter(Q(subject="") | Q(subject=feedback.subject))
