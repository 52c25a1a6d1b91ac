"""Timeframe strings of real plans and their expected parse (conventions: :mod:`tthc.plans.timeframes`)."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tthc.plans.timeframes import RECURRENCES, Timeframe, parse_timeframe


def d(text: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(text) if text else None


# (text, plan year, start, end, recurrence): the examples first, then what other plans write.
EXAMPLES = [
    ("Quý I/2022", 2022, "2022-01-01", "2022-03-31", "once"),
    ("Quý I-II/ 2019", 2019, "2019-01-01", "2019-06-30", "once"),
    ("Quý II, III/2021", 2021, "2021-04-01", "2021-09-30", "once"),
    ("Quý III hoặc quý IV/2019", 2019, "2019-07-01", "2019-12-31", "once"),
    ("Tháng 01/2021", 2021, "2021-01-01", "2021-01-31", "once"),
    ("Tháng 12/2018", 2019, "2018-12-01", "2018-12-31", "once"),
    ("Trước ngày 15/8/2022", 2022, None, "2022-08-15", "once"),
    ("Trước 15/02/2024", 2024, None, "2024-02-15", "once"),
    ("Hoàn thành trước ngày 31/3/2021", 2021, None, "2021-03-31", "once"),
    ("Quý III/2019 (trước ngày 15/7/2019)", 2019, "2019-07-01", "2019-07-15", "once"),
    ("Thực hiện từ tháng 01 - 12/2021", 2021, "2021-01-01", "2021-12-31", "continuous"),
    ("Thường xuyên", 2021, "2021-01-01", "2021-12-31", "continuous"),
    ("Thường xuyên trong năm 2022", 2021, "2022-01-01", "2022-12-31", "continuous"),
    ("Trong năm", 2021, "2021-01-01", "2021-12-31", "once"),
    ("Năm 2022", 2022, "2022-01-01", "2022-12-31", "once"),
    ("Hàng tháng", 2022, "2022-01-01", "2022-12-31", "monthly"),
    ("Định kỳ hàng quý", 2022, "2022-01-01", "2022-12-31", "quarterly"),
    ("6 tháng đầu năm và cuối năm 2022", 2022, "2022-01-01", "2022-12-31", "unspecified"),
    ("Khi có yêu cầu của Sở Thông tin và Truyền thông", 2022, None, None, "on_event"),
    ("Khi có thay đổi, thực hiện theo Quý", 2022, None, None, "on_event"),
    ("Theo Kế hoạch của Cục Kiểm soát TTHC", 2021, None, None, "unspecified"),
    # Case, diacritics, numerals, spacing and line breaks as documents have them.
    ("QUÝ I/2022", 2022, "2022-01-01", "2022-03-31", "once"),
    ("quy i/2022", 2022, "2022-01-01", "2022-03-31", "once"),
    ("Quý 1/2022", 2022, "2022-01-01", "2022-03-31", "once"),
    ("Quý 1 năm 2022", 2021, "2022-01-01", "2022-03-31", "once"),
    ("Quý IV", 2022, "2022-10-01", "2022-12-31", "once"),
    ("Quý\nII /  2022", 2022, "2022-04-01", "2022-06-30", "once"),
    ("Quý II và quý III năm 2022", 2022, "2022-04-01", "2022-09-30", "once"),
    ("Tháng 6/2022", 2022, "2022-06-01", "2022-06-30", "once"),
    ("Tháng 02", 2024, "2024-02-01", "2024-02-29", "once"),
    ("tháng 3 - tháng 5/2022", 2022, "2022-03-01", "2022-05-31", "once"),
    ("Thang 12 nam 2022", None, "2022-12-01", "2022-12-31", "once"),
    ("Trước ngày 5/9/2022", 2022, None, "2022-09-05", "once"),
    ("trước ngày 20 tháng 01 năm 2022", 2022, None, "2022-01-20", "once"),
    ("Chậm nhất ngày 30/6", 2023, None, "2023-06-30", "once"),
    ("Trước 30/6 hàng năm", 2023, None, "2023-06-30", "yearly"),
    ("Hàng năm", 2023, "2023-01-01", "2023-12-31", "yearly"),
    ("Thường\nxuyên", 2023, "2023-01-01", "2023-12-31", "continuous"),
    ("Thường xuân trong năm 2022", 2022, "2022-01-01", "2022-12-31", "continuous"),
    ("thuong xuyen", 2023, "2023-01-01", "2023-12-31", "continuous"),
    ("Từ ngày 01/3/2022 đến ngày 30/6/2022", 2022, "2022-03-01", "2022-06-30", "continuous"),
    ("Quý IV/2021 hoặc đột xuất", 2021, "2021-10-01", "2021-12-31", "once"),
    ("Đột xuất", 2021, None, None, "on_event"),
    ("Theo yêu cầu và Kế hoạch của Văn phòng Chính phủ", 2022, None, None, "on_event"),
    ("Tháng 6 và tháng 12", 2022, "2022-06-01", "2022-12-31", "unspecified"),
    ("Quý I, Quý II, Quý III và I năm", 2021, "2021-01-01", "2021-12-31", "quarterly"),
    ("Báo cáo quý I, II, III và năm 2022", 2022, "2022-01-01", "2022-12-31", "quarterly"),
    ("Tháng 3, tháng 6, tháng 9", 2022, "2022-03-01", "2022-09-30", "quarterly"),
    ("Tháng 3, 6, 9, 12", 2023, "2023-03-01", "2023-12-31", "quarterly"),
    ("Tháng 1, 2, 3", 2023, "2023-01-01", "2023-03-31", "monthly"),
    ("Định kỳ 6 tháng", 2023, "2023-01-01", "2023-12-31", "unspecified"),
    ("Báo cáo 6 tháng và năm", 2023, "2023-01-01", "2023-12-31", "unspecified"),
    ("2023", 2023, "2023-01-01", "2023-12-31", "once"),
    ("2024", 2023, "2024-01-01", "2024-12-31", "once"),
    ("Tháng 12/2021; Trước 31/12/2021", 2022, "2021-12-01", "2021-12-31", "once"),
    ("", 2022, None, None, "unspecified"),
    ("Theo tiến độ của dự án", 2022, None, None, "unspecified"),
]


@pytest.mark.parametrize(("text", "year", "start", "end", "recurrence"), EXAMPLES)
def test_timeframe_examples_parse_to_their_span_and_recurrence(text, year, start, end, recurrence):
    timeframe = parse_timeframe(text, year=year)

    assert (timeframe.start, timeframe.end, timeframe.recurrence) == (d(start), d(end), recurrence)


def test_the_text_is_kept_as_written_with_its_white_space_collapsed():
    assert parse_timeframe("  Quý\nI/2022 ", year=None).text == "Quý I/2022"


def test_without_any_year_the_recurrence_is_known_but_the_dates_are_not():
    assert parse_timeframe("Quý II", year=None) == Timeframe(text="Quý II", recurrence="once")
    assert parse_timeframe("Thường xuyên", year=None) == Timeframe(
        text="Thường xuyên", recurrence="continuous"
    )


def test_enumerated_periods_are_kept_one_occurrence_each():
    quarterly = parse_timeframe("Quý I, Quý II, Quý III và I năm", year=2021)
    twice = parse_timeframe("6 tháng đầu năm và cuối năm 2022", year=2022)

    assert quarterly.periods == (
        (d("2021-01-01"), d("2021-03-31")),
        (d("2021-04-01"), d("2021-06-30")),
        (d("2021-07-01"), d("2021-09-30")),
        (d("2021-01-01"), d("2021-12-31")),
    )
    assert twice.periods == ((d("2022-01-01"), d("2022-06-30")), (d("2022-07-01"), d("2022-12-31")))
    assert parse_timeframe("Quý I/2022", year=2022).periods == ()


@pytest.mark.parametrize(
    ("text", "periods"),
    [
        ("Định kỳ 6 tháng", (("2023-01-01", "2023-06-30"), ("2023-07-01", "2023-12-31"))),
        ("6 tháng đầu năm và cuối năm 2023", (("2023-01-01", "2023-06-30"), ("2023-07-01", "2023-12-31"))),
        ("Báo cáo 6 tháng và năm", (("2023-01-01", "2023-06-30"), ("2023-01-01", "2023-12-31"))),
        ("Tháng 6 và tháng 12", (("2023-06-01", "2023-06-30"), ("2023-12-01", "2023-12-31"))),
    ],
)
def test_half_yearly_keeps_the_json_recurrence_in_the_contract_and_its_two_periods(text, periods):
    timeframe = parse_timeframe(text, year=2023)

    assert timeframe.as_json()["recurrence"] == "unspecified"
    assert (timeframe.cadence, timeframe.stored_recurrence) == ("half_yearly", "half_yearly")
    assert timeframe.periods == tuple((d(start), d(end)) for start, end in periods)


def test_quarter_end_months_are_quarterly_with_one_period_each():
    timeframe = parse_timeframe("Tháng 3, 6, 9, 12", year=2023)

    assert [end for _, end in timeframe.periods] == [
        d("2023-03-31"),
        d("2023-06-30"),
        d("2023-09-30"),
        d("2023-12-31"),
    ]


def test_impossible_dates_and_numbers_are_ignored_rather_than_raised():
    assert parse_timeframe("Trước ngày 31/2/2022", year=2022) == Timeframe(text="Trước ngày 31/2/2022")
    assert parse_timeframe("Tháng 13/2022", year=None).recurrence == "unspecified"
    assert parse_timeframe("Quý 5", year=2022).recurrence == "unspecified"


def test_the_json_form_has_iso_dates():
    assert parse_timeframe("Trước ngày 15/8/2022", year=2022).as_json() == {
        "text": "Trước ngày 15/8/2022",
        "start": None,
        "end": "2022-08-15",
        "recurrence": "once",
    }


_WORDS = st.sampled_from(
    ["Quý", "quý", "I", "II", "IV", "1", "tháng", "Tháng", "năm", "ngày", "trước", "từ", "đến", "hoặc",
     "và", "hàng", "thường xuyên", "trong", "6 tháng đầu năm", "cuối năm", "khi có", "/", "-", ",", ";",
     "2022", "31", "12", "30/6", "15/8/2022", "0/0/0000", "99/99/9999", "(", ")"]
)  # fmt: skip


@given(text=st.text(), year=st.one_of(st.none(), st.integers(min_value=-(10**6), max_value=10**6)))
def test_any_text_parses_without_raising_and_never_ends_before_it_starts(text, year):
    timeframe = parse_timeframe(text, year=year)

    assert timeframe.recurrence in RECURRENCES
    if timeframe.start and timeframe.end:
        assert timeframe.start <= timeframe.end


@given(words=st.lists(_WORDS, max_size=12), year=st.one_of(st.none(), st.integers(1900, 2199)))
def test_timeframe_like_text_parses_without_raising_and_its_periods_lie_within_its_span(words, year):
    timeframe = parse_timeframe(" ".join(words), year=year)

    assert timeframe.recurrence in RECURRENCES
    if timeframe.start and timeframe.end:
        assert timeframe.start <= timeframe.end
    for start, end in timeframe.periods:
        assert start <= end
        assert timeframe.start <= start and end <= timeframe.end
