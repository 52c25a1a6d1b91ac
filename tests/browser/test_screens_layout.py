"""What a person sees, checked in Chromium: colours a stylesheet could hide, the phone layout of the portal,
and the progress bar of a live search."""

import datetime

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tthc.catalog import services
from tthc.catalog.models import Procedure
from tthc.catalog.records import ProcedureRecord
from tthc.catalog.selectors import record_of
from tthc.core.timezone import VIETNAM

pytestmark = pytest.mark.browser

WHITE = "rgb(255, 255, 255)"


def log_in(page, username: str) -> None:
    page.goto(reverse("login"))
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill("mat-khau-thu-nghiem")
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("button", name="Đăng xuất")).to_be_visible()


def test_the_version_differences_are_shown_on_red_and_green(catalog, browser_page, screenshot):
    version = Procedure.objects.get(code="2.000488").versions.get()
    changed = record_of(version).model_dump(mode="json")
    changed["name"] = f"{changed['name']} (sửa đổi)"
    services.save_draft(
        record=ProcedureRecord.model_validate(changed),
        user=catalog.users.control_office,
        now=datetime.datetime(2025, 9, 1, 9, 0, tzinfo=VIETNAM),
    )
    page = browser_page
    log_in(page, catalog.users.control_office.username)
    page.goto(reverse("catalog:staff-history", args=["2.000488"]))

    old = page.locator("td.diff-removed").first
    new = page.locator("td.diff-added").first
    expect(old).to_contain_text("Cấp Phiếu lý lịch tư pháp")
    # Bootstrap paints table cells itself: only the computed colour tells whether ours won.
    old_colour = old.evaluate("cell => getComputedStyle(cell).backgroundColor")
    new_colour = new.evaluate("cell => getComputedStyle(cell).backgroundColor")
    assert WHITE not in (old_colour, new_colour) and old_colour != new_colour
    screenshot("staff-history-colours")


@pytest.mark.public_endpoint("portal:procedure-list")
def test_on_a_phone_the_procedure_list_is_a_stack_of_cards_without_sideways_scrolling(
    catalog, browser_page, screenshot
):
    page = browser_page
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(reverse("portal:procedure-list"))
    expect(page.locator("#results").get_by_role("link")).to_have_count(4)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    row = page.locator("#results tbody tr").first
    assert row.evaluate("row => getComputedStyle(row).display") == "flex"
    assert page.locator("#results thead").bounding_box()["height"] <= 1  # headers only for screen readers
    screenshot("portal-list-phone")


@pytest.mark.public_endpoint("portal:procedure-detail")
def test_on_a_phone_the_procedure_page_fits_the_screen(catalog, browser_page):
    page = browser_page
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(reverse("portal:procedure-detail", args=["2.000488"]))
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


@pytest.mark.public_endpoint("portal:procedure-list")
def test_the_live_search_shows_the_progress_bar_while_it_waits(catalog, browser_page):
    page = browser_page
    page.goto(reverse("portal:procedure-list"))
    held = []
    # Hold the search's answer, so the test sees the page while the request is under way.
    page.route("**/thu-tuc/?*", lambda route: held.append(route))
    progress = page.locator("#htmx-progress")
    expect(progress).to_be_hidden()

    page.get_by_role("searchbox", name="Tìm thủ tục").press_sequentially("khai", delay=20)

    expect(progress).to_be_visible()
    for route in held:
        route.continue_()
    page.unroute("**/thu-tuc/?*")  # lets any later request through
    expect(page.locator("#result-count")).to_have_text("Tìm thấy 1 thủ tục cho “khai”.")
    expect(progress).to_be_hidden()
