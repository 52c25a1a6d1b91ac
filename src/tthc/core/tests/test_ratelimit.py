from django.core.cache import cache

from tthc.core.ratelimit import allow


def test_hits_beyond_the_limit_in_the_window_are_refused():
    cache.clear()
    hits = [allow("lookup", "10.0.0.1", limit=3, window=60) for _ in range(5)]
    assert hits == [True, True, True, False, False]
    assert allow("lookup", "10.0.0.2", limit=3, window=60)
