"""Setting working hours of an agency or the province (services), with who may do it."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from tthc.core.errors import PermissionDenied, ValidationFailed
from tthc.workcalendar.models import WorkingSchedule
from tthc.workcalendar.periods import parse_periods_text
from tthc.workcalendar.selectors import working_hours
from tthc.workcalendar.services import clear_working_periods, set_working_periods

pytestmark = pytest.mark.django_db
ON = datetime.date(2026, 1, 1)


def test_an_administrator_sets_the_hours_of_an_agency_in_scope(province):
    set_working_periods(
        agency=province.commune_a,
        periods=[["7:30", "11:30"], ["13:00", "17:00"]],
        user=province.users.admin_commune_a,
    )
    schedule = WorkingSchedule.objects.get(agency=province.commune_a)
    assert schedule.periods == [["07:30", "11:30"], ["13:00", "17:00"]]
    assert working_hours(agency=province.commune_a, on=ON).source == "own"


def test_setting_the_hours_again_replaces_them(province):
    admin = province.users.admin_commune_a
    set_working_periods(agency=province.commune_a, periods=[["07:00", "11:00"]], user=admin)
    set_working_periods(agency=province.commune_a, periods=[["08:00", "12:00"]], user=admin)
    assert list(WorkingSchedule.objects.values_list("periods", flat=True)) == [[["08:00", "12:00"]]]


def test_another_agencys_administrator_cannot_set_its_hours(province):
    with pytest.raises(PermissionDenied):
        set_working_periods(
            agency=province.justice, periods=[["07:00", "11:00"]], user=province.users.admin_commune_a
        )
    assert not WorkingSchedule.objects.exists()


def test_the_province_hours_need_a_role_reaching_the_whole_province(province):
    with pytest.raises(PermissionDenied):
        set_working_periods(agency=None, periods=[["07:00", "11:00"]], user=province.users.admin_commune_a)
    set_working_periods(agency=None, periods=[["07:00", "11:00"]], user=province.users.admin_office)
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
        set_working_periods(agency=province.commune_a, periods=periods, user=province.users.admin_office)
    assert not WorkingSchedule.objects.exists()


def test_periods_typed_in_a_form_are_read():
    periods = parse_periods_text("07:00-11:30, 13:30 – 17:00")
    assert [(s.strftime("%H:%M"), e.strftime("%H:%M")) for s, e in periods] == [
        ("07:00", "11:30"),
        ("13:30", "17:00"),
    ]
    with pytest.raises(ValidationFailed, match="không phải một khoảng giờ"):
        parse_periods_text("07:00 đến 11:30")


def test_clearing_an_agencys_hours_gives_it_the_inherited_hours_again(province):
    admin = province.users.admin_commune_a
    set_working_periods(agency=province.commune_a, periods=[["07:00", "11:00"]], user=admin)
    clear_working_periods(agency=province.commune_a, user=admin)
    assert working_hours(agency=province.commune_a, on=ON).source == "rule"


def test_the_admin_screen_refuses_unusable_periods(province):
    schedule = WorkingSchedule(agency=province.justice, periods=[["17:00", "07:00"]])
    with pytest.raises(ValidationError, match="phải trước giờ kết thúc"):
        schedule.full_clean()
