"""Searching the catalog: folded text, filters, and a constant number of queries per list."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tthc.catalog import selectors, services
from tthc.catalog.models import Field, ProcedureVersion, VersionAgency
from tthc.catalog.records import ProcedureRecord
from tthc.catalog.tests.conftest import NOW, TODAY, make_record
from tthc.organisation.models import AdministrativeLevel

pytestmark = pytest.mark.django_db


def _codes(versions) -> list[str]:
    return [v.procedure.code for v in versions]


@pytest.mark.parametrize("query", ["khai sinh", "KHAI SINH", "Khai Sinh", "khái sình"])
def test_search_ignores_case_and_diacritics(imported, query):
    assert _codes(selectors.search_versions(query=query, on=TODAY)) == ["1.001193"]


def test_search_folds_d_with_stroke(imported):
    assert _codes(selectors.search_versions(query="dang ky", on=TODAY)) == ["1.000894", "1.001193"]
    assert _codes(selectors.search_versions(query="ĐĂNG KÝ", on=TODAY)) == ["1.000894", "1.001193"]


def test_every_word_of_the_query_must_match(imported):
    assert _codes(selectors.search_versions(query="dang ky ket hon", on=TODAY)) == ["1.000894"]
    assert _codes(selectors.search_versions(query="ket hon xay dung", on=TODAY)) == []


def test_search_finds_code_field_and_agency_names(imported):
    assert _codes(selectors.search_versions(query="2.001035", on=TODAY)) == ["2.001035"]
    assert _codes(selectors.search_versions(query="ly lich tu phap", on=TODAY)) == ["2.001035"]
    assert _codes(selectors.search_versions(query="so xay dung", on=TODAY)) == ["1.009972"]
    assert _codes(selectors.search_versions(query="phuong dong ha", on=TODAY)) == ["1.000894", "1.001193"]


def test_search_filters_by_field_agency_level_and_online_level(imported):
    justice = imported.justice

    assert _codes(selectors.search_versions(field_code="HT", on=TODAY)) == ["1.000894", "1.001193"]
    # Sở Tư pháp implements 2.001035 and co-operates on 1.001193 (competent too, counted once).
    assert _codes(selectors.search_versions(agency_id=justice.pk, on=TODAY)) == ["1.001193", "2.001035"]
    assert _codes(selectors.search_versions(level="province", on=TODAY)) == ["1.009972", "2.001035"]
    assert _codes(selectors.search_versions(online_level="fully", on=TODAY)) == ["1.001193", "2.001035"]
    assert _codes(selectors.search_versions(query="dang ky", online_level="partly", on=TODAY)) == ["1.000894"]


def test_the_level_filter_matches_a_level_code_exactly(province):
    services.import_records(
        records=[make_record("9.000001", levels=["province"]), make_record("9.000002", levels=["commune"])],
        now=NOW,
    )
    # Levels a province might add one day, linked as an admin would, the derived columns then refreshed.
    version = ProcedureVersion.objects.get(procedure__code="9.000001")
    version.levels.add(
        AdministrativeLevel.objects.create(code="commune-cluster", name="Cụm xã", rank=4),
        AdministrativeLevel.objects.create(code="Commune", name="Xã (mã viết hoa)", rank=5),
    )
    services.refresh_search_text(version=version)

    assert _codes(selectors.search_versions(level="commune", on=TODAY)) == ["9.000002"]
    assert _codes(selectors.search_versions(level="Commune", on=TODAY)) == ["9.000001"]
    assert _codes(selectors.search_versions(level="commune-cluster", on=TODAY)) == ["9.000001"]
    assert _codes(selectors.search_versions(level="province", on=TODAY)) == ["9.000001"]
    assert _codes(selectors.search_versions(level="comm", on=TODAY)) == []


def test_staff_versions_show_each_procedures_latest_version(imported, records):
    draft = dict(records[2], name="Cấp Phiếu lý lịch tư pháp (dự thảo sửa đổi)")
    services.save_draft(
        record=services.ProcedureRecord.model_validate(draft), user=imported.users.control_justice, now=NOW
    )

    versions = list(selectors.staff_versions(user=imported.users.specialist_justice))

    assert len(versions) == 4
    by_code = {v.procedure.code: v for v in versions}
    assert by_code["2.001035"].is_draft and by_code["2.001035"].number == 2
    # Another agency's officer sees the version in force, not the draft.
    outsider = imported.users.control_construction
    by_code = {v.procedure.code: v for v in selectors.staff_versions(user=outsider)}
    assert len(by_code) == 4 and not by_code["2.001035"].is_draft and by_code["2.001035"].number == 1
    assert not _codes(selectors.staff_versions(user=outsider, query="du thao"))
    assert _codes(selectors.staff_versions(user=imported.users.control_justice, query="du thao")) == [
        "2.001035"
    ]


def _import_many(province, start: int, stop: int) -> None:
    agencies = [province.justice.code, province.construction.code, province.commune_a.code]
    records = [
        make_record(
            f"9.{n:06d}",
            agency=agencies[n % 3],
            fields=[{"code": f"F{n % 4}", "name": f"Lĩnh vực {n % 4}"}],
            levels=["province", "commune"],
            channels=[
                {"channel": "in_person", "processing_time": 5, "time_unit": "working_days"},
                {"channel": "online", "processing_time": 4, "time_unit": "working_days"},
            ],
        )
        for n in range(start, stop)
    ]
    services.import_records(records=records, now=NOW)


def _render_list(versions) -> list[tuple]:
    """What a list page reads of each row."""
    return [
        (
            v.procedure.code,
            v.name,
            [f.name for f in v.fields.all()],
            [lv.name for lv in v.levels.all()],
            [(c.channel, c.processing_time, c.fee) for c in v.channels.all()],
            [(p.part, p.agency.name) for p in v.agency_parts.all()],
            v.decision.number if v.decision else "",
        )
        for v in versions
    ]


def _list_queries(user) -> tuple[int, int]:
    """Queries of the public list and of the staff list with its "may edit" marks."""
    with CaptureQueriesContext(connection) as public:
        _render_list(selectors.search_versions(query="thu nghiem", on=TODAY))
    with CaptureQueriesContext(connection) as staff:
        versions = selectors.staff_versions(user=user)
        _render_list(versions)
        [selectors.can_edit(user, v) for v in versions]
    return len(public.captured_queries), len(staff.captured_queries)


def test_search_list_issues_a_constant_number_of_queries(province, django_assert_max_num_queries):
    user = province.users.control_justice
    _import_many(province, 0, 5)
    # The user's reach (to edit, to see drafts) is computed once, then cached.
    selectors.can_edit(user, ProcedureVersion.objects.first())
    list(selectors.staff_versions(user=user))
    with django_assert_max_num_queries(6):
        assert len(_render_list(selectors.search_versions(query="thu nghiem", on=TODAY))) == 5
    few = _list_queries(user)

    _import_many(province, 5, 50)
    with django_assert_max_num_queries(6):
        assert len(_render_list(selectors.search_versions(query="thu nghiem", on=TODAY))) == 50
    many = _list_queries(user)

    # The list query plus one per prefetched relation, however many rows.
    assert few == many == (6, 6)


def test_levels_come_from_the_organisation_data(imported):
    assert AdministrativeLevel.objects.filter(code="commune").exists()
    version = selectors.search_versions(query="khai sinh", on=TODAY).get()
    assert [lv.code for lv in version.levels.all()] == ["commune"]


# --- the public list: one page of stored list rows ----------------------------------------------------------

FILTERS = [
    {},
    {"query": "dang ky"},
    {"query": "ĐĂNG KÝ kết hôn"},
    {"query": "phuong dong ha"},
    {"query": "2.001035"},
    {"field_code": "HT"},
    {"level": "province"},
    {"level": "commune", "query": "dang ky"},
    {"online_level": "fully"},
    {"query": "xay dung", "level": "commune", "field_code": "XD"},
]


@pytest.mark.parametrize("filters", FILTERS)
def test_search_page_finds_exactly_what_search_versions_finds(imported, filters):
    page = selectors.search_page(**filters, on=TODAY)

    expected = _codes(selectors.search_versions(**filters, on=TODAY))
    assert [row.code for row in page] == expected
    assert page.paginator.count == len(expected)


def test_search_page_filters_by_any_part_an_agency_takes(imported):
    # Sở Tư pháp co-operates on 1.001193 and is implementing and competent for 2.001035: counted once each.
    page = selectors.search_page(agency_id=imported.justice.pk, on=TODAY)

    assert [row.code for row in page] == ["1.001193", "2.001035"]
    assert page.paginator.count == 2


def test_a_list_row_shows_fields_levels_agencies_time_limits_and_fees(imported):
    rows = {row.code: row for row in selectors.search_page(on=TODAY)}

    birth = rows["1.001193"]
    assert birth.name == "Đăng ký khai sinh"
    assert birth.fields == ["Hộ tịch"]
    assert birth.levels == ["Cấp xã"]
    assert birth.agencies == ["UBND xã An Bình", "UBND phường Đông Hà"]  # the implementing agencies only
    assert birth.more_agencies == 0
    assert birth.time_limits == ["1 ngày làm việc"]  # two channels, one distinct time limit
    assert birth.fees == ["Không thu phí"]
    assert birth.online_level == "fully"
    building = rows["1.009972"]
    assert building.levels == ["Cấp tỉnh", "Cấp xã"]
    assert building.time_limits == ["15 ngày làm việc", "15,5 ngày làm việc"]
    assert building.fees == ["75.000 đồng"]
    assert rows["2.001035"].fees == ["200.000 đồng", "100.000 đồng"]


def test_a_list_row_names_three_implementing_agencies_and_counts_the_rest(province):
    implementing = [
        a.code for a in (province.commune_a, province.commune_b, province.justice, province.centre)
    ]
    services.import_records(
        records=[make_record("9.000001", agencies={"implementing": implementing})], now=NOW
    )

    (row,) = selectors.search_page(on=TODAY)

    assert row.agencies == ["UBND xã An Bình", "UBND phường Đông Hà", "Sở Tư pháp"]
    assert row.more_agencies == 1


def test_search_page_reads_a_page_in_two_queries_however_many_rows(province, django_assert_num_queries):
    _import_many(province, 0, 60)

    with django_assert_num_queries(2):  # the total, then the page's rows
        page = selectors.search_page(query="thu nghiem", on=TODAY, page=2, per_page=25)
        rows = [(r.code, r.fields, r.levels, r.agencies, r.time_limits, r.fees) for r in page]

    assert page.paginator.count == 60 and page.number == 2 and page.paginator.num_pages == 3
    assert [r[0] for r in rows] == [f"9.{n:06d}" for n in range(25, 50)]
    assert rows[0][1:] == (
        ["Lĩnh vực 1"],
        ["Cấp tỉnh", "Cấp xã"],
        ["Sở Xây dựng"],
        ["5 ngày làm việc", "4 ngày làm việc"],
        ["Không thu phí"],
    )


@pytest.mark.parametrize(("asked", "given"), [(None, 1), ("", 1), ("abc", 1), ("0", 3), ("-3", 3), ("99", 3)])
def test_search_page_reads_a_page_number_as_the_paginator_does(province, asked, given):
    # Paginator.get_page: not a number reads as the first page, any number out of range as the last.
    _import_many(province, 0, 60)

    page = selectors.search_page(on=TODAY, page=asked, per_page=25)

    assert page.number == given
    assert len(page) == (10 if given == 3 else 25)


def test_search_page_of_nothing_found_is_an_empty_first_page(imported, django_assert_num_queries):
    with django_assert_num_queries(1):
        page = selectors.search_page(query="khong co thu tuc nay", on=TODAY, page=4)

    assert page.number == 1 and page.paginator.count == 0 and list(page) == []


# --- what a version stores of its content -------------------------------------------------------------------


def test_a_rewritten_draft_stores_its_new_list_row_and_search_text(province):
    user = province.users.control_justice
    record = ProcedureRecord.model_validate(make_record("9.000001"))
    services.save_draft(record=record, user=user, now=NOW)
    changed = make_record(
        "9.000001",
        name="Thủ tục đã đổi tên",
        fields=[{"code": "HT", "name": "Hộ tịch"}],
        channels=[{"channel": "online", "processing_time": 2, "time_unit": "working_hours", "fee": 1000}],
    )

    version = services.save_draft(record=ProcedureRecord.model_validate(changed), user=user, now=NOW)

    version.refresh_from_db()
    assert version.number == 1
    assert version.listing["fields"] == ["Hộ tịch"]
    assert version.listing["channels"] == [{"time": "2", "unit": "working_hours", "fee": 1000}]
    assert version.listing["levels"] == ["Cấp tỉnh"] and version.level_codes == " province "
    assert "thu tuc da doi ten" in version.search_folded and "thu nghiem" not in version.search_folded


def test_refreshing_stores_what_the_write_path_stores(imported):
    for version in ProcedureVersion.objects.select_related("procedure"):
        written = (version.search_folded, version.level_codes, version.listing)

        services.refresh_search_text(version=version)

        version.refresh_from_db()
        assert (version.search_folded, version.level_codes, version.listing) == written


def test_refreshing_orders_agency_parts_by_part_whatever_order_they_were_added_in(imported):
    version = selectors.search_versions(query="2.001035", on=TODAY).get()
    written = version.search_folded
    # An admin removes the implementing part and adds it back: it is now the newest row.
    implementing = version.agency_parts.get(part=VersionAgency.Part.IMPLEMENTING)
    implementing.delete()
    VersionAgency.objects.create(version=version, agency=implementing.agency, part=implementing.part)

    services.refresh_search_text(version=version)

    assert version.search_folded == written
    agencies = [imported.justice, imported.justice]  # implementing, then competent
    assert version.search_folded == services.search_text(
        code="2.001035", name=version.name, fields=version.fields.all(), agencies=agencies
    )


def test_a_version_is_created_at_the_now_given_to_the_service(province):
    services.import_records(records=[make_record("9.000001")], now=NOW)
    later = NOW + datetime.timedelta(days=3)
    record = ProcedureRecord.model_validate(make_record("9.000001", name="Bản dự thảo"))

    draft = services.save_draft(record=record, user=province.users.control_justice, now=later)

    imported_version = ProcedureVersion.objects.get(number=1)
    assert imported_version.created_at == NOW
    draft.refresh_from_db()
    assert draft.created_at == later


# --- renaming what versions name ----------------------------------------------------------------------------


def test_renaming_an_agency_refreshes_the_search_and_the_list_rows_naming_it(imported):
    commune = imported.commune_a
    commune.name = "UBND phường Bình Minh"
    commune.save()

    assert _codes(selectors.search_versions(query="binh minh", on=TODAY)) == ["1.000894", "1.001193"]
    assert _codes(selectors.search_versions(query="xa an binh", on=TODAY)) == []
    rows = {row.code: row for row in selectors.search_page(on=TODAY)}
    assert rows["1.001193"].agencies == ["UBND phường Bình Minh", "UBND phường Đông Hà"]


def test_renaming_a_field_or_a_level_refreshes_the_versions_naming_it(imported):
    field = Field.objects.get(code="HT")
    field.name = "Hộ tịch và quốc tịch"
    field.save()
    commune = AdministrativeLevel.objects.get(code="commune")
    commune.name = "Cấp cơ sở"
    commune.save(update_fields=["name"])

    assert _codes(selectors.search_versions(query="quoc tich", on=TODAY)) == ["1.000894", "1.001193"]
    rows = {row.code: row for row in selectors.search_page(on=TODAY)}
    assert rows["1.001193"].fields == ["Hộ tịch và quốc tịch"]
    assert rows["1.001193"].levels == ["Cấp cơ sở"]
    assert rows["1.009972"].levels == ["Cấp tỉnh", "Cấp cơ sở"]
    # The level filter goes by code, which a rename leaves as it was.
    assert _codes(selectors.search_versions(level="commune", on=TODAY)) == [
        "1.000894",
        "1.001193",
        "1.009972",
    ]


def test_saving_an_agency_without_renaming_it_rewrites_no_version(imported):
    with CaptureQueriesContext(connection) as queries:
        imported.justice.save()  # as the admin saves an unchanged form

    assert not [q for q in queries.captured_queries if "catalog_procedureversion" in q["sql"]]
