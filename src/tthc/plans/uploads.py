"""Checking uploaded files by their content, not by the name or the browser's word (:mod:`tthc.core.uploads`).

Plan documents: .docx (a Word document inside), .pdf, or UTF-8 text (.txt, .md), at most
:data:`MAX_PLAN_BYTES`. Evidence: PDF, Word, Excel, JPEG or PNG (:data:`EVIDENCE`), at most
:data:`MAX_EVIDENCE_BYTES`; it is shown under the name it was sent with and stored under a folded ASCII name.
"""

from __future__ import annotations

from django.core.files.uploadedfile import UploadedFile

from tthc.core import uploads
from tthc.core.errors import ValidationFailed

MAX_PLAN_BYTES = 20 * 1024 * 1024
MAX_EVIDENCE_BYTES = 10 * 1024 * 1024
EVIDENCE = uploads.Accepted(
    types={
        "pdf": "application/pdf",
        "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "jpg": "image/jpeg",
        "png": "image/png",
    },
    refusal="không phải PDF, Word (.docx), Excel (.xlsx), JPEG hay PNG",
    code="evidence",
)


def check_evidence(upload: UploadedFile) -> uploads.CheckedUpload:
    return uploads.check(upload, accepted=EVIDENCE, max_bytes=MAX_EVIDENCE_BYTES)


def check_plan_document(upload: UploadedFile) -> str:
    """The suffix to parse ``upload`` with (".docx", ".pdf", ".txt"); refuses what it cannot be.

    The parsers read a PDF, a Word document (a ZIP file inside) or, when the content is none of the types
    filetype knows, UTF-8 text."""
    uploads.check_size(name=upload.name, size=upload.size, max_bytes=MAX_PLAN_BYTES, code="plan")
    name = uploads.display_name(upload.name)
    kind = uploads.detect(uploads.read_head(upload))
    if kind == "pdf":
        return ".pdf"
    if kind in ("docx", "zip"):
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
