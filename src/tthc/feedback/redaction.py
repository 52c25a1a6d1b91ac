"""Hiding the senders' personal data in what is published.

Matching is on folded words (:func:`tthc.core.folding.fold`: no case, no diacritics), so "NGUYEN THI MAI",
"Nguyễn Thị Mai" and "nguyễn thị mai" are the same name:

* a name: two or more consecutive words that are all parts of a sender's name ("Thị Mai", "NGUYEN THI MAI");
  one part after a form of address or an introduction ("bà Mai", "ông Nguyễn", "tôi là Mai"); the given name
  written with a capital letter anywhere ("Mai đã nộp"). A lone lower-case word is left alone: Vietnamese
  names are ordinary words too ("ngày mai", "kỳ thi");
* an address: the whole address and each of its comma-separated parts of two words or more (house number and
  street, hamlet), in any case and with or without diacritics, ignoring "số", "đường" in the text ("số 12
  đường Lê Lợi" matches "12 Lê Lợi"); the ward, commune and province parts alone are not personal and stay;
* every e-mail address, and every Vietnamese phone number (0 or +84 and 9–10 more digits, grouped or not) that
  stands on its own: digits inside a dossier or procedure code ("000.00.10.H99-260302-0001", "1.001193")
  are not a phone number.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from tthc.core.folding import fold

MASK = "***"
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
# A phone number standing on its own: not glued to letters, digits, dots, dashes or slashes of a code.
_PHONE = re.compile(r"(?<![\w.\-/+])(?:\+84|0)(?:[\s.\-]?\d){8,10}(?![\w\-/]|\.\d)")
_WORD = re.compile(r"\w+")
_SPACE = re.compile(r"\s+")
# Forms of address and introductions after which one part of a name is the person ("bà Mai"). Compared with
# their diacritics ("có", "đi" are not "cô", "dì"); in text written without diacritics, the folded forms.
ADDRESSING = frozenset(
    {"ông", "bà", "anh", "chị", "cô", "chú", "bác", "em", "cháu", "cụ", "dì", "thím", "mợ", "cậu", "thầy"}
)
ADDRESSING_PLAIN = frozenset({"ong", "ba", "anh", "chi", "co", "chu", "bac", "em", "chau"})
INTRODUCTIONS = frozenset({"toi la", "ten la", "ho ten", "ho va ten", "ten"})
# Words written in addresses or left out of them ("số 12 đường Lê Lợi" is "12 Lê Lợi").
ADDRESS_FILLERS = frozenset({"so", "duong", "pho"})
# A part of an address naming an administrative unit is not personal on its own.
ADMINISTRATIVE = frozenset({"phuong", "xa", "quan", "huyen", "tinh", "thanh", "thi", "tp", "tx", "tt"})


@dataclass(frozen=True)
class Person:
    name: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""


@dataclass(frozen=True)
class _Token:
    start: int
    end: int
    word: str  # folded
    text: str


def _tokens(text: str) -> list[_Token]:
    return [_Token(m.start(), m.end(), fold(m.group()), m.group()) for m in _WORD.finditer(text)]


def _adjacent(text: str, left: _Token, right: _Token) -> bool:
    return _SPACE.fullmatch(text[left.end : right.start]) is not None


def _addresses(before: list[_Token]) -> bool:
    """Whether the words ``before`` a name part address or introduce a person ("bà", "tôi là")."""
    last = before[-1]
    spoken = unicodedata.normalize("NFC", last.text.lower())
    if spoken in ADDRESSING or (last.text.isascii() and last.word in ADDRESSING_PLAIN):
        return True
    return last.word in INTRODUCTIONS or " ".join(t.word for t in before[-2:]) in INTRODUCTIONS


def _name_spans(text: str, tokens: list[_Token], name: str) -> list[tuple[int, int]]:
    parts = {p for p in fold(name).split() if len(p) >= 2}
    if not parts:
        return []
    given = fold(name).split()[-1]
    spans = []
    i = 0
    while i < len(tokens):
        if tokens[i].word not in parts:
            i += 1
            continue
        j = i
        while j + 1 < len(tokens) and tokens[j + 1].word in parts and _adjacent(text, *tokens[j : j + 2]):
            j += 1
        addressed = i > 0 and _addresses(tokens[max(0, i - 2) : i])
        capitalised_given = tokens[i].word == given and tokens[i].text[0].isupper()
        # "ông Nguyễn Văn An": a part starting another person's full name is not the sender.
        other_name = (
            j + 1 < len(tokens) and tokens[j + 1].text[0].isupper() and _adjacent(text, *tokens[j : j + 2])
        )
        if j > i or ((addressed or capitalised_given) and not other_name):
            spans.append((tokens[i].start, tokens[j].end))
        i = j + 1
    return spans


def _address_spans(tokens: list[_Token], address: str) -> list[tuple[int, int]]:
    needles = []
    pieces = [address, *re.split(r"[,;]", address)]
    for index, piece in enumerate(pieces):
        words = [fold(w) for w in _WORD.findall(piece)]
        if index and words and words[0] in ADMINISTRATIVE:
            continue
        needle = [w for w in words if w not in ADDRESS_FILLERS]
        if len(needle) >= 2:
            needles.append(needle)
    significant = [t for t in tokens if t.word not in ADDRESS_FILLERS]
    spans = []
    for needle in needles:
        size = len(needle)
        for i in range(len(significant) - size + 1):
            if all(significant[i + k].word == needle[k] for k in range(size)):
                spans.append((significant[i].start, significant[i + size - 1].end))
    return spans


def _own_phone(phone: str) -> re.Pattern | None:
    digits = re.sub(r"\D", "", phone or "")
    national = digits[2:] if digits.startswith("84") else digits.lstrip("0")
    if len(national) < 8:
        return None
    grouped = r"[\s.\-]?".join(national)
    return re.compile(rf"(?<!\d)(?:\+?84|0)?[\s.\-]?{grouped}(?!\d)")


def _mask(text: str, spans: list[tuple[int, int]]) -> str:
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    for start, end in reversed(merged):
        text = text[:start] + MASK + text[end:]
    return text


def redact(text: str, *people: Person) -> str:
    """``text`` with the personal data of ``people`` and every e-mail address and phone number hidden."""
    text = _EMAIL.sub(MASK, text or "")
    for person in people:
        email = (person.email or "").strip()
        if email:
            text = re.sub(re.escape(email), MASK, text, flags=re.IGNORECASE)
        own = _own_phone(person.phone)
        if own:
            text = own.sub(MASK, text)
    tokens = _tokens(text)
    spans = []
    for person in people:
        spans += _name_spans(text, tokens, person.name)
        spans += _address_spans(tokens, person.address)
    text = _mask(text, spans)
    return _PHONE.sub(MASK, text)
