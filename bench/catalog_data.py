"""Generating a large, believable procedure catalog for the search benchmark.

:func:`generate` writes ``n`` procedures in force (Vietnamese names built from a vocabulary of verbs, objects
and qualifiers, real-looking codes, fields, levels, agencies and channels) with bulk inserts, so 10,000
procedures take seconds rather than the minutes that ``services.import_records`` would need. What must be
exactly what the application writes are the columns a version derives from its content (folded search text,
level codes, list summary): they come from the catalog's own function (``services.derived_columns``), or the
benchmark would time a search over different data.

Generation is idempotent: the catalog is marked by its publication decision (``BENCH-<n>/QĐ-UBND``), reused
when it holds ``n`` procedures, and replaced when an earlier run generated another size.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from tqdm import tqdm

from tthc.catalog.models import (
    Channel,
    ChannelOption,
    Field,
    OnlineLevel,
    Procedure,
    ProcedureVersion,
    PublicationDecision,
    VersionAgency,
)
from tthc.catalog.services import derived_columns
from tthc.organisation.models import AdministrativeLevel, Agency

DECISION_PREFIX = "BENCH-"
# The bench catalog's versions: a fifth of the procedures were amended, so the search must skip the
# superseded version and only find the one in force.
FIRST_EFFECTIVE = datetime.date(2024, 1, 1)
CURRENT_EFFECTIVE = datetime.date(2025, 7, 1)
AMENDED_SHARE = 0.2
PROVINCE_SUFFIX = "H98"

# (code, name) of the fields, and the department that implements them at province level.
FIELDS: list[tuple[str, str, str]] = [
    ("ho-tich", "Hộ tịch", "Sở Tư pháp"),
    ("chung-thuc", "Chứng thực", "Sở Tư pháp"),
    ("nuoi-con-nuoi", "Nuôi con nuôi", "Sở Tư pháp"),
    ("ly-lich-tu-phap", "Lý lịch tư pháp", "Sở Tư pháp"),
    ("quoc-tich", "Quốc tịch", "Sở Tư pháp"),
    ("dat-dai", "Đất đai", "Sở Nông nghiệp và Môi trường"),
    ("moi-truong", "Môi trường", "Sở Nông nghiệp và Môi trường"),
    ("tai-nguyen-nuoc", "Tài nguyên nước", "Sở Nông nghiệp và Môi trường"),
    ("trong-trot", "Trồng trọt và bảo vệ thực vật", "Sở Nông nghiệp và Môi trường"),
    ("thuy-san", "Thủy sản", "Sở Nông nghiệp và Môi trường"),
    ("xay-dung", "Hoạt động xây dựng", "Sở Xây dựng"),
    ("nha-o", "Nhà ở", "Sở Xây dựng"),
    ("duong-bo", "Đường bộ", "Sở Xây dựng"),
    ("kham-chua-benh", "Khám bệnh, chữa bệnh", "Sở Y tế"),
    ("duoc-pham", "Dược phẩm", "Sở Y tế"),
    ("an-toan-thuc-pham", "An toàn thực phẩm và dinh dưỡng", "Sở Y tế"),
    ("bao-tro-xa-hoi", "Bảo trợ xã hội", "Sở Y tế"),
    ("giao-duc", "Giáo dục và Đào tạo", "Sở Giáo dục và Đào tạo"),
    ("thanh-lap-doanh-nghiep", "Thành lập và hoạt động doanh nghiệp", "Sở Tài chính"),
    ("ho-kinh-doanh", "Thành lập và hoạt động của hộ kinh doanh", "Sở Tài chính"),
    ("dau-tu", "Đầu tư tại Việt Nam", "Sở Tài chính"),
    ("lao-dong", "Lao động", "Sở Nội vụ"),
    ("viec-lam", "Việc làm", "Sở Nội vụ"),
    ("nguoi-co-cong", "Người có công", "Sở Nội vụ"),
    ("thi-dua", "Thi đua, khen thưởng", "Sở Nội vụ"),
    ("ton-giao", "Tín ngưỡng, tôn giáo", "Sở Dân tộc và Tôn giáo"),
    ("van-hoa", "Văn hóa cơ sở", "Sở Văn hóa, Thể thao và Du lịch"),
    ("du-lich", "Lữ hành", "Sở Văn hóa, Thể thao và Du lịch"),
    ("xuat-ban", "Xuất bản, in và phát hành", "Sở Văn hóa, Thể thao và Du lịch"),
    ("cong-thuong", "Lưu thông hàng hóa trong nước", "Sở Công Thương"),
    ("dien", "Điện", "Sở Công Thương"),
    ("khoa-hoc", "Hoạt động khoa học và công nghệ", "Sở Khoa học và Công nghệ"),
]

VERBS = [
    "Cấp",
    "Đăng ký",
    "Cấp lại",
    "Gia hạn",
    "Điều chỉnh",
    "Thẩm định",
    "Chứng thực",
    "Cấp đổi",
    "Xác nhận",
    "Công nhận",
    "Thu hồi",
    "Phê duyệt",
    "Cho phép",
    "Đăng ký lại",
    "Đăng ký thay đổi",
]

# (object of the verb, field code, the levels that handle it)
OBJECTS: list[tuple[str, str, tuple[str, ...]]] = [
    ("khai sinh", "ho-tich", ("commune",)),
    ("kết hôn", "ho-tich", ("commune",)),
    ("khai tử", "ho-tich", ("commune",)),
    ("giám hộ", "ho-tich", ("commune",)),
    ("nhận cha, mẹ, con", "ho-tich", ("commune",)),
    ("thay đổi, cải chính, bổ sung thông tin hộ tịch", "ho-tich", ("commune",)),
    ("bản sao từ sổ gốc", "chung-thuc", ("commune",)),
    ("chữ ký trong các giấy tờ, văn bản", "chung-thuc", ("commune",)),
    ("hợp đồng, giao dịch liên quan đến tài sản", "chung-thuc", ("commune",)),
    ("việc nuôi con nuôi trong nước", "nuoi-con-nuoi", ("commune",)),
    ("phiếu lý lịch tư pháp", "ly-lich-tu-phap", ("province",)),
    ("hồ sơ xin nhập quốc tịch Việt Nam", "quoc-tich", ("province",)),
    ("giấy chứng nhận quyền sử dụng đất", "dat-dai", ("province", "commune")),
    ("biến động đất đai", "dat-dai", ("commune",)),
    ("chuyển mục đích sử dụng đất", "dat-dai", ("commune",)),
    ("giấy phép môi trường", "moi-truong", ("province",)),
    ("kế hoạch bảo vệ môi trường", "moi-truong", ("commune",)),
    ("giấy phép khai thác nước dưới đất", "tai-nguyen-nuoc", ("province",)),
    ("giấy chứng nhận cơ sở đủ điều kiện buôn bán thuốc bảo vệ thực vật", "trong-trot", ("province",)),
    ("giấy phép khai thác thủy sản", "thuy-san", ("province",)),
    ("giấy phép xây dựng", "xay-dung", ("province", "commune")),
    ("chứng chỉ hành nghề hoạt động xây dựng", "xay-dung", ("province",)),
    ("thiết kế xây dựng triển khai sau thiết kế cơ sở", "xay-dung", ("province",)),
    ("hỗ trợ nhà ở xã hội", "nha-o", ("province",)),
    ("giấy phép lái xe", "duong-bo", ("province",)),
    ("giấy phép kinh doanh vận tải bằng xe ô tô", "duong-bo", ("province",)),
    ("giấy phép hoạt động khám bệnh, chữa bệnh", "kham-chua-benh", ("province",)),
    ("chứng chỉ hành nghề dược", "duoc-pham", ("province",)),
    ("giấy chứng nhận đủ điều kiện kinh doanh dược", "duoc-pham", ("province",)),
    ("giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm", "an-toan-thuc-pham", ("province", "commune")),
    ("trợ cấp xã hội hằng tháng", "bao-tro-xa-hoi", ("commune",)),
    ("thành lập trường mầm non", "giao-duc", ("commune",)),
    ("văn bằng, chứng chỉ", "giao-duc", ("province",)),
    ("doanh nghiệp tư nhân", "thanh-lap-doanh-nghiep", ("province",)),
    ("công ty trách nhiệm hữu hạn một thành viên", "thanh-lap-doanh-nghiep", ("province",)),
    ("hộ kinh doanh", "ho-kinh-doanh", ("commune",)),
    ("dự án đầu tư", "dau-tu", ("province",)),
    ("giấy phép lao động cho người lao động nước ngoài", "lao-dong", ("province",)),
    ("trợ cấp thất nghiệp", "viec-lam", ("province",)),
    ("chế độ ưu đãi người có công với cách mạng", "nguoi-co-cong", ("province", "commune")),
    ("danh hiệu gia đình văn hóa", "thi-dua", ("commune",)),
    ("hoạt động tín ngưỡng", "ton-giao", ("commune",)),
    ("lễ hội truyền thống", "van-hoa", ("province", "commune")),
    ("giấy phép kinh doanh dịch vụ lữ hành nội địa", "du-lich", ("province",)),
    ("giấy phép hoạt động in", "xuat-ban", ("province",)),
    ("giấy phép bán lẻ rượu", "cong-thuong", ("commune",)),
    ("giấy phép hoạt động điện lực", "dien", ("province",)),
    ("giấy chứng nhận đăng ký hoạt động khoa học và công nghệ", "khoa-hoc", ("province",)),
]

QUALIFIERS = [
    "",
    "",
    "",
    "có yếu tố nước ngoài",
    "lưu động",
    "cho người nước ngoài",
    "cho doanh nghiệp trong khu công nghiệp",
    "do bị mất, hư hỏng",
    "do thay đổi nội dung",
    "đối với trường hợp đã đăng ký trước đây",
    "kết hợp",
    "tại cơ quan đại diện",
]

DEPARTMENTS = sorted({department for _, _, department in FIELDS})

COMMUNES = [
    "UBND xã An Bình",
    "UBND phường Đông Hà",
    "UBND xã Tân Phú",
    "UBND phường Hòa Bình",
    "UBND xã Hưng Lợi",
    "UBND xã Phước Long",
    "UBND phường Bến Thành",
    "UBND xã Đức Hòa",
    "UBND xã Quảng Điền",
    "UBND phường Thủy Dương",
    "UBND xã Nghĩa Hưng",
    "UBND xã Thạnh Phú",
    "UBND phường Vĩnh Ninh",
    "UBND xã Đồng Xuân",
    "UBND xã Cẩm Thủy",
    "UBND phường Trường An",
    "UBND xã Bình Giang",
    "UBND xã Lạc Thủy",
    "UBND phường Kim Long",
    "UBND xã Ea Kar",
    "UBND xã Gio Linh",
    "UBND phường Đông Ba",
    "UBND xã Hải Lăng",
    "UBND xã Triệu Phong",
    "UBND phường An Cựu",
    "UBND xã Phong Điền",
    "UBND xã Hương Trà",
    "UBND phường Phú Hội",
    "UBND xã A Lưới",
    "UBND xã Nam Đông",
]

SIGNERS = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Minh Châu"]


@dataclass
class BenchCatalog:
    """What :func:`generate` left in the database, for building the benchmark's queries."""

    procedures: int
    created: bool
    field_codes: list[str] = field(default_factory=list)
    agency_ids: list[int] = field(default_factory=list)
    names: list[str] = field(default_factory=list)
    codes: list[str] = field(default_factory=list)


def procedure_code(i: int) -> str:
    """The ``i``-th bench code: national-looking (``1.004321``), distinct for every ``i`` below 3,000,000."""
    # 7919 is prime and coprime with 10**6, so i -> i * 7919 mod 10**6 never repeats within a prefix.
    return f"{1 + i % 3}.{(i // 3 * 7919) % 1_000_000:06d}"


def _organisation() -> tuple[dict[str, Agency], list[Agency]]:
    """The bench province's agencies, created on first use: departments by name, and the communes."""
    province = AdministrativeLevel.objects.get(code="province")
    commune = AdministrativeLevel.objects.get(code="commune")

    def agency(code: str, name: str, kind: str, level, parent=None, **extra) -> Agency:
        found, _ = Agency.objects.get_or_create(
            code=code, defaults={"name": name, "kind": kind, "level": level, "parent": parent, **extra}
        )
        return found

    committee = agency(
        f"000.00.00.{PROVINCE_SUFFIX}", "UBND tỉnh Đo Kiểm", Agency.Kind.PROVINCIAL_COMMITTEE, province
    )
    agency(
        f"000.00.01.{PROVINCE_SUFFIX}",
        "Văn phòng UBND tỉnh Đo Kiểm",
        Agency.Kind.OFFICE,
        province,
        committee,
        supervises_province=True,
    )
    agency(
        f"000.00.02.{PROVINCE_SUFFIX}",
        "Trung tâm Phục vụ hành chính công tỉnh",
        Agency.Kind.SERVICE_CENTRE,
        province,
        committee,
    )
    departments = {
        name: agency(
            f"000.00.{10 + i:02d}.{PROVINCE_SUFFIX}", name, Agency.Kind.DEPARTMENT, province, committee
        )
        for i, name in enumerate(DEPARTMENTS)
    }
    communes = [
        agency(
            f"000.{10 + i // 100:02d}.{i % 100:02d}.{PROVINCE_SUFFIX}",
            name,
            Agency.Kind.COMMUNE_COMMITTEE,
            commune,
            committee,
        )
        for i, name in enumerate(COMMUNES)
    ]
    return departments, communes


def _fields() -> dict[str, Field]:
    return {
        code: Field.objects.get_or_create(code=code, defaults={"name": name})[0] for code, name, _ in FIELDS
    }


def _decision(number: str, effective_on: datetime.date) -> PublicationDecision:
    decision, _ = PublicationDecision.objects.get_or_create(
        number=number,
        defaults={
            "signed_on": effective_on - datetime.timedelta(days=15),
            "signer": SIGNERS[0],
            "effective_on": effective_on,
            "summary": "Công bố danh mục thủ tục hành chính (dữ liệu đo hiệu năng)",
        },
    )
    return decision


def _purge() -> None:
    """Remove every earlier bench catalog: one of another size has colliding codes, and an incomplete one
    (rows deleted by hand) cannot be trusted."""
    decisions = PublicationDecision.objects.filter(number__startswith=DECISION_PREFIX)
    versions = ProcedureVersion.objects.filter(decision__in=decisions)
    procedure_ids = set(versions.values_list("procedure_id", flat=True))
    versions.delete()
    Procedure.objects.filter(pk__in=procedure_ids).delete()
    decisions.delete()


def _existing(n: int, current: PublicationDecision | None) -> bool:
    return current is not None and current.versions.count() == n


def _catalog_summary(n: int, *, created: bool) -> BenchCatalog:
    current = PublicationDecision.objects.get(number=f"{DECISION_PREFIX}{n}-2/QĐ-UBND")
    versions = ProcedureVersion.objects.filter(decision=current)
    return BenchCatalog(
        procedures=versions.count(),
        created=created,
        field_codes=[code for code, _, _ in FIELDS],
        agency_ids=list(
            Agency.objects.filter(code__endswith=f".{PROVINCE_SUFFIX}")
            .order_by("code")
            .values_list("pk", flat=True)
        ),
        names=list(versions.order_by("procedure__code").values_list("name", flat=True)),
        codes=list(versions.order_by("procedure__code").values_list("procedure__code", flat=True)),
    )


def generate(n: int, *, seed: int = 2025, progress: bool = True, batch_size: int = 1000) -> BenchCatalog:
    """Make the database hold ``n`` bench procedures in force (reusing them when already there)."""
    current_number = f"{DECISION_PREFIX}{n}-2/QĐ-UBND"
    if _existing(n, PublicationDecision.objects.filter(number=current_number).first()):
        return _catalog_summary(n, created=False)

    rng = random.Random(seed)
    with transaction.atomic():
        _purge()
        departments, communes = _organisation()
        fields = _fields()
        levels = {lv.code: lv for lv in AdministrativeLevel.objects.all()}
        first = _decision(f"{DECISION_PREFIX}{n}-1/QĐ-UBND", FIRST_EFFECTIVE)
        current = _decision(current_number, CURRENT_EFFECTIVE)
        department_of = {code: departments[department] for code, _, department in FIELDS}
        now = timezone.now()

        bar = tqdm(total=n, desc="Tạo thủ tục", unit="thủ tục", disable=not progress)
        for start in range(0, n, batch_size):
            plans = [
                _plan(i, rng, department_of=department_of, communes=communes)
                for i in range(start, min(n, start + batch_size))
            ]
            _write_batch(plans, fields=fields, levels=levels, first=first, current=current, now=now)
            bar.update(len(plans))
        bar.close()
    return _catalog_summary(n, created=True)


@dataclass
class _Plan:
    """One procedure to write: its content, decided before any row is created."""

    code: str
    name: str
    old_name: str | None
    field_codes: list[str]
    level_codes: list[str]
    implementing: Agency
    competent: Agency
    cooperating: Agency | None
    online_level: str
    channels: list[tuple[str, Decimal, str, int]]
    subjects: list[str]


def _plan(i: int, rng: random.Random, *, department_of: dict[str, Agency], communes: list[Agency]) -> _Plan:
    verb = rng.choice(VERBS)
    obj, field_code, level_choices = rng.choice(OBJECTS)
    qualifier = rng.choice(QUALIFIERS)
    name = " ".join(part for part in (verb, obj, qualifier) if part)
    level_code = rng.choice(level_choices)
    department = department_of[field_code]
    implementing = rng.choice(communes) if level_code == "commune" else department
    field_codes = [field_code]
    if rng.random() < 0.15:
        field_codes.append(rng.choice(FIELDS)[0])
    online_level = rng.choices(["none", "partly", "fully"], weights=[3, 4, 3])[0]
    days = rng.choice([1, 3, 5, 7, 10, 15, 20, 30])
    fee = rng.choice([0, 0, 8_000, 10_000, 20_000, 50_000, 100_000, 200_000, 500_000])
    channels = [("in_person", Decimal(days), "working_days", fee)]
    if online_level != OnlineLevel.NONE:
        # Online submission usually earns a lower fee.
        channels.append(("online", Decimal(days), "working_days", fee // 2))
    if rng.random() < 0.3:
        channels.append(("postal", Decimal(days + 2), "working_days", fee))
    return _Plan(
        code=procedure_code(i),
        name=name,
        old_name=f"{name} (mẫu cũ)" if rng.random() < AMENDED_SHARE else None,
        field_codes=sorted(set(field_codes)),
        level_codes=[level_code],
        implementing=implementing,
        competent=department if level_code == "province" else implementing,
        cooperating=department if level_code == "commune" and rng.random() < 0.3 else None,
        online_level=online_level,
        channels=channels,
        subjects=rng.sample(["citizen", "foreigner", "organisation", "business"], k=rng.randint(1, 2)),
    )


def _channels(plan: _Plan, version: ProcedureVersion | None = None) -> list[ChannelOption]:
    return [
        ChannelOption(
            version=version,
            channel=Channel(channel),
            processing_time=time,
            time_unit=unit,
            fee=fee,
            fee_note="Miễn phí" if fee == 0 else "",
        )
        for channel, time, unit, fee in plan.channels
    ]


def _version(
    plan: _Plan, procedure: Procedure, *, name: str, number: int, decision, valid_to, now, fields, levels
) -> ProcedureVersion:
    return ProcedureVersion(
        procedure=procedure,
        number=number,
        name=name,
        kind="Thủ tục hành chính",
        subjects=plan.subjects,
        steps=[{"case": "", "text": "Nộp hồ sơ tại Bộ phận Một cửa hoặc trên Cổng Dịch vụ công."}],
        results=[f"Kết quả: {name}"],
        online_level=plan.online_level,
        postal=any(channel == "postal" for channel, *_ in plan.channels),
        change_kind="amended" if number > 1 else "new",
        decision=decision,
        valid_from=decision.effective_on,
        valid_to=valid_to,
        published_at=now,
        created_at=now,
        **derived_columns(
            code=plan.code,
            name=name,
            fields=[fields[code] for code in plan.field_codes],
            levels=[levels[code] for code in plan.level_codes],
            agencies=_parts(plan),
            channels=_channels(plan),
        ),
    )


def _parts(plan: _Plan) -> list[tuple[str, Agency]]:
    """The agency parts in the order the catalog's services store (and fold) them."""
    parts = [
        (VersionAgency.Part.IMPLEMENTING, plan.implementing),
        (VersionAgency.Part.COMPETENT, plan.competent),
    ]
    if plan.cooperating:
        parts.append((VersionAgency.Part.COOPERATING, plan.cooperating))
    return parts


def _write_batch(plans: list[_Plan], *, fields, levels, first, current, now) -> None:
    procedures = Procedure.objects.bulk_create([Procedure(code=plan.code) for plan in plans])
    versions: list[tuple[_Plan, ProcedureVersion]] = []
    for plan, procedure in zip(plans, procedures, strict=True):
        if plan.old_name:
            old = _version(
                plan,
                procedure,
                name=plan.old_name,
                number=1,
                decision=first,
                valid_to=current.effective_on,
                now=now,
                fields=fields,
                levels=levels,
            )
            versions.append((plan, old))
        number = 2 if plan.old_name else 1
        versions.append(
            (
                plan,
                _version(
                    plan,
                    procedure,
                    name=plan.name,
                    number=number,
                    decision=current,
                    valid_to=None,
                    now=now,
                    fields=fields,
                    levels=levels,
                ),
            )
        )
    ProcedureVersion.objects.bulk_create([version for _, version in versions])

    field_links, level_links, parts, channels = [], [], [], []
    FieldLink = ProcedureVersion.fields.through
    LevelLink = ProcedureVersion.levels.through
    for plan, version in versions:
        field_links += [
            FieldLink(procedureversion_id=version.pk, field_id=fields[c].pk) for c in plan.field_codes
        ]
        level_links += [
            LevelLink(procedureversion_id=version.pk, administrativelevel_id=levels[c].pk)
            for c in plan.level_codes
        ]
        parts += [VersionAgency(version=version, agency=agency, part=part) for part, agency in _parts(plan)]
        channels += _channels(plan, version)
    FieldLink.objects.bulk_create(field_links)
    LevelLink.objects.bulk_create(level_links)
    VersionAgency.objects.bulk_create(parts)
    ChannelOption.objects.bulk_create(channels)
