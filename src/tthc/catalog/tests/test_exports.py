"""Exports: JSON that imports back unchanged, and an Excel workbook with one row per procedure."""

from __future__ import annotations

import datetime
import io

import pytest
from openpyxl import load_workbook

from tthc.catalog import exports, selectors, services
from tthc.catalog.models import ProcedureVersion
from tthc.catalog.records import ProcedureRecord
from tthc.catalog.tests.conftest import NOW, TODAY

pytestmark = pytest.mark.django_db


def test_record_of_reproduces_the_imported_record(imported, records):
    for raw in records:
        version = selectors.latest_version(selectors.procedure_by_code(raw["code"]))
        assert selectors.record_of(version) == ProcedureRecord.model_validate(raw)


def test_export_then_import_changes_nothing(imported, records):
    exported = exports.export_json(selectors.versions_in_force(on=TODAY))
    versions_before = ProcedureVersion.objects.count()

    report = services.import_records(records=exported, now=NOW + datetime.timedelta(days=1))

    assert sorted(report.unchanged) == sorted(r["code"] for r in records)
    assert ProcedureVersion.objects.count() == versions_before
    assert exports.export_json(selectors.versions_in_force(on=TODAY)) == exported


def test_json_export_is_the_record_shape_with_its_decision(imported, records):
    exported = {r["code"]: r for r in exports.export_json(selectors.versions_in_force(on=TODAY))}

    birth = exported["1.001193"]
    assert birth == ProcedureRecord.model_validate(records[0]).model_dump(mode="json")
    assert birth["decision"]["number"] == "1234/QĐ-UBND"
    assert birth["channels"][0]["processing_time"] == 1
    assert exported["1.009972"]["channels"][1]["processing_time"] == 15.5
    assert exported["1.000894"]["decision"] is None


def test_export_reads_many_versions_in_a_constant_number_of_queries(imported, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        exports.export_json(selectors.versions_in_force(on=TODAY))


def test_excel_export_has_one_row_per_procedure(imported):
    content = exports.export_excel(selectors.versions_in_force(on=TODAY))

    workbook = load_workbook(io.BytesIO(content))
    assert workbook.sheetnames == ["Thủ tục hành chính", "Thành phần hồ sơ"]
    sheet = workbook["Thủ tục hành chính"]
    rows = list(sheet.iter_rows(values_only=True))
    header, body = rows[0], rows[1:]
    assert header[:3] == ("Mã thủ tục", "Tên thủ tục", "Lĩnh vực")
    assert [row[0] for row in body] == ["1.000894", "1.001193", "1.009972", "2.001035"]
    row = dict(zip(header, body[3], strict=True))
    assert row["Cơ quan thực hiện"] == "Sở Tư pháp"
    assert row["Thời hạn giải quyết — Trực tiếp"] == "10 ngày làm việc"
    assert row["Phí, lệ phí — Trực tiếp (đồng)"] == 200000
    assert row["Phí, lệ phí — Bưu chính công ích (đồng)"] is None
    assert row["Mức độ dịch vụ công trực tuyến"] == "Dịch vụ công trực tuyến toàn trình"
    assert row["Tiếp nhận, trả kết quả qua bưu chính công ích"] == "Có"
    assert row["Hiệu lực từ"].date() == datetime.date(2025, 7, 1)
    assert row["Quyết định công bố"] == "1234/QĐ-UBND"
    construction = dict(zip(header, body[2], strict=True))
    assert construction["Thời hạn giải quyết — Bưu chính công ích"] == "15,5 ngày làm việc"
    assert construction["Cấp thực hiện"] == "Cấp tỉnh, Cấp xã"

    documents = list(workbook["Thành phần hồ sơ"].iter_rows(values_only=True))
    assert documents[0][:5] == ("Mã thủ tục", "Tên thủ tục", "Trường hợp", "STT", "Tên giấy tờ")
    assert len(documents) - 1 == 1 + 3 + 3 + 2
    assert [d[2] for d in documents if d[0] == "1.009972"] == [
        "Nhà ở riêng lẻ",
        "Nhà ở riêng lẻ",
        "Công trình tôn giáo",
    ]
