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


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Faker("name", locale="vi_VN")
    password = factory.django.Password("mat-khau-thu-nghiem")


def staff(role: str, agency: Agency, *, username: str | None = None) -> User:
    """A user holding ``role`` in ``agency``."""
    user = UserFactory(username=username or f"{role}-{agency.code}")
    Membership.objects.get_or_create(user=user, agency=agency, role=role)
    return user
