"""The catalog API: public reading, and staff writes refused outside the user's agencies."""

from __future__ import annotations

import io
import json

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from tthc.catalog import services
from tthc.catalog.models import ProcedureVersion, PublicationDecision
from tthc.catalog.records import ProcedureRecord
from tthc.catalog.tests.conftest import make_record

pytestmark = pytest.mark.django_db

JUSTICE_CODE = "2.001035"


@pytest.fixture
def catalog(province, records):
    """The sample records imported now, so that they are in force today whatever the date."""
    services.import_records(records=records, now=timezone.now())
    return province


def _url(name: str, *args) -> str:
    return reverse(f"api:{name}", args=args)


def _as(client, user):
    client.force_login(user)
    return client


def _send(client, method: str, url: str, body) -> object:
    return getattr(client, method)(
        url, data=json.dumps(body, ensure_ascii=False), content_type="application/json"
    )


def _justice_draft(province, **overrides) -> ProcedureVersion:
    record = ProcedureRecord.model_validate(make_record("1.000001", **overrides))
    return services.save_draft(record=record, user=province.users.control_justice, now=timezone.now())


# --- public -------------------------------------------------------------------------------------------------


@pytest.mark.public_endpoint("api:catalog-procedure-list")
def test_anyone_searches_procedures_ignoring_diacritics(client, catalog):
    response = client.get(_url("catalog-procedure-list"), {"q": "dang ky khai sinh"})

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    item = body["items"][0]
    assert (item["code"], item["name"], item["version"]) == ("1.001193", "Đăng ký khai sinh", 1)
    assert item["channels"][0]["time_limit"] == "1 ngày làm việc"
    assert {a["name"] for a in item["agencies"] if a["part"] == "implementing"} == {
        "UBND xã An Bình",
        "UBND phường Đông Hà",
    }
    assert "Đăng ký khai sinh" in response.content.decode()  # not \u-escaped


@pytest.mark.public_endpoint("api:catalog-procedure-list")
def test_procedure_list_filters_and_pages(client, catalog):
    url = _url("catalog-procedure-list")

    assert client.get(url, {"field": "HT"}).json()["count"] == 2
    assert client.get(url, {"agency": catalog.construction.pk}).json()["items"][0]["code"] == "1.009972"
    assert client.get(url, {"level": "province", "online_level": "fully"}).json()["count"] == 1
    page = client.get(url, {"page": 2, "page_size": 3}).json()
    assert (page["count"], [i["code"] for i in page["items"]]) == (4, ["2.001035"])


@pytest.mark.public_endpoint("api:catalog-procedure-list")
def test_procedure_list_rejects_a_bad_filter_with_422(client, catalog):
    response = client.get(_url("catalog-procedure-list"), {"level": "village"})

    assert response.status_code == 422
    assert response.json()["code"] == "validation_failed"


@pytest.mark.public_endpoint("api:catalog-procedure-detail")
def test_anyone_reads_the_version_in_force(client, catalog, records):
    response = client.get(_url("catalog-procedure-detail", "1.001193"))

    assert response.status_code == 200
    body = response.json()
    assert body["number"] == 1
    assert body["decision"]["number"] == "1234/QĐ-UBND"
    assert body["record"] == ProcedureRecord.model_validate(records[0]).model_dump(mode="json")


@pytest.mark.public_endpoint("api:catalog-procedure-detail")
def test_a_draft_only_procedure_is_not_public(client, province):
    _justice_draft(province)

    response = client.get(_url("catalog-procedure-detail", "1.000001"))

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert client.get(_url("catalog-procedure-detail", "9.999999")).status_code == 404


@pytest.mark.public_endpoint("api:catalog-procedure-versions")
def test_anyone_reads_the_published_history(client, catalog, records):
    services.save_draft(
        record=ProcedureRecord.model_validate(dict(records[2], name="Dự thảo")),
        user=catalog.users.control_justice,
        now=timezone.now(),
    )

    response = client.get(_url("catalog-procedure-versions", JUSTICE_CODE))

    assert response.status_code == 200
    versions = response.json()
    assert [v["number"] for v in versions] == [1]  # the draft stays internal
    assert versions[0]["change_kind"] == "amended"
    assert versions[0]["decision"]["signed_late"] is False


@pytest.mark.public_endpoint("api:catalog-field-list")
def test_anyone_lists_the_fields(client, catalog):
    response = client.get(_url("catalog-field-list"))

    assert response.status_code == 200
    assert response.json() == [
        {"code": "XD", "name": "Hoạt động xây dựng"},
        {"code": "HT", "name": "Hộ tịch"},
        {"code": "LLTP", "name": "Lý lịch tư pháp"},
    ]


# --- staff: drafts ------------------------------------------------------------------------------------------


def test_a_control_officer_creates_a_draft(client, province):
    response = _send(
        _as(client, province.users.control_justice),
        "post",
        _url("catalog-procedure-create"),
        make_record("1.000001"),
    )

    assert response.status_code == 201
    assert response.json()["is_draft"] is True
    assert ProcedureVersion.objects.get().procedure.code == "1.000001"


def test_creating_a_draft_needs_a_login(client, province):
    response = _send(client, "post", _url("catalog-procedure-create"), make_record("1.000001"))
    assert response.status_code == 401


@pytest.mark.scoped_endpoint("api:catalog-procedure-create")
def test_another_agencys_officer_cannot_create_a_draft_for_an_agency(client, province):
    response = _send(
        _as(client, province.users.control_construction),
        "post",
        _url("catalog-procedure-create"),
        make_record("1.000001"),
    )

    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    assert not ProcedureVersion.objects.exists()


def test_an_invalid_record_is_refused_with_422(client, province):
    record = make_record(
        "1.000001", channels=[{"channel": "fax", "processing_time": 1, "time_unit": "working_days"}]
    )

    response = _send(
        _as(client, province.users.control_justice), "post", _url("catalog-procedure-create"), record
    )

    assert response.status_code == 422
    assert not ProcedureVersion.objects.exists()


def test_a_control_officer_saves_a_draft_again(client, province):
    _justice_draft(province)

    response = _send(
        _as(client, province.users.control_justice),
        "put",
        _url("catalog-procedure-draft", "1.000001"),
        make_record("1.000001", name="Tên đã sửa"),
    )

    assert response.status_code == 200
    assert ProcedureVersion.objects.get().name == "Tên đã sửa"


def test_the_draft_code_must_match_the_path(client, province):
    _justice_draft(province)

    response = _send(
        _as(client, province.users.control_justice),
        "put",
        _url("catalog-procedure-draft", "1.000001"),
        make_record("1.000002"),
    )

    assert response.status_code == 422
    assert response.json()["field"] == "code"


@pytest.mark.scoped_endpoint("api:catalog-procedure-draft")
def test_another_agencys_officer_cannot_edit_a_draft(client, province):
    _justice_draft(province)

    response = _send(
        _as(client, province.users.control_construction),
        "put",
        _url("catalog-procedure-draft", "1.000001"),
        make_record("1.000001", name="Chiếm quyền"),
    )

    assert response.status_code == 403
    assert ProcedureVersion.objects.get().name != "Chiếm quyền"


# --- staff: decisions and publishing ------------------------------------------------------------------------

DECISION = {
    "number": "15/QĐ-UBND",
    "signed_on": "2026-02-01",
    "signer": "Nguyễn Văn An",
    "effective_on": "2026-02-04",
}


def test_a_control_officer_records_a_decision_flagged_when_late(client, province):
    response = _send(
        _as(client, province.users.control_office), "post", _url("catalog-decision-create"), DECISION
    )

    assert response.status_code == 201
    assert response.json()["signed_late"] is True  # three days before effect


@pytest.mark.scoped_endpoint("api:catalog-decision-create")
def test_a_user_without_catalog_rights_cannot_record_a_decision(client, province):
    # A decision names no agency: any agency's control officer records one, other roles are refused.
    response = _send(
        _as(client, province.users.leader_justice), "post", _url("catalog-decision-create"), DECISION
    )

    assert response.status_code == 403
    assert not PublicationDecision.objects.exists()


def test_a_duplicate_decision_number_is_refused_with_422(client, province):
    officer = _as(client, province.users.control_justice)
    _send(officer, "post", _url("catalog-decision-create"), DECISION)

    response = _send(officer, "post", _url("catalog-decision-create"), DECISION)

    assert response.status_code == 422
    assert response.json()["details"][0]["field"] == "number"


def _publish_body(decision_number="15/QĐ-UBND"):
    return {"decision_number": decision_number, "change_kind": "new"}


def test_a_control_officer_publishes_a_draft(client, province):
    _justice_draft(province)
    officer = _as(client, province.users.control_justice)
    _send(officer, "post", _url("catalog-decision-create"), DECISION)

    response = _send(officer, "post", _url("catalog-procedure-publish", "1.000001"), _publish_body())

    assert response.status_code == 200
    body = response.json()
    assert (body["is_draft"], body["valid_from"], body["decision"]["number"]) == (
        False,
        "2026-02-04",
        "15/QĐ-UBND",
    )
    again = _send(officer, "post", _url("catalog-procedure-publish", "1.000001"), _publish_body())
    assert again.status_code == 400
    assert again.json()["code"] == "not_a_draft"


def test_publishing_with_an_unknown_decision_is_404(client, province):
    _justice_draft(province)

    response = _send(
        _as(client, province.users.control_justice),
        "post",
        _url("catalog-procedure-publish", "1.000001"),
        _publish_body("0/QĐ"),
    )

    assert response.status_code == 404


@pytest.mark.scoped_endpoint("api:catalog-procedure-publish")
def test_another_agencys_officer_cannot_publish(client, province):
    version = _justice_draft(province)
    services.create_decision(
        **{**DECISION, "signed_on": "2026-01-01"}, user=province.users.control_office, now=timezone.now()
    )

    response = _send(
        _as(client, province.users.control_construction),
        "post",
        _url("catalog-procedure-publish", "1.000001"),
        _publish_body(),
    )

    assert response.status_code == 403
    version.refresh_from_db()
    assert version.is_draft


# --- staff: differences, import, export ---------------------------------------------------------------------


def test_a_control_officer_compares_the_draft_with_the_version_in_force(client, catalog, records):
    services.save_draft(
        record=ProcedureRecord.model_validate(dict(records[2], name="Tên mới")),
        user=catalog.users.control_justice,
        now=timezone.now(),
    )

    response = _as(client, catalog.users.control_justice).get(_url("catalog-procedure-diff", JUSTICE_CODE))

    assert response.status_code == 200
    body = response.json()
    assert (body["from_version"], body["to_version"]) == (1, 2)
    assert body["changes"] == [
        {"field": "name", "label": "Tên thủ tục", "old": records[2]["name"], "new": "Tên mới"}
    ]
    explicit = client.get(_url("catalog-procedure-diff", JUSTICE_CODE), {"from": 2, "to": 1}).json()
    assert explicit["changes"][0]["old"] == "Tên mới"


@pytest.mark.scoped_endpoint("api:catalog-procedure-diff")
def test_another_agencys_officer_cannot_compare_versions(client, catalog):
    response = _as(client, catalog.users.control_construction).get(
        _url("catalog-procedure-diff", JUSTICE_CODE)
    )

    assert response.status_code == 403


def test_a_control_officer_imports_records_of_their_agency(client, province, records):
    own = [r for r in records if r["code"] == JUSTICE_CODE]

    response = _send(_as(client, province.users.control_justice), "post", _url("catalog-import"), own)

    assert response.status_code == 200
    expected = {"created": [JUSTICE_CODE], "updated": [], "unchanged": [], "late_decisions": []}
    assert response.json() == expected


def test_an_invalid_import_names_the_record_and_field_and_writes_nothing(client, province, records):
    records[1]["channels"][0]["time_unit"] = "weeks"

    response = _send(_as(client, province.users.control_office), "post", _url("catalog-import"), records)

    assert response.status_code == 422
    body = response.json()
    assert body["details"][0]["record"] == "1.000894"
    assert body["details"][0]["field"] == "channels[0].time_unit"
    assert not ProcedureVersion.objects.exists()


@pytest.mark.scoped_endpoint("api:catalog-import")
def test_another_agencys_officer_cannot_import_an_agencys_records(client, province, records):
    own = [r for r in records if r["code"] == JUSTICE_CODE]

    response = _send(_as(client, province.users.control_construction), "post", _url("catalog-import"), own)

    assert response.status_code == 403
    assert not ProcedureVersion.objects.exists()


def test_staff_export_the_procedures_of_their_scope_to_excel(client, catalog):
    response = _as(client, catalog.users.control_justice).get(_url("catalog-export-xlsx"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content))["Thủ tục hành chính"]
    # Sở Tư pháp implements one procedure and co-operates on another.
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == ["1.001193", JUSTICE_CODE]
    office = _as(client, catalog.users.control_office).get(_url("catalog-export-xlsx"))
    assert load_workbook(io.BytesIO(office.content))["Thủ tục hành chính"].max_row == 1 + 4


@pytest.mark.scoped_endpoint("api:catalog-export-xlsx")
def test_another_agencys_officer_cannot_export_an_agencys_procedures(client, catalog):
    officer = _as(client, catalog.users.control_construction)

    assert officer.get(_url("catalog-export-xlsx"), {"agency": catalog.justice.pk}).status_code == 403
    assert officer.get(_url("catalog-export-xlsx"), {"agency": catalog.construction.pk}).status_code == 200


def test_the_openapi_schema_documents_422_responses(client):
    schema = client.get("/api/v1/openapi.json").json()
    operations = schema["paths"]["/api/v1/catalog/procedures"]
    assert "422" in operations["get"]["responses"]
    assert "422" in operations["post"]["responses"]
    assert "422" in schema["paths"]["/api/v1/catalog/import"]["post"]["responses"]
