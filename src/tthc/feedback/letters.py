"""The answer as a letter to a sender: PDF (WeasyPrint, from an escaped template) and DOCX (python-docx).

Each sender gets their own letter: the sender of a case merged into another is sent that case's answer,
addressed to them and naming their own code."""

from __future__ import annotations

import io

from django.template.loader import render_to_string

from tthc.core.timezone import local
from tthc.feedback.models import Answer, Feedback


def _context(answer: Answer, sender: Feedback | None) -> dict:
    feedback = sender or answer.feedback
    return {
        "feedback": feedback,
        "answer": answer,
        "agency": answer.feedback.agency,
        "day": local(answer.decided_at or answer.drafted_at),
        "paragraphs": [p for p in answer.body.splitlines() if p.strip()],
    }


def letter_pdf(answer: Answer, *, sender: Feedback | None = None) -> bytes:
    from weasyprint import HTML

    html = render_to_string("feedback/letter.html", _context(answer, sender))
    return HTML(string=html).write_pdf()


def letter_docx(answer: Answer, *, sender: Feedback | None = None) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    context = _context(answer, sender)
    feedback, day, agency = context["feedback"], context["day"], context["agency"]
    document = Document()
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(13)
    head = document.add_paragraph()
    head.add_run(agency.name.upper()).bold = True
    document.add_paragraph(f"Số hiệu phản ánh: {feedback.code}")
    dated = document.add_paragraph(f"Ngày {day:%d} tháng {day:%m} năm {day:%Y}")
    dated.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.add_run("TRẢ LỜI PHẢN ÁNH, KIẾN NGHỊ").bold = True
    document.add_paragraph(f"Kính gửi: {feedback.sender_name}")
    document.add_paragraph(f"Địa chỉ: {feedback.sender_address}")
    for paragraph in context["paragraphs"]:
        document.add_paragraph(paragraph)
    sign = document.add_paragraph()
    sign.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    sign.add_run(str(answer.decided_by or "")).bold = True
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
