"""Cell text as converters leave it: HTML fragments (<p>, <br>, <ul><li>), markdown emphasis, stray spaces."""

from __future__ import annotations

import html
import re

_BREAK_TAGS = re.compile(r"<\s*br\s*/?\s*>|<\s*/\s*(?:p|div|li|tr|h\d)\s*>", re.IGNORECASE)
_ITEM_TAGS = re.compile(r"<\s*li\b[^>]*>", re.IGNORECASE)
_LIST_TAGS = re.compile(r"<\s*/?\s*(?:ul|ol)\b[^>]*>", re.IGNORECASE)
_OPEN_BLOCK_TAGS = re.compile(r"<\s*(?:p|div)\b[^>]*>", re.IGNORECASE)
_ANY_TAG = re.compile(r"<\s*/?\s*[a-zA-Z][a-zA-Z0-9]*\b[^<>]*>")
_EMPHASIS = re.compile(r"\*\*|__")
_SPACES = re.compile(r"[ \t\u00a0\u200b]+")


def clean_cell(text: str | None) -> str:
    """Plain text of a cell: tags removed, paragraphs and list items on lines of their own."""
    if not text:
        return ""
    text = _BREAK_TAGS.sub("\n", text)
    text = _ITEM_TAGS.sub("\n- ", text)
    # A list opened inline ("<ul> - A - B") keeps its items' own dashes; the list starts on a new line.
    text = _LIST_TAGS.sub("\n", text)
    text = _OPEN_BLOCK_TAGS.sub("\n", text)
    text = _ANY_TAG.sub("", text)
    text = html.unescape(text)
    text = _EMPHASIS.sub("", text)
    lines = (_SPACES.sub(" ", line).strip() for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def strip_emphasis(text: str) -> str:
    """Markdown emphasis ("**77**", "*(đính kèm)*") removed from document text."""
    return re.sub(r"(?<!\w)\*{1,2}|\*{1,2}(?!\w)", "", text)
