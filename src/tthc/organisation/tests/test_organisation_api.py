"""The organisation API answers only within the caller's scope; another agency's data is not found."""

import pytest

from tthc.organisation.models import Agency


def ids(response) -> set[int]:
    return {agency["id"] for agency in response.json()}


@pytest.mark.django_db
@pytest.mark.scoped_endpoint("api:organisation_agencies")
def test_agency_list_shows_only_the_callers_agencies(client, province):
    client.force_login(province.users.control_construction)
    response = client.get("/api/v1/organisation/agencies")
    assert response.status_code == 200
    assert ids(response) == {province.construction.pk}


@pytest.mark.django_db
def test_agency_list_shows_the_whole_province_to_the_provincial_office(client, province):
    client.force_login(province.users.control_office)
    assert ids(client.get("/api/v1/organisation/agencies")) == set(
        Agency.objects.values_list("pk", flat=True)
    )


@pytest.mark.django_db
def test_the_organisation_api_refuses_anonymous_callers(client, province):
    for url in (
        "/api/v1/organisation/agencies",
        f"/api/v1/organisation/agencies/{province.justice.pk}",
        "/api/v1/organisation/me",
    ):
        assert client.get(url).status_code == 401, url


@pytest.mark.django_db
@pytest.mark.scoped_endpoint("api:organisation_agency")
def test_another_agencys_agency_is_not_found(client, province):
    client.force_login(province.users.control_construction)
    response = client.get(f"/api/v1/organisation/agencies/{province.justice.pk}")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert "Sở Tư pháp" not in response.content.decode()


@pytest.mark.django_db
def test_an_agency_in_scope_is_described_in_vietnamese(client, province):
    client.force_login(province.users.leader_justice)
    response = client.get(f"/api/v1/organisation/agencies/{province.justice.pk}")
    assert response.status_code == 200
    body = response.json()
    assert (body["code"], body["name"], body["kind_label"]) == (
        "000.00.10.H99",
        "Sở Tư pháp",
        "Sở, ban, ngành",
    )
    assert body["parent_name"] == "UBND tỉnh Thử Nghiệm"


@pytest.mark.django_db
def test_an_agency_that_does_not_exist_is_not_found(client, province):
    client.force_login(province.users.control_office)
    assert client.get("/api/v1/organisation/agencies/999999").status_code == 404


@pytest.mark.django_db
@pytest.mark.scoped_endpoint("api:organisation_me")
def test_me_lists_the_callers_own_roles_and_nobody_elses(client, province):
    client.force_login(province.users.control_construction)
    response = client.get("/api/v1/organisation/me")
    assert response.status_code == 200
    body = response.json()
    assert body["username"] == "control_construction"
    assert [(r["agency_code"], r["role"], r["role_label"]) for r in body["roles"]] == [
        ("000.00.11.H99", "control_officer", "Công chức đầu mối KSTTHC")
    ]
