"""A dossier's status at the end of a past period, rebuilt from its append-only history (RULES.md §1:
finished before / on / after the due date; in progress within time or late; paused), as the periodic reports
read it — whatever happened to the dossier after that instant."""

from __future__ import annotations

import pytest

from tthc.dossiers import selectors, services, workflow
from tthc.dossiers.models import Dossier, Status
from tthc.dossiers.tests.helpers import MONDAY, applicant, at, intake, receive

pytestmark = pytest.mark.django_db

PEOPLE = iter(f"04519000{n:04d}" for n in range(1, 100))


def act(dossier, action, user, now, **payload):
    return workflow.perform(dossier=dossier, action=action, user=user, now=now, **payload)


def processing(one_stop, now=MONDAY):
    users = one_stop.users
    dossier = receive(one_stop, now=now, applicant=applicant(identifier=next(PEOPLE)))
    dossier = act(dossier, "forward", users.desk_centre, now)
    return act(dossier, "assign", users.specialist_justice, now)  # due Monday 9 March 09:00


def test_a_dossier_approved_early_was_in_progress_before_and_early_after(one_stop):
    users = one_stop.users
    dossier = processing(one_stop)
    dossier = act(dossier, "appraise", users.specialist_justice, at("2026-03-03"))
    act(dossier, "approve", users.approver_justice, at("2026-03-04"))
    assert selectors.outcome_at(dossier, at=at("2026-03-03", "17:00")) == "in_progress_on_time"
    assert selectors.outcome_at(dossier, at=at("2026-03-31", "17:00")) == "early"


def test_an_unfinished_dossier_turns_late_after_its_due_instant(one_stop):
    dossier = processing(one_stop)
    assert selectors.outcome_at(dossier, at=at("2026-03-06", "17:00")) == "in_progress_on_time"
    assert selectors.outcome_at(dossier, at=at("2026-03-10", "17:00")) == "in_progress_late"


def test_a_paused_dossier_is_paused_then_counted_against_its_new_due(one_stop):
    users = one_stop.users
    dossier = processing(one_stop)
    dossier = act(dossier, "request_supplement", users.specialist_justice, at("2026-03-03"), reason="Thiếu")
    act(dossier, "receive_supplement", users.desk_centre, at("2026-03-16"))  # restarts: due 23 March
    assert selectors.outcome_at(dossier, at=at("2026-03-10", "17:00")) == "paused"
    assert selectors.outcome_at(dossier, at=at("2026-03-17", "17:00")) == "in_progress_on_time"
    assert selectors.outcome_at(dossier, at=at("2026-03-24", "17:00")) == "in_progress_late"


def test_an_apology_moves_the_due_the_period_is_judged_by(one_stop):
    dossier = processing(one_stop)
    act(
        dossier,
        "apologise",
        one_stop.users.specialist_justice,
        at("2026-03-04"),
        reason="Chờ xác minh",
        new_due_at=at("2026-03-16", "16:00"),
    )
    assert selectors.outcome_at(dossier, at=at("2026-03-10", "17:00")) == "in_progress_on_time"
    # Before the apology was sent, the old due applied: still within time on 3 March.
    assert selectors.outcome_at(dossier, at=at("2026-03-03", "17:00")) == "in_progress_on_time"


def test_a_withdrawn_dossier_counts_as_withdrawn_only_from_its_withdrawal(one_stop):
    dossier = processing(one_stop)
    act(dossier, "withdraw", one_stop.users.desk_centre, at("2026-03-04"), reason="Công dân rút")
    assert selectors.outcome_at(dossier, at=at("2026-03-03", "17:00")) == "in_progress_on_time"
    assert selectors.outcome_at(dossier, at=at("2026-03-05", "17:00")) == "withdrawn"


def test_dossiers_not_received_by_the_instant_have_no_status(one_stop):
    later = receive(one_stop, now=at("2026-03-20"), applicant=applicant(identifier=next(PEOPLE)))
    guided = services.receive(
        intake=intake(one_stop.procedure_code, documents=[]),
        desk=one_stop.centre,
        user=one_stop.users.desk_centre,
        now=MONDAY,
        outcome=Status.GUIDED,
        missing=["Tờ khai"],
    )
    online = services.submit_online(intake=intake(one_stop.procedure_code), now=MONDAY)
    end = at("2026-03-14", "17:00")
    assert selectors.outcome_at(later, at=end) is None
    assert selectors.outcome_at(guided, at=end) is None
    assert selectors.outcome_at(online, at=end) is None, "submitted online, never accepted"


def test_the_status_of_many_dossiers_at_an_instant_takes_two_queries(one_stop, django_assert_num_queries):
    users = one_stop.users
    early = processing(one_stop)
    early = act(early, "appraise", users.specialist_justice, at("2026-03-03"))
    act(early, "approve", users.approver_justice, at("2026-03-04"))
    late = processing(one_stop)
    refused = processing(one_stop)
    act(refused, "refuse", users.approver_justice, at("2026-03-09", "08:00"), reason="Không đủ điều kiện")
    with django_assert_num_queries(2):
        outcomes = selectors.outcomes_at(Dossier.objects.all(), at=at("2026-03-14", "17:00"))
    assert outcomes == {early.pk: "early", late.pk: "in_progress_late", refused.pk: "on_time"}
