"""Intake on every channel: what the regulation requires, bad input, attachments, spam protection."""

from __future__ import annotations

import datetime
import io
import json

import pytest
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from tthc.core.errors import ValidationFailed
from tthc.feedback import intake_guard
from tthc.feedback.models import Channel, Feedback, FeedbackAttachment, FeedbackEvent, Status
from tthc.feedback.tests.conftest import NOW, PROCEDURE_CODE, SENDER, receive

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84\x00\x00\x00\x00IEND\xaeB`\x82"
)


def _form(**overrides) -> dict:
    started = intake_guard.issue_form_token(now=timezone.now() - datetime.timedelta(seconds=30))
    return {
        **SENDER,
        "content": "Đề nghị giảm giấy tờ khi cấp phiếu lý lịch tư pháp.",
        "started": started,
        **overrides,
    }


def test_feedback_missing_name_address_or_phone_is_refused_naming_what_is_missing(province):
    with pytest.raises(ValidationFailed) as refused:
        receive(sender_name="", sender_phone="  ")
    assert "họ và tên" in refused.value.message
    assert "số điện thoại" in refused.value.message
    assert "Nghị định 20/2008" in refused.value.message
    assert not Feedback.objects.exists()


def _dossier(one_stop):
    from tthc.dossiers.tests.helpers import receive as receive_dossier

    return receive_dossier(one_stop)


def test_email_is_optional_and_procedure_and_dossier_are_recorded(procedure, one_stop):
    dossier = _dossier(one_stop)
    feedback = receive(sender_email="", procedure_code=PROCEDURE_CODE, dossier_code=dossier.code)
    assert feedback.procedure.code == PROCEDURE_CODE
    assert feedback.dossier_code == dossier.code
    assert feedback.code == f"PAKN-2026-{feedback.pk:06d}"
    assert feedback.status == Status.RECEIVED
    assert feedback.agency == procedure.office  # arrives at the office that controls procedures
    assert FeedbackEvent.objects.filter(feedback=feedback, kind="received").count() == 1


def test_an_unknown_dossier_code_is_refused_with_a_clear_message(client, one_stop):
    with pytest.raises(ValidationFailed) as refused:
        receive(dossier_code="000.00.10.H99-260302-9999")
    assert refused.value.field == "dossier_code"
    assert "Không có hồ sơ mã 000.00.10.H99-260302-9999" in refused.value.message
    response = client.post(reverse("feedback-public:submit"), _form(dossier_code="KHONG-CO"))
    assert response.status_code == 422 and "Không có hồ sơ mã KHONG-CO" in response.content.decode()
    assert not Feedback.objects.exists()


def test_an_unknown_procedure_code_is_refused(province):
    with pytest.raises(ValidationFailed) as refused:
        receive(procedure_code="9.999999")
    assert refused.value.field == "procedure_code"
    assert not Feedback.objects.exists()


@pytest.mark.public_endpoint("feedback-public:submit")
def test_public_form_takes_feedback_without_login_and_leads_to_the_follow_up_page(client, province):
    page = client.get(reverse("feedback-public:submit"))
    assert page.status_code == 200
    assert 'name="website"' in page.content.decode()  # the honeypot is there

    response = client.post(reverse("feedback-public:submit"), _form())

    feedback = Feedback.objects.get()
    assert feedback.channel == Channel.WEB
    assert response.status_code == 302
    assert response.url == reverse("feedback-public:track", args=[feedback.code, feedback.token])


def test_public_form_with_empty_content_is_refused_and_stores_nothing(client, province):
    response = client.post(reverse("feedback-public:submit"), _form(content="   "))
    assert response.status_code == 422
    assert "nội dung phản ánh" in response.content.decode()
    assert not Feedback.objects.exists()


def test_a_five_megabyte_text_is_refused_and_stores_nothing(client, province):
    response = client.post(reverse("feedback-public:submit"), _form(content="a" * (5 * 1024 * 1024)))
    assert response.status_code == 422
    assert "dài quá 10.000 ký tự" in response.content.decode()
    assert not Feedback.objects.exists()


def test_script_tags_are_stored_as_text_and_rendered_escaped(client, province):
    client.post(reverse("feedback-public:submit"), _form(content="<script>alert('x')</script> thủ tục chậm"))
    feedback = Feedback.objects.get()
    assert feedback.content.startswith("<script>")
    page = client.get(reverse("feedback-public:track", args=[feedback.code, feedback.token])).content.decode()
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert" in page


def test_a_filled_honeypot_is_refused(client, province):
    response = client.post(reverse("feedback-public:submit"), _form(website="http://spam.example"))
    assert response.status_code == 400
    assert "tự động" in response.content.decode()
    assert not Feedback.objects.exists()


def test_a_form_sent_faster_than_the_minimum_fill_time_is_refused(client, province):
    fresh = intake_guard.issue_form_token(now=timezone.now())
    response = client.post(reverse("feedback-public:submit"), _form(started=fresh))
    assert response.status_code == 400
    assert "quá nhanh" in response.content.decode()
    assert not Feedback.objects.exists()


def test_a_forged_form_start_time_is_refused(client, province):
    response = client.post(reverse("feedback-public:submit"), _form(started="1700000000:forged"))
    assert response.status_code == 400
    assert not Feedback.objects.exists()


def test_one_address_is_limited_per_hour(client, province, settings):
    settings.TTHC_FEEDBACK_RATE_LIMIT = (2, 3600)
    for _ in range(2):
        assert client.post(reverse("feedback-public:submit"), _form()).status_code == 302
    response = client.post(reverse("feedback-public:submit"), _form())
    assert response.status_code == 429
    assert Feedback.objects.count() == 2


def test_refused_posts_count_against_the_address_limit_too(client, province, settings):
    settings.TTHC_FEEDBACK_RATE_LIMIT = (2, 3600)
    for _ in range(2):
        assert client.post(reverse("feedback-public:submit"), _form(content="")).status_code == 422
    assert client.post(reverse("feedback-public:submit"), _form()).status_code == 429
    assert not Feedback.objects.exists()


def test_behind_a_trusted_proxy_the_limit_follows_the_forwarded_client_address(client, province, settings):
    settings.TTHC_FEEDBACK_RATE_LIMIT = (1, 3600)
    settings.TTHC_TRUSTED_PROXY = True
    url = reverse("feedback-public:submit")
    assert client.post(url, _form(), HTTP_X_FORWARDED_FOR="203.0.113.7").status_code == 302
    assert client.post(url, _form(), HTTP_X_FORWARDED_FOR="203.0.113.7").status_code == 429
    assert client.post(url, _form(), HTTP_X_FORWARDED_FOR="198.51.100.2").status_code == 302
    assert Feedback.objects.count() == 2


def test_a_form_token_is_accepted_only_once(client, province):
    form = _form()
    assert client.post(reverse("feedback-public:submit"), form).status_code == 302
    replay = client.post(reverse("feedback-public:submit"), form)
    assert replay.status_code == 400
    assert "đã được gửi" in replay.content.decode()
    assert Feedback.objects.count() == 1


def test_the_tick_forgets_used_form_tokens_once_they_have_expired(client, province):
    from tthc.core.ticks import run_ticks
    from tthc.feedback.models import UsedFormToken

    client.post(reverse("feedback-public:submit"), _form())
    used = UsedFormToken.objects.get()
    run_ticks(now=used.used_at + intake_guard.MAX_FORM_AGE - datetime.timedelta(minutes=1), only=["feedback"])
    assert UsedFormToken.objects.exists()
    run_ticks(now=used.used_at + intake_guard.MAX_FORM_AGE + datetime.timedelta(minutes=1), only=["feedback"])
    assert not UsedFormToken.objects.exists()


def test_api_submissions_are_limited_per_address_counting_refused_ones(client, province, settings):
    settings.TTHC_FEEDBACK_RATE_LIMIT = (2, 3600)
    assert _api(client, "feedback_submit", {**SENDER, "content": ""}).status_code == 422
    assert _api(client, "feedback_submit", {**SENDER, "content": "Một"}).status_code == 201
    limited = _api(client, "feedback_submit", {**SENDER, "content": "Hai"})
    assert limited.status_code == 429 and limited.json()["code"] == "rate_limited"
    assert Feedback.objects.count() == 1


def test_attachments_are_checked_by_content_and_named_safely(client, province):
    picture = SimpleUploadedFile("../../Ảnh chụp <hồ sơ>.PNG", PNG, content_type="image/png")
    client.post(reverse("feedback-public:submit"), {**_form(), "attachments": [picture]})
    attachment = FeedbackAttachment.objects.get()
    assert attachment.name == "anh-chup-ho-so.png"
    assert attachment.mime_type == "image/png"
    assert ".." not in attachment.file.name and attachment.file.name.startswith("feedback/")


def test_a_program_renamed_as_pdf_is_refused_and_nothing_is_stored(client, province):
    fake = SimpleUploadedFile("don.pdf", b"MZ\x90\x00" + b"\x00" * 200, content_type="application/pdf")
    response = client.post(reverse("feedback-public:submit"), {**_form(), "attachments": [fake]})
    assert response.status_code == 422
    assert "không thuộc loại được nhận" in response.content.decode()
    assert not Feedback.objects.exists()
    assert not FeedbackAttachment.objects.exists()


class SecondSaveFails(FileSystemStorage):
    """A storage whose second write fails (a full disk), to roll an intake back after a file was stored."""

    saves = 0

    def _save(self, name, content):
        type(self).saves += 1
        if type(self).saves == 2:
            raise OSError("No space left on device")
        return super()._save(name, content)


def test_a_rolled_back_intake_leaves_no_file_in_storage(province, settings, tmp_path):
    SecondSaveFails.saves = 0
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "tthc.feedback.tests.test_intake.SecondSaveFails",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    pictures = [SimpleUploadedFile(f"anh-{n}.png", PNG) for n in range(2)]
    with pytest.raises(OSError):
        receive(uploads=pictures)
    assert SecondSaveFails.saves == 2  # the first file had been written
    assert not Feedback.objects.exists() and not FeedbackAttachment.objects.exists()
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []


@pytest.mark.scoped_endpoint("feedback:new")
def test_staff_record_letters_only_for_agencies_in_their_scope(client, province):
    client.force_login(province.users.desk_centre)
    page = client.get(reverse("feedback:new"))
    assert page.status_code == 200
    assert province.justice.name not in page.content.decode()

    forged = {
        **SENDER,
        "content": "Thư phản ánh",
        "channel": "letter",
        "receiving_agency": province.justice.pk,
    }
    response = client.post(reverse("feedback:new"), forged)
    assert response.status_code == 422
    assert not Feedback.objects.exists()

    client.force_login(province.users.specialist_justice)  # no role that receives feedback
    assert client.get(reverse("feedback:new")).status_code == 403


def test_staff_record_a_phone_call(client, province):
    client.force_login(province.users.desk_centre)
    data = {
        **SENDER,
        "content": "Gọi điện phản ánh",
        "channel": "phone",
        "receiving_agency": province.centre.pk,
    }
    response = client.post(reverse("feedback:new"), data)
    feedback = Feedback.objects.get()
    assert response.status_code == 302
    assert (feedback.channel, feedback.agency, feedback.received_by) == (
        Channel.PHONE,
        province.centre,
        province.users.desk_centre,
    )


def _api(client, name: str, body: dict, *args):
    return client.post(reverse(f"api:{name}", args=args), json.dumps(body), content_type="application/json")


@pytest.mark.public_endpoint("api:feedback_submit")
def test_api_submission_follows_the_same_rules(client, province, settings):
    settings.TTHC_SITE_URL = "https://dichvucong.example.gov.vn"
    refused = _api(client, "feedback_submit", {**SENDER, "content": ""})
    assert refused.status_code == 422
    assert refused.json()["code"] == "validation_failed"
    assert not Feedback.objects.exists()

    accepted = _api(client, "feedback_submit", {**SENDER, "content": "Đề nghị bỏ bản sao"})
    assert accepted.status_code == 201
    assert Feedback.objects.get().channel == Channel.API
    assert accepted.json()["follow_url"].startswith("https://dichvucong.example.gov.vn/feedback/theo-doi/")


@pytest.mark.scoped_endpoint("api:feedback_record")
def test_api_record_with_a_forged_agency_id_is_refused_and_stores_nothing(client, province):
    client.force_login(province.users.control_justice)
    body = {**SENDER, "content": "Thư phản ánh", "channel": "letter"}
    other = _api(client, "feedback_record", {**body, "receiving_agency_id": province.construction.pk})
    assert other.status_code == 403
    missing = _api(client, "feedback_record", {**body, "receiving_agency_id": 999_999})
    assert missing.status_code == 422
    assert missing.json()["field"] == "receiving_agency_id"
    assert not Feedback.objects.exists()

    own = _api(client, "feedback_record", {**body, "receiving_agency_id": province.justice.pk})
    assert own.status_code == 201
    assert Feedback.objects.get().agency == province.justice


def test_receiving_on_an_unknown_channel_is_refused(province):
    with pytest.raises(ValidationFailed):
        receive(channel="pigeon")
    assert not Feedback.objects.exists()


def test_upload_bytes_helper_is_png():
    import filetype

    assert filetype.guess(io.BytesIO(PNG).read()).extension == "png"
    assert NOW.weekday() == 0


SCRIPT = "<script>alert('x')</script>"


def test_api_refuses_a_five_megabyte_text_and_ignores_a_forged_agency(client, province):
    huge = _api(client, "feedback_submit", {**SENDER, "content": "a" * (5 * 1024 * 1024)})
    assert huge.status_code == 422 and huge.json()["details"][0]["field"] == "content"
    assert not Feedback.objects.exists()
    forged = _api(
        client,
        "feedback_submit",
        {**SENDER, "content": f"{SCRIPT} chậm", "receiving_agency_id": province.justice.pk, "agency_id": 1},
    )
    assert forged.status_code == 201
    feedback = Feedback.objects.get()
    assert feedback.agency == province.office  # the public API always lands at the intake agency
    assert feedback.content.startswith(SCRIPT)  # stored as text, escaped wherever it is shown


def test_staff_form_refuses_a_five_megabyte_text_and_an_unknown_agency(client, province):
    client.force_login(province.users.desk_centre)
    data = {**SENDER, "channel": "letter", "receiving_agency": province.centre.pk}
    huge = client.post(reverse("feedback:new"), {**data, "content": "a" * (5 * 1024 * 1024)})
    assert huge.status_code == 422 and "dài quá 10.000 ký tự" in huge.content.decode()
    unknown = client.post(reverse("feedback:new"), {**data, "content": "Thư", "receiving_agency": 999_999})
    assert unknown.status_code == 422
    assert not Feedback.objects.exists()


def test_staff_case_page_renders_markup_from_senders_escaped(client, province):
    feedback = receive(
        sender_name=f"Mai {SCRIPT}",
        sender_address=f"<b>12 Lê Lợi</b>{SCRIPT}",
        content=f"{SCRIPT}<img src=x onerror=alert(1)> thủ tục chậm",
    )
    client.force_login(province.users.control_office)
    for url in (reverse("feedback:detail", args=[feedback.code]), reverse("feedback:queue") + "?tab=all"):
        page = client.get(url).content.decode()
        assert "<script>alert" not in page and "<img src=x" not in page and "<b>12" not in page
    page = client.get(reverse("feedback:detail", args=[feedback.code])).content.decode()
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
