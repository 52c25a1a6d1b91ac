"""The one-stop rules (RULES.md §1), each checked through the services a desk and an agency use."""

from __future__ import annotations

import datetime

import pytest
from django.core.files import File
from django.db.models import ProtectedError

from tthc.core.errors import DomainError, PermissionDenied, ValidationFailed
from tthc.core.ticks import run_ticks
from tthc.dossiers import services, workflow
from tthc.dossiers.models import AppendOnly, Dossier, DossierEvent, Status
from tthc.dossiers.services import DocumentGiven, PaymentData
from tthc.dossiers.tests.helpers import MONDAY, applicant, at, intake, receive
from tthc.legalrules.models import RuleValue
from tthc.notifications.models import Notification

pytestmark = pytest.mark.django_db


def act(dossier, action, user, now, **payload):
    return workflow.perform(dossier=dossier, action=action, user=user, now=now, **payload)


def to_processing(one_stop, dossier, now=MONDAY):
    users = one_stop.users
    dossier = act(dossier, "forward", users.desk_centre, now)
    return act(dossier, "assign", users.specialist_justice, now)


# --- intake ----


def test_received_dossier_gets_the_desk_code_of_the_day_and_a_due_date_on_the_working_calendar(one_stop):
    dossier = receive(one_stop)
    assert dossier.code == "000.00.20.H99-260302-0001"
    assert dossier.status == Status.RECEIVED
    # 5 working days from Monday 09:00 is the next Monday 09:00.
    assert dossier.due_at == at("2026-03-09", "09:00")
    assert dossier.register_number == 1 and dossier.fee == 50000
    assert [e.action for e in dossier.events.all()] == ["receive"]


def test_due_date_is_counted_on_the_hours_in_force_when_the_dossier_was_received(one_stop):
    from tthc.workcalendar.services import set_working_periods

    # Sở Tư pháp moves to a single morning period from 1 June; a dossier received in March keeps the
    # hours worked in March (8 h a day), whatever day the computation runs on.
    set_working_periods(
        agency=one_stop.justice,
        periods=[["07:00", "11:00"]],
        user=one_stop.users.admin_office,
        valid_from=datetime.date(2026, 6, 1),
    )
    dossier = receive(one_stop, now=at("2026-03-02", "14:00"))  # an afternoon: no working time from June
    assert dossier.due_at == at("2026-03-09", "14:00")


def test_code_sequence_counts_per_unit_and_restarts_each_day(one_stop):
    first = receive(one_stop)
    second = receive(one_stop, now=MONDAY + datetime.timedelta(hours=1))
    next_day = receive(one_stop, now=at("2026-03-03"))
    commune = services.receive(
        intake=intake(one_stop.commune_procedure_code),
        desk=one_stop.commune_a,
        user=one_stop.users.desk_commune_a,
        now=MONDAY,
    )
    assert [first.code[-4:], second.code[-4:], next_day.code[-4:]] == ["0001", "0002", "0001"]
    assert commune.code == "000.10.30.H99-260302-0001"
    # The register (form 06) numbers the desk's year continuously.
    assert [first.register_number, second.register_number, next_day.register_number] == [1, 2, 3]


def test_dossier_is_routed_to_the_competent_agency_not_the_receiving_desk(one_stop):
    dossier = receive(one_stop)
    assert dossier.receiving_desk == one_stop.centre
    assert dossier.competent_agency == one_stop.justice


def test_commune_procedure_goes_to_the_commune_of_the_desk(one_stop):
    dossier = services.receive(
        intake=intake(one_stop.commune_procedure_code),
        desk=one_stop.commune_b,
        user=one_stop.users.desk_commune_b,
        now=MONDAY,
    )
    assert dossier.competent_agency == one_stop.commune_b


def test_procedure_bound_to_residence_is_refused_at_another_communes_desk(one_stop):
    with pytest.raises(DomainError, match="không phụ thuộc địa giới"):
        services.receive(
            intake=intake(one_stop.commune_procedure_code, competent_agency_id=one_stop.commune_a.pk),
            desk=one_stop.commune_b,
            user=one_stop.users.desk_commune_b,
            now=MONDAY,
        )
    assert not Dossier.objects.exists()


def test_province_procedure_bound_to_residence_is_refused_at_a_commune_desk(one_stop):
    # One competent agency only (Sở Tư pháp): the single-candidate path must check the desk too.
    with pytest.raises(DomainError, match="không phụ thuộc địa giới") as error:
        receive(one_stop, desk=one_stop.commune_a, user=one_stop.users.desk_commune_a)
    assert error.value.code == "outside_boundary"
    assert not Dossier.objects.exists()


def test_boundary_free_procedure_is_received_at_any_desk_and_routed_by_competence(one_stop):
    from tthc.catalog.models import ProcedureVersion

    ProcedureVersion.objects.filter(procedure__code=one_stop.procedure_code).update(boundary_free=True)
    dossier = receive(one_stop, desk=one_stop.commune_a, user=one_stop.users.desk_commune_a)
    assert dossier.receiving_desk == one_stop.commune_a
    assert dossier.competent_agency == one_stop.justice


def test_guidance_at_intake_lists_every_missing_document_at_once(one_stop):
    with pytest.raises(ValidationFailed, match="một lần"):
        services.receive(
            intake=intake(one_stop.procedure_code),
            desk=one_stop.centre,
            user=one_stop.users.desk_centre,
            now=MONDAY,
            outcome=Status.GUIDED,
            missing=[],
        )
    dossier = services.receive(
        intake=intake(one_stop.procedure_code),
        desk=one_stop.centre,
        user=one_stop.users.desk_centre,
        now=MONDAY,
        outcome=Status.GUIDED,
        missing=["Tờ khai (mẫu 03)", "Bản chụp CCCD"],
    )
    assert dossier.status == Status.GUIDED and dossier.due_at is None
    assert dossier.events.get().data == {"missing": ["Tờ khai (mẫu 03)", "Bản chụp CCCD"]}


def test_refusal_at_intake_needs_a_reason(one_stop):
    with pytest.raises(ValidationFailed, match="lý do"):
        services.receive(
            intake=intake(one_stop.procedure_code),
            desk=one_stop.centre,
            user=one_stop.users.desk_centre,
            now=MONDAY,
            outcome=Status.REFUSED_AT_INTAKE,
        )
    assert not Dossier.objects.exists()


def test_applicant_with_a_malformed_id_number_is_refused_in_vietnamese(one_stop):
    with pytest.raises(ValidationFailed, match="12 chữ số") as error:
        receive(one_stop, applicant=applicant(identifier="12ab"))
    assert error.value.field == "identifier"


def test_a_retried_intake_with_the_same_idempotency_key_returns_the_same_dossier(one_stop):
    kwargs = dict(
        intake=intake(one_stop.procedure_code),
        desk=one_stop.centre,
        user=one_stop.users.desk_centre,
        now=MONDAY,
    )
    first = services.receive(**kwargs, idempotency_key="may-tinh-quay-3:abc")
    again = services.receive(**kwargs, idempotency_key="may-tinh-quay-3:abc")
    assert first.pk == again.pk and Dossier.objects.count() == 1


def test_an_idempotency_key_is_scoped_to_the_user_who_sent_it(one_stop):
    from tthc.organisation.models import Role
    from tthc.testing.factories import staff

    colleague = staff(Role.DESK_OFFICER, one_stop.centre, username="desk_centre_2")
    kwargs = dict(intake=intake(one_stop.procedure_code), desk=one_stop.centre, now=MONDAY)
    mine = services.receive(**kwargs, user=one_stop.users.desk_centre, idempotency_key="quay-1")
    theirs = services.receive(**kwargs, user=colleague, idempotency_key="quay-1")
    again = services.receive(**kwargs, user=colleague, idempotency_key="quay-1")
    assert mine.pk != theirs.pk and again.pk == theirs.pk
    assert Dossier.objects.count() == 2


def test_desk_officer_of_another_agency_cannot_receive_at_this_desk(one_stop):
    with pytest.raises(PermissionDenied):
        receive(one_stop, user=one_stop.users.desk_commune_a)


def test_payment_is_recorded_with_its_receipt_number(one_stop):
    dossier = receive(one_stop, payment=PaymentData(amount=50000, method="cash", receipt_number="BL-0001"))
    payment = dossier.payments.get()
    assert (payment.amount, payment.method, payment.receipt_number) == (50000, "cash", "BL-0001")


def test_dossier_pins_the_rule_set_in_force_when_it_was_received(one_stop):
    RuleValue.objects.create(
        key="dossier.supplement_mode", value="continue", effective_from=datetime.date(2026, 4, 1)
    )
    before = receive(one_stop)
    after = receive(one_stop, now=at("2026-04-01"))
    assert before.rules["dossier.supplement_mode"] == "restart"
    assert after.rules["dossier.supplement_mode"] == "continue"


def test_online_submission_gets_a_code_at_once_and_the_desk_accepts_it(one_stop):
    dossier = services.submit_online(intake=intake(one_stop.procedure_code), now=MONDAY)
    assert dossier.status == Status.SUBMITTED and dossier.channel == "online" and dossier.fee == 45000
    assert Notification.objects.filter(recipient="lan@example.vn", subject__contains=dossier.code).exists()
    accepted = act(dossier, "accept", one_stop.users.desk_centre, at("2026-03-02", "14:00"))
    assert accepted.status == Status.RECEIVED
    assert accepted.due_at == at("2026-03-09", "14:00")


def test_procedure_without_online_service_refuses_online_submission(one_stop):
    from tthc.catalog.models import ProcedureVersion

    ProcedureVersion.objects.filter(procedure__code=one_stop.procedure_code).update(online_level="none")
    with pytest.raises(DomainError, match="trực tuyến"):
        services.submit_online(intake=intake(one_stop.procedure_code), now=MONDAY)


# --- forwarding ----


def test_received_before_1500_is_forwarded_the_same_day(one_stop):
    dossier = receive(one_stop, now=at("2026-03-02", "14:59"))
    dossier = act(dossier, "forward", one_stop.users.desk_centre, at("2026-03-02", "15:10"))
    assert dossier.forwarded_at == at("2026-03-02", "15:10")


def test_received_after_1500_is_forwarded_next_working_day(one_stop):
    friday = at("2026-03-06", "15:30")
    dossier = receive(one_stop, now=friday)
    dossier = act(dossier, "forward", one_stop.users.desk_centre, friday + datetime.timedelta(minutes=5))
    assert dossier.forwarded_at == at("2026-03-09", "07:00")
    handover = dossier.events.get(action="forward")
    assert (handover.from_agency, handover.to_agency) == (one_stop.centre, one_stop.justice)
    assert handover.taken_at == at("2026-03-09", "07:00")


# --- supplements ----


def test_supplement_restarts_the_clock(one_stop):
    dossier = to_processing(one_stop, receive(one_stop))
    dossier = act(
        dossier,
        "request_supplement",
        one_stop.users.specialist_justice,
        at("2026-03-04"),
        reason="Bản chụp CCCD bị mờ",
    )
    assert dossier.status == Status.AWAITING_SUPPLEMENT
    resumed = at("2026-03-16", "10:00")
    dossier = act(dossier, "receive_supplement", one_stop.users.desk_centre, resumed)
    assert dossier.status == Status.PROCESSING
    # The full 5 working days again, from the day the complete dossier arrived.
    assert dossier.due_at == at("2026-03-23", "10:00")


def test_supplement_continues_the_clock_when_the_rule_set_says_continue(one_stop):
    RuleValue.objects.create(
        key="dossier.supplement_mode", value="continue", effective_from=datetime.date(2026, 1, 1)
    )
    dossier = to_processing(one_stop, receive(one_stop))
    # Paused Wednesday 09:00 with 3 working days left (due Monday 09 March 09:00).
    dossier = act(
        dossier,
        "request_supplement",
        one_stop.users.specialist_justice,
        at("2026-03-04"),
        reason="Thiếu tờ khai",
    )
    dossier = act(dossier, "receive_supplement", one_stop.users.desk_centre, at("2026-03-16", "09:00"))
    assert dossier.due_at == at("2026-03-19", "09:00")


def test_supplement_can_be_requested_only_within_three_working_days_of_receipt(one_stop):
    dossier = to_processing(one_stop, receive(one_stop))
    with pytest.raises(workflow.TransitionRefused, match="3 ngày làm việc") as error:
        act(
            dossier,
            "request_supplement",
            one_stop.users.specialist_justice,
            at("2026-03-05", "09:01"),
            reason="Thiếu tờ khai",
        )
    assert error.value.code == "supplement_too_late"
    dossier.refresh_from_db()
    assert dossier.status == Status.PROCESSING and dossier.paused_at is None
    assert not dossier.events.filter(action="request_supplement").exists()


def test_paused_dossier_tells_the_applicant(one_stop):
    dossier = to_processing(one_stop, receive(one_stop))
    act(
        dossier,
        "request_supplement",
        one_stop.users.specialist_justice,
        at("2026-03-03"),
        reason="Thiếu tờ khai",
    )
    assert Notification.objects.filter(recipient="0912345678", subject__contains="cần bổ sung").exists()


# --- apology and reschedule ----


def test_apology_sets_the_new_date_and_tells_the_applicant(one_stop):
    dossier = to_processing(one_stop, receive(one_stop))
    new_date = at("2026-03-12", "17:00")
    dossier = act(
        dossier,
        "apologise",
        one_stop.users.specialist_justice,
        at("2026-03-05"),
        reason="Chờ xác minh tại cơ quan công an",
        new_due_at=new_date,
    )
    assert dossier.due_at == new_date and dossier.reschedules == 1
    assert dossier.original_due_at == at("2026-03-09", "09:00")
    assert Notification.objects.filter(subject__startswith="Xin lỗi").count() == 2  # e-mail and SMS


def test_second_apology_is_refused(one_stop):
    dossier = to_processing(one_stop, receive(one_stop))
    dossier = act(
        dossier,
        "apologise",
        one_stop.users.specialist_justice,
        at("2026-03-04"),
        reason="Chờ xác minh",
        new_due_at=at("2026-03-20", "17:00"),
    )
    with pytest.raises(workflow.TransitionRefused, match="1 lần") as error:
        act(
            dossier,
            "apologise",
            one_stop.users.specialist_justice,
            at("2026-03-10"),
            reason="Chờ xác minh thêm",
            new_due_at=at("2026-03-27", "17:00"),
        )
    assert error.value.code == "second_apology"
    dossier.refresh_from_db()
    assert dossier.due_at == at("2026-03-20", "17:00")


def test_apology_later_than_one_working_day_before_the_due_date_is_refused(one_stop):
    dossier = to_processing(one_stop, receive(one_stop))
    # Due Monday 09 March 09:00; Friday 10:00 leaves less than one working day (8 h).
    with pytest.raises(workflow.TransitionRefused, match="ít nhất 1 ngày làm việc"):
        act(
            dossier,
            "apologise",
            one_stop.users.specialist_justice,
            at("2026-03-06", "10:00"),
            reason="Chờ xác minh",
            new_due_at=at("2026-03-20", "17:00"),
        )


def test_apology_needs_its_reason(one_stop):
    dossier = to_processing(one_stop, receive(one_stop))
    with pytest.raises(ValidationFailed, match="lý do"):
        act(
            dossier,
            "apologise",
            one_stop.users.specialist_justice,
            at("2026-03-03"),
            new_due_at=at("2026-03-20", "17:00"),
        )


# --- refusal, approval, return, rating ----


def test_refusal_after_appraisal_must_come_within_the_time_limit(one_stop):
    dossier = to_processing(one_stop, receive(one_stop))
    with pytest.raises(workflow.TransitionRefused, match="trong thời hạn"):
        act(dossier, "refuse", one_stop.users.approver_justice, at("2026-03-10"), reason="Không đủ điều kiện")
    dossier = act(
        dossier, "refuse", one_stop.users.approver_justice, at("2026-03-06"), reason="Không đủ điều kiện"
    )
    assert dossier.status == Status.REFUSED and dossier.result == "refused"


def test_a_move_the_table_does_not_allow_is_refused_and_writes_nothing(one_stop):
    dossier = receive(one_stop)
    events = DossierEvent.objects.count()
    with pytest.raises(workflow.TransitionRefused, match="Không thể «phê duyệt» khi hồ sơ đang ở trạng thái"):
        act(dossier, "approve", one_stop.users.approver_justice, MONDAY)
    assert DossierEvent.objects.count() == events
    dossier.refresh_from_db()
    assert dossier.status == Status.RECEIVED


def test_specialist_of_another_agency_cannot_act_on_the_dossier(one_stop):
    dossier = act(receive(one_stop), "forward", one_stop.users.desk_centre, MONDAY)
    with pytest.raises(PermissionDenied):
        act(dossier, "assign", one_stop.users.specialist_construction, MONDAY)


def test_the_whole_journey_from_receipt_to_rating(one_stop):
    users = one_stop.users
    dossier = to_processing(one_stop, receive(one_stop))
    dossier = act(dossier, "appraise", users.specialist_justice, at("2026-03-04"))
    dossier = act(dossier, "approve", users.approver_justice, at("2026-03-05"))
    dossier = act(dossier, "send_result", users.specialist_justice, at("2026-03-05", "10:00"))
    assert dossier.status == Status.RESULT_READY
    dossier = act(dossier, "return_result", users.desk_centre, at("2026-03-06"), method="in_person")
    assert dossier.status == Status.RETURNED and dossier.finished_at == at("2026-03-05")
    services.rate(dossier=dossier, score=5, comment="Nhanh, chu đáo", now=at("2026-03-06", "10:00"))
    with pytest.raises(DomainError, match="đã được đánh giá"):
        services.rate(dossier=dossier, score=1, comment="", now=at("2026-03-06", "11:00"))
    actions = list(dossier.events.values_list("action", flat=True))
    assert actions == [
        "receive",
        "forward",
        "assign",
        "appraise",
        "approve",
        "send_result",
        "return_result",
        "rate",
    ]
    assert [s.finished_at is not None for s in dossier.steps.all()] == [True, True, True, True]


def test_rating_before_the_result_is_returned_is_refused(one_stop):
    with pytest.raises(DomainError, match="sau khi đã nhận kết quả"):
        services.rate(dossier=receive(one_stop), score=4, comment="", now=MONDAY)


def test_rating_outside_one_to_five_is_refused(one_stop):
    dossier = receive(one_stop)
    Dossier.objects.filter(pk=dossier.pk).update(status=Status.RETURNED)
    dossier.refresh_from_db()
    with pytest.raises(ValidationFailed, match="từ 1 đến 5"):
        services.rate(dossier=dossier, score=6, comment="", now=MONDAY)


def test_dossier_history_is_append_only(one_stop):
    dossier = receive(one_stop)
    event = dossier.events.get()
    event.note = "sửa lịch sử"
    with pytest.raises(AppendOnly):
        event.save()
    with pytest.raises(AppendOnly):
        event.delete()
    # Nor through a queryset, nor by deleting the dossier with it.
    with pytest.raises(AppendOnly):
        DossierEvent.objects.filter(dossier=dossier).update(note="sửa lịch sử")
    with pytest.raises(AppendOnly):
        DossierEvent.objects.bulk_update([event], ["note"])
    with pytest.raises(AppendOnly):
        dossier.events.all().delete()
    with pytest.raises(ProtectedError):
        dossier.delete()
    assert DossierEvent.objects.get(pk=event.pk).note == ""


# --- steps and consultations ----


def test_steps_share_the_time_limit_and_end_at_the_due_instant(one_stop):
    dossier = receive(one_stop)
    steps = list(dossier.steps.all())
    assert [s.name for s in steps] == [
        "Tiếp nhận, chuyển hồ sơ",
        "Thẩm định hồ sơ",
        "Phê duyệt kết quả",
        "Trả kết quả",
    ]
    assert [s.due_at for s in steps] == sorted(s.due_at for s in steps)
    assert steps[-1].due_at == dossier.due_at
    # 10% of 40 working hours: 4 h from Monday 09:00 (2.5 h before lunch, 1.5 h after) is Monday 15:00.
    assert steps[0].due_at == at("2026-03-02", "15:00")


def test_consultation_has_its_own_deadline_and_a_late_one_is_flagged_to_the_desk(one_stop):
    dossier = to_processing(one_stop, receive(one_stop))
    dossier = act(
        dossier,
        "request_consultation",
        one_stop.users.specialist_justice,
        MONDAY,
        reason="Xin ý kiến về hồ sơ đất đai",
        agency=one_stop.construction,
    )
    consultation = dossier.consultations.get()
    assert consultation.due_at == at("2026-03-05", "09:00")
    assert run_ticks(now=at("2026-03-05", "10:00"), only=["dossiers"])["dossiers"]["consultations_late"] == 1
    assert run_ticks(now=at("2026-03-05", "11:00"), only=["dossiers"])["dossiers"]["consultations_late"] == 0
    assert dossier.events.filter(action="consultation_late").count() == 1
    # The consulted agency answers; its specialist is the one allowed to.
    specialist = one_stop.users.specialist_construction
    act(dossier, "answer_consultation", specialist, at("2026-03-05", "14:00"), reason="Đồng ý")
    consultation.refresh_from_db()
    assert consultation.answer == "Đồng ý"


# --- the periodic sweep ----


def test_tick_marks_late_dossiers_once_and_warns_before_the_due_instant(one_stop):
    dossier = to_processing(one_stop, receive(one_stop))
    one_stop.users.specialist_justice.email = "chuyenvien@stp.vn"
    one_stop.users.specialist_justice.save()
    # 8 working hours before Monday 09 March 09:00 is Friday 09:00.
    quiet = run_ticks(now=at("2026-03-05", "09:00"), only=["dossiers"])["dossiers"]
    assert quiet == {"late": 0, "warned": 0, "apology_proposed": 0, "consultations_late": 0}
    warned = run_ticks(now=at("2026-03-06", "10:00"), only=["dossiers"])["dossiers"]
    # 7 working hours left: warned, but an apology may no longer be sent (at least 8 h before): none proposed.
    assert warned["warned"] == 1 and warned["apology_proposed"] == 0
    assert Notification.objects.filter(
        recipient="chuyenvien@stp.vn", subject__contains="sắp đến hạn"
    ).exists()
    late = run_ticks(now=at("2026-03-09", "10:00"), only=["dossiers"])["dossiers"]
    again = run_ticks(now=at("2026-03-09", "11:00"), only=["dossiers"])["dossiers"]
    assert (late["late"], again["late"]) == (1, 0)
    dossier.refresh_from_db()
    assert dossier.late_marked_at == at("2026-03-09", "10:00")


def test_paused_dossier_is_never_marked_late(one_stop):
    dossier = to_processing(one_stop, receive(one_stop))
    act(
        dossier,
        "request_supplement",
        one_stop.users.specialist_justice,
        at("2026-03-03"),
        reason="Thiếu tờ khai",
    )
    assert run_ticks(now=at("2026-04-01"), only=["dossiers"])["dossiers"]["late"] == 0


# --- documents ----

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def upload(tmp_path, name: str, data: bytes) -> File:
    path = tmp_path / "upload.bin"
    path.write_bytes(data)
    return File(path.open("rb"), name=name)


def stored_paths(root) -> list:
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def test_uploaded_document_is_stored_with_its_sha256_and_a_sanitised_name(one_stop, tmp_path, media):
    dossier = receive(
        one_stop,
        documents=[
            DocumentGiven(position=0, upload=upload(tmp_path, "../../etc/passwd", PDF)),
            DocumentGiven(position=1),
        ],
    )
    stored = dossier.documents.get(position=0).stored_file
    assert stored.original_name == "passwd" and stored.content_type == "application/pdf"
    assert len(stored.sha256) == 64 and ".." not in stored.file.name
    assert stored.file.read() == PDF


def test_an_executable_renamed_pdf_is_refused_by_its_content(one_stop, tmp_path, media):
    elf = b"\x7fELF\x02\x01\x01" + b"\x00" * 200
    with pytest.raises(ValidationFailed, match="không phải là PDF"):
        receive(
            one_stop,
            documents=[
                DocumentGiven(position=0, upload=upload(tmp_path, "good.pdf", PDF)),
                DocumentGiven(position=1, upload=upload(tmp_path, "don.pdf", elf)),
            ],
        )
    assert not Dossier.objects.exists()
    assert stored_paths(media) == [], "the good file was not stored either"


def test_a_file_over_the_size_limit_is_refused(one_stop, tmp_path, media):
    path = tmp_path / "big.pdf"
    with path.open("wb") as handle:
        handle.write(PDF)
        handle.truncate(200 * 1024 * 1024)  # 200 MB, sparse on disk
    with pytest.raises(ValidationFailed, match="vượt giới hạn 20 MB"):
        receive(
            one_stop,
            documents=[
                DocumentGiven(position=0, upload=File(path.open("rb"), name="big.pdf")),
                DocumentGiven(position=1),
            ],
        )


def test_a_failed_intake_leaves_no_file_in_the_storage(one_stop, tmp_path, media):
    # The files pass their checks and are stored; then the due date falls outside the working calendar
    # (a time limit of 5,000 working days): the intake fails and no file may remain in the storage.
    from tthc.catalog.models import ChannelOption

    ChannelOption.objects.filter(version__procedure__code=one_stop.procedure_code).update(
        processing_time=5000
    )
    with pytest.raises(DomainError, match="Lịch làm việc chỉ có dữ liệu"):
        receive(
            one_stop,
            documents=[
                DocumentGiven(position=0, upload=upload(tmp_path, "to-khai.pdf", PDF)),
                DocumentGiven(position=1, upload=upload(tmp_path, "cccd.pdf", PDF)),
            ],
        )
    assert not Dossier.objects.exists()
    assert stored_paths(media) == []


def test_a_document_given_before_is_reused_from_the_applicants_store(one_stop, tmp_path, media):
    first = receive(
        one_stop,
        documents=[
            DocumentGiven(position=0),
            DocumentGiven(position=1, upload=upload(tmp_path, "cccd.pdf", PDF)),
        ],
    )
    stored = first.documents.get(position=1).stored_file
    second = receive(
        one_stop,
        now=at("2026-03-03"),
        documents=[DocumentGiven(position=0), DocumentGiven(position=1, stored_file_id=stored.pk)],
    )
    assert second.documents.get(position=1).stored_file == stored


def test_another_agencys_desk_cannot_reuse_an_applicants_stored_file(one_stop, tmp_path, media):
    first = receive(
        one_stop,
        documents=[
            DocumentGiven(position=0),
            DocumentGiven(position=1, upload=upload(tmp_path, "cccd.pdf", PDF)),
        ],
    )
    stored = first.documents.get(position=1).stored_file
    with pytest.raises(ValidationFailed, match="không có trong kho dữ liệu"):
        services.receive(
            intake=intake(
                one_stop.commune_procedure_code,
                documents=[DocumentGiven(position=0), DocumentGiven(position=1, stored_file_id=stored.pk)],
            ),
            desk=one_stop.commune_a,
            user=one_stop.users.desk_commune_a,
            now=at("2026-03-03"),
        )
    assert Dossier.objects.count() == 1
