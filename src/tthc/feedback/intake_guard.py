"""Protection of the public intake without third-party services: a honeypot field, a signed form token and a
per-address limit.

* The form token carries the time the form was shown (a form sent faster than a person can type is refused,
  so is one left open for a day) and a random nonce; a token is accepted once (its nonce is remembered in
  :class:`~tthc.feedback.models.UsedFormToken`), so a captured form cannot be replayed.
* Every POST from an address counts against its limit, refused ones included (through
  :mod:`tthc.core.ratelimit`, behind a trusted proxy on the client's forwarded address): a person correcting
  a form a few times stays well inside it, a script probing the form does not.
"""

from __future__ import annotations

import datetime
import secrets

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction

from tthc.core.errors import DomainError
from tthc.core.ratelimit import allow, client_ip
from tthc.feedback.models import UsedFormToken

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


def count_post(request) -> None:
    """Count this POST against the client's allowance; refuse it when the allowance is spent."""
    limit, window = rate_limit()
    if not allow("feedback-intake", client_ip(request) or "unknown", limit=limit, window=window):
        raise RateLimited("Bạn đã gửi quá nhiều phản ánh trong thời gian ngắn; vui lòng thử lại sau một giờ.")


def issue_form_token(*, now: datetime.datetime) -> str:
    return signing.dumps({"t": int(now.timestamp()), "n": secrets.token_hex(12)}, salt=_SALT)


def check_form_token(token: str, *, now: datetime.datetime) -> str:
    """The token's nonce when the form was filled at a human pace; :class:`SpamSuspected` otherwise."""
    try:
        data = signing.loads(token or "", salt=_SALT)
        started = datetime.datetime.fromtimestamp(int(data["t"]), tz=datetime.UTC)
        nonce = str(data["n"])
    except (signing.BadSignature, KeyError, TypeError, ValueError) as error:
        raise SpamSuspected("Biểu mẫu không hợp lệ; vui lòng tải lại trang và gửi lại.") from error
    elapsed = now - started
    if elapsed < datetime.timedelta(seconds=min_fill_seconds()):
        raise SpamSuspected("Biểu mẫu được gửi quá nhanh; vui lòng kiểm tra nội dung rồi gửi lại.")
    if elapsed > MAX_FORM_AGE:
        raise SpamSuspected("Biểu mẫu đã mở quá lâu; vui lòng tải lại trang và gửi lại.")
    return nonce


def use_form_token(token: str, *, now: datetime.datetime) -> None:
    """Check the token and spend it: the same form token is never accepted twice."""
    nonce = check_form_token(token, now=now)
    try:
        with transaction.atomic():
            UsedFormToken.objects.create(nonce=nonce, used_at=now)
    except IntegrityError as error:
        raise SpamSuspected(
            "Biểu mẫu này đã được gửi; vui lòng tải lại trang nếu muốn gửi phản ánh khác."
        ) from error


def forget_used_tokens(*, now: datetime.datetime) -> int:
    """Drop the nonces of tokens that have expired anyway (the tick calls this)."""
    deleted, _ = UsedFormToken.objects.filter(used_at__lt=now - MAX_FORM_AGE).delete()
    return deleted


def check_honeypot(value: str) -> None:
    if value:
        raise SpamSuspected("Không thể tiếp nhận phản ánh này (nghi ngờ gửi tự động).")
