"""Reading the catalog: search, versions, records, differences and the publication-decision flag.

List selectors return querysets that already fetch what a list page shows (procedure, decision, fields,
levels, channels, agencies) in a constant number of queries, however many rows there are. The public list
(:func:`search_page`) is leaner still: two queries a page, the total and the rows, each row read from the
summary its version stores.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.core.paginator import Page, Paginator
from django.db.models import OuterRef, Q, QuerySet, Subquery, Value, prefetch_related_objects
from django.db.models.functions import StrIndex

from tthc.catalog import wording
from tthc.catalog.diff import Change, record_changes
from tthc.catalog.models import (
    ChangeKind,
    Field,
    Procedure,
    ProcedureVersion,
    PublicationDecision,
    RequiredDocument,
    VersionAgency,
    level_key,
)
from tthc.catalog.records import TEMPLATE_DIR, ProcedureRecord
from tthc.core.errors import NotFound, PermissionDenied
from tthc.core.folding import fold
from tthc.legalrules.selectors import rule_value
from tthc.organisation.models import AdministrativeLevel, Agency
from tthc.organisation.scoping import Permission, can, can_anywhere, require_in_scope, scope

__all__ = [
    "Change",
    "ListRow",
    "can_edit",
    "can_manage_decisions",
    "decision_signed_late",
    "export_versions",
    "fields",
    "latest_version",
    "latest_visible_version",
    "level_exists",
    "may_see_draft",
    "procedure_by_code",
    "record_of",
    "search_page",
    "search_versions",
    "staff_versions",
    "template_document",
    "version_by_number",
    "version_diff",
    "version_history",
    "version_in_force",
    "versions_in_force",
    "with_record_data",
]

DECISION_RULE = "catalog.decision_min_days_before_effect"

# What a list page shows of each version; a record needs the documents and legal bases as well.
LIST_RELATED = ("fields", "levels", "channels", "agency_parts__agency")
RECORD_RELATED = (*LIST_RELATED, "documents", "legal_bases")


def _for_list(versions: QuerySet[ProcedureVersion]) -> QuerySet[ProcedureVersion]:
    return versions.select_related("procedure", "decision").prefetch_related(*LIST_RELATED)


def with_record_data(versions: QuerySet[ProcedureVersion]) -> QuerySet[ProcedureVersion]:
    """``versions`` fetching everything :func:`record_of` reads, for exports of many versions."""
    return versions.select_related("procedure", "decision").prefetch_related(*RECORD_RELATED)


def _filtered(
    versions: QuerySet[ProcedureVersion],
    *,
    query: str = "",
    field_code: str | None = None,
    agency_id: int | None = None,
    level: str | None = None,
    online_level: str | None = None,
) -> QuerySet[ProcedureVersion]:
    # Every word must occur in the folded column: "dang ky khai sinh" finds "Đăng ký khai sinh" on any
    # database, with no extension (migration 0004 adds an index per database kind that speeds it up).
    for word in fold(query).split():
        versions = versions.filter(search_folded__contains=word)
    # A version links a field at most once, so this join cannot repeat rows. A level is common (half the
    # catalog is commune-level), so it is read from the version's own level codes rather than joined: an
    # exact, case-sensitive find of " code " (see models.level_key). An agency may take several parts in
    # one version, and names few versions: the versions are found from its parts (IN, which also counts each
    # version once).
    if field_code:
        versions = versions.filter(fields__code=field_code)
    if level:
        versions = versions.alias(level_at=StrIndex("level_codes", Value(level_key(level)))).filter(
            level_at__gt=0
        )
    if agency_id:
        versions = versions.filter(
            pk__in=VersionAgency.objects.filter(agency_id=agency_id).values("version_id")
        )
    if online_level:
        versions = versions.filter(online_level=online_level)
    return versions


def search_versions(
    *,
    query: str = "",
    field_code: str | None = None,
    agency_id: int | None = None,
    level: str | None = None,
    online_level: str | None = None,
    on: datetime.date,
) -> QuerySet[ProcedureVersion]:
    """Versions in force on ``on`` matching the filters, ordered by procedure code.

    ``query`` is folded (case, diacritics, đ → d) and every word must occur in the code, name, field names or
    agency names; ``agency_id`` matches an agency in any part (implementing, competent, delegated,
    co-operating).
    """
    versions = _filtered(
        ProcedureVersion.objects.in_force(on),
        query=query,
        field_code=field_code,
        agency_id=agency_id,
        level=level,
        online_level=online_level,
    )
    return _for_list(versions).order_by("procedure__code")


@dataclass(frozen=True)
class ListRow:
    """One procedure as the public list shows it, worded for display."""

    code: str
    name: str
    online_level: str
    fields: list[str]
    levels: list[str]
    agencies: list[str]  # the first implementing agencies…
    more_agencies: int  # …and how many more there are
    time_limits: list[str]  # distinct, in channel order
    fees: list[str]  # distinct, in channel order


def _distinct(texts) -> list[str]:
    return list(dict.fromkeys(texts))


def _list_row(code: str, name: str, online_level: str, listing: dict) -> ListRow:
    channels = listing.get("channels", [])
    agencies = listing.get("agencies", [])
    return ListRow(
        code=code,
        name=name,
        online_level=online_level,
        fields=listing.get("fields", []),
        levels=listing.get("levels", []),
        agencies=agencies,
        more_agencies=listing.get("agency_count", len(agencies)) - len(agencies),
        time_limits=_distinct(
            f"{wording.amount(Decimal(c['time']))} {wording.TIME_UNIT_LABELS[c['unit']]}" for c in channels
        ),
        fees=_distinct(wording.money(c["fee"]) for c in channels),
    )


def search_page(
    *,
    query: str = "",
    field_code: str | None = None,
    agency_id: int | None = None,
    level: str | None = None,
    online_level: str | None = None,
    on: datetime.date,
    page: int | str | None = 1,
    per_page: int = 25,
) -> Page:
    """Page ``page`` of what :func:`search_versions` finds, as :class:`ListRow` objects: the public list.

    Two queries, the total and the page, however many rows: the row's fields, levels, agencies, time limits
    and fees come from the summary each version stores (``ProcedureVersion.listing``). ``page`` is read as
    ``Paginator.get_page`` reads it (not a number: the first page; past the end: the last).
    """
    versions = _filtered(
        ProcedureVersion.objects.in_force(on),
        query=query,
        field_code=field_code,
        agency_id=agency_id,
        level=level,
        online_level=online_level,
    )
    # The paginator counts the matches and picks the page's ids (a subquery, not run on its own); the rows
    # are then read by id. Sorting only ids keeps the wide columns out of the sort (SQLite would otherwise
    # read every match's whole row), and a COUNT is cheaper than COUNT(*) OVER () over thousands of matches.
    result = Paginator(versions.order_by("procedure__code").values("pk"), per_page).get_page(page)
    rows = (
        ProcedureVersion.objects.filter(pk__in=result.object_list)
        .order_by("procedure__code")
        .values_list("procedure__code", "name", "online_level", "listing")
        if result.paginator.count
        else []
    )
    result.object_list = [_list_row(*row) for row in rows]
    return result


def versions_in_force(*, on: datetime.date) -> QuerySet[ProcedureVersion]:
    """Every version in force on ``on`` with all its content, ordered by code: what an export writes."""
    return with_record_data(ProcedureVersion.objects.in_force(on)).order_by("procedure__code")


def export_versions(*, user, on: datetime.date, agency_id: int | None = None) -> QuerySet[ProcedureVersion]:
    """What ``user`` exports: the versions in force on ``on`` of one agency (``agency_id``, which ``user``
    must reach), or else of every agency in ``user``'s scope (any part: implementing, competent, …).

    :class:`NotFound` for an unknown agency, :class:`PermissionDenied` out of scope or without any role.
    """
    versions = versions_in_force(on=on)
    if agency_id is not None:
        target = Agency.objects.filter(pk=agency_id).first()
        if target is None:
            raise NotFound("Không tìm thấy cơ quan.")
        require_in_scope(user, target, permission=Permission.VIEW)
        return versions.filter(pk__in=VersionAgency.objects.filter(agency=target).values("version_id"))
    if not can_anywhere(user, permission=Permission.VIEW):
        raise PermissionDenied("Bạn không có vai trò nào tại cơ quan nào nên không xuất được danh mục.")
    return scope(versions, user, permission=Permission.VIEW, via="agency_parts__agency")


def _visible(user) -> Q:
    """The versions ``user`` may read on the staff screens: every published version, and the drafts of which
    ``user`` may VIEW (through the scoping module) at least one implementing agency.

    A draft is an agency's work in progress: another agency's officer, or a user with no role, sees the
    published version instead.
    """
    drafts = scope(
        VersionAgency.objects.filter(part=VersionAgency.Part.IMPLEMENTING, version__valid_from__isnull=True),
        user,
        permission=Permission.VIEW,
    )
    return Q(valid_from__isnull=False) | Q(pk__in=drafts.values("version_id"))


def may_see_draft(user, version: ProcedureVersion) -> bool:
    """Whether ``user`` may read ``version``: published, or a draft of an agency ``user`` may VIEW."""
    if not version.is_draft:
        return True
    return any(can(user, agency, permission=Permission.VIEW) for agency in _implementing(version))


def staff_versions(
    *,
    user,
    query: str = "",
    field_code: str | None = None,
    agency_id: int | None = None,
    level: str | None = None,
) -> QuerySet[ProcedureVersion]:
    """The latest version of every procedure that ``user`` may read, ordered by code.

    A draft counts only for the staff of its implementing agencies (:func:`may_see_draft`); anyone else sees
    the procedure's latest published version, and a procedure that only has a draft not at all.
    :func:`can_edit` tells which rows ``user`` may change.
    """
    visible = _visible(user)
    latest_number = (
        ProcedureVersion.objects.filter(visible, procedure=OuterRef("procedure"))
        .order_by("-number")
        .values("number")[:1]
    )
    versions = ProcedureVersion.objects.filter(number=Subquery(latest_number))
    versions = _filtered(versions, query=query, field_code=field_code, agency_id=agency_id, level=level)
    return _for_list(versions).order_by("procedure__code")


def _implementing(version: ProcedureVersion) -> list[Agency]:
    # Reads the prefetched parts when the list selectors fetched them: no query per row.
    return [p.agency for p in version.agency_parts.all() if p.part == VersionAgency.Part.IMPLEMENTING]


def can_edit(user, version: ProcedureVersion) -> bool:
    """Whether ``user`` holds MANAGE_CATALOG over every implementing agency of ``version``."""
    agencies = _implementing(version)
    return bool(agencies) and all(can(user, a, permission=Permission.MANAGE_CATALOG) for a in agencies)


def can_manage_decisions(user, *, on: datetime.date | None = None) -> bool:
    """Whether ``user`` may record publication decisions: MANAGE_CATALOG in at least one agency.

    A decision is the province chairman's and names no agency of its own; the control officer of any agency
    whose procedures it publishes records it, as each department updates its sector in the national database.
    """
    return can_anywhere(user, permission=Permission.MANAGE_CATALOG, on=on)


def procedure_by_code(code: str) -> Procedure:
    try:
        return Procedure.objects.get(code=code)
    except Procedure.DoesNotExist:
        raise NotFound(f"Không tìm thấy thủ tục có mã {code}.") from None


def latest_version(procedure: Procedure) -> ProcedureVersion:
    """The procedure's newest version, draft or published."""
    version = (
        ProcedureVersion.objects.filter(procedure=procedure)
        .select_related("procedure", "decision")
        .order_by("-number")
        .first()
    )
    if version is None:
        raise NotFound(f"Thủ tục {procedure.code} chưa có phiên bản nào.")
    return version


def latest_visible_version(procedure: Procedure, *, user) -> ProcedureVersion:
    """The newest version of ``procedure`` that ``user`` may read (see :func:`staff_versions`).

    :class:`NotFound` when there is none: a procedure that only has another agency's draft stays hidden.
    """
    version = (
        ProcedureVersion.objects.filter(_visible(user), procedure=procedure)
        .select_related("procedure", "decision")
        .order_by("-number")
        .first()
    )
    if version is None:
        raise NotFound(f"Không tìm thấy thủ tục có mã {procedure.code}.")
    return version


def version_in_force(procedure: Procedure, *, on: datetime.date) -> ProcedureVersion | None:
    """The version in force on ``on``; ``None`` before the first publication and after abolition."""
    return (
        ProcedureVersion.objects.in_force(on)
        .filter(procedure=procedure)
        .select_related("procedure", "decision")
        .order_by("-number")
        .first()
    )


def version_in_force_by_code(code: str, *, on: datetime.date) -> ProcedureVersion | None:
    """The version in force on ``on`` of the procedure with national code ``code``, in one query."""
    return (
        ProcedureVersion.objects.in_force(on)
        .filter(procedure__code=code)
        .select_related("procedure", "decision")
        .order_by("-number")
        .first()
    )


def version_by_number(procedure: Procedure, number: int) -> ProcedureVersion:
    try:
        return ProcedureVersion.objects.select_related("procedure", "decision").get(
            procedure=procedure, number=number
        )
    except ProcedureVersion.DoesNotExist:
        raise NotFound(f"Thủ tục {procedure.code} không có phiên bản {number}.") from None


def version_history(procedure: Procedure, *, user=None) -> list[ProcedureVersion]:
    """Every version of the procedure, newest first, with its decision.

    With ``user``, only the versions that user may read: a draft only for the staff of its implementing
    agencies (:func:`may_see_draft`).
    """
    versions = ProcedureVersion.objects.filter(procedure=procedure)
    if user is not None:
        versions = versions.filter(_visible(user))
    return list(versions.select_related("procedure", "decision", "created_by").order_by("-number"))


def record_of(version: ProcedureVersion) -> ProcedureRecord:
    """The record of ``version``: exactly the record that created it, in its canonical form.

    Canonical form: agencies by code, fields ordered by code, levels from the highest, time limits without
    trailing zeros. ``decision`` is present once a decision published the version.
    """
    prefetch_related_objects([version], *RECORD_RELATED)
    agencies: dict[str, list[str]] = {part: [] for part in VersionAgency.Part.values}
    for part in sorted(version.agency_parts.all(), key=lambda p: p.pk):
        agencies[part.part].append(part.agency.code)
    abolished = version.change_kind == ChangeKind.ABOLISHED
    decision = None
    if version.decision_id:
        d = version.decision
        decision = {
            "number": d.number,
            "signed_on": d.signed_on,
            "signer": d.signer,
            "effective_on": d.effective_on,
            "change_kind": version.change_kind,
        }
    return ProcedureRecord.model_validate(
        {
            "code": version.procedure.code,
            "name": version.name,
            "kind": version.kind,
            "status": "abolished" if abolished else "active",
            "decision": decision,
            "levels": [lv.code for lv in sorted(version.levels.all(), key=lambda lv: lv.rank)],
            "fields": [
                {"code": f.code, "name": f.name} for f in sorted(version.fields.all(), key=lambda f: f.code)
            ],
            "steps": version.steps,
            "channels": [
                {
                    "channel": c.channel,
                    "processing_time": c.processing_time,
                    "time_unit": c.time_unit,
                    "fee": c.fee,
                    "fee_note": c.fee_note,
                }
                for c in sorted(version.channels.all(), key=lambda c: c.pk)
            ],
            "documents": [
                {
                    "case": d.case,
                    "name": d.name,
                    "originals": d.originals,
                    "copies": d.copies,
                    "template": d.template_name,
                    "template_file": d.template_file.name or "",
                }
                for d in sorted(version.documents.all(), key=lambda d: (d.position, d.pk))
            ],
            "subjects": version.subjects,
            "agencies": agencies,
            "results": version.results,
            "conditions": version.conditions,
            "legal_bases": [
                {
                    "number": b.number,
                    "title": b.title,
                    "issuer": b.issuer,
                    "issued_on": b.issued_on,
                    "effective_on": b.effective_on,
                }
                for b in sorted(version.legal_bases.all(), key=lambda b: b.pk)
            ],
            "related": version.related_codes,
            "online_level": version.online_level,
            "flags": {
                "on_the_spot": version.on_the_spot,
                "boundary_free": version.boundary_free,
                "interagency": version.interagency,
                "postal": version.postal,
            },
        }
    )


def version_diff(old: ProcedureVersion | None, new: ProcedureVersion) -> list[Change]:
    """What changed from ``old`` to ``new`` (every filled-in aspect when ``old`` is ``None``)."""
    old_record = record_of(old) if old is not None else None
    new_record = record_of(new)
    codes = set()
    for record in filter(None, (old_record, new_record)):
        for part in ("implementing", "competent", "delegated", "cooperating"):
            codes.update(getattr(record.agencies, part))
    names = dict(Agency.objects.filter(code__in=codes).values_list("code", "name"))
    return record_changes(old_record, new_record, agency_names=names)


def decision_signed_late(decision: PublicationDecision, *, min_days: int | None = None) -> bool:
    """True when ``decision`` was signed later than N days before its effective date.

    N is ``min_days`` when given, else the rule "catalog.decision_min_days_before_effect" in force on the
    signing date (5 days by Decree 63/2010 as amended).
    """
    if min_days is None:
        min_days = int(rule_value(DECISION_RULE, on=decision.signed_on))
    return (decision.effective_on - decision.signed_on).days < min_days


def template_document(name: str, *, user=None) -> RequiredDocument:
    """A required document whose form template is the stored file ``name``, if anyone may download it.

    Published versions' templates are public; a draft's only reach the staff who may read that draft
    (:func:`may_see_draft`). :class:`NotFound` otherwise, and for any name that is not a form template: the
    rest of the storage (dossier files) is never reached through this.
    """
    missing = NotFound("Không tìm thấy tệp mẫu.")
    if not name.startswith(TEMPLATE_DIR) or ".." in name.split("/"):
        raise missing
    documents = RequiredDocument.objects.filter(template_file=name).select_related("version__procedure")
    published = documents.filter(version__valid_from__isnull=False).first()
    if published is not None:
        return published
    for document in documents:
        if user is not None and may_see_draft(user, document.version):
            return document
    raise missing


def level_exists(code: str) -> bool:
    """Whether ``code`` names an administrative level (of any period)."""
    return AdministrativeLevel.objects.filter(code=code).exists()


def fields() -> QuerySet[Field]:
    """Every field, by name."""
    return Field.objects.order_by("name")
