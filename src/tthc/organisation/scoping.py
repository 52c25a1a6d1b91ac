"""The one place that decides which agencies' data a user may see or change.

Every view, API endpoint and command that reads or writes agency data filters through :func:`scope` (or
:func:`agencies_in_scope` / :func:`require_in_scope`, built on the same rule). The rule:

* a role held in an agency reaches that agency and every agency below it in the tree;
* a role held in an agency that ``supervises_province`` (the provincial office) reaches the whole province;
* a permission is granted only by the roles listed for it in :data:`ROLES_GRANTING`;
* superusers reach everything; anonymous users reach nothing.
"""

from __future__ import annotations

import datetime
import enum
from functools import reduce
from operator import or_

from django.db.models import Q, QuerySet
from django.utils import timezone

from tthc.core.errors import PermissionDenied
from tthc.organisation.models import Agency, Membership, Role


class Permission(enum.Enum):
    VIEW = "view"
    MANAGE_ORGANISATION = "manage_organisation"
    MANAGE_CALENDAR = "manage_calendar"
    MANAGE_CATALOG = "manage_catalog"
    RECEIVE_DOSSIERS = "receive_dossiers"
    PROCESS_DOSSIERS = "process_dossiers"
    APPROVE_DOSSIERS = "approve_dossiers"
    RECEIVE_FEEDBACK = "receive_feedback"
    CLASSIFY_FEEDBACK = "classify_feedback"
    ANSWER_FEEDBACK = "answer_feedback"
    APPROVE_FEEDBACK_ANSWERS = "approve_feedback_answers"
    MANAGE_PLANS = "manage_plans"
    REPORT_PLAN_PROGRESS = "report_plan_progress"


ROLES_GRANTING: dict[Permission, frozenset[str]] = {
    Permission.VIEW: frozenset(Role.values),
    Permission.MANAGE_ORGANISATION: frozenset({Role.ADMINISTRATOR}),
    Permission.MANAGE_CALENDAR: frozenset({Role.ADMINISTRATOR}),
    Permission.MANAGE_CATALOG: frozenset({Role.ADMINISTRATOR, Role.CONTROL_OFFICER}),
    Permission.RECEIVE_DOSSIERS: frozenset({Role.DESK_OFFICER}),
    Permission.PROCESS_DOSSIERS: frozenset({Role.SPECIALIST, Role.APPROVER}),
    Permission.APPROVE_DOSSIERS: frozenset({Role.APPROVER}),
    Permission.RECEIVE_FEEDBACK: frozenset({Role.CONTROL_OFFICER, Role.DESK_OFFICER}),
    Permission.CLASSIFY_FEEDBACK: frozenset({Role.CONTROL_OFFICER}),
    Permission.ANSWER_FEEDBACK: frozenset({Role.CONTROL_OFFICER, Role.SPECIALIST}),
    Permission.APPROVE_FEEDBACK_ANSWERS: frozenset({Role.APPROVER, Role.LEADER}),
    Permission.MANAGE_PLANS: frozenset({Role.CONTROL_OFFICER}),
    Permission.REPORT_PLAN_PROGRESS: frozenset({Role.CONTROL_OFFICER, Role.SPECIALIST, Role.APPROVER}),
}

_ALL = "*"


def _reach(user, permission: Permission, on: datetime.date) -> set[str]:
    """Agency path prefixes the user reaches with ``permission``; ``{"*"}`` means the whole province."""
    if not getattr(user, "is_authenticated", False):
        return set()
    if user.is_superuser:
        return {_ALL}
    cache = user.__dict__.setdefault("_tthc_reach", {})
    key = (permission, on)
    if key not in cache:
        # One query a day per user: the roles valid that day, from which every permission's reach follows
        # (a request that checks several permissions, as a dossier page does, reads the roles once).
        memberships = cache.get(on)
        if memberships is None:
            memberships = cache[on] = list(
                Membership.objects.valid_on(on)
                .filter(user=user)
                .values_list("role", "agency__path", "agency__supervises_province")
            )
        granting = ROLES_GRANTING[permission]
        reach = {_ALL if supervises else path for role, path, supervises in memberships if role in granting}
        cache[key] = {_ALL} if _ALL in reach else reach
    return cache[key]


def forget_reach(user) -> None:
    """Drop the reach remembered on ``user`` (call after granting or revoking a role)."""
    user.__dict__.pop("_tthc_reach", None)


def _today() -> datetime.date:
    return timezone.localdate()


def agencies_in_scope(user, *, permission: Permission = Permission.VIEW, on=None) -> QuerySet[Agency]:
    """The agencies whose data ``user`` may access with ``permission``."""
    reach = _reach(user, permission, on or _today())
    if not reach:
        return Agency.objects.none()
    if _ALL in reach:
        return Agency.objects.all()
    return Agency.objects.filter(reduce(or_, (Q(path__startswith=p) for p in reach)))


def scope(
    queryset: QuerySet, user, *, permission: Permission = Permission.VIEW, via: str = "agency", on=None
):
    """``queryset`` narrowed to the rows whose agency (reached through the lookup ``via``) is in scope.

    ``via`` may cross a to-many relation (``"agencies"``): rows are then returned once each.
    """
    reach = _reach(user, permission, on or _today())
    if not reach:
        return queryset.none()
    if _ALL in reach:
        return queryset
    condition = reduce(or_, (Q(**{f"{via}__path__startswith": p}) for p in reach))
    if "__" in via or _is_to_many(queryset.model, via):
        return queryset.filter(pk__in=queryset.model._default_manager.filter(condition).values("pk"))
    return queryset.filter(condition)


def _is_to_many(model, field_name: str) -> bool:
    field = model._meta.get_field(field_name)
    return bool(field.many_to_many or field.one_to_many)


def can(user, agency: Agency, *, permission: Permission = Permission.VIEW, on=None) -> bool:
    reach = _reach(user, permission, on or _today())
    return _ALL in reach or any(agency.path.startswith(p) for p in reach)


def can_anywhere(user, *, permission: Permission, on=None) -> bool:
    """Whether ``user`` holds ``permission`` in at least one agency (for showing menus and screens)."""
    return bool(_reach(user, permission, on or _today()))


def reaches_whole_province(user, *, permission: Permission, on=None) -> bool:
    """Whether ``user`` holds ``permission`` over every agency (for province-wide data such as days off)."""
    reach = _reach(user, permission, on or _today())
    if _ALL in reach:
        return True
    roots = Agency.objects.filter(parent__isnull=True).values_list("path", flat=True)
    return bool(reach) and all(any(root.startswith(p) for p in reach) for root in roots)


def require_in_scope(user, agency: Agency, *, permission: Permission = Permission.VIEW, on=None) -> None:
    """Raise :class:`PermissionDenied` unless ``user`` may act on ``agency``'s data with ``permission``."""
    if not can(user, agency, permission=permission, on=on):
        raise PermissionDenied(f"Bạn không có quyền đối với dữ liệu của {agency.name}.")
