"""Phản ánh, kiến nghị (PAKN): feedback of citizens and businesses on regulations and on officials' conduct.

A :class:`Feedback` case is received on one channel, classified by the control officer, forwarded to the
competent agency, answered from a template, approved by a leader, sent to every sender and published with the
sender's personal data hidden. ``agency`` is the agency now handling the case: acting on it is scoped through
``agency``; reading is scoped through ``agencies_involved`` (every agency the case has been at), so an agency
that forwards a case keeps sight of it.
Every change of a case goes through :mod:`tthc.feedback.services`, which writes a :class:`FeedbackEvent`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from tthc.catalog.models import Field, Procedure
from tthc.organisation.models import Agency


class Channel(models.TextChoices):
    WEB = "web", "Cổng thông tin (biểu mẫu trực tuyến)"
    LETTER = "letter", "Văn bản, thư"
    PHONE = "phone", "Điện thoại"
    HOTLINE = "hotline", "Đường dây nóng"
    SURVEY = "survey", "Phiếu khảo sát"
    API = "api", "Ứng dụng (API)"
    OPEN311 = "open311", "Ứng dụng (Open311)"


STAFF_CHANNELS = (Channel.LETTER, Channel.PHONE, Channel.HOTLINE, Channel.SURVEY)


class Status(models.TextChoices):
    RECEIVED = "received", "Chờ phân loại"
    PROCESSING = "processing", "Đang xử lý"
    AWAITING_APPROVAL = "awaiting_approval", "Chờ lãnh đạo duyệt"
    ANSWERED = "answered", "Đã trả lời"
    NOT_ACCEPTED = "not_accepted", "Không tiếp nhận"
    MERGED = "merged", "Đã gộp vào phản ánh khác"


OPEN_STATUSES = (Status.RECEIVED, Status.PROCESSING, Status.AWAITING_APPROVAL)
CLOSED_STATUSES = (Status.ANSWERED, Status.NOT_ACCEPTED, Status.MERGED)


class Subject(models.TextChoices):
    REGULATION = "regulation", "Quy định hành chính"
    CONDUCT = "conduct", "Hành vi hành chính"


class ContentType(models.TextChoices):
    """The content of feedback, Decree 20/2008 art. 5 (as amended by Decree 92/2017)."""

    CONDUCT_DELAY = (
        "conduct_delay",
        "Chậm trễ, gây phiền hà hoặc không thực hiện, thực hiện không đúng quy định",
    )
    CONDUCT_IMPROPER = "conduct_improper", "Thái độ, hành vi nhũng nhiễu, tiêu cực của cán bộ, công chức"
    REGULATION_UNSUITABLE = "regulation_unsuitable", "Quy định không phù hợp với thực tế"
    REGULATION_INCONSISTENT = "regulation_inconsistent", "Quy định không đồng bộ, không thống nhất"
    REGULATION_ILLEGAL = "regulation_illegal", "Quy định không hợp pháp"
    REGULATION_TREATY = "regulation_treaty", "Quy định trái với điều ước quốc tế Việt Nam là thành viên"
    REGULATION_OTHER = "regulation_other", "Những vấn đề khác liên quan đến quy định hành chính"
    PROPOSAL = "proposal", "Phương án xử lý, sáng kiến ban hành mới quy định hành chính"


class Outcome(models.TextChoices):
    """The outcome of classification (Decree 20/2008): what happens to the case next."""

    NOT_ACCEPTED = "not_accepted", "Không tiếp nhận (nêu lý do)"
    CONDUCT_FORWARD = "conduct_forward", "Hành vi hành chính: chuyển cơ quan có thẩm quyền"
    REGULATION_OWN = "regulation_own", "Quy định thuộc thẩm quyền: xử lý tại cơ quan"
    REGULATION_FORWARD = "regulation_forward", "Quy định ngoài thẩm quyền: chuyển cơ quan có thẩm quyền"


FORWARDING_OUTCOMES = (Outcome.CONDUCT_FORWARD, Outcome.REGULATION_FORWARD)


class Satisfaction(models.TextChoices):
    NONE = "", "Chưa đánh giá"
    SATISFIED = "satisfied", "Hài lòng"
    UNSATISFIED = "unsatisfied", "Chưa hài lòng"


class FeedbackCategory(models.Model):
    """A kind of feedback offered to senders (also the Open311 services list)."""

    code = models.SlugField("mã", max_length=40, unique=True)
    name = models.CharField("tên", max_length=200)
    description = models.TextField("mô tả", blank=True)
    subject = models.CharField("thuộc", max_length=20, choices=Subject.choices, blank=True)
    group = models.CharField("nhóm", max_length=100, blank=True)
    position = models.PositiveSmallIntegerField("thứ tự", default=0)
    active = models.BooleanField("đang dùng", default=True)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = "loại phản ánh"
        verbose_name_plural = "loại phản ánh"

    def __str__(self) -> str:
        return self.name


class ApiClient(models.Model):
    """An application issued an API key (Open311 ``api_key``); only a hash of the key is stored."""

    name = models.CharField("tên ứng dụng", max_length=200)
    key_prefix = models.CharField(max_length=8, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    active = models.BooleanField("đang dùng", default=True)
    created_at = models.DateTimeField("ngày cấp")

    class Meta:
        ordering = ["name"]
        verbose_name = "ứng dụng được cấp khóa API"
        verbose_name_plural = "ứng dụng được cấp khóa API"

    def __str__(self) -> str:
        return f"{self.name} ({self.key_prefix}…)"


class UsedFormToken(models.Model):
    """The nonce of a public form already sent: each form token is accepted once (pruned by the tick)."""

    nonce = models.CharField(max_length=32, unique=True)
    used_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return self.nonce


class Feedback(models.Model):
    code = models.CharField("mã phản ánh", max_length=30, unique=True)
    # Lets the sender follow the case and rate the answer without an account; never shown to staff lists.
    token = models.CharField(max_length=40, editable=False)
    channel = models.CharField("kênh tiếp nhận", max_length=12, choices=Channel.choices)
    status = models.CharField(
        "trạng thái", max_length=20, choices=Status.choices, default=Status.RECEIVED, db_index=True
    )
    category = models.ForeignKey(
        FeedbackCategory, on_delete=models.PROTECT, null=True, blank=True, verbose_name="loại phản ánh"
    )

    sender_name = models.CharField("họ và tên", max_length=200)
    sender_address = models.CharField("địa chỉ", max_length=500)
    sender_phone = models.CharField("điện thoại", max_length=30)
    sender_email = models.EmailField("thư điện tử", blank=True)
    content = models.TextField("nội dung")
    content_folded = models.TextField(editable=False, default="")
    procedure = models.ForeignKey(
        Procedure,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="feedback",
        verbose_name="thủ tục liên quan",
    )
    # The procedures concerned, set by the officer at classification (starting from the sender's one);
    # routing rules on a procedure match any of them.
    procedures = models.ManyToManyField(
        Procedure, blank=True, related_name="feedback_concerning", verbose_name="các thủ tục liên quan"
    )
    dossier_code = models.CharField("mã hồ sơ liên quan", max_length=60, blank=True)
    # Where the problem is (Open311 ``address_string``), which is not the sender's own address.
    location = models.CharField("địa điểm xảy ra sự việc", max_length=500, blank=True)
    lat = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    long = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    api_client = models.ForeignKey(ApiClient, on_delete=models.PROTECT, null=True, blank=True)

    receiving_agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="feedback_received", verbose_name="cơ quan tiếp nhận"
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="feedback_handled", verbose_name="cơ quan đang xử lý"
    )
    # Every agency the case has been at (received, forwarded to, sent back to): they keep read access after
    # it moves on. Kept by the services in the same transaction as the event that moves the case.
    agencies_involved = models.ManyToManyField(
        Agency, blank=True, related_name="feedback_involved", verbose_name="các cơ quan đã xử lý"
    )
    received_at = models.DateTimeField("thời điểm tiếp nhận", db_index=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    # Classification
    subject = models.CharField("thuộc", max_length=20, choices=Subject.choices, blank=True)
    content_type = models.CharField("nội dung", max_length=30, choices=ContentType.choices, blank=True)
    field = models.ForeignKey(Field, on_delete=models.PROTECT, null=True, blank=True, verbose_name="lĩnh vực")
    outcome = models.CharField("kết quả phân loại", max_length=20, choices=Outcome.choices, blank=True)
    refusal_reason = models.TextField("lý do không tiếp nhận", blank=True)
    classified_at = models.DateTimeField(null=True, blank=True)
    forwarded_at = models.DateTimeField(null=True, blank=True)
    # A case about a regulation may lead to a review of the procedure (that capability comes later).
    review_reference = models.CharField("rà soát, đánh giá liên quan", max_length=100, blank=True)

    # Deadlines, computed on the working calendar with the rules in force on the event's date.
    forward_due_at = models.DateTimeField("hạn phân loại, chuyển xử lý", null=True, blank=True)
    answer_due_at = models.DateTimeField("hạn trả lời", null=True, blank=True)
    due_at = models.DateTimeField("hạn của bước hiện tại", null=True, blank=True, db_index=True)
    remind_at = models.DateTimeField("thời điểm nhắc hạn", null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    late_flagged_at = models.DateTimeField(null=True, blank=True)

    answered_at = models.DateTimeField("thời điểm trả lời", null=True, blank=True)
    # The first answer the sender got and its deadline: a reopening starts a new answer clock but does not
    # change whether the case was first answered on time (the figures count the first answer).
    first_answered_at = models.DateTimeField("thời điểm trả lời lần đầu", null=True, blank=True)
    first_answer_due_at = models.DateTimeField("hạn trả lời lần đầu", null=True, blank=True)
    merged_into = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="merged", verbose_name="gộp vào"
    )
    satisfaction = models.CharField(
        "đánh giá", max_length=12, choices=Satisfaction.choices, blank=True, default=""
    )
    reopen_count = models.PositiveSmallIntegerField(default=0)

    # What the public sees: written when the answer is published, with personal data hidden.
    published_at = models.DateTimeField(null=True, blank=True, db_index=True)
    public_content = models.TextField(blank=True)
    public_answer = models.TextField(blank=True)
    public_folded = models.TextField(editable=False, default="")

    class Meta:
        ordering = ["-received_at", "-id"]
        indexes = [models.Index(fields=["agency", "status"], name="feedback_agency_status_idx")]
        verbose_name = "phản ánh, kiến nghị"
        verbose_name_plural = "phản ánh, kiến nghị"

    def __str__(self) -> str:
        return self.code

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


def attachment_path(instance: FeedbackAttachment, filename: str) -> str:
    return f"feedback/{instance.feedback.received_at:%Y/%m}/{filename}"


class FeedbackAttachment(models.Model):
    feedback = models.ForeignKey(Feedback, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path, max_length=255)
    name = models.CharField("tên tệp", max_length=150)
    mime_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class FeedbackEvent(models.Model):
    """One step in a case's history: who did what, when."""

    class Kind(models.TextChoices):
        RECEIVED = "received", "Tiếp nhận"
        PROPOSED = "proposed", "Đề xuất cơ quan có thẩm quyền"
        CLASSIFIED = "classified", "Phân loại"
        FORWARDED = "forwarded", "Chuyển xử lý"
        SENT_BACK = "sent_back", "Trả lại: không thuộc thẩm quyền"
        REFORWARDED = "reforwarded", "Chuyển lại cơ quan có thẩm quyền"
        NOT_ACCEPTED = "not_accepted", "Không tiếp nhận"
        MERGED = "merged", "Gộp phản ánh trùng"
        DRAFTED = "drafted", "Soạn dự thảo trả lời"
        SUBMITTED = "submitted", "Trình lãnh đạo duyệt"
        APPROVED = "approved", "Lãnh đạo duyệt"
        RETURNED = "returned", "Lãnh đạo trả lại"
        SENT = "sent", "Gửi trả lời"
        PUBLISHED = "published", "Công khai kết quả trả lời"
        RATED = "rated", "Người gửi đánh giá"
        REOPENED = "reopened", "Mở lại để xử lý"
        REMINDED = "reminded", "Nhắc hạn"
        LATE = "late", "Quá hạn"
        LINKED = "linked", "Liên kết rà soát thủ tục"

    feedback = models.ForeignKey(Feedback, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    note = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.feedback_id} {self.kind} {self.at:%d/%m/%Y %H:%M}"


class RoutingRule(models.Model):
    """A rule proposing the competent agency; the first active rule (by ``position``) that matches wins.

    Every condition that is set must match: field, procedure, the agency the case is at or concerns (the
    agencies implementing its procedure), category, and keywords (any of them, found in the folded content).
    """

    position = models.PositiveIntegerField("thứ tự", default=100)
    name = models.CharField("tên quy tắc", max_length=200)
    active = models.BooleanField("đang dùng", default=True)
    field = models.ForeignKey(Field, on_delete=models.CASCADE, null=True, blank=True, verbose_name="lĩnh vực")
    procedure = models.ForeignKey(
        Procedure, on_delete=models.CASCADE, null=True, blank=True, verbose_name="thủ tục"
    )
    agency = models.ForeignKey(
        Agency,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="cơ quan liên quan",
    )
    category = models.ForeignKey(
        FeedbackCategory, on_delete=models.CASCADE, null=True, blank=True, verbose_name="loại phản ánh"
    )
    keywords = models.TextField(
        "từ khóa", blank=True, help_text="Mỗi dòng (hoặc dấu phẩy) một từ khóa; khớp không phân biệt dấu."
    )
    target_agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name="đề xuất chuyển đến"
    )

    class Meta:
        ordering = ["position", "id"]
        verbose_name = "quy tắc chuyển xử lý"
        verbose_name_plural = "quy tắc chuyển xử lý"

    def __str__(self) -> str:
        return self.name


class AnswerTemplate(models.Model):
    """A reusable answer. ``$ten_nguoi_gui``, ``$ma_phan_anh``, ``$ngay_nhan``, ``$co_quan``, ``$thu_tuc``
    are replaced when a draft is made from it."""

    name = models.CharField("tên mẫu", max_length=200)
    subject = models.CharField("áp dụng cho", max_length=20, choices=Subject.choices, blank=True)
    body = models.TextField("nội dung mẫu")
    active = models.BooleanField("đang dùng", default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "mẫu trả lời"
        verbose_name_plural = "mẫu trả lời"

    def __str__(self) -> str:
        return self.name


class Answer(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", "Dự thảo"
        SUBMITTED = "submitted", "Chờ duyệt"
        APPROVED = "approved", "Đã duyệt, đã gửi"
        RETURNED = "returned", "Bị trả lại"

    feedback = models.ForeignKey(Feedback, on_delete=models.CASCADE, related_name="answers")
    body = models.TextField("nội dung trả lời")
    template = models.ForeignKey(AnswerTemplate, on_delete=models.SET_NULL, null=True, blank=True)
    state = models.CharField(max_length=12, choices=State.choices, default=State.DRAFT)
    drafted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    drafted_at = models.DateTimeField()
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)

    class Meta:
        ordering = ["-drafted_at", "-id"]

    def __str__(self) -> str:
        return f"{self.feedback.code}: {self.get_state_display()}"


class Rating(models.Model):
    """A sender's rating of an answer: one per answer and sender (the sender of a merged case rates the answer
    of the case it was merged into)."""

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="ratings")
    feedback = models.ForeignKey(Feedback, on_delete=models.CASCADE, related_name="ratings")
    satisfied = models.BooleanField("hài lòng")
    note = models.TextField("ý kiến", blank=True)
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["answer", "feedback"], name="feedback_one_rating_per_answer")
        ]

    def __str__(self) -> str:
        return f"{self.feedback.code}: {'hài lòng' if self.satisfied else 'chưa hài lòng'}"
