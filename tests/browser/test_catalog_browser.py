"""The two journeys of the foundation issue, in Chromium: a visitor finds a procedure typed without
diacritics; a control officer edits a procedure, publishes it with a decision and reads its history."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


@pytest.mark.public_endpoint("portal:procedure-list")
@pytest.mark.public_endpoint("portal:procedure-detail")
def test_visitor_finds_khai_sinh_typed_without_diacritics(catalog, browser_page, screenshot):
    page = browser_page
    page.goto(reverse("portal:procedure-list"))
    expect(page.get_by_role("heading", name="Tra cứu thủ tục hành chính")).to_be_visible()
    results = page.locator("#results")
    expect(results.get_by_role("link")).to_have_count(4)

    # Typed as a visitor types, key by key: the list refreshes while typing (htmx), no Enter needed.
    page.get_by_role("searchbox", name="Tìm thủ tục").press_sequentially("khai sinh", delay=40)

    expect(page.locator("#result-count")).to_have_text("Tìm thấy 1 thủ tục cho “khai sinh”.")
    expect(results.get_by_role("link", name="Đăng ký khai sinh")).to_be_visible()
    expect(results.get_by_text("Đăng ký kết hôn")).to_have_count(0)
    expect(page).to_have_url(re.compile(r"[?&]q=khai(\+|%20)sinh"))
    screenshot("portal-search-khai-sinh")

    results.get_by_role("link", name="Đăng ký khai sinh").click()

    expect(page).to_have_url(re.compile(r"/thu-tuc/1\.001193/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Đăng ký khai sinh")
    expect(page.get_by_text("Mã 1.001193")).to_be_visible()
    documents = page.locator("section", has=page.get_by_role("heading", name="Thành phần hồ sơ"))
    expect(documents.get_by_role("row")).to_have_count(3)  # the header and two documents
    expect(documents.get_by_role("row").nth(1)).to_contain_text("Tờ khai đăng ký khai sinh")
    expect(documents.get_by_role("row").nth(2)).to_contain_text("Giấy chứng sinh")
    screenshot("portal-detail-khai-sinh")


def test_control_officer_edits_publishes_and_sees_history(catalog, browser_page, screenshot):
    page = browser_page
    today = timezone.localdate()
    signed_on = today - datetime.timedelta(days=10)

    page.goto(reverse("catalog:staff-list"))
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next="))
    page.get_by_label("Tên đăng nhập").fill(catalog.users.control_office.username)
    page.get_by_label("Mật khẩu").fill("mat-khau-thu-nghiem")
    page.get_by_role("button", name="Đăng nhập").click()

    expect(page.get_by_role("heading", name="Danh mục thủ tục hành chính")).to_be_visible()
    name = "Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam"
    page.get_by_role("link", name=name).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    page.get_by_role("link", name="Sửa", exact=True).click()

    expect(page.get_by_role("heading", name="Sửa thủ tục 2.000488")).to_be_visible()
    fee = page.get_by_label("Phí, lệ phí (đồng) (dòng 1)")
    expect(fee).to_have_value("200000")
    fee.fill("250000")
    screenshot("staff-edit-fee")
    page.get_by_role("button", name="Lưu bản nháp").click()

    expect(page.get_by_role("alert").filter(has_text="Đã lưu bản nháp phiên bản 2")).to_be_visible()
    expect(page.get_by_text("Đây là bản nháp, chưa công bố.")).to_be_visible()
    page.get_by_role("link", name="Công bố", exact=True).click()

    expect(page.get_by_role("heading", name="Công bố thủ tục 2.000488")).to_be_visible()
    page.get_by_label("Số quyết định").fill("2001/QĐ-UBND")
    page.get_by_label("Ngày ký").fill(signed_on.strftime("%d/%m/%Y"))
    page.get_by_label("Người ký").fill("Trần Thị Lan")
    page.get_by_label("Ngày có hiệu lực").fill(today.strftime("%d/%m/%Y"))
    expect(page.get_by_label("Hình thức công bố")).to_have_value("amended")
    screenshot("staff-publish-form")
    page.get_by_role("button", name="Công bố", exact=True).click()

    expect(
        page.get_by_role("alert").filter(has_text="Đã công bố phiên bản 2 của thủ tục 2.000488")
    ).to_contain_text("Quyết định số 2001/QĐ-UBND")
    page.get_by_role("link", name="Lịch sử phiên bản").click()

    expect(page.get_by_role("heading", name="Lịch sử phiên bản")).to_be_visible()
    expect(page.get_by_role("heading", name=re.compile(r"^Phiên bản \d$"))).to_have_count(2)
    newest = page.locator("section.card", has=page.get_by_role("heading", name="Phiên bản 2"))
    expect(newest).to_contain_text("Quyết định số 2001/QĐ-UBND")
    changed = newest.get_by_role("row", name=re.compile("Cách thức, thời hạn, phí"))
    expect(changed).to_have_count(1)
    expect(changed.locator("td").nth(0)).to_contain_text("phí: 200.000 đồng")
    expect(changed.locator("td").nth(1)).to_contain_text("phí: 250.000 đồng")
    expect(page.locator("section.card", has=page.get_by_role("heading", name="Phiên bản 1"))).to_contain_text(
        "Quyết định số 1520/QĐ-UBND"
    )
    screenshot("staff-history")
