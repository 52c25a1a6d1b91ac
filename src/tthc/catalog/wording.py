"""How the values of a procedure record read in Vietnamese: labels, time limits, money, dates.

The version diff, the Excel export and the staff and public pages all show the same values, so the wording
lives here once.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from tthc.catalog.models import ChangeKind, Channel, OnlineLevel, Subject, TimeUnit
from tthc.catalog.records import ChannelRecord, DocumentRecord, LegalBasisRecord, StepRecord

LEVEL_LABELS = {
    "ministry": "Trung ương",
    "province": "Cấp tỉnh",
    "district": "Cấp huyện",
    "commune": "Cấp xã",
}
STATUS_LABELS = {"active": "Đang áp dụng", "abolished": "Đã bãi bỏ"}
CHANNEL_LABELS = dict(Channel.choices)
TIME_UNIT_LABELS = dict(TimeUnit.choices)
ONLINE_LEVEL_LABELS = dict(OnlineLevel.choices)
CHANGE_KIND_LABELS = dict(ChangeKind.choices)
SUBJECT_LABELS = dict(Subject.choices)
FLAG_LABELS = {
    "on_the_spot": "Giải quyết ngay tại chỗ",
    "boundary_free": "Không phụ thuộc địa giới hành chính",
    "interagency": "Liên thông",
    "postal": "Tiếp nhận, trả kết quả qua bưu chính công ích",
}
AGENCY_PART_LABELS = {
    "implementing": "Cơ quan thực hiện",
    "competent": "Cơ quan có thẩm quyền",
    "delegated": "Cơ quan được ủy quyền",
    "cooperating": "Cơ quan phối hợp",
}


def money(amount: int) -> str:
    """``50000`` → ``"50.000 đồng"``; zero reads as free of charge."""
    if not amount:
        return "Không thu phí"
    return f"{amount:,} đồng".replace(",", ".")


def day(value: datetime.date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def amount(value: Decimal) -> str:
    """A time-limit amount with a decimal comma, without trailing zeros: ``Decimal("2.50")`` → ``"2,5"``."""
    return format(value.normalize(), "f").replace(".", ",")


def time_limit(channel: ChannelRecord) -> str:
    """``"15 ngày làm việc"``."""
    return f"{amount(channel.processing_time)} {TIME_UNIT_LABELS[channel.time_unit]}"


def channel_line(channel: ChannelRecord) -> str:
    """``"Trực tiếp: 15 ngày làm việc; phí: 50.000 đồng (lệ phí cấp giấy)"``."""
    text = f"{CHANNEL_LABELS[channel.channel]}: {time_limit(channel)}; phí: {money(channel.fee)}"
    return f"{text} ({channel.fee_note})" if channel.fee_note else text


def document_line(document: DocumentRecord) -> str:
    text = f"{document.name} — {document.originals} bản chính, {document.copies} bản sao"
    if document.template:
        text += f"; mẫu: {document.template}"
    return f"[{document.case}] {text}" if document.case else text


def step_line(step: StepRecord) -> str:
    return f"[{step.case}] {step.text}" if step.case else step.text


def legal_basis_line(basis: LegalBasisRecord) -> str:
    details = ", ".join(
        part
        for part in (
            basis.issuer,
            f"ban hành {day(basis.issued_on)}" if basis.issued_on else "",
            f"hiệu lực {day(basis.effective_on)}" if basis.effective_on else "",
        )
        if part
    )
    text = f"{basis.number} — {basis.title}" if basis.title else basis.number
    return f"{text} ({details})" if details else text


def yes_no(value: bool) -> str:
    return "Có" if value else "Không"
