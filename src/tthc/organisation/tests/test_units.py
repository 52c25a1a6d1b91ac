"""Loading a province's administrative units from the `vietnam-provinces` package (post-2025 two levels)."""

import datetime
import json

import pytest
import vietnam_provinces

from tthc.core.errors import DomainError
from tthc.organisation import services
from tthc.organisation.models import AdministrativeLevel, AdministrativeUnit

QUANG_TRI = 44


def package_province(code: int) -> dict:
    with open(vietnam_provinces.NESTED_DIVISIONS_JSON_PATH, encoding="utf-8") as file:
        return next(p for p in json.load(file) if p["code"] == code)


@pytest.mark.django_db
def test_load_units_creates_the_province_and_its_communes():
    wards = package_province(QUANG_TRI)["wards"]

    report = services.load_units(province_code=QUANG_TRI)

    province = AdministrativeUnit.objects.get(code="44")
    assert (province.name, province.level.code, province.parent) == ("Quảng Trị", "province", None)
    communes = AdministrativeUnit.objects.filter(parent=province)
    assert communes.count() == len(wards)
    assert set(communes.values_list("level__code", flat=True)) == {"commune"}
    assert report == services.LoadReport(province="Quảng Trị", created=len(wards) + 1, updated=0)


@pytest.mark.django_db
def test_communes_keep_their_division_type_and_are_valid_from_1_july_2025():
    services.load_units(province_code=QUANG_TRI)
    ward = package_province(QUANG_TRI)["wards"][0]

    commune = AdministrativeUnit.objects.get(code=f"{ward['code']:05d}")
    assert (commune.name, commune.division_type) == (ward["name"], ward["division_type"])
    assert commune.valid_from == datetime.date(2025, 7, 1)
    assert {"xã", "phường", "đặc khu"} <= set(
        AdministrativeUnit.objects.filter(parent__code="44").values_list("division_type", flat=True)
    )
    assert (
        AdministrativeUnit.objects.valid_on(datetime.date(2025, 6, 30)).filter(parent__code="44").count() == 0
    )


@pytest.mark.django_db
def test_load_units_is_idempotent():
    services.load_units(province_code=QUANG_TRI)
    before = list(AdministrativeUnit.objects.values_list("pk", "code", "name", "parent_id"))

    second = services.load_units(province_code=QUANG_TRI)

    assert (second.created, second.updated) == (0, 0)
    assert list(AdministrativeUnit.objects.values_list("pk", "code", "name", "parent_id")) == before


@pytest.mark.django_db
def test_a_unit_changed_locally_is_put_back_and_counted_as_updated():
    services.load_units(province_code=QUANG_TRI)
    ward = package_province(QUANG_TRI)["wards"][0]
    AdministrativeUnit.objects.filter(code=f"{ward['code']:05d}").update(name="Tên sai")

    report = services.load_units(province_code=QUANG_TRI)

    assert (report.created, report.updated) == (0, 1)
    assert AdministrativeUnit.objects.get(code=f"{ward['code']:05d}").name == ward["name"]


@pytest.mark.django_db
def test_communes_and_provinces_with_the_same_number_do_not_collide():
    # Phường Ba Đình (commune 4, in Hà Nội) and Cao Bằng (province 4) share a number in the package.
    services.load_units(province_code=4)
    services.load_units(province_code=1)
    assert AdministrativeUnit.objects.get(code="4").level.code == "province"
    assert AdministrativeUnit.objects.get(code="00004").level.code == "commune"


@pytest.mark.django_db
def test_unknown_province_is_refused_in_vietnamese_and_nothing_is_written():
    with pytest.raises(DomainError, match="Không có tỉnh, thành phố nào mang mã 99") as refused:
        services.load_units(province_code=99)
    assert "tthc org provinces" in refused.value.message
    assert not AdministrativeUnit.objects.exists()


def test_list_provinces_names_the_34_provinces_after_the_merger():
    provinces = services.list_provinces()
    assert len(provinces) == 34
    assert (QUANG_TRI, "Quảng Trị") in provinces
    assert provinces == sorted(provinces)


@pytest.mark.django_db
def test_district_level_is_not_valid_after_1_july_2025():
    before = set(
        AdministrativeLevel.objects.valid_on(datetime.date(2025, 6, 30)).values_list("code", flat=True)
    )
    after = set(
        AdministrativeLevel.objects.valid_on(datetime.date(2025, 7, 1)).values_list("code", flat=True)
    )
    assert "district" in before
    assert after == before - {"district"}
    assert {"province", "commune"} <= after
