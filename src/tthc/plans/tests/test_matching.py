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
    match = Matcher(today=DAY).match(written)

    assert match.agency_ids == (getattr(province, agency).pk,)


def test_ubnd_cap_xa_means_every_commune_committee(province):
    match = Matcher(today=DAY).match("UBND cấp xã")

    assert match.how == "group"
    assert set(match.agency_ids) == {province.commune_a.pk, province.commune_b.pk}


def test_the_departments_group_means_every_department(province):
    match = Matcher(today=DAY).match("Các cơ quan chuyên môn, cơ quan thuộc UBND tỉnh")

    assert set(match.agency_ids) == {province.justice.pk, province.construction.pk}


def test_a_name_matching_nothing_stays_unmatched_and_nothing_is_guessed(province):
    match = Matcher(today=DAY).match("Sở Nội vụ và các cơ quan, đơn vị có liên quan")

    assert not match.matched
    assert match.agency_ids == ()


def test_initials_shared_by_two_departments_match_neither(province):
    for code, name in (("000.00.12.H99", "Sở Nội vụ"), ("000.00.13.H99", "Sở Ngoại vụ")):
        Agency.objects.create(
            code=code, name=name, kind="department", level=province.justice.level, parent=province.committee
        )

    assert not Matcher(today=DAY).match("Sở NV").matched
    assert Matcher(today=DAY).match("Sở Ngoại vụ").matched


def test_a_remembered_alias_wins_over_the_agency_names(province):
    UnitAlias.objects.create(name="Sở TP", created_at=NOW).agencies.add(province.construction)
    UnitAlias.objects.create(name="Cục Kiểm soát TTHC", external=True, created_at=NOW)
    UnitAlias.objects.create(name="Các xã", agency_kinds=["commune_committee"], created_at=NOW)
    matcher = Matcher(today=DAY)

    assert matcher.match("sở tp").agency_ids == (province.construction.pk,)
    assert matcher.match("Cục Kiểm soát TTHC").how == "external"
    assert len(matcher.match("CÁC XÃ").agency_ids) == 2


@pytest.fixture
def districts(province):
    """Two district committees that ended with the district level on 1 Jul 2025."""
    level = province.justice.level
    return [
        Agency.objects.create(
            code=f"000.2{n}.00.H99",
            name=f"UBND huyện Thử {n}",
            kind="district_committee",
            level=level,
            parent=province.committee,
            valid_to=datetime.date(2025, 7, 1),
        )
        for n in (1, 2)
    ]


@pytest.mark.parametrize(
    "written",
    [
        "Các sở, ban, ngành cấp tỉnh",
        "Sở, ban, ngành cấp tỉnh",
        "Các sở, ban, ngành thuộc UBND tỉnh",
        "Các cơ quan chuyên môn trực thuộc UBND tỉnh",
        "Các cơ quan chuyên môn thuộc UBND tỉnh",
        "Các sở, ban, ngành",
        "Các sở, ngành có liên quan",
        "Các sở, ban, ngành cấp tỉnh được giao chủ trì soạn thảo",
    ],
)
def test_the_ways_plans_write_every_department_mean_every_department(province, written):
    match = Matcher(today=DAY, year=2026).match(written)

    assert match.matched
    assert set(match.agency_ids) == {province.justice.pk, province.construction.pk}


def test_a_combined_name_is_split_into_the_groups_it_names(province, districts):
    matcher = Matcher(today=DAY, year=2022)
    communes = {province.commune_a.pk, province.commune_b.pk}
    departments = {province.justice.pk, province.construction.pk}
    district_ids = {district.pk for district in districts}

    for written, expected in [
        ("Các sở, ban, ngành cấp tỉnh và UBND cấp huyện, UBND cấp xã", departments | district_ids | communes),
        ("UBND cấp huyện, xã", district_ids | communes),
        ("Sở, ban, ngành cấp tỉnh, UBND cấp huyện, cấp xã", departments | district_ids | communes),
        ("Văn phòng UBND tỉnh và các cơ quan, đơn vị được giao chủ trì soạn thảo", {province.office.pk}),
        ("UBND cấp xã và các cơ quan, đơn vị liên quan", communes),
    ]:
        match = matcher.match(written)
        assert match.matched, written
        assert set(match.agency_ids) == expected, written


def test_matching_reads_the_tree_of_the_plan_year(province, districts):
    in_2022 = Matcher(today=DAY, year=2022).match("UBND cấp huyện")
    in_2026 = Matcher(today=DAY, year=2026).match("UBND cấp huyện")

    assert set(in_2022.agency_ids) == {district.pk for district in districts}
    assert not in_2026.matched
    assert in_2026.unmatched_parts == ("UBND cấp huyện",)
    assert in_2026.reasons == ("Không có UBND cấp huyện nào trong cây tổ chức năm 2026.",)


def test_a_group_without_agencies_is_shown_as_unmatched_and_the_other_pieces_keep_their_agencies(province):
    match = Matcher(today=DAY, year=2026).match("UBND cấp huyện, UBND cấp xã")

    assert not match.matched
    assert match.unmatched_parts == ("UBND cấp huyện",)
    assert set(match.agency_ids) == {province.commune_a.pk, province.commune_b.pk}


def test_the_officer_maps_a_piece_once_and_every_name_holding_it_follows(province):
    UnitAlias.objects.create(
        name="UBND cấp huyện", agency_kinds=["commune_committee"], created_at=NOW
    ).agencies.add(province.office)
    matcher = Matcher(today=DAY, year=2026)
    communes_and_office = {province.commune_a.pk, province.commune_b.pk, province.office.pk}

    assert set(matcher.match("UBND cấp huyện").agency_ids) == communes_and_office
    combined = matcher.match("Các sở, ban, ngành cấp tỉnh, UBND cấp huyện")
    assert combined.matched
    assert set(combined.agency_ids) == communes_and_office | {province.justice.pk, province.construction.pk}


def test_a_draft_mapping_counts_before_it_is_remembered_and_reads_other_spellings(province):
    mappings = {"x": {"name": "Sở Thông tin và Truyền thông", "agencies": [province.construction.pk]}}

    match = Matcher(today=DAY, year=2026).match("Sở Thông tin – Truyền thông", mappings)

    assert (match.how, match.agency_ids) == ("mapping", (province.construction.pk,))


def test_a_plan_year_the_tree_does_not_hold_is_matched_on_today_s_tree_and_said_so(province):
    Agency.objects.update(valid_from=datetime.date(2025, 7, 1))

    matcher = Matcher(today=DAY, year=2022)

    assert matcher.match("Sở Tư pháp").agency_ids == (province.justice.pk,)
    assert "chưa có cơ quan nào của năm 2022" in matcher.tree_note


def test_an_unknown_name_with_an_agencies_concerned_tail_asks_for_the_name_only(province):
    match = Matcher(today=DAY, year=2026).match("Sở Nội vụ và các cơ quan, đơn vị có liên quan")

    assert match.unmatched_parts == ("Sở Nội vụ",)


def test_names_nobody_reads_stay_one_name(province):
    match = Matcher(today=DAY, year=2026).match("Báo Quảng Trị, Đài Phát thanh truyền hình tỉnh")

    assert match.unmatched_parts == ("Báo Quảng Trị, Đài Phát thanh truyền hình tỉnh",)


def test_a_name_without_the_province_it_ends_with_matches_the_agency(province):
    centre = province.centre
    centre.name, centre.short_name = (
        "Trung tâm Phục vụ hành chính công tỉnh Thử Nghiệm",
        "Trung tâm PVHCC tỉnh",
    )
    centre.save()

    match = Matcher(today=DAY, year=2026).match("Trung tâm Phục vụ hành chính công")

    assert match.agency_ids == (centre.pk,)
