"""Hiding the sender's personal data in what is published: their name, phone, e-mail and address, and any
phone number or e-mail address written in the text."""

from __future__ import annotations

import re

MASK = "***"
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
# Nine or more digits, possibly grouped by spaces, dots or dashes, possibly +84: a Vietnamese phone number.
_PHONE = re.compile(r"(?:\+?\d[\s.\-]?){9,}")


def redact(text: str, *, name: str = "", phone: str = "", email: str = "", address: str = "") -> str:
    for value in (email, address, name):
        value = (value or "").strip()
        if len(value) >= 3:
            text = re.sub(re.escape(value), MASK, text, flags=re.IGNORECASE)
    text = _EMAIL.sub(MASK, text)
    return _PHONE.sub(lambda m: MASK + (" " if m.group(0).endswith(" ") else ""), text)
