"""Every change of a feedback case: receive, classify and forward, merge, answer, approve, rate, reopen.

Each service checks its rule, writes in one transaction and records a :class:`FeedbackEvent`; messages to
senders go through the notifications outbox after commit. Errors are Vietnamese and name the rule.
"""

from __future__ import annotations

import datetime
import hashlib
import re
import secrets
from string import Template

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.files.storage import default_storage
from django.core.validators import EmailValidator
from django.db import IntegrityError, transaction

from tthc.catalog.models import Field, Procedure
from tthc.core.errors import DomainError, NotFound, PermissionDenied, ValidationFailed
from tthc.core.folding import fold
from tthc.core.timezone import local
from tthc.dossiers.models import Dossier
from tthc.feedback import attachments as files
from tthc.feedback import notices
from tthc.feedback.deadlines import answer_deadline, forwarding_deadline, reopen_deadline
from tthc.feedback.models import (
    FORWARDING_OUTCOMES,
    Answer,
    AnswerTemplate,
    ApiClient,
    Channel,
    ContentType,
    Feedback,
    FeedbackAttachment,
    FeedbackCategory,
    FeedbackEvent,
    Outcome,
    Rating,
    Satisfaction,
    Status,
    Subject,
)
from tthc.feedback.redaction import Person, redact
from tthc.feedback.routing import propose_agency
from tthc.organisation.models import Agency
from tthc.organisation.scoping import Permission, require_in_scope

LIMITS = {
    "sender_name": 200,
    "sender_address": 500,
    "sender_phone": 30,
    "content": 10_000,
    "dossier_code": 60,
    "location": 500,
}
ANSWER_LIMIT = 20_000
MAX_PROCEDURES = 20
REQUIRED = {
    "sender_name": "họ và tên",
    "sender_address": "địa chỉ",
    "sender_phone": "số điện thoại",
    "content": "nội dung phản ánh",
}
PHONE = re.compile(r"^\+?[0-9][0-9 .\-]{7,18}[0-9]$")
CONDUCT_TYPES = (ContentType.CONDUCT_DELAY, ContentType.CONDUCT_IMPROPER)


class WrongState(DomainError):
    code = "wrong_state"
    status = 409


def _event(feedback: Feedback, kind: str, *, now, actor=None, note: str = "", **data) -> FeedbackEvent:
    return FeedbackEvent.objects.create(
        feedback=feedback, kind=kind, at=now, actor=actor, note=note, data=data
    )


def _problem(field: str, message: str) -> dict:
    return {"record": "", "field": field, "message": message}


def intake_agency(*, on: datetime.date) -> Agency:
    """Where feedback sent to the province arrives: the office that controls procedures province-wide."""
    agency = (
        Agency.objects.valid_on(on).filter(supervises_province=True).order_by("path").first()
        or Agency.objects.valid_on(on).filter(parent__isnull=True).order_by("path").first()
    )
    if agency is None:
        raise DomainError("Chưa khai báo cơ quan tiếp nhận phản ánh, kiến nghị.", code="no_intake_agency")
    return agency


def _clean_sender(values: dict) -> tuple[dict, list[dict]]:
    cleaned = {key: (values.get(key) or "").strip() for key in [*LIMITS, "sender_email"]}
    problems = []
    missing = [key for key in REQUIRED if not cleaned[key]]
    if missing:
        summary = (
            "Phản ánh, kiến nghị phải có họ tên, địa chỉ, số điện thoại và nội dung "
            "(Nghị định 20/2008/NĐ-CP). "
            f"Còn thiếu: {', '.join(REQUIRED[key] for key in missing)}."
        )
        problems.append(_problem(missing[0], summary))
        problems += [_problem(key, f"Chưa nhập {REQUIRED[key]}.") for key in missing[1:]]
    for key, limit in LIMITS.items():
        if len(cleaned[key]) > limit:
            label = REQUIRED.get(key) or {"dossier_code": "mã hồ sơ", "location": "địa điểm"}[key]
            problems.append(_problem(key, f"Trường {label} dài quá {limit:,} ký tự.".replace(",", ".")))
    if cleaned["sender_phone"] and not PHONE.match(cleaned["sender_phone"]):
        problems.append(_problem("sender_phone", "Số điện thoại không hợp lệ (chỉ gồm chữ số, 9–15 số)."))
    if cleaned["sender_email"]:
        try:
            EmailValidator()(cleaned["sender_email"])
        except DjangoValidationError:
            problems.append(_problem("sender_email", "Địa chỉ thư điện tử không hợp lệ."))
    return cleaned, problems


def _new_code(feedback: Feedback) -> str:
    return f"PAKN-{local(feedback.received_at):%Y}-{feedback.pk:06d}"


def receive_feedback(
    *,
    channel: str,
    sender_name: str,
    sender_address: str,
    sender_phone: str,
    content: str,
    now: datetime.datetime,
    sender_email: str = "",
    procedure_code: str = "",
    dossier_code: str = "",
    category_code: str = "",
    uploads=(),
    receiving_agency: Agency | None = None,
    received_by=None,
    api_client: ApiClient | None = None,
    location: str = "",
    lat=None,
    long=None,
) -> Feedback:
    """Record feedback received on ``channel``; refuse it (writing nothing) when required data is missing.

    Staff entries name the agency that received them (``receiving_agency``, in the user's scope); the public
    form, the API and Open311 land at the province's intake agency.
    """
    if channel not in Channel.values:
        raise ValidationFailed("Kênh tiếp nhận không hợp lệ.", field="channel")
    cleaned, problems = _clean_sender(
        dict(
            sender_name=sender_name,
            sender_address=sender_address,
            sender_phone=sender_phone,
            sender_email=sender_email,
            content=content,
            dossier_code=dossier_code,
            location=location,
        )
    )
    procedure = None
    if (procedure_code or "").strip():
        procedure = Procedure.objects.filter(code=procedure_code.strip()).first()
        if procedure is None:
            problems.append(_problem("procedure_code", f"Không có thủ tục mã {procedure_code.strip()[:40]}."))
    if cleaned["dossier_code"] and not Dossier.objects.filter(code=cleaned["dossier_code"]).exists():
        problems.append(
            _problem(
                "dossier_code",
                f"Không có hồ sơ mã {cleaned['dossier_code'][:60]}: kiểm tra lại mã trên giấy tiếp nhận "
                "hồ sơ (hoặc để trống nếu phản ánh không về một hồ sơ cụ thể).",
            )
        )
    category = None
    if (category_code or "").strip():
        category = FeedbackCategory.objects.filter(code=category_code.strip(), active=True).first()
        if category is None:
            problems.append(_problem("category", "Loại phản ánh không hợp lệ."))
    checked, file_problems = files.check_files(uploads)
    problems += file_problems
    if problems:
        raise ValidationFailed(problems[0]["message"], field=problems[0]["field"], details=problems)

    if receiving_agency is None:
        receiving_agency = intake_agency(on=local(now).date())
    elif received_by is not None:
        require_in_scope(received_by, receiving_agency, permission=Permission.RECEIVE_FEEDBACK)
    deadline = forwarding_deadline(received_at=now, agency=receiving_agency)
    stored: list[str] = []  # files written to storage, removed again if the transaction rolls back
    try:
        with transaction.atomic():
            feedback = Feedback.objects.create(
                code=f"tmp-{secrets.token_hex(8)}",
                token=secrets.token_urlsafe(24),
                channel=channel,
                category=category,
                sender_name=cleaned["sender_name"],
                sender_address=cleaned["sender_address"],
                sender_phone=cleaned["sender_phone"],
                sender_email=cleaned["sender_email"],
                content=cleaned["content"],
                content_folded=fold(cleaned["content"]),
                procedure=procedure,
                dossier_code=cleaned["dossier_code"],
                api_client=api_client,
                location=cleaned["location"],
                lat=lat,
                long=long,
                receiving_agency=receiving_agency,
                agency=receiving_agency,
                received_at=now,
                received_by=received_by,
                forward_due_at=deadline.due_at,
                due_at=deadline.due_at,
                remind_at=deadline.remind_at,
            )
            feedback.code = _new_code(feedback)
            feedback.save(update_fields=["code"])
            _involve([feedback], [receiving_agency])
            if procedure is not None:
                feedback.procedures.add(procedure)
            for item in checked:
                name = default_storage.save(f"feedback/{local(now):%Y/%m}/{item.stored_name}", item.upload)
                stored.append(name)
                FeedbackAttachment.objects.create(
                    feedback=feedback, file=name, name=item.name, mime_type=item.mime_type, size=item.size
                )
            _event(
                feedback,
                FeedbackEvent.Kind.RECEIVED,
                now=now,
                actor=received_by,
                note=f"Qua kênh {feedback.get_channel_display()}",
                forward_due_at=deadline.due_at.isoformat(),
            )
            notices.acknowledge(feedback, now=now)
    except BaseException:
        for name in stored:
            default_storage.delete(name)
        raise
    return feedback


def _require_open(feedback: Feedback, *statuses: str) -> None:
    if feedback.status not in statuses:
        raise WrongState(
            f"Phản ánh {feedback.code} đang ở trạng thái “{feedback.get_status_display()}”, "
            "không thực hiện được thao tác này."
        )


def _start_answer_clock(feedback: Feedback, *, start: datetime.datetime) -> None:
    deadline = answer_deadline(start=start, agency=feedback.agency)
    feedback.answer_due_at = deadline.due_at
    feedback.due_at = deadline.due_at
    feedback.remind_at = deadline.remind_at
    feedback.reminded_at = None
    feedback.late_flagged_at = None


def classify_feedback(
    *,
    feedback: Feedback,
    user,
    subject: str,
    content_type: str,
    outcome: str,
    now: datetime.datetime,
    field: Field | None = None,
    procedure_codes: list[str] | None = None,
    target_agency_id: int | None = None,
    refusal_reason: str = "",
    review_reference: str = "",
) -> Feedback:
    """Classify a received case (Decree 20/2008): refuse it, keep it in this agency's competence or forward it
    to the competent agency. ``procedure_codes`` (when given) are the procedures concerned; the routing
    proposal made on the classified case and the officer's choice are logged for every outcome."""
    require_in_scope(user, feedback.agency, permission=Permission.CLASSIFY_FEEDBACK)
    _require_open(feedback, Status.RECEIVED)
    problems = []
    procedures = None
    if procedure_codes is not None:
        procedures, procedure_problems = _procedures(procedure_codes)
        problems += procedure_problems
    if subject not in Subject.values:
        problems.append(_problem("subject", "Chọn phản ánh về quy định hay về hành vi hành chính."))
    if content_type not in ContentType.values:
        problems.append(_problem("content_type", "Chọn nội dung phản ánh (Điều 5 Nghị định 20/2008/NĐ-CP)."))
    elif subject == Subject.CONDUCT and content_type not in CONDUCT_TYPES:
        problems.append(_problem("content_type", "Phản ánh về hành vi phải chọn nội dung về hành vi."))
    elif subject == Subject.REGULATION and content_type in CONDUCT_TYPES:
        problems.append(_problem("content_type", "Phản ánh về quy định phải chọn nội dung về quy định."))
    if outcome not in Outcome.values:
        problems.append(_problem("outcome", "Chọn kết quả phân loại."))
    elif outcome == Outcome.CONDUCT_FORWARD and subject != Subject.CONDUCT:
        problems.append(
            _problem("outcome", "Chỉ phản ánh về hành vi mới chuyển theo hướng “hành vi hành chính”.")
        )
    elif outcome in (Outcome.REGULATION_OWN, Outcome.REGULATION_FORWARD) and subject != Subject.REGULATION:
        problems.append(_problem("outcome", "Kết quả này chỉ dành cho phản ánh về quy định hành chính."))
    refusal_reason = (refusal_reason or "").strip()
    if outcome == Outcome.NOT_ACCEPTED and not refusal_reason:
        problems.append(_problem("refusal_reason", "Không tiếp nhận phải nêu rõ lý do."))
    target = None
    if outcome in FORWARDING_OUTCOMES:
        target = _target_agency(feedback, target_agency_id, now=now, problems=problems)
    if len(review_reference or "") > 100:
        problems.append(_problem("review_reference", "Mã rà soát dài quá 100 ký tự."))
    if problems:
        raise ValidationFailed(problems[0]["message"], field=problems[0]["field"], details=problems)

    with transaction.atomic():
        feedback.subject = subject
        feedback.content_type = content_type
        feedback.field = field
        feedback.outcome = outcome
        feedback.classified_at = now
        feedback.review_reference = (review_reference or "").strip()
        if procedures is not None:
            feedback.procedures.set(procedures)
        proposal = propose_agency(feedback)
        kept = feedback.agency if outcome == Outcome.REGULATION_OWN else None
        _log_routing(feedback, proposal, chosen=target or kept, user=user, now=now)
        _event(
            feedback,
            FeedbackEvent.Kind.CLASSIFIED,
            now=now,
            actor=user,
            note=f"{feedback.get_subject_display()} — {feedback.get_outcome_display()}",
            content_type=content_type,
        )
        if feedback.review_reference:
            _event(feedback, FeedbackEvent.Kind.LINKED, now=now, actor=user, note=feedback.review_reference)
        if outcome == Outcome.NOT_ACCEPTED:
            feedback.refusal_reason = refusal_reason
            feedback.status = Status.NOT_ACCEPTED
            feedback.due_at = feedback.remind_at = None
            _event(feedback, FeedbackEvent.Kind.NOT_ACCEPTED, now=now, actor=user, note=refusal_reason)
            # The senders of merged cases are refused with it: their cases close (and count) the same way.
            feedback.merged.update(
                status=Status.NOT_ACCEPTED,
                outcome=Outcome.NOT_ACCEPTED,
                refusal_reason=refusal_reason,
                classified_at=now,
            )
            for sender in _senders(feedback):
                notices.tell_refused(sender, case=feedback, now=now)
        else:
            if target is not None:
                overridden = proposal.agency is not None and proposal.agency.pk != target.pk
                _event(
                    feedback,
                    FeedbackEvent.Kind.FORWARDED,
                    now=now,
                    actor=user,
                    note=(
                        f"Chuyển {target.name}"
                        + (f" (thay cho đề xuất {proposal.agency.name})" if overridden else " (theo đề xuất)")
                        if proposal.agency
                        else f"Chuyển {target.name}"
                    ),
                    from_agency=feedback.agency_id,
                    to_agency=target.pk,
                    proposed_agency=proposal.agency.pk if proposal.agency else None,
                    proposal_source=proposal.source,
                    rule=proposal.rule.name if proposal.rule else "",
                    overridden=overridden,
                )
                _move_to(feedback, target)
                feedback.forwarded_at = now
            feedback.status = Status.PROCESSING
            _start_answer_clock(feedback, start=now)
        feedback.save()
    return feedback


def _involve(cases: list[Feedback], agencies) -> None:
    """Give ``agencies`` read access to ``cases`` (kept for good: the cases passed through them)."""
    Through = Feedback.agencies_involved.through
    existing = Through.objects.filter(feedback__in=cases, agency__in=agencies)
    have = set(existing.values_list("feedback_id", "agency_id"))
    Through.objects.bulk_create(
        [
            Through(feedback_id=case.pk, agency_id=agency.pk)
            for case in cases
            for agency in agencies
            if (case.pk, agency.pk) not in have
        ]
    )


def _move_to(feedback: Feedback, agency: Agency) -> None:
    """``agency`` handles the case from now on; the cases merged into it follow (their senders get its
    answer, and the figures count them where it is handled)."""
    feedback.agency = agency
    merged = list(feedback.merged.all())
    Feedback.objects.filter(pk__in=[m.pk for m in merged]).update(agency=agency)
    _involve([feedback, *merged], [agency])


NOTE_LIMIT = 2000


def _note(text: str, *, field: str, required: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationFailed(required, field=field)
    if len(text) > NOTE_LIMIT:
        raise ValidationFailed("Nội dung ghi chú dài quá 2.000 ký tự.", field=field)
    return text


def send_back_feedback(*, feedback: Feedback, user, reason: str, now: datetime.datetime) -> Feedback:
    """The agency a case was forwarded to says it is not competent: the case goes back to the agency that
    forwarded it, waiting to be routed again (:func:`classify_feedback`) by the forwarding deadline."""
    require_in_scope(user, feedback.agency, permission=Permission.ANSWER_FEEDBACK)
    _require_open(feedback, Status.PROCESSING)
    reason = _note(
        reason, field="reason", required="Trả lại phải nêu rõ lý do (vì sao không thuộc thẩm quyền)."
    )
    last = (
        feedback.events.filter(kind__in=[FeedbackEvent.Kind.FORWARDED, FeedbackEvent.Kind.REFORWARDED])
        .order_by("-at", "-id")
        .first()
    )
    if last is None or last.data.get("to_agency") != feedback.agency_id:
        raise WrongState(f"Phản ánh {feedback.code} không do cơ quan khác chuyển đến; không trả lại được.")
    back_to = Agency.objects.get(pk=last.data["from_agency"])
    with transaction.atomic():
        _event(
            feedback,
            FeedbackEvent.Kind.SENT_BACK,
            now=now,
            actor=user,
            note=f"{feedback.agency.name} trả lại {back_to.name}: {reason}",
            from_agency=feedback.agency_id,
            to_agency=back_to.pk,
        )
        _move_to(feedback, back_to)
        feedback.status = Status.RECEIVED
        feedback.answer_due_at = None
        feedback.due_at = feedback.forward_due_at  # routing is still due by the forwarding deadline
        feedback.remind_at = feedback.reminded_at = feedback.late_flagged_at = None
        feedback.save()
        notices.tell_agency(
            back_to,
            now=now,
            subject=f"Phản ánh {feedback.code} bị trả lại, cần chuyển lại",
            body=f"Phản ánh {feedback.code} được trả lại vì không thuộc thẩm quyền: {reason}",
        )
    return feedback


def reforward_feedback(
    *, feedback: Feedback, user, target_agency_id: int | None, now: datetime.datetime, note: str = ""
) -> Feedback:
    """The control officer over the agency handling a forwarded case moves it to another competent agency;
    the routing proposal and the choice are logged, and the answer clock starts again there."""
    require_in_scope(user, feedback.agency, permission=Permission.CLASSIFY_FEEDBACK)
    _require_open(feedback, Status.PROCESSING)
    if feedback.outcome not in FORWARDING_OUTCOMES:
        raise WrongState(
            f"Phản ánh {feedback.code} được xử lý tại cơ quan (không phải chuyển); không chuyển lại được."
        )
    problems: list[dict] = []
    target = _target_agency(feedback, target_agency_id, now=now, problems=problems)
    note = (note or "").strip()
    if len(note) > NOTE_LIMIT:
        problems.append(_problem("note", "Nội dung ghi chú dài quá 2.000 ký tự."))
    if problems:
        raise ValidationFailed(problems[0]["message"], field=problems[0]["field"], details=problems)
    with transaction.atomic():
        _log_routing(feedback, propose_agency(feedback), chosen=target, user=user, now=now)
        _event(
            feedback,
            FeedbackEvent.Kind.REFORWARDED,
            now=now,
            actor=user,
            note=f"Chuyển lại {target.name}" + (f": {note}" if note else ""),
            from_agency=feedback.agency_id,
            to_agency=target.pk,
        )
        _move_to(feedback, target)
        feedback.forwarded_at = now
        _start_answer_clock(feedback, start=now)
        feedback.save()
    return feedback


def _procedures(codes) -> tuple[list[Procedure], list[dict]]:
    """The procedures named by ``codes`` (each once), or the problem naming the unknown codes."""
    codes = list(dict.fromkeys(str(c).strip() for c in codes or [] if str(c).strip()))
    if len(codes) > MAX_PROCEDURES:
        return [], [_problem("procedure_codes", f"Chỉ chọn tối đa {MAX_PROCEDURES} thủ tục liên quan.")]
    found = {p.code: p for p in Procedure.objects.filter(code__in=codes)}
    missing = [code[:40] for code in codes if code not in found]
    if missing:
        return [], [_problem("procedure_codes", f"Không có thủ tục mã {', '.join(missing[:5])}.")]
    return [found[code] for code in codes], []


def _target_agency(feedback: Feedback, target_agency_id, *, now, problems: list[dict]) -> Agency | None:
    """The agency to forward to: an agency in operation today, other than the one handling the case."""
    if not target_agency_id:
        problems.append(_problem("target_agency", "Chọn cơ quan có thẩm quyền để chuyển xử lý."))
        return None
    target = Agency.objects.valid_on(local(now).date()).filter(pk=target_agency_id).first()
    if target is None:
        problems.append(_problem("target_agency", "Cơ quan được chọn không tồn tại."))
    elif target.pk == feedback.agency_id:
        problems.append(
            _problem("target_agency", "Cơ quan nhận chuyển phải khác cơ quan đang xử lý phản ánh.")
        )
    return target


def _log_routing(feedback: Feedback, proposal, *, chosen: Agency | None, user, now) -> None:
    """Log what the routing rules proposed and what the officer chose (confirmed, overridden or refused)."""
    if proposal.agency is None:
        decision, said = "no_proposal", "Không có đề xuất"
    elif chosen is None:
        decision, said = "refused", f"Đề xuất {proposal.agency.name}"
    elif chosen.pk == proposal.agency.pk:
        decision, said = "confirmed", f"Đề xuất {proposal.agency.name}: cán bộ xác nhận"
    else:
        decision, said = "overridden", f"Đề xuất {proposal.agency.name}: cán bộ chọn {chosen.name}"
    if chosen is None:
        said += " — không chuyển (không tiếp nhận)"
    elif decision == "no_proposal":
        said += f" — cán bộ chọn {chosen.name}"
    _event(
        feedback,
        FeedbackEvent.Kind.PROPOSED,
        now=now,
        actor=user,
        note=f"{said} ({proposal.explanation})",
        proposed_agency=proposal.agency.pk if proposal.agency else None,
        proposal_source=proposal.source,
        rule=proposal.rule.name if proposal.rule else "",
        chosen_agency=chosen.pk if chosen else None,
        decision=decision,
    )


def _senders(feedback: Feedback) -> list[Feedback]:
    """The case and every case merged into it: each sender gets the answer."""
    return [feedback, *feedback.merged.all()]


def merge_feedback(*, primary: Feedback, duplicate: Feedback, user, now: datetime.datetime) -> Feedback:
    """Merge ``duplicate`` into ``primary``: it closes, and its sender will get ``primary``'s answer."""
    require_in_scope(user, primary.agency, permission=Permission.CLASSIFY_FEEDBACK)
    require_in_scope(user, duplicate.agency, permission=Permission.CLASSIFY_FEEDBACK)
    if primary.pk == duplicate.pk:
        raise ValidationFailed("Không thể gộp một phản ánh vào chính nó.", field="duplicate")
    _require_open(primary, Status.RECEIVED, Status.PROCESSING, Status.AWAITING_APPROVAL)
    _require_open(duplicate, Status.RECEIVED, Status.PROCESSING)
    with transaction.atomic():
        Feedback.objects.filter(merged_into=duplicate).update(merged_into=primary, agency=primary.agency)
        duplicate.merged_into = primary
        duplicate.status = Status.MERGED
        duplicate.agency = primary.agency
        duplicate.due_at = duplicate.remind_at = None
        duplicate.save()
        # Every agency that sees the main case sees its merged senders, and the other way round.
        cases = [primary, duplicate, *Feedback.objects.filter(merged_into=primary).exclude(pk=duplicate.pk)]
        agencies = list(Agency.objects.filter(feedback_involved__in=cases).distinct())
        _involve(cases, agencies)
        _event(duplicate, FeedbackEvent.Kind.MERGED, now=now, actor=user, note=f"Gộp vào {primary.code}")
        _event(primary, FeedbackEvent.Kind.MERGED, now=now, actor=user, note=f"Nhận gộp {duplicate.code}")
    return primary


def template_text(template: AnswerTemplate, feedback: Feedback) -> str:
    """The template with the case's values filled in; unknown placeholders stay as written."""
    return Template(template.body).safe_substitute(
        ten_nguoi_gui=feedback.sender_name,
        ma_phan_anh=feedback.code,
        ngay_nhan=f"{local(feedback.received_at):%d/%m/%Y}",
        co_quan=feedback.agency.name,
        thu_tuc=feedback.procedure.code if feedback.procedure_id else "",
    )


def save_answer(
    *,
    feedback: Feedback,
    user,
    body: str,
    now: datetime.datetime,
    submit: bool = False,
    template: AnswerTemplate | None = None,
) -> Answer:
    """Save the draft answer (one open draft per case) and, with ``submit``, send it to a leader."""
    require_in_scope(user, feedback.agency, permission=Permission.ANSWER_FEEDBACK)
    _require_open(feedback, Status.PROCESSING)
    body = (body or "").strip()
    if not body:
        raise ValidationFailed("Nội dung trả lời không được để trống.", field="body")
    if len(body) > ANSWER_LIMIT:
        raise ValidationFailed(
            f"Nội dung trả lời dài quá {ANSWER_LIMIT:,} ký tự.".replace(",", "."), field="body"
        )
    with transaction.atomic():
        answer = feedback.answers.filter(state__in=[Answer.State.DRAFT, Answer.State.RETURNED]).first()
        if answer is None:
            answer = Answer(feedback=feedback, drafted_by=user, drafted_at=now)
        answer.body = body
        answer.template = template or answer.template
        answer.drafted_by = user
        answer.drafted_at = now
        answer.state = Answer.State.SUBMITTED if submit else Answer.State.DRAFT
        answer.save()
        _event(feedback, FeedbackEvent.Kind.DRAFTED, now=now, actor=user)
        if submit:
            feedback.status = Status.AWAITING_APPROVAL
            feedback.save(update_fields=["status"])
            _event(feedback, FeedbackEvent.Kind.SUBMITTED, now=now, actor=user)
    return answer


def decide_answer(*, answer: Answer, user, approve: bool, now: datetime.datetime, note: str = "") -> Answer:
    """A leader approves the answer (it is sent to every sender and published) or returns it with a note."""
    feedback = answer.feedback
    require_in_scope(user, feedback.agency, permission=Permission.APPROVE_FEEDBACK_ANSWERS)
    if answer.state != Answer.State.SUBMITTED:
        raise WrongState("Dự thảo trả lời này không ở trạng thái chờ duyệt.")
    note = (note or "").strip()
    if not approve and not note:
        raise ValidationFailed("Trả lại dự thảo phải ghi rõ ý kiến.", field="note")
    with transaction.atomic():
        answer.decided_by = user
        answer.decided_at = now
        answer.decision_note = note
        if not approve:
            answer.state = Answer.State.RETURNED
            answer.save()
            feedback.status = Status.PROCESSING
            feedback.save(update_fields=["status"])
            _event(feedback, FeedbackEvent.Kind.RETURNED, now=now, actor=user, note=note)
            return answer
        answer.state = Answer.State.APPROVED
        answer.save()
        _event(feedback, FeedbackEvent.Kind.APPROVED, now=now, actor=user, note=note)
        feedback.status = Status.ANSWERED
        feedback.answered_at = now
        if feedback.first_answered_at is None:
            feedback.first_answered_at = now
            feedback.first_answer_due_at = feedback.answer_due_at
        feedback.due_at = feedback.remind_at = None
        feedback.satisfaction = Satisfaction.NONE
        _publish(feedback, answer, now=now)
        feedback.save()
        # The senders of merged cases get this answer: their cases count as answered with it.
        feedback.merged.filter(first_answered_at__isnull=True).update(
            first_answered_at=now, first_answer_due_at=feedback.answer_due_at
        )
        feedback.merged.update(answered_at=now, satisfaction=Satisfaction.NONE)
        senders = _senders(feedback)
        for sender in senders:
            notices.tell_answered(sender, answer=answer, now=now)
        _event(feedback, FeedbackEvent.Kind.SENT, now=now, actor=user, note=f"Gửi {len(senders)} người gửi")
    return answer


def _publish(feedback: Feedback, answer: Answer, *, now: datetime.datetime) -> None:
    """Publish the case with the personal data of every sender (merged ones too) hidden."""
    people = [
        Person(
            name=sender.sender_name,
            phone=sender.sender_phone,
            email=sender.sender_email,
            address=sender.sender_address,
        )
        for sender in _senders(feedback)
    ]
    feedback.public_content = redact(feedback.content, *people)
    feedback.public_answer = redact(answer.body, *people)
    feedback.public_folded = fold(f"{feedback.code} {feedback.public_content} {feedback.public_answer}")
    feedback.published_at = now
    _event(feedback, FeedbackEvent.Kind.PUBLISHED, now=now)


def feedback_for_sender(*, code: str, token: str) -> Feedback:
    feedback = Feedback.objects.filter(code=code).select_related("agency").first()
    if feedback is None or not secrets.compare_digest(feedback.token, token or ""):
        raise NotFound("Không tìm thấy phản ánh với mã và đường dẫn này.")
    return feedback


def answered_case(sender: Feedback) -> Feedback:
    """The case whose answer ``sender`` gets: their own, or the case theirs was merged into."""
    if sender.status == Status.MERGED and sender.merged_into_id:
        return sender.merged_into
    return sender


def latest_answer(case: Feedback) -> Answer | None:
    return case.answers.filter(state=Answer.State.APPROVED).order_by("-decided_at", "-id").first()


def rating_of(sender: Feedback) -> Rating | None:
    """The sender's rating of the latest answer they got, if they gave one."""
    answer = latest_answer(answered_case(sender))
    return Rating.objects.filter(answer=answer, feedback=sender).first() if answer else None


def reopen_until(case: Feedback) -> datetime.datetime | None:
    if case.status != Status.ANSWERED or case.answered_at is None:
        return None
    return reopen_deadline(answered_at=case.answered_at, agency=case.agency)


def rate_answer(*, feedback: Feedback, satisfied: bool, now: datetime.datetime, note: str = "") -> Feedback:
    """The sender of ``feedback`` (or of a case merged into it) rates the answer, once per answer.

    An unsatisfied rating within the reopening window (``feedback.reopen_working_days`` after the answer)
    reopens the case with a new answer deadline; after the window it is recorded and the case stays answered.
    A satisfied rating is final for that answer."""
    if not isinstance(satisfied, bool):
        raise ValidationFailed("Chọn “Hài lòng” hoặc “Chưa hài lòng”.", field="satisfied")
    case = answered_case(feedback)
    _require_open(case, Status.ANSWERED)
    note = (note or "").strip()
    if len(note) > 2000:
        raise ValidationFailed("Ý kiến dài quá 2.000 ký tự.", field="note")
    answer = latest_answer(case)
    if answer is None or Rating.objects.filter(answer=answer, feedback=feedback).exists():
        raise WrongState("Ông/bà đã đánh giá trả lời này.")
    window = reopen_until(case)
    reopen = not satisfied and window is not None and now <= window
    try:
        with transaction.atomic():
            Rating.objects.create(answer=answer, feedback=feedback, satisfied=satisfied, note=note, at=now)
            feedback.satisfaction = Satisfaction.SATISFIED if satisfied else Satisfaction.UNSATISFIED
            feedback.save(update_fields=["satisfaction"])
            late = not satisfied and not reopen
            _event(
                case,
                FeedbackEvent.Kind.RATED,
                now=now,
                note=note + (f" (quá thời hạn đề nghị xem xét lại {local(window):%d/%m/%Y})" if late else ""),
                satisfied=satisfied,
                sender=feedback.code,
                answer=answer.pk,
            )
            if reopen:
                case.status = Status.PROCESSING
                case.reopen_count += 1
                _start_answer_clock(case, start=now)
                case.save()
                _event(
                    case,
                    FeedbackEvent.Kind.REOPENED,
                    now=now,
                    note=f"Người gửi {feedback.code} chưa hài lòng với trả lời",
                )
    except IntegrityError as error:  # the same sender rating twice at once
        raise WrongState("Ông/bà đã đánh giá trả lời này.") from error
    if case.pk == feedback.pk:
        feedback.refresh_from_db()
    return feedback


def issue_api_key(*, name: str, now: datetime.datetime) -> tuple[ApiClient, str]:
    """Issue a key to a client application; the key itself is shown once and only its hash is kept."""
    name = (name or "").strip()
    if not name:
        raise ValidationFailed("Nhập tên ứng dụng.", field="name")
    key = secrets.token_urlsafe(32)
    client = ApiClient.objects.create(
        name=name[:200], key_prefix=key[:8], key_hash=hash_key(key), created_at=now
    )
    return client, key


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def client_for_key(key: str) -> ApiClient:
    client = ApiClient.objects.filter(key_hash=hash_key(key or ""), active=True).first()
    if client is None:
        raise PermissionDenied("Khóa API không hợp lệ hoặc đã bị thu hồi.", code="invalid_api_key")
    return client
