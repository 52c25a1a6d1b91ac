"""Phản ánh, kiến nghị API, under /api/v1/feedback.

Public (no login): submit feedback (same rules as the web form, limited per address), list published answers.
Staff (session login): record feedback received by letter or phone, list and read cases in scope, classify
and forward, read the figures. Authorisation goes through the scoping module in the services and selectors.
"""

from __future__ import annotations

import datetime

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema, Status

from tthc.api_auth import staff_session
from tthc.catalog.models import Field
from tthc.core.errors import ValidationFailed
from tthc.feedback import figures, intake_guard, notices, selectors, services
from tthc.feedback.models import STAFF_CHANNELS, Channel, Feedback
from tthc.feedback.models import Status as FeedbackStatus
from tthc.organisation.models import Agency

router = Router(tags=["feedback"])


class SenderIn(Schema):
    sender_name: str = ""
    sender_address: str = ""
    sender_phone: str = ""
    sender_email: str = ""
    content: str = ""
    procedure_code: str = ""
    dossier_code: str = ""
    category: str = ""


class StaffRecordIn(SenderIn):
    channel: str
    receiving_agency_id: int


class SubmittedOut(Schema):
    code: str
    token: str
    follow_url: str
    forward_due_at: datetime.datetime


class CaseOut(Schema):
    code: str
    channel: str
    status: str
    status_label: str
    received_at: datetime.datetime
    agency_code: str
    agency_name: str
    procedure_code: str | None
    procedure_codes: list[str]
    dossier_code: str
    location: str
    subject: str
    content_type: str
    outcome: str
    content: str
    forward_due_at: datetime.datetime | None
    answer_due_at: datetime.datetime | None
    answered_at: datetime.datetime | None
    review_reference: str

    @staticmethod
    def from_feedback(feedback: Feedback) -> dict:
        return {
            "code": feedback.code,
            "channel": feedback.channel,
            "status": feedback.status,
            "status_label": feedback.get_status_display(),
            "received_at": feedback.received_at,
            "agency_code": feedback.agency.code,
            "agency_name": feedback.agency.name,
            "procedure_code": feedback.procedure.code if feedback.procedure_id else None,
            "procedure_codes": [p.code for p in feedback.procedures.all()],
            "dossier_code": feedback.dossier_code,
            "location": feedback.location,
            "subject": feedback.subject,
            "content_type": feedback.content_type,
            "outcome": feedback.outcome,
            "content": feedback.content,
            "forward_due_at": feedback.forward_due_at,
            "answer_due_at": feedback.answer_due_at,
            "answered_at": feedback.answered_at,
            "review_reference": feedback.review_reference,
        }


class CaseDetailOut(CaseOut):
    sender_name: str
    sender_address: str
    sender_phone: str
    sender_email: str


class ClassifyIn(Schema):
    subject: str
    content_type: str
    outcome: str
    field_code: str = ""
    # The procedures concerned (codes); omitted: the ones recorded stay (the sender's procedure, if any).
    procedure_codes: list[str] | None = None
    target_agency_id: int | None = None
    refusal_reason: str = ""
    review_reference: str = ""


class PublicAnswerOut(Schema):
    code: str
    received_at: datetime.datetime
    published_at: datetime.datetime
    agency_name: str
    procedure_code: str | None
    content: str
    answer: str
    # The sender was not satisfied and the case is being looked at again: ``answer`` is the earlier one.
    reopened: bool


class FigureRowOut(Schema):
    label: str
    received: int
    classified: int
    forwarded: int
    answered: int
    handled: int
    on_time: int
    late: int
    overdue: int
    score: int


class FiguresOut(Schema):
    start: datetime.date
    end: datetime.date
    by: str
    rows: list[FigureRowOut]
    total: FigureRowOut


def _sender(payload: SenderIn) -> dict:
    return dict(
        sender_name=payload.sender_name,
        sender_address=payload.sender_address,
        sender_phone=payload.sender_phone,
        sender_email=payload.sender_email,
        content=payload.content,
        procedure_code=payload.procedure_code,
        dossier_code=payload.dossier_code,
        category_code=payload.category,
    )


def _submitted(feedback: Feedback) -> dict:
    return {
        "code": feedback.code,
        "token": feedback.token,
        "follow_url": notices.follow_url(feedback),
        "forward_due_at": feedback.forward_due_at,
    }


@router.post("/submissions", response={201: SubmittedOut}, url_name="feedback_submit", auth=None)
def submit(request: HttpRequest, payload: SenderIn):
    """Submit feedback without logging in (an application on behalf of a citizen); limited per address."""
    intake_guard.count_post(request)
    feedback = services.receive_feedback(channel=Channel.API, now=timezone.now(), **_sender(payload))
    return Status(201, _submitted(feedback))


@router.post("/records", response={201: SubmittedOut}, url_name="feedback_record", auth=staff_session)
def record(request: HttpRequest, payload: StaffRecordIn):
    """Record feedback received by letter, phone, hotline or survey at an agency in the user's scope."""
    if payload.channel not in {c.value for c in STAFF_CHANNELS}:
        raise ValidationFailed(
            "Kênh tiếp nhận phải là thư, điện thoại, đường dây nóng hoặc phiếu khảo sát.", field="channel"
        )
    agency = Agency.objects.filter(pk=payload.receiving_agency_id).first()
    if agency is None:
        raise ValidationFailed("Cơ quan tiếp nhận không tồn tại.", field="receiving_agency_id")
    feedback = services.receive_feedback(
        channel=payload.channel,
        receiving_agency=agency,
        received_by=request.user,
        now=timezone.now(),
        **_sender(payload),
    )
    return Status(201, _submitted(feedback))


@router.get("/cases", response=list[CaseOut], url_name="feedback_list", auth=staff_session)
def case_list(request: HttpRequest, tab: str = "all", q: str = "", limit: int = 100):
    """Cases in the user's scope (tabs: to_classify, new, processing, due_soon, late, all)."""
    rows = selectors.queue(user=request.user, tab=tab, now=timezone.now(), q=q[:200])[
        : max(1, min(limit, 500))
    ]
    return [CaseOut.from_feedback(f) for f in rows]


@router.get("/cases/{code}", response=CaseDetailOut, url_name="feedback_detail", auth=staff_session)
def case_detail(request: HttpRequest, code: str):
    feedback = selectors.case(user=request.user, code=code)
    return {
        **CaseOut.from_feedback(feedback),
        "sender_name": feedback.sender_name,
        "sender_address": feedback.sender_address,
        "sender_phone": feedback.sender_phone,
        "sender_email": feedback.sender_email,
    }


@router.post("/cases/{code}/classify", response=CaseOut, url_name="feedback_classify", auth=staff_session)
def classify(request: HttpRequest, code: str, payload: ClassifyIn):
    """Classify a received case; forwarding outcomes need ``target_agency_id`` (an existing agency)."""
    feedback = selectors.case(user=request.user, code=code)
    field = None
    if payload.field_code:
        field = Field.objects.filter(code=payload.field_code).first()
        if field is None:
            raise ValidationFailed("Lĩnh vực không tồn tại.", field="field_code")
    feedback = services.classify_feedback(
        feedback=feedback,
        user=request.user,
        subject=payload.subject,
        content_type=payload.content_type,
        outcome=payload.outcome,
        field=field,
        procedure_codes=payload.procedure_codes,
        target_agency_id=payload.target_agency_id,
        refusal_reason=payload.refusal_reason,
        review_reference=payload.review_reference,
        now=timezone.now(),
    )
    return CaseOut.from_feedback(feedback)


@router.get("/answers", response=list[PublicAnswerOut], url_name="feedback_public_answers", auth=None)
def public_answers(request: HttpRequest, q: str = "", limit: int = 50):
    """Published answers (the sender's personal data is hidden)."""
    rows = selectors.public_answers(q=q[:200])[: max(1, min(limit, 200))]
    return [
        {
            "code": f.code,
            "received_at": f.received_at,
            "published_at": f.published_at,
            "agency_name": f.agency.name,
            "procedure_code": f.procedure.code if f.procedure_id else None,
            "content": f.public_content,
            "answer": f.public_answer,
            "reopened": f.status != FeedbackStatus.ANSWERED,
        }
        for f in rows
    ]


class FiguresQuery(Schema):
    start: datetime.date | None = None
    end: datetime.date | None = None
    by: str = "agency"


def _row(row: figures.FigureRow) -> dict:
    return {**{c: getattr(row, c) for c in figures.COLUMNS}, "label": row.label, "score": row.score}


@router.get("/figures", response=FiguresOut, url_name="feedback_figures", auth=staff_session)
def figures_view(request: HttpRequest, query: Query[FiguresQuery]):
    """The official figures of the cases in the user's scope (default: the current monthly report period)."""
    start, end = figures.report_month(timezone.localdate())
    start, end = query.start or start, query.end or end
    if end < start:
        raise ValidationFailed("Ngày đầu kỳ phải trước ngày cuối kỳ.", field="end")
    if query.by not in figures.BY_LABELS:
        raise ValidationFailed(
            "Cách nhóm số liệu không hợp lệ (agency, field, channel, month, quarter).", field="by"
        )
    report = figures.feedback_figures(user=request.user, start=start, end=end, by=query.by)
    return {
        "start": report.start,
        "end": report.end,
        "by": report.by,
        "rows": [_row(r) for r in report.rows],
        "total": _row(report.total),
    }
