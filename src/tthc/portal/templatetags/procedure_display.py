"""How procedure data reads on screen and on paper: money in đồng, time limits, status and online badges.

Shared by the public portal and the staff screens so a fee or a time limit reads the same everywhere.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django import template
from django.utils.html import format_html

from tthc.catalog import wording
from tthc.catalog.models import ChangeKind, OnlineLevel, VersionAgency
from tthc.core.timezone import local

register = template.Library()


@register.filter
def dong(value) -> str:
    """An integer amount of đồng with Vietnamese thousands separators: ``1500000`` → ``1.500.000 đồng``."""
    if value in (None, ""):
        return ""
    return f"{int(value):,} đồng".replace(",", ".")


@register.filter
def fee_text(value) -> str:
    """A fee as the public reads it (nothing to pay reads as such): the catalog's one wording."""
    return wording.money(int(value or 0))


@register.filter
def amount(value) -> str:
    """A decimal amount without trailing zeros and with a decimal comma: ``Decimal("0.50")`` → ``0,5``."""
    if value in (None, ""):
        return ""
    return wording.amount(Decimal(value))


@register.filter
def time_limit(channel) -> str:
    """A channel's processing time with its unit: ``15 ngày làm việc``."""
    return f"{amount(channel.processing_time)} {wording.TIME_UNIT_LABELS[channel.time_unit]}"


@register.filter
def distinct_time_limits(version) -> str:
    """Every distinct time limit of a version's channels (prefetched), in channel order, joined by " / "."""
    seen: list[str] = []
    for channel in version.channels.all():
        text = time_limit(channel)
        if text not in seen:
            seen.append(text)
    return " / ".join(seen)


@register.filter
def distinct_fees(version) -> str:
    """Every distinct fee of a version's channels (prefetched), joined by " / "."""
    seen: list[str] = []
    for channel in version.channels.all():
        text = fee_text(channel.fee)
        if text not in seen:
            seen.append(text)
    return " / ".join(seen)


@register.filter
def agencies(version, part: str = VersionAgency.Part.IMPLEMENTING) -> list:
    """The agencies taking ``part`` in ``version``, read from the prefetched ``agency_parts``."""
    return [p.agency for p in version.agency_parts.all() if p.part == part]


@register.filter
def vn_date(value) -> str:
    """A date as dd/mm/yyyy (an instant in Vietnamese local time)."""
    if not value:
        return ""
    if isinstance(value, datetime.datetime):
        return local(value).strftime("%d/%m/%Y %H:%M")
    return value.strftime("%d/%m/%Y")


_ONLINE_BADGES = {
    OnlineLevel.FULLY: ("Toàn trình", "text-bg-success"),
    OnlineLevel.PARTLY: ("Một phần", "text-bg-info"),
    OnlineLevel.NONE: ("Cung cấp thông tin", "text-bg-light border"),
}


@register.simple_tag
def online_badge(online_level: str) -> str:
    label, css = _ONLINE_BADGES.get(online_level, _ONLINE_BADGES[OnlineLevel.NONE])
    full = OnlineLevel(online_level).label if online_level in OnlineLevel.values else label
    return format_html('<span class="badge {}" title="{}">{}</span>', css, full, label)


def status_of(version, today: datetime.date) -> tuple[str, str]:
    """The status a reader sees for ``version`` on ``today``: (label, badge class)."""
    if version.valid_from is None:
        return "Bản nháp", "text-bg-warning"
    if version.change_kind == ChangeKind.ABOLISHED:
        return "Đã bãi bỏ", "text-bg-danger"
    if version.valid_to is not None and version.valid_to <= today:
        return "Hết hiệu lực", "text-bg-dark"
    if version.valid_from > today:
        return "Chờ hiệu lực", "text-bg-info"
    return "Đang hiệu lực", "text-bg-success"


@register.simple_tag
def status_badge(version, today: datetime.date) -> str:
    label, css = status_of(version, today)
    return format_html('<span class="badge {}">{}</span>', css, label)


@register.filter
def subject_labels(codes) -> list[str]:
    """Subject codes stored on a version, as their Vietnamese labels."""
    labels = wording.SUBJECT_LABELS
    return [labels.get(code, code) for code in codes or []]


@register.filter
def channel_label(code: str) -> str:
    return wording.CHANNEL_LABELS.get(code, code)


@register.filter
def change_kind_label(code: str) -> str:
    return wording.CHANGE_KIND_LABELS.get(code, code)


@register.filter
def flag_labels(version) -> list[str]:
    """The flags set on a version, named as the public reads them."""
    return [label for name, label in wording.FLAG_LABELS.items() if getattr(version, name)]
