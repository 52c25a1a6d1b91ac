"""Reading dossiers: what a user may see (through the scoping module), inboxes, public lookup, status."""

from __future__ import annotations

import datetime
import hmac

from django.db.models import Q, QuerySet
from django.utils import timezone as dj_timezone

from tthc.core.errors import NotFound
from tthc.dossiers import deadlines
from tthc.dossiers.models import Dossier, Status
from tthc.dossiers.workflow import ACTIVE
from tthc.organisation.scoping import Permission, agencies_in_scope

LIST_RELATED = ("applicant", "receiving_desk", "competent_agency", "version", "assignee")


def visible_dossiers(user, *, permission: Permission = Permission.VIEW) -> QuerySet[Dossier]:
    """Dossiers ``user`` may see: received at, handled by or consulted from an agency in their scope."""
    agencies = agencies_in_scope(user, permission=permission)
    return Dossier.objects.filter(
        Q(receiving_desk__in=agencies)
        | Q(competent_agency__in=agencies)
        | Q(pk__in=Dossier.objects.filter(consultations__agency__in=agencies).values("pk"))
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


def inbox(user, *, now: datetime.datetime) -> QuerySet[Dossier]:
    """Dossiers waiting for ``user``'s agency's work, soonest due first."""
    agencies = agencies_in_scope(user, permission=Permission.PROCESS_DOSSIERS)
    return (
        Dossier.objects.filter(
            competent_agency__in=agencies,
            status__in=[
                Status.FORWARDED,
                Status.PROCESSING,
                Status.APPRAISED,
                Status.APPROVED,
                Status.REFUSED,
                Status.AWAITING_SUPPLEMENT,
            ],
        )
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


def outcome_of(dossier: Dossier, *, at: datetime.datetime) -> str:
    return deadlines.outcome(
        due_at=dossier.due_at,
        finished_at=dossier.finished_at
        if dossier.status not in (Status.GUIDED, Status.REFUSED_AT_INTAKE)
        else None,
        paused=dossier.status == Status.AWAITING_SUPPLEMENT,
        at=at,
        timezone=dj_timezone.get_current_timezone(),
    )


def due_soon(dossier: Dossier, *, now: datetime.datetime, hours: float = 8) -> bool:
    if dossier.due_at is None or dossier.status not in ACTIVE or dossier.due_at < now:
        return False
    return (dossier.due_at - now) <= datetime.timedelta(hours=hours * 3)


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
