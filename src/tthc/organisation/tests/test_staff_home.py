"""The staff home page: login required, and only the screens the user's roles open."""

import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_staff_home_requires_login(client):
    response = client.get(reverse("staff-home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.django_db
def test_staff_home_shows_only_the_links_of_the_users_roles(client, province):
    decisions, calendar = reverse("catalog:decision-list"), reverse("workcalendar:overrides")

    client.force_login(province.users.specialist_justice)
    page = client.get(reverse("staff-home")).content.decode()
    assert reverse("catalog:staff-list") in page
    assert decisions not in page and calendar not in page
    assert "Chuyên viên" in page and "Sở Tư pháp" in page

    client.force_login(province.users.control_justice)
    page = client.get(reverse("staff-home")).content.decode()
    assert decisions in page and calendar not in page

    client.force_login(province.users.admin_office)
    page = client.get(reverse("staff-home")).content.decode()
    assert calendar in page


@pytest.mark.django_db
def test_staff_home_lists_only_roles_valid_today(client, province):
    import datetime

    from tthc.organisation.models import Membership, Role
    from tthc.testing.factories import staff

    user = staff(Role.SPECIALIST, province.justice, username="former_specialist")
    Membership.objects.create(
        user=user, agency=province.construction, role=Role.SPECIALIST, valid_to=datetime.date(2020, 1, 1)
    )
    client.force_login(user)
    page = client.get("/staff/").content.decode()
    assert "Sở Tư pháp" in page
    assert "Sở Xây dựng" not in page
