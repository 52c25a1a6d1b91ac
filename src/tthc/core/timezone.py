"""Time helpers: every instant in tthc is timezone-aware, in Asia/Ho_Chi_Minh for display and arithmetic."""

from datetime import datetime
from zoneinfo import ZoneInfo

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


def local(instant: datetime) -> datetime:
    """``instant`` in Vietnamese time; a naive instant is taken to be Vietnamese time already."""
    if instant.tzinfo is None:
        return instant.replace(tzinfo=VIETNAM)
    return instant.astimezone(VIETNAM)
