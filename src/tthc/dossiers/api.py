"""Hồ sơ một cửa API, under /api/v1/dossiers.

Staff (session login, CSRF-checked for writes): receive a dossier at the desk (with an ``Idempotency-Key``
header a retried request gives back the first dossier, never a second one), read one, list with filters,
take a transition of the declared table, list the checklist and upload a file for one entry, read the
timeline (form 05). Every read goes through :func:`tthc.dossiers.selectors.visible_dossiers`: a dossier of
another agency is "not found". Public (no login, rate-limited): the status lookup by code plus the second
factor printed on the receipt (or the phone number on file), with the same refusal for an unknown code and a
wrong factor.
"""

from __future__ import annotations

import datetime
import hashlib
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Literal

from django.db import connection, transaction
from django.db.models import Prefetch, prefetch_related_objects
from django.http import HttpRequest
from django.utils import timezone
from ninja import Body, File, Header, Query, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.security import SessionAuth
from pydantic import Field

from tthc.api_auth import staff_session
from tthc.core.errors import DomainError, NotFound, ValidationFailed
from tthc.dossiers import attachments, deadlines, selectors, services, workflow
from tthc.dossiers.citizen import guard, presenting
from tthc.dossiers.models import Dossier, DossierDocument, DossierStep, Payment, StoredFile
from tthc.dossiers.models import Status as DossierStatus
from tthc.dossiers.uploads import max_upload_bytes
from tthc.organisation.models import Agency
from tthc.organisation.scoping import Permission, agencies_in_scope

router = Router(tags=["dossiers"])


class KeyReused(DomainError):
    code = "idempotency_key_reused"
    status = 409


class TooManyRequests(DomainError):
    code = "too_many_requests"
    status = 429


# --- schemas ------------------------------------------------------------------------------------------------


class ErrorOut(Schema):
    code: str
    message: str
    field: str | None = None
    details: list[dict] = []


class AgencyOut(Schema):
    id: int
    code: str
    name: str


class ApplicantIn(Schema):
    kind: Literal["person", "organisation"] = Field(description="Cá nhân (person) hay tổ chức (organisation)")
    name: str = Field(max_length=1000, description="Họ tên / tên tổ chức")
    identifier: str = Field(max_length=40, description="Số định danh cá nhân (CCCD) hoặc mã số thuế")
    address: str = Field("", max_length=1000)
    phone: str = Field("", max_length=40)
    email: str = Field("", max_length=300)


class ApplicantOut(Schema):
    kind: str
    name: str
    identifier: str
    address: str
    phone: str
    email: str


class DocumentGivenIn(Schema):
    position: int = Field(ge=0, description="Số thứ tự giấy tờ trong danh mục của thủ tục (từ 0)")
    stored_file_id: int | None = Field(
        None, description="Dùng lại một tệp trong kho dữ liệu của người nộp (nếu có)"
    )


class PaymentIn(Schema):
    amount: int = Field(ge=0, description="Số tiền (đồng)")
    method: Literal["cash", "transfer", "online"] = Field(description="Tiền mặt, chuyển khoản, trực tuyến")
    receipt_number: str = Field(max_length=60, description="Số biên lai thu phí, lệ phí")


class DossierIn(Schema):
    procedure_code: str = Field(max_length=60, description="Mã thủ tục đang có hiệu lực")
    desk_id: int | None = Field(
        None, description="Bộ phận tiếp nhận (mặc định: bộ phận một cửa duy nhất của người dùng)"
    )
    applicant: ApplicantIn
    channel: Literal["in_person", "online", "postal"] = Field(
        "in_person", description="Kênh nộp: trực tiếp, trực tuyến, bưu chính công ích"
    )
    case: str = Field(
        "", max_length=255, description="Trường hợp của thủ tục (nếu thủ tục có nhiều trường hợp)"
    )
    documents: list[DocumentGivenIn] = Field([], max_length=200, description="Các giấy tờ người nộp đã nộp")
    competent_agency_id: int | None = Field(
        None, description="Cơ quan giải quyết (khi thủ tục do nhiều cơ quan giải quyết)"
    )
    payment: PaymentIn | None = Field(None, description="Thu phí, lệ phí khi tiếp nhận")
    outcome: Literal["received", "guided", "refused_at_intake"] = Field(
        "received",
        description="Tiếp nhận (mẫu 01), hướng dẫn bổ sung (mẫu 02) hoặc từ chối tiếp nhận (mẫu 03)",
    )
    missing: list[str] = Field(
        [], max_length=100, description="Hướng dẫn bổ sung: toàn bộ giấy tờ còn thiếu, một lần"
    )
    reason: str = Field("", max_length=4000, description="Từ chối tiếp nhận: lý do")
    note: str = Field("", max_length=2000, description="Ghi chú")

    def intake(self) -> services.Intake:
        return services.Intake(
            procedure_code=self.procedure_code,
            applicant=services.ApplicantData(**self.applicant.model_dump()),
            channel=self.channel,
            case=self.case,
            documents=[
                services.DocumentGiven(position=d.position, stored_file_id=d.stored_file_id)
                for d in self.documents
            ],
            competent_agency_id=self.competent_agency_id,
            payment=services.PaymentData(**self.payment.model_dump()) if self.payment else None,
            note=self.note,
        )


class StepOut(Schema):
    position: int
    name: str
    kind: str
    agency: AgencyOut
    role: str
    due_at: datetime.datetime
    finished_at: datetime.datetime | None
    late: bool = Field(description="Bước đã quá hạn (chưa xong sau hạn, hoặc xong sau hạn)")


class ActionOut(Schema):
    action: str
    label: str
    needs_reason: bool
    form: str


class DossierSummaryOut(Schema):
    code: str
    status: str
    status_label: str
    procedure_code: str
    procedure_name: str
    version: int
    channel: str
    applicant_name: str
    receiving_desk: AgencyOut
    competent_agency: AgencyOut
    received_at: datetime.datetime
    due_at: datetime.datetime | None
    finished_at: datetime.datetime | None
    paused: bool
    outcome: str = Field(description="Tình trạng so với hạn: early, on_time, late, in_progress_*, paused")
    outcome_label: str
    assignee: str | None


class DossierOut(DossierSummaryOut):
    case: str
    applicant: ApplicantOut
    result: str
    original_due_at: datetime.datetime | None
    returned_at: datetime.datetime | None
    return_method: str
    reschedules: int
    fee: int
    register_year: int | None
    register_number: int | None
    lookup_key: str = Field(description="Mã tra cứu in trên giấy tiếp nhận")
    current_step: int | None
    steps: list[StepOut]
    allowed_actions: list[ActionOut] = Field(description="Các thao tác người dùng được thực hiện lúc này")


class DossierPageOut(Schema):
    count: int
    page: int
    page_size: int
    items: list[DossierSummaryOut]


class ActionIn(Schema):
    reason: str = Field("", max_length=4000, description="Lý do / nội dung (bắt buộc với một số thao tác)")
    assignee_id: int | None = Field(None, description="assign: người được phân công (mặc định: chính mình)")
    agency_id: int | None = Field(None, description="request_consultation: cơ quan được xin ý kiến")
    consultation_id: int | None = Field(None, description="answer_consultation: yêu cầu xin ý kiến")
    new_due_at: datetime.datetime | None = Field(None, description="apologise: ngày hẹn trả mới")
    method: Literal["in_person", "online", "postal"] | None = Field(
        None, description="return_result: hình thức trả kết quả"
    )
    missing: list[str] = Field([], max_length=100, description="guide: các giấy tờ còn thiếu")
    result: str | None = Field(None, max_length=255, description="appraise / approve: kết quả")

    def payload(self) -> dict:
        values = {
            "assignee": self.assignee_id,
            "agency": self.agency_id,
            "consultation": self.consultation_id,
            "new_due_at": _aware(self.new_due_at),
            "method": self.method,
            "missing": self.missing,
            "result": self.result,
        }
        return {key: value for key, value in values.items() if value not in (None, [], "")}


class PaymentOut(Schema):
    amount: int = Field(description="Số tiền (đồng)")
    method: str
    method_label: str
    receipt_number: str
    paid_at: datetime.datetime
    recorded_by: str | None


class StoredFileOut(Schema):
    id: int
    title: str
    original_name: str
    content_type: str
    size: int
    sha256: str
    created_at: datetime.datetime


class DocumentOut(Schema):
    position: int
    name: str
    originals: int
    copies: int
    provided: bool
    file: StoredFileOut | None


class EventOut(Schema):
    at: datetime.datetime
    action: str
    label: str
    from_status: str
    to_status: str
    actor_name: str
    from_agency: AgencyOut | None
    to_agency: AgencyOut | None
    given_at: datetime.datetime | None
    taken_at: datetime.datetime | None
    result: str
    note: str
    data: dict


class LookupIn(Schema):
    code: str = Field(max_length=60, description="Mã hồ sơ in trên giấy tiếp nhận")
    second_factor: str = Field(
        max_length=40, description="Mã tra cứu in trên giấy tiếp nhận, hoặc số điện thoại đã khai"
    )


class LookupStepOut(Schema):
    name: str
    done: bool
    current: bool


class ApologyOut(Schema):
    reason: str
    new_due_at: datetime.datetime | None
    old_due_at: datetime.datetime | None


class LookupOut(Schema):
    code: str
    procedure_code: str
    procedure_name: str
    applicant_name: str
    channel: str
    receiving_desk: str
    competent_agency: str
    received_at: datetime.datetime
    status: str
    status_label: str = Field(description="Tình trạng hồ sơ bằng lời cho người nộp")
    paused: bool
    due_at: datetime.datetime | None
    outcome: str
    outcome_label: str
    steps: list[LookupStepOut]
    supplement: list[str] = Field(description="Các giấy tờ cần bổ sung (mẫu 02)")
    refusal_reason: str
    apology: ApologyOut | None = Field(description="Thư xin lỗi và hẹn lại (mẫu 04)")
    result: str
    returned_at: datetime.datetime | None
    return_method: str
    rated: bool
    can_rate: bool


# --- building the answers -----------------------------------------------------------------------------------

# Actions recorded outside the transition table (intake, payment, rating, files).
EVENT_LABELS = {
    "receive": "Tiếp nhận hồ sơ",
    "submit_online": "Nộp hồ sơ trực tuyến",
    "pay": "Thu phí, lệ phí",
    "rate": "Đánh giá mức độ hài lòng",
    "attach_document": "Số hóa giấy tờ",
    "marked_late": "Hồ sơ quá hạn giải quyết",
    "apology_proposed": "Đề nghị xin lỗi và hẹn lại",
    "consultation_late": "Xin ý kiến quá hạn",
}
SUMMARY_RELATED = (*selectors.LIST_RELATED, "procedure")


def _aware(value: datetime.datetime | None) -> datetime.datetime | None:
    if value is not None and timezone.is_naive(value):
        return timezone.make_aware(value, timezone.get_current_timezone())
    return value


def _agency(agency: Agency) -> AgencyOut:
    return AgencyOut(id=agency.pk, code=agency.code, name=agency.name)


def _summary_fields(dossier: Dossier, *, now: datetime.datetime) -> dict:
    outcome = selectors.outcome_of(dossier, at=now) if dossier.due_at is not None else ""
    assignee = dossier.assignee
    return dict(
        code=dossier.code,
        status=dossier.status,
        status_label=dossier.get_status_display(),
        procedure_code=dossier.procedure.code,
        procedure_name=dossier.version.name,
        version=dossier.version.number,
        channel=dossier.channel,
        applicant_name=dossier.applicant.name,
        receiving_desk=_agency(dossier.receiving_desk),
        competent_agency=_agency(dossier.competent_agency),
        received_at=dossier.received_at,
        due_at=dossier.due_at,
        finished_at=dossier.finished_at,
        paused=dossier.is_paused,
        outcome=outcome,
        outcome_label=deadlines.OUTCOME_LABELS.get(outcome, ""),
        assignee=str(assignee) if assignee else None,
    )


def _step_late(step: DossierStep, now: datetime.datetime) -> bool:
    return (step.finished_at or now) > step.due_at


def _detail(dossier: Dossier, user, *, now: datetime.datetime, just_created: bool = False) -> DossierOut:
    """The dossier as ``user`` sees it, read again with everything the answer shows in a few queries.

    A dossier ``just_created`` by this request keeps the procedure, version, applicant and agencies the intake
    had in hand: only its own row is read again (values as stored, e.g. instants in UTC, so the answer is the
    same as any later read), with its steps and consultations — reading it with its relations joins six
    tables, which PostgreSQL takes ~3 ms to plan.
    """
    related = (Prefetch("steps", queryset=DossierStep.objects.select_related("agency")), "consultations")
    if just_created:
        dossier.refresh_from_db(
            fields=[f.attname for f in Dossier._meta.concrete_fields if not f.is_relation]
        )
        prefetch_related_objects([dossier], *related)
    else:
        dossier = (
            Dossier.objects.select_related(*SUMMARY_RELATED).prefetch_related(*related).get(pk=dossier.pk)
        )
    applicant = dossier.applicant
    return DossierOut(
        **_summary_fields(dossier, now=now),
        case=dossier.case,
        applicant=ApplicantOut(
            kind=applicant.kind,
            name=applicant.name,
            identifier=applicant.identifier,
            address=applicant.address,
            phone=applicant.phone,
            email=applicant.email,
        ),
        result=dossier.result,
        original_due_at=dossier.original_due_at,
        returned_at=dossier.returned_at,
        return_method=dossier.return_method,
        reschedules=dossier.reschedules,
        fee=dossier.fee,
        register_year=dossier.register_year,
        register_number=dossier.register_number,
        lookup_key=dossier.lookup_key,
        current_step=dossier.current_step,
        steps=[
            StepOut(
                position=s.position,
                name=s.name,
                kind=s.kind,
                agency=_agency(s.agency),
                role=s.role,
                due_at=s.due_at,
                finished_at=s.finished_at,
                late=_step_late(s, now),
            )
            for s in dossier.steps.all()
        ],
        allowed_actions=[
            ActionOut(action=t.action, label=t.label, needs_reason=t.needs_reason, form=t.form)
            for t in workflow.allowed_actions(dossier, user, now=now)
        ],
    )


def _event_label(action: str) -> str:
    transition = workflow.TRANSITIONS.get(action)
    return transition.label if transition else EVENT_LABELS.get(action, action)


def _visible(request: HttpRequest, code: str) -> Dossier:
    return selectors.dossier_for(request.user, code=code)


# --- idempotent intake --------------------------------------------------------------------------------------


def _idempotency_key(raw: str | None) -> str | None:
    if raw is None:
        return None
    key = raw.strip()
    if not key:
        return None
    if len(key) > 100 or not key.isascii() or not key.isprintable():
        raise ValidationFailed(
            "Khóa Idempotency-Key phải là chuỗi ký tự ASCII in được, dài tối đa 100 ký tự.",
            field="Idempotency-Key",
        )
    return key


_SQLITE_WRITER = threading.Lock()


@contextmanager
def _one_writer() -> Iterator[None]:
    """On SQLite, the writes of this process's threads one after the other.

    SQLite admits one writer at a time anyway; queueing this process's writers on a lock spares them polling
    the busy timeout, and keeps them correct where threads share one connection (the in-memory test
    database behind the live server), whose transaction state they would otherwise interleave. Other
    processes still wait on SQLite's own lock. PostgreSQL writes in parallel: no lock.
    """
    if connection.vendor != "sqlite":
        yield
        return
    with _SQLITE_WRITER:
        yield


def _hold_key(key: str) -> None:
    """Make concurrent requests with the same key wait for each other until the first one commits.

    On PostgreSQL a transaction-scoped advisory lock on the key; SQLite takes its write lock when the
    transaction begins (``transaction_mode = IMMEDIATE``), which already serialises writers. Without it a
    retry racing the first request would draw a dossier number before finding the first dossier, and the
    sequence would have a gap.
    """
    if connection.vendor == "postgresql":
        digest = hashlib.sha256(f"tthc.dossiers.idempotency:{key}".encode()).digest()
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_advisory_xact_lock(%s)", [int.from_bytes(digest[:8], "big", signed=True)]
            )


def _replayed(existing: Dossier, user, payload: DossierIn) -> Dossier:
    """The first dossier of a retried request, when it is the same request by someone who may see it."""
    same = (
        existing.procedure.code == payload.procedure_code.strip()
        and existing.applicant.identifier == payload.applicant.identifier.strip()
    )
    if not same or not selectors.visible_dossiers(user).filter(pk=existing.pk).exists():
        raise KeyReused(
            "Khóa Idempotency-Key này đã được dùng cho một yêu cầu khác; mỗi hồ sơ mới cần một khóa mới.",
            field="Idempotency-Key",
        )
    return existing


def _desk(user, desk_id: int | None) -> Agency:
    if desk_id is not None:
        desk = Agency.objects.filter(pk=desk_id).first()
        if desk is None:
            raise NotFound("Không tìm thấy bộ phận tiếp nhận đã chọn.", field="desk_id")
        return desk
    desks = list(agencies_in_scope(user, permission=Permission.RECEIVE_DOSSIERS)[:2])
    if len(desks) != 1:
        raise ValidationFailed(
            "Chọn bộ phận tiếp nhận hồ sơ (desk_id)."
            if desks
            else "Bạn không làm việc ở bộ phận một cửa nào.",
            field="desk_id",
        )
    return desks[0]


# --- staff operations ---------------------------------------------------------------------------------------

STATUS_QUERY = Query(None, description="Trạng thái hồ sơ")
AGENCY_QUERY = Query(None, description="Cơ quan tiếp nhận hoặc giải quyết")
PROCEDURE_QUERY = Query("", max_length=60, description="Mã thủ tục")
DUE_BEFORE_QUERY = Query(None, description="Hạn trả kết quả trước thời điểm này")
LATE_QUERY = Query(None, description="true: đang quá hạn; false: không quá hạn")
TEXT_QUERY = Query("", max_length=200, description="Mã hồ sơ, tên hoặc số định danh người nộp")
ACTION_BODY = Body(default_factory=ActionIn, description="Lý do và dữ liệu của thao tác (có thể bỏ trống)")
FILE_PART = File(None, description="Tệp số hóa")
STAFF_ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


@router.post(
    "/lookup",
    auth=None,
    response={200: LookupOut, 404: ErrorOut, 422: ErrorOut, 429: ErrorOut},
    url_name="dossiers-lookup",
    summary="Tra cứu tình trạng hồ sơ (công khai)",
    description=(
        "Người nộp tra cứu bằng mã hồ sơ **và** mã tra cứu in trên giấy tiếp nhận (hoặc số điện thoại đã "
        "khai). Mã không tồn tại và mã tra cứu sai nhận cùng một câu trả lời 404, nên không dò được hồ sơ "
        "của người khác; mỗi địa chỉ chỉ được tra cứu một số lần mỗi phút (429 khi vượt). Không trả số "
        "định danh, tên cán bộ hay ghi chú nội bộ."
    ),
)
def lookup(request: HttpRequest, payload: LookupIn):
    if not guard.within_limit(request, "lookup", guard.LOOKUP_LIMIT):
        hits, window = guard.LOOKUP_LIMIT
        raise TooManyRequests(f"Tra cứu quá {hits} lần trong {window} giây; vui lòng thử lại sau ít phút.")
    dossier = selectors.public_lookup(code=payload.code, second_factor=payload.second_factor)
    view = presenting.citizen_view(dossier, now=timezone.now())
    apology = view.apology
    return LookupOut(
        code=view.code,
        procedure_code=view.procedure_code,
        procedure_name=view.procedure_name,
        applicant_name=view.applicant_name,
        channel=view.channel,
        receiving_desk=view.receiving_desk,
        competent_agency=view.competent_agency,
        received_at=view.received_at,
        status=view.status,
        status_label=view.status_plain,
        paused=view.paused,
        due_at=view.due_at,
        outcome=view.outcome_key,
        outcome_label=view.outcome,
        steps=[LookupStepOut(name=s.name, done=s.done, current=s.current) for s in view.steps],
        supplement=view.supplement,
        refusal_reason=view.refusal_reason,
        apology=ApologyOut(
            reason=apology.reason, new_due_at=apology.new_due_at, old_due_at=apology.old_due_at
        )
        if apology
        else None,
        result=view.result,
        returned_at=view.returned_at,
        return_method=view.return_method,
        rated=view.rating is not None,
        can_rate=view.can_rate,
    )


@router.get(
    "",
    auth=staff_session,
    response={200: DossierPageOut, **STAFF_ERRORS},
    url_name="dossiers-list",
    summary="Danh sách hồ sơ trong phạm vi của người dùng",
    description=(
        "Hồ sơ tiếp nhận tại, giải quyết bởi hoặc được xin ý kiến từ các cơ quan trong phạm vi của người "
        "dùng; lọc theo trạng thái, cơ quan, thủ tục, hạn trả trước thời điểm, quá hạn, và tìm theo mã hồ "
        "sơ, tên hoặc số định danh người nộp; mới tiếp nhận trước, phân trang."
    ),
)
def list_dossiers(
    request: HttpRequest,
    status: DossierStatus | None = STATUS_QUERY,
    agency: int | None = AGENCY_QUERY,
    procedure: str = PROCEDURE_QUERY,
    due_before: datetime.datetime | None = DUE_BEFORE_QUERY,
    late: bool | None = LATE_QUERY,
    text: str = TEXT_QUERY,
    page: int = Query(1, ge=1),
    page_size: int = Query(20, ge=1, le=100),
):
    now = timezone.now()
    dossiers = selectors.filtered(
        selectors.visible_dossiers(request.user),
        status=status or "",
        agency_id=agency,
        procedure_code=procedure.strip(),
        due_before=_aware(due_before),
        late=late,
        now=now,
        text=text,
    ).select_related(*SUMMARY_RELATED)
    count = dossiers.count()
    start = (page - 1) * page_size
    items = [DossierSummaryOut(**_summary_fields(d, now=now)) for d in dossiers[start : start + page_size]]
    return DossierPageOut(count=count, page=page, page_size=page_size, items=items)


@router.post(
    "",
    auth=staff_session,
    response={200: DossierOut, 201: DossierOut, **STAFF_ERRORS},
    url_name="dossiers-create",
    summary="Tiếp nhận hồ sơ tại bộ phận một cửa",
    description=(
        "Tiếp nhận (mẫu 01), hướng dẫn bổ sung (mẫu 02, nêu đủ một lần các giấy tờ còn thiếu) hoặc từ chối "
        "tiếp nhận (mẫu 03, nêu lý do). Mã hồ sơ `<mã đơn vị>-YYMMDD-XXXX` liên tục, không trùng kể cả khi "
        "nhiều quầy tiếp nhận cùng lúc. Gửi kèm tiêu đề `Idempotency-Key`: gửi lại cùng một yêu cầu (cùng "
        "khóa) nhận lại đúng hồ sơ đã tạo với mã 200, không bao giờ tạo hồ sơ thứ hai; hồ sơ mới trả 201. "
        "Tệp số hóa gửi sau, qua `POST /{code}/documents/{position}`."
    ),
)
def create_dossier(
    request: HttpRequest,
    payload: DossierIn,
    idempotency_key: str | None = Header(
        None,
        alias="Idempotency-Key",
        description="Khóa do máy khách sinh cho mỗi hồ sơ mới (ví dụ UUID); gửi lại y nguyên khi thử lại",
    ),
):
    key = _idempotency_key(idempotency_key)
    desk = _desk(request.user, payload.desk_id)
    now = timezone.now()
    with _one_writer(), transaction.atomic():
        if key is not None:
            scoped = services.scoped_idempotency_key(request.user, key)
            _hold_key(scoped)
            existing = (
                Dossier.objects.select_related("procedure", "applicant")
                .filter(idempotency_key=scoped)
                .first()
            )
            if existing is not None:
                return Status(200, _detail(_replayed(existing, request.user, payload), request.user, now=now))
        dossier = services.receive(
            intake=payload.intake(),
            desk=desk,
            user=request.user,
            now=now,
            outcome=payload.outcome,
            missing=payload.missing,
            reason=payload.reason,
            idempotency_key=key,
        )
    return Status(201, _detail(dossier, request.user, now=now, just_created=True))


@router.get(
    "/{code}",
    auth=staff_session,
    response={200: DossierOut, **STAFF_ERRORS},
    url_name="dossiers-detail",
    summary="Chi tiết một hồ sơ",
    description="Người nộp, các bước của quy trình nội bộ với hạn từng bước, hạn trả, tình trạng so với hạn "
    "và các thao tác người dùng được thực hiện lúc này.",
)
def dossier_detail(request: HttpRequest, code: str):
    return _detail(_visible(request, code), request.user, now=timezone.now())


@router.post(
    "/{code}/actions/{action}",
    auth=staff_session,
    response={200: DossierOut, **STAFF_ERRORS},
    url_name="dossiers-action",
    summary="Thực hiện một bước chuyển của hồ sơ",
    description=(
        "Các thao tác theo bảng chuyển trạng thái: accept, guide, refuse_intake, forward, assign, "
        "request_consultation, answer_consultation, request_supplement, receive_supplement, appraise, "
        "refuse, apologise, approve, send_result, return_result, withdraw, stop. Thao tác không được phép "
        "ở trạng thái hiện tại hoặc vi phạm quy định (ví dụ yêu cầu bổ sung quá 3 ngày làm việc, "
        "xin lỗi lần hai) trả 409 với thông báo nêu quy định; không có gì được ghi."
    ),
)
def take_action(request: HttpRequest, code: str, action: str, payload: ActionIn = ACTION_BODY):
    dossier = _visible(request, code)
    now = timezone.now()
    with _one_writer():
        dossier = workflow.perform(
            dossier=dossier,
            action=action,
            user=request.user,
            now=now,
            reason=payload.reason,
            **payload.payload(),
        )
    return _detail(dossier, request.user, now=now)


def _payment_out(payment: Payment) -> PaymentOut:
    recorder = payment.recorded_by
    return PaymentOut(
        amount=payment.amount,
        method=payment.method,
        method_label=payment.get_method_display(),
        receipt_number=payment.receipt_number,
        paid_at=payment.paid_at,
        recorded_by=str(recorder) if recorder else None,
    )


@router.get(
    "/{code}/payments",
    auth=staff_session,
    response={200: list[PaymentOut], **STAFF_ERRORS},
    url_name="dossiers-payments",
    summary="Các khoản phí, lệ phí đã thu của hồ sơ",
)
def list_payments(request: HttpRequest, code: str):
    dossier = _visible(request, code)
    return [_payment_out(p) for p in dossier.payments.select_related("recorded_by").order_by("paid_at", "id")]


@router.post(
    "/{code}/payments",
    auth=staff_session,
    response={201: PaymentOut, **STAFF_ERRORS},
    url_name="dossiers-payment-create",
    summary="Ghi nhận thu phí, lệ phí sau khi tiếp nhận",
    description=(
        "Bộ phận một cửa nơi tiếp nhận ghi nhận khoản phí, lệ phí nộp sau khi tiếp nhận (tiền mặt, chuyển "
        "khoản, thanh toán trực tuyến) với số biên lai; mỗi số biên lai chỉ ghi nhận một lần cho một hồ sơ "
        "(gửi lại cùng biên lai trả 409 `receipt_recorded`). Không ghi nhận cho hồ sơ đã hướng dẫn bổ sung, "
        "từ chối tiếp nhận, rút hoặc dừng xử lý."
    ),
)
def create_payment(request: HttpRequest, code: str, payload: PaymentIn):
    dossier = _visible(request, code)
    with _one_writer():
        paid = services.record_payment(
            dossier=dossier,
            payment=services.PaymentData(**payload.model_dump()),
            user=request.user,
            now=timezone.now(),
        )
    return Status(201, _payment_out(paid))


@router.get(
    "/{code}/documents",
    auth=staff_session,
    response={200: list[DocumentOut], **STAFF_ERRORS},
    url_name="dossiers-documents",
    summary="Danh mục giấy tờ của hồ sơ và tệp số hóa",
)
def list_documents(request: HttpRequest, code: str):
    dossier = _visible(request, code)
    documents = DossierDocument.objects.filter(dossier=dossier).select_related("stored_file")
    return [_document_out(d) for d in documents]


def _document_out(document: DossierDocument) -> DocumentOut:
    stored: StoredFile | None = document.stored_file
    return DocumentOut(
        position=document.position,
        name=document.name,
        originals=document.originals,
        copies=document.copies,
        provided=document.provided,
        file=StoredFileOut(
            id=stored.pk,
            title=stored.title,
            original_name=stored.original_name,
            content_type=stored.content_type,
            size=stored.size,
            sha256=stored.sha256,
            created_at=stored.created_at,
        )
        if stored
        else None,
    )


class UploadSession(SessionAuth):
    """The staff session, with the upload guarded before anything reads the body.

    The CSRF check reads the form, which would store the whole upload first: a body larger than the limit is
    refused from its Content-Length, and a file that passes the limit while it streams in is dropped.
    """

    def __call__(self, request: HttpRequest):
        limit = max_upload_bytes()
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > limit + 1024 * 1024:
            raise attachments.UploadTooLarge(
                f"Tệp gửi lên dung lượng {length / 1048576:.1f} MB, vượt giới hạn {limit / 1048576:.0f} MB.",
                field="file",
            )
        handler = guard.SizeLimitHandler(request, limit=limit)
        request.upload_handlers.insert(0, handler)
        request.size_guard = handler
        return super().__call__(request)


@router.post(
    "/{code}/documents/{position}",
    auth=UploadSession(),
    response={200: DocumentOut, 413: ErrorOut, **STAFF_ERRORS},
    url_name="dossiers-document-upload",
    summary="Tải lên tệp số hóa cho một giấy tờ trong danh mục",
    description=(
        "Gửi dạng multipart, trường `file`. Chấp nhận PDF, ảnh JPEG/PNG/TIFF, Word/Excel, nhận biết theo "
        "nội dung tệp chứ không theo tên; tên tệp được làm sạch, ghi mã SHA-256; dung lượng tối đa theo cấu "
        "hình (mặc định 20 MB). Bộ phận một cửa tiếp nhận hoặc cán bộ của cơ quan giải quyết được tải lên."
    ),
)
def upload_document(
    request: HttpRequest,
    code: str,
    position: int,
    file: UploadedFile | None = FILE_PART,
):
    dossier = _visible(request, code)
    dropped = getattr(getattr(request, "size_guard", None), "too_big", {})
    if dropped:
        name = next(iter(dropped.values())) or "tệp"
        raise ValidationFailed(
            f"Tệp «{name[:100]}» vượt giới hạn {max_upload_bytes() / 1048576:.0f} MB.", field="file"
        )
    if file is None:
        raise ValidationFailed("Chưa chọn tệp để tải lên (trường file).", field="file")
    with _one_writer():
        document = attachments.attach_document(
            dossier=dossier, position=position, upload=file, user=request.user, now=timezone.now()
        )
    return _document_out(DossierDocument.objects.select_related("stored_file").get(pk=document.pk))


@router.get(
    "/{code}/timeline",
    auth=staff_session,
    response={200: list[EventOut], **STAFF_ERRORS},
    url_name="dossiers-timeline",
    summary="Quá trình xử lý hồ sơ (mẫu 05)",
    description="Mọi lần giao nhận giữa các cơ quan (bên giao, bên nhận, thời điểm giao, nhận, kết quả, ghi "
    "chú) và mọi thay đổi trạng thái với người thực hiện, theo thứ tự thời gian; không bao giờ bị sửa.",
)
def timeline(request: HttpRequest, code: str):
    dossier = _visible(request, code)
    return [
        EventOut(
            at=e.at,
            action=e.action,
            label=_event_label(e.action),
            from_status=e.from_status,
            to_status=e.to_status,
            actor_name=e.actor_name,
            from_agency=_agency(e.from_agency) if e.from_agency else None,
            to_agency=_agency(e.to_agency) if e.to_agency else None,
            given_at=e.given_at,
            taken_at=e.taken_at,
            result=e.result,
            note=e.note,
            data=e.data,
        )
        for e in selectors.timeline(dossier)
    ]
