"""Checking an uploaded file by its content and naming it safely: the one mechanism every capability uses.

A capability states what it takes as data: an :class:`Accepted` (the detected types it takes, keyed by the
extension the ``filetype`` package names, and how a refusal words them) and a size limit. :func:`check` (or
:func:`check_head`, for a head already read) refuses an empty file, a file over the limit, and a file whose
first bytes are none of the accepted types, whatever its name or the browser's word. Refusals are
:class:`~tthc.core.errors.ValidationFailed` with a Vietnamese message naming the file and the rule.

Names: :func:`display_name` is what people see (the sender's name without folders or control characters);
:func:`storage_name` is folded ASCII (``Biên bản họp.PNG`` -> ``bien-ban-hop.png``), safe for any storage and
URL, with the extension of what the content is.
"""

from __future__ import annotations

import math
import os
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

import filetype

from tthc.core.errors import ValidationFailed
from tthc.core.folding import fold

# filetype reads no more than the first 8 KB of a file.
HEAD_BYTES = 8192
DISPLAY_NAME_LENGTH = 150
STORAGE_STEM_LENGTH = 80
FALLBACK_NAME = "tep"


@dataclass(frozen=True)
class Accepted:
    """What one capability takes.

    ``refusal`` follows the file's name in the refusal: ``Tệp «x.exe» không phải PDF hay ảnh PNG``.
    ``code`` names the refusals (``<code>_empty``, ``<code>_too_large``, ``<code>_type``); without it they
    keep :class:`ValidationFailed`'s own code. ``field`` is the form or API field the refusal belongs to.
    """

    types: Mapping[str, str]  # detected extension -> MIME type
    refusal: str
    code: str | None = None
    field: str | None = None


@dataclass(frozen=True)
class CheckedUpload:
    name: str  # shown to people: see display_name
    extension: str  # of what the content is, as filetype names it ("pdf", "jpg", "docx")
    content_type: str
    size: int

    @property
    def storage_name(self) -> str:
        return storage_name(self.name, extension=self.extension)


_CONTROL = {"Cc", "Cf"}  # control and format characters (NUL, newlines, right-to-left overrides)


def display_name(name: str | None) -> str:
    """The name as the sender gave it, minus folders, control characters and leading dots.

    ``../../etc/passwd`` -> ``passwd``; ``hoa-don\\u202efdp.exe`` -> ``hoa-donfdp.exe``. At most
    :data:`DISPLAY_NAME_LENGTH` characters, keeping the extension; ``tep`` when nothing is left.
    """
    name = unicodedata.normalize("NFC", str(name or "")).replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch) not in _CONTROL)
    name = name.strip().lstrip(".").strip() or FALLBACK_NAME
    if len(name) > DISPLAY_NAME_LENGTH:
        stem, extension = os.path.splitext(name)
        extension = extension if len(extension) <= 10 else ""
        name = stem[: DISPLAY_NAME_LENGTH - len(extension)].rstrip() + extension
    return name


def storage_name(name: str | None, *, extension: str) -> str:
    """``name`` folded to lower-case ASCII letters, digits and hyphens, with ``extension``: no folders, no
    dots, nothing a storage or a URL could misread. ``extension`` is the detected one, not the sender's."""
    stem = os.path.splitext(display_name(name))[0]
    stem = re.sub(r"[^a-z0-9]+", "-", fold(stem)).strip("-")[:STORAGE_STEM_LENGTH].strip("-")
    return f"{stem or FALLBACK_NAME}.{extension}"


def readable_size(size: int) -> str:
    """A limit as people read it: ``20 MB``, ``4 KB``."""
    if size >= 1048576:
        return f"{size / 1048576:.0f} MB"
    return f"{max(size // 1024, 1)} KB"


def _measured(size: int) -> str:
    """A file's size, rounded up so that a file over a limit never reads as the limit: ``20.1 MB``."""
    if size >= 1048576:
        return f"{math.ceil(size * 10 / 1048576) / 10:.1f} MB"
    return f"{math.ceil(size * 10 / 1024) / 10:.1f} KB"


def read_head(upload) -> bytes:
    """The first bytes of ``upload`` (a Django ``File``), leaving it at its start."""
    upload.seek(0)
    head = upload.read(HEAD_BYTES)
    upload.seek(0)
    return head


def detect(head: bytes) -> str | None:
    """The extension of what ``head`` is by content (``"pdf"``, ``"png"``, ``"zip"``), or ``None``."""
    kind = filetype.guess(head) if head else None
    return kind.extension if kind else None


def _refused(rule: str, message: str, *, code: str | None, field: str | None) -> ValidationFailed:
    return ValidationFailed(message, code=f"{code}_{rule}" if code else None, field=field)


def check_size(
    *, name: str, size: int, max_bytes: int, code: str | None = None, field: str | None = None
) -> None:
    """Refuse an empty file and a file over ``max_bytes`` (``code`` and ``field`` as in :class:`Accepted`)."""
    if size == 0:
        raise _refused("empty", f"Tệp «{display_name(name)}» rỗng.", code=code, field=field)
    if size > max_bytes:
        message = f"dung lượng {_measured(size)}, vượt giới hạn {readable_size(max_bytes)}"
        raise _refused("too_large", f"Tệp «{display_name(name)}» {message}.", code=code, field=field)


def check_head(*, name: str, size: int, head: bytes, accepted: Accepted, max_bytes: int) -> CheckedUpload:
    """Check a file by its name, size and first bytes (:data:`HEAD_BYTES` are enough)."""
    check_size(name=name, size=size, max_bytes=max_bytes, code=accepted.code, field=accepted.field)
    extension = detect(head)
    if extension not in accepted.types:
        raise _refused(
            "type",
            f"Tệp «{display_name(name)}» {accepted.refusal} (kiểm tra theo nội dung tệp, không theo tên).",
            code=accepted.code,
            field=accepted.field,
        )
    return CheckedUpload(
        name=display_name(name), extension=extension, content_type=accepted.types[extension], size=size
    )


def check(upload, *, accepted: Accepted, max_bytes: int) -> CheckedUpload:
    """Check ``upload`` (a Django ``UploadedFile`` or ``File``) without storing it."""
    return check_head(
        name=upload.name, size=upload.size, head=read_head(upload), accepted=accepted, max_bytes=max_bytes
    )
