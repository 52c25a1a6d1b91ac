"""Timeframes of plan tasks: "Quý I/2022", "Trước ngày 15/8/2022", "Thường xuyên" → start, end, recurrence.

:func:`parse_timeframe` never raises: what it does not understand keeps its text with recurrence
``"unspecified"`` and no dates. The text is folded (:func:`tthc.core.folding.fold`) before matching, so case,
missing diacritics, line breaks and extra spaces do not matter; quarters may be roman or arabic ("Quý 1").

Conventions (the tracker builds occurrences and due dates on them):

* A month, quarter, half-year or year spans its first to its last day. A range or an alternative of periods
  ("Quý I-II/2019", "Quý III hoặc quý IV/2019", "Thực hiện từ tháng 01 - 12/2021") spans from the first
  period's start to the last period's end; so do two adjacent quarters or months in a list ("Quý II, III").
* A date is a deadline: it becomes the end, and it wins over a period ("Quý III/2019 (trước ngày 15/7/2019)"
  ends on 15/7/2019 and starts on 1/7/2019). A deadline alone ("Trước ngày 15/8/2022") has no start: the
  document states none, and the plan year's first day is not invented (``start`` is None).
* "Thường xuyên" (continuous) and "Trong năm" / "Năm 2022" (once) span the year they name, else the plan
  year. "Hàng tháng", "Định kỳ hàng quý", "hàng năm" (monthly / quarterly / yearly) span the plan year too,
  unless the text names another span; "Trước 30/6 hàng năm" is yearly, ends 30/6 of the plan year, no start.
* An enumeration of separate periods keeps them in :attr:`Timeframe.periods`, one occurrence each for the
  tracker: three or more quarters (with or without the year's report: "Quý I, Quý II, Quý III và năm") are
  ``"quarterly"``, and so are the months ending quarters ("Tháng 3, 6, 9, 12"); three or more other months
  are ``"monthly"``.
* Half-yearly ("Định kỳ 6 tháng", "Báo cáo 6 tháng và năm", "6 tháng đầu năm và cuối năm 2022", "Tháng 6
  và tháng 12") has no value in the JSON contract's set (once, continuous, monthly, quarterly, yearly,
  on_event, unspecified), and none of those says it: ``recurrence`` stays ``"unspecified"`` (the JSON of
  ``tthc plan parse`` and of the API keep to the set), :attr:`Timeframe.cadence` is ``"half_yearly"`` and
  the periods are the halves (or the half and the year), so the tracker makes one occurrence each and the
  task is stored as half-yearly. Other enumerations are ``"unspecified"`` with their periods.
* A bare year ("2023") is that year, once.
* "Khi có …", "Theo yêu cầu …" (at the start) are ``"on_event"`` without dates; "đột xuất" is on_event only
  when nothing else is named ("Quý IV/2021 hoặc đột xuất" is once, in Q4). "Theo Kế hoạch …" names no time:
  ``"unspecified"``.
* Without a year in the text or the plan, periods have no dates; the recurrence is still set.
* A period's year is the next year written after it ("Quý II, III/2021"), else the last one before it, else
  the plan year.
"""

from __future__ import annotations

import calendar
import datetime
import itertools
import re
from dataclasses import dataclass, field

from tthc.core.folding import fold

RECURRENCES = ("once", "continuous", "monthly", "quarterly", "yearly", "on_event", "unspecified")

_MIN_YEAR, _MAX_YEAR = 1900, 2199
_ANY_YEAR = 2000  # stands in for an unknown year when only the shape of the periods matters (a leap year)
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}

# One alternation scanned left to right; at one position the first alternative that matches wins, so the
# specific phrases come before the generic numbers and connectors.
_PATTERNS = [
    ("date_long", r"ngay\s*(?P<ld>\d{1,2})\s*thang\s*(?P<lm>\d{1,2})(?:\s*nam\s*(?P<ly>\d{4}))?(?!\d)"),
    (
        "half_yearly",
        r"(?<![a-z])(?:dinh\s*ky|hang|moi)\s*6\s*thang(?!\s*(?:dau|cuoi))|6\s*thang\s*(?:mot|1)\s*lan",
    ),
    ("first_half", r"6\s*thang\s*dau(?:\s*nam)?"),
    ("half_report", r"(?<![a-z0-9/])6\s*thang(?!\s*(?:dau|cuoi|\d))"),
    ("second_half", r"6\s*thang\s*cuoi(?:\s*nam)?"),
    ("whole_year", r"(?<![a-z0-9])(?:1|i|mot|ca)\s+nam(?!\s*\d)"),
    ("within_year", r"(?<![a-z])trong\s*(?:ca\s*)?nam(?:\s*(?P<wy>\d{4})(?!\d))?"),
    ("monthly", r"(?<![a-z])(?:hang|moi)\s*thang"),
    ("quarterly", r"(?<![a-z])(?:hang|moi)\s*quy|(?<![a-z])theo\s*(?:tung\s*)?quy(?=\s*(?:$|[,.;)]))"),
    ("yearly", r"(?<![a-z])(?:hang|moi)\s*nam"),
    ("continuous", r"(?<![a-z])thuong\s*xu[a-z]*|(?<![a-z])lien\s*tuc"),
    ("event", r"(?<![a-z])khi\s*(?:co|can)(?![a-z])|(?<![a-z])theo\s*yeu\s*cau|(?<![a-z])dot\s*xuat"),
    ("from", r"(?<![a-z])tu(?=\s*(?:thang|ngay|quy|nam|\d))"),
    ("quarter", r"(?<![a-z])quy\s*(?P<q>iv|iii|ii|i|[1-4])(?![a-z0-9])"),
    ("month", r"(?<![a-z])thang\s*(?P<mo>\d{1,2})(?!\d)"),
    ("year_end", r"(?<![a-z])cuoi\s*nam"),
    ("year_nam", r"(?<![a-z])nam\s*(?P<ny>\d{4})(?!\d)"),
    (
        "date",
        r"(?<![\d/.])(?P<d>\d{1,2})(?:\s*/\s*|[.-])(?P<m>\d{1,2})"
        r"(?:(?:\s*/\s*|[.-])(?P<y>\d{4}|\d{2}(?!\d)))?(?![\d/])",
    ),
    ("month_year", r"(?<![\d/.])(?P<mym>\d{1,2})\s*/\s*(?P<myy>\d{4})(?!\d)"),
    ("year_slash", r"/\s*(?P<sy>\d{4})(?!\d)"),
    ("year_bare", r"(?<!\d)(?P<by>(?:19|20|21)\d\d)(?!\d)"),
    ("or", r"(?<![a-z])hoac(?![a-z])"),
    ("year_report", r"(?<![a-z])(?:va|,)\s*(?:ca\s*)?nam(?!\s*\d)(?![a-z])"),
    ("range", r"-|(?<![a-z])(?:den|toi)(?![a-z])"),
    ("and", r"(?<![a-z])va(?![a-z])|[,;+&]"),
    ("roman", r"(?<![a-z0-9])(?P<r>iv|iii|ii|i)(?![a-z0-9])"),
    ("number", r"(?<![\d/.])(?P<n>\d{1,2})(?!\d)"),
]
_TOKENS = re.compile("|".join(f"(?P<_{kind}>{pattern})" for kind, pattern in _PATTERNS))
_STARTS_WITH_EVENT = re.compile(r"^[^a-z0-9]*(?:khi(?![a-z])|theo\s*yeu\s*cau|dot\s*xuat)")
_BARE_YEAR = re.compile(r"[^a-z0-9]*(?:19|20|21)\d\d[^a-z0-9]*")
_DASHES = str.maketrans({"–": "-", "—": "-", "−": "-", "‐": "-", "‑": "-"})


@dataclass(frozen=True)
class Timeframe:
    """When a task is due, as the document says it (``text``) and as dates."""

    text: str
    start: datetime.date | None = None
    end: datetime.date | None = None
    recurrence: str = "unspecified"
    # Separate periods the text enumerates ("Quý I, Quý II, Quý III và năm"): one occurrence each.
    periods: tuple[tuple[datetime.date, datetime.date], ...] = field(default=())
    # A cadence the JSON contract has no value for ("half_yearly"); "" otherwise (see the module's doc).
    cadence: str = ""

    @property
    def stored_recurrence(self) -> str:
        """What a task stores: the cadence when there is one, else the recurrence."""
        return self.cadence or self.recurrence

    def as_json(self) -> dict:
        return {
            "text": self.text,
            "start": self.start.isoformat() if self.start else None,
            "end": self.end.isoformat() if self.end else None,
            "recurrence": self.recurrence,
        }


@dataclass
class _Period:
    kind: str  # "month", "quarter", "half", "year"
    value: int  # month 1-12, quarter 1-4, half 1-2; 0 for a year
    joiner: str | None  # how it is joined to the previous period: "and", "or", "range"
    year: int | None = None

    def span(self) -> tuple[datetime.date, datetime.date] | None:
        if self.year is None:
            return None
        first_month, months = {
            "month": (self.value, 1),
            "quarter": (3 * self.value - 2, 3),
            "half": (6 * self.value - 5, 6),
            "year": (1, 12),
        }[self.kind]
        last_month = first_month + months - 1
        last_day = calendar.monthrange(self.year, last_month)[1]
        return datetime.date(self.year, first_month, 1), datetime.date(self.year, last_month, last_day)


@dataclass
class _Item:
    """One entry of an enumeration: a period, or periods merged by a range / an alternative."""

    start: datetime.date
    end: datetime.date
    kind: str
    single: bool = True


def parse_timeframe(text: str, *, year: int | None) -> Timeframe:
    """Read a task's timeframe cell; ``year`` is the plan's year (for "Thường xuyên", "Quý II", "30/6")."""
    shown = " ".join((text or "").split())
    folded = fold(shown.translate(_DASHES))
    plan_year = year if isinstance(year, int) and _MIN_YEAR <= year <= _MAX_YEAR else None
    if _STARTS_WITH_EVENT.match(folded):
        return Timeframe(text=shown, recurrence="on_event")

    scan = _Scan(folded)
    last_year = scan.last_year
    for period in scan.periods:
        if period.year is None:
            period.year = last_year if last_year is not None else plan_year
    if scan.periods and scan.periods[0].year is None:
        # No year anywhere: the periods still say how often, only their dates are unknown.
        for period in scan.periods:
            period.year = _ANY_YEAR
        shape = _from_items(shown, _merge(scan.periods), [], continuous=scan.from_)
        recurrence, cadence = shape.recurrence, shape.cadence
        if scan.cadence or scan.continuous:
            recurrence, cadence = scan.cadence or "continuous", ""
        if recurrence == "half_yearly":
            recurrence, cadence = "unspecified", "half_yearly"
        return Timeframe(text=shown, recurrence=recurrence, cadence=cadence)
    context_year = scan.first_year if scan.first_year is not None else plan_year
    deadlines = [d for d in (_date(day, month, y, context_year) for day, month, y in scan.dates) if d]
    items = _merge(scan.periods)
    year_span = _year_span(context_year)

    if scan.cadence == "half_yearly":
        start, _ = _bounds(items) if items else year_span
        return _half_yearly(shown, start.year if start else None)
    if scan.cadence:
        start, end = _bounds(items) if items else year_span
        if deadlines:
            end = max(deadlines)
            if scan.cadence == "yearly" and not items:
                start = None
        return _made(shown, start, end, scan.cadence)
    if scan.continuous:
        start, end = _bounds(items) if items else year_span
        if deadlines:
            end = max(deadlines)
        return _made(shown, start, end, "continuous")
    if items:
        return _from_items(shown, items, deadlines, continuous=scan.from_)
    if deadlines:
        if scan.from_ and len(deadlines) > 1:
            return _made(shown, min(deadlines), max(deadlines), "continuous")
        return _made(shown, None, max(deadlines), "once")
    if scan.within_year:
        return _made(shown, *year_span, "once")
    if scan.event:
        return Timeframe(text=shown, recurrence="on_event")
    if context_year is not None and _BARE_YEAR.fullmatch(folded):
        return _made(shown, *year_span, "once")
    return Timeframe(text=shown)


def _half_yearly(text: str, year: int | None) -> Timeframe:
    """Two occurrences, the halves of ``year`` (see the module's doc for the recurrence of the JSON)."""
    if year is None:
        return Timeframe(text=text, cadence="half_yearly")
    halves = (
        (datetime.date(year, 1, 1), datetime.date(year, 6, 30)),
        (datetime.date(year, 7, 1), datetime.date(year, 12, 31)),
    )
    return _made(text, halves[0][0], halves[1][1], "unspecified", halves, cadence="half_yearly")


class _Scan:
    """The tokens of a folded timeframe, gathered into periods, dates and keywords."""

    def __init__(self, folded: str):
        self.periods: list[_Period] = []
        self.dates: list[tuple[int, int, int | None]] = []
        self.cadence: str | None = None
        self.continuous = self.event = self.from_ = self.within_year = False
        self.first_year: int | None = None
        self.last_year: int | None = None
        self._connectors: set[str] = set()
        self._unassigned: list[_Period] = []  # periods still waiting for the year written after them
        tokens = list(_TOKENS.finditer(folded))
        has_first_half = any(token.lastgroup == "_first_half" for token in tokens)
        for token in tokens:
            self._read(token, has_first_half=has_first_half)

    def _read(self, token: re.Match, *, has_first_half: bool) -> None:
        kind = token.lastgroup[1:]
        group = token.group
        if kind in ("and", "or", "range"):
            self._connectors.add(kind)
        elif kind == "quarter":
            self._add("quarter", _quarter(group("q")))
        elif kind == "month":
            self._add("month", int(group("mo")))
        elif kind == "month_year":
            if self._add("month", int(group("mym"))):
                self._year(int(group("myy")), explicit=False)
        elif kind in ("first_half", "half_report"):
            self._add("half", 1)
        elif kind == "half_yearly":
            self.cadence = self.cadence or "half_yearly"
        elif kind == "year_report":
            self._connectors.add("and")
            if self.periods:
                self._add("year", 0)
        elif kind == "second_half":
            self._add("half", 2)
        elif kind == "year_end":
            # "6 tháng đầu năm và cuối năm": the second half; "cuối năm" alone: December.
            if has_first_half:
                self._add("half", 2)
            else:
                self._add("month", 12)
        elif kind == "whole_year":
            self._add("year", 0)
        elif kind in ("roman", "number"):
            self._continue_enumeration(group("r") or group("n"))
        elif kind in ("year_nam", "year_slash", "year_bare"):
            self._year(int(group("ny") or group("sy") or group("by")), explicit=kind == "year_nam")
        elif kind in ("date", "date_long"):
            day, month, year = group("d") or group("ld"), group("m") or group("lm"), group("y") or group("ly")
            parsed_year = _full_year(year) if year else None
            self.dates.append((int(day), int(month), parsed_year))
            if parsed_year is not None:
                self._note_year(parsed_year)
        elif kind == "within_year":
            self.within_year = True
            if group("wy"):
                self._note_year(int(group("wy")))
        elif kind in ("monthly", "quarterly", "yearly"):
            self.cadence = self.cadence or kind
        elif kind == "continuous":
            self.continuous = True
        elif kind == "event":
            self.event = True
        elif kind == "from":
            self.from_ = True

    def _add(self, kind: str, value: int | None) -> bool:
        if value is None or not _valid(kind, value):
            return False
        connectors = self._connectors
        if not self.periods:
            joiner = None
        elif "and" in connectors:
            joiner = "and"
        elif "or" in connectors:
            joiner = "or"
        elif "range" in connectors:
            joiner = "range"
        else:
            joiner = "and"
        period = _Period(kind, value, joiner)
        self.periods.append(period)
        self._unassigned.append(period)
        self._connectors = set()
        return True

    def _continue_enumeration(self, text: str) -> None:
        """A bare "III" after "Quý II," or a bare "12" after "tháng 01 -" continues the enumeration."""
        if not self.periods or not self._connectors:
            return
        previous = self.periods[-1].kind
        if previous == "quarter":
            self._add("quarter", _quarter(text))
        elif previous == "month" and text.isdigit():
            self._add("month", int(text))

    def _year(self, value: int, *, explicit: bool) -> None:
        if not _MIN_YEAR <= value <= _MAX_YEAR:
            return
        waiting, self._unassigned = self._unassigned, []
        for period in waiting:
            period.year = value
        # "Năm 2022" is a period of its own when no period waited for its year ("Năm 2022" alone, or after
        # "Quý III/2022;"), or when "và" joins it to them ("quý I, II, III và năm 2022": the year's report).
        if explicit and (not waiting or "and" in self._connectors):
            self._add("year", 0)
            self._unassigned.pop().year = value
        self._note_year(value)

    def _note_year(self, value: int) -> None:
        if not _MIN_YEAR <= value <= _MAX_YEAR:
            return
        if self.first_year is None:
            self.first_year = value
        self.last_year = value


def _quarter(text: str) -> int | None:
    if text.isdigit():
        return int(text)
    return _ROMAN.get(text)


def _valid(kind: str, value: int) -> bool:
    low, high = {"quarter": (1, 4), "month": (1, 12), "half": (1, 2), "year": (0, 0)}[kind]
    return low <= value <= high


def _full_year(text: str) -> int:
    value = int(text)
    return 2000 + value if len(text) == 2 else value


def _date(day: int, month: int, year: int | None, context_year: int | None) -> datetime.date | None:
    year = year if year is not None else context_year
    if year is None or not _MIN_YEAR <= year <= _MAX_YEAR:
        return None
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def _year_span(year: int | None) -> tuple[datetime.date | None, datetime.date | None]:
    if year is None:
        return None, None
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def _merge(periods: list[_Period]) -> list[_Item]:
    """Periods with dates, merged where the text joins them by a range ("I-II") or an alternative ("hoặc")."""
    items: list[_Item] = []
    for period in periods:
        span = period.span()
        if span is None:
            continue
        if items and period.joiner in ("range", "or"):
            last = items[-1]
            last.start, last.end = min(last.start, span[0]), max(last.end, span[1])
            last.single = False
        else:
            items.append(_Item(start=span[0], end=span[1], kind=period.kind))
    return items


def _bounds(items: list[_Item]) -> tuple[datetime.date, datetime.date]:
    return min(item.start for item in items), max(item.end for item in items)


def _from_items(text: str, items: list[_Item], deadlines: list, *, continuous: bool) -> Timeframe:
    start, end = _bounds(items)
    if len(items) > 1:
        quarters = [item for item in items if item.single and item.kind == "quarter"]
        months = [item for item in items if item.single and item.kind == "month"]
        periods = tuple((item.start, item.end) for item in items)
        if len(quarters) >= 3 and all(item.single and item.kind in ("quarter", "year") for item in items):
            return _made(text, start, end, "quarterly", periods)
        steps = {b.start.month - a.start.month for a, b in itertools.pairwise(months)}
        if len(months) == len(items) and steps == {3} and len(months) >= 3:
            return _made(text, start, end, "quarterly", periods)  # "Tháng 3, 6, 9, 12": quarter ends
        if len(months) == len(items) and steps == {6}:
            return _made(text, start, end, "unspecified", periods, cadence="half_yearly")
        if len(months) >= 3 and len(months) == len(items):
            return _made(text, start, end, "monthly", periods)
        halves = [item for item in items if item.single and item.kind == "half"]
        if halves and all(item.single and item.kind in ("half", "year") for item in items):
            return _made(text, start, end, "unspecified", periods, cadence="half_yearly")
        adjacent = len(items) == 2 and items[0].end + datetime.timedelta(days=1) == items[1].start
        if not (adjacent and all(item.kind in ("quarter", "month") for item in items)):
            return _made(text, start, end, "unspecified", periods)
    if deadlines:
        end = max(deadlines)
    return _made(text, start, end, "continuous" if continuous else "once")


def _made(text, start, end, recurrence, periods=(), *, cadence: str = "") -> Timeframe:
    if start and end and start > end:
        start = None  # a deadline before the named period: the deadline is what the document insists on
    return Timeframe(text=text, start=start, end=end, recurrence=recurrence, periods=periods, cadence=cadence)
