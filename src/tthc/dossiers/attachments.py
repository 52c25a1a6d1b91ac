"""Digitising a dossier's documents after intake: a file given for one entry of the checklist.

The desk scans what the applicant handed over (or what a supplement brought), or the processing agency adds a
copy it obtained. The file is checked and stored through :func:`tthc.dossiers.uploads.store_file` (in the
applicant's document store, so a later dossier can reuse it), linked to the checklist entry, and the event is
appended to the dossier's history. A refused file writes nothing, in the database or in the storage.
"""

from __future__ import annotations

import datetime

from django.db import transaction

from tthc.core.errors import DomainError, NotFound, PermissionDenied
from tthc.dossiers.models import Dossier, DossierDocument
from tthc.dossiers.services import _record
from tthc.dossiers.uploads import removed_on_failure, store_file
from tthc.dossiers.workflow import FINAL, TransitionRefused
from tthc.organisation.scoping import Permission, can


class UploadTooLarge(DomainError):
    """The request body is larger than any accepted file: refused before it is read."""

    code = "upload_too_large"
    status = 413


def may_attach(user, dossier: Dossier) -> bool:
    """The receiving desk's officers and the competent agency's specialists and approvers add files."""
    return can(user, dossier.receiving_desk, permission=Permission.RECEIVE_DOSSIERS) or can(
        user, dossier.competent_agency, permission=Permission.PROCESS_DOSSIERS
    )


@transaction.atomic
def attach_document(
    *, dossier: Dossier, position: int, upload, user, now: datetime.datetime
) -> DossierDocument:
    """Store ``upload`` for the checklist entry at ``position`` of ``dossier`` and mark the entry given.

    A file given earlier for the entry stays in the applicant's store and in the history; the entry points to
    the new one.
    """
    dossier = (
        Dossier.objects.select_for_update()
        .select_related("receiving_desk", "competent_agency", "applicant")
        .get(pk=dossier.pk)
    )
    if not may_attach(user, dossier):
        raise PermissionDenied(
            f"Chỉ bộ phận một cửa của {dossier.receiving_desk.name} hoặc cán bộ xử lý của "
            f"{dossier.competent_agency.name} được bổ sung tệp cho hồ sơ này."
        )
    if dossier.status in FINAL:
        raise TransitionRefused(
            f"Hồ sơ đã kết thúc ({dossier.get_status_display().lower()}); không bổ sung tệp được nữa.",
            code="dossier_closed",
        )
    document = dossier.documents.filter(position=position).first()
    if document is None:
        raise NotFound(
            f"Hồ sơ {dossier.code} không có giấy tờ số {position} trong danh mục.", field="position"
        )
    # The file is in the storage from here on: take it out again if the rest is not written.
    with removed_on_failure() as stored_files:
        stored = store_file(applicant=dossier.applicant, title=document.name, upload=upload, now=now)
        stored_files.append(stored)
        replaced = document.stored_file_id
        document.stored_file = stored
        document.provided = True
        document.save(update_fields=["stored_file", "provided"])
        _record(
            dossier,
            action="attach_document",
            at=now,
            user=user,
            result=f"Số hóa giấy tờ: {document.name[:200]}",
            note=stored.original_name,
            data={
                "position": document.position,
                "stored_file": stored.pk,
                "sha256": stored.sha256,
                "size": stored.size,
                "replaced": replaced,
            },
        )
    return document
