"""The feedback tick (reminders, late flags) and the official figures with the indicator 8 score."""

from __future__ import annotations

import datetime
import json

import pytest
from django.urls import reverse

from tthc.core.ticks import run_ticks
from tthc.core.timezone import VIETNAM
from tthc.feedback import services
from tthc.feedback.figures import feedback_figures, indicator8_score, report_month
from tthc.feedback.models import Channel, ContentType, Outcome, Subject
from tthc.feedback.tests.conftest import NOW, receive
from tthc.notifications.models import Notification


def test_reminder_is_sent_once_before_the_deadline(province):
    feedback = receive()
    before = run_ticks(now=feedback.remind_at - datetime.timedelta(minutes=1), only=["feedback"])
    assert before == {"feedback": {"reminded": 0, "late": 0}}
    assert run_ticks(now=feedback.remind_at, only=["feedback"])["feedback"]["reminded"] == 1
    assert run_ticks(now=feedback.remind_at, only=["feedback"])["feedback"]["reminded"] == 0  # idempotent
    feedback.refresh_from_db()
    assert feedback.reminded_at == feedback.remind_at
    assert feedback.events.filter(kind="reminded").count() == 1


def test_late_case_is_flagged_once_after_the_deadline(province):
    province.office.email = "vp@example.vn"
    province.office.save()
    feedback = receive()
    after = feedback.due_at + datetime.timedelta(hours=1)
    assert run_ticks(now=after, only=["feedback"])["feedback"]["late"] == 1
    assert run_ticks(now=after, only=["feedback"])["feedback"]["late"] == 0
    assert feedback.events.filter(kind="late").count() == 1
    assert Notification.objects.filter(recipient="vp@example.vn", subject__contains="quá hạn").count() == 1


def test_forwarding_starts_a_new_deadline_with_fresh_reminder_and_late_flags(province):
    feedback = receive()
    run_ticks(now=feedback.due_at + datetime.timedelta(hours=1), only=["feedback"])
    services.classify_feedback(
        feedback=feedback,
        user=province.users.control_office,
        subject=Subject.REGULATION,
        content_type=ContentType.REGULATION_UNSUITABLE,
        outcome=Outcome.REGULATION_FORWARD,
        target_agency_id=province.justice.pk,
        now=feedback.due_at + datetime.timedelta(hours=2),
    )
    assert feedback.late_flagged_at is None and feedback.reminded_at is None
    assert feedback.due_at == feedback.answer_due_at


@pytest.mark.parametrize(
    ("on_time", "handled", "score"),
    [(10, 10, 2), (0, 0, 2), (9, 10, 1), (90, 100, 1), (89, 100, 0), (0, 3, 0)],
)
def test_indicator_8_is_two_when_all_on_time_one_from_ninety_percent_else_zero(on_time, handled, score):
    assert indicator8_score(on_time=on_time, handled=handled) == score


def test_report_month_runs_from_the_fifteenth_to_the_fourteenth():
    assert report_month(datetime.date(2026, 3, 2)) == (datetime.date(2026, 2, 15), datetime.date(2026, 3, 14))
    assert report_month(datetime.date(2026, 3, 20)) == (
        datetime.date(2026, 3, 15),
        datetime.date(2026, 4, 14),
    )
    assert report_month(datetime.date(2026, 1, 5)) == (
        datetime.date(2025, 12, 15),
        datetime.date(2026, 1, 14),
    )


def _answer(province, feedback, *, at):
    services.classify_feedback(
        feedback=feedback,
        user=province.users.control_office,
        subject=Subject.REGULATION,
        content_type=ContentType.REGULATION_UNSUITABLE,
        outcome=Outcome.REGULATION_FORWARD,
        target_agency_id=province.justice.pk,
        now=NOW,
    )
    answer = services.save_answer(
        feedback=feedback, user=province.users.specialist_justice, body="Trả lời", submit=True, now=at
    )
    services.decide_answer(answer=answer, user=province.users.leader_justice, approve=True, now=at)


def test_figures_count_received_forwarded_answered_on_time_and_late_by_agency(province):
    on_time, late, waiting = receive(), receive(channel=Channel.LETTER), receive()
    _answer(province, on_time, at=NOW + datetime.timedelta(days=3))
    _answer(province, late, at=NOW + datetime.timedelta(days=20))  # after the ten working days
    services.classify_feedback(
        feedback=waiting,
        user=province.users.control_office,
        subject=Subject.REGULATION,
        content_type=ContentType.REGULATION_OTHER,
        outcome=Outcome.NOT_ACCEPTED,
        refusal_reason="Trùng",
        now=NOW,
    )
    report = feedback_figures(
        user=province.users.control_office, start=datetime.date(2026, 3, 1), end=datetime.date(2026, 3, 31)
    )
    total = report.total
    assert (total.received, total.classified, total.forwarded, total.answered) == (3, 3, 2, 2)
    assert (total.handled, total.on_time, total.late) == (3, 2, 1)
    assert total.score == 0  # 2 of 3 on time is below 90 %
    justice = next(r for r in report.rows if r.label == "Sở Tư pháp")
    assert (justice.answered, justice.on_time, justice.late) == (2, 1, 1)

    by_channel = feedback_figures(
        user=province.users.control_office,
        start=datetime.date(2026, 3, 1),
        end=datetime.date(2026, 3, 31),
        by="channel",
    )
    assert {r.label: r.received for r in by_channel.rows} == {
        "Cổng thông tin (biểu mẫu trực tuyến)": 2,
        "Văn bản, thư": 1,
    }


def test_figures_only_count_cases_in_the_users_scope(province):
    _answer(province, receive(), at=NOW + datetime.timedelta(days=1))
    receive()
    report = feedback_figures(
        user=province.users.control_construction,
        start=datetime.date(2026, 3, 1),
        end=datetime.date(2026, 3, 31),
    )
    assert report.total.received == 0
    report = feedback_figures(
        user=province.users.control_justice, start=datetime.date(2026, 3, 1), end=datetime.date(2026, 3, 31)
    )
    # The office received the case and forwarded it; the department answered it.
    assert (report.total.received, report.total.answered, report.total.score) == (0, 1, 2)


def test_received_and_forwarded_count_under_the_receiving_agency_answered_under_the_handling_one(province):
    letter = receive(
        channel=Channel.LETTER,
        receiving_agency=province.justice,
        received_by=province.users.control_justice,
    )
    services.classify_feedback(
        feedback=letter,
        user=province.users.control_justice,
        subject=Subject.REGULATION,
        content_type=ContentType.REGULATION_UNSUITABLE,
        outcome=Outcome.REGULATION_FORWARD,
        target_agency_id=province.construction.pk,
        now=NOW,
    )
    period = {"start": datetime.date(2026, 3, 1), "end": datetime.date(2026, 3, 31)}
    rows = {r.label: r for r in feedback_figures(user=province.users.control_office, **period).rows}
    justice, construction = rows["Sở Tư pháp"], rows["Sở Xây dựng"]
    assert (justice.received, justice.classified, justice.forwarded) == (1, 1, 1)
    assert (construction.received, construction.forwarded) == (0, 0)
    assert (construction.overdue, construction.handled) == (1, 0)  # still open, past due by 31 March
    # Each department's own figures: the forwarding one still counts what it received.
    own = feedback_figures(user=province.users.control_justice, **period).total
    assert (own.received, own.forwarded) == (1, 1)
    theirs = feedback_figures(user=province.users.control_construction, **period).total
    assert theirs.received == 0


def test_a_case_forwarded_after_the_forwarding_deadline_is_late_even_if_answered_in_time(province):
    late_forward = receive()
    services.classify_feedback(
        feedback=late_forward,
        user=province.users.control_office,
        subject=Subject.REGULATION,
        content_type=ContentType.REGULATION_UNSUITABLE,
        outcome=Outcome.REGULATION_FORWARD,
        target_agency_id=province.justice.pk,
        now=late_forward.forward_due_at + datetime.timedelta(days=1),  # a day past the five working days
    )
    answer = services.save_answer(
        feedback=late_forward, user=province.users.specialist_justice, body="Trả lời", submit=True, now=NOW
    )
    answered_at = late_forward.forwarded_at + datetime.timedelta(days=1)  # well within the answer deadline
    services.decide_answer(answer=answer, user=province.users.leader_justice, approve=True, now=answered_at)
    total = feedback_figures(
        user=province.users.control_office, start=datetime.date(2026, 3, 1), end=datetime.date(2026, 3, 31)
    ).total
    assert (total.handled, total.on_time, total.late, total.score) == (1, 0, 1, 0)


def test_reopening_does_not_erase_the_timeliness_of_the_first_answer(province):
    feedback = receive()
    _answer(province, feedback, at=NOW + datetime.timedelta(days=3))  # on time
    services.rate_answer(feedback=feedback, satisfied=False, now=NOW + datetime.timedelta(days=4))
    answer = services.save_answer(
        feedback=feedback, user=province.users.specialist_justice, body="Trả lời lại", submit=True, now=NOW
    )
    second = NOW + datetime.timedelta(days=23)  # 25 March: after the reopened case's deadline (20 March)
    services.decide_answer(answer=answer, user=province.users.leader_justice, approve=True, now=second)
    feedback.refresh_from_db()
    assert feedback.first_answered_at == NOW + datetime.timedelta(days=3)
    assert feedback.answered_at == second and feedback.answered_at > feedback.answer_due_at
    total = feedback_figures(
        user=province.users.control_office, start=datetime.date(2026, 3, 1), end=datetime.date(2026, 3, 31)
    ).total
    assert (total.answered, total.handled, total.on_time, total.late) == (1, 1, 1, 0)


def test_open_cases_past_due_at_the_end_of_the_period_count_as_overdue(province):
    receive(now=datetime.datetime(2026, 3, 2, 9, tzinfo=VIETNAM))
    report = feedback_figures(
        user=province.users.control_office, start=datetime.date(2026, 3, 1), end=datetime.date(2026, 3, 31)
    )
    assert report.total.overdue == 1
    report = feedback_figures(
        user=province.users.control_office, start=datetime.date(2026, 3, 1), end=datetime.date(2026, 3, 5)
    )
    assert report.total.overdue == 0


@pytest.mark.scoped_endpoint("feedback:figures")
def test_figures_page_shows_a_chart_and_a_table_of_the_users_scope(client, province):
    receive(content="Một phản ánh")
    client.force_login(province.users.control_office)
    page = client.get(
        reverse("feedback:figures"), {"start": "01/03/2026", "end": "31/03/2026"}
    ).content.decode()
    assert "<svg" in page and 'id="figures"' in page and "Văn phòng UBND tỉnh" in page
    quarters = client.get(
        reverse("feedback:figures"), {"start": "01/03/2026", "end": "31/03/2026", "by": "quarter"}
    ).content.decode()
    assert "Quý I/2026" in quarters and "Quý (kỳ báo cáo)" in quarters
    client.force_login(province.users.control_construction)
    page = client.get(
        reverse("feedback:figures"), {"start": "01/03/2026", "end": "31/03/2026"}
    ).content.decode()
    assert "Văn phòng UBND tỉnh" not in page
    assert "Không có số liệu trong kỳ." in page


@pytest.mark.scoped_endpoint("api:feedback_figures")
def test_figures_api_counts_only_the_users_scope(client, province):
    receive()
    query = {"start": "2026-03-01", "end": "2026-03-31"}
    client.force_login(province.users.control_construction)
    assert client.get(reverse("api:feedback_figures"), query).json()["total"]["received"] == 0
    client.force_login(province.users.control_office)
    body = client.get(reverse("api:feedback_figures"), query).json()
    assert body["total"]["received"] == 1 and body["total"]["score"] == 2
    assert client.get(reverse("api:feedback_figures"), {**query, "by": "mood"}).status_code == 422
    by_month = client.get(reverse("api:feedback_figures"), {**query, "by": "month"}).json()
    assert [r["label"] for r in by_month["rows"]] == ["Tháng 3/2026", "Tháng 4/2026"]
    assert json.dumps(body)


def test_figures_by_report_month_and_quarter(province):
    from tthc.feedback.figures import report_periods, report_quarter

    assert report_quarter(datetime.date(2026, 1, 5)) == (
        datetime.date(2025, 12, 15),
        datetime.date(2026, 3, 14),
    )
    assert report_quarter(datetime.date(2026, 3, 15)) == (
        datetime.date(2026, 3, 15),
        datetime.date(2026, 6, 14),
    )
    assert [
        name for name, *_ in report_periods(datetime.date(2026, 2, 1), datetime.date(2026, 4, 1), by="month")
    ] == [
        "Tháng 2/2026",
        "Tháng 3/2026",
        "Tháng 4/2026",
    ]
    march = receive()  # Monday 2 March: the report month 15/02–14/03
    _answer(province, march, at=NOW + datetime.timedelta(days=3))
    receive(now=datetime.datetime(2026, 3, 20, 9, tzinfo=VIETNAM))  # the report month 15/03–14/04
    period = {"start": datetime.date(2026, 2, 15), "end": datetime.date(2026, 4, 14)}
    by_month = feedback_figures(user=province.users.control_office, by="month", **period)
    assert [(r.label, r.received, r.answered, r.on_time) for r in by_month.rows] == [
        ("Tháng 3/2026", 1, 1, 1),
        ("Tháng 4/2026", 1, 0, 0),
    ]
    assert (by_month.total.received, by_month.total.answered) == (2, 1)
    by_quarter = feedback_figures(user=province.users.control_office, by="quarter", **period)
    assert [(r.label, r.received) for r in by_quarter.rows] == [("Quý I/2026", 1), ("Quý II/2026", 1)]
    assert by_quarter.group_label == "Quý (kỳ báo cáo)"
