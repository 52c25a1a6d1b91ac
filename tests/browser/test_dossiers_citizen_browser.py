"""The citizen's journey of issue 3, in Chromium: a dossier received at the desk is paused for a supplement
and the citizen, looking it up by code and lookup key, sees the pause and what to bring; once the dossier is
completed, approved and returned, the citizen looks it up again and rates it."""

import pytest
from django.core.cache import cache
from django.urls import reverse
from playwright.sync_api import expect

from tthc.dossiers.models import Dossier, Rating
from tthc.dossiers.tests.test_citizen import completed_and_returned, received_and_paused

pytestmark = pytest.mark.browser


def look_up(page, dossier) -> None:
    page.goto(reverse("dossiers-public:lookup"))
    page.get_by_label("Mã hồ sơ").fill(dossier.code)
    page.get_by_label("Mã tra cứu (in trên giấy tiếp nhận) hoặc số điện thoại đã khai").fill(
        dossier.lookup_key
    )
    page.get_by_role("button", name="Tra cứu", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Hồ sơ {dossier.code}")


def test_citizen_sees_the_pause_then_rates_the_returned_dossier(one_stop, browser_page, screenshot):
    cache.clear()  # the lookup limit per address lives in the cache
    page = browser_page
    dossier = received_and_paused(one_stop)

    look_up(page, dossier)
    pause = page.locator("#dossier-pause")
    expect(pause).to_contain_text("Tạm dừng chờ bổ sung")
    expect(pause).to_contain_text("Bản chụp CCCD bị mờ")
    expect(pause).to_contain_text("Thiếu chữ ký trên tờ khai")
    expect(page.locator("#dossier-steps")).to_contain_text("Thẩm định hồ sơ")
    expect(page.locator("#rating-form")).to_have_count(0)
    screenshot("dossiers-citizen-paused")

    # The desk receives the supplement; the dossier is apologised for, approved and returned.
    dossier = completed_and_returned(one_stop, dossier)

    look_up(page, dossier)
    expect(page.locator("#dossier-status")).to_contain_text("Đã trả kết quả")
    expect(page.locator("#dossier-pause")).to_have_count(0)
    expect(page.locator("#dossier-apology")).to_contain_text("16/03/2026 16:30")
    page.get_by_label("5 — Rất hài lòng").check()
    page.get_by_label("Ý kiến góp ý (không bắt buộc)").fill("Cán bộ hướng dẫn tận tình, trả kết quả sớm.")
    page.get_by_role("button", name="Gửi đánh giá").click()
    expect(page.get_by_text("Cảm ơn ông/bà đã đánh giá mức độ hài lòng.")).to_be_visible()
    expect(page.locator("#dossier-rating")).to_contain_text("5/5")
    screenshot("dossiers-citizen-rated")

    rating = Rating.objects.get(dossier=dossier)
    assert (rating.score, rating.comment) == (5, "Cán bộ hướng dẫn tận tình, trả kết quả sớm.")


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_citizen_submits_online_and_gets_the_code_and_lookup_key(
    one_stop, browser_page, screenshot, settings, media, tmp_path
):
    cache.clear()
    settings.TTHC_CITIZEN_MIN_FILL_SECONDS = 0  # a test types faster than a person
    (tmp_path / "to-khai.pdf").write_bytes(PDF)
    (tmp_path / "cccd.pdf").write_bytes(PDF)
    page = browser_page
    page.goto(reverse("dossiers-public:submit-choose"))
    page.get_by_label("Tìm thủ tục (gõ có dấu hoặc không dấu)").fill("ly lich tu phap")
    page.get_by_role("link", name="Nộp hồ sơ: Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Nộp hồ sơ trực tuyến")
    page.get_by_label("Họ tên (tên tổ chức)").fill("Trần Văn Bình")
    page.get_by_label("Số định danh cá nhân (CCCD) hoặc mã số thuế").fill("045190009999")
    page.get_by_label("Số điện thoại").fill("0987654321")
    page.get_by_label("Thư điện tử").fill("binh@example.vn")
    page.get_by_label("Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp").set_input_files(tmp_path / "to-khai.pdf")
    # A missing document is named, and what was typed is kept.
    page.get_by_role("button", name="Nộp hồ sơ").click()
    expect(page.get_by_text("Chưa đính kèm tệp «Bản chụp giấy tờ tùy thân».")).to_be_visible()
    expect(page.get_by_label("Họ tên (tên tổ chức)")).to_have_value("Trần Văn Bình")

    page.get_by_label("Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp").set_input_files(tmp_path / "to-khai.pdf")
    page.get_by_label("Bản chụp giấy tờ tùy thân").set_input_files(tmp_path / "cccd.pdf")
    screenshot("dossiers-citizen-submit")
    page.get_by_role("button", name="Nộp hồ sơ").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Đã nộp hồ sơ trực tuyến")
    dossier = Dossier.objects.get()
    expect(page.locator("#dossier-code")).to_have_text(dossier.code)
    expect(page.locator("#dossier-key")).to_have_text(dossier.lookup_key)
    screenshot("dossiers-citizen-submitted")
    page.get_by_role("link", name="Xem tình trạng hồ sơ").click()
    expect(page.locator("#dossier-status")).to_contain_text("Đã nộp trực tuyến")
    assert dossier.documents.filter(stored_file__isnull=False).count() == 2
