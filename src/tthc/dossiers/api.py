"""Hồ sơ một cửa API, under /api/v1/dossiers."""

from ninja import Router

router = Router(tags=["dossiers"])
