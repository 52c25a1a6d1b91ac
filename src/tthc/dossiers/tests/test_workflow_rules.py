"""The workflow's rules beyond a single move: one supplement request, the apology's new date on the calendar,
the stale marks of an earlier due, the steps of an approved internal process, only the moves whose guard would
pass, the history kept append-only, and the rule values pinned on the dossier with their effective dates."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection

from tthc.core.errors import PermissionDenied, ValidationFailed
from tthc.core.ticks import run_ticks
from tthc.dossiers import processes, selectors, services, workflow
from tthc.dossiers.calendars import calendar_around
from tthc.dossiers.models import Dossier, DossierEvent, Status
from tthc.dossiers.tests.helpers import MONDAY, at, intake, receive
from tthc.legalrules.models import RuleValue
from tthc.notifications.models import Notification
from tthc.organisation.models import Role
from tthc.testing.factories import staff
from tthc.workcalendar.arithmetic import working_time_between

pytestmark = pytest.mark.django_db
HOUR = datetime.timedelta(hours=1)


def act(dossier, action, user, now, **payload):
    return workflow.perform(dossier=dossier, action=action, user=user, now=now, **payload)


def processing(one_stop, now=MONDAY, **overrides):
    users = one_stop.users
    dossier = act(receive(one_stop, now=now, **overrides), "forward", users.desk_centre, now)
    return act(dossier, "assign", users.specialist_justice, now)


def allowed(dossier, user, now) -> set[str]:
    dossier = Dossier.objects.get(pk=dossier.pk)
    return {t.action for t in workflow.allowed_actions(dossier, user, now=now)}


# --- supplements: once, completely ------------------------------------------------------------------------


def test_second_supplement_request_is_refused(one_stop):
    users = one_stop.users
    dossier = processing(one_stop)
    dossier = act(
        dossier, "request_supplement", users.specialist_justice, at("2026-03-03"), reason="Thiếu ảnh"
    )
    dossier = act(dossier, "receive_supplement", users.desk_centre, at("2026-03-04"))
    with pytest.raises(workflow.TransitionRefused, match="yêu cầu bổ sung hồ sơ 1 lần") as error:
        act(
            dossier,
            "request_supplement",
            users.specialist_justice,
            at("2026-03-04", "10:00"),
            reason="Thiếu tờ khai",
        )
    assert error.value.code == "second_supplement"
    dossier.refresh_from_db()
    assert dossier.status == Status.PROCESSING and dossier.paused_at is None
    assert dossier.events.filter(action="request_supplement").count() == 1


def test_a_rule_set_allowing_two_supplement_requests_allows_the_second(one_stop):
    RuleValue.objects.create(
        key="dossier.max_supplement_requests", value=2, effective_from=datetime.date(2026, 3, 1)
    )
    users = one_stop.users
    dossier = processing(one_stop)
    dossier = act(
        dossier, "request_supplement", users.specialist_justice, at("2026-03-03"), reason="Thiếu ảnh"
    )
    dossier = act(dossier, "receive_supplement", users.desk_centre, at("2026-03-04"))
    dossier = act(
        dossier,
        "request_supplement",
        users.specialist_justice,
        at("2026-03-04", "10:00"),
        reason="Thiếu tờ khai",
    )
    assert dossier.status == Status.AWAITING_SUPPLEMENT


# --- only the moves that would pass are offered -------------------------------------------------------------


def test_request_supplement_is_no_longer_offered_after_three_working_days(one_stop):
    dossier = processing(one_stop)
    specialist = one_stop.users.specialist_justice
    assert "request_supplement" in allowed(dossier, specialist, at("2026-03-05", "09:00"))
    assert "request_supplement" not in allowed(dossier, specialist, at("2026-03-05", "09:01"))


def test_apologise_is_no_longer_offered_after_the_one_reschedule(one_stop):
    dossier = processing(one_stop)
    specialist = one_stop.users.specialist_justice
    assert "apologise" in allowed(dossier, specialist, at("2026-03-03"))
    act(
        dossier,
        "apologise",
        specialist,
        at("2026-03-03"),
        reason="Chờ xác minh",
        new_due_at=at("2026-03-16", "16:30"),
    )
    assert "apologise" not in allowed(dossier, specialist, at("2026-03-04"))
    assert "appraise" in allowed(dossier, specialist, at("2026-03-04"))


def test_an_incomplete_online_dossier_is_offered_for_guidance_not_acceptance(one_stop):
    from tthc.dossiers.services import DocumentGiven

    dossier = services.submit_online(
        intake=intake(one_stop.procedure_code, documents=[DocumentGiven(position=0)]), now=MONDAY
    )
    actions = allowed(dossier, one_stop.users.desk_centre, MONDAY)
    assert "accept" not in actions and {"guide", "refuse_intake"} <= actions
    with pytest.raises(ValidationFailed, match="chưa đủ thành phần"):
        act(dossier, "accept", one_stop.users.desk_centre, MONDAY)


# --- the apology's new date ---------------------------------------------------------------------------------


def test_apology_new_date_must_be_a_working_instant_after_the_current_due(one_stop):
    dossier = processing(one_stop)
    specialist = one_stop.users.specialist_justice
    for refused in (at("2026-03-15", "03:00"), at("2026-03-16", "03:00"), at("2026-03-16", "12:00")):
        with pytest.raises(ValidationFailed, match="không phải là thời gian làm việc"):
            act(dossier, "apologise", specialist, at("2026-03-03"), reason="Chờ xác minh", new_due_at=refused)
    dossier = act(
        dossier,
        "apologise",
        specialist,
        at("2026-03-03"),
        reason="Chờ xác minh",
        new_due_at=at("2026-03-13", "17:00"),
    )
    assert dossier.due_at == at("2026-03-13", "17:00") and dossier.reschedules == 1


# --- a new due instant leaves nothing stale ----------------------------------------------------------------


def test_an_apology_clears_the_marks_of_the_old_due_and_relays_the_steps_by_their_shares(one_stop):
    dossier = processing(one_stop)
    run_ticks(now=at("2026-03-06", "09:00"), only=["dossiers"])  # 8 working hours left: warned
    dossier.refresh_from_db()
    assert dossier.warned_at is not None
    new_due = at("2026-03-23", "11:00")  # 90 working hours after Friday 6 March 09:00
    now = at("2026-03-06", "09:00")
    dossier = act(
        dossier,
        "apologise",
        one_stop.users.specialist_justice,
        now,
        reason="Chờ xác minh",
        new_due_at=new_due,
    )
    assert (dossier.warned_at, dossier.late_marked_at, dossier.apology_proposed_at) == (None, None, None)
    calendar = calendar_around(dossier.competent_agency, now)
    assert dossier.warn_at == at("2026-03-20", "11:00")  # 8 working hours before the new due
    open_steps = list(dossier.steps.filter(finished_at__isnull=True))
    # Appraise 60, approve 20, return 10: the 90 working hours left by their shares, not in equal parts.
    assert [s.name for s in open_steps] == ["Thẩm định hồ sơ", "Phê duyệt kết quả", "Trả kết quả"]
    assert working_time_between(now, open_steps[0].due_at, calendar=calendar) == 60 * HOUR
    assert working_time_between(now, open_steps[1].due_at, calendar=calendar) == 80 * HOUR
    assert open_steps[2].due_at == new_due
    event = dossier.events.get(action="apologise")
    assert [s["position"] for s in event.data["steps"]] == [2, 3, 4], "the new step dues are history"
    # The tick warns again before the new due, once.
    assert run_ticks(now=at("2026-03-20", "11:30"), only=["dossiers"])["dossiers"]["warned"] == 1


def test_a_completed_supplement_clears_the_warning_of_the_old_due(one_stop):
    users = one_stop.users
    dossier = services.receive(
        intake=intake(one_stop.commune_procedure_code),
        desk=one_stop.commune_a,
        user=users.desk_commune_a,
        now=MONDAY,
    )  # 3 working days: due Thursday 09:00
    specialist = staff(Role.SPECIALIST, one_stop.commune_a, username="specialist_commune_a")
    dossier = act(dossier, "forward", users.desk_commune_a, MONDAY)
    dossier = act(dossier, "assign", specialist, MONDAY)
    assert run_ticks(now=at("2026-03-04", "10:00"), only=["dossiers"])["dossiers"]["warned"] == 1
    dossier = act(
        dossier, "request_supplement", specialist, at("2026-03-04", "11:00"), reason="Thiếu giấy chứng sinh"
    )
    dossier = act(dossier, "receive_supplement", users.desk_commune_a, at("2026-03-16", "09:00"))
    assert dossier.due_at == at("2026-03-19", "09:00") and dossier.warned_at is None
    assert run_ticks(now=at("2026-03-18", "10:00"), only=["dossiers"])["dossiers"]["warned"] == 1


# --- the apology proposal -----------------------------------------------------------------------------------


def test_apology_is_proposed_only_for_a_dossier_that_will_be_late(one_stop):
    dossier = processing(one_stop)  # appraisal step due Thursday 15:00, the dossier Monday 9 March 09:00
    # Thursday 10:00: 15 working hours left, but the appraisal is not behind its own due.
    assert run_ticks(now=at("2026-03-05", "10:00"), only=["dossiers"])["dossiers"]["apology_proposed"] == 0
    # Thursday 16:00: the appraisal is past its due with 11 working hours left: it will be late.
    assert run_ticks(now=at("2026-03-05", "16:00"), only=["dossiers"])["dossiers"]["apology_proposed"] == 1
    assert run_ticks(now=at("2026-03-05", "16:30"), only=["dossiers"])["dossiers"]["apology_proposed"] == 0
    assert dossier.events.filter(action="apology_proposed").count() == 1


def test_an_apology_is_still_accepted_after_the_proposal(one_stop):
    dossier = processing(one_stop)
    run_ticks(now=at("2026-03-05", "16:00"), only=["dossiers"])
    dossier.refresh_from_db()
    proposed = dossier.apology_proposed_at
    assert proposed == at("2026-03-05", "16:00")
    dossier = act(
        dossier,
        "apologise",
        one_stop.users.specialist_justice,
        proposed + HOUR,
        reason="Chờ xác minh tại cơ quan công an",
        new_due_at=at("2026-03-13", "16:30"),
    )
    assert dossier.reschedules == 1


def test_no_apology_is_proposed_for_a_dossier_on_schedule(one_stop):
    dossier = processing(one_stop)
    act(dossier, "appraise", one_stop.users.specialist_justice, at("2026-03-04"))
    # Approval step due Friday 15:00: Thursday 16:00 is within the window but nothing is behind.
    assert run_ticks(now=at("2026-03-05", "16:00"), only=["dossiers"])["dossiers"]["apology_proposed"] == 0


# --- the late consultation reaches the head of the desk -----------------------------------------------------


def test_a_late_consultation_is_told_to_the_head_of_the_desk_and_the_assignee(one_stop):
    users = one_stop.users
    head = staff(Role.APPROVER, one_stop.centre, username="head_centre")
    head.email, users.specialist_justice.email, users.desk_centre.email = (
        "giamdoc@ttpvhcc.vn",
        "cv@stp.vn",
        "mc@tt.vn",
    )
    for user in (head, users.specialist_justice, users.desk_centre):
        user.save()
    dossier = processing(one_stop)
    act(
        dossier,
        "request_consultation",
        users.specialist_justice,
        MONDAY,
        reason="Ý kiến?",
        agency=one_stop.construction,
    )
    run_ticks(now=at("2026-03-05", "10:00"), only=["dossiers"])
    told = set(
        Notification.objects.filter(subject__contains="Xin ý kiến").values_list("recipient", flat=True)
    )
    assert told == {"giamdoc@ttpvhcc.vn", "cv@stp.vn"}


def test_without_a_head_at_the_desk_the_late_consultation_goes_to_the_agency_above(one_stop):
    users = one_stop.users
    chairman = staff(Role.LEADER, one_stop.committee, username="chairman")
    chairman.email = "chutich@ubnd.vn"
    chairman.save()
    dossier = processing(one_stop)
    act(
        dossier,
        "request_consultation",
        users.specialist_justice,
        MONDAY,
        reason="Ý kiến?",
        agency=one_stop.construction,
    )
    run_ticks(now=at("2026-03-05", "10:00"), only=["dossiers"])
    told = set(
        Notification.objects.filter(subject__contains="Xin ý kiến").values_list("recipient", flat=True)
    )
    assert "chutich@ubnd.vn" in told
    assert dossier.events.get(action="consultation_late").data["told"] == ["chutich@ubnd.vn"]


def test_the_consulted_agency_finds_its_pending_consultation_in_its_inbox(one_stop):
    users = one_stop.users
    dossier = processing(one_stop)
    assert not selectors.inbox(users.specialist_construction, now=MONDAY).exists()
    act(
        dossier,
        "request_consultation",
        users.specialist_justice,
        MONDAY,
        reason="Ý kiến?",
        agency=one_stop.construction,
    )
    rows = list(selectors.inbox(users.specialist_construction, now=MONDAY))
    assert [(d.code, d.awaiting_opinion) for d in rows] == [(dossier.code, True)]
    act(dossier, "answer_consultation", users.specialist_construction, at("2026-03-03"), reason="Đồng ý")
    assert not selectors.inbox(users.specialist_construction, now=MONDAY).exists()


# --- the approved internal process decides who performs each step -------------------------------------------


def two_appraisals(one_stop, *, approve_at=None):
    """Appraisal at Sở Tư pháp, then at Sở Xây dựng, approval (by an approver), return at the desk."""
    version = services.procedure_in_force(one_stop.procedure_code, on=MONDAY.date())
    steps = [
        processes.StepData(name="Tiếp nhận", kind="receive", role=Role.DESK_OFFICER, share_percent=10),
        processes.StepData(
            name="Thẩm định tại Sở Tư pháp", kind="appraise", role=Role.SPECIALIST, share_percent=30
        ),
        processes.StepData(
            name="Thẩm định tại Sở Xây dựng",
            kind="appraise",
            role=Role.SPECIALIST,
            share_percent=30,
            agency_id=one_stop.construction.pk,
        ),
        processes.StepData(
            name="Phê duyệt",
            kind="approve",
            role=Role.APPROVER,
            share_percent=20,
            agency_id=approve_at.pk if approve_at else None,
        ),
        processes.StepData(name="Trả kết quả", kind="return", role=Role.DESK_OFFICER, share_percent=10),
    ]
    processes.save_process(
        version=version, agency=one_stop.justice, steps=steps, user=one_stop.users.admin_office
    )


def test_each_step_is_performed_by_its_configured_agency_in_order(one_stop):
    two_appraisals(one_stop)
    users = one_stop.users
    dossier = processing(one_stop)
    assert dossier.steps.get(position=1).agency == one_stop.centre, "receiving is the desk's step"
    dossier = act(dossier, "appraise", users.specialist_justice, at("2026-03-03"))
    assert dossier.status == Status.PROCESSING and dossier.current_step == 3
    handover = dossier.events.get(action="appraise")
    assert (handover.from_agency, handover.to_agency) == (one_stop.justice, one_stop.construction)
    # The second appraisal is Sở Xây dựng's: Sở Tư pháp's specialist may not take it.
    with pytest.raises(PermissionDenied):
        act(dossier, "appraise", users.specialist_justice, at("2026-03-04"))
    assert selectors.dossier_for(users.specialist_construction, code=dossier.code) == dossier
    dossier = act(dossier, "appraise", users.specialist_construction, at("2026-03-04"))
    assert dossier.status == Status.APPRAISED and dossier.current_step == 4
    finished = [s.position for s in dossier.steps.all() if s.finished_at is not None]
    assert finished == [1, 2, 3]


def test_an_approval_step_configured_at_the_committee_needs_the_committees_approver(one_stop):
    two_appraisals(one_stop, approve_at=one_stop.committee)
    users = one_stop.users
    dossier = processing(one_stop)
    dossier = act(dossier, "appraise", users.specialist_justice, at("2026-03-03"))
    dossier = act(dossier, "appraise", users.specialist_construction, at("2026-03-04"))
    with pytest.raises(PermissionDenied):
        act(dossier, "approve", users.approver_justice, at("2026-03-05"))
    chairman = staff(Role.APPROVER, one_stop.committee, username="chairman")
    assert "approve" in allowed(dossier, chairman, at("2026-03-05"))
    dossier = act(dossier, "approve", chairman, at("2026-03-05"))
    assert dossier.status == Status.APPROVED and dossier.current_step == 5


# --- the history --------------------------------------------------------------------------------------------


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL only")
def test_the_database_refuses_to_change_a_dossier_event(one_stop):
    from django.db import IntegrityError, transaction

    event = receive(one_stop).events.get()
    table = DossierEvent._meta.db_table
    for sql in (f"UPDATE {table} SET note = 'x' WHERE id = %s", f"DELETE FROM {table} WHERE id = %s"):
        with (
            pytest.raises(IntegrityError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql, [event.pk])


def test_step_dues_and_consultation_answers_are_kept_in_the_history(one_stop):
    users = one_stop.users
    dossier = processing(one_stop)
    receipt = dossier.events.get(action="receive")
    assert receipt.data["due_at"] == at("2026-03-09", "09:00").isoformat()
    assert [s["position"] for s in receipt.data["steps"]] == [1, 2, 3, 4]
    assert dossier.events.get(action="forward").data["step"]["position"] == 1
    act(
        dossier,
        "request_consultation",
        users.specialist_justice,
        MONDAY,
        reason="Ý kiến?",
        agency=one_stop.construction,
    )
    act(dossier, "answer_consultation", users.specialist_construction, at("2026-03-03"), reason="Đồng ý cấp")
    answer = dossier.events.get(action="answer_consultation")
    assert answer.data["answer"] == "Đồng ý cấp" and answer.data["late"] is False


# --- closed without a result --------------------------------------------------------------------------------


def test_a_withdrawn_dossier_has_its_final_outcome(one_stop):
    dossier = receive(one_stop)
    dossier = act(dossier, "withdraw", one_stop.users.desk_centre, at("2026-03-03"), reason="Công dân rút")
    assert dossier.finished_at == at("2026-03-03")
    assert selectors.outcome_of(dossier, at=at("2026-04-01")) == "withdrawn"


def test_a_stopped_dossier_has_its_final_outcome(one_stop):
    dossier = processing(one_stop)
    dossier = act(
        dossier, "stop", one_stop.users.approver_justice, at("2026-03-03"), reason="Có quyết định dừng"
    )
    assert selectors.outcome_of(dossier, at=at("2026-04-01")) == "stopped"


# --- rule values with effective dates, pinned at receipt ----------------------------------------------------


def test_a_later_forwarding_cutoff_applies_to_dossiers_received_from_its_date(one_stop):
    RuleValue.objects.create(
        key="dossier.forwarding_cutoff", value="16:00", effective_from=datetime.date(2026, 3, 2)
    )
    before = receive(one_stop, now=at("2026-02-27", "15:30"))  # a Friday, under the 15:00 cut-off
    after = receive(one_stop, now=at("2026-03-02", "15:30"))
    before = act(before, "forward", one_stop.users.desk_centre, at("2026-02-27", "15:40"))
    after = act(after, "forward", one_stop.users.desk_centre, at("2026-03-02", "15:40"))
    assert before.forwarded_at == at("2026-03-02", "07:00")
    assert after.forwarded_at == at("2026-03-02", "15:40")


def test_a_rule_set_allowing_two_reschedules_allows_a_second_apology(one_stop):
    RuleValue.objects.create(key="dossier.max_reschedules", value=2, effective_from=datetime.date(2026, 1, 1))
    specialist = one_stop.users.specialist_justice
    dossier = processing(one_stop)
    dossier = act(
        dossier, "apologise", specialist, at("2026-03-03"), reason="Chờ", new_due_at=at("2026-03-13", "16:00")
    )
    dossier = act(
        dossier, "apologise", specialist, at("2026-03-05"), reason="Chờ", new_due_at=at("2026-03-20", "16:00")
    )
    assert dossier.reschedules == 2


def test_the_tick_warns_by_the_warning_hours_pinned_on_each_dossier(one_stop):
    RuleValue.objects.create(
        key="dossier.warning_working_hours", value=16, effective_from=datetime.date(2026, 3, 2)
    )
    old = processing(one_stop, now=at("2026-02-27", "09:00"))  # due Friday 6 March 09:00, warned from 8 h
    new = processing(
        one_stop,
        now=MONDAY,
        applicant=services.ApplicantData(kind="person", name="Trần Văn Bình", identifier="045190000002"),
    )  # due Monday 9 March 09:00, warned from 16 h (Thursday 09:00)
    # Thursday 5 March 10:00: 7 working hours before the first, 15 before the second: both are warned.
    run_ticks(now=at("2026-03-05", "10:00"), only=["dossiers"])
    old.refresh_from_db()
    new.refresh_from_db()
    assert old.warned_at is not None and new.warned_at is not None
    # Wednesday 4 March 10:00 would warn neither: 15 and 23 working hours left.
    assert old.warn_at == at("2026-03-05", "09:00") and new.warn_at == at("2026-03-05", "09:00")
    assert selectors.due_soon(new, now=at("2026-03-05", "10:00"))
    assert not selectors.due_soon(new, now=at("2026-03-04", "10:00"))


def test_due_soon_counts_working_hours_not_clock_hours(one_stop):
    dossier = processing(one_stop)  # due Monday 9 March 09:00
    # Friday 18:00: 63 clock hours, but only 2 working hours left.
    assert selectors.due_soon(dossier, now=at("2026-03-06", "18:00"))
    # Wednesday 09:00: 16 working hours left, more than the 8 of the rule.
    assert not selectors.due_soon(dossier, now=at("2026-03-04", "09:00"))
