"""The approved internal process of a procedure at one competent agency: reading and configuring it.

A process is an ordered list of steps, each performed by an agency (blank: the receiving desk for receiving
and returning, the competent agency itself otherwise) in a role, with its share of the procedure's time
limit; the shares sum to 100 %. A user performs a step only at its agency and in its role
(:func:`tthc.dossiers.workflow.perform`). When none is configured the
dossier follows :data:`tthc.dossiers.services.DEFAULT_PROCESS`. Configuring is the control officers' work
(permission ``MANAGE_CATALOG`` on the competent agency). Dossiers already received keep the steps they were
given: changing a process only affects dossiers received afterwards.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db import transaction
from django.db.models import Count

from tthc.catalog.models import ProcedureVersion, VersionAgency
from tthc.catalog.selectors import search_versions
from tthc.core.errors import ValidationFailed
from tthc.dossiers.models import InternalProcess, ProcessStep
from tthc.dossiers.services import DEFAULT_PROCESS, competent_candidates
from tthc.organisation.models import Agency, Role
from tthc.organisation.scoping import Permission, can, require_in_scope

MAX_STEPS = 20
TOTAL_SHARE = 100


@dataclass
class StepData:
    name: str
    kind: str
    role: str
    share_percent: int
    agency_id: int | None = None  # None: the receiving desk (receive, return), else the competent agency


@dataclass(frozen=True)
class ProcessRow:
    """One procedure × competent agency pair of the list, and its configured process (if any)."""

    version: ProcedureVersion
    agency: Agency
    process: InternalProcess | None
    step_count: int

    @property
    def configured(self) -> bool:
        return self.step_count > 0


def default_steps() -> list[StepData]:
    return [
        StepData(name=name, kind=kind, role=role, share_percent=share)
        for name, kind, role, share in DEFAULT_PROCESS
    ]


def process_of(*, procedure_id: int, agency: Agency) -> InternalProcess | None:
    return InternalProcess.objects.filter(procedure_id=procedure_id, agency=agency).first()


def steps_of(process: InternalProcess | None) -> list[StepData]:
    """The steps of ``process`` as data; the default process when it has none."""
    if process is None:
        return default_steps()
    steps = [
        StepData(name=s.name, kind=s.kind, role=s.role, share_percent=s.share_percent, agency_id=s.agency_id)
        for s in process.steps.all()
    ]
    return steps or default_steps()


def check_steps(steps: list[StepData]) -> list[StepData]:
    """The steps cleaned, or :class:`ValidationFailed` listing every problem (record = step number)."""
    problems = []

    def problem(row: int, field_name: str, message: str):
        problems.append({"record": str(row), "field": field_name, "message": message})

    cleaned = []
    if not steps:
        raise ValidationFailed("Quy trình phải có ít nhất một bước.", field="steps")
    if len(steps) > MAX_STEPS:
        raise ValidationFailed(f"Quy trình có tối đa {MAX_STEPS} bước.", field="steps")
    for row, step in enumerate(steps, start=1):
        name = " ".join((step.name or "").split())
        if not name:
            problem(row, "name", f"Bước {row}: chưa nhập tên bước.")
        elif len(name) > 255:
            problem(row, "name", f"Bước {row}: tên bước dài quá 255 ký tự.")
        if step.kind not in ProcessStep.Kind.values:
            problem(row, "kind", f"Bước {row}: loại bước không hợp lệ.")
        if step.role not in Role.values:
            problem(row, "role", f"Bước {row}: vai trò thực hiện không hợp lệ.")
        share = step.share_percent
        if not isinstance(share, int) or isinstance(share, bool) or not 1 <= share <= TOTAL_SHARE:
            problem(row, "share_percent", f"Bước {row}: tỷ lệ thời hạn phải là số nguyên từ 1 đến 100 (%).")
            share = 0
        cleaned.append(
            StepData(name=name, kind=step.kind, role=step.role, share_percent=share, agency_id=step.agency_id)
        )
    total = sum(s.share_percent for s in cleaned)
    if not problems and total != TOTAL_SHARE:
        problem(0, "share_percent", f"Tổng tỷ lệ thời hạn các bước phải bằng 100% (hiện là {total}%).")
    if problems:
        raise ValidationFailed(problems[0]["message"], field="steps", details=problems)
    return cleaned


def candidates_of(version: ProcedureVersion) -> list[Agency]:
    """:func:`services.competent_candidates` read from the version's prefetched agency parts (no query)."""
    parts = list(version.agency_parts.all())
    competent = [p.agency for p in parts if p.part == VersionAgency.Part.COMPETENT]
    return competent or [p.agency for p in parts if p.part == VersionAgency.Part.IMPLEMENTING]


def _require_competent(version: ProcedureVersion, agency: Agency) -> None:
    if agency.pk not in {a.pk for a in competent_candidates(version)}:
        raise ValidationFailed(
            f"{agency.name} không phải là cơ quan giải quyết thủ tục {version.procedure.code}.",
            field="agency",
        )


@transaction.atomic
def save_process(
    *,
    version: ProcedureVersion,
    agency: Agency,
    steps: list[StepData],
    decision: str = "",
    approved_on: datetime.date | None = None,
    user,
) -> InternalProcess:
    """Replace the process of ``version``'s procedure at ``agency`` with ``steps`` (all or nothing)."""
    require_in_scope(user, agency, permission=Permission.MANAGE_CATALOG)
    _require_competent(version, agency)
    cleaned = check_steps(steps)
    agency_ids = {s.agency_id for s in cleaned if s.agency_id is not None}
    known = set(Agency.objects.filter(pk__in=agency_ids).values_list("pk", flat=True))
    if agency_ids - known:
        raise ValidationFailed("Cơ quan thực hiện của một bước không tồn tại.", field="agency")
    decision = " ".join((decision or "").split())
    if len(decision) > 200:
        raise ValidationFailed("Số quyết định phê duyệt dài quá 200 ký tự.", field="decision")
    process, _ = InternalProcess.objects.select_for_update().get_or_create(
        procedure_id=version.procedure_id, agency=agency
    )
    process.decision = decision
    process.approved_on = approved_on
    process.save(update_fields=["decision", "approved_on"])
    process.steps.all().delete()
    ProcessStep.objects.bulk_create(
        ProcessStep(
            process=process,
            position=position,
            name=step.name,
            kind=step.kind,
            agency_id=step.agency_id,
            role=step.role,
            share_percent=step.share_percent,
        )
        for position, step in enumerate(cleaned, start=1)
    )
    return process


@transaction.atomic
def reset_process(*, version: ProcedureVersion, agency: Agency, user) -> None:
    """Drop the configured process: dossiers received afterwards follow the default process."""
    require_in_scope(user, agency, permission=Permission.MANAGE_CATALOG)
    InternalProcess.objects.filter(procedure_id=version.procedure_id, agency=agency).delete()


def process_page(user, *, query: str = "", on: datetime.date, page=1, per_page: int = 25) -> Page:
    """A page of procedures in force with, for each, the competent agencies ``user`` may configure and their
    process. Three queries for the versions and their agencies, one for the processes, whatever the page."""
    versions = search_versions(query=query, on=on)
    result = Paginator(versions, per_page).get_page(page)
    pairs = []
    for version in result.object_list:
        for agency in candidates_of(version):
            if can(user, agency, permission=Permission.MANAGE_CATALOG):
                pairs.append((version, agency))
    processes = {}
    if pairs:
        rows = InternalProcess.objects.filter(
            procedure_id__in={v.procedure_id for v, _ in pairs}, agency_id__in={a.pk for _, a in pairs}
        ).annotate(step_count=Count("steps"))
        processes = {(p.procedure_id, p.agency_id): p for p in rows}
    result.object_list = [
        ProcessRow(
            version=version,
            agency=agency,
            process=processes.get((version.procedure_id, agency.pk)),
            step_count=getattr(processes.get((version.procedure_id, agency.pk)), "step_count", 0),
        )
        for version, agency in pairs
    ]
    return result
