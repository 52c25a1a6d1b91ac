"""Publication decisions: recording them, and flagging those signed too close to their effective date."""

from __future__ import annotations

import datetime

import pytest

from tthc.catalog import selectors, services
from tthc.catalog.models import PublicationDecision
from tthc.catalog.tests.conftest import NOW
from tthc.core.errors import PermissionDenied, ValidationFailed
from tthc.legalrules.models import RuleValue

pytestmark = pytest.mark.django_db


def _decision(signed_on: datetime.date, effective_on: datetime.date) -> PublicationDecision:
    return PublicationDecision(number="1/QĐ-UBND", signed_on=signed_on, signer="A", effective_on=effective_on)


def test_decision_signed_less_than_five_days_before_effect_is_flagged():
    effective = datetime.date(2026, 2, 10)

    assert selectors.decision_signed_late(_decision(datetime.date(2026, 2, 6), effective))  # 4 days before
    assert not selectors.decision_signed_late(
        _decision(datetime.date(2026, 2, 5), effective)
    )  # 5 days before
    assert selectors.decision_signed_late(_decision(datetime.date(2026, 2, 12), effective))  # after the date


def test_rule_change_moves_the_late_decision_threshold():
    RuleValue.objects.create(
        key="catalog.decision_min_days_before_effect", value=3, effective_from="2026-01-01"
    )

    # Four days before effect: late under the default rule (5), in time under the new one (3).
    assert selectors.decision_signed_late(_decision(datetime.date(2025, 12, 20), datetime.date(2025, 12, 24)))
    assert not selectors.decision_signed_late(
        _decision(datetime.date(2026, 2, 6), datetime.date(2026, 2, 10))
    )
    assert selectors.decision_signed_late(_decision(datetime.date(2026, 2, 8), datetime.date(2026, 2, 10)))


def test_an_explicit_minimum_overrides_the_rule():
    decision = _decision(datetime.date(2026, 2, 6), datetime.date(2026, 2, 10))

    assert not selectors.decision_signed_late(decision, min_days=4)
    assert selectors.decision_signed_late(decision, min_days=5)


def test_a_late_decision_is_recorded_all_the_same(province):
    decision = services.create_decision(
        number=" 15/QĐ-UBND ",
        signed_on=datetime.date(2026, 2, 9),
        signer="Nguyễn Văn An",
        effective_on=datetime.date(2026, 2, 10),
        summary="Công bố TTHC lĩnh vực hộ tịch",
        user=province.users.control_justice,
        now=NOW,
    )

    assert decision.number == "15/QĐ-UBND"
    assert decision.created_by == province.users.control_justice
    assert selectors.decision_signed_late(decision)


def test_a_decision_number_is_recorded_once(province):
    arguments = dict(
        number="15/QĐ-UBND",
        signed_on=datetime.date(2026, 2, 1),
        signer="Nguyễn Văn An",
        effective_on=datetime.date(2026, 2, 10),
        user=province.users.control_office,
        now=NOW,
    )
    services.create_decision(**arguments)

    with pytest.raises(ValidationFailed) as failure:
        services.create_decision(**arguments)

    assert failure.value.details[0]["field"] == "number"
    assert PublicationDecision.objects.count() == 1


def test_recording_a_decision_needs_the_catalog_permission(province):
    with pytest.raises(PermissionDenied):
        services.create_decision(
            number="15/QĐ-UBND",
            signed_on=datetime.date(2026, 2, 1),
            signer="Nguyễn Văn An",
            effective_on=datetime.date(2026, 2, 10),
            user=province.users.specialist_justice,
            now=NOW,
        )
    assert not PublicationDecision.objects.exists()
