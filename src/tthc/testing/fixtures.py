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


# --- the one-stop desk: procedures to file dossiers for ---

ONE_STOP_PROCEDURE = "1.000001.H99"
COMMUNE_PROCEDURE = "2.000002.H99"


def one_stop_records() -> list[dict]:
    """A province-level procedure of Sở Tư pháp (5 working days, fee 50,000 đ, partly online) and a
    commune-level one implemented by both commune committees (3 working days, free)."""
    return [
        {
            "code": ONE_STOP_PROCEDURE,
            "name": "Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam",
            "levels": ["province"],
            "fields": [{"code": "LLTP", "name": "Lý lịch tư pháp"}],
            "channels": [
                {"channel": "in_person", "processing_time": 5, "time_unit": "working_days", "fee": 50000},
                {"channel": "online", "processing_time": 5, "time_unit": "working_days", "fee": 45000},
                {"channel": "postal", "processing_time": 5, "time_unit": "working_days", "fee": 50000},
            ],
            "documents": [
                {"name": "Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp", "template": "Mẫu 03/2013/TT-LLTP"},
                {"name": "Bản chụp giấy tờ tùy thân", "originals": 0, "copies": 1},
            ],
            "agencies": {"implementing": ["000.00.10.H99"]},
            "online_level": "partly",
            "flags": {"postal": True},
        },
        {
            "code": COMMUNE_PROCEDURE,
            "name": "Đăng ký khai sinh",
            "levels": ["commune"],
            "fields": [{"code": "HT", "name": "Hộ tịch"}],
            "channels": [
                {"channel": "in_person", "processing_time": 3, "time_unit": "working_days", "fee": 0}
            ],
            "documents": [{"name": "Tờ khai đăng ký khai sinh"}, {"name": "Giấy chứng sinh"}],
            "agencies": {"implementing": ["000.10.30.H99", "000.10.31.H99"]},
            "online_level": "fully",
        },
    ]


@pytest.fixture
def one_stop(province):
    """``province`` with the one-stop procedures in force since 1 Jan 2025, an approver at Sở Tư pháp and a
    desk officer at each commune."""
    import datetime

    from tthc.catalog.services import import_records
    from tthc.core.timezone import VIETNAM

    import_records(records=one_stop_records(), now=datetime.datetime(2025, 1, 1, 8, 0, tzinfo=VIETNAM))
    users = province.users
    users.approver_justice = staff(Role.APPROVER, province.justice, username="approver_justice")
    users.specialist_construction = staff(
        Role.SPECIALIST, province.construction, username="specialist_construction"
    )
    users.desk_commune_a = staff(Role.DESK_OFFICER, province.commune_a, username="desk_commune_a")
    users.desk_commune_b = staff(Role.DESK_OFFICER, province.commune_b, username="desk_commune_b")
    province.procedure_code = ONE_STOP_PROCEDURE
    province.commune_procedure_code = COMMUNE_PROCEDURE
    return province


@pytest.fixture
def media(settings, tmp_path):
    """Uploaded and generated files go to a folder of the test (on the filesystem, whatever storage the
    settings name), never to the project's var/media; the folder is returned."""
    root = tmp_path / "media"
    settings.MEDIA_ROOT = root
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(root)},
        },
    }
    return root
