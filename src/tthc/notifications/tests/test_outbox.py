import datetime

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from tthc.core.ticks import run_ticks
from tthc.notifications.models import Notification
from tthc.notifications.services import notify
from tthc.notifications.sms import MemorySMSBackend

NOW = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)


class BrokenSMSBackend:
    def send(self, *, phone, text):
        raise ConnectionError("cổng SMS không trả lời")


@pytest.fixture
def memory_sms(settings):
    settings.TTHC_SMS_BACKEND = "tthc.notifications.sms.MemorySMSBackend"
    MemorySMSBackend.outbox = []
    return MemorySMSBackend.outbox


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_message_is_recorded_and_sent_after_commit(settings, memory_sms):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    notify(
        now=NOW,
        subject="Đã tiếp nhận hồ sơ",
        body="Mã hồ sơ 44-260302-0001",
        email="an@example.vn",
        phone="0912345678",
        topic="dossier:1",
    )
    assert [m.subject for m in mail.outbox] == ["Đã tiếp nhận hồ sơ"]
    assert memory_sms == [("0912345678", "Đã tiếp nhận hồ sơ. Mã hồ sơ 44-260302-0001")]
    assert set(Notification.objects.values_list("status", flat=True)) == {"sent"}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_failed_sms_stays_in_the_outbox_and_the_tick_resends_it(settings, memory_sms):
    settings.TTHC_SMS_BACKEND = "tthc.notifications.tests.test_outbox.BrokenSMSBackend"
    notify(now=NOW, subject="Hẹn trả", body="Ngày 05/03/2026", phone="0912345678")
    failed = Notification.objects.get()
    assert failed.status == "failed" and "cổng SMS" in failed.last_error

    settings.TTHC_SMS_BACKEND = "tthc.notifications.sms.MemorySMSBackend"
    assert run_ticks(now=NOW, only=["notifications"]) == {"notifications": {"sent": 1}}
    failed.refresh_from_db()
    assert failed.status == "sent" and failed.attempts == 2
    assert run_ticks(now=NOW, only=["notifications"]) == {"notifications": {"sent": 0}}


def test_tick_command_refuses_an_unknown_name():
    with pytest.raises(CommandError, match="Không có tác vụ định kỳ tên khong-co") as error:
        call_command("tick", "--only", "khong-co")
    assert error.value.returncode == 2
