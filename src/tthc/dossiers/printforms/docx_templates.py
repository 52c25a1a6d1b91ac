"""The DOCX templates of forms 01–06, generated with python-docx and filled by docxtpl.

Each template is laid out here once per process (Jinja tags in the runs: ``{{ code }}``, ``{%p for … %}`` for
repeated paragraphs, ``{%tr for … %}`` for table rows) and kept as bytes; :func:`tthc.dossiers.printforms.
render.docx` opens a fresh copy and fills it with the same context as the HTML and PDF forms. Keeping the
layout in code rather than in committed .docx files makes every change reviewable as text.
"""

from __future__ import annotations

import functools
import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

FONT = "Times New Roman"  # Liberation Serif is its metric twin where Times New Roman is missing.
CENTER, RIGHT, JUSTIFY = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.RIGHT, WD_ALIGN_PARAGRAPH.JUSTIFY


# --- building blocks ----------------------------------------------------------------------------------------


def _document(*, landscape: bool = False, size: float = 11):
    document = Document()
    section = document.sections[0]
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
        section.left_margin, section.right_margin = Mm(12), Mm(10)
    else:
        section.page_width, section.page_height = Mm(148), Mm(210)
        section.left_margin, section.right_margin = Mm(14), Mm(10)
    section.top_margin = section.bottom_margin = Mm(10)
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(size)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    normal.paragraph_format.space_after = Pt(2)
    normal.paragraph_format.space_before = Pt(0)
    return document


def _runs(paragraph, parts):
    """``parts``: text, or a list of text / (text, "b"|"i"|"bi") pieces."""
    if isinstance(parts, str):
        parts = [parts]
    for part in parts:
        text, style = (part, "") if isinstance(part, str) else part
        run = paragraph.add_run(text)
        run.bold = "b" in style or None
        run.italic = "i" in style or None
    return paragraph


def _para(container, parts="", *, align=None, size: float | None = None):
    paragraph = _runs(container.add_paragraph(), parts)
    if align is not None:
        paragraph.alignment = align
    if size:
        for run in paragraph.runs:
            run.font.size = Pt(size)
    return paragraph


def _cell_text(cell, parts, *, align=None, size: float | None = None):
    paragraph = cell.paragraphs[0]
    _runs(paragraph, parts)
    if align is not None:
        paragraph.alignment = align
    if size:
        for run in paragraph.runs:
            run.font.size = Pt(size)
    return paragraph


def _rule(cell, text="―――――"):
    _para(cell, text, align=CENTER, size=8)


def _header(document):
    _para(document, [("Mẫu số {{ form }} — Thông tư số 01/2018/TT-VPCP", "i")], align=RIGHT, size=8)
    table = document.add_table(rows=2, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    issuer, nation = table.rows[0].cells
    _cell_text(issuer, "{{ issuer_parent }}", align=CENTER, size=9.5)
    _para(issuer, [("{{ issuer_name }}", "b")], align=CENTER, size=9.5)
    _rule(issuer)
    _cell_text(nation, [("{{ national_name }}", "b")], align=CENTER, size=9.5)
    _para(nation, [("{{ national_motto }}", "b")], align=CENTER, size=9.5)
    _rule(nation, "――――――――――")
    _cell_text(table.rows[1].cells[1], [("{{ dated }}", "i")], align=CENTER, size=9.5)
    _para(document, [("{{ title }}", "b")], align=CENTER, size=12)


def _loop(document, items: str, parts, *, numbered: bool = True):
    """Paragraphs repeated for each element ``item`` of ``items``."""
    _para(document, f"{{%p for item in {items} %}}")
    _para(document, (["{{ loop.index }}. "] if numbered else []) + list(parts))
    _para(document, "{%p endfor %}")


def _grid(document, headers: list[str], cells: list[str], rows: str, *, widths=None, size: float = 9):
    """A bordered table: a header row, then one row per element ``r`` of ``rows``."""
    table = document.add_table(rows=4, cols=len(headers))
    table.style = document.styles["Table Grid"]
    for cell, header in zip(table.rows[0].cells, headers, strict=True):
        _cell_text(cell, [(header, "b")], align=CENTER, size=size)
    _repeat_header(table.rows[0])
    _cell_text(table.rows[1].cells[0], f"{{%tr for r in {rows} %}}")
    for cell, text in zip(table.rows[2].cells, cells, strict=True):
        _cell_text(cell, text, size=size)
    _cell_text(table.rows[3].cells[0], "{%tr endfor %}")
    if widths:
        for row in table.rows:
            for cell, width in zip(row.cells, widths, strict=True):
                cell.width = Mm(width)
    return table


def _repeat_header(row):
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _signatures(document, count: int):
    table = document.add_table(rows=1, cols=count)
    for i, cell in enumerate(table.rows[0].cells):
        _cell_text(cell, [(f"{{{{ signatures[{i}].title }}}}", "b")], align=CENTER, size=10)
        _para(cell, [(f"{{{{ signatures[{i}].hint }}}}", "i")], align=CENTER, size=9)
        for _ in range(3):
            _para(cell, "")
        _para(cell, [(f"{{{{ signatures[{i}].name }}}}", "b")], align=CENTER, size=10)


def _applicant(document, intro="Hồ sơ của: ", *, with_code: bool = True):
    _para(document, [intro, ("{{ applicant.name }}", "b")])
    _para(document, "{{ applicant.identifier_label }}: {{ applicant.identifier }}")
    _para(document, "Địa chỉ: {{ applicant.address }}")
    _para(
        document,
        "Số điện thoại: {{ applicant.phone }}{% if applicant.email %}; Thư điện tử: "
        "{{ applicant.email }}{% endif %}",
    )
    _para(document, "Nội dung yêu cầu giải quyết: {{ procedure_name }}")
    if with_code:
        _para(document, ["Mã hồ sơ: ", ("{{ code }}", "b")])


def _bytes(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# --- the forms ----------------------------------------------------------------------------------------------


def _form01():
    document = _document()
    _header(document)
    _para(document, ["Mã hồ sơ: ", ("{{ code }}", "b")], align=CENTER)
    _para(document, [("(Liên: Lưu / Giao người nộp hồ sơ)", "i")], align=CENTER, size=9)
    _para(document, "{{ qr }}", align=RIGHT)
    _para(document, ["Mã tra cứu: ", ("{{ lookup_key }}", "b")], align=RIGHT, size=9)
    _applicant(document, intro="{{ issuer }} tiếp nhận hồ sơ của: ", with_code=False)
    _para(document, "Hình thức nộp: {{ channel }}")
    _para(document, "1. Thành phần hồ sơ nộp gồm:")
    _grid(
        document,
        ["TT", "Tên giấy tờ", "Hình thức", "Ghi chú"],
        ["{{ r.number }}", "{{ r.name }}", "{{ r.kind }}", "{{ r.note }}"],
        "documents",
        widths=[8, 62, 30, 24],
    )
    _para(document, "2. Số lượng hồ sơ: {{ dossier_count }} (bộ)")
    _para(document, "3. Thời gian giải quyết hồ sơ theo quy định là: {{ time_limit }}")
    _para(document, "4. Thời gian nhận hồ sơ: {{ received }}")
    _para(document, ["5. Thời gian trả kết quả giải quyết hồ sơ: ", ("{{ appointment }}", "b")])
    _para(document, "{%p if appointment_changed %}")
    _para(document, "Ngày hẹn trả đã điều chỉnh: {{ appointment_changed }}", size=9)
    _para(document, "{%p endif %}")
    _para(document, "6. Phí, lệ phí: {{ fee }}")
    _loop(document, "payments", ["Đã nộp {{ item }}"], numbered=False)
    _para(document, "7. Nhận kết quả tại: {{ desk }}")
    _para(
        document,
        [
            "Tra cứu tình trạng hồ sơ bằng mã hồ sơ và mã tra cứu ",
            ("{{ lookup_key }}", "b"),
            "{% if lookup_url %} tại {{ lookup_url }}{% endif %}.",
        ],
    )
    _para(document, "Vào Sổ theo dõi hồ sơ, Quyển số: {{ register_book }}, Số thứ tự: {{ register_number }}")
    _signatures(document, 2)
    return document


def _form02():
    document = _document()
    _header(document)
    _applicant(document)
    _para(document, "Ngày tiếp nhận: {{ received }}")
    _para(
        document,
        "Sau khi nghiên cứu, đối chiếu với quy định hiện hành, {{ issuer }} yêu cầu {{ addressee }} "
        "hoàn thiện hồ sơ ({{ stage }}) gồm những nội dung sau:",
        align=JUSTIFY,
    )
    _loop(document, "items", ["{{ item }}"])
    _para(document, "{%p if not at_intake %}")
    _para(document, "Thời gian giải quyết hồ sơ tạm dừng từ {{ requested }} đến khi nhận đủ hồ sơ bổ sung.")
    _para(document, "{%p endif %}")
    _para(
        document,
        "Trong quá trình hoàn thiện hồ sơ, nếu có vướng mắc, {{ addressee }} liên hệ với {{ contact }} "
        "để được hướng dẫn.",
        align=JUSTIFY,
    )
    _signatures(document, 1)
    return document


def _form03():
    document = _document()
    _header(document)
    _applicant(document)
    _para(document, "Ngày tiếp nhận: {{ received }}")
    _para(document, "{{ statement }} với lý do cụ thể như sau:", align=JUSTIFY)
    _loop(document, "reasons", ["{{ item }}"])
    _para(document, "Xin thông báo cho {{ addressee }} được biết và thực hiện./.")
    _signatures(document, 1)
    return document


def _form04():
    document = _document()
    _header(document)
    _para(document, ["Kính gửi: ", ("{{ applicant.name }}", "b")], align=CENTER)
    _para(
        document,
        "{{ received_day[:1]|upper }}{{ received_day[1:] }}, {{ issuer }} tiếp nhận giải quyết hồ sơ đề nghị "
        "{{ procedure_name }} của {{ addressee }}.",
        align=JUSTIFY,
    )
    _para(document, ["Mã hồ sơ: ", ("{{ code }}", "b")])
    _para(document, "Thời gian hẹn trả kết quả giải quyết hồ sơ: {{ old_due }}.")
    _para(document, "Tuy nhiên đến nay, {{ issuer }} chưa trả kết quả giải quyết hồ sơ của {{ addressee }}.")
    _para(document, "Lý do:")
    _loop(document, "reasons", ["{{ item }}"])
    _para(
        document,
        [
            "Sự chậm trễ này đã gây phiền hà cho {{ addressee }}. {{ issuer }} xin lỗi {{ addressee }} "
            "và sẽ trả kết quả giải quyết hồ sơ cho {{ addressee }} vào ",
            ("{{ new_due }}", "b"),
            ".",
        ],
        align=JUSTIFY,
    )
    _para(document, "Kính mong nhận được sự thông cảm của {{ addressee }} vì sự chậm trễ này./.")
    _signatures(document, 1)
    return document


def _form05():
    document = _document(size=10)
    _header(document)
    _para(
        document,
        ["(Kèm theo hồ sơ của: ", ("{{ applicant.name }}", "b"), "; Mã hồ sơ: ", ("{{ code }}", "b"), ")"],
        align=CENTER,
    )
    _para(document, "Nội dung yêu cầu giải quyết: {{ procedure_name }}")
    _para(document, "Cơ quan (bộ phận) giải quyết hồ sơ: {{ competent_agency }}")
    _para(document, "Cơ quan phối hợp giải quyết hồ sơ: {{ cooperating or 'Không' }}")
    _para(document, "Thời gian nhận hồ sơ: {{ received }}; hạn trả kết quả: {{ due or '—' }}")
    _grid(
        document,
        [
            "TT",
            "Bên giao",
            "Thời gian giao",
            "Bên nhận",
            "Thời gian nhận",
            "Kết quả",
            "Ghi chú",
            "Người giao",
            "Người nhận",
        ],
        [
            "{{ r.number }}",
            "{{ r.from_agency }}",
            "{{ r.given }}",
            "{{ r.to_agency }}",
            "{{ r.taken }}",
            "{{ r.step }}{% if r.result %}: {{ r.result }}{% endif %}",
            "{{ r.note }}{% if r.note and r.actor %} — {% endif %}{{ r.actor }}",
            "",
            "",
        ],
        "rows",
        widths=[6, 20, 14, 18, 14, 14, 16, 11, 11],
        size=7.5,
    )
    _para(document, "Tình trạng: {{ status }}{% if outcome %}; {{ outcome|lower }}{% endif %}.")
    return document


def _form06():
    document = _document(landscape=True, size=10)
    _header(document)
    _para(document, "{{ issuer }} — {{ period }} (Quyển số {{ year }})", align=CENTER)
    _grid(
        document,
        [
            "STT",
            "Mã hồ sơ",
            "Tên thủ tục hành chính",
            "Số lượng hồ sơ (bộ)",
            "Tên cá nhân, tổ chức",
            "Địa chỉ, số điện thoại",
            "Cơ quan chủ trì giải quyết",
            "Nhận hồ sơ",
            "Hẹn trả kết quả",
            "Chuyển hồ sơ đến cơ quan giải quyết",
            "Nhận kết quả từ cơ quan giải quyết",
            "Trả kết quả cho cá nhân, tổ chức",
            "Ký nhận",
            "Ghi chú",
        ],
        [
            "{{ r.number }}",
            "{{ r.code }}",
            "{{ r.procedure }}",
            "{{ r.count }}",
            "{{ r.applicant }}",
            "{{ r.contact }}",
            "{{ r.competent_agency }}",
            "{{ r.received }}",
            "{{ r.due }}",
            "{{ r.forwarded }}",
            "{{ r.result_received }}",
            "{{ r.returned }}",
            "",
            "{{ r.note }}",
        ],
        "rows",
        widths=[9, 26, 38, 10, 24, 28, 22, 16, 16, 16, 16, 16, 14, 24],
        size=7.5,
    )
    _para(document, "Tổng số: {{ total }} hồ sơ.")
    return document


BUILDERS = {"01": _form01, "02": _form02, "03": _form03, "04": _form04, "05": _form05, "06": _form06}


@functools.cache
def template_bytes(number: str) -> bytes:
    """The DOCX template of form ``number`` (built once per process)."""
    return _bytes(BUILDERS[number]())
