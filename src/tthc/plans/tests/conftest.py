"""A small province plan for the tracking tests, built as the preview would hand it to the import."""

import datetime
from types import SimpleNamespace

import pytest

from tthc.core.timezone import VIETNAM
from tthc.plans import services
from tthc.plans.models import PlanTask

NOW = datetime.datetime(2026, 1, 20, 9, 0, tzinfo=VIETNAM)

ROWS = [
    (
        "I",
        "Công tác chỉ đạo",
        "1",
        "Xây dựng kế hoạch kiểm soát TTHC năm 2026",
        ["VP UBND tỉnh"],
        ["Sở Tư pháp"],
        "Kế hoạch",
        "Tháng 01/2026",
    ),
    (
        "I",
        "Công tác chỉ đạo",
        "2",
        "Báo cáo tình hình kiểm soát TTHC",
        ["Sở Tư pháp"],
        [],
        "Báo cáo",
        "Định kỳ hàng quý",
    ),
    (
        "II",
        "Rà soát thủ tục",
        "1",
        "Rà soát quy trình nội bộ cấp xã",
        ["UBND cấp xã"],
        ["Sở Xây dựng"],
        "",
        "Thường xuyên",
    ),
    (
        "II",
        "Rà soát thủ tục",
        "2",
        "Cập nhật số liệu một cửa",
        ["Sở Xây dựng"],
        ["Cục Kiểm soát TTHC"],
        "",
        "Hàng tháng",
    ),
]


def plan_data(rows=ROWS, *, year=2026, **extra) -> dict:
    return {
        "title": f"Kế hoạch kiểm soát thủ tục hành chính năm {year}",
        "year": year,
        "rows": [
            {
                "id": index,
                "group_number": group,
                "group_title": group_title,
                "number": number,
                "content": content,
                "lead": lead,
                "partners": partners,
                "expected_output": output,
                "timeframe": timeframe,
            }
            for index, (group, group_title, number, content, lead, partners, output, timeframe) in enumerate(
                rows, start=1
            )
        ],
        "mappings": {},
        **extra,
    }


@pytest.fixture
def plan(province):
    """The province plan of 2026 (agency: the provincial committee), imported by the office's officer."""
    made = services.import_plan(
        data=plan_data(), agency=province.committee, user=province.users.control_office, now=NOW
    )
    tasks = {
        f"{t.group.number}.{t.number}": t for t in PlanTask.objects.filter(plan=made).select_related("group")
    }
    return SimpleNamespace(plan=made, tasks=tasks, province=province)
