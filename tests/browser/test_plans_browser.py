"""The plans journey of issue 5, in Chromium: the provincial office's officer uploads a plan, fixes one row in
the preview and saves it; the justice department reports progress on its task; the overview shows it."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PASSWORD = "mat-khau-thu-nghiem"


def plan_text(year: int) -> str:
    # Row 2 names the wrong lead unit (the construction department): the officer corrects it in the preview.
    return f"""KẾ HOẠCH
Kiểm soát thủ tục hành chính năm {year}

STT\tNội dung công việc\tCơ quan chủ trì\tCơ quan phối hợp\tThời gian thực hiện
I\tCông tác chỉ đạo, điều hành\t\t\t
1\tXây dựng kế hoạch kiểm soát TTHC năm {year}\tVP UBND tỉnh\tSở Tư pháp\tTháng 01/{year}
2\tRà soát thủ tục lĩnh vực hộ tịch\tSở Xây dựng\tUBND cấp xã\tQuý III/{year}
II\tBáo cáo\t\t\t
1\tBáo cáo tình hình kiểm soát TTHC\tVP UBND tỉnh\t\tĐịnh kỳ hàng quý
"""


def log_in(page, username: str) -> None:
    page.goto(reverse("login"))
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()


def test_officer_imports_a_plan_and_a_department_reports_progress(
    province, browser_page, screenshot, tmp_path
):
    page = browser_page
    year = timezone.localdate().year
    document = tmp_path / "ke-hoach-kstthc.txt"
    document.write_text(plan_text(year), encoding="utf-8")

    # The office's control officer uploads the plan document.
    log_in(page, province.users.control_office.username)
    page.goto(reverse("plans:list"))
    page.get_by_role("link", name="Nhập kế hoạch từ tài liệu").click()
    page.get_by_label("Tài liệu kế hoạch").set_input_files(document)
    page.get_by_role("button", name="Đọc tài liệu và xem trước").click()

    expect(page.get_by_role("heading", name="Xem trước kế hoạch")).to_be_visible()
    rows = page.locator("#draft-rows")
    expect(rows).to_contain_text("Rà soát thủ tục lĩnh vực hộ tịch")

    # One row is wrong: its lead is the justice department, not construction. Fixed in place (htmx).
    page.get_by_role("link", name="Sửa nhiệm vụ I.2").click()
    lead = page.get_by_label("Cơ quan chủ trì (mỗi dòng một cơ quan)")
    expect(lead).to_have_value("Sở Xây dựng")
    lead.fill("Sở Tư pháp")
    page.get_by_role("button", name="Lưu dòng").click()
    fixed = page.locator("#draft-rows tr", has_text="Rà soát thủ tục lĩnh vực hộ tịch")
    expect(fixed).to_contain_text("Sở Tư pháp")
    expect(fixed).not_to_contain_text("Sở Xây dựng")
    screenshot("plans-preview-fixed")

    # Reloading loses nothing: the preview lives on the server.
    page.reload()
    expect(page.locator("#draft-rows tr", has_text="Rà soát thủ tục lĩnh vực hộ tịch")).to_contain_text(
        "Sở Tư pháp"
    )

    page.get_by_role("button", name="Lưu kế hoạch").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Kế hoạch kiểm soát thủ tục hành chính năm {year}"
    )
    expect(page.get_by_text("Đã lưu kế hoạch")).to_be_visible()
    page.get_by_role("button", name="Đăng xuất").click()

    # The justice department's specialist finds the task among its own and reports progress.
    log_in(page, province.users.specialist_justice.username)
    page.goto(reverse("plans:my-tasks"))
    page.get_by_role("link", name="Rà soát thủ tục lĩnh vực hộ tịch").click()
    expect(page.get_by_role("heading", name="Báo cáo tiến độ")).to_be_visible()
    page.get_by_label("Tình trạng").select_option(label="Đang thực hiện")
    page.get_by_label("Tỷ lệ hoàn thành (%)").fill("50")
    page.get_by_label("Kết quả, ghi chú").fill("Đã rà soát 12/24 thủ tục hộ tịch.")
    page.get_by_role("button", name="Gửi báo cáo").click()

    expect(page.get_by_text("Đã ghi báo cáo tiến độ")).to_be_visible()
    expect(page.locator("#reports")).to_contain_text("Đã rà soát 12/24 thủ tục hộ tịch.")
    expect(page.locator("#history")).to_contain_text("50%")

    # The overview shows the department's progress, in the table and in the chart.
    page.get_by_role("link", name=re.compile("Kế hoạch kiểm soát thủ tục hành chính")).first.click()
    justice = page.locator("#by-agency tr", has_text="Sở Tư pháp")
    expect(justice).to_contain_text("50%")
    expect(page.locator("svg[aria-label='Tỷ lệ hoàn thành theo cơ quan chủ trì']")).to_contain_text(
        "Sở Tư pháp"
    )
    screenshot("plans-overview-progress")
