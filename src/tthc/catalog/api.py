"""Catalog API, under /api/v1/catalog.

Public (no login): search the procedures in force, read one, its version history, the list of fields.
Staff (session login): save drafts, record decisions, publish, compare versions, import records, export Excel.
Each operation calls one service or selector; authorisation happens there or through the scoping module.
"""

from __future__ import annotations

import datetime

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from ninja import Body, Query, Router, Schema, Status

from tthc.api_auth import staff_session
from tthc.catalog import exports, selectors, services
from tthc.catalog.models import ProcedureVersion, PublicationDecision
from tthc.catalog.records import ChangeKindCode, LevelCode, OnlineLevelCode, ProcedureRecord
from tthc.catalog.wording import CHANNEL_LABELS, time_limit
from tthc.core.errors import NotFound, PermissionDenied, ValidationFailed
from tthc.organisation.scoping import Permission, can

router = Router(tags=["catalog"])


class ErrorOut(Schema):
    code: str
    message: str
    field: str | None = None
    details: list[dict] = []


class FieldOut(Schema):
    code: str
    name: str


class DecisionOut(Schema):
    number: str
    signed_on: datetime.date
    signer: str
    effective_on: datetime.date
    summary: str
    signed_late: bool


class ChannelOut(Schema):
    channel: str
    label: str
    processing_time: float
    time_unit: str
    time_limit: str
    fee: int
    fee_note: str


class AgencyPartOut(Schema):
    part: str
    code: str
    name: str


class ProcedureSummaryOut(Schema):
    code: str
    name: str
    version: int
    fields: list[FieldOut]
    levels: list[str]
    agencies: list[AgencyPartOut]
    channels: list[ChannelOut]
    online_level: str
    valid_from: datetime.date | None


class ProcedurePageOut(Schema):
    count: int
    page: int
    page_size: int
    items: list[ProcedureSummaryOut]


class VersionOut(Schema):
    code: str
    number: int
    name: str
    is_draft: bool
    change_kind: str
    valid_from: datetime.date | None
    valid_to: datetime.date | None
    published_at: datetime.datetime | None
    decision: DecisionOut | None


class ProcedureDetailOut(VersionOut):
    record: ProcedureRecord


class ChangeOut(Schema):
    field: str
    label: str
    old: str
    new: str


class DiffOut(Schema):
    code: str
    from_version: int | None
    to_version: int
    changes: list[ChangeOut]


class ImportReportOut(Schema):
    created: list[str]
    updated: list[str]
    unchanged: list[str]
    late_decisions: list[DecisionOut] = []


class DecisionIn(Schema):
    number: str
    signed_on: datetime.date
    signer: str
    effective_on: datetime.date
    summary: str = ""


class PublishIn(Schema):
    decision_number: str
    change_kind: ChangeKindCode


def _decision_out(decision: PublicationDecision | None) -> DecisionOut | None:
    if decision is None:
        return None
    return DecisionOut(
        number=decision.number,
        signed_on=decision.signed_on,
        signer=decision.signer,
        effective_on=decision.effective_on,
        summary=decision.summary,
        signed_late=selectors.decision_signed_late(decision),
    )


def _version_out(version: ProcedureVersion) -> dict:
    return {
        "code": version.procedure.code,
        "number": version.number,
        "name": version.name,
        "is_draft": version.is_draft,
        "change_kind": version.change_kind,
        "valid_from": version.valid_from,
        "valid_to": version.valid_to,
        "published_at": version.published_at,
        "decision": _decision_out(version.decision),
    }


def _summary_out(version: ProcedureVersion) -> ProcedureSummaryOut:
    # Reads only what search_versions prefetched: a constant number of queries per page.
    record_channels = sorted(version.channels.all(), key=lambda c: c.pk)
    return ProcedureSummaryOut(
        code=version.procedure.code,
        name=version.name,
        version=version.number,
        fields=[
            FieldOut(code=f.code, name=f.name) for f in sorted(version.fields.all(), key=lambda f: f.code)
        ],
        levels=[lv.code for lv in sorted(version.levels.all(), key=lambda lv: lv.rank)],
        agencies=[
            AgencyPartOut(part=p.part, code=p.agency.code, name=p.agency.name)
            for p in sorted(version.agency_parts.all(), key=lambda p: p.pk)
        ],
        channels=[
            ChannelOut(
                channel=c.channel,
                label=CHANNEL_LABELS[c.channel],
                processing_time=float(c.processing_time),
                time_unit=c.time_unit,
                time_limit=time_limit(c),
                fee=c.fee,
                fee_note=c.fee_note,
            )
            for c in record_channels
        ],
        online_level=version.online_level,
        valid_from=version.valid_from,
    )


# --- public -------------------------------------------------------------------------------------------------


@router.get(
    "/procedures",
    auth=None,
    response={200: ProcedurePageOut, 422: ErrorOut},
    url_name="catalog-procedure-list",
    summary="Tra cứu thủ tục đang có hiệu lực",
    description="Tìm theo mã, tên, lĩnh vực, cơ quan (không phân biệt hoa thường, dấu, đ/d); "
    "lọc và phân trang.",
)
def list_procedures(
    request: HttpRequest,
    q: str = "",
    field: str | None = None,
    agency: int | None = None,
    level: LevelCode | None = None,
    online_level: OnlineLevelCode | None = None,
    page: int = Query(1, ge=1),
    page_size: int = Query(20, ge=1, le=100),
):
    if level is not None and not selectors.level_exists(level):
        raise ValidationFailed(
            f"Cấp thực hiện «{level}» không có trong danh mục cấp hành chính.",
            field="level",
            details=[{"record": "", "field": "level", "message": "không có trong danh mục cấp hành chính"}],
        )
    versions = selectors.search_versions(
        query=q,
        field_code=field,
        agency_id=agency,
        level=level,
        online_level=online_level,
        on=timezone.localdate(),
    )
    count = versions.count()
    start = (page - 1) * page_size
    items = [_summary_out(v) for v in versions[start : start + page_size]]
    return ProcedurePageOut(count=count, page=page, page_size=page_size, items=items)


@router.get(
    "/procedures/{code}",
    auth=None,
    response={200: ProcedureDetailOut, 404: ErrorOut},
    url_name="catalog-procedure-detail",
    summary="Nội dung thủ tục đang có hiệu lực",
)
def procedure_detail(request: HttpRequest, code: str):
    procedure = selectors.procedure_by_code(code)
    version = selectors.version_in_force(procedure, on=timezone.localdate())
    if version is None:
        raise NotFound(f"Thủ tục {code} hiện không có hiệu lực.")
    return {**_version_out(version), "record": selectors.record_of(version)}


@router.get(
    "/procedures/{code}/versions",
    auth=None,
    response={200: list[VersionOut], 404: ErrorOut},
    url_name="catalog-procedure-versions",
    summary="Lịch sử các phiên bản đã công bố của thủ tục",
)
def procedure_versions(request: HttpRequest, code: str):
    procedure = selectors.procedure_by_code(code)
    return [_version_out(v) for v in selectors.version_history(procedure) if not v.is_draft]


@router.get(
    "/fields",
    auth=None,
    response=list[FieldOut],
    url_name="catalog-field-list",
    summary="Danh mục lĩnh vực",
)
def list_fields(request: HttpRequest):
    return [FieldOut(code=f.code, name=f.name) for f in selectors.fields()]


# --- staff --------------------------------------------------------------------------------------------------

RECORDS_BODY = Body(..., description="Mảng bản ghi thủ tục")
STAFF_ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


@router.post(
    "/procedures",
    auth=staff_session,
    response={201: VersionOut, **STAFF_ERRORS},
    url_name="catalog-procedure-create",
    summary="Lưu bản dự thảo của thủ tục (tạo thủ tục khi mã mới)",
)
def create_procedure(request: HttpRequest, payload: ProcedureRecord):
    version = services.save_draft(record=payload, user=request.user, now=timezone.now())
    return Status(201, _version_out(version))


@router.put(
    "/procedures/{code}/draft",
    auth=staff_session,
    response={200: VersionOut, **STAFF_ERRORS},
    url_name="catalog-procedure-draft",
    summary="Lưu bản dự thảo của thủ tục đã có",
)
def save_procedure_draft(request: HttpRequest, code: str, payload: ProcedureRecord):
    selectors.procedure_by_code(code)
    if payload.code != code:
        raise ValidationFailed(
            f"Mã thủ tục trong bản ghi ({payload.code}) khác mã trong đường dẫn ({code}).",
            field="code",
            details=[{"record": code, "field": "code", "message": "khác mã thủ tục trong đường dẫn"}],
        )
    version = services.save_draft(record=payload, user=request.user, now=timezone.now())
    return _version_out(version)


@router.post(
    "/decisions",
    auth=staff_session,
    response={201: DecisionOut, **STAFF_ERRORS},
    url_name="catalog-decision-create",
    summary="Ghi nhận quyết định công bố",
)
def create_decision(request: HttpRequest, payload: DecisionIn):
    decision = services.create_decision(**payload.model_dump(), user=request.user, now=timezone.now())
    return Status(201, _decision_out(decision))


@router.post(
    "/procedures/{code}/publish",
    auth=staff_session,
    response={200: VersionOut, 400: ErrorOut, **STAFF_ERRORS},
    url_name="catalog-procedure-publish",
    summary="Công bố bản dự thảo theo một quyết định công bố",
)
def publish_procedure(request: HttpRequest, code: str, payload: PublishIn):
    procedure = selectors.procedure_by_code(code)
    version = selectors.latest_version(procedure)
    decision = PublicationDecision.objects.filter(number=payload.decision_number.strip()).first()
    if decision is None:
        raise NotFound(f"Không tìm thấy quyết định công bố số {payload.decision_number}.")
    version = services.publish(
        version=version,
        decision=decision,
        change_kind=payload.change_kind,
        user=request.user,
        now=timezone.now(),
    )
    return _version_out(ProcedureVersion.objects.select_related("procedure", "decision").get(pk=version.pk))


@router.get(
    "/procedures/{code}/diff",
    auth=staff_session,
    response={200: DiffOut, **STAFF_ERRORS},
    url_name="catalog-procedure-diff",
    summary="So sánh hai phiên bản của thủ tục",
    description="Mặc định: phiên bản mới nhất (kể cả dự thảo) so với phiên bản ngay trước nó.",
)
def procedure_diff(
    request: HttpRequest,
    code: str,
    from_version: int | None = Query(None, alias="from", ge=1),
    to_version: int | None = Query(None, alias="to", ge=1),
):
    procedure = selectors.procedure_by_code(code)
    new = (
        selectors.version_by_number(procedure, to_version)
        if to_version
        else selectors.latest_version(procedure)
    )
    if from_version:
        old = selectors.version_by_number(procedure, from_version)
    else:
        old = (
            ProcedureVersion.objects.filter(procedure=procedure, number__lt=new.number)
            .order_by("-number")
            .first()
        )
    # Drafts are an agency's work in progress: the staff of one of its implementing agencies may compare them.
    for version in filter(None, (old, new)):
        implementing = [
            p.agency for p in version.agency_parts.select_related("agency") if p.part == "implementing"
        ]
        if not any(can(request.user, a, permission=Permission.VIEW) for a in implementing):
            raise PermissionDenied(f"Bạn không có quyền xem các phiên bản của thủ tục {code}.")
    changes = selectors.version_diff(old, new)
    return DiffOut(
        code=code,
        from_version=old.number if old else None,
        to_version=new.number,
        changes=[ChangeOut(field=c.field, label=c.label, old=c.old, new=c.new) for c in changes],
    )


@router.post(
    "/import",
    auth=staff_session,
    response={200: ImportReportOut, **STAFF_ERRORS},
    url_name="catalog-import",
    summary="Nhập bản ghi thủ tục (theo mã; không có gì được ghi khi có bản ghi không hợp lệ)",
)
def import_procedures(request: HttpRequest, payload: list[dict] = RECORDS_BODY):
    report = services.import_records(records=payload, user=request.user, now=timezone.now())
    return ImportReportOut(
        created=report.created,
        updated=report.updated,
        unchanged=report.unchanged,
        late_decisions=[_decision_out(d) for d in report.late_decisions],
    )


@router.get(
    "/export.xlsx",
    auth=staff_session,
    response=STAFF_ERRORS,
    url_name="catalog-export-xlsx",
    summary="Xuất danh mục thủ tục đang có hiệu lực ra Excel",
    description="Không chọn cơ quan: các thủ tục của những cơ quan trong phạm vi của người dùng.",
    openapi_extra={
        "responses": {
            200: {
                "description": "Tệp Excel",
                "content": {exports.XLSX_CONTENT_TYPE: {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    },
)
def export_xlsx(request: HttpRequest, agency: int | None = None, on: datetime.date | None = None):
    day = on or timezone.localdate()
    versions = selectors.export_versions(user=request.user, on=day, agency_id=agency)
    response = HttpResponse(exports.export_excel(versions), content_type=exports.XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{exports.file_name(day, "xlsx")}"'
    return response


@router.get(
    "/export.json",
    auth=staff_session,
    response={200: list[ProcedureRecord], **STAFF_ERRORS},
    url_name="catalog-export-json",
    summary="Xuất danh mục thủ tục đang có hiệu lực ra JSON (dạng bản ghi nhập được)",
    description="Không chọn cơ quan: các thủ tục của những cơ quan trong phạm vi của người dùng. "
    "Tệp xuất ra nhập lại được bằng /api/v1/catalog/import hoặc tthc catalog import.",
)
def export_json(request: HttpRequest, agency: int | None = None, on: datetime.date | None = None):
    day = on or timezone.localdate()
    versions = selectors.export_versions(user=request.user, on=day, agency_id=agency)
    response = JsonResponse(
        exports.export_json(versions), safe=False, json_dumps_params={"ensure_ascii": False}
    )
    response["Content-Disposition"] = f'attachment; filename="{exports.file_name(day, "json")}"'
    return response
