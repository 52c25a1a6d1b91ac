"""The applicant's e-mails (receipt of an online submission, supplement request, apology, result) delivered
through Django's SMTP backend to a real local SMTP server (aiosmtpd), with the code in the subject and the
Vietnamese text intact. Mail leaves when the transaction commits, so these tests are transactional."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.urls import reverse

from tthc.dossiers.models import Dossier
from tthc.dossiers.tests.smtp import smtp_server  # noqa: F401 — the fixture
from tthc.dossiers.tests.test_citizen import completed_and_returned, received_and_paused, submission
from tthc.notifications.models import Notification

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(autouse=True)
def _no_counted_hits():
    cache.clear()


@pytest.mark.public_endpoint("dossiers-public:submit")
def test_online_submission_sends_the_receipt_with_the_code_by_email(client, one_stop, smtp_server):  # noqa: F811
    response = client.post(
        reverse("dossiers-public:submit", kwargs={"procedure_code": one_stop.procedure_code}), submission()
    )
    assert response.status_code == 302
    dossier = Dossier.objects.get()
    [message] = smtp_server.about(dossier.code)
    assert message["To"] == "binh@example.vn"
    assert smtp_server.subject(message) == f"Đã nhận hồ sơ trực tuyến {dossier.code}"
    body = smtp_server.body(message)
    assert "Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam" in body
    assert f"Mã tra cứu: {dossier.lookup_key}" in body and "Bộ phận một cửa sẽ kiểm tra" in body
    assert Notification.objects.get(channel="email").status == "sent"


def test_the_applicants_messages_link_to_the_lookup_page_at_the_portals_address(
    client,
    one_stop,
    smtp_server,  # noqa: F811
    settings,
):
    settings.TTHC_SITE_URL = "https://dichvucong.example.gov.vn/"
    client.post(
        reverse("dossiers-public:submit", kwargs={"procedure_code": one_stop.procedure_code}), submission()
    )
    [message] = smtp_server.about(Dossier.objects.get().code)
    assert f"Tra cứu: https://dichvucong.example.gov.vn{reverse('dossiers-public:lookup')}" in (
        smtp_server.body(message)
    )


def test_supplement_apology_and_result_messages_arrive_with_the_code(one_stop, smtp_server):  # noqa: F811
    dossier = received_and_paused(one_stop)
    dossier = completed_and_returned(one_stop, dossier)
    messages = smtp_server.about(dossier.code)
    subjects = [smtp_server.subject(m) for m in messages]
    assert subjects == [
        f"Đã tiếp nhận hồ sơ {dossier.code}",
        f"Hồ sơ {dossier.code} cần bổ sung",
        f"Xin lỗi về việc trễ hẹn hồ sơ {dossier.code}",
        f"Hồ sơ {dossier.code} đã có kết quả",
    ]
    assert all(recipients == ["lan@example.vn"] for recipients in smtp_server.recipients)
    receipt, supplement, apology, result = (smtp_server.body(m) for m in messages)
    assert "Hẹn trả kết quả: 09:00 09/03/2026" in receipt
    assert "yêu cầu bổ sung hồ sơ" in supplement and "Bản chụp CCCD bị mờ" in supplement
    assert (
        "Lý do: Chờ xác minh tại cơ quan công an" in apology and "Ngày hẹn mới: 16:30 16/03/2026" in apology
    )
    assert "mời nhận tại Trung tâm Phục vụ hành chính công" in result
    assert not Notification.objects.filter(channel="email").exclude(status="sent").exists()
