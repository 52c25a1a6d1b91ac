"""Cell text: HTML fragments cleaned away; unit names split on the document's separators, kept as written."""

from __future__ import annotations

import pytest

from tthc.plans.parsing.markup import clean_cell
from tthc.plans.parsing.units import split_units


@pytest.mark.parametrize(
    ("cell", "names"),
    [
        (
            "- Các cơ quan chuyên môn, cơ quan thuộc UBND tỉnh; - UBND cấp huyện; - UBND cấp xã.",
            ["Các cơ quan chuyên môn, cơ quan thuộc UBND tỉnh", "UBND cấp huyện", "UBND cấp xã"],
        ),
        (
            "Văn phòng UBND tỉnh; Sở Thông tin và Truyền thông",
            ["Văn phòng UBND tỉnh", "Sở Thông tin và Truyền thông"],
        ),
        ("- Văn phòng UBND tỉnh - Sở Nội vụ", ["Văn phòng UBND tỉnh", "Sở Nội vụ"]),
        ("Sở Tư pháp\nSở Nội vụ\n", ["Sở Tư pháp", "Sở Nội vụ"]),
        ("+ Sở Tư pháp\n• Sở Nội vụ", ["Sở Tư pháp", "Sở Nội vụ"]),
        (
            "- Các cơ quan chuyên môn, cơ quan thuộc UBND tỉnh; ; - UBND cấp huyện",
            ["Các cơ quan chuyên môn, cơ quan thuộc UBND tỉnh", "UBND cấp huyện"],
        ),
        (
            "- Cơ quan trung ương trên địa bàn. - UBND cấp huyện",
            ["Cơ quan trung ương trên địa bàn", "UBND cấp huyện"],
        ),
        (
            "Các sở, ban, ngành cấp tỉnh, UBND cấp huyện, xã",
            ["Các sở, ban, ngành cấp tỉnh, UBND cấp huyện, xã"],
        ),
        ("Sở Thông tin – Truyền thông", ["Sở Thông tin – Truyền thông"]),
        ("Cục Kiểm soát TTHC - Văn phòng Chính phủ", ["Cục Kiểm soát TTHC - Văn phòng Chính phủ"]),
        ("UBND tỉnh ; UBND tỉnh", ["UBND tỉnh"]),
        ("", []),
        ("-", []),
    ],
)
def test_unit_names_are_split_on_semicolons_lines_and_bullets_and_kept_as_written(cell, names):
    assert split_units(cell) == names


def test_html_lists_and_paragraphs_become_lines_and_tags_disappear():
    cell = (
        '<p>Kết quả rà soát gồm:</p> <ul style="list-style-type: none"><li>Danh mục &amp; <i>phụ lục</i></li>'
        "<li>Báo cáo</li></ul><br/>**Ghi chú**"
    )

    assert clean_cell(cell) == "Kết quả rà soát gồm:\n- Danh mục & phụ lục\n- Báo cáo\nGhi chú"


def test_an_inline_converted_list_keeps_its_dashes_for_the_unit_splitter():
    cell = clean_cell('<ul style="list-style-type: none"> - Văn phòng UBND tỉnh - Sở Nội vụ ')

    assert cell == "- Văn phòng UBND tỉnh - Sở Nội vụ"
    assert split_units(cell) == ["Văn phòng UBND tỉnh", "Sở Nội vụ"]


def test_text_that_only_looks_like_markup_is_kept():
    assert clean_cell("Tỷ lệ < 20% và > 5%") == "Tỷ lệ < 20% và > 5%"
