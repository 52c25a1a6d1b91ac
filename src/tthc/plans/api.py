"""Kế hoạch kiểm soát TTHC API, under /api/v1/plans (staff session).

Read the plans and tasks a user may see; report progress on an occurrence of a task the user's agency leads.
Who may see or report is decided by :mod:`tthc.plans.selectors` (through the scoping module).
"""

from __future__ import annotations

import datetime
from typing import Literal

from django.db.models import Count
from django.utils import timezone
from ninja import Router, Schema, Status
from pydantic import Field

from tthc.api_auth import staff_session
from tthc.core.errors import NotFound, ValidationFailed
from tthc.organisation.models import Agency
from tthc.plans import selectors, services
from tthc.plans.models import Plan, PlanTask, TaskOccurrence
from tthc.plans.timeframes import RECURRENCES

router = Router(tags=["plans"], auth=staff_session)


class OccurrenceOut(Schema):
    id: int
    label: str
    start: datetime.date | None
    due: datetime.date | None
    status: str
    percent: int
    state: str = Field(description="done, overdue, due_soon, open hoặc no_due")


class TaskOut(Schema):
    id: int
    plan: int
    group: str
    section: str = Field(description="Mục của nhiệm vụ trong nhóm, ví dụ «1. Tham gia ý kiến …»")
    number: str
    content: str
    lead: list[str]
    partners: list[str]
    lead_agencies: list[str] = Field(description="Mã định danh các cơ quan chủ trì")
    expected_output: str
    timeframe: dict
    parts: list[dict] = Field(
        description="Các phần của nhiệm vụ viết trên nhiều dòng (chủ trì, sản phẩm, hạn)"
    )
    parent_task: int | None
    occurrences: list[OccurrenceOut]


class PlanSummaryOut(Schema):
    id: int
    title: str
    year: int
    agency: str
    decision_number: str
    decision_date: datetime.date | None
    decision_signer: str
    parent: int | None
    tasks: int


class PlanOut(PlanSummaryOut):
    groups: list[dict]
    progress: dict


class LinkIn(Schema):
    kind: Literal["procedure", "dossier", "feedback", "url"]
    ref: str = Field(max_length=500, description="Mã thủ tục, mã hồ sơ, mã phản ánh hoặc địa chỉ https://")


class ProgressIn(Schema):
    status: Literal["not_started", "in_progress", "done"]
    percent: int = Field(ge=0, le=100)
    note: str = ""
    agency: str | None = Field(
        None, description="Mã định danh cơ quan chủ trì báo cáo (mặc định: cơ quan đầu tiên)"
    )
    links: list[LinkIn] = Field(default=[], description="Thủ tục, hồ sơ, phản ánh hoặc địa chỉ minh chứng")


class ProgressOut(Schema):
    id: int
    occurrence: OccurrenceOut
    agency: str
    status: str
    percent: int
    note: str
    links: list[dict]
    reported_at: datetime.datetime


def _occurrence(occurrence: TaskOccurrence, today: datetime.date) -> OccurrenceOut:
    return OccurrenceOut(
        id=occurrence.pk,
        label=occurrence.label,
        start=occurrence.period_start,
        due=occurrence.due,
        status=occurrence.status,
        percent=occurrence.percent,
        state=selectors.occurrence_state(occurrence, today=today),
    )


def _task(task: PlanTask, today: datetime.date) -> TaskOut:
    return TaskOut(
        id=task.pk,
        plan=task.plan_id,
        group=str(task.group),
        section=task.section,
        number=task.number,
        content=task.content,
        lead=task.lead_names,
        partners=task.partner_names,
        lead_agencies=[agency.code for agency in task.lead_agencies.all()],
        expected_output=task.expected_output,
        timeframe={
            "text": task.timeframe_text,
            "start": task.start.isoformat() if task.start else None,
            "end": task.end.isoformat() if task.end else None,
            # The contract's set; a half-yearly task reads "unspecified" (tthc.plans.timeframes).
            "recurrence": task.recurrence if task.recurrence in RECURRENCES else "unspecified",
        },
        parts=task.parts,
        parent_task=task.parent_task_id,
        occurrences=[_occurrence(o, today) for o in task.occurrences.all()],
    )


def _summary(plan: Plan, tasks: int) -> dict:
    return dict(
        id=plan.pk,
        title=plan.title,
        year=plan.year,
        agency=plan.agency.code,
        decision_number=plan.decision_number,
        decision_date=plan.decision_date,
        decision_signer=plan.decision_signer,
        parent=plan.parent_id,
        tasks=tasks,
    )


@router.get("/", response=list[PlanSummaryOut], url_name="plans-list", summary="Các kế hoạch được xem")
def list_plans(request, year: int | None = None):
    plans = selectors.plans_visible(request.user)
    if year is not None:
        plans = plans.filter(year=year)
    return [
        PlanSummaryOut(**_summary(plan, plan.task_count))
        for plan in plans.annotate(task_count=Count("tasks"))
    ]


@router.get(
    "/{plan_id}", response=PlanOut, url_name="plans-detail", summary="Một kế hoạch: nhóm, nhiệm vụ, tiến độ"
)
def read_plan(request, plan_id: int):
    plan = selectors.plan_for(request.user, plan_id)
    today = timezone.localdate()
    overview = selectors.plan_overview(plan, today=today)
    groups: dict[int, dict] = {}
    for task in overview.tasks:
        group = groups.setdefault(
            task.group_id, {"number": task.group.number, "title": task.group.title, "tasks": []}
        )
        group["tasks"].append(_task(task, today).model_dump(mode="json"))
    progress = {
        "occurrences": overview.total.occurrences,
        "done": overview.total.done,
        "overdue": overview.total.overdue,
        "percent": overview.total.percent,
    }
    return PlanOut(**_summary(plan, len(overview.tasks)), groups=list(groups.values()), progress=progress)


@router.get("/tasks/{task_id}", response=TaskOut, url_name="plans-task", summary="Một nhiệm vụ và các kỳ")
def read_task(request, task_id: int):
    task = selectors.task_for(request.user, task_id)
    return _task(task, timezone.localdate())


@router.post(
    "/occurrences/{occurrence_id}/progress",
    response={201: ProgressOut},
    url_name="plans-report-progress",
    summary="Báo cáo tiến độ một kỳ của nhiệm vụ (cơ quan chủ trì)",
)
def report_progress(request, occurrence_id: int, payload: ProgressIn):
    occurrence = TaskOccurrence.objects.filter(pk=occurrence_id).first()
    if occurrence is None:
        raise NotFound("Không có kỳ thực hiện này.")
    occurrence.task = selectors.task_for(request.user, occurrence.task_id)
    agency = None
    if payload.agency:
        agency = Agency.objects.filter(code=payload.agency.strip()).first()
        if agency is None:
            raise ValidationFailed(f"Không có cơ quan nào mang mã «{payload.agency}».", field="agency")
    now = timezone.now()
    report = services.report_progress(
        occurrence=occurrence,
        user=request.user,
        now=now,
        status=payload.status,
        percent=payload.percent,
        note=payload.note,
        links=[link.model_dump() for link in payload.links],
        agency=agency,
    )
    occurrence.refresh_from_db()
    return Status(
        201,
        ProgressOut(
            id=report.pk,
            occurrence=_occurrence(occurrence, timezone.localdate()),
            agency=report.agency.code,
            status=report.status,
            percent=report.percent,
            note=report.note,
            links=report.links,
            reported_at=report.reported_at,
        ),
    )
