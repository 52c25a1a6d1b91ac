"""Demo dossiers: ``tthc demo load`` makes dossiers in every state a demo user meets, once."""

import datetime
import re

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from tthc.core.timezone import VIETNAM
from tthc.dossiers.demo import SCENARIOS, demo_dossiers
from tthc.dossiers.models import Dossier, DossierEvent, InternalProcess, Rating, Status
from tthc.dossiers.selectors import inbox, outcome_of
from tthc.organisation.models import User

# A Wednesday morning, and a Sunday (the demo counts working days back from either).
WEDNESDAY = datetime.datetime(2026, 3, 4, 9, 30, tzinfo=VIETNAM)
SUNDAY = datetime.datetime(2026, 11, 22, 14, 0, tzinfo=VIETNAM)


def _load_twice(when):
    with time_machine.travel(when, tick=False):
        call_command("demo", "load", verbosity=0)
        first = Dossier.objects.count(), DossierEvent.objects.count()
        call_command("demo", "load", verbosity=0)
        second = Dossier.objects.count(), DossierEvent.objects.count()
    return first, second


@pytest.mark.django_db
def test_demo_load_makes_dossiers_in_every_state_and_a_second_run_creates_nothing():
    first, second = _load_twice(WEDNESDAY)

    assert first == second
    demo = demo_dossiers()
    assert demo.count() == len(SCENARIOS) >= 30
    states = set(demo.values_list("status", flat=True))
    assert {
        Status.RECEIVED,
        Status.FORWARDED,
        Status.PROCESSING,
        Status.APPRAISED,
        Status.AWAITING_SUPPLEMENT,
        Status.APPROVED,
        Status.RESULT_READY,
        Status.RETURNED,
        Status.GUIDED,
        Status.REFUSED_AT_INTAKE,
        Status.WITHDRAWN,
    } <= states
    assert Rating.objects.filter(dossier__in=demo).count() >= 3
    assert demo.filter(reschedules=1).count() == 1, "one dossier apologised for, with a new date"
    assert InternalProcess.objects.filter(procedure__code="1.001071").get().steps.count() == 4


@pytest.mark.django_db
def test_demo_has_a_late_dossier_and_one_finished_late_by_the_legal_clock():
    _load_twice(WEDNESDAY)
    now = WEDNESDAY
    outcomes = [outcome_of(d, at=now) for d in demo_dossiers()]

    assert "in_progress_late" in outcomes
    assert "late" in outcomes
    assert "paused" in outcomes
    assert "in_progress_on_time" in outcomes


@pytest.mark.django_db
def test_demo_dossiers_never_happen_after_the_load_and_reach_the_demo_users_inbox():
    _load_twice(SUNDAY)

    assert not DossierEvent.objects.filter(at__gt=SUNDAY).exists()
    specialist = User.objects.get(username="chuyenvien")
    assert inbox(specialist, now=SUNDAY).exists()
    assert demo_dossiers().count() == len(SCENARIOS)
    assert timezone.is_aware(Dossier.objects.first().received_at)


def _management_forms(page: str) -> dict[str, str]:
    """The inline formsets' management fields of an admin change page, as the browser would send them."""
    return dict(re.findall(r'name="([\w-]+-(?:TOTAL|INITIAL|MIN_NUM|MAX_NUM)_FORMS)" value="(\d*)"', page))


@pytest.fixture
def superuser_client(client):
    client.force_login(User.objects.create_superuser(username="root", password="x" * 12))
    return client


@pytest.mark.django_db
def test_admin_shows_demo_dossiers_with_their_history_read_only(superuser_client):
    _load_twice(WEDNESDAY)
    dossier = Dossier.objects.filter(status=Status.RETURNED, rating__isnull=False).first()
    process = InternalProcess.objects.get()
    pages = [
        reverse("admin:dossiers_dossier_changelist"),
        reverse("admin:dossiers_dossier_change", args=[dossier.pk]),
        reverse("admin:dossiers_applicant_changelist"),
        reverse("admin:dossiers_applicant_change", args=[dossier.applicant_id]),
        reverse("admin:dossiers_payment_changelist"),
        reverse("admin:dossiers_rating_changelist"),
        reverse("admin:dossiers_internalprocess_changelist"),
        reverse("admin:dossiers_internalprocess_change", args=[process.pk]),
    ]
    for url in pages:
        assert superuser_client.get(url).status_code == 200, url
    page = superuser_client.get(pages[1]).content.decode()
    assert dossier.code in page
    assert "return_result" in page, "the timeline (form 05) is shown"

    status_before = dossier.status
    events_before = dossier.events.count()
    response = superuser_client.post(
        pages[1], {**_management_forms(page), "note": "Ghi chú", "status": Status.RECEIVED}
    )
    dossier.refresh_from_db()
    assert response.status_code == 302
    assert (dossier.status, dossier.note, dossier.events.count()) == (status_before, "Ghi chú", events_before)
    assert superuser_client.get(reverse("admin:dossiers_dossier_add")).status_code == 403
    assert (
        superuser_client.post(reverse("admin:dossiers_dossier_delete", args=[dossier.pk])).status_code == 403
    )
    rating = Rating.objects.first()
    assert superuser_client.post(reverse("admin:dossiers_rating_delete", args=[rating.pk])).status_code == 403


@pytest.mark.django_db
def test_internal_process_steps_must_share_the_whole_time_limit(superuser_client):
    _load_twice(WEDNESDAY)
    process = InternalProcess.objects.get()
    steps = list(process.steps.all())
    data = {
        "procedure": process.procedure_id,
        "agency": process.agency_id,
        "decision": process.decision,
        "approved_on": process.approved_on.isoformat(),
        "steps-TOTAL_FORMS": str(len(steps)),
        "steps-INITIAL_FORMS": str(len(steps)),
        "steps-MIN_NUM_FORMS": "0",
        "steps-MAX_NUM_FORMS": "1000",
    }
    for i, step in enumerate(steps):
        data.update(
            {
                f"steps-{i}-id": str(step.pk),
                f"steps-{i}-process": str(process.pk),
                f"steps-{i}-position": str(step.position),
                f"steps-{i}-name": step.name,
                f"steps-{i}-kind": step.kind,
                f"steps-{i}-agency": str(step.agency_id or ""),
                f"steps-{i}-role": step.role,
                f"steps-{i}-share_percent": str(step.share_percent + (10 if i == 0 else 0)),
            }
        )
    url = reverse("admin:dossiers_internalprocess_change", args=[process.pk])

    response = superuser_client.post(url, data)

    assert response.status_code == 200
    assert "Tổng tỷ lệ thời hạn của các bước phải bằng 100% (hiện là 110%)" in response.content.decode()
    assert sorted(process.steps.values_list("share_percent", flat=True)) == sorted(
        s.share_percent for s in steps
    )
