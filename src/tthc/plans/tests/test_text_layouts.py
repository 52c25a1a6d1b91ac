"""Layouts of converted plans that the seeds do not show, built here small enough to read at a glance."""

from __future__ import annotations

import datetime

from tthc.plans.parsing import Row, Table, parse_plan, read_text

HEADER = ["STT", "Nội dung", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời gian thực hiện"]


def tsv(*rows: list[str]) -> str:
    return "\n".join("\t".join(row) if isinstance(row, list) else row for row in rows)


def parse(text: str, *, year: int | None = 2024):
    return parse_plan(read_text(text), title="Kế hoạch thử", year=year)


def read(plan) -> list:
    return [
        (group.number, [(task.number, task.lead, task.partners) for task in group.tasks])
        for group in plan.groups
    ]


def test_one_cell_per_line_with_blank_lines_between_rows():
    text = "\n".join(
        [
            "PHỤ LỤC",
            "",
            "STT",
            "Nội dung công việc",
            "Đơn vị chủ trì",
            "Đơn vị phối hợp",
            "Thời gian thực hiện",
            "",
            "I. Công tác chỉ đạo, điều hành",
            "",
            "1",
            "Xây dựng Kế hoạch kiểm soát TTHC",
            "Văn phòng UBND tỉnh",
            "Các sở, ban, ngành; UBND cấp huyện",
            "Quý I/2024",
            "",
            "2",
            "Ban hành văn bản chỉ đạo",
            "Văn phòng UBND tỉnh",
            "Thường xuyên",
            "",
            "STT",
            "Nội dung công việc",
            "Đơn vị chủ trì",
            "Đơn vị phối hợp",
            "Thời gian thực hiện",
            "",
            "II",
            "Rà soát thủ tục hành chính",
            "",
            "1",
            "Rà soát quy định",
            "Sở Tư pháp",
            "Văn phòng UBND tỉnh",
            "Trước ngày 30/6/2024",
            "",
            "ỦY BAN NHÂN DÂN TỈNH",
        ]
    )

    plan = parse(text)

    assert plan.problems == []
    assert read(plan) == [
        (
            "I",
            [
                ("1", ["Văn phòng UBND tỉnh"], ["Các sở, ban, ngành", "UBND cấp huyện"]),
                (
                    "2",
                    ["Văn phòng UBND tỉnh"],
                    [],
                ),  # the empty partner cell cannot be seen: placed by content
            ],
        ),
        ("II", [("1", ["Sở Tư pháp"], ["Văn phòng UBND tỉnh"])]),
    ]
    assert plan.groups[0].title == "Công tác chỉ đạo, điều hành"
    assert plan.groups[0].tasks[1].timeframe.recurrence == "continuous"
    assert plan.groups[1].tasks[0].timeframe.end == datetime.date(2024, 6, 30)


def test_group_numbers_with_typos_keep_document_order_and_are_never_merged_or_dropped():
    text = tsv(
        HEADER,
        ["V", "Kiểm tra", "", "", ""],
        ["1", "Kiểm tra sở", "Văn phòng UBND tỉnh", "", "Quý II"],
        ["V1", "Tiếp nhận phản ánh", "", "", ""],
        ["1", "Công khai địa chỉ", "Sở Tư pháp", "", "Thường xuyên"],
        ["VI", "Tuyên truyền", "", "", ""],
        ["1", "Tuyên truyền", "Sở Thông tin và Truyền thông", "", "Trong năm"],
        ["VI", "Tập huấn", "", "", ""],
        ["1", "Tập huấn nghiệp vụ", "Văn phòng UBND tỉnh", "", "Quý III"],
    )

    plan = parse(text)

    assert [(group.number, group.title) for group in plan.groups] == [
        ("V", "Kiểm tra"),
        ("V1", "Tiếp nhận phản ánh"),
        ("VI", "Tuyên truyền"),
        ("VI", "Tập huấn"),
    ]
    assert [len(group.tasks) for group in plan.groups] == [1, 1, 1, 1]


def test_empty_cells_where_the_original_merged_cells_stay_empty_and_are_flagged_not_guessed():
    text = tsv(
        HEADER,
        ["I", "Công tác chỉ đạo", "", "", ""],
        ["1", "Xây dựng kế hoạch", "Văn phòng UBND tỉnh", "Sở Nội vụ", "Quý I"],
        ["2", "Ban hành văn bản", "", "", "Quý II"],
    )

    plan = parse(text)

    assert read(plan) == [("I", [("1", ["Văn phòng UBND tỉnh"], ["Sở Nội vụ"]), ("2", [], [])])]
    assert plan.warnings == ["Nhiệm vụ I.2: không có đơn vị chủ trì."]


def test_a_section_without_subtasks_becomes_a_group_with_one_task():
    text = tsv(
        HEADER,
        ["I", "Công tác chỉ đạo", "", "", ""],
        ["1", "Xây dựng kế hoạch", "Văn phòng UBND tỉnh", "", "Quý I"],
        ["II", "Báo cáo định kỳ", "Văn phòng UBND tỉnh", "Các sở, ban, ngành", "Hàng quý"],
    )

    group = parse(text).groups[1]

    assert (group.number, group.title) == ("II", "Báo cáo định kỳ")
    assert [(task.number, task.content, task.lead) for task in group.tasks] == [
        ("II", "Báo cáo định kỳ", ["Văn phòng UBND tỉnh"])
    ]
    assert group.tasks[0].timeframe.recurrence == "quarterly"


def test_a_row_cut_by_a_page_break_continues_its_cells_after_the_repeated_header():
    text = tsv(
        HEADER,
        ["I", "Công tác chỉ đạo", "", "", ""],
        [
            "1",
            "Xây dựng kế hoạch kiểm soát",
            "Các cơ quan chuyên môn, cơ quan thuộc",
            "- Sở Nội vụ;",
            "Thường",
        ],
        "",
        HEADER,
        ["", "thủ tục hành chính", "UBND tỉnh", "- Sở Tư pháp", "xuyên"],
        ["2", "Báo cáo", "Văn phòng UBND tỉnh", "", "Quý IV"],
    )

    task = parse(text).groups[0].tasks[0]

    assert task.content == "Xây dựng kế hoạch kiểm soát thủ tục hành chính"
    assert task.lead == ["Các cơ quan chuyên môn, cơ quan thuộc UBND tỉnh"]
    assert task.partners == ["Sở Nội vụ", "Sở Tư pháp"]
    assert task.timeframe.text == "Thường xuyên"


def test_a_second_row_without_number_adds_a_second_lead_to_the_same_task():
    text = tsv(
        HEADER,
        ["I", "Rà soát", "", "", ""],
        ["1", "Rà soát thủ tục", "Sở, ban, ngành cấp tỉnh", "Văn phòng UBND tỉnh", "Tháng 11/2024"],
        ["", "", "Văn phòng UBND tỉnh", "Sở, ban, ngành cấp tỉnh", "Trước 15/12/2024"],
    )

    [task] = parse(text).groups[0].tasks

    assert task.lead == ["Sở, ban, ngành cấp tỉnh", "Văn phòng UBND tỉnh"]
    assert task.partners == ["Văn phòng UBND tỉnh", "Sở, ban, ngành cấp tỉnh"]
    assert task.timeframe.text == "Tháng 11/2024; Trước 15/12/2024"
    assert (task.timeframe.start, task.timeframe.end) == (
        datetime.date(2024, 11, 1),
        datetime.date(2024, 12, 15),
    )


def test_cells_spilling_onto_following_lines_are_joined_back_into_their_row():
    text = tsv(
        HEADER,
        ["I", "Chỉ đạo", "", "", ""],
        # A line break inside the lead cell cut the row in two physical lines.
        ["1", "Xây dựng kế hoạch", "Văn phòng"],
        ["UBND tỉnh", "Sở Nội vụ", "Quý I"],
        ["2", "Kiểm tra", "Sở Nội vụ", "Văn phòng UBND tỉnh", "Quý II năm"],
        "2024",  # the last cell spills onto a line of its own
    )

    tasks = parse(text).groups[0].tasks

    assert [(task.number, task.lead, task.partners, task.timeframe.text) for task in tasks] == [
        ("1", ["Văn phòng", "UBND tỉnh"], ["Sở Nội vụ"], "Quý I"),
        ("2", ["Sở Nội vụ"], ["Văn phòng UBND tỉnh"], "Quý II năm 2024"),
    ]


def test_nested_numbering_makes_tasks_of_the_leaves_under_the_top_level_numbers():
    text = tsv(
        ["TT", "Nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời hạn hoàn thành"],
        ["1", "Công bố thủ tục", "", "", ""],
        ["1.1", "Dự thảo quyết định", "Sở Tư pháp", "", "Quý I"],
        ["1.2", "Đăng tải", "Văn phòng UBND tỉnh", "", "Quý II"],
        ["2", "Báo cáo", "Văn phòng UBND tỉnh", "", "Hàng quý"],
    )

    plan = parse(text)

    assert [(group.number, [task.number for task in group.tasks]) for group in plan.groups] == [
        ("1", ["1.1", "1.2"]),
        ("2", ["2"]),
    ]


def test_a_flat_list_without_sections_is_one_group_and_a_column_numbering_row_is_skipped():
    text = tsv(
        HEADER,
        ["(1)", "(2)", "(3)", "(4)", "(5)"],
        ["1", "Xây dựng kế hoạch", "Văn phòng UBND tỉnh", "", "Quý I"],
        ["2", "Kiểm tra", "Sở Nội vụ", "", "Quý III"],
    )

    plan = parse(text)

    assert read(plan) == [("", [("1", ["Văn phòng UBND tỉnh"], []), ("2", ["Sở Nội vụ"], [])])]


def test_a_header_over_two_rows_is_read_column_by_column():
    text = tsv(
        ["TT", "Nội dung công việc", "Phân công thực hiện", "", "Thời gian thực hiện"],
        ["", "", "Đơn vị chủ trì", "Đơn vị thực hiện hoặc phối hợp", ""],
        ["1", "Xây dựng kế hoạch", "Văn phòng UBND tỉnh", "Sở Nội vụ", "Quý I"],
    )

    assert read(parse(text)) == [("", [("1", ["Văn phòng UBND tỉnh"], ["Sở Nội vụ"])])]


def test_a_table_without_a_recognisable_header_is_reported_and_skipped():
    text = tsv(
        ["Chỉ tiêu", "Số lượng", "Tỷ lệ"],
        ["Hồ sơ tiếp nhận", "44333", "100%"],
        ["Hồ sơ đúng hạn", "7868", "17,7%"],
    )

    plan = parse(text)

    assert plan.groups == []
    assert len(plan.problems) == 1
    assert plan.problems[0].startswith("Không hiểu bảng 1 (3 dòng): không có dòng tiêu đề")


def test_a_headerless_table_of_the_same_width_continues_the_table_before_it_across_a_page_break():
    first = Table(
        rows=[
            Row(cells=HEADER),
            Row(cells=["I", "Chỉ đạo", "", "", ""]),
            Row(cells=["1", "Kế hoạch", "Sở A", "", "Quý I"]),
        ],
        source="trang 1",
    )
    second = Table(
        rows=[Row(cells=["2", "Kiểm tra", "Sở B", "", "Quý II"], after_break=True)],
        source="trang 2",
        continues=True,
    )
    stray = Table(rows=[Row(cells=["x", "y", "z", "t"]), Row(cells=["1", "2", "3", "4"])], source="trang 3")

    plan = parse_plan([first, second, stray], title="Kế hoạch", year=2024)

    assert read(plan) == [("I", [("1", ["Sở A"], []), ("2", ["Sở B"], [])])]
    assert plan.problems == [
        "Không hiểu trang 3 (2 dòng): không có dòng tiêu đề với các cột như STT, Nội dung, Đơn vị chủ trì, "
        "Thời gian thực hiện; bảng này đã được bỏ qua."
    ]


def test_a_unit_cut_by_a_page_break_and_glued_to_the_next_row_goes_back_to_its_task():
    text = tsv(
        HEADER,
        ["I", "Rà soát", "", "", ""],
        ["1", "Rà soát A", "Văn phòng UBND tỉnh", "- Sở Tư pháp; - UBND cấp huyện; - UBND cấp xã", "Quý I"],
        ["2", "Rà soát B", "Văn phòng UBND tỉnh", "- Sở Tư pháp; - UBND cấp huyện;", "Quý I"],
        "",
        HEADER,
        ["3", "Rà soát C", "Sở Tư pháp", "- UBND cấp xã Văn phòng UBND tỉnh", "Quý II"],
    )

    tasks = parse(text).groups[0].tasks

    assert tasks[1].partners == ["Sở Tư pháp", "UBND cấp huyện", "UBND cấp xã"]
    assert tasks[2].partners == ["Văn phòng UBND tỉnh"]


def test_without_a_number_column_only_a_punctuated_number_opens_the_content():
    text = tsv(
        ["Nội dung công việc", "Đơn vị chủ trì", "Thời gian thực hiện"],
        ["1. Xây dựng kế hoạch", "Văn phòng UBND tỉnh", "Quý I"],
        ["6 tháng đầu năm tổ chức giao ban", "Sở Nội vụ", "Tháng 6"],
    )

    tasks = parse(text).groups[0].tasks

    assert [(task.number, task.content) for task in tasks] == [
        ("1", "Xây dựng kế hoạch"),
        ("", "6 tháng đầu năm tổ chức giao ban"),
    ]
