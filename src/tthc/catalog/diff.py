"""Differences between two procedure records, field by field, worded for people.

Pure: it compares two :class:`ProcedureRecord` values. ``selectors.version_diff`` builds the records of two
versions and supplies the agency names.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from tthc.catalog import wording
from tthc.catalog.records import ProcedureRecord


@dataclass(frozen=True)
class Change:
    """One field that differs: its path in the record, its Vietnamese label, and both values as text."""

    field: str
    label: str
    old: str
    new: str


def _lines(items) -> str:
    return "\n".join(items)


def _agencies(part: str, names: dict[str, str]) -> Callable[[ProcedureRecord], str]:
    def render(record: ProcedureRecord) -> str:
        codes = getattr(record.agencies, part)
        return _lines(f"{names[c]} ({c})" if c in names else c for c in codes)

    return render


def _flag(name: str) -> Callable[[ProcedureRecord], str]:
    return lambda record: wording.yes_no(getattr(record.flags, name))


def _aspects(agency_names: dict[str, str]) -> list[tuple[str, str, Callable[[ProcedureRecord], str]]]:
    """Every compared aspect of a record, in the order a reader meets them on the procedure's page."""
    return [
        ("code", "Mã thủ tục", lambda r: r.code),
        ("name", "Tên thủ tục", lambda r: r.name),
        ("kind", "Loại thủ tục", lambda r: r.kind),
        ("status", "Tình trạng", lambda r: wording.STATUS_LABELS[r.status]),
        ("fields", "Lĩnh vực", lambda r: _lines(f"{f.name} ({f.code})" for f in r.fields)),
        ("levels", "Cấp thực hiện", lambda r: ", ".join(wording.LEVEL_LABELS[lv] for lv in r.levels)),
        *[
            (f"agencies.{part}", label, _agencies(part, agency_names))
            for part, label in wording.AGENCY_PART_LABELS.items()
        ],
        (
            "subjects",
            "Đối tượng thực hiện",
            lambda r: ", ".join(wording.SUBJECT_LABELS[s] for s in r.subjects),
        ),
        ("steps", "Trình tự thực hiện", lambda r: _lines(wording.step_line(s) for s in r.steps)),
        (
            "channels",
            "Cách thức, thời hạn, phí",
            lambda r: _lines(wording.channel_line(c) for c in r.channels),
        ),
        ("documents", "Thành phần hồ sơ", lambda r: _lines(wording.document_line(d) for d in r.documents)),
        ("results", "Kết quả thực hiện", lambda r: _lines(r.results)),
        ("conditions", "Yêu cầu, điều kiện", lambda r: r.conditions),
        (
            "legal_bases",
            "Căn cứ pháp lý",
            lambda r: _lines(wording.legal_basis_line(b) for b in r.legal_bases),
        ),
        ("related", "Thủ tục liên quan", lambda r: ", ".join(r.related)),
        (
            "online_level",
            "Mức độ dịch vụ công trực tuyến",
            lambda r: wording.ONLINE_LEVEL_LABELS[r.online_level],
        ),
        *[(f"flags.{name}", label, _flag(name)) for name, label in wording.FLAG_LABELS.items()],
    ]


def record_changes(
    old: ProcedureRecord | None, new: ProcedureRecord, *, agency_names: dict[str, str] | None = None
) -> list[Change]:
    """The aspects of ``new`` that differ from ``old``; with no ``old`` every non-empty aspect is a change."""
    # Compare the data, show the wording: a difference the wording would hide still counts.
    old_data = old.content() if old is not None else None
    new_data = new.content()
    changes = []
    for field, label, render in _aspects(agency_names or {}):
        if old_data is not None and _value(old_data, field) == _value(new_data, field):
            continue
        before = render(old) if old is not None else ""
        after = render(new)
        if old is None and not after:
            continue
        changes.append(Change(field=field, label=label, old=before, new=after))
    return changes


def _value(data: dict, path: str):
    for key in path.split("."):
        data = data[key]
    return data
