"""The citizen's pages: online submission, lookup by code plus a second factor, the rating (issue 3)."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile
from django.urls import reverse
from django.utils import timezone

from tthc.catalog.services import import_records
from tthc.core.timezone import VIETNAM
from tthc.dossiers import workflow
from tthc.dossiers.citizen import guard
from tthc.dossiers.citizen.forms import SubmissionForm
from tthc.dossiers.models import Dossier, Rating, Status, StoredFile
from tthc.dossiers.services import competent_candidates, procedure_in_force
from tthc.dossiers.tests.helpers import MONDAY, at, receive

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
ELF = b"\x7fELF\x02\x01\x01" + b"\x00" * 200
SCRIPT = "<script>alert('x')</script>"
NOT_FOUND = "Không tìm thấy hồ sơ với mã và mã tra cứu (hoặc số điện thoại) đã nhập."

OFFLINE_PROCEDURE = "3.000003.H99"
TWO_AGENCY_PROCEDURE = "4.000004.H99"


@pytest.fixture(autouse=True)
def _fresh_limits():
    cache.clear()  # the per-address limits live in the cache; each test starts with none counted
    yield
    cache.clear()


@pytest.fixture
def more_procedures(one_stop):
    """A procedure with no online service, and a fully online one that both communes decide."""
    import_records(
        records=[
            {
                "code": OFFLINE_PROCEDURE,
                "name": "Chứng thực bản sao từ bản chính",
                "levels": ["province"],
                "fields": [{"code": "CT", "name": "Chứng thực"}],
                "channels": [
                    {"channel": "in_person", "processing_time": 1, "time_unit": "working_days", "fee": 2000}
                ],
                "documents": [{"name": "Bản chính giấy tờ"}],
                "agencies": {"implementing": ["000.00.10.H99"]},
                "online_level": "none",
            },
            {
                "code": TWO_AGENCY_PROCEDURE,
                "name": "Đăng ký tạm trú trực tuyến",
                "levels": ["commune"],
                "fields": [{"code": "CT2", "name": "Cư trú"}],
                "channels": [
                    {"channel": "online", "processing_time": 3, "time_unit": "working_days", "fee": 0}
                ],
                "documents": [{"name": "Tờ khai thay đổi thông tin cư trú"}],
                "agencies": {"implementing": ["000.10.30.H99", "000.10.31.H99"]},
                "online_level": "fully",
            },
        ],
        now=datetime.datetime(2025, 1, 1, 8, 0, tzinfo=VIETNAM),
    )
    return one_stop


# --- the dossier's journey through the services (shared with the e-mail and browser tests) ---


def act(dossier, action, user, now, **payload):
    return workflow.perform(dossier=dossier, action=action, user=user, now=now, **payload)


def received_and_paused(one_stop, *, reason="Bản chụp CCCD bị mờ\nThiếu chữ ký trên tờ khai"):
    """Received Monday 2 March 2026 09:00, forwarded, assigned and asked for a supplement on Tuesday."""
    users = one_stop.users
    dossier = receive(one_stop)
    dossier = act(dossier, "forward", users.desk_centre, MONDAY)
    dossier = act(dossier, "assign", users.specialist_justice, MONDAY, reason="Giao chị Hoa xử lý gấp")
    return act(dossier, "request_supplement", users.specialist_justice, at("2026-03-03"), reason=reason)


def completed_and_returned(one_stop, dossier, *, apology=True):
    """The supplement arrives (the clock restarts), an apology moves the date once; approved, returned."""
    users = one_stop.users
    dossier = act(dossier, "receive_supplement", users.desk_centre, at("2026-03-04", "09:00"))
    if apology:
        dossier = act(
            dossier,
            "apologise",
            users.specialist_justice,
            at("2026-03-05"),
            reason="Chờ xác minh tại cơ quan công an",
            new_due_at=at("2026-03-16", "16:30"),
        )
    dossier = act(
        dossier, "appraise", users.specialist_justice, at("2026-03-09"), reason="Ghi chú nội bộ XYZ"
    )
    dossier = act(dossier, "approve", users.approver_justice, at("2026-03-10"))
    dossier = act(dossier, "send_result", users.specialist_justice, at("2026-03-10", "10:00"))
    return act(dossier, "return_result", users.desk_centre, at("2026-03-11"), method="in_person")


def look_up(client, dossier, factor=None):
    return client.post(
        reverse("dossiers-public:lookup"),
        {"code": dossier.code, "factor": dossier.lookup_key if factor is None else factor},
        follow=True,
    )


def text(response) -> str:
    return response.content.decode()


# --- lookup ---


@pytest.mark.public_endpoint("dossiers-public:lookup")
def test_lookup_by_code_and_lookup_key_opens_the_dossier(client, one_stop):
    dossier = receive(one_stop)
    page = client.get(reverse("dossiers-public:lookup"))
    assert page.status_code == 200 and "Mã tra cứu" in text(page)
    response = look_up(client, dossier)
    assert response.redirect_chain == [(reverse("dossiers-public:result"), 302)]
    body = text(response)
    assert dossier.code in body and "Cấp Phiếu lý lịch tư pháp" in body
    assert "Trung tâm Phục vụ hành chính công" in body and "Sở Tư pháp" in body


@pytest.mark.public_endpoint("dossiers-public:lookup")
def test_lookup_by_code_and_the_phone_number_on_file(client, one_stop):
    dossier = receive(one_stop)
    response = look_up(client, dossier, factor="0912 345 678")
    assert dossier.code in text(response) and "Đã tiếp nhận" in text(response)


@pytest.mark.public_endpoint("dossiers-public:lookup")
def test_unknown_code_and_wrong_second_factor_get_the_same_refusal(client, one_stop):
    dossier = receive(one_stop)
    wrong_factor = client.post(reverse("dossiers-public:lookup"), {"code": dossier.code, "factor": "ABCDEF"})
    unknown = client.post(
        reverse("dossiers-public:lookup"), {"code": "000.00.20.H99-260302-0099", "factor": dossier.lookup_key}
    )
    assert wrong_factor.status_code == unknown.status_code == 200
    assert NOT_FOUND in text(wrong_factor) and NOT_FOUND in text(unknown)

    def without_echo(response, code):
        page = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", text(response))
        return re.sub(r'"X-CSRFToken": "[^"]+"', "", page).replace(code, "CODE")

    # Apart from the code the visitor typed, the two pages are the same: nothing tells which part was wrong.
    assert without_echo(wrong_factor, dossier.code) == without_echo(unknown, "000.00.20.H99-260302-0099")
    assert client.get(reverse("dossiers-public:result")).status_code == 302


@pytest.mark.public_endpoint("dossiers-public:lookup")
def test_lookup_is_limited_to_ten_a_minute_per_address_then_429_in_vietnamese(client, one_stop):
    dossier = receive(one_stop)
    for _ in range(10):
        assert (
            client.post(reverse("dossiers-public:lookup"), {"code": dossier.code, "factor": "x"}).status_code
            == 200
        )
    refused = client.post(
        reverse("dossiers-public:lookup"), {"code": dossier.code, "factor": dossier.lookup_key}
    )
    assert refused.status_code == 429
    assert "quá nhiều lần" in text(refused)
    # Another address is not held back by this one.
    other = client.post(
        reverse("dossiers-public:lookup"),
        {"code": dossier.code, "factor": dossier.lookup_key},
        REMOTE_ADDR="10.0.0.7",
    )
    assert other.status_code == 302


@pytest.mark.public_endpoint("dossiers-public:lookup")
def test_the_second_factor_is_never_taken_from_the_url(client, one_stop):
    dossier = receive(one_stop)
    response = client.get(
        reverse("dossiers-public:lookup"), {"code": dossier.code, "factor": dossier.lookup_key}
    )
    assert response.status_code == 200 and "Hạn trả kết quả" not in text(response)
    assert client.get(reverse("dossiers-public:result")).status_code == 302


@pytest.mark.public_endpoint("dossiers-public:result")
def test_result_page_shows_only_the_dossier_looked_up_in_this_session(client, one_stop):
    response = client.get(reverse("dossiers-public:result"))
    assert response.status_code == 302 and response["Location"] == reverse("dossiers-public:lookup")
    mine = receive(one_stop)
    theirs = (
        receive(one_stop, applicant=None)
        if False
        else receive(one_stop, now=MONDAY + datetime.timedelta(hours=1))
    )
    body = text(look_up(client, mine))
    assert mine.code in body and theirs.code not in body


@pytest.mark.public_endpoint("dossiers-public:result")
def test_result_shows_steps_and_the_due_date_as_day_month_year_hour_minute(client, one_stop):
    dossier = receive(one_stop)
    body = text(look_up(client, dossier))
    # Due 5 working days after Monday 2 March 2026 09:00.
    assert "09/03/2026 09:00" in body
    for step in ("Tiếp nhận, chuyển hồ sơ", "Thẩm định hồ sơ", "Phê duyệt kết quả", "Trả kết quả"):
        assert step in body
    assert "Đang thực hiện" in body and "Đã xong" not in body


@pytest.mark.public_endpoint("dossiers-public:result")
def test_paused_dossier_shows_the_pause_and_the_items_requested(client, one_stop):
    dossier = received_and_paused(one_stop)
    body = text(look_up(client, dossier))
    assert "Tạm dừng chờ bổ sung" in body
    assert "Bản chụp CCCD bị mờ" in body and "Thiếu chữ ký trên tờ khai" in body
    # Received → forwarded: the first step is done.
    assert "Đã xong" in body


@pytest.mark.public_endpoint("dossiers-public:result")
def test_result_shows_the_apology_with_its_reason_and_the_new_date(client, one_stop):
    users = one_stop.users
    dossier = act(receive(one_stop), "forward", users.desk_centre, MONDAY)
    dossier = act(dossier, "assign", users.specialist_justice, MONDAY)
    act(
        dossier,
        "apologise",
        users.specialist_justice,
        at("2026-03-05"),
        reason="Chờ xác minh tại cơ quan công an",
        new_due_at=at("2026-03-12", "17:00"),
    )
    body = text(look_up(client, dossier))
    assert "Thư xin lỗi" in body and "Chờ xác minh tại cơ quan công an" in body
    assert "12/03/2026 17:00" in body and "09/03/2026 09:00" in body


@pytest.mark.public_endpoint("dossiers-public:result")
def test_internal_notes_and_staff_names_are_never_shown(client, one_stop):
    users = one_stop.users
    users.specialist_justice.first_name, users.specialist_justice.last_name = "Hoa", "Trần Thị"
    users.specialist_justice.save()
    dossier = received_and_paused(one_stop)
    dossier = completed_and_returned(one_stop, dossier, apology=False)
    body = text(look_up(client, dossier))
    assert "Giao chị Hoa xử lý gấp" not in body and "Ghi chú nội bộ XYZ" not in body
    assert "Trần Thị" not in body and "specialist_justice" not in body
    # Nor the applicant's identity number, address or e-mail.
    assert "045190001234" not in body and "Lê Lợi" not in body and "lan@example.vn" not in body


@pytest.mark.public_endpoint("dossiers-public:result")
def test_returned_dossier_shows_the_result_and_offers_the_rating(client, one_stop):
    dossier = completed_and_returned(one_stop, received_and_paused(one_stop))
    body = text(look_up(client, dossier))
    assert "Đã trả kết quả" in body and "Hồ sơ được giải quyết" in body
    assert 'id="rating-form"' in body and "Tạm dừng chờ bổ sung" not in body


# --- rating ---


@pytest.mark.public_endpoint("dossiers-public:rate")
def test_rating_is_stored_for_the_dossier_looked_up_in_this_session(client, one_stop):
    dossier = completed_and_returned(one_stop, received_and_paused(one_stop))
    look_up(client, dossier)
    response = client.post(
        reverse("dossiers-public:rate"), {"score": "5", "comment": "Cán bộ tận tình, đúng hẹn"}, follow=True
    )
    rating = Rating.objects.get(dossier=dossier)
    assert (rating.score, rating.comment) == (5, "Cán bộ tận tình, đúng hẹn")
    assert "Cảm ơn ông/bà đã đánh giá" in text(response) and 'id="rating-form"' not in text(response)


@pytest.mark.public_endpoint("dossiers-public:rate")
def test_rating_without_a_lookup_in_this_session_is_refused(client, one_stop):
    dossier = completed_and_returned(one_stop, received_and_paused(one_stop))
    response = client.post(reverse("dossiers-public:rate"), {"score": "1"})
    assert response.status_code == 302 and response["Location"] == reverse("dossiers-public:lookup")
    assert not Rating.objects.filter(dossier=dossier).exists()


@pytest.mark.public_endpoint("dossiers-public:rate")
def test_rating_before_the_result_is_returned_is_refused(client, one_stop):
    dossier = received_and_paused(one_stop)
    look_up(client, dossier)
    response = client.post(reverse("dossiers-public:rate"), {"score": "4"})
    assert response.status_code == 422 and "sau khi đã nhận kết quả" in text(response)
    assert not Rating.objects.exists()


@pytest.mark.public_endpoint("dossiers-public:rate")
def test_a_dossier_is_rated_once_and_the_score_is_one_to_five(client, one_stop):
    dossier = completed_and_returned(one_stop, received_and_paused(one_stop))
    look_up(client, dossier)
    out_of_range = client.post(reverse("dossiers-public:rate"), {"score": "9"})
    assert out_of_range.status_code == 422 and "từ 1 đến 5" in text(out_of_range)
    assert client.post(reverse("dossiers-public:rate"), {"score": "3"}).status_code == 302
    again = client.post(reverse("dossiers-public:rate"), {"score": "1"})
    assert again.status_code == 422
    assert Rating.objects.get(dossier=dossier).score == 3


# --- online submission ---


def form_token(seconds_ago: int = 60) -> str:
    return guard.issue_token(now=timezone.now() - datetime.timedelta(seconds=seconds_ago))


def submission(**overrides) -> dict:
    data = {
        "kind": "person",
        "name": "Trần Văn Bình",
        "identifier": "045190009999",
        "address": "5 Hùng Vương",
        "phone": "0987654321",
        "email": "binh@example.vn",
        "token": form_token(),
        "website": "",
        "doc_0": SimpleUploadedFile("to-khai.pdf", PDF, content_type="application/pdf"),
        "doc_1": SimpleUploadedFile("cccd.pdf", PDF, content_type="application/pdf"),
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def submit_url(code):
    return reverse("dossiers-public:submit", kwargs={"procedure_code": code})


@pytest.mark.public_endpoint("dossiers-public:submit-choose")
def test_chooser_lists_only_procedures_submittable_online_and_searches_without_diacritics(
    client, more_procedures
):
    body = text(client.get(reverse("dossiers-public:submit-choose")))
    assert "Cấp Phiếu lý lịch tư pháp" in body and "Đăng ký tạm trú trực tuyến" in body
    # Not online at all, or "fully online" in the catalog but with no online channel to file through.
    assert "Chứng thực bản sao" not in body and "Đăng ký khai sinh" not in body
    found = text(client.get(reverse("dossiers-public:submit-choose"), {"q": "ly lich tu phap"}))
    assert "Cấp Phiếu lý lịch tư pháp" in found and "Đăng ký tạm trú" not in found
    partial = client.get(reverse("dossiers-public:submit-choose"), {"q": "tam tru"}, HTTP_HX_REQUEST="true")
    assert "Đăng ký tạm trú trực tuyến" in text(partial) and "<nav" not in text(partial)


@pytest.mark.public_endpoint("dossiers-public:submit")
def test_submission_form_lists_the_required_documents_with_an_upload_each(client, one_stop):
    response = client.get(submit_url(one_stop.procedure_code))
    body = text(response)
    assert response.status_code == 200
    assert "Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp" in body and "Bản chụp giấy tờ tùy thân" in body
    assert body.count('type="file"') == 2 and 'name="website"' in body and 'name="token"' in body


@pytest.mark.public_endpoint("dossiers-public:submit")
def test_procedure_without_online_service_cannot_be_submitted_online(client, more_procedures):
    response = client.get(submit_url(OFFLINE_PROCEDURE))
    assert response.status_code == 404 and "chưa cung cấp dịch vụ công trực tuyến" in text(response)
    assert client.get(submit_url("9.999999.H99")).status_code == 404


@pytest.mark.public_endpoint("dossiers-public:submitted")
def test_online_submission_gives_the_code_and_the_lookup_key(client, one_stop):
    response = client.post(submit_url(one_stop.procedure_code), submission(), follow=True)
    dossier = Dossier.objects.get()
    assert response.redirect_chain == [(reverse("dossiers-public:submitted"), 302)]
    body = text(response)
    assert dossier.code in body and dossier.lookup_key in body
    assert dossier.status == Status.SUBMITTED and dossier.channel == "online"
    assert dossier.receiving_desk == one_stop.centre and dossier.competent_agency == one_stop.justice
    assert dossier.documents.filter(provided=True, stored_file__isnull=False).count() == 2
    # The e-mail with the code is in the outbox (its delivery is tested against an SMTP server).
    assert dossier.applicant.email == "binh@example.vn"
    # The confirmation leads straight to the dossier's status.
    assert dossier.code in text(client.get(reverse("dossiers-public:result")))


@pytest.mark.public_endpoint("dossiers-public:submitted")
def test_confirmation_page_needs_the_submission_in_this_session(client, one_stop):
    receive(one_stop)
    response = client.get(reverse("dossiers-public:submitted"))
    assert response.status_code == 302


@pytest.mark.public_endpoint("dossiers-public:submit")
def test_a_double_click_gives_one_dossier(client, one_stop):
    token = form_token()
    first = client.post(submit_url(one_stop.procedure_code), submission(token=token))
    second = client.post(submit_url(one_stop.procedure_code), submission(token=token))
    assert first.status_code == second.status_code == 302
    assert Dossier.objects.count() == 1


@pytest.mark.public_endpoint("dossiers-public:submit")
def test_a_replayed_form_token_never_shows_another_applicants_dossier(client, one_stop):
    token = form_token()
    client.post(submit_url(one_stop.procedure_code), submission(token=token))
    other = client.__class__()
    response = other.post(
        submit_url(one_stop.procedure_code), submission(token=token, identifier="045190007777")
    )
    dossier = Dossier.objects.get()
    assert response.status_code == 422 and dossier.code not in text(response)
    assert other.get(reverse("dossiers-public:submitted")).status_code == 302


@pytest.mark.public_endpoint("dossiers-public:submit")
def test_honeypot_filled_in_is_refused_and_nothing_is_written(client, one_stop):
    response = client.post(submit_url(one_stop.procedure_code), submission(website="http://spam.example"))
    assert response.status_code == 400 and "nghi ngờ gửi tự động" in text(response)
    assert not Dossier.objects.exists() and not StoredFile.objects.exists()


@pytest.mark.public_endpoint("dossiers-public:submit")
def test_a_form_sent_faster_than_a_person_types_or_with_a_forged_token_is_refused(client, one_stop):
    too_fast = client.post(submit_url(one_stop.procedure_code), submission(token=form_token(seconds_ago=0)))
    assert too_fast.status_code == 400 and "quá nhanh" in text(too_fast)
    forged = client.post(submit_url(one_stop.procedure_code), submission(token="1700000000:abc"))
    assert forged.status_code == 400 and "tải lại trang" in text(forged)
    stale = client.post(
        submit_url(one_stop.procedure_code), submission(token=form_token(seconds_ago=13 * 3600))
    )
    assert stale.status_code == 400 and "mở quá lâu" in text(stale)
    assert not Dossier.objects.exists()


@pytest.mark.public_endpoint("dossiers-public:submit")
def test_online_submission_is_limited_to_twenty_posts_per_ten_minutes_per_address(client, one_stop):
    for _ in range(20):
        assert client.post(submit_url(one_stop.procedure_code), submission(name="")).status_code == 422
    refused = client.post(submit_url(one_stop.procedure_code), submission())
    assert refused.status_code == 429 and "quá nhiều lần" in text(refused)
    assert not Dossier.objects.exists()


@pytest.mark.public_endpoint("dossiers-public:submit")
def test_each_missing_document_and_bad_applicant_field_is_named(client, one_stop):
    response = client.post(
        submit_url(one_stop.procedure_code),
        submission(doc_1=None, identifier="12345", email="not-an-address"),
    )
    body = text(response)
    assert response.status_code == 422
    assert "Chưa đính kèm tệp «Bản chụp giấy tờ tùy thân»" in body
    assert "phải gồm 12 chữ số" in body and "không hợp lệ" in body
    assert not Dossier.objects.exists()
    # Sent by htmx, the refusal comes as 200 so that htmx shows it in the page.
    htmx = client.post(submit_url(one_stop.procedure_code), submission(doc_1=None), HTTP_HX_REQUEST="true")
    assert htmx.status_code == 200 and "Chưa đính kèm tệp «Bản chụp giấy tờ tùy thân»" in text(htmx)


@pytest.mark.public_endpoint("dossiers-public:submit")
def test_procedure_decided_by_several_agencies_asks_which_one(client, more_procedures):
    url = submit_url(TWO_AGENCY_PROCEDURE)
    assert "Cơ quan giải quyết" in text(client.get(url))
    doc = {"doc_1": None, "doc_0": SimpleUploadedFile("tk.pdf", PDF)}
    missing = client.post(url, submission(**doc))
    assert missing.status_code == 422 and "chọn cơ quan giải quyết" in text(missing)
    chosen = client.post(
        url,
        submission(
            competent_agency=str(more_procedures.commune_b.pk),
            **{**doc, "doc_0": SimpleUploadedFile("tk.pdf", PDF)},
        ),
    )
    assert chosen.status_code == 302
    dossier = Dossier.objects.get()
    assert dossier.competent_agency == more_procedures.commune_b


# --- bad input ---


@pytest.mark.public_endpoint("dossiers-public:submit")
def test_an_executable_renamed_pdf_is_refused_by_its_content(client, one_stop):
    response = client.post(
        submit_url(one_stop.procedure_code), submission(doc_0=SimpleUploadedFile("don.pdf", ELF))
    )
    assert response.status_code == 422 and "không phải là PDF" in text(response)
    assert not Dossier.objects.exists() and not StoredFile.objects.exists()


@pytest.mark.public_endpoint("dossiers-public:submit")
def test_a_file_named_etc_passwd_is_stored_under_a_safe_name(client, one_stop):
    response = client.post(
        submit_url(one_stop.procedure_code), submission(doc_0=SimpleUploadedFile("../../etc/passwd", PDF))
    )
    assert response.status_code == 302
    stored = Dossier.objects.get().documents.get(position=0).stored_file
    assert stored.original_name == "passwd" and ".." not in stored.file.name
    assert stored.file.name.startswith("dossiers/") and stored.file.read() == PDF


@pytest.mark.public_endpoint("dossiers-public:submit")
def test_a_200_mb_request_is_refused_before_it_is_read(client, one_stop):
    # The body is small; the declared length is what a browser sends for a 200 MB file.
    response = client.generic(
        "POST",
        submit_url(one_stop.procedure_code),
        b"--x--\r\n",
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(200 * 1024 * 1024),
    )
    assert response.status_code == 413
    body = text(response)
    assert "200.0 MB" in body or "200,0 MB" in body
    assert "tối đa 20 MB" in body and "chưa được nộp" in body
    assert not Dossier.objects.exists()


@pytest.mark.public_endpoint("dossiers-public:submit")
def test_a_file_over_the_limit_is_dropped_while_it_streams_in(client, one_stop, settings):
    settings.TTHC_MAX_UPLOAD_BYTES = 4096
    big = SimpleUploadedFile("scan.pdf", PDF + b"0" * 3000)
    bigger = SimpleUploadedFile("cccd-mau.pdf", PDF + b"0" * 5000)
    response = client.post(submit_url(one_stop.procedure_code), submission(doc_0=big, doc_1=bigger))
    assert response.status_code == 422
    assert "Tệp «cccd-mau.pdf» vượt giới hạn 4 KB" in text(response)
    assert "scan.pdf" not in text(response)  # the smaller one was fine
    assert not Dossier.objects.exists() and not StoredFile.objects.exists()


def test_a_200_mb_file_is_refused_with_its_size_named(one_stop, tmp_path):
    upload = TemporaryUploadedFile("ban-chup.pdf", "application/pdf", 0, None)
    upload.write(PDF)
    upload.truncate(200 * 1024 * 1024)  # sparse: nothing like 200 MB is written or read
    upload.size = 200 * 1024 * 1024
    upload.seek(0)
    version = procedure_in_force(one_stop.procedure_code, on=timezone.localdate())
    form = SubmissionForm(
        {**{k: v for k, v in submission().items() if not k.startswith("doc_")}},
        {"doc_0": upload, "doc_1": SimpleUploadedFile("cccd.pdf", PDF)},
        version=version,
        candidates=competent_candidates(version),
        now=timezone.now(),
    )
    assert not form.is_valid()
    assert form.errors["doc_0"] == ["Tệp «ban-chup.pdf» dung lượng 200.0 MB, vượt giới hạn 20 MB."]
    upload.close()


@pytest.mark.public_endpoint("dossiers-public:submit")
def test_script_typed_in_every_field_is_shown_escaped(client, one_stop):
    fields = {name: SCRIPT for name in ("name", "identifier", "address", "phone", "email", "kind")}
    refused = client.post(submit_url(one_stop.procedure_code), submission(**fields))
    assert refused.status_code == 422
    assert "<script>alert" not in text(refused) and "&lt;script&gt;" in text(refused)

    looked = client.post(reverse("dossiers-public:lookup"), {"code": SCRIPT, "factor": SCRIPT})
    assert "<script>alert" not in text(looked)

    accepted = client.post(
        submit_url(one_stop.procedure_code),
        submission(name=f"Bình {SCRIPT}", address=SCRIPT, doc_0=SimpleUploadedFile(f"{SCRIPT}.pdf", PDF)),
        follow=True,
    )
    dossier = Dossier.objects.get()
    assert dossier.applicant.name == f"Bình {SCRIPT}"
    result = text(client.get(reverse("dossiers-public:result")))
    assert "Bình &lt;script&gt;" in result and "<script>alert" not in result
    assert "<script>alert" not in text(accepted)


@pytest.mark.public_endpoint("dossiers-public:rate")
def test_script_in_the_rating_comment_is_stored_as_typed_and_shown_escaped(client, one_stop):
    dossier = completed_and_returned(one_stop, received_and_paused(one_stop))
    look_up(client, dossier)
    response = client.post(reverse("dossiers-public:rate"), {"score": "2", "comment": SCRIPT}, follow=True)
    assert Rating.objects.get(dossier=dossier).comment == SCRIPT
    assert "&lt;script&gt;" in text(response) and "<script>alert" not in text(response)
