"""Kế hoạch kiểm soát TTHC API, under /api/v1/plans."""

from ninja import Router

router = Router(tags=["plans"])
