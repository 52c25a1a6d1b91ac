"""Staff screens of the procedure catalog: list, detail, create, edit, publish, version history, decisions.

Thin: reads go through ``selectors``, writes through ``services``, permissions through the scoping module
(``selectors.can_edit`` for one procedure). Published versions are public, so every staff member reads them;
a draft is shown only to the staff of its implementing agencies (``selectors.may_see_draft``) — anyone else
sees the latest published version, or a 404 when there is none. The actions are scoped.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, prefetch_related_objects
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods
from django.views.decorators.vary import vary_on_headers

from tthc.catalog import exports, selectors, services
from tthc.catalog.forms import ImportForm, ProcedureEditor, PublishForm, StaffFilterForm, sentence
from tthc.catalog.models import ChangeKind, PublicationDecision
from tthc.core.errors import DomainError, NotFound, PermissionDenied
from tthc.legalrules.selectors import rule_value
from tthc.organisation.scoping import Permission, can_anywhere

PAGE_SIZE = 25
LATE_RULE = "catalog.decision_min_days_before_effect"

# Everything the detail page shows of a version, fetched in one query per relation.
DETAIL_RELATIONS = ("fields", "levels", "agency_parts__agency", "channels", "documents", "legal_bases")


def refuse(request, message: str):
    return render(request, "catalog/refused.html", {"message": message}, status=403)


def _procedure_or_404(code: str):
    try:
        return selectors.procedure_by_code(code)
    except NotFound as exc:
        raise Http404(exc.message) from exc


def _late_warning(decision: PublicationDecision) -> str:
    days = rule_value(LATE_RULE, on=decision.signed_on)
    return f"Quyết định ký chưa đủ {days} ngày trước ngày có hiệu lực."


@login_required
@vary_on_headers("HX-Request")
def staff_list(request):
    form = StaffFilterForm(request.GET or None)
    versions = selectors.staff_versions(user=request.user, **form.filters())
    page = Paginator(versions, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        # The list fetched each row's agencies, and scoping caches the user's reach: no query per row.
        "rows": [(version, selectors.can_edit(request.user, version)) for version in page],
        "query": query.urlencode(),
        "today": timezone.localdate(),
        "can_create": can_anywhere(request.user, permission=Permission.MANAGE_CATALOG),
        "can_export": can_anywhere(request.user, permission=Permission.VIEW),
    }
    if request.htmx and not request.htmx.history_restore_request:
        return render(request, "catalog/_staff_results.html", context)
    return render(request, "catalog/staff_list.html", context)


def _visible_version_or_404(request, code: str):
    procedure = _procedure_or_404(code)
    try:
        return procedure, selectors.latest_visible_version(procedure, user=request.user)
    except NotFound as exc:
        raise Http404(exc.message) from exc


@login_required
def staff_detail(request, code: str):
    procedure, version = _visible_version_or_404(request, code)
    today = timezone.localdate()
    prefetch_related_objects([version], *DETAIL_RELATIONS)
    context = {
        "procedure": procedure,
        "version": version,
        "can_edit": selectors.can_edit(request.user, version),
        "in_force": selectors.version_in_force(procedure, on=today),
        "today": today,
    }
    return render(request, "catalog/staff_detail.html", context)


def _save(request, editor: ProcedureEditor):
    """Save the draft the editor describes: a redirect, or ``None`` when the editor now shows problems."""
    record = editor.record()
    if record is None:
        return None
    try:
        version = services.save_draft(
            record=record, user=request.user, now=timezone.now(), templates=editor.templates
        )
    except DomainError as exc:
        editor.attach_failure(exc)
        editor.refused = isinstance(exc, PermissionDenied)
        return None
    messages.success(request, f"Đã lưu bản nháp phiên bản {version.number} của thủ tục {record.code}.")
    return redirect("catalog:staff-detail", code=record.code)


def _editor_page(request, editor: ProcedureEditor, *, procedure=None, version=None):
    status = 200 if request.method == "GET" else 403 if editor.refused else 400
    context = {"editor": editor, "form": editor.form, "procedure": procedure, "version": version}
    return render(request, "catalog/staff_edit.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def staff_new(request):
    if not can_anywhere(request.user, permission=Permission.MANAGE_CATALOG):
        return refuse(request, "Bạn không có quyền quản lý danh mục thủ tục hành chính.")
    posted = request.method == "POST"
    editor = ProcedureEditor(
        request.POST if posted else None, request.FILES if posted else None, user=request.user
    )
    if request.method == "POST":
        response = _save(request, editor)
        if response is not None:
            return response
    return _editor_page(request, editor)


@login_required
@require_http_methods(["GET", "POST"])
def staff_edit(request, code: str):
    procedure = _procedure_or_404(code)
    version = selectors.latest_version(procedure)
    if not selectors.can_edit(request.user, version):
        return refuse(request, f"Bạn không có quyền sửa thủ tục {procedure.code}.")
    posted = request.method == "POST"
    editor = ProcedureEditor(
        request.POST if posted else None,
        request.FILES if posted else None,
        user=request.user,
        record=selectors.record_of(version),
        code=procedure.code,
    )
    if request.method == "POST":
        response = _save(request, editor)
        if response is not None:
            return response
    return _editor_page(request, editor, procedure=procedure, version=version)


@login_required
@require_http_methods(["GET", "POST"])
def staff_publish(request, code: str):
    procedure = _procedure_or_404(code)
    version = selectors.latest_version(procedure)
    if not selectors.can_edit(request.user, version):
        return refuse(request, f"Bạn không có quyền công bố thủ tục {procedure.code}.")
    in_force = selectors.version_in_force(procedure, on=timezone.localdate())
    initial_kind = ChangeKind.AMENDED if in_force else ChangeKind.NEW
    form = PublishForm(
        request.POST or None,
        initial={"change_kind": initial_kind},
        may_create_decision=selectors.can_manage_decisions(request.user),
    )
    errors: list[str] = []
    status = 200
    if request.method == "POST" and version.is_draft and form.is_valid():
        now = timezone.now()
        try:
            with transaction.atomic():
                decision = form.cleaned_data["decision"]
                new = form.new_decision()
                if new is not None:
                    decision = services.create_decision(**new, user=request.user, now=now)
                published = services.publish(
                    version=version,
                    decision=decision,
                    change_kind=form.cleaned_data["change_kind"],
                    user=request.user,
                    now=now,
                )
        except DomainError as exc:
            errors.append(exc.message)
            for detail in exc.details or []:
                if detail.get("field") in form.fields:
                    form.add_error(detail["field"], sentence(detail["message"]))
            status = 403 if isinstance(exc, PermissionDenied) else 400
        else:
            messages.success(
                request,
                f"Đã công bố phiên bản {published.number} của thủ tục {procedure.code} theo Quyết định số "
                f"{decision.number}.",
            )
            if selectors.decision_signed_late(decision):
                messages.warning(request, _late_warning(decision))
            return redirect("catalog:staff-detail", code=procedure.code)
    elif request.method == "POST":
        status = 400
    context = {
        "procedure": procedure,
        "version": version,
        "form": form,
        "errors": errors,
        "in_force": in_force,
        "min_days": rule_value(LATE_RULE, on=timezone.localdate()),
    }
    return render(request, "catalog/staff_publish.html", context, status=status)


@login_required
def staff_history(request, code: str):
    procedure = _procedure_or_404(code)
    versions = selectors.version_history(procedure, user=request.user)
    if not versions:
        raise Http404(f"Không tìm thấy thủ tục có mã {code}.")
    # Newest first; each version is compared with the one before it (the next in this list).
    previous = [*versions[1:], None]
    entries = [
        {"version": version, "changes": selectors.version_diff(before, version)}
        for version, before in zip(versions, previous, strict=True)
    ]
    latest = versions[0] if versions else None
    context = {
        "procedure": procedure,
        "entries": entries,
        "latest": latest,
        "can_edit": latest is not None and selectors.can_edit(request.user, latest),
        "today": timezone.localdate(),
    }
    return render(request, "catalog/staff_history.html", context)


def _may_see_decisions(user) -> bool:
    return can_anywhere(user, permission=Permission.MANAGE_CATALOG)


@login_required
def decision_list(request):
    if not _may_see_decisions(request.user):
        return refuse(
            request, "Chỉ công chức kiểm soát thủ tục hành chính xem được danh sách quyết định công bố."
        )
    decisions = PublicationDecision.objects.annotate(version_count=Count("versions")).order_by(
        "-signed_on", "-id"
    )
    page = Paginator(decisions, PAGE_SIZE).get_page(request.GET.get("page"))
    # The rule in force is read once per signing date, not once per row.
    min_days = {day: rule_value(LATE_RULE, on=day) for day in {d.signed_on for d in page}}
    rows = [
        {"decision": d, "late": selectors.decision_signed_late(d, min_days=int(min_days[d.signed_on]))}
        for d in page
    ]
    return render(request, "catalog/decision_list.html", {"page": page, "rows": rows})


@login_required
def decision_detail(request, pk: int):
    if not _may_see_decisions(request.user):
        return refuse(request, "Chỉ công chức kiểm soát thủ tục hành chính xem được quyết định công bố.")
    decision = get_object_or_404(PublicationDecision, pk=pk)
    versions = decision.versions.select_related("procedure", "created_by").order_by(
        "procedure__code", "number"
    )
    context = {
        "decision": decision,
        "versions": versions,
        "late": selectors.decision_signed_late(decision),
        "late_warning": _late_warning(decision),
        "today": timezone.localdate(),
    }
    return render(request, "catalog/decision_detail.html", context)


# --- export and import --------------------------------------------------------------------------------------


def _export(request, extension: str):
    day = timezone.localdate()
    try:
        versions = list(selectors.export_versions(user=request.user, on=day))
    except DomainError as exc:
        return refuse(request, exc.message)
    if extension == "xlsx":
        response = HttpResponse(exports.export_excel(versions), content_type=exports.XLSX_CONTENT_TYPE)
    else:
        response = JsonResponse(
            exports.export_json(versions), safe=False, json_dumps_params={"ensure_ascii": False, "indent": 2}
        )
    response["Content-Disposition"] = f'attachment; filename="{exports.file_name(day, extension)}"'
    return response


@login_required
def export_json(request):
    """The procedures in force of the user's agencies, as records to re-import (``tthc catalog import``)."""
    return _export(request, "json")


@login_required
def export_xlsx(request):
    """The procedures in force of the user's agencies, as an Excel workbook."""
    return _export(request, "xlsx")


@login_required
@require_http_methods(["GET", "POST"])
def import_records(request):
    """Upload a JSON file of procedure records: every record is checked first, and nothing is written
    unless all are valid (the import of ``tthc catalog import``, with the user's permissions)."""
    if not can_anywhere(request.user, permission=Permission.MANAGE_CATALOG):
        return refuse(request, "Chỉ công chức kiểm soát thủ tục hành chính được nhập dữ liệu thủ tục.")
    form = ImportForm(request.POST or None, request.FILES or None)
    context = {"form": form, "problems": [], "failure": "", "report": None}
    status = 200
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            records = services.parse_records_json(upload.read(), source=upload.name)
            report = services.import_records(records=records, user=request.user, now=timezone.now())
        except DomainError as exc:
            context["failure"] = exc.message
            context["problems"] = [services.describe_problem(d) for d in exc.details or []]
            status = 403 if isinstance(exc, PermissionDenied) else 422
        else:
            context["report"] = report
            context["count"] = len(records)
    elif request.method == "POST":
        status = 422
    return render(request, "catalog/import.html", context, status=status)
