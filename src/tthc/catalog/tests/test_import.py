"""Importing national procedure records: validate everything first, then write idempotently by code."""

from __future__ import annotations

import datetime

import pytest
from auditlog.models import LogEntry

from tthc.catalog import selectors, services
from tthc.catalog.models import ChangeKind, Field, Procedure, ProcedureVersion, PublicationDecision
from tthc.catalog.tests.conftest import NOW, TODAY, make_record
from tthc.core.errors import PermissionDenied, ValidationFailed
from tthc.organisation.models import Agency
from tthc.testing.factories import AgencyFactory

pytestmark = pytest.mark.django_db


def _counts() -> tuple[int, ...]:
    return (
        Procedure.objects.count(),
        ProcedureVersion.objects.count(),
        PublicationDecision.objects.count(),
        Field.objects.count(),
        LogEntry.objects.count(),
    )


def test_import_creates_a_published_version_per_record(province, records):
    report = services.import_records(records=records, now=NOW)

    assert report.created == ["1.001193", "1.000894", "2.001035", "1.009972"]
    assert report.updated == report.unchanged == []
    birth = selectors.version_in_force(selectors.procedure_by_code("1.001193"), on=TODAY)
    assert birth.number == 1
    assert birth.decision.number == "1234/QĐ-UBND"
    assert birth.valid_from == datetime.date(2025, 7, 1)
    assert birth.published_at == NOW


def test_record_without_decision_is_in_force_from_the_import_date(province, records):
    services.import_records(records=records, now=NOW)

    marriage = selectors.latest_version(selectors.procedure_by_code("1.000894"))
    assert marriage.decision is None
    assert marriage.valid_from == TODAY
    assert marriage.change_kind == ChangeKind.NEW


def test_import_is_idempotent_by_code(province, records):
    services.import_records(records=records, now=NOW)
    before = _counts()

    report = services.import_records(records=records, now=NOW + datetime.timedelta(days=30))

    assert report.unchanged == [r["code"] for r in records]
    assert report.created == report.updated == []
    assert _counts() == before


def test_equivalent_spellings_of_a_record_are_unchanged(province, records):
    services.import_records(records=records, now=NOW)
    construction = records[3]
    construction["channels"][0]["processing_time"] = "15.00"
    construction["levels"] = ["commune", "province", "commune"]
    construction["agencies"]["implementing"] = ["sở xây dựng"]  # by name, ignoring case and diacritics
    construction["fields"][0]["name"] = "Tên khác của lĩnh vực"  # a known field keeps its stored name
    before = _counts()

    report = services.import_records(records=[construction], now=NOW)

    assert report.unchanged == ["1.009972"]
    assert _counts() == before


def test_changed_record_makes_a_new_version(province, records):
    services.import_records(records=records, now=NOW)
    records[2]["channels"][0]["fee"] = 250000
    records[2]["decision"] = {
        "number": "88/QĐ-UBND",
        "signed_on": "2026-03-01",
        "signer": "Trần Thị Bình",
        "effective_on": "2026-04-01",
        "change_kind": "amended",
    }

    report = services.import_records(records=records, now=NOW)

    assert report.updated == ["2.001035"]
    assert len(report.unchanged) == 3
    procedure = selectors.procedure_by_code("2.001035")
    old, new = sorted(procedure.versions.all(), key=lambda v: v.number)
    assert (new.number, new.valid_from, new.change_kind) == (2, datetime.date(2026, 4, 1), ChangeKind.AMENDED)
    assert new.decision.number == "88/QĐ-UBND"
    assert old.valid_to == datetime.date(2026, 4, 1)
    assert selectors.version_in_force(procedure, on=datetime.date(2026, 3, 31)) == old
    assert selectors.version_in_force(procedure, on=datetime.date(2026, 4, 1)) == new
    assert selectors.record_of(new).channels[0].fee == 250000


def test_import_writes_nothing_when_one_record_is_invalid(province, records):
    records[1]["channels"][0]["time_unit"] = "weeks"
    before = _counts()

    with pytest.raises(ValidationFailed) as failure:
        services.import_records(records=records, now=NOW)

    assert _counts() == before
    problem = {"record": "1.000894", "field": "channels[0].time_unit"}
    assert [{k: d[k] for k in problem} for d in failure.value.details] == [problem]
    assert failure.value.details[0]["message"].startswith("giá trị không hợp lệ")
    assert 'Bản ghi 1.000894, trường "channels[0].time_unit": giá trị không hợp lệ' in failure.value.message


def test_every_problem_is_reported_with_its_record(province, records):
    records[0]["levels"] = []
    del records[2]["code"]
    records[3]["agencies"]["cooperating"] = ["Sở Không Tồn Tại"]

    with pytest.raises(ValidationFailed) as failure:
        services.import_records(records=records, now=NOW)

    where = [(d["record"], d["field"]) for d in failure.value.details]
    assert where == [("1.001193", "levels"), ("#3", "code"), ("1.009972", "agencies.cooperating[0]")]
    assert "Sở Không Tồn Tại" in failure.value.details[2]["message"]
    assert not Procedure.objects.exists()


def test_duplicate_codes_in_one_file_are_an_error(province, records):
    records.append(dict(records[0], name="Bản ghi trùng mã"))

    with pytest.raises(ValidationFailed) as failure:
        services.import_records(records=records, now=NOW)

    assert failure.value.details == [
        {"record": "1.001193", "field": "code", "message": "mã thủ tục đã có ở bản ghi #1 của cùng tệp"}
    ]
    assert not Procedure.objects.exists()


def test_an_agency_name_shared_by_two_agencies_must_be_given_by_code(province):
    AgencyFactory(code="000.00.99.H99", name="Sở Tư Pháp", parent=province.committee)

    with pytest.raises(ValidationFailed) as failure:
        services.import_records(records=[make_record("1.000001", agency="Sở Tư pháp")], now=NOW)

    assert failure.value.details[0]["field"] == "agencies.implementing[0]"
    assert "mã định danh" in failure.value.details[0]["message"]


def test_unknown_fields_are_created_and_known_ones_keep_their_name(province):
    Field.objects.create(code="TN", name="Lĩnh vực đã có")
    record = make_record(
        "1.000001", fields=[{"code": "TN", "name": "Tên mới"}, {"code": "MOI", "name": "Mới"}]
    )

    services.import_records(records=[record], now=NOW)

    assert dict(Field.objects.values_list("code", "name")) == {"TN": "Lĩnh vực đã có", "MOI": "Mới"}


def test_a_decision_number_names_one_decision(province, records):
    records[2]["decision"]["effective_on"] = "2025-08-01"  # same number as record 1, another date

    with pytest.raises(ValidationFailed) as failure:
        services.import_records(records=records, now=NOW)

    assert [(d["record"], d["field"]) for d in failure.value.details] == [("2.001035", "decision")]


def test_a_record_cannot_take_effect_before_the_version_in_force(province, records):
    services.import_records(records=records, now=NOW)
    records[0]["name"] = "Đăng ký khai sinh (sửa đổi)"
    records[0]["decision"] = dict(records[0]["decision"], number="1/QĐ-UBND", effective_on="2025-01-01")

    with pytest.raises(ValidationFailed) as failure:
        services.import_records(records=records, now=NOW)

    assert [(d["record"], d["field"]) for d in failure.value.details] == [
        ("1.001193", "decision.effective_on")
    ]


def test_import_refuses_a_changed_record_while_a_draft_is_pending(imported, records):
    draft = dict(records[2], name="Dự thảo của Sở Tư pháp")
    services.save_draft(
        record=services.ProcedureRecord.model_validate(draft), user=imported.users.control_justice, now=NOW
    )
    records[2]["name"] = "Tên mới từ Cơ sở dữ liệu quốc gia"

    with pytest.raises(ValidationFailed) as failure:
        services.import_records(records=records, now=NOW)

    assert "dự thảo" in failure.value.details[0]["message"]


def test_import_by_a_user_needs_manage_catalog_over_each_records_agencies(province, records):
    with pytest.raises(PermissionDenied):
        services.import_records(records=records, user=province.users.control_justice, now=NOW)
    assert not Procedure.objects.exists()

    own = [r for r in records if r["agencies"]["implementing"] == ["000.00.10.H99"]]
    report = services.import_records(records=own, user=province.users.control_justice, now=NOW)
    assert report.created == ["2.001035"]

    report = services.import_records(records=records, user=province.users.control_office, now=NOW)
    assert len(report.created) == 3


def test_abolished_record_publishes_an_abolishing_version(imported, records):
    records[3]["status"] = "abolished"
    records[3]["decision"] = {
        "number": "9/QĐ-UBND",
        "signed_on": "2026-02-01",
        "signer": "Trần Thị Bình",
        "effective_on": "2026-03-10",
    }

    report = services.import_records(records=records, now=NOW)

    assert report.updated == ["1.009972"]
    procedure = selectors.procedure_by_code("1.009972")
    assert selectors.latest_version(procedure).change_kind == ChangeKind.ABOLISHED
    assert selectors.version_in_force(procedure, on=datetime.date(2026, 3, 9)) is not None
    assert selectors.version_in_force(procedure, on=datetime.date(2026, 3, 10)) is None
    assert services.import_records(records=records, now=NOW).unchanged == [r["code"] for r in records]


def test_agencies_named_in_records_exist_after_import(imported):
    version = selectors.latest_version(selectors.procedure_by_code("1.001193"))
    names = {p.agency.name for p in version.agency_parts.all()}
    assert names == {"UBND xã An Bình", "UBND phường Đông Hà", "Sở Tư pháp"}
    assert Agency.objects.count() == 7
