"""The organisation admin: superusers only, Vietnamese labels, search that ignores diacritics."""

import pytest
from django.contrib.auth.models import Permission as ModelPermission

from tthc.organisation.models import Agency, Role
from tthc.testing.factories import UserFactory


@pytest.fixture
def superuser(db):
    return UserFactory(username="root", is_staff=True, is_superuser=True)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/admin/organisation/agency/",
        "/admin/organisation/administrativeunit/",
        "/admin/organisation/administrativelevel/",
        "/admin/organisation/membership/",
        "/admin/organisation/user/",
        "/admin/organisation/user/add/",
    ],
)
def test_the_admin_screens_open_for_a_superuser(client, superuser, province, url):
    client.force_login(superuser)
    assert client.get(url).status_code == 200


@pytest.mark.django_db
def test_staff_who_are_not_superusers_are_refused_even_with_model_permissions(client, province):
    clerk = UserFactory(username="clerk", is_staff=True)
    clerk.user_permissions.set(ModelPermission.objects.filter(content_type__app_label="organisation"))
    client.force_login(clerk)
    assert client.get("/admin/organisation/agency/").status_code == 403
    assert client.get(f"/admin/organisation/agency/{province.justice.pk}/change/").status_code == 403
    assert "organisation" not in client.get("/admin/").content.decode()


@pytest.mark.django_db
def test_agency_search_ignores_case_and_diacritics(client, superuser, province):
    client.force_login(superuser)
    page = client.get("/admin/organisation/agency/", {"q": "so tu phap"}).content.decode()
    assert "Sở Tư pháp" in page
    assert "Sở Xây dựng" not in page


@pytest.mark.django_db
def test_agency_list_shows_code_kind_level_parent_and_validity(client, superuser, province):
    client.force_login(superuser)
    page = client.get("/admin/organisation/agency/").content.decode()
    for label in ("Mã định danh", "Loại cơ quan", "Cấp", "Trực thuộc", "Hiệu lực từ", "Hết hiệu lực từ"):
        assert label in page


@pytest.mark.django_db
def test_a_superuser_gives_a_new_user_a_role_on_the_user_page(client, superuser, province):
    client.force_login(superuser)
    response = client.post(
        "/admin/organisation/user/add/",
        {
            "username": "moi",
            "full_name": "Trần Thị B",
            "usable_password": "true",
            "password1": "Mk-dai-du-123!",
            "password2": "Mk-dai-du-123!",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    user = UserFactory._meta.model.objects.get(username="moi")
    data = {
        "username": "moi",
        "full_name": "Trần Thị B",
        "phone": "0233 3850 000",
        "email": "",
        "is_active": "on",
        "date_joined_0": "01/03/2026",
        "date_joined_1": "08:00:00",
        "memberships-TOTAL_FORMS": "1",
        "memberships-INITIAL_FORMS": "0",
        "memberships-0-agency": str(province.justice.pk),
        "memberships-0-role": Role.SPECIALIST,
    }
    response = client.post(f"/admin/organisation/user/{user.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    user.refresh_from_db()
    assert user.phone == "0233 3850 000"
    assert list(user.memberships.values_list("agency", "role")) == [(province.justice.pk, Role.SPECIALIST)]
    assert Agency.objects.filter(memberships__user=user).get() == province.justice
