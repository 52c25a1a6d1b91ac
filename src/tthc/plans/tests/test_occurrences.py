"""Recurring tasks produce one occurrence per period, each with its own due date."""

import datetime

import pytest

from tthc.plans.occurrences import periods_of
from tthc.plans.timeframes import parse_timeframe

D = datetime.date


def periods(text, year=2026):
    return periods_of(parse_timeframe(text, year=year), year=year)


def test_a_quarterly_task_has_four_occurrences_due_at_each_quarters_end():
    result = periods("Định kỳ hàng quý")

    assert [p.label for p in result] == ["Quý I/2026", "Quý II/2026", "Quý III/2026", "Quý IV/2026"]
    assert [p.due for p in result] == [D(2026, 3, 31), D(2026, 6, 30), D(2026, 9, 30), D(2026, 12, 31)]


def test_a_monthly_task_has_twelve_occurrences():
    result = periods("Hàng tháng")

    assert len(result) == 12
    assert result[1].due == D(2026, 2, 28)
    assert result[11].label == "Tháng 12/2026"


def test_a_once_task_has_one_occurrence_due_at_its_end():
    assert [(p.label, p.due) for p in periods("Quý I/2026")] == [("Quý I/2026", D(2026, 3, 31))]
    (only,) = periods("Trước ngày 15/8/2026")
    assert only.due == D(2026, 8, 15)
    assert only.start is None


@pytest.mark.parametrize("text", ["Thường xuyên", "Trong năm"])
def test_a_continuous_or_yearly_task_has_one_occurrence_spanning_the_year(text):
    (only,) = periods(text)

    assert (only.start, only.due, only.label) == (D(2026, 1, 1), D(2026, 12, 31), "Năm 2026")


def test_enumerated_quarters_and_the_years_report_are_one_occurrence_each():
    result = periods("Quý I, Quý II, Quý III và năm 2026")

    assert [p.due for p in result] == [D(2026, 3, 31), D(2026, 6, 30), D(2026, 9, 30), D(2026, 12, 31)]


def test_an_event_task_or_one_without_date_has_one_occurrence_without_due_date():
    assert [p.due for p in periods("Khi có yêu cầu")] == [None]
    assert [p.due for p in periods("Theo Kế hoạch của Cục Kiểm soát TTHC")] == [None]


def test_a_monthly_task_over_part_of_the_year_covers_only_those_months():
    result = periods("Hàng tháng từ tháng 7 đến tháng 12/2026")

    assert result[0].label == "Tháng 07/2026"
    assert len(result) == 6
