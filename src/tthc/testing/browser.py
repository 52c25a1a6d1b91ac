"""Browser-test fixtures (Playwright driving Debian's Chromium). Filled in by the browser-test work."""
