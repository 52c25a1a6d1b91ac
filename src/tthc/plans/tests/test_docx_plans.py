"""Plans in Word documents: merged cells, full-width group headings and automatic numbering."""

from __future__ import annotations

import datetime

import docx
import pytest

from tthc.core.errors import DomainError
from tthc.plans.parsing import parse_file, read_docx

HEADER = ["STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành"]


def _fill(table, row: int, values: list[str]) -> None:
    for column, value in enumerate(values):
        if value:
            table.cell(row, column).text = value


@pytest.fixture
def plan_docx(tmp_path):
    """A decision with its appendix table, built the way Word writes merges."""
    document = docx.Document()
    document.add_paragraph("ỦY BAN NHÂN DÂN TỈNH THỬ NGHIỆM")
    document.add_paragraph("QUYẾT ĐỊNH")
    document.add_paragraph("Ban hành Kế hoạch kiểm soát thủ tục hành chính trên địa bàn tỉnh năm 2024")
    table = document.add_table(rows=8, cols=5)
    _fill(table, 0, HEADER)
    table.cell(1, 0).merge(table.cell(1, 4)).text = "I. Công tác chỉ đạo, điều hành"  # a full-width heading
    _fill(table, 2, ["1", "Xây dựng kế hoạch", "", "Sở Tư pháp", "Quý I/2024"])
    _fill(table, 3, ["2", "Tổ chức kiểm tra", "", "- Sở Nội vụ\n- UBND cấp huyện", "Quý II, III/2024"])
    table.cell(2, 2).merge(table.cell(3, 2)).text = "Văn phòng UBND tỉnh"  # one lead for two tasks
    table.cell(4, 0).merge(table.cell(4, 4)).text = "II. Rà soát, đánh giá thủ tục hành chính"
    # One task over two rows: its number and content merged, a different lead on each row.
    table.cell(5, 0).merge(table.cell(6, 0)).text = "1"
    table.cell(5, 1).merge(table.cell(6, 1)).text = "Rà soát thủ tục trọng tâm"
    _fill(table, 5, ["", "", "Sở, ban, ngành cấp tỉnh", "Văn phòng UBND tỉnh", "Tháng 11/2024"])
    _fill(table, 6, ["", "", "Văn phòng UBND tỉnh", "", "Trước 15/12/2024"])
    _fill(table, 7, ["2", "Báo cáo kết quả rà soát", "Văn phòng UBND tỉnh", "", "Trước ngày 20/12/2024"])
    path = tmp_path / "ke-hoach.docx"
    document.save(path)
    return path


def test_a_word_plan_reads_into_groups_and_tasks(plan_docx):
    plan = parse_file(plan_docx)

    assert plan.title == "Kế hoạch kiểm soát thủ tục hành chính trên địa bàn tỉnh năm 2024"
    assert plan.year == 2024
    assert plan.problems == []
    assert [(group.number, group.title) for group in plan.groups] == [
        ("I", "Công tác chỉ đạo, điều hành"),
        ("II", "Rà soát, đánh giá thủ tục hành chính"),
    ]
    assert [
        (group.number, task.number, task.lead, task.partners, task.timeframe.text)
        for group, task in plan.tasks()
    ] == [
        ("I", "1", ["Văn phòng UBND tỉnh"], ["Sở Tư pháp"], "Quý I/2024"),
        ("I", "2", ["Văn phòng UBND tỉnh"], ["Sở Nội vụ", "UBND cấp huyện"], "Quý II, III/2024"),
        (
            "II",
            "1",
            ["Sở, ban, ngành cấp tỉnh", "Văn phòng UBND tỉnh"],
            ["Văn phòng UBND tỉnh"],
            "Tháng 11/2024; Trước 15/12/2024",
        ),
        ("II", "2", ["Văn phòng UBND tỉnh"], [], "Trước ngày 20/12/2024"),
    ]


def test_a_vertically_merged_cell_is_read_once_and_flagged_not_repeated(plan_docx):
    table = read_docx(plan_docx)[0]

    lead_below = table.rows[3]
    assert lead_below.cells[2] == ""
    assert lead_below.merged_above[2] is True
    second_row = table.rows[6]
    assert second_row.cells[:2] == ["", ""]
    assert second_row.merged_above[:2] == (True, True)
    assert table.rows[1].spanning and table.rows[1].cells == [
        "I. Công tác chỉ đạo, điều hành",
        "",
        "",
        "",
        "",
    ]


def test_a_task_over_two_merged_rows_is_one_task_with_its_span(plan_docx):
    plan = parse_file(plan_docx)
    task = plan.groups[1].tasks[0]

    assert task.content == "Rà soát thủ tục trọng tâm"
    assert (task.timeframe.start, task.timeframe.end) == (
        datetime.date(2024, 11, 1),
        datetime.date(2024, 12, 15),
    )


def test_a_heading_row_of_a_number_and_one_merged_cell_is_a_group(tmp_path):
    document = docx.Document()
    table = document.add_table(rows=3, cols=5)
    _fill(table, 0, HEADER)
    table.cell(1, 0).text = "III"
    table.cell(1, 1).merge(table.cell(1, 4)).text = "Chế độ báo cáo"
    _fill(table, 2, ["1", "Báo cáo quý", "Văn phòng UBND tỉnh", "", "Hàng quý"])
    path = tmp_path / "nhom.docx"
    document.save(path)

    plan = parse_file(path, year=2024)

    assert [(group.number, group.title, len(group.tasks)) for group in plan.groups] == [
        ("III", "Chế độ báo cáo", 1)
    ]


def test_automatic_numbering_in_the_number_column_gives_the_tasks_their_numbers(tmp_path):
    document = docx.Document()
    table = document.add_table(rows=4, cols=4)
    _fill(table, 0, ["STT", "Nội dung", "Đơn vị chủ trì", "Thời gian"])
    for row in (1, 2, 3):
        table.cell(row, 0).paragraphs[0].style = document.styles["List Number"]  # Word numbers these itself
        _fill(table, row, ["", f"Nhiệm vụ {row}", "Sở Nội vụ", "Quý I/2024"])
    path = tmp_path / "danh-so.docx"
    document.save(path)

    plan = parse_file(path, year=2024)

    assert [task.number for _, task in plan.tasks()] == ["1", "2", "3"]


def test_a_file_that_is_not_a_word_document_is_a_domain_error(tmp_path):
    path = tmp_path / "hong.docx"
    path.write_bytes(b"not a zip at all")

    with pytest.raises(DomainError) as failure:
        parse_file(path)

    assert failure.value.message == "Tệp «hong.docx» không phải tài liệu Word (.docx) hợp lệ."
