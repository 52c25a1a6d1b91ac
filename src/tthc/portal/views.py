"""The public portal: searching the procedures in force and the printable sheet of one procedure.

Anonymous and read-only. What is shown is what ``selectors`` says is in force today; drafts never appear.
"""

from __future__ import annotations

from django.db.models import prefetch_related_objects
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.vary import vary_on_headers

from tthc.catalog import selectors
from tthc.catalog.forms import ProcedureFilterForm
from tthc.catalog.models import ChangeKind
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
