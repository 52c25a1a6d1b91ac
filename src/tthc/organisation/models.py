"""The organisation tree: administrative levels and units, agencies, staff users and their roles per agency.

Levels and units carry validity dates because the district level ended on 1 Jul 2025 while older plans and
dossiers still name it. Agencies keep a materialised ``path`` so "this agency and everything under it" is one
indexed prefix query.
"""

from __future__ import annotations

import datetime

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import F, Q

from tthc.core.folding import fold


class ValidityQuerySet(models.QuerySet):
    def valid_on(self, day: datetime.date):
        return self.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=day)).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gt=day)
        )


class AdministrativeLevel(models.Model):
    """A level of government (ministry, province, district, commune), valid for a period."""

    code = models.SlugField("mã", max_length=20, unique=True)
    name = models.CharField("tên", max_length=100)
    rank = models.PositiveSmallIntegerField("thứ bậc", help_text="0 = trung ương, lớn hơn = cấp dưới")
    valid_from = models.DateField("hiệu lực từ", null=True, blank=True)
    valid_to = models.DateField("hết hiệu lực từ", null=True, blank=True)

    objects = ValidityQuerySet.as_manager()

    class Meta:
        ordering = ["rank"]
        verbose_name = "cấp hành chính"
        verbose_name_plural = "cấp hành chính"

    def __str__(self) -> str:
        return self.name


class AdministrativeUnit(models.Model):
    """A province, district or commune (ward, special zone) of the national list."""

    code = models.CharField("mã đơn vị hành chính", max_length=20, unique=True)
    name = models.CharField("tên", max_length=200)
    name_folded = models.CharField(max_length=200, editable=False, db_index=True)
    division_type = models.CharField("loại", max_length=50, blank=True)
    level = models.ForeignKey(
        AdministrativeLevel, on_delete=models.PROTECT, related_name="units", verbose_name="cấp"
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name="trực thuộc",
    )
    valid_from = models.DateField("hiệu lực từ", null=True, blank=True)
    valid_to = models.DateField("hết hiệu lực từ", null=True, blank=True)

    objects = ValidityQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = "đơn vị hành chính"
        verbose_name_plural = "đơn vị hành chính"

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.name_folded = fold(self.name)
        super().save(*args, **kwargs)


class Agency(models.Model):
    """An agency of the province: the office, a department, the service centre, a commune committee, a desk.

    ``path`` lists the ids from the root down (``/1/4/9/``); :meth:`save` keeps it and its subtree's right.
    """

    class Kind(models.TextChoices):
        PROVINCIAL_COMMITTEE = "provincial_committee", "UBND tỉnh"
        OFFICE = "office", "Văn phòng UBND tỉnh"
        DEPARTMENT = "department", "Sở, ban, ngành"
        SERVICE_CENTRE = "service_centre", "Trung tâm Phục vụ hành chính công"
        DISTRICT_COMMITTEE = "district_committee", "UBND cấp huyện"
        COMMUNE_COMMITTEE = "commune_committee", "UBND cấp xã"
        ONE_STOP_DESK = "one_stop_desk", "Bộ phận Một cửa"
        OTHER = "other", "Khác"

    code = models.CharField(
        "mã định danh",
        max_length=40,
        unique=True,
        help_text="Mã định danh đơn vị; mã hồ sơ bắt đầu bằng mã này.",
    )
    name = models.CharField("tên", max_length=255)
    short_name = models.CharField("tên viết tắt", max_length=100, blank=True)
    aliases = models.TextField("tên gọi khác", blank=True, help_text="Mỗi dòng một tên gọi khác.")
    name_folded = models.CharField(max_length=255, editable=False, db_index=True)
    kind = models.CharField("loại cơ quan", max_length=30, choices=Kind.choices)
    level = models.ForeignKey(
        AdministrativeLevel, on_delete=models.PROTECT, related_name="agencies", verbose_name="cấp"
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name="trực thuộc",
    )
    path = models.CharField(max_length=255, editable=False, db_index=True)
    administrative_unit = models.ForeignKey(
        AdministrativeUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agencies",
        verbose_name="đơn vị hành chính",
    )
    supervises_province = models.BooleanField(
        "kiểm soát TTHC toàn tỉnh",
        default=False,
        help_text="Vai trò tại cơ quan này có phạm vi toàn tỉnh (Văn phòng UBND tỉnh).",
    )
    address = models.CharField("địa chỉ", max_length=255, blank=True)
    phone = models.CharField("điện thoại", max_length=50, blank=True)
    email = models.EmailField("thư điện tử", blank=True)
    valid_from = models.DateField("hiệu lực từ", null=True, blank=True)
    valid_to = models.DateField("hết hiệu lực từ", null=True, blank=True)

    objects = ValidityQuerySet.as_manager()

    class Meta:
        ordering = ["path"]
        verbose_name = "cơ quan"
        verbose_name_plural = "cơ quan"

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.name_folded = fold(self.name)
        super().save(*args, **kwargs)
        path = f"{self.parent.path if self.parent_id else '/'}{self.pk}/"
        if path != self.path:
            old = self.path
            Agency.objects.filter(pk=self.pk).update(path=path)
            self.path = path
            if old:
                # Re-root the subtree that hung under the old path.
                for child in Agency.objects.filter(path__startswith=old).exclude(pk=self.pk):
                    child.save()


class User(AbstractUser):
    """A staff user. Citizens get their own accounts in a later capability."""

    full_name = models.CharField("họ và tên", max_length=200, blank=True)
    phone = models.CharField("điện thoại", max_length=50, blank=True)

    class Meta:
        verbose_name = "người dùng"
        verbose_name_plural = "người dùng"

    def __str__(self) -> str:
        return self.full_name or self.username

    def get_full_name(self) -> str:
        # The name is kept whole (Vietnamese names are not first + last), in ``full_name``; Django's default
        # reads first_name and last_name, which tthc leaves empty.
        return self.full_name.strip()


class Role(models.TextChoices):
    ADMINISTRATOR = "administrator", "Quản trị hệ thống"
    CONTROL_OFFICER = "control_officer", "Công chức đầu mối KSTTHC"
    DESK_OFFICER = "desk_officer", "Cán bộ một cửa"
    SPECIALIST = "specialist", "Chuyên viên"
    APPROVER = "approver", "Lãnh đạo phê duyệt"
    LEADER = "leader", "Lãnh đạo theo dõi"


class Membership(models.Model):
    """A role a user holds in one agency for a period. Roles are per agency: the same person may hold
    several. A role held again after it ended is a new period, a row of its own, so who held what when stays
    known (a dossier handled in 2024 names its specialist of 2024)."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="memberships", verbose_name="người dùng"
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.CASCADE, related_name="memberships", verbose_name="cơ quan"
    )
    role = models.CharField("vai trò", max_length=30, choices=Role.choices)
    valid_from = models.DateField("từ ngày", null=True, blank=True)
    valid_to = models.DateField("đến ngày", null=True, blank=True)

    objects = ValidityQuerySet.as_manager()

    class Meta:
        constraints = [
            # Periods are rows of their own; only one of them may be open-ended.
            models.UniqueConstraint(
                fields=["user", "agency", "role"],
                condition=Q(valid_to__isnull=True),
                name="one_open_membership_per_role",
            ),
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True)
                | Q(valid_to__isnull=True)
                | Q(valid_to__gte=F("valid_from")),
                name="membership_ends_after_it_starts",
            ),
        ]
        verbose_name = "vai trò tại cơ quan"
        verbose_name_plural = "vai trò tại cơ quan"

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.agency}"
