"""The year's calendar as twelve month grids: days off, worked days and ordinary ones, and changing one."""

import datetime

import pytest
from django.urls import reverse

from tthc.workcalendar import selectors
from tthc.workcalendar.models import CalendarOverride
from tthc.workcalendar.views import month_grids

D = datetime.date


def grid_days(months) -> dict:
    return {day.date: day for month in months for week in month["weeks"] for day in week if day}


@pytest.mark.django_db
def test_the_grid_marks_holidays_weekends_and_worked_saturdays():
    CalendarOverride.objects.create(date=D(2026, 3, 10), kind="off", name="Nghỉ bầu cử")
    days_off = selectors.days_off(2026)
    worked = selectors.working_saturdays(2026) + selectors.working_holidays(2026)
    days = grid_days(
        month_grids(2026, days_off=days_off, worked=worked, overridden={D(2026, 3, 10)}, today=D(2026, 5, 4))
    )
    assert len(days) == 365
    assert days[D(2026, 1, 1)].kind == "holiday" and days[D(2026, 1, 1)].name == "Tết Dương lịch"
    assert days[D(2026, 1, 3)].kind == "weekend"  # a Saturday
    assert days[D(2026, 1, 5)].kind == ""  # an ordinary Monday
    assert days[D(2026, 8, 22)].kind == "worked"  # the Saturday worked for 31/08
    assert days[D(2026, 3, 10)].kind == "holiday" and days[D(2026, 3, 10)].override
    assert not days[D(2026, 1, 1)].override
    assert days[D(2026, 5, 4)].today and not days[D(2026, 5, 5)].today


def test_weeks_start_on_monday_with_blanks_before_the_first_of_the_month():
    months = month_grids(2026, days_off=[], worked=[], overridden=set(), today=D(2026, 1, 1))
    january = months[0]
    assert january["name"] == "Tháng 1"
    # 01/01/2026 is a Thursday: Monday to Wednesday of the first week are blank.
    assert january["weeks"][0][:3] == [None, None, None]
    assert january["weeks"][0][3].date == D(2026, 1, 1)
    assert all(len(week) == 7 for month in months for week in month["weeks"])


@pytest.mark.django_db
def test_the_administrator_clicks_a_day_to_add_or_edit_its_override(client, province):
    CalendarOverride.objects.create(date=D(2026, 3, 10), kind="off", name="Nghỉ bầu cử")
    client.force_login(province.users.admin_office)
    html = client.get(reverse("workcalendar:overrides"), {"year": 2026}).content.decode()
    assert "Lịch 12 tháng" in html and "Tháng 12" in html
    assert f'href="{reverse("workcalendar:override-add")}?date=02/03/2026"' in html
    assert f'href="{reverse("workcalendar:override-edit", args=[D(2026, 3, 10)])}"' in html
    assert 'title="01/01/2026: Tết Dương lịch"' in html


@pytest.mark.django_db
def test_a_clicked_day_arrives_filled_in_the_add_form(client, province):
    client.force_login(province.users.admin_office)
    html = client.get(reverse("workcalendar:override-add"), {"date": "02/03/2026"}).content.decode()
    assert 'value="02/03/2026"' in html


@pytest.mark.django_db
def test_a_commune_administrator_sees_the_grid_without_links_to_change_days(client, province):
    client.force_login(province.users.admin_commune_a)
    html = client.get(reverse("workcalendar:overrides"), {"year": 2026}).content.decode()
    assert "Lịch 12 tháng" in html
    assert reverse("workcalendar:override-add") not in html
