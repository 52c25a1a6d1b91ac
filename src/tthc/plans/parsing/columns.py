"""Which column holds what, found by the header's texts (folded, so case and diacritics do not matter).

Roles: number (STT, TT, Số TT), content (Nội dung, Nhiệm vụ, Công việc), lead (… chủ trì), partners
(… phối hợp), output (Sản phẩm, Kết quả dự kiến), timeframe (Thời gian, Thời hạn, Tiến độ). A header may span
several rows ("Phân công thực hiện" over "Đơn vị chủ trì" | "Đơn vị thực hiện hoặc phối hợp"): the labels of a
column are read together.
"""

from __future__ import annotations

import re

from tthc.core.folding import fold

ROLES = ("number", "content", "lead", "partners", "output", "timeframe")
_MAX_LABEL = 80

# Checked in this order for each label: the first that matches is the column's role.
_RULES = [
    ("number", re.compile(r"^(?:so\s*)?(?:s\.?\s*)?t\.?\s*t\.?$|^so\s*thu\s*tu$|^thu\s*tu$")),
    ("output", re.compile(r"san\s*pham")),
    ("timeframe", re.compile(r"thoi\s*gian|thoi\s*han|tien\s*do|han\s*hoan\s*thanh|moc\s*hoan\s*thanh")),
    ("partners", re.compile(r"phoi\s*hop")),
    ("lead", re.compile(r"chu\s*tri")),
    ("content", re.compile(r"noi\s*dung|nhiem\s*vu|cong\s*viec|hoat\s*dong")),
    ("output", re.compile(r"ket\s*qua")),
    ("lead", re.compile(r"(?:co\s*quan|don\s*vi)(?:\s*\w+)?\s*thuc\s*hien|trach\s*nhiem|phan\s*cong")),
]
# Labels of a second header row that name no role of their own (a timeframe split in two, a notes column).
_OTHER_LABELS = re.compile(r"^(?:bat\s*dau|ket\s*thuc|tu\s*ngay|den\s*ngay|ghi\s*chu|tong\s*so)$")
_MAX_SUB_LABEL = 50


def role_of(label: str) -> str | None:
    folded = fold(label)
    if not folded or len(folded) > _MAX_LABEL:
        return None
    for role, pattern in _RULES:
        if pattern.search(folded):
            return role
    return None


def detect_columns(labels: list[str]) -> dict[str, int] | None:
    """The column of each role when ``labels`` read as a task table's header, else None.

    A header names the content and at least two of the number, lead, partners, output and timeframe.
    """
    columns: dict[str, int] = {}
    for index, label in enumerate(labels):
        role = role_of(label)
        if role and role not in columns:
            columns[role] = index
    if "content" not in columns or len(columns) < 3:
        return None
    return columns


def continues_header(cells: list[str]) -> bool:
    """A second header row: no number, every label short and naming a column ("Đơn vị chủ trì", "Phối hợp").

    Strict on purpose: the row after a header repeated on a new page may be the rest of a cell cut by the
    break ("UBND tỉnh; - Cơ quan trung ương trên địa bàn"), which must stay data.
    """
    labels = [cell for cell in cells if cell.strip()]
    if not labels or (cells and cells[0].strip()):
        return False
    return all(
        len(label) <= _MAX_SUB_LABEL and (role_of(label) or _OTHER_LABELS.match(fold(label)))
        for label in labels
    )


def is_column_numbering(cells: list[str]) -> bool:
    """The row under some headers that numbers the columns: "(1) (2) (3) (4) (5)"."""
    labels = [cell.strip() for cell in cells if cell.strip()]
    return len(labels) >= 3 and all(re.fullmatch(r"\(?\d{1,2}\)?", label) for label in labels)
