"""Checking attachments by their content (not by the name the sender gave) and naming them safely.

The check is :mod:`tthc.core.uploads` with what feedback takes (:data:`ATTACHMENTS`, at most :data:`MAX_BYTES`
each and :data:`MAX_FILES` in all). Staff see an attachment under its folded ASCII name.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from tthc.core.errors import ValidationFailed
from tthc.core.uploads import Accepted, check

MAX_FILES = 5
MAX_BYTES = 5 * 1024 * 1024
# Detected extension -> MIME type. Anything else (executables, scripts, HTML, archives) is refused.
ATTACHMENTS = Accepted(
    types={
        "pdf": "application/pdf",
        "jpg": "image/jpeg",
        "png": "image/png",
        "webp": "image/webp",
        "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "odt": "application/vnd.oasis.opendocument.text",
    },
    refusal="không thuộc loại được nhận: PDF, ảnh JPG/PNG/WEBP, DOCX, XLSX, ODT",
    field="attachments",
)


@dataclass(frozen=True)
class CheckedFile:
    upload: object  # a Django UploadedFile
    name: str  # sanitised, shown to staff
    stored_name: str  # unique name in storage
    mime_type: str
    size: int


def check_files(uploads) -> tuple[list[CheckedFile], list[dict]]:
    """Each upload checked; returns (accepted files, problems). Nothing is stored here."""
    given = [u for u in uploads or [] if u]
    problems: list[dict] = []
    if len(given) > MAX_FILES:
        problems.append({"field": "attachments", "message": f"Chỉ được đính kèm tối đa {MAX_FILES} tệp."})
        return [], problems
    checked = []
    for upload in given:
        try:
            found = check(upload, accepted=ATTACHMENTS, max_bytes=MAX_BYTES)
        except ValidationFailed as refused:
            problems.append({"field": "attachments", "message": refused.message})
            continue
        name = found.storage_name
        checked.append(
            CheckedFile(
                upload=upload,
                name=name,
                stored_name=f"{secrets.token_hex(8)}-{name}",
                mime_type=found.content_type,
                size=found.size,
            )
        )
    return checked, problems
