"""A small fixed-window rate limiter on Django's cache, for public endpoints (lookups, forms).

``allow(scope, key, limit=, window=)`` counts one hit and says whether it is within ``limit`` per ``window``
seconds. The cache is shared by the server's processes (settings ``CACHES``: files under TTHC_VAR_DIR/cache
by default, Redis with REDIS_URL), so the limit holds across gunicorn's workers. Counting is approximate
under races (two workers may both read the same count), which a limit against probing can afford.
"""

from __future__ import annotations

import hashlib

from django.core.cache import cache


def allow(scope: str, key: str, *, limit: int, window: int) -> bool:
    digest = hashlib.sha256(f"{scope}:{key}".encode()).hexdigest()[:32]
    cache_key = f"tthc:rate:{digest}"
    # add() only sets a missing key, so the window starts at the first hit and is not extended by later ones.
    if cache.add(cache_key, 1, timeout=window):
        return limit >= 1
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add() and incr()
        cache.add(cache_key, 1, timeout=window)
        count = 1
    return count <= limit


def client_ip(request) -> str:
    """The client's address; behind a proxy set TTHC_TRUSTED_PROXY so X-Forwarded-For is believed."""
    from django.conf import settings

    if getattr(settings, "TTHC_TRUSTED_PROXY", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[0].strip()
    return request.META.get("REMOTE_ADDR", "")
