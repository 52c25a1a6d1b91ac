"""Drafts, publishing and the validity of versions."""

from __future__ import annotations

import datetime

import pytest

from tthc.catalog import selectors, services
from tthc.catalog.models import ChangeKind, ProcedureVersion
from tthc.catalog.records import ProcedureRecord
from tthc.catalog.tests.conftest import NOW, TODAY, make_record
from tthc.core.errors import DomainError, PermissionDenied, ValidationFailed

pytestmark = pytest.mark.django_db


def _decision(number: str, effective_on: datetime.date, *, user, signed_on: datetime.date | None = None):
    return services.create_decision(
        number=number,
        signed_on=signed_on or effective_on - datetime.timedelta(days=10),
        signer="Nguyễn Văn An",
        effective_on=effective_on,
        user=user,
        now=NOW,
    )


def _draft(user, code="1.000001", **overrides) -> ProcedureVersion:
    return services.save_draft(
        record=ProcedureRecord.model_validate(make_record(code, **overrides)), user=user, now=NOW
    )


def test_draft_is_not_in_force(province):
    version = _draft(province.users.control_justice)

    assert version.is_draft
    assert selectors.version_in_force(version.procedure, on=TODAY) is None
    assert not selectors.search_versions(query="thu nghiem", on=TODAY).exists()
    assert list(selectors.staff_versions(user=province.users.control_justice)) == [version]


def test_saving_a_draft_again_replaces_its_content(province):
    user = province.users.control_justice
    first = _draft(user)

    again = _draft(
        user,
        name="Tên đã sửa",
        channels=[{"channel": "online", "processing_time": 3, "time_unit": "working_days"}],
    )

    assert again.pk == first.pk
    assert ProcedureVersion.objects.count() == 1
    record = selectors.record_of(again)
    assert record.name == "Tên đã sửa"
    assert [c.channel for c in record.channels] == ["online"]
    assert "ten da sua" in ProcedureVersion.objects.get().search_folded

    # A draft read with its relations shows the rewritten ones after the next save.
    moved = _draft(user, agencies={"implementing": ["000.00.10.H99"], "cooperating": ["000.00.11.H99"]})
    assert selectors.record_of(moved).agencies.cooperating == ["000.00.11.H99"]


def test_publishing_closes_the_previous_version(province):
    user = province.users.control_office
    first = services.publish(
        version=_draft(user),
        decision=_decision("1/QĐ-UBND", datetime.date(2026, 1, 1), user=user),
        change_kind=ChangeKind.NEW,
        user=user,
        now=NOW,
    )
    second_draft = _draft(user, name="Thủ tục đã sửa đổi")
    assert second_draft.number == 2

    second = services.publish(
        version=second_draft,
        decision=_decision("2/QĐ-UBND", datetime.date(2026, 5, 1), user=user),
        change_kind=ChangeKind.AMENDED,
        user=user,
        now=NOW,
    )

    first.refresh_from_db()
    assert (first.valid_from, first.valid_to) == (datetime.date(2026, 1, 1), datetime.date(2026, 5, 1))
    assert (second.valid_from, second.valid_to) == (datetime.date(2026, 5, 1), None)
    assert second.published_at == NOW
    procedure = first.procedure
    assert selectors.version_in_force(procedure, on=datetime.date(2026, 4, 30)) == first
    assert selectors.version_in_force(procedure, on=datetime.date(2026, 5, 1)) == second
    assert [v.number for v in selectors.version_history(procedure)] == [2, 1]


def test_publishing_a_published_version_is_refused(province):
    user = province.users.control_office
    decision = _decision("1/QĐ-UBND", datetime.date(2026, 1, 1), user=user)
    version = services.publish(version=_draft(user), decision=decision, change_kind="new", user=user, now=NOW)

    with pytest.raises(DomainError) as refusal:
        services.publish(version=version, decision=decision, change_kind="new", user=user, now=NOW)

    assert refusal.value.code == "not_a_draft"


def test_a_version_cannot_take_effect_before_the_one_in_force(province):
    user = province.users.control_office
    services.publish(
        version=_draft(user),
        decision=_decision("1/QĐ-UBND", datetime.date(2026, 1, 1), user=user),
        change_kind="new",
        user=user,
        now=NOW,
    )
    draft = _draft(user, name="Sửa đổi")

    with pytest.raises(DomainError):
        services.publish(
            version=draft,
            decision=_decision("2/QĐ-UBND", datetime.date(2025, 12, 1), user=user),
            change_kind="amended",
            user=user,
            now=NOW,
        )

    draft.refresh_from_db()
    assert draft.is_draft


def test_abolished_procedure_is_not_in_force(province):
    user = province.users.control_office
    services.publish(
        version=_draft(user),
        decision=_decision("1/QĐ-UBND", datetime.date(2026, 1, 1), user=user),
        change_kind="new",
        user=user,
        now=NOW,
    )
    abolition = _draft(user, status="abolished")

    services.publish(
        version=abolition,
        decision=_decision("2/QĐ-UBND", datetime.date(2026, 6, 1), user=user),
        change_kind=ChangeKind.ABOLISHED,
        user=user,
        now=NOW,
    )

    procedure = abolition.procedure
    assert selectors.version_in_force(procedure, on=datetime.date(2026, 5, 31)) is not None
    assert selectors.version_in_force(procedure, on=datetime.date(2026, 6, 1)) is None
    assert not selectors.search_versions(on=datetime.date(2026, 6, 1)).exists()
    assert selectors.record_of(selectors.latest_version(procedure)).status == "abolished"


def test_save_draft_needs_manage_catalog_over_the_implementing_agencies(province):
    with pytest.raises(PermissionDenied):
        _draft(province.users.control_construction)
    with pytest.raises(PermissionDenied):
        _draft(province.users.leader_justice)
    assert not ProcedureVersion.objects.exists()


def test_an_agency_cannot_take_over_another_agencys_procedure(province):
    _draft(province.users.control_justice)

    with pytest.raises(PermissionDenied):
        _draft(province.users.control_construction, agency="000.00.11.H99")


def test_save_draft_names_an_unknown_agency(province):
    with pytest.raises(ValidationFailed) as failure:
        _draft(province.users.control_office, agencies={"implementing": ["000.00.10.H99", "Sở Không Có"]})

    assert failure.value.details[0]["record"] == "1.000001"
    assert failure.value.details[0]["field"] == "agencies.implementing[1]"


def test_can_edit_follows_the_implementing_agencies(province):
    version = _draft(province.users.control_justice)

    assert selectors.can_edit(province.users.control_justice, version)
    assert selectors.can_edit(province.users.control_office, version)
    assert not selectors.can_edit(province.users.control_construction, version)
    assert not selectors.can_edit(province.users.specialist_justice, version)


def test_version_diff_lists_changed_fields(province):
    user = province.users.control_office
    first = services.publish(
        version=_draft(user),
        decision=_decision("1/QĐ-UBND", datetime.date(2026, 1, 1), user=user),
        change_kind="new",
        user=user,
        now=NOW,
    )
    second = _draft(
        user,
        channels=[{"channel": "in_person", "processing_time": 3, "time_unit": "working_days", "fee": 50000}],
        agencies={"implementing": ["000.00.10.H99"], "cooperating": ["000.00.11.H99"]},
        flags={"postal": True},
    )

    changes = {c.field: c for c in selectors.version_diff(first, second)}

    assert set(changes) == {"channels", "agencies.cooperating", "flags.postal"}
    assert changes["channels"].label == "Cách thức, thời hạn, phí"
    assert changes["channels"].old == "Trực tiếp: 5 ngày làm việc; phí: 50.000 đồng"
    assert changes["channels"].new == "Trực tiếp: 3 ngày làm việc; phí: 50.000 đồng"
    assert changes["agencies.cooperating"].new == "Sở Xây dựng (000.00.11.H99)"
    assert (changes["flags.postal"].old, changes["flags.postal"].new) == ("Không", "Có")


def test_the_first_versions_diff_lists_what_it_contains(province):
    version = _draft(province.users.control_justice)

    fields = [c.field for c in selectors.version_diff(None, version)]

    assert fields[:2] == ["code", "name"]
    assert "agencies.implementing" in fields
    assert "agencies.competent" not in fields  # nothing to show
