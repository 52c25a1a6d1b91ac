"""The one upload check (tthc.core.uploads): type by content, empty and big files refused, safe names."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from tthc.core import uploads
from tthc.core.errors import ValidationFailed

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"
EXE = b"MZ\x90\x00" + b"\x00" * 200
SCRIPT = b"#!/bin/sh\nrm -rf /\n"

DOCUMENTS = uploads.Accepted(
    types={"pdf": "application/pdf", "png": "image/png"}, refusal="không phải PDF hay ảnh PNG"
)
EVIDENCE = uploads.Accepted(
    types={"pdf": "application/pdf"}, refusal="không phải PDF", code="bang_chung", field="f"
)
LIMIT = 1024 * 1024


def check(name: str, data: bytes, *, accepted=DOCUMENTS, max_bytes=LIMIT) -> uploads.CheckedUpload:
    return uploads.check(SimpleUploadedFile(name, data), accepted=accepted, max_bytes=max_bytes)


def test_an_executable_renamed_pdf_is_refused_by_content():
    with pytest.raises(ValidationFailed) as refused:
        check("don.pdf", EXE)
    assert refused.value.message == (
        "Tệp «don.pdf» không phải PDF hay ảnh PNG (kiểm tra theo nội dung tệp, không theo tên)."
    )


def test_a_script_renamed_pdf_is_refused_by_content():
    with pytest.raises(ValidationFailed, match="không phải PDF hay ảnh PNG"):
        check("bao-cao.pdf", SCRIPT)


def test_a_picture_named_pdf_is_accepted_as_the_picture_it_is():
    checked = check("Biên bản.pdf", PNG)
    assert (checked.extension, checked.content_type, checked.size) == ("png", "image/png", len(PNG))
    assert checked.name == "Biên bản.pdf"
    assert checked.storage_name == "bien-ban.png"


def test_an_accepted_type_not_in_the_capabilitys_table_is_refused():
    with pytest.raises(ValidationFailed, match=r"«anh\.png» không phải PDF"):
        check("anh.png", PNG, accepted=EVIDENCE)


def test_an_empty_file_is_refused():
    with pytest.raises(ValidationFailed) as refused:
        check("to-khai.pdf", b"")
    assert refused.value.message == "Tệp «to-khai.pdf» rỗng."


def test_a_file_over_the_limit_is_refused_with_its_size_and_the_limit():
    data = PDF + b"\0" * (3 * LIMIT)
    with pytest.raises(ValidationFailed) as refused:
        check("ban-chup.pdf", data)
    assert refused.value.message == "Tệp «ban-chup.pdf» dung lượng 3.1 MB, vượt giới hạn 1 MB."


def test_a_file_one_byte_over_the_limit_never_reads_as_the_limit():
    with pytest.raises(ValidationFailed, match=r"dung lượng 1\.1 MB, vượt giới hạn 1 MB"):
        uploads.check_size(name="x.pdf", size=LIMIT + 1, max_bytes=LIMIT)
    with pytest.raises(ValidationFailed, match=r"dung lượng 4\.1 KB, vượt giới hạn 4 KB"):
        uploads.check_size(name="x.pdf", size=4097, max_bytes=4096)


def test_a_file_at_the_limit_is_accepted():
    assert check("vua-du.pdf", PDF + b"\0" * (LIMIT - len(PDF))).size == LIMIT


def test_refusals_carry_the_capabilitys_code_and_field():
    for data, code in (
        (b"", "bang_chung_empty"),
        (PDF * LIMIT, "bang_chung_too_large"),
        (EXE, "bang_chung_type"),
    ):
        with pytest.raises(ValidationFailed) as refused:
            check("x.pdf", data, accepted=EVIDENCE)
        assert (refused.value.code, refused.value.field) == (code, "f")


def test_without_a_code_a_refusal_keeps_the_validation_code():
    with pytest.raises(ValidationFailed) as refused:
        check("x.pdf", EXE)
    assert refused.value.code == "validation_failed" and refused.value.status == 422


def test_the_upload_is_left_at_its_start_after_the_check():
    upload = ContentFile(PDF, name="to-khai.pdf")
    upload.read(5)
    uploads.check(upload, accepted=DOCUMENTS, max_bytes=LIMIT)
    assert upload.read() == PDF


@pytest.mark.parametrize(
    ("given", "shown"),
    [
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\An\\Desktop\\Tờ khai.pdf", "Tờ khai.pdf"),
        ("/tmp/./bao cao/ke-hoach.docx", "ke-hoach.docx"),
    ],
)
def test_a_path_in_the_name_is_dropped(given, shown):
    assert uploads.display_name(given) == shown


def test_control_characters_and_direction_overrides_are_dropped_from_the_name():
    assert uploads.display_name("hoa-don\u202efdp.exe") == "hoa-donfdp.exe"
    assert uploads.display_name("to\x00khai\r\n.pdf") == "tokhai.pdf"


def test_a_name_of_dots_or_nothing_becomes_tep():
    assert [uploads.display_name(name) for name in ("..", ".", "", None, " \t", "../..")] == ["tep"] * 6
    assert uploads.display_name(".htaccess") == "htaccess"


def test_the_shown_name_keeps_vietnamese_in_one_normal_form():
    decomposed = "Bie\u0302n ba\u0309n ho\u0323p.png"  # as macOS sends it
    assert uploads.display_name(decomposed) == "Biên bản họp.png"


def test_a_long_name_is_shortened_and_keeps_its_extension():
    name = uploads.display_name("a" * 400 + ".docx")
    assert len(name) == uploads.DISPLAY_NAME_LENGTH and name.endswith("a.docx")


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        ("../../Ảnh chụp <hồ sơ>.PNG", "anh-chup-ho-so.png"),
        ("Đơn kiến nghị (bản 2).exe", "don-kien-nghi-ban-2.png"),
        ("..\\..\\windows\\system32.dll", "system32.png"),
        ("報告.png", "tep.png"),
        ("..", "tep.png"),
        ("ke.hoach.v2.tar.gz", "ke-hoach-v2-tar.png"),
    ],
)
def test_the_storage_name_is_folded_ascii_with_the_detected_extension(given, stored):
    assert uploads.storage_name(given, extension="png") == stored


def test_a_long_storage_name_is_shortened_without_a_trailing_hyphen():
    stored = uploads.storage_name("ab " * 100, extension="pdf")
    assert len(stored) <= uploads.STORAGE_STEM_LENGTH + 4 and not stored.removesuffix(".pdf").endswith("-")


def test_limits_read_as_people_read_them():
    assert [uploads.readable_size(size) for size in (20 * 1024 * 1024, 4096, 100)] == [
        "20 MB",
        "4 KB",
        "1 KB",
    ]


# --- every capability checks its uploads through this module -----------------------------------------------


def _dossier_document(upload):
    from tthc.dossiers.uploads import check_file

    return check_file(upload)


def _catalog_template(upload):
    from tthc.catalog.services import check_template

    return check_template(upload)


def _feedback_attachment(upload):
    from tthc.feedback.attachments import check_files

    checked, problems = check_files([upload])
    if problems:
        raise ValidationFailed(problems[0]["message"], field=problems[0]["field"])
    return checked


def _plan_evidence(upload):
    from tthc.plans.uploads import check_evidence

    return check_evidence(upload)


def _plan_document(upload):
    from tthc.plans.uploads import check_plan_document

    return check_plan_document(upload)


CAPABILITIES = [_dossier_document, _catalog_template, _feedback_attachment, _plan_evidence, _plan_document]


@pytest.mark.parametrize("capability", CAPABILITIES)
def test_every_capability_refuses_an_empty_file_naming_it(capability):
    with pytest.raises(ValidationFailed, match=r"^Tệp «to khai\.pdf» rỗng\.$"):
        capability(SimpleUploadedFile("../to khai.pdf", b""))


@pytest.mark.parametrize("capability", CAPABILITIES[:-1])
def test_every_capability_refuses_an_executable_renamed_pdf_naming_it(capability):
    with pytest.raises(ValidationFailed, match=r"^Tệp «don\.pdf» không .*\(kiểm tra theo nội dung tệp"):
        capability(SimpleUploadedFile("don.pdf", EXE))


@pytest.mark.parametrize("capability", CAPABILITIES)
def test_every_capability_refuses_a_big_file_with_its_size_and_limit(capability):
    upload = SimpleUploadedFile("ban-chup.pdf", PDF)
    upload.size = 200 * 1024 * 1024  # declared; nothing that large is read
    with pytest.raises(
        ValidationFailed, match=r"^Tệp «ban-chup\.pdf» dung lượng 200\.0 MB, vượt giới hạn \d+ MB\.$"
    ):
        capability(upload)
