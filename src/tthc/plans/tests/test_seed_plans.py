"""The seed plans, checked against what a reader of the documents finds (:mod:`.seed_expectations`)."""

from __future__ import annotations

import datetime

import pytest

from tthc.plans.parsing import parse_file
from tthc.plans.tests.seed_expectations import PLAN_000, PLAN_001, TIMEFRAMES_000, TIMEFRAMES_001
from tthc.testing.shared import SEEDS

QUANG_TRI_2021 = SEEDS / "000_a161627418b390bc.txt"
HUE_2022 = SEEDS / "001_0118d29324e9e057.txt"
DONG_THAP_REPORT = SEEDS / "002_211477863516982a.txt"


@pytest.fixture(scope="module")
def plans():
    missing = [path.name for path in (QUANG_TRI_2021, HUE_2022) if not path.is_file()]
    if missing:
        pytest.fail(f"The seed documents are missing from {SEEDS.resolve()}: {missing}")
    return {"000": parse_file(QUANG_TRI_2021), "001": parse_file(HUE_2022)}


def _as_read(plan) -> list:
    return [
        (
            group.number,
            group.title,
            [(task.number, task.lead, task.partners, task.timeframe.text) for task in group.tasks],
        )
        for group in plan.groups
    ]


def _iso(day: datetime.date | None) -> str | None:
    return day.isoformat() if day else None


@pytest.mark.parametrize(("key", "expected"), [("000", PLAN_000), ("001", PLAN_001)])
def test_every_group_and_task_is_there_once_with_the_document_s_number_lead_partners_and_timeframe(
    plans, key, expected
):
    groups = _as_read(plans[key])

    assert [number for number, _, _ in groups] == [number for number, _, _ in expected]
    for (number, title, tasks), (_, expected_title, expected_tasks) in zip(groups, expected, strict=True):
        assert title == expected_title, number
        assert [task[0] for task in tasks] == [task[0] for task in expected_tasks], number
        for task, expected_task in zip(tasks, expected_tasks, strict=True):
            assert task == expected_task, f"{number}.{task[0]}"


def test_the_seed_appendices_hold_39_and_46_tasks(plans):
    assert len(plans["000"].tasks()) == 39
    assert len(plans["001"].tasks()) == 46


@pytest.mark.parametrize(("key", "expected"), [("000", TIMEFRAMES_000), ("001", TIMEFRAMES_001)])
def test_every_timeframe_of_the_seeds_parses_to_the_dates_a_reader_gives_it(plans, key, expected):
    seen = {task.timeframe.text: task.timeframe for _, task in plans[key].tasks()}

    assert set(seen) == set(expected)
    for text, timeframe in seen.items():
        assert (_iso(timeframe.start), _iso(timeframe.end), timeframe.recurrence) == expected[text], text


def test_title_and_year_come_from_the_decision_that_issues_the_plan(plans):
    assert plans["000"].title == "Kế hoạch kiểm soát thủ tục hành chính trên địa bàn tỉnh Quảng Trị năm 2021"
    assert plans["000"].year == 2021
    assert plans["001"].title == "Kế hoạch kiểm soát thủ tục hành chính năm 2022"
    assert plans["001"].year == 2022


def test_the_year_given_overrides_the_document_s_and_dates_without_year_follow_it():
    plan = parse_file(HUE_2022, year=2023)

    assert plan.year == 2023
    task = next(task for group, task in plan.tasks() if group.number == "VI" and task.number == "6")
    assert task.timeframe.text == "Quý IV"
    assert (task.timeframe.start, task.timeframe.end) == (
        datetime.date(2023, 10, 1),
        datetime.date(2023, 12, 31),
    )


def test_nested_numbering_keeps_the_heading_a_task_sits_under(plans):
    sections = {task.number: task.section for group, task in plans["001"].tasks() if group.number == "II"}

    assert sections["1.1"] == "1. Tham gia ý kiến đối với quy định TTHC trong dự thảo VBQPPL"
    assert (
        sections["4.4"]
        == "4. Tiếp nhận, xử lý phản ánh, kiến nghị của cá nhân, tổ chức về quy định hành chính"
    )


def test_a_task_over_two_rows_keeps_both_outputs_and_cells_cut_by_a_page_break_are_joined(plans):
    tasks = {(group.number, task.number): task for group, task in plans["001"].tasks()}

    assert tasks["II", "3.1"].expected_output == (
        "Văn bản đăng ký rà soát, đánh giá TTHC\n"
        "Tổng hợp, trình UBND tỉnh ban hành Kế hoạch rà soát, đánh giá TTHC năm 2022"
    )
    assert tasks["II", "3.2"].expected_output.endswith(
        "Tổ chức rà soát độc lập các TTHC thuộc thẩm quyền giải quyết của các cấp chính quyền "
        "trên địa bàn tỉnh"
    )
    assert tasks["I", "3"].content == (
        "Xây dựng, trình dự thảo Quyết định của UBND tỉnh ban hành Quy chế quản lý, vận hành cổng dịch vụ "
        "công tỉnh và hệ thống thông tin Một cửa điện tử tỉnh"
    )
    assert "<" not in tasks["II", "2.2"].content
    assert tasks["II", "2.2"].content.endswith("có hiệu lực thi hành”.")


def test_html_fragments_in_cells_become_plain_lines(plans):
    task = next(task for group, task in plans["000"].tasks() if group.number == "V")

    assert task.content.startswith(
        "Tổ chức kiểm tra việc thực hiện TTHC tại các cơ quan hành chính nhà nước, bao gồm các nội dung:\n"
        "- Công tác chỉ đạo, điều hành về hoạt động kiểm soát TTHC;"
    )
    assert "<" not in task.content and "style=" not in task.content


def test_the_seed_parse_points_the_officer_at_what_the_document_left_unclear(plans):
    assert plans["000"].problems == plans["001"].problems == []
    assert plans["000"].warnings == [
        "Nhiệm vụ VII.2: tên đơn vị «Các cơ quan chuyên môn, cơ quan thuộc» có vẻ bị cắt dở."
    ]
    assert "Nhiệm vụ VII.3: không có đơn vị chủ trì." in plans["001"].warnings
    assert "Nhiệm vụ VIII.2: không có thời gian thực hiện." in plans["001"].warnings


def test_a_report_without_a_task_table_is_reported_not_guessed():
    plan = parse_file(DONG_THAP_REPORT)

    assert plan.groups == []
    assert any("Không tìm thấy bảng nhiệm vụ" in problem for problem in plan.problems)


def test_the_json_has_exactly_the_shape_of_the_issue(plans):
    data = plans["001"].as_json()

    assert set(data) == {"title", "year", "groups"}
    group = data["groups"][1]
    assert set(group) == {"number", "title", "tasks"}
    task = group["tasks"][10]
    assert set(task) == {"number", "content", "lead", "partners", "expected_output", "timeframe"}
    assert task["number"] == "3.1"
    assert task["timeframe"] == {
        "text": "Tháng 12/2021; Trước 31/12/2021",
        "start": "2021-12-01",
        "end": "2021-12-31",
        "recurrence": "once",
    }
