"""Unit names of a lead or partner cell, as written: split on the document's separators, bullets removed.

Separators are ";", line breaks and list bullets ("-", "+", "•" at the start of an item). A comma is not one:
it sits inside names ("Các sở, ban, ngành cấp tỉnh"). On a line written as a bullet list the items may
also be run together ("- Văn phòng UBND tỉnh - Sở Nội vụ", a converted <ul>): there a spaced hyphen
between items separates them too. An en dash never does ("Sở Thông tin – Truyền thông").
"""

from __future__ import annotations

import re

_BULLET = r"[-+•*·▪●◦]"
_LEADING_BULLETS = re.compile(rf"^(?:\s*{_BULLET}\s*)+")
_INLINE_BULLET = re.compile(rf"\s+{_BULLET}\s+")
_EDGE_PUNCTUATION = re.compile(r"^[\s,.;:]+|[\s,.;:]+$")
_SPACES = re.compile(r"\s+")
_STARTS_WITH_BULLET = re.compile(rf"\s*{_BULLET}\s")


def split_units(text: str | None) -> list[str]:
    """The unit names of ``text`` in order, each once."""
    if not text:
        return []
    names: list[str] = []
    for line in text.splitlines():
        bulleted = bool(_STARTS_WITH_BULLET.match(line))
        for piece in line.split(";"):
            parts = _INLINE_BULLET.split(piece) if bulleted else [piece]
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
