"""The competent agency's working calendar around an instant.

Built from the database on each call (at most three queries; the statutory days off are cached by year in
:mod:`tthc.workcalendar.statutory`), so an administrator's change to days off or hours applies at once.
"""

from __future__ import annotations

import datetime

from tthc.organisation.models import Agency
from tthc.workcalendar.arithmetic import WorkingCalendar
from tthc.workcalendar.selectors import calendar_for

# Legal time limits of dossiers are weeks, rarely months; the year before (for instants near 1 January looked
# at backwards) and three after cover every limit and reschedule.
YEARS_BEFORE, YEARS_AFTER = 1, 3


def calendar_around(agency: Agency | None, instant: datetime.datetime) -> WorkingCalendar:
    year = instant.year
    # The hours in force on the instant's day: a later change of an agency's hours does not move deadlines
    # computed from an earlier day.
    return calendar_for(
        agency=agency, years=range(year - YEARS_BEFORE, year + YEARS_AFTER + 1), on=instant.date()
    )
