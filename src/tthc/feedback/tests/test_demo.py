"""The demo province gets a handful of feedback cases in every state; loading again changes nothing."""

import datetime

import pytest

from tthc.demo.services import load_demo
from tthc.feedback.demo import CASES, load_demo_data
from tthc.feedback.models import Feedback, Status
from tthc.feedback.tests.conftest import NOW


@pytest.mark.django_db
def test_demo_feedback_covers_every_state_and_loads_once():
    load_demo(now=NOW)

    states = set(Feedback.objects.values_list("status", flat=True))
    assert states == {
        Status.RECEIVED,
        Status.PROCESSING,
        Status.AWAITING_APPROVAL,
        Status.ANSWERED,
        Status.NOT_ACCEPTED,
        Status.MERGED,
    }
    answered = Feedback.objects.get(status=Status.ANSWERED)
    assert answered.agency.code == "000.00.10.H45" and answered.published_at is not None
    assert answered.sender_phone not in answered.public_answer

    again = load_demo_data(now=NOW + datetime.timedelta(days=30))
    assert (again.created, again.unchanged) == (0, len(CASES))
    assert Feedback.objects.count() == len(CASES)
