"""Demo feedback for the demo province: categories, answer templates, routing rules and a handful of cases
in every state (to classify, late, at the Department of Justice, awaiting approval, answered and published,
refused, merged); the letter that came late has its scan attached. Idempotent: a case whose content already
exists is left alone.

The tally counts the feedback cases (what ``tthc demo load`` reports for feedback); the categories, answer
templates and routing rules set up beside them are not counted."""

from __future__ import annotations

import datetime

from django.db import transaction

from tthc.catalog.models import Procedure
from tthc.demo.files import demo_upload
from tthc.demo.services import Tally
from tthc.feedback import services
from tthc.feedback.models import (
    AnswerTemplate,
    Channel,
    ContentType,
    Feedback,
    FeedbackCategory,
    Outcome,
    RoutingRule,
    Subject,
)
from tthc.organisation.models import Agency, User

CATEGORIES = [
    ("quy-dinh", "Phản ánh về quy định hành chính", Subject.REGULATION, 1),
    ("hanh-vi", "Phản ánh về hành vi hành chính của cán bộ, công chức", Subject.CONDUCT, 2),
    ("sang-kien", "Kiến nghị, sáng kiến về quy định hành chính", Subject.REGULATION, 3),
]
TEMPLATES = [
    (
        "Trả lời chung về quy định hành chính",
        Subject.REGULATION,
        "Kính gửi ông/bà $ten_nguoi_gui,\n$co_quan đã nhận phản ánh, kiến nghị $ma_phan_anh ngày $ngay_nhan. "
        "Sau khi xem xét, chúng tôi trả lời như sau:\n...\nTrân trọng.",
    ),
    (
        "Trả lời về thái độ, hành vi của công chức",
        Subject.CONDUCT,
        "Kính gửi ông/bà $ten_nguoi_gui,\n$co_quan đã kiểm tra nội dung phản ánh $ma_phan_anh "
        "và đã chấn chỉnh công chức liên quan.\nTrân trọng cảm ơn ông/bà đã phản ánh.",
    ),
]
JUSTICE, CONSTRUCTION = "000.00.10.H45", "000.00.12.H45"
# state -> (file name, lines) of the attachment its sender sent: the letter's scan, a PDF made in code.
ATTACHMENTS = {
    "late": (
        "Thư kiến nghị (bản chụp).pdf",
        (
            "Thu kien nghi ve giay phep kinh doanh van tai",
            "Ban chup thu gui qua buu dien - du lieu mau cua tthc.",
            "Nguoi gui: Tran Thi Binh, 11 Le Duan, phuong Dong Ha, tinh Quang Tri.",
        ),
    ),
}


def _sender(n: int) -> dict:
    names = [
        "Nguyễn Văn An",
        "Trần Thị Bình",
        "Lê Minh Châu",
        "Phạm Thị Dung",
        "Hoàng Văn Em",
        "Võ Thị Giang",
    ]
    return dict(
        sender_name=names[n % len(names)],
        sender_address=f"{10 + n} Lê Duẩn, phường Đông Hà, tỉnh Quảng Trị",
        sender_phone=f"09120000{n:02d}",
        sender_email=f"nguoidan{n}@example.vn",
    )


CASES = [
    (
        "to_classify",
        "Thủ tục đăng ký hoạt động Văn phòng công chứng yêu cầu nộp nhiều bản sao giấy tờ đã có trong "
        "cơ sở dữ liệu quốc gia. Đề nghị bỏ yêu cầu này.",
        "1.001071",
        1,
    ),
    (
        "late",
        "Quy định về cấp giấy phép kinh doanh vận tải bằng xe ô tô yêu cầu xác nhận của nhiều nơi, "
        "đề nghị đơn giản hóa.",
        "1.002856",
        12,
    ),
    (
        "processing",
        "Đề nghị cho phép nộp hồ sơ đăng ký hoạt động của tổ chức hành nghề luật sư hoàn toàn trực "
        "tuyến, không phải nộp bản giấy.",
        "1.002032",
        4,
    ),
    (
        "awaiting",
        "Quy định về thành phần hồ sơ đăng ký Văn phòng công chứng chưa thống nhất giữa hướng dẫn trên "
        "Cổng dịch vụ công và tại Bộ phận Một cửa.",
        "1.001071",
        8,
    ),
    (
        "answered",
        "Thời hạn giải quyết thủ tục đăng ký hoạt động Văn phòng công chứng quá dài so với thực tế, đề "
        "nghị rút ngắn.",
        "1.001071",
        20,
    ),
    ("refused", "Quảng cáo dịch vụ, không có nội dung phản ánh về thủ tục hành chính.", "", 6),
    (
        "merged",
        "Thủ tục đăng ký hoạt động Văn phòng công chứng yêu cầu nộp nhiều bản sao giấy tờ đã có trong "
        "cơ sở dữ liệu quốc gia, đề nghị bỏ.",
        "1.001071",
        1,
    ),
]


def _user(username: str):
    return User.objects.filter(username=username).first()


def _attachments(state: str) -> list:
    if state not in ATTACHMENTS:
        return []
    name, lines = ATTACHMENTS[state]
    return [demo_upload(name, *lines)]


def load_demo_data(*, now: datetime.datetime) -> Tally:
    """The demo's feedback; the tally counts cases: created now, and there already."""
    created = unchanged = 0
    with transaction.atomic():
        for code, name, subject, position in CATEGORIES:
            FeedbackCategory.objects.get_or_create(
                code=code, defaults={"name": name, "subject": subject, "position": position}
            )
        for name, subject, body in TEMPLATES:
            AnswerTemplate.objects.get_or_create(name=name, defaults={"subject": subject, "body": body})
        justice = Agency.objects.filter(code=JUSTICE).first()
        construction = Agency.objects.filter(code=CONSTRUCTION).first()
        if justice and not RoutingRule.objects.filter(name="Công chứng, luật sư → Sở Tư pháp").exists():
            RoutingRule.objects.create(
                position=10,
                name="Công chứng, luật sư → Sở Tư pháp",
                keywords="công chứng, luật sư",
                target_agency=justice,
            )
        if construction and not RoutingRule.objects.filter(name="Vận tải → Sở Xây dựng").exists():
            RoutingRule.objects.create(
                position=20,
                name="Vận tải → Sở Xây dựng",
                keywords="vận tải, xe ô tô",
                target_agency=construction,
            )
        office_officer, specialist, approver = _user("kiemsoat"), _user("chuyenvien"), _user("pheduyet")
        if not (justice and office_officer and specialist and approver):
            return Tally()
        cases = {}
        for n, (state, content, procedure_code, days_ago) in enumerate(CASES):
            existing = Feedback.objects.filter(content=content).first()
            if existing:
                cases[state] = existing
                unchanged += 1
                continue
            at = now - datetime.timedelta(days=days_ago)
            if procedure_code and not Procedure.objects.filter(code=procedure_code).exists():
                procedure_code = ""
            feedback = services.receive_feedback(
                channel=[Channel.WEB, Channel.LETTER, Channel.HOTLINE][n % 3],
                content=content,
                procedure_code=procedure_code,
                category_code="quy-dinh",
                uploads=_attachments(state),
                now=at,
                **_sender(n),
            )
            cases[state] = feedback
            created += 1
            later = at + datetime.timedelta(days=1)
            if state == "refused":
                services.classify_feedback(
                    feedback=feedback,
                    user=office_officer,
                    subject=Subject.REGULATION,
                    content_type=ContentType.REGULATION_OTHER,
                    outcome=Outcome.NOT_ACCEPTED,
                    refusal_reason="Nội dung không phải phản ánh, kiến nghị về quy định hành chính.",
                    now=later,
                )
            elif state == "merged" and "to_classify" in cases:
                services.merge_feedback(
                    primary=cases["to_classify"], duplicate=feedback, user=office_officer, now=at
                )
            elif state in ("processing", "awaiting", "answered"):
                services.classify_feedback(
                    feedback=feedback,
                    user=office_officer,
                    subject=Subject.REGULATION,
                    content_type=ContentType.REGULATION_UNSUITABLE,
                    outcome=Outcome.REGULATION_FORWARD,
                    target_agency_id=justice.pk,
                    now=later,
                )
                if state != "processing":
                    body = services.template_text(AnswerTemplate.objects.first(), feedback).replace(
                        "...", "Sở Tư pháp đã tiếp thu và đề xuất sửa đổi quy định trong đợt rà soát năm nay."
                    )
                    answer = services.save_answer(
                        feedback=feedback,
                        user=specialist,
                        body=body,
                        submit=True,
                        now=later + datetime.timedelta(days=2),
                    )
                    if state == "answered":
                        services.decide_answer(
                            answer=answer, user=approver, approve=True, now=later + datetime.timedelta(days=3)
                        )
    return Tally(created=created, unchanged=unchanged)
