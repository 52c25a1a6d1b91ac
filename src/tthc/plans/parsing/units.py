"""Unit names of a lead or partner cell, as written: split on the document's separators, bullets removed.

Separators are ";", line breaks and list bullets ("-", "+", "•" at the start of an item). A comma is not one:
it sits inside names ("Các sở, ban, ngành cấp tỉnh"). On a line written as a bullet list the items may
also be run together ("- Văn phòng UBND tỉnh - Sở Nội vụ", a converted <ul>): there a spaced hyphen
separates them too, but only where a new unit name starts after it ("Sở", "Văn phòng", "UBND", "Các", …).
A hyphen inside a name stays ("- Sở Lao động - Thương binh và Xã hội"), and so does one between a unit and
the body it belongs to ("Cục Kiểm soát TTHC - Văn phòng Chính phủ"). An en dash never separates ("Sở
Thông tin – Truyền thông").
"""

from __future__ import annotations

import re

_BULLET = r"[-+•*·▪●◦]"
_LEADING_BULLETS = re.compile(rf"^(?:\s*{_BULLET}\s*)+")
_INLINE_BULLET = re.compile(rf"\s+{_BULLET}\s+")
_EDGE_PUNCTUATION = re.compile(r"^[\s,.;:]+|[\s,.;:]+$")
_SPACES = re.compile(r"\s+")
_STARTS_WITH_BULLET = re.compile(rf"\s*{_BULLET}\s")
_STARTS_WITH_SO = re.compile(r"sở(?!\w)", re.IGNORECASE)


# Words a unit name starts with: after an inline hyphen they start the next item of a run-together list.
_UNIT_START = re.compile(
    r"(?:sở|văn phòng|vp|ubnd|ủy ban|uỷ ban|ubmttq|các|ban|trung tâm|tt|bộ phận|cục|chi cục|bộ|đài|báo|"
    r"công an|cơ quan|thanh tra|kho bạc|bảo hiểm|hội|liên đoàn|đoàn|bưu điện|phòng|viện|trường|"
    r"bộ chỉ huy|quỹ|tòa án|viện kiểm sát|hđnd|hội đồng)(?!\w)",
    re.IGNORECASE,
)
# A department of a ministry, named with the body it belongs to ("Cục Kiểm soát TTHC - Văn phòng Chính phủ").
_SUBORDINATE = re.compile(r"(?:cục|chi cục|vụ)(?!\w)", re.IGNORECASE)


def _inline_items(piece: str) -> list[str]:
    """A bulleted piece cut at the spaced hyphens that start a new unit name."""
    items = [""]
    cuts = list(_INLINE_BULLET.finditer(piece))
    start = 0
    for cut in cuts:
        before, after = piece[start : cut.start()], piece[cut.end() :]
        items[-1] += before
        head = _LEADING_BULLETS.sub("", items[-1]).strip()
        belongs = _SUBORDINATE.match(head) and not _STARTS_WITH_SO.match(after)
        if head and _UNIT_START.match(after) and not belongs:
            items.append("")
        else:
            items[-1] += cut.group(0)
        start = cut.end()
    items[-1] += piece[start:]
    return items


def split_units(text: str | None) -> list[str]:
    """The unit names of ``text`` in order, each once."""
    if not text:
        return []
    names: list[str] = []
    for line in text.splitlines():
        bulleted = bool(_STARTS_WITH_BULLET.match(line))
        for piece in line.split(";"):
            parts = _inline_items(piece) if bulleted else [piece]
            for part in parts:
                name = clean_unit(part)
                if name and name not in names:
                    names.append(name)
    return names


def clean_unit(text: str) -> str:
    name = _LEADING_BULLETS.sub("", text)
    name = _EDGE_PUNCTUATION.sub("", name)
    name = _SPACES.sub(" ", name).strip()
    # A space before a separator ("UBND tỉnh ;") leaves nothing else behind; a bare bullet is no name.
    return "" if re.fullmatch(rf"{_BULLET}*", name) else name
