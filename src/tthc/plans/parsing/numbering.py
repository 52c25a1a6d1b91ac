"""Task numbers as plans write them: groups "I", "II" (typos such as "V1" included), tasks "1", "1.1", "a".

A number's *rank* orders the levels of the hierarchy: an upper-case letter part (0) above a roman group (1)
above "1" (2) above "1.1" (3) above "1.1.1" (4) above a lower-case letter item (10).
"""

from __future__ import annotations

import re

# Upper-case roman numerals, tolerating the typos documents have ("V1", "Vl", "IIl"): at least one I, V or X.
_ROMAN_LIKE = r"(?=[IVX1l]*[IVX])[IVX1l]+"
_NUMBER = re.compile(rf"^(?P<n>{_ROMAN_LIKE}|\d+(?:\.\d+)*|[A-Z]|[a-zđ])\s*[.):]?$")
_FUSED = re.compile(rf"^(?P<n>{_ROMAN_LIKE}|\d+(?:\.\d+)*)\s*[.):]?\s+(?P<rest>\S.*)$", re.DOTALL)
_FUSED_LETTER = re.compile(r"^(?P<n>[A-Za-zđ])\s*[.)]\s+(?P<rest>\S.*)$", re.DOTALL)
_ROMAN = re.compile(_ROMAN_LIKE)
_GROUP_LETTER_RANK, _ROMAN_RANK, _ITEM_LETTER_RANK = 0, 1, 10


def normalise_number(text: str) -> str | None:
    """``text`` as a number ("II." → "II", "1.1." → "1.1", "a)" → "a"), or None when it is not one."""
    match = _NUMBER.match(" ".join(text.split()))
    return match.group("n") if match else None


def split_number(text: str) -> tuple[str, str]:
    """("II", "Kiểm soát thủ tục") from "II Kiểm soát thủ tục"; ("", text) when ``text`` has no number."""
    text = text.strip()
    number = normalise_number(text)
    if number is not None:
        return number, ""
    for pattern in (_FUSED, _FUSED_LETTER):
        match = pattern.match(text)
        if match:
            return match.group("n"), match.group("rest").strip()
    return "", text


def rank(number: str) -> int:
    if re.fullmatch(r"\d+", number):
        return 2
    if re.fullmatch(r"\d+(?:\.\d+)+", number):
        return number.count(".") + 2
    if _ROMAN.fullmatch(number):
        return _ROMAN_RANK
    if re.fullmatch(r"[A-Z]", number):
        return _GROUP_LETTER_RANK
    return _ITEM_LETTER_RANK


def is_roman(number: str) -> bool:
    return rank(number) == _ROMAN_RANK
