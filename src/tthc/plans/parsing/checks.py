"""What the officer should look at before saving a plan: one set of checks for ``tthc plan parse`` (on the
parsed plan) and for the preview (on its rows, again after every edit).

A row is the preview's shape (:mod:`tthc.plans.drafts`): group number and title, number, lead and partner
names, timeframe text, and the reader's ``notes`` on cells it could not place for sure. The checks: a task
without lead unit or timeframe, a timeframe not understood, a unit name that looks cut short, a group number
used by two groups or that looks mistyped ("V1"), and the reader's notes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from tthc.core.folding import fold
from tthc.plans.timeframes import parse_timeframe

# A unit name ending with one of these words was cut ("Các cơ quan chuyên môn, cơ quan thuộc").
_DANGLING_WORDS = {"thuoc", "cua", "va", "cac", "co", "cap", "ve", "tai", "trong", "theo", "voi", "tinh,"}
_MISTYPED_ROMAN = re.compile(r"(?=.*[IVX])(?=.*[1l])[IVX1l]+")


def task_label(row: dict) -> str:
    group, number = row.get("group_number") or "", row.get("number") or ""
    if number and number == group:  # a group without sub-items is its own task
        return f"Nhiệm vụ {number}"
    return f"Nhiệm vụ {'.'.join(part for part in (group, number) if part) or '(không số)'}"


def row_warnings(rows: Iterable[dict], *, year: int | None) -> list[str]:
    rows = list(rows)
    warnings = _group_warnings(rows)
    for row in rows:
        where = task_label(row)
        for note in row.get("notes") or ():
            warnings.append(f"{where}: {note}.")
        if not row.get("lead"):
            warnings.append(f"{where}: không có đơn vị chủ trì.")
        for name in (*(row.get("lead") or ()), *(row.get("partners") or ())):
            words = fold(name).split()
            if words and words[-1] in _DANGLING_WORDS:
                warnings.append(f"{where}: tên đơn vị «{name}» có vẻ bị cắt dở.")
        text = row.get("timeframe") or ""
        timeframe = parse_timeframe(text, year=year)
        understood = timeframe.recurrence != "unspecified" or timeframe.periods or timeframe.cadence
        if text and not understood and not fold(text).startswith("theo ke hoach"):
            warnings.append(f"{where}: chưa hiểu thời gian «{text}».")
        if not text:
            warnings.append(f"{where}: không có thời gian thực hiện.")
    return warnings


def _group_warnings(rows: list[dict]) -> list[str]:
    titles: dict[str, list[str]] = {}
    previous = None
    for row in rows:
        key = (row.get("group_number") or "", row.get("group_title") or "")
        if key != previous and key[0]:
            titles.setdefault(key[0], []).append(key[1])
        previous = key
    warnings = []
    for number, names in titles.items():
        if len(names) > 1:
            distinct = list(dict.fromkeys(names))
            listed = ", ".join(f"«{name}»" for name in distinct[:3]) + (", …" if len(distinct) > 3 else "")
            warnings.append(
                f"Số nhóm {number} dùng cho {len(names)} nhóm ({listed}); các nhóm được giữ nguyên, "
                "hãy sửa số nhóm nếu văn bản gõ nhầm."
            )
        if _MISTYPED_ROMAN.fullmatch(number):
            warnings.append(f"Số nhóm «{number}» có vẻ gõ nhầm (chữ số La Mã); hãy kiểm tra.")
    return warnings
