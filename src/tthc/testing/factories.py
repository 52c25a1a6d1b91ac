"""Factories for tests across capabilities (factory-boy, real database rows)."""

import factory

from tthc.organisation.models import AdministrativeLevel, Agency, Membership, User


def level(code: str) -> AdministrativeLevel:
    return AdministrativeLevel.objects.get(code=code)


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency

    code = factory.Sequence(lambda n: f"000.{n // 100:02d}.{n % 100:02d}.H99")
    name = factory.Sequence(lambda n: f"Sở thử nghiệm {n}")
    kind = Agency.Kind.DEPARTMENT
    level = factory.LazyFunction(lambda: level("province"))


# Plain Vietnamese names built from parts: Faker's vi_VN names carry honorifics ("Quý cô", "Bà") that no
# staff directory holds. A fixed cycle by sequence number keeps screenshots and failures repeatable.
FAMILY_NAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô"]
# (middle names, given names) of men, then of women: "Nguyễn Thị Dũng" would look as odd as an honorific.
NAME_PARTS = [
    (
        ["Văn", "Minh", "Quốc", "Đức", "Hữu"],
        ["Bình", "Dũng", "Hải", "Khoa", "Long", "Nam", "Phúc", "Sơn", "Tuấn"],
    ),
    (["Thị", "Thu", "Ngọc", "Thanh"], ["An", "Châu", "Hà", "Hương", "Lan", "Mai", "Thảo", "Trang", "Yến"]),
]


def vietnamese_name(n: int) -> str:
    """The n-th name of a fixed cycle: alternately a man's and a woman's, family, middle and given names."""
    middles, givens = NAME_PARTS[n % 2]
    family, k = FAMILY_NAMES[n % len(FAMILY_NAMES)], n // 2
    return f"{family} {middles[k % len(middles)]} {givens[k % len(givens)]}"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(vietnamese_name)
    password = factory.django.Password("mat-khau-thu-nghiem")


def staff(role: str, agency: Agency, *, username: str | None = None) -> User:
    """A user holding ``role`` in ``agency``."""
    user = UserFactory(username=username or f"{role}-{agency.code}")
    Membership.objects.get_or_create(user=user, agency=agency, role=role)
    return user
