"""Reading the demo data back: the logins table ``make run`` prints."""

from __future__ import annotations

from dataclasses import dataclass

from tthc.demo.services import DEMO_PASSWORD, user_specs
from tthc.organisation.models import Membership, Role, User

SUPERUSER_ROLE = "Quản trị trang /admin (superuser)"


@dataclass(frozen=True)
class Login:
    username: str
    password: str
    role: str
    agency: str


def demo_logins() -> list[Login]:
    """One row per role each demo user holds, in the order of the data file; users not loaded are left out."""
    usernames = [spec["username"] for spec in user_specs()]
    users = {u.username: u for u in User.objects.filter(username__in=usernames)}
    roles: dict[str, list[tuple[str, str]]] = {}
    memberships = (
        Membership.objects.filter(user__username__in=usernames)
        .select_related("agency", "user")
        .order_by("user__username", "role", "agency__code")
    )
    for membership in memberships:
        roles.setdefault(membership.user.username, []).append(
            (Role(membership.role).label, membership.agency.short_name or membership.agency.name)
        )
    rows = []
    for username in usernames:
        user = users.get(username)
        if user is None:
            continue
        if user.is_superuser:
            rows.append(Login(username, DEMO_PASSWORD, SUPERUSER_ROLE, "Toàn hệ thống"))
        for role, agency in roles.get(username, []):
            rows.append(Login(username, DEMO_PASSWORD, role, agency))
    return rows
