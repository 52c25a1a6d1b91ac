"""Reads of the organisation tree. Anything shown to a staff user is narrowed by :mod:`scoping`."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import QuerySet

from tthc.core.errors import NotFound
from tthc.organisation.models import Agency, Membership
from tthc.organisation.scoping import Permission, agencies_in_scope


@dataclass(frozen=True)
class TreeNode:
    agency: Agency
    depth: int


def agency_tree(*, on: datetime.date, user=None) -> list[TreeNode]:
    """The agencies valid on ``on``, depth-first with siblings by code, in one query.

    With ``user``, only the agencies in that user's scope. An agency whose parent is not in the result (closed
    on that day, or out of scope) is shown as a root rather than hidden.
    """
    agencies = Agency.objects.valid_on(on).select_related("level")
    if user is not None:
        agencies = agencies & agencies_in_scope(user, permission=Permission.VIEW, on=on)
    agencies = list(agencies.order_by("code"))
    present = {agency.pk for agency in agencies}
    children: dict[int | None, list[Agency]] = {}
    for agency in agencies:
        parent = agency.parent_id if agency.parent_id in present else None
        children.setdefault(parent, []).append(agency)
    nodes: list[TreeNode] = []
    stack = [(agency, 0) for agency in reversed(children.get(None, []))]
    while stack:
        agency, depth = stack.pop()
        nodes.append(TreeNode(agency=agency, depth=depth))
        stack.extend((child, depth + 1) for child in reversed(children.get(agency.pk, [])))
    return nodes


def visible_agency(user, *, agency_id: int) -> Agency:
    """The agency ``agency_id`` if ``user`` may see it, else :class:`NotFound`: its existence stays hidden."""
    agency = (
        agencies_in_scope(user).select_related("level", "parent", "administrative_unit").filter(pk=agency_id)
    )
    found = agency.first()
    if found is None:
        raise NotFound(f"Không tìm thấy cơ quan có mã số {agency_id}.")
    return found


def roles_of(user, *, on: datetime.date) -> QuerySet[Membership]:
    """The roles ``user`` holds on ``on``, with their agencies, by agency then role."""
    if not getattr(user, "is_authenticated", False):
        return Membership.objects.none()
    return (
        Membership.objects.valid_on(on)
        .filter(user=user)
        .select_related("agency", "agency__level")
        .order_by("agency__path", "role")
    )
