"""Form template files of required documents (RULES §2): uploaded in the editor, kept by every new version,
named in the record, the export and the API, and downloaded from the portal by the application itself.

The media folder is never served as a whole: dossier files are private. Only a file a published version names
(or a draft the user may read) downloads, as an attachment of a safe type.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tthc.catalog import exports, selectors, services
from tthc.catalog.models import ProcedureVersion
from tthc.catalog.records import ProcedureRecord
from tthc.catalog.tests.test_staff_screens_edit import rendered_form
from tthc.core.errors import PermissionDenied, ValidationFailed
from tthc.core.timezone import VIETNAM

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2025, 9, 1, 9, 0, tzinfo=VIETNAM)
JUSTICE = "000.00.10.H99"
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media(media):
    return media


def pdf(name: str = "to-khai.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def record(**extra) -> dict:
    data = {
        "code": "1.001193",
        "name": "Đăng ký khai sinh",
        "levels": ["province"],
        "fields": [{"code": "HT", "name": "Hộ tịch"}],
        "channels": [{"channel": "in_person", "processing_time": 5, "time_unit": "working_days"}],
        "agencies": {"implementing": [JUSTICE]},
        "documents": [{"name": "Tờ khai", "template": "Mẫu TK-01"}, {"name": "Giấy chứng sinh"}],
    }
    data.update(extra)
    return data


def draft_with_template(province, **extra) -> ProcedureVersion:
    return services.save_draft(
        record=ProcedureRecord.model_validate(record(**extra)),
        user=province.users.control_justice,
        now=NOW,
        templates={0: pdf()},
    )


def publish(province, version, number="1/QĐ-UBND") -> ProcedureVersion:
    decision = services.create_decision(
        number=number,
        signed_on=datetime.date(2025, 9, 1),
        signer="Trần Văn B",
        effective_on=datetime.date(2025, 9, 10),
        user=province.users.control_office,
        now=NOW,
    )
    return services.publish(
        version=version, decision=decision, change_kind="new", user=province.users.control_office, now=NOW
    )


def test_an_uploaded_template_is_stored_and_named_in_the_record(province):
    version = draft_with_template(province)
    document = selectors.record_of(version).documents[0]
    assert document.template_file.startswith("catalog/templates/")
    assert document.template_file.endswith("/to-khai.pdf")
    assert default_storage.exists(document.template_file)
    key = document.template_file.removeprefix("catalog/templates/")
    assert document.template_url == f"/thu-tuc/mau/{key}"
    assert selectors.record_of(version).documents[1].template_file == ""


def test_a_new_version_keeps_the_template_file(province):
    first = publish(province, draft_with_template(province))
    stored = selectors.record_of(first).documents[0].template_file
    changed = selectors.record_of(first).model_dump(exclude={"decision"})
    changed["name"] = "Đăng ký khai sinh (sửa đổi)"
    second = services.save_draft(
        record=ProcedureRecord.model_validate(changed), user=province.users.control_justice, now=NOW
    )
    assert second.pk != first.pk
    assert second.documents.get(position=0).template_file.name == stored
    assert selectors.record_of(second).documents[0].template_file == stored


def test_a_template_that_is_not_a_document_is_refused_and_nothing_is_stored_or_written(province):
    program = SimpleUploadedFile("mau.pdf", b"MZ\x90\x00" + b"\x00" * 200)
    with pytest.raises(ValidationFailed) as refused:
        services.save_draft(
            record=ProcedureRecord.model_validate(record()),
            user=province.users.control_justice,
            now=NOW,
            templates={0: program},
        )
    assert refused.value.details[0]["field"] == "documents[0].template_file"
    assert "không phải là PDF" in refused.value.details[0]["message"]
    assert not ProcedureVersion.objects.exists()
    assert not default_storage.exists("catalog/templates")


def stored_templates(settings) -> list[Path]:
    folder = Path(settings.MEDIA_ROOT) / "catalog" / "templates"
    return [path for path in folder.rglob("*") if path.is_file()]


def test_a_failed_save_leaves_no_stored_template_behind(province, settings):
    with pytest.raises(ValidationFailed):
        services.save_draft(
            record=ProcedureRecord.model_validate(record(agencies={"implementing": ["no-such-agency"]})),
            user=province.users.control_justice,
            now=NOW,
            templates={0: pdf()},
        )
    with pytest.raises(PermissionDenied):
        services.save_draft(
            record=ProcedureRecord.model_validate(record()),
            user=province.users.control_construction,
            now=NOW,
            templates={0: pdf()},
        )
    assert stored_templates(settings) == []


def test_a_record_naming_a_template_that_is_not_stored_is_refused_naming_record_and_field(province):
    bad = record(documents=[{"name": "Tờ khai", "template_file": "catalog/templates/x/khong-co.pdf"}])
    with pytest.raises(ValidationFailed) as refused:
        services.import_records(records=[bad], now=NOW)
    detail = refused.value.details[0]
    assert (detail["record"], detail["field"]) == ("1.001193", "documents[0].template_file")
    assert "không có tệp mẫu" in detail["message"]
    outside = record(documents=[{"name": "Tờ khai", "template_file": "dossiers/2025/09/abc.pdf"}])
    with pytest.raises(ValidationFailed) as refused:
        services.import_records(records=[outside], now=NOW)
    assert refused.value.details[0]["field"] == "documents[0].template_file"


def test_export_and_reimport_carry_the_template(province):
    version = publish(province, draft_with_template(province))
    exported = exports.export_json([version])
    document = exported[0]["documents"][0]
    assert document["template_file"].startswith("catalog/templates/") and document["template_url"]
    report = services.import_records(records=exported, now=NOW)
    assert report.unchanged == ["1.001193"]


def test_the_api_record_gives_the_download_url(client, province):
    version = publish(province, draft_with_template(province))
    url = selectors.record_of(version).documents[0].template_url
    response = client.get("/api/v1/catalog/procedures/1.001193")
    assert response.json()["record"]["documents"][0]["template_url"] == url


@pytest.mark.public_endpoint("portal:template-file")
def test_the_portal_serves_a_published_template_as_an_attachment(client, province, settings):
    settings.DEBUG = False
    version = publish(province, draft_with_template(province))
    url = selectors.record_of(version).documents[0].template_url
    html = client.get(reverse("portal:procedure-detail", args=["1.001193"])).content.decode()
    assert f'href="{url}"' in html
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="to-khai.pdf"'
    assert b"".join(response.streaming_content) == PDF


@pytest.mark.public_endpoint("portal:template-file")
def test_a_drafts_template_downloads_only_for_the_staff_who_may_read_the_draft(client, province):
    url = selectors.record_of(draft_with_template(province)).documents[0].template_url
    assert client.get(url).status_code == 404
    client.force_login(province.users.control_construction)
    assert client.get(url).status_code == 404
    client.force_login(province.users.specialist_justice)
    assert client.get(url).status_code == 200


@pytest.mark.public_endpoint("portal:template-file")
def test_no_other_stored_file_is_reached_through_the_template_url(client, province):
    default_storage.save("dossiers/2025/09/private.pdf", pdf())
    publish(province, draft_with_template(province))
    for name in ("../dossiers/2025/09/private.pdf", "x/../../dossiers/2025/09/private.pdf", "khong-co.pdf"):
        assert client.get(f"/thu-tuc/mau/{name}").status_code == 404
    assert client.get("/media/dossiers/2025/09/private.pdf").status_code == 404


def test_the_editor_uploads_a_template_and_a_new_version_keeps_it(client, province):
    publish(province, draft_with_template(province))
    url = reverse("catalog:staff-edit", args=["1.001193"])
    client.force_login(province.users.control_justice)
    html = client.get(url).content.decode()
    assert 'enctype="multipart/form-data"' in html and "Tệp đang dùng" in html
    data = {key: values for key, values in rendered_form(html).items() if not key.endswith("template_upload")}
    data["name"] = ["Đăng ký khai sinh (sửa đổi)"]
    data["documents-1-template_upload"] = pdf("giay-chung-sinh.pdf")
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()
    draft = selectors.latest_version(selectors.procedure_by_code("1.001193"))
    documents = selectors.record_of(draft).documents
    assert documents[0].template_file.endswith("/to-khai.pdf")
    assert documents[1].template_file.endswith("/giay-chung-sinh.pdf")


def test_the_editor_shows_a_refused_template_beside_its_row(client, province):
    publish(province, draft_with_template(province))
    url = reverse("catalog:staff-edit", args=["1.001193"])
    client.force_login(province.users.control_justice)
    data = {
        key: values
        for key, values in rendered_form(client.get(url).content.decode()).items()
        if not key.endswith("template_upload")
    }
    data["documents-1-template_upload"] = SimpleUploadedFile("x.pdf", b"<html><script>alert(1)</script>")
    response = client.post(url, data)
    assert response.status_code == 400
    assert "không phải là PDF" in response.content.decode()
    assert ProcedureVersion.objects.count() == 1
