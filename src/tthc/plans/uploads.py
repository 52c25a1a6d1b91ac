"""Checking uploaded files by their content (the ``filetype`` package), not by the name or the browser's word.

Plan documents: .docx (a Word document inside), .pdf, or UTF-8 text (.txt, .md). Evidence: PDF, Word, Excel,
JPEG or PNG, at most :data:`MAX_EVIDENCE_BYTES`. Stored names are sanitised: no folders, ASCII only.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

import filetype
from django.core.files.uploadedfile import UploadedFile
from django.utils.text import get_valid_filename

from tthc.core.errors import ValidationFailed
from tthc.core.folding import fold

MAX_PLAN_BYTES = 20 * 1024 * 1024
MAX_EVIDENCE_BYTES = 10 * 1024 * 1024
EVIDENCE_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "jpg": "image/jpeg",
    "png": "image/png",
}
_HEAD_BYTES = 8192


@dataclass(frozen=True)
class CheckedFile:
    name: str  # shown to people: the original name without folders or control characters
    storage_name: str  # ASCII, safe for any storage
    extension: str
    content_type: str
    size: int


def display_name(name: str) -> str:
    name = os.path.basename((name or "").replace("\\", "/"))
    name = re.sub(r"[\x00-\x1f\x7f]", "", name).strip() or "tep"
    return name[-150:]


def storage_name(name: str, extension: str) -> str:
    stem = os.path.splitext(display_name(name))[0]
    stem = get_valid_filename(fold(stem).replace(" ", "-"))[:80] or "tep"
    return f"{stem}.{extension}"


def _guess(upload: UploadedFile):
    upload.seek(0)
    head = upload.read(_HEAD_BYTES * 4)
    upload.seek(0)
    return filetype.guess(head)


def check_evidence(upload: UploadedFile) -> CheckedFile:
    name = display_name(upload.name)
    if upload.size > MAX_EVIDENCE_BYTES:
        raise ValidationFailed(
            f"Tệp «{name}» lớn hơn {MAX_EVIDENCE_BYTES // (1024 * 1024)} MB.", code="evidence_too_large"
        )
    kind = _guess(upload)
    if kind is None or kind.extension not in EVIDENCE_TYPES:
        raise ValidationFailed(
            f"Tệp «{name}» không phải PDF, Word (.docx), Excel (.xlsx), JPEG hay PNG.",
            code="evidence_type",
        )
    return CheckedFile(
        name=name,
        storage_name=storage_name(name, kind.extension),
        extension=kind.extension,
        content_type=EVIDENCE_TYPES[kind.extension],
        size=upload.size,
    )


def check_plan_document(upload: UploadedFile) -> str:
    """The suffix to parse ``upload`` with (".docx", ".pdf", ".txt"); refuses what it cannot be."""
    name = display_name(upload.name)
    if upload.size > MAX_PLAN_BYTES:
        raise ValidationFailed(
            f"Tệp «{name}» lớn hơn {MAX_PLAN_BYTES // (1024 * 1024)} MB.", code="plan_too_large"
        )
    kind = _guess(upload)
    if kind is not None and kind.extension == "pdf":
        return ".pdf"
    if kind is not None and kind.extension in ("docx", "zip"):
        return ".docx"
    if kind is None:
        upload.seek(0)
        data = upload.read()
        upload.seek(0)
        try:
            data.decode("utf-8-sig")
        except UnicodeDecodeError:
            pass
        else:
            return ".md" if name.lower().endswith(".md") else ".txt"
    raise ValidationFailed(
        f"Không đọc được tệp «{name}»: chỉ nhận tài liệu Word (.docx), PDF hoặc văn bản UTF-8 (.txt, .md).",
        code="plan_unreadable",
    )
