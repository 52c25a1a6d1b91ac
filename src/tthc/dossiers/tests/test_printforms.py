"""The printed forms of Circular 01/2018 (01–06): what each says, and that HTML, PDF and DOCX carry it."""

from __future__ import annotations

import datetime
import io
import unicodedata

import pdfplumber
import pytest
import segno
from django.urls import reverse

from tthc.dossiers import services, workflow
from tthc.dossiers.models import Status
from tthc.dossiers.printforms import context as forms
from tthc.dossiers.printforms import render
from tthc.dossiers.services import PaymentData
from tthc.dossiers.tests.helpers import MONDAY, applicant, at, intake, receive

pytestmark = pytest.mark.django_db

NOW = at("2026-03-20", "10:00")
A5_POINTS = (419.5, 595.3)
A4_LANDSCAPE_POINTS = (841.9, 595.3)


def act(dossier, action, user, now, **payload):
    return workflow.perform(dossier=dossier, action=action, user=user, now=now, **payload)


def build(dossier, number):
    return forms.dossier_form(dossier, number=number, now=NOW)


def eventful(one_stop, **overrides):
    """A dossier with every form 01–05: received, supplement requested and given, apology, refused."""
    users = one_stop.users
    dossier = receive(
        one_stop, payment=PaymentData(amount=50000, method="cash", receipt_number="BL-0007"), **overrides
    )
    dossier = act(dossier, "forward", users.desk_centre, MONDAY)
    dossier = act(dossier, "assign", users.specialist_justice, at("2026-03-02", "10:00"))
    dossier = act(
        dossier,
        "request_supplement",
        users.specialist_justice,
        at("2026-03-02", "11:00"),
        reason="Bản sao giấy khai sinh có chứng thực\nẢnh 4x6 chụp trong 6 tháng",
    )
    dossier = act(dossier, "receive_supplement", users.desk_centre, at("2026-03-03", "09:00"))
    dossier = act(
        dossier,
        "apologise",
        users.specialist_justice,
        at("2026-03-04", "09:00"),
        reason="Chờ kết quả xác minh của Công an tỉnh",
        new_due_at=at("2026-03-16", "16:00"),
    )
    dossier = act(dossier, "appraise", users.specialist_justice, at("2026-03-05", "09:00"))
    return act(
        dossier,
        "refuse",
        users.approver_justice,
        at("2026-03-05", "14:00"),
        reason="Người yêu cầu không thuộc đối tượng được cấp Phiếu",
    )


def pdf_text(body: bytes) -> tuple[str, list[tuple[float, float]]]:
    with pdfplumber.open(io.BytesIO(body)) as pdf:
        text = "\n".join(page.extract_text() or "" for page in pdf.pages)
        sizes = [(round(float(p.width), 1), round(float(p.height), 1)) for p in pdf.pages]
    assert unicodedata.is_normalized("NFC", text)  # no decomposed accents: the text layer reads as typed
    return text, sizes


def docx_text(body: bytes) -> str:
    from docx import Document

    document = Document(io.BytesIO(body))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


# --- what each form says ------------------------------------------------------------------------------------


def test_receipt_states_code_lookup_key_appointment_documents_fee_and_register_number(one_stop):
    dossier = receive(one_stop, payment=PaymentData(amount=50000, method="cash", receipt_number="BL-0001"))
    receipt = build(dossier, "01")
    assert receipt["title"] == "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ"
    assert receipt["paper"] == "A5"
    assert receipt["code"] == "000.00.20.H99-260302-0001"
    assert receipt["lookup_key"] == dossier.lookup_key and len(dossier.lookup_key) == 6
    assert receipt["received"] == "09 giờ 00 phút, ngày 02/03/2026"
    # 5 working days from Monday 09:00.
    assert receipt["appointment"] == "09 giờ 00 phút, ngày 09/03/2026"
    assert receipt["appointment_changed"] == ""
    assert receipt["time_limit"] == "5 ngày làm việc"
    assert [(d["number"], d["name"], d["kind"]) for d in receipt["documents"]] == [
        (1, "Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp", "01 bản chính"),
        (2, "Bản chụp giấy tờ tùy thân", "01 bản sao"),
    ]
    assert receipt["fee"] == "50.000 đồng"
    assert receipt["payments"] == ["50.000 đồng — Tiền mặt, biên lai số BL-0001"]
    assert (receipt["register_book"], receipt["register_number"]) == ("2026", "1")
    assert receipt["issuer_parent"] == "UBND TỈNH THỬ NGHIỆM"
    assert receipt["issuer_name"] == "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG"
    assert receipt["dated"] == "Ngày 02 tháng 03 năm 2026"
    assert [s["title"] for s in receipt["signatures"]] == ["NGƯỜI NỘP HỒ SƠ", "NGƯỜI TIẾP NHẬN HỒ SƠ"]
    assert receipt["signatures"][0]["name"] == "Nguyễn Thị Lan"


def test_receipt_qr_is_an_svg_built_from_the_dossier_code(one_stop):
    from PIL import Image

    first = receive(one_stop)
    second = receive(one_stop, now=MONDAY + datetime.timedelta(hours=1))
    svg = build(first, "01")["qr_svg"]
    symbol = segno.make(first.code, error="m")
    assert svg.startswith("<svg") and "<path" in svg
    assert svg == symbol.svg_inline(scale=3, border=2, dark="#000", omitsize=False)
    side = (symbol.symbol_size(scale=3, border=2))[0]
    assert f'width="{side}" height="{side}"' in svg
    assert svg != build(second, "01")["qr_svg"]
    # The PNG in the DOCX carries the same modules: sample the centre of each (scale 8, border 2).
    image = Image.open(io.BytesIO(forms.qr_png(first.code))).convert("L")
    modules = [
        [image.getpixel(((x + 2) * 8 + 4, (y + 2) * 8 + 4)) < 128 for x in range(len(row))]
        for y, row in enumerate(symbol.matrix)
    ]
    assert modules == [[bool(v) for v in row] for row in symbol.matrix]


def test_receipt_shows_the_changed_appointment_after_an_apology(one_stop):
    dossier = eventful(one_stop)
    receipt = build(dossier, "01")
    assert receipt["appointment"] == "09 giờ 00 phút, ngày 09/03/2026"
    assert receipt["appointment_changed"] == "16 giờ 00 phút, ngày 16/03/2026"


def test_no_receipt_for_a_dossier_guided_at_intake(one_stop):
    dossier = services.receive(
        intake=intake(one_stop.procedure_code),
        desk=one_stop.centre,
        user=one_stop.users.desk_centre,
        now=MONDAY,
        outcome=Status.GUIDED,
        missing=["Tờ khai"],
    )
    with pytest.raises(forms.FormNotApplicable, match="chưa được tiếp nhận"):
        build(dossier, "01")


def test_guidance_at_intake_lists_every_missing_item_at_once(one_stop):
    missing = ["Tờ khai có chữ ký của người yêu cầu", "Bản chụp CCCD còn hiệu lực", "Giấy ủy quyền"]
    dossier = services.receive(
        intake=intake(one_stop.procedure_code),
        desk=one_stop.centre,
        user=one_stop.users.desk_centre,
        now=MONDAY,
        outcome=Status.GUIDED,
        missing=missing,
    )
    guidance = build(dossier, "02")
    assert guidance["title"] == "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ"
    assert guidance["items"] == missing
    assert guidance["at_intake"] is True
    assert guidance["issuer"] == "Trung tâm Phục vụ hành chính công"
    assert guidance["addressee"] == "Ông/Bà"


def test_supplement_request_lists_each_reason_line_and_comes_from_the_competent_agency(one_stop):
    dossier = eventful(one_stop)
    request = build(dossier, "02")
    assert request["items"] == ["Bản sao giấy khai sinh có chứng thực", "Ảnh 4x6 chụp trong 6 tháng"]
    assert request["at_intake"] is False
    assert request["issuer"] == "Sở Tư pháp"
    assert request["requested"] == "11 giờ 00 phút, ngày 02/03/2026"
    assert request["contact"].startswith("Trung tâm Phục vụ hành chính công")


def test_refusal_at_intake_states_the_reason(one_stop):
    dossier = services.receive(
        intake=intake(one_stop.procedure_code),
        desk=one_stop.centre,
        user=one_stop.users.desk_centre,
        now=MONDAY,
        outcome=Status.REFUSED_AT_INTAKE,
        reason="Thủ tục không thuộc thẩm quyền tiếp nhận",
    )
    refusal = build(dossier, "03")
    assert refusal["reasons"] == ["Thủ tục không thuộc thẩm quyền tiếp nhận"]
    assert refusal["at_intake"] is True
    assert refusal["statement"].startswith("Qua xem xét, Trung tâm Phục vụ hành chính công thông báo không")
    assert refusal["signatures"][0]["title"] == "NGƯỜI TIẾP NHẬN HỒ SƠ"


def test_refusal_after_appraisal_is_issued_by_the_competent_agency_with_its_reason(one_stop):
    refusal = build(eventful(one_stop), "03")
    assert refusal["at_intake"] is False
    assert refusal["issuer_name"] == "SỞ TƯ PHÁP"
    assert refusal["reasons"] == ["Người yêu cầu không thuộc đối tượng được cấp Phiếu"]
    assert refusal["signatures"][0]["title"] == "THỦ TRƯỞNG CƠ QUAN"


def test_apology_states_the_old_and_new_due_dates_and_the_reason(one_stop):
    apology = build(eventful(one_stop), "04")
    assert apology["title"] == "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ"
    # The supplement restarted the clock on Tuesday 09:00: due the next Tuesday, then moved by the apology.
    assert apology["old_due"] == "09 giờ 00 phút, ngày 10/03/2026"
    assert apology["new_due"] == "16 giờ 00 phút, ngày 16/03/2026"
    assert apology["reasons"] == ["Chờ kết quả xác minh của Công an tỉnh"]
    assert apology["received_day"] == "ngày 02 tháng 03 năm 2026"
    assert apology["issuer"] == "Sở Tư pháp"


def test_apology_form_does_not_apply_without_an_apology(one_stop):
    with pytest.raises(forms.FormNotApplicable, match="không có xin lỗi"):
        build(receive(one_stop), "04")


def test_control_sheet_lists_every_hand_over_with_times_and_results(one_stop):
    sheet = build(eventful(one_stop), "05")
    rows = [(r["step"], r["from_agency"], r["given"], r["to_agency"], r["taken"]) for r in sheet["rows"]]
    assert rows == [
        ("Tiếp nhận hồ sơ", "Tổ chức, cá nhân", "09:00 02/03/2026", "Trung tâm Phục vụ hành chính công",
         "09:00 02/03/2026"),
        ("Chuyển cơ quan giải quyết", "Trung tâm Phục vụ hành chính công", "09:00 02/03/2026", "Sở Tư pháp",
         "09:00 02/03/2026"),
        ("Phân công xử lý", "Sở Tư pháp", "10:00 02/03/2026", "Sở Tư pháp", "10:00 02/03/2026"),
        ("Yêu cầu bổ sung hồ sơ", "Sở Tư pháp", "11:00 02/03/2026", "Trung tâm Phục vụ hành chính công", ""),
        ("Nhận hồ sơ bổ sung", "Trung tâm Phục vụ hành chính công", "09:00 03/03/2026", "Sở Tư pháp",
         "09:00 03/03/2026"),
        ("Xin lỗi và hẹn lại ngày trả", "Sở Tư pháp", "09:00 04/03/2026", "Trung tâm Phục vụ hành chính công",
         ""),
        # The appraisal step hands the dossier over to the approval step (both at Sở Tư pháp by default).
        ("Hoàn thành thẩm định", "Sở Tư pháp", "09:00 05/03/2026", "Sở Tư pháp", ""),
    ]  # fmt: skip
    assert sheet["rows"][0]["result"] == "Đã tiếp nhận"
    assert sheet["rows"][2]["result"].startswith("Phân công:")
    assert sheet["rows"][3]["note"].startswith("Bản sao giấy khai sinh")
    assert [r["number"] for r in sheet["rows"]] == [1, 2, 3, 4, 5, 6, 7]
    assert sheet["competent_agency"] == "Sở Tư pháp"
    assert sheet["status"] == "Từ chối giải quyết"
    assert sheet["outcome"] == "Hoàn thành trước hạn"


def test_control_sheet_names_the_consulted_agency(one_stop):
    users = one_stop.users
    dossier = act(receive(one_stop), "forward", users.desk_centre, MONDAY)
    dossier = act(dossier, "assign", users.specialist_justice, MONDAY)
    dossier = act(
        dossier,
        "request_consultation",
        users.specialist_justice,
        at("2026-03-03"),
        reason="Xin ý kiến về hồ sơ",
        agency=one_stop.construction.pk,
    )
    sheet = build(dossier, "05")
    assert sheet["cooperating"] == "Sở Xây dựng"
    assert sheet["rows"][-1]["to_agency"] == "Sở Xây dựng"


def test_unknown_form_number_is_not_applicable(one_stop):
    with pytest.raises(forms.FormNotApplicable, match="01 đến 05"):
        build(receive(one_stop), "07")


def test_organisation_is_addressed_as_an_organisation(one_stop):
    dossier = receive(
        one_stop,
        applicant=applicant(kind="organisation", name="Công ty TNHH Ánh Dương", identifier="3200123456"),
    )
    receipt = build(dossier, "01")
    assert receipt["addressee"] == "Quý cơ quan, tổ chức"
    assert receipt["applicant"]["identifier_label"] == "Mã số thuế"


# --- form 06 ------------------------------------------------------------------------------------------------


def register_of(one_stop, *, year=2026, user=None, month=None):
    from tthc.dossiers import selectors

    user = user or one_stop.users.desk_centre
    return forms.register(
        selectors.register(user, year=year), desk=one_stop.centre, year=year, month=month, now=NOW
    )


def test_register_is_numbered_continuously_from_one_in_register_order(one_stop):
    users = one_stop.users
    first = receive(one_stop)
    services.receive(  # guided: recorded, but not entered in the register
        intake=intake(one_stop.procedure_code),
        desk=one_stop.centre,
        user=users.desk_centre,
        now=MONDAY + datetime.timedelta(minutes=30),
        outcome=Status.GUIDED,
        missing=["Tờ khai"],
    )
    online = services.submit_online(intake=intake(one_stop.procedure_code), now=at("2026-03-02", "10:00"))
    second = receive(one_stop, now=at("2026-03-03"))
    online = act(online, "accept", users.desk_centre, at("2026-03-04"))
    third = receive(one_stop, now=at("2026-04-01"))
    services.receive(  # another desk keeps its own register
        intake=intake(one_stop.commune_procedure_code),
        desk=one_stop.commune_a,
        user=users.desk_commune_a,
        now=MONDAY,
    )
    register = register_of(one_stop)
    assert register["paper"] == "A4 landscape"
    assert [r["number"] for r in register["rows"]] == [1, 2, 3, 4]
    assert [r["code"] for r in register["rows"]] == [first.code, second.code, online.code, third.code]
    assert register["gaps"] == [] and register["total"] == 4
    assert register["rows"][0]["received"] == "09:00 02/03/2026"
    assert register["rows"][0]["due"] == "09:00 09/03/2026"
    assert register["rows"][0]["contact"] == "12 Lê Lợi, phường Đông Hà, 0912345678"
    # One month keeps the year's numbering.
    april = register_of(one_stop, month=4)
    assert [r["number"] for r in april["rows"]] == [4] and april["gaps"] == []
    assert april["period"] == "Tháng 04 năm 2026"
    assert register_of(one_stop, year=2025)["rows"] == []


def test_register_records_forwarding_result_and_return_dates(one_stop):
    users = one_stop.users
    dossier = act(receive(one_stop), "forward", users.desk_centre, MONDAY)
    dossier = act(dossier, "assign", users.specialist_justice, MONDAY)
    dossier = act(dossier, "appraise", users.specialist_justice, at("2026-03-03"))
    dossier = act(dossier, "approve", users.approver_justice, at("2026-03-04"))
    dossier = act(dossier, "send_result", users.specialist_justice, at("2026-03-04", "14:00"))
    act(dossier, "return_result", users.desk_centre, at("2026-03-05", "08:00"))
    row = register_of(one_stop)["rows"][0]
    assert (row["forwarded"], row["result_received"], row["returned"]) == (
        "09:00 02/03/2026",
        "14:00 04/03/2026",
        "08:00 05/03/2026",
    )
    assert row["note"] == ""


# --- outputs ------------------------------------------------------------------------------------------------


def test_pdf_is_a_real_a5_pdf_with_the_code_and_vietnamese_text_intact(one_stop):
    dossier = receive(one_stop)
    body = render.pdf(build(dossier, "01"))
    assert body.startswith(b"%PDF")
    text, sizes = pdf_text(body)
    assert dossier.code in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ" in text
    assert "Nguyễn Thị Lan" in text
    assert "Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp" in text
    assert sizes == [A5_POINTS]


def test_register_pdf_is_a4_landscape(one_stop):
    first = receive(one_stop)
    body = render.pdf(register_of(one_stop))
    text, sizes = pdf_text(body)
    assert set(sizes) == {A4_LANDSCAPE_POINTS}
    assert "SỔ THEO DÕI HỒ SƠ" in text and first.code in text


def test_docx_opens_with_the_code_the_qr_image_and_a5_pages(one_stop):
    from docx import Document

    dossier = receive(one_stop)
    body = render.docx(build(dossier, "01"))
    document = Document(io.BytesIO(body))
    text = docx_text(body)
    assert dossier.code in text and dossier.lookup_key in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp" in text
    assert "{{" not in text and "{%" not in text
    assert len(document.inline_shapes) == 1  # the QR code
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (148, 210)


@pytest.mark.parametrize("number", ["02", "03", "04", "05"])
def test_docx_of_each_dossier_form_is_filled_from_its_context(one_stop, number):
    dossier = eventful(one_stop)
    context = build(dossier, number)
    text = docx_text(render.docx(context))
    assert dossier.code in text and context["title"] in text
    assert "{{" not in text and "{%" not in text
    if number == "02":
        assert "2. Ảnh 4x6 chụp trong 6 tháng" in text
    if number == "04":
        assert context["new_due"] in text and "Chờ kết quả xác minh của Công an tỉnh" in text
    if number == "05":
        assert "Xin lỗi và hẹn lại ngày trả" in text


def test_register_docx_lists_each_row(one_stop):
    first, second = receive(one_stop), receive(one_stop, now=at("2026-03-03"))
    text = docx_text(render.docx(register_of(one_stop)))
    assert first.code in text and second.code in text and "SỔ THEO DÕI HỒ SƠ" in text


def test_markup_in_an_applicants_name_stays_text_in_html_and_docx(one_stop, client):
    name = "<script>alert(1)</script> & Cộng sự"
    dossier = receive(one_stop, applicant=applicant(name=name))
    client.force_login(one_stop.users.desk_centre)
    page = client.get(reverse("dossiers:form", kwargs={"code": dossier.code, "number": "01", "fmt": "html"}))
    content = page.content.decode()
    assert page.status_code == 200
    assert "<script>alert(1)</script>" not in content
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; Cộng sự" in content
    assert name in docx_text(render.docx(build(dossier, "01")))


def test_pdf_fetches_static_files_locally_and_never_from_the_network():
    fetcher = render._static_fetcher()
    response = fetcher.fetch(render.PDF_BASE_URL + "static/css/bootstrap.min.css")
    assert response.url.startswith("file://") and b"bootstrap" in response.read()[:400].lower()
    with pytest.raises(ValueError, match="không tải từ mạng"):
        fetcher.fetch("https://example.com/font.woff2")


# --- the pages ----------------------------------------------------------------------------------------------


def form_url(dossier, number, fmt):
    return reverse("dossiers:form", kwargs={"code": dossier.code, "number": number, "fmt": fmt})


def test_form_urls_keep_the_agreed_shape(one_stop):
    assert (
        reverse("dossiers:form", kwargs={"code": "000.00.20.H99-260302-0001", "number": "01", "fmt": "pdf"})
        == "/staff/dossiers/forms/000.00.20.H99-260302-0001/01.pdf"
    )
    assert (
        reverse("dossiers:form-register", kwargs={"desk_id": 7, "year": 2026, "fmt": "html"})
        == "/staff/dossiers/forms/register/7/2026.html"
    )


def test_receipt_page_is_print_ready_with_its_qr_and_downloads(one_stop, client):
    dossier = receive(one_stop)
    client.force_login(one_stop.users.desk_centre)
    page = client.get(form_url(dossier, "01", "html"))
    content = page.content.decode()
    assert page.status_code == 200
    assert "data-print" in content and "d-print-none" in content
    assert "@page { size: A5;" in content
    assert str(forms.qr_svg(dossier.code)) in content
    assert form_url(dossier, "01", "pdf") in content and form_url(dossier, "01", "docx") in content
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in content


def test_form_downloads_have_their_content_types(one_stop, client):
    dossier = receive(one_stop)
    client.force_login(one_stop.users.specialist_justice)  # the competent agency sees the dossier too
    pdf = client.get(form_url(dossier, "05", "pdf"))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    docx = client.get(form_url(dossier, "01", "docx"))
    assert docx.status_code == 200 and docx["Content-Type"].endswith("wordprocessingml.document")
    assert f'filename="mau-01-{dossier.code}.docx"' in docx["Content-Disposition"]


def test_form_that_does_not_apply_is_404_with_a_vietnamese_message(one_stop, client):
    dossier = receive(one_stop)
    client.force_login(one_stop.users.desk_centre)
    page = client.get(form_url(dossier, "04", "html"))
    assert page.status_code == 404
    assert "không có xin lỗi và hẹn lại ngày trả kết quả" in page.content.decode()
    assert client.get(form_url(dossier, "09", "html")).status_code == 404
    assert client.get(form_url(dossier, "01", "odt")).status_code == 404


@pytest.mark.scoped_endpoint("dossiers:form")
def test_forms_of_a_dossier_are_refused_to_another_agencys_staff(one_stop, client):
    dossier = receive(one_stop)
    for user in (one_stop.users.specialist_construction, one_stop.users.desk_commune_a):
        client.force_login(user)
        for fmt in ("html", "pdf", "docx"):
            response = client.get(form_url(dossier, "01", fmt))
            assert response.status_code == 404
            assert "trong phạm vi của bạn" in response.content.decode()
    client.logout()
    assert client.get(form_url(dossier, "01", "html")).status_code == 302


@pytest.mark.scoped_endpoint("dossiers:form-register")
def test_register_is_only_for_desk_officers_of_that_desk(one_stop, client):
    receive(one_stop)
    url = reverse(
        "dossiers:form-register", kwargs={"desk_id": one_stop.centre.pk, "year": 2026, "fmt": "html"}
    )
    for user in (one_stop.users.desk_commune_a, one_stop.users.specialist_justice):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 403
        assert "Bạn không có quyền" in response.content.decode()
    client.force_login(one_stop.users.desk_centre)
    page = client.get(url)
    assert page.status_code == 200
    assert "@page { size: A4 landscape;" in page.content.decode()
    assert client.get(url.replace(".html", ".pdf")).content.startswith(b"%PDF")
    missing = reverse("dossiers:form-register", kwargs={"desk_id": 999999, "year": 2026, "fmt": "html"})
    assert client.get(missing).status_code == 404


def test_register_reads_a_fixed_number_of_queries_whatever_its_length(one_stop, django_assert_num_queries):
    from tthc.dossiers import selectors

    for day in ("2026-03-02", "2026-03-03"):
        receive(one_stop, now=at(day))
    user = one_stop.users.desk_centre
    with django_assert_num_queries(2):  # the rows, and the results sent back, prefetched
        forms.register(selectors.register(user, year=2026), desk=one_stop.centre, year=2026, now=NOW)
    for day in ("2026-03-04", "2026-03-05", "2026-03-06"):
        receive(one_stop, now=at(day))
    with django_assert_num_queries(2):
        rows = forms.register(selectors.register(user, year=2026), desk=one_stop.centre, year=2026, now=NOW)
    assert rows["total"] == 5


def test_register_page_offers_one_month_and_keeps_it_in_the_downloads(one_stop, client):
    receive(one_stop)
    receive(one_stop, now=at("2026-04-01"))
    client.force_login(one_stop.users.desk_centre)
    url = reverse(
        "dossiers:form-register", kwargs={"desk_id": one_stop.centre.pk, "year": 2026, "fmt": "html"}
    )
    page = client.get(url, {"month": "4"})
    content = page.content.decode()
    assert "Tháng 04 năm 2026" in content and "260401-0001" in content and "260302-0001" not in content
    assert url.replace(".html", ".pdf") + "?month=4" in content
    assert '<option value="4" selected>' in content


def test_register_pdf_of_too_many_rows_asks_for_one_month(one_stop, client, settings):
    receive(one_stop)
    receive(one_stop, now=at("2026-03-03"))
    settings.TTHC_REGISTER_PDF_ROWS = 1
    client.force_login(one_stop.users.desk_centre)
    url = reverse(
        "dossiers:form-register", kwargs={"desk_id": one_stop.centre.pk, "year": 2026, "fmt": "pdf"}
    )
    response = client.get(url)
    assert response.status_code == 422
    assert "hãy chọn từng tháng" in response.content.decode()
    assert client.get(url, {"month": "3"}).status_code == 422
    assert client.get(url.replace(".pdf", ".docx")).status_code == 200
