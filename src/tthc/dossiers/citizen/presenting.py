"""What a citizen sees of a dossier: only what the applicant is told anyway.

The receipt (code, procedure, desk, due date), the steps by name and whether they are done, a supplement
request with the items asked for (form 02), a refusal with its reason (form 03), an apology with its reason
and new date (form 04) and the result once returned. Never the staff's names, the internal notes of
hand-overs, consultations or appraisal, nor the applicant's identity numbers.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from tthc.dossiers import deadlines, selectors
from tthc.dossiers.models import Dossier, Status
from tthc.dossiers.workflow import last_event

# The status in plain words for the applicant (the staff labels speak of internal hand-overs).
PLAIN_STATUS = {
    Status.SUBMITTED: "Đã nộp trực tuyến; bộ phận một cửa đang kiểm tra hồ sơ",
    Status.GUIDED: "Hồ sơ chưa đầy đủ; cần bổ sung theo hướng dẫn rồi nộp lại",
    Status.REFUSED_AT_INTAKE: "Hồ sơ không được tiếp nhận",
    Status.RECEIVED: "Đã tiếp nhận; đang chuyển cơ quan giải quyết",
    Status.FORWARDED: "Cơ quan giải quyết đã nhận hồ sơ",
    Status.PROCESSING: "Đang giải quyết",
    Status.APPRAISED: "Đang giải quyết (chờ phê duyệt)",
    Status.AWAITING_SUPPLEMENT: "Tạm dừng chờ bổ sung",
    Status.APPROVED: "Đang hoàn thiện kết quả",
    Status.REFUSED: "Đang hoàn thiện kết quả",
    Status.RESULT_READY: "Đã có kết quả; mời ông/bà đến nhận",
    Status.RETURNED: "Đã trả kết quả",
    Status.WITHDRAWN: "Đã rút hồ sơ theo đề nghị của người nộp",
    Status.STOPPED: "Dừng giải quyết hồ sơ",
}
RETURN_METHODS = {"in_person": "trực tiếp", "online": "trực tuyến", "postal": "qua bưu chính công ích"}
# Statuses at which the clock means something to the applicant.
TIMED = {
    Status.RECEIVED,
    Status.FORWARDED,
    Status.PROCESSING,
    Status.APPRAISED,
    Status.AWAITING_SUPPLEMENT,
    Status.APPROVED,
    Status.REFUSED,
    Status.RESULT_READY,
    Status.RETURNED,
}


@dataclass
class Step:
    name: str
    done: bool
    current: bool


@dataclass
class Apology:
    reason: str
    new_due_at: datetime.datetime | None
    old_due_at: datetime.datetime | None


@dataclass
class CitizenView:
    dossier: Dossier
    code: str
    procedure_code: str
    procedure_name: str
    applicant_name: str
    channel: str
    receiving_desk: str
    competent_agency: str
    received_at: datetime.datetime
    status: str
    status_plain: str
    paused: bool
    due_at: datetime.datetime | None
    outcome: str = ""
    outcome_key: str = ""
    steps: list[Step] = field(default_factory=list)
    supplement: list[str] = field(default_factory=list)
    refusal_reason: str = ""
    apology: Apology | None = None
    result: str = ""
    returned_at: datetime.datetime | None = None
    return_method: str = ""
    rating: object | None = None
    can_rate: bool = False


def _instant(text) -> datetime.datetime | None:
    try:
        return datetime.datetime.fromisoformat(text) if text else None
    except (TypeError, ValueError):
        return None


def citizen_view(dossier: Dossier, *, now: datetime.datetime) -> CitizenView:
    status = dossier.status
    view = CitizenView(
        dossier=dossier,
        code=dossier.code,
        procedure_code=dossier.procedure.code,
        procedure_name=dossier.version.name,
        applicant_name=dossier.applicant.name,
        channel=dossier.get_channel_display(),
        receiving_desk=dossier.receiving_desk.name,
        competent_agency=dossier.competent_agency.name,
        received_at=dossier.received_at,
        status=status,
        status_plain=PLAIN_STATUS.get(status, dossier.get_status_display()),
        paused=status == Status.AWAITING_SUPPLEMENT,
        due_at=dossier.due_at if status in TIMED else None,
    )
    if status in TIMED and dossier.due_at is not None:
        view.outcome_key = selectors.outcome_of(dossier, at=now)
        view.outcome = deadlines.OUTCOME_LABELS[view.outcome_key]
    view.steps = [
        Step(name=s.name, done=s.finished_at is not None, current=s.position == dossier.current_step)
        for s in dossier.steps.all()
    ]
    if status == Status.AWAITING_SUPPLEMENT:
        event = last_event(dossier, "request_supplement")
        if event is not None:
            view.supplement = list(event.data.get("missing") or []) or [event.note]
    elif status == Status.GUIDED:
        event = last_event(dossier, "guide")
        if event is not None:
            view.supplement = list(event.data.get("missing") or [])
    elif status == Status.REFUSED_AT_INTAKE:
        event = last_event(dossier, "refuse_intake")
        view.refusal_reason = event.note if event is not None else ""
    if dossier.reschedules:
        event = last_event(dossier, "apologise")
        if event is not None:
            view.apology = Apology(
                reason=event.note,
                new_due_at=_instant(event.data.get("due_at")) or dossier.due_at,
                old_due_at=_instant(event.data.get("old_due_at")),
            )
    if status == Status.RETURNED:
        view.returned_at = dossier.returned_at
        view.return_method = RETURN_METHODS.get(dossier.return_method, "")
        if dossier.result == "refused":
            view.result = "Từ chối giải quyết"
            event = last_event(dossier, "refuse")
            view.refusal_reason = event.note if event is not None else ""
        else:
            view.result = "Hồ sơ được giải quyết; kết quả đã được trả cho người nộp"
        view.rating = getattr(dossier, "rating", None)
        view.can_rate = view.rating is None
    return view
