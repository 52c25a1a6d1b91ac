"""Duplicates and merging; answers from templates, leader approval, sending, letters, publishing, rating."""

from __future__ import annotations

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from tthc.core.errors import PermissionDenied, ValidationFailed
from tthc.feedback import duplicates, services
from tthc.feedback.models import (
    Answer,
    ContentType,
    Feedback,
    Outcome,
    Rating,
    Satisfaction,
    Status,
    Subject,
)
from tthc.feedback.selectors import in_scope
from tthc.feedback.tests.conftest import NOW, receive
from tthc.notifications.models import Notification

LATER = NOW + datetime.timedelta(days=1)


def forwarded(province, **overrides):
    feedback = receive(**overrides)
    return services.classify_feedback(
        feedback=feedback,
        user=province.users.control_office,
        subject=Subject.REGULATION,
        content_type=ContentType.REGULATION_UNSUITABLE,
        outcome=Outcome.REGULATION_FORWARD,
        target_agency_id=province.justice.pk,
        now=NOW,
    )


def submitted(province, feedback, body="Sở Tư pháp sẽ đề xuất bỏ yêu cầu bản sao."):
    return services.save_answer(
        feedback=feedback, user=province.users.specialist_justice, body=body, submit=True, now=LATER
    )


def approved(province, feedback, body="Sở Tư pháp sẽ đề xuất bỏ yêu cầu bản sao."):
    return services.decide_answer(
        answer=submitted(province, feedback, body),
        user=province.users.leader_justice,
        approve=True,
        now=LATER,
    )


def test_similar_feedback_is_found_by_folded_text(province):
    first = receive(content="Thủ tục cấp phiếu lý lịch tư pháp yêu cầu quá nhiều giấy tờ bản sao.")
    second = receive(content="THU TUC CAP PHIEU LY LICH TU PHAP yeu cau qua nhieu giay to ban sao")
    receive(content="Đề nghị mở thêm quầy tiếp nhận hồ sơ đất đai vào thứ Bảy.")
    found = duplicates.similar_to(first, candidates=in_scope(province.users.control_office))
    assert [s.feedback for s in found] == [second]
    assert found[0].percent >= 90


def test_similar_cases_offer_merging_only_while_they_are_open(client, province):
    answered_before = forwarded(province, content="Giấy tờ cấp phiếu lý lịch tư pháp quá nhiều")
    approved(province, answered_before)
    still_open = receive(content="Giấy tờ cấp phiếu lý lịch tư pháp quá nhiều!!")
    current = receive(content="Giấy tờ cấp phiếu lý lịch tư pháp quá nhiều.")
    client.force_login(province.users.control_office)
    page = client.get(reverse("feedback:detail", args=[current.code])).content.decode()
    assert f'name="duplicate" value="{still_open.code}"' in page
    assert answered_before.code in page  # shown as similar, for the officer to read
    assert f'name="duplicate" value="{answered_before.code}"' not in page  # but answered: no merge
    with pytest.raises(services.WrongState):
        services.merge_feedback(
            primary=current, duplicate=answered_before, user=province.users.control_office, now=LATER
        )


def test_merged_senders_all_get_the_answer(province):
    primary = forwarded(province, content="Giấy tờ quá nhiều")
    duplicate = receive(content="Giấy tờ quá nhiều!", sender_phone="0987654321", sender_email="")
    services.merge_feedback(primary=primary, duplicate=duplicate, user=province.users.control_office, now=NOW)
    duplicate.refresh_from_db()
    assert duplicate.status == Status.MERGED and duplicate.merged_into == primary

    approved(province, primary)

    recipients = set(Notification.objects.filter(topic="feedback").values_list("recipient", flat=True))
    assert {"0912345678", "mai@example.vn", "0987654321"} <= recipients


def test_a_case_cannot_be_merged_into_itself_or_across_scope(province):
    feedback = receive()
    with pytest.raises(ValidationFailed):
        services.merge_feedback(
            primary=feedback, duplicate=feedback, user=province.users.control_office, now=NOW
        )
    other = receive()
    with pytest.raises(PermissionDenied):
        services.merge_feedback(
            primary=feedback, duplicate=other, user=province.users.control_justice, now=NOW
        )


def test_answer_drafted_from_a_template_fills_the_cases_values(province, template):
    feedback = forwarded(province)
    text = services.template_text(template, feedback)
    assert text.startswith(f"Kính gửi ông/bà Nguyễn Thị Mai, về phản ánh {feedback.code} ngày 02/03/2026")
    assert "Sở Tư pháp trả lời" in text


def test_an_answer_is_sent_only_after_a_leader_approves_it(province):
    feedback = forwarded(province)
    answer = submitted(province, feedback)
    feedback.refresh_from_db()
    assert feedback.status == Status.AWAITING_APPROVAL
    assert not Notification.objects.filter(topic="feedback", subject__startswith="Trả lời").exists()
    with pytest.raises(PermissionDenied):  # a specialist cannot approve
        services.decide_answer(answer=answer, user=province.users.specialist_justice, approve=True, now=LATER)
    services.decide_answer(answer=answer, user=province.users.leader_justice, approve=True, now=LATER)
    feedback.refresh_from_db()
    assert feedback.status == Status.ANSWERED and feedback.answered_at == LATER
    sent = Notification.objects.filter(created_at=LATER)
    assert sorted(sent.values_list("channel", "recipient")) == [
        ("email", "mai@example.vn"),
        ("sms", "0912345678"),
    ]


def test_the_answer_goes_in_full_by_email_and_as_a_short_sms_with_an_absolute_follow_link(province, settings):
    settings.TTHC_SITE_URL = "https://dichvucong.example.gov.vn/"
    feedback = forwarded(province)
    long_answer = "Sở Tư pháp trả lời chi tiết như sau. " * 500  # about 18,000 characters
    approved(province, feedback, body=long_answer)
    link = f"https://dichvucong.example.gov.vn/feedback/theo-doi/{feedback.code}/{feedback.token}/"
    email = Notification.objects.get(created_at=LATER, channel="email")
    assert long_answer.strip() in email.body and email.body.endswith(link)
    sms = Notification.objects.get(created_at=LATER, channel="sms")
    assert sms.body == f"Phan anh {feedback.code} da co tra loi. Xem va danh gia: {link}"
    assert len(sms.body) <= 160 and sms.body.isascii()


def test_the_sender_is_acknowledged_on_receipt_with_the_code_and_follow_link(province, settings):
    settings.TTHC_SITE_URL = "https://dichvucong.example.gov.vn"
    feedback = receive()
    link = f"https://dichvucong.example.gov.vn/feedback/theo-doi/{feedback.code}/{feedback.token}/"
    email = Notification.objects.get(channel="email")
    assert email.recipient == "mai@example.vn" and feedback.code in email.subject
    assert "09:00 09/03/2026" in email.body and link in email.body  # the forwarding deadline
    sms = Notification.objects.get(channel="sms")
    assert (
        sms.recipient == "0912345678"
        and sms.body == f"Da tiep nhan phan anh {feedback.code}. Theo doi: {link}"
    )

    Notification.objects.all().delete()
    receive(sender_email="", channel="letter")  # a letter with a phone number only: an SMS only
    assert list(Notification.objects.values_list("channel", flat=True)) == ["sms"]


def test_a_returned_answer_needs_the_leaders_note_and_goes_back_to_drafting(province):
    feedback = forwarded(province)
    answer = submitted(province, feedback)
    with pytest.raises(ValidationFailed):
        services.decide_answer(answer=answer, user=province.users.leader_justice, approve=False, now=LATER)
    services.decide_answer(
        answer=answer, user=province.users.leader_justice, approve=False, note="Bổ sung căn cứ", now=LATER
    )
    feedback.refresh_from_db()
    assert feedback.status == Status.PROCESSING
    again = submitted(province, feedback, body="Bản sửa")
    assert again.pk == answer.pk and again.state == Answer.State.SUBMITTED


def test_published_answer_hides_the_senders_personal_data(province):
    feedback = forwarded(
        province, content="Tôi là Nguyễn Thị Mai, số 0912 345 678, mai@example.vn: quá nhiều giấy tờ"
    )
    approved(province, feedback, body="Kính gửi bà Nguyễn Thị Mai (0912345678): Sở sẽ sửa quy định.")
    feedback.refresh_from_db()
    for text in (feedback.public_content, feedback.public_answer):
        assert "0912" not in text and "Mai" not in text and "@" not in text
    assert "quá nhiều giấy tờ" in feedback.public_content


def test_satisfied_sender_closes_the_case(province):
    feedback = forwarded(province)
    approved(province, feedback)
    feedback.refresh_from_db()
    services.rate_answer(feedback=feedback, satisfied=True, now=LATER)
    assert (feedback.status, feedback.satisfaction) == (Status.ANSWERED, Satisfaction.SATISFIED)


def test_unsatisfied_sender_can_reopen(province):
    feedback = forwarded(province)
    approved(province, feedback)
    feedback.refresh_from_db()
    services.rate_answer(feedback=feedback, satisfied=False, note="Chưa trả lời đúng câu hỏi", now=LATER)
    feedback.refresh_from_db()
    assert feedback.status == Status.PROCESSING
    assert feedback.satisfaction == Satisfaction.UNSATISFIED
    assert feedback.reopen_count == 1
    assert feedback.answer_due_at > LATER
    assert feedback.events.filter(kind="reopened").exists()
    assert feedback not in Feedback.objects.filter(status=Status.ANSWERED)


@pytest.mark.public_endpoint("feedback-public:track")
@pytest.mark.public_endpoint("feedback-public:rate")
def test_sender_follows_and_rates_through_the_secret_link_only(client, province):
    feedback = forwarded(province)
    answer = submitted(province, feedback)
    services.decide_answer(
        answer=answer, user=province.users.leader_justice, approve=True, now=timezone.now()
    )
    feedback.refresh_from_db()
    assert client.get(reverse("feedback-public:track", args=[feedback.code, "wrong"])).status_code == 404
    assert (
        client.post(
            reverse("feedback-public:rate", args=[feedback.code, "wrong"]), {"satisfied": "no"}
        ).status_code
        == 404
    )
    page = client.get(reverse("feedback-public:track", args=[feedback.code, feedback.token]))
    assert "Ông/bà có hài lòng" in page.content.decode()
    client.post(reverse("feedback-public:rate", args=[feedback.code, feedback.token]), {"satisfied": "no"})
    feedback.refresh_from_db()
    assert feedback.status == Status.PROCESSING


@pytest.mark.scoped_endpoint("feedback:answer")
def test_answer_screen_refuses_another_agency(client, province):
    feedback = forwarded(province)
    client.force_login(province.users.control_construction)
    url = reverse("feedback:answer", args=[feedback.code])
    assert client.post(url, {"body": "Xâm nhập", "submit": "1"}).status_code == 404
    assert not Answer.objects.exists()
    client.force_login(province.users.specialist_justice)
    assert client.post(url, {"body": "Trả lời", "submit": "1"}).status_code == 302
    assert Answer.objects.get().state == Answer.State.SUBMITTED


@pytest.mark.scoped_endpoint("feedback:approvals")
@pytest.mark.scoped_endpoint("feedback:decide")
def test_approval_queue_and_decision_are_scoped_to_the_leaders_agency(client, province):
    feedback = forwarded(province)
    answer = submitted(province, feedback)
    from tthc.organisation.models import Role
    from tthc.testing.factories import staff

    other_leader = staff(Role.LEADER, province.construction, username="leader_construction")
    client.force_login(other_leader)
    assert feedback.code not in client.get(reverse("feedback:approvals")).content.decode()
    assert (
        client.post(reverse("feedback:decide", args=[answer.pk]), {"decision": "approve"}).status_code == 404
    )
    client.force_login(province.users.control_justice)  # no approving role at all
    assert client.get(reverse("feedback:approvals")).status_code == 403

    client.force_login(province.users.leader_justice)
    assert feedback.code in client.get(reverse("feedback:approvals")).content.decode()
    assert (
        client.post(reverse("feedback:decide", args=[answer.pk]), {"decision": "approve"}).status_code == 302
    )
    feedback.refresh_from_db()
    assert feedback.status == Status.ANSWERED


@pytest.mark.scoped_endpoint("feedback:letter")
def test_letter_is_printed_as_pdf_and_docx_for_the_agency_only(client, province):
    feedback = forwarded(province)
    approved(province, feedback)
    client.force_login(province.users.control_construction)
    assert client.get(reverse("feedback:letter", args=[feedback.code, "pdf"])).status_code == 404
    client.force_login(province.users.specialist_justice)
    pdf = client.get(reverse("feedback:letter", args=[feedback.code, "pdf"]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    docx_response = client.get(reverse("feedback:letter", args=[feedback.code, "docx"]))
    from docx import Document

    text = "\n".join(p.text for p in Document(io.BytesIO(docx_response.content)).paragraphs)
    assert "Kính gửi: Nguyễn Thị Mai" in text and "bỏ yêu cầu bản sao" in text


@pytest.mark.scoped_endpoint("feedback:merge")
def test_merge_screen_refuses_another_agency(client, province):
    primary, duplicate = receive(content="Một"), receive(content="Một nữa")
    client.force_login(province.users.control_justice)
    assert (
        client.post(reverse("feedback:merge", args=[primary.code]), {"duplicate": duplicate.code}).status_code
        == 404
    )
    client.force_login(province.users.control_office)
    client.post(reverse("feedback:merge", args=[primary.code]), {"duplicate": duplicate.code})
    duplicate.refresh_from_db()
    assert duplicate.merged_into == primary


@pytest.mark.scoped_endpoint("feedback:attachment")
def test_attachments_are_served_to_staff_in_scope_only(client, province):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tthc.feedback.tests.test_intake import PNG

    feedback = receive(uploads=[SimpleUploadedFile("anh.png", PNG)])
    attachment = feedback.attachments.get()
    client.force_login(province.users.control_justice)
    assert client.get(reverse("feedback:attachment", args=[attachment.pk])).status_code == 404
    client.force_login(province.users.control_office)
    response = client.get(reverse("feedback:attachment", args=[attachment.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content) == PNG


def test_small_spelling_differences_still_count_as_similar_but_unrelated_text_does_not():
    from tthc.core.folding import fold

    original = fold("Thủ tục cấp phiếu lý lịch tư pháp yêu cầu quá nhiều giấy tờ bản sao")
    misspelt = fold("Thu tuc cap phieu ly lich tư phap yeu cau qua nhiu giay tơ ban sao")
    unrelated = fold("Đề nghị mở thêm quầy tiếp nhận hồ sơ đất đai vào thứ Bảy")
    assert duplicates.similarity(original, misspelt) >= duplicates.THRESHOLD
    assert duplicates.similarity(original, unrelated) < duplicates.THRESHOLD


def test_rating_needs_an_explicit_yes_or_no(client, province):
    feedback = forwarded(province)
    approved(province, feedback)
    feedback.refresh_from_db()
    url = reverse("feedback-public:rate", args=[feedback.code, feedback.token])
    for posted in ({}, {"satisfied": ""}, {"satisfied": "maybe"}):
        response = client.post(url, posted)
        assert response.status_code == 422
        assert "Chọn “Hài lòng” hoặc “Chưa hài lòng”" in response.content.decode()
    feedback.refresh_from_db()
    assert feedback.status == Status.ANSWERED and not Rating.objects.exists()
    with pytest.raises(ValidationFailed):
        services.rate_answer(feedback=feedback, satisfied="no", now=LATER)


def test_one_rating_per_answer_so_a_satisfied_sender_cannot_reopen(province):
    feedback = forwarded(province)
    approved(province, feedback)
    feedback.refresh_from_db()
    services.rate_answer(feedback=feedback, satisfied=True, now=LATER)
    with pytest.raises(services.WrongState):
        services.rate_answer(feedback=feedback, satisfied=False, now=LATER)
    feedback.refresh_from_db()
    assert feedback.status == Status.ANSWERED and feedback.reopen_count == 0
    assert Rating.objects.get().satisfied is True


def test_a_new_answer_after_reopening_can_be_rated_again(province):
    feedback = forwarded(province)
    approved(province, feedback)
    services.rate_answer(feedback=Feedback.objects.get(), satisfied=False, now=LATER)
    approved(province, Feedback.objects.get(), body="Trả lời bổ sung")
    services.rate_answer(feedback=Feedback.objects.get(), satisfied=True, now=LATER)
    assert list(Rating.objects.values_list("satisfied", flat=True)) == [False, True]


def test_reopening_is_possible_only_within_the_window_of_the_rule_in_force(province):
    from tthc.core.timezone import VIETNAM
    from tthc.legalrules.models import RuleValue

    feedback = forwarded(province)
    approved(province, feedback)  # Tuesday 3 March 2026, 09:00
    window_end = datetime.datetime(2026, 3, 17, 9, 0, tzinfo=VIETNAM)  # ten working days later
    services.rate_answer(feedback=Feedback.objects.get(), satisfied=False, now=window_end)
    assert Feedback.objects.get().status == Status.PROCESSING

    approved(province, Feedback.objects.get(), body="Trả lời lần hai")  # again on 3 March
    RuleValue.objects.create(
        key="feedback.reopen_working_days", value=2, effective_from=datetime.date(2026, 3, 1)
    )
    services.rate_answer(
        feedback=Feedback.objects.get(), satisfied=False, note="Vẫn chưa đúng", now=window_end
    )
    feedback = Feedback.objects.get()
    assert feedback.status == Status.ANSWERED and feedback.reopen_count == 1  # too late: recorded only
    assert feedback.satisfaction == Satisfaction.UNSATISFIED
    assert "quá thời hạn đề nghị xem xét lại 05/03/2026" in feedback.events.filter(kind="rated").last().note


def test_merged_sender_sees_and_rates_the_answer_of_the_main_case(client, province):
    primary = forwarded(province, content="Giấy tờ quá nhiều")
    duplicate = receive(content="Giấy tờ quá nhiều!", sender_name="Trần Văn Bình", sender_phone="0987654321")
    services.merge_feedback(primary=primary, duplicate=duplicate, user=province.users.control_office, now=NOW)
    answer = submitted(province, Feedback.objects.get(pk=primary.pk))
    services.decide_answer(
        answer=answer, user=province.users.leader_justice, approve=True, now=timezone.now()
    )
    duplicate.refresh_from_db()

    page = client.get(
        reverse("feedback-public:track", args=[duplicate.code, duplicate.token])
    ).content.decode()
    assert "bỏ yêu cầu bản sao" in page and "Ông/bà có hài lòng" in page
    response = client.post(
        reverse("feedback-public:rate", args=[duplicate.code, duplicate.token]), {"satisfied": "no"}
    )
    assert response.status_code == 302
    primary.refresh_from_db()
    assert primary.status == Status.PROCESSING and primary.reopen_count == 1
    rating = Rating.objects.get()
    assert (rating.feedback, rating.answer, rating.satisfied) == (duplicate, answer, False)


def test_each_sender_of_merged_cases_gets_a_letter(client, province):
    from docx import Document

    primary = forwarded(province, content="Giấy tờ quá nhiều")
    duplicate = receive(
        content="Giấy tờ quá nhiều!", sender_name="Trần Văn Bình", sender_address="5 Hùng Vương"
    )
    services.merge_feedback(primary=primary, duplicate=duplicate, user=province.users.control_office, now=NOW)
    approved(province, Feedback.objects.get(pk=primary.pk))
    client.force_login(province.users.specialist_justice)  # the department answering the main case
    page = client.get(reverse("feedback:detail", args=[primary.code])).content.decode()
    assert reverse("feedback:letter", args=[duplicate.code, "docx"]) in page
    letter = client.get(reverse("feedback:letter", args=[duplicate.code, "docx"]))
    assert letter.status_code == 200
    text = "\n".join(p.text for p in Document(io.BytesIO(letter.content)).paragraphs)
    assert "Kính gửi: Trần Văn Bình" in text and "Địa chỉ: 5 Hùng Vương" in text
    assert f"Số hiệu phản ánh: {duplicate.code}" in text and "bỏ yêu cầu bản sao" in text
    assert "SỞ TƯ PHÁP" in text


def test_merged_cases_count_as_handled_when_the_main_case_is_answered(province):
    from tthc.feedback.figures import feedback_figures

    primary = forwarded(province, content="Giấy tờ quá nhiều")
    duplicate = receive(content="Giấy tờ quá nhiều!", sender_phone="0987654321")
    services.merge_feedback(primary=primary, duplicate=duplicate, user=province.users.control_office, now=NOW)
    approved(province, Feedback.objects.get(pk=primary.pk))
    total = feedback_figures(
        user=province.users.control_office, start=datetime.date(2026, 3, 1), end=datetime.date(2026, 3, 31)
    ).total
    assert (total.received, total.answered, total.handled, total.on_time) == (2, 2, 2, 2)
    duplicate.refresh_from_db()
    assert duplicate.agency == province.justice  # it follows the case it was merged into


def test_senders_of_merged_cases_are_refused_with_the_main_case(province):
    primary, duplicate = receive(content="Một nội dung"), receive(content="Một nội dung!")
    services.merge_feedback(primary=primary, duplicate=duplicate, user=province.users.control_office, now=NOW)
    services.classify_feedback(
        feedback=Feedback.objects.get(pk=primary.pk),
        user=province.users.control_office,
        subject=Subject.REGULATION,
        content_type=ContentType.REGULATION_OTHER,
        outcome=Outcome.NOT_ACCEPTED,
        refusal_reason="Không thuộc phạm vi quy định hành chính",
        now=NOW,
    )
    duplicate.refresh_from_db()
    assert duplicate.status == Status.NOT_ACCEPTED
    assert duplicate.refusal_reason == "Không thuộc phạm vi quy định hành chính"
