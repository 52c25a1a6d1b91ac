"""The staff's journeys of issue 3, in Chromium: a desk officer receives a dossier (procedure found typed
without diacritics, documents ticked, a PDF uploaded, the fee taken) and prints the receipt; a specialist
opens the inbox, opens the dossier and requests a supplement with a reason."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from tthc.dossiers import workflow
from tthc.dossiers.models import Dossier, Status
from tthc.dossiers.tests.helpers import receive

pytestmark = pytest.mark.browser

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
NAME = "Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam"


def log_in(page, username: str) -> None:
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next="))
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill("mat-khau-thu-nghiem")
    page.get_by_role("button", name="Đăng nhập").click()


def test_desk_officer_receives_a_dossier_and_prints_the_receipt(
    one_stop, live_url, browser_page, media, tmp_path, screenshot
):
    (tmp_path / "to-khai.pdf").write_bytes(PDF)  # the file the officer picks
    page = browser_page
    page.goto(reverse("dossiers:intake"))
    log_in(page, one_stop.users.desk_centre.username)

    expect(page.get_by_role("heading", name="Tiếp nhận hồ sơ")).to_be_visible()
    page.get_by_label("Tìm thủ tục (gõ có dấu hoặc không dấu)").press_sequentially(
        "ly lich tu phap", delay=30
    )
    page.get_by_role("link", name=f"Tiếp nhận: {NAME}").click()

    expect(page.locator("#intake-procedure")).to_have_text(NAME)
    page.get_by_label("Số định danh cá nhân (CCCD) hoặc mã số thuế").fill("045190001234")
    page.get_by_label("Họ tên (tên tổ chức)").fill("Nguyễn Thị Lan")
    page.get_by_label("Số điện thoại").fill("0912345678")
    checklist = page.locator("#checklist")
    checklist.get_by_role("checkbox", name="Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp").check()
    checklist.get_by_role("checkbox", name="Bản chụp giấy tờ tùy thân").check()
    page.get_by_label("Tệp scan: Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp").set_input_files(
        str(tmp_path / "to-khai.pdf")
    )
    expect(page.get_by_label("Phí, lệ phí thu (đồng)")).to_have_value("50000")
    page.get_by_label("Hình thức nộp phí").select_option(label="Tiền mặt")
    page.get_by_label("Số biên lai thu phí, lệ phí").fill("BL-2026-0001")
    expect(page.get_by_label("Tiếp nhận hồ sơ (mẫu 01 — giấy tiếp nhận và hẹn trả kết quả)")).to_be_checked()
    screenshot("dossiers-desk-intake")
    page.get_by_role("button", name="Ghi nhận hồ sơ").click()

    dossier = Dossier.objects.get()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Hồ sơ {dossier.code}")
    expect(page.get_by_role("alert").filter(has_text=f"Đã tiếp nhận hồ sơ {dossier.code}")).to_be_visible()
    expect(page.locator("#dossier-status")).to_have_text("Đã tiếp nhận")
    expect(page.locator("#dossier-documents").get_by_role("link", name="to-khai.pdf")).to_be_visible()
    expect(page.locator("#dossier-payments")).to_contain_text("BL-2026-0001")
    screenshot("dossiers-desk-received")

    with page.context.expect_page() as opened:
        page.get_by_role("link", name="In giấy tiếp nhận (mẫu 01)").click()
    receipt = opened.value
    receipt.wait_for_load_state()
    expect(receipt).to_have_url(re.compile(re.escape(f"/staff/dossiers/forms/{dossier.code}/01.html") + "$"))
    expect(receipt.locator("body")).to_contain_text(dossier.code)
    expect(receipt.locator("body")).to_contain_text("Nguyễn Thị Lan")
    assert dossier.status == Status.RECEIVED and dossier.payments.get().receipt_number == "BL-2026-0001"


def test_specialist_requests_a_supplement_from_the_inbox(one_stop, live_url, browser_page, screenshot):
    now = timezone.now()
    dossier = receive(one_stop, now=now)
    dossier = workflow.perform(dossier=dossier, action="forward", user=one_stop.users.desk_centre, now=now)
    page = browser_page
    page.goto(reverse("dossiers:inbox"))
    log_in(page, one_stop.users.specialist_justice.username)

    expect(page.get_by_role("heading", name="Hồ sơ cần xử lý")).to_be_visible()
    page.get_by_role("link", name=dossier.code).click()

    expect(page.get_by_role("heading", level=1)).to_have_text(f"Hồ sơ {dossier.code}")
    expect(page.locator("#dossier-status")).to_have_text("Đã chuyển cơ quan giải quyết")
    expect(page.locator("#actions").get_by_text("Phê duyệt", exact=True)).to_have_count(0)
    action = page.locator("#action-request_supplement")
    action.get_by_text("Yêu cầu bổ sung hồ sơ", exact=True).click()
    action.get_by_label("Lý do / nội dung").fill("Bản chụp CCCD bị mờ\nThiếu chữ ký trên tờ khai")
    screenshot("dossiers-specialist-supplement")
    action.get_by_role("button", name="Xác nhận: yêu cầu bổ sung hồ sơ").click()

    expect(page.get_by_role("alert").filter(has_text="Đã thực hiện «Yêu cầu bổ sung hồ sơ»")).to_be_visible()
    expect(page.locator("#dossier-status")).to_have_text("Chờ bổ sung hồ sơ")
    expect(page.locator("#dossier-outcome")).to_have_text("Tạm dừng chờ bổ sung")
    expect(page.locator("#dossier-timeline")).to_contain_text("Thiếu chữ ký trên tờ khai")
    screenshot("dossiers-specialist-paused")
    dossier.refresh_from_db()
    assert dossier.status == Status.AWAITING_SUPPLEMENT
