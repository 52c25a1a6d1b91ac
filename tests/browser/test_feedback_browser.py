"""The feedback journey in Chromium: a citizen submits feedback about a procedure; the office's control
officer classifies and forwards it to the Department of Justice; a specialist there answers; a leader
approves; the answer appears on the public list without the sender's phone number."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tthc.feedback.models import Feedback

pytestmark = pytest.mark.browser

PASSWORD = "mat-khau-thu-nghiem"
PHONE = "0912345678"


def log_in(page, user) -> None:
    page.context.clear_cookies()
    page.goto(reverse("login"))
    page.get_by_label("Tên đăng nhập").fill(user.username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("button", name="Đăng xuất")).to_be_visible()


def test_citizen_feedback_is_classified_forwarded_answered_approved_and_published(
    catalog, browser_page, screenshot, settings
):
    settings.TTHC_FEEDBACK_MIN_FILL_SECONDS = 0
    page = browser_page

    # The citizen, without logging in.
    page.goto(reverse("feedback-public:submit"))
    expect(page.get_by_role("heading", name="Gửi phản ánh, kiến nghị về quy định hành chính")).to_be_visible()
    page.get_by_label("Họ và tên", exact=True).fill("Nguyễn Thị Mai")
    page.get_by_label("Địa chỉ", exact=True).fill("12 Lê Lợi, phường Đông Hà")
    page.get_by_label("Số điện thoại", exact=True).fill(PHONE)
    page.get_by_label("Mã thủ tục hành chính liên quan (nếu có)").fill("2.000488")
    page.get_by_label("Nội dung phản ánh, kiến nghị").fill(
        f"Tôi là NGUYỄN THỊ MAI, điện thoại {PHONE}. Thủ tục cấp Phiếu lý lịch tư pháp yêu cầu nộp bản sao "
        "căn cước dù đã có dữ liệu dân cư."
    )
    screenshot("feedback-public-form")
    page.get_by_role("button", name="Gửi phản ánh").click()
    expect(page.get_by_role("heading", name=re.compile(r"^Phản ánh PAKN-"))).to_be_visible()
    expect(page.locator("#status")).to_have_text("Chờ phân loại")
    code = Feedback.objects.get().code

    # The office's control officer classifies it and forwards it as proposed.
    log_in(page, catalog.users.control_office)
    page.goto(reverse("feedback:queue"))
    page.get_by_role("link", name=code).click()
    expect(page.locator("#proposal")).to_contain_text("Sở Tư pháp")
    page.get_by_label("Phản ánh về").select_option("regulation")
    page.get_by_label("Nội dung (Điều 5 Nghị định 20/2008/NĐ-CP)").select_option("regulation_unsuitable")
    page.get_by_label("Kết quả phân loại").select_option("regulation_forward")
    expect(page.get_by_label("Chuyển đến cơ quan có thẩm quyền")).to_have_value(str(catalog.justice.pk))
    screenshot("feedback-classify")
    page.get_by_role("button", name="Phân loại").click()
    expect(page.get_by_role("alert").filter(has_text="Đã phân loại")).to_be_visible()
    expect(page.locator("#agency")).to_have_text("Sở Tư pháp")

    # The Department of Justice drafts the answer and submits it.
    log_in(page, catalog.users.specialist_justice)
    page.goto(reverse("feedback:detail", args=[code]))
    page.get_by_label("Nội dung trả lời").fill(
        "Kính gửi bà Nguyễn Thị Mai (số điện thoại 0912 345 678). Sở Tư pháp đã đề xuất bỏ yêu cầu bản sao "
        "căn cước khi khai thác được dữ liệu dân cư. Bà Mai có thể nộp hồ sơ mà không cần bản sao."
    )
    page.get_by_role("button", name="Trình lãnh đạo duyệt").click()
    expect(page.locator("#status")).to_have_text("Chờ lãnh đạo duyệt")

    # The leader approves: the answer is sent and published.
    log_in(page, catalog.users.leader_justice)
    page.goto(reverse("feedback:approvals"))
    expect(page.get_by_role("link", name=code)).to_be_visible()
    page.get_by_role("button", name="Duyệt và gửi").click()
    expect(page.get_by_role("alert").filter(has_text="Đã duyệt, gửi và công khai")).to_be_visible()

    # Anyone reads the answer on the public list; the sender's phone number is nowhere.
    page.context.clear_cookies()
    page.goto(reverse("feedback-public:answers"))
    answer = page.locator("article.public-answer").filter(has_text=code)
    expect(answer).to_contain_text("đề xuất bỏ yêu cầu bản sao")
    main = page.locator("main")
    for personal in (PHONE, "0912 345 678", "Nguyễn Thị Mai", "NGUYỄN THỊ MAI", "Bà Mai", "bà Mai"):
        expect(main).not_to_contain_text(personal)
    expect(answer).to_contain_text("Kính gửi bà ***")
    screenshot("feedback-public-answers")
