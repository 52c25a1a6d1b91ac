"""The browser harness works end to end: Chromium reaches the live server and sees Vietnamese pages."""

import re

import pytest
from playwright.sync_api import expect

from tthc.testing.factories import UserFactory

pytestmark = pytest.mark.browser


@pytest.mark.public_endpoint("login")
def test_login_page_shows_vietnamese_error_for_a_wrong_password(browser_page, screenshot):
    UserFactory(username="can_bo", password="mat-khau-dung-123")
    page = browser_page

    page.goto("/accounts/login/")
    expect(page).to_have_title("Đăng nhập — tthc")
    expect(page.get_by_role("heading", name="Đăng nhập")).to_be_visible()

    page.get_by_label("Tên đăng nhập").fill("can_bo")
    page.get_by_label("Mật khẩu").fill("mat-khau-sai")
    page.get_by_role("button", name="Đăng nhập").click()

    expect(page.get_by_role("alert")).to_have_text("Tên đăng nhập hoặc mật khẩu không đúng.")
    expect(page).to_have_url(re.compile(r"/accounts/login/$"))
    screenshot("login-wrong-password")
