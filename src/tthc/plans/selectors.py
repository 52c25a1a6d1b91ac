"""Reads of the plans capability, and the one rule of who may see or act on a plan (through scoping).

* A plan is visible to users who reach its agency, and to users who reach an agency leading or partnering
  one of its tasks (a department sees the province plan it has tasks in).
* A plan is managed (imported, derived, exported in full) by users holding ``MANAGE_PLANS`` on its agency:
  the provincial office's control officers for the province plan, a department's for its own plan.
* Progress is reported by users holding ``REPORT_PLAN_PROGRESS`` on a lead agency of the task (for a task
  whose lead is no agency of the province, by the plan's managers); partner notes by those holding it on a
  partner or lead agency.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q, QuerySet

from tthc.core.errors import NotFound, PermissionDenied, ValidationFailed
from tthc.organisation.models import Agency
from tthc.organisation.scoping import Permission, agencies_in_scope, can, can_anywhere
from tthc.plans.models import (
    Evidence,
    Plan,
    PlanDraft,
    PlanEvent,
    PlanGroup,
    PlanTask,
    ProgressReport,
    Status,
    TaskOccurrence,
)

DUE_SOON_DAYS = 7


# --- who may see and do what ------------------------------------------------------------------------------


def plans_visible(user) -> QuerySet[Plan]:
    agencies = agencies_in_scope(user, permission=Permission.VIEW)
    tasks = PlanTask.objects.filter(Q(lead_agencies__in=agencies) | Q(partner_agencies__in=agencies))
    return Plan.objects.filter(Q(agency__in=agencies) | Q(pk__in=tasks.values("plan"))).select_related(
        "agency", "parent"
    )


def tasks_visible(user) -> QuerySet[PlanTask]:
    return PlanTask.objects.filter(plan__in=plans_visible(user).values("pk"))


def plan_for(user, pk: int) -> Plan:
    plan = plans_visible(user).filter(pk=pk).first()
    if plan is None:
        if Plan.objects.filter(pk=pk).exists():
            raise PermissionDenied("Bạn không có quyền xem kế hoạch này.")
        raise NotFound("Không có kế hoạch này.")
    return plan


def task_for(user, pk: int) -> PlanTask:
    task = (
        tasks_visible(user).filter(pk=pk).select_related("plan__agency", "group", "parent_task__plan").first()
    )
    if task is None:
        if PlanTask.objects.filter(pk=pk).exists():
            raise PermissionDenied("Bạn không có quyền xem nhiệm vụ này.")
        raise NotFound("Không có nhiệm vụ này.")
    return task


def can_manage(user, plan: Plan) -> bool:
    return can(user, plan.agency, permission=Permission.MANAGE_PLANS)


def require_manager(user, plan: Plan) -> None:
    if not can_manage(user, plan):
        raise PermissionDenied(
            f"Chỉ công chức đầu mối KSTTHC của {plan.agency.name} được quản lý kế hoạch này."
        )


def can_import_anywhere(user) -> bool:
    return can_anywhere(user, permission=Permission.MANAGE_PLANS)


def managed_agencies(user) -> QuerySet[Agency]:
    return agencies_in_scope(user, permission=Permission.MANAGE_PLANS)


def occurrence_leads(occurrence: TaskOccurrence, task: PlanTask | None = None) -> list[Agency]:
    """Who leads an occurrence: its part's lead agencies (a task over several rows), else the task's."""
    own = list(occurrence.lead_agencies.all())
    return own or list((task or occurrence.task).lead_agencies.all())


def reporting_agencies(user, task: PlanTask, *, occurrence: TaskOccurrence | None = None) -> list[Agency]:
    """The lead agencies of ``task`` (of ``occurrence``'s part, when given) on whose behalf ``user`` may
    report progress."""
    leads = occurrence_leads(occurrence, task) if occurrence is not None else list(task.lead_agencies.all())
    if not leads:
        return [task.plan.agency] if can_manage(user, task.plan) else []
    return [agency for agency in leads if can(user, agency, permission=Permission.REPORT_PLAN_PROGRESS)]


def noting_agencies(user, task: PlanTask) -> list[Agency]:
    """The partner (or lead) agencies of ``task`` on whose behalf ``user`` may write a note."""
    agencies = list(task.partner_agencies.all()) + list(task.lead_agencies.all())
    seen, allowed = set(), []
    for agency in agencies:
        if agency.pk not in seen and can(user, agency, permission=Permission.REPORT_PLAN_PROGRESS):
            seen.add(agency.pk)
            allowed.append(agency)
    return allowed


def draft_for(user, pk: int) -> PlanDraft:
    draft = PlanDraft.objects.filter(pk=pk).select_related("agency").first()
    if draft is None:
        raise NotFound("Không có bản xem trước này (có thể đã được lưu hoặc hủy).")
    if not can(user, draft.agency, permission=Permission.MANAGE_PLANS):
        raise PermissionDenied("Bạn không có quyền với bản xem trước kế hoạch này.")
    return draft


def drafts_of(user) -> QuerySet[PlanDraft]:
    return PlanDraft.objects.filter(agency__in=managed_agencies(user)).select_related("created_by")


def may_see_evidence(user, task: PlanTask) -> bool:
    """Evidence files of a task: its lead and partner agencies' users, and the plan's managers."""
    agencies = [*task.lead_agencies.all(), *task.partner_agencies.all()]
    return can_manage(user, task.plan) or any(can(user, agency) for agency in agencies)


def evidence_for(user, pk: int) -> Evidence:
    evidence = Evidence.objects.filter(pk=pk).select_related("report__occurrence").first()
    if evidence is None:
        raise NotFound("Không có tệp minh chứng này.")
    task = task_for(user, evidence.report.occurrence.task_id)  # refuses users who may not see the task
    if not may_see_evidence(user, task):
        raise PermissionDenied(
            "Chỉ cơ quan chủ trì, cơ quan phối hợp của nhiệm vụ và người quản lý kế hoạch "
            "được xem minh chứng."
        )
    return evidence


@dataclass(frozen=True)
class LinkedRecord:
    kind: str  # "procedure", "dossier", "feedback"
    ref: str  # the record's code


def linked_record(user, *, kind: str, ref: str) -> LinkedRecord:
    """The catalog procedure, dossier or feedback case a progress report links to, if ``user`` may see it.

    The catalog is public to staff; dossiers and feedback are read through their apps' selectors, which
    apply the scoping rule. A record that does not exist or lies outside the user's scope is refused alike.
    """
    # Imported here: plans only need these capabilities when a report links to their records.
    from tthc.catalog.models import Procedure
    from tthc.dossiers.selectors import visible_dossiers
    from tthc.feedback.selectors import in_scope as feedback_in_scope

    if kind == "procedure":
        found = Procedure.objects.filter(code=ref).values_list("code", flat=True).first()
        missing = f"Không có thủ tục mã «{ref[:60]}» trong danh mục."
    elif kind == "dossier":
        found = visible_dossiers(user).filter(code=ref).values_list("code", flat=True).first()
        missing = f"Không tìm thấy hồ sơ «{ref[:60]}» trong phạm vi của bạn."
    elif kind == "feedback":
        found = feedback_in_scope(user).filter(code=ref).values_list("code", flat=True).first()
        missing = f"Không tìm thấy phản ánh, kiến nghị «{ref[:60]}» trong phạm vi của bạn."
    else:
        raise ValidationFailed(f"Loại liên kết «{kind[:40]}» không hợp lệ.", field="links")
    if found is None:
        raise ValidationFailed(missing, field="links", code="link_not_found")
    return LinkedRecord(kind=kind, ref=found)


# --- reading tasks ----------------------------------------------------------------------------------------


def occurrence_state(occurrence: TaskOccurrence, *, today: datetime.date) -> str:
    """ "done", "overdue", "due_soon", "open" or "no_due" — the one definition the screens and API use."""
    if occurrence.status == Status.DONE:
        return "done"
    if occurrence.due is None:
        return "no_due"
    if occurrence.due < today:
        return "overdue"
    if (occurrence.due - today).days <= DUE_SOON_DAYS:
        return "due_soon"
    return "open"


STATE_LABELS = {
    "done": "Hoàn thành",
    "overdue": "Quá hạn",
    "due_soon": "Sắp đến hạn",
    "open": "Đang trong hạn",
    "no_due": "Không có hạn",
}


def tasks_of_plan(plan: Plan) -> list[PlanTask]:
    return list(
        plan.tasks.select_related("group")
        .prefetch_related("lead_agencies", "partner_agencies", "occurrences__lead_agencies")
        .order_by("position")
    )


def groups_of_plan(plan: Plan) -> list[PlanGroup]:
    return list(
        plan.groups.prefetch_related(Prefetch("tasks", queryset=PlanTask.objects.order_by("position")))
    )


def my_tasks(user, *, agency: Agency | None = None, year: int | None = None) -> list[PlanTask]:
    """Tasks the user's agencies lead or partner (narrowed to ``agency`` when given), in plan order."""
    agencies = agencies_in_scope(user, permission=Permission.REPORT_PLAN_PROGRESS)
    if agency is not None:
        agencies = agencies.filter(pk=agency.pk)
    tasks = PlanTask.objects.filter(Q(lead_agencies__in=agencies) | Q(partner_agencies__in=agencies))
    if year is not None:
        tasks = tasks.filter(plan__year=year)
    return list(
        PlanTask.objects.filter(pk__in=tasks.values("pk"))
        .select_related("plan__agency", "group")
        .prefetch_related("lead_agencies", "occurrences__lead_agencies")
        .order_by("-plan__year", "plan_id", "position")
    )


def agencies_for_my_tasks(user) -> QuerySet[Agency]:
    """The agencies the user reports for that lead or partner at least one task."""
    agencies = agencies_in_scope(user, permission=Permission.REPORT_PLAN_PROGRESS)
    tasks = PlanTask.objects.filter(Q(lead_agencies__in=agencies) | Q(partner_agencies__in=agencies))
    used = Agency.objects.filter(
        Q(led_plan_tasks__in=tasks.values("pk")) | Q(partnered_plan_tasks__in=tasks.values("pk"))
    )
    return agencies.filter(pk__in=used.values("pk")).order_by("path")


def task_history(task: PlanTask) -> list[PlanEvent]:
    return list(task.events.select_related("actor"))


def reports_of_task(task: PlanTask) -> list[ProgressReport]:
    return list(
        ProgressReport.objects.filter(occurrence__task=task)
        .select_related("agency", "reported_by", "occurrence")
        .prefetch_related("evidence")
    )


# --- the plan's figures -----------------------------------------------------------------------------------


@dataclass
class Tally:
    """Occurrences of some tasks: how many, done, overdue, and the mean percent of completion."""

    label: str
    key: str = ""
    occurrences: int = 0
    done: int = 0
    overdue: int = 0
    percent_sum: int = 0
    tasks: set = field(default_factory=set)

    def add(self, *, task_id: int, percent: int, done: bool, overdue: bool) -> None:
        self.tasks.add(task_id)
        self.occurrences += 1
        self.done += done
        self.overdue += overdue
        self.percent_sum += percent

    @property
    def task_count(self) -> int:
        return len(self.tasks)

    @property
    def percent(self) -> int:
        return round(self.percent_sum / self.occurrences) if self.occurrences else 0


@dataclass
class Overview:
    plan: Plan
    today: datetime.date
    tasks: list[PlanTask]
    total: Tally
    by_group: list[Tally]
    by_agency: list[Tally]
    overdue: list[TaskOccurrence]


def latest_reports(plan: Plan) -> dict[tuple[int, int], ProgressReport]:
    """The latest report of each (occurrence, agency) of ``plan``: one query."""
    latest: dict[tuple[int, int], ProgressReport] = {}
    reports = ProgressReport.objects.filter(occurrence__task__plan=plan).order_by("reported_at", "id")
    for report in reports.only("id", "occurrence_id", "agency_id", "status", "percent", "reported_at"):
        latest[(report.occurrence_id, report.agency_id)] = report
    return latest


def plan_overview(plan: Plan, *, today: datetime.date) -> Overview:
    """Progress by group and by lead agency, and the overdue occurrences, in a fixed number of queries."""
    tasks = tasks_of_plan(plan)
    latest = latest_reports(plan)
    total = Tally(label="Toàn kế hoạch")
    groups: dict[int, Tally] = {}
    agencies: dict[int, Tally] = {}
    overdue = []
    for task in tasks:
        group = groups.setdefault(task.group_id, Tally(label=str(task.group), key=task.group.number))
        for occurrence in task.occurrences.all():
            state = occurrence_state(occurrence, today=today)
            occurrence.state = state
            flags = dict(task_id=task.pk, done=state == "done", overdue=state == "overdue")
            total.add(percent=occurrence.percent, **flags)
            group.add(percent=occurrence.percent, **flags)
            if state == "overdue":
                occurrence.task_ref = task
                overdue.append(occurrence)
            for agency in occurrence_leads(occurrence, task):
                report = latest.get((occurrence.pk, agency.pk))
                tally = agencies.setdefault(agency.pk, Tally(label=agency.short_name or agency.name))
                done = report is not None and report.status == Status.DONE
                late = not done and occurrence.due is not None and occurrence.due < today
                tally.add(task_id=task.pk, percent=report.percent if report else 0, done=done, overdue=late)
    by_agency = sorted(agencies.values(), key=lambda tally: (-tally.occurrences, tally.label))
    overdue.sort(key=lambda occurrence: occurrence.due)
    return Overview(
        plan=plan,
        today=today,
        tasks=tasks,
        total=total,
        by_group=list(groups.values()),
        by_agency=by_agency,
        overdue=overdue,
    )


def progress_rows(plan: Plan, *, today: datetime.date) -> list[dict]:
    """One row per occurrence and lead agency: the progress report table (Excel export)."""
    latest = latest_reports(plan)
    notes = {
        report.pk: report.note
        for report in ProgressReport.objects.filter(pk__in=[r.pk for r in latest.values()]).only("id", "note")
    }
    rows = []
    for task in tasks_of_plan(plan):
        for occurrence in task.occurrences.all():
            for agency in occurrence_leads(occurrence, task) or [None]:
                report = latest.get((occurrence.pk, agency.pk)) if agency else None
                rows.append(
                    {
                        "group": str(task.group),
                        "number": task.number,
                        "content": task.content,
                        "agency": agency.name if agency else "; ".join(task.lead_names),
                        "period": occurrence.label,
                        "due": occurrence.due,
                        "status": report.get_status_display() if report else Status.NOT_STARTED.label,
                        "percent": report.percent if report else 0,
                        "reported_at": report.reported_at if report else None,
                        "note": notes.get(report.pk, "") if report else "",
                        "state": STATE_LABELS[occurrence_state(occurrence, today=today)],
                    }
                )
    return rows


# --- agencies' own plans ----------------------------------------------------------------------------------

# The agencies a province plan asks to issue their own plan: the departments and the district (now commune)
# committees that lead its tasks ("Thủ trưởng các sở, ban, ngành, Chủ tịch UBND các huyện … xây dựng Kế
# hoạch … của cơ quan, đơn vị", seeds 000 and 001).
DERIVING_KINDS = (Agency.Kind.DEPARTMENT, Agency.Kind.DISTRICT_COMMITTEE, Agency.Kind.COMMUNE_COMMITTEE)


@dataclass(frozen=True)
class PendingDerivation:
    agency: Agency
    overdue: bool


def expected_derivers(plan: Plan) -> list[Agency]:
    """The agencies expected to derive their own plan from ``plan``: those of :data:`DERIVING_KINDS` leading
    one of its tasks (a derived plan itself expects none)."""
    if plan.parent_id is not None:
        return []
    leads = Agency.objects.filter(led_plan_tasks__plan=plan, kind__in=DERIVING_KINDS).exclude(
        pk=plan.agency_id
    )
    return list(Agency.objects.filter(pk__in=leads.values("pk")).order_by("path"))


def pending_derivations(plan: Plan, *, today: datetime.date) -> list[PendingDerivation]:
    """The expected agencies that have not derived their plan yet (none when the plan sets no due date)."""
    if plan.derived_due is None:
        return []
    done = set(plan.derived.values_list("agency_id", flat=True))
    overdue = plan.derived_due < today
    return [
        PendingDerivation(agency=agency, overdue=overdue)
        for agency in expected_derivers(plan)
        if agency.pk not in done
    ]
