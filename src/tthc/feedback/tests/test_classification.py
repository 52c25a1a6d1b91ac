"""Classification, forwarding deadlines on the working calendar, routing rules as data, the log of choices."""

from __future__ import annotations

import datetime
import json

import pytest
from django.urls import reverse

from tthc.catalog.models import Field, Procedure
from tthc.core.errors import PermissionDenied, ValidationFailed
from tthc.core.timezone import VIETNAM
from tthc.feedback import services
from tthc.feedback.models import ContentType, Feedback, FeedbackEvent, Outcome, RoutingRule, Status, Subject
from tthc.feedback.routing import propose_agency
from tthc.feedback.tests.conftest import NOW, PROCEDURE_CODE, receive
from tthc.legalrules.models import RuleValue


def at(day: int, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(2026, 3, day, hour, minute, tzinfo=VIETNAM)


def forward(feedback, user, agency, *, now=NOW, **overrides):
    values = dict(
        feedback=feedback,
        user=user,
        subject=Subject.REGULATION,
        content_type=ContentType.REGULATION_UNSUITABLE,
        outcome=Outcome.REGULATION_FORWARD,
        target_agency_id=agency.pk,
        now=now,
    )
    return services.classify_feedback(**{**values, **overrides})


def test_forwarding_deadline_is_five_working_days(province):
    feedback = receive(now=at(2, 9))  # Monday 09:00
    assert feedback.forward_due_at == at(9, 9)  # the next Monday 09:00: Saturday and Sunday do not count
    assert feedback.due_at == feedback.forward_due_at
    assert feedback.remind_at == at(6, 9)  # one working day before


def test_forwarding_deadline_follows_the_rule_in_force_on_the_day_of_receipt(province):
    RuleValue.objects.create(
        key="feedback.forward_working_days", value=3, effective_from=datetime.date(2026, 3, 3)
    )
    before = receive(now=at(2, 9))
    after = receive(now=at(3, 9))
    assert before.forward_due_at == at(9, 9)  # still five working days
    assert after.forward_due_at == at(6, 9)  # three working days from Tuesday


def test_answer_deadline_runs_from_forwarding_on_the_competent_agencys_calendar(province):
    feedback = receive(now=at(2, 9))
    forward(feedback, province.users.control_office, province.justice, now=at(4, 14))
    feedback.refresh_from_db()
    assert feedback.status == Status.PROCESSING
    assert feedback.agency == province.justice
    assert feedback.forwarded_at == at(4, 14)
    assert feedback.answer_due_at == at(18, 14)  # ten working days
    assert feedback.due_at == feedback.answer_due_at


def test_regulation_within_own_competence_stays_and_starts_the_answer_clock(province):
    feedback = receive(now=at(2, 9))
    services.classify_feedback(
        feedback=feedback,
        user=province.users.control_office,
        subject=Subject.REGULATION,
        content_type=ContentType.PROPOSAL,
        outcome=Outcome.REGULATION_OWN,
        now=at(2, 10),
    )
    assert feedback.agency == province.office
    assert feedback.forwarded_at is None
    assert feedback.answer_due_at == at(16, 10)


def test_not_accepted_needs_a_reason_and_closes_the_case(province):
    feedback = receive()
    with pytest.raises(ValidationFailed) as refused:
        services.classify_feedback(
            feedback=feedback,
            user=province.users.control_office,
            subject=Subject.REGULATION,
            content_type=ContentType.REGULATION_OTHER,
            outcome=Outcome.NOT_ACCEPTED,
            now=NOW,
        )
    assert refused.value.field == "refusal_reason"
    feedback.refresh_from_db()
    assert feedback.status == Status.RECEIVED

    services.classify_feedback(
        feedback=feedback,
        user=province.users.control_office,
        subject=Subject.REGULATION,
        content_type=ContentType.REGULATION_OTHER,
        outcome=Outcome.NOT_ACCEPTED,
        refusal_reason="Không phải quy định hành chính",
        now=NOW,
    )
    assert feedback.status == Status.NOT_ACCEPTED
    assert feedback.due_at is None


def test_conduct_outcome_needs_a_conduct_subject_and_content_type(province):
    feedback = receive()
    with pytest.raises(ValidationFailed):
        forward(feedback, province.users.control_office, province.justice, outcome=Outcome.CONDUCT_FORWARD)
    with pytest.raises(ValidationFailed):
        forward(feedback, province.users.control_office, province.justice, subject=Subject.CONDUCT)
    forward(
        feedback,
        province.users.control_office,
        province.justice,
        subject=Subject.CONDUCT,
        content_type=ContentType.CONDUCT_DELAY,
        outcome=Outcome.CONDUCT_FORWARD,
    )
    assert feedback.status == Status.PROCESSING


def test_forwarding_to_an_agency_that_does_not_exist_is_refused(province):
    feedback = receive()
    with pytest.raises(ValidationFailed) as refused:
        services.classify_feedback(
            feedback=feedback,
            user=province.users.control_office,
            subject=Subject.REGULATION,
            content_type=ContentType.REGULATION_ILLEGAL,
            outcome=Outcome.REGULATION_FORWARD,
            target_agency_id=987654,
            now=NOW,
        )
    assert refused.value.field == "target_agency"
    feedback.refresh_from_db()
    assert feedback.status == Status.RECEIVED and feedback.classified_at is None


def test_only_a_control_officer_over_the_case_may_classify(province):
    feedback = receive()
    with pytest.raises(PermissionDenied):
        forward(feedback, province.users.control_justice, province.justice)
    with pytest.raises(PermissionDenied):
        forward(feedback, province.users.specialist_justice, province.justice)


def test_the_procedures_implementing_agency_is_proposed_when_no_rule_matches(procedure):
    feedback = receive(procedure_code=PROCEDURE_CODE)
    proposal = propose_agency(feedback)
    assert proposal.agency == procedure.justice
    assert proposal.source == "procedure"


def test_routing_rules_apply_in_order_and_can_be_switched_off(procedure):
    feedback = receive(procedure_code=PROCEDURE_CODE, content="Đề nghị giảm thời gian cấp phiếu lý lịch")
    first = RoutingRule.objects.create(
        position=1, name="Lý lịch → Sở Xây dựng", keywords="ly lich", target_agency=procedure.construction
    )
    RoutingRule.objects.create(
        position=2,
        name="Theo thủ tục",
        procedure=Procedure.objects.get(code=PROCEDURE_CODE),
        target_agency=procedure.commune_a,
    )
    assert propose_agency(feedback).rule == first  # keywords match without diacritics

    first.active = False
    first.save()
    proposal = propose_agency(feedback)
    assert proposal.agency == procedure.commune_a
    assert proposal.explanation == "Theo quy tắc “Theo thủ tục”"


def test_a_rule_matches_only_when_every_condition_it_sets_matches(procedure):
    feedback = receive(procedure_code=PROCEDURE_CODE, content="Phản ánh về lệ phí")
    field = Field.objects.get(code="ly-lich-tu-phap")
    RoutingRule.objects.create(
        position=1,
        name="Lĩnh vực và từ khóa",
        field=field,
        keywords="công chứng",
        target_agency=procedure.commune_b,
    )
    RoutingRule.objects.create(
        position=2,
        name="Lĩnh vực và cơ quan",
        field=field,
        agency=procedure.justice,
        target_agency=procedure.construction,
    )
    assert propose_agency(feedback).agency == procedure.construction


def test_overriding_the_proposal_is_logged_with_the_officer(procedure):
    feedback = receive(procedure_code=PROCEDURE_CODE)
    forward(feedback, procedure.users.control_office, procedure.construction)
    event = FeedbackEvent.objects.get(feedback=feedback, kind="forwarded")
    assert event.actor == procedure.users.control_office
    assert event.data["proposed_agency"] == procedure.justice.pk
    assert event.data["to_agency"] == procedure.construction.pk
    assert event.data["overridden"] is True
    assert "thay cho đề xuất Sở Tư pháp" in event.note


def test_confirming_the_proposal_is_logged_as_confirmed(procedure):
    feedback = receive(procedure_code=PROCEDURE_CODE)
    forward(feedback, procedure.users.control_office, procedure.justice)
    event = FeedbackEvent.objects.get(feedback=feedback, kind="forwarded")
    assert event.data["overridden"] is False
    assert event.data["proposal_source"] == "procedure"


def test_a_case_about_a_regulation_keeps_its_link_to_a_procedure_review(province):
    feedback = receive()
    forward(feedback, province.users.control_office, province.justice, review_reference="RS-2026-004")
    assert Feedback.objects.get().review_reference == "RS-2026-004"
    assert FeedbackEvent.objects.filter(kind="linked", note="RS-2026-004").exists()


@pytest.mark.scoped_endpoint("feedback:classify")
def test_classify_screen_refuses_an_officer_of_another_agency(client, procedure):
    feedback = receive(procedure_code=PROCEDURE_CODE)
    data = {
        "subject": "regulation",
        "content_type": "regulation_unsuitable",
        "outcome": "regulation_forward",
        "target_agency": procedure.justice.pk,
    }
    client.force_login(procedure.users.control_justice)
    assert client.post(reverse("feedback:classify", args=[feedback.code]), data).status_code == 404
    feedback.refresh_from_db()
    assert feedback.status == Status.RECEIVED

    client.force_login(procedure.users.control_office)
    response = client.post(reverse("feedback:classify", args=[feedback.code]), data)
    assert response.status_code == 302
    feedback.refresh_from_db()
    assert feedback.agency == procedure.justice


@pytest.mark.scoped_endpoint("feedback:detail")
def test_case_page_shows_the_proposal_and_is_hidden_from_other_agencies(client, procedure):
    feedback = receive(procedure_code=PROCEDURE_CODE)
    client.force_login(procedure.users.control_office)
    page = client.get(reverse("feedback:detail", args=[feedback.code])).content.decode()
    assert "Theo cơ quan thực hiện thủ tục liên quan" in page
    assert "Lịch sử xử lý" in page
    client.force_login(procedure.users.control_construction)
    assert client.get(reverse("feedback:detail", args=[feedback.code])).status_code == 404


@pytest.mark.scoped_endpoint("feedback:queue")
def test_queue_lists_only_cases_in_scope_by_tab(client, province):
    office_case = receive(content="Phản ánh tại văn phòng")
    justice_case = receive(content="Phản ánh chuyển Sở Tư pháp")
    forward(justice_case, province.users.control_office, province.justice)
    client.force_login(province.users.control_justice)
    page = client.get(reverse("feedback:queue"), {"tab": "all"}).content.decode()
    assert justice_case.code in page and office_case.code not in page
    client.force_login(province.users.control_office)
    page = client.get(reverse("feedback:queue"), {"tab": "to_classify"}).content.decode()
    assert office_case.code in page and justice_case.code not in page


def _api(client, name, body, *args):
    return client.post(reverse(f"api:{name}", args=args), json.dumps(body), content_type="application/json")


@pytest.mark.scoped_endpoint("api:feedback_classify")
def test_api_classify_refuses_a_forged_agency_id_and_other_agencies(client, province):
    feedback = receive()
    body = {"subject": "regulation", "content_type": "regulation_unsuitable", "outcome": "regulation_forward"}
    client.force_login(province.users.control_construction)
    assert (
        _api(
            client, "feedback_classify", {**body, "target_agency_id": province.justice.pk}, feedback.code
        ).status_code
        == 404
    )
    client.force_login(province.users.control_office)
    forged = _api(client, "feedback_classify", {**body, "target_agency_id": 424242}, feedback.code)
    assert forged.status_code == 422
    assert forged.json()["field"] == "target_agency"
    feedback.refresh_from_db()
    assert feedback.status == Status.RECEIVED and not feedback.events.filter(kind="classified").exists()
    done = _api(client, "feedback_classify", {**body, "target_agency_id": province.justice.pk}, feedback.code)
    assert done.status_code == 200
    assert done.json()["agency_code"] == province.justice.code


@pytest.mark.scoped_endpoint("api:feedback_list")
@pytest.mark.scoped_endpoint("api:feedback_detail")
def test_api_lists_and_reads_only_cases_in_scope(client, province):
    feedback = receive()
    client.force_login(province.users.control_justice)
    assert client.get(reverse("api:feedback_list")).json() == []
    assert client.get(reverse("api:feedback_detail", args=[feedback.code])).status_code == 404
    client.force_login(province.users.control_office)
    assert [c["code"] for c in client.get(reverse("api:feedback_list")).json()] == [feedback.code]
    assert (
        client.get(reverse("api:feedback_detail", args=[feedback.code])).json()["sender_phone"]
        == "0912345678"
    )
    client.logout()
    assert client.get(reverse("api:feedback_list")).status_code == 401


def test_queue_page_costs_the_same_queries_for_few_or_many_cases(client, province):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("feedback:queue"), {"tab": "all"}).status_code == 200
        return len(captured)

    client.force_login(province.users.control_office)
    for n in range(2):
        receive(content=f"Phản ánh số {n}")
    few = queries()
    for n in range(20):
        receive(content=f"Phản ánh thêm {n}")
    assert queries() == few


def _letter_forwarded_by_justice(province):
    feedback = receive(
        channel="letter", receiving_agency=province.justice, received_by=province.users.control_justice
    )
    return forward(feedback, province.users.control_justice, province.construction)


def test_an_agency_that_forwards_a_case_keeps_reading_it_but_no_longer_acts_on_it(client, province):
    feedback = _letter_forwarded_by_justice(province)
    assert set(feedback.agencies_involved.all()) == {province.justice, province.construction}

    client.force_login(province.users.control_justice)
    page = client.get(reverse("feedback:detail", args=[feedback.code]))
    assert page.status_code == 200
    assert "Sở Xây dựng" in page.content.decode()
    assert client.get(reverse("api:feedback_detail", args=[feedback.code])).status_code == 200
    assert feedback.code in client.get(reverse("feedback:queue"), {"tab": "all"}).content.decode()
    # The work tabs list what the agency handles now.
    assert feedback.code not in client.get(reverse("feedback:queue"), {"tab": "processing"}).content.decode()
    with pytest.raises(PermissionDenied):
        services.save_answer(feedback=feedback, user=province.users.specialist_justice, body="x", now=NOW)

    client.force_login(province.users.control_construction)
    assert feedback.code in client.get(reverse("feedback:queue"), {"tab": "processing"}).content.decode()
    client.force_login(province.users.admin_commune_a)  # never involved
    assert client.get(reverse("feedback:detail", args=[feedback.code])).status_code == 404


SECOND_PROCEDURE = "1.000894"


@pytest.fixture
def two_procedures(procedure):
    """A second procedure, implemented by the Department of Construction."""
    from tthc.catalog.services import import_records

    import_records(
        records=[
            {
                "code": SECOND_PROCEDURE,
                "name": "Cấp giấy phép xây dựng",
                "decision": {
                    "number": "16/QĐ-UBND",
                    "signed_on": "2025-12-01",
                    "signer": "Nguyễn Văn Hùng",
                    "effective_on": "2026-01-01",
                    "change_kind": "new",
                },
                "levels": ["province"],
                "fields": [{"code": "xay-dung", "name": "Xây dựng"}],
                "channels": [
                    {"channel": "in_person", "processing_time": "20", "time_unit": "working_days", "fee": 0}
                ],
                "agencies": {"implementing": [procedure.construction.code]},
            }
        ],
        now=NOW - datetime.timedelta(days=90),
    )
    return procedure


def test_the_officer_sets_the_procedures_concerned_and_a_rule_matches_any_of_them(two_procedures):
    feedback = receive(procedure_code=PROCEDURE_CODE)
    assert [p.code for p in feedback.procedures.all()] == [PROCEDURE_CODE]  # the sender's one to start with
    RoutingRule.objects.create(
        position=1,
        name="Giấy phép xây dựng",
        procedure=Procedure.objects.get(code=SECOND_PROCEDURE),
        target_agency=two_procedures.construction,
    )
    assert propose_agency(feedback).source == "procedure"  # the rule does not match yet
    forward(
        feedback,
        two_procedures.users.control_office,
        two_procedures.construction,
        procedure_codes=[PROCEDURE_CODE, SECOND_PROCEDURE],
    )
    feedback.refresh_from_db()
    assert {p.code for p in feedback.procedures.all()} == {PROCEDURE_CODE, SECOND_PROCEDURE}
    proposed = feedback.events.get(kind="proposed")
    assert proposed.data["rule"] == "Giấy phép xây dựng" and proposed.data["decision"] == "confirmed"


def test_unknown_procedure_codes_at_classification_are_refused_and_nothing_changes(procedure):
    feedback = receive(procedure_code=PROCEDURE_CODE)
    with pytest.raises(ValidationFailed) as refused:
        forward(feedback, procedure.users.control_office, procedure.justice, procedure_codes=["9.999999"])
    assert refused.value.field == "procedure_codes" and "9.999999" in refused.value.message
    feedback = Feedback.objects.get()
    assert feedback.status == Status.RECEIVED
    assert [p.code for p in feedback.procedures.all()] == [PROCEDURE_CODE]


def test_classify_screen_and_api_take_the_procedures_concerned(client, two_procedures):
    client.force_login(two_procedures.users.control_office)
    on_screen = receive(procedure_code=PROCEDURE_CODE)
    page = client.get(reverse("feedback:detail", args=[on_screen.code])).content.decode()
    assert "Các thủ tục hành chính liên quan" in page and f'value="{PROCEDURE_CODE}"' in page
    client.post(
        reverse("feedback:classify", args=[on_screen.code]),
        {
            "subject": "regulation",
            "content_type": "regulation_unsuitable",
            "outcome": "regulation_forward",
            "target_agency": two_procedures.justice.pk,
            "procedure_codes": f"{PROCEDURE_CODE}, {SECOND_PROCEDURE}",
        },
    )
    assert {p.code for p in Feedback.objects.get(pk=on_screen.pk).procedures.all()} == {
        PROCEDURE_CODE,
        SECOND_PROCEDURE,
    }
    by_api = receive()
    body = {
        "subject": "regulation",
        "content_type": "regulation_unsuitable",
        "outcome": "regulation_own",
        "procedure_codes": [SECOND_PROCEDURE],
    }
    done = _api(client, "feedback_classify", body, by_api.code)
    assert done.status_code == 200 and done.json()["procedure_codes"] == [SECOND_PROCEDURE]
    unknown = _api(client, "feedback_classify", {**body, "procedure_codes": ["x"]}, receive().code)
    assert unknown.status_code == 422 and unknown.json()["field"] == "procedure_codes"


@pytest.mark.parametrize(
    ("outcome", "target", "decision", "chosen"),
    [
        (Outcome.REGULATION_FORWARD, "justice", "confirmed", "justice"),
        (Outcome.REGULATION_FORWARD, "construction", "overridden", "construction"),
        (Outcome.REGULATION_OWN, None, "overridden", "office"),
        (Outcome.NOT_ACCEPTED, None, "refused", None),
    ],
)
def test_the_routing_proposal_and_the_officers_choice_are_logged_for_every_outcome(
    procedure, outcome, target, decision, chosen
):
    feedback = receive(procedure_code=PROCEDURE_CODE)
    forward(
        feedback,
        procedure.users.control_office,
        procedure.justice,
        outcome=outcome,
        target_agency_id=getattr(procedure, target).pk if target else None,
        refusal_reason="Không phải quy định hành chính",
    )
    event = FeedbackEvent.objects.get(feedback=feedback, kind="proposed")
    assert event.actor == procedure.users.control_office
    assert event.data["proposed_agency"] == procedure.justice.pk
    assert event.data["proposal_source"] == "procedure"
    assert event.data["decision"] == decision
    assert event.data["chosen_agency"] == (getattr(procedure, chosen).pk if chosen else None)
    assert "Đề xuất Sở Tư pháp" in event.note


def test_no_proposal_is_logged_too(province):
    feedback = receive()
    forward(feedback, province.users.control_office, province.justice)
    event = FeedbackEvent.objects.get(feedback=feedback, kind="proposed")
    assert event.data["decision"] == "no_proposal" and "cán bộ chọn Sở Tư pháp" in event.note


def test_a_forwarded_case_is_sent_back_as_not_competent_and_routed_again(province):
    feedback = receive(now=at(2, 9))
    forward(feedback, province.users.control_office, province.construction, now=at(3, 9))
    with pytest.raises(ValidationFailed) as no_reason:
        services.send_back_feedback(
            feedback=feedback, user=province.users.control_construction, reason=" ", now=at(4, 9)
        )
    assert no_reason.value.field == "reason"
    with pytest.raises(PermissionDenied):  # only the agency handling it may send it back
        services.send_back_feedback(
            feedback=feedback, user=province.users.specialist_justice, reason="Không", now=at(4, 9)
        )

    services.send_back_feedback(
        feedback=feedback,
        user=province.users.control_construction,
        reason="Thuộc lĩnh vực tư pháp, không thuộc thẩm quyền Sở Xây dựng",
        now=at(4, 9),
    )
    feedback.refresh_from_db()
    assert (feedback.status, feedback.agency) == (Status.RECEIVED, province.office)
    assert feedback.due_at == feedback.forward_due_at == at(9, 9) and feedback.answer_due_at is None
    event = feedback.events.get(kind="sent_back")
    assert event.actor == province.users.control_construction
    assert (event.data["from_agency"], event.data["to_agency"]) == (
        province.construction.pk,
        province.office.pk,
    )
    assert "không thuộc thẩm quyền Sở Xây dựng" in event.note

    forward(feedback, province.users.control_office, province.justice, now=at(5, 9))
    feedback.refresh_from_db()
    assert (feedback.status, feedback.agency, feedback.forwarded_at) == (
        Status.PROCESSING,
        province.justice,
        at(5, 9),
    )
    # Every agency it passed through keeps reading it.
    assert set(feedback.agencies_involved.all()) == {province.office, province.construction, province.justice}


def test_only_a_case_forwarded_to_the_agency_can_be_sent_back(province):
    feedback = receive()
    services.classify_feedback(
        feedback=feedback,
        user=province.users.control_office,
        subject=Subject.REGULATION,
        content_type=ContentType.PROPOSAL,
        outcome=Outcome.REGULATION_OWN,
        now=NOW,
    )
    with pytest.raises(services.WrongState):
        services.send_back_feedback(
            feedback=feedback, user=province.users.control_office, reason="x", now=NOW
        )


def test_the_control_officer_reforwards_a_case_to_the_competent_agency(procedure):
    feedback = receive(procedure_code=PROCEDURE_CODE, now=at(2, 9))
    forward(feedback, procedure.users.control_office, procedure.construction, now=at(3, 9))
    with pytest.raises(PermissionDenied):  # the department it left cannot move it any more
        services.reforward_feedback(
            feedback=feedback,
            user=procedure.users.control_justice,
            target_agency_id=procedure.justice.pk,
            now=NOW,
        )
    with pytest.raises(ValidationFailed):
        services.reforward_feedback(
            feedback=feedback, user=procedure.users.control_construction, target_agency_id=424242, now=NOW
        )
    services.reforward_feedback(
        feedback=feedback,
        user=procedure.users.control_construction,
        target_agency_id=procedure.justice.pk,
        note="Đúng thẩm quyền Sở Tư pháp",
        now=at(4, 14),
    )
    feedback.refresh_from_db()
    assert (feedback.agency, feedback.forwarded_at, feedback.answer_due_at) == (
        procedure.justice,
        at(4, 14),
        at(18, 14),
    )
    event = feedback.events.get(kind="reforwarded")
    assert (event.data["from_agency"], event.data["to_agency"]) == (
        procedure.construction.pk,
        procedure.justice.pk,
    )
    assert event.actor == procedure.users.control_construction
    proposed = feedback.events.filter(kind="proposed").last()
    assert proposed.data["decision"] == "confirmed" and proposed.data["chosen_agency"] == procedure.justice.pk


@pytest.mark.scoped_endpoint("feedback:send_back")
def test_send_back_screen_refuses_other_agencies(client, province):
    feedback = forward(receive(), province.users.control_office, province.construction)
    url = reverse("feedback:send_back", args=[feedback.code])
    client.force_login(province.users.control_justice)
    assert client.post(url, {"reason": "Không thuộc thẩm quyền"}).status_code == 404
    assert Feedback.objects.get().agency == province.construction
    client.force_login(province.users.control_construction)
    page = client.get(reverse("feedback:detail", args=[feedback.code])).content.decode()
    assert "Trả lại: không thuộc thẩm quyền" in page
    assert client.post(url, {"reason": "Không thuộc thẩm quyền"}).status_code == 302
    assert Feedback.objects.get().agency == province.office


@pytest.mark.scoped_endpoint("feedback:reforward")
def test_reforward_screen_refuses_other_agencies(client, province):
    feedback = forward(receive(), province.users.control_office, province.construction)
    url = reverse("feedback:reforward", args=[feedback.code])
    client.force_login(province.users.control_justice)
    assert client.post(url, {"target_agency": province.justice.pk}).status_code == 404
    client.force_login(province.users.specialist_justice)
    assert client.post(url, {"target_agency": province.justice.pk}).status_code == 404
    assert Feedback.objects.get().agency == province.construction
    client.force_login(province.users.control_construction)
    assert client.post(url, {"target_agency": province.justice.pk}).status_code == 302
    assert Feedback.objects.get().agency == province.justice
