"""Moving the catalog in and out from the staff screens and the API: JSON and Excel exports of the procedures
in force in the user's scope, and the JSON import (checked all or nothing, problems shown by record and
field)."""

from __future__ import annotations

import io
import json
from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from tthc.catalog import services
from tthc.catalog.models import Procedure, ProcedureVersion
from tthc.catalog.tests.conftest import make_record
from tthc.testing.factories import UserFactory

pytestmark = pytest.mark.django_db

JUSTICE, CONSTRUCTION = "000.00.10.H99", "000.00.11.H99"


@pytest.fixture
def catalog(province):
    services.import_records(
        records=[
            make_record("1.000001", name="Đăng ký khai sinh"),
            make_record("1.000002", name="Cấp giấy phép xây dựng", agency=CONSTRUCTION),
        ],
        now=timezone.now(),
    )
    return province


def upload(data, name: str = "thu-tuc.json") -> SimpleUploadedFile:
    content = data if isinstance(data, bytes) else json.dumps(data, ensure_ascii=False).encode()
    return SimpleUploadedFile(name, content, content_type="application/json")


# --- exports ------------------------------------------------------------------------------------------------


@pytest.mark.scoped_endpoint("catalog:export-json")
def test_the_json_export_holds_the_procedures_of_the_users_agencies(client, catalog):
    client.force_login(catalog.users.control_justice)
    response = client.get(reverse("catalog:export-json"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="danh-muc-tthc-')
    assert [r["code"] for r in json.loads(response.content)] == ["1.000001"]
    client.force_login(UserFactory(username="no_role"))
    assert client.get(reverse("catalog:export-json")).status_code == 403


@pytest.mark.scoped_endpoint("catalog:export-xlsx")
def test_the_excel_export_holds_the_procedures_of_the_users_agencies(client, catalog):
    client.force_login(catalog.users.control_construction)
    response = client.get(reverse("catalog:export-xlsx"))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content))["Thủ tục hành chính"]
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == ["1.000002"]
    client.force_login(UserFactory(username="no_role"))
    assert client.get(reverse("catalog:export-xlsx")).status_code == 403


def test_the_staff_list_links_the_exports_and_the_import(client, catalog):
    client.force_login(catalog.users.control_justice)
    html = client.get(reverse("catalog:staff-list")).content.decode()
    for name in ("catalog:export-json", "catalog:export-xlsx", "catalog:import"):
        assert f'href="{reverse(name)}"' in html
    client.force_login(catalog.users.specialist_justice)
    html = client.get(reverse("catalog:staff-list")).content.decode()
    assert reverse("catalog:export-json") in html and reverse("catalog:import") not in html


@pytest.mark.scoped_endpoint("api:catalog-export-json")
def test_the_api_exports_json_that_imports_back_unchanged(client, catalog):
    client.force_login(catalog.users.control_office)
    response = client.get("/api/v1/catalog/export.json")
    assert response.status_code == 200
    exported = response.json()
    assert [r["code"] for r in exported] == ["1.000001", "1.000002"]
    assert services.import_records(records=exported, now=timezone.now()).unchanged == ["1.000001", "1.000002"]
    client.force_login(catalog.users.control_justice)
    refused = client.get("/api/v1/catalog/export.json", {"agency": catalog.construction.pk})
    assert refused.status_code == 403
    assert client.get("/api/v1/catalog/export.json", {"agency": 999999}).status_code == 404
    client.logout()
    assert client.get("/api/v1/catalog/export.json").status_code == 401


# --- import -------------------------------------------------------------------------------------------------


@pytest.mark.scoped_endpoint("catalog:import")
def test_the_import_screen_is_refused_to_staff_without_catalog_duties(client, catalog):
    client.force_login(catalog.users.desk_centre)
    assert client.get(reverse("catalog:import")).status_code == 403
    response = client.post(reverse("catalog:import"), {"file": upload([make_record("1.000009")])})
    assert response.status_code == 403
    assert not Procedure.objects.filter(code="1.000009").exists()


@pytest.mark.scoped_endpoint("catalog:import")
def test_an_officer_may_not_import_another_agencys_procedures(client, catalog):
    client.force_login(catalog.users.control_justice)
    data = [make_record("1.000009", agency=CONSTRUCTION)]
    response = client.post(reverse("catalog:import"), {"file": upload(data)})
    assert response.status_code == 403
    assert not Procedure.objects.filter(code="1.000009").exists()


def test_the_import_screen_imports_a_file_and_reports_what_it_did(client, catalog):
    client.force_login(catalog.users.control_justice)
    late = {"number": "7/QĐ-UBND", "signed_on": "2025-09-18", "signer": "Lê C", "effective_on": "2025-09-20"}
    data = {
        "procedures": [
            make_record("1.000001", name="Đăng ký khai sinh"),
            make_record("1.000003", name="Chứng thực bản sao", decision=late),
        ]
    }
    response = client.post(reverse("catalog:import"), {"file": upload(data)})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Đã xử lý 2 bản ghi: 1 thủ tục mới, 0 cập nhật (phiên bản mới), 1 không thay đổi." in html
    assert "Quyết định số 7/QĐ-UBND" in html and "ký muộn" in html
    assert Procedure.objects.filter(code="1.000003").exists()


def test_an_invalid_file_shows_each_problem_by_record_and_field_and_writes_nothing(client, catalog):
    client.force_login(catalog.users.control_justice)
    bad = make_record("1.000004", channels=[{"channel": "in_person", "processing_time": 0, "time_unit": "x"}])
    response = client.post(reverse("catalog:import"), {"file": upload([make_record("1.000003"), bad])})
    assert response.status_code == 422
    html = unescape(response.content.decode())
    assert "không có gì được ghi" in html
    assert 'Bản ghi 1.000004, trường "channels[0].processing_time"' in html
    assert 'Bản ghi 1.000004, trường "channels[0].time_unit"' in html
    assert not Procedure.objects.filter(code__in=["1.000003", "1.000004"]).exists()
    assert ProcedureVersion.objects.count() == 2


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\xff\xfe not utf-8", "không phải văn bản UTF-8"),
        (b"[{", "không phải JSON hợp lệ (dòng 1, cột 3)"),
        (b'{"records": []}', 'phải chứa một mảng bản ghi thủ tục, hoặc một đối tượng có khóa "procedures"'),
    ],
)
def test_a_file_that_is_not_a_records_file_is_refused_in_vietnamese(client, catalog, content, message):
    client.force_login(catalog.users.control_justice)
    response = client.post(reverse("catalog:import"), {"file": upload(content)})
    assert response.status_code == 422
    assert message in unescape(response.content.decode())
    assert Procedure.objects.count() == 2
