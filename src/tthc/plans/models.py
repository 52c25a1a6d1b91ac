"""Plans of TTHC-control work: the plan, its groups and tasks, each task's occurrences and their progress.

A task names its lead and partner units twice: as the document wrote them (``lead_names``, kept for the
export and for names that are no agency of the province, such as "Cục Kiểm soát TTHC") and as agencies of the
organisation tree (``lead_agencies``), which is what scoping and reminders use. Each occurrence is one period
of the task with its own due date; its ``status`` and ``percent`` summarise the lead agencies' latest reports
(kept up to date by :func:`tthc.plans.services.report_progress`).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from tthc.core.folding import fold
from tthc.organisation.models import Agency


class Recurrence(models.TextChoices):
    ONCE = "once", "Một lần"
    CONTINUOUS = "continuous", "Thường xuyên"
    MONTHLY = "monthly", "Hàng tháng"
    QUARTERLY = "quarterly", "Hàng quý"
    YEARLY = "yearly", "Hàng năm"
    # Not in the JSON contract's set: the API and ``tthc plan parse`` say "unspecified" (see timeframes).
    HALF_YEARLY = "half_yearly", "6 tháng một lần"
    ON_EVENT = "on_event", "Khi phát sinh"
    UNSPECIFIED = "unspecified", "Chưa xác định"


class Status(models.TextChoices):
    NOT_STARTED = "not_started", "Chưa thực hiện"
    IN_PROGRESS = "in_progress", "Đang thực hiện"
    DONE = "done", "Hoàn thành"


class Plan(models.Model):
    """A plan of one year, issued by a decision; a derived plan belongs to an agency and names its parent."""

    title = models.CharField("tên kế hoạch", max_length=500)
    year = models.PositiveSmallIntegerField("năm")
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="plans", verbose_name="cơ quan ban hành"
    )
    decision_number = models.CharField("số quyết định", max_length=100, blank=True)
    decision_date = models.DateField("ngày ký", null=True, blank=True)
    decision_signer = models.CharField("người ký", max_length=200, blank=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="derived",
        verbose_name="kế hoạch cấp trên",
    )
    source_name = models.CharField("tệp nguồn", max_length=255, blank=True)
    # The date by which agencies issue their own plan derived from this one ("trước ngày 20 tháng 01 năm
    # 2022"): reminded by the tick and listed on the overview until each has derived its plan.
    derived_due = models.DateField("hạn các cơ quan ban hành kế hoạch của mình", null=True, blank=True)
    created_at = models.DateTimeField("tạo lúc")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-year", "-created_at", "-id"]
        verbose_name = "kế hoạch"
        verbose_name_plural = "kế hoạch"

    def __str__(self) -> str:
        return self.title


class PlanGroup(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="groups")
    number = models.CharField("số", max_length=20, blank=True)
    title = models.TextField("tên nhóm")
    position = models.PositiveIntegerField()

    class Meta:
        ordering = ["plan", "position"]
        verbose_name = "nhóm nhiệm vụ"
        verbose_name_plural = "nhóm nhiệm vụ"

    def __str__(self) -> str:
        return f"{self.number}. {self.title}" if self.number else self.title


class PlanTask(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="tasks")
    group = models.ForeignKey(PlanGroup, on_delete=models.CASCADE, related_name="tasks")
    position = models.PositiveIntegerField()
    number = models.CharField("số", max_length=20, blank=True)
    content = models.TextField("nội dung công việc")
    # The heading the task sits under inside its group ("1. Tham gia ý kiến đối với quy định TTHC …").
    section = models.TextField("mục", blank=True)
    lead_names = models.JSONField("cơ quan chủ trì (như văn bản ghi)", default=list)
    partner_names = models.JSONField("cơ quan phối hợp (như văn bản ghi)", default=list)
    lead_agencies = models.ManyToManyField(
        Agency, related_name="led_plan_tasks", blank=True, verbose_name="cơ quan chủ trì"
    )
    partner_agencies = models.ManyToManyField(
        Agency, related_name="partnered_plan_tasks", blank=True, verbose_name="cơ quan phối hợp"
    )
    expected_output = models.TextField("sản phẩm dự kiến", blank=True)
    timeframe_text = models.CharField("thời gian thực hiện", max_length=500, blank=True)
    start = models.DateField("bắt đầu", null=True, blank=True)
    end = models.DateField("kết thúc", null=True, blank=True)
    recurrence = models.CharField(
        "tần suất", max_length=20, choices=Recurrence.choices, default=Recurrence.UNSPECIFIED
    )
    # A task written over several rows, each with its own lead, output and deadline (seed 001 II.3.1):
    # [{"lead": [str], "partners": [str], "expected_output": str, "timeframe": str}]; [] for one row.
    # Each part has occurrences of its own, led by its own lead agencies.
    parts = models.JSONField("các phần", default=list, blank=True)
    parent_task = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="derived_tasks",
        verbose_name="nhiệm vụ của kế hoạch cấp trên",
    )

    class Meta:
        ordering = ["plan", "position"]
        verbose_name = "nhiệm vụ"
        verbose_name_plural = "nhiệm vụ"

    def __str__(self) -> str:
        return f"{self.number}. {self.content[:80]}" if self.number else self.content[:80]


class TaskOccurrence(models.Model):
    """One period of a task (a quarter of a quarterly report), due on its own date."""

    task = models.ForeignKey(PlanTask, on_delete=models.CASCADE, related_name="occurrences")
    sequence = models.PositiveSmallIntegerField("kỳ")
    label = models.CharField("kỳ", max_length=200)
    # The part of a task over several rows this occurrence belongs to (1, 2, …), with that part's lead
    # agencies; None and no agencies for a one-row task, whose occurrences are led by the task's leads.
    part = models.PositiveSmallIntegerField("phần", null=True, blank=True)
    lead_agencies = models.ManyToManyField(
        Agency, related_name="+", blank=True, verbose_name="cơ quan chủ trì của phần"
    )
    period_start = models.DateField("từ ngày", null=True, blank=True)
    due = models.DateField("hạn", null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    percent = models.PositiveSmallIntegerField("tỷ lệ hoàn thành (%)", default=0)
    completed_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField("đã nhắc lúc", null=True, blank=True)
    overdue_at = models.DateTimeField("đánh dấu quá hạn lúc", null=True, blank=True)

    class Meta:
        ordering = ["task", "sequence"]
        constraints = [models.UniqueConstraint(fields=["task", "sequence"], name="unique_task_occurrence")]
        indexes = [models.Index(fields=["status", "due"])]
        verbose_name = "kỳ thực hiện"
        verbose_name_plural = "kỳ thực hiện"

    def __str__(self) -> str:
        return f"{self.task} — {self.label}"


class ProgressReport(models.Model):
    """What a lead agency reported on one occurrence; the latest report per agency counts."""

    occurrence = models.ForeignKey(TaskOccurrence, on_delete=models.CASCADE, related_name="reports")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+", verbose_name="cơ quan")
    status = models.CharField("tình trạng", max_length=20, choices=Status.choices)
    percent = models.PositiveSmallIntegerField("tỷ lệ hoàn thành (%)")
    note = models.TextField("ghi chú", blank=True)
    # [{"kind": "procedure"|"dossier"|"feedback"|"url", "ref": "1.001193"}]: links to records, as text.
    links = models.JSONField("liên kết", default=list, blank=True)
    reported_at = models.DateTimeField("báo cáo lúc")
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-reported_at", "-id"]
        verbose_name = "báo cáo tiến độ"
        verbose_name_plural = "báo cáo tiến độ"

    def __str__(self) -> str:
        return f"{self.agency} — {self.get_status_display()} {self.percent}%"


class Evidence(models.Model):
    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField("tệp", upload_to="plans/evidence/%Y/%m/")
    name = models.CharField("tên tệp", max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()

    class Meta:
        verbose_name = "minh chứng"
        verbose_name_plural = "minh chứng"

    def __str__(self) -> str:
        return self.name


class PartnerNote(models.Model):
    task = models.ForeignKey(PlanTask, on_delete=models.CASCADE, related_name="notes")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+", verbose_name="cơ quan")
    text = models.TextField("ý kiến")
    written_at = models.DateTimeField()
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-written_at", "-id"]
        verbose_name = "ý kiến phối hợp"
        verbose_name_plural = "ý kiến phối hợp"

    def __str__(self) -> str:
        return f"{self.agency}: {self.text[:60]}"


class UnitAlias(models.Model):
    """A unit name as plans write it, remembered: some agencies and/or every agency of some kinds ("UBND cấp
    huyện" after the district level ended → every commune committee), or no agency of the province at all."""

    name = models.CharField("tên như văn bản ghi", max_length=255)
    name_folded = models.CharField(max_length=255, unique=True, editable=False)
    agencies = models.ManyToManyField(Agency, blank=True, related_name="+", verbose_name="cơ quan")
    agency_kinds = models.JSONField("mọi cơ quan các loại", default=list, blank=True)
    external = models.BooleanField("không phải cơ quan trong tỉnh", default=False)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["name"]
        verbose_name = "tên gọi đơn vị"
        verbose_name_plural = "tên gọi đơn vị"

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.name_folded = fold(self.name)
        super().save(*args, **kwargs)


class PlanEvent(models.Model):
    """The history of a plan and its tasks: imported, derived, reported, noted, reminded, overdue."""

    class Kind(models.TextChoices):
        IMPORTED = "imported", "Nhập kế hoạch"
        DERIVED = "derived", "Xây dựng kế hoạch của cơ quan"
        DECISION = "decision", "Sửa quyết định ban hành"
        REPORTED = "reported", "Báo cáo tiến độ"
        NOTED = "noted", "Ý kiến phối hợp"
        REMINDED = "reminded", "Nhắc hạn"
        OVERDUE = "overdue", "Quá hạn"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="events")
    task = models.ForeignKey(PlanTask, on_delete=models.CASCADE, null=True, blank=True, related_name="events")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    summary = models.TextField()
    data = models.JSONField(default=dict, blank=True)
    at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = "lịch sử kế hoạch"
        verbose_name_plural = "lịch sử kế hoạch"

    def __str__(self) -> str:
        return self.summary[:80]


class DerivationNotice(models.Model):
    """A reminder (or overdue notice) sent to an agency that has not yet derived its plan: sent once."""

    class Kind(models.TextChoices):
        REMINDED = "reminded", "Nhắc hạn"
        OVERDUE = "overdue", "Quá hạn"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="derivation_notices")
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["plan", "agency", "kind"], name="unique_derivation_notice")
        ]
        verbose_name = "nhắc xây dựng kế hoạch"
        verbose_name_plural = "nhắc xây dựng kế hoạch"

    def __str__(self) -> str:
        return f"{self.agency} — {self.get_kind_display()}"


class PlanDraft(models.Model):
    """An uploaded plan being checked in the preview; nothing of it is a plan until the officer confirms."""

    data = models.JSONField()
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+", verbose_name="cơ quan")
    source_name = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        ordering = ["-updated_at", "-id"]
        verbose_name = "bản nháp kế hoạch"
        verbose_name_plural = "bản nháp kế hoạch"

    def __str__(self) -> str:
        return str(self.data.get("title") or self.source_name)
