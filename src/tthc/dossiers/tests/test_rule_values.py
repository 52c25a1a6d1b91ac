"""The dossier rules are checked per key where they are declared: a value the logic cannot use is refused
when an administrator stores it, with a Vietnamese message, instead of failing later as a server error."""

from __future__ import annotations

import datetime

import pytest

from tthc.legalrules.admin import RuleValueForm
from tthc.legalrules.catalogue import InvalidRuleValue, check_value


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("dossier.supplement_mode", "foo", "chỉ được chọn: «restart», «continue»"),
        ("dossier.forwarding_cutoff", "3pm", "viết theo dạng HH:MM"),
        ("dossier.forwarding_cutoff", "25:00", "viết theo dạng HH:MM"),
        ("dossier.max_reschedules", -1, "không được nhỏ hơn 0"),
        ("dossier.max_reschedules", True, "phải là số nguyên"),
        ("dossier.warning_working_hours", "8", "phải là số nguyên"),
    ],
)
def test_a_rule_value_the_logic_cannot_use_is_refused(key, value, message):
    with pytest.raises(InvalidRuleValue, match=message):
        check_value(key, value)


def test_usable_rule_values_pass():
    assert check_value("dossier.supplement_mode", "continue") == "continue"
    assert check_value("dossier.forwarding_cutoff", "16:30") == "16:30"
    assert check_value("dossier.max_reschedules", 0) == 0


@pytest.mark.django_db
def test_admin_form_refuses_a_malformed_cutoff_in_vietnamese():
    form = RuleValueForm(
        data={
            "key": "dossier.forwarding_cutoff",
            "value": '"3pm"',
            "effective_from": datetime.date(2026, 7, 1),
        }
    )
    assert not form.is_valid()
    assert "viết theo dạng HH:MM" in form.errors["value"][0]
