"""From stored data to the calendar the arithmetic uses: overrides, working hours, due instants, listings."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from tthc.core.errors import ValidationFailed
from tthc.legalrules.models import RuleValue
from tthc.testing.factories import AgencyFactory
from tthc.workcalendar.arithmetic import is_working_day
from tthc.workcalendar.models import CalendarOverride, WorkingSchedule
from tthc.workcalendar.selectors import (
    calendar_for,
    days_off,
    due_at,
    hours_in_scope,
    working_hours,
    working_saturdays,
)
from tthc.workcalendar.tests.calendars import at

D = datetime.date
pytestmark = pytest.mark.django_db


def override(day, kind, name="Điều chỉnh thử"):
    return CalendarOverride.objects.create(date=day, kind=kind, name=name)


def test_an_off_override_adds_a_day_off():
    override(D(2026, 3, 10), "off")
    calendar = calendar_for(agency=None, years=[2026])
    assert not is_working_day(D(2026, 3, 10), calendar=calendar)


def test_working_saturday_override_counts_as_working_day():
    override(D(2026, 3, 7), "work", "Làm việc bù")
    calendar = calendar_for(agency=None, years=[2026])
    assert is_working_day(D(2026, 3, 7), calendar=calendar)
    assert due_at(start=at(2026, 3, 6, 16), amount=1, unit="working_days") == at(2026, 3, 7, 16)


def test_a_work_override_makes_a_statutory_holiday_a_working_day():
    override(D(2026, 11, 24), "work", "Tỉnh làm việc ngày Văn hóa")
    calendar = calendar_for(agency=None, years=range(2026, 2027))
    assert is_working_day(D(2026, 11, 24), calendar=calendar)


def test_an_off_override_cancels_a_statutory_working_saturday():
    override(D(2026, 8, 22), "off", "Không làm bù")
    assert not is_working_day(D(2026, 8, 22), calendar=calendar_for(agency=None, years=[2026]))


def test_overrides_outside_the_years_are_not_loaded():
    override(D(2030, 3, 11), "off")
    calendar = calendar_for(agency=None, years=[2026])
    assert D(2030, 3, 11) not in calendar.days_off


def test_the_calendar_costs_at_most_three_queries_whatever_the_years(province, django_assert_max_num_queries):
    override(D(2026, 3, 10), "off")
    with django_assert_max_num_queries(3):
        calendar = calendar_for(agency=province.justice, years=range(2025, 2036))
    assert (calendar.first_year, calendar.last_year) == (2025, 2035)


def test_agency_working_hours_change_the_day_length(province):
    WorkingSchedule.objects.create(agency=province.commune_a, periods=[["07:00", "11:00"]])
    calendar = calendar_for(agency=province.commune_a, years=[2026])
    assert calendar.day_length == datetime.timedelta(hours=4)
    monday_morning = at(2026, 3, 9, 7)

    def one_day(agency):
        return due_at(start=monday_morning, amount=1, unit="working_days", agency=agency)

    assert one_day(province.commune_a) == at(2026, 3, 9, 11)  # 4 h
    assert one_day(province.justice) == at(2026, 3, 9, 17)  # 8 h, the default


def test_an_agency_without_hours_works_those_of_its_nearest_ancestor(province):
    desk = AgencyFactory(name="Bộ phận Một cửa Sở Tư pháp", parent=province.justice)
    WorkingSchedule.objects.create(agency=province.justice, periods=[["07:30", "11:30"], ["13:00", "17:00"]])
    hours = working_hours(agency=desk, on=D(2026, 1, 1))
    assert hours.source == "inherited"
    assert hours.inherited_from == "Sở Tư pháp"
    assert hours.periods[0][0] == datetime.time(7, 30)


def test_the_province_hours_apply_to_agencies_without_their_own(province):
    WorkingSchedule.objects.create(agency=None, periods=[["08:00", "12:00"], ["13:00", "17:00"]])
    assert working_hours(agency=province.justice, on=D(2026, 1, 1)).periods[0][0] == datetime.time(8)
    assert next_morning(province.justice) == at(2026, 3, 10, 8)


def next_morning(agency):
    return due_at(start=at(2026, 3, 9, 18), amount=0, unit="working_hours", agency=agency)


def test_without_any_schedule_the_hours_come_from_the_legal_rule():
    assert working_hours(agency=None, on=D(2026, 1, 1)).source == "rule"
    assert next_morning(None) == at(2026, 3, 10, 7)
    RuleValue.objects.create(
        key="calendar.default_working_periods",
        value=[["07:30", "11:30"], ["13:30", "17:30"]],
        effective_from=D(2026, 1, 1),
    )
    assert next_morning(None) == at(2026, 3, 10, 7, 30)


def test_only_one_province_wide_schedule_can_exist():
    WorkingSchedule.objects.create(agency=None, periods=[["07:00", "11:30"]])
    with pytest.raises(IntegrityError), transaction.atomic():
        WorkingSchedule.objects.create(agency=None, periods=[["08:00", "11:30"]])


def test_due_at_reads_a_naive_start_as_vietnamese_time():
    due = due_at(start=datetime.datetime(2025, 1, 24, 9), amount=3, unit="working_days")
    assert due.isoformat() == "2025-02-05T09:00:00+07:00"


def test_due_at_builds_enough_years_for_long_amounts():
    due = due_at(start=at(2025, 12, 30, 9), amount=600, unit="working_days")
    assert due.year == 2028
    due = due_at(start=at(2025, 12, 30, 9), amount=800, unit="calendar_days")
    assert due.year == 2028


def test_due_at_refuses_an_absurdly_long_amount():
    with pytest.raises(ValidationFailed, match="quá dài"):
        due_at(start=at(2025, 1, 2, 9), amount=1_000_000, unit="working_hours")


def test_days_off_lists_holidays_and_overrides_with_their_names():
    override(D(2026, 3, 10), "off", "Nghỉ bầu cử")
    listed = {day.date: day for day in days_off(2026)}
    assert listed[D(2026, 4, 27)].name == "Ngày Giỗ Tổ Hùng Vương (nghỉ bù)"
    assert listed[D(2026, 4, 27)].source == "statutory"
    assert listed[D(2026, 3, 10)].name == "Nghỉ bầu cử"
    assert listed[D(2026, 3, 10)].source == "override"
    assert listed[D(2026, 3, 10)].weekday == "Thứ Ba"
    assert list(listed) == sorted(listed)


def test_days_off_leave_out_a_holiday_the_province_made_a_working_day():
    override(D(2026, 11, 24), "work", "Làm việc")
    assert D(2026, 11, 24) not in {day.date for day in days_off(2026)}


def test_working_saturdays_list_the_government_swaps_and_the_province_overrides():
    override(D(2026, 3, 7), "work", "Làm bù ngày 10/03")
    listed = {day.date: day.name for day in working_saturdays(2026)}
    assert listed == {
        D(2026, 3, 7): "Làm bù ngày 10/03",
        D(2026, 8, 22): "Làm việc bù cho ngày nghỉ 31/08/2026",
    }


def test_hours_in_scope_lists_only_the_agencies_the_user_may_change(province):
    commune_rows = hours_in_scope(user=province.users.admin_commune_a, on=D(2026, 1, 1))
    assert [row.agency for row in commune_rows] == [province.commune_a]
    office_rows = hours_in_scope(user=province.users.admin_office, on=D(2026, 1, 1))
    assert office_rows[0].agency is None  # the province-wide hours come first
    assert len(office_rows) == 1 + 7
