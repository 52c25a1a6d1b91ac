"""The demo province gets its plan with some progress reported; loading again changes nothing."""

import datetime
import time

import pytest

from tthc.core.timezone import VIETNAM
from tthc.demo.services import load_demo
from tthc.plans.demo import load_demo_data
from tthc.plans.models import Plan, ProgressReport

NOW = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=VIETNAM)


@pytest.fixture(autouse=True)
def _media(media):
    """The files the demo attaches go to a folder of the test, not the project's var/media."""
    return media


@pytest.mark.django_db
def test_the_demo_plan_is_imported_with_progress_and_loaded_once():
    load_demo(now=NOW)

    plan = Plan.objects.get()
    assert plan.year == 2026
    assert plan.decision_number == "77/QĐ-UBND"
    assert plan.tasks.count() == 39
    assert ProgressReport.objects.count() == 3
    justice_report = ProgressReport.objects.get(agency__code="000.00.10.H45")
    assert justice_report.reported_by.username == "kiemsoattp"
    # The departments group and the renamed departments were matched to the demo's agencies.
    assert plan.tasks.get(group__number="VIII", number="4").lead_agencies.get().code == "000.00.19.H45"

    started = time.perf_counter()
    again = load_demo_data(now=NOW + datetime.timedelta(days=400))
    assert time.perf_counter() - started < 2
    assert (again.created, again.unchanged) == (0, 1)
    assert Plan.objects.count() == 1
