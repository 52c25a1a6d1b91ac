"""Django's permission API answers as the scoping module does, and logins are throttled."""

import pytest
from django.utils import timezone

from tthc.catalog import services
from tthc.catalog.records import ProcedureRecord

LOGIN = "/accounts/login/"


def _justice_procedure(province):
    record = ProcedureRecord.model_validate(
        {
            "code": "1.001193",
            "name": "Đăng ký khai sinh",
            "levels": ["province"],
            "fields": [{"code": "HT", "name": "Hộ tịch"}],
            "channels": [{"channel": "in_person", "processing_time": 1, "time_unit": "working_days"}],
            "agencies": {"implementing": [province.justice.code]},
        }
    )
    return services.save_draft(record=record, user=province.users.control_justice, now=timezone.now())


@pytest.mark.django_db
def test_has_perm_on_a_version_follows_the_scoping_rule(province):
    version = _justice_procedure(province)
    assert province.users.control_justice.has_perm("catalog.change_procedureversion", version)
    assert province.users.control_office.has_perm("catalog.change_procedureversion", version)
    assert not province.users.control_construction.has_perm("catalog.change_procedureversion", version)
    assert not province.users.leader_justice.has_perm("catalog.change_procedureversion", version)


@pytest.mark.django_db
def test_has_perm_on_an_agency_follows_the_scoping_rule(province):
    assert province.users.admin_office.has_perm("organisation.change_agency", province.justice)
    assert not province.users.admin_commune_a.has_perm("organisation.change_agency", province.justice)
    assert province.users.leader_justice.has_perm("organisation.view_agency", province.justice)
    assert not province.users.leader_justice.has_perm("organisation.view_agency", province.construction)


@pytest.mark.django_db
def test_login_is_locked_after_five_wrong_passwords(client, province, settings):
    settings.AXES_FAILURE_LIMIT = 5
    for _ in range(5):
        response = client.post(
            "/accounts/login/", {"username": "control_justice", "password": "sai-mat-khau"}
        )
    assert response.status_code in (403, 429)
    locked = client.post(
        "/accounts/login/", {"username": "control_justice", "password": "mat-khau-thu-nghiem"}
    )
    assert locked.status_code in (403, 429)
    assert "khóa" in locked.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_a_correct_password_logs_in_before_any_lockout(client, province):
    response = client.post(
        "/accounts/login/", {"username": "control_justice", "password": "mat-khau-thu-nghiem"}
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(province.users.control_justice.pk)
    assert client.get("/staff/").status_code == 200
