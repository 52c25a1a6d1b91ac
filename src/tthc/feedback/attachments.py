"""Checking attachments by their content (not by the name the sender gave) and naming them safely."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from pathlib import PurePath

import filetype

from tthc.core.folding import fold

MAX_FILES = 5
MAX_BYTES = 5 * 1024 * 1024
# Detected extension -> MIME type. Anything else (executables, scripts, HTML, archives) is refused.
ALLOWED = {
    "pdf": "application/pdf",
    "jpg": "image/jpeg",
    "png": "image/png",
    "webp": "image/webp",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "odt": "application/vnd.oasis.opendocument.text",
}

KINDS = "PDF, ảnh JPG/PNG/WEBP, DOCX, XLSX, ODT"


@dataclass(frozen=True)
class CheckedFile:
    upload: object  # a Django UploadedFile
    name: str  # sanitised, shown to staff
    stored_name: str  # unique name in storage
    mime_type: str
    size: int


def safe_name(name: str, *, extension: str) -> str:
    """``Đơn kiến nghị (bản 2).PDF`` -> ``don-kien-nghi-ban-2.pdf``: folded, no path, no odd characters."""
    stem = PurePath(str(name).replace("\\", "/")).name.rsplit(".", 1)[0]
    stem = re.sub(r"[^a-z0-9]+", "-", fold(stem)).strip("-")[:80] or "tep-dinh-kem"
    return f"{stem}.{extension}"


def check_files(uploads) -> tuple[list[CheckedFile], list[dict]]:
    """Each upload checked; returns (accepted files, problems). Nothing is stored here."""
    uploads = [u for u in uploads or [] if u]
    problems: list[dict] = []
    if len(uploads) > MAX_FILES:
        problems.append({"field": "attachments", "message": f"Chỉ được đính kèm tối đa {MAX_FILES} tệp."})
        return [], problems
    checked = []
    for upload in uploads:
        label = safe_name(getattr(upload, "name", ""), extension="")[:-1]
        if upload.size > MAX_BYTES:
            problems.append({"field": "attachments", "message": f"Tệp {label} lớn hơn 5 MB."})
            continue
        upload.seek(0)
        head = upload.read(8192)
        upload.seek(0)
        kind = filetype.guess(head)
        if kind is None or kind.extension not in ALLOWED:
            problems.append(
                {
                    "field": "attachments",
                    "message": f"Tệp {label} không thuộc loại được nhận ({KINDS}).",
                }
            )
            continue
        name = safe_name(upload.name, extension=kind.extension)
        checked.append(
            CheckedFile(
                upload=upload,
                name=name,
                stored_name=f"{secrets.token_hex(8)}-{name}",
                mime_type=ALLOWED[kind.extension],
                size=upload.size,
            )
        )
    return checked, problems
