"""The preview of an uploaded plan, as plain data the officer edits before anything is stored.

A draft is a dict (kept as JSON in :class:`~tthc.plans.models.PlanDraft`, so a reload loses nothing)::

    {"title": str, "year": int | None, "decision_number": str, "decision_date": "YYYY-MM-DD" | "",
     "decision_signer": str, "derived_due": "YYYY-MM-DD" | "", "next_id": int, "problems": [str],
     "rows": [{"id": int, "group_number": str, "group_title": str, "section": str, "number": str,
               "content": str, "lead": [str], "partners": [str], "expected_output": str, "timeframe": str,
               "parts": [{"lead": [str], "partners": [str], "expected_output": str, "timeframe": str}],
               "notes": [str]}],
     "mappings": {folded name: {"name": str, "agencies": [int], "kinds": [str], "external": bool}}}

``notes`` are what the reader could not place for sure in that row; they go once the officer edits the row.
``parts`` are the rows of a task written over several rows; editing the row's lead, partners, output or
timeframe replaces them by the row as edited (the officer then states the task as one). What the officer
should check (:func:`warnings`) is computed from the rows each time, so it follows every edit.

The functions here edit that dict and return it; they never touch the database.
"""

from __future__ import annotations

import copy

from tthc.core.errors import ValidationFailed
from tthc.core.folding import fold
from tthc.plans.parsing import Plan
from tthc.plans.parsing.checks import row_warnings, task_label
from tthc.plans.parsing.units import split_units

EDITABLE = (
    "group_number",
    "group_title",
    "number",
    "content",
    "lead",
    "partners",
    "expected_output",
    "timeframe",
)
UNIT_FIELDS = ("lead", "partners")
# The cells that belong to each row of a task over several rows (and that a merged cell may span).
PART_FIELDS = ("lead", "partners", "expected_output", "timeframe")


def from_parsed(plan: Plan) -> dict:
    rows = []
    for index, (group, task) in enumerate(plan.tasks(), start=1):
        rows.append(
            {
                "id": index,
                "group_number": group.number,
                "group_title": group.title,
                "section": task.section,
                "number": task.number,
                "content": task.content,
                "lead": list(task.lead),
                "partners": list(task.partners),
                "expected_output": task.expected_output,
                "timeframe": task.timeframe.text,
                "parts": [
                    {
                        "lead": list(part.lead),
                        "partners": list(part.partners),
                        "expected_output": part.expected_output,
                        "timeframe": part.timeframe.text,
                    }
                    for part in task.parts
                ],
                "notes": list(task.notes),
            }
        )
    return {
        "title": plan.title,
        "year": plan.year,
        "decision_number": "",
        "decision_date": "",
        "decision_signer": "",
        "derived_due": plan.derived_due.isoformat() if plan.derived_due else "",
        "next_id": len(rows) + 1,
        "problems": list(plan.problems),
        "rows": rows,
        "mappings": {},
    }


def warnings(data: dict) -> list[str]:
    """What the officer should look at, for the rows as they are now."""
    year = data.get("year") if isinstance(data.get("year"), int) else None
    return row_warnings(data["rows"], year=year)


def row_label(row: dict) -> str:
    """ "II.1.1": how a row is called on the buttons of the preview."""
    return task_label(row).removeprefix("Nhiệm vụ ")


def _index(data: dict, row_id: int) -> int:
    for index, row in enumerate(data["rows"]):
        if row["id"] == row_id:
            return index
    raise ValidationFailed(f"Không có dòng số {row_id} trong bản xem trước.", code="draft_row_missing")


def edit_row(data: dict, *, row_id: int, values: dict[str, str]) -> dict:
    """Set the cells of one row; lead and partner cells are read one unit per line (or ";")."""
    data = copy.deepcopy(data)
    row = data["rows"][_index(data, row_id)]
    before = {key: row.get(key) for key in PART_FIELDS}
    for key in EDITABLE:
        if key not in values:
            continue
        value = values[key] or ""
        row[key] = split_units(value) if key in UNIT_FIELDS else value.strip()
    if not row["content"]:
        raise ValidationFailed("Nội dung công việc không được để trống.", field="content")
    row["notes"] = []
    if any(row.get(key) != before[key] for key in PART_FIELDS):
        row["parts"] = []
    return data


def fill_from_above(data: dict, *, row_id: int) -> dict:
    """Fill the row's empty lead, partner, output and timeframe cells from the row above: what a merged cell
    of the original spanned, which the conversion left empty."""
    data = copy.deepcopy(data)
    index = _index(data, row_id)
    if index == 0:
        raise ValidationFailed("Dòng đầu tiên không có dòng nào bên trên để lấy.", code="draft_fill_first")
    row, above = data["rows"][index], data["rows"][index - 1]
    filled = [key for key in PART_FIELDS if not row.get(key) and above.get(key)]
    if not filled:
        raise ValidationFailed(
            "Dòng này không có ô trống nào mà dòng trên có nội dung.", code="draft_fill_nothing"
        )
    for key in filled:
        row[key] = copy.deepcopy(above[key])
    row["parts"], row["notes"] = [], []
    return data


def merge_with_next(data: dict, *, row_id: int) -> dict:
    """Join a row and the row under it: texts follow each other, units added, the first timeframe wins."""
    data = copy.deepcopy(data)
    index = _index(data, row_id)
    if index + 1 >= len(data["rows"]):
        raise ValidationFailed("Dòng cuối cùng không có dòng nào bên dưới để gộp.", code="draft_merge_last")
    row, following = data["rows"][index], data["rows"].pop(index + 1)
    for key in ("content", "expected_output"):
        row[key] = "\n".join(text for text in (row[key], following[key]) if text)
    for key in UNIT_FIELDS:
        row[key] = row[key] + [name for name in following[key] if name not in row[key]]
    row["timeframe"] = row["timeframe"] or following["timeframe"]
    row["number"] = row["number"] or following["number"]
    row["parts"], row["notes"] = [], []
    return data


def split_row(data: dict, *, row_id: int) -> dict:
    """Cut a row in two: the content's last line (or nothing) goes to a new row under it, same units."""
    data = copy.deepcopy(data)
    index = _index(data, row_id)
    row = data["rows"][index]
    lines = row["content"].splitlines()
    new = copy.deepcopy(row)
    new["id"] = data["next_id"]
    data["next_id"] += 1
    new["number"] = ""
    row["parts"] = new["parts"] = []
    row["notes"] = new["notes"] = []
    if len(lines) > 1:
        row["content"], new["content"] = "\n".join(lines[:-1]), lines[-1]
    else:
        new["content"] = ""
    data["rows"].insert(index + 1, new)
    return data


def delete_row(data: dict, *, row_id: int) -> dict:
    data = copy.deepcopy(data)
    data["rows"].pop(_index(data, row_id))
    return data


def unit_names(data: dict) -> list[str]:
    """Every lead and partner name of the draft, once each (by folded text), in order of appearance."""
    seen: dict[str, str] = {}
    for row in data["rows"]:
        for key in UNIT_FIELDS:
            for name in row[key]:
                seen.setdefault(fold(name), name)
    return list(seen.values())


def set_mapping(
    data: dict, *, name: str, agency_ids: list[int] = (), kinds: list[str] = (), external: bool = False
) -> dict:
    """Map a unit name to some agencies and/or every agency of some kinds, or to "not an agency of the
    province" (which excludes the others)."""
    agency_ids, kinds = list(dict.fromkeys(agency_ids)), list(dict.fromkeys(kinds))
    if not (agency_ids or kinds or external):
        raise ValidationFailed(
            f"Hãy chọn ít nhất một cơ quan hoặc nhóm cơ quan cho «{name}».", field="target"
        )
    if external and (agency_ids or kinds):
        raise ValidationFailed(
            f"«{name}» không thể vừa là cơ quan trong tỉnh vừa không phải; hãy chọn lại.", field="target"
        )
    data = copy.deepcopy(data)
    data["mappings"][fold(name)] = {
        "name": name,
        "agencies": agency_ids,
        "kinds": kinds,
        "external": external,
    }
    return data
