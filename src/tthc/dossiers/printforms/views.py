"""The printed forms as staff pages, PDF and DOCX files (GET only; printing records nothing)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from tthc.core.errors import DomainError, ValidationFailed
from tthc.dossiers import selectors
from tthc.dossiers.printforms import context as forms
from tthc.dossiers.printforms import render as output
from tthc.organisation.models import Agency
from tthc.organisation.scoping import Permission, require_in_scope

# WeasyPrint lays out about 100 register rows a second: a year of a busy centre is printed month by month.
# ``settings.TTHC_REGISTER_PDF_ROWS`` overrides the limit.
REGISTER_PDF_ROWS = 2000


def register_pdf_rows() -> int:
    return int(getattr(settings, "TTHC_REGISTER_PDF_ROWS", REGISTER_PDF_ROWS))


CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def _refused(request, error: DomainError):
    status = error.status if error.status in (403, 404, 422) else 404
    return render(
        request,
        "dossiers/printforms/not_available.html",
        {"message": error.message, "status": status},
        status=status,
    )


def _lookup_url(request) -> str:
    try:
        return request.build_absolute_uri(reverse("dossiers-public:lookup"))
    except NoReverseMatch:
        return ""


def _respond(request, context: dict, *, fmt: str, filename: str, links: dict):
    if fmt == "html":
        return HttpResponse(output.html(context, request=request, extra=links))
    body = output.pdf(context) if fmt == "pdf" else output.docx(context)
    response = HttpResponse(body, content_type=CONTENT_TYPES[fmt])
    disposition = "inline" if fmt == "pdf" else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}.{fmt}"'
    return response


@login_required
@require_GET
def dossier_form(request, code: str, number: str, fmt: str):
    """Forms 01–05 of one dossier the user may see."""
    if fmt not in forms.FORMATS:
        raise Http404("Định dạng phải là html, pdf hoặc docx.")
    try:
        dossier = selectors.dossier_for(request.user, code=code)
        context = forms.dossier_form(
            dossier, number=number, now=timezone.now(), lookup_url=_lookup_url(request)
        )
    except DomainError as error:
        return _refused(request, error)
    links = {
        f"{kind}_url": reverse("dossiers:form", kwargs={"code": dossier.code, "number": number, "fmt": kind})
        for kind in ("pdf", "docx")
    }
    return _respond(request, context, fmt=fmt, filename=f"mau-{number}-{dossier.code}", links=links)


@login_required
@require_GET
def register(request, desk_id: int, year: int, fmt: str):
    """Form 06: the register of a desk for a year (``?month=`` for one month), for its desk officers."""
    if fmt not in forms.FORMATS:
        raise Http404("Định dạng phải là html, pdf hoặc docx.")
    desk = Agency.objects.select_related("parent", "administrative_unit").filter(pk=desk_id).first()
    if desk is None:
        raise Http404("Không có bộ phận một cửa này.")
    month = request.GET.get("month", "")
    month = int(month) if month.isdigit() and 1 <= int(month) <= 12 else None
    try:
        require_in_scope(request.user, desk, permission=Permission.RECEIVE_DOSSIERS)
        context = forms.register(
            selectors.register(request.user, year=year), desk=desk, year=year, month=month, now=timezone.now()
        )
        limit = register_pdf_rows()
        if fmt == "pdf" and context["total"] > limit:
            raise ValidationFailed(
                f"Sổ {context['period'].lower()} có {context['total']} hồ sơ, quá {limit} dòng để in PDF "
                "một lần; hãy chọn từng tháng (hoặc tải DOCX).",
                field="month",
            )
    except DomainError as error:
        return _refused(request, error)
    query = f"?month={month}" if month else ""
    links = {
        f"{kind}_url": reverse(
            "dossiers:form-register", kwargs={"desk_id": desk.pk, "year": year, "fmt": kind}
        )
        + query
        for kind in ("pdf", "docx")
    }
    suffix = f"-{month:02d}" if month else ""
    return _respond(
        request, context, fmt=fmt, filename=f"so-theo-doi-{desk.code}-{year}{suffix}", links=links
    )
