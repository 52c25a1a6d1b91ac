"""Protection of the public intake without third-party services: a honeypot field, a signed form-start time
(a form sent faster than a person can type is refused) and a per-address limit kept in Django's cache."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core import signing
from django.core.cache import cache

from tthc.core.errors import DomainError

_SALT = "tthc.feedback.form-started"
# A form older than this is stale (the page was left open for a day); the sender reloads it.
MAX_FORM_AGE = datetime.timedelta(days=1)
HONEYPOT_FIELD = "website"


class RateLimited(DomainError):
    code = "rate_limited"
    status = 429


class SpamSuspected(DomainError):
    code = "spam_suspected"
    status = 400


def min_fill_seconds() -> int:
    return getattr(settings, "TTHC_FEEDBACK_MIN_FILL_SECONDS", 3)


def rate_limit() -> tuple[int, int]:
    """(submissions, per seconds) allowed from one address."""
    return getattr(settings, "TTHC_FEEDBACK_RATE_LIMIT", (10, 3600))


def issue_form_token(*, now: datetime.datetime) -> str:
    return signing.dumps(int(now.timestamp()), salt=_SALT)


def check_form_token(token: str, *, now: datetime.datetime) -> None:
    try:
        started = datetime.datetime.fromtimestamp(
            int(signing.loads(token or "", salt=_SALT)), tz=datetime.UTC
        )
    except (signing.BadSignature, TypeError, ValueError) as error:
        raise SpamSuspected("Biểu mẫu không hợp lệ; vui lòng tải lại trang và gửi lại.") from error
    elapsed = now - started
    if elapsed < datetime.timedelta(seconds=min_fill_seconds()):
        raise SpamSuspected("Biểu mẫu được gửi quá nhanh; vui lòng kiểm tra nội dung rồi gửi lại.")
    if elapsed > MAX_FORM_AGE:
        raise SpamSuspected("Biểu mẫu đã mở quá lâu; vui lòng tải lại trang và gửi lại.")


def check_honeypot(value: str) -> None:
    if value:
        raise SpamSuspected("Không thể tiếp nhận phản ánh này (nghi ngờ gửi tự động).")


def _bucket(address: str, now: datetime.datetime) -> str:
    _, window = rate_limit()
    return f"tthc:feedback-intake:{address}:{int(now.timestamp()) // window}"


def check_rate(*, address: str, now: datetime.datetime) -> None:
    """Refuse when ``address`` already sent its allowance in the current window."""
    limit, _ = rate_limit()
    if cache.get(_bucket(address, now), 0) >= limit:
        raise RateLimited("Bạn đã gửi quá nhiều phản ánh trong thời gian ngắn; vui lòng thử lại sau một giờ.")


def count_submission(*, address: str, now: datetime.datetime) -> None:
    key = _bucket(address, now)
    _, window = rate_limit()
    cache.add(key, 0, window)
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 1, window)


def client_address(request) -> str:
    return request.META.get("REMOTE_ADDR", "") or "unknown"
