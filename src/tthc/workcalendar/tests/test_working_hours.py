"""Setting working hours of an agency or the province (services), with who may do it, and their history:
a change applies from a day on, so the hours of earlier days stay as they were."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from tthc.core.errors import PermissionDenied, ValidationFailed
from tthc.core.timezone import VIETNAM
from tthc.workcalendar.models import WorkingSchedule
from tthc.workcalendar.periods import format_periods, parse_periods_text
from tthc.workcalendar.selectors import due_at, schedule_history, working_hours
from tthc.workcalendar.services import clear_working_periods, set_working_periods

pytestmark = pytest.mark.django_db
ON = datetime.date(2026, 1, 1)


def test_an_administrator_sets_the_hours_of_an_agency_in_scope(province):
    set_working_periods(
        agency=province.commune_a,
        periods=[["7:30", "11:30"], ["13:00", "17:00"]],
        user=province.users.admin_commune_a,
        valid_from=ON,
    )
    schedule = WorkingSchedule.objects.get(agency=province.commune_a)
    assert schedule.periods == [["07:30", "11:30"], ["13:00", "17:00"]]
    assert working_hours(agency=province.commune_a, on=ON).source == "own"


def test_setting_the_hours_of_the_same_day_again_replaces_them(province):
    admin = province.users.admin_commune_a
    set_working_periods(agency=province.commune_a, periods=[["07:00", "11:00"]], user=admin, valid_from=ON)
    set_working_periods(agency=province.commune_a, periods=[["08:00", "12:00"]], user=admin, valid_from=ON)
    assert list(WorkingSchedule.objects.values_list("periods", flat=True)) == [[["08:00", "12:00"]]]


def test_a_change_from_a_later_day_keeps_the_earlier_hours_for_the_days_before(province):
    admin = province.users.admin_commune_a
    later = datetime.date(2026, 3, 1)
    set_working_periods(agency=province.commune_a, periods=[["07:00", "11:00"]], user=admin, valid_from=ON)
    set_working_periods(agency=province.commune_a, periods=[["08:00", "12:00"]], user=admin, valid_from=later)
    assert WorkingSchedule.objects.filter(agency=province.commune_a).count() == 2
    before = working_hours(agency=province.commune_a, on=datetime.date(2026, 2, 27))
    after = working_hours(agency=province.commune_a, on=later)
    assert format_periods(before.periods) == "07:00–11:00" and before.valid_from == ON
    assert format_periods(after.periods) == "08:00–12:00" and after.valid_from == later
    # Before the first schedule the commune worked the legal default.
    assert working_hours(agency=province.commune_a, on=datetime.date(2025, 12, 31)).source == "rule"


def test_a_deadline_counts_in_the_hours_in_force_on_its_start_day(province):
    admin = province.users.admin_office
    change = datetime.date(2026, 3, 9)
    set_working_periods(agency=None, periods=[["07:00", "11:00"]], user=admin, valid_from=change)
    # Four working hours from Monday 09:00: on 2 March, in the default hours (09:00-11:30, 13:30-15:00), they
    # end at 15:00; on 9 March, in the mornings-only hours then in force, at 09:00 the next day.
    first = due_at(start=datetime.datetime(2026, 3, 2, 9, 0, tzinfo=VIETNAM), amount=4, unit="working_hours")
    second = due_at(start=datetime.datetime(2026, 3, 9, 9, 0, tzinfo=VIETNAM), amount=4, unit="working_hours")
    assert first == datetime.datetime(2026, 3, 2, 15, 0, tzinfo=VIETNAM)
    assert second == datetime.datetime(2026, 3, 10, 9, 0, tzinfo=VIETNAM)


def test_setting_the_hours_already_worked_writes_nothing(province):
    admin = province.users.admin_commune_a
    set_working_periods(agency=province.commune_a, periods=[["07:00", "11:00"]], user=admin, valid_from=ON)
    later = datetime.date(2026, 3, 1)
    set_working_periods(agency=province.commune_a, periods=[["07:00", "11:00"]], user=admin, valid_from=later)
    assert WorkingSchedule.objects.count() == 1


def test_another_agencys_administrator_cannot_set_its_hours(province):
    with pytest.raises(PermissionDenied):
        set_working_periods(
            agency=province.justice,
            periods=[["07:00", "11:00"]],
            user=province.users.admin_commune_a,
            valid_from=ON,
        )
    assert not WorkingSchedule.objects.exists()


def test_the_province_hours_need_a_role_reaching_the_whole_province(province):
    with pytest.raises(PermissionDenied):
        set_working_periods(
            agency=None, periods=[["07:00", "11:00"]], user=province.users.admin_commune_a, valid_from=ON
        )
    set_working_periods(
        agency=None, periods=[["07:00", "11:00"]], user=province.users.admin_office, valid_from=ON
    )
    assert working_hours(agency=province.justice, on=ON).inherited_from == "toàn tỉnh"


@pytest.mark.parametrize(
    ("periods", "message"),
    [
        ([["13:30", "17:00"], ["07:00", "11:30"]], "theo thứ tự thời gian và không chồng lên nhau"),
        ([["07:00", "12:00"], ["11:00", "17:00"]], "không chồng lên nhau"),
        ([["11:30", "07:00"]], "phải trước giờ kết thúc"),
        ([["07:00", "25:00"]], "«25:00» không hợp lệ"),
        ([], "ít nhất một khoảng giờ"),
        ([["07:00"]], "đúng hai mốc giờ"),
    ],
)
def test_unusable_periods_are_refused_and_nothing_is_written(province, periods, message):
    with pytest.raises(ValidationFailed, match=message):
        set_working_periods(
            agency=province.commune_a, periods=periods, user=province.users.admin_office, valid_from=ON
        )
    assert not WorkingSchedule.objects.exists()


def test_periods_typed_in_a_form_are_read():
    periods = parse_periods_text("07:00-11:30, 13:30 – 17:00")
    assert [(s.strftime("%H:%M"), e.strftime("%H:%M")) for s, e in periods] == [
        ("07:00", "11:30"),
        ("13:30", "17:00"),
    ]
    with pytest.raises(ValidationFailed, match="không phải một khoảng giờ"):
        parse_periods_text("07:00 đến 11:30")


def test_clearing_an_agencys_hours_gives_it_the_inherited_hours_from_that_day_on(province):
    admin = province.users.admin_commune_a
    set_working_periods(agency=province.commune_a, periods=[["07:00", "11:00"]], user=admin, valid_from=ON)
    cleared = datetime.date(2026, 2, 2)
    clear_working_periods(agency=province.commune_a, user=admin, valid_from=cleared)
    assert working_hours(agency=province.commune_a, on=cleared).source == "rule"
    assert working_hours(agency=province.commune_a, on=ON).source == "own"
    assert [s.valid_from for s in schedule_history(agency=province.commune_a)] == [cleared, ON]


def test_the_admin_screen_refuses_unusable_periods(province):
    schedule = WorkingSchedule(agency=province.justice, periods=[["17:00", "07:00"]])
    with pytest.raises(ValidationError, match="phải trước giờ kết thúc"):
        schedule.full_clean()
