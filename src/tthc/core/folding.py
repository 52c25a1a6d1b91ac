"""The one text-folding function: case- and diacritic-insensitive matching, đ → d.

Every stored search column and every query term goes through :func:`fold`, so "khai sinh", "KHAI SINH" and
"Khai sinh" match "Đăng ký khai sinh" on SQLite and PostgreSQL alike, without database extensions.
"""

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def fold(text: str | None) -> str:
    """Lower-case ``text``, strip Vietnamese diacritics (đ → d) and collapse white space."""
    if not text:
        return ""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return _SPACES.sub(" ", stripped.casefold()).strip()
