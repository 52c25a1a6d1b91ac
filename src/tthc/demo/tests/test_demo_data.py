"""The demo data files themselves: pure checks, no database."""

import datetime
import re
from collections import Counter

import pytest
from django.contrib.auth.password_validation import validate_password

from tthc.catalog.records import ProcedureRecord
from tthc.core.folding import fold
from tthc.demo.services import DEMO_PASSWORD, agency_specs, procedure_records, user_specs
from tthc.organisation.models import Agency, Role, User

UNIT_CODE = re.compile(r"^\d{3}\.\d{2}\.\d{2}\.H45$")


def test_demo_procedures_all_validate_against_the_record_schema():
    records = procedure_records()

    parsed = [ProcedureRecord.model_validate(raw) for raw in records]

    codes = [r.code for r in parsed]
    assert len(codes) == len(set(codes))
    assert len(parsed) >= 80
    assert len({f.code for r in parsed for f in r.fields}) >= 10
    assert {r.online_level for r in parsed} == {"none", "partly", "fully"}
    assert {c.time_unit for r in parsed for c in r.channels} == {
        "working_days",
        "working_hours",
        "calendar_days",
    }
    assert any(r.code.endswith(".H45") for r in parsed), "a few local procedures carry the province suffix"


def test_demo_procedures_use_the_two_level_shape():
    levels = Counter(level for raw in procedure_records() for level in raw["levels"])

    assert set(levels) <= {"province", "commune"}
    assert levels["province"] and levels["commune"]


def test_demo_procedures_name_only_agencies_of_the_demo_province():
    codes = {a["code"] for a in agency_specs()}

    named = {code for raw in procedure_records() for part in raw["agencies"].values() for code in part}

    assert named <= codes


def test_searching_khai_sinh_finds_two_or_three_demo_procedures():
    names = [fold(raw["name"]) for raw in procedure_records()]

    assert 2 <= sum("khai sinh" in name for name in names) <= 3


def test_demo_decisions_agree_by_number_and_one_is_signed_less_than_five_days_before_effect():
    decisions = [raw["decision"] for raw in procedure_records() if raw["decision"]]
    by_number = {}
    for d in decisions:
        by_number.setdefault(d["number"], d)
        assert by_number[d["number"]] == d, f"decision {d['number']} differs between records"

    gaps = [
        (datetime.date.fromisoformat(d["effective_on"]) - datetime.date.fromisoformat(d["signed_on"])).days
        for d in by_number.values()
    ]

    assert len(decisions) > len(procedure_records()) / 2, "most records carry a publication decision"
    assert min(gaps) < 5 <= max(gaps)


def test_demo_agencies_have_unique_national_unit_codes_and_parents_declared_first():
    seen = set()
    for spec in agency_specs():
        assert UNIT_CODE.match(spec["code"]), spec["code"]
        assert spec["code"] not in seen
        assert spec["parent"] is None or spec["parent"] in seen, f"{spec['code']} before its parent"
        assert spec["kind"] in Agency.Kind.values
        seen.add(spec["code"])


def test_demo_users_cover_every_role_and_name_known_agencies():
    codes = {a["code"] for a in agency_specs()}
    roles = [role for spec in user_specs() for role in spec["roles"]]

    assert {r["role"] for r in roles} == set(Role.values)
    assert {r["agency"] for r in roles} <= codes
    assert [s["username"] for s in user_specs() if s["superuser"]] == ["quantri"]


@pytest.mark.parametrize("spec", user_specs(), ids=lambda s: s["username"])
def test_demo_password_passes_the_password_validators(spec):
    user = User(username=spec["username"], email=spec["email"], full_name=spec["full_name"])

    validate_password(DEMO_PASSWORD, user=user)
