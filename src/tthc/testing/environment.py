"""The environment of a test run, set before Django reads its settings.

Loaded as a pytest plugin with ``-p tthc.testing.environment`` (pyproject's ``addopts``): plugins named so are
imported before pytest-django loads the settings, which a conftest is not. Commands the tests start in
subprocesses inherit the same environment.
"""

from __future__ import annotations

import os

# Settings refuse to start without a SECRET_KEY unless DEBUG is on; the tests run with DEBUG off, as
# production does, so they bring a key of their own (a key given from outside, e.g. by CI, wins).
os.environ.setdefault("SECRET_KEY", "tthc-test-run-only-key-0123456789abcdefghijklmnopqrstuvwxyz")
