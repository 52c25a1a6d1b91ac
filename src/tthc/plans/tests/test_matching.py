"""Unit names as plans write them, matched to the agencies of the organisation tree."""

import datetime

import pytest

from tthc.organisation.models import Agency
from tthc.plans.matching import Matcher, canonical
from tthc.plans.models import UnitAlias
from tthc.plans.tests.conftest import NOW

DAY = datetime.date(2026, 1, 20)


def test_canonical_form_folds_diacritics_expands_abbreviations_and_drops_punctuation():
    assert canonical("VP UBND tỉnh") == canonical("Văn phòng Ủy ban nhân dân tỉnh")
    assert canonical("Sở Thông tin – Truyền thông") == canonical("Sở Thông tin và Truyền thông")
    assert canonical("SỞ TƯ PHÁP") == "so tu phap"


@pytest.mark.parametrize(
    ("written", "agency"),
    [
        ("Văn phòng UBND tỉnh", "office"),
        ("VP UBND tỉnh", "office"),
        ("van phong ubnd tinh", "office"),
        ("Sở Tư pháp", "justice"),
        ("Sở TP", "justice"),
        ("Sở XD", "construction"),
    ],
)
def test_a_unit_name_matches_its_agency_whatever_the_spelling(province, written, agency):
    match = Matcher(on=DAY).match(written)

    assert match.agency_ids == (getattr(province, agency).pk,)


def test_ubnd_cap_xa_means_every_commune_committee(province):
    match = Matcher(on=DAY).match("UBND cấp xã")

    assert match.how == "group"
    assert set(match.agency_ids) == {province.commune_a.pk, province.commune_b.pk}


def test_the_departments_group_means_every_department(province):
    match = Matcher(on=DAY).match("Các cơ quan chuyên môn, cơ quan thuộc UBND tỉnh")

    assert set(match.agency_ids) == {province.justice.pk, province.construction.pk}


def test_a_name_matching_nothing_stays_unmatched_and_nothing_is_guessed(province):
    match = Matcher(on=DAY).match("Sở Nội vụ và các cơ quan, đơn vị có liên quan")

    assert not match.matched
    assert match.agency_ids == ()


def test_initials_shared_by_two_departments_match_neither(province):
    for code, name in (("000.00.12.H99", "Sở Nội vụ"), ("000.00.13.H99", "Sở Ngoại vụ")):
        Agency.objects.create(
            code=code, name=name, kind="department", level=province.justice.level, parent=province.committee
        )

    assert not Matcher(on=DAY).match("Sở NV").matched
    assert Matcher(on=DAY).match("Sở Ngoại vụ").matched


def test_a_remembered_alias_wins_over_the_agency_names(province):
    UnitAlias.objects.create(name="Sở TP", agency=province.construction, created_at=NOW)
    UnitAlias.objects.create(name="Cục Kiểm soát TTHC", external=True, created_at=NOW)
    UnitAlias.objects.create(name="Các xã", agency_kind="commune_committee", created_at=NOW)
    matcher = Matcher(on=DAY)

    assert matcher.match("sở tp").agency_ids == (province.construction.pk,)
    assert matcher.match("Cục Kiểm soát TTHC").how == "external"
    assert len(matcher.match("CÁC XÃ").agency_ids) == 2
