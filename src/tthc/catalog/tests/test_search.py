"""Searching the catalog: folded text, filters, and a constant number of queries per list."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tthc.catalog import selectors, services
from tthc.catalog.models import ProcedureVersion
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


def test_staff_versions_show_each_procedures_latest_version(imported, records):
    draft = dict(records[2], name="Cấp Phiếu lý lịch tư pháp (dự thảo sửa đổi)")
    services.save_draft(
        record=services.ProcedureRecord.model_validate(draft), user=imported.users.control_justice, now=NOW
    )

    versions = list(selectors.staff_versions(user=imported.users.control_construction))

    assert len(versions) == 4
    by_code = {v.procedure.code: v for v in versions}
    assert by_code["2.001035"].is_draft and by_code["2.001035"].number == 2
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
    selectors.can_edit(
        user, ProcedureVersion.objects.first()
    )  # the user's reach is computed once, then cached
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
