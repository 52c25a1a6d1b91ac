"""The environment of a test run, set before Django reads its settings.

Loaded as a pytest plugin with ``-p tthc.testing.environment`` (pyproject's ``addopts``): plugins named so are
imported before pytest-django loads the settings, which a conftest is not. Commands the tests start in
subprocesses inherit the same environment.

Each test starts with an empty cache: the run uses a local-memory cache of its own (never the files or the
Redis of a developer's server, which other runs share), cleared before every test.
"""

from __future__ import annotations

import os

import pytest

# Settings refuse to start without a SECRET_KEY unless DEBUG is on; the tests run with DEBUG off, as
# production does, so they bring a key of their own (a key given from outside, e.g. by CI, wins).
os.environ.setdefault("SECRET_KEY", "tthc-test-run-only-key-0123456789abcdefghijklmnopqrstuvwxyz")

# Whatever cache the shell names, a test run must neither see nor wipe it.
os.environ["CACHE_URL"] = "locmemcache://tthc-tests"


@pytest.fixture(autouse=True)
def _empty_cache():
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()
