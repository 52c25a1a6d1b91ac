"""What the senders are told, on every channel they left a contact for: the acknowledgement on receipt, a
refusal, the answer; and what an agency is told (by e-mail to its address). Messages go through the
notifications outbox (sent after commit).

The e-mail carries the full text; the SMS is one short message without diacritics (160 GSM characters, so one
segment on every gateway) with the code and the follow link. The follow link is absolute: it leads from a
phone or a mail client to the sender's page, built on ``settings.TTHC_SITE_URL`` (the public address of the
portal, e.g. ``https://dichvucong.quangtri.gov.vn``).
"""

from __future__ import annotations

import datetime

from tthc.core.links import absolute_url
from tthc.core.timezone import local
from tthc.feedback.models import Answer, Feedback
from tthc.notifications.services import notify

TOPIC = "feedback"
SMS_LIMIT = 160


def follow_url(feedback: Feedback) -> str:
    """The sender's own page (status, answer, rating), as an absolute address."""
    return absolute_url("feedback-public:track", args=[feedback.code, feedback.token])


def _send(sender: Feedback, *, now: datetime.datetime, subject: str, body: str, sms: str) -> None:
    link = follow_url(sender)
    notify(
        now=now,
        subject=subject,
        body=f"{body}\n\nTheo dõi và đánh giá kết quả trả lời: {link}",
        email=sender.sender_email,
        topic=TOPIC,
    )
    notify(now=now, subject="", body=f"{sms} {link}", phone=sender.sender_phone, topic=TOPIC)


def acknowledge(feedback: Feedback, *, now: datetime.datetime) -> None:
    """Tell the sender their feedback was received: its code, the forwarding deadline and the follow link."""
    _send(
        feedback,
        now=now,
        subject=f"Đã tiếp nhận phản ánh, kiến nghị {feedback.code}",
        body=(
            f"{feedback.receiving_agency.name} đã tiếp nhận phản ánh, kiến nghị của ông/bà.\n"
            f"Mã phản ánh: {feedback.code}\n"
            f"Thời điểm tiếp nhận: {local(feedback.received_at):%H:%M %d/%m/%Y}\n"
            f"Phản ánh được phân loại, chuyển cơ quan có thẩm quyền chậm nhất "
            f"{local(feedback.forward_due_at):%H:%M %d/%m/%Y}."
        ),
        sms=f"Da tiep nhan phan anh {feedback.code}. Theo doi:",
    )


def tell_refused(sender: Feedback, *, case: Feedback, now: datetime.datetime) -> None:
    _send(
        sender,
        now=now,
        subject=f"Phản ánh {sender.code} không được tiếp nhận",
        body=f"Phản ánh, kiến nghị {sender.code} không được tiếp nhận.\nLý do: {case.refusal_reason}",
        sms=f"Phan anh {sender.code} khong duoc tiep nhan. Ly do:",
    )


def tell_answered(sender: Feedback, *, answer: Answer, now: datetime.datetime) -> None:
    _send(
        sender,
        now=now,
        subject=f"Trả lời phản ánh, kiến nghị {sender.code}",
        body=answer.body,
        sms=f"Phan anh {sender.code} da co tra loi. Xem va danh gia:",
    )


def tell_agency(agency, *, now: datetime.datetime, subject: str, body: str) -> None:
    notify(now=now, subject=subject, body=body, email=agency.email, topic=TOPIC)
