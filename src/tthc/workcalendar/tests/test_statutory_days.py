"""The defaults the law sets, as computed by the holidays package (no database)."""

import datetime

from tthc.workcalendar.arithmetic import is_working_day
from tthc.workcalendar.statutory import is_statutory_working_day, statutory_days_off, statutory_working_days
from tthc.workcalendar.tests.calendars import statutory_calendar

D = datetime.date


def test_lunar_new_year_2026_is_off():
    calendar = statutory_calendar()
    tet = [D(2026, 2, 16), D(2026, 2, 17), D(2026, 2, 18), D(2026, 2, 19), D(2026, 2, 20)]
    assert all(not is_working_day(day, calendar=calendar) for day in tet)
    assert is_working_day(D(2026, 2, 23), calendar=calendar)
    assert statutory_days_off(2026)[D(2026, 2, 17)] == "Tết Nguyên Đán"


def test_hung_kings_day_is_off():
    assert statutory_days_off(2025)[D(2025, 4, 7)] == "Ngày Giỗ Tổ Hùng Vương"
    assert not is_working_day(D(2025, 4, 7), calendar=statutory_calendar())


def test_compensatory_day_is_off():
    # Hung Kings day 2026 falls on Sunday 26 April: Monday 27 April is taken off instead.
    assert not is_working_day(D(2026, 4, 27), calendar=statutory_calendar())
    assert "nghỉ bù" in statutory_days_off(2026)[D(2026, 4, 27)]


def test_reunification_day_and_labour_day_are_off():
    calendar = statutory_calendar()
    assert not is_working_day(D(2026, 4, 30), calendar=calendar)
    assert not is_working_day(D(2026, 5, 1), calendar=calendar)


def test_national_day_and_its_adjacent_day_are_off():
    calendar = statutory_calendar()
    assert not is_working_day(D(2025, 9, 1), calendar=calendar)
    assert not is_working_day(D(2025, 9, 2), calendar=calendar)
    assert is_working_day(D(2025, 9, 3), calendar=calendar)


def test_new_years_day_is_off():
    assert not is_working_day(D(2027, 1, 1), calendar=statutory_calendar())


def test_a_government_swap_makes_a_saturday_a_working_day_and_a_weekday_off():
    # 2025: Friday 2 May off in exchange for Saturday 26 April worked.
    calendar = statutory_calendar()
    assert is_working_day(D(2025, 4, 26), calendar=calendar)
    assert not is_working_day(D(2025, 5, 2), calendar=calendar)
    assert statutory_working_days(2025) == {D(2025, 4, 26): "Làm việc bù cho ngày nghỉ 02/05/2025"}


def test_an_ordinary_saturday_is_not_a_statutory_working_day():
    assert not is_statutory_working_day(D(2026, 3, 7))
    assert is_statutory_working_day(D(2026, 3, 6))
    assert is_statutory_working_day(D(2026, 8, 22))  # the swapped Saturday of 2026
