"""Changing the working calendar: the province's overrides and the agencies' working hours.

Permissions (through :mod:`tthc.organisation.scoping`): overrides are province-wide, so they need
MANAGE_CALENDAR reaching the whole province (a role at the provincial office, or a superuser); an agency's
working hours need MANAGE_CALENDAR over that agency. ``user=None`` is the system itself (a command run by the
operator on the server), which is trusted.
"""

from __future__ import annotations

import contextlib
import csv
import datetime
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from auditlog.context import set_actor
from django.db import transaction
from django.db.models import F, Q

from tthc.core.errors import NotFound, PermissionDenied, ValidationFailed
from tthc.organisation.models import Agency
from tthc.organisation.scoping import Permission, require_in_scope
from tthc.workcalendar.models import CalendarOverride, WorkingSchedule
from tthc.workcalendar.periods import Period, parse_periods, periods_to_json
from tthc.workcalendar.selectors import WEEKDAYS, can_edit_days_off
from tthc.workcalendar.statutory import is_statutory_working_day

CSV_HEADER = ["date", "kind", "name"]
NAME_MAX_LENGTH = CalendarOverride._meta.get_field("name").max_length


@dataclass
class ImportResult:
    """What an import did, by date."""

    created: list[datetime.date] = field(default_factory=list)
    updated: list[datetime.date] = field(default_factory=list)
    unchanged: list[datetime.date] = field(default_factory=list)


def set_override(*, day: datetime.date, kind: str, name: str, user) -> CalendarOverride:
    """Make ``day`` an extra day off (``kind="off"``) or an extra working day (``"work"``), named ``name``.

    Replaces the day's previous override, if any.
    """
    _require_province_wide(user)
    kind, name = _check_override(day, kind, name)
    with transaction.atomic(), _actor(user):
        override, created = CalendarOverride.objects.get_or_create(
            date=day, defaults={"kind": kind, "name": name, "created_by": _user_or_none(user)}
        )
        if not created and (override.kind, override.name) != (kind, name):
            override.kind, override.name = kind, name
            override.save(update_fields=["kind", "name"])
    return override


def delete_override(*, day: datetime.date, user) -> None:
    """Remove the override of ``day``: the day goes back to what the law makes it."""
    _require_province_wide(user)
    with transaction.atomic(), _actor(user):
        override = CalendarOverride.objects.filter(date=day).first()
        if override is None:
            raise NotFound(f"Ngày {day:%d/%m/%Y} không có điều chỉnh nào để xóa.")
        override.delete()


def import_overrides_csv(*, text: str, user) -> ImportResult:
    """Import overrides from CSV text (header ``date,kind,name``). All rows are checked first; when any is
    wrong, :class:`ValidationFailed` lists every wrong line and nothing is written. Re-importing the same file
    changes nothing; a changed name or kind updates the day's override."""
    _require_province_wide(user)
    rows = _parse_csv(text)
    result = ImportResult()
    with transaction.atomic(), _actor(user):
        existing = {o.date: o for o in CalendarOverride.objects.filter(date__in=[r[0] for r in rows])}
        for day, kind, name in rows:
            override = existing.get(day)
            if override is None:
                CalendarOverride.objects.create(
                    date=day, kind=kind, name=name, created_by=_user_or_none(user)
                )
                result.created.append(day)
            elif (override.kind, override.name) != (kind, name):
                override.kind, override.name = kind, name
                override.save(update_fields=["kind", "name"])
                result.updated.append(day)
            else:
                result.unchanged.append(day)
    return result


def set_working_periods(
    *,
    agency: Agency | None,
    periods: Iterable[Sequence[str] | Period],
    user,
    valid_from: datetime.date,
) -> WorkingSchedule:
    """Work ``periods`` (``[["07:00", "11:30"], ...]``) at ``agency`` (None: the whole province) from
    ``valid_from`` on.

    The hours before that day stay as they were: a change is a new schedule from its day, so deadlines counted
    from an earlier day keep the hours worked then. Setting the hours of a day that already starts a schedule
    replaces that schedule; setting the hours already worked that day writes nothing.
    """
    _require_hours_permission(user, agency)
    parsed = parse_periods(periods)
    stored = periods_to_json(parsed)
    with transaction.atomic(), _actor(user):
        schedule = WorkingSchedule.objects.filter(agency=agency, valid_from=valid_from).first()
        if schedule is None:
            current = _own_schedule_on(agency, valid_from)
            if current is not None and current.periods == stored:
                return current
            schedule = WorkingSchedule(agency=agency, valid_from=valid_from)
        schedule.periods = stored
        schedule.save()
    return schedule


def clear_working_periods(*, agency: Agency | None, user, valid_from: datetime.date) -> None:
    """From ``valid_from`` on, ``agency`` has no hours of its own: it works those of its parent agency, the
    province or the rule. Its earlier hours stay in the history."""
    _require_hours_permission(user, agency)
    with transaction.atomic(), _actor(user):
        if _own_schedule_on(agency, valid_from) is None:
            return
        schedule = WorkingSchedule.objects.filter(agency=agency, valid_from=valid_from).first()
        schedule = schedule or WorkingSchedule(agency=agency, valid_from=valid_from)
        schedule.periods = []
        schedule.save()


def _own_schedule_on(agency: Agency | None, day: datetime.date) -> WorkingSchedule | None:
    """``agency``'s own schedule in force on ``day`` (None when it works inherited hours then)."""
    schedule = (
        WorkingSchedule.objects.filter(agency=agency)
        .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=day))
        .order_by(F("valid_from").desc(nulls_last=True))
        .first()
    )
    return schedule if schedule is not None and schedule.periods else None


def _require_province_wide(user) -> None:
    if user is not None and not can_edit_days_off(user):
        raise PermissionDenied(
            "Chỉ quản trị hệ thống có phạm vi toàn tỉnh mới được điều chỉnh ngày nghỉ, ngày làm việc."
        )


def _require_hours_permission(user, agency: Agency | None) -> None:
    if user is None:
        return
    if agency is None:
        if not can_edit_days_off(user):
            raise PermissionDenied(
                "Chỉ quản trị hệ thống có phạm vi toàn tỉnh mới được đổi giờ làm việc chung của tỉnh."
            )
        return
    require_in_scope(user, agency, permission=Permission.MANAGE_CALENDAR)


def _check_override(day, kind: str, name: str) -> tuple[str, str]:
    """The cleaned (kind, name), or ValidationFailed naming every problem."""
    problems = _override_problems(day, kind, name)
    if problems:
        field_name, message = problems[0]
        details = [{"record": str(day), "field": f, "message": m} for f, m in problems]
        raise ValidationFailed(message, field=field_name, details=details)
    return kind, name.strip()


def _override_problems(day, kind: str, name: str) -> list[tuple[str, str]]:
    """(field, Vietnamese message) for each thing wrong with an override."""
    problems = []
    if not isinstance(day, datetime.date):
        problems.append(("date", "Thiếu ngày hoặc ngày không hợp lệ."))
    if kind not in CalendarOverride.Kind.values:
        problems.append(
            ("kind", f"Loại «{kind}» không hợp lệ; chỉ nhận «off» (ngày nghỉ) hoặc «work» (ngày làm việc).")
        )
    name = (name or "").strip()
    if not name:
        problems.append(("name", "Thiếu tên ngày (ví dụ: Nghỉ bù Quốc khánh)."))
    elif len(name) > NAME_MAX_LENGTH:
        problems.append(("name", f"Tên ngày dài quá {NAME_MAX_LENGTH} ký tự."))
    if (
        isinstance(day, datetime.date)
        and kind == CalendarOverride.Kind.WORK
        and is_statutory_working_day(day)
    ):
        # A "work" override of an ordinary weekday changes nothing: most likely a wrong date.
        problems.append(
            (
                "kind",
                f"Ngày {day:%d/%m/%Y} ({WEEKDAYS[day.weekday()]}) vốn đã là ngày làm việc; "
                "chỉ khai báo «work» cho ngày nghỉ (thứ Bảy, Chủ nhật, ngày lễ) "
                "được chuyển thành ngày làm việc.",
            )
        )
    return problems


def parse_day(text: str) -> datetime.date:
    """A date typed as ``YYYY-MM-DD`` or ``dd/mm/yyyy``; ValueError otherwise."""
    text = (text or "").strip()
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(text)


def _parse_csv(text: str) -> list[tuple[datetime.date, str, str]]:
    """Rows of a calendar CSV, or ValidationFailed listing every wrong line (numbered as in the file)."""
    reader = csv.reader(io.StringIO((text or "").removeprefix("\ufeff"), newline=""))
    header = next(reader, None)
    while header is not None and not any(cell.strip() for cell in header):
        header = next(reader, None)
    if header is None:
        raise ValidationFailed("Tệp CSV trống; dòng đầu phải là tiêu đề «date,kind,name».", field="file")
    if [cell.strip().lower() for cell in header] != CSV_HEADER:
        message = (
            f"Dòng {reader.line_num}: tiêu đề phải đúng là «date,kind,name» (nhận được «{','.join(header)}»)."
        )
        details = [{"record": reader.line_num, "field": "header", "message": message}]
        raise ValidationFailed(message, field="file", details=details)

    rows: list[tuple[datetime.date, str, str]] = []
    seen: dict[datetime.date, int] = {}
    details: list[dict] = []

    def problem(line: int, field_name: str, message: str) -> None:
        details.append({"record": line, "field": field_name, "message": f"Dòng {line}: {message}"})

    for cells in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != 3:
            problem(
                line,
                "row",
                f"cần đúng 3 cột date,kind,name (có {len(cells)} cột); "
                "tên có dấu phẩy thì đặt trong ngoặc kép.",
            )
            continue
        raw_day, kind, name = (cell.strip() for cell in cells)
        try:
            day = parse_day(raw_day)
        except ValueError:
            problem(line, "date", f"ngày «{raw_day}» không hợp lệ; dùng dạng YYYY-MM-DD hoặc dd/mm/yyyy.")
            day = None
        found = [p for p in _override_problems(day, kind, name) if day is not None or p[0] != "date"]
        for field_name, message in found:
            problem(line, field_name, message)
        if day in seen:
            problem(line, "date", f"ngày {day:%d/%m/%Y} đã có ở dòng {seen[day]}.")
        elif day is not None:
            seen[day] = line
            if not found:
                rows.append((day, kind, name))
    if details:
        lines = sorted({d["record"] for d in details})
        raise ValidationFailed(
            f"Tệp CSV có {len(lines)} dòng lỗi (dòng {', '.join(map(str, lines))}); chưa ghi dữ liệu nào.",
            field="file",
            details=details,
        )
    return rows


def _user_or_none(user):
    return user if getattr(user, "is_authenticated", False) else None


def _actor(user):
    """Record ``user`` as the author in the audit log (the web middleware does so for requests only)."""
    return set_actor(user) if _user_or_none(user) else contextlib.nullcontext()
