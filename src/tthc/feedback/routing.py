"""Proposing the competent agency: routing rules as data, tried in order; the first that matches wins.

A rule on a procedure matches when the case concerns it (the sender's procedure or one the officer named at
classification). When no rule matches, the agency implementing the procedure the feedback concerns (its
version in force on the day of receipt) is proposed. The officer confirms or overrides;
:func:`services.classify_feedback` logs the proposal, the choice and who made it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tthc.catalog.models import ProcedureVersion, VersionAgency
from tthc.core.folding import fold
from tthc.core.timezone import local
from tthc.feedback.models import Feedback, RoutingRule
from tthc.organisation.models import Agency

IMPLEMENTING_PARTS = (VersionAgency.Part.IMPLEMENTING, VersionAgency.Part.COMPETENT)


@dataclass(frozen=True)
class Proposal:
    agency: Agency | None
    source: str  # "rule", "procedure" or "" (nothing to propose)
    rule: RoutingRule | None = None

    @property
    def explanation(self) -> str:
        if self.rule:
            return f"Theo quy tắc “{self.rule.name}”"
        if self.source == "procedure":
            return "Theo cơ quan thực hiện thủ tục liên quan"
        return "Không có đề xuất: chọn cơ quan có thẩm quyền"


@dataclass(frozen=True)
class Facts:
    """What rules are matched against."""

    field_ids: set[int] = field(default_factory=set)
    procedure_ids: set[int] = field(default_factory=set)
    agency_ids: set[int] = field(default_factory=set)
    category_id: int | None = None
    text: str = ""
    implementing: list[Agency] = field(default_factory=list)


def keywords_of(rule: RoutingRule) -> list[str]:
    return [fold(k) for k in re.split(r"[,\n;]", rule.keywords) if fold(k)]


def facts_of(feedback: Feedback) -> Facts:
    """The case's facts: its field, every procedure concerned (the sender's and the officer's), the fields
    and implementing agencies of those procedures' versions in force on the day of receipt."""
    field_ids = {feedback.field_id} if feedback.field_id else set()
    procedure_ids = set(feedback.procedures.values_list("pk", flat=True)) if feedback.pk else set()
    if feedback.procedure_id:
        procedure_ids.add(feedback.procedure_id)
    implementing: list[Agency] = []
    versions = (
        ProcedureVersion.objects.in_force(local(feedback.received_at).date())
        .filter(procedure_id__in=procedure_ids)
        .prefetch_related("fields")
        .order_by("procedure__code")
        if procedure_ids
        else []
    )
    for version in versions:
        field_ids |= {f.pk for f in version.fields.all()}
        parts = version.agency_parts.filter(part__in=IMPLEMENTING_PARTS).select_related("agency")
        implementing += [part.agency for part in parts if part.agency not in implementing]
    return Facts(
        field_ids=field_ids,
        procedure_ids=procedure_ids,
        agency_ids={feedback.agency_id, *(a.pk for a in implementing)},
        category_id=feedback.category_id,
        text=feedback.content_folded,
        implementing=implementing,
    )


def matches(rule: RoutingRule, facts: Facts) -> bool:
    if rule.field_id and rule.field_id not in facts.field_ids:
        return False
    if rule.procedure_id and rule.procedure_id not in facts.procedure_ids:
        return False
    if rule.agency_id and rule.agency_id not in facts.agency_ids:
        return False
    if rule.category_id and rule.category_id != facts.category_id:
        return False
    words = keywords_of(rule)
    return not words or any(word in facts.text for word in words)


def propose_agency(feedback: Feedback) -> Proposal:
    facts = facts_of(feedback)
    for rule in RoutingRule.objects.filter(active=True).select_related("target_agency"):
        if matches(rule, facts):
            return Proposal(agency=rule.target_agency, source="rule", rule=rule)
    if facts.implementing:
        return Proposal(agency=facts.implementing[0], source="procedure")
    return Proposal(agency=None, source="")
