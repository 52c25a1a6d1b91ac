"""Browser-test fixtures: Playwright driving Debian's Chromium against pytest-django's live server.

A pytest plugin, loaded by the root ``conftest.py``. Tests marked ``@pytest.mark.browser`` request
``browser_page`` (a fresh Playwright page per test, Vietnamese locale and time zone, ``base_url`` set to the
live server, so ``page.goto("/accounts/login/")`` works) and ``live_url`` when they need the server's address.

Why these choices:

* The browser is Debian's ``/usr/bin/chromium`` through ``executable_path``; a browser is never downloaded.
  When it is missing the tests fail with a message saying how to install it: CI must run them, so a silent
  skip would hide a suite that never ran.
* The live server answers from another thread, so the test's data must be committed: browser tests run
  under ``transactional_db``. A transactional test empties the tables when it ends, including the rows that
  data migrations wrote (administrative levels); ``django_db_serialized_rollback`` restores them before each
  browser test.
* Playwright's sync API runs an asyncio event loop in the test's thread, which makes Django refuse ORM calls
  from that thread unless ``DJANGO_ALLOW_ASYNC_UNSAFE`` is set. The ORM calls here are ordinary synchronous
  test set-up, so allowing them is safe. The same running loop makes Django switch to other connection
  objects while the browser is up; ``_chromium`` deals with that.
* When a browser test fails, a screenshot of the page is saved under ``test-artifacts/`` to show what the
  browser saw.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS_DIR = "test-artifacts"
# Long enough for a slow CI machine, short enough that a missing element fails the test quickly.
DEFAULT_TIMEOUT_MS = 15_000


def artifact_path(config: pytest.Config, name: str) -> Path:
    """Where an artifact called ``name`` goes: ``test-artifacts/`` under the project root."""
    directory = Path(config.rootpath) / ARTIFACTS_DIR
    directory.mkdir(parents=True, exist_ok=True)
    return directory / re.sub(r"[^\w.-]+", "_", name).strip("_")


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    # Keep each phase's report on the item, so the page fixture knows at teardown whether the test failed.
    report = yield
    setattr(item, f"_tthc_report_{report.when}", report)
    return report


@pytest.fixture(scope="session")
def _chromium(django_db_setup) -> Iterator:
    """One Chromium for the whole session; contexts keep the tests apart."""
    if not (CHROMIUM.exists() and os.access(CHROMIUM, os.X_OK)):
        pytest.fail(
            f"Không tìm thấy Chromium tại {CHROMIUM}: các bài kiểm thử trình duyệt cần gói chromium "
            "của Debian. Hãy cài bằng `sudo apt-get install chromium` (hoặc chạy `make test`, "
            "lệnh này tự cài qua scripts/system-packages.sh).",
            pytrace=False,
        )
    from django.db import connections
    from playwright.sync_api import sync_playwright

    # While Playwright runs, its event loop counts as running in this thread, so Django hands out different
    # connection objects (context-local instead of thread-local). The data migrations' rows that the test-DB
    # set-up serialized live on the thread-local ones; give them to the new ones, or the serialized rollback
    # that browser tests rely on would silently restore nothing.
    serialized = {
        c.alias: c._test_serialized_contents
        for c in connections.all()
        if hasattr(c, "_test_serialized_contents")
    }
    with sync_playwright() as playwright:
        for alias, contents in serialized.items():
            connections[alias]._test_serialized_contents = contents
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
            # Close the context-local connections, or PostgreSQL refuses to drop the test database.
            connections.close_all()


@pytest.fixture
def live_url(live_server, transactional_db, django_db_serialized_rollback) -> str:
    """The live server's base URL (``http://localhost:<port>``), with committed database access."""
    return live_server.url


@pytest.fixture
def browser_page(request: pytest.FixtureRequest, _chromium, live_url: str) -> Iterator:
    """A Playwright page in a fresh browser context (vi-VN, Asia/Ho_Chi_Minh) pointed at the live server."""
    context = _chromium.new_context(
        base_url=live_url,
        locale="vi-VN",
        timezone_id="Asia/Ho_Chi_Minh",
        viewport={"width": 1280, "height": 900},
    )
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    page = context.new_page()
    try:
        yield page
    finally:
        failed = any(
            getattr(getattr(request.node, f"_tthc_report_{when}", None), "failed", False)
            for when in ("setup", "call")
        )
        if failed and not page.is_closed():
            try:
                path = artifact_path(request.config, f"FAILED-{request.node.nodeid}.png")
                page.screenshot(path=path, full_page=True)
            except Exception as error:  # the screenshot is a diagnostic; never mask the test's own failure
                print(f"Could not save the failure screenshot: {error}")
        context.close()


@pytest.fixture
def screenshot(request: pytest.FixtureRequest, browser_page) -> Callable[[str], Path]:
    """``screenshot("name")`` saves a full-page screenshot of ``browser_page`` to ``test-artifacts/``."""

    def take(name: str) -> Path:
        path = artifact_path(request.config, f"{name}.png")
        browser_page.screenshot(path=path, full_page=True)
        return path

    return take
