"""Absolute addresses of the portal's pages, for messages read outside the browser (e-mail, SMS, QR codes).

Built on ``settings.TTHC_SITE_URL``, the public address of the portal (e.g. ``https://dichvucong.quangtri.gov.vn``);
a request is not at hand where messages are written (the tick, background tasks), so the address is a setting.
"""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse


def site_url() -> str:
    return settings.TTHC_SITE_URL.rstrip("/")


def absolute_url(viewname: str, *, args: list | tuple = ()) -> str:
    return site_url() + reverse(viewname, args=args)
