"""The dossier's transitions: one declared table, guarded in one service (:func:`perform`).

Each transition names the states it leaves from, the state it leads to (None: the state stays), the permission
it needs and on which agency (the receiving desk, the competent agency, or the consulted agency), and the form
it produces. :func:`perform` checks the table and the transition's guard, then writes the change and its event
in one transaction: a refused move writes nothing and raises a :class:`DomainError` whose Vietnamese message
names the rule.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone as dj_timezone

from tthc.core.errors import DomainError, ValidationFailed
from tthc.dossiers import deadlines
from tthc.dossiers.calendars import calendar_around
from tthc.dossiers.models import Consultation, Dossier, DossierEvent, DossierStep, ProcessStep, Status
from tthc.dossiers.services import (
    _record,
    _tell_applicant,
    pinned_rule,
    require_complete,
    set_due,
    start_clock,
    step_dues,
)
from tthc.organisation.models import Agency, Role, User
from tthc.organisation.scoping import Permission, can, require_in_scope

DESK, COMPETENT, CONSULTED = "desk", "competent", "consulted"
ACTIVE = frozenset(
    {Status.RECEIVED, Status.FORWARDED, Status.PROCESSING, Status.APPRAISED, Status.AWAITING_SUPPLEMENT}
)
FINAL = frozenset(
    {Status.GUIDED, Status.REFUSED_AT_INTAKE, Status.RETURNED, Status.WITHDRAWN, Status.STOPPED}
)


class TransitionRefused(DomainError):
    code = "transition_refused"
    status = 409


@dataclass(frozen=True)
class Transition:
    action: str
    label: str
    sources: frozenset[str]
    target: str | None
    permission: Permission
    agency: str = COMPETENT
    form: str = ""
    needs_reason: bool = False
    # The kind of internal-process step this transition completes: when the dossier's current step is of that
    # kind, the step's agency acts, in the step's role.
    step: str = ""
    # Reads the dossier and refuses (TransitionRefused) when a rule forbids the move now; never writes, so
    # allowed_actions can run it to offer only the moves that would pass.
    guard: Callable | None = field(default=None, compare=False)
    apply: Callable | None = field(default=None, compare=False)


def _t(action, label, sources, target, permission, **kwargs) -> Transition:
    return Transition(action, label, frozenset(sources), target, permission, **kwargs)


# The permission a step's role stands for: the user performing the step must hold it at the step's agency.
ROLE_PERMISSION = {
    Role.DESK_OFFICER: Permission.RECEIVE_DOSSIERS,
    Role.SPECIALIST: Permission.PROCESS_DOSSIERS,
    Role.APPROVER: Permission.APPROVE_DOSSIERS,
}


# --- guards: the rules of RULES.md §1 that depend on the dossier and the instant (read only) --------------


def _guard_complete(dossier: Dossier, *, now) -> None:
    """An online dossier is accepted only when every entry of its checklist was given."""
    require_complete([d for d in dossier.documents.all() if not d.provided])


def _guard_supplement(dossier: Dossier, *, now) -> None:
    allowed = int(pinned_rule(dossier, "dossier.max_supplement_requests"))
    asked = dossier.events.filter(action="request_supplement").count()
    if asked >= allowed:
        raise TransitionRefused(
            f"Chỉ được yêu cầu bổ sung hồ sơ {allowed} lần, nêu đầy đủ một lần; hồ sơ này đã được yêu cầu "
            f"bổ sung {asked} lần.",
            code="second_supplement",
        )
    calendar = calendar_around(dossier.competent_agency, now)
    days = int(pinned_rule(dossier, "dossier.supplement_request_working_days"))
    limit = deadlines.supplement_request_limit(dossier.received_at, working_days=days, calendar=calendar)
    if now > limit:
        raise TransitionRefused(
            f"Quá thời hạn yêu cầu bổ sung: chỉ được yêu cầu trong {days} ngày làm việc kể từ khi tiếp nhận "
            f"(đến {dj_timezone.localtime(limit):%H:%M %d/%m/%Y}).",
            code="supplement_too_late",
        )


def _guard_refuse(dossier: Dossier, *, now) -> None:
    if dossier.due_at and now > dossier.due_at:
        raise TransitionRefused(
            "Từ chối giải quyết phải trong thời hạn giải quyết; hồ sơ đã quá hạn — hãy xin lỗi và hẹn lại "
            "hoặc giải quyết.",
            code="refusal_too_late",
        )


def _guard_apologise(dossier: Dossier, *, now) -> None:
    allowed = int(pinned_rule(dossier, "dossier.max_reschedules"))
    if dossier.reschedules >= allowed:
        raise TransitionRefused(
            f"Chỉ được hẹn lại ngày trả kết quả {allowed} lần; hồ sơ này đã hẹn lại.", code="second_apology"
        )
    calendar = calendar_around(dossier.competent_agency, now)
    days = int(pinned_rule(dossier, "dossier.apology_min_working_days_before_due"))
    if not deadlines.apology_in_time(now, due_at=dossier.due_at, working_days=days, calendar=calendar):
        raise TransitionRefused(
            f"Phiếu xin lỗi và hẹn lại phải gửi trước hạn trả ít nhất {days} ngày làm việc "
            f"(hạn trả {dj_timezone.localtime(dossier.due_at):%H:%M %d/%m/%Y}).",
            code="apology_too_late",
        )


# --- what each transition does beyond the state change (after its guard passed) ---------------------------


def _accept(dossier: Dossier, *, now, user, payload) -> dict:
    dossier.received_at = now
    dossier.received_by = user
    data = start_clock(dossier, at=now)
    from tthc.dossiers import codes

    year = dj_timezone.localdate(now).year
    dossier.register_year = year
    dossier.register_number = codes.register_number(desk_code=dossier.receiving_desk.code, year=year)
    return {"to_agency": dossier.receiving_desk, "data": data}


def _guide_online(dossier: Dossier, *, now, user, payload) -> dict:
    missing = [" ".join(str(m).split()) for m in payload.get("missing") or [] if str(m).strip()]
    if not missing:
        raise ValidationFailed(
            "Hướng dẫn bổ sung phải nêu đầy đủ, một lần các giấy tờ còn thiếu.", field="missing"
        )
    dossier.finished_at = now
    return {"data": {"missing": missing}}


def _refuse_intake(dossier: Dossier, *, now, user, payload) -> dict:
    dossier.finished_at = now
    return {}


def _forward(dossier: Dossier, *, now, user, payload) -> dict:
    calendar = calendar_around(dossier.competent_agency, now)
    cutoff = deadlines.parse_clock(pinned_rule(dossier, "dossier.forwarding_cutoff"))
    arrives = deadlines.forwarding_instant(dossier.received_at, cutoff=cutoff, calendar=calendar)
    dossier.forwarded_at = max(now, arrives)
    done, _following = _finish_current_step(dossier, kind=ProcessStep.Kind.RECEIVE, now=now)
    return {
        "from_agency": dossier.receiving_desk,
        "to_agency": dossier.competent_agency,
        "given_at": now,
        "taken_at": dossier.forwarded_at,
        "data": _step_data(done),
    }


def _assign(dossier: Dossier, *, now, user, payload) -> dict:
    assignee = payload.get("assignee") or user
    if isinstance(assignee, int):
        assignee = User.objects.filter(pk=assignee).first()
    if assignee is None or not can(
        assignee, dossier.competent_agency, permission=Permission.PROCESS_DOSSIERS
    ):
        raise ValidationFailed(
            f"Người được phân công phải là chuyên viên hoặc lãnh đạo của {dossier.competent_agency.name}.",
            field="assignee",
        )
    dossier.assignee = assignee
    return {
        "to_agency": dossier.competent_agency,
        "given_at": now,
        "taken_at": now,
        "result": f"Phân công: {assignee}",
    }


def _hand_over(done, following, *, now) -> dict:
    """The hand-over (form 05) from a finished step to the next one."""
    if done is None:
        return {}
    fields = {"from_agency": done.agency, "given_at": now, "data": _step_data(done)}
    if following is not None:
        fields["to_agency"] = following.agency
    return fields


def _appraise(dossier: Dossier, *, now, user, payload) -> dict:
    done, following = _finish_current_step(dossier, kind=ProcessStep.Kind.APPRAISE, now=now)
    extra = {
        **_hand_over(done, following, now=now),
        "result": payload.get("result") or "Đủ điều kiện giải quyết",
    }
    if following is not None and following.kind == ProcessStep.Kind.APPRAISE:
        # Another agency (or unit) appraises next: the dossier stays in processing.
        extra["status"] = Status.PROCESSING
        extra["result"] = f"Chuyển thẩm định tiếp: {following.name}"
    return extra


def _request_consultation(dossier: Dossier, *, now, user, payload) -> dict:
    agency = payload.get("agency")
    if isinstance(agency, int):
        agency = Agency.objects.filter(pk=agency).first()
    if agency is None or agency.pk == dossier.competent_agency_id:
        raise ValidationFailed("Chọn cơ quan được xin ý kiến (khác cơ quan giải quyết).", field="agency")
    calendar = calendar_around(agency, now)
    days = int(pinned_rule(dossier, "dossier.consultation_working_days"))
    due = deadlines.due_instant(now, amount=days, unit="working_days", calendar=calendar)
    consultation = Consultation.objects.create(
        dossier=dossier, agency=agency, question=payload["reason"], requested_at=now, due_at=due
    )
    return {
        "from_agency": dossier.competent_agency,
        "to_agency": agency,
        "given_at": now,
        "data": {"consultation": consultation.pk, "agency": agency.pk, "due_at": due.isoformat()},
    }


def _answer_consultation(dossier: Dossier, *, now, user, payload) -> dict:
    consultation = payload["consultation"]
    if consultation.answered_at is not None:
        raise TransitionRefused("Cơ quan đã trả lời xin ý kiến này.")
    # The answer is history: the event holds it (note and data); the row keeps it for reading.
    consultation.answered_at = now
    consultation.answer = payload["reason"]
    consultation.save(update_fields=["answered_at", "answer"])
    late = now > consultation.due_at
    return {
        "from_agency": consultation.agency,
        "to_agency": dossier.competent_agency,
        "given_at": now,
        "result": "Trả lời xin ý kiến" + (" (quá hạn)" if late else ""),
        "data": {
            "consultation": consultation.pk,
            "answer": consultation.answer,
            "answered_at": now.isoformat(),
            "late": late,
        },
    }


def _request_supplement(dossier: Dossier, *, now, user, payload) -> dict:
    dossier.paused_at = now
    return {
        "from_agency": dossier.competent_agency,
        "to_agency": dossier.receiving_desk,
        "given_at": now,
        "data": {"missing": [line.strip() for line in payload["reason"].splitlines() if line.strip()]},
    }


def _receive_supplement(dossier: Dossier, *, now, user, payload) -> dict:
    calendar = calendar_around(dossier.competent_agency, now)
    mode = pinned_rule(dossier, "dossier.supplement_mode")
    new_due = deadlines.resumed_due(
        mode=mode,
        paused_at=dossier.paused_at,
        resumed_at=now,
        due_at=dossier.due_at,
        amount=dossier.processing_time,
        unit=dossier.time_unit,
        calendar=calendar,
    )
    old_due = dossier.due_at
    dossier.paused_at = None
    set_due(dossier, due=new_due, calendar=calendar)
    steps = _relay_steps(dossier, now=now, calendar=calendar)
    return {
        "from_agency": dossier.receiving_desk,
        "to_agency": dossier.competent_agency,
        "given_at": now,
        "taken_at": now,
        "data": {
            "mode": mode,
            "old_due_at": old_due.isoformat(),
            "due_at": new_due.isoformat(),
            "steps": steps,
        },
    }


def _refuse(dossier: Dossier, *, now, user, payload) -> dict:
    dossier.finished_at = now
    dossier.result = "refused"
    return {"result": "Từ chối giải quyết"}


def _apologise(dossier: Dossier, *, now, user, payload) -> dict:
    calendar = calendar_around(dossier.competent_agency, now)
    new_due = payload.get("new_due_at")
    if not isinstance(new_due, datetime.datetime):
        raise ValidationFailed("Chưa nhập ngày hẹn trả mới.", field="new_due_at")
    if new_due <= dossier.due_at:
        raise ValidationFailed("Ngày hẹn trả mới phải sau hạn trả hiện tại.", field="new_due_at")
    if not deadlines.is_working_instant(new_due, calendar=calendar):
        raise ValidationFailed(
            f"Ngày hẹn trả mới {dj_timezone.localtime(new_due):%H:%M %d/%m/%Y} không phải là thời gian làm "
            "việc của cơ quan giải quyết (ngày nghỉ hoặc ngoài giờ làm việc).",
            field="new_due_at",
        )
    old_due = dossier.due_at
    set_due(dossier, due=new_due, calendar=calendar)
    dossier.reschedules += 1
    steps = _relay_steps(dossier, now=now, calendar=calendar)
    return {
        "from_agency": dossier.competent_agency,
        "to_agency": dossier.receiving_desk,
        "given_at": now,
        "data": {"old_due_at": old_due.isoformat(), "due_at": new_due.isoformat(), "steps": steps},
    }


def _approve(dossier: Dossier, *, now, user, payload) -> dict:
    done, following = _finish_current_step(dossier, kind=ProcessStep.Kind.APPROVE, now=now)
    extra = {**_hand_over(done, following, now=now), "result": payload.get("result") or "Phê duyệt"}
    if following is not None and following.kind == ProcessStep.Kind.APPROVE:
        # A higher level approves next (e.g. the province's chairman after the department's head).
        extra["status"] = Status.APPRAISED
        extra["result"] = f"Chuyển phê duyệt tiếp: {following.name}"
        return extra
    dossier.finished_at = now
    dossier.result = "approved"
    return extra


def _send_result(dossier: Dossier, *, now, user, payload) -> dict:
    return {
        "from_agency": dossier.competent_agency,
        "to_agency": dossier.receiving_desk,
        "given_at": now,
        "taken_at": now,
    }


def _return_result(dossier: Dossier, *, now, user, payload) -> dict:
    method = payload.get("method") or "in_person"
    if method not in ("in_person", "online", "postal"):
        raise ValidationFailed("Hình thức trả kết quả không hợp lệ.", field="method")
    dossier.returned_at = now
    dossier.return_method = method
    done, _following = _finish_current_step(dossier, kind=ProcessStep.Kind.RETURN, now=now)
    return {
        "from_agency": dossier.receiving_desk,
        "given_at": now,
        "result": "Đã trả kết quả",
        "data": _step_data(done),
    }


def _close(dossier: Dossier, *, now, user, payload) -> dict:
    """Withdrawn or stopped: closed without a result, at ``now`` (its final outcome from then on)."""
    dossier.paused_at = None
    dossier.finished_at = now
    return {}


# --- the internal process's steps -------------------------------------------------------------------------


def current_step(dossier: Dossier) -> DossierStep | None:
    """The step the dossier is at (by order), from the prefetched steps when there are."""
    if dossier.current_step is None:
        return None
    return next((s for s in dossier.steps.all() if s.position == dossier.current_step), None)


def _finish_current_step(
    dossier: Dossier, *, kind: str, now
) -> tuple[DossierStep | None, DossierStep | None]:
    """Close the current step when it is of ``kind`` (never a later one of the same kind) and move on to the
    next by order. Returns the finished step (None when the current step is of another kind) and the next."""
    step = current_step(dossier)
    if step is None or step.kind != kind:
        return None, None
    step.finished_at = now
    step.save(update_fields=["finished_at"])
    following = min(
        (s for s in dossier.steps.all() if s.position > step.position), key=lambda s: s.position, default=None
    )
    dossier.current_step = following.position if following else None
    return step, following


def _step_data(step: DossierStep | None) -> dict:
    if step is None:
        return {}
    return {
        "step": {"position": step.position, "name": step.name, "finished_at": step.finished_at.isoformat()}
    }


def _relay_steps(dossier: Dossier, *, now, calendar) -> list[dict]:
    """After a new due instant, lay the unfinished steps over the time from now to it, each by its share of
    the time limit (equal shares for steps laid before shares were recorded). Returns the new step dues."""
    open_steps = list(dossier.steps.filter(finished_at__isnull=True).order_by("position"))
    if not open_steps:
        return []
    shares = [s.share_percent for s in open_steps]
    if not any(shares):
        shares = [1] * len(open_steps)
    dues = deadlines.step_due_instants(now, due=dossier.due_at, shares=shares, calendar=calendar)
    for step, due in zip(open_steps, dues, strict=True):
        step.due_at = due
        step.save(update_fields=["due_at"])
    return step_dues(open_steps)


P = Permission
WORKING = (Status.FORWARDED, Status.PROCESSING)
TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in [
        _t(
            "accept",
            "Tiếp nhận hồ sơ trực tuyến",
            {Status.SUBMITTED},
            Status.RECEIVED,
            P.RECEIVE_DOSSIERS,
            agency=DESK,
            form="01",
            guard=_guard_complete,
            apply=_accept,
        ),
        _t(
            "guide",
            "Hướng dẫn bổ sung",
            {Status.SUBMITTED},
            Status.GUIDED,
            P.RECEIVE_DOSSIERS,
            agency=DESK,
            form="02",
            apply=_guide_online,
        ),
        _t(
            "refuse_intake",
            "Từ chối tiếp nhận",
            {Status.SUBMITTED},
            Status.REFUSED_AT_INTAKE,
            P.RECEIVE_DOSSIERS,
            agency=DESK,
            form="03",
            needs_reason=True,
            apply=_refuse_intake,
        ),
        _t(
            "forward",
            "Chuyển cơ quan giải quyết",
            {Status.RECEIVED},
            Status.FORWARDED,
            P.RECEIVE_DOSSIERS,
            agency=DESK,
            step=ProcessStep.Kind.RECEIVE,
            apply=_forward,
        ),
        _t("assign", "Phân công xử lý", WORKING, Status.PROCESSING, P.PROCESS_DOSSIERS, apply=_assign),
        _t(
            "request_consultation",
            "Xin ý kiến cơ quan khác",
            {Status.PROCESSING},
            None,
            P.PROCESS_DOSSIERS,
            needs_reason=True,
            apply=_request_consultation,
        ),
        _t(
            "answer_consultation",
            "Trả lời xin ý kiến",
            {Status.PROCESSING, Status.APPRAISED},
            None,
            P.PROCESS_DOSSIERS,
            agency=CONSULTED,
            needs_reason=True,
            apply=_answer_consultation,
        ),
        _t(
            "request_supplement",
            "Yêu cầu bổ sung hồ sơ",
            WORKING,
            Status.AWAITING_SUPPLEMENT,
            P.PROCESS_DOSSIERS,
            form="02",
            needs_reason=True,
            guard=_guard_supplement,
            apply=_request_supplement,
        ),
        _t(
            "receive_supplement",
            "Nhận hồ sơ bổ sung",
            {Status.AWAITING_SUPPLEMENT},
            Status.PROCESSING,
            P.RECEIVE_DOSSIERS,
            agency=DESK,
            apply=_receive_supplement,
        ),
        _t(
            "appraise",
            "Hoàn thành thẩm định",
            {Status.PROCESSING},
            Status.APPRAISED,
            P.PROCESS_DOSSIERS,
            step=ProcessStep.Kind.APPRAISE,
            apply=_appraise,
        ),
        _t(
            "refuse",
            "Từ chối giải quyết",
            {Status.PROCESSING, Status.APPRAISED},
            Status.REFUSED,
            P.APPROVE_DOSSIERS,
            form="03",
            needs_reason=True,
            guard=_guard_refuse,
            apply=_refuse,
        ),
        _t(
            "apologise",
            "Xin lỗi và hẹn lại ngày trả",
            {*WORKING, Status.APPRAISED, Status.APPROVED},
            None,
            P.PROCESS_DOSSIERS,
            form="04",
            needs_reason=True,
            guard=_guard_apologise,
            apply=_apologise,
        ),
        _t(
            "approve",
            "Phê duyệt",
            {Status.APPRAISED},
            Status.APPROVED,
            P.APPROVE_DOSSIERS,
            step=ProcessStep.Kind.APPROVE,
            apply=_approve,
        ),
        _t(
            "send_result",
            "Chuyển kết quả về một cửa",
            {Status.APPROVED, Status.REFUSED},
            Status.RESULT_READY,
            P.PROCESS_DOSSIERS,
            apply=_send_result,
        ),
        _t(
            "return_result",
            "Trả kết quả",
            {Status.RESULT_READY},
            Status.RETURNED,
            P.RECEIVE_DOSSIERS,
            agency=DESK,
            step=ProcessStep.Kind.RETURN,
            apply=_return_result,
        ),
        _t(
            "withdraw",
            "Công dân rút hồ sơ",
            {Status.SUBMITTED, *ACTIVE},
            Status.WITHDRAWN,
            P.RECEIVE_DOSSIERS,
            agency=DESK,
            needs_reason=True,
            apply=_close,
        ),
        _t("stop", "Dừng xử lý", ACTIVE, Status.STOPPED, P.APPROVE_DOSSIERS, needs_reason=True, apply=_close),
    ]
}


def performing_step(dossier: Dossier, transition: Transition) -> DossierStep | None:
    """The dossier's current step when ``transition`` performs it (a step of the transition's kind)."""
    if not transition.step:
        return None
    step = current_step(dossier)
    return step if step is not None and step.kind == transition.step else None


def acting_agency(dossier: Dossier, transition: Transition, payload: dict | None = None) -> Agency:
    """The agency whose user takes ``transition``: the current step's configured agency when the transition
    performs that step, else the receiving desk, the consulted agency or the competent agency as declared."""
    step = performing_step(dossier, transition)
    if step is not None:
        return step.agency
    if transition.agency == DESK:
        return dossier.receiving_desk
    if transition.agency == CONSULTED:
        consultation = (payload or {}).get("consultation")
        return consultation.agency if consultation is not None else dossier.competent_agency
    return dossier.competent_agency


def required_permissions(dossier: Dossier, transition: Transition) -> list[Permission]:
    """The transition's permission, and the one of the performing step's role (an approval step configured
    for an approver needs an approver, whatever the transition alone would need)."""
    permissions = [transition.permission]
    step = performing_step(dossier, transition)
    role_permission = ROLE_PERMISSION.get(step.role) if step is not None else None
    if role_permission is not None and role_permission != transition.permission:
        permissions.append(role_permission)
    return permissions


def _may(user, dossier: Dossier, transition: Transition, payload: dict | None = None) -> bool:
    agency = acting_agency(dossier, transition, payload)
    return all(can(user, agency, permission=p) for p in required_permissions(dossier, transition))


def _passes_guard(dossier: Dossier, transition: Transition, *, now) -> bool:
    if transition.guard is None:
        return True
    try:
        transition.guard(dossier, now=now)
    except DomainError:
        return False
    return True


def allowed_actions(dossier: Dossier, user, *, now: datetime.datetime) -> list[Transition]:
    """The transitions ``user`` may take on ``dossier`` at ``now``: allowed from its state, permitted to the
    user, and passing their guard (run without writing) — so a button is shown only when it would work."""
    actions = []
    for transition in TRANSITIONS.values():
        if dossier.status not in transition.sources:
            continue
        if transition.agency == CONSULTED:
            open_ones = [c for c in dossier.consultations.all() if c.answered_at is None]
            if any(can(user, c.agency, permission=transition.permission) for c in open_ones):
                actions.append(transition)
            continue
        if _may(user, dossier, transition) and _passes_guard(dossier, transition, now=now):
            actions.append(transition)
    return actions


@transaction.atomic
def perform(
    *, dossier: Dossier, action: str, user, now: datetime.datetime, reason: str = "", **payload
) -> Dossier:
    """Take ``action`` on ``dossier`` as ``user`` at ``now``; returns the dossier as it now stands."""
    transition = TRANSITIONS.get(action)
    if transition is None:
        raise ValidationFailed(f"Không có thao tác «{action[:40]}».", field="action")
    dossier = (
        Dossier.objects.select_for_update()
        .select_related("receiving_desk", "competent_agency", "applicant", "version")
        .get(pk=dossier.pk)
    )
    if transition.agency == CONSULTED:
        consultation = payload.get("consultation")
        if isinstance(consultation, int) or consultation is None:
            consultation = (
                dossier.consultations.filter(pk=consultation, answered_at__isnull=True).first()
                if consultation
                else dossier.consultations.filter(answered_at__isnull=True).first()
            )
        if consultation is None:
            raise TransitionRefused("Hồ sơ không có yêu cầu xin ý kiến nào đang chờ trả lời.")
        payload["consultation"] = consultation
    agency = acting_agency(dossier, transition, payload)
    for permission in required_permissions(dossier, transition):
        require_in_scope(user, agency, permission=permission)
    if dossier.status not in transition.sources:
        raise TransitionRefused(
            f"Không thể «{transition.label.lower()}» khi hồ sơ đang ở trạng thái "
            f"«{dossier.get_status_display()}».",
            code="transition_not_allowed",
        )
    if transition.guard is not None:
        transition.guard(dossier, now=now)
    reason = " ".join((reason or "").split()) if "\n" not in (reason or "") else (reason or "").strip()
    if transition.needs_reason and not reason:
        raise ValidationFailed(f"«{transition.label}» phải nêu rõ lý do / nội dung.", field="reason")
    payload["reason"] = reason[:4000]
    from_status = dossier.status
    extra = transition.apply(dossier, now=now, user=user, payload=payload) if transition.apply else {}
    target = extra.pop("status", transition.target)
    if target is not None:
        dossier.status = target
    dossier.save()
    event_fields = {
        k: v
        for k, v in extra.items()
        if k in {"from_agency", "to_agency", "given_at", "taken_at", "result", "data"}
    }
    _record(
        dossier,
        action=action,
        at=now,
        user=user,
        from_status=from_status,
        to_status=dossier.status,
        note=reason[:4000],
        **event_fields,
    )
    _tell_applicant(dossier, now=now, event=action, note=reason[:300])
    return dossier


def last_event(dossier: Dossier, action: str) -> DossierEvent | None:
    return dossier.events.filter(action=action).order_by("-at", "-id").first()
