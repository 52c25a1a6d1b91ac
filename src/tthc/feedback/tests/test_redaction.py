"""Hiding the senders' personal data in published text: folded name and address parts, phones, e-mails, and
nothing else (codes, amounts, dates and ordinary words stay)."""

from __future__ import annotations

import pytest

from tthc.feedback.redaction import MASK, Person, redact

MAI = Person(
    name="Nguyễn Thị Mai",
    phone="0912345678",
    email="mai@example.vn",
    address="12 Lê Lợi, phường Đông Hà",
)


@pytest.mark.parametrize(
    ("written", "published"),
    [
        ("Kính gửi bà Mai,", f"Kính gửi bà {MASK},"),
        ("NGUYEN THI MAI đề nghị", f"{MASK} đề nghị"),
        ("nguyễn thị mai đề nghị", f"{MASK} đề nghị"),
        ("Chị Thị Mai cho biết", f"Chị {MASK} cho biết"),
        ("Tôi là Mai, ở gần chợ", f"Tôi là {MASK}, ở gần chợ"),
        ("Họ tên: Mai", f"Họ tên: {MASK}"),
        ("Hôm qua Mai đã nộp hồ sơ", f"Hôm qua {MASK} đã nộp hồ sơ"),
        ("gửi ông Nguyễn", f"gửi ông {MASK}"),
    ],
)
def test_a_senders_name_is_hidden_in_any_case_and_with_or_without_diacritics(written, published):
    assert redact(written, MAI) == published


@pytest.mark.parametrize(
    "written",
    ["ngày mai tôi đi thi", "Tôi có thi lại", "Bà con phản ánh", "ông Nguyễn Văn An ở xã bên"],
)
def test_ordinary_words_that_are_also_name_parts_stay(written):
    assert redact(written, MAI) == written


@pytest.mark.parametrize(
    ("written", "published"),
    [
        ("nhà tôi ở 12 Lê Lợi", f"nhà tôi ở {MASK}"),
        ("nhà tôi ở số 12 đường Lê Lợi", f"nhà tôi ở số {MASK}"),
        ("nhà tôi ở 12 LE LOI, gần chợ", f"nhà tôi ở {MASK}, gần chợ"),
        ("12 Lê Lợi, phường Đông Hà", MASK),
        ("người dân phường Đông Hà", "người dân phường Đông Hà"),
    ],
)
def test_the_address_and_its_parts_are_hidden_but_not_the_ward_alone(written, published):
    assert redact(written, MAI) == published


@pytest.mark.parametrize(
    "written",
    ["0912345678", "0912 345 678", "0912.345.678", "+84 912 345 678", "84912345678", "MAI@EXAMPLE.VN"],
)
def test_the_senders_phone_and_email_are_hidden_however_written(written):
    assert redact(f"liên hệ {written} giúp", MAI) == f"liên hệ {MASK} giúp"


def test_other_phone_numbers_and_emails_are_hidden_too():
    assert redact("gọi 0987 654 321 hoặc binh@example.vn", MAI) == f"gọi {MASK} hoặc {MASK}"


@pytest.mark.parametrize(
    "written",
    [
        "hồ sơ 000.00.10.H99-260302-0001",
        "thủ tục 1.001193.000.00.00.H12",
        "thủ tục 2.000488",
        "lệ phí 1.200.000.000 đồng",
        "ngày 02.03.2026 và 02/03/2026",
    ],
)
def test_codes_amounts_and_dates_are_not_mistaken_for_phone_numbers(written):
    assert redact(written, MAI) == written


def test_every_senders_data_is_hidden():
    binh = Person(name="Trần Văn Bình", phone="0987654321")
    assert redact("Kính gửi bà Mai và ông Bình", MAI, binh) == f"Kính gửi bà {MASK} và ông {MASK}"
