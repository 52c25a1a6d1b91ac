"""Reading an applicant's document store (files given in earlier dossiers, reusable in a new one).

A desk officer does not browse any citizen's papers by typing an ID number: they reach only the files given
in dossiers received at a desk in their own scope (the desk's own intakes of that applicant). An applicant
signed in online reaches their own files. Everything else is refused, in the screen and in the service.
"""

from __future__ import annotations

from django.db.models import QuerySet

from tthc.dossiers.models import Applicant, Dossier, StoredFile
from tthc.organisation.scoping import Permission, agencies_in_scope


def reusable_files(user, applicant: Applicant | None) -> QuerySet[StoredFile]:
    """The files of ``applicant`` that ``user`` may see and reuse, newest first."""
    if applicant is None or not getattr(user, "is_authenticated", False):
        return StoredFile.objects.none()
    files = StoredFile.objects.filter(applicant=applicant)
    if applicant.user_id is not None and applicant.user_id == user.pk:
        return files.order_by("-created_at")
    desks = agencies_in_scope(user, permission=Permission.RECEIVE_DOSSIERS)
    return files.filter(
        pk__in=StoredFile.objects.filter(applicant=applicant, uses__dossier__receiving_desk__in=desks).values(
            "pk"
        )
    ).order_by("-created_at")


def known_applicant(user, *, identifier: str, kind: str = "") -> Applicant | None:
    """The applicant with ``identifier`` when a desk in ``user``'s scope has received their dossiers (so the
    name is not told to a desk that never met them), else None."""
    identifier = (identifier or "").strip()[:20]
    if not identifier:
        return None
    desks = agencies_in_scope(user, permission=Permission.RECEIVE_DOSSIERS)
    applicants = Applicant.objects.filter(
        identifier=identifier,
        pk__in=Dossier.objects.filter(receiving_desk__in=desks).values("applicant_id"),
    )
    if kind:
        applicants = applicants.filter(kind=kind)
    return applicants.order_by("pk").first()
