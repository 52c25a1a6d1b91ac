"""Staff screens of the working calendar. Thin: they read through selectors and write through services."""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as HttpForbidden
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from tthc.core.errors import DomainError, NotFound, PermissionDenied, ValidationFailed
from tthc.organisation.models import Agency
from tthc.organisation.scoping import Permission, can_anywhere
from tthc.workcalendar import selectors, services
from tthc.workcalendar.forms import HoursForm, ImportForm, OverrideForm
from tthc.workcalendar.periods import format_periods, parse_periods_text

YEARS = range(1990, 2101)
WEEKDAY_INITIALS = ["T2", "T3", "T4", "T5", "T6", "T7", "CN"]


@dataclass(frozen=True)
class GridDay:
    """One day of the year's month grid, as the screen shows it."""

    date: datetime.date
    kind: (
        str  # "holiday" (a day off beyond the weekend), "weekend", "worked" (a worked weekend/holiday) or ""
    )
    name: str = ""
    override: bool = False  # set by the province rather than computed from the law
    today: bool = False


def month_grids(
    year: int, *, days_off, worked, overridden: set[datetime.date], today: datetime.date
) -> list[dict]:
    """The twelve months of ``year`` as weeks of seven cells (None outside the month), Monday first.

    ``days_off`` and ``worked`` are the selectors' CalendarDay lists, ``overridden`` the dates the province
    set. Display only: due dates never read this."""
    off = {day.date: day for day in days_off}
    working = {day.date: day for day in worked}
    months = []
    for month in range(1, 13):
        weeks = []
        for week in calendar.Calendar().monthdatescalendar(year, month):
            weeks.append(
                [
                    _grid_day(day, off, working, overridden, today) if day.month == month else None
                    for day in week
                ]
            )
        months.append({"number": month, "name": f"Tháng {month}", "weeks": weeks})
    return months


def _grid_day(day: datetime.date, off: dict, working: dict, overridden: set, today: datetime.date) -> GridDay:
    if day in off:
        kind, name = "holiday", off[day].name
    elif day in working:
        kind, name = "worked", working[day].name
    else:
        kind, name = ("weekend" if day.weekday() >= 5 else ""), ""
    return GridDay(date=day, kind=kind, name=name, override=day in overridden, today=day == today)


def calendar_staff(view):
    """Logged-in users holding MANAGE_CALENDAR somewhere; the others get 403. Services refused → 403 too."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not can_anywhere(request.user, permission=Permission.MANAGE_CALENDAR):
            raise HttpForbidden("Bạn không có quyền quản lý lịch làm việc.")
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied as error:
            raise HttpForbidden(error.message) from None
        except NotFound as error:
            raise Http404(error.message) from None

    return wrapper


def _require_days_off_editor(request) -> None:
    if not selectors.can_edit_days_off(request.user):
        raise HttpForbidden("Chỉ quản trị hệ thống có phạm vi toàn tỉnh mới được điều chỉnh ngày nghỉ.")


def _year(request) -> int:
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return timezone.localdate().year
    return year if year in YEARS else timezone.localdate().year


def _to_year(day: datetime.date):
    return redirect(f"{reverse('workcalendar:overrides')}?year={day.year}")


def _form_error(form, error: DomainError) -> None:
    if isinstance(error, PermissionDenied | NotFound):
        raise error  # not a matter of the form: the decorator turns it into 403 / 404
    form.add_error(error.field if error.field in form.fields else None, error.message)


@calendar_staff
def overrides(request):
    year = _year(request)
    days_off = selectors.days_off(year)
    working_saturdays = selectors.working_saturdays(year)
    working_holidays = selectors.working_holidays(year)
    overrides = list(selectors.overrides_of_year(year))
    context = {
        "year": year,
        "years": range(year - 3, year + 3),
        "days_off": days_off,
        "working_saturdays": working_saturdays,
        "working_holidays": working_holidays,
        "overrides": overrides,
        "can_edit": selectors.can_edit_days_off(request.user),
        "months": month_grids(
            year,
            days_off=days_off,
            worked=working_saturdays + working_holidays,
            overridden={override.date for override in overrides},
            today=timezone.localdate(),
        ),
        "weekday_initials": WEEKDAY_INITIALS,
    }
    return render(request, "workcalendar/overrides.html", context)


@calendar_staff
@require_http_methods(["GET", "POST"])
def override_add(request):
    _require_days_off_editor(request)
    # A day clicked in the month grid arrives as ?date=dd/mm/yyyy and only fills the form.
    form = OverrideForm(request.POST or None, initial={"date": request.GET.get("date", "")})
    if request.method == "POST" and form.is_valid():
        day = form.cleaned_data["date"]
        if selectors.override_on(day):
            form.add_error("date", f"Ngày {day:%d/%m/%Y} đã có điều chỉnh; hãy sửa điều chỉnh đó.")
        else:
            try:
                services.set_override(
                    day=day, kind=form.cleaned_data["kind"], name=form.cleaned_data["name"], user=request.user
                )
            except DomainError as error:
                _form_error(form, error)
            else:
                messages.success(request, f"Đã thêm điều chỉnh ngày {day:%d/%m/%Y}.")
                return _to_year(day)
    return render(request, "workcalendar/override_form.html", {"form": form, "override": None})


@calendar_staff
@require_http_methods(["GET", "POST"])
def override_edit(request, day: datetime.date):
    _require_days_off_editor(request)
    override = selectors.override_on(day)
    if override is None:
        raise Http404("Ngày này không có điều chỉnh.")
    initial = {"date": override.date, "kind": override.kind, "name": override.name}
    form = OverrideForm(request.POST or None, initial=initial)
    form.fields["date"].disabled = True
    if request.method == "POST" and form.is_valid():
        try:
            services.set_override(
                day=day, kind=form.cleaned_data["kind"], name=form.cleaned_data["name"], user=request.user
            )
        except DomainError as error:
            _form_error(form, error)
        else:
            messages.success(request, f"Đã lưu điều chỉnh ngày {day:%d/%m/%Y}.")
            return _to_year(day)
    return render(request, "workcalendar/override_form.html", {"form": form, "override": override})


@calendar_staff
@require_http_methods(["GET", "POST"])
def override_delete(request, day: datetime.date):
    _require_days_off_editor(request)
    override = selectors.override_on(day)
    if override is None:
        raise Http404("Ngày này không có điều chỉnh.")
    if request.method == "POST":
        services.delete_override(day=day, user=request.user)
        messages.success(request, f"Đã xóa điều chỉnh ngày {day:%d/%m/%Y}.")
        return _to_year(day)
    return render(request, "workcalendar/override_confirm_delete.html", {"override": override})


@calendar_staff
@require_http_methods(["GET", "POST"])
def import_csv(request):
    _require_days_off_editor(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    problems, failure = [], ""
    if request.method == "POST" and form.is_valid():
        try:
            result = services.import_overrides_csv(text=form.cleaned_data["file"], user=request.user)
        except DomainError as error:
            failure, problems = error.message, error.details
        else:
            messages.success(
                request,
                f"Đã nhập: {len(result.created)} ngày mới, {len(result.updated)} ngày cập nhật, "
                f"{len(result.unchanged)} ngày không đổi.",
            )
            return redirect("workcalendar:overrides")
    context = {"form": form, "failure": failure, "problems": problems}
    return render(request, "workcalendar/import.html", context, status=422 if failure else 200)


@calendar_staff
def hours(request):
    rows = selectors.hours_in_scope(user=request.user, on=timezone.localdate())
    context = {"rows": rows, "can_edit": selectors.can_edit_days_off(request.user)}
    return render(request, "workcalendar/hours.html", context)


@calendar_staff
@require_http_methods(["GET", "POST"])
def hours_edit(request, agency_id: int | None = None):
    agency = get_object_or_404(Agency, pk=agency_id) if agency_id is not None else None
    if not selectors.can_edit_hours(request.user, agency):
        raise HttpForbidden("Bạn không có quyền đổi giờ làm việc của cơ quan này.")
    today = timezone.localdate()
    current = selectors.working_hours(agency=agency, on=today)
    form = HoursForm(
        request.POST or None,
        initial={"periods": format_periods(current.periods).replace("–", "-"), "valid_from": today},
    )
    if request.method == "POST" and form.is_valid():
        valid_from = form.cleaned_data["valid_from"] or today
        try:
            if "clear" in request.POST:
                services.clear_working_periods(agency=agency, user=request.user, valid_from=valid_from)
                messages.success(
                    request,
                    f"Từ {valid_from:%d/%m/%Y} bỏ giờ làm việc riêng; áp dụng giờ làm việc chung.",
                )
                return redirect("workcalendar:hours")
            if not form.cleaned_data["periods"].strip():
                raise ValidationFailed("Hãy nhập các khoảng giờ làm việc.", field="periods")
            periods = parse_periods_text(form.cleaned_data["periods"])
            services.set_working_periods(
                agency=agency, periods=periods, user=request.user, valid_from=valid_from
            )
        except DomainError as error:
            _form_error(form, error)
        else:
            messages.success(
                request, f"Đã lưu giờ làm việc từ {valid_from:%d/%m/%Y}: {format_periods(periods)}."
            )
            return redirect("workcalendar:hours")
    context = {
        "form": form,
        "agency": agency,
        "current": current,
        "history": selectors.schedule_history(agency=agency),
        "today": today,
    }
    return render(request, "workcalendar/hours_form.html", context)
