"""The public portal: searching the procedures in force, the printable sheet of one procedure, and the form
templates of its required documents.

Anonymous and read-only. What is shown is what ``selectors`` says is in force today; drafts never appear (a
draft's new form template downloads only for the staff who may read the draft).
"""

from __future__ import annotations

import os

from django.core.files.storage import default_storage
from django.db.models import prefetch_related_objects
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.vary import vary_on_headers

from tthc.catalog import selectors
from tthc.catalog.forms import ProcedureFilterForm
from tthc.catalog.models import ChangeKind
from tthc.catalog.records import TEMPLATE_DIR
from tthc.core.errors import NotFound

PAGE_SIZE = 25
# Everything the printable sheet shows, fetched in one query per relation.
SHEET_RELATIONS = ("fields", "levels", "agency_parts__agency", "channels", "documents", "legal_bases")


def home(request):
    context = {"form": ProcedureFilterForm(), "fields": selectors.fields()}
    return render(request, "portal/home.html", context)


@vary_on_headers("HX-Request")
def procedure_list(request):
    form = ProcedureFilterForm(request.GET or None)
    page = selectors.search_page(
        **form.filters(), on=timezone.localdate(), page=request.GET.get("page"), per_page=PAGE_SIZE
    )
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "query": query.urlencode()}
    if request.htmx and not request.htmx.history_restore_request:
        # Live search: only the results are swapped in.
        return render(request, "portal/_results.html", context)
    return render(request, "portal/procedure_list.html", context)


def _not_found(request, message: str):
    return render(request, "portal/not_found.html", {"message": message}, status=404)


def procedure_detail(request, code: str):
    today = timezone.localdate()
    try:
        procedure = selectors.procedure_by_code(code)
    except NotFound:
        return _not_found(request, f"Không có thủ tục hành chính mã {code}.")
    version = selectors.version_in_force(procedure, on=today)
    if version is None:
        published = [v for v in selectors.version_history(procedure) if not v.is_draft]
        if not published:
            return _not_found(request, f"Không có thủ tục hành chính mã {code}.")
        last = published[0]
        if last.change_kind == ChangeKind.ABOLISHED:
            decision = f" theo Quyết định số {last.decision.number}" if last.decision_id else ""
            return _not_found(request, f"Thủ tục mã {code} đã bị bãi bỏ{decision}.")
        if last.valid_from > today:
            return _not_found(
                request, f"Thủ tục mã {code} có hiệu lực từ ngày {last.valid_from.strftime('%d/%m/%Y')}."
            )
        return _not_found(request, f"Thủ tục mã {code} không còn hiệu lực.")
    prefetch_related_objects([version], *SHEET_RELATIONS)
    context = {"procedure": procedure, "version": version, "today": today}
    return render(request, "portal/procedure_detail.html", context)


# What a form template may be served as, by the extension given from its content when it was stored: never
# HTML or anything a browser would run.
TEMPLATE_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "jpg": "image/jpeg",
    "png": "image/png",
    "tif": "image/tiff",
}


def template_file(request, name: str):
    """Download the form template ``catalog/templates/<name>`` of a required document, as an attachment.

    Served by the application (under gunicorn as under runserver), from whatever storage is configured; only
    files that a published version names (or a draft the user may read), never the rest of the media.
    """
    stored = TEMPLATE_DIR + name
    try:
        selectors.template_document(stored, user=request.user)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    extension = os.path.splitext(stored)[1].lstrip(".").lower()
    if extension not in TEMPLATE_TYPES or not default_storage.exists(stored):
        raise Http404("Không tìm thấy tệp mẫu.")
    return FileResponse(
        default_storage.open(stored, "rb"),
        as_attachment=True,
        filename=os.path.basename(stored),
        content_type=TEMPLATE_TYPES[extension],
    )
