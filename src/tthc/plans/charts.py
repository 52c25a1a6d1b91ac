"""Geometry of the overview's charts (inline SVG drawn by the templates): bars of percent, a year timeline.

Only numbers and labels come out of here; the templates draw them and escape every label.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from tthc.plans.selectors import Overview, Tally, occurrence_state

BAR_HEIGHT, BAR_GAP, LABEL_WIDTH, BAR_WIDTH = 18, 8, 260, 320


@dataclass(frozen=True)
class Bar:
    label: str
    y: int
    done_width: int  # the percent of completion, in pixels of BAR_WIDTH
    percent: int
    detail: str


def percent_bars(tallies: list[Tally]) -> dict:
    bars = []
    for index, tally in enumerate(tallies):
        bars.append(
            Bar(
                label=tally.label if len(tally.label) <= 40 else tally.label[:39] + "…",
                y=index * (BAR_HEIGHT + BAR_GAP),
                done_width=round(BAR_WIDTH * tally.percent / 100),
                percent=tally.percent,
                detail=f"{tally.done}/{tally.occurrences} kỳ hoàn thành, {tally.overdue} quá hạn",
            )
        )
    return {
        "bars": bars,
        "height": max(len(bars), 1) * (BAR_HEIGHT + BAR_GAP),
        "label_width": LABEL_WIDTH,
        "bar_width": BAR_WIDTH,
        "bar_height": BAR_HEIGHT,
        "width": LABEL_WIDTH + BAR_WIDTH + 60,
    }


TIMELINE_LABEL, TIMELINE_WIDTH, ROW = 90, 720, 16


@dataclass(frozen=True)
class Span:
    x: int
    width: int
    state: str


@dataclass(frozen=True)
class TimelineRow:
    label: str
    title: str
    y: int
    spans: list[Span]
    marker_x: int | None  # a deadline without start: a diamond on its day


def timeline(overview: Overview) -> dict:
    """One row per task across the plan's year: a bar per occurrence, coloured by its state."""
    year = overview.plan.year
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    days = (last - first).days + 1

    def x_of(day: datetime.date) -> int:
        day = min(max(day, first), last)
        return TIMELINE_LABEL + round(TIMELINE_WIDTH * (day - first).days / days)

    rows = []
    for index, task in enumerate(overview.tasks):
        spans, marker = [], None
        for occurrence in task.occurrences.all():
            if occurrence.due is None:
                continue
            state = occurrence_state(occurrence, today=overview.today)
            if occurrence.period_start is None:
                marker = x_of(occurrence.due)
                spans.append(Span(x=marker - 4, width=8, state=state))
                continue
            start = x_of(occurrence.period_start)
            spans.append(Span(x=start, width=max(x_of(occurrence.due) - start, 3), state=state))
        rows.append(
            TimelineRow(
                label=f"{task.group.number}.{task.number}" if task.group.number else task.number,
                title=f"{task.content[:120]} — {task.timeframe_text}",
                y=index * ROW,
                spans=spans,
                marker_x=marker,
            )
        )
    months = [{"x": x_of(datetime.date(year, month, 1)), "label": f"T{month}"} for month in range(1, 13)]
    today_x = x_of(overview.today) if first <= overview.today <= last else None
    return {
        "rows": rows,
        "months": months,
        "height": len(rows) * ROW + 24,
        "width": TIMELINE_LABEL + TIMELINE_WIDTH + 10,
        "label_width": TIMELINE_LABEL,
        "row_height": ROW - 4,
        "today_x": today_x,
        "axis_y": len(rows) * ROW + 14,
    }
