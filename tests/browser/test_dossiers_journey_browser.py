"""The whole journey of issue 3 in Chromium, every move through the pages (no service called from the
test): the desk officer receives the dossier and prints the receipt, forwards it; the specialist takes it and
asks for a supplement; the citizen looks it up and sees the pause; the desk receives the complete dossier; the
specialist appraises, the approver approves and sends the result back; the desk returns it; the citizen rates.
"""

import re

import pytest
from django.core.cache import cache
from django.urls import reverse
from playwright.sync_api import expect

from tthc.dossiers.models import Dossier, Rating, Status

pytestmark = pytest.mark.browser

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
NAME = "Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam"


def log_in(page, url: str, username: str) -> None:
    page.goto(url)
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next="))
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill("mat-khau-thu-nghiem")
    page.get_by_role("button", name="Đăng nhập").click()


def log_out(page) -> None:
    page.get_by_role("button", name="Đăng xuất").click()


def take(page, action_id: str, label: str, *, reason: str = "") -> None:
    """Open the small form of one action on the dossier page, fill the reason, confirm."""
    action = page.locator(f"#action-{action_id}")
    action.get_by_text(label, exact=True).click()
    if reason:
        action.get_by_label("Lý do / nội dung").fill(reason)
    action.get_by_role("button", name=f"Xác nhận: {label.lower()}").click()
    expect(page.get_by_role("alert").filter(has_text=f"Đã thực hiện «{label}»")).to_be_visible()


def look_up(page, code: str, key: str) -> None:
    page.goto(reverse("dossiers-public:lookup"))
    page.get_by_label("Mã hồ sơ").fill(code)
    page.get_by_label("Mã tra cứu (in trên giấy tiếp nhận) hoặc số điện thoại đã khai").fill(key)
    page.get_by_role("button", name="Tra cứu", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Hồ sơ {code}")


def test_the_whole_journey_through_the_pages(one_stop, live_url, browser_page, media, tmp_path, screenshot):
    cache.clear()  # the public lookup's per-address limit lives in the cache
    (tmp_path / "to-khai.pdf").write_bytes(PDF)  # the file the officer picks
    users = one_stop.users
    page = browser_page

    # The desk officer receives the dossier, takes the fee and prints the receipt.
    log_in(page, reverse("dossiers:intake"), users.desk_centre.username)
    page.get_by_label("Tìm thủ tục (gõ có dấu hoặc không dấu)").press_sequentially(
        "ly lich tu phap", delay=30
    )
    page.get_by_role("link", name=f"Tiếp nhận: {NAME}").click()
    page.get_by_label("Số định danh cá nhân (CCCD) hoặc mã số thuế").fill("045190001234")
    page.get_by_label("Họ tên (tên tổ chức)").fill("Nguyễn Thị Lan")
    page.get_by_label("Số điện thoại").fill("0912345678")
    checklist = page.locator("#checklist")
    checklist.get_by_role("checkbox", name="Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp").check()
    checklist.get_by_role("checkbox", name="Bản chụp giấy tờ tùy thân").check()
    page.get_by_label("Tệp scan: Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp").set_input_files(
        str(tmp_path / "to-khai.pdf")
    )
    page.get_by_label("Số biên lai thu phí, lệ phí").fill("BL-2026-0001")
    page.get_by_role("button", name="Ghi nhận hồ sơ").click()
    expect(page.locator("#dossier-status")).to_have_text("Đã tiếp nhận")
    code = page.get_by_role("heading", level=1).inner_text().removeprefix("Hồ sơ ").strip()
    with page.context.expect_page() as opened:
        page.get_by_role("link", name="In giấy tiếp nhận (mẫu 01)").click()
    receipt = opened.value
    receipt.wait_for_load_state()
    expect(receipt.locator("body")).to_contain_text(code)
    key = Dossier.objects.get(code=code).lookup_key
    expect(receipt.locator("body")).to_contain_text(key)  # the second factor the citizen is given
    receipt.close()
    take(page, "forward", "Chuyển cơ quan giải quyết")
    expect(page.locator("#dossier-status")).to_have_text("Đã chuyển cơ quan giải quyết")
    log_out(page)

    # The specialist takes the dossier from the inbox and asks for a supplement.
    log_in(page, reverse("dossiers:inbox"), users.specialist_justice.username)
    page.get_by_role("link", name=code).click()
    take(page, "assign", "Phân công xử lý")
    take(
        page,
        "request_supplement",
        "Yêu cầu bổ sung hồ sơ",
        reason="Bản chụp CCCD bị mờ\nThiếu chữ ký trên tờ khai",
    )
    expect(page.locator("#dossier-outcome")).to_have_text("Tạm dừng chờ bổ sung")
    expect(page.locator("#action-request_supplement")).to_have_count(0)
    log_out(page)

    # The citizen looks it up with the code and the key on the receipt and sees the pause.
    look_up(page, code, key)
    pause = page.locator("#dossier-pause")
    expect(pause).to_contain_text("Tạm dừng chờ bổ sung")
    expect(pause).to_contain_text("Thiếu chữ ký trên tờ khai")
    screenshot("dossiers-journey-citizen-paused")

    # The desk receives the complete dossier.
    log_in(page, reverse("dossiers:desk"), users.desk_centre.username)
    page.locator("#queue-awaiting_supplement").get_by_role("link", name=code).click()
    take(page, "receive_supplement", "Nhận hồ sơ bổ sung")
    expect(page.locator("#dossier-status")).to_have_text("Đang thẩm định")
    log_out(page)

    # The specialist appraises; the approver approves and sends the result to the desk.
    log_in(page, reverse("dossiers:detail", kwargs={"code": code}), users.specialist_justice.username)
    take(page, "appraise", "Hoàn thành thẩm định")
    log_out(page)
    log_in(page, reverse("dossiers:inbox"), users.approver_justice.username)
    page.get_by_role("link", name=code).click()
    take(page, "approve", "Phê duyệt")
    take(page, "send_result", "Chuyển kết quả về một cửa")
    expect(page.locator("#dossier-status")).to_have_text("Có kết quả, chờ trả")
    log_out(page)

    # The desk returns the result from the returns screen.
    log_in(page, reverse("dossiers:returns"), users.desk_centre.username)
    page.get_by_label(f"Hình thức trả hồ sơ {code}").select_option(label="Trực tiếp")
    page.get_by_role("button", name=f"Trả kết quả hồ sơ {code}").click()
    expect(page.get_by_role("alert").filter(has_text="Đã thực hiện «Trả kết quả»")).to_be_visible()
    log_out(page)

    # The citizen looks it up again and rates it.
    look_up(page, code, key)
    expect(page.locator("#dossier-status")).to_contain_text("Đã trả kết quả")
    page.get_by_label("5 — Rất hài lòng").check()
    page.get_by_label("Ý kiến góp ý (không bắt buộc)").fill("Hướng dẫn tận tình.")
    page.get_by_role("button", name="Gửi đánh giá").click()
    expect(page.locator("#dossier-rating")).to_contain_text("5/5")
    screenshot("dossiers-journey-rated")

    dossier = Dossier.objects.get(code=code)
    assert dossier.status == Status.RETURNED
    assert list(dossier.events.values_list("action", flat=True)) == [
        "receive",
        "pay",
        "forward",
        "assign",
        "request_supplement",
        "receive_supplement",
        "appraise",
        "approve",
        "send_result",
        "return_result",
        "rate",
    ]
    assert Rating.objects.get(dossier=dossier).score == 5
