"""Reading dossiers: what a user may see (through the scoping module), inboxes, public lookup, status.

The status of a dossier against its due date is defined here once: :func:`outcome_of` (now, from the
dossier's columns) and :func:`outcomes_at` (at any past instant such as the end of a reporting period,
rebuilt from the append-only events). Reports, screens and the API call these.
"""

from __future__ import annotations

import datetime
import hmac
from collections.abc import Iterable

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone as dj_timezone

from tthc.core.errors import NotFound
from tthc.dossiers import deadlines
from tthc.dossiers.models import Consultation, Dossier, DossierEvent, DossierStep, Status
from tthc.dossiers.workflow import ACTIVE
from tthc.organisation.scoping import Permission, agencies_in_scope

LIST_RELATED = ("applicant", "receiving_desk", "competent_agency", "version", "assignee")


def visible_dossiers(user, *, permission: Permission = Permission.VIEW) -> QuerySet[Dossier]:
    """Dossiers ``user`` may see: received at, handled by, consulted from, or with a step of its internal
    process performed by an agency in their scope."""
    agencies = agencies_in_scope(user, permission=permission)
    return Dossier.objects.filter(
        Q(receiving_desk__in=agencies)
        | Q(competent_agency__in=agencies)
        | Q(pk__in=Consultation.objects.filter(agency__in=agencies).values("dossier_id"))
        | Q(pk__in=DossierStep.objects.filter(agency__in=agencies).values("dossier_id"))
    )


def dossier_for(user, *, code: str) -> Dossier:
    dossier = visible_dossiers(user).select_related(*LIST_RELATED).filter(code=code).first()
    if dossier is None:
        raise NotFound(f"Không tìm thấy hồ sơ «{code[:60]}» trong phạm vi của bạn.")
    return dossier


def filtered(
    queryset: QuerySet[Dossier],
    *,
    status: str = "",
    agency_id: int | None = None,
    procedure_code: str = "",
    due_before: datetime.datetime | None = None,
    late: bool | None = None,
    now: datetime.datetime | None = None,
    text: str = "",
) -> QuerySet[Dossier]:
    if status:
        queryset = queryset.filter(status=status)
    if agency_id:
        queryset = queryset.filter(Q(competent_agency_id=agency_id) | Q(receiving_desk_id=agency_id))
    if procedure_code:
        queryset = queryset.filter(procedure__code=procedure_code)
    if due_before:
        queryset = queryset.filter(due_at__lt=due_before)
    if late is not None:
        now = now or dj_timezone.now()
        late_q = Q(status__in=ACTIVE - {Status.AWAITING_SUPPLEMENT}, due_at__lt=now)
        queryset = queryset.filter(late_q) if late else queryset.exclude(late_q)
    if text:
        text = text.strip()
        queryset = queryset.filter(
            Q(code__icontains=text) | Q(applicant__name__icontains=text) | Q(applicant__identifier=text)
        )
    return queryset


INBOX_STATUSES = (
    Status.FORWARDED,
    Status.PROCESSING,
    Status.APPRAISED,
    Status.APPROVED,
    Status.REFUSED,
    Status.AWAITING_SUPPLEMENT,
)


def inbox(user, *, now: datetime.datetime) -> QuerySet[Dossier]:
    """Dossiers waiting for ``user``'s agency's work, soonest due first: those it decides, those whose
    current step it performs, and those it was consulted on and has not answered yet
    (``awaiting_opinion``)."""
    agencies = agencies_in_scope(user, permission=Permission.PROCESS_DOSSIERS)
    open_consultations = Consultation.objects.filter(agency__in=agencies, answered_at__isnull=True)
    current_steps = DossierStep.objects.filter(
        agency__in=agencies,
        finished_at__isnull=True,
        position=OuterRef("current_step"),
        dossier=OuterRef("pk"),
    )
    return (
        Dossier.objects.filter(
            Q(competent_agency__in=agencies)
            | Q(Exists(current_steps))
            | Q(pk__in=open_consultations.values("dossier_id")),
            status__in=INBOX_STATUSES,
        )
        .annotate(awaiting_opinion=Exists(open_consultations.filter(dossier=OuterRef("pk"))))
        .select_related(*LIST_RELATED)
        .order_by("due_at", "id")
    )


def desk_queue(user) -> QuerySet[Dossier]:
    """Dossiers the desk must act on: online submissions, to forward, supplements, results to return."""
    agencies = agencies_in_scope(user, permission=Permission.RECEIVE_DOSSIERS)
    return (
        Dossier.objects.filter(
            receiving_desk__in=agencies,
            status__in=[Status.SUBMITTED, Status.RECEIVED, Status.AWAITING_SUPPLEMENT, Status.RESULT_READY],
        )
        .select_related(*LIST_RELATED)
        .order_by("due_at", "received_at")
    )


def register(user, *, year: int) -> QuerySet[Dossier]:
    """Form 06: the desk's register of the year, in register order."""
    agencies = agencies_in_scope(user, permission=Permission.RECEIVE_DOSSIERS)
    return (
        Dossier.objects.filter(receiving_desk__in=agencies, register_year=year)
        .select_related(*LIST_RELATED)
        .order_by("receiving_desk__code", "register_number")
    )


CLOSED = {Status.WITHDRAWN: deadlines.WITHDRAWN, Status.STOPPED: deadlines.STOPPED}


def outcome_of(dossier: Dossier, *, at: datetime.datetime) -> str:
    """Where ``dossier`` stands now (``at`` is the current instant), from its columns; no query."""
    if dossier.status in (Status.GUIDED, Status.REFUSED_AT_INTAKE):
        return deadlines.NOT_RECEIVED
    if dossier.status == Status.SUBMITTED:
        return deadlines.AWAITING_INTAKE
    return deadlines.outcome(
        due_at=dossier.due_at,
        finished_at=dossier.finished_at,
        paused=dossier.status == Status.AWAITING_SUPPLEMENT,
        at=at,
        timezone=dj_timezone.get_current_timezone(),
        closed=CLOSED.get(dossier.status, ""),
    )


def due_soon(dossier: Dossier, *, now: datetime.datetime) -> bool:
    """Within the last N working hours before the due instant (N: the rule pinned on the dossier, on the
    competent agency's calendar; see ``services.set_due``), not yet late and not paused."""
    if dossier.due_at is None or dossier.warn_at is None:
        return False
    if dossier.status not in ACTIVE or dossier.is_paused:
        return False
    return dossier.warn_at <= now < dossier.due_at


# --- the status at a past instant, rebuilt from the history ----------------------------------------------

RECEIVING = frozenset({"receive", "accept"})
NEW_DUE = frozenset({"receive_supplement", "apologise"})
RESULT = frozenset({"approve", "refuse"})
CLOSING = {"withdraw": deadlines.WITHDRAWN, "stop": deadlines.STOPPED}


def _instant(text) -> datetime.datetime | None:
    return datetime.datetime.fromisoformat(text) if text else None


def replay_outcome(dossier: Dossier, events: Iterable[DossierEvent], *, at: datetime.datetime) -> str | None:
    """Where ``dossier`` stood at ``at``, from its ``events`` (ordered) up to that instant; None when it was
    not a received dossier then (not yet received, or guided / refused at intake)."""
    received = paused = False
    due = finished = None
    closed = ""
    for event in events:
        if event.at > at:
            break
        action, data = event.action, event.data if isinstance(event.data, dict) else {}
        if action in ("guide", "refuse_intake"):
            return None
        if action in RECEIVING:
            received = True
            due = _instant(data.get("due_at")) or dossier.original_due_at
        elif action == "request_supplement":
            paused = True
        elif action in NEW_DUE:
            paused = False if action == "receive_supplement" else paused
            due = _instant(data.get("due_at")) or due
        elif action in RESULT and event.to_status in (Status.APPROVED, Status.REFUSED):
            finished = event.at
        elif action in CLOSING:
            finished, closed = event.at, CLOSING[action]
    if not received:
        return None
    return deadlines.outcome(
        due_at=due,
        finished_at=finished,
        paused=paused,
        at=at,
        timezone=dj_timezone.get_current_timezone(),
        closed=closed,
    )


def outcomes_at(dossiers: QuerySet[Dossier], *, at: datetime.datetime) -> dict[int, str | None]:
    """Each dossier's outcome at instant ``at`` (e.g. the end of a reporting period: early / on_time / late
    if it had its result by then, paused, in_progress_on_time / _late, withdrawn / stopped; None if it was
    not received by then). Two queries, whatever the number of dossiers."""
    history = DossierEvent.objects.filter(at__lte=at).order_by("at", "id")
    rows = dossiers.filter(received_at__lte=at).prefetch_related(Prefetch("events", queryset=history))
    return {d.pk: replay_outcome(d, d.events.all(), at=at) for d in rows}


def outcome_at(dossier: Dossier, *, at: datetime.datetime) -> str | None:
    """:func:`outcomes_at` for one dossier."""
    return replay_outcome(dossier, dossier.events.filter(at__lte=at).order_by("at", "id"), at=at)


def public_lookup(*, code: str, second_factor: str) -> Dossier:
    """A dossier by its code and the lookup key printed on the receipt, or the phone number on file.

    The same refusal for an unknown code and a wrong second factor, so codes cannot be probed.
    """
    code = (code or "").strip().upper()
    factor = "".join((second_factor or "").split()).upper()
    dossier = (
        Dossier.objects.select_related("applicant", "version", "receiving_desk", "competent_agency")
        .filter(code=code)
        .first()
    )
    if dossier is not None and factor:
        phone = "".join(dossier.applicant.phone.split()).upper()
        if hmac.compare_digest(factor, dossier.lookup_key.upper()) or (
            phone and hmac.compare_digest(factor, phone)
        ):
            return dossier
    raise NotFound("Không tìm thấy hồ sơ với mã và mã tra cứu (hoặc số điện thoại) đã nhập.")


def timeline(dossier: Dossier):
    return dossier.events.select_related("from_agency", "to_agency").order_by("at", "id")
