"""The specialist's and approver's screens: the inbox (sorted by due instant, overdue and due-soon marked, no
query per row) and the dossier page (timeline, documents, only the allowed actions, refusals in Vietnamese);
the desk's queue, returns and register; every screen scoped to the user's agencies."""

from __future__ import annotations

import datetime
import re

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from tthc.dossiers import workflow
from tthc.dossiers.models import Dossier, Status
from tthc.dossiers.services import DocumentGiven
from tthc.dossiers.tests.helpers import MONDAY, applicant, at, receive
from tthc.dossiers.tests.test_screens_intake import ESCAPED, PDF, SCRIPT

pytestmark = pytest.mark.django_db


def act(dossier, action, user, now=None, **payload):
    return workflow.perform(dossier=dossier, action=action, user=user, now=now or timezone.now(), **payload)


def forwarded(one_stop, *, now=None, **overrides) -> Dossier:
    now = now or timezone.now()
    dossier = receive(one_stop, now=now, **overrides)
    return act(dossier, "forward", one_stop.users.desk_centre, now)


def text(response) -> str:
    return response.content.decode()


def detail_url(dossier) -> str:
    return reverse("dossiers:detail", kwargs={"code": dossier.code})


def act_url(dossier) -> str:
    return reverse("dossiers:act", kwargs={"code": dossier.code})


# --- inbox ------------------------------------------------------------------------------------------------


@pytest.mark.scoped_endpoint("dossiers:inbox")
def test_inbox_shows_only_the_agencys_dossiers(one_stop, client):
    dossier = forwarded(one_stop)
    client.force_login(one_stop.users.specialist_justice)
    assert dossier.code in text(client.get(reverse("dossiers:inbox")))
    client.force_login(one_stop.users.specialist_construction)
    for scope in ("inbox", "all"):
        assert dossier.code not in text(client.get(reverse("dossiers:inbox"), {"scope": scope}))


def test_inbox_is_sorted_by_due_instant_with_overdue_and_due_soon_marked(one_stop, client):
    now = timezone.now()
    relaxed = forwarded(one_stop, now=now)
    overdue = forwarded(one_stop, now=MONDAY, applicant=applicant(identifier="045190000002"))
    soon = forwarded(one_stop, now=now, applicant=applicant(identifier="045190000003"))
    # Due in 3 hours, within the last 8 working hours ("due soon" from warn_at on).
    Dossier.objects.filter(pk=soon.pk).update(
        due_at=now + datetime.timedelta(hours=3), warn_at=now - datetime.timedelta(hours=1)
    )
    client.force_login(one_stop.users.specialist_justice)
    page = text(client.get(reverse("dossiers:inbox")))
    codes = re.findall(r'data-code="([^"]+)"', page)
    assert codes == [overdue.code, soon.code, relaxed.code]
    rows = {code: chunk for code, chunk in zip(codes, page.split('data-code="')[1:], strict=True)}
    assert "Quá hạn" in rows[overdue.code] and "table-danger" in page
    assert "Sắp đến hạn" in rows[soon.code] and "Quá hạn" not in rows[soon.code]
    assert "Quá hạn" not in rows[relaxed.code] and "Sắp đến hạn" not in rows[relaxed.code]


def test_inbox_filters_by_status_procedure_and_text(one_stop, client):
    first = forwarded(one_stop)
    second = forwarded(one_stop, applicant=applicant(identifier="045190000002", name="Phạm Minh Sơn"))
    act(second, "assign", one_stop.users.specialist_justice)
    client.force_login(one_stop.users.specialist_justice)
    url = reverse("dossiers:inbox")
    page = text(client.get(url, {"status": "processing"}))
    assert second.code in page and first.code not in page
    page = text(client.get(url, {"q": "Phạm Minh"}))
    assert second.code in page and first.code not in page
    page = text(client.get(url, {"procedure": one_stop.commune_procedure_code}))
    assert second.code not in page and first.code not in page
    page = text(client.get(url, {"scope": "mine"}))
    assert second.code in page and first.code not in page
    fragment = text(client.get(url, {"status": "forwarded"}, HTTP_HX_REQUEST="true"))
    assert first.code in fragment and "<html" not in fragment


def test_inbox_issues_the_same_number_of_queries_for_3_and_30_rows(
    one_stop, client, django_assert_max_num_queries
):
    def add(count, start):
        for n in range(count):
            forwarded(one_stop, applicant=applicant(identifier=f"0451900{start + n:05d}"))

    add(3, 100)
    client.force_login(one_stop.users.specialist_justice)
    client.get(reverse("dossiers:inbox"))  # the session and the user are cached from here on
    with django_assert_max_num_queries(9) as few:
        assert text(client.get(reverse("dossiers:inbox"))).count("data-code=") == 3
    add(22, 200)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert text(client.get(reverse("dossiers:inbox"))).count("data-code=") == 25  # a full page


# --- the dossier page -----------------------------------------------------------------------------------


@pytest.mark.scoped_endpoint("dossiers:detail")
def test_dossier_page_is_not_found_for_another_agency(one_stop, client):
    dossier = forwarded(one_stop)
    client.force_login(one_stop.users.specialist_construction)
    assert client.get(detail_url(dossier)).status_code == 404
    client.force_login(one_stop.users.desk_commune_a)
    assert client.get(detail_url(dossier)).status_code == 404


def test_dossier_page_shows_applicant_steps_timeline_and_payment(one_stop, client):
    dossier = forwarded(one_stop)
    client.force_login(one_stop.users.specialist_justice)
    page = text(client.get(detail_url(dossier)))
    assert "Nguyễn Thị Lan" in page and "045190001234" in page
    assert "Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam" in page
    assert "Đang giải quyết trong hạn" in page
    assert "Thẩm định hồ sơ" in page and "Phê duyệt kết quả" in page
    timeline = page.split('id="dossier-timeline"')[1]
    assert "Tiếp nhận hồ sơ" in timeline and "Chuyển cơ quan giải quyết" in timeline
    assert "Trung tâm Phục vụ hành chính công" in timeline and "Sở Tư pháp" in timeline


def test_a_late_step_is_marked(one_stop, client):
    # Received Monday 09:00 and not forwarded: the receiving step (due Monday 15:00) is late on Tuesday,
    # the appraisal (due Thursday 15:00) and the dossier itself (due next Monday) are not.
    dossier = receive(one_stop, now=MONDAY)
    client.force_login(one_stop.users.specialist_justice)
    with time_machine.travel(at("2026-03-03", "09:00"), tick=False):
        page = text(client.get(detail_url(dossier)))
    assert "Đang giải quyết trong hạn" in page
    rows = page.split('id="dossier-steps"')[1].split("</section>")[0].split("<tr")[2:]
    assert ["Trễ hạn bước" in row for row in rows] == [True, False, False, False]
    assert "Tiếp nhận, chuyển hồ sơ" in rows[0] and "Thẩm định hồ sơ" in rows[1]


def test_only_the_allowed_actions_are_shown(one_stop, client):
    dossier = forwarded(one_stop)
    client.force_login(one_stop.users.specialist_justice)
    page = text(client.get(detail_url(dossier)))
    assert 'id="action-assign"' in page and 'id="action-request_supplement"' in page
    assert 'id="action-approve"' not in page and 'id="action-forward"' not in page
    client.force_login(one_stop.users.desk_centre)
    page = text(client.get(detail_url(dossier)))
    assert 'id="action-withdraw"' in page
    assert 'id="action-assign"' not in page and 'id="action-request_supplement"' not in page
    client.force_login(one_stop.users.leader_justice)  # may look, may not act
    page = text(client.get(detail_url(dossier)))
    assert 'id="actions"' not in page


@pytest.mark.scoped_endpoint("dossiers:act")
def test_another_agencys_user_cannot_act(one_stop, client):
    dossier = forwarded(one_stop)
    client.force_login(one_stop.users.specialist_construction)
    response = client.post(act_url(dossier), {"action": "assign"})
    assert response.status_code == 404
    dossier.refresh_from_db()
    assert dossier.status == Status.FORWARDED and dossier.events.count() == 2


def test_a_visible_dossier_refuses_an_action_outside_the_users_role(one_stop, client):
    dossier = forwarded(one_stop)
    client.force_login(one_stop.users.desk_centre)
    response = client.post(act_url(dossier), {"action": "assign"})
    assert response.status_code == 403
    assert "Bạn không có quyền đối với dữ liệu của Sở Tư pháp." in text(response)


def test_specialist_requests_a_supplement_with_a_reason(one_stop, client):
    dossier = forwarded(one_stop)
    client.force_login(one_stop.users.specialist_justice)
    response = client.post(act_url(dossier), {"action": "request_supplement", "reason": ""})
    assert response.status_code == 422
    assert "«Yêu cầu bổ sung hồ sơ» phải nêu rõ lý do / nội dung." in text(response)
    response = client.post(
        act_url(dossier), {"action": "request_supplement", "reason": "Bản chụp CCCD bị mờ"}, follow=True
    )
    page = text(response)
    assert "Đã thực hiện «Yêu cầu bổ sung hồ sơ»" in page
    assert "Chờ bổ sung hồ sơ" in page and "Tạm dừng chờ bổ sung" in page
    dossier.refresh_from_db()
    assert dossier.status == Status.AWAITING_SUPPLEMENT


def test_a_refused_transition_shows_the_rule_in_vietnamese_and_changes_nothing(one_stop, client):
    dossier = forwarded(one_stop, now=MONDAY)  # received in March: too late to ask for a supplement
    client.force_login(one_stop.users.specialist_justice)
    response = client.post(act_url(dossier), {"action": "request_supplement", "reason": "Thiếu tờ khai"})
    assert response.status_code == 409
    page = text(response)
    assert "Quá thời hạn yêu cầu bổ sung: chỉ được yêu cầu trong 3 ngày làm việc" in page
    # The guard fails now, so the action is no longer offered at all.
    assert 'id="action-request_supplement"' not in page
    dossier.refresh_from_db()
    assert dossier.status == Status.FORWARDED


def test_an_apology_dated_on_a_sunday_night_is_refused_and_the_form_keeps_what_was_typed(one_stop, client):
    dossier = forwarded(one_stop)
    act(dossier, "assign", one_stop.users.specialist_justice)
    client.force_login(one_stop.users.specialist_justice)
    due = timezone.localtime(dossier.due_at)
    sunday = due + datetime.timedelta(days=13 - due.weekday())  # the Sunday of the week after
    response = client.post(
        act_url(dossier),
        {
            "action": "apologise",
            "reason": "Chờ xác minh",
            "new_due_date": sunday.strftime("%d/%m/%Y"),
            "new_due_time": "03:00",
        },
    )
    assert response.status_code == 422
    page = text(response)
    assert "không phải là thời gian làm việc" in page
    assert 'id="action-apologise" open' in page and "Chờ xác minh</textarea>" in page
    dossier.refresh_from_db()
    assert dossier.reschedules == 0


def test_assign_consult_and_apologise_through_the_small_forms(one_stop, client):
    dossier = forwarded(one_stop)
    users = one_stop.users
    client.force_login(users.specialist_justice)
    page = text(client.get(detail_url(dossier)))
    assert f'<option value="{users.approver_justice.pk}"' in page  # may be assigned
    assert f'<option value="{users.specialist_construction.pk}"' not in page
    client.post(act_url(dossier), {"action": "assign", "assignee": users.approver_justice.pk})
    dossier.refresh_from_db()
    assert dossier.status == Status.PROCESSING and dossier.assignee == users.approver_justice

    client.post(
        act_url(dossier),
        {"action": "request_consultation", "agency": one_stop.construction.pk, "reason": SCRIPT},
    )
    consultation = dossier.consultations.get()
    assert consultation.agency == one_stop.construction and consultation.question == SCRIPT
    # The consulted agency now sees the dossier and may answer only that.
    client.force_login(users.specialist_construction)
    page = text(client.get(detail_url(dossier)))
    assert SCRIPT not in page and ESCAPED in page
    assert 'id="action-answer_consultation"' in page and 'id="action-appraise"' not in page
    client.post(act_url(dossier), {"action": "answer_consultation", "reason": "Đồng ý"})
    consultation.refresh_from_db()
    assert consultation.answer == "Đồng ý"

    client.force_login(users.specialist_justice)
    old_due = dossier.due_at
    new_day = (timezone.localtime(old_due) + datetime.timedelta(days=7)).strftime("%d/%m/%Y")
    response = client.post(
        act_url(dossier), {"action": "apologise", "reason": "Chờ xác minh", "new_due_date": "31/02/2026"}
    )
    assert response.status_code == 422
    assert "Ngày hẹn trả mới phải viết theo dạng dd/mm/yyyy." in text(response)
    client.post(
        act_url(dossier),
        {"action": "apologise", "reason": "Chờ xác minh", "new_due_date": new_day, "new_due_time": "16:30"},
    )
    dossier.refresh_from_db()
    assert dossier.reschedules == 1
    assert timezone.localtime(dossier.due_at).strftime("%d/%m/%Y %H:%M") == f"{new_day} 16:30"
    response = client.post(
        act_url(dossier), {"action": "apologise", "reason": "Lần nữa", "new_due_date": new_day}
    )
    assert response.status_code == 409
    assert "Chỉ được hẹn lại ngày trả kết quả 1 lần" in text(response)


def test_next_only_redirects_inside_the_site(one_stop, client):
    dossier = receive(one_stop, now=timezone.now())
    client.force_login(one_stop.users.desk_centre)
    response = client.post(act_url(dossier), {"action": "forward", "next": "https://evil.example/"})
    assert response["Location"] == detail_url(dossier)


# --- documents --------------------------------------------------------------------------------------------


@pytest.mark.scoped_endpoint("dossiers:document")
def test_documents_are_streamed_only_to_users_who_see_the_dossier(one_stop, client):
    upload = SimpleUploadedFile("../../etc/to khai.pdf", PDF, content_type="application/pdf")
    dossier = forwarded(
        one_stop, documents=[DocumentGiven(position=0, upload=upload), DocumentGiven(position=1)]
    )
    entry = dossier.documents.get(position=0)
    url = reverse("dossiers:document", kwargs={"code": dossier.code, "pk": entry.pk})
    client.force_login(one_stop.users.specialist_justice)
    assert url in text(client.get(detail_url(dossier)))
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert 'attachment; filename="to_khai.pdf"' in response["Content-Disposition"]
    other = dossier.documents.get(position=1)  # no file given
    missing = reverse("dossiers:document", kwargs={"code": dossier.code, "pk": other.pk})
    assert client.get(missing).status_code == 404
    client.force_login(one_stop.users.specialist_construction)
    assert client.get(url).status_code == 404


# --- the desk: queue, returns, register ------------------------------------------------------------------


@pytest.mark.scoped_endpoint("dossiers:desk")
def test_desk_queue_groups_the_work_of_the_desk(one_stop, client):
    to_forward = receive(one_stop, now=timezone.now())
    paused = forwarded(one_stop, applicant=applicant(identifier="045190000002"))
    act(paused, "request_supplement", one_stop.users.specialist_justice, reason="Thiếu ảnh")
    client.force_login(one_stop.users.desk_centre)
    page = text(client.get(reverse("dossiers:desk")))
    forward_group = page.split('id="queue-received"')[1].split("</section>")[0]
    paused_group = page.split('id="queue-awaiting_supplement"')[1].split("</section>")[0]
    assert to_forward.code in forward_group and "Chuyển cơ quan giải quyết" in forward_group
    assert paused.code in paused_group and "Nhận hồ sơ bổ sung" in paused_group
    response = client.post(act_url(to_forward), {"action": "forward", "next": reverse("dossiers:desk")})
    assert response["Location"] == reverse("dossiers:desk")
    to_forward.refresh_from_db()
    assert to_forward.status == Status.FORWARDED
    # Another commune's desk sees none of it; a specialist has no desk.
    client.force_login(one_stop.users.desk_commune_a)
    page = text(client.get(reverse("dossiers:desk")))
    assert paused.code not in page
    client.force_login(one_stop.users.specialist_construction)
    assert client.get(reverse("dossiers:desk")).status_code == 403


def result_ready(one_stop) -> Dossier:
    users = one_stop.users
    dossier = forwarded(one_stop)
    act(dossier, "assign", users.specialist_justice)
    act(dossier, "appraise", users.specialist_justice)
    act(dossier, "approve", users.approver_justice)
    return act(dossier, "send_result", users.specialist_justice)


@pytest.mark.scoped_endpoint("dossiers:returns")
def test_results_are_returned_from_the_returns_screen(one_stop, client):
    dossier = result_ready(one_stop)
    client.force_login(one_stop.users.desk_commune_a)
    assert dossier.code not in text(client.get(reverse("dossiers:returns")))
    client.force_login(one_stop.users.specialist_construction)
    assert client.get(reverse("dossiers:returns")).status_code == 403
    client.force_login(one_stop.users.desk_centre)
    page = text(client.get(reverse("dossiers:returns")))
    assert dossier.code in page and "Phê duyệt" in page
    response = client.post(
        act_url(dossier), {"action": "return_result", "method": "postal", "next": reverse("dossiers:returns")}
    )
    assert response["Location"] == reverse("dossiers:returns")
    dossier.refresh_from_db()
    assert dossier.status == Status.RETURNED and dossier.return_method == "postal"


@pytest.mark.scoped_endpoint("dossiers:register")
def test_register_lists_the_desks_dossiers_of_the_year_in_order(one_stop, client):
    first = receive(one_stop, now=at("2026-03-02"))
    second = receive(one_stop, now=at("2026-03-03"), applicant=applicant(identifier="045190000002"))
    client.force_login(one_stop.users.desk_centre)
    page = text(client.get(reverse("dossiers:register"), {"year": "2026"}))
    assert page.index(first.code) < page.index(second.code)
    assert "2 hồ sơ đã tiếp nhận trong năm 2026" in page
    assert "0 hồ sơ" in text(client.get(reverse("dossiers:register"), {"year": "2025"}))
    client.force_login(one_stop.users.desk_commune_a)
    page = text(client.get(reverse("dossiers:register"), {"year": "2026"}))
    assert first.code not in page and "0 hồ sơ" in page
    client.force_login(one_stop.users.specialist_construction)
    assert client.get(reverse("dossiers:register")).status_code == 403


def test_the_desk_accepts_or_guides_online_submissions_from_its_queue(one_stop, client):
    from tthc.dossiers.services import submit_online
    from tthc.dossiers.tests.helpers import intake

    now = timezone.now()
    first = submit_online(intake=intake(one_stop.procedure_code), now=now)
    second = submit_online(
        intake=intake(one_stop.procedure_code, applicant=applicant(identifier="045190000002")), now=now
    )
    client.force_login(one_stop.users.desk_centre)
    queue = text(client.get(reverse("dossiers:desk"))).split('id="queue-submitted"')[1].split("</section>")[0]
    assert first.code in queue and second.code in queue
    page = text(client.get(detail_url(first)))
    for action in ("accept", "guide", "refuse_intake"):
        assert f'id="action-{action}"' in page
    client.post(act_url(first), {"action": "accept"})
    first.refresh_from_db()
    assert first.status == Status.RECEIVED and first.register_number == 1
    response = client.post(act_url(second), {"action": "guide", "missing": ""})
    assert response.status_code == 422
    assert "Hướng dẫn bổ sung phải nêu đầy đủ, một lần các giấy tờ còn thiếu." in text(response)
    client.post(act_url(second), {"action": "guide", "missing": "Tờ khai có chữ ký\nẢnh 4x6"})
    second.refresh_from_db()
    assert second.status == Status.GUIDED
    assert second.events.get(action="guide").data["missing"] == ["Tờ khai có chữ ký", "Ảnh 4x6"]


# --- payments after intake ----------------------------------------------------------------------------------


@pytest.mark.scoped_endpoint("dossiers:pay")
def test_the_desk_records_a_payment_from_the_dossier_page(one_stop, client):
    dossier = forwarded(one_stop)
    url = reverse("dossiers:pay", kwargs={"code": dossier.code})
    client.force_login(one_stop.users.desk_centre)
    assert 'id="payment-form"' in text(client.get(detail_url(dossier)))
    response = client.post(url, {"amount": "", "method": "online", "receipt_number": ""})
    assert response.status_code == 422
    assert "Chưa nhập số tiền." in text(response)
    response = client.post(
        url, {"amount": "50000", "method": "online", "receipt_number": "TT-889"}, follow=True
    )
    page = text(response)
    assert "Đã ghi nhận khoản thu 50.000 đồng, biên lai số TT-889." in page
    assert "Thanh toán trực tuyến, biên lai số TT-889" in page
    # A specialist sees the payments but has no form; another agency's desk does not find the dossier.
    client.force_login(one_stop.users.specialist_justice)
    assert 'id="payment-form"' not in text(client.get(detail_url(dossier)))
    assert client.post(url, {"amount": "1000", "method": "cash", "receipt_number": "X"}).status_code == 403
    client.force_login(one_stop.users.desk_commune_a)
    assert client.post(url, {"amount": "1000", "method": "cash", "receipt_number": "X"}).status_code == 404
    assert dossier.payments.count() == 1
