"""The desk officer's intake screen: folded procedure search, the checklist with ticks and uploads, the
applicant's document store, fee and payment, and the three outcomes (forms 01, 02, 03)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tthc.dossiers.models import Dossier, DossierDocument, Payment, Status, StoredFile
from tthc.dossiers.tests.helpers import MONDAY
from tthc.dossiers.uploads import store_file

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
ELF = b"\x7fELF\x02\x01\x01" + b"\x00" * 200
SCRIPT = "<script>alert('x')</script>"
ESCAPED = "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;"
NAME = "Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam"


def pdf(name="to-khai.pdf", data=PDF):
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def intake_url(code: str) -> str:
    return f"{reverse('dossiers:intake')}?procedure={code}"


def filled(**overrides) -> dict:
    data = {
        "idempotency_key": "k" * 32,
        "kind": "person",
        "identifier": "045190001234",
        "name": "Nguyễn Thị Lan",
        "address": "12 Lê Lợi, phường Đông Hà",
        "phone": "0912345678",
        "email": "lan@example.vn",
        "channel": "in_person",
        "given_0": "on",
        "given_1": "on",
        "fee": "50000",
        "payment_method": "cash",
        "receipt_number": "BL-0001",
        "outcome": "received",
        "missing": "",
        "reason": "",
        "note": "",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def text(response) -> str:
    return response.content.decode()


@pytest.mark.scoped_endpoint("dossiers:intake")
def test_intake_is_refused_to_staff_without_a_desk(one_stop, client):
    client.force_login(one_stop.users.specialist_construction)
    assert client.get(reverse("dossiers:intake")).status_code == 403
    response = client.post(intake_url(one_stop.procedure_code), filled())
    assert response.status_code == 403
    assert not Dossier.objects.exists()


def test_procedure_is_found_typed_without_diacritics(one_stop, client):
    client.force_login(one_stop.users.desk_centre)
    response = client.get(reverse("dossiers:intake"), {"q": "ly lich tu phap"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    page = text(response)
    assert f"Tiếp nhận: {NAME}" in page
    assert f"?procedure={one_stop.procedure_code}" in page
    assert "Đăng ký khai sinh" not in page
    assert "<html" not in page  # the htmx answer is the fragment only


def test_the_intake_form_lists_the_checklist_and_the_fee_of_the_version(one_stop, client):
    client.force_login(one_stop.users.desk_centre)
    page = text(client.get(intake_url(one_stop.procedure_code)))
    assert "Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp" in page
    assert "Bản chụp giấy tờ tùy thân" in page
    assert 'name="file_0"' in page and 'name="given_1"' in page
    assert 'name="fee" value="50000"' in page


def test_desk_officer_receives_a_complete_dossier_with_upload_and_fee(one_stop, client):
    client.force_login(one_stop.users.desk_centre)
    response = client.post(intake_url(one_stop.procedure_code), filled(file_0=pdf()))
    dossier = Dossier.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("dossiers:detail", kwargs={"code": dossier.code})
    assert dossier.status == Status.RECEIVED
    assert dossier.receiving_desk == one_stop.centre and dossier.competent_agency == one_stop.justice
    assert dossier.register_number == 1
    payment = Payment.objects.get(dossier=dossier)
    assert (payment.amount, payment.method, payment.receipt_number) == (50000, "cash", "BL-0001")
    first, second = DossierDocument.objects.filter(dossier=dossier).order_by("position")
    assert first.provided and first.stored_file.original_name == "to-khai.pdf"
    assert second.provided and second.stored_file is None
    page = text(client.get(response["Location"]))
    assert f"Đã tiếp nhận hồ sơ {dossier.code}" in page


def test_receiving_with_a_document_not_ticked_is_refused_and_points_to_form_02(one_stop, client):
    client.force_login(one_stop.users.desk_centre)
    response = client.post(intake_url(one_stop.procedure_code), filled(given_1=None))
    assert response.status_code == 422
    page = text(response)
    assert "Hồ sơ chưa đủ thành phần" in page and "Bản chụp giấy tờ tùy thân" in page
    assert "Hướng dẫn bổ sung" in page
    assert not Dossier.objects.exists()


def test_guidance_lists_every_missing_item_at_once(one_stop, client):
    client.force_login(one_stop.users.desk_centre)
    response = client.post(
        intake_url(one_stop.procedure_code),
        filled(given_1=None, outcome="guided", missing="Ảnh 4x6 nền trắng"),
    )
    assert response.status_code == 302
    dossier = Dossier.objects.get()
    assert dossier.status == Status.GUIDED
    event = dossier.events.get(action="guide")
    assert event.data["missing"] == ["Bản chụp giấy tờ tùy thân", "Ảnh 4x6 nền trắng"]
    assert not Payment.objects.exists()  # no fee is taken for a dossier not received


def test_refusal_at_intake_needs_a_reason(one_stop, client):
    client.force_login(one_stop.users.desk_centre)
    response = client.post(intake_url(one_stop.procedure_code), filled(outcome="refused_at_intake"))
    assert response.status_code == 422
    assert "Từ chối tiếp nhận phải nêu rõ lý do (mẫu 03)." in text(response)
    response = client.post(
        intake_url(one_stop.procedure_code),
        filled(outcome="refused_at_intake", reason="Không thuộc thẩm quyền giải quyết"),
    )
    assert response.status_code == 302
    dossier = Dossier.objects.get()
    assert dossier.status == Status.REFUSED_AT_INTAKE
    assert dossier.events.get(action="refuse_intake").note == "Không thuộc thẩm quyền giải quyết"


def test_a_fee_needs_its_receipt_number(one_stop, client):
    client.force_login(one_stop.users.desk_centre)
    response = client.post(intake_url(one_stop.procedure_code), filled(receipt_number=""))
    assert response.status_code == 422
    assert "Chưa nhập số biên lai thu phí, lệ phí." in text(response)
    assert not Dossier.objects.exists()


def test_an_executable_renamed_pdf_is_refused_and_the_form_keeps_the_other_values(one_stop, client):
    client.force_login(one_stop.users.desk_centre)
    response = client.post(
        intake_url(one_stop.procedure_code),
        filled(file_0=pdf("../../etc/passwd.pdf", ELF), name="Trần Văn Bình", address="45 Hùng Vương"),
    )
    assert response.status_code == 422
    page = text(response)
    assert "Tệp «passwd.pdf» không phải là PDF" in page
    assert 'value="Trần Văn Bình"' in page and 'value="45 Hùng Vương"' in page
    assert 'value="BL-0001"' in page
    assert not Dossier.objects.exists() and not StoredFile.objects.exists()


def test_script_in_every_field_is_stored_and_shown_escaped(one_stop, client):
    client.force_login(one_stop.users.desk_centre)
    response = client.post(
        intake_url(one_stop.procedure_code),
        filled(name=SCRIPT, address=SCRIPT, receipt_number=SCRIPT, note=SCRIPT, missing=SCRIPT),
    )
    assert response.status_code == 302
    dossier = Dossier.objects.get()
    assert dossier.applicant.name == SCRIPT and dossier.applicant.address == SCRIPT and dossier.note == SCRIPT
    assert dossier.payments.get().receipt_number == SCRIPT
    page = text(client.get(response["Location"]))
    assert SCRIPT not in page
    assert page.count(ESCAPED) >= 4  # name, address, note, receipt
    # Refused input is shown back escaped as well.
    response = client.post(intake_url(one_stop.procedure_code), filled(name=SCRIPT, phone=SCRIPT))
    assert response.status_code == 422
    assert SCRIPT not in text(response) and ESCAPED in text(response)


def test_a_double_submitted_form_gives_one_dossier(one_stop, client):
    client.force_login(one_stop.users.desk_centre)
    first = client.post(intake_url(one_stop.procedure_code), filled())
    second = client.post(intake_url(one_stop.procedure_code), filled())
    assert first["Location"] == second["Location"]
    assert Dossier.objects.count() == 1


def test_a_form_key_reused_by_another_desk_officer_gives_them_their_own_dossier(one_stop, client):
    from tthc.organisation.models import Role
    from tthc.testing.factories import staff

    client.force_login(one_stop.users.desk_centre)
    first = client.post(intake_url(one_stop.procedure_code), filled())
    client.force_login(staff(Role.DESK_OFFICER, one_stop.centre, username="desk_centre_2"))
    # The same hidden key, posted by someone else: never the first officer's dossier.
    second = client.post(intake_url(one_stop.procedure_code), filled(identifier="045190000002"))
    assert first.status_code == second.status_code == 302
    assert first["Location"] != second["Location"]
    assert Dossier.objects.count() == 2


@pytest.mark.scoped_endpoint("dossiers:intake-stored")
def test_the_store_lookup_is_refused_to_staff_without_a_desk(one_stop, client):
    client.force_login(one_stop.users.specialist_construction)
    response = client.get(reverse("dossiers:intake-stored"), {"identifier": "045190001234"})
    assert response.status_code == 403


def test_a_file_from_the_applicants_store_is_offered_and_reused(one_stop, client):
    from tthc.dossiers.services import DocumentGiven
    from tthc.dossiers.tests.helpers import receive

    # Given at this desk in an earlier dossier.
    earlier = receive(
        one_stop,
        now=MONDAY,
        documents=[DocumentGiven(position=0), DocumentGiven(position=1, upload=pdf("cccd.pdf"))],
    )
    stored = earlier.documents.get(position=1).stored_file
    client.force_login(one_stop.users.desk_centre)
    response = client.get(
        reverse("dossiers:intake-stored"),
        {"identifier": "045190001234", "kind": "person", "procedure": one_stop.procedure_code},
    )
    page = text(response)
    assert "Người nộp đã có trong hệ thống: Nguyễn Thị Lan" in page
    assert 'id="stored-1" hx-swap-oob="true"' in page
    assert f'<option value="{stored.pk}">Bản chụp giấy tờ tùy thân' in page

    response = client.post(intake_url(one_stop.procedure_code), filled(stored_1=str(stored.pk)))
    assert response.status_code == 302
    dossier = Dossier.objects.exclude(pk=earlier.pk).get()
    assert dossier.documents.get(position=1).stored_file == stored


def test_another_agencys_desk_officer_cannot_browse_an_applicants_store(one_stop, client):
    from tthc.dossiers.services import DocumentGiven
    from tthc.dossiers.tests.helpers import receive

    earlier = receive(
        one_stop,
        now=MONDAY,
        documents=[DocumentGiven(position=0), DocumentGiven(position=1, upload=pdf("cccd.pdf"))],
    )
    stored = earlier.documents.get(position=1).stored_file
    client.force_login(one_stop.users.desk_commune_a)  # a desk that never received this applicant
    response = client.get(
        reverse("dossiers:intake-stored"),
        {"identifier": "045190001234", "kind": "person", "procedure": one_stop.commune_procedure_code},
    )
    page = text(response)
    assert response.status_code == 200
    assert "Nguyễn Thị Lan" not in page and f'value="{stored.pk}"' not in page
    # Nor can it take the file by its number.
    response = client.post(
        intake_url(one_stop.commune_procedure_code),
        filled(fee="0", receipt_number="", stored_1=str(stored.pk)),
    )
    assert response.status_code == 422
    assert "Giấy tờ chọn lại không có trong kho dữ liệu của người nộp." in text(response)
    assert Dossier.objects.count() == 1


def test_a_file_from_someone_elses_store_is_refused(one_stop, client):
    from tthc.dossiers.tests.helpers import applicant, receive

    other = receive(one_stop, applicant=applicant(identifier="045190009999", name="Lê Văn Khoa"))
    stored = store_file(applicant=other.applicant, title="CCCD", upload=pdf("cccd.pdf"), now=MONDAY)
    client.force_login(one_stop.users.desk_centre)
    response = client.post(intake_url(one_stop.procedure_code), filled(stored_1=str(stored.pk)))
    assert response.status_code == 422
    assert "Giấy tờ chọn lại không có trong kho dữ liệu của người nộp." in text(response)
    assert Dossier.objects.count() == 1


def test_commune_desk_receives_for_its_own_commune_among_several_competent(one_stop, client):
    client.force_login(one_stop.users.desk_commune_a)
    page = text(client.get(intake_url(one_stop.commune_procedure_code)))
    assert "— theo nơi tiếp nhận —" in page  # two communes decide this procedure
    response = client.post(intake_url(one_stop.commune_procedure_code), filled(fee="0", receipt_number=""))
    assert response.status_code == 302
    dossier = Dossier.objects.get()
    assert dossier.competent_agency == one_stop.commune_a and not dossier.payments.exists()
    # Another commune's choice is outside its boundary: refused with the rule named.
    response = client.post(
        intake_url(one_stop.commune_procedure_code),
        filled(fee="0", idempotency_key="b" * 32, competent_agency=str(one_stop.commune_b.pk)),
    )
    assert response.status_code == 422
    assert "không phụ thuộc địa giới hành chính" in text(response)


def test_a_file_over_the_size_limit_is_dropped_while_streaming_and_refused(one_stop, client, settings):
    settings.TTHC_MAX_UPLOAD_BYTES = 1024
    client.force_login(one_stop.users.desk_centre)
    big = pdf("ban-scan.pdf", PDF + b"0" * 5000)
    response = client.post(intake_url(one_stop.procedure_code), filled(file_0=big, name="Trần Văn Bình"))
    assert response.status_code == 422
    page = text(response)
    assert "Tệp «ban-scan.pdf» vượt giới hạn 1 KB" in page and 'value="Trần Văn Bình"' in page
    assert not Dossier.objects.exists() and not StoredFile.objects.exists()


def test_intake_still_checks_the_csrf_token(one_stop):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(one_stop.users.desk_centre)
    response = client.post(intake_url(one_stop.procedure_code), filled())
    assert response.status_code == 403
    assert not Dossier.objects.exists()
