"""One-stop dossiers: the case an applicant files for one procedure, its documents, hand-overs and result.

State changes happen only in :mod:`tthc.dossiers.workflow` (the declared transition table) and each one
appends a :class:`DossierEvent`; events are never updated or deleted — not one by one, not through a
queryset, and on PostgreSQL not even in SQL (a trigger refuses it). The dossier's columns (status, due
instant, step dues, consultation answers) are a projection of its events, kept for reading fast.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from tthc.catalog.models import Channel, Procedure, ProcedureVersion, TimeUnit
from tthc.organisation.models import Agency, Role


class Status(models.TextChoices):
    SUBMITTED = "submitted", "Đã nộp trực tuyến, chờ tiếp nhận"
    GUIDED = "guided", "Đã hướng dẫn bổ sung tại quầy"
    REFUSED_AT_INTAKE = "refused_at_intake", "Từ chối tiếp nhận"
    RECEIVED = "received", "Đã tiếp nhận"
    FORWARDED = "forwarded", "Đã chuyển cơ quan giải quyết"
    PROCESSING = "processing", "Đang thẩm định"
    APPRAISED = "appraised", "Đã thẩm định, chờ phê duyệt"
    AWAITING_SUPPLEMENT = "awaiting_supplement", "Chờ bổ sung hồ sơ"
    APPROVED = "approved", "Đã phê duyệt"
    REFUSED = "refused", "Từ chối giải quyết"
    RESULT_READY = "result_ready", "Có kết quả, chờ trả"
    RETURNED = "returned", "Đã trả kết quả"
    WITHDRAWN = "withdrawn", "Công dân rút hồ sơ"
    STOPPED = "stopped", "Dừng xử lý"


class ApplicantKind(models.TextChoices):
    PERSON = "person", "Cá nhân"
    ORGANISATION = "organisation", "Tổ chức, doanh nghiệp"


class Applicant(models.Model):
    """A citizen or organisation; identified by ID number (person) or tax code (organisation)."""

    kind = models.CharField("loại", max_length=12, choices=ApplicantKind.choices)
    name = models.CharField("họ tên / tên tổ chức", max_length=255)
    identifier = models.CharField("số định danh / mã số thuế", max_length=20, db_index=True)
    address = models.CharField("địa chỉ", max_length=500, blank=True)
    phone = models.CharField("điện thoại", max_length=20, blank=True)
    email = models.EmailField("thư điện tử", blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="applicants"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "identifier"], name="unique_applicant_identifier")
        ]
        verbose_name = "người nộp hồ sơ"

    def __str__(self):
        return f"{self.name} ({self.identifier})"


class StoredFile(models.Model):
    """A file an applicant gave once (their electronic document store), reusable in later dossiers."""

    applicant = models.ForeignKey(Applicant, on_delete=models.PROTECT, related_name="stored_files")
    title = models.CharField("tên giấy tờ", max_length=500)
    file = models.FileField(upload_to="dossiers/%Y/%m/")
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64, db_index=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "giấy tờ trong kho dữ liệu"

    def __str__(self):
        return self.title


class InternalProcess(models.Model):
    """The approved internal process of a procedure at one competent agency."""

    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="internal_processes")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="internal_processes")
    decision = models.CharField("quyết định phê duyệt", max_length=200, blank=True)
    approved_on = models.DateField("ngày phê duyệt", null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["procedure", "agency"], name="unique_process_per_agency")
        ]
        verbose_name = "quy trình nội bộ"

    def __str__(self):
        return f"{self.procedure.code} — {self.agency}"


class ProcessStep(models.Model):
    class Kind(models.TextChoices):
        RECEIVE = "receive", "Tiếp nhận"
        APPRAISE = "appraise", "Thẩm định"
        APPROVE = "approve", "Phê duyệt"
        RETURN = "return", "Trả kết quả"

    process = models.ForeignKey(InternalProcess, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField()
    name = models.CharField("bước", max_length=255)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    # Blank: the competent agency itself (its desk for receive/return).
    agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    role = models.CharField("vai trò thực hiện", max_length=20, choices=Role.choices)
    share_percent = models.PositiveSmallIntegerField("tỷ lệ thời hạn (%)")

    class Meta:
        ordering = ["position"]
        constraints = [models.UniqueConstraint(fields=["process", "position"], name="unique_step_position")]

    def __str__(self):
        return f"{self.position}. {self.name}"


class Counter(models.Model):
    """A gapless sequence (dossier codes per unit and day, register numbers per desk and year)."""

    key = models.CharField(max_length=120, unique=True)
    value = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.key} = {self.value}"


class Dossier(models.Model):
    code = models.CharField("mã hồ sơ", max_length=60, unique=True)
    procedure = models.ForeignKey(Procedure, on_delete=models.PROTECT, related_name="dossiers")
    version = models.ForeignKey(ProcedureVersion, on_delete=models.PROTECT, related_name="dossiers")
    applicant = models.ForeignKey(Applicant, on_delete=models.PROTECT, related_name="dossiers")
    channel = models.CharField("kênh nộp", max_length=12, choices=Channel.choices)
    case = models.CharField("trường hợp", max_length=255, blank=True)
    receiving_desk = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="received_dossiers")
    competent_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="dossiers")
    status = models.CharField("trạng thái", max_length=20, choices=Status.choices, db_index=True)
    result = models.CharField("kết quả", max_length=10, blank=True)  # "approved" or "refused"
    # The rule set in force when the dossier was received (keys of tthc.legalrules, with their values).
    rules = models.JSONField("bộ quy tắc áp dụng", default=dict)
    processing_time = models.DecimalField(max_digits=7, decimal_places=2)
    time_unit = models.CharField(max_length=15, choices=TimeUnit.choices)
    received_at = models.DateTimeField("thời điểm tiếp nhận", db_index=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    forwarded_at = models.DateTimeField(null=True, blank=True)
    due_at = models.DateTimeField("hạn trả kết quả", null=True, blank=True, db_index=True)
    original_due_at = models.DateTimeField(null=True, blank=True)
    paused_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField("thời điểm có kết quả", null=True, blank=True)
    returned_at = models.DateTimeField(null=True, blank=True)
    return_method = models.CharField(max_length=12, choices=Channel.choices, blank=True)
    reschedules = models.PositiveSmallIntegerField(default=0)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    current_step = models.PositiveSmallIntegerField(null=True, blank=True)
    late_marked_at = models.DateTimeField(null=True, blank=True)
    # N working hours (the pinned rule) before the due instant: from here on the dossier is "due soon".
    warn_at = models.DateTimeField(null=True, blank=True, db_index=True)
    warned_at = models.DateTimeField(null=True, blank=True)
    apology_proposed_at = models.DateTimeField(null=True, blank=True)
    fee = models.PositiveBigIntegerField("phí, lệ phí (đồng)", default=0)
    register_year = models.PositiveSmallIntegerField(null=True, blank=True)
    register_number = models.PositiveIntegerField(null=True, blank=True)
    # Printed on the receipt; with the code it opens the public lookup (codes alone are guessable).
    lookup_key = models.CharField(max_length=12)
    # The client's Idempotency-Key, prefixed with who sent it (see services.scoped_idempotency_key).
    idempotency_key = models.CharField(max_length=140, null=True, blank=True, unique=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["-received_at", "-id"]
        indexes = [
            models.Index(fields=["competent_agency", "status", "due_at"]),
            models.Index(fields=["receiving_desk", "register_year", "register_number"]),
        ]
        verbose_name = "hồ sơ"
        verbose_name_plural = "hồ sơ"

    def __str__(self):
        return self.code

    @property
    def is_paused(self) -> bool:
        return self.status == Status.AWAITING_SUPPLEMENT


class DossierStep(models.Model):
    """One step of the internal process for this dossier, with its own due instant."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=255)
    kind = models.CharField(max_length=10, choices=ProcessStep.Kind.choices)
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(max_length=20, choices=Role.choices)
    share_percent = models.PositiveSmallIntegerField(default=0)
    due_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["position"]

    def __str__(self):
        return f"{self.dossier_id}/{self.position}. {self.name}"


class DossierDocument(models.Model):
    """An entry of the dossier's checklist, and the digitised file given for it (if any)."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="documents")
    position = models.PositiveSmallIntegerField(default=0)
    name = models.TextField("tên giấy tờ")
    originals = models.PositiveSmallIntegerField(default=1)
    copies = models.PositiveSmallIntegerField(default=0)
    provided = models.BooleanField("đã nộp", default=False)
    stored_file = models.ForeignKey(
        StoredFile, null=True, blank=True, on_delete=models.PROTECT, related_name="uses"
    )

    class Meta:
        ordering = ["position", "id"]

    def __str__(self):
        return self.name[:80]


class Payment(models.Model):
    class Method(models.TextChoices):
        CASH = "cash", "Tiền mặt"
        TRANSFER = "transfer", "Chuyển khoản"
        ONLINE = "online", "Thanh toán trực tuyến"

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="payments")
    amount = models.PositiveBigIntegerField("số tiền (đồng)")
    method = models.CharField(max_length=10, choices=Method.choices)
    receipt_number = models.CharField("số biên lai", max_length=60)
    paid_at = models.DateTimeField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    def __str__(self):
        return f"{self.receipt_number}: {self.amount} đồng"


class Consultation(models.Model):
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="consultations")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="consultations")
    question = models.TextField()
    requested_at = models.DateTimeField()
    due_at = models.DateTimeField()
    answered_at = models.DateTimeField(null=True, blank=True)
    answer = models.TextField(blank=True)
    late_flagged_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"Xin ý kiến {self.agency_id} về hồ sơ {self.dossier_id}"


class Rating(models.Model):
    dossier = models.OneToOneField(Dossier, on_delete=models.CASCADE, related_name="rating")
    score = models.PositiveSmallIntegerField()
    comment = models.TextField(blank=True)
    rated_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.CheckConstraint(condition=models.Q(score__gte=1, score__lte=5), name="rating_score_1_to_5")
        ]

    def __str__(self):
        return f"{self.score}/5"


class AppendOnly(Exception):
    pass


class EventQuerySet(models.QuerySet):
    """Events are only ever added: a bulk update or delete is refused like a single one."""

    def update(self, **kwargs):
        raise AppendOnly("dossier events are append-only")

    def delete(self):
        raise AppendOnly("dossier events are append-only")

    update.queryset_only = True
    delete.queryset_only = True

    def bulk_update(self, *args, **kwargs):
        raise AppendOnly("dossier events are append-only")

    def update_or_create(self, *args, **kwargs):
        raise AppendOnly("dossier events are append-only")


class DossierEvent(models.Model):
    """One line of the dossier's history: a state change or a hand-over (form 05). Never changed."""

    # PROTECT: deleting a dossier would delete its history.
    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="events")
    action = models.CharField(max_length=40)
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_name = models.CharField(max_length=255, blank=True)
    at = models.DateTimeField()
    from_agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    to_agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    given_at = models.DateTimeField(null=True, blank=True)
    taken_at = models.DateTimeField(null=True, blank=True)
    result = models.CharField(max_length=255, blank=True)
    note = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.action}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnly("dossier events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnly("dossier events are append-only")
