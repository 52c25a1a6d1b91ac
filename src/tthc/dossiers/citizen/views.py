"""The citizen's pages (no login): online submission, lookup by code plus a second factor, rating.

What a citizen sees of a dossier is built in :mod:`tthc.dossiers.citizen.presenting` from what the applicant
is told anyway (receipt, forms 02–04, the result); internal notes and the staff's names never appear.
"""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core import signing
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods, require_POST

from tthc.catalog.models import Channel, OnlineLevel
from tthc.catalog.selectors import search_versions
from tthc.core.errors import DomainError, NotFound
from tthc.dossiers import selectors, services
from tthc.dossiers.citizen import guard, presenting
from tthc.dossiers.citizen.forms import LookupForm, ProcedureSearchForm, RatingForm, SubmissionForm
from tthc.dossiers.models import Dossier
from tthc.dossiers.uploads import max_upload_bytes

LOOKUP_MARKER = "dossiers.citizen.lookup"
SUBMITTED_MARKER = "dossiers.citizen.submitted"
_MARKER_SALT = "tthc.dossiers.citizen.marker"
# How long the result page (and its rating form) stays open after a successful lookup.
MARKER_AGE = datetime.timedelta(hours=1)
PAGE_SIZE = 20
ONLINE_LEVELS = (OnlineLevel.PARTLY, OnlineLevel.FULLY)


# --- session markers: which dossier this browser has just opened -------------------------------------------


def _mark(request, key: str, dossier: Dossier) -> None:
    request.session[key] = signing.dumps({"id": dossier.pk, "code": dossier.code}, salt=_MARKER_SALT)


def _marked(request, key: str) -> Dossier | None:
    token = request.session.get(key)
    if not token:
        return None
    try:
        data = signing.loads(token, salt=_MARKER_SALT, max_age=MARKER_AGE)
    except signing.BadSignature:
        request.session.pop(key, None)
        return None
    return (
        Dossier.objects.select_related(
            "applicant", "version", "procedure", "receiving_desk", "competent_agency"
        )
        .filter(pk=data.get("id"), code=data.get("code"))
        .first()
    )


def _status(request, status: int) -> int:
    """htmx swaps only 2xx answers: a refusal sent to htmx goes as 200 so the page shows it (its text says it
    is a refusal); without JavaScript the page gets the real status."""
    return 200 if getattr(request, "htmx", False) else status


def _too_many(request, what: str) -> HttpResponse:
    return render(request, "dossiers/citizen/too_many.html", {"what": what}, status=_status(request, 429))


# --- lookup ------------------------------------------------------------------------------------------------


@never_cache
@require_http_methods(["GET", "POST"])
def lookup(request):
    """The lookup form; a POST with the code and the second factor opens the result page."""
    if request.method == "GET":
        return render(request, "dossiers/citizen/lookup.html", {"form": LookupForm()})
    if not guard.within_limit(request, "lookup", guard.LOOKUP_LIMIT):
        return _too_many(request, "tra cứu hồ sơ")
    form = LookupForm(request.POST)
    if form.is_valid():
        try:
            dossier = selectors.public_lookup(
                code=form.cleaned_data["code"], second_factor=form.cleaned_data["factor"]
            )
        except NotFound as error:
            form.add_error(None, error.message)
        else:
            request.session.cycle_key()
            _mark(request, LOOKUP_MARKER, dossier)
            return redirect("dossiers-public:result")
    return render(request, "dossiers/citizen/lookup.html", {"form": form}, status=200)


@never_cache
def result(request):
    """The dossier this browser has just looked up (from the signed session marker), nothing else."""
    dossier = _marked(request, LOOKUP_MARKER)
    if dossier is None:
        messages.info(request, "Nhập mã hồ sơ và mã tra cứu (hoặc số điện thoại) để xem tình trạng hồ sơ.")
        return redirect("dossiers-public:lookup")
    view = presenting.citizen_view(dossier, now=timezone.now())
    form = RatingForm() if view.can_rate else None
    return render(request, "dossiers/citizen/result.html", {"view": view, "rating_form": form})


@never_cache
@require_POST
def rate(request):
    """The satisfaction rating, only for the dossier looked up in this session and only after the return."""
    dossier = _marked(request, LOOKUP_MARKER)
    if dossier is None:
        messages.error(request, "Phiên tra cứu đã hết hạn; vui lòng tra cứu lại hồ sơ trước khi đánh giá.")
        return redirect("dossiers-public:lookup")
    if not guard.within_limit(request, "rate", guard.RATE_LIMIT):
        return _too_many(request, "đánh giá")
    form = RatingForm(request.POST)
    if form.is_valid():
        try:
            services.rate(
                dossier=dossier,
                score=form.cleaned_data["score"],
                comment=form.cleaned_data["comment"],
                now=timezone.now(),
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "Cảm ơn ông/bà đã đánh giá mức độ hài lòng.")
            return redirect("dossiers-public:result")
    view = presenting.citizen_view(dossier, now=timezone.now())
    return render(request, "dossiers/citizen/result.html", {"view": view, "rating_form": form}, status=422)


# --- online submission -------------------------------------------------------------------------------------


def online_versions(*, query: str, on: datetime.date):
    """Procedure versions in force offering online submission (partly or fully online, with an online
    channel), folded search on code and name as the portal searches."""
    return (
        search_versions(query=query, on=on)
        .filter(online_level__in=ONLINE_LEVELS, channels__channel=Channel.ONLINE)
        .distinct()
    )


def choose(request):
    """The procedures that can be submitted online, with a search box (typing without diacritics works)."""
    form = ProcedureSearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    versions = online_versions(query=query, on=timezone.localdate())
    page = Paginator(versions, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "query": query}
    if request.htmx and not request.htmx.history_restore_request:
        return render(request, "dossiers/citizen/_choose_results.html", context)
    return render(request, "dossiers/citizen/choose.html", context)


def _not_offered(request, message: str) -> HttpResponse:
    return render(request, "dossiers/citizen/not_offered.html", {"message": message}, status=404)


def _online_version(procedure_code: str):
    version = services.procedure_in_force(procedure_code, on=timezone.localdate())
    if (
        version.online_level not in ONLINE_LEVELS
        or not version.channels.filter(channel=Channel.ONLINE).exists()
    ):
        raise DomainError(
            f"Thủ tục «{version.name[:120]}» chưa cung cấp dịch vụ công trực tuyến; "
            "hãy nộp trực tiếp tại bộ phận một cửa hoặc qua bưu chính.",
            code="not_online",
        )
    return version


def _request_cap(version) -> int:
    """The largest request body the submission accepts: every document at the size limit, plus the fields."""
    return max_upload_bytes() * max(version.documents.count(), 1) + 1024 * 1024


@csrf_exempt
def submit(request, procedure_code: str):
    """Online submission. The CSRF check runs in :func:`_submit`, after the size guard is installed: the
    CSRF middleware would otherwise parse (and store) the whole upload before the view could refuse it."""
    try:
        version = _online_version(procedure_code)
    except DomainError as error:
        return _not_offered(request, error.message)
    limit = max_upload_bytes()
    if request.method == "POST":
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > _request_cap(version):
            response = render(
                request,
                "dossiers/citizen/too_large.html",
                {"version": version, "size_mb": length / 1048576, "limit_mb": limit / 1048576},
                status=_status(request, 413),
            )
            response["Connection"] = "close"
            return response
        handler = guard.SizeLimitHandler(request, limit=limit)
        request.upload_handlers.insert(0, handler)
        request.size_guard = handler
    return _submit(request, version)


@csrf_protect
@never_cache
def _submit(request, version):
    now = timezone.now()
    candidates = services.competent_candidates(version)
    if request.method != "POST":
        form = SubmissionForm(version=version, candidates=candidates, now=now)
        return render(request, "dossiers/citizen/submit.html", {"form": form, "version": version})
    if not guard.within_limit(request, "submit", guard.SUBMIT_LIMIT):
        return _too_many(request, "nộp hồ sơ trực tuyến")
    form = SubmissionForm(
        request.POST,
        request.FILES,
        version=version,
        candidates=candidates,
        now=now,
        too_big=getattr(request, "size_guard", None) and request.size_guard.too_big,
    )
    if form.is_valid():
        identifier = form.cleaned_data["identifier"].strip()
        try:
            dossier = services.submit_online(
                intake=form.intake(), now=now, idempotency_key=f"web-{form.nonce}"
            )
        except DomainError as error:
            field = error.field if error.field in form.fields else None
            form.add_error(field, error.message)
        else:
            if dossier.applicant.identifier != identifier:
                # A replayed form token of someone else's submission: give nothing of theirs away.
                form.add_error(None, "Biểu mẫu đã được dùng; vui lòng tải lại trang và nộp lại.")
            else:
                request.session.cycle_key()
                _mark(request, SUBMITTED_MARKER, dossier)
                _mark(request, LOOKUP_MARKER, dossier)
                target = reverse("dossiers-public:submitted")
                if request.htmx:
                    response = HttpResponse(status=204)
                    response["HX-Redirect"] = target
                    return response
                return redirect(target)
    status = _status(request, 400 if form.spam else 422)
    return render(request, "dossiers/citizen/submit.html", {"form": form, "version": version}, status=status)


@never_cache
def submitted(request):
    """The confirmation: the dossier code and the lookup key, shown once to the browser that submitted."""
    dossier = _marked(request, SUBMITTED_MARKER)
    if dossier is None:
        return redirect("dossiers-public:lookup")
    return render(request, "dossiers/citizen/submitted.html", {"dossier": dossier})
