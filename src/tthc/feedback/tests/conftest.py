"""Fixtures of the feedback tests: a moment to act at, a procedure of the Department of Justice, valid
senders and a helper that receives feedback the way the public form does."""

from __future__ import annotations

import datetime

import pytest
from django.core.cache import cache

from tthc.catalog.services import import_records
from tthc.core.timezone import VIETNAM
from tthc.feedback import services
from tthc.feedback.models import AnswerTemplate, Channel, FeedbackCategory, Subject

# Monday 2 March 2026, 09:00: a plain working week follows (no holiday until 30 April).
NOW = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=VIETNAM)
PROCEDURE_CODE = "2.000488"
SENDER = {
    "sender_name": "Nguyễn Thị Mai",
    "sender_address": "12 Lê Lợi, phường Đông Hà",
    "sender_phone": "0912345678",
    "sender_email": "mai@example.vn",
}


@pytest.fixture(autouse=True)
def _files_of_the_test(media):
    """Attachments go to a folder of the test, not the project's var/media."""
    return media


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def procedure(province):
    """Cấp Phiếu lý lịch tư pháp, implemented by the Department of Justice, in force since 01/01/2026."""
    import_records(
        records=[
            {
                "code": PROCEDURE_CODE,
                "name": "Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam",
                "decision": {
                    "number": "15/QĐ-UBND",
                    "signed_on": "2025-12-01",
                    "signer": "Nguyễn Văn Hùng",
                    "effective_on": "2026-01-01",
                    "change_kind": "new",
                },
                "levels": ["province"],
                "fields": [{"code": "ly-lich-tu-phap", "name": "Lý lịch tư pháp"}],
                "channels": [
                    {
                        "channel": "in_person",
                        "processing_time": "10",
                        "time_unit": "working_days",
                        "fee": 200000,
                    }
                ],
                "agencies": {"implementing": [province.justice.code]},
            }
        ],
        now=NOW - datetime.timedelta(days=90),
    )
    return province


@pytest.fixture
def category(db):
    return FeedbackCategory.objects.create(
        code="quy-dinh", name="Phản ánh về quy định", subject=Subject.REGULATION
    )


@pytest.fixture
def template(db):
    return AnswerTemplate.objects.create(
        name="Trả lời chung",
        body=(
            "Kính gửi ông/bà $ten_nguoi_gui, về phản ánh $ma_phan_anh ngày $ngay_nhan, $co_quan trả lời: ..."
        ),
    )


def receive(*, now=NOW, channel=Channel.WEB, **overrides):
    values = {
        **SENDER,
        "content": "Thủ tục cấp phiếu lý lịch tư pháp yêu cầu quá nhiều giấy tờ.",
        **overrides,
    }
    return services.receive_feedback(channel=channel, now=now, **values)
