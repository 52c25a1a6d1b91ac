"""Fixtures shared by every capability's tests (a pytest plugin loaded by the root conftest)."""

from types import SimpleNamespace

import pytest

from tthc.organisation.models import Agency, Role
from tthc.testing.factories import AgencyFactory, level, staff


@pytest.fixture
def province(db):
    """A small province in the two-level shape: committee, office, two departments, centre, two communes.

    ``province.users`` holds one user per role, named ``<role>_<agency key>``.
    """
    committee = AgencyFactory(
        code="000.00.00.H99", name="UBND tỉnh Thử Nghiệm", kind=Agency.Kind.PROVINCIAL_COMMITTEE
    )
    office = AgencyFactory(
        code="000.00.01.H99",
        name="Văn phòng UBND tỉnh",
        kind=Agency.Kind.OFFICE,
        parent=committee,
        supervises_province=True,
    )
    justice = AgencyFactory(code="000.00.10.H99", name="Sở Tư pháp", parent=committee)
    construction = AgencyFactory(code="000.00.11.H99", name="Sở Xây dựng", parent=committee)
    centre = AgencyFactory(
        code="000.00.20.H99",
        name="Trung tâm Phục vụ hành chính công",
        kind=Agency.Kind.SERVICE_CENTRE,
        parent=committee,
    )
    commune_a = AgencyFactory(
        code="000.10.30.H99",
        name="UBND xã An Bình",
        kind=Agency.Kind.COMMUNE_COMMITTEE,
        level=level("commune"),
        parent=committee,
    )
    commune_b = AgencyFactory(
        code="000.10.31.H99",
        name="UBND phường Đông Hà",
        kind=Agency.Kind.COMMUNE_COMMITTEE,
        level=level("commune"),
        parent=committee,
    )
    agencies = dict(
        committee=committee,
        office=office,
        justice=justice,
        construction=construction,
        centre=centre,
        commune_a=commune_a,
        commune_b=commune_b,
    )
    users = SimpleNamespace(
        admin_office=staff(Role.ADMINISTRATOR, office, username="admin_office"),
        control_office=staff(Role.CONTROL_OFFICER, office, username="control_office"),
        control_justice=staff(Role.CONTROL_OFFICER, justice, username="control_justice"),
        control_construction=staff(Role.CONTROL_OFFICER, construction, username="control_construction"),
        specialist_justice=staff(Role.SPECIALIST, justice, username="specialist_justice"),
        leader_justice=staff(Role.LEADER, justice, username="leader_justice"),
        desk_centre=staff(Role.DESK_OFFICER, centre, username="desk_centre"),
        admin_commune_a=staff(Role.ADMINISTRATOR, commune_a, username="admin_commune_a"),
    )
    return SimpleNamespace(**agencies, users=users)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Argon2 is deliberately slow; tests hash hundreds of passwords and check none of its properties.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
