"""The catalog's admin screens: they render, and published versions cannot be changed there."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tthc.catalog import selectors
from tthc.catalog.models import Field, ProcedureVersion, PublicationDecision
from tthc.catalog.tests.conftest import TODAY
from tthc.testing.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(client):
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    return client


def test_admin_lists_and_pages_render(superuser_client, imported):
    version = ProcedureVersion.objects.select_related("procedure").first()
    urls = [
        reverse("admin:catalog_field_changelist"),
        reverse("admin:catalog_field_change", args=[Field.objects.first().pk]),
        reverse("admin:catalog_publicationdecision_changelist"),
        reverse("admin:catalog_publicationdecision_change", args=[PublicationDecision.objects.first().pk]),
        reverse("admin:catalog_procedure_changelist"),
        reverse("admin:catalog_procedure_change", args=[version.procedure.pk]),
        reverse("admin:catalog_procedureversion_changelist"),
        reverse("admin:catalog_procedureversion_change", args=[version.pk]),
    ]
    for url in urls:
        assert superuser_client.get(url).status_code == 200, url
    found = superuser_client.get(reverse("admin:catalog_procedureversion_changelist"), {"q": "KHAI SINH"})
    assert "1.001193" in found.content.decode()


def test_a_published_version_cannot_be_changed_in_the_admin(superuser_client, imported):
    version = selectors.version_in_force(selectors.procedure_by_code("1.001193"), on=TODAY)
    url = reverse("admin:catalog_procedureversion_change", args=[version.pk])

    response = superuser_client.post(url, {"name": "Đổi tên trong trang quản trị"})

    assert response.status_code == 403
    version.refresh_from_db()
    assert version.name == "Đăng ký khai sinh"
