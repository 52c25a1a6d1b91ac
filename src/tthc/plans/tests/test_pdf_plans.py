"""Plans in PDF: the ruled table of the text layer, page by page (the PDF: ``data/make_plan_pdf.py``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from tthc.core.errors import DomainError
from tthc.plans.parsing import parse_file, read_pdf

PLAN_PDF = Path(__file__).parent / "data" / "plan.pdf"


@pytest.fixture(scope="module")
def plan():
    return parse_file(PLAN_PDF)


def test_a_pdf_plan_reads_its_title_year_and_groups(plan):
    assert plan.title == "Kế hoạch kiểm soát thủ tục hành chính năm 2023"
    assert plan.year == 2023
    assert plan.problems == []
    assert [(group.number, group.title, len(group.tasks)) for group in plan.groups] == [
        ("I", "Công tác chỉ đạo, điều hành", 2),
        ("II", "Rà soát, đánh giá thủ tục hành chính", 15),
        ("III", "Chế độ báo cáo", 1),
    ]


def test_the_table_runs_over_pages_with_its_header_repeated(plan):
    assert len(read_pdf(PLAN_PDF)) >= 2
    assert [task.number for task in plan.groups[1].tasks] == [str(number) for number in range(1, 16)]


def test_merged_cells_repeat_for_a_new_task_and_make_one_task_of_two_rows(plan):
    first, second = plan.groups[0].tasks
    assert first.lead == second.lead == ["Văn phòng UBND tỉnh"]

    two_rows = plan.groups[1].tasks[0]
    assert two_rows.content == "Xây dựng Kế hoạch rà soát, đánh giá thủ tục hành chính trọng tâm"
    assert two_rows.lead == ["Sở, ban, ngành cấp tỉnh", "Văn phòng UBND tỉnh"]
    assert two_rows.partners == ["Văn phòng UBND tỉnh", "Sở, ban, ngành cấp tỉnh"]
    assert two_rows.timeframe.text == "Tháng 12/2022; Trước 31/12/2022"


def test_lines_wrapped_inside_a_cell_are_joined_and_bullets_split_the_units(plan):
    task = plan.groups[1].tasks[1]

    assert task.content == (
        "Rà soát các thủ tục hành chính thuộc lĩnh vực số 2, đề xuất phương án đơn giản hóa gửi Văn phòng "
        "UBND tỉnh tổng hợp"
    )
    assert task.partners == ["Các cơ quan chuyên môn, cơ quan thuộc UBND tỉnh", "UBND cấp huyện"]
    assert task.timeframe.recurrence == "continuous"


def test_a_scanned_pdf_without_text_layer_is_a_domain_error(tmp_path):
    path = tmp_path / "ban-quet.pdf"
    Image.new("RGB", (200, 280), "white").save(path, "PDF")

    with pytest.raises(DomainError) as failure:
        parse_file(path)

    assert "không có lớp chữ" in failure.value.message


def test_a_file_that_is_not_a_pdf_is_a_domain_error(tmp_path):
    path = tmp_path / "hong.pdf"
    path.write_bytes(b"%PDF-1.4 this is not a pdf")

    with pytest.raises(DomainError) as failure:
        parse_file(path)

    assert failure.value.message == "Tệp «hong.pdf» không phải PDF hợp lệ."


def test_a_printed_appendix_with_rows_breaking_across_pages_reads_every_task(tmp_path):
    """The 000 appendix printed to PDF (WeasyPrint, rows allowed to break across pages, no border at the
    foot of a page where a row breaks): every task is read with its number, lead and partners."""
    from bench.plan_parse import _pdf_html, _tables
    from weasyprint import HTML

    from tthc.plans.tests.test_seed_plans import QUANG_TRI_2021
    from tthc.testing.shared import SEEDS

    path = tmp_path / "phu-luc.pdf"
    document = HTML(string=_pdf_html(_tables(1, seeds=SEEDS))).render()
    document.write_pdf(path)

    printed = parse_file(path, year=2021)

    def read(plan):
        return [(group.number, task.number, task.lead, task.partners) for group, task in plan.tasks()]

    assert len(document.pages) > 5
    assert read(printed) == read(parse_file(QUANG_TRI_2021))
