"""Protection of the citizen's public forms, with no third-party service.

* A honeypot field that people never see (bots fill every field).
* A signed token issued with the form: its start time (a form sent faster than a person can type is refused,
  so is one left open for a day) and a random nonce, which makes the submission's idempotency key (a double
  click gives back the first dossier, never a second one).
* Per-address limits through :mod:`tthc.core.ratelimit`.
* An upload handler that drops a file as soon as it passes the size limit, so a 200 MB upload is neither kept
  in memory nor written to disk.
"""

from __future__ import annotations

import datetime
import secrets

from django.conf import settings
from django.core import signing
from django.core.files.uploadhandler import FileUploadHandler, SkipFile

from tthc.core.ratelimit import allow, client_ip

_SALT = "tthc.dossiers.citizen.form"
HONEYPOT_FIELD = "website"
MAX_FORM_AGE = datetime.timedelta(hours=12)

# (hits, per seconds) from one address. Every POST counts, refused ones too: a person correcting a form a few
# times stays well inside the submission limit; a script probing codes or flooding the desk does not.
LOOKUP_LIMIT = (10, 60)
SUBMIT_LIMIT = (20, 600)
RATE_LIMIT = (10, 600)


class SpamSuspected(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def min_fill_seconds() -> int:
    return getattr(settings, "TTHC_CITIZEN_MIN_FILL_SECONDS", 3)


def issue_token(*, now: datetime.datetime, nonce: str | None = None) -> str:
    return signing.dumps({"t": int(now.timestamp()), "n": nonce or secrets.token_hex(12)}, salt=_SALT)


def check_token(token: str, *, now: datetime.datetime) -> str:
    """The token's nonce, or :class:`SpamSuspected` with a Vietnamese message."""
    try:
        data = signing.loads(token or "", salt=_SALT)
        started = datetime.datetime.fromtimestamp(int(data["t"]), tz=datetime.UTC)
        nonce = str(data["n"])
    except (signing.BadSignature, KeyError, TypeError, ValueError) as error:
        raise SpamSuspected("Biểu mẫu không hợp lệ; vui lòng tải lại trang và nộp lại.") from error
    elapsed = now - started
    if elapsed < datetime.timedelta(seconds=min_fill_seconds()):
        raise SpamSuspected("Biểu mẫu được gửi quá nhanh; vui lòng kiểm tra thông tin rồi nộp lại.")
    if elapsed > MAX_FORM_AGE:
        raise SpamSuspected("Biểu mẫu đã mở quá lâu; vui lòng tải lại trang và nộp lại.")
    return nonce


def check_honeypot(value: str) -> None:
    if value:
        raise SpamSuspected("Không thể tiếp nhận hồ sơ này (nghi ngờ gửi tự động).")


def within_limit(request, scope: str, limit: tuple[int, int]) -> bool:
    hits, window = limit
    return allow(f"dossiers-public:{scope}", client_ip(request) or "unknown", limit=hits, window=window)


class SizeLimitHandler(FileUploadHandler):
    """First of the request's upload handlers: a file larger than ``limit`` is skipped while it streams in
    (the parser reads the rest and throws it away); ``too_big`` names the fields whose file was dropped."""

    def __init__(self, request=None, *, limit: int):
        super().__init__(request)
        self.limit = limit
        self.received = 0
        self.too_big: dict[str, str] = {}

    def new_file(self, field_name, file_name, *args, **kwargs):
        super().new_file(field_name, file_name, *args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > self.limit:
            self.too_big[self.field_name] = self.file_name or ""
            raise SkipFile()
        return raw_data

    def file_complete(self, file_size):
        return None
