"""Writing dossiers: intake at the desk (received, guided, refused), online submission, payments, ratings.

Every function takes ``now`` and the acting ``user`` (None for the public), checks permissions through
:mod:`tthc.organisation.scoping`, writes in one transaction and appends the matching :class:`DossierEvent`.
Transitions after intake live in :mod:`tthc.dossiers.workflow`.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils import timezone as dj_timezone

from tthc.catalog.models import Channel, OnlineLevel, ProcedureVersion, VersionAgency
from tthc.catalog.selectors import version_in_force_by_code
from tthc.core.errors import DomainError, NotFound, PermissionDenied, ValidationFailed
from tthc.core.links import absolute_url
from tthc.dossiers import codes, deadlines, documentstore
from tthc.dossiers.calendars import calendar_around
from tthc.dossiers.models import (
    Applicant,
    ApplicantKind,
    Dossier,
    DossierDocument,
    DossierEvent,
    DossierStep,
    InternalProcess,
    Payment,
    ProcessStep,
    Rating,
    Status,
    StoredFile,
)
from tthc.dossiers.uploads import check_file, removed_on_failure, store_file
from tthc.legalrules.catalogue import DEFINITIONS
from tthc.legalrules.selectors import rule_set
from tthc.notifications.services import notify
from tthc.organisation.models import Agency, Role
from tthc.organisation.scoping import Permission, require_in_scope

PHONE = re.compile(r"^\+?[0-9 .]{9,15}$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
PERSON_ID = re.compile(r"^[0-9]{9}$|^[0-9]{12}$")
TAX_CODE = re.compile(r"^[0-9]{10}(-[0-9]{3})?$")

# The default internal process when the agency has none approved: receive → appraise → approve → return.
DEFAULT_PROCESS = (
    ("Tiếp nhận, chuyển hồ sơ", ProcessStep.Kind.RECEIVE, Role.DESK_OFFICER, 10),
    ("Thẩm định hồ sơ", ProcessStep.Kind.APPRAISE, Role.SPECIALIST, 60),
    ("Phê duyệt kết quả", ProcessStep.Kind.APPROVE, Role.APPROVER, 20),
    ("Trả kết quả", ProcessStep.Kind.RETURN, Role.DESK_OFFICER, 10),
)


@dataclass
class ApplicantData:
    kind: str
    name: str
    identifier: str
    address: str = ""
    phone: str = ""
    email: str = ""


@dataclass
class PaymentData:
    amount: int
    method: str
    receipt_number: str


@dataclass
class DocumentGiven:
    """A checklist entry (``position`` in the version's documents) the applicant gave."""

    position: int
    upload: object | None = None  # an UploadedFile to store
    stored_file_id: int | None = None  # or a file from the applicant's document store


@dataclass
class Intake:
    procedure_code: str
    applicant: ApplicantData
    channel: str = Channel.IN_PERSON
    case: str = ""
    documents: list[DocumentGiven] = field(default_factory=list)
    competent_agency_id: int | None = None
    payment: PaymentData | None = None
    note: str = ""


# --- validation -------------------------------------------------------------------------------------------


def check_applicant(data: ApplicantData) -> ApplicantData:
    problems = []

    def problem(field_name: str, message: str):
        problems.append({"record": "", "field": field_name, "message": message})

    name = " ".join((data.name or "").split())
    identifier = (data.identifier or "").strip()
    phone = (data.phone or "").strip()
    email = (data.email or "").strip()
    if data.kind not in ApplicantKind.values:
        problem("kind", "Loại người nộp phải là cá nhân hoặc tổ chức.")
    if not name:
        problem("name", "Chưa nhập họ tên (tên tổ chức) người nộp hồ sơ.")
    elif len(name) > 255:
        problem("name", "Họ tên dài quá 255 ký tự.")
    if data.kind == ApplicantKind.PERSON and not PERSON_ID.match(identifier):
        problem("identifier", "Số định danh cá nhân (CCCD) phải gồm 12 chữ số (hoặc CMND 9 chữ số).")
    if data.kind == ApplicantKind.ORGANISATION and not TAX_CODE.match(identifier):
        problem("identifier", "Mã số thuế phải gồm 10 chữ số (chi nhánh: 10 chữ số, gạch ngang, 3 chữ số).")
    if phone and not PHONE.match(phone):
        problem("phone", f"Số điện thoại «{phone[:30]}» không hợp lệ.")
    if email and (not EMAIL.match(email) or len(email) > 254):
        problem("email", f"Địa chỉ thư điện tử «{email[:60]}» không hợp lệ.")
    if len(data.address or "") > 500:
        problem("address", "Địa chỉ dài quá 500 ký tự.")
    if problems:
        raise ValidationFailed(problems[0]["message"], field=problems[0]["field"], details=problems)
    return ApplicantData(
        kind=data.kind,
        name=name,
        identifier=identifier,
        address=(data.address or "").strip(),
        phone=phone,
        email=email,
    )


def _applicant(data: ApplicantData, *, user=None) -> Applicant:
    applicant, created = Applicant.objects.get_or_create(
        kind=data.kind,
        identifier=data.identifier,
        defaults=dict(name=data.name, address=data.address, phone=data.phone, email=data.email, user=user),
    )
    if not created:
        changed = False
        for name in ("name", "address", "phone", "email"):
            value = getattr(data, name)
            if value and getattr(applicant, name) != value:
                setattr(applicant, name, value)
                changed = True
        if changed:
            applicant.save()
    return applicant


# --- routing ----------------------------------------------------------------------------------------------


def procedure_in_force(code: str, *, on: datetime.date) -> ProcedureVersion:
    version = version_in_force_by_code((code or "").strip(), on=on)
    if version is None:
        raise NotFound(f"Không có thủ tục mã «{(code or '')[:40]}» đang có hiệu lực.", field="procedure_code")
    return version


def competent_candidates(version: ProcedureVersion) -> list[Agency]:
    parts = list(version.agency_parts.select_related("agency"))
    competent = [p.agency for p in parts if p.part == VersionAgency.Part.COMPETENT]
    return competent or [p.agency for p in parts if p.part == VersionAgency.Part.IMPLEMENTING]


def route(*, version: ProcedureVersion, desk: Agency | None, chosen_id: int | None = None) -> Agency:
    """The competent agency of a dossier: by competence, not by the desk that received it.

    The applicant's choice among the competent agencies, else the one whose tree holds the desk, else the
    only one. On every path a desk outside the agency's tree receives only a boundary-free procedure, unless
    it is a service centre (the one-stop hall of the whole level) or one of its desks.
    """
    candidates = competent_candidates(version)
    if not candidates:
        raise DomainError(
            "Thủ tục chưa có cơ quan giải quyết; liên hệ cán bộ kiểm soát TTHC.", code="no_agency"
        )
    if chosen_id is not None:
        chosen = next((a for a in candidates if a.pk == chosen_id), None)
        if chosen is None:
            raise ValidationFailed(
                "Cơ quan đã chọn không phải là cơ quan giải quyết thủ tục này.", field="competent_agency_id"
            )
    elif desk is not None and (own := [a for a in candidates if desk.path.startswith(a.path)]):
        chosen = max(own, key=lambda a: len(a.path))
    elif len(candidates) == 1:
        chosen = candidates[0]
    else:
        raise ValidationFailed(
            "Thủ tục do nhiều cơ quan giải quyết; chọn cơ quan giải quyết hồ sơ.", field="competent_agency_id"
        )
    # Whichever way the agency was found, the desk must be one that may receive for it.
    if desk is not None and not _desk_may_receive_for(desk, chosen, version):
        raise DomainError(
            f"{desk.name} không tiếp nhận hồ sơ thủ tục này cho {chosen.name}: thủ tục không thuộc diện "
            "tiếp nhận không phụ thuộc địa giới hành chính.",
            code="outside_boundary",
        )
    return chosen


def _desk_may_receive_for(desk: Agency, agency: Agency, version: ProcedureVersion) -> bool:
    return (
        desk.path.startswith(agency.path)
        or version.boundary_free
        or desk.kind == Agency.Kind.SERVICE_CENTRE
        or (desk.parent_id is not None and desk.parent.kind == Agency.Kind.SERVICE_CENTRE)
    )


def online_desk(agency: Agency) -> Agency:
    """The desk that receives online dossiers for ``agency``: its own one-stop desk, else the service centre
    of its level (a department's online dossiers go to the province's centre), else the agency itself."""
    desks = Agency.objects.filter(kind=Agency.Kind.ONE_STOP_DESK).order_by("code")
    own = desks.filter(parent=agency).first()
    if own is not None:
        return own
    centre = (
        Agency.objects.filter(kind=Agency.Kind.SERVICE_CENTRE, parent_id=agency.parent_id)
        .order_by("code")
        .first()
        if agency.parent_id
        else None
    )
    if centre is not None:
        return desks.filter(parent=centre).first() or centre
    return agency


# --- intake -----------------------------------------------------------------------------------------------


def _channel_option(version: ProcedureVersion, channel: str):
    options = list(version.channels.all())
    option = next((o for o in options if o.channel == channel), None)
    if option is None and channel == Channel.POSTAL:
        option = next((o for o in options if o.channel == Channel.IN_PERSON), None)
    if option is None:
        labels = ", ".join(o.get_channel_display().lower() for o in options)
        raise DomainError(
            f"Thủ tục này không tiếp nhận qua kênh «{Channel(channel).label.lower()}» (chỉ: {labels}).",
            code="channel_not_offered",
        )
    return option


DESK_STEPS = frozenset({ProcessStep.Kind.RECEIVE, ProcessStep.Kind.RETURN})


def _process_steps(
    version: ProcedureVersion, agency: Agency, desk: Agency
) -> list[tuple[str, str, Agency, str, int]]:
    """The steps of the approved internal process (the default one when none is configured), each with the
    agency that performs it: the configured one, else the receiving desk for receiving and returning, else
    the competent agency."""

    def performer(kind: str, configured: Agency | None) -> Agency:
        return configured or (desk if kind in DESK_STEPS else agency)

    process = (
        InternalProcess.objects.filter(procedure_id=version.procedure_id, agency=agency)
        .prefetch_related("steps__agency")
        .first()
    )
    steps = list(process.steps.all()) if process else []
    if steps:
        return [(s.name, s.kind, performer(s.kind, s.agency), s.role, s.share_percent) for s in steps]
    return [(name, kind, performer(kind, None), role, share) for name, kind, role, share in DEFAULT_PROCESS]


def _record(dossier, *, action, at, user, from_status="", to_status="", **fields) -> DossierEvent:
    return DossierEvent.objects.create(
        dossier=dossier,
        action=action,
        from_status=from_status,
        to_status=to_status,
        actor=user if getattr(user, "is_authenticated", False) else None,
        actor_name=_actor_name(user),
        at=at,
        **fields,
    )


def _actor_name(user) -> str:
    if not getattr(user, "is_authenticated", False):
        return "Người nộp hồ sơ"
    return str(user)


def pinned_rule(dossier: Dossier, key: str):
    """The value of rule ``key`` in the rule set pinned on ``dossier`` at receipt (the rule's default for a
    key that did not exist yet when the dossier was received)."""
    return dossier.rules.get(key, DEFINITIONS[key].default)


# The columns set_due and start_clock write.
CLOCK_FIELDS = ("due_at", "original_due_at", "warn_at", "late_marked_at", "warned_at", "apology_proposed_at")


def set_due(dossier: Dossier, *, due: datetime.datetime, calendar) -> None:
    """Give ``dossier`` the due instant ``due``: the "due soon" instant follows it, and the marks stamped for
    the earlier due (late, warned, apology proposed) no longer hold."""
    dossier.due_at = due
    hours = pinned_rule(dossier, "dossier.warning_working_hours")
    dossier.warn_at = deadlines.working_hours_before(due, hours=hours, calendar=calendar)
    dossier.late_marked_at = None
    dossier.warned_at = None
    dossier.apology_proposed_at = None


def start_clock(dossier: Dossier, *, at: datetime.datetime) -> dict:
    """Set the due instant from ``at`` and lay the internal process steps over it.

    Returns what the receipt's event records of it (the due instant and each step's due), so the history
    holds every due the dossier was given.
    """
    calendar = calendar_around(dossier.competent_agency, at)
    set_due(
        dossier,
        due=deadlines.due_instant(
            at, amount=dossier.processing_time, unit=dossier.time_unit, calendar=calendar
        ),
        calendar=calendar,
    )
    if dossier.original_due_at is None:
        dossier.original_due_at = dossier.due_at
    steps = _process_steps(dossier.version, dossier.competent_agency, dossier.receiving_desk)
    dues = deadlines.step_due_instants(
        at, due=dossier.due_at, shares=[s[4] for s in steps], calendar=calendar
    )
    dossier.steps.all().delete()
    laid = DossierStep.objects.bulk_create(
        DossierStep(
            dossier=dossier,
            position=i,
            name=name,
            kind=kind,
            agency=agency,
            role=role,
            share_percent=share,
            due_at=due,
        )
        for i, ((name, kind, agency, role, share), due) in enumerate(zip(steps, dues, strict=True), start=1)
    )
    dossier.current_step = 1
    return {"due_at": dossier.due_at.isoformat(), "steps": step_dues(laid)}


def step_dues(steps) -> list[dict]:
    return [{"position": s.position, "due_at": s.due_at.isoformat()} for s in steps]


def missing_documents(documents, given_positions) -> list:
    """The checklist entries of ``documents`` not among ``given_positions``."""
    return [d for d in documents if d.position not in given_positions]


def require_complete(missing) -> None:
    """Refuse to receive a dossier with checklist entries missing (RULES §1: guide once, completely)."""
    if missing:
        names = "; ".join(f"«{d.name[:80]}»" for d in missing)
        raise ValidationFailed(
            f"Hồ sơ chưa đủ thành phần: chưa có {names}. Hồ sơ chưa đầy đủ thì chọn «Hướng dẫn bổ sung» "
            "(mẫu 02), hướng dẫn một lần, đầy đủ.",
            code="incomplete_dossier",
            field="documents",
        )


def _check_documents(version: ProcedureVersion, case: str, given: list[DocumentGiven]) -> list:
    every = list(version.documents.all())
    cases = {d.case for d in every if d.case}
    if case and case not in cases:
        raise ValidationFailed("Trường hợp không có trong thủ tục.", field="case")
    documents = [d for d in every if not d.case or not case or d.case == case]
    positions = {d.position for d in documents}
    for item in given:
        if item.position not in positions:
            raise ValidationFailed(
                f"Giấy tờ số {item.position} không có trong danh mục của thủ tục.", field="documents"
            )
    return documents


@transaction.atomic
def receive(
    *,
    intake: Intake,
    desk: Agency,
    user,
    now: datetime.datetime,
    outcome: str = Status.RECEIVED,
    missing: list[str] | None = None,
    reason: str = "",
    idempotency_key: str | None = None,
) -> Dossier:
    """Record a dossier at the desk: received (form 01), guided to complete (form 02) or refused (form 03).

    Guidance lists every missing item at once; a refusal needs its reason. A retried request with the same
    ``idempotency_key`` returns the dossier the first one created.
    """
    require_in_scope(user, desk, permission=Permission.RECEIVE_DOSSIERS)
    if outcome not in (Status.RECEIVED, Status.GUIDED, Status.REFUSED_AT_INTAKE):
        raise ValidationFailed("Kết quả tiếp nhận không hợp lệ.", field="outcome")
    return _create(
        intake=intake,
        desk=desk,
        user=user,
        now=now,
        outcome=outcome,
        missing=missing or [],
        reason=reason,
        idempotency_key=idempotency_key,
    )


@transaction.atomic
def submit_online(
    *, intake: Intake, now: datetime.datetime, user=None, idempotency_key: str | None = None
) -> Dossier:
    """An applicant's online submission: the code is given at once; the desk accepts, guides or refuses."""
    intake.channel = Channel.ONLINE
    return _create(
        intake=intake,
        desk=None,
        user=user,
        now=now,
        outcome=Status.SUBMITTED,
        missing=[],
        reason="",
        idempotency_key=idempotency_key,
    )


def scoped_idempotency_key(user, key: str | None) -> str | None:
    """The client's ``Idempotency-Key`` as stored: prefixed with who sent it, so one user's key never
    returns (or blocks) another user's dossier. Anonymous online submissions share one scope; their keys are
    the signed random nonces of the citizen form."""
    key = (key or "").strip()[:100]
    if not key:
        return None
    owner = f"u{user.pk}" if getattr(user, "is_authenticated", False) else "anon"
    return f"{owner}:{key}"


def check_payment(payment: PaymentData) -> None:
    """A payment is complete before anything is written: a known method, an amount, its receipt number."""
    if payment.method not in Payment.Method.values:
        raise ValidationFailed("Hình thức nộp phí không hợp lệ.", field="payment.method")
    if not isinstance(payment.amount, int) or isinstance(payment.amount, bool) or payment.amount < 0:
        raise ValidationFailed("Số tiền phải là số nguyên đồng, không âm.", field="payment.amount")
    if payment.amount > 0 and not (payment.receipt_number or "").strip():
        raise ValidationFailed("Chưa nhập số biên lai thu phí, lệ phí.", field="payment.receipt_number")


def _create(*, intake, desk, user, now, outcome, missing, reason, idempotency_key) -> Dossier:
    idempotency_key = scoped_idempotency_key(user, idempotency_key)
    if idempotency_key:
        existing = Dossier.objects.filter(idempotency_key=idempotency_key).first()
        if existing is not None:
            return existing
    applicant_data = check_applicant(intake.applicant)
    version = procedure_in_force(intake.procedure_code, on=dj_timezone.localdate(now))
    if intake.channel not in Channel.values:
        raise ValidationFailed("Kênh nộp hồ sơ không hợp lệ.", field="channel")
    if intake.channel == Channel.ONLINE and version.online_level == OnlineLevel.NONE:
        raise DomainError(
            "Thủ tục này chưa cung cấp dịch vụ công trực tuyến; hãy nộp trực tiếp hoặc qua bưu chính.",
            code="not_online",
        )
    agency = route(version=version, desk=desk, chosen_id=intake.competent_agency_id)
    if desk is None:
        desk = online_desk(agency)
    option = _channel_option(version, intake.channel)
    documents = _check_documents(version, intake.case, intake.documents)
    given = {item.position: item for item in intake.documents}
    if outcome in (Status.RECEIVED, Status.SUBMITTED):
        if not intake.case and any(d.case for d in documents):
            raise ValidationFailed("Chọn trường hợp của hồ sơ.", field="case")
        # The desk receives only a complete dossier; an incomplete one is guided (form 02), once, completely.
        if outcome == Status.RECEIVED:
            require_complete(missing_documents(documents, given))
    if outcome == Status.GUIDED:
        missing = [" ".join(str(m).split()) for m in missing if str(m).strip()]
        if not missing:
            raise ValidationFailed(
                "Hướng dẫn bổ sung phải nêu đầy đủ, một lần các giấy tờ còn thiếu.", field="missing"
            )
    if outcome == Status.REFUSED_AT_INTAKE and not reason.strip():
        raise ValidationFailed("Từ chối tiếp nhận phải nêu rõ lý do (mẫu 03).", field="reason")
    payment = intake.payment if outcome == Status.RECEIVED else None
    if payment is not None:
        check_payment(payment)
    for item in intake.documents:
        if item.upload is not None:
            check_file(item.upload)  # every file refused before the first one is stored

    applicant = _applicant(applicant_data, user=user if intake.channel == Channel.ONLINE else None)
    reusable = None
    for item in intake.documents:
        if item.upload is None and item.stored_file_id is not None:
            reusable = reusable if reusable is not None else documentstore.reusable_files(user, applicant)
            if not reusable.filter(pk=item.stored_file_id).exists():
                raise ValidationFailed(
                    "Giấy tờ chọn lại không có trong kho dữ liệu của người nộp.", field="documents"
                )
    day = now.astimezone(dj_timezone.get_current_timezone()).date()
    rules = rule_set("dossier.", on=day)
    dossier = Dossier(
        code=codes.dossier_code(unit_code=desk.code, day=day),
        procedure=version.procedure,
        version=version,
        applicant=applicant,
        channel=intake.channel,
        case=intake.case[:255],
        receiving_desk=desk,
        competent_agency=agency,
        status=outcome,
        rules=rules,
        processing_time=option.processing_time,
        time_unit=option.time_unit,
        received_at=now,
        received_by=user if getattr(user, "is_authenticated", False) else None,
        fee=option.fee,
        lookup_key=codes.lookup_key(),
        idempotency_key=idempotency_key,
        note=intake.note[:2000],
    )
    if outcome in (Status.GUIDED, Status.REFUSED_AT_INTAKE):
        dossier.finished_at = now
    if outcome == Status.RECEIVED:
        dossier.register_year = day.year
        dossier.register_number = codes.register_number(desk_code=desk.code, year=day.year)
    try:
        with transaction.atomic():
            dossier.save()
    except IntegrityError:
        # A concurrent retry with the same key won the race: give back its dossier.
        if idempotency_key:
            existing = Dossier.objects.filter(idempotency_key=idempotency_key).first()
            if existing is not None:
                return existing
        raise
    # Files go to the storage from here on: should anything below fail, none of them is left behind.
    with removed_on_failure() as stored_files:
        rows = []
        for document in documents:
            item = given.get(document.position)
            stored = None
            if item is not None and item.upload is not None:
                stored = store_file(applicant=applicant, title=document.name, upload=item.upload, now=now)
                stored_files.append(stored)
            elif item is not None and item.stored_file_id is not None:
                stored = StoredFile.objects.get(pk=item.stored_file_id, applicant=applicant)
            rows.append(
                DossierDocument(
                    dossier=dossier,
                    position=document.position,
                    name=document.name,
                    originals=document.originals,
                    copies=document.copies,
                    provided=item is not None,
                    stored_file=stored,
                )
            )
        DossierDocument.objects.bulk_create(rows)
        data = {}
        if outcome == Status.RECEIVED:
            data = start_clock(dossier, at=now)
            dossier.save(update_fields=[*CLOCK_FIELDS, "current_step"])
        if outcome == Status.GUIDED:
            data = {"missing": missing}
        action = {
            Status.RECEIVED: "receive",
            Status.GUIDED: "guide",
            Status.REFUSED_AT_INTAKE: "refuse_intake",
            Status.SUBMITTED: "submit_online",
        }[outcome]
        _record(
            dossier,
            action=action,
            at=now,
            user=user,
            to_status=outcome,
            to_agency=desk,
            taken_at=now,
            result=dossier.get_status_display(),
            note=reason.strip() if outcome == Status.REFUSED_AT_INTAKE else "",
            data=data,
        )
        if payment is not None and payment.amount > 0:
            _write_payment(dossier=dossier, payment=payment, user=user, now=now)
        _tell_applicant(dossier, now=now, event=action)
    return dossier


def _write_payment(*, dossier: Dossier, payment: PaymentData, user, now: datetime.datetime) -> Payment:
    paid = Payment.objects.create(
        dossier=dossier,
        amount=payment.amount,
        method=payment.method,
        receipt_number=payment.receipt_number.strip()[:60],
        paid_at=now,
        recorded_by=user if getattr(user, "is_authenticated", False) else None,
    )
    _record(
        dossier,
        action="pay",
        at=now,
        user=user,
        result=f"{payment.amount:,} đồng".replace(",", "."),
        note=f"{paid.get_method_display()}, biên lai {paid.receipt_number}",
        data={"amount": paid.amount, "method": paid.method, "receipt_number": paid.receipt_number},
    )
    return paid


class PaymentRefused(DomainError):
    """A payment that cannot be recorded on the dossier as it stands (a conflict, not bad input)."""

    code = "payment_refused"
    status = 409


# Payments are recorded on dossiers the desk has received, until the result is returned (a fee may be
# collected at intake, later by transfer or online, or when the result is handed over).
PAYABLE = frozenset(
    {
        Status.SUBMITTED,
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
)


@transaction.atomic
def record_payment(*, dossier: Dossier, payment: PaymentData, user, now: datetime.datetime) -> Payment:
    """Record a fee paid after intake (cash, transfer or online) with its receipt number, by an officer of
    the receiving desk. A receipt number is recorded once per dossier: a retried request is refused."""
    dossier = Dossier.objects.select_for_update().select_related("receiving_desk").get(pk=dossier.pk)
    require_in_scope(user, dossier.receiving_desk, permission=Permission.RECEIVE_DOSSIERS)
    if dossier.status not in PAYABLE:
        raise PaymentRefused(
            f"Không thu phí cho hồ sơ ở trạng thái «{dossier.get_status_display()}».", code="not_payable"
        )
    check_payment(payment)
    if payment.amount <= 0:
        raise ValidationFailed("Số tiền nộp phải lớn hơn 0 đồng.", field="payment.amount")
    receipt = payment.receipt_number.strip()[:60]
    if dossier.payments.filter(receipt_number=receipt).exists():
        raise PaymentRefused(
            f"Biên lai số {receipt} đã được ghi nhận cho hồ sơ {dossier.code}.", code="receipt_recorded"
        )
    return _write_payment(dossier=dossier, payment=payment, user=user, now=now)


@transaction.atomic
def rate(*, dossier: Dossier, score: int, comment: str, now: datetime.datetime) -> Rating:
    """The applicant's satisfaction rating (1–5), once, after the result is returned."""
    if dossier.status != Status.RETURNED:
        raise DomainError("Chỉ đánh giá được sau khi đã nhận kết quả.", code="not_returned")
    if not isinstance(score, int) or not 1 <= score <= 5:
        raise ValidationFailed("Mức hài lòng phải từ 1 đến 5.", field="score")
    if hasattr(dossier, "rating"):
        raise DomainError("Hồ sơ này đã được đánh giá.", code="already_rated")
    rating = Rating.objects.create(dossier=dossier, score=score, comment=(comment or "")[:2000], rated_at=now)
    _record(dossier, action="rate", at=now, user=None, result=f"{score}/5", note=rating.comment)
    return rating


# --- telling the applicant ----------------------------------------------------------------------------------

MESSAGES = {
    "receive": (
        "Đã tiếp nhận hồ sơ {code}",
        "Hồ sơ {code} ({procedure}) đã được tiếp nhận. Hẹn trả kết quả: {due}. "
        "Tra cứu bằng mã hồ sơ và mã tra cứu {key}.",
    ),
    "submit_online": (
        "Đã nhận hồ sơ trực tuyến {code}",
        "Hồ sơ {code} ({procedure}) đã được gửi. Mã tra cứu: {key}. "
        "Bộ phận một cửa sẽ kiểm tra và thông báo.",
    ),
    "accept": ("Đã tiếp nhận hồ sơ {code}", "Hồ sơ {code} đã được tiếp nhận. Hẹn trả kết quả: {due}."),
    "guide": (
        "Hồ sơ {code} cần bổ sung",
        "Hồ sơ {code} chưa đầy đủ; vui lòng bổ sung theo hướng dẫn (mẫu 02).",
    ),
    "refuse_intake": ("Hồ sơ {code} không được tiếp nhận", "Hồ sơ {code} không được tiếp nhận (mẫu 03)."),
    "request_supplement": (
        "Hồ sơ {code} cần bổ sung",
        "Cơ quan giải quyết yêu cầu bổ sung hồ sơ {code}: {note}. Thời hạn tạm dừng đến khi nhận đủ.",
    ),
    "apologise": (
        "Xin lỗi về việc trễ hẹn hồ sơ {code}",
        "Hồ sơ {code} chưa thể trả đúng hẹn. Lý do: {note}. Ngày hẹn mới: {due}. Mong ông/bà thông cảm.",
    ),
    "send_result": (
        "Hồ sơ {code} đã có kết quả",
        "Hồ sơ {code} đã có kết quả; mời nhận tại {desk} hoặc theo hình thức đã đăng ký.",
    ),
}


def _tell_applicant(dossier: Dossier, *, now: datetime.datetime, event: str, note: str = "") -> None:
    if event not in MESSAGES:
        return
    subject, body = MESSAGES[event]
    due = dj_timezone.localtime(dossier.due_at).strftime("%H:%M %d/%m/%Y") if dossier.due_at else "—"
    values = dict(
        code=dossier.code,
        procedure=dossier.version.name[:120],
        due=due,
        key=dossier.lookup_key,
        note=note,
        desk=dossier.receiving_desk.name,
    )
    notify(
        now=now,
        subject=subject.format(**values),
        # The lookup page asks for the code and the key (or phone) given above; the link leads there.
        body=body.format(**values) + f" Tra cứu: {absolute_url('dossiers-public:lookup')}",
        email=dossier.applicant.email,
        phone=dossier.applicant.phone,
        topic=f"dossier:{dossier.code}",
    )


def require_desk(user, dossier: Dossier) -> None:
    require_in_scope(user, dossier.receiving_desk, permission=Permission.RECEIVE_DOSSIERS)


__all__ = [
    "ApplicantData",
    "DocumentGiven",
    "Intake",
    "PaymentData",
    "PermissionDenied",
    "rate",
    "receive",
    "record_payment",
    "route",
    "start_clock",
    "submit_online",
]
