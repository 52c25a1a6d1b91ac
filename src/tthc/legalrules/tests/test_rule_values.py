import datetime

import pytest

from tthc.legalrules.models import RuleValue
from tthc.legalrules.selectors import rule_value

KEY = "catalog.decision_min_days_before_effect"


@pytest.mark.django_db
def test_default_applies_when_nothing_is_stored():
    assert rule_value(KEY, on=datetime.date(2026, 1, 1)) == 5


@pytest.mark.django_db
def test_a_new_value_applies_only_from_its_effective_date():
    RuleValue.objects.create(key=KEY, value=7, effective_from=datetime.date(2026, 7, 1))
    assert rule_value(KEY, on=datetime.date(2026, 6, 30)) == 5
    assert rule_value(KEY, on=datetime.date(2026, 7, 1)) == 7
