"""Writing the catalog: drafts, publication decisions, publishing, and importing national records.

Every write goes through here. A version's content is written in one place (:func:`_write_content`), which
also stores what is derived from it (:func:`derived_columns`: the folded search text, the level codes the
filter reads, the list row) — so the public list reads a page in two queries and never stale text. Renaming
a field, a level or an agency refreshes them in every version naming it (:func:`refresh_derived`, called by
the receivers in ``models``).
"""

from __future__ import annotations

import datetime
import json
import re
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Protocol

import pydantic
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import QuerySet, prefetch_related_objects

from tthc.catalog import selectors
from tthc.catalog.models import (
    ChangeKind,
    ChannelOption,
    Field,
    LegalBasis,
    Procedure,
    ProcedureVersion,
    PublicationDecision,
    RequiredDocument,
    VersionAgency,
    level_key,
)
from tthc.catalog.records import CODE_PATTERN, TEMPLATE_DIR, ProcedureRecord, problems
from tthc.catalog.wording import day
from tthc.core.errors import DomainError, PermissionDenied, ValidationFailed
from tthc.core.folding import fold
from tthc.core.timezone import local
from tthc.core.uploads import CheckedUpload
from tthc.organisation.models import AdministrativeLevel, Agency
from tthc.organisation.scoping import Permission, can_anywhere, require_in_scope

PARTS = tuple(VersionAgency.Part.values)
_CODE = re.compile(CODE_PATTERN)
IMPORT_NOTE = "Nhập từ dữ liệu thủ tục hành chính"


@dataclass
class ImportReport:
    """The codes of an import's records: new procedures, procedures given a new version, and the rest; and
    the publication decisions the import recorded that were signed too late before their effective date
    (accepted, as a signed decision must be, and flagged: :func:`selectors.decision_signed_late`)."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    late_decisions: list[PublicationDecision] = field(default_factory=list)


def describe_problem(problem: dict) -> str:
    """``Bản ghi 1.001193, trường "channels[0].time_unit": giá trị không hợp lệ``."""
    where = f"Bản ghi {problem['record']}" if problem.get("record") else "Dữ liệu"
    if problem.get("field"):
        where += f', trường "{problem["field"]}"'
    return f"{where}: {problem['message']}"


def _invalid(details: list[dict]) -> ValidationFailed:
    count = len(details)
    return ValidationFailed(
        f"Dữ liệu không hợp lệ ({count} lỗi), không có gì được ghi. {describe_problem(details[0])}",
        details=details,
    )


# --- resolving what a record names -------------------------------------------------------------------------


class _References:
    """The agencies, levels and fields records refer to, loaded once per operation."""

    def __init__(self) -> None:
        self.agencies_by_code: dict[str, Agency] = {}
        self.agencies_by_name: dict[str, list[Agency]] = defaultdict(list)
        for agency in Agency.objects.all():
            self.agencies_by_code[agency.code] = agency
            self.agencies_by_name[fold(agency.name)].append(agency)
        self.levels = {lv.code: lv for lv in AdministrativeLevel.objects.all()}
        self.fields = {f.code: f for f in Field.objects.all()}
        # Fields first named by a record of this operation: the first name given wins.
        self.new_field_names: dict[str, str] = {}

    def agency(self, ref: str) -> tuple[Agency | None, str]:
        if ref in self.agencies_by_code:
            return self.agencies_by_code[ref], ""
        matches = self.agencies_by_name.get(fold(ref), [])
        if len(matches) == 1:
            return matches[0], ""
        if matches:
            return None, f'có {len(matches)} cơ quan cùng tên "{ref}", hãy dùng mã định danh của cơ quan'
        return None, f'không tìm thấy cơ quan "{ref}" (ghi mã định danh hoặc đúng tên cơ quan)'

    def field_name(self, code: str, name: str) -> str:
        if code in self.fields:
            return self.fields[code].name
        return self.new_field_names.setdefault(code, name)

    def field(self, code: str) -> Field:
        if code not in self.fields:
            self.fields[code], _ = Field.objects.get_or_create(
                code=code, defaults={"name": self.new_field_names.get(code, code)}
            )
        return self.fields[code]


@dataclass
class _Resolved:
    """A record in canonical form with the agencies it names, per part."""

    label: str
    record: ProcedureRecord
    agencies: dict[str, list[Agency]]


def level_problem(level: AdministrativeLevel | None, *, code: str, on: datetime.date) -> str:
    """Why a record may not name the level ``code`` for a version in force from ``on`` (``""``: it may).

    Levels are data with validity dates: the district level ended on 1 Jul 2025, so a version in force after
    that names none.
    """
    if level is None:
        return f"cấp thực hiện «{code}» không có trong danh mục cấp hành chính"
    if level.valid_from and on < level.valid_from:
        return f"{level.name.lower()} chỉ có từ {day(level.valid_from)}, chưa có vào ngày hiệu lực {day(on)}"
    if level.valid_to and on >= level.valid_to:
        return (
            f"{level.name.lower()} không còn từ {day(level.valid_to)}; phiên bản có hiệu lực từ {day(on)} "
            "không thể thực hiện ở cấp này"
        )
    return ""


def _resolve(
    record: ProcedureRecord, refs: _References, *, label: str, on: datetime.date
) -> tuple[_Resolved | None, list[dict]]:
    """``record`` in canonical form (what :func:`selectors.record_of` will give back), or the problems found.

    ``on`` is the day the version would take effect: its levels must be valid that day.

    Canonical: agencies by code without repeats, fields ordered by code with their stored name, levels from
    the highest without repeats, and status and decision agreeing on abolition.
    """
    found: list[dict] = []
    data = record.model_dump()
    agencies: dict[str, list[Agency]] = {}
    for part in PARTS:
        resolved: list[Agency] = []
        for index, ref in enumerate(getattr(record.agencies, part)):
            agency, error = refs.agency(ref)
            if agency is None:
                found.append({"record": label, "field": f"agencies.{part}[{index}]", "message": error})
            elif agency not in resolved:
                resolved.append(agency)
        agencies[part] = resolved
        data["agencies"][part] = [a.code for a in resolved]
    for index, code in enumerate(record.levels):
        problem = level_problem(refs.levels.get(code), code=code, on=on)
        if problem:
            found.append({"record": label, "field": f"levels[{index}]", "message": problem})
    for index, document in enumerate(record.documents):
        if document.template_file and not template_exists(document.template_file):
            found.append(
                {
                    "record": label,
                    "field": f"documents[{index}].template_file",
                    "message": f"không có tệp mẫu «{document.template_file}» trong kho tệp của hệ thống",
                }
            )
    if found:
        return None, found
    data["levels"] = sorted(set(record.levels), key=lambda code: refs.levels[code].rank)
    by_code: dict[str, str] = {}
    for ref in record.fields:
        by_code.setdefault(ref.code, refs.field_name(ref.code, ref.name))
    data["fields"] = [{"code": code, "name": by_code[code]} for code in sorted(by_code)]
    decision = data.get("decision")
    if record.status == "abolished" or (decision and decision["change_kind"] == ChangeKind.ABOLISHED):
        data["status"] = "abolished"
        if decision:
            decision["change_kind"] = ChangeKind.ABOLISHED.value
    return _Resolved(label=label, record=ProcedureRecord.model_validate(data), agencies=agencies), []


# --- form template files -----------------------------------------------------------------------------------


def template_exists(name: str) -> bool:
    """Whether ``name`` is a form template stored by :func:`store_template`."""
    return name.startswith(TEMPLATE_DIR) and default_storage.exists(name)


def check_template(upload) -> CheckedUpload:
    """A form template upload checked by its content and size (the rules of a dossier's documents: PDF, Word,
    Excel or an image, at most ``TTHC_MAX_UPLOAD_BYTES``); :class:`ValidationFailed` otherwise."""
    from tthc.dossiers.uploads import check_document  # the dossiers' rules, one content check of uploads

    return check_document(upload)


def store_template(*, upload) -> str:
    """Check ``upload`` and store it as a form template; its stored name, ``catalog/templates/<key>/<name>``.

    The download keeps the uploaded file's name folded to ASCII (:func:`tthc.core.uploads.storage_name`),
    with the extension of what the content is.
    """
    checked = check_template(upload)
    return default_storage.save(f"{TEMPLATE_DIR}{uuid.uuid4().hex[:16]}/{checked.storage_name}", upload)


def _with_templates(resolved: _Resolved, uploads: dict[int, object], *, stored: list[str]) -> None:
    """Check every upload, then store them and name them in ``resolved``'s documents (by position)."""
    label = resolved.record.code
    found = []
    for index, upload in sorted(uploads.items()):
        if index >= len(resolved.record.documents):
            found.append({"record": label, "field": f"documents[{index}]", "message": "không có giấy tờ này"})
            continue
        try:
            check_template(upload)
        except DomainError as error:
            found.append(
                {"record": label, "field": f"documents[{index}].template_file", "message": error.message}
            )
    if found:
        raise _invalid(found)
    documents = list(resolved.record.documents)
    for index, upload in sorted(uploads.items()):
        name = store_template(upload=upload)
        stored.append(name)
        documents[index] = documents[index].model_copy(update={"template_file": name})
    resolved.record = resolved.record.model_copy(update={"documents": documents})


# --- writing a version's content ----------------------------------------------------------------------------


def search_text(*, code: str, name: str, fields: Iterable[Field], agencies: Iterable[Agency]) -> str:
    """The folded text search matches: code, name, field names, and every agency's name and short name.

    ``agencies`` in the order the version stores its parts (implementing, competent, delegated,
    co-operating; within a part, the record's order).
    """
    words = [code, name, *(f.name for f in fields)]
    for agency in agencies:
        words += [agency.name, agency.short_name]
    return fold(" ".join(w for w in words if w))


class ChannelTerms(Protocol):
    """What a list row shows of a channel: a record's channel or a stored one."""

    processing_time: Decimal
    time_unit: str
    fee: int


# A list row names this many implementing agencies and counts the rest ("và 27 cơ quan khác").
LIST_AGENCIES = 3


def list_summary(
    *,
    fields: Iterable[Field],
    levels: Iterable[AdministrativeLevel],
    implementing: Sequence[Agency],
    channels: Iterable[ChannelTerms],
) -> dict:
    """What a list row shows beyond the version's own columns, stored as ``ProcedureVersion.listing``.

    Facts, not wording (the list formats them): field names by name, level names from the highest, the
    first :data:`LIST_AGENCIES` implementing agencies' names with their total, and each channel's time
    limit (a decimal string and its unit) and fee in channel order.
    """
    return {
        "fields": sorted(f.name for f in fields),
        "levels": [lv.name for lv in sorted(levels, key=lambda lv: lv.rank)],
        "agencies": [a.name for a in implementing[:LIST_AGENCIES]],
        "agency_count": len(implementing),
        "channels": [
            {
                "time": format(Decimal(c.processing_time).normalize(), "f"),
                "unit": c.time_unit,
                "fee": int(c.fee),
            }
            for c in channels
        ],
    }


def derived_columns(
    *,
    code: str,
    name: str,
    fields: Sequence[Field],
    levels: Sequence[AdministrativeLevel],
    agencies: Sequence[tuple[str, Agency]],
    channels: Iterable[ChannelTerms],
) -> dict:
    """The columns a version derives from its content, by name: ``search_folded``, ``level_codes`` and
    ``listing``. What writes a version's content (or a bench generating one) stores them all.

    ``fields`` in the record's order (by code); ``agencies`` as (part, agency) in the order the version stores
    its parts (by part, then as the record listed them); ``channels`` in the record's order.
    """
    return {
        "search_folded": search_text(code=code, name=name, fields=fields, agencies=[a for _, a in agencies]),
        "level_codes": "".join(level_key(c) for c in sorted(lv.code for lv in levels)),
        "listing": list_summary(
            fields=fields,
            levels=levels,
            implementing=[a for part, a in agencies if part == VersionAgency.Part.IMPLEMENTING],
            channels=channels,
        ),
    }


DERIVED_COLUMNS = ("search_folded", "level_codes", "listing")


def _store_derived(version: ProcedureVersion, **content) -> None:
    for column, value in derived_columns(**content).items():
        setattr(version, column, value)


def _write_content(version: ProcedureVersion, resolved: _Resolved, refs: _References) -> None:
    """Store ``resolved`` as the content of ``version``: a new version, or a draft being rewritten."""
    record = resolved.record
    if version.pk:
        for related in (version.agency_parts, version.channels, version.documents, version.legal_bases):
            related.all().delete()
        # Relations fetched before the rewrite would show the old content to whoever reads them next.
        version.__dict__.pop("_prefetched_objects_cache", None)
    fields = [refs.field(ref.code) for ref in record.fields]
    version.name = record.name
    version.kind = record.kind
    version.subjects = list(record.subjects)
    version.steps = [step.model_dump(mode="json") for step in record.steps]
    version.results = list(record.results)
    version.conditions = record.conditions
    version.online_level = record.online_level
    version.on_the_spot = record.flags.on_the_spot
    version.boundary_free = record.flags.boundary_free
    version.interagency = record.flags.interagency
    version.postal = record.flags.postal
    version.related_codes = list(record.related)
    levels = [refs.levels[code] for code in record.levels]
    _store_derived(
        version,
        code=record.code,
        name=record.name,
        fields=fields,
        levels=levels,
        agencies=[(part, agency) for part in PARTS for agency in resolved.agencies[part]],
        channels=record.channels,
    )
    version.save()
    version.fields.set(fields)
    version.levels.set(levels)
    VersionAgency.objects.bulk_create(
        VersionAgency(version=version, agency=agency, part=part)
        for part in PARTS
        for agency in resolved.agencies[part]
    )
    ChannelOption.objects.bulk_create(
        ChannelOption(
            version=version,
            channel=c.channel,
            processing_time=c.processing_time,
            time_unit=c.time_unit,
            fee=c.fee,
            fee_note=c.fee_note,
        )
        for c in record.channels
    )
    # One position across the whole list keeps the record's order of documents, whatever their cases.
    RequiredDocument.objects.bulk_create(
        RequiredDocument(
            version=version,
            case=d.case,
            position=position,
            name=d.name,
            originals=d.originals,
            copies=d.copies,
            template_name=d.template,
            # The stored file is named, not copied: every version naming it shares it, so a new version
            # carries the template forward.
            template_file=d.template_file,
        )
        for position, d in enumerate(record.documents)
    )
    LegalBasis.objects.bulk_create(
        LegalBasis(
            version=version,
            number=b.number,
            title=b.title,
            issuer=b.issuer,
            issued_on=b.issued_on,
            effective_on=b.effective_on,
        )
        for b in record.legal_bases
    )


# What the derived columns are computed from, besides the version's own columns and its procedure's code.
DERIVED_FROM = ("fields", "levels", "agency_parts__agency", "channels")


def _derive(version: ProcedureVersion) -> None:
    """Set the derived columns of ``version`` from its stored relations (see :data:`DERIVED_FROM`)."""
    # In the order the write path folds them: fields by code (a canonical record's order), agency parts by
    # part, then as the record listed them.
    parts = sorted(version.agency_parts.all(), key=lambda p: (PARTS.index(p.part), p.pk))
    _store_derived(
        version,
        code=version.procedure.code,
        name=version.name,
        fields=sorted(version.fields.all(), key=lambda f: f.code),
        levels=list(version.levels.all()),
        agencies=[(p.part, p.agency) for p in parts],
        channels=sorted(version.channels.all(), key=lambda c: c.pk),
    )


def refresh_search_text(*, version: ProcedureVersion) -> ProcedureVersion:
    """Recompute the derived columns of ``version`` (search text, level codes, list summary) from what is
    stored, after admin edits."""
    # Relations fetched before the edit would give back the old content.
    version.__dict__.pop("_prefetched_objects_cache", None)
    prefetch_related_objects([version], *DERIVED_FROM)
    _derive(version)
    version.save(update_fields=list(DERIVED_COLUMNS))
    return version


def refresh_derived(*, versions: QuerySet[ProcedureVersion], batch_size: int = 500) -> int:
    """Recompute the derived columns of ``versions`` (see :func:`derived_columns`); how many there were.

    For a renamed field, level or agency, whose name the versions naming it carry in both. The content of
    the versions does not change, so neither their audit log nor their history gets an entry.
    """
    ids = list(versions.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), batch_size):
        batch = list(
            ProcedureVersion.objects.filter(pk__in=ids[start : start + batch_size])
            .select_related("procedure")
            .prefetch_related(*DERIVED_FROM)
        )
        for version in batch:
            _derive(version)
        ProcedureVersion.objects.bulk_update(batch, list(DERIVED_COLUMNS))
    return len(ids)


def _require_manage(user, agencies: Iterable[Agency], *, on: datetime.date) -> None:
    for agency in agencies:
        require_in_scope(user, agency, permission=Permission.MANAGE_CATALOG, on=on)


def _implementing(version: ProcedureVersion | None) -> list[Agency]:
    if version is None:
        return []
    return [p.agency for p in version.agency_parts.all() if p.part == VersionAgency.Part.IMPLEMENTING]


def _actor(user):
    return user if getattr(user, "is_authenticated", False) else None


# --- drafts, decisions, publishing --------------------------------------------------------------------------


def save_draft(
    *,
    record: ProcedureRecord,
    user,
    now: datetime.datetime,
    templates: dict[int, object] | None = None,
) -> ProcedureVersion:
    """Save ``record`` as the draft version of its procedure.

    A new code creates the procedure. When the latest version is still a draft its content is replaced;
    otherwise a new draft version follows it. ``user`` needs MANAGE_CATALOG over every implementing agency of
    the record and of the procedure's latest version (an agency cannot take over another's procedure).

    ``templates`` maps a document's position in ``record.documents`` to an uploaded form template file: each
    is checked by its content, stored, and named in that document (a document keeps the template it names
    otherwise). When anything fails, no file stays stored and nothing is written.
    """
    on = local(now).date()
    refs = _References()
    # A draft's content must hold today; publishing checks it again on the decision's effective date.
    resolved, found = _resolve(record, refs, label=record.code, on=on)
    if found:
        raise _invalid(found)
    procedure = Procedure.objects.filter(code=record.code).first()
    latest = None
    if procedure is not None:
        versions = ProcedureVersion.objects.filter(procedure=procedure).prefetch_related(
            "agency_parts__agency"
        )
        latest = versions.order_by("-number").first()
    _require_manage(
        user, [*resolved.agencies[VersionAgency.Part.IMPLEMENTING], *_implementing(latest)], on=on
    )
    stored: list[str] = []
    try:
        if templates:
            _with_templates(resolved, templates, stored=stored)
        return _write_draft(resolved, refs, procedure=procedure, latest=latest, user=user, now=now)
    except BaseException:
        # The rows roll back with the transaction; a storage (a disk, S3) has none.
        for name in stored:
            default_storage.delete(name)
        raise


def _write_draft(
    resolved: _Resolved, refs: _References, *, procedure, latest, user, now: datetime.datetime
) -> ProcedureVersion:
    with transaction.atomic():
        if procedure is None:
            procedure = Procedure.objects.create(code=resolved.record.code)
        if latest is not None and latest.is_draft:
            version = latest
        else:
            version = ProcedureVersion(
                procedure=procedure,
                number=latest.number + 1 if latest else 1,
                created_at=now,
                created_by=_actor(user),
            )
        if resolved.record.status == "abolished":
            version.change_kind = ChangeKind.ABOLISHED
        else:
            version.change_kind = ChangeKind.AMENDED if latest is not None else ChangeKind.NEW
        _write_content(version, resolved, refs)
    return version


def create_decision(
    *,
    number: str,
    signed_on: datetime.date,
    signer: str,
    effective_on: datetime.date,
    summary: str = "",
    user,
    now: datetime.datetime,
) -> PublicationDecision:
    """Record a publication decision of the province chairman.

    Needs MANAGE_CATALOG in some agency. A decision signed too late is accepted and flagged
    (:func:`selectors.decision_signed_late`): it was signed, so the catalog must show it.
    """
    if not selectors.can_manage_decisions(user, on=local(now).date()):
        raise PermissionDenied("Chỉ công chức kiểm soát thủ tục hành chính được ghi nhận quyết định công bố.")
    number, signer = (number or "").strip(), (signer or "").strip()
    found = []
    if not number:
        found.append({"record": "", "field": "number", "message": "số quyết định không được để trống"})
    elif PublicationDecision.objects.filter(number=number).exists():
        found.append({"record": "", "field": "number", "message": f"quyết định số {number} đã được ghi nhận"})
    if not signer:
        found.append({"record": "", "field": "signer", "message": "người ký không được để trống"})
    if found:
        raise ValidationFailed(found[0]["message"].capitalize() + ".", field=found[0]["field"], details=found)
    return PublicationDecision.objects.create(
        number=number,
        signed_on=signed_on,
        signer=signer,
        effective_on=effective_on,
        summary=summary.strip(),
        created_by=_actor(user),
    )


def _publish(
    version: ProcedureVersion,
    *,
    decision: PublicationDecision | None,
    change_kind: str,
    valid_from: datetime.date,
    now: datetime.datetime,
) -> ProcedureVersion:
    """Put ``version`` in force from ``valid_from`` and close the procedure's open version at that date.

    ``version`` may be unsaved (an import writes it in one insert); the caller saves it then.
    """
    published = ProcedureVersion.objects.filter(procedure_id=version.procedure_id, valid_from__isnull=False)
    if version.pk:
        published = published.exclude(pk=version.pk)
    latest = published.order_by("-valid_from", "-number").first()
    if latest is not None and valid_from < latest.valid_from:
        raise DomainError(
            f"Thủ tục {version.procedure.code} đã có phiên bản {latest.number} "
            f"hiệu lực từ {day(latest.valid_from)}; "
            f"phiên bản mới không thể có hiệu lực sớm hơn ({day(valid_from)}).",
            code="validity_out_of_order",
            field="effective_on",
        )
    # save() per row rather than update(): the audit log records who closed each version.
    for previous in published.filter(valid_to__isnull=True):
        previous.valid_to = valid_from
        previous.save(update_fields=["valid_to"])
    version.decision = decision
    version.change_kind = change_kind
    version.valid_from = valid_from
    version.published_at = now
    if version.pk:
        version.save(update_fields=["decision", "change_kind", "valid_from", "published_at"])
    return version


def publish(
    *,
    version: ProcedureVersion,
    decision: PublicationDecision,
    change_kind: str,
    user,
    now: datetime.datetime,
) -> ProcedureVersion:
    """Publish the draft ``version`` under ``decision``: in force from the decision's effective date.

    The procedure's previously published version that is still open ends on that date. ``change_kind``
    "abolished" publishes an abolition: from that date the procedure has no version in force.
    """
    version = ProcedureVersion.objects.select_related("procedure").get(pk=version.pk)
    if not version.is_draft:
        raise DomainError(
            f"Phiên bản {version.number} của thủ tục {version.procedure.code} đã được công bố; "
            "chỉ công bố được bản dự thảo.",
            code="not_a_draft",
        )
    if change_kind not in ChangeKind.values:
        raise ValidationFailed(
            f'Hình thức công bố "{change_kind}" không hợp lệ.',
            field="change_kind",
            details=[
                {"record": version.procedure.code, "field": "change_kind", "message": "giá trị không hợp lệ"}
            ],
        )
    implementing = list(
        Agency.objects.filter(
            procedure_parts__version=version, procedure_parts__part=VersionAgency.Part.IMPLEMENTING
        )
    )
    _require_manage(user, implementing, on=local(now).date())
    if change_kind != ChangeKind.ABOLISHED:
        found = [
            {"record": version.procedure.code, "field": f"levels[{index}]", "message": problem}
            for index, level in enumerate(sorted(version.levels.all(), key=lambda lv: lv.rank))
            if (problem := level_problem(level, code=level.code, on=decision.effective_on))
        ]
        if found:
            raise _invalid(found)
    with transaction.atomic():
        return _publish(
            version, decision=decision, change_kind=change_kind, valid_from=decision.effective_on, now=now
        )


# --- import -------------------------------------------------------------------------------------------------


@dataclass
class _Current:
    """A procedure's state before the import: its latest version and its latest published version."""

    procedure: Procedure
    latest: ProcedureVersion
    published: ProcedureVersion | None


def _current(codes: list[str]) -> dict[str, _Current]:
    found: dict[str, _Current] = {}
    for start in range(0, len(codes), 500):
        chunk = codes[start : start + 500]
        latest: dict[int, ProcedureVersion] = {}
        published: dict[int, ProcedureVersion] = {}
        versions = ProcedureVersion.objects.filter(procedure__code__in=chunk).select_related("procedure")
        for v in versions:
            if v.procedure_id not in latest or v.number > latest[v.procedure_id].number:
                latest[v.procedure_id] = v
            if v.valid_from is not None:
                best = published.get(v.procedure_id)
                if best is None or (v.valid_from, v.number) > (best.valid_from, best.number):
                    published[v.procedure_id] = v
        full = {
            v.pk: v
            for v in selectors.with_record_data(
                ProcedureVersion.objects.filter(pk__in=[v.pk for v in published.values()])
            )
        }
        for procedure_id, version in latest.items():
            current_published = full.get(published[procedure_id].pk) if procedure_id in published else None
            found[version.procedure.code] = _Current(version.procedure, version, current_published)
    return found


def _check_decisions(items: list[_Resolved]) -> list[dict]:
    """A decision number names one decision: the same dates and signer wherever it appears."""
    numbers = {i.record.decision.number for i in items if i.record.decision}
    known = {
        d.number: (d.signed_on, d.signer, d.effective_on, "đã ghi nhận")
        for d in PublicationDecision.objects.filter(number__in=numbers)
    }
    found = []
    for item in items:
        d = item.record.decision
        if d is None:
            continue
        key = (d.signed_on, d.signer, d.effective_on)
        first = known.setdefault(d.number, (*key, f"ở bản ghi {item.label}"))
        if first[:3] != key:
            found.append(
                {
                    "record": item.label,
                    "field": "decision",
                    "message": f"quyết định số {d.number} {first[3]} với ngày ký {day(first[0])}, người ký "
                    f"{first[1]}, hiệu lực {day(first[2])} — khác với bản ghi này",
                }
            )
    return found


def parse_records_json(content: bytes, *, source: str) -> list:
    """The records of a JSON document: an array of records, or an object whose "procedures" is one.

    ``source`` names the document in the messages (a file name). :class:`ValidationFailed` in Vietnamese
    when it is not UTF-8 text, not JSON, or not of that shape.
    """
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationFailed(f"Tệp «{source}» không phải văn bản UTF-8.", field="file") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ValidationFailed(
            f"Tệp «{source}» không phải JSON hợp lệ (dòng {error.lineno}, cột {error.colno}): {error.msg}.",
            field="file",
        ) from None
    if isinstance(data, dict) and isinstance(data.get("procedures"), list):
        return data["procedures"]
    if isinstance(data, list):
        return data
    raise ValidationFailed(
        f'Tệp «{source}» phải chứa một mảng bản ghi thủ tục, hoặc một đối tượng có khóa "procedures".',
        field="file",
    )


def import_records(
    *,
    records: list[dict],
    user=None,
    now: datetime.datetime,
    progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """Import procedure records (the national database's JSON shape), idempotently by code.

    Every record is checked first: its shape, a code given once per file, the agencies it names, its decision
    and validity date. Any problem raises :class:`ValidationFailed` listing each problem by record (code, or
    ``#n`` for the n-th) and field, and nothing is written. Then, in one transaction, a new code creates the
    procedure and its first version, changed content makes a new published version, unchanged content writes
    nothing. The record's ``decision`` (created when its number is new) publishes the version; without one the
    version is in force from ``now``'s date. With a ``user``, they need MANAGE_CATALOG over each record's
    implementing agencies. ``progress`` is called with 1 for each record handled.
    """
    if not isinstance(records, list):
        raise ValidationFailed(
            "Dữ liệu nhập phải là một danh sách bản ghi thủ tục.",
            details=[{"record": "", "field": "", "message": "phải là một danh sách bản ghi"}],
        )
    on = local(now).date()
    if user is not None and not can_anywhere(user, permission=Permission.MANAGE_CATALOG, on=on):
        raise PermissionDenied("Chỉ công chức kiểm soát thủ tục hành chính được nhập dữ liệu thủ tục.")
    refs = _References()
    found: list[dict] = []
    items: list[_Resolved] = []
    first_index: dict[str, int] = {}
    for index, raw in enumerate(records, start=1):
        code = raw.get("code") if isinstance(raw, dict) else None
        # A record is named by its code, or by its position when the code itself is missing or malformed.
        label = code.strip() if isinstance(code, str) and _CODE.match(code.strip()) else f"#{index}"
        if not isinstance(raw, dict):
            found.append({"record": label, "field": "", "message": "bản ghi phải là một đối tượng JSON"})
            continue
        try:
            record = ProcedureRecord.model_validate(raw)
        except pydantic.ValidationError as exc:
            found += problems(exc.errors(), record=label)
            continue
        if record.code in first_index:
            found.append(
                {
                    "record": label,
                    "field": "code",
                    "message": f"mã thủ tục đã có ở bản ghi #{first_index[record.code]} của cùng tệp",
                }
            )
            continue
        first_index[record.code] = index
        effective = record.decision.effective_on if record.decision else on
        resolved, record_problems = _resolve(record, refs, label=label, on=effective)
        found += record_problems
        if resolved is not None:
            items.append(resolved)
    found += _check_decisions(items)

    report = ImportReport()
    current = _current([i.record.code for i in items])
    to_write: list[tuple[_Resolved, _Current | None, datetime.date]] = []
    for item in items:
        state = current.get(item.record.code)
        if user is not None:
            implementing = item.agencies[VersionAgency.Part.IMPLEMENTING]
            _require_manage(user, [*implementing, *_implementing(state.published if state else None)], on=on)
        if (
            state
            and state.published
            and selectors.record_of(state.published).content() == item.record.content()
        ):
            report.unchanged.append(item.record.code)
            if progress:
                progress(1)
            continue
        if state and state.latest.is_draft:
            found.append(
                {
                    "record": item.label,
                    "field": "",
                    "message": f"thủ tục đang có bản dự thảo chưa công bố (phiên bản {state.latest.number}); "
                    "hãy công bố hoặc xóa bản dự thảo trước khi nhập",
                }
            )
            continue
        valid_from = item.record.decision.effective_on if item.record.decision else on
        if state and state.published and valid_from < state.published.valid_from:
            found.append(
                {
                    "record": item.label,
                    "field": "decision.effective_on" if item.record.decision else "decision",
                    "message": f"phiên bản đang công bố có hiệu lực từ {day(state.published.valid_from)}, "
                    f"sau ngày hiệu lực của bản ghi ({day(valid_from)})",
                }
            )
            continue
        to_write.append((item, state, valid_from))
    if found:
        raise _invalid(found)

    decisions: dict[str, PublicationDecision] = {}
    with transaction.atomic():
        for item, state, valid_from in to_write:
            record = item.record
            if state is None:
                procedure = Procedure.objects.create(code=record.code)
                number = 1
            else:
                procedure, number = state.procedure, state.latest.number + 1
            version = ProcedureVersion(
                procedure=procedure,
                number=number,
                created_at=now,
                created_by=_actor(user),
                change_note=IMPORT_NOTE,
            )
            decision = None
            if record.decision:
                d = record.decision
                if d.number not in decisions:
                    decisions[d.number], made = PublicationDecision.objects.get_or_create(
                        number=d.number,
                        defaults={
                            "signed_on": d.signed_on,
                            "signer": d.signer,
                            "effective_on": d.effective_on,
                            "created_by": _actor(user),
                        },
                    )
                    if made and selectors.decision_signed_late(decisions[d.number]):
                        report.late_decisions.append(decisions[d.number])
                decision = decisions[d.number]
                change_kind = d.change_kind
            elif record.status == "abolished":
                change_kind = ChangeKind.ABOLISHED
            else:
                change_kind = ChangeKind.AMENDED if state and state.published else ChangeKind.NEW
            # Published before its first save: one insert (and one audit entry) per new version.
            _publish(version, decision=decision, change_kind=change_kind, valid_from=valid_from, now=now)
            _write_content(version, item, refs)
            (report.updated if state else report.created).append(record.code)
            if progress:
                progress(1)
    return report
