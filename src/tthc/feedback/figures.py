"""The official feedback figures, defined once: screens, exports and the API call :func:`feedback_figures`.

For a period (whole days, Vietnamese time) and the cases in the user's scope. Intake figures count under the
agency that received the case, handling figures under the agency handling it:

* received   — cases received in the period (merged duplicates included: each is a sender's feedback);
* classified — cases classified in the period; forwarded — cases forwarded to another agency in the period;
* answered   — cases whose first answer was approved and sent in the period (merged cases with the answer of
               the case they were merged into; a reopened case is not answered a second time);
* handled    — answered cases plus cases refused at classification, in the period;
* on time    — handled cases first answered by the deadline of that first answer and, when forwarded,
               forwarded by the forwarding deadline (refusals: refused by the forwarding deadline);
* late       — handled cases that were not on time;
* overdue    — cases still open at the end of the period whose current deadline had passed.

Indicator 8 of Circular 01/2018: 2 points when every handled case was on time, 1 when at least 90 %, else 0.
A period with nothing handled scores 2 (no case was late).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, F, Q

from tthc.core.timezone import VIETNAM
from tthc.feedback.models import OPEN_STATUSES, Channel, Feedback, Status
from tthc.feedback.selectors import handled_in_scope
from tthc.organisation.scoping import scope

GROUPINGS = {
    "agency": ("agency_id", "agency__name", "Cơ quan"),
    "field": ("field_id", "field__name", "Lĩnh vực"),
    "channel": ("channel", None, "Kênh tiếp nhận"),
}
# By period: the report periods of Decree 09/2019 (a month runs from the 15th to the 14th, a quarter from the
# 15th of its first month's predecessor to the 14th of its last month), cut to the requested range.
PERIODS = {"month": "Tháng (kỳ báo cáo)", "quarter": "Quý (kỳ báo cáo)"}
BY_LABELS = {**{by: label for by, (_, _, label) in GROUPINGS.items()}, **PERIODS}
COLUMNS = ("received", "classified", "forwarded", "answered", "handled", "on_time", "late", "overdue")


def indicator8_score(*, on_time: int, handled: int) -> int:
    if handled == 0 or on_time == handled:
        return 2
    return 1 if Decimal(on_time) / Decimal(handled) >= Decimal("0.9") else 0


@dataclass(frozen=True)
class FigureRow:
    key: object
    label: str
    received: int = 0
    classified: int = 0
    forwarded: int = 0
    answered: int = 0
    handled: int = 0
    on_time: int = 0
    late: int = 0
    overdue: int = 0

    @property
    def on_time_rate(self) -> Decimal | None:
        if not self.handled:
            return None
        return (Decimal(self.on_time) * 100 / self.handled).quantize(Decimal("0.01"), ROUND_HALF_UP)

    @property
    def score(self) -> int:
        return indicator8_score(on_time=self.on_time, handled=self.handled)


@dataclass(frozen=True)
class Figures:
    start: datetime.date
    end: datetime.date
    by: str
    rows: list[FigureRow]
    total: FigureRow

    @property
    def group_label(self) -> str:
        return BY_LABELS[self.by]


def report_month(day: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The monthly report period containing ``day`` (Decree 09/2019 cut-off: 15th to the 14th)."""
    if day.day >= 15:
        start = day.replace(day=15)
    else:
        start = (day.replace(day=1) - datetime.timedelta(days=1)).replace(day=15)
    end = (start.replace(day=28) + datetime.timedelta(days=4)).replace(day=14)
    return start, end


ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


def report_quarter(day: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The quarterly report period containing ``day`` (Decree 09/2019: Q1 runs from 15/12 to 14/03)."""
    last_month = report_month(day)[1]
    quarter = (last_month.month - 1) // 3 + 1
    end = datetime.date(last_month.year, quarter * 3, 14)
    first_month = quarter * 3 - 2
    start = (
        datetime.date(end.year - 1, 12, 15)
        if first_month == 1
        else datetime.date(end.year, first_month - 1, 15)
    )
    return start, end


def report_periods(
    start: datetime.date, end: datetime.date, *, by: str
) -> list[tuple[str, datetime.date, datetime.date]]:
    """The monthly or quarterly report periods meeting [``start``, ``end``], each cut to it, with its name:
    a period is named by the month or quarter it ends in (15/02–14/03 is "Tháng 3/2026")."""
    periods = []
    day = start
    while day <= end:
        if by == "quarter":
            first, last = report_quarter(day)
            name = f"Quý {ROMAN[last.month // 3]}/{last.year}"
        else:
            first, last = report_month(day)
            name = f"Tháng {last.month}/{last.year}"
        periods.append((name, max(first, start), min(last, end)))
        day = last + datetime.timedelta(days=1)
    return periods


def _bounds(start: datetime.date, end: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    begin = datetime.datetime.combine(start, datetime.time.min, tzinfo=VIETNAM)
    stop = datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min, tzinfo=VIETNAM)
    return begin, stop


def _grouped(rows, key: str, label_field: str | None, columns: dict) -> list[dict]:
    values = [key] + ([label_field] if label_field else [])
    return list(rows.values(*values).annotate(**columns).order_by(*values))


def feedback_figures(*, user, start: datetime.date, end: datetime.date, by: str = "agency") -> Figures:
    """The figures of the period [``start``, ``end``] grouped ``by`` agency, field, channel, or report
    period (month or quarter, :func:`report_periods`).

    Two queries: what happened at intake (received, classified, forwarded) counts under the agency that
    received the case, among the cases received at an agency in the user's scope; what happened at handling
    (answered, handled, on time, overdue) counts under the agency handling the case, among the cases handled
    in scope. A case forwarded from the office to a department is therefore received by the office and
    answered by the department, in both agencies' figures.
    """
    if by in PERIODS:
        return _by_period(user=user, start=start, end=end, by=by)
    if by not in GROUPINGS:
        by = "agency"
    begin, stop = _bounds(start, end)
    key, label_field, _ = GROUPINGS[by]
    intake_key = "receiving_agency_id" if by == "agency" else key
    intake_label = "receiving_agency__name" if by == "agency" else label_field

    def within(name: str) -> Q:
        return Q(**{f"{name}__gte": begin, f"{name}__lt": stop})

    answered = within("first_answered_at")
    refused = within("classified_at") & Q(status=Status.NOT_ACCEPTED)
    forwarded_in_time = Q(forwarded_at__isnull=True) | Q(forwarded_at__lte=F("forward_due_at"))
    on_time = (answered & Q(first_answered_at__lte=F("first_answer_due_at")) & forwarded_in_time) | (
        refused & Q(classified_at__lte=F("forward_due_at"))
    )
    intake = _grouped(
        scope(Feedback.objects.all(), user, via="receiving_agency").filter(
            within("received_at") | within("classified_at") | within("forwarded_at")
        ),
        intake_key,
        intake_label,
        {
            "received": Count("id", filter=within("received_at")),
            "classified": Count("id", filter=within("classified_at")),
            "forwarded": Count("id", filter=within("forwarded_at")),
        },
    )
    handling = _grouped(
        handled_in_scope(user).filter(answered | refused | Q(status__in=OPEN_STATUSES)),
        key,
        label_field,
        {
            "answered": Count("id", filter=answered),
            "handled": Count("id", filter=answered | refused),
            "on_time": Count("id", filter=on_time),
            "overdue": Count("id", filter=Q(status__in=OPEN_STATUSES, received_at__lt=stop, due_at__lt=stop)),
        },
    )
    merged: dict[object, dict] = {}
    for rows, row_key, row_label in ((intake, intake_key, intake_label), (handling, key, label_field)):
        for row in rows:
            entry = merged.setdefault(row[row_key], {"label": row.get(row_label) if row_label else None})
            entry.update({c: v for c, v in row.items() if c in COLUMNS})
    channel_labels = dict(Channel.choices)
    result = []
    for row_key, row in merged.items():
        counts = {c: row.get(c, 0) for c in COLUMNS if c != "late"}
        if not any(counts.values()):
            continue
        label = channel_labels.get(row_key, row_key) if by == "channel" else row["label"]
        result.append(
            FigureRow(
                key=row_key,
                label=label or "(chưa phân loại)",
                late=counts["handled"] - counts["on_time"],
                **counts,
            )
        )
    result.sort(key=lambda r: (-r.received, r.label))
    total = FigureRow(key=None, label="Tổng cộng", **{c: sum(getattr(r, c) for r in result) for c in COLUMNS})
    return Figures(start=start, end=end, by=by, rows=result, total=total)


def _by_period(*, user, start: datetime.date, end: datetime.date, by: str) -> Figures:
    """One row per report period (two queries each), in time order; the total is the whole range's, so
    "overdue" is counted at its end, not summed over periods."""
    rows = []
    for name, first, last in report_periods(start, end, by=by):
        counts = feedback_figures(user=user, start=first, end=last).total
        rows.append(FigureRow(key=(first, last), label=name, **{c: getattr(counts, c) for c in COLUMNS}))
    total = feedback_figures(user=user, start=start, end=end).total
    return Figures(start=start, end=end, by=by, rows=rows, total=total)
