"""Reading the rule in force on a date."""

import datetime

from tthc.legalrules.catalogue import DEFINITIONS
from tthc.legalrules.models import RuleValue


def rule_value(key: str, *, on: datetime.date):
    """The value of rule ``key`` in force on ``on``: the latest stored value up to it, else the default."""
    definition = DEFINITIONS[key]
    stored = (
        RuleValue.objects.filter(key=key, effective_from__lte=on)
        .order_by("-effective_from")
        .values("value")
        .first()
    )
    return stored["value"] if stored else definition.default


def rule_set(prefix: str, *, on: datetime.date) -> dict:
    """Every rule whose key starts with ``prefix`` as {key: value in force on ``on``}, in one query."""
    values = {key: d.default for key, d in DEFINITIONS.items() if key.startswith(prefix)}
    stored = RuleValue.objects.filter(key__startswith=prefix, effective_from__lte=on).order_by(
        "effective_from"
    )
    for key, value in stored.values_list("key", "value"):
        if key in values:
            values[key] = value
    return values
