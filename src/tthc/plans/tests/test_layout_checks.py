"""Layouts where a reader could shift cells or join tables: reported for the officer, never guessed.

The files in ``data/`` are small plans in the layouts other provinces use (one cell per line with wrapped
cells, a second unrelated table after a heading, a group number used twice and one mistyped).
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from tthc.plans.management.commands.plan import Command
from tthc.plans.parsing import parse_file, parse_plan, read_text
from tthc.plans.parsing.units import split_units
from tthc.plans.tests.test_seed_plans import DONG_THAP_REPORT

DATA = Path(__file__).parent / "data"


def tasks_of(plan) -> list[tuple]:
    return [
        (task.number, task.content, task.lead, task.partners, task.timeframe.text) for _, task in plan.tasks()
    ]


def test_wrapped_cells_in_the_one_cell_per_line_layout_are_joined_back_not_shifted():
    plan = parse_file(DATA / "layout-wrapped-cells.txt")

    assert tasks_of(plan)[:3] == [
        (
            "1",
            "Xây dựng kế hoạch kiểm soát thủ tục hành chính năm 2023 của tỉnh",
            ["Văn phòng UBND tỉnh"],
            ["Sở Tư pháp"],
            "Quý I/2023",
        ),
        ("2", "Tổ chức kiểm tra", ["Sở Nội vụ"], ["Văn phòng UBND tỉnh", "Sở Tư pháp"], "Quý II/2023"),
        ("3", "Công bố TTHC", ["Các sở, ban, ngành"], [], "Thường xuyên"),
    ]
    assert "Nhiệm vụ 1: có ô xuống dòng (6 dòng cho 5 cột) đã được nối lại; hãy kiểm tra." in plan.warnings
    assert "Nhiệm vụ 2: có ô xuống dòng (6 dòng cho 5 cột) đã được nối lại; hãy kiểm tra." in plan.warnings


def test_a_block_with_more_lines_than_columns_that_cannot_be_joined_is_reported_and_kept_whole():
    plan = parse_file(DATA / "layout-wrapped-cells.txt")

    assert tasks_of(plan)[3] == (
        "4",
        "Tổ chức tập huấn nghiệp vụ\nHội nghị trực tuyến toàn tỉnh\nVăn phòng UBND tỉnh\nSở Nội vụ",
        [],
        [],
        "Quý III/2023",
    )
    assert any(
        warning.startswith("Nhiệm vụ 4: khối có 6 dòng cho 5 cột, không biết dòng nào thuộc cột nào")
        for warning in plan.warnings
    )


def test_a_short_block_whose_cells_cannot_be_placed_for_sure_is_reported():
    header = ["STT", "Nội dung", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời gian thực hiện"]
    first = ["1", "Tuyên truyền", "Sở Thông tin và Truyền thông", "Các sở, ban, ngành"]  # lead? timeframe?
    second = ["2", "Công bố TTHC", "Các sở, ban, ngành", "Thường xuyên"]  # the usual empty partner cell
    text = "\n".join([*header, "", *first, "", *second])

    plan = parse_plan(read_text(text), title="Kế hoạch", year=2023)

    assert "Nhiệm vụ 1: thiếu ô (4 dòng cho 5 cột), không chắc ô nào thuộc cột nào; hãy kiểm tra." in (
        plan.warnings
    )
    assert not any(warning.startswith("Nhiệm vụ 2: thiếu ô") for warning in plan.warnings)


def test_a_table_after_a_heading_is_not_read_as_more_tasks_but_reported():
    plan = parse_file(DATA / "layout-second-table.txt")

    assert tasks_of(plan) == [("1", "Việc A", ["Sở Tư pháp"], ["Văn phòng UBND tỉnh"], "Quý I/2023")]
    assert plan.problems == [
        "Không hiểu bảng 2 (2 dòng): không có dòng tiêu đề với các cột như STT, Nội dung, Đơn vị chủ trì, "
        "Thời gian thực hiện; bảng này đã được bỏ qua."
    ]


def test_a_group_number_used_twice_keeps_both_groups_and_is_flagged_with_a_mistyped_one():
    plan = parse_file(DATA / "layout-duplicate-groups.txt")

    assert [(group.number, group.title) for group in plan.groups] == [
        ("I", "Nhóm một"),
        ("VI", "Nhóm sáu thứ nhất"),
        ("VI", "Nhóm sáu thứ hai"),
        ("V1", "Nhóm typo"),
    ]
    assert plan.warnings[:2] == [
        "Số nhóm VI dùng cho 2 nhóm («Nhóm sáu thứ nhất», «Nhóm sáu thứ hai»); các nhóm được giữ nguyên, "
        "hãy sửa số nhóm nếu văn bản gõ nhầm.",
        "Số nhóm «V1» có vẻ gõ nhầm (chữ số La Mã); hãy kiểm tra.",
    ]


def test_a_one_line_plan_heading_in_capitals_is_the_title():
    plan = parse_file(DATA / "layout-duplicate-groups.txt")

    assert plan.title == "Kế hoạch kiểm soát thủ tục hành chính năm 2023"
    assert plan.year == 2023


@pytest.mark.parametrize(
    ("cell", "names"),
    [
        ("- Sở Lao động - Thương binh và Xã hội", ["Sở Lao động - Thương binh và Xã hội"]),
        (
            "- Văn phòng UBND tỉnh; - Sở Lao động - Thương binh và Xã hội; - UBND cấp xã",
            ["Văn phòng UBND tỉnh", "Sở Lao động - Thương binh và Xã hội", "UBND cấp xã"],
        ),
        ("- Cục Kiểm soát TTHC - Văn phòng Chính phủ", ["Cục Kiểm soát TTHC - Văn phòng Chính phủ"]),
        ("- Văn phòng UBND tỉnh - Sở Nội vụ", ["Văn phòng UBND tỉnh", "Sở Nội vụ"]),
    ],
)
def test_a_hyphen_inside_a_unit_name_does_not_split_it(cell, names):
    assert split_units(cell) == names


def _parse(path) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(Command(), "parse", str(path), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_plan_parse_exits_with_status_1_and_a_vietnamese_message_when_there_is_no_task_table():
    with pytest.raises(CommandError) as failure:
        _parse(DONG_THAP_REPORT)

    assert failure.value.returncode == 1
    assert str(failure.value).startswith("Không tìm thấy bảng nhiệm vụ nào trong tài liệu")


def test_plan_parse_prints_layout_warnings_on_stderr():
    out, err = _parse(DATA / "layout-wrapped-cells.txt")

    assert out.startswith("{")
    assert "Cần xem lại: Nhiệm vụ 1: có ô xuống dòng" in err
