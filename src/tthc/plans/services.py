"""Writes of the plans capability: drafts and their confirmation, derived plans, progress, notes, aliases.

Every function takes ``now`` and the acting ``user``, checks the scoping rule (:mod:`tthc.plans.selectors`),
writes in one transaction and records what happened in the plan's history (:class:`PlanEvent`).
"""

from __future__ import annotations

import datetime
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from tthc.core.errors import DomainError, PermissionDenied, ValidationFailed
from tthc.core.folding import fold
from tthc.organisation.models import Agency
from tthc.organisation.scoping import Permission, can
from tthc.plans import drafts, selectors
from tthc.plans.matching import Matcher, Targets
from tthc.plans.models import (
    Evidence,
    PartnerNote,
    Plan,
    PlanDraft,
    PlanEvent,
    PlanGroup,
    PlanTask,
    ProgressReport,
    Status,
    TaskOccurrence,
    UnitAlias,
)
from tthc.plans.occurrences import periods_of
from tthc.plans.parsing import parse_file
from tthc.plans.timeframes import parse_timeframe
from tthc.plans.uploads import check_evidence, check_plan_document

LINK_KINDS = {
    "procedure": "Thủ tục",
    "dossier": "Hồ sơ",
    "feedback": "Phản ánh, kiến nghị",
    "url": "Liên kết",
}
_MIN_YEAR, _MAX_YEAR = 1990, 2100


# --- drafts -------------------------------------------------------------------------------------------------


def _require_manage_agency(user, agency: Agency) -> None:
    """``user`` None is the command line (``tthc plan import``): its operator is trusted."""
    if user is not None and not can(user, agency, permission=Permission.MANAGE_PLANS):
        raise PermissionDenied(
            f"Chỉ công chức đầu mối KSTTHC của {agency.name} được nhập kế hoạch của cơ quan này."
        )


def create_draft(
    *,
    upload: UploadedFile,
    agency: Agency,
    user,
    now: datetime.datetime,
    year: int | None = None,
    decision: dict | None = None,
) -> PlanDraft:
    """Read an uploaded plan document into a draft for the preview. Nothing of the plan is stored yet."""
    _require_manage_agency(user, agency)
    suffix = check_plan_document(upload)
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, f"plan{suffix}")
        with open(path, "wb") as file:
            for chunk in upload.chunks():
                file.write(chunk)
        plan = parse_file(path, year=year)
    if not plan.tasks():
        raise ValidationFailed(
            "Không tìm thấy bảng nhiệm vụ nào trong tài liệu. " + " ".join(plan.problems),
            code="plan_without_tasks",
        )
    data = drafts.from_parsed(plan)
    if data["title"] == "plan":
        data["title"] = os.path.splitext(os.path.basename(upload.name))[0]
    data.update({k: v for k, v in (decision or {}).items() if v})
    return PlanDraft.objects.create(
        data=data,
        agency=agency,
        source_name=os.path.basename(upload.name)[:255],
        created_at=now,
        updated_at=now,
        created_by=user,
    )


def change_draft(*, draft: PlanDraft, user, now: datetime.datetime, data: dict) -> PlanDraft:
    """Store the edited preview (made by :mod:`tthc.plans.drafts`)."""
    _require_manage_agency(user, draft.agency)
    draft.data = data
    draft.updated_at = now
    draft.save(update_fields=["data", "updated_at"])
    return draft


def set_draft_header(
    *,
    draft: PlanDraft,
    user,
    now: datetime.datetime,
    title: str,
    year: int,
    decision_number: str = "",
    decision_date: datetime.date | None = None,
    decision_signer: str = "",
    derived_due: datetime.date | None = None,
) -> PlanDraft:
    if not title.strip():
        raise ValidationFailed("Tên kế hoạch không được để trống.", field="title")
    if not _MIN_YEAR <= year <= _MAX_YEAR:
        raise ValidationFailed(f"Năm {year} không hợp lệ.", field="year")
    data = dict(draft.data)
    data.update(
        title=title.strip(),
        year=year,
        decision_number=decision_number.strip(),
        decision_date=decision_date.isoformat() if decision_date else "",
        decision_signer=decision_signer.strip(),
        derived_due=derived_due.isoformat() if derived_due else "",
    )
    return change_draft(draft=draft, user=user, now=now, data=data)


def discard_draft(*, draft: PlanDraft, user) -> None:
    _require_manage_agency(user, draft.agency)
    draft.delete()


@dataclass(frozen=True)
class UnitRow:
    name: str
    match: object  # matching.Match
    mapped: bool  # by the officer in this draft


@dataclass(frozen=True)
class UnmatchedUnit:
    """A name, or a piece of a combined name, the officer has to map, with why and where it is written."""

    name: str
    reason: str
    used_in: tuple[str, ...]


@dataclass(frozen=True)
class DraftUnits:
    rows: list[UnitRow]
    unmatched: list[UnmatchedUnit]
    tree_note: str  # the plan year's tree is empty: matched on today's (see tthc.plans.matching)
    agencies: list[Agency]  # the tree names are matched on, for the officer to map to


def draft_units(data: dict, *, today: datetime.date) -> DraftUnits:
    """Every unit name of the draft with what it matches (the officer's mappings first), on the tree of the
    draft's year; and the names or pieces of names still to be mapped."""
    year = data.get("year") if isinstance(data.get("year"), int) else None
    matcher = Matcher(today=today, year=year)
    mappings = data.get("mappings") or {}
    rows: list[UnitRow] = []
    unmatched: dict[str, UnmatchedUnit] = {}
    for name in drafts.unit_names(data):
        match = matcher.match(name, mappings)
        rows.append(UnitRow(name=name, match=match, mapped=fold(name) in mappings))
        for part, reason in zip(match.unmatched_parts, match.reasons, strict=True):
            known = unmatched.get(fold(part))
            used_in = (known.used_in if known else ()) + ((name,) if name != part else ())
            unmatched[fold(part)] = UnmatchedUnit(name=part, reason=reason, used_in=used_in)
    return DraftUnits(
        rows=rows,
        unmatched=list(unmatched.values()),
        tree_note=matcher.tree_note,
        agencies=list(matcher.agencies.values()),
    )


def confirm_draft(*, draft: PlanDraft, user, now: datetime.datetime) -> Plan:
    """Store the previewed plan, remember the officer's mappings as aliases, and drop the draft."""
    _require_manage_agency(user, draft.agency)
    with transaction.atomic():
        plan = import_plan(
            data=draft.data, agency=draft.agency, user=user, now=now, source_name=draft.source_name
        )
        draft.delete()
    return plan


def remember_alias(
    *,
    name: str,
    now: datetime.datetime,
    agency_ids: Sequence[int] = (),
    kinds: Sequence[str] = (),
    external: bool = False,
) -> UnitAlias:
    alias = UnitAlias.objects.filter(name_folded=fold(name)).first() or UnitAlias(name=name, created_at=now)
    alias.name, alias.agency_kinds, alias.external = name, list(kinds), external
    alias.save()
    alias.agencies.set(Agency.objects.filter(pk__in=list(agency_ids)))
    return alias


def _year_of(data: dict) -> int:
    year = data.get("year")
    if not isinstance(year, int) or not _MIN_YEAR <= year <= _MAX_YEAR:
        raise ValidationFailed("Kế hoạch chưa có năm; hãy nhập năm của kế hoạch.", field="year")
    return year


def _decision_date(text: str, *, field: str = "decision_date") -> datetime.date | None:
    if not text:
        return None
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        label = "Ngày ký" if field == "decision_date" else "Hạn ban hành kế hoạch của các cơ quan"
        raise ValidationFailed(f"{label} «{text}» không hợp lệ.", field=field) from None


def import_plan(
    *,
    data: dict,
    agency: Agency,
    user,
    now: datetime.datetime,
    source_name: str = "",
    parent: Plan | None = None,
) -> Plan:
    """Store a plan from draft data: groups, tasks with matched agencies, occurrences; aliases remembered."""
    _require_manage_agency(user, agency)
    year = _year_of(data)
    rows = data.get("rows") or []
    if not rows:
        raise ValidationFailed("Kế hoạch không có nhiệm vụ nào.", code="plan_without_tasks")
    empty = [str(index) for index, row in enumerate(rows, start=1) if not (row.get("content") or "").strip()]
    if empty:
        raise ValidationFailed(
            f"Dòng {', '.join(empty)} chưa có nội dung công việc; hãy sửa hoặc xóa dòng đó.", field="content"
        )
    with transaction.atomic():
        for mapping in (data.get("mappings") or {}).values():
            targets = Targets.of_mapping(mapping)
            remember_alias(
                name=mapping["name"],
                now=now,
                agency_ids=targets.agency_ids,
                kinds=targets.kinds,
                external=targets.external,
            )
        matcher = Matcher(today=today(now), year=year)
        plan = Plan.objects.create(
            title=(data.get("title") or "").strip()[:500] or f"Kế hoạch kiểm soát TTHC năm {year}",
            year=year,
            agency=agency,
            decision_number=(data.get("decision_number") or "")[:100],
            decision_date=_decision_date(data.get("decision_date") or ""),
            decision_signer=(data.get("decision_signer") or "")[:200],
            derived_due=_decision_date(data.get("derived_due") or "", field="derived_due"),
            parent=parent,
            source_name=source_name[:255],
            created_at=now,
            created_by=user,
        )
        groups: dict[tuple[str, str], PlanGroup] = {}
        unmatched: set[str] = set()
        for position, row in enumerate(rows, start=1):
            key = (row.get("group_number") or "", row.get("group_title") or "")
            if key not in groups:
                groups[key] = PlanGroup.objects.create(
                    plan=plan, number=key[0][:20], title=key[1] or "Nhiệm vụ", position=len(groups) + 1
                )
            task = _create_task(
                plan=plan, group=groups[key], position=position, row=row, year=year, matcher=matcher
            )
            unmatched.update(task._unmatched)
        _event(
            plan=plan,
            kind=PlanEvent.Kind.DERIVED if parent else PlanEvent.Kind.IMPORTED,
            summary=(
                f"Nhập kế hoạch «{plan.title}»: {len(groups)} nhóm, {len(rows)} nhiệm vụ"
                + (f" từ tệp {source_name}" if source_name else "")
                + "."
            ),
            data={"unmatched_units": sorted(unmatched)},
            now=now,
            user=user,
        )
    return plan


def _create_task(*, plan: Plan, group: PlanGroup, position: int, row: dict, year: int, matcher) -> PlanTask:
    timeframe = parse_timeframe(row.get("timeframe") or "", year=year)
    parts = [part for part in row.get("parts") or [] if isinstance(part, dict)]
    task = PlanTask.objects.create(
        plan=plan,
        group=group,
        position=position,
        number=(row.get("number") or "")[:20],
        content=row["content"].strip(),
        section=(row.get("section") or "").strip(),
        lead_names=list(row.get("lead") or []),
        partner_names=list(row.get("partners") or []),
        expected_output=row.get("expected_output") or "",
        timeframe_text=timeframe.text[:500],
        start=timeframe.start,
        end=timeframe.end,
        recurrence=timeframe.stored_recurrence,
        parts=[
            {
                "lead": list(part.get("lead") or []),
                "partners": list(part.get("partners") or []),
                "expected_output": part.get("expected_output") or "",
                "timeframe": part.get("timeframe") or "",
            }
            for part in parts
        ],
        parent_task_id=row.get("parent_task"),
    )
    task._unmatched = set()

    def agencies(names: list[str]) -> list[int]:
        ids: list[int] = []
        for name in names:
            match = matcher.match(name)
            task._unmatched.update(match.unmatched_parts)
            ids.extend(pk for pk in match.agency_ids if pk not in ids)
        return ids

    # A derived plan names its agencies directly (the parent task's, already matched).
    task.lead_agencies.set(row.get("lead_agency_ids", agencies(task.lead_names)))
    task.partner_agencies.set(row.get("partners_agency_ids", agencies(task.partner_names)))
    if not task.parts:
        TaskOccurrence.objects.bulk_create(
            TaskOccurrence(
                task=task, sequence=index, label=period.label, period_start=period.start, due=period.due
            )
            for index, period in enumerate(periods_of(timeframe, year=year), start=1)
        )
        return task
    # A task over several rows: each part's periods, led by that part's lead agencies.
    sequence = 0
    for number, part in enumerate(task.parts, start=1):
        part_timeframe = parse_timeframe(part["timeframe"], year=year)
        leads = agencies(part["lead"]) if "lead_agency_ids" not in row else list(row["lead_agency_ids"])
        for period in periods_of(part_timeframe, year=year):
            sequence += 1
            occurrence = TaskOccurrence.objects.create(
                task=task,
                sequence=sequence,
                label=f"Phần {number}: {period.label}"[:200],
                period_start=period.start,
                due=period.due,
                part=number,
            )
            occurrence.lead_agencies.set(leads)
    return task


def import_file(
    *,
    path: str,
    agency: Agency,
    user,
    now: datetime.datetime,
    year: int | None = None,
    decision: dict | None = None,
) -> tuple[Plan, list[str]]:
    """``tthc plan import``: parse and store a plan file without a preview; returns it and unmatched names."""
    parsed = parse_file(path, year=year)
    if not parsed.tasks():
        raise ValidationFailed(
            "Không tìm thấy bảng nhiệm vụ nào trong tài liệu. " + " ".join(parsed.problems),
            code="plan_without_tasks",
        )
    data = drafts.from_parsed(parsed)
    data.update({k: v for k, v in (decision or {}).items() if v})
    plan = import_plan(data=data, agency=agency, user=user, now=now, source_name=os.path.basename(path))
    unmatched = plan.events.get(kind=PlanEvent.Kind.IMPORTED).data["unmatched_units"]
    return plan, unmatched


# --- derived plans ----------------------------------------------------------------------------------------


def derive_plan(
    *,
    parent: Plan,
    agency: Agency,
    user,
    now: datetime.datetime,
    decision_number: str = "",
    decision_date: datetime.date | None = None,
    decision_signer: str = "",
) -> Plan:
    """An agency's own plan from the province plan: the tasks it leads or partners, each linked to its parent,
    issued by the agency's own decision (number, date, signer).

    In the derived plan the agency leads every task (it implements its part), the original partners stay. A
    task the province plan writes over several rows is one task here (the agency states it as it does it).
    """
    _require_manage_agency(user, agency)
    if Plan.objects.filter(parent=parent, agency=agency).exists():
        raise DomainError(
            f"{agency.name} đã có kế hoạch xây dựng từ kế hoạch này; mỗi cơ quan xây dựng một kế hoạch.",
            code="plan_already_derived",
        )
    tasks = [
        task
        for task in selectors.tasks_of_plan(parent)
        if agency in task.lead_agencies.all() or agency in task.partner_agencies.all()
    ]
    if not tasks:
        raise DomainError(
            f"Kế hoạch «{parent.title}» không giao nhiệm vụ nào cho {agency.name}.",
            code="plan_nothing_to_derive",
        )
    rows = [
        {
            "group_number": task.group.number,
            "group_title": task.group.title,
            "section": task.section,
            "number": task.number,
            "content": task.content,
            "lead": [agency.short_name or agency.name],
            "partners": [name for name in task.partner_names],
            "expected_output": task.expected_output,
            "timeframe": task.timeframe_text,
            "parent_task": task.pk,
            "lead_agency_ids": [agency.pk],
            "partners_agency_ids": [a.pk for a in task.partner_agencies.all() if a.pk != agency.pk],
        }
        for task in tasks
    ]
    data = {
        "title": f"Kế hoạch kiểm soát thủ tục hành chính năm {parent.year} của {agency.name}",
        "year": parent.year,
        "decision_number": decision_number.strip(),
        "decision_date": decision_date.isoformat() if decision_date else "",
        "decision_signer": decision_signer.strip(),
        "rows": rows,
        "mappings": {},
    }
    return import_plan(data=data, agency=agency, user=user, now=now, parent=parent)


def set_decision(
    *,
    plan: Plan,
    user,
    now: datetime.datetime,
    decision_number: str = "",
    decision_date: datetime.date | None = None,
    decision_signer: str = "",
    derived_due: datetime.date | None = None,
) -> Plan:
    """Correct or complete the decision that issued a saved plan, and the date by which agencies derive
    their own plans from it; the plan's managers only. The change is kept in the plan's history."""
    selectors.require_manager(user, plan)
    values = {
        "decision_number": decision_number.strip()[:100],
        "decision_date": decision_date,
        "decision_signer": decision_signer.strip()[:200],
        "derived_due": derived_due,
    }
    if derived_due is not None and derived_due.year not in (plan.year - 1, plan.year, plan.year + 1):
        raise ValidationFailed(
            f"Hạn ban hành kế hoạch của các cơ quan phải gần năm {plan.year} của kế hoạch.",
            field="derived_due",
        )
    changed = {key: value for key, value in values.items() if getattr(plan, key) != value}
    if not changed:
        return plan
    with transaction.atomic():
        before = {key: getattr(plan, key) for key in changed}
        for key, value in changed.items():
            setattr(plan, key, value)
        plan.save(update_fields=list(changed))
        _event(
            plan=plan,
            kind=PlanEvent.Kind.DECISION,
            summary="Sửa thông tin ban hành kế hoạch: "
            + "; ".join(f"{_DECISION_LABELS[key]}: {_shown(value)}" for key, value in changed.items()),
            data={key: [_shown(before[key]), _shown(value)] for key, value in changed.items()},
            now=now,
            user=user,
        )
    return plan


_DECISION_LABELS = {
    "decision_number": "số quyết định",
    "decision_date": "ngày ký",
    "decision_signer": "người ký",
    "derived_due": "hạn các cơ quan ban hành kế hoạch",
}


def _shown(value) -> str:
    if isinstance(value, datetime.date):
        return f"{value:%d/%m/%Y}"
    return value or "(trống)"


# --- progress ---------------------------------------------------------------------------------------------


def _clean_links(links, *, user) -> list[dict]:
    """Links of a report: a procedure of the catalog, a dossier or a feedback case the user may see (through
    their apps' selectors, i.e. the scoping module), or an http(s) address. Anything else is refused."""
    if links is None:
        return []
    if not isinstance(links, (list, tuple)):
        raise ValidationFailed("Danh sách liên kết không hợp lệ.", field="links")
    cleaned = []
    for link in links:
        if not isinstance(link, dict):
            raise ValidationFailed("Mỗi liên kết phải có loại (kind) và mã (ref).", field="links")
        kind, ref = link.get("kind"), link.get("ref")
        if not isinstance(kind, str) or not isinstance(ref, str | None):
            raise ValidationFailed("Loại và mã của liên kết phải là chuỗi ký tự.", field="links")
        kind, ref = kind.strip(), (ref or "").strip()
        if not ref:
            continue
        if kind not in LINK_KINDS:
            raise ValidationFailed(f"Loại liên kết «{kind[:40]}» không hợp lệ.", field="links")
        if len(ref) > 500:
            raise ValidationFailed("Liên kết dài quá 500 ký tự.", field="links")
        if kind == "url" and not ref.startswith(("https://", "http://")):
            raise ValidationFailed(f"Liên kết «{ref}» phải bắt đầu bằng https://.", field="links")
        if kind != "url":
            ref = selectors.linked_record(user, kind=kind, ref=ref).ref
        cleaned.append({"kind": kind, "ref": ref})
    return cleaned


def report_progress(
    *,
    occurrence: TaskOccurrence,
    user,
    now: datetime.datetime,
    status: str,
    percent: int,
    note: str = "",
    links: Sequence[dict] = (),
    files: Sequence[UploadedFile] = (),
    agency: Agency | None = None,
) -> ProgressReport:
    """A lead agency reports on one occurrence; the occurrence's summary follows the leads' latest reports."""
    task = occurrence.task
    allowed = selectors.reporting_agencies(user, task, occurrence=occurrence)
    if not allowed:
        raise PermissionDenied("Chỉ cơ quan chủ trì nhiệm vụ (phần việc) này được báo cáo tiến độ.")
    if agency is None:
        agency = _default_agency(user, allowed)
    elif agency not in allowed:
        raise PermissionDenied(f"Bạn không được báo cáo tiến độ thay {agency.name}.")
    if status not in Status.values:
        raise ValidationFailed(f"Tình trạng «{status}» không hợp lệ.", field="status")
    if not isinstance(percent, int) or not 0 <= percent <= 100:
        raise ValidationFailed("Tỷ lệ hoàn thành phải từ 0 đến 100%.", field="percent")
    if status == Status.DONE:
        percent = 100
    elif percent == 100:
        raise ValidationFailed("Tỷ lệ 100% thì tình trạng phải là «Hoàn thành».", field="percent")
    elif status == Status.NOT_STARTED and percent:
        raise ValidationFailed("Nhiệm vụ chưa thực hiện thì tỷ lệ hoàn thành là 0%.", field="percent")
    checked = [(upload, check_evidence(upload)) for upload in files]
    clean_links = _clean_links(links, user=user)
    with transaction.atomic():
        report = ProgressReport.objects.create(
            occurrence=occurrence,
            agency=agency,
            status=status,
            percent=percent,
            note=note.strip(),
            links=clean_links,
            reported_at=now,
            reported_by=user,
        )
        for upload, info in checked:
            upload.seek(0)
            evidence = Evidence(report=report, name=info.name, content_type=info.content_type, size=info.size)
            evidence.file.save(info.storage_name, ContentFile(upload.read()), save=False)
            evidence.save()
        _summarise(occurrence, now=now)
        _event(
            plan=task.plan,
            task=task,
            kind=PlanEvent.Kind.REPORTED,
            summary=(
                f"{agency.short_name or agency.name} báo cáo kỳ {occurrence.label}: "
                f"{Status(status).label}, {percent}%" + (f" — {report.note}" if report.note else "")
            ),
            data={
                "occurrence": occurrence.pk,
                "report": report.pk,
                "files": len(checked),
                "links": clean_links,
            },
            now=now,
            user=user,
        )
    return report


def _default_agency(user, allowed: list[Agency]) -> Agency:
    """The user's own agency when it is allowed, else the only allowed one; never a silent pick among many."""
    own = set(user.memberships.values_list("agency_id", flat=True))
    for agency in allowed:
        if agency.pk in own:
            return agency
    if len(allowed) == 1:
        return allowed[0]
    raise ValidationFailed(
        "Bạn báo cáo cho nhiều cơ quan; hãy chọn cơ quan báo cáo: "
        + ", ".join(a.name for a in allowed)
        + ".",
        field="agency",
    )


def _summarise(occurrence: TaskOccurrence, *, now: datetime.datetime) -> None:
    latest: dict[int, ProgressReport] = {}
    for report in occurrence.reports.order_by("reported_at", "id"):
        latest[report.agency_id] = report
    leads = [agency.pk for agency in selectors.occurrence_leads(occurrence)] or list(latest)
    reports = [latest.get(pk) for pk in leads]
    percents = [report.percent if report else 0 for report in reports]
    occurrence.percent = round(sum(percents) / len(percents)) if percents else 0
    if reports and all(report and report.status == Status.DONE for report in reports):
        status = Status.DONE
    elif any(report and report.status != Status.NOT_STARTED for report in reports):
        status = Status.IN_PROGRESS
    else:
        status = Status.NOT_STARTED
    if status == Status.DONE and occurrence.status != Status.DONE:
        occurrence.completed_at = now
    elif status != Status.DONE:
        occurrence.completed_at = None
    occurrence.status = status
    occurrence.save(update_fields=["percent", "status", "completed_at"])


def add_partner_note(
    *, task: PlanTask, user, now: datetime.datetime, text: str, agency: Agency | None = None
) -> PartnerNote:
    allowed = selectors.noting_agencies(user, task)
    if not allowed:
        raise PermissionDenied("Chỉ cơ quan chủ trì hoặc phối hợp thực hiện nhiệm vụ này được ghi ý kiến.")
    if agency is None:
        agency = _default_agency(user, allowed)
    elif agency not in allowed:
        raise PermissionDenied(f"Bạn không được ghi ý kiến thay {agency.name}.")
    if not text.strip():
        raise ValidationFailed("Ý kiến không được để trống.", field="text")
    with transaction.atomic():
        note = PartnerNote.objects.create(
            task=task, agency=agency, text=text.strip(), written_at=now, written_by=user
        )
        _event(
            plan=task.plan,
            task=task,
            kind=PlanEvent.Kind.NOTED,
            summary=f"{agency.short_name or agency.name} ghi ý kiến: {note.text}",
            data={"note": note.pk},
            now=now,
            user=user,
        )
    return note


def _event(*, plan, kind, summary, now, user=None, task=None, data=None) -> PlanEvent:
    return PlanEvent.objects.create(
        plan=plan, task=task, kind=kind, summary=summary[:2000], data=data or {}, at=now, actor=user
    )


def today(now: datetime.datetime) -> datetime.date:
    return timezone.localtime(now).date()
