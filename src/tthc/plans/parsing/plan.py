"""From tables to a plan: groups of tasks with their number, content, lead, partners, output and timeframe.

How rows become tasks (every rule here is about plans, none about a file format):

* Columns are found by the header's texts (:mod:`~tthc.plans.parsing.columns`); a header repeated on a later
  page is skipped, and the row after it opens a new page. A table without a recognisable header continues the
  table before it when it has the same width (a PDF table going on over pages), else it is reported in
  :attr:`Plan.problems` and skipped — never guessed.
* A row with a number opens an entry. A row without a number continues the entry before it: after a page break
  its cells are the rest of the cells cut by the break (joined to them); otherwise it is a second row of the
  same task, with its own items (a second lead unit, output, deadline), which are added. A row holding only
  content, not after a break, is a heading without number; so is a row that is one merged cell.
* Numbers rank the hierarchy (:mod:`~tthc.plans.parsing.numbering`). Groups are the top-level sections in
  document order: roman numbers when there are any (typos such as "V1" or a second "VI" are kept as
  written, never merged or dropped), else the top-level numbers when they have sub-items, else unnumbered
  headings, else one group without number. Tasks are the entries without sub-items, and the entries with
  sub-items that have a lead, partner, output or timeframe of their own; a group without sub-items is a group
  with one task.
* A merged (Word, PDF) lead, partner, output or timeframe cell is repeated for each new task it spans.
* Unit names (:func:`~tthc.plans.parsing.units.split_units`) are kept as written. One repair: a list item cut
  by a page break that the converter glued onto the first unit of the next row ("- UBND cấp xã Văn phòng
  UBND tỉnh", where the row before the break ended its list with ";") is split at the point where both parts
  are names the document uses elsewhere, and the first part goes back to the task before the break.
"""

from __future__ import annotations

import datetime
import re
from collections import Counter
from dataclasses import dataclass, field

from tthc.core.folding import fold
from tthc.plans.parsing import numbering
from tthc.plans.parsing.checks import row_warnings
from tthc.plans.parsing.columns import continues_header, detect_columns, is_column_numbering
from tthc.plans.parsing.numbering import normalise_number, split_number
from tthc.plans.parsing.tables import Row, Table
from tthc.plans.parsing.units import split_units
from tthc.plans.timeframes import Timeframe, parse_timeframe

_ITEM_ROLES = ("lead", "partners", "output", "timeframe")
_NEW_ITEM = re.compile(r"^\s*[-+•*]\s")
_MAX_HEADER_CELL = 120
_MIN_TABLE_ROWS, _MIN_TABLE_COLUMNS = 2, 3


@dataclass
class Part:
    """One row of a task written over several rows."""

    lead: list[str]
    partners: list[str]
    expected_output: str
    timeframe: Timeframe

    def as_json(self) -> dict:
        return {
            "lead": list(self.lead),
            "partners": list(self.partners),
            "expected_output": self.expected_output,
            "timeframe": self.timeframe.as_json(),
        }


@dataclass
class Task:
    number: str
    content: str
    lead: list[str]
    partners: list[str]
    expected_output: str
    timeframe: Timeframe
    # The heading the task sits under inside its group ("1. Tham gia ý kiến …" for task 1.1), if any.
    section: str = ""
    # A task written over several rows, each with its own lead, output or deadline (seed 001 II.3.1): the
    # rows as parts. ``lead``, ``partners``, ``expected_output`` and ``timeframe`` hold all of them together.
    parts: list[Part] = field(default_factory=list)
    # What the reader could not place for sure (a wrapped cell, a short block): for the officer to check.
    notes: list[str] = field(default_factory=list)

    def as_json(self) -> dict:
        return {
            "number": self.number,
            "content": self.content,
            "lead": list(self.lead),
            "partners": list(self.partners),
            "expected_output": self.expected_output,
            "timeframe": self.timeframe.as_json(),
        }


@dataclass
class Group:
    number: str
    title: str
    tasks: list[Task] = field(default_factory=list)

    def as_json(self) -> dict:
        return {"number": self.number, "title": self.title, "tasks": [task.as_json() for task in self.tasks]}


@dataclass
class Plan:
    title: str
    year: int | None
    groups: list[Group] = field(default_factory=list)
    # What could not be understood (a table without header, no task table at all): shown, never guessed.
    problems: list[str] = field(default_factory=list)
    # What the officer should look at in the preview (a task without lead, a unit name cut short…).
    warnings: list[str] = field(default_factory=list)
    # The date by which agencies issue their own plan from this one, when the document names it.
    derived_due: datetime.date | None = None

    def as_json(self) -> dict:
        return {"title": self.title, "year": self.year, "groups": [group.as_json() for group in self.groups]}

    def tasks(self) -> list[tuple[Group, Task]]:
        return [(group, task) for group in self.groups for task in group.tasks]


@dataclass
class _Entry:
    number: str
    content: list[str]
    # The entry's rows: the items (lead, partners, output, timeframe fragments) each row holds. A role a
    # merged cell carries down from the row above is in that row's ``inherits``.
    rows: list[dict[str, list[str]]]
    after_break: bool = False
    heading: bool = False
    notes: list[str] = field(default_factory=list)
    inherits: list[set[str]] = field(default_factory=list)

    @property
    def rank(self) -> int | None:
        return numbering.rank(self.number) if self.number else None

    @property
    def fields(self) -> dict[str, list[str]]:
        return {role: [text for row in self.rows for text in row[role]] for role in _ITEM_ROLES}

    def has_items(self) -> bool:
        return any(row[role] for row in self.rows for role in _ITEM_ROLES)

    def add_row(self, values: dict[str, str], *, skip: set[str] = frozenset()) -> None:
        """A second row of the same task: its cells are items of their own."""
        if values.get("content"):
            self.content.append(values["content"])
        self.rows.append(
            {role: [values[role]] if values.get(role) and role not in skip else [] for role in _ITEM_ROLES}
        )
        self.inherits.append(set(skip))

    def continue_cells(self, values: dict[str, str]) -> None:
        """The cells cut by a page break: each goes on where the cell above stopped."""
        text = values.get("content")
        if text:
            if self.content:
                self.content[-1] = _join(self.content[-1], text)
            else:
                self.content.append(text)
        for role in _ITEM_ROLES:
            text = values.get(role)
            if not text:
                continue
            row = next((row for row in reversed(self.rows) if row[role]), self.rows[-1])
            if row[role]:
                row[role][-1] = _join(row[role][-1], text)
            else:
                row[role].append(text)


def parse_plan(tables: list[Table], *, title: str, year: int | None) -> Plan:
    plan = Plan(title=title, year=year)
    reader = _RowReader(plan)
    for table in tables:
        reader.read_table(table)
    if not reader.entries:
        if not plan.problems:
            plan.problems.append(
                "Không tìm thấy bảng nhiệm vụ nào trong tài liệu (cần một bảng có các cột như STT, Nội dung, "
                "Đơn vị chủ trì, Thời gian thực hiện)."
            )
        return plan
    pairs = _Grouper(plan, year=year).build(reader.entries)
    _unglue(pairs)
    _warn(plan)
    return plan


class _RowReader:
    """Reads the rows of every table into entries, carrying the columns from one table to the next."""

    def __init__(self, plan: Plan):
        self.plan = plan
        self.entries: list[_Entry] = []
        self.columns: dict[str, int] | None = None
        self.width = 0
        self.last_values: dict[str, str] = {}

    def read_table(self, table: Table) -> None:
        rows = table.rows
        header = _header_at(rows, 0)
        first_header = header[0] if header else None
        if first_header is None:
            if self.columns is not None and table.width == self.width and table.continues:
                self._read_rows(rows, start=0, page_break=True)
            elif len(rows) >= _MIN_TABLE_ROWS and table.width >= _MIN_TABLE_COLUMNS and not _is_blank(rows):
                self.plan.problems.append(
                    f"Không hiểu {table.source or 'một bảng'} ({len(rows)} dòng): không có dòng tiêu đề với "
                    "các cột như STT, Nội dung, Đơn vị chủ trì, Thời gian thực hiện; bảng này đã được bỏ qua."
                )
            return
        self._read_rows(rows, start=first_header, page_break=False)

    def _read_rows(self, rows: list[Row], *, start: int, page_break: bool) -> None:
        index = start
        while index < len(rows):
            header = _header_at(rows, index, only_here=True)
            if header:
                _, columns, length = header
                if self.columns is not None and self.entries:
                    page_break = True  # a header repeated on a new page
                self.columns, self.width = (
                    columns,
                    max(len(row.cells) for row in rows[index : index + length]),
                )
                index += length
                continue
            row = rows[index]
            index += 1
            if row.is_empty() or is_column_numbering(row.cells) or self.columns is None:
                continue
            self._read_row(row, after_break=row.after_break or page_break)
            page_break = False

    def _read_row(self, row: Row, *, after_break: bool) -> None:
        columns = self.columns
        note = ""
        if row.ragged or row.rejoined:
            values, note = _place_ragged(row, columns, width=self.width)
        else:
            values = {role: row.cell(index) for role, index in columns.items()}
        previous = self.entries[-1] if self.entries else None
        if row.spanning:
            number, text = split_number(" ".join(cell for cell in row.cells if cell.strip()))
            self._open(number, {"content": _one_line(text)}, heading=True, after_break=after_break)
            return
        number, content = self._number_and_content(values)
        values["content"] = content
        if number:
            for role in _ITEM_ROLES:
                if role in columns and not values[role] and row.is_merged(columns[role]):
                    values[role] = self.last_values.get(role, "")
            self._open(number, values, after_break=after_break, note=note)
        elif previous is not None and row.is_merged(columns.get("number", columns.get("content"))):
            merged = {role for role in _ITEM_ROLES if role in columns and row.is_merged(columns[role])}
            previous.add_row(values, skip=merged)
        elif previous is not None and after_break and "number" in columns:
            previous.continue_cells(values)
        elif content and not any(values.get(role) for role in _ITEM_ROLES) and not any(row.merged_above):
            self._open("", values, heading=True, after_break=after_break)
        elif previous is not None and "number" in columns:
            previous.add_row(values)
        elif content or any(values.get(role) for role in _ITEM_ROLES):
            self._open("", values, after_break=after_break)
        self.last_values = {role: values.get(role, "") for role in _ITEM_ROLES}

    def _number_and_content(self, values: dict[str, str]) -> tuple[str, str]:
        content = values.get("content", "")
        if "number" not in self.columns:
            # Only a punctuated number ("1. …", "a) …") opens the content: "6 tháng đầu năm …" is no task 6.
            number, rest = split_number(content)
            punctuated = number and re.match(rf"\s*{re.escape(number)}\s*[.)]", content)
            return (number, rest) if punctuated and rest else ("", content)
        number, rest = split_number(values.get("number", ""))
        if rest:  # "II Kiểm soát thủ tục hành chính" fused in the number cell, or text in it
            content = f"{rest} {content}".strip() if content else rest
        return number, content

    def _open(
        self, number: str, values: dict[str, str], *, after_break: bool, heading: bool = False, note: str = ""
    ) -> None:
        entry = _Entry(
            number=number,
            content=[values["content"]] if values.get("content") else [],
            rows=[{role: [values[role]] if values.get(role) else [] for role in _ITEM_ROLES}],
            after_break=after_break,
            heading=heading,
            notes=[note] if note else [],
            inherits=[set()],
        )
        self.entries.append(entry)
        self.last_values = {role: values.get(role, "") for role in _ITEM_ROLES}


def _header_at(rows: list[Row], start: int, *, only_here: bool = False) -> tuple[int, dict, int] | None:
    """(index, columns, number of header rows) of the first header at or after ``start``."""
    for index in range(start, start + 1 if only_here else len(rows)):
        if index >= len(rows):
            return None
        cells = rows[index].cells
        if any(len(cell) > _MAX_HEADER_CELL for cell in cells):
            continue
        columns = detect_columns(cells)
        if not columns or normalise_number(rows[index].cell(columns.get("number"))):
            continue
        labels = list(cells)
        length = 1
        while index + length < len(rows) and length < 3 and continues_header(rows[index + length].cells):
            below = rows[index + length].cells
            labels += [""] * (len(below) - len(labels))
            labels = [
                f"{label} {below[i] if i < len(below) else ''}".strip() for i, label in enumerate(labels)
            ]
            length += 1
        return index, detect_columns(labels) or columns, length
    return None


def _is_blank(rows: list[Row]) -> bool:
    return all(row.is_empty() for row in rows)


def _place_ragged(row: Row, columns: dict[str, int], *, width: int) -> tuple[dict[str, str], str]:
    """Cells of a row whose empty cells were dropped (one cell per line), placed by what they look like, and
    what the officer should check ("" when the placement is sure).

    Sure: as many cells as the header, or one short of it with the last a timeframe and a single item column
    between content and timeframe missing (by convention the one filled is the lead). Otherwise the cells are
    placed in column order and the row is reported; a block longer than the header (a wrapped cell the reader
    could not join back) keeps its lines in the content, for the officer to split: nothing is shifted.
    """
    values = {role: "" for role in columns}
    cells = [cell for cell in row.cells if cell.strip()]
    if not cells:
        return values, ""
    count = len(cells)
    if "number" in columns:
        number, rest = split_number(cells.pop(0))
        values["number"] = number
        if rest:
            values["content"] = rest
    item_roles = [role for role, _ in sorted(columns.items(), key=lambda item: item[1])]
    item_roles = [role for role in item_roles if role not in ("number", "content", "timeframe")]
    timeframe_last = bool(cells) and "timeframe" in columns and _looks_like_timeframe(cells[-1])
    if count > width:
        if timeframe_last:
            values["timeframe"] = cells.pop()
        values["content"] = (
            "\n".join([values.get("content", ""), *cells]).strip() if "content" in columns else ""
        )
        return values, (
            f"khối có {count} dòng cho {width} cột, không biết dòng nào thuộc cột nào; các dòng được để cả "
            "trong nội dung, hãy sửa lại dòng này"
        )
    if cells and "content" in columns and not values.get("content"):
        values["content"] = cells.pop(0)
    if timeframe_last and cells:
        values["timeframe"] = cells.pop()
    missing = len(item_roles) - len(cells)
    for role in item_roles:
        if cells:
            values[role] = cells.pop(0)
    if row.rejoined:
        note = f"có ô xuống dòng ({count + row.rejoined} dòng cho {width} cột) đã được nối lại; hãy kiểm tra"
    elif count <= 2 or count >= width or (count == width - 1 and timeframe_last and missing == 1):
        note = ""  # a heading (number and title), a full row, or one short by the usual empty partner
    else:
        note = f"thiếu ô ({count} dòng cho {width} cột), không chắc ô nào thuộc cột nào; hãy kiểm tra"
    return values, note


def _looks_like_timeframe(text: str) -> bool:
    return parse_timeframe(text, year=2000).recurrence != "unspecified" or fold(text).startswith(
        ("theo ke hoach", "thoi gian")
    )


def _join(before: str, after: str) -> str:
    """Text cut by a page break, joined back: a word cut mid-sentence by a space, a new item by a line."""
    if before.rstrip().endswith((".", ";", ":")) or _NEW_ITEM.match(after):
        return f"{before}\n{after}"
    return f"{before} {after}"


def _one_line(text: str) -> str:
    return " ".join(text.split())


class _Grouper:
    """Entries → groups of tasks, by the ranks of their numbers."""

    def __init__(self, plan: Plan, *, year: int | None):
        self.plan = plan
        self.year = year

    def build(self, entries: list[_Entry]) -> list[tuple[Task, _Entry]]:
        ranks = [entry.rank for entry in entries if entry.number]
        group_rank = self._group_rank(ranks)
        pairs: list[tuple[Task, _Entry]] = []
        group: Group | None = None
        group_entry: _Entry | None = None
        members: list[_Entry] = []

        def close() -> None:
            if group is not None:
                pairs.extend(self._tasks(group, group_entry, members))

        for entry in entries:
            starts_group = (
                entry.number and entry.rank == group_rank
                if entry.number
                else entry.heading and (group_rank is None or group_rank >= 2 or group is None)
            )
            if starts_group:
                close()
                group = Group(number=entry.number, title=_one_line(" ".join(entry.content)))
                self.plan.groups.append(group)
                group_entry, members = entry, []
            else:
                if group is None:
                    group = Group(number="", title="")
                    self.plan.groups.append(group)
                members.append(entry)
        close()
        return pairs

    @staticmethod
    def _group_rank(ranks: list[int]) -> int | None:
        if not ranks:
            return None
        top = min(ranks)
        if top <= numbering.rank("I") or any(rank > top for rank in ranks):
            return top
        return None  # a flat list: one group (or the unnumbered headings) holds every task

    def _tasks(self, group: Group, group_entry: _Entry | None, members: list[_Entry]):
        pairs = []
        if group_entry is not None and (not members or group_entry.has_items()):
            pairs.append(self._task(group, group_entry, section=""))
        sections: list[tuple[float, str]] = []
        for index, entry in enumerate(members):
            rank = entry.rank if entry.rank is not None else (0.5 if entry.heading else 99)
            while sections and sections[-1][0] >= rank:
                sections.pop()
            section = sections[-1][1] if sections else ""
            has_children = self._has_children(members, index, rank)
            if entry.heading or has_children:
                if entry.has_items():
                    pairs.append(self._task(group, entry, section=section))
                label = _one_line(" ".join(entry.content))
                sections.append((rank, f"{entry.number}. {label}" if entry.number else label))
            else:
                pairs.append(self._task(group, entry, section=section))
        return pairs

    @staticmethod
    def _has_children(members: list[_Entry], index: int, rank: float) -> bool:
        following = members[index + 1] if index + 1 < len(members) else None
        if following is None or following.heading:
            return False
        following_rank = following.rank if following.rank is not None else 99
        return following_rank > rank and following.number != ""

    def _task(self, group: Group, entry: _Entry, *, section: str) -> tuple[Task, _Entry]:
        fields = entry.fields
        timeframe_text = "; ".join(_unique(_one_line(text) for text in fields["timeframe"]))
        task = Task(
            number=entry.number,
            content="\n".join(entry.content),
            lead=_unique(name for text in fields["lead"] for name in split_units(text)),
            partners=_unique(name for text in fields["partners"] for name in split_units(text)),
            expected_output="\n".join(fields["output"]),
            timeframe=parse_timeframe(timeframe_text, year=self.year),
            section=section,
            parts=self._parts(entry),
            notes=list(entry.notes),
        )
        group.tasks.append(task)
        return task, entry

    def _parts(self, entry: _Entry) -> list[Part]:
        """The rows of a task over several rows that hold items of their own; [] for a one-row task."""
        rows = [row for row in entry.rows if any(row[role] for role in _ITEM_ROLES)]
        if len(rows) < 2:
            return []
        first = entry.rows[0]
        parts = []
        for row, inherits in zip(entry.rows, entry.inherits, strict=True):
            if not any(row[role] for role in _ITEM_ROLES):
                continue
            cells = {role: first[role] if role in inherits else row[role] for role in _ITEM_ROLES}
            parts.append(
                Part(
                    lead=_unique(name for text in cells["lead"] for name in split_units(text)),
                    partners=_unique(name for text in cells["partners"] for name in split_units(text)),
                    expected_output="\n".join(cells["output"]),
                    timeframe=parse_timeframe(
                        "; ".join(_one_line(text) for text in cells["timeframe"]), year=self.year
                    ),
                )
            )
        return parts


def _unique(items) -> list:
    seen: list = []
    for item in items:
        if item and item not in seen:
            seen.append(item)
    return seen


def _unglue(pairs: list[tuple[Task, _Entry]]) -> None:
    """Split a unit cut by a page break and glued onto the next row's first unit (see the module's doc)."""
    counts = Counter(name for task, _ in pairs for name in (*task.lead, *task.partners))
    for index in range(1, len(pairs)):
        task, entry = pairs[index]
        if not entry.after_break:
            continue
        previous_task, previous_entry = pairs[index - 1]
        for role, field_name in (("lead", "lead"), ("partners", "partners")):
            names = getattr(task, field_name)
            if not names or counts[names[0]] > 1:
                continue
            parts = _known_parts(names[0], counts)
            if parts is None:
                continue
            head, tail = parts
            fragments = previous_entry.fields[role]
            if fragments and fragments[-1].rstrip().endswith((";", ",")):
                previous_names = getattr(previous_task, field_name)
                if head not in previous_names:
                    previous_names.append(head)
                names[0:1] = [tail]
            else:
                names[0:1] = [head, tail]


def _known_parts(name: str, counts: Counter) -> tuple[str, str] | None:
    words = name.split()
    for cut in range(1, len(words)):
        head, tail = " ".join(words[:cut]), " ".join(words[cut:])
        if counts[head] and counts[tail]:
            return head, tail
    return None


def _warn(plan: Plan) -> None:
    plan.warnings.extend(
        row_warnings(
            (
                {
                    "group_number": group.number,
                    "group_title": group.title,
                    "number": task.number,
                    "lead": task.lead,
                    "partners": task.partners,
                    "timeframe": task.timeframe.text,
                    "notes": task.notes,
                }
                for group, task in plan.tasks()
            ),
            year=plan.year,
        )
    )
