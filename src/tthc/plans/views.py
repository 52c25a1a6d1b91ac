"""Staff screens of plans: list, upload with preview, overview, my tasks, task page, exports.

Thin: reads through ``selectors``, writes through ``services``; who may do what is decided there (scoping).
The preview's edits are htmx requests answered with the preview fragment; without htmx they redirect back.
"""

from __future__ import annotations

from functools import wraps

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as HttpForbidden
from django.db.models import Count
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from tthc.core.errors import DomainError, NotFound, PermissionDenied
from tthc.organisation.models import Agency
from tthc.plans import charts, drafts, exports, selectors, services
from tthc.plans.forms import (
    DecisionForm,
    DeriveForm,
    HeaderForm,
    MappingForm,
    NoteForm,
    ProgressForm,
    RowForm,
    UploadForm,
)
from tthc.plans.models import Status


def plan_staff(view):
    """Logged-in staff; scoping refusals become 403, missing objects 404."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied as error:
            raise HttpForbidden(error.message) from None
        except NotFound as error:
            raise Http404(error.message) from None

    return wrapper


def _now():
    return timezone.now()


def _today():
    return timezone.localdate()


# --- list and upload ----------------------------------------------------------------------------------------


@plan_staff
def plan_list(request):
    plans = list(selectors.plans_visible(request.user).annotate(task_count=Count("tasks")))
    context = {
        "plans": plans,
        "drafts": list(selectors.drafts_of(request.user)),
        "can_import": selectors.can_import_anywhere(request.user),
    }
    return render(request, "plans/plan_list.html", context)


@plan_staff
@require_http_methods(["GET", "POST"])
def upload(request):
    if not selectors.can_import_anywhere(request.user):
        raise HttpForbidden("Chỉ công chức đầu mối KSTTHC được nhập kế hoạch.")
    agencies = selectors.managed_agencies(request.user)
    form = UploadForm(
        request.POST or None,
        request.FILES or None,
        agencies=agencies,
        initial={"agency": agencies.order_by("path").first()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            draft = services.create_draft(
                upload=form.cleaned_data["file"],
                agency=form.cleaned_data["agency"],
                user=request.user,
                now=_now(),
                year=form.cleaned_data["year"],
                decision=form.decision(),
            )
        except DomainError as error:
            if isinstance(error, PermissionDenied):
                raise
            form.add_error("file", error.message)
        else:
            if request.htmx:
                response = HttpResponse(status=204)
                response["HX-Redirect"] = reverse("plans:draft", args=[draft.pk])
                return response
            return redirect("plans:draft", pk=draft.pk)
    # htmx swaps only 2xx answers: the form with its errors comes back as 200 to an htmx request.
    status = 422 if form.errors and not request.htmx else 200
    return render(request, "plans/upload.html", {"form": form}, status=status)


# --- preview ------------------------------------------------------------------------------------------------


def _preview_context(draft, *, edit_row=None, error=""):
    units = services.draft_units(draft.data, today=_today())
    agencies = units.agencies
    kinds = [(kind, label) for kind, label in Agency.Kind.choices if any(a.kind == kind for a in agencies)]
    header = HeaderForm(
        initial={
            "title": draft.data.get("title"),
            "year": draft.data.get("year"),
            "decision_number": draft.data.get("decision_number"),
            "decision_date": draft.data.get("decision_date") or None,
            "decision_signer": draft.data.get("decision_signer"),
            "derived_due": draft.data.get("derived_due") or None,
        }
    )
    row_form = None
    if edit_row is not None:
        row = next((r for r in draft.data["rows"] if r["id"] == edit_row), None)
        if row is not None:
            row_form = RowForm(
                initial={**row, "lead": "\n".join(row["lead"]), "partners": "\n".join(row["partners"])}
            )
    return {
        "draft": draft,
        "rows": [{**row, "label": drafts.row_label(row)} for row in draft.data["rows"]],
        "warnings": drafts.warnings(draft.data),
        "units": units.rows,
        "unmatched": units.unmatched,
        "tree_note": units.tree_note,
        "agencies": agencies,
        "kinds": kinds,
        "header": header,
        "edit_row": edit_row,
        "row_form": row_form,
        "error": error,
    }


def _preview(request, draft, *, edit_row=None, error="", status=200):
    context = _preview_context(draft, edit_row=edit_row, error=error)
    if request.htmx:
        return render(request, "plans/_preview.html", context, status=status)
    if error:
        messages.error(request, error)
    return (
        redirect("plans:draft", pk=draft.pk)
        if request.method == "POST"
        else render(request, "plans/draft.html", context, status=status)
    )


@plan_staff
def draft(request, pk: int):
    draft = selectors.draft_for(request.user, pk)
    edit_row = request.GET.get("edit")
    context = _preview_context(draft, edit_row=int(edit_row) if edit_row and edit_row.isdigit() else None)
    template = "plans/_preview.html" if request.htmx else "plans/draft.html"
    return render(request, template, context)


@plan_staff
@require_POST
def draft_header(request, pk: int):
    draft = selectors.draft_for(request.user, pk)
    form = HeaderForm(request.POST)
    if not form.is_valid():
        return _preview(
            request,
            draft,
            error="Thông tin kế hoạch chưa hợp lệ: "
            + "; ".join(
                f"{form.fields[name].label}: {' '.join(errors)}" for name, errors in form.errors.items()
            ),
            status=422,
        )
    try:
        services.set_draft_header(draft=draft, user=request.user, now=_now(), **form.cleaned_data)
    except DomainError as error:
        return _preview(request, draft, error=error.message, status=422)
    return _preview(request, draft)


@plan_staff
@require_POST
def draft_row(request, pk: int, row_id: int):
    """Save the cells of one row (the form comes from ``?edit=<row>``)."""
    draft = selectors.draft_for(request.user, pk)
    form = RowForm(request.POST)
    if not form.is_valid():
        return _preview(
            request, draft, edit_row=row_id, error="Nội dung công việc không được để trống.", status=422
        )
    try:
        data = drafts.edit_row(draft.data, row_id=row_id, values=form.cleaned_data)
        services.change_draft(draft=draft, user=request.user, now=_now(), data=data)
    except DomainError as error:
        if isinstance(error, PermissionDenied):
            raise
        return _preview(request, draft, edit_row=row_id, error=error.message, status=422)
    return _preview(request, draft)


ROW_ACTIONS = {
    "merge": drafts.merge_with_next,
    "split": drafts.split_row,
    "delete": drafts.delete_row,
    "fill": drafts.fill_from_above,
}


@plan_staff
@require_POST
def draft_row_action(request, pk: int, row_id: int, action: str):
    draft = selectors.draft_for(request.user, pk)
    if action not in ROW_ACTIONS:
        raise Http404("Không có thao tác này.")
    try:
        data = ROW_ACTIONS[action](draft.data, row_id=row_id)
        services.change_draft(draft=draft, user=request.user, now=_now(), data=data)
    except DomainError as error:
        if isinstance(error, PermissionDenied):
            raise
        return _preview(request, draft, error=error.message, status=422)
    # After a split the new row opens for editing: it usually needs its number and units checked.
    return _preview(request, draft, edit_row=data["next_id"] - 1 if action == "split" else None)


@plan_staff
@require_POST
def draft_units(request, pk: int):
    draft = selectors.draft_for(request.user, pk)
    form = MappingForm(request.POST)
    try:
        if not form.is_valid():
            raise DomainError("Hãy chọn cơ quan cho tên đơn vị.")
        parts = form.target_parts()
        data = drafts.set_mapping(draft.data, name=form.cleaned_data["name"], **parts)
        services.change_draft(draft=draft, user=request.user, now=_now(), data=data)
    except PermissionDenied:
        raise
    except DomainError as error:
        return _preview(request, draft, error=error.message, status=422)
    except forms.ValidationError as error:
        return _preview(request, draft, error=" ".join(error.messages), status=422)
    return _preview(request, draft)


@plan_staff
@require_POST
def draft_confirm(request, pk: int):
    draft = selectors.draft_for(request.user, pk)
    try:
        plan = services.confirm_draft(draft=draft, user=request.user, now=_now())
    except DomainError as error:
        if isinstance(error, PermissionDenied):
            raise
        return _preview(request, draft, error=error.message, status=422)
    messages.success(request, f"Đã lưu kế hoạch «{plan.title}» với {plan.tasks.count()} nhiệm vụ.")
    if request.htmx:
        response = HttpResponse(status=204)
        response["HX-Redirect"] = reverse("plans:overview", args=[plan.pk])
        return response
    return redirect("plans:overview", pk=plan.pk)


@plan_staff
@require_POST
def draft_discard(request, pk: int):
    draft = selectors.draft_for(request.user, pk)
    services.discard_draft(draft=draft, user=request.user)
    messages.info(request, "Đã hủy bản xem trước; không có gì được lưu.")
    return redirect("plans:list")


# --- a plan -------------------------------------------------------------------------------------------------


@plan_staff
def overview(request, pk: int):
    plan = selectors.plan_for(request.user, pk)
    data = selectors.plan_overview(plan, today=_today())
    can_manage = selectors.can_manage(request.user, plan)
    derive_agencies = selectors.managed_agencies(request.user).exclude(pk=plan.agency_id)
    context = {
        "plan": plan,
        "overview": data,
        "group_chart": charts.percent_bars(data.by_group),
        "agency_chart": charts.percent_bars(data.by_agency),
        "timeline": charts.timeline(data),
        "can_manage": can_manage,
        "derive_form": DeriveForm(agencies=derive_agencies) if derive_agencies.exists() else None,
        "derived": list(plan.derived.select_related("agency")),
        "pending_derivations": selectors.pending_derivations(plan, today=_today()),
        "state_labels": selectors.STATE_LABELS,
    }
    return render(request, "plans/overview.html", context)


@plan_staff
@require_POST
def derive(request, pk: int):
    plan = selectors.plan_for(request.user, pk)
    form = DeriveForm(request.POST, agencies=selectors.managed_agencies(request.user))
    if not form.is_valid():
        if "agency" in form.errors:
            raise HttpForbidden("Bạn không được xây dựng kế hoạch cho cơ quan này.")
        messages.error(request, " ".join(message for errors in form.errors.values() for message in errors))
        return redirect("plans:overview", pk=plan.pk)
    try:
        derived = services.derive_plan(parent=plan, user=request.user, now=_now(), **form.cleaned_data)
    except DomainError as error:
        if isinstance(error, PermissionDenied):
            raise
        messages.error(request, error.message)
        return redirect("plans:overview", pk=plan.pk)
    messages.success(request, f"Đã xây dựng «{derived.title}» gồm {derived.tasks.count()} nhiệm vụ.")
    return redirect("plans:overview", pk=derived.pk)


@plan_staff
@require_http_methods(["GET", "POST"])
def decision(request, pk: int):
    """Correct the decision of a saved plan (number, date, signer) and the agencies' due date."""
    plan = selectors.plan_for(request.user, pk)
    selectors.require_manager(request.user, plan)
    initial = {key: getattr(plan, key) for key in DecisionForm.base_fields}
    form = DecisionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.set_decision(plan=plan, user=request.user, now=_now(), **form.cleaned_data)
        except DomainError as error:
            if isinstance(error, PermissionDenied):
                raise
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, "Đã lưu thông tin ban hành kế hoạch.")
            return redirect("plans:overview", pk=plan.pk)
    status = 422 if form.errors else 200
    return render(request, "plans/decision.html", {"plan": plan, "form": form}, status=status)


def _download(data: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@plan_staff
def export_docx(request, pk: int):
    plan = selectors.plan_for(request.user, pk)
    selectors.require_manager(request.user, plan)
    return _download(
        exports.plan_docx(plan), exports.DOCX_CONTENT_TYPE, f"ke-hoach-{plan.year}-{plan.pk}.docx"
    )


@plan_staff
def export_xlsx(request, pk: int):
    plan = selectors.plan_for(request.user, pk)
    selectors.require_manager(request.user, plan)
    return _download(
        exports.plan_xlsx(plan), exports.XLSX_CONTENT_TYPE, f"ke-hoach-{plan.year}-{plan.pk}.xlsx"
    )


@plan_staff
def export_progress(request, pk: int):
    plan = selectors.plan_for(request.user, pk)
    selectors.require_manager(request.user, plan)
    return _download(
        exports.progress_xlsx(plan, today=_today()),
        exports.XLSX_CONTENT_TYPE,
        f"tien-do-ke-hoach-{plan.year}-{plan.pk}.xlsx",
    )


# --- tasks ------------------------------------------------------------------------------------------------


@plan_staff
def my_tasks(request):
    agencies = list(selectors.agencies_for_my_tasks(request.user))
    wanted = request.GET.get("agency", "")
    if wanted.isdigit():
        chosen = next((a for a in agencies if a.pk == int(wanted)), None)
    elif wanted == "all":
        chosen = None
    else:  # the user's own agency first: the office's officer reaches every agency but works for the office
        own = set(request.user.memberships.values_list("agency_id", flat=True))
        chosen = next((a for a in agencies if a.pk in own), None)
    tasks = selectors.my_tasks(request.user, agency=chosen)
    today = _today()
    for task in tasks:
        for occurrence in task.occurrences.all():
            occurrence.state = selectors.occurrence_state(occurrence, today=today)
    context = {
        "tasks": tasks,
        "agencies": agencies,
        "chosen": chosen,
        "state_labels": selectors.STATE_LABELS,
    }
    return render(request, "plans/my_tasks.html", context)


def _task_context(request, task, *, progress_form=None, note_form=None, report_occurrence=None):
    today = _today()
    occurrences = list(task.occurrences.all())
    for occurrence in occurrences:
        occurrence.state = selectors.occurrence_state(occurrence, today=today)
    reporting = selectors.reporting_agencies(request.user, task)
    noting = selectors.noting_agencies(request.user, task)
    reports = selectors.reports_of_task(task)
    for item in reports:
        item.link_items = [_link_item(link) for link in item.links]
    return {
        "task": task,
        "plan": task.plan,
        "occurrences": occurrences,
        "reports": reports,
        "may_see_evidence": selectors.may_see_evidence(request.user, task),
        "notes": list(task.notes.select_related("agency", "written_by")),
        "history": selectors.task_history(task),
        "derived_tasks": list(task.derived_tasks.select_related("plan__agency")),
        "lead_agencies": list(task.lead_agencies.all()),
        "partner_agencies": list(task.partner_agencies.all()),
        "progress_form": progress_form or (ProgressForm(agencies=reporting) if reporting else None),
        "note_form": note_form or (NoteForm(agencies=noting) if noting else None),
        # The first period not yet done is the one usually reported on.
        "report_occurrence": report_occurrence
        or next(
            (o.pk for o in occurrences if o.status != Status.DONE), occurrences[0].pk if occurrences else None
        ),
        "state_labels": selectors.STATE_LABELS,
        "statuses": Status.choices,
    }


LINK_PAGES = {
    "procedure": "catalog:staff-detail",
    "dossier": "dossiers:detail",
    "feedback": "feedback:detail",
}


def _link_item(link: dict) -> dict:
    """A report's link as the task page shows it: the record's page (it checks who may open it)."""
    kind, ref = link.get("kind", ""), link.get("ref", "")
    url = ref if kind == "url" else reverse(LINK_PAGES[kind], args=[ref]) if kind in LINK_PAGES else ""
    return {"label": services.LINK_KINDS.get(kind, kind), "ref": ref, "url": url, "external": kind == "url"}


@plan_staff
def task_detail(request, pk: int):
    task = selectors.task_for(request.user, pk)
    return render(request, "plans/task.html", _task_context(request, task))


@plan_staff
@require_POST
def report(request, pk: int):
    task = selectors.task_for(request.user, pk)
    agencies = selectors.reporting_agencies(request.user, task)
    if not agencies:
        raise HttpForbidden("Chỉ cơ quan chủ trì nhiệm vụ này được báo cáo tiến độ.")
    wanted = request.POST.get("occurrence", "")
    occurrence = task.occurrences.filter(pk=int(wanted)).first() if wanted.isdigit() else None
    form = ProgressForm(request.POST, agencies=agencies)
    if occurrence is None:
        form.add_error(None, "Hãy chọn kỳ báo cáo của nhiệm vụ này.")
    elif form.is_valid():
        occurrence.task = task
        try:
            services.report_progress(
                occurrence=occurrence,
                user=request.user,
                now=_now(),
                agency=form.cleaned_data["agency"],
                status=form.cleaned_data["status"],
                percent=form.cleaned_data["percent"],
                note=form.cleaned_data["note"],
                links=form.links(),
                files=request.FILES.getlist("evidence"),
            )
        except DomainError as error:
            if isinstance(error, PermissionDenied):
                raise
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, f"Đã ghi báo cáo tiến độ kỳ {occurrence.label}.")
            return redirect("plans:task", pk=task.pk)
    context = _task_context(
        request, task, progress_form=form, report_occurrence=occurrence.pk if occurrence else None
    )
    return render(request, "plans/task.html", context, status=422)


@plan_staff
@require_POST
def note(request, pk: int):
    task = selectors.task_for(request.user, pk)
    agencies = selectors.noting_agencies(request.user, task)
    if not agencies:
        raise HttpForbidden("Chỉ cơ quan chủ trì hoặc phối hợp được ghi ý kiến.")
    form = NoteForm(request.POST, agencies=agencies)
    if form.is_valid():
        try:
            services.add_partner_note(
                task=task,
                user=request.user,
                now=_now(),
                text=form.cleaned_data["text"],
                agency=form.cleaned_data["agency"],
            )
        except DomainError as error:
            if isinstance(error, PermissionDenied):
                raise
            form.add_error(None, error.message)
        else:
            messages.success(request, "Đã ghi ý kiến phối hợp.")
            return redirect("plans:task", pk=task.pk)
    return render(request, "plans/task.html", _task_context(request, task, note_form=form), status=422)


@plan_staff
def evidence(request, pk: int):
    item = selectors.evidence_for(request.user, pk)
    return FileResponse(
        item.file.open("rb"), as_attachment=True, filename=item.name, content_type=item.content_type
    )
