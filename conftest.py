"""Root conftest: project-wide pytest plugins (the browser fixtures live in tthc.testing.browser)."""

pytest_plugins = ["tthc.testing.fixtures", "tthc.testing.browser"]
