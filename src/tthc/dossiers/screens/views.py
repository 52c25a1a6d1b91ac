"""The staff screens of the one-stop dossiers, under /staff/dossiers/ (namespace ``dossiers``).

Desk officer: the desk's queue, intake (form 01/02/03), returns, the register. Specialist and approver: the
inbox and the dossier page with only the allowed actions. Control officers: the internal processes.

Thin: every read goes through :mod:`tthc.dossiers.selectors` (``visible_dossiers`` and the lists built on the
scoping module), every write through :mod:`tthc.dossiers.services`, :mod:`tthc.dossiers.workflow` or
:mod:`tthc.dossiers.processes`; a :class:`DomainError` is shown with its Vietnamese message.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from tthc.catalog.models import Channel, Procedure
from tthc.catalog.selectors import search_versions, version_in_force
from tthc.core.errors import DomainError, NotFound, PermissionDenied
from tthc.dossiers import deadlines, documentstore, processes, selectors, services, workflow
from tthc.dossiers.citizen.guard import SizeLimitHandler
from tthc.dossiers.models import (
    Applicant,
    Consultation,
    Dossier,
    DossierDocument,
    DossierStep,
    Payment,
    Status,
    StoredFile,
)
from tthc.dossiers.screens.forms import (
    DESK_CHANNELS,
    ActionForm,
    InboxFilterForm,
    IntakeForm,
    PaymentForm,
    ProcedureSearchForm,
    ProcessForm,
    StepFormSet,
)
from tthc.dossiers.uploads import max_upload_bytes
from tthc.organisation.models import Agency, Membership
from tthc.organisation.scoping import ROLES_GRANTING, Permission, can, can_anywhere, require_in_scope

PAGE_SIZE = 25
REGISTER_PAGE_SIZE = 50
SEARCH_LIMIT = 20
STORED_LIMIT = 50
# Labels of the events that are not transitions of the table (intake, payment, rating).
EVENT_LABELS = {
    "receive": "Tiếp nhận hồ sơ",
    "submit_online": "Nộp hồ sơ trực tuyến",
    "guide": "Hướng dẫn bổ sung hồ sơ",
    "refuse_intake": "Từ chối tiếp nhận",
    "pay": "Thu phí, lệ phí",
    "rate": "Đánh giá mức độ hài lòng",
}
DANGER_ACTIONS = frozenset({"refuse_intake", "refuse", "withdraw", "stop"})
DESK_GROUPS = [
    (Status.SUBMITTED, "Hồ sơ nộp trực tuyến chờ tiếp nhận", "Tiếp nhận, hướng dẫn bổ sung hoặc từ chối."),
    (
        Status.RECEIVED,
        "Hồ sơ đã tiếp nhận, chờ chuyển",
        "Chuyển cơ quan giải quyết trong ngày (sau 15:00: sáng hôm sau).",
    ),
    (Status.AWAITING_SUPPLEMENT, "Hồ sơ chờ bổ sung", "Nhận hồ sơ bổ sung khi công dân nộp đủ."),
    (Status.RESULT_READY, "Kết quả chờ trả", "Trả kết quả cho công dân."),
]


def _render(request, template: str, context: dict, *, status: int = 200):
    """``render`` with what the dossiers' menu shows (scoping caches the reach: no query per permission)."""
    user = request.user
    nav = {
        "desk": can_anywhere(user, permission=Permission.RECEIVE_DOSSIERS),
        "control": can_anywhere(user, permission=Permission.MANAGE_CATALOG),
    }
    return render(request, template, {**context, "nav": nav}, status=status)


def refuse(request, message: str, *, status: int = 403):
    return _render(request, "dossiers/screens/refused.html", {"message": message}, status=status)


def _dossier_or_404(user, code: str) -> Dossier:
    try:
        return selectors.dossier_for(user, code=code)
    except NotFound as exc:
        raise Http404(exc.message) from exc


def desks_of(user) -> list[Agency]:
    """The desks where ``user`` receives dossiers (their own desk-officer roles, valid today)."""
    if user.is_superuser:
        return list(
            Agency.objects.filter(kind__in=[Agency.Kind.SERVICE_CENTRE, Agency.Kind.ONE_STOP_DESK]).order_by(
                "name"
            )
        )
    agency_ids = (
        Membership.objects.valid_on(timezone.localdate())
        .filter(user=user, role__in=ROLES_GRANTING[Permission.RECEIVE_DOSSIERS])
        .values("agency_id")
    )
    return list(Agency.objects.filter(pk__in=agency_ids).order_by("name"))


def _safe_next(request, target: str) -> str | None:
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return None


# --- the desk ----------------------------------------------------------------------------------------------


@login_required
def desk(request):
    """The desk's queue: online submissions to accept, dossiers to forward, supplements, results to return."""
    if not can_anywhere(request.user, permission=Permission.RECEIVE_DOSSIERS):
        return refuse(request, "Chỉ cán bộ bộ phận một cửa xem được hàng chờ của bộ phận tiếp nhận.")
    now = timezone.now()
    rows = list(selectors.desk_queue(request.user)[:500])
    groups = [
        {
            "status": status,
            "title": title,
            "hint": hint,
            "rows": [_row(d, now) for d in rows if d.status == status],
        }
        for status, title, hint in DESK_GROUPS
    ]
    return _render(request, "dossiers/screens/desk.html", {"groups": groups, "now": now})


@csrf_exempt
@login_required
@vary_on_headers("HX-Request")
@require_http_methods(["GET", "POST"])
def intake(request):
    """Intake at the desk: find the procedure (folded search, htmx), then the checklist form.

    The CSRF check runs in :func:`_intake`, after the upload size guard is installed: the CSRF middleware
    would otherwise read (and store) a whole oversized upload before the view could refuse it."""
    if request.method == "POST":
        handler = SizeLimitHandler(request, limit=max_upload_bytes())
        request.upload_handlers.insert(0, handler)
        request.size_guard = handler
    return _intake(request)


@csrf_protect
def _intake(request):
    user = request.user
    desks = desks_of(user)
    if not desks:
        return refuse(request, "Chỉ cán bộ bộ phận một cửa được tiếp nhận hồ sơ.")
    today = timezone.localdate()
    code = request.GET.get("procedure") or request.POST.get("procedure") or ""
    if not code:
        search = ProcedureSearchForm(request.GET or None)
        query = search.cleaned_data["q"] if search.is_valid() else ""
        versions = (
            search_versions(query=query, on=today).filter(channels__channel__in=DESK_CHANNELS).distinct()
            if query
            else []
        )
        context = {
            "search": search,
            "query": query,
            "versions": list(versions[:SEARCH_LIMIT]) if query else [],
        }
        if request.htmx and not request.htmx.history_restore_request:
            return _render(request, "dossiers/screens/_procedure_results.html", context)
        return _render(request, "dossiers/screens/intake_search.html", context)

    procedure = Procedure.objects.filter(code=code.strip()[:40]).first()
    version = version_in_force(procedure, on=today) if procedure else None
    if version is None:
        return refuse(request, f"Không có thủ tục mã «{code[:40]}» đang có hiệu lực.", status=404)
    candidates = services.competent_candidates(version)
    if request.method == "GET":
        form = IntakeForm(version=version, candidates=candidates, desks=desks)
        return _intake_page(request, form, version)
    form = IntakeForm(
        request.POST,
        request.FILES,
        version=version,
        candidates=candidates,
        desks=desks,
        too_big=request.size_guard.too_big,
    )
    if form.is_valid():
        data = form.cleaned_data
        try:
            dossier = services.receive(
                intake=form.intake(),
                desk=form.chosen_desk(),
                user=user,
                now=timezone.now(),
                outcome=data["outcome"],
                missing=form.missing_items,
                reason=data.get("reason", ""),
                idempotency_key=f"desk-{data['idempotency_key']}",
            )
        except DomainError as error:
            field = INTAKE_FIELDS.get(error.field, error.field)
            form.add_error(field if field in form.fields else None, error.message)
        else:
            messages.success(request, _intake_message(dossier))
            return redirect("dossiers:detail", code=dossier.code)
    return _intake_page(request, form, version, status=422)


# The service's field names, as the intake form calls them.
INTAKE_FIELDS = {
    "competent_agency_id": "competent_agency",
    "payment.receipt_number": "receipt_number",
    "payment.method": "payment_method",
    "payment.amount": "fee",
}


def _intake_message(dossier: Dossier) -> str:
    if dossier.status == Status.RECEIVED:
        due = timezone.localtime(dossier.due_at).strftime("%H:%M %d/%m/%Y") if dossier.due_at else "—"
        return (
            f"Đã tiếp nhận hồ sơ {dossier.code}; hẹn trả kết quả {due}. "
            "In giấy tiếp nhận (mẫu 01) cho người nộp."
        )
    if dossier.status == Status.GUIDED:
        return f"Đã lập phiếu hướng dẫn bổ sung hồ sơ (mẫu 02), số {dossier.code}."
    return f"Đã lập phiếu từ chối tiếp nhận hồ sơ (mẫu 03), số {dossier.code}."


def _stored_files(user, identifier: str, kind: str = "") -> tuple[Applicant | None, list[StoredFile]]:
    """The applicant and the files of theirs the user's desks received (see :mod:`documentstore`)."""
    applicant = documentstore.known_applicant(user, identifier=identifier, kind=kind)
    if applicant is None:
        return None, []
    return applicant, list(documentstore.reusable_files(user, applicant)[:STORED_LIMIT])


def _intake_page(request, form: IntakeForm, version, *, status: int = 200):
    applicant, stored = (None, [])
    if form.is_bound:
        applicant, stored = _stored_files(
            request.user, form.data.get("identifier", ""), form.data.get("kind", "")
        )
    context = {"form": form, "version": version, "applicant": applicant, "stored": stored}
    return _render(request, "dossiers/screens/intake.html", context, status=status)


@login_required
def intake_stored(request):
    """htmx: the applicant's document store by ID number, as a choice beside each checklist entry."""
    if not can_anywhere(request.user, permission=Permission.RECEIVE_DOSSIERS):
        return refuse(request, "Chỉ cán bộ bộ phận một cửa tra được kho dữ liệu của người nộp.")
    procedure = Procedure.objects.filter(code=(request.GET.get("procedure") or "")[:40]).first()
    version = version_in_force(procedure, on=timezone.localdate()) if procedure else None
    applicant, stored = _stored_files(
        request.user, request.GET.get("identifier", ""), request.GET.get("kind", "")
    )
    context = {
        "applicant": applicant,
        "stored": stored,
        "documents": list(version.documents.all()) if version else [],
        "identifier": (request.GET.get("identifier") or "")[:20],
    }
    return _render(request, "dossiers/screens/_stored_lookup.html", context)


@login_required
def returns(request):
    """Results ready to return at the user's desks, each with the return form."""
    if not can_anywhere(request.user, permission=Permission.RECEIVE_DOSSIERS):
        return refuse(request, "Chỉ cán bộ bộ phận một cửa trả kết quả hồ sơ.")
    now = timezone.now()
    dossiers = selectors.desk_queue(request.user).filter(status=Status.RESULT_READY)
    page = Paginator(dossiers, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "rows": [_row(d, now) for d in page], "methods": Channel.choices, "query": ""}
    return _render(request, "dossiers/screens/returns.html", context)


@login_required
def register(request):
    """Form 06: the register of the desk for a year, with the printable register per desk."""
    if not can_anywhere(request.user, permission=Permission.RECEIVE_DOSSIERS):
        return refuse(request, "Chỉ cán bộ bộ phận một cửa xem được sổ theo dõi hồ sơ.")
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year") or today.year)
    except ValueError:
        year = today.year
    year = min(max(year, 2000), today.year + 1)
    page = Paginator(selectors.register(request.user, year=year), REGISTER_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    now = timezone.now()
    context = {
        "year": year,
        "years": list(range(today.year, today.year - 6, -1)),
        "page": page,
        "rows": [_row(d, now) for d in page],
        "desks": desks_of(request.user),
        "query": f"year={year}",
    }
    return _render(request, "dossiers/screens/register.html", context)


# --- specialist and approver -------------------------------------------------------------------------------


def _row(dossier: Dossier, now) -> dict:
    """What a list shows of one dossier: its standing against the due date, computed without queries."""
    outcome = selectors.outcome_of(dossier, at=now)
    return {
        "dossier": dossier,
        "outcome": outcome,
        "outcome_label": deadlines.OUTCOME_LABELS[outcome],
        "late": outcome in (deadlines.IN_PROGRESS_LATE, deadlines.LATE),
        "due_soon": selectors.due_soon(dossier, now=now),
    }


@login_required
@vary_on_headers("HX-Request")
def inbox(request):
    """Dossiers waiting for the user's agency, soonest due first; overdue and due-soon marked."""
    user = request.user
    now = timezone.now()
    form = InboxFilterForm(request.GET or None)
    filters = form.filters()
    scope = filters.pop("scope")
    if scope == "all":
        dossiers = (
            selectors.visible_dossiers(user).select_related(*selectors.LIST_RELATED).order_by("due_at", "id")
        )
    else:
        dossiers = selectors.inbox(user, now=now)
        if scope == "mine":
            dossiers = dossiers.filter(assignee=user)
    dossiers = selectors.filtered(dossiers, now=now, **filters)
    page = Paginator(dossiers, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "rows": [_row(d, now) for d in page],
        "query": query.urlencode(),
        "is_processor": can_anywhere(user, permission=Permission.PROCESS_DOSSIERS),
    }
    if request.htmx and not request.htmx.history_restore_request:
        return _render(request, "dossiers/screens/_inbox_results.html", context)
    return _render(request, "dossiers/screens/inbox.html", context)


def _detail_context(
    request,
    dossier: Dossier,
    *,
    failed: ActionForm | None = None,
    error: str = "",
    payment_form: PaymentForm | None = None,
) -> dict:
    user = request.user
    now = timezone.now()
    dossier = (
        Dossier.objects.select_related(*selectors.LIST_RELATED, "procedure", "received_by")
        .prefetch_related(
            Prefetch("steps", queryset=DossierStep.objects.select_related("agency")),
            Prefetch("documents", queryset=DossierDocument.objects.select_related("stored_file")),
            Prefetch("consultations", queryset=Consultation.objects.select_related("agency")),
            Prefetch("payments", queryset=Payment.objects.order_by("paid_at")),
        )
        .get(pk=dossier.pk)
    )
    steps = []
    for step in dossier.steps.all():
        if step.finished_at is not None:
            late = step.finished_at > step.due_at
        else:
            late = dossier.status in workflow.ACTIVE and not dossier.is_paused and now > step.due_at
        steps.append({"step": step, "late": late, "current": step.position == dossier.current_step})
    consultations = []
    for consultation in dossier.consultations.all():
        answered = consultation.answered_at
        late = answered > consultation.due_at if answered else now > consultation.due_at
        consultations.append({"c": consultation, "late": late})
    actions = workflow.allowed_actions(dossier, user, now=now)
    names = {a.action for a in actions}
    assignees = _assignees(dossier) if "assign" in names else []
    consult_agencies = (
        list(Agency.objects.exclude(pk=dossier.competent_agency_id).order_by("name"))
        if "request_consultation" in names
        else []
    )
    open_consultations = [
        item["c"]
        for item in consultations
        if item["c"].answered_at is None
        and can(user, item["c"].agency, permission=Permission.PROCESS_DOSSIERS)
    ]
    outcome = selectors.outcome_of(dossier, at=now)
    events = list(selectors.timeline(dossier))
    return {
        "dossier": dossier,
        "now": now,
        "outcome": outcome,
        "outcome_label": deadlines.OUTCOME_LABELS[outcome],
        "late": outcome in (deadlines.IN_PROGRESS_LATE, deadlines.LATE),
        "due_soon": selectors.due_soon(dossier, now=now),
        "steps": steps,
        "events": [_event_row(e) for e in events],
        "has_guidance": dossier.status == Status.GUIDED
        or any(e.action == "request_supplement" for e in events),
        "has_refusal": dossier.status in (Status.REFUSED_AT_INTAKE, Status.REFUSED),
        "danger_actions": DANGER_ACTIONS,
        "documents": list(dossier.documents.all()),
        "consultations": consultations,
        "payments": list(dossier.payments.all()),
        "actions": actions,
        "assignees": assignees,
        "consult_agencies": consult_agencies,
        "open_consultations": open_consultations,
        "return_methods": [("in_person", "Trực tiếp"), ("online", "Trực tuyến"), ("postal", "Qua bưu chính")],
        "failed": failed,
        "error": error,
        "may_take_payment": dossier.status in services.PAYABLE
        and can(user, dossier.receiving_desk, permission=Permission.RECEIVE_DOSSIERS),
        "payment_form": payment_form or PaymentForm(initial={"method": Payment.Method.TRANSFER}),
    }


def _event_row(event) -> dict:
    transition = workflow.TRANSITIONS.get(event.action)
    label = transition.label if transition and event.action not in ("guide", "refuse_intake") else None
    missing = event.data.get("missing") if isinstance(event.data, dict) else None
    return {
        "event": event,
        "label": label or EVENT_LABELS.get(event.action, event.action),
        "status_label": Status(event.to_status).label
        if event.to_status in Status.values and event.to_status != event.from_status
        else "",
        "missing": [str(m) for m in missing] if isinstance(missing, list) else [],
    }


def _assignees(dossier: Dossier) -> list:
    """Specialists and approvers who may process the dossier at its competent agency (or above it)."""
    agency = dossier.competent_agency
    ancestor_ids = [int(part) for part in agency.path.strip("/").split("/") if part.isdigit()]
    memberships = (
        Membership.objects.valid_on(timezone.localdate())
        .filter(role__in=ROLES_GRANTING[Permission.PROCESS_DOSSIERS], agency_id__in=ancestor_ids)
        .select_related("user", "agency")
        .order_by("user__full_name", "user__username")
    )
    seen, users = set(), []
    for membership in memberships:
        if membership.user_id not in seen:
            seen.add(membership.user_id)
            users.append(membership.user)
    return users


@login_required
def detail(request, code: str):
    dossier = _dossier_or_404(request.user, code)
    return _render(request, "dossiers/screens/detail.html", _detail_context(request, dossier))


@login_required
@require_POST
def act(request, code: str):
    """Take one action on the dossier through :func:`workflow.perform`; a refusal is shown on the page."""
    dossier = _dossier_or_404(request.user, code)
    form = ActionForm(request.POST)
    error = ""
    status = 422
    if form.is_valid():
        action = form.cleaned_data["action"]
        try:
            payload = form.payload()
            workflow.perform(
                dossier=dossier,
                action=action,
                user=request.user,
                now=timezone.now(),
                reason=form.cleaned_data.get("reason", ""),
                **payload,
            )
        except DomainError as exc:
            error, status = exc.message, exc.status
        else:
            label = workflow.TRANSITIONS[action].label
            messages.success(request, f"Đã thực hiện «{label}» cho hồ sơ {dossier.code}.")
            return redirect(
                _safe_next(request, form.cleaned_data.get("next", ""))
                or reverse("dossiers:detail", kwargs={"code": dossier.code})
            )
    else:
        error = " ".join(str(e) for errors in form.errors.values() for e in errors)
    context = _detail_context(request, dossier, failed=form, error=error)
    return _render(request, "dossiers/screens/detail.html", context, status=status)


@login_required
@require_POST
def pay(request, code: str):
    """Record a fee paid after intake through :func:`services.record_payment` (the receiving desk only)."""
    dossier = _dossier_or_404(request.user, code)
    form = PaymentForm(request.POST)
    error, status = "", 422
    if form.is_valid():
        try:
            paid = services.record_payment(
                dossier=dossier, payment=form.payment(), user=request.user, now=timezone.now()
            )
        except DomainError as exc:
            error, status = exc.message, exc.status
        else:
            amount = f"{paid.amount:,}".replace(",", ".")
            messages.success(
                request, f"Đã ghi nhận khoản thu {amount} đồng, biên lai số {paid.receipt_number}."
            )
            return redirect("dossiers:detail", code=dossier.code)
    else:
        error = " ".join(str(e) for errors in form.errors.values() for e in errors)
    context = _detail_context(request, dossier, error=error, payment_form=form)
    return _render(request, "dossiers/screens/detail.html", context, status=status)


@login_required
def document(request, code: str, pk: int):
    """The stored file of one document of the dossier, only to users who may see the dossier."""
    dossier = _dossier_or_404(request.user, code)
    entry = dossier.documents.select_related("stored_file").filter(pk=pk, stored_file__isnull=False).first()
    if entry is None:
        raise Http404("Hồ sơ không có tệp này.")
    stored = entry.stored_file
    response = FileResponse(
        stored.file.open("rb"),
        as_attachment=True,
        filename=stored.original_name,
        content_type=stored.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


# --- internal processes ------------------------------------------------------------------------------------


@login_required
def process_list(request):
    if not can_anywhere(request.user, permission=Permission.MANAGE_CATALOG):
        return refuse(request, "Chỉ cán bộ đầu mối kiểm soát TTHC cấu hình quy trình nội bộ.")
    search = ProcedureSearchForm(request.GET or None)
    query = search.cleaned_data["q"] if search.is_valid() else ""
    page = processes.process_page(
        request.user, query=query, on=timezone.localdate(), page=request.GET.get("page")
    )
    context = {"search": search, "page": page, "query": f"q={query}" if query else ""}
    return _render(request, "dossiers/screens/process_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def process_edit(request, procedure_code: str, agency_id: int):
    procedure = Procedure.objects.filter(code=procedure_code).first()
    version = version_in_force(procedure, on=timezone.localdate()) if procedure else None
    agency = Agency.objects.filter(pk=agency_id).first()
    if version is None or agency is None:
        raise Http404("Không có thủ tục hoặc cơ quan này.")
    try:
        require_in_scope(request.user, agency, permission=Permission.MANAGE_CATALOG)
    except PermissionDenied as exc:
        return refuse(request, exc.message)
    if agency.pk not in {a.pk for a in services.competent_candidates(version)}:
        raise Http404("Cơ quan này không giải quyết thủ tục.")
    process = processes.process_of(procedure_id=procedure.pk, agency=agency)
    agency_choices = [(a.pk, a.name) for a in Agency.objects.order_by("name")]
    errors: list[str] = []
    status = 200
    if request.method == "POST" and request.POST.get("reset"):
        processes.reset_process(version=version, agency=agency, user=request.user)
        messages.success(request, f"Đã trả thủ tục {procedure.code} tại {agency.name} về quy trình mặc định.")
        return redirect("dossiers:processes")
    if request.method == "POST":
        form = ProcessForm(request.POST)
        formset = StepFormSet(request.POST, prefix="steps", form_kwargs={"agency_choices": agency_choices})
        if form.is_valid() and formset.is_valid():
            steps = [
                f.step()
                for f in formset.forms
                if f.cleaned_data and not f.cleaned_data.get("DELETE") and not f.is_blank()
            ]
            try:
                processes.save_process(
                    version=version,
                    agency=agency,
                    steps=steps,
                    decision=form.cleaned_data.get("decision", ""),
                    approved_on=form.cleaned_data.get("approved_on"),
                    user=request.user,
                )
            except DomainError as exc:
                errors = [d["message"] for d in exc.details] or [exc.message]
            else:
                messages.success(
                    request, f"Đã lưu quy trình nội bộ của thủ tục {procedure.code} tại {agency.name}."
                )
                return redirect("dossiers:processes")
        status = 422
    else:
        steps = processes.steps_of(process)
        form = ProcessForm(
            initial={"decision": process.decision, "approved_on": process.approved_on} if process else None
        )
        formset = StepFormSet(
            prefix="steps",
            initial=[
                {
                    "name": s.name,
                    "kind": s.kind,
                    "agency": s.agency_id,
                    "role": s.role,
                    "share_percent": s.share_percent,
                }
                for s in steps
            ],
            form_kwargs={"agency_choices": agency_choices},
        )
    context = {
        "version": version,
        "agency": agency,
        "process": process,
        "form": form,
        "formset": formset,
        "errors": errors,
    }
    return _render(request, "dossiers/screens/process_edit.html", context, status=status)
