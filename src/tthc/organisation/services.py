"""Writes to the organisation tree: loading administrative units, creating and moving agencies, roles.

Every write done on behalf of a staff user checks ``Permission.MANAGE_ORGANISATION`` through
:mod:`tthc.organisation.scoping` on the agency it touches; loading units is an operator task run from the
command line and needs no user.
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass
from functools import cache

import vietnam_provinces
from django.db import transaction
from tqdm import tqdm

from tthc.core.errors import DomainError, NotFound
from tthc.organisation.models import AdministrativeLevel, AdministrativeUnit, Agency, Membership, Role, User
from tthc.organisation.scoping import Permission, forget_reach, require_in_scope

# The two-level local government (Resolution 203/2025/QH15) took effect on this day; the package's
# post-2025 list describes the units from then on.
TWO_LEVEL_GOVERNMENT_FROM = datetime.date(2025, 7, 1)


@dataclass(frozen=True)
class LoadReport:
    province: str
    created: int
    updated: int


@cache
def _divisions() -> dict[int, dict]:
    """The package's post-2025 provinces by code, each with its ``wards`` (communes, wards, special zones)."""
    with open(vietnam_provinces.NESTED_DIVISIONS_JSON_PATH, encoding="utf-8") as file:
        return {province["code"]: province for province in json.load(file)}


def list_provinces() -> list[tuple[int, str]]:
    """(code, name) of the 34 provinces and centrally-run cities, by code."""
    return sorted((code, province["name"]) for code, province in _divisions().items())


def commune_code(code: int) -> str:
    # The national list writes commune codes with five digits; padding also keeps them apart from the
    # province codes stored in the same column (commune 4 would otherwise collide with province 4).
    return f"{code:05d}"


def load_units(*, province_code: int, progress: bool = False) -> LoadReport:
    """Create or update the province ``province_code`` and its communes as :class:`AdministrativeUnit` rows.

    Idempotent by unit code: a second run creates nothing and, when the package data has not changed,
    updates nothing.
    """
    province = _divisions().get(province_code)
    if province is None:
        raise DomainError(
            f"Không có tỉnh, thành phố nào mang mã {province_code} trong danh mục đơn vị hành chính sau "
            "01/07/2025. Xem các mã hợp lệ bằng lệnh: tthc org provinces",
            code="unknown_province",
            field="province_code",
        )
    levels = {
        level.code: level for level in AdministrativeLevel.objects.filter(code__in=["province", "commune"])
    }
    created = updated = 0
    with transaction.atomic():
        unit, was_created, was_updated = _put_unit(
            code=str(province["code"]),
            name=province["name"],
            division_type=province["division_type"],
            level=levels["province"],
            parent=None,
        )
        created += was_created
        updated += was_updated
        existing = {u.code: u for u in AdministrativeUnit.objects.filter(parent=unit)}
        wards = province["wards"]
        for ward in tqdm(wards, desc=province["name"], unit=" đơn vị", disable=not progress):
            _, was_created, was_updated = _put_unit(
                code=commune_code(ward["code"]),
                name=ward["name"],
                division_type=ward["division_type"],
                level=levels["commune"],
                parent=unit,
                existing=existing,
            )
            created += was_created
            updated += was_updated
    return LoadReport(province=province["name"], created=created, updated=updated)


def _put_unit(
    *, code, name, division_type, level, parent, existing=None
) -> tuple[AdministrativeUnit, bool, bool]:
    values = {
        "name": name,
        "division_type": division_type,
        # Compared by id: reading ``unit.level`` or ``unit.parent`` would cost a query per unit on a re-run.
        "level_id": level.pk,
        "parent_id": parent.pk if parent is not None else None,
        "valid_from": TWO_LEVEL_GOVERNMENT_FROM,
    }
    unit = existing.get(code) if existing is not None else None
    if unit is None:
        unit = AdministrativeUnit.objects.filter(code=code).first()
    if unit is None:
        return AdministrativeUnit.objects.create(code=code, **values), True, False
    changed = [field for field, value in values.items() if getattr(unit, field) != value]
    if not changed:
        return unit, False, False
    for field in changed:
        setattr(unit, field, values[field])
    unit.save()
    return unit, False, True


def create_agency(
    *,
    user: User,
    code: str,
    name: str,
    kind: str,
    level: AdministrativeLevel,
    parent: Agency | None = None,
    administrative_unit: AdministrativeUnit | None = None,
    short_name: str = "",
    supervises_province: bool = False,
    valid_from: datetime.date | None = None,
    valid_to: datetime.date | None = None,
) -> Agency:
    """Create an agency under ``parent``; ``user`` must administer the parent (the province, for a root)."""
    code = code.strip()
    name = name.strip()
    if not code:
        raise DomainError("Mã định danh của cơ quan không được để trống.", field="code")
    if not name:
        raise DomainError("Tên cơ quan không được để trống.", field="name")
    if kind not in Agency.Kind.values:
        raise DomainError(f"Loại cơ quan «{kind}» không có trong danh mục.", field="kind")
    if valid_from and valid_to and valid_to <= valid_from:
        raise DomainError("Ngày hết hiệu lực phải sau ngày bắt đầu hiệu lực.", field="valid_to")
    with transaction.atomic():
        if parent is not None:
            require_in_scope(user, parent, permission=Permission.MANAGE_ORGANISATION)
        if Agency.objects.filter(code=code).exists():
            raise DomainError(f"Mã định danh {code} đã được dùng cho một cơ quan khác.", field="code")
        agency = Agency.objects.create(
            code=code,
            name=name,
            kind=kind,
            level=level,
            parent=parent,
            administrative_unit=administrative_unit,
            short_name=short_name,
            supervises_province=supervises_province,
            valid_from=valid_from,
            valid_to=valid_to,
        )
        # Checked on the new agency itself: a root agency lies in nobody's subtree, so only a province-wide
        # administrator reaches it. Raising here rolls the row back.
        require_in_scope(user, agency, permission=Permission.MANAGE_ORGANISATION)
    return agency


def move_agency(*, user: User, agency: Agency, parent: Agency | None) -> Agency:
    """Hang ``agency`` (and its subtree) under ``parent``; ``user`` must administer both places."""
    with transaction.atomic():
        require_in_scope(user, agency, permission=Permission.MANAGE_ORGANISATION)
        if parent is not None:
            require_in_scope(user, parent, permission=Permission.MANAGE_ORGANISATION)
            parent.refresh_from_db()
            if parent.path.startswith(agency.path):
                raise DomainError(
                    f"Không thể đặt {agency.name} trực thuộc {parent.name}: "
                    f"{parent.name} đang thuộc {agency.name}.",
                    field="parent",
                )
        agency.parent = parent
        agency.save()
        require_in_scope(user, agency, permission=Permission.MANAGE_ORGANISATION)
    return agency


def grant_role(
    *, user: User, agency: Agency, role: str, granted_by: User, valid_from: datetime.date | None = None
) -> Membership:
    """Give ``user`` ``role`` in ``agency`` from ``valid_from`` (None: since always); ``granted_by`` must
    administer that agency.

    Granting a role the user holds (open-ended) changes nothing. Granting one that had ended starts a new
    period, a row of its own, so the earlier period stays in the history; it needs ``valid_from``, on or after
    the day the last period ended.
    """
    if role not in Role.values:
        raise DomainError(f"Vai trò «{role}» không có trong danh mục.", field="role")
    with transaction.atomic():
        require_in_scope(granted_by, agency, permission=Permission.MANAGE_ORGANISATION)
        periods = Membership.objects.select_for_update().filter(user=user, agency=agency, role=role)
        held = periods.filter(valid_to__isnull=True).first()
        if held is not None:
            return held
        ended = periods.order_by("-valid_to").values_list("valid_to", flat=True).first()
        if ended is not None and (valid_from is None or valid_from < ended):
            label = Role(role).label
            raise DomainError(
                f"{user} đã giữ vai trò {label} tại {agency} đến ngày {ended:%d/%m/%Y}; hãy cho biết ngày "
                f"bắt đầu giữ lại vai trò, từ {ended:%d/%m/%Y} trở đi.",
                code="role_period_overlaps",
                field="valid_from",
            )
        membership = Membership.objects.create(user=user, agency=agency, role=role, valid_from=valid_from)
    forget_reach(user)
    return membership


def revoke_role(*, user: User, agency: Agency, role: str, revoked_by: User, on: datetime.date) -> Membership:
    """End ``user``'s ``role`` in ``agency`` from ``on``; the membership stays as history."""
    if role not in Role.values:
        raise DomainError(f"Vai trò «{role}» không có trong danh mục.", field="role")
    with transaction.atomic():
        require_in_scope(revoked_by, agency, permission=Permission.MANAGE_ORGANISATION)
        membership = Membership.objects.valid_on(on).filter(user=user, agency=agency, role=role).first()
        if membership is None:
            raise NotFound(
                f"{user} không giữ vai trò {Role(role).label} tại {agency} vào ngày {on:%d/%m/%Y}."
            )
        membership.valid_to = on
        membership.save()
    forget_reach(user)
    return membership
