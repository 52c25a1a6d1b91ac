"""Settings that a deployment must give: the secret key."""

from __future__ import annotations

import os
import subprocess
import sys


def _import_settings(**env: str) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG")}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-c", "import tthc.settings as s; print(s.SECRET_KEY[:10])"],
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_without_a_secret_key_the_settings_refuse_to_load_unless_debug(tmp_path):
    refused = _import_settings(TTHC_VAR_DIR=str(tmp_path))
    assert refused.returncode != 0
    assert "ImproperlyConfigured" in refused.stderr and "SECRET_KEY chưa được đặt" in refused.stderr

    developing = _import_settings(TTHC_VAR_DIR=str(tmp_path), DEBUG="true")
    assert developing.returncode == 0, developing.stderr

    deployed = _import_settings(TTHC_VAR_DIR=str(tmp_path), SECRET_KEY="a-real-key-of-this-deployment")
    assert deployed.returncode == 0, deployed.stderr
    assert deployed.stdout.strip() == "a-real-key"


def _cache_of(tmp_path, **env: str) -> str:
    environment = {k: v for k, v in os.environ.items() if k not in ("CACHE_URL", "REDIS_URL")}
    environment.update(TTHC_VAR_DIR=str(tmp_path), **env)
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import tthc.settings as s; c = s.CACHES['default']; print(c['BACKEND'], c['LOCATION'])",
        ],
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_the_cache_is_shared_by_the_servers_processes_without_any_service(tmp_path):
    # Files under TTHC_VAR_DIR: every gunicorn worker of the server counts the same rate-limit hits.
    assert _cache_of(tmp_path) == (
        f"django.core.cache.backends.filebased.FileBasedCache {tmp_path.resolve() / 'cache'}"
    )


def test_redis_or_a_cache_url_names_another_cache(tmp_path):
    assert _cache_of(tmp_path, REDIS_URL="redis://127.0.0.1:6379/1") == (
        "django.core.cache.backends.redis.RedisCache redis://127.0.0.1:6379/1"
    )
    assert _cache_of(tmp_path, REDIS_URL="redis://x:6379/1", CACHE_URL="dbcache://tthc_cache") == (
        "django.core.cache.backends.db.DatabaseCache tthc_cache"
    )


def test_each_test_starts_with_an_empty_cache_of_its_own():
    from django.core.cache import cache, caches

    assert caches["default"].__class__.__name__ == "LocMemCache"
    assert cache.get("left-by-the-previous-test") is None
    cache.set("left-by-the-previous-test", 1)


def test_the_next_test_does_not_see_it():
    from django.core.cache import cache

    assert cache.get("left-by-the-previous-test") is None
    cache.set("left-by-the-previous-test", 1)
