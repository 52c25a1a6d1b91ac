"""The days off and swapped working days the law sets, computed by the ``holidays`` package (in Vietnamese).

Labour Code 2019 art. 112: 1 January; Lunar New Year (5 days, placed by the Prime Minister each year); Hung
Kings day (10th day of the 3rd lunar month); 30 April; 1 May; National Day 2 September and one adjacent day;
since 2026 Vietnamese Culture Day (24 November). A holiday falling on a weekend is compensated on the next
working day (art. 111). The package also knows the yearly swaps the government announces for civil servants: a
weekday off in exchange for a Saturday worked ("làm bù"); :func:`statutory_working_days` returns those
Saturdays.

These are *defaults*: the administrators' override table (``CalendarOverride``) wins over them.
"""

from __future__ import annotations

import datetime
from functools import lru_cache
from types import MappingProxyType

import holidays


@lru_cache(maxsize=256)
def _country(year: int) -> holidays.HolidayBase:
    # The swaps of a year may name a Saturday of the year before (2015 swapped 2 Jan for 27 Dec 2014),
    # so each year is computed together with the next one.
    return holidays.country_holidays("VN", years=[year, year + 1], language="vi")


@lru_cache(maxsize=256)
def statutory_days_off(year: int) -> MappingProxyType[datetime.date, str]:
    """The public holidays and compensatory days off of ``year``, with their Vietnamese names."""
    return MappingProxyType({day: name for day, name in sorted(_country(year).items()) if day.year == year})


@lru_cache(maxsize=256)
def statutory_working_days(year: int) -> MappingProxyType[datetime.date, str]:
    """The weekend days of ``year`` that are worked in exchange for a weekday off ("làm bù"), with a name."""
    country = _country(year)
    named = {}
    for day in sorted(d for d in country.weekend_workdays if d.year == year):
        label = day.strftime("%d/%m/%Y")
        # The package names the swapped day off "Ngày nghỉ (thay cho ngày 26/04/2025)": find it to say which.
        swapped = next((d for d, name in sorted(country.items()) if label in name), None)
        named[day] = f"Làm việc bù cho ngày nghỉ {swapped:%d/%m/%Y}" if swapped else "Ngày làm việc bù"
    return MappingProxyType(named)


def is_statutory_working_day(day: datetime.date) -> bool:
    """Whether ``day`` is a working day by the defaults alone (no override considered)."""
    if day in statutory_working_days(day.year):
        return True
    return day.weekday() < 5 and day not in statutory_days_off(day.year)
