"""The procedure catalog.

A :class:`Procedure` is the identity (its national code). Its content lives in :class:`ProcedureVersion` rows:
every change makes a new version, a version is in force from ``valid_from`` until ``valid_to``, and a
:class:`PublicationDecision` of the province chairman publishes versions (new / amended / replaced /
abolished). Dossiers pin the version they were received under, so a version is never edited once published.
Writes go through ``services``; reads through ``selectors``.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.signals import post_save, pre_save
from django.utils import timezone
from simple_history.models import HistoricalRecords

from tthc.organisation.models import AdministrativeLevel, Agency


class Field(models.Model):
    """A field (lĩnh vực): land, civil status, business registration…"""

    code = models.CharField("mã lĩnh vực", max_length=40, unique=True)
    name = models.CharField("tên lĩnh vực", max_length=255)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = "lĩnh vực"
        verbose_name_plural = "lĩnh vực"

    def __str__(self) -> str:
        return self.name


class PublicationDecision(models.Model):
    """A decision of the province chairman publishing new, amended, replaced or abolished procedures."""

    number = models.CharField("số quyết định", max_length=100, unique=True)
    signed_on = models.DateField("ngày ký")
    signer = models.CharField("người ký", max_length=200)
    effective_on = models.DateField("ngày có hiệu lực")
    summary = models.TextField("trích yếu", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-signed_on", "-id"]
        verbose_name = "quyết định công bố"
        verbose_name_plural = "quyết định công bố"

    def __str__(self) -> str:
        return self.number


class Procedure(models.Model):
    """An administrative procedure, identified by its national code (``1.001193``, local ``1.000948.H38``)."""

    code = models.CharField("mã TTHC", max_length=40, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["code"]
        verbose_name = "thủ tục hành chính"
        verbose_name_plural = "thủ tục hành chính"

    def __str__(self) -> str:
        return self.code


class OnlineLevel(models.TextChoices):
    NONE = "none", "Cung cấp thông tin"
    PARTLY = "partly", "Dịch vụ công trực tuyến một phần"
    FULLY = "fully", "Dịch vụ công trực tuyến toàn trình"


class Channel(models.TextChoices):
    IN_PERSON = "in_person", "Trực tiếp"
    ONLINE = "online", "Trực tuyến"
    POSTAL = "postal", "Bưu chính công ích"


class TimeUnit(models.TextChoices):
    WORKING_DAYS = "working_days", "ngày làm việc"
    WORKING_HOURS = "working_hours", "giờ làm việc"
    CALENDAR_DAYS = "calendar_days", "ngày"


class ChangeKind(models.TextChoices):
    NEW = "new", "Ban hành mới"
    AMENDED = "amended", "Sửa đổi, bổ sung"
    REPLACED = "replaced", "Thay thế"
    ABOLISHED = "abolished", "Bãi bỏ"


class Subject(models.TextChoices):
    CITIZEN = "citizen", "Công dân Việt Nam"
    FOREIGNER = "foreigner", "Người nước ngoài"
    ORGANISATION = "organisation", "Tổ chức"
    BUSINESS = "business", "Doanh nghiệp"
    OTHER = "other", "Khác"


def level_key(code: str) -> str:
    """How ``ProcedureVersion.level_codes`` holds a level's code: between spaces, so " commune " found in it
    is exactly that code. The level filter reads this column, not the join: half the catalog is
    commune-level, and a column in the search index is checked without visiting each row."""
    return f" {code} "


class VersionQuerySet(models.QuerySet):
    def published(self):
        return self.filter(valid_from__isnull=False)

    def in_force(self, on: datetime.date):
        """Versions in force on ``on`` — at most one per procedure; abolished procedures have none."""
        return (
            self.filter(valid_from__lte=on)
            .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=on))
            .exclude(change_kind=ChangeKind.ABOLISHED)
        )


class ProcedureVersion(models.Model):
    """One version of a procedure's content. A draft has no ``valid_from``; publishing sets it."""

    procedure = models.ForeignKey(Procedure, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField("phiên bản")
    name = models.TextField("tên thủ tục")
    kind = models.CharField("loại thủ tục", max_length=100, blank=True)
    fields = models.ManyToManyField(Field, related_name="versions", verbose_name="lĩnh vực")
    levels = models.ManyToManyField(
        AdministrativeLevel, related_name="procedure_versions", verbose_name="cấp thực hiện"
    )
    subjects = models.JSONField("đối tượng thực hiện", default=list, blank=True)
    steps = models.JSONField("trình tự thực hiện", default=list, blank=True, help_text='[{"case", "text"}]')
    results = models.JSONField("kết quả thực hiện", default=list, blank=True)
    conditions = models.TextField("yêu cầu, điều kiện", blank=True)
    online_level = models.CharField(
        "mức độ trực tuyến", max_length=10, choices=OnlineLevel.choices, default="none"
    )
    on_the_spot = models.BooleanField("giải quyết ngay tại chỗ", default=False)
    boundary_free = models.BooleanField("không phụ thuộc địa giới hành chính", default=False)
    interagency = models.BooleanField("liên thông", default=False)
    postal = models.BooleanField("tiếp nhận, trả kết quả qua bưu chính công ích", default=False)
    related_codes = models.JSONField("thủ tục liên quan", default=list, blank=True)

    change_kind = models.CharField(
        "hình thức công bố", max_length=12, choices=ChangeKind.choices, default="new"
    )
    decision = models.ForeignKey(
        PublicationDecision, on_delete=models.PROTECT, null=True, blank=True, related_name="versions"
    )
    valid_from = models.DateField("hiệu lực từ", null=True, blank=True, db_index=True)
    valid_to = models.DateField("hết hiệu lực từ", null=True, blank=True, db_index=True)
    published_at = models.DateTimeField("ngày công khai", null=True, blank=True)
    posted_at = models.DateTimeField("ngày niêm yết", null=True, blank=True)

    # Derived from the content when it is written (``services.derived_columns``), so the public list reads a
    # page in two queries: the folded text searched, the level codes filtered on (see :func:`level_key`),
    # and what a list row shows. Renaming a field, a level or an agency refreshes them in the versions naming
    # it (the receivers at the end of this module).
    search_folded = models.TextField(editable=False, default="")
    level_codes = models.CharField(editable=False, max_length=200, default="")
    listing = models.JSONField("tóm tắt hiển thị trong danh sách", editable=False, default=dict)
    # The ``now`` of the service that created the version, not the clock of the insert.
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    change_note = models.TextField("nội dung thay đổi", blank=True)

    objects = VersionQuerySet.as_manager()

    class Meta:
        ordering = ["procedure__code", "-number"]
        constraints = [models.UniqueConstraint(fields=["procedure", "number"], name="unique_version_number")]
        indexes = [models.Index(fields=["valid_from", "valid_to"], name="version_validity_idx")]
        verbose_name = "phiên bản thủ tục"
        verbose_name_plural = "phiên bản thủ tục"

    def __str__(self) -> str:
        return f"{self.procedure.code} v{self.number} — {self.name}"

    @property
    def is_draft(self) -> bool:
        return self.valid_from is None


class VersionAgency(models.Model):
    """An agency's part in a procedure version: implementing, competent, delegated or co-operating."""

    class Part(models.TextChoices):
        IMPLEMENTING = "implementing", "Cơ quan thực hiện"
        COMPETENT = "competent", "Cơ quan có thẩm quyền"
        DELEGATED = "delegated", "Cơ quan được ủy quyền"
        COOPERATING = "cooperating", "Cơ quan phối hợp"

    version = models.ForeignKey(ProcedureVersion, on_delete=models.CASCADE, related_name="agency_parts")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="procedure_parts")
    part = models.CharField(max_length=20, choices=Part.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["version", "agency", "part"], name="unique_version_agency")
        ]

    def __str__(self) -> str:
        return f"{self.get_part_display()}: {self.agency}"


class ChannelOption(models.Model):
    """How a procedure can be carried out on one channel: its time limit and fee."""

    version = models.ForeignKey(ProcedureVersion, on_delete=models.CASCADE, related_name="channels")
    channel = models.CharField("cách thức", max_length=12, choices=Channel.choices)
    processing_time = models.DecimalField("thời hạn giải quyết", max_digits=7, decimal_places=2)
    time_unit = models.CharField("đơn vị thời hạn", max_length=15, choices=TimeUnit.choices)
    fee = models.PositiveBigIntegerField("phí, lệ phí (đồng)", default=0)
    fee_note = models.TextField("mô tả phí, lệ phí", blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["version", "channel"], name="unique_version_channel")]

    def __str__(self) -> str:
        return f"{self.get_channel_display()}: {self.processing_time} {self.get_time_unit_display()}"


class RequiredDocument(models.Model):
    """A document of the dossier, for one case of the procedure (an empty case means every case)."""

    version = models.ForeignKey(ProcedureVersion, on_delete=models.CASCADE, related_name="documents")
    case = models.CharField("trường hợp", max_length=255, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    name = models.TextField("tên giấy tờ")
    originals = models.PositiveSmallIntegerField("số bản chính", default=1)
    copies = models.PositiveSmallIntegerField("số bản sao", default=0)
    template_name = models.CharField("mẫu đơn, tờ khai", max_length=255, blank=True)
    template_file = models.FileField("tệp mẫu", upload_to="catalog/templates/", blank=True)

    class Meta:
        ordering = ["case", "position", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def template_url(self) -> str:
        """Where the form template downloads (the portal serves it; the media folder is never served)."""
        from tthc.catalog.records import template_url

        return template_url(self.template_file.name or "")


class LegalBasis(models.Model):
    """A regulation a procedure version rests on."""

    version = models.ForeignKey(ProcedureVersion, on_delete=models.CASCADE, related_name="legal_bases")
    number = models.CharField("số hiệu", max_length=100)
    title = models.TextField("trích yếu", blank=True)
    issuer = models.CharField("cơ quan ban hành", max_length=255, blank=True)
    issued_on = models.DateField("ngày ban hành", null=True, blank=True)
    effective_on = models.DateField("ngày hiệu lực", null=True, blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.number


# --- names the versions carry -------------------------------------------------------------------------------
# A version stores the names of its fields, levels and agencies in its derived columns (search text, list
# summary), so renaming one refreshes those columns in every version naming it, whichever way it is saved
# (admin, shell, a later service); a bulk ``QuerySet.update()`` sends no signal and must call
# ``services.refresh_derived`` itself. Each entry: the names stored, and the versions that carry them.
_CARRIED_NAMES = {
    Field: (("name",), lambda field: ProcedureVersion.objects.filter(fields=field)),
    AdministrativeLevel: (("name",), lambda level: ProcedureVersion.objects.filter(levels=level)),
    Agency: (
        ("name", "short_name"),
        lambda agency: ProcedureVersion.objects.filter(agency_parts__agency=agency).distinct(),
    ),
}


def _remember_names(sender, instance, raw=False, update_fields=None, **kwargs):
    names, _ = _CARRIED_NAMES[sender]
    if raw or instance.pk is None or (update_fields is not None and not set(update_fields) & set(names)):
        return
    instance._names_before = sender._base_manager.filter(pk=instance.pk).values(*names).first()


def _refresh_renamed(sender, instance, created=False, raw=False, **kwargs):
    before = instance.__dict__.pop("_names_before", None)
    if created or raw or before is None:
        return
    names, carriers = _CARRIED_NAMES[sender]
    if any(before[name] != getattr(instance, name) for name in names):
        from tthc.catalog.services import refresh_derived  # services import these models

        refresh_derived(versions=carriers(instance))


for _model in _CARRIED_NAMES:
    pre_save.connect(_remember_names, sender=_model, dispatch_uid=f"catalog-names-{_model.__name__}")
    post_save.connect(_refresh_renamed, sender=_model, dispatch_uid=f"catalog-renamed-{_model.__name__}")
