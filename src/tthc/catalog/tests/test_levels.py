"""Levels of a procedure are data with validity dates, not a fixed list: the district level ended on
1 Jul 2025, so a version in force after that may not name it, and an unknown level is refused — naming the
record and the field, in Vietnamese, with nothing written."""

from __future__ import annotations

import datetime

import pytest

from tthc.catalog import services
from tthc.catalog.models import Procedure, PublicationDecision
from tthc.catalog.records import ProcedureRecord
from tthc.catalog.tests.conftest import make_record
from tthc.core.errors import ValidationFailed
from tthc.core.timezone import VIETNAM
from tthc.organisation.models import AdministrativeLevel

pytestmark = pytest.mark.django_db

IN_2026 = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=VIETNAM)
IN_2024 = datetime.datetime(2024, 3, 4, 9, 0, tzinfo=VIETNAM)


def decision(effective_on: str, number: str = "1/QĐ-UBND") -> dict:
    return {"number": number, "signed_on": "2024-01-02", "signer": "Lê C", "effective_on": effective_on}


def test_a_2026_record_naming_the_district_level_is_refused_naming_record_and_field(province):
    with pytest.raises(ValidationFailed) as refused:
        services.import_records(
            records=[make_record("1.000001"), make_record("1.000002", levels=["province", "district"])],
            now=IN_2026,
        )
    detail = refused.value.details[0]
    assert (detail["record"], detail["field"]) == ("1.000002", "levels[1]")
    assert detail["message"] == (
        "cấp huyện không còn từ 01/07/2025; phiên bản có hiệu lực từ 02/03/2026 không thể thực hiện ở cấp này"
    )
    assert "Bản ghi 1.000002" in refused.value.message
    assert not Procedure.objects.exists()


def test_the_district_level_is_accepted_for_a_version_in_force_before_july_2025(province):
    report = services.import_records(
        records=[make_record("1.000002", levels=["district"], decision=decision("2024-02-01"))], now=IN_2026
    )
    assert report.created == ["1.000002"]
    with pytest.raises(ValidationFailed) as refused:
        services.import_records(
            records=[make_record("1.000003", levels=["district"], decision=decision("2025-07-01", "2/QĐ"))],
            now=IN_2024,
        )
    assert refused.value.details[0]["field"] == "levels[0]"


def test_an_unknown_level_is_refused_in_vietnamese(province):
    with pytest.raises(ValidationFailed) as refused:
        services.import_records(records=[make_record("1.000001", levels=["village"])], now=IN_2026)
    assert (
        refused.value.details[0]["message"]
        == "cấp thực hiện «village» không có trong danh mục cấp hành chính"
    )


def test_a_level_the_province_adds_is_accepted_from_its_start(province):
    AdministrativeLevel.objects.create(
        code="special_zone", name="Đặc khu", rank=3, valid_from=datetime.date(2026, 1, 1)
    )
    assert services.import_records(records=[make_record("1.000001", levels=["special_zone"])], now=IN_2026)
    with pytest.raises(ValidationFailed):
        services.import_records(records=[make_record("1.000009", levels=["special_zone"])], now=IN_2024)


def test_a_draft_naming_the_district_level_is_refused_today(province):
    with pytest.raises(ValidationFailed) as refused:
        services.save_draft(
            record=ProcedureRecord.model_validate(make_record("1.000001", levels=["district"])),
            user=province.users.control_justice,
            now=IN_2026,
        )
    assert refused.value.details[0]["field"] == "levels[0]"


def test_publishing_checks_the_levels_on_the_decisions_effective_date(province):
    draft = services.save_draft(
        record=ProcedureRecord.model_validate(make_record("1.000001", levels=["district"])),
        user=province.users.control_justice,
        now=IN_2024,
    )
    late = PublicationDecision.objects.create(
        number="9/QĐ", signed_on=datetime.date(2025, 6, 1), signer="A", effective_on=datetime.date(2025, 8, 1)
    )
    with pytest.raises(ValidationFailed) as refused:
        services.publish(
            version=draft, decision=late, change_kind="new", user=province.users.control_office, now=IN_2024
        )
    assert refused.value.details[0] == {
        "record": "1.000001",
        "field": "levels[0]",
        "message": "cấp huyện không còn từ 01/07/2025; phiên bản có hiệu lực từ 01/08/2025 không thể thực "
        "hiện ở cấp này",
    }
    draft.refresh_from_db()
    assert draft.is_draft


def test_the_api_refuses_an_unknown_level_filter_with_a_vietnamese_message(client, province):
    response = client.get("/api/v1/catalog/procedures", {"level": "village"})
    assert response.status_code == 422
    assert response.json()["message"] == "Cấp thực hiện «village» không có trong danh mục cấp hành chính."
