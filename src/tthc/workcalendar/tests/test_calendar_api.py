"""The public calendar API: a year's days off, and due instants."""

import datetime

import pytest
from django.urls import reverse

from tthc.workcalendar.api import Unit
from tthc.workcalendar.arithmetic import UNITS
from tthc.workcalendar.models import CalendarOverride, WorkingSchedule

pytestmark = pytest.mark.django_db


@pytest.mark.public_endpoint("api:calendar-days-off")
def test_anyone_reads_the_days_off_of_a_year(client):
    CalendarOverride.objects.create(date=datetime.date(2026, 3, 10), kind="off", name="Nghỉ bầu cử")
    response = client.get(reverse("api:calendar-days-off"), {"year": 2026})
    assert response.status_code == 200
    body = response.json()
    days = {day["date"]: day for day in body["days_off"]}
    assert days["2026-04-27"] == {
        "date": "2026-04-27",
        "weekday": "Thứ Hai",
        "name": "Ngày Giỗ Tổ Hùng Vương (nghỉ bù)",
        "source": "statutory",
    }
    assert days["2026-03-10"]["source"] == "override"
    assert [d["date"] for d in body["working_weekend_days"]] == ["2026-08-22"]
    assert "Giỗ Tổ" in response.content.decode()  # Vietnamese is not escaped


def test_a_wrong_year_is_refused_with_422(client):
    response = client.get(reverse("api:calendar-days-off"), {"year": "hai"})
    assert response.status_code == 422
    assert response.json()["message"] == "Dữ liệu gửi lên không hợp lệ."


@pytest.mark.public_endpoint("api:calendar-due")
def test_anyone_computes_a_due_instant(client):
    response = client.get(
        reverse("api:calendar-due"), {"start": "2025-01-24T09:00", "amount": "3", "unit": "working_days"}
    )
    assert response.status_code == 200
    assert response.json() == {
        "start": "2025-01-24T09:00:00+07:00",
        "amount": "3",
        "unit": "working_days",
        "agency": None,
        "due": "2025-02-05T09:00:00+07:00",
    }


def test_the_due_instant_uses_the_agencys_hours(client, province):
    WorkingSchedule.objects.create(agency=province.commune_a, periods=[["07:00", "11:00"]])
    query = {
        "start": "2026-03-09T07:00",
        "amount": "1",
        "unit": "working_days",
        "agency": province.commune_a.code,
    }
    assert client.get(reverse("api:calendar-due"), query).json()["due"] == "2026-03-09T11:00:00+07:00"


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"start": "2025-01-24T09:00", "amount": "3", "unit": "weeks"}, "Dữ liệu gửi lên không hợp lệ."),
        (
            {"start": "2025-01-24T09:00", "amount": "-1", "unit": "working_days"},
            "Dữ liệu gửi lên không hợp lệ.",
        ),
        ({"start": "hôm qua", "amount": "1", "unit": "working_days"}, "Dữ liệu gửi lên không hợp lệ."),
        ({"start": "2025-01-24T09:00", "amount": "1.5", "unit": "calendar_days"}, "số nguyên"),
        (
            {"start": "2025-01-24T09:00", "amount": "1", "unit": "working_days", "agency": "X"},
            "Không có cơ quan nào mang mã định danh «X».",
        ),
    ],
)
def test_wrong_input_is_refused_with_422_and_a_vietnamese_message(client, query, message):
    response = client.get(reverse("api:calendar-due"), query)
    assert response.status_code == 422
    assert message in response.json()["message"]


def test_the_api_unit_names_are_those_of_the_arithmetic():
    assert set(Unit.__args__) == set(UNITS)
