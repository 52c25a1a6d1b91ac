"""Phản ánh, kiến nghị API, under /api/v1/feedback."""

from ninja import Router

router = Router(tags=["feedback"])
